import os
import shutil

import pytest

# Playwright's sync API runs an event loop in the test thread; Django refuses ORM calls there
# unless told it is safe (it is: the tests are single-threaded).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Tasks run at once in tests unless a test is about the queue (it then uses the database backend).
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.LANGUAGE_CODE = "nl"
    # Whole-response caching is off unless a test is about it (tests/test_public_cache.py): the
    # test transaction never commits, so the catalogue version would not move between steps.
    settings.PUBLIC_CACHE_SECONDS = 0
    from django.core.cache import cache

    from portal.cache import forget_versioned

    cache.clear()
    forget_versioned()  # memos of vocabularies and the menu: the previous test's rows were rolled back


@pytest.fixture(autouse=True)
def _axes_off(settings):
    """django-axes needs the request in authenticate(), which `client.login()` does not pass.

    Tests that exercise the lockout switch it back on with `settings.AXES_ENABLED = True`.
    """
    settings.AXES_ENABLED = False


def pytest_collection_modifyitems(config, items):
    """Browser tests need Debian's chromium; without it they are skipped, unless REQUIRE_BROWSER is set (CI)."""
    if os.path.exists(CHROMIUM):
        return
    if os.environ.get("REQUIRE_BROWSER"):
        raise pytest.UsageError(f"REQUIRE_BROWSER is set but no chromium at {CHROMIUM}: apt-get install chromium")
    skip = pytest.mark.skip(reason="chromium not installed (apt-get install chromium)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "nl-NL", "timezone_id": "Europe/Amsterdam"}


@pytest.fixture
def geography(db):
    """A small slice of reference data for location search (see tests/search_data.py)."""
    from tests.search_data import make_geography

    return make_geography()
