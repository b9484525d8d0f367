"""What the import screen shows after an upload (through the admin): the result first in view, errors in row
and column order, the warnings it counts, and the sessions import's own texts."""

# ruff: noqa: F811  (pytest fixtures imported from curation_fixtures are used as arguments)
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from campuses.models import PlaceAlias
from initiatives.models import Initiative
from tests.factories import InitiativeFactory, MunicipalityFactory, PlaceFactory
from tests.initiatives.curation_fixtures import (  # noqa: F401
    initiative_row,
    make_user,
    mrdh_user,
    provider,
    roles,
    table,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db


def upload(client, admin_name, rows):
    url = reverse(f"admin:initiatives_{admin_name}_import")
    return client.post(url, {"format": 0, "import_file": SimpleUploadedFile("bestand.xlsx", xlsx_bytes(rows))})


def session(initiative="robots-bouwen", begint="14-03-2027 10:00", eindigt="14-03-2027 12:00", **columns):
    return {"initiatief": initiative, "begint": begint, "eindigt": eindigt, "capaciteit": 20, **columns}


def test_errors_come_by_excel_row_then_column_and_the_heading_takes_the_focus(client, mrdh_user, provider):
    InitiativeFactory(title="Robots bouwen", slug="robots-bouwen", provider=provider)
    client.force_login(mrdh_user)
    rows = table(
        # Row 2: refused by the database when it writes the batch (end before start), so checked last.
        session(eindigt="14-03-2027 09:00"),
        session(initiative="Bestaat niet", begint="15-03-2027 10:00", eindigt="15-03-2027 12:00", capaciteit="veel"),
    )

    response = upload(client, "session", rows)

    errors = response.context["result"].summary["errors"]
    assert [(row, column) for row, column, _message in errors] == [
        (2, "eindigt"), (3, "initiatief"), (3, "capaciteit")
    ]  # fmt: skip
    assert "Onbekend initiatief: “Bestaat niet”." in errors[1][2]
    assert re.search(r'<h2 id="import-errors" tabindex="-1" autofocus>\s*Sommige rijen kloppen niet', response.text)


def test_the_preview_heading_takes_the_focus_and_every_counted_warning_is_listed(client, mrdh_user, provider):
    client.force_login(mrdh_user)
    rows = table(initiative_row(**{"kleur": "blauw"}))

    response = upload(client, "initiative", rows)

    assert 'id="import-preview" tabindex="-1" autofocus>Voorbeeld' in response.text
    assert "1 waarschuwing." in response.text
    warnings = re.search(r'<div class="module curation-warnings">(.*?)</div>', response.text, re.S).group(1)
    assert warnings.count("<li") == 1
    assert "kleur" in warnings


def test_sessions_screen_and_template_explain_how_sessions_are_matched(client, mrdh_user):
    client.force_login(mrdh_user)

    page = client.get(reverse("admin:initiatives_session_import")).content.decode()
    initiatives_page = client.get(reverse("admin:initiatives_initiative_import")).content.decode()
    sessions = load_workbook(io.BytesIO(client.get(reverse("admin:initiatives_session_import_template")).content))
    tips = [row[2].value for row in sessions["Uitleg"].iter_rows(min_row=2) if row[0].value == "Tips"]

    assert "het initiatief (titel of slug) en het begin (“begint”)" in page
    assert "Bestaande initiatieven" not in page
    assert "Bestaande initiatieven worden alleen bijgewerkt via de kolom “slug”" in initiatives_page
    assert any(tip.startswith("Eén rij per sessie") for tip in tips)
    assert not any("per initiatief" in tip or "slug uit de export" in tip for tip in tips)
    assert any("het initiatief (titel of slug) en het begin" in tip for tip in tips)


def confirm(client, response, admin_name="initiative"):
    form = response.context["confirm_form"]
    url = reverse(f"admin:initiatives_{admin_name}_process_import")
    return client.post(url, {name: form.initial.get(name, "") for name in form.fields})


def test_the_clear_marker_in_a_required_column_is_an_error(client, mrdh_user, provider):
    InitiativeFactory(title="Robots bouwen", slug="robots-bouwen", provider=provider)
    client.force_login(mrdh_user)

    response = upload(client, "session", table(session(capaciteit="[leeg]")))

    assert response.context["result"].summary["errors"] == [
        [2, "capaciteit", "Deze kolom is verplicht; [leeg] kan hier niet."]
    ]


def test_the_templates_example_row_left_in_the_file_is_refused_by_its_row(client, mrdh_user, provider):
    client.force_login(mrdh_user)
    template = client.get(reverse("admin:initiatives_initiative_import_template")).content
    url = reverse("admin:initiatives_initiative_import")

    response = client.post(url, {"format": 0, "import_file": SimpleUploadedFile("sjabloon.xlsx", template)})

    errors = response.context["result"].summary["errors"]
    assert [2, "titel", "Rij 2 is de voorbeeldrij uit het sjabloon: verwijder die rij en importeer opnieuw."] in errors


def test_an_end_date_in_the_past_is_a_warning(client, mrdh_user, provider):
    client.force_login(mrdh_user)

    response = upload(client, "initiative", table(initiative_row(**{"loopt tot": "01-09-2020"})))

    [warning] = response.context["result"].summary["warnings"]
    assert (warning["row"], warning["column"], warning["message"]) == (
        2, "loopt tot", "Deze einddatum is al voorbij; klopt dat?"
    )  # fmt: skip


def test_a_place_is_stored_as_the_reference_data_spells_it(client, mrdh_user, provider):
    the_hague = MunicipalityFactory(code="GM0518", name="'s-Gravenhage")
    place = PlaceFactory(name="'s-Gravenhage", municipality=the_hague)
    PlaceAlias.objects.create(place=place, name="Den Haag", search_name="den haag")
    client.force_login(mrdh_user)

    confirm(client, upload(client, "initiative", table(initiative_row(plaats="den haag"))))

    assert Initiative.objects.get().place_name == "Den Haag"


def test_the_template_says_a_photo_address_may_start_with_http_as_the_import_accepts(client, mrdh_user):
    client.force_login(mrdh_user)

    template = load_workbook(io.BytesIO(client.get(reverse("admin:initiatives_initiative_import_template")).content))

    explained = {row[0].value: row[2].value for row in template["Uitleg"].iter_rows(min_row=2) if row[0].value}
    assert "https:// of http://" in explained["afbeelding"]
