"""Whole-response caching of public pages (initiatives/caching.py): fast, and never stale or shared wrongly."""

from contextlib import contextmanager

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory

from initiatives import caching
from initiatives.curation.imports import read_spreadsheet
from initiatives.curation.resources import InitiativeResource
from initiatives.models import Initiative
from portal import cache as portal_cache
from portal.models import CatalogVersion
from tests.factories import BookingFactory, InitiativeFactory, SessionFactory, ThemeFactory
from tests.initiatives.curation_fixtures import initiative_row, provider, table, xlsx_bytes  # noqa: F401, F811

pytestmark = pytest.mark.django_db

SEARCH = "/activiteiten/"


@pytest.fixture
def cached(settings):
    settings.PUBLIC_CACHE_SECONDS = 300
    portal_cache._memo["number"] = None
    yield
    portal_cache._memo["number"] = None


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run the block's on-commit callbacks and forget them, as a commit would (the test transaction never commits)."""

    @contextmanager
    def block():
        # What fixtures wrote before the block counts as committed already.
        connection.run_on_commit[:] = [
            entry for entry in connection.run_on_commit if entry[1] is not portal_cache._bump
        ]
        pending = len(connection.run_on_commit)
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            yield callbacks
        del connection.run_on_commit[pending:]

    return block


def version():
    return CatalogVersion.objects.filter(pk=1).values_list("number", flat=True).first() or 0


def test_a_repeated_anonymous_search_is_served_without_queries(
    cached, client, committed, django_assert_max_num_queries
):
    with committed():
        InitiativeFactory(title="Bruggen bouwen")
    assert "Bruggen bouwen" in client.get(SEARCH).content.decode()
    with django_assert_max_num_queries(1):  # at most the catalogue version, read once a second
        response = client.get(SEARCH)
    assert "Bruggen bouwen" in response.content.decode()
    assert "Cookie" in response["Vary"]  # like the computed page: signed-in visitors get another one


def test_a_change_to_the_offer_shows_on_the_next_request(cached, client, committed):
    with committed():
        initiative = InitiativeFactory(title="Bruggen bouwen")
    client.get(SEARCH)
    # A write that sends no signal is not seen: the page comes from the cache ...
    Initiative.objects.filter(pk=initiative.pk).update(title="Tunnels graven")
    assert "Bruggen bouwen" in client.get(SEARCH).content.decode()
    # ... a save is, at once.
    with committed():
        initiative.title = "Dijken ophogen"
        initiative.save()
    page = client.get(SEARCH).content.decode()
    assert "Dijken ophogen" in page
    assert "Bruggen bouwen" not in page


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda initiative: initiative.themes.add(ThemeFactory()), id="theme added"),
        pytest.param(lambda initiative: SessionFactory(initiative=initiative), id="session"),
        pytest.param(lambda initiative: BookingFactory(sessions=[SessionFactory(initiative=initiative)]), id="booking"),
        pytest.param(lambda initiative: initiative.delete(), id="deleted"),
        pytest.param(lambda initiative: initiative.provider.save(), id="provider"),
    ],
)
def test_every_change_a_public_page_shows_raises_the_version(cached, committed, change):
    with committed():
        initiative = InitiativeFactory()
    before = version()
    with committed():
        change(initiative)
    assert version() == before + 1


def test_many_writes_in_one_transaction_raise_the_version_once(cached, committed):
    before = version()
    with committed() as callbacks, transaction.atomic():
        for _ in range(3):
            InitiativeFactory(themes=[ThemeFactory()])
    assert sum(callback is portal_cache._bump for callback in callbacks) == 1
    assert version() == before + 1


def test_a_confirmed_spreadsheet_import_raises_the_version_and_a_preview_does_not(cached, committed, provider):  # noqa: F811
    data = xlsx_bytes(table(initiative_row()))
    before = version()
    with committed():
        InitiativeResource().import_data(read_spreadsheet(data), dry_run=True, file_name="preview.xlsx")
    assert version() == before
    with committed():  # the bulk path sends no signals: the resource raises the version itself
        InitiativeResource().import_data(read_spreadsheet(data), dry_run=False, file_name="import.xlsx")
    assert Initiative.objects.count() == 1
    assert version() == before + 1


def test_signed_in_staff_never_get_a_cached_page(cached, client, committed):
    with committed():
        initiative = InitiativeFactory(title="Bruggen bouwen")
    client.force_login(get_user_model().objects.create_user("coordinator", is_staff=True))
    client.get(SEARCH)
    Initiative.objects.filter(pk=initiative.pk).update(title="Tunnels graven")
    assert "Tunnels graven" in client.get(SEARCH).content.decode()


def test_languages_and_hosts_are_cached_apart(cached, client, committed, settings):
    settings.ALLOWED_HOSTS = ["testserver", "open.example"]
    with committed():
        initiative = InitiativeFactory()
    assert "Activiteiten" in client.get(SEARCH).content.decode()
    assert "Find technology activities" in client.get("/en" + SEARCH).content.decode()
    url = client.get("/api/v1/initiatives/").json()["results"][0]["url"]
    other = client.get("/api/v1/initiatives/", HTTP_HOST="open.example").json()["results"][0]["url"]
    assert url == f"http://testserver{initiative.get_absolute_url()}"
    assert other == f"http://open.example{initiative.get_absolute_url()}"


def test_the_order_of_query_parameters_does_not_matter(cached):
    factory = RequestFactory()
    first = caching.response_key(factory.get(SEARCH, {"near": "3011", "radius_km": "10"}))
    second = caching.response_key(factory.get(f"{SEARCH}?radius_km=10&near=3011"))
    assert first == second
    assert first != caching.response_key(factory.get(SEARCH, {"near": "3012", "radius_km": "10"}))


def test_responses_with_a_csrf_token_or_a_cookie_are_not_stored(cached):
    @caching.cache_public_response
    def form(request):
        return HttpResponse(get_token(request))

    @caching.cache_public_response
    def sets_cookie(request):
        response = HttpResponse("hello")
        response.set_cookie("seen", "yes")
        return response

    factory = RequestFactory()
    assert form(factory.get("/form/")).content != form(factory.get("/form/")).content
    sets_cookie(factory.get("/cookie/"))
    assert sets_cookie(factory.get("/cookie/")).cookies


def test_public_pages_carry_no_csrf_token_and_switch_language_by_link(client):
    InitiativeFactory()
    page = client.get(f"{SEARCH}?near=3011").content.decode()
    assert "csrfmiddlewaretoken" not in page
    assert 'href="/en/activiteiten/?near=3011" lang="en" hreflang="en"' in page
    english = client.get("/en/").content.decode()
    assert 'href="/" lang="nl" hreflang="nl"' in english


def test_pages_keep_working_when_the_cache_is_down(cached, client, committed, monkeypatch):
    with committed():
        InitiativeFactory(title="Bruggen bouwen")

    def unavailable(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(caching.cache, "get", unavailable)
    monkeypatch.setattr(caching.cache, "set", unavailable)
    response = client.get(SEARCH)

    assert response.status_code == 200
    assert "Bruggen bouwen" in response.content.decode()


@pytest.mark.parametrize("url", ["/", "/voor-ouders/", "/voor-leraren/", "/campussen/", "/api/v1/campuses/"])
def test_other_public_pages_are_cached_too(cached, client, url, django_assert_max_num_queries):
    assert client.get(url).status_code == 200
    with django_assert_max_num_queries(1):
        assert client.get(url).status_code == 200
