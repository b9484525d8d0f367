"""Settings for the test suite: the development defaults (DEBUG on at import), then portal.settings.

DEBUG defaults to off (production); the tests run against the development configuration, as
`make run` does. pytest-django still runs each test with settings.DEBUG False. Set in os.environ,
so the processes tests start (worker, live servers, subprocess checks) get the same.
"""

import os

os.environ.setdefault("DEBUG", "true")

from .settings import *  # noqa: E402, F403
