import csv
import datetime
import io
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import transaction
from openpyxl import load_workbook

from initiatives.models import CoverageSnapshot, Initiative, StaffProfile
from initiatives.permissions import GROUP_NAMES, Role, ensure_role_groups
from portal.cache import bump_catalog_version
from tests.factories import (
    BusEligibilityRuleFactory,
    CampusFactory,
    InitiativeFactory,
    ProviderFactory,
    SchoolFactory,
)
from tests.initiatives.coverage.dashboard_map import ALFA, north

URL = "/beheer/dekking/"


def _staff(django_user_model, username, role):
    ensure_role_groups()
    user = django_user_model.objects.create_user(username, password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=GROUP_NAMES[role]))
    return user


@pytest.fixture
def coordinator(django_user_model, db):
    return _staff(django_user_model, "coordinator", Role.MRDH)


def test_dashboard_redirects_anonymous_to_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_dashboard_refuses_non_staff(client, django_user_model, db):
    client.force_login(django_user_model.objects.create_user("parent", password="x"))
    response = client.get(URL)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_dashboard_refuses_provider_editors_and_staff_without_role(client, django_user_model, area):
    editor = _staff(django_user_model, "editor", Role.PROVIDER)
    StaffProfile.objects.create(user=editor, provider=ProviderFactory())
    client.force_login(editor)
    assert client.get(URL).status_code == 403
    assert client.get(URL + "export/comparison.csv").status_code == 403
    client.force_login(django_user_model.objects.create_user("plain", password="x", is_staff=True))
    assert client.get(URL).status_code == 403


def test_campus_coordinator_sees_their_campuses_and_the_region(client, django_user_model, area):
    alfa, beta = area
    user = _staff(django_user_model, "campus", Role.CAMPUS)
    StaffProfile.objects.create(user=user).campuses.set([beta])
    client.force_login(user)
    response = client.get(URL, {"campus": "alfa"})  # not theirs: falls back to their own
    dashboard = response.context["dashboard"]
    assert dashboard.campus == beta
    assert [row[0] for row in dashboard.table("comparison").rows] == ["Alle campusgebieden", "Beta"]
    assert dashboard.table("comparison").value("Alle campusgebieden", "total") == 4  # region totals stay whole
    assert [row[0] for row in dashboard.findings[0].table.rows] == ["Alle campusgebieden", "Beta"]
    assert "momentopname/" not in response.content.decode()
    assert client.post(URL + "momentopname/").status_code == 403


def test_dashboard_shows_figures_for_chosen_campus(client, coordinator, area):
    client.force_login(coordinator)
    response = client.get(URL, {"campus": "beta", "jaar": "2026", "afstand": "3"})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "Beta: aanbod binnen 5 km" in html
    assert 'scope="row">Alfa</th>' in html
    assert "Bevinding 5" in html


def test_dashboard_lists_white_spots_with_map_data_and_legend(client, coordinator, area):
    client.force_login(coordinator)
    html = client.get(URL, {"campus": "alfa", "afstand": "3"}).content.decode()
    assert 'id="white-spot-data"' in html and 'id="offer-data"' in html
    assert "White spot po" in html
    assert "map-legend" in html
    assert "leaflet/leaflet.js" in html
    # The map's tile credit comes from portal/maps.py, as on the public maps, in the coordinator's language.
    dutch = client.get(URL, {"campus": "alfa"}).context["map_config"]
    english = client.get("/en" + URL, {"campus": "alfa"}).context["map_config"]
    assert (dutch["attribution"], english["attribution"]) == (
        "© OpenStreetMap-bijdragers",
        "© OpenStreetMap contributors",
    )
    assert dutch["tiles"] == "https://tile.openstreetmap.org/{z}/{x}/{y}.png"


def test_dashboard_notes_campuses_that_share_a_point(client, coordinator, area):
    CampusFactory(name="Alfa twee", latitude=ALFA[0], longitude=ALFA[1])
    client.force_login(coordinator)
    html = client.get(URL).content.decode()
    assert "Alfa en Alfa twee liggen op hetzelfde punt" in html
    assert "Alfa and Alfa twee share one point" in client.get("/en" + URL).content.decode()


def test_dashboard_filter_hints_are_read_with_their_fields_and_shares_have_a_decimal_comma(client, coordinator, area):
    InitiativeFactory(
        title="Komt langs", location_type=Initiative.LocationType.AT_SCHOOL, service_radius_km=3, **north(ALFA, 2.5)
    )  # reaches one school of the area
    client.force_login(coordinator)
    html = client.get(URL, {"campus": "alfa"}).content.decode()
    for name in ("jaar", "afstand", "bezoeken"):
        assert f'aria-describedby="id_{name}_helptext"' in html and f'id="id_{name}_helptext"' in html
    assert re.search(r"ze bereiken \d+,\d %", html), re.search(r"ze bereiken [^<]*", html)


def test_dashboard_falls_back_to_defaults_on_bad_filters(client, coordinator, area):
    client.force_login(coordinator)
    response = client.get(URL, {"campus": "nope", "afstand": "abc"})
    assert response.status_code == 200
    assert response.context["dashboard"].campus.name == "Alfa"
    assert response.context["dashboard"].distance_km == 10


def test_csv_export_is_dutch_excel_with_the_table_numbers(client, coordinator, area):
    client.force_login(coordinator)
    response = client.get(URL + "export/comparison.csv", {"afstand": "3"})
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    table = client.get(URL, {"afstand": "3"}).context["dashboard"].table("comparison")
    assert rows[0] == [str(column.label) for column in table.columns]
    alfa = next(row for row in rows if row[0] == "Alfa")
    assert alfa[1] == "3"
    assert alfa[5] == "66,7"  # % praktijkgericht, with a decimal comma


def test_white_spot_exports_per_campus_and_for_the_whole_region(client, coordinator, area):
    client.force_login(coordinator)
    campus = client.get(URL + "export/white_spots.csv", {"campus": "alfa", "afstand": "3"})
    assert "dekking-alfa-" in campus["Content-Disposition"]
    assert "White spot po" in campus.content.decode("utf-8-sig")
    region = client.get(URL + "export/white_spots_region.xlsx", {"afstand": "3"})
    assert "dekking-mrdh-" in region["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(region.content)).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["Beta vo", "White spot po"]


def test_xlsx_export_of_all_tables_has_one_sheet_each(client, coordinator, area):
    client.force_login(coordinator)
    response = client.get(URL + "export/alles.xlsx", {"campus": "alfa", "afstand": "3"})
    workbook = load_workbook(io.BytesIO(response.content))
    dashboard = client.get(URL, {"campus": "alfa", "afstand": "3"}).context["dashboard"]
    assert len(workbook.sheetnames) == len(dashboard.tables)


def test_exports_neutralise_formulas(client, coordinator, db):
    CampusFactory(name="=HYPERLINK(1)", slug="formule")
    client.force_login(coordinator)
    csv_text = client.get(URL + "export/comparison.csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in csv_text
    workbook = load_workbook(io.BytesIO(client.get(URL + "export/comparison.xlsx").content))
    assert workbook.active["A3"].value == "'=HYPERLINK(1)"


def test_export_of_unknown_table_is_not_found(client, coordinator, db):
    client.force_login(coordinator)
    assert client.get(URL + "export/nothing.csv").status_code == 404


def test_dashboard_page_query_count_is_bounded(client, coordinator, area, django_assert_max_num_queries):
    client.force_login(coordinator)
    for km in range(1, 10):
        InitiativeFactory(**north(ALFA, km))
        SchoolFactory(**north(ALFA, -km))
    with django_assert_max_num_queries(40):
        client.get(URL, {"afstand": "3"})
    with django_assert_max_num_queries(12):  # cached: session, user, role, form, catalogue version
        client.get(URL, {"afstand": "3"})


def _bus_offer(client):
    role = next(role for role in client.get(URL).context["dashboard"].roles if role.number == 2)
    return role.table.names


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_dashboard_bus_offer_is_what_a_class_can_get_the_bus_to(client, coordinator, area):
    """Role 2 names the offer bus_reach's rule lets a class take the bus to, not every offers_bus_transport flag."""
    rule = BusEligibilityRuleFactory()  # po groep 5-8
    InitiativeFactory(title="Bus groep 5-8", **north(ALFA, 3), offers_bus_transport=True)
    InitiativeFactory(
        title="Bus groep 1-4", **north(ALFA, 4), offers_bus_transport=True, po_group_from=1, po_group_to=4
    )
    InitiativeFactory(
        title="Bus op school",
        **north(ALFA, 5),
        offers_bus_transport=True,
        location_type=Initiative.LocationType.AT_SCHOOL,
        service_radius_km=10,
    )
    client.force_login(coordinator)

    assert _bus_offer(client) == ["Bus groep 5-8 (Alfa)"]

    rule.po_group_from = 1
    rule.save()  # committed: raises the catalogue version the cached dashboard is keyed on
    assert _bus_offer(client) == ["Bus groep 1-4 (Alfa)", "Bus groep 5-8 (Alfa)"]


def test_admin_index_links_to_dashboard(admin_client):
    assert URL in admin_client.get("/admin/").content.decode()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_dashboard_figures_follow_a_raw_update_with_the_documented_version_bump(client, coordinator, area):
    client.force_login(coordinator)
    first = client.get(URL, {"afstand": "3"}).context["dashboard"].table("comparison")
    assert first.value("Alfa", "total") == 3
    with transaction.atomic():
        Initiative.objects.update(status=Initiative.Status.ARCHIVED)
        bump_catalog_version()
    second = client.get(URL, {"afstand": "3"}).context["dashboard"].table("comparison")
    assert second.value("Alfa", "total") == 0


def _snapshot_at(moment):
    from unittest import mock

    with mock.patch("django.utils.timezone.now", return_value=moment):
        call_command("coverage_snapshot", stdout=io.StringIO())


def test_figures_for_two_school_years_differ_where_the_data_differs(client, coordinator, area):
    _snapshot_at(datetime.datetime(2025, 10, 1, 12, tzinfo=datetime.UTC))
    for km in (1, 2, 3):
        InitiativeFactory(**north(ALFA, km), po_group_from=None, po_group_to=None, vo_year_from=1, vo_year_to=2)
    _snapshot_at(datetime.datetime(2026, 10, 1, 12, tzinfo=datetime.UTC))
    _snapshot_at(datetime.datetime(2026, 11, 1, 12, tzinfo=datetime.UTC))  # same school year: replaced
    assert list(CoverageSnapshot.objects.values_list("school_year", flat=True)) == [2025, 2026]
    client.force_login(coordinator)
    trend = client.get(URL).context["dashboard"].table("trend")
    assert [row[0] for row in trend.rows] == ["2025/2026 (basisjaar)", "2026/2027"]
    assert trend.value("2025/2026 (basisjaar)", "total") == 4
    assert trend.value("2026/2027", "total") == 7
    assert trend.value("2025/2026 (basisjaar)", "po_share") == Decimal("50.0")
    assert trend.value("2026/2027", "po_share") == Decimal("28.6")


def test_snapshot_button_and_task_store_this_school_year(client, coordinator, area):
    from initiatives.coverage.tasks import take_coverage_snapshot

    client.force_login(coordinator)
    response = client.post(URL + "momentopname/")
    assert response.status_code == 302
    assert CoverageSnapshot.objects.count() == 1
    result = take_coverage_snapshot.enqueue()
    assert result.return_value == CoverageSnapshot.objects.get().school_year
    assert client.get(URL + "momentopname/").status_code == 405


def test_admin_index_links_to_dashboard_only_for_coordinators(client, django_user_model, db):
    campus = _staff(django_user_model, "campus-link", Role.CAMPUS)
    client.force_login(campus)
    assert URL in client.get("/admin/").content.decode()
    editor = _staff(django_user_model, "editor-link", Role.PROVIDER)
    client.force_login(editor)
    assert URL not in client.get("/admin/").content.decode()
