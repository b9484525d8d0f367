"""A computed search reads the vocabularies and the site menu from memory (portal.cache.versioned):
an edit in the admin, here or in another process, shows on the next search all the same."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from initiatives.models import Theme
from portal import cache as portal_cache
from portal.models import CatalogVersion
from portal.pages import scheduling
from portal.pages.models import MenuItem, Page
from tests import factories
from tests.initiatives.test_public_cache import committed  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db

SEARCH = "/activiteiten/"


@pytest.fixture(autouse=True)
def _fresh_version_memos():
    """The catalogue version and the scheduled moments as a new process reads them (the tests roll the version back)."""
    portal_cache._memo["number"] = scheduling._memo["version"] = None
    yield
    portal_cache._memo["number"] = scheduling._memo["version"] = None


@pytest.fixture
def visitor():
    return Client()


def theme_form(theme, **changes):
    fields = {"name": theme.name, "name_en": theme.name_en, "slug": theme.slug, "description": "", "position": 0}
    return {**fields, **changes}


def test_an_admin_edit_of_a_theme_name_shows_on_the_next_computed_search(admin_client, visitor):
    theme = factories.ThemeFactory(name="Vliegende robots", slug="vliegende-robots")
    assert "Vliegende robots" in visitor.get(SEARCH).content.decode()
    url = reverse("admin:initiatives_theme_change", args=[theme.pk])
    assert admin_client.post(url, theme_form(theme, name="Drones bouwen")).status_code == 302
    page = visitor.get(SEARCH).content.decode()
    assert "Drones bouwen" in page and "Vliegende robots" not in page


def test_a_theme_added_in_the_admin_is_a_valid_filter_at_once(admin_client, visitor):
    visitor.get(SEARCH, {"theme": "robotica"})  # the themes are in memory now
    new = {"name": "Zonne-energie", "name_en": "", "slug": "zonne-energie", "description": "", "position": 0}
    assert admin_client.post(reverse("admin:initiatives_theme_add"), new).status_code == 302
    assert visitor.get(reverse("api:initiatives"), {"theme": "zonne-energie"}).status_code == 200
    assert "Zonne-energie" in visitor.get(SEARCH).content.decode()


def test_a_change_made_by_another_process_shows_once_the_catalogue_version_moves(visitor):
    theme = factories.ThemeFactory(name="Vliegende robots", slug="vliegende-robots")
    visitor.get(SEARCH)
    # Another app server renames the theme: this process gets no signal ...
    Theme.objects.filter(pk=theme.pk).update(name="Drones bouwen")
    assert "Vliegende robots" in visitor.get(SEARCH).content.decode()
    # ... but its commit raises the catalogue version, which this process reads again within a second.
    CatalogVersion.objects.update_or_create(pk=1, defaults={"number": portal_cache.catalog_version() + 1})
    portal_cache._memo["number"] = None
    assert "Drones bouwen" in visitor.get(SEARCH).content.decode()


def test_an_admin_edit_of_a_menu_link_shows_on_the_next_computed_search(admin_client, visitor):
    page = Page.objects.create(kind="free", slug="techniekbus", title="Techniekbus")
    item = MenuItem.objects.create(location="header", label="De bus", page=page)
    assert ">De bus</a>" in visitor.get(SEARCH).content.decode()
    form = {"location": "header", "label": "Techniekbus", "label_en": "", "page": page.pk, "url": "", "order": 0}
    assert admin_client.post(reverse("admin:pages_menuitem_change", args=[item.pk]), form).status_code == 302
    html = visitor.get(SEARCH).content.decode()
    assert ">Techniekbus</a>" in html and ">De bus</a>" not in html


def test_a_menu_page_taken_offline_on_schedule_leaves_the_menu_at_that_moment(visitor, committed, monkeypatch):  # noqa: F811
    now = timezone.now()
    with committed():  # the scheduled moments are read again when the catalogue version moves (a commit)
        page = Page.objects.create(
            kind="free", slug="zomer", title="Zomerschool", unpublish_at=now + datetime.timedelta(hours=1)
        )
        MenuItem.objects.create(location="footer", label="Zomerschool", page=page)
    portal_cache._memo["number"] = None
    assert ">Zomerschool</a>" in visitor.get(SEARCH).content.decode()
    monkeypatch.setattr(timezone, "now", lambda: now + datetime.timedelta(hours=2))
    assert ">Zomerschool</a>" not in visitor.get(SEARCH).content.decode()
