"""What the import screen shows after an upload (through the admin): the result first in view, errors in row
and column order, the warnings it counts, and the sessions import's own texts."""

# ruff: noqa: F811  (pytest fixtures imported from curation_fixtures are used as arguments)
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import InitiativeFactory
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
