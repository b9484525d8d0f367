"""Photos in the spreadsheet import: by file name in a zip (checked in the preview) or by URL (fetched
safely in the background; a failure tells the importer and leaves the initiative without a new photo)."""

# ruff: noqa: F811  (pytest fixtures imported from curation_fixtures are used as arguments)
import http.server
import io
import threading
import zipfile

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from initiatives.models import Initiative
from portal.pages import images
from portal.pages.images import FetchError, fetch_image
from portal.pages.models import Image, ImageFetch
from tests.factories import image_bytes
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


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def zip_bytes(files, compression=zipfile.ZIP_DEFLATED):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def preview(client, sheet, name="aanbod.xlsx", photos=None):
    data = {"format": 0, "import_file": SimpleUploadedFile(name, sheet)}
    if photos is not None:
        data["photos"] = SimpleUploadedFile("fotos.zip", photos)
    return client.post(reverse(IMPORT_URL), data)


def confirm(client, response):
    form = response.context["confirm_form"]
    return client.post(reverse(CONFIRM_URL), {name: form.initial.get(name, "") for name in form.fields}, follow=True)


def errors(response):
    return [
        (row.number, str(column), str(message))
        for row in response.context["result"].invalid_rows
        for column, messages in row.field_specific_errors.items()
        for message in messages
    ]


def photo_row(title="Robots bouwen", **columns):
    return initiative_row(title=title, **columns)


def test_a_zip_with_the_sheet_and_photos_gives_the_initiative_its_photo(client, mrdh_user, provider):
    client.force_login(mrdh_user)
    sheet = xlsx_bytes(table(photo_row(afbeelding="Robotklas.JPG", **{"alt-tekst afbeelding": "Kinderen en robots"})))
    bundle = zip_bytes({"aanbod.xlsx": sheet, "fotos/robotklas.jpg": image_bytes(size=(1200, 800))})

    response = preview(client, bundle, name="aanbod.zip")

    assert response.status_code == 200 and "confirm_form" in response.context, response.text[:3000]
    assert "Robotklas.JPG uit de zip (Kinderen en robots)" in response.text
    assert not Image.objects.exists()  # the preview stores nothing
    confirm(client, response)
    initiative = Initiative.objects.get(title="Robots bouwen")
    assert initiative.image.alt_text == "Kinderen en robots"
    assert {width for width, _h, _n in initiative.image.renditions["avif"]} == {320, 640, 960}
    Initiative.objects.update(status=Initiative.Status.PUBLISHED)
    assert 'alt="Kinderen en robots"' in client.get(initiative.get_absolute_url()).text


def test_a_photos_zip_beside_the_sheet_works_the_same(client, mrdh_user, provider):
    client.force_login(mrdh_user)
    sheet = xlsx_bytes(table(photo_row(afbeelding="klas.png", **{"alt-tekst afbeelding": "Een klas met laptops"})))

    response = preview(client, sheet, photos=zip_bytes({"klas.png": image_bytes(image_format="PNG")}))

    assert "confirm_form" in response.context, response.text[:3000]
    confirm(client, response)
    assert Initiative.objects.get().image.alt_text == "Een klas met laptops"


def test_the_import_page_offers_the_photos_field_with_its_limits(client, mrdh_user):
    client.force_login(mrdh_user)
    html = client.get(reverse(IMPORT_URL)).text
    assert 'name="photos"' in html and "JPEG, PNG of WebP; minstens 200 pixels per zijde" in html


def test_a_photo_missing_from_the_zip_is_an_error_with_row_and_column(client, mrdh_user, provider):
    client.force_login(mrdh_user)
    sheet = xlsx_bytes(
        table(
            photo_row(title="Eerste", afbeelding="er-wel.jpg", **{"alt-tekst afbeelding": "Een robot"}),
            photo_row(title="Tweede", afbeelding="ontbreekt.jpg", **{"alt-tekst afbeelding": "Een printer"}),
            photo_row(title="Derde", afbeelding="er-wel.jpg"),
            photo_row(title="Vierde", afbeelding="kapot.jpg", **{"alt-tekst afbeelding": "Iets"}),
        )
    )
    photos = zip_bytes({"er-wel.jpg": image_bytes(), "kapot.jpg": b"geen foto"})

    response = preview(client, sheet, photos=photos)

    found = errors(response)
    assert (3, "afbeelding", "Het bestand “ontbreekt.jpg” staat niet in het zip-bestand.") in found
    assert any(row == 4 and column == "alt-tekst afbeelding" and "Vul de kolom" in text for row, column, text in found)
    assert any(row == 5 and column == "afbeelding" and "geen afbeelding" in text for row, column, text in found)
    assert "Rij" in response.text and "ontbreekt.jpg" in response.text
    assert Initiative.objects.count() == 0 and Image.objects.count() == 0


def test_a_file_name_without_any_zip_says_what_to_upload(client, mrdh_user, provider):
    client.force_login(mrdh_user)
    sheet = xlsx_bytes(table(photo_row(afbeelding="foto.jpg", **{"alt-tekst afbeelding": "Een robot"})))
    found = errors(preview(client, sheet))
    assert found[0][:2] == (2, "afbeelding") and "geen zip met foto's geüpload" in found[0][2]


def test_a_zip_bomb_is_refused_before_unpacking(client, mrdh_user, provider):
    client.force_login(mrdh_user)
    sheet = xlsx_bytes(table(photo_row()))
    bomb = zip_bytes({"foto.jpg": b"\0" * (20 * 1024 * 1024)})
    assert len(bomb) < 100_000

    response = preview(client, sheet, photos=bomb)

    assert "pakt uit tot meer dan we veilig kunnen lezen" in response.text
    assert "confirm_form" not in response.context and Initiative.objects.count() == 0


def test_a_photos_zip_over_the_size_limit_is_refused(client, mrdh_user, provider, settings):
    settings.IMPORT_MAX_ZIP_BYTES = 1000
    client.force_login(mrdh_user)
    response = preview(client, xlsx_bytes(table(photo_row())), photos=zip_bytes({"a.jpg": image_bytes()}))
    assert "Dit zip-bestand is te groot" in response.text


# --- by URL ----------------------------------------------------------------------------------------


class PictureServer(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/foto.jpg":
            self._send(200, image_bytes(size=(800, 600)), "image/jpeg")
        elif self.path == "/doorsturen":
            self.send_response(302)
            self.send_header("Location", "/foto.jpg")
            self.end_headers()
        elif self.path == "/groot.jpg":
            self.send_response(200)
            self.send_header("Content-Length", str(50 * 1024 * 1024))
            self.end_headers()
        elif self.path == "/tekst.jpg":
            self._send(200, b"<html>geen foto</html>", "image/jpeg")
        else:
            self._send(404, b"weg", "text/plain")

    def _send(self, status, body, content_type):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), PictureServer)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def public_local_server(server, monkeypatch):
    """The test server on 127.0.0.1 treated as if it were on the internet (the guard refuses loopback)."""
    monkeypatch.setattr(images, "address_allowed", lambda address: True)
    return server


def import_with_url(client, url, django_capture_on_commit_callbacks):
    sheet = xlsx_bytes(table(photo_row(afbeelding=url, **{"alt-tekst afbeelding": "Een lasrobot"})))
    response = preview(client, sheet)
    assert f"wordt na de import opgehaald van {url} (Een lasrobot)" in response.text
    with django_capture_on_commit_callbacks(execute=True):
        return confirm(client, response)


def test_a_photo_by_url_is_fetched_after_the_import(
    client, mrdh_user, provider, public_local_server, django_capture_on_commit_callbacks
):
    client.force_login(mrdh_user)
    response = import_with_url(client, public_local_server + "/doorsturen", django_capture_on_commit_callbacks)

    assert "1 foto wordt nu op de achtergrond opgehaald" in response.text
    initiative = Initiative.objects.get()
    assert initiative.image.alt_text == "Een lasrobot" and initiative.image.renditions["webp"]
    assert ImageFetch.objects.get().status == ImageFetch.Status.DONE


def test_a_failed_fetch_leaves_no_photo_and_tells_the_importer(
    client, mrdh_user, provider, public_local_server, django_capture_on_commit_callbacks
):
    mrdh_user.email = "coordinator@example.org"
    mrdh_user.save()
    client.force_login(mrdh_user)

    import_with_url(client, public_local_server + "/tekst.jpg", django_capture_on_commit_callbacks)

    initiative = Initiative.objects.get()  # the import itself is done
    assert initiative.image is None
    fetch = ImageFetch.objects.get()
    assert fetch.status == ImageFetch.Status.FAILED and "geen afbeelding" in fetch.error and fetch.row == 2
    message = mail.outbox[-1]
    assert message.to == ["coordinator@example.org"] and "Foto niet opgehaald: Robots bouwen" in message.subject
    assert "/tekst.jpg" in message.body and "geen nieuwe foto" in message.body
    listing = client.get(reverse("admin:pages_imagefetch_changelist")).text
    assert "mislukt" in listing and "/tekst.jpg" in listing


def test_a_url_to_a_loopback_address_is_refused_without_connecting(
    client, mrdh_user, provider, server, django_capture_on_commit_callbacks
):
    client.force_login(mrdh_user)
    import_with_url(client, server + "/foto.jpg", django_capture_on_commit_callbacks)
    fetch = ImageFetch.objects.get()
    assert fetch.status == ImageFetch.Status.FAILED and "niet openbaar" in fetch.error
    assert Initiative.objects.get().image is None


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("ftp://example.org/foto.jpg", "http:// of https://"),
        ("file:///etc/passwd", "http:// of https://"),
        ("http://169.254.169.254/latest/meta-data/", "niet openbaar"),
        ("http://10.0.0.5/foto.jpg", "niet openbaar"),
        ("http://[::1]/foto.jpg", "niet openbaar"),
        ("http://localhost/foto.jpg", "niet openbaar"),
        ("http://user:pw@example.org/foto.jpg", "gebruikersnaam"),
    ],
)
def test_fetch_refuses_other_schemes_and_private_addresses(url, reason):
    with pytest.raises(FetchError, match=reason):
        fetch_image(url)


def test_fetch_refuses_a_picture_larger_than_the_limit(public_local_server):
    with pytest.raises(FetchError, match="te groot"):
        fetch_image(public_local_server + "/groot.jpg")


def test_fetch_gives_up_on_a_server_that_does_not_answer(monkeypatch, settings):
    settings.IMAGE_FETCH_READ_TIMEOUT = 0.2
    monkeypatch.setattr(images, "address_allowed", lambda address: True)
    silent = http.server.socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(1)  # accepts the connection, never answers
    try:
        with pytest.raises(FetchError, match="te laat"):
            fetch_image(f"http://127.0.0.1:{silent.getsockname()[1]}/foto.jpg")
    finally:
        silent.close()


def test_a_url_that_is_no_http_is_a_row_error(client, mrdh_user, provider):
    client.force_login(mrdh_user)
    sheet = xlsx_bytes(table(photo_row(afbeelding="ftp://example.org/a.jpg", **{"alt-tekst afbeelding": "Iets"})))
    found = errors(preview(client, sheet))
    message = "“ftp://example.org/a.jpg” is geen webadres dat met http:// of https:// begint."
    assert found == [(2, "afbeelding", message)]


def test_the_template_has_the_photo_columns_with_their_limits(client, mrdh_user):
    from openpyxl import load_workbook

    client.force_login(mrdh_user)
    response = client.get(reverse("admin:initiatives_initiative_import_template"))
    workbook = load_workbook(io.BytesIO(response.content))
    header = [cell.value for cell in workbook.worksheets[0][1]]
    assert "afbeelding" in header and "alt-tekst afbeelding" in header
    explanations = {row[0].value: row[2].value for row in workbook["Uitleg"].iter_rows(min_row=2) if row[0].value}
    assert "bestandsnaam van een foto in de zip" in explanations["afbeelding"]
    assert "minstens 200 pixels per zijde" in explanations["afbeelding"]
    assert "Verplicht bij een afbeelding" in explanations["alt-tekst afbeelding"]


def test_a_background_import_job_says_which_photos_it_will_fetch(client, mrdh_user, provider, settings):
    from initiatives.models import ImportJob

    settings.IMPORT_SYNC_MAX_ROWS = 1
    client.force_login(mrdh_user)
    rows = table(
        photo_row(title="Een", afbeelding="https://example.org/een.jpg", **{"alt-tekst afbeelding": "Een robot"}),
        photo_row(title="Twee"),
        photo_row(title="Drie"),
    )
    response = preview(client, xlsx_bytes(rows))
    job = ImportJob.objects.get()
    assert response.url == reverse("admin:initiatives_initiative_import_job", args=[job.pk])
    assert "1 foto wordt na de import van een webadres opgehaald" in client.get(response.url).text
