"""The page's results come from one query compiled once per connection (search.CompiledResults): the
same instances as result_queryset() would give, with the page's ids and the current time."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from initiatives.models import Initiative
from initiatives.search import load_results, result_queryset
from tests import factories

pytestmark = pytest.mark.django_db


def _state(item):
    """What a result card reads from an instance: its loaded fields, annotation and related objects."""
    fields = {key: value for key, value in item.__dict__.items() if key != "_state"}
    related = item._state.fields_cache
    provider = related["provider"]
    return (
        fields,
        sorted(item.get_deferred_fields()),
        sorted(related),
        {key: value for key, value in provider.__dict__.items() if key != "_state"},
        sorted(provider._state.fields_cache),
        related["image"].pk if related["image"] else None,
    )


@pytest.fixture
def initiatives(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    photo = factories.ImageFactory()
    with_photo = factories.InitiativeFactory(image=photo, provider=factories.ProviderFactory(image=photo))
    plain = factories.InitiativeFactory(price="7.50", is_free=False)
    draft = factories.InitiativeFactory(status=Initiative.Status.DRAFT)
    now = timezone.now()
    factories.SessionFactory(initiative=plain, starts_at=now - datetime.timedelta(days=2))  # past: not the next
    upcoming = factories.SessionFactory(initiative=plain, starts_at=now + datetime.timedelta(days=3))
    factories.SessionFactory(initiative=plain, starts_at=now + datetime.timedelta(days=1), is_cancelled=True)
    return with_photo, plain, draft, upcoming


def test_the_same_instances_as_the_queryset(initiatives):
    with_photo, plain, draft, upcoming = initiatives
    ids = [plain.pk, with_photo.pk, draft.pk]
    loaded = {item.pk: item for item in load_results(ids)}
    expected = {
        item.pk: item for item in result_queryset(prefetch=False, base=Initiative.objects.all()).filter(pk__in=ids)
    }
    assert set(loaded) == set(ids)
    for pk in ids:
        assert _state(loaded[pk]) == _state(expected[pk])
    assert loaded[plain.pk].next_session_at == upcoming.starts_at
    assert loaded[with_photo.pk].next_session_at is None
    assert loaded[with_photo.pk].image.renditions == with_photo.image.renditions


def test_one_query_whatever_the_number_of_ids_and_the_time_is_a_parameter(initiatives):
    with_photo, plain, _draft, upcoming = initiatives
    load_results([plain.pk])  # compiled on the first use
    with CaptureQueriesContext(connection) as queries:
        found = load_results([plain.pk, with_photo.pk, 999_999])
    assert len(queries) == 1
    assert sorted(item.pk for item in found) == sorted([plain.pk, with_photo.pk])
    later = connection._compiled_results.load([plain.pk], now=upcoming.starts_at + datetime.timedelta(minutes=1))
    assert later[0].next_session_at is None  # the only later session is cancelled
    assert load_results([]) == []


def test_a_search_page_shows_them(client, initiatives):
    with_photo, plain, _draft, _upcoming = initiatives
    page = client.get("/activiteiten/").content.decode()
    assert with_photo.title in page and plain.title in page
    assert "€ 7,50" in page
