"""Checks for uploaded files: size and real type, before any parser sees them."""

import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

SPREADSHEET_EXTENSIONS = {".csv", ".xlsx"}
ZIP_MAGIC = b"PK\x03\x04"


def validate_spreadsheet_upload(uploaded):
    """Accept a .csv (text) or .xlsx (a zip with a workbook) no larger than IMPORT_MAX_UPLOAD_BYTES.

    The extension alone proves nothing: the first bytes must match it.
    """
    limit = settings.IMPORT_MAX_UPLOAD_BYTES
    if uploaded.size > limit:
        raise ValidationError(
            _("Dit bestand is te groot (%(size)s). Het mag hoogstens %(limit)s zijn."),
            code="too_large",
            params={"size": filesizeformat(uploaded.size), "limit": filesizeformat(limit)},
        )
    extension = "." + uploaded.name.rsplit(".", 1)[-1].lower() if "." in uploaded.name else ""
    if extension not in SPREADSHEET_EXTENSIONS:
        raise ValidationError(_("Kies een .xlsx- of .csv-bestand."), code="wrong_type")
    head = uploaded.read(2048)
    uploaded.seek(0)
    if extension == ".xlsx" and not _is_workbook(uploaded, head):
        raise ValidationError(_("Dit is geen geldig Excel-bestand (.xlsx)."), code="wrong_type")
    if extension == ".csv" and (head.startswith(ZIP_MAGIC) or b"\x00" in head):
        raise ValidationError(
            _("Dit is geen tekstbestand (.csv). Sla het op als CSV of kies het .xlsx-bestand."), code="wrong_type"
        )


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
