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
    limit = settings.IMAGE_MAX_UPLOAD_BYTES
    if uploaded.size > limit:
        raise ValidationError(
            _("Deze afbeelding is te groot (%(size)s). Hij mag hoogstens %(limit)s zijn."),
            code="too_large",
            params={"size": filesizeformat(uploaded.size), "limit": filesizeformat(limit)},
        )
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
