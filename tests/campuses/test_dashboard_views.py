import csv
import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from openpyxl import load_workbook

from tests.campuses.dashboard_map import ALFA, north
from tests.factories import CampusFactory, InitiativeFactory, SchoolFactory

URL = "/beheer/dekking/"


@pytest.fixture
def coordinator(django_user_model):
    user = django_user_model.objects.create_user("coordinator", password="x", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_campus", content_type__app_label="campuses"))
    return user


def test_dashboard_redirects_anonymous_to_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_dashboard_refuses_non_staff(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("parent", password="x"))
    response = client.get(URL)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_dashboard_refuses_staff_without_campus_permission(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("editor", password="x", is_staff=True))
    assert client.get(URL).status_code == 403


def test_dashboard_shows_figures_for_chosen_campus(client, coordinator, area):
    client.force_login(coordinator)
    response = client.get(URL, {"campus": "beta", "jaar": "2026", "afstand": "3"})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "Beta: aanbod binnen 5 km" in html
    assert 'scope="row">Alfa</th>' in html


def test_dashboard_lists_white_spots_with_map_data(client, coordinator, area):
    client.force_login(coordinator)
    html = client.get(URL, {"campus": "alfa", "afstand": "3"}).content.decode()
    assert 'id="white-spot-data"' in html
    assert "White spot po" in html
    assert "leaflet/leaflet.js" in html


def test_dashboard_falls_back_to_defaults_on_bad_filters(client, coordinator, area):
    client.force_login(coordinator)
    response = client.get(URL, {"campus": "nope", "afstand": "abc"})
    assert response.status_code == 200
    assert response.context["dashboard"].campus.name == "Alfa"
    assert response.context["dashboard"].distance_km == 10


def test_csv_export_has_the_table_numbers(client, coordinator, area):
    client.force_login(coordinator)
    response = client.get(URL + "export/comparison.csv", {"afstand": "3"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    table = client.get(URL, {"afstand": "3"}).context["dashboard"].table("comparison")
    assert rows[0] == [str(column.label) for column in table.columns]
    alfa = next(row for row in rows if row[0] == "Alfa")
    assert alfa[2] == str(table.value("Alfa", "total")) == "3"
    assert Decimal(alfa[9]) == table.value("Alfa", "practice_high")


def test_xlsx_export_of_all_tables_has_one_sheet_each(client, coordinator, area):
    client.force_login(coordinator)
    response = client.get(URL + "export/alles.xlsx", {"campus": "alfa", "afstand": "3"})
    workbook = load_workbook(io.BytesIO(response.content))
    dashboard = client.get(URL, {"campus": "alfa", "afstand": "3"}).context["dashboard"]
    assert len(workbook.sheetnames) == len(dashboard.tables)
    sheet = workbook[workbook.sheetnames[0]]
    values = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert values["Alfa"][2] == 3
    assert values["Alfa"][11] == 1  # white spots


def test_exports_neutralise_formulas(client, coordinator, db):
    CampusFactory(name="=HYPERLINK(1)", slug="formule")
    client.force_login(coordinator)
    csv_text = client.get(URL + "export/comparison.csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in csv_text
    workbook = load_workbook(io.BytesIO(client.get(URL + "export/comparison.xlsx").content))
    assert workbook.active["A2"].value == "'=HYPERLINK(1)"


def test_export_of_unknown_table_is_not_found(client, coordinator, db):
    client.force_login(coordinator)
    assert client.get(URL + "export/nothing.csv").status_code == 404


def test_dashboard_page_query_count_is_bounded(client, coordinator, area, django_assert_max_num_queries):
    client.force_login(coordinator)
    for km in range(1, 10):
        InitiativeFactory(**north(ALFA, km))
        SchoolFactory(**north(ALFA, -km))
    with django_assert_max_num_queries(33):  # 30 + booking and bus figures (one query each) + editable footer links
        client.get(URL, {"afstand": "3"})
    # cached: session, user, form, data version with bookings, footer links (+ SET jit on PG)
    with django_assert_max_num_queries(19):
        client.get(URL, {"afstand": "3"})


def test_admin_index_links_to_dashboard(admin_client):
    assert URL in admin_client.get("/admin/").content.decode()


def test_dashboard_figures_follow_changes_despite_the_cache(client, coordinator, area):
    client.force_login(coordinator)
    first = client.get(URL, {"afstand": "3"}).context["dashboard"].table("comparison")
    assert first.value("Alfa", "total") == 3
    InitiativeFactory(**north(ALFA, 3))
    second = client.get(URL, {"afstand": "3"}).context["dashboard"].table("comparison")
    assert second.value("Alfa", "total") == 4


def test_dashboard_booking_figures_follow_bookings_despite_the_cache(client, coordinator, area):
    import datetime

    from django.utils import timezone

    from initiatives.bookings import services as booking_services
    from initiatives.models import Booking, Initiative
    from tests.factories import BookingFactory

    client.force_login(coordinator)
    initiative = Initiative.objects.filter(campus__name="Alfa").first()
    booking = BookingFactory(initiative=initiative, starts_at=timezone.now() + datetime.timedelta(days=5))
    year = str(timezone.localdate().year if timezone.localdate().month >= 8 else timezone.localdate().year - 1)
    params = {"campus": "alfa", "afstand": "3", "jaar": year}
    before = client.get(URL, params).context["dashboard"].table("activity")
    booking_services.confirm(booking=Booking.objects.get(pk=booking.pk))
    after = client.get(URL, params).context["dashboard"].table("activity")

    assert before.value("Boekingen", "count") == 0
    assert after.value("Boekingen", "count") == 1
