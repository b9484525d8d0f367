"""The coverage dashboard's figures, checked against values computed by hand on a small map.

Two campuses 34 km apart; initiatives and schools placed at known distances due north or
south of campus Alfa (1 km = 1/110.574 degree of latitude).
"""

import datetime
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from campuses.dashboard import services
from campuses.dashboard.report import build_dashboard
from initiatives.models import Initiative
from portal.schoolyear import SchoolYear
from tests.campuses.dashboard_map import ALFA, BETA, NOW, YEAR, north
from tests.factories import CampusFactory, InitiativeFactory


def test_initiative_figures_match_hand_counts(area):
    alfa, beta = area
    figures = services.initiative_figures(alfa, max_service_km=services.max_service_radius_km())
    assert figures["total"] == 3
    assert (figures["po"], figures["vo"], figures["vmbo"], figures["havo"], figures["vwo"]) == (1, 2, 1, 1, 0)
    assert (figures["tg_ouders"], figures["tg_meisjes"], figures["parents_role"]) == (1, 1, 1)
    assert round(figures["practice_average"], 2) == round((4 + 1 + 3) / 3, 2)
    assert figures["practice_high"] == 2
    assert (figures["where_venue"], figures["where_at_school"], figures["where_online"]) == (2, 1, 0)
    assert figures["type_comes_to_school"] == 1
    beta_figures = services.initiative_figures(beta, max_service_km=20)
    assert (beta_figures["total"], beta_figures["po"], beta_figures["parents_role"]) == (1, 1, 1)


def test_school_coverage_counts_venues_within_distance_and_school_visits(area):
    alfa, beta = area
    coverage = services.school_coverage([alfa, beta], distance_km=3, max_service_km=20)
    assert coverage[alfa.pk] == {
        "schools": 3,
        "covered": 2,
        "visited": 2,
        "po": 2,
        "covered_po": 1,
        "vo": 1,
        "covered_vo": 1,
        "white_spots": 1,
    }
    assert (coverage[beta.pk]["schools"], coverage[beta.pk]["covered"]) == (1, 1)


def test_white_spots_lists_schools_without_initiative_nearby(area):
    alfa, beta = area
    spots = services.white_spots(alfa, distance_km=3, campuses=[alfa, beta], max_service_km=20)
    assert [s["name"] for s in spots] == ["White spot po"]
    wider = services.white_spots(alfa, distance_km=8.5, campuses=[alfa, beta], max_service_km=20)
    assert list(wider) == []


def test_session_figures_count_the_school_year(area):
    alfa, _beta = area
    sessions = services.session_figures(alfa, max_service_km=20, school_year=YEAR, now=NOW)
    assert sessions == {"in_year": 2, "upcoming": 1}


def test_school_year_runs_from_august_to_july():
    assert SchoolYear.containing(datetime.date(2027, 7, 31)).start_year == 2026
    assert SchoolYear.containing(datetime.date(2027, 8, 1)).start_year == 2027
    assert str(SchoolYear(2026)) == "2026/2027"


def test_dashboard_comparison_table_shows_every_active_campus(area):
    dashboard = build_dashboard(school_year=YEAR, distance_km=3, now=NOW)
    table = dashboard.table("comparison")
    assert [row[0] for row in table.rows] == ["Alfa", "Beta"]
    assert table.value("Alfa", "total") == 3
    assert table.value("Alfa", "practice_average") == Decimal("2.7")
    assert table.value("Alfa", "practice_high") == Decimal("66.7")
    assert table.value("Alfa", "white_spots") == 1
    assert table.value("Beta", "parents") == 1
    assert dashboard.facts["online"] == 1


def test_dashboard_scale_up_lists_themes_missing_around_a_campus(area):
    alfa, _beta = area
    from tests.factories import ThemeFactory

    theme = ThemeFactory(name="Robotica proef")
    Initiative.objects.get(latitude=north(ALFA, 2)["latitude"]).themes.add(theme)
    table = build_dashboard(school_year=YEAR, distance_km=3, now=NOW).table("scale_up")
    assert table.value("Robotica proef", "missing") == "Beta"
    assert table.value("Robotica proef", "campuses_with") == 1


def test_dashboard_booking_figures_count_confirmed_bookings_and_buses_per_campus(area):
    from initiatives.bookings import services as booking_services
    from tests.factories import BookingFactory, BusBudgetFactory, BusRequestFactory

    alfa, _beta = area
    initiative = Initiative.objects.filter(campus=alfa).first()
    family = InitiativeFactory(**north(ALFA, 3), is_family_activity=True)
    when = {"starts_at": NOW + datetime.timedelta(days=10)}
    BookingFactory(initiative=initiative, status="confirmed", pupils=28, adults=3, **when)
    BookingFactory(initiative=family, status="confirmed", pupils=10, adults=8, **when)
    BookingFactory(initiative=initiative, status="waitlisted", pupils=25, **when)
    budget = BusBudgetFactory(campus=alfa, school_year=YEAR.start_year)
    trip = BusRequestFactory(budget=budget, booking=BookingFactory(initiative=initiative, status="confirmed", **when))
    booking_services.approve_bus(bus_request=trip)
    BusRequestFactory(budget=budget)

    dashboard = build_dashboard(school_year=YEAR, distance_km=3, now=NOW)

    assert dashboard.table("activity").value("Boekingen", "count") == 3
    assert dashboard.table("activity").value("Leerlingen bereikt", "count") == 28 + 10 + 28
    assert dashboard.table("roles").value("Alfa", "parents_reached") == 8
    assert dashboard.table("roles").value("Alfa", "bus_requested") == 2
    assert dashboard.table("roles").value("Alfa", "bus_approved") == 1
    assert dashboard.table("roles").value("Alfa", "bus_budget") == Decimal("250.00")
    assert dashboard.table("roles").value("Beta", "bus_requested") == 0


def test_dashboard_query_count_is_constant_per_campus(area):
    def count():
        with CaptureQueriesContext(connection) as queries:
            build_dashboard(school_year=YEAR, distance_km=3, now=NOW)
        return len(queries)

    before = count()
    for km in range(1, 6):
        InitiativeFactory(**north(ALFA, km), practice_level=2)
    assert count() == before
    CampusFactory(name="Gamma", latitude=BETA[0], longitude=BETA[1])
    # Initiative figures, themes, schools and vmbo each take one grouped query for all campuses.
    assert count() == before
