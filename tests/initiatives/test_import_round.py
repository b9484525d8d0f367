"""The yearly round (journey C2) and the first inventory (C1) through the admin import/confirm URLs."""

# ruff: noqa: F811  (pytest fixtures imported from curation_fixtures are used as arguments)
import io
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from campuses.models import PlaceAlias
from initiatives.models import Initiative, PendingChange
from tests.factories import (
    InitiativeFactory,
    LanguageFactory,
    MunicipalityFactory,
    PlaceFactory,
    TargetGroupFactory,
    ThemeFactory,
)
from tests.initiatives.curation_fixtures import (  # noqa: F401
    campus_rotterdam,
    csv_bytes,
    initiative_row,
    make_user,
    mrdh_user,
    other_provider,
    provider,
    provider_user,
    roles,
    table,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db

IMPORT_URL = "admin:initiatives_initiative_import"
CONFIRM_URL = "admin:initiatives_initiative_process_import"


def export_xlsx(client):
    url = reverse("admin:initiatives_initiative_export")
    form = client.get(url).context["form"]
    data = {"format": 0, **{name: "on" for name in form.fields if name.startswith("initiativeresource_")}}
    response = client.post(url, data)
    return b"".join(response.streaming_content) if response.streaming else response.content


def preview(client, data, name="aanbod.xlsx"):
    fmt = 1 if name.endswith(".csv") else 0
    return client.post(reverse(IMPORT_URL), {"format": fmt, "import_file": SimpleUploadedFile(name, data)})


def confirm(client, response):
    form = response.context["confirm_form"]
    return client.post(reverse(CONFIRM_URL), {name: form.initial.get(name, "") for name in form.fields})


def changed_cells(response):
    """(excel row, column, old, new) of every cell the preview page says will change, as it shows them."""
    import html

    def shown(cell):
        text = html.unescape(re.sub(r"<[^>]+>", "", cell)).strip()
        return "" if text in ("–", "(leeg)") else text

    cells = []
    table = re.search(r'<table class="import-preview curation-changes">(.*?)</table>', response.text, re.S)
    for group in re.findall(r"<tbody[^>]*>(.*?)</tbody>", table.group(1) if table else "", re.S):
        number = int(re.search(r'<th scope="rowgroup"[^>]*>(\d+)</th>', group).group(1))
        for line in re.findall(r"<tr>(.*?)</tr>", group, re.S):
            column, old, new = re.findall(r"<td>(.*?)</td>", line, re.S)[-3:]
            cells.append((number, shown(column), shown(old), shown(new)))
    return cells


@pytest.fixture
def catalogue(provider, other_provider):
    themes = [ThemeFactory(name=name) for name in ("Robotica", "Programmeren en ICT", "Energie")]
    groups = [TargetGroupFactory(name=name) for name in ("Meisjes", "Ouders")]
    languages = [LanguageFactory(code="nl", name="Nederlands"), LanguageFactory(code="en", name="Engels")]
    MunicipalityFactory(code="GM0599", name="Rotterdam")
    items = []
    for index, owner in enumerate((provider, provider, other_provider)):
        initiative = InitiativeFactory(
            title=f"Activiteit {index}", provider=owner, source=f"https://example.org/{index}", is_free=True
        )
        # Stored in another order than the export writes them: compared as sets, not as lists.
        initiative.themes.set(list(reversed(themes)))
        initiative.target_groups.set(list(reversed(groups)))
        initiative.languages.set(list(reversed(languages)))
        items.append(initiative)
    return items


def test_reimporting_an_unchanged_export_changes_nothing(client, mrdh_user, catalogue):
    client.force_login(mrdh_user)

    response = preview(client, export_xlsx(client))

    assert "0 nieuw, 0 gewijzigd, 3 ongewijzigd." in response.text
    assert changed_cells(response) == []


def test_yearly_round_three_cells_change_and_only_those(client, mrdh_user, catalogue):
    client.force_login(mrdh_user)
    workbook = load_workbook(io.BytesIO(export_xlsx(client)))
    sheet = workbook.active
    header = [cell.value for cell in sheet[1]]
    rows = {sheet.cell(row=number, column=1).value: number for number in range(2, sheet.max_row + 1)}
    # As a coordinator types in Excel: Dutch money, "nee", a Dutch date.
    sheet.cell(row=rows["activiteit-0"], column=header.index("gratis") + 1, value="nee")
    sheet.cell(row=rows["activiteit-0"], column=header.index("prijs (€)") + 1, value="€ 7,50")
    sheet.cell(row=rows["activiteit-2"], column=header.index("laatst gecontroleerd op") + 1, value="3-10-2026")
    buffer = io.BytesIO()
    workbook.save(buffer)
    before = {item.pk: item for item in Initiative.objects.all()}

    response = preview(client, buffer.getvalue())

    assert "0 nieuw, 2 gewijzigd, 1 ongewijzigd." in response.text
    assert changed_cells(response) == [
        (rows["activiteit-0"], "gratis", "ja", "nee"),
        (rows["activiteit-0"], "prijs (€)", "", "7,50"),
        (rows["activiteit-2"], "laatst gecontroleerd op", "01-09-2026", "03-10-2026"),
    ]
    assert "7,50" in response.text

    assert confirm(client, response).status_code == 302

    for item in Initiative.objects.all():
        old = before[item.pk]
        expected = {
            "activiteit-0": {"is_free": False, "price": Decimal("7.50")},
            "activiteit-2": {"last_verified_on": __import__("datetime").date(2026, 10, 3)},
        }.get(item.slug, {})
        for name in ("title", "summary", "description", "source", "is_free", "price", "last_verified_on"):
            assert getattr(item, name) == expected.get(name, getattr(old, name)), (item.slug, name)
        assert item.themes.count() == 3 and item.target_groups.count() == 2 and item.languages.count() == 2


def test_blank_keeps_and_the_marker_clears(client, mrdh_user, catalogue):
    client.force_login(mrdh_user)
    rows = table(
        {"slug": "activiteit-0", "titel": "", "aanbieder": "", "korte omschrijving": "", "soort activiteit": "",
         "praktijkgerichtheid": "", "beschrijving": "[leeg]", "thema's": "", "doelgroepen": "[leeg]", "bron": ""},
    )  # fmt: skip

    response = preview(client, csv_bytes(rows), name="ronde.csv")

    assert changed_cells(response) == [
        (2, "beschrijving", "Een middag zelf bouwen, testen en verbeteren.", ""),
        (2, "doelgroepen", "Meisjes, Ouders", ""),
    ]
    confirm(client, response)
    item = Initiative.objects.get(slug="activiteit-0")
    assert (item.description, item.source, item.themes.count(), item.target_groups.count()) == (
        "",
        "https://example.org/0",
        3,
        0,
    )


def test_a_title_without_key_never_updates_another_providers_entry(client, provider_user, catalogue):
    """ "Proefles lassen" by one provider must not take over another's published entry."""
    client.force_login(provider_user)
    data = xlsx_bytes(table(initiative_row(title="Activiteit 2", **{"korte omschrijving": "Overgenomen!"})))

    response = preview(client, data)

    assert "1 nieuw, 0 gewijzigd, 0 ongewijzigd." in response.text
    assert "Mogelijke dubbelingen" in response.text
    [duplicate] = response.context["result"].likely_duplicates
    assert catalogue[2].pk in [pk for pk, _title in duplicate["matches"]]
    confirm(client, response)
    theirs = Initiative.objects.get(pk=catalogue[2].pk)
    assert theirs.summary != "Overgenomen!"
    mine = Initiative.objects.exclude(pk__in=[item.pk for item in catalogue]).get()
    assert (mine.slug, mine.provider.name, mine.status) == ("activiteit-2-2", "TechLab Rotterdam", "review")


def test_provider_editor_cannot_touch_another_providers_entry_by_its_slug(client, provider_user, catalogue):
    client.force_login(provider_user)
    data = xlsx_bytes(table(initiative_row(slug="activiteit-2", title="Activiteit 2", provider="TechLab Rotterdam")))

    response = preview(client, data)

    assert response.context.get("confirm_form") is None
    assert "buiten wat jij mag beheren" in response.text


def test_provider_editor_cannot_set_the_campus(client, provider_user, provider, campus_rotterdam):
    client.force_login(provider_user)

    response = preview(client, xlsx_bytes(table(initiative_row(campus="Campus Rotterdam Zuid"))))

    assert response.context.get("confirm_form") is None
    assert "Alleen coördinatoren kiezen de campus" in response.text


def test_moving_an_entry_to_another_provider_needs_confirmation_per_row(client, mrdh_user, catalogue):
    client.force_login(mrdh_user)
    moved = {"slug": "activiteit-0", "aanbieder": "Haagse Makers"}

    refused = preview(client, csv_bytes(table(moved)), name="verhuizen.csv")
    assert refused.context.get("confirm_form") is None
    assert "andere aanbieder bevestigd" in refused.text

    accepted = preview(client, csv_bytes(table({**moved, "andere aanbieder bevestigd": "ja"})), name="verhuizen.csv")
    confirm(client, accepted)
    assert Initiative.objects.get(slug="activiteit-0").provider.name == "Haagse Makers"


def test_first_round_reports_every_error_in_dutch_with_hints(client, mrdh_user, provider, campus_rotterdam):
    ThemeFactory(name="Robotica")
    client.force_login(mrdh_user)
    rows = table(
        initiative_row(provider=""),
        initiative_row(title="Drones", **{"thema's": "Robotika", "soort activiteit": "worksop"}),
    )

    response = preview(client, xlsx_bytes(rows))

    text = re.sub(r"\s+", " ", response.text)
    assert "<td>2</td><td>aanbieder</td><td>Vul de kolom “aanbieder” in; die is verplicht.</td>" in text
    assert "Bedoelde je “Robotica”?" in text
    assert "Bedoelde je “workshop”?" in text
    assert "NOT NULL" not in text
    assert Initiative.objects.count() == 0


def test_municipality_by_the_name_people_use(client, mrdh_user, provider):
    the_hague = MunicipalityFactory(code="GM0518", name="'s-Gravenhage")
    place = PlaceFactory(name="'s-Gravenhage", municipality=the_hague)
    PlaceAlias.objects.create(place=place, name="Den Haag", search_name="den haag")
    client.force_login(mrdh_user)

    response = preview(client, xlsx_bytes(table(initiative_row(gemeente="Den Haag"))))
    confirm(client, response)

    assert Initiative.objects.get().municipality == the_hague


def test_preview_shows_m2m_and_derived_values_of_new_rows(client, mrdh_user, provider, campus_rotterdam):
    ThemeFactory(name="Robotica")
    client.force_login(mrdh_user)

    response = preview(client, xlsx_bytes(table(initiative_row(**{"thema's": "robotica"}))))

    cells = {column: new for _row, column, _old, new in changed_cells(response)}
    assert cells["thema's"] == "Robotica"
    assert cells["campus (afgeleid)"] == "Campus Rotterdam Zuid (berekend)"
    assert cells["punt (afgeleid)"].startswith("51,9225; 4,4792")


def test_unreadable_and_oversized_files_get_a_dutch_message(client, mrdh_user):
    client.force_login(mrdh_user)
    header = "titel;aanbieder;korte omschrijving;soort activiteit;praktijkgerichtheid\r\n"
    big = (header + "".join(f"Rij {n};TechLab;Tekst;workshop;3\r\n" for n in range(200_000))).encode("cp1252")

    response = preview(client, big, name="groot.csv")

    [message] = response.context["form"].errors["import_file"]
    assert "de grens is 50.000 rijen" in message

    broken = b"PK\x03\x04" + b"\x00" * 200
    response = preview(client, broken)
    assert "encountered" not in response.text


def test_templates_explain_sessions_and_offer_drop_downs_and_an_example(client, mrdh_user, provider):
    client.force_login(mrdh_user)

    initiatives = load_workbook(io.BytesIO(client.get(reverse("admin:initiatives_initiative_import_template")).content))
    sessions = load_workbook(io.BytesIO(client.get(reverse("admin:initiatives_session_import_template")).content))

    sheet = initiatives["Gegevens"]
    header = [cell.value for cell in sheet[1]]
    assert {"bevestiging", "wachtlijst", "gratis busvervoer mogelijk", "boeken sluit (dagen vooraf)"} <= set(header)
    assert sheet.cell(row=2, column=header.index("prijs (€)") + 1).value == "€ 7,50"
    ranges = {str(validation.sqref).split(":")[0] for validation in sheet.data_validations.dataValidation}
    activity = sheet.cell(row=1, column=header.index("soort activiteit") + 1).column_letter
    assert f"{activity}2" in ranges
    explained = {row[0].value: row[2].value for row in sessions["Uitleg"].iter_rows(min_row=2) if row[0].value}
    assert "einde van die dag" in explained["boeken mogelijk tot"]
    assert any("50.000 rijen" in (row[2].value or "") for row in initiatives["Uitleg"].iter_rows(min_row=2))


def test_sessions_by_unique_title_and_plain_dates(client, mrdh_user, provider):
    initiative = InitiativeFactory(title="Robots bouwen", provider=provider)
    InitiativeFactory(title="Dubbel", slug="dubbel-1")
    InitiativeFactory(title="Dubbel", slug="dubbel-2")
    client.force_login(mrdh_user)
    rows = table(
        {"initiatief": "robots bouwen", "begint": "14-03-2027 10:00", "eindigt": "14-03-2027 12:00", "capaciteit": 20,
         "boeken mogelijk tot": "10-03-2027"},
    )  # fmt: skip
    url = reverse("admin:initiatives_session_import")

    response = client.post(url, {"format": 0, "import_file": SimpleUploadedFile("s.xlsx", xlsx_bytes(rows))})
    form = response.context["confirm_form"]
    client.post(
        reverse("admin:initiatives_session_process_import"),
        {name: form.initial.get(name, "") for name in form.fields},
    )

    session = initiative.sessions.get()
    closes = session.booking_closes_at.astimezone(__import__("zoneinfo").ZoneInfo("Europe/Amsterdam"))
    assert (closes.day, closes.hour, closes.minute) == (10, 23, 59)
    ambiguous = table({"initiatief": "Dubbel", "begint": "14-03-2027 10:00", "eindigt": "14-03-2027 12:00",
                       "capaciteit": 5})  # fmt: skip
    response = client.post(url, {"format": 0, "import_file": SimpleUploadedFile("s.xlsx", xlsx_bytes(ambiguous))})
    assert "Meer initiatieven heten “Dubbel”" in response.text


def published_entry_renamed(client, provider_user, live):
    """Publish live, log in as its provider editor: a file that renames it."""
    live.status = Initiative.Status.PUBLISHED
    live.save()
    client.force_login(provider_user)
    row = initiative_row(slug=live.slug, title="Activiteit 0, vernieuwd", provider=live.provider.name)
    return xlsx_bytes(table(row))


def test_provider_editor_import_of_a_published_entry_waits_for_review(client, provider_user, catalogue):
    live = catalogue[0]

    response = confirm(client, preview(client, published_entry_renamed(client, provider_user, live)))

    assert response.status_code == 302
    live.refresh_from_db()
    assert (live.title, live.status) == ("Activiteit 0", Initiative.Status.PUBLISHED)
    assert client.get(live.get_absolute_url()).status_code == 200
    change = PendingChange.objects.get(object_id=live.pk)
    assert (change.author, change.status, change.data["title"]) == (provider_user, "pending", "Activiteit 0, vernieuwd")


def test_export_file_and_sheet_are_named_in_dutch(client, mrdh_user, catalogue):
    client.force_login(mrdh_user)
    url = reverse("admin:initiatives_initiative_export")
    form = client.get(url).context["form"]
    response = client.post(
        url, {"format": 0, **{name: "on" for name in form.fields if name.startswith("initiativeresource_")}}
    )

    assert 'filename="initiatieven-' in response["Content-Disposition"]
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert load_workbook(io.BytesIO(content)).sheetnames[0] == "Initiatieven"


def test_import_checks_size_and_real_type_before_reading(client, mrdh_user, settings):
    client.force_login(mrdh_user)
    settings.IMPORT_MAX_UPLOAD_BYTES = 1000

    too_large = preview(client, b"titel;aanbieder\n" + b"x;y\n" * 500, name="aanbod.csv")
    not_a_workbook = preview(client, b"titel,aanbieder\nRobots,TechLab\n", name="aanbod.xlsx")

    assert "Dit bestand is te groot" in too_large.text and "hoogstens 1000\xa0bytes" in too_large.text
    assert "Dit is geen geldig Excel-bestand (.xlsx)." in not_a_workbook.text
    assert Initiative.objects.count() == 0


def test_provider_editor_change_to_review_is_counted_as_such_not_as_updated(client, provider_user, catalogue):
    checked = preview(client, published_entry_renamed(client, provider_user, catalogue[0]))
    done = client.get(confirm(client, checked)["Location"])

    assert checked.context["result"].summary["totals"] == {"new": 0, "update": 0, "skip": 0, "review": 1}
    assert "0 nieuw, 0 gewijzigd, 0 ongewijzigd." in checked.text
    assert "1 ter beoordeling" in checked.text
    assert checked.context["result"].summary["changes"][0]["type"] == "review"
    shown = [str(message) for message in done.context["messages"]]
    assert any("1 ter beoordeling" in message for message in shown)
    assert not any("1 bijgewerkt" in message or "1 updated" in message for message in shown)


def test_reimporting_an_unchanged_export_warns_about_no_untouched_row(client, mrdh_user, provider):
    InitiativeFactory(
        title="Techniekbus", provider=provider, location_type=Initiative.LocationType.AT_SCHOOL,
        status=Initiative.Status.DRAFT, latitude=None, longitude=None, postcode="",
    )  # fmt: skip
    client.force_login(mrdh_user)
    workbook = load_workbook(io.BytesIO(export_xlsx(client)))
    unchanged = io.BytesIO()
    workbook.save(unchanged)
    header = [cell.value for cell in workbook.active[1]]
    workbook.active.cell(row=2, column=header.index("korte omschrijving") + 1).value = "Een nieuwe omschrijving."
    changed = io.BytesIO()
    workbook.save(changed)

    untouched = preview(client, unchanged.getvalue()).context["result"].summary
    touched = preview(client, changed.getvalue()).context["result"].summary

    assert (untouched["totals"]["skip"], untouched["warnings"], untouched["warning_count"]) == (1, [], 0)
    assert [item["row"] for item in touched["warnings"]] == [2]
    assert "geen vertrekpunt" in touched["warnings"][0]["message"]
