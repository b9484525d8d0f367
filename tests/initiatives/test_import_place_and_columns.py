"""Through the admin import page: a venue row without a postcode gets its point (and campus) from its
place, an unknown place is named with "Bedoelde je ...?"; a venue without a point is not published;
the source names the uploaded sheet; the page lists every column of the template."""

# ruff: noqa: F811  (pytest fixtures imported from curation_fixtures are used as arguments)
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from campuses.models import Place
from initiatives.models import Initiative
from tests.factories import CampusFactory, InitiativeFactory, image_bytes
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

IMPORT_URL = "admin:initiatives_initiative_import"
CONFIRM_URL = "admin:initiatives_initiative_process_import"


def preview(client, sheet, name="aanbod.xlsx", photos=None):
    data = {"format": 0, "import_file": SimpleUploadedFile(name, sheet)}
    if photos is not None:
        data["photos"] = SimpleUploadedFile("fotos.zip", photos)
    return client.post(reverse(IMPORT_URL), data)


def confirm(client, response):
    form = response.context["confirm_form"]
    return client.post(reverse(CONFIRM_URL), {name: form.initial.get(name, "") for name in form.fields}, follow=True)


def venue_row(title, place, **columns):
    # No postcode and no coordinates: only the place says where it is.
    return initiative_row(title=title, plaats=place, breedtegraad="", lengtegraad="", **columns)


def errors(response):
    return [
        (row.number, str(column), str(message))
        for row in response.context["result"].invalid_rows
        for column, messages in row.field_specific_errors.items()
        for message in messages
    ]


@pytest.fixture
def campuses(geography):
    hague = CampusFactory(
        name="Campus Den Haag", slug="den-haag", latitude=Decimal("52.0767"), longitude=Decimal("4.2986")
    )
    return {"rotterdam": CampusFactory(name="Campus Rotterdam", slug="rotterdam"), "den_haag": hague}


def test_a_known_place_gives_the_point_and_campus_and_a_typo_is_a_warning_with_a_suggestion(
    client, mrdh_user, provider, campuses
):
    client.force_login(mrdh_user)
    sheet = xlsx_bytes(
        table(
            venue_row("Robots in Rotterdam", "Rotterdam"),
            venue_row("Robots in Den Haag", "Den Haag"),
            venue_row("Robots met een typfout", "Rotterdm"),
        )
    )

    response = preview(client, sheet)

    result = response.context["result"]
    assert [(w["row"], w["column"]) for w in result.row_warnings] == [(4, "plaats")]
    assert "Bedoelde je Rotterdam?" in result.row_warnings[0]["message"]
    assert "1 waarschuwing." in response.content.decode()
    assert "(midden van de plaats)" in response.content.decode()  # the preview says where the point came from
    assert "(midden van de postcode)" not in response.content.decode()
    confirm(client, response)
    rotterdam, den_haag, typo = (
        Initiative.objects.get(title=title)
        for title in ("Robots in Rotterdam", "Robots in Den Haag", "Robots met een typfout")
    )
    assert (rotterdam.latitude, rotterdam.is_point_approximate) == (Place.objects.get(name="Rotterdam").latitude, True)
    assert rotterdam.campus == campuses["rotterdam"]
    assert den_haag.latitude == Decimal("52.076700") and den_haag.campus == campuses["den_haag"]
    assert typo.latitude is None and typo.campus is None


def test_an_unknown_place_of_a_published_venue_is_an_error(client, mrdh_user, provider, campuses):
    client.force_login(mrdh_user)

    response = preview(client, xlsx_bytes(table(venue_row("Robots", "Rotterdm", status="gepubliceerd"))))

    [(row, column, message)] = errors(response)
    assert (row, column) == (2, "plaats") and "Bedoelde je Rotterdam?" in message
    assert not Initiative.objects.exists()


def test_publish_refuses_a_venue_initiative_without_a_point(client, mrdh_user):
    nowhere = InitiativeFactory(
        title="Nergens", status=Initiative.Status.DRAFT, latitude=None, longitude=None, postcode=""
    )
    somewhere = InitiativeFactory(title="Ergens", status=Initiative.Status.DRAFT)
    online = InitiativeFactory(
        title="Online", status=Initiative.Status.DRAFT, location_type="online", latitude=None, longitude=None
    )
    client.force_login(mrdh_user)

    response = client.post(
        reverse("admin:initiatives_initiative_changelist"),
        {"action": "publish", "_selected_action": [nowhere.pk, somewhere.pk, online.pk]},
        follow=True,
    )

    messages = [str(message) for message in response.context["messages"]]
    assert "2 initiatieven gepubliceerd." in messages
    assert any("“Nergens” is niet gepubliceerd: het heeft geen locatie" in message for message in messages)
    nowhere.refresh_from_db()
    assert nowhere.status == Initiative.Status.DRAFT


def test_the_source_names_the_sheet_uploaded_beside_a_photos_zip(client, mrdh_user, provider, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    client.force_login(mrdh_user)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("robot.jpg", image_bytes())
    sheet = xlsx_bytes(table(initiative_row(afbeelding="robot.jpg", **{"alt-tekst afbeelding": "Een robot"})))

    response = preview(client, sheet, name="import_3rows.xlsx", photos=buffer.getvalue())
    confirm(client, response)

    assert Initiative.objects.get().source == "Spreadsheetimport import_3rows.xlsx"


def test_the_import_page_lists_every_column_of_the_template(client, mrdh_user):
    client.force_login(mrdh_user)
    template = load_workbook(io.BytesIO(client.get(reverse("admin:initiatives_initiative_import_template")).content))
    template_columns = [cell.value for cell in template.worksheets[0][1]]

    response = client.get(reverse(IMPORT_URL))

    [(_name, listed)] = response.context["fields_list"]
    assert listed == template_columns
    assert {"afbeelding", "alt-tekst afbeelding", "andere aanbieder bevestigd"} <= set(listed)
    assert "andere aanbieder bevestigd</code>" in response.content.decode()


def test_the_export_writes_the_move_column_and_says_it_leaves_out_the_photos(client, mrdh_user):
    InitiativeFactory(title="Robots")
    client.force_login(mrdh_user)
    url = reverse("admin:initiatives_initiative_export")

    page = client.get(url)
    [(_name, listed)] = page.context["fields_list"]
    assert listed[-1] == "andere aanbieder bevestigd" and "afbeelding" not in listed
    html = page.content.decode()
    assert "De kolommen “afbeelding”, “alt-tekst afbeelding” van het sjabloon staan niet in de export" in html
    assert "De export schrijft ook de lege kolom(men) “andere aanbieder bevestigd”" in html

    form = page.context["form"]
    data = {"format": 0, **{name: "on" for name in form.fields if name.startswith("initiativeresource_")}}
    exported = client.post(url, data)
    content = b"".join(exported.streaming_content) if exported.streaming else exported.content
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    assert [cell.value for cell in sheet[1]][-1] == "andere aanbieder bevestigd"
