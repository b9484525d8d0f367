# ruff: noqa: F811  (pytest fixtures imported from curation_fixtures are used as arguments)
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from initiatives.models import Initiative
from tests.factories import InitiativeFactory, SessionFactory, TargetGroupFactory, ThemeFactory
from tests.initiatives.curation_fixtures import (  # noqa: F401
    campus_rotterdam,
    campus_user,
    csv_bytes,
    initiative_row,
    make_user,
    mrdh_user,
    provider,
    provider_user,
    roles,
    table,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db

ADMIN_PAGES = [
    "admin:index",
    "admin:initiatives_initiative_changelist",
    "admin:initiatives_initiative_add",
    "admin:initiatives_initiative_import",
    "admin:initiatives_initiative_export",
    "admin:initiatives_initiative_data_quality",
    "admin:initiatives_session_changelist",
    "admin:initiatives_session_import",
    "admin:initiatives_provider_changelist",
    "admin:initiatives_theme_changelist",
    "admin:initiatives_targetgroup_changelist",
    "admin:initiatives_language_changelist",
]


@pytest.mark.parametrize("user_fixture", ["mrdh_user", "campus_user", "provider_user"])
def test_admin_pages_open_for_every_role(client, request, user_fixture, provider, campus_rotterdam):
    InitiativeFactory(provider=provider)
    client.force_login(request.getfixturevalue(user_fixture))

    statuses = {name: client.get(reverse(name)).status_code for name in ADMIN_PAGES}

    assert statuses == dict.fromkeys(ADMIN_PAGES, 200)


def test_admin_initiative_changelist_query_count_does_not_grow(client, mrdh_user, django_assert_max_num_queries):
    for _ in range(15):
        InitiativeFactory()
    client.force_login(mrdh_user)

    with django_assert_max_num_queries(25):
        client.get(reverse("admin:initiatives_initiative_changelist"))


def test_admin_change_form_loads_the_map_assets(client, mrdh_user):
    initiative = InitiativeFactory()
    client.force_login(mrdh_user)

    response = client.get(reverse("admin:initiatives_initiative_change", args=[initiative.pk]))

    assert "leaflet/leaflet.js" in response.text
    assert "js/admin_map.js" in response.text
    assert 'id="initiative-map"' in response.text
    assert 'data-tiles="https://' in response.text


def test_admin_import_template_has_dutch_headers_and_allowed_values(client, mrdh_user):
    ThemeFactory(name="Robotica", slug="robotica")
    client.force_login(mrdh_user)

    response = client.get(reverse("admin:initiatives_initiative_import_template"))

    workbook = load_workbook(io.BytesIO(response.content))
    headers = [cell.value for cell in workbook["Gegevens"][1]]
    explanation = {row[0]: row for row in workbook["Uitleg"].iter_rows(values_only=True) if row and row[0]}
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert headers[:3] == ["slug", "externe referentie", "titel"]
    assert "Robotica" in explanation["thema's"][3]
    assert "workshop" in explanation["soort activiteit"][3]
    assert explanation["titel"][1] == "ja"


def test_admin_import_template_of_sessions_and_providers(client, mrdh_user):
    client.force_login(mrdh_user)

    sessions = load_workbook(io.BytesIO(client.get(reverse("admin:initiatives_session_import_template")).content))
    providers = load_workbook(io.BytesIO(client.get(reverse("admin:initiatives_provider_import_template")).content))

    assert [cell.value for cell in sessions.active[1]][:4] == ["initiatief", "begint", "eindigt", "capaciteit"]
    assert providers.active["A1"].value == "naam"


def test_admin_import_preview_then_confirm(client, mrdh_user, provider):
    client.force_login(mrdh_user)
    url = reverse("admin:initiatives_initiative_import")
    data = csv_bytes(table(initiative_row(), initiative_row(title="Zonne-energie meten")))

    preview = client.post(url, {"format": 1, "import_file": SimpleUploadedFile("aanbod.csv", data)})
    assert "2 nieuw, 0 gewijzigd, 0 ongewijzigd." in preview.text
    assert Initiative.objects.count() == 0

    confirm_form = preview.context["confirm_form"]
    confirm = client.post(
        reverse("admin:initiatives_initiative_process_import"),
        {name: confirm_form.initial.get(name, "") for name in confirm_form.fields},
    )

    assert confirm.status_code == 302
    assert Initiative.objects.count() == 2
    assert {entry.history_user for entry in Initiative.history.all()} == {mrdh_user}


def test_admin_import_shows_errors_by_excel_row_and_column(client, mrdh_user, provider):
    client.force_login(mrdh_user)
    data = xlsx_bytes(table(initiative_row(), initiative_row(title="Drones", breedtegraad="4,3", lengtegraad="52,1")))

    response = client.post(
        reverse("admin:initiatives_initiative_import"),
        {"format": 0, "import_file": SimpleUploadedFile("aanbod.xlsx", data)},
    )

    assert "<td>3</td><td>breedtegraad</td>" in response.text
    assert "verwisseld" in response.text
    assert response.context.get("confirm_form") is None


def test_admin_import_of_a_non_spreadsheet_is_a_clear_form_error(client, mrdh_user):
    client.force_login(mrdh_user)

    response = client.post(
        reverse("admin:initiatives_initiative_import"),
        {"format": 0, "import_file": SimpleUploadedFile("foto.xlsx", b"\x89PNG\r\n\x1a\n\x00\x00binary")},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["import_file"]
    assert Initiative.objects.count() == 0


def test_admin_export_is_formula_safe(client, mrdh_user, provider):
    InitiativeFactory(title="=1+1", provider=provider, summary="+31 10 123 4567")
    client.force_login(mrdh_user)
    url = reverse("admin:initiatives_initiative_export")
    form = client.get(url).context["form"]
    data = {"format": 1, **{name: "on" for name in form.fields if name.startswith("initiativeresource_")}}

    response = client.post(url, data)

    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert b"'=1+1" in content
    assert b"'+31 10 123 4567" in content


def test_admin_data_quality_lists_the_right_rows(client, mrdh_user, provider):
    today = datetime.date.today()
    girls = TargetGroupFactory(name="Meisjes", slug="meisjes")
    fine = InitiativeFactory(title="In orde", provider=provider, target_groups=[girls], last_verified_on=today)
    SessionFactory(initiative=fine)
    InitiativeFactory(title="Zonder punt", latitude=None, longitude=None, target_groups=[girls])
    InitiativeFactory(title="Zonder niveau", po_group_from=None, po_group_to=None, target_groups=[girls])
    InitiativeFactory(title="Robots", provider=provider, target_groups=[girls])
    InitiativeFactory(title="robots ", provider=provider, slug="robots-2", target_groups=[girls])
    InitiativeFactory(title="Gearchiveerd zonder punt", latitude=None, longitude=None, status="archived")
    client.force_login(mrdh_user)

    response = client.get(reverse("admin:initiatives_initiative_data_quality"))

    found = {section["check"].slug: {i.title for i in section["rows"]} for section in response.context["sections"]}
    assert found["geen-locatie"] == {"Zonder punt"}
    assert found["geen-schoolniveau"] == {"Zonder niveau"}
    assert found["geen-doelgroep"] == set()
    assert found["mogelijke-dubbelingen"] == {"Robots", "robots "}
    assert "In orde" not in found["geen-komende-sessies"]
    assert "Zonder punt" in found["geen-komende-sessies"]
    assert found["niet-gecontroleerd"] == set()


def test_admin_data_quality_is_scoped_to_the_campus(client, campus_user, provider, campus_rotterdam):
    InitiativeFactory(title="Bij de campus", latitude=None, longitude=None, campus=None)
    client.force_login(campus_user)

    response = client.get(reverse("admin:initiatives_initiative_data_quality"))

    assert "Bij de campus" not in response.text


def test_admin_index_links_to_data_quality_and_template(client, mrdh_user):
    client.force_login(mrdh_user)

    response = client.get(reverse("admin:index"))

    assert reverse("admin:initiatives_initiative_data_quality") in response.text
    assert reverse("admin:initiatives_initiative_import_template") in response.text
