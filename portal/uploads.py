"""Checks for uploaded files: size and real type, before any parser sees them."""

import io
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

SPREADSHEET_EXTENSIONS = {".csv", ".xlsx"}
ZIP_MAGIC = b"PK\x03\x04"
IMAGE_TOO_LARGE = _("Deze afbeelding is te groot (%(size)s). Hij mag hoogstens %(limit)s zijn.")


def refuse_when_larger(size, limit, message):
    """ValidationError (code too_large) with both sizes in words when `size` bytes are over `limit`."""
    if size > limit:
        raise ValidationError(
            message, code="too_large", params={"size": filesizeformat(size), "limit": filesizeformat(limit)}
        )


def validate_spreadsheet_upload(uploaded):
    """Accept a .csv (text) or .xlsx (a zip with a workbook) no larger than IMPORT_MAX_UPLOAD_BYTES,
    or a .zip with one of those and the photos it names (IMPORT_MAX_ZIP_BYTES, see PhotoArchive).

    The extension alone proves nothing: the first bytes must match it.
    """
    extension = "." + uploaded.name.rsplit(".", 1)[-1].lower() if "." in uploaded.name else ""
    if extension == ".zip":
        validate_photos_upload(uploaded, with_sheet=True)
        return
    refuse_when_larger(
        uploaded.size,
        settings.IMPORT_MAX_UPLOAD_BYTES,
        _("Dit bestand is te groot (%(size)s). Het mag hoogstens %(limit)s zijn."),
    )
    if extension not in SPREADSHEET_EXTENSIONS:
        raise ValidationError(
            _("Kies een .xlsx- of .csv-bestand (of een .zip met de spreadsheet en de foto's)."), code="wrong_type"
        )
    head = uploaded.read(2048)
    uploaded.seek(0)
    if extension == ".xlsx" and not _is_workbook(uploaded, head):
        raise ValidationError(_("Dit is geen geldig Excel-bestand (.xlsx)."), code="wrong_type")
    if extension == ".csv" and (head.startswith(ZIP_MAGIC) or b"\x00" in head):
        raise ValidationError(
            _("Dit is geen tekstbestand (.csv). Sla het op als CSV of kies het .xlsx-bestand."), code="wrong_type"
        )


def validate_photos_upload(uploaded, with_sheet=False):
    """A zip of photos (and, with_sheet, the one spreadsheet): size, real type, zip bomb guard."""
    if uploaded.size > settings.IMPORT_MAX_ZIP_BYTES:
        raise ValidationError(
            _("Dit zip-bestand is te groot (%(size)s). Het mag hoogstens %(limit)s zijn."),
            code="too_large",
            params={"size": filesizeformat(uploaded.size), "limit": filesizeformat(settings.IMPORT_MAX_ZIP_BYTES)},
        )
    if not uploaded.name.lower().endswith(".zip"):
        raise ValidationError(_("Kies een .zip-bestand met de foto's."), code="wrong_type")
    data = b"".join(uploaded.chunks())
    uploaded.seek(0)
    archive = PhotoArchive(data)
    if with_sheet:
        archive.sheet()


def _is_workbook(uploaded, head):
    if not head.startswith(ZIP_MAGIC):
        return False
    try:
        with zipfile.ZipFile(uploaded) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False
    finally:
        uploaded.seek(0)


# --- a zip of photos (with or without the spreadsheet) for the import ---------------------------

PHOTO_EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp")
ZIP_MAX_MEMBERS = 2000
ZIP_MAX_PACKING_RATIO = 100


def _zip_error(message):
    return ValidationError(message, code="bad_zip")


class PhotoArchive:
    """The photos in a zip, found by file name (case-insensitive; folders and macOS extras ignored).

    Bounded before anything is unpacked: the zip's size (IMPORT_MAX_ZIP_BYTES), the number of
    entries, the unpacked total (IMPORT_MAX_ZIP_UNPACKED_BYTES) and the packing ratio of every entry
    (a "zip bomb" packs gigabytes into a few megabytes). A photo is read only when a row names it,
    and never more than IMAGE_MAX_UPLOAD_BYTES of it.
    """

    def __init__(self, data):
        if len(data) > settings.IMPORT_MAX_ZIP_BYTES:
            raise _zip_error(
                _("Dit zip-bestand is te groot (%(size)s). Het mag hoogstens %(limit)s zijn.")
                % {"size": filesizeformat(len(data)), "limit": filesizeformat(settings.IMPORT_MAX_ZIP_BYTES)}
            )
        if not data.startswith(ZIP_MAGIC):
            raise _zip_error(_("Dit is geen zip-bestand."))
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            members = self._zip.infolist()
        except (zipfile.BadZipFile, OSError, ValueError) as error:
            raise _zip_error(_("Dit zip-bestand is beschadigd of kunnen we niet lezen.")) from error
        if len(members) > ZIP_MAX_MEMBERS:
            raise _zip_error(_("Dit zip-bestand heeft meer dan %(limit)s bestanden.") % {"limit": ZIP_MAX_MEMBERS})
        unpacked = 0
        self.photos, self.sheets = {}, []
        for member in members:
            unpacked += member.file_size
            ratio = member.file_size / max(member.compress_size, 1)
            if unpacked > settings.IMPORT_MAX_ZIP_UNPACKED_BYTES or (
                member.file_size > 1024 * 1024 and ratio > ZIP_MAX_PACKING_RATIO
            ):
                raise _zip_error(
                    _("Dit zip-bestand pakt uit tot meer dan we veilig kunnen lezen (grens: %(limit)s uitgepakt).")
                    % {"limit": filesizeformat(settings.IMPORT_MAX_ZIP_UNPACKED_BYTES)}
                )
            name = member.filename.replace("\\", "/")
            base = name.rsplit("/", 1)[-1]
            if member.is_dir() or not base or base.startswith(".") or name.startswith("__MACOSX/"):
                continue
            lower = base.lower()
            if lower.endswith(PHOTO_EXTENSIONS):
                self.photos.setdefault(lower, member)
            elif "." + lower.rsplit(".", 1)[-1] in SPREADSHEET_EXTENSIONS:
                self.sheets.append(member)

    def sheet(self):
        """(name, bytes) of the one spreadsheet in the zip."""
        if len(self.sheets) != 1:
            raise _zip_error(
                _("Zet precies één spreadsheet (.xlsx of .csv) in het zip-bestand, naast de foto's.")
                if self.sheets
                else _("Er staat geen spreadsheet (.xlsx of .csv) in het zip-bestand.")
            )
        member = self.sheets[0]
        if member.file_size > settings.IMPORT_MAX_UPLOAD_BYTES:
            raise _zip_error(_("De spreadsheet in het zip-bestand is te groot."))
        return member.filename.rsplit("/", 1)[-1], self._zip.read(member)

    def __contains__(self, name):
        return self._key(name) in self.photos

    def read(self, name):
        """The photo's bytes; ValidationError when it is larger than an upload may be."""
        member = self.photos[self._key(name)]
        limit = settings.IMAGE_MAX_UPLOAD_BYTES
        refuse_when_larger(member.file_size, limit, IMAGE_TOO_LARGE)
        with self._zip.open(member) as stream:
            data = stream.read(limit + 1)
        if len(data) > limit:  # the entry said less than it holds
            raise ValidationError(_("Dit bestand is geen afbeelding die we kunnen lezen."), code="invalid")
        return data

    @staticmethod
    def _key(name):
        return str(name).strip().replace("\\", "/").rsplit("/", 1)[-1].lower()


def is_photo_bundle(data):
    """A zip that is not an Excel workbook: the spreadsheet plus its photos."""
    if not (isinstance(data, bytes) and data.startswith(ZIP_MAGIC)):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "xl/workbook.xml" not in archive.namelist()
    except zipfile.BadZipFile:
        return False


def bundle(sheet_name, sheet_data, photos_data):
    """One zip with the spreadsheet and the photos of another zip (checked by PhotoArchive first)."""
    photos = PhotoArchive(photos_data)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr(sheet_name.replace("/", "_"), sheet_data)
        for member in photos.photos.values():
            archive.writestr(member.filename.replace("\\", "/").rsplit("/", 1)[-1], photos._zip.read(member))
    return buffer.getvalue()
