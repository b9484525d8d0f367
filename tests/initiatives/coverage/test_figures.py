"""The coverage dashboard's figures, checked against values computed by hand on a small map.

Two campuses 34 km apart; initiatives and schools placed at known distances due north or
south of campus Alfa (1 km = 1/110.574 degree of latitude).
"""

import datetime
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from campuses.models import Campus
from initiatives.coverage import offer
from initiatives.coverage.figures import compute
from initiatives.coverage.report import build_dashboard
from initiatives.models import Initiative
from portal.schoolyear import SchoolYear
from tests.factories import CampusFactory, InitiativeFactory, ThemeFactory
from tests.initiatives.coverage.dashboard_map import ALFA, BETA, NOW, YEAR, north


def _dashboard(distance_km=3, **kwargs):
    visible = list(Campus.objects.filter(is_active=True))
    return build_dashboard(visible=visible, campus=None, school_year=YEAR, distance_km=distance_km, now=NOW, **kwargs)


def test_offer_figures_match_hand_counts(area):
    alfa, beta = area
    figures = offer.offer_by_campus([alfa, beta])
    f = figures[alfa.pk]
    assert f.total == 3
    counts = f.counts
    assert (counts["po"], counts["vo"], counts["vmbo"], counts["havo"], counts["vwo"]) == (1, 2, 1, 1, 0)
    assert (counts["tg_ouders"], counts["tg_meisjes"], counts["parents_role"]) == (1, 1, 1)
    assert round(f.practice_average, 2) == round((4 + 1 + 3) / 3, 2)
    assert counts["practice_high"] == 2
    assert (counts["where_venue"], counts["where_at_school"], counts["where_online"]) == (2, 1, 0)
    assert (figures[beta.pk].total, figures[beta.pk].counts["parents_role"]) == (1, 1)
    assert figures[offer.REGION].total == 4


def test_school_coverage_matches_level_and_distance(area):
    alfa, _beta = area
    coverage = compute(school_year=YEAR, distance_km=3, include_visits=False).coverage[alfa.pk]
    # Covered po (po venue 0.5 km away); White spot po; Covered vo is 1 km from the vmbo guest lesson.
    assert coverage["po"]["schools"] == 2
    assert coverage["po"]["white_spots"] == 1
    assert coverage["vo"]["white_spots"] == 0
    wider = compute(school_year=YEAR, distance_km=8.5, include_visits=False).coverage[alfa.pk]
    assert wider["total"]["white_spots"] == 0


def test_session_figures_count_the_school_year(area):
    assert _dashboard().table("activity").value("Sessies in het schooljaar (niet geannuleerd)", "count") == 2
    assert _dashboard().table("activity").value("Waarvan nog te gaan", "count") == 1


def test_school_year_runs_from_august_to_july():
    assert SchoolYear.containing(datetime.date(2027, 7, 31)).start_year == 2026
    assert SchoolYear.containing(datetime.date(2027, 8, 1)).start_year == 2027
    assert str(SchoolYear(2026)) == "2026/2027"


def test_comparison_table_shows_the_region_and_every_active_campus(area):
    dashboard = _dashboard()
    table = dashboard.table("comparison")
    assert [row[0] for row in table.rows] == ["Alle campusgebieden", "Alfa", "Beta"]
    assert table.value("Alfa", "total") == 3
    assert table.value("Alfa", "practice_high") == Decimal("66.7")
    assert table.value("Alfa", "white_spots") == 1
    assert dashboard.facts["online"] == 1


def test_findings_panels_give_the_study_wording_and_todays_figures(area):
    dashboard = _dashboard()
    assert [panel.number for panel in dashboard.findings] == [1, 2, 3, 4, 5]
    first = dashboard.findings[0]
    assert "primair onderwijs" in first.study
    # Region: 4 initiatives near a campus, 2 of them for po (the workshop at Alfa and the one at Beta).
    assert first.table.value("Alle campusgebieden", "po_share") == Decimal("50.0")
    assert "50,0 %" in first.now
    assert dashboard.findings[2].table.value("Alfa", "practice_high") == Decimal("66.7")


def test_scale_up_names_the_initiatives_that_could_scale_up(area):
    theme = ThemeFactory(name="Robotica proef")
    initiative = Initiative.objects.get(latitude=north(ALFA, 2)["latitude"])
    initiative.themes.add(theme)
    table = _dashboard().table("scale_up")
    assert table.value("Robotica proef", "missing") == "Beta"
    assert f"{initiative.title} (Alfa)" in table.value("Robotica proef", "candidates")


def test_booking_figures_count_confirmed_bookings_and_buses_per_campus(area):
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

    dashboard = _dashboard()

    assert dashboard.table("activity").value("Boekingen", "count") == 3
    assert dashboard.table("activity").value("Leerlingen bereikt", "count") == 28 + 10 + 28
    bus = dashboard.table("role_bus")
    assert (bus.value("Alfa", "bus_requested"), bus.value("Alfa", "bus_approved")) == (2, 1)
    assert bus.value("Alfa", "bus_budget") == Decimal("250.00")
    assert bus.value("Beta", "bus_requested") == 0
    assert "8 ouders bereikt" in dashboard.roles[0].figure


def test_dashboard_query_count_is_constant(area):
    def count():
        with CaptureQueriesContext(connection) as queries:
            _dashboard()
        return len(queries)

    before = count()
    for km in range(1, 6):
        InitiativeFactory(**north(ALFA, km), practice_level=2)
    assert count() == before
    CampusFactory(name="Gamma", latitude=BETA[0], longitude=BETA[1])
    assert count() == before
