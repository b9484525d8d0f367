"""Uploaded pictures: checked before decoding, stored without EXIF, renditions made once.

Memory stays bounded: the header (format and size) is read without decoding the pixels, and
anything over IMAGE_MAX_BYTES or IMAGE_MAX_PIXELS is refused before Pillow decodes it.
Renditions are plain Pillow: a few widths, each as JPEG (PNG for transparent images), WebP and
AVIF (when this Pillow has an AVIF encoder), written once on upload and served as static media
files (no work at request time). The <picture> offers AVIF, then WebP, then the JPEG/PNG.
"""

import io
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image as PillowImage
from PIL import ImageOps, UnidentifiedImageError, features

from portal.uploads import IMAGE_TOO_LARGE, refuse_when_larger

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}
RENDITION_WIDTHS = (320, 640, 960, 1440)
# The stored "original" is re-encoded at most this wide: no EXIF, no camera-sized files served.
MASTER_WIDTH = 2000
QUALITY = {"JPEG": 80, "WEBP": 78, "AVIF": 55}
# libavif's speed 0-10: 8 keeps an upload's renditions under a second; the files stay well below WebP.
AVIF_SPEED = 8
MODERN_FORMATS = (("avif", "AVIF"), ("webp", "WEBP")) if features.check("avif") else (("webp", "WEBP"),)
RENDITION_KEYS = ("fallback", "webp", "avif")
# "A size fit for a phone": the rendition the API and map popup point to.
PHONE_WIDTH = 640


def limits_text():
    """The accepted types and sizes, said before anyone uploads (help text in the admin and the import)."""
    return _(
        "JPEG, PNG of WebP; minstens %(min)s pixels per zijde, hoogstens %(max)s pixels per zijde en %(bytes)s."
    ) % {
        "min": settings.IMAGE_MIN_SIDE,
        "max": settings.IMAGE_MAX_SIDE,
        "bytes": filesizeformat(settings.IMAGE_MAX_UPLOAD_BYTES),
    }


def validate_image_upload(uploaded):
    """Refuse files that are too large, not a JPEG/PNG/WebP, or too many pixels (header only)."""
    refuse_when_larger(uploaded.size, settings.IMAGE_MAX_UPLOAD_BYTES, IMAGE_TOO_LARGE)
    width, height, image_format = read_header(uploaded)
    if image_format not in ACCEPTED_FORMATS:
        raise ValidationError(_("Kies een JPEG-, PNG- of WebP-afbeelding."), code="wrong_type")
    if width * height > settings.IMAGE_MAX_PIXELS or max(width, height) > settings.IMAGE_MAX_SIDE:
        raise ValidationError(
            _("Deze afbeelding is te groot (%(width)s × %(height)s pixels). Hoogstens %(side)s pixels per zijde."),
            code="too_many_pixels",
            params={"width": width, "height": height, "side": settings.IMAGE_MAX_SIDE},
        )
    if min(width, height) < settings.IMAGE_MIN_SIDE:
        raise ValidationError(
            _("Deze afbeelding is te klein. Minstens %(side)s pixels per zijde."),
            code="too_small",
            params={"side": settings.IMAGE_MIN_SIDE},
        )


def read_header(uploaded):
    """(width, height, format) from the file's header, without decoding the pixels."""
    uploaded.seek(0)
    try:
        with PillowImage.open(uploaded) as image:
            size, image_format = image.size, image.format
    except (UnidentifiedImageError, PillowImage.DecompressionBombError, OSError, SyntaxError) as error:
        raise ValidationError(_("Dit bestand is geen afbeelding die we kunnen lezen."), code="invalid") from error
    finally:
        uploaded.seek(0)
    return size[0], size[1], image_format


def process_image(image):
    """Re-encode `image.file` without metadata (upright, at most MASTER_WIDTH) and write renditions.

    Called once when a file is uploaded (admin save). Updates and saves the Image row.
    """
    image.file.open("rb")
    with PillowImage.open(image.file) as source:
        source.load()
        picture = ImageOps.exif_transpose(source)
    image.file.close()
    has_alpha = picture.mode in ("RGBA", "LA") or (picture.mode == "P" and "transparency" in picture.info)
    picture = picture.convert("RGBA" if has_alpha else "RGB")
    fallback = "PNG" if has_alpha else "JPEG"
    folder = f"images/{uuid.uuid4().hex}"
    old_names = [image.file.name, *_rendition_names(image)]

    master = _resized(picture, MASTER_WIDTH)
    master_name = default_storage.save(f"{folder}/original.{_EXT[fallback]}", _encode(master, fallback))
    renditions = {"fallback": [], **{key: [] for key, _format in MODERN_FORMATS}}
    widths = [width for width in RENDITION_WIDTHS if width < picture.width] or [picture.width]
    for width in widths:
        resized = _resized(picture, width)
        for key, image_format in (("fallback", fallback), *MODERN_FORMATS):
            name = default_storage.save(f"{folder}/{width}.{_EXT[image_format]}", _encode(resized, image_format))
            renditions[key].append([resized.width, resized.height, name])
    renditions["fallback_type"] = f"image/{_EXT[fallback].replace('jpg', 'jpeg')}"
    image.file.name = master_name
    image.width, image.height = master.size
    image.renditions = renditions
    image.save()
    for name in old_names:
        if name and name != master_name:
            default_storage.delete(name)


_EXT = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "AVIF": "avif"}


def _resized(picture, width):
    if picture.width <= width:
        return picture
    height = round(picture.height * width / picture.width)
    return picture.resize((width, height), PillowImage.Resampling.LANCZOS)


def _encode(picture, image_format):
    buffer = io.BytesIO()
    options = {"quality": QUALITY[image_format]} if image_format in QUALITY else {"optimize": True}
    if image_format == "JPEG":
        options.update(optimize=True, progressive=True)
    if image_format == "AVIF":
        options.update(speed=AVIF_SPEED)
    # No `exif=` and no `icc_profile=`: Pillow then writes no metadata at all.
    picture.save(buffer, format=image_format, **options)
    return ContentFile(buffer.getvalue())


def _rendition_names(image):
    return [name for key in RENDITION_KEYS for _w, _h, name in image.renditions.get(key, [])]


def srcset(image, key):
    return ", ".join(f"{default_storage.url(name)} {width}w" for width, _h, name in image.renditions.get(key, []))


def best_rendition(image, width):
    """The smallest fallback rendition at least `width` wide (or the largest): (url, width, height)."""
    options = image.renditions.get("fallback") or []
    if not options:
        return (image.file.url, image.width, image.height) if image.file else None
    chosen = next((option for option in options if option[0] >= width), options[-1])
    return default_storage.url(chosen[2]), chosen[0], chosen[1]


def image_json(image, request, language=None):
    """An image for the API: alt text, a phone-sized URL and every rendition, all absolute."""
    if image is None or not image.renditions:
        return None
    from portal.i18n import localized

    url, width, height = best_rendition(image, PHONE_WIDTH)
    return {
        "url": request.build_absolute_uri(url),
        "width": width,
        "height": height,
        "alt": localized(image, "alt_text", language),
        "renditions": [
            {"url": request.build_absolute_uri(default_storage.url(name)), "width": w, "height": h, "type": kind}
            for key, kind in (
                ("avif", "image/avif"),
                ("webp", "image/webp"),
                ("fallback", image.renditions.get("fallback_type", "")),
            )
            for w, h, name in image.renditions.get(key, [])
        ],
    }


# --- pictures from the spreadsheet import: from a zip or fetched by URL ----------------------------


def image_from_bytes(data, name, alt_text):
    """A new Image from a photo's bytes, checked like an upload, then processed (renditions, no EXIF)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .models import Image

    upload = SimpleUploadedFile(name.rsplit("/", 1)[-1][:100] or "foto", data)
    validate_image_upload(upload)
    image = Image(alt_text=alt_text[:250])
    image.file.save(upload.name, upload, save=True)
    process_image(image)
    return image


class FetchError(Exception):
    """A picture that could not be fetched; the message is for the importer."""


MAX_REDIRECTS = 3


def address_allowed(address):
    """Only public internet addresses: no private, loopback, link-local, multicast or reserved ones (SSRF)."""
    import ipaddress

    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not (ip.is_multicast or ip.is_link_local or ip.is_loopback or ip.is_private)


def fetch_image(url):
    """The bytes of a picture at an http(s) URL, fetched with care (an importer's URL is untrusted).

    Only http and https, to public addresses only (the address is checked after the name is looked
    up, and the connection goes to that checked address); a few redirects, each checked again;
    connect and read timeouts; at most IMAGE_MAX_UPLOAD_BYTES. The type is not taken from the
    server: validate_image_upload (Pillow) decides.
    """
    for _redirect in range(MAX_REDIRECTS + 1):
        status, location, data = _get(url)
        if status in (301, 302, 303, 307, 308) and location:
            from urllib.parse import urljoin

            url = urljoin(url, location)
            continue
        if status != 200:
            raise FetchError(_("De server gaf antwoord %(status)s in plaats van een afbeelding.") % {"status": status})
        return data
    raise FetchError(_("Te veel doorverwijzingen."))


def _get(url):
    import http.client
    import socket
    import ssl
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(_("Alleen webadressen die met http:// of https:// beginnen."))
    if parts.username or parts.password:
        raise FetchError(_("Een webadres met een gebruikersnaam of wachtwoord halen we niet op."))
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as error:
        raise FetchError(_("Dit webadres klopt niet.")) from error
    try:
        addresses = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise FetchError(_("De server %(host)s bestaat niet.") % {"host": parts.hostname}) from error
    address = addresses[0][4][0] if addresses else None
    if address is None or not all(address_allowed(info[4][0]) for info in addresses):
        raise FetchError(_("Dit adres is niet openbaar op internet; zulke adressen halen we niet op."))
    try:
        sock = socket.create_connection((address, port), timeout=settings.IMAGE_FETCH_CONNECT_TIMEOUT)
    except OSError as error:
        raise FetchError(_("Geen verbinding met %(host)s.") % {"host": parts.hostname}) from error
    try:
        sock.settimeout(settings.IMAGE_FETCH_READ_TIMEOUT)
        if parts.scheme == "https":
            sock = ssl.create_default_context().wrap_socket(sock, server_hostname=parts.hostname)
        connection = http.client.HTTPConnection(parts.hostname, port, timeout=settings.IMAGE_FETCH_READ_TIMEOUT)
        connection.sock = sock  # already connected, to the checked address
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        connection.request("GET", path, headers={"User-Agent": "TechniekDichtbij/1.0", "Accept": "image/*"})
        response = connection.getresponse()
        limit = settings.IMAGE_MAX_UPLOAD_BYTES
        length = response.getheader("Content-Length")
        if length and length.isdigit() and int(length) > limit:
            raise FetchError(
                _("Deze afbeelding is te groot (%(size)s). Hij mag hoogstens %(limit)s zijn.")
                % {"size": filesizeformat(int(length)), "limit": filesizeformat(limit)}
            )
        data = response.read(limit + 1) if response.status == 200 else b""
        if len(data) > limit:
            raise FetchError(_("Deze afbeelding is groter dan %(limit)s.") % {"limit": filesizeformat(limit)})
        return response.status, response.getheader("Location"), data
    except (OSError, http.client.HTTPException) as error:
        if isinstance(error, TimeoutError | socket.timeout):
            raise FetchError(_("De server %(host)s antwoordde te laat.") % {"host": parts.hostname}) from error
        raise FetchError(_("Ophalen mislukt: %(error)s") % {"error": error.__class__.__name__}) from error
    finally:
        sock.close()
