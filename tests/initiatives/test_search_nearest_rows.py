"""A search near a location, nearest first, runs as one UNION ALL per kind (InitiativeQuerySet.nearest_rows):
the same rows, in the same order, as the filter set's queryset (reachable_from, ordered by distance, title
and pk), for every combination of filters people use, on SQLite and PostgreSQL."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from initiatives.api.filters import ApiInitiativeFilter
from initiatives.filters import InitiativeFilter
from initiatives.models import Initiative, Session
from initiatives.models.catalog import _placeholders
from initiatives.search import search_initiatives
from tests import factories

pytestmark = pytest.mark.django_db

ROTTERDAM_CENTRE = (Decimal("51.919100"), Decimal("4.486700"))  # PostcodeArea 3011 in the geography fixture
KINDS = Initiative.LocationType

QUERIES = [
    "near=3011",
    "near=3011&radius_km=5",
    "near=3011&radius_km=25",
    "near=3011&location_type=venue&location_type=at_school",
    "near=3011&location_type=online",
    "near=3011&location_type=venue&location_type=online",
    "near=3011&po_group=6",
    "near=3011&po_group=3&location_type=at_school",
    "near=3011&vo_year=2",
    "near=3011&target_group=leerlingen",
    "near=3011&theme=robotica&free=on",
    "near=3011&q=robots",
    "near=3011&activity_type=workshop&activity_type=club",
    "near=3011&sort=distance",
    "near=Den Haag&radius_km=50",
    "near=3011&theme=robotica&target_group=leerlingen&po_group=6&free=on&location_type=at_school",
    "near=3011&bbox=4.40,51.90,4.60,52.00",  # the API's; the page ignores it
]


@pytest.fixture
def offer(geography):
    """Venues, school visits (with and without a service radius) and online offers (with and without
    coordinates) around Rotterdam, with ties in distance (one address, several titles; one title twice)
    and rows the search must not find (drafts, too far away)."""
    pupils = factories.TargetGroupFactory(name="Leerlingen", slug="leerlingen")
    robotics = factories.ThemeFactory(name="Robotica", slug="robotica")
    lat, lon = ROTTERDAM_CENTRE
    made = []
    for number in range(36):
        kind = (KINDS.VENUE, KINDS.AT_SCHOOL, KINDS.ONLINE)[number % 3]
        placed = kind != KINDS.ONLINE or number % 2
        step = Decimal(number % 12) * Decimal("0.013")
        made.append(
            factories.InitiativeFactory(
                title=f"Robots en code {number % 7}" if number % 5 else "Dezelfde titel",
                slug=f"nearest-{number}",
                location_type=kind,
                latitude=lat + step if placed else None,
                longitude=lon - step / 2 if placed else None,
                service_radius_km=(None, Decimal("8"), Decimal("30"))[number % 3] if kind == KINDS.AT_SCHOOL else None,
                po_group_from=None if number % 4 == 0 else 1 + number % 5,
                po_group_to=None if number % 4 == 0 else 8,
                vo_year_from=1 if number % 4 == 0 else None,
                vo_year_to=3 if number % 4 == 0 else None,
                activity_type=(Initiative.ActivityType.WORKSHOP, Initiative.ActivityType.CLUB)[number % 2],
                is_free=number % 3 != 1,
                status=Initiative.Status.DRAFT if number % 11 == 0 else Initiative.Status.PUBLISHED,
                target_groups=[pupils] if number % 2 else [],
                themes=[robotics] if number % 3 else [],
            )
        )
    # Four at one address: a tie in distance, ordered by title, then by pk.
    for title in ("Zeilen", "Aquarium", "Aquarium", "Bouwen"):
        made.append(factories.InitiativeFactory(title=title, slug=f"tie-{len(made)}", latitude=lat, longitude=lon))
    factories.InitiativeFactory(title="Te ver weg", slug="far", latitude=Decimal("52.9"), longitude=Decimal("6.5"))
    return made


def _both(filterset_class, query, fields=()):
    filterset = filterset_class(QueryDict(query), queryset=Initiative.objects.published())
    assert not filterset.errors, filterset.errors
    fast = filterset.nearest_rows(fields)
    again = filterset_class(QueryDict(query), queryset=Initiative.objects.published())
    orm = list(again.qs.values_list("pk", "distance_km", *fields))
    return fast, orm


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("filterset_class", [InitiativeFilter, ApiInitiativeFilter])
def test_the_same_rows_in_the_same_order_as_the_queryset(offer, query, filterset_class):
    fast, orm = _both(filterset_class, query, fields=("activity_type", "location_type"))
    assert fast is not None
    assert [tuple(row) for row in fast] == [tuple(row) for row in orm]


def test_the_offer_is_varied_enough_to_compare(offer):
    fast, _orm = _both(InitiativeFilter, "near=3011")
    kinds = dict(Initiative.objects.values_list("pk", "location_type"))
    found = [kinds[pk] for pk, _distance in fast]
    assert {KINDS.VENUE, KINDS.AT_SCHOOL, KINDS.ONLINE} <= set(found)
    distances = [distance for _pk, distance in fast]
    assert None in distances  # online without coordinates, last
    assert len(set(distances)) < len(distances)  # ties, ordered by title and pk
    assert any(distance is not None for pk, distance in fast if kinds[pk] == KINDS.ONLINE)


def test_other_orders_and_no_location_use_the_queryset(offer):
    for filterset_class, query in [
        (InitiativeFilter, "near=3011&sort=title"),
        (InitiativeFilter, "near=3011&sort=date"),
        (InitiativeFilter, "po_group=6"),
        (ApiInitiativeFilter, "near=3011&sort=title"),
        (ApiInitiativeFilter, "near=3011&sort=next_session"),
    ]:
        filterset = filterset_class(QueryDict(query), queryset=Initiative.objects.published())
        assert filterset.nearest_rows() is None, query


def test_a_search_near_a_place_is_one_query_for_the_matches(offer):
    with CaptureQueriesContext(connection) as queries:
        outcome = search_initiatives(QueryDict("near=3011&po_group=6"), relations=())
    union = [query["sql"] for query in queries.captured_queries if "UNION ALL" in query["sql"]]
    assert len(union) == 1
    assert outcome.count == len(_both(InitiativeFilter, "near=3011&po_group=6")[1])


def test_the_page_and_the_api_list_the_same_order_as_before(client, offer):
    expected = [pk for pk, _distance in _both(InitiativeFilter, "near=3011&page_size=100")[1]]
    slugs = dict(Initiative.objects.values_list("slug", "pk"))
    response = client.get(reverse("api:initiatives"), {"near": "3011", "page_size": 100})
    assert [slugs[item["slug"]] for item in response.json()["results"]] == expected
    page = client.get(reverse("initiatives:search"), {"near": "3011"})
    assert [item.pk for item in page.context["outcome"].page] == expected[:20]


def test_sessions_and_dates_filter_inside_each_branch(offer):
    now = timezone.now()
    soon = [item for item in offer if item.status == Initiative.Status.PUBLISHED][:5]
    for item in soon:
        factories.SessionFactory(initiative=item, starts_at=now + datetime.timedelta(days=2))
    day = (now + datetime.timedelta(days=2)).date().isoformat()
    fast, orm = _both(InitiativeFilter, f"near=3011&date_from={day}&date_to={day}")
    assert fast == [tuple(row) for row in orm]
    assert {pk for pk, _distance in fast} == {item.pk for item in soon}


def test_placeholders_counts_parameters_not_escaped_percent_signs():
    assert _placeholders("a = %s AND b LIKE '%%s' AND c IN (%s, %s)") == 3
    assert _placeholders("no parameters") == 0


def test_the_bookable_filter_spells_out_each_booking_rule_once(offer):
    """open_for_booking writes one condition per distinct "N days before" rule in use: a handful, not one
    per initiative (distinct() over the model's ordering kept one per title: 40,000 parameters at 20,000
    initiatives, three times that in nearest_rows' UNION ALL, past PostgreSQL's 65,535)."""
    query = Session.objects.open_for_booking().query
    _sql, params = query.sql_with_params()
    rules = Initiative.objects.values_list("booking_opens_days_before", "booking_closes_days_before")
    assert len(set(rules)) < 5 < len(rules)
    assert len(params) < 20
    fast, orm = _both(InitiativeFilter, "near=3011&bookable=on")
    assert fast == [tuple(row) for row in orm]


def test_filters_with_too_many_parameters_fall_back_to_the_queryset(offer, monkeypatch):
    monkeypatch.setattr("initiatives.models.catalog.MAX_QUERY_PARAMETERS", 5)
    filterset = InitiativeFilter(QueryDict("near=3011&po_group=6"), queryset=Initiative.objects.published())
    assert filterset.nearest_rows() is None
    outcome = search_initiatives(QueryDict("near=3011&po_group=6"), relations=())
    assert outcome.count == len(_both(InitiativeFilter, "near=3011&po_group=6")[1])


def test_the_api_bounding_box_narrows_each_branch(offer):
    everything, _orm = _both(ApiInitiativeFilter, "near=3011")
    boxed, orm = _both(ApiInitiativeFilter, "near=3011&bbox=4.40,51.90,4.60,52.00")
    assert 0 < len(boxed) < len(everything)
    assert boxed == [tuple(row) for row in orm]
