"""The page's results come from one query compiled once per connection (search.CompiledResults): the
same instances as result_queryset() would give, with the page's ids and the current time."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from initiatives.models import Initiative
from initiatives.search import (
    RELATIONS,
    attach_relations,
    attach_vocabulary,
    load_results,
    loaded_terms,
    result_queryset,
)
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


@pytest.fixture
def termed():
    """Initiatives with themes, target groups and languages in an order other than their ids."""
    themes = [
        factories.ThemeFactory(name=name, slug=slug, position=position)
        for name, slug, position in (("Water", "water", 2), ("Robotica", "robotica", 1), ("Bouwen", "bouwen", 1))
    ]
    groups = [factories.TargetGroupFactory(name="Ouders", slug="ouders"), factories.TargetGroupFactory()]
    languages = [
        factories.LanguageFactory(code="en", name="Engels"),
        factories.LanguageFactory(code="nl", name="Nederlands"),
    ]
    made = [
        factories.InitiativeFactory(themes=themes, target_groups=groups),
        factories.InitiativeFactory(themes=themes[:1]),
        factories.InitiativeFactory(),
    ]
    made[0].languages.set(languages)
    made[1].languages.set(languages[1:])
    return made


def _terms(items):
    return {item.pk: {name: [term.pk for term in loaded_terms(item, name)] for name in RELATIONS} for item in items}


def test_the_terms_come_with_the_results_in_the_order_attach_relations_gives(termed):
    ids = [item.pk for item in termed]
    items, term_ids = load_results(ids, with_terms=True)
    assert set(term_ids) == set(ids)
    expected = load_results(ids)
    attach_relations(expected)
    with CaptureQueriesContext(connection) as queries:
        attach_vocabulary(items, term_ids)
    assert _terms(items) == _terms(expected)
    first = next(item for item in items if item.pk == ids[0])
    assert [theme.name for theme in loaded_terms(first, "themes")] == ["Bouwen", "Robotica", "Water"]
    assert len(queries) <= 3  # the vocabularies, read once per catalogue version
    with CaptureQueriesContext(connection) as queries:
        again, term_ids = load_results(ids, with_terms=True)
        attach_vocabulary(again, term_ids)
    assert len(queries) == 1  # the results query alone
    assert _terms(again) == _terms(expected)


def test_a_term_the_vocabulary_does_not_know_yet_is_read_with_a_query(termed, monkeypatch):
    ids = [item.pk for item in termed]
    items, term_ids = load_results(ids, with_terms=True)
    monkeypatch.setattr("initiatives.search._vocabulary_order", lambda name: {})
    with CaptureQueriesContext(connection) as queries:
        attach_vocabulary(items, term_ids)
    assert len(queries) == 1  # attach_relations' UNION ALL
    expected = load_results(ids)
    attach_relations(expected)
    assert _terms(items) == _terms(expected)


def test_a_page_of_results_is_two_queries(client, termed):
    client.get("/api/v1/initiatives/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/initiatives/")
    found = {item["slug"]: item for item in response.json()["results"]}
    assert [theme["slug"] for theme in found[termed[0].slug]["themes"]] == ["bouwen", "robotica", "water"]
    assert found[termed[0].slug]["languages"] == list(termed[0].languages.values_list("code", flat=True))
    assert len(queries) <= 3  # the matches, the results with their term ids (and the catalogue version)
