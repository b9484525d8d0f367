"""The public response cache and content: a published change shows on the next request, a scheduled one at its time."""

import datetime
from contextlib import contextmanager

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from portal import cache as portal_cache
from portal.pages import scheduling
from portal.pages.models import MenuItem, Page
from portal.pages.seed import seed_content
from portal.pages.services import publish_page

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _seeded_pages(db):
    seed_content()  # the fixed pages, as migration pages.0002 seeds them (a transactional test may have flushed them)


@pytest.fixture
def cached(settings):
    settings.PUBLIC_CACHE_SECONDS = 300
    portal_cache._memo["number"] = None
    scheduling._memo["version"] = None
    yield
    portal_cache._memo["number"] = None
    scheduling._memo["version"] = None


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run the block's on-commit callbacks (the catalogue bump), as a commit would."""

    @contextmanager
    def block():
        connection.run_on_commit[:] = [
            entry for entry in connection.run_on_commit if entry[1] is not portal_cache._bump
        ]
        pending = len(connection.run_on_commit)
        with django_capture_on_commit_callbacks(execute=True):
            yield
        del connection.run_on_commit[pending:]

    return block


@pytest.fixture
def clock(monkeypatch):
    class Clock:
        now = timezone.now() + datetime.timedelta(minutes=1)

    monkeypatch.setattr(timezone, "now", lambda: Clock.now)
    return Clock


def publish_text(page, text, at=None):
    page.intro = text
    page.save()
    return publish_page(page=page, user=None, publish_at=at)


def test_cached_page_shows_a_published_change_on_the_next_request(cached, committed, client):
    parents = Page.objects.get(kind="parents")
    assert "Bouwen, programmeren" in client.get(reverse("parents")).content.decode()
    assert "Bouwen, programmeren" in client.get(reverse("parents")).content.decode()  # from the cache
    with committed():
        publish_text(parents, "Een nieuwe inleiding.")
    assert "Een nieuwe inleiding." in client.get(reverse("parents")).content.decode()


def test_cached_page_goes_live_at_its_scheduled_time_without_a_worker(cached, committed, client, clock):
    parents = Page.objects.get(kind="parents")
    with committed():
        publish_text(parents, "Straks live.", at=clock.now + datetime.timedelta(minutes=5))
    assert "Straks live." not in client.get(reverse("parents")).content.decode()
    assert "Straks live." not in client.get(reverse("parents")).content.decode()  # cached, still correct
    clock.now += datetime.timedelta(minutes=5)
    portal_cache._memo["number"] = None  # a second later the version memo is re-read anyway
    assert "Straks live." in client.get(reverse("parents")).content.decode()


def test_cached_pages_show_a_new_footer_link_on_the_next_request(cached, committed, client):
    client.get(reverse("home"))
    with committed():
        MenuItem.objects.create(location="footer", label="Vacatures", url="/pagina/vacatures/")
    assert "Vacatures" in client.get(reverse("home")).content.decode()
