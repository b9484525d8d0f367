"""Images: uploaded in the admin with alt text, EXIF stripped, limits, renditions; shown on card, detail, map, API."""

import io
import json
import re

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PillowImage

from initiatives.permissions import Role
from portal.pages.models import Image
from tests.factories import ImageFactory, InitiativeFactory, ProviderFactory, image_bytes
from tests.initiatives.curation_fixtures import make_user, roles  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def coordinator(client, make_user):  # noqa: F811
    client.force_login(make_user(Role.MRDH))


def exif_bytes():
    exif = PillowImage.Exif()
    exif[0x010F] = "Telefoonmerk"
    exif[0x0110] = "Model X"
    exif[0x0132] = "2026:11:30 10:00:00"
    return exif.tobytes()


def upload(name="foto.jpg", content=None, **kwargs):
    return SimpleUploadedFile(name, content or image_bytes(**kwargs), content_type="image/jpeg")


def test_image_upload_in_the_admin_strips_exif_and_makes_renditions(client, coordinator):
    original = image_bytes(size=(2400, 1600), exif=exif_bytes())
    assert PillowImage.open(io.BytesIO(original)).getexif()  # the upload has camera data
    response = client.post(
        reverse("admin:pages_image_add"),
        {"file": upload(content=original), "alt_text": "Twee meisjes solderen een printplaat", "credit": ""},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    image = Image.objects.get()
    assert image.width <= 2000
    names = [image.file.name] + [name for key in ("fallback", "webp", "avif") for _w, _h, name in image.renditions[key]]
    assert {w for w, _h, _n in image.renditions["webp"]} == {320, 640, 960, 1440}
    assert {w for w, _h, _n in image.renditions["avif"]} == {320, 640, 960, 1440}
    for name in names:
        with default_storage.open(name) as stored:
            picture = PillowImage.open(stored)
            assert not picture.getexif(), name
            assert "exif" not in picture.info
    assert image.renditions["fallback"][0][2].endswith(".jpg")
    assert image.renditions["webp"][0][2].endswith(".webp")
    with default_storage.open(image.renditions["avif"][0][2]) as stored:
        assert PillowImage.open(stored).format == "AVIF"


def test_image_alt_text_is_required(client, coordinator):
    response = client.post(reverse("admin:pages_image_add"), {"file": upload(), "alt_text": ""})
    assert response.status_code == 200
    assert not Image.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (image_bytes(size=(9000, 300), image_format="PNG"), "pixels per zijde"),
        (image_bytes(size=(100, 100)), "te klein"),
        (b"GIF89a not really an image", "geen afbeelding"),
    ],
)
def test_image_too_large_too_small_or_not_an_image_is_refused(client, coordinator, content, message):
    response = client.post(reverse("admin:pages_image_add"), {"file": upload(content=content), "alt_text": "Iets"})
    assert response.status_code == 200
    assert not Image.objects.exists()
    assert message in response.content.decode() or "geldige afbeelding" in response.content.decode()


def test_image_file_size_limit_is_checked(client, coordinator, settings):
    settings.IMAGE_MAX_UPLOAD_BYTES = 1000
    response = client.post(reverse("admin:pages_image_add"), {"file": upload(), "alt_text": "Iets"})
    assert response.status_code == 200
    assert "te groot" in response.content.decode()


def test_image_pixel_limit_is_checked_before_decoding(client, coordinator, settings):
    settings.IMAGE_MAX_PIXELS = 1000 * 1000
    response = client.post(
        reverse("admin:pages_image_add"), {"file": upload(content=image_bytes(size=(1500, 1000))), "alt_text": "Iets"}
    )
    assert response.status_code == 200
    assert not Image.objects.exists()


def test_image_campus_coordinator_can_add_a_photo_from_the_initiative_form(client, make_user):  # noqa: F811
    client.force_login(make_user(Role.CAMPUS))
    response = client.post(
        reverse("admin:pages_image_add") + "?_popup=1&_to_field=id",
        {"file": upload(), "alt_text": "Leerlingen bij de lasrobot", "_popup": "1", "_to_field": "id"},
    )
    assert response.status_code == 200 and Image.objects.filter(alt_text="Leerlingen bij de lasrobot").exists()


def test_initiative_photo_on_card_detail_map_and_api(client):
    image = ImageFactory(alt_text="Kinderen programmeren een robotarm")
    initiative = InitiativeFactory(title="Robotarm besturen", image=image)
    phone = [name for w, _h, name in image.renditions["fallback"] if w == 640][0]

    detail = client.get(initiative.get_absolute_url()).content.decode()
    assert 'alt="Kinderen programmeren een robotarm"' in detail
    assert '<source type="image/webp"' in detail and 'srcset="' in detail
    # AVIF first (the browser takes the first type it knows), WebP next, the JPEG <img> last.
    assert detail.index('<source type="image/avif"') < detail.index('<source type="image/webp"') < detail.index("<img")
    assert re.search(r'<source type="image/avif" srcset="[^"]+\.avif 320w', detail)
    assert re.search(r'<img src="[^"]+" srcset="[^"]+" sizes="[^"]+" width="\d+" height="\d+"', detail)

    search = client.get("/activiteiten/").content.decode()
    card = search[search.index('class="result result--image"') :]
    assert 'alt="Kinderen programmeren een robotarm"' in card[:3000] and 'loading="lazy"' in card[:3000]
    markers = json.loads(re.search(r'id="map-markers" type="application/json">(.*?)</script>', search, re.S)[1])
    marker = next(item for item in markers if item["title"] == "Robotarm besturen")
    assert marker["image"]["alt"] == "Kinderen programmeren een robotarm" and marker["image"]["width"] == 320

    api = client.get(reverse("api:initiative", kwargs={"slug": initiative.slug})).json()
    assert api["image"]["url"] == "http://testserver" + default_storage.url(phone)
    assert api["image"]["width"] == 640 and api["image"]["alt"] == "Kinderen programmeren een robotarm"
    assert all(item["url"].startswith("http://testserver/media/") for item in api["image"]["renditions"])
    assert {item["type"] for item in api["image"]["renditions"]} == {"image/avif", "image/webp", "image/jpeg"}
    listing = client.get("/api/v1/initiatives/").json()
    assert any(item["image"] and item["image"]["width"] == 640 for item in listing["results"])


def test_initiative_without_photo_has_no_image(client):
    initiative = InitiativeFactory()
    assert client.get(reverse("api:initiative", kwargs={"slug": initiative.slug})).json()["image"] is None
    assert "<picture" not in client.get(initiative.get_absolute_url()).content.decode()


def test_image_files_are_served_from_media_root(client, settings):
    if not settings.SERVE_MEDIA:
        pytest.skip("SERVE_MEDIA is off in this environment (production serves media through the proxy)")
    image = ImageFactory()
    response = client.get(default_storage.url(image.renditions["webp"][0][2]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert "max-age" in response["Cache-Control"]
    assert client.get(default_storage.url(image.renditions["avif"][0][2]))["Content-Type"] == "image/avif"


def test_provider_logo_on_the_detail_page_and_in_the_api(client):
    provider = ProviderFactory(image=ImageFactory(alt_text="Logo van Techniekbedrijf Delft"))
    initiative = InitiativeFactory(provider=provider)
    assert 'alt="Logo van Techniekbedrijf Delft"' in client.get(initiative.get_absolute_url()).content.decode()
    api = client.get(reverse("api:initiative", kwargs={"slug": initiative.slug})).json()
    assert api["provider"]["image"]["alt"] == "Logo van Techniekbedrijf Delft"
    assert api["provider"]["image"]["url"].startswith("http://testserver/media/")


@pytest.mark.parametrize(
    "url_name", ["admin:pages_image_add", "admin:initiatives_initiative_add", "admin:pages_newsitem_add"]
)
def test_image_limits_are_stated_beside_every_image_field(client, coordinator, settings, url_name):
    settings.IMAGE_MIN_SIDE, settings.IMAGE_MAX_SIDE = 300, 6000
    html = client.get(reverse(url_name)).content.decode()
    assert "JPEG, PNG of WebP; minstens 300 pixels per zijde, hoogstens 6000 pixels per zijde en 8,0\xa0MB." in html
