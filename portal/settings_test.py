"""Settings for the test suite: the development defaults (DEBUG on at import), then portal.settings.

DEBUG defaults to off (production); the tests run against the development configuration, as
`make run` does. pytest-django still runs each test with settings.DEBUG False. Set in os.environ,
so the processes tests start (worker, live servers, subprocess checks) get the same.
"""

import os

os.environ.setdefault("DEBUG", "true")

from .settings import *  # noqa: E402, F403

# On SQLite the test database is a file, not memory: tests that start a real worker or server process
# (tests/portal/test_faults.py) reach it from there, and threads share it the way processes do.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    import hashlib
    import tempfile
    from pathlib import Path

    _default = DATABASES["default"]  # noqa: F405
    _digest = hashlib.sha256(str(_default["NAME"]).encode()).hexdigest()[:8] + f"-{os.getpid()}"  # one per process
    _default.setdefault("TEST", {})
    _default["TEST"].setdefault("NAME", str(Path(tempfile.gettempdir()) / f"techniek-test-{_digest}.sqlite3"))
