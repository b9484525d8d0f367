"""Spreadsheet import helpers: files as Dutch Excel writes them, and values as people type them.

- Formats: CSV with `;` or `,`, UTF-8 with or without BOM or Windows-1252; XLSX. Either format
  class recognises the other, so choosing the "wrong" format in the admin still works. A file
  that is neither gives a clear error instead of a traceback.
- Widgets: decimal commas, "ja/nee", Excel dates and serial numbers, choices by value or Dutch
  label, and natural keys (slug or name) for related rows, where an unknown name is an error.
- Exports are safe to open in Excel: text that starts like a formula gets a leading apostrophe.
"""

import csv
import datetime
import difflib
import io
import re
import zipfile
from decimal import Decimal, InvalidOperation

import tablib
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from import_export import widgets
from import_export.formats import base_formats

from campuses.geo import normalize_name
from portal.spreadsheets import FORMULA_STARTS, escape_formula
from portal.uploads import PhotoArchive, is_photo_bundle


class SpreadsheetError(ValueError):
    """The file as a whole cannot be read; the message is for the coordinator."""


# --- Reading files -------------------------------------------------------------------------

UTF8_BOM = b"\xef\xbb\xbf"
ZIP_MAGIC = b"PK\x03\x04"


def decode_text(data):
    """Bytes from Excel or any editor to text: BOM, then UTF-8, then Windows-1252."""
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    if data.startswith(UTF8_BOM):
        return data[len(UTF8_BOM) :].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _not_a_spreadsheet():
    return SpreadsheetError(_("Dit bestand is geen spreadsheet. Upload een .xlsx-bestand of een CSV-bestand."))


# --- Limits ---------------------------------------------------------------------------------
#
# A spreadsheet is checked before it is read and while it is read, so one file cannot take the
# worker's memory or time: rows and columns, cells, and for an XLSX (a zip) the unpacked size
# and the packing ratio of every part (a "zip bomb" packs gigabytes into a few megabytes).
# The limits are stated in the import page and in the template's explanation sheet.

# Files up to settings.IMPORT_SYNC_MAX_ROWS rows are checked in the request; larger ones (up to
# MAX_ROWS) by a background job (initiatives.curation.import_jobs).
MAX_ROWS = 50_000
MAX_COLUMNS = 100
MAX_CELLS = 3_500_000
MAX_UNPACKED_BYTES = 150 * 1024 * 1024
MAX_PACKING_RATIO = 100


def limits():
    """The limits as numbers, for messages and the template."""
    from django.conf import settings

    return {
        "rows": MAX_ROWS,
        "sync_rows": settings.IMPORT_SYNC_MAX_ROWS,
        "columns": MAX_COLUMNS,
        "cells": MAX_CELLS,
        "unpacked_mb": MAX_UNPACKED_BYTES // (1024 * 1024),
    }


def _number(value):
    return f"{value:,}".replace(",", ".")


def too_many_rows(limit=MAX_ROWS):
    return SpreadsheetError(
        _("Het bestand heeft meer dan %(limit)s rijen; de grens is %(limit)s rijen per import. Splits het bestand.")
        % {"limit": _number(limit)}
    )


def _too_many_columns(found):
    return SpreadsheetError(
        _("Het bestand heeft %(found)s kolommen; de grens is %(limit)s kolommen. Gebruik het sjabloon.")
        % {"found": _number(found), "limit": _number(MAX_COLUMNS)}
    )


def _too_many_cells():
    return SpreadsheetError(
        _("Het bestand heeft meer dan %(limit)s cellen; de grens is %(limit)s cellen per import. Splits het bestand.")
        % {"limit": _number(MAX_CELLS)}
    )


def _dataset(rows, max_rows=MAX_ROWS):
    """A Dataset from rows of cells; short rows padded, fully empty rows kept (numbering = Excel rows).

    Reads row by row and stops at the first limit passed: a file with 200,000 rows is refused
    after reading 5,001 of them. Trailing empty cells (Excel's formatting) do not count.
    """
    kept, width, cells = [], 0, 0
    for row in rows:
        row = list(row)
        while row and is_blank(row[-1]):
            row.pop()
        if len(row) > MAX_COLUMNS:
            raise _too_many_columns(len(row))
        if len(kept) > max_rows:  # the header plus max_rows rows of data
            if not row:
                continue  # empty rows at the end of a sheet are not data
            raise too_many_rows(max_rows)
        cells += len(row)
        if cells > MAX_CELLS:
            raise _too_many_cells()
        width = max(width, len(row))
        kept.append(row)
    while kept and not kept[-1]:
        kept.pop()
    if not kept:
        raise SpreadsheetError(_("Het bestand is leeg."))
    headers = [("" if cell is None else str(cell)) for cell in kept[0]] + [""] * (width - len(kept[0]))
    dataset = tablib.Dataset(headers=headers)
    for row in kept[1:]:
        dataset.append(row + [None] * (width - len(row)))
    return dataset


def read_csv(data, max_rows=MAX_ROWS):
    text = decode_text(data)
    if "\x00" in text[:4096]:
        raise _not_a_spreadsheet()
    sample = text[:8192]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=";,\t").delimiter
    except csv.Error:
        delimiter = ";" if sample.count(";") >= sample.count(",") else ","
    try:
        return _dataset(csv.reader(io.StringIO(text), delimiter=delimiter), max_rows)
    except csv.Error as error:
        raise _not_a_spreadsheet() from error


def check_xlsx_archive(archive):
    """Refuse a zip that unpacks too large or packs too tightly, before any part is unpacked."""
    unpacked = 0
    for member in archive.infolist():
        unpacked += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if unpacked > MAX_UNPACKED_BYTES or (member.file_size > 1024 * 1024 and ratio > MAX_PACKING_RATIO):
            raise SpreadsheetError(
                _(
                    "Dit Excel-bestand pakt uit tot meer dan we veilig kunnen lezen (grens: %(limit)s MB uitgepakt). "
                    "Sla het opnieuw op in Excel, zonder lege opgemaakte rijen en kolommen, of splits het."
                )
                % {"limit": MAX_UNPACKED_BYTES // (1024 * 1024)}
            )


def _declared_size(sheet):
    """(rows, columns) the sheet declares in its <dimension> element, or None."""
    try:
        bounds = sheet.calculate_dimension(force=False)
    except (ValueError, TypeError):
        return None
    from openpyxl.utils.cell import range_boundaries

    try:
        min_col, min_row, max_col, max_row = range_boundaries(bounds)
    except (ValueError, TypeError):
        return None
    if max_row is None or max_col is None:
        return None
    return max_row - (min_row or 1) + 1, max_col - (min_col or 1) + 1


def read_xlsx(data, max_rows=MAX_ROWS):
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_xlsx_archive(archive)
        # Read-only: rows are streamed from the sheet's XML, not built as one object tree.
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError) as error:
        if isinstance(error, SpreadsheetError):
            raise
        raise _not_a_spreadsheet() from error
    try:
        if not workbook.worksheets:
            raise SpreadsheetError(_("Het bestand is leeg."))
        sheet = workbook.worksheets[0]
        declared = _declared_size(sheet)
        if declared is not None:
            rows, columns = declared
            if columns > MAX_COLUMNS:
                raise _too_many_columns(columns)
            if rows > max_rows + 1 + 1000:  # Excel often declares some formatted empty rows below the data
                raise too_many_rows(max_rows)
        # max_col bounds every row, whatever a row element claims; _dataset counts the rest.
        return _dataset(sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS + 1), max_rows)
    except (KeyError, OSError, ValueError, EOFError, zipfile.BadZipFile) as error:
        if isinstance(error, SpreadsheetError):
            raise
        raise _not_a_spreadsheet() from error
    finally:
        workbook.close()


def read_spreadsheet(data, max_rows=MAX_ROWS):
    """A Dataset from the bytes of an XLSX or CSV file, whichever it is.

    A zip with a spreadsheet and photos gives the spreadsheet's Dataset with `dataset.photos`
    (a portal.uploads.PhotoArchive) for the rows that name a photo by file name.
    """
    if is_photo_bundle(data):
        archive, sheet = open_bundle(data)
        dataset = read_spreadsheet(sheet, max_rows)
        dataset.photos = archive
        return dataset
    if isinstance(data, bytes) and data.startswith(ZIP_MAGIC):
        return read_xlsx(data, max_rows)
    return read_csv(data, max_rows)


def open_bundle(data):
    """(PhotoArchive, the spreadsheet's bytes) from a zip with the sheet and its photos."""
    from django.core.exceptions import ValidationError

    try:
        archive = PhotoArchive(data)
        # The name of the sheet in the zip: the file the user chose (also beside a photos zip).
        archive.sheet_name, sheet = archive.sheet()
    except ValidationError as error:
        raise SpreadsheetError(" ".join(error.messages)) from error
    if is_photo_bundle(sheet):
        raise _not_a_spreadsheet()
    return archive, sheet


def estimate_rows(data):
    """About how many rows a file has, without reading it: lines of a CSV, the declared rows of an XLSX.

    None when an XLSX declares nothing (then it is treated as large). Raises SpreadsheetError for
    a file that is refused anyway (zip bomb, too many declared columns or rows).
    """
    if is_photo_bundle(data):
        return estimate_rows(open_bundle(data)[1])
    if not (isinstance(data, bytes) and data.startswith(ZIP_MAGIC)):
        return (data.count(b"\n") if isinstance(data, bytes) else data.count("\n")) + 1
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_xlsx_archive(archive)
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except SpreadsheetError:
        raise
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError) as error:
        raise _not_a_spreadsheet() from error
    try:
        declared = _declared_size(workbook.worksheets[0]) if workbook.worksheets else None
    finally:
        workbook.close()
    if declared is None:
        return None
    rows, columns = declared
    if columns > MAX_COLUMNS:
        raise _too_many_columns(columns)
    return rows


class SpreadsheetCSV(base_formats.CSV):
    """CSV in, and a semicolon CSV with BOM out (what Dutch Excel opens correctly)."""

    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        return read_spreadsheet(in_stream)

    def export_data(self, dataset, **kwargs):
        escape_formulae(dataset)
        return ("\ufeff" + dataset.export("csv", delimiter=";")).encode("utf-8")


class SpreadsheetXLSX(base_formats.XLSX):
    def create_dataset(self, in_stream, **kwargs):
        return read_spreadsheet(in_stream)

    def export_data(self, dataset, **kwargs):
        escape_formulae(dataset)
        return dataset.export("xlsx")


FORMATS = [SpreadsheetXLSX, SpreadsheetCSV]


def escape_formulae(dataset):
    for index in range(len(dataset)):
        row = dataset[index]
        escaped = tuple(escape_formula(cell) for cell in row)
        if escaped != row:
            dataset[index] = escaped


def is_blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


# On an update a blank cell keeps the stored value; this marker empties it (documented in the template).
CLEAR_MARKER = "[leeg]"


def is_clear(value):
    return isinstance(value, str) and value.strip().casefold() == CLEAR_MARKER


def did_you_mean(value, names):
    """ " Bedoelde je “X”?" for a near miss among names, else ""."""
    by_key = {" ".join(str(name).split()).casefold(): str(name) for name in names}
    key = " ".join(str(value).split()).casefold()
    close = difflib.get_close_matches(key, list(by_key), n=1, cutoff=0.75)
    if not close:
        return ""
    return " " + _("Bedoelde je “%(name)s”?") % {"name": by_key[close[0]]}


def normalize_header(header):
    """Header cell as a lookup key: case, spaces and a required-column star forgiven."""
    return " ".join(str(header or "").replace("*", " ").split()).casefold()


# --- Values ---------------------------------------------------------------------------------

TRUE_WORDS = {"ja", "j", "yes", "y", "true", "waar", "1", "x", "✓"}
FALSE_WORDS = {"nee", "n", "no", "false", "onwaar", "0", "-"}
EXCEL_EPOCH = datetime.datetime(1899, 12, 30)
DATE_FORMATS = ["%d-%m-%Y", "%d-%m-%y", "%d/%m/%Y", "%d.%m.%Y", "%Y-%m-%d"]
DATETIME_FORMATS = [
    f"{date} {time}" for date in ("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d") for time in ("%H:%M", "%H.%M", "%H:%M:%S")
] + ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]


def parse_decimal(value):
    """12,5 / 12.5 / 1.234,50 / € 5,00 -> Decimal; empty -> None."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise ValueError(_("“%(value)s” is geen getal.") % {"value": value})
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value))
    text = str(value).replace("€", "").replace("\xa0", "").replace(" ", "").strip()
    if "," in text and "." in text:
        decimal_comma = text.rfind(",") > text.rfind(".")
        text = text.replace(".", "").replace(",", ".") if decimal_comma else text.replace(",", "")
    else:
        text = text.replace(",", ".")
    try:
        return Decimal(text)
    except InvalidOperation as error:
        raise ValueError(_("“%(value)s” is geen getal.") % {"value": value}) from error


def parse_integer(value):
    number = parse_decimal(value)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise ValueError(_("“%(value)s” is geen geheel getal.") % {"value": value})
    return int(number)


def parse_bool(value):
    """ja/nee (and true/false, 1/0, x); empty -> None."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return value
    word = str(value).strip().casefold()
    if isinstance(value, int | float):
        word = str(int(value))
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(_("Vul “ja” of “nee” in, niet “%(value)s”.") % {"value": value})


def _from_serial(number):
    # Excel counts days from 1899-12-30 (its 1900 leap-year bug included).
    if not 1 <= number < 2958466:
        raise ValueError
    return EXCEL_EPOCH + datetime.timedelta(days=float(number))


def parse_date(value):
    """A date from an Excel date cell, an Excel serial number or dd-mm-jjjj text."""
    if is_blank(value):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            return _from_serial(value).date()
        text = str(value).strip()
        if re.fullmatch(r"\d{5}(\.0+)?", text):
            return _from_serial(float(text)).date()
        for date_format in DATE_FORMATS:
            try:
                return datetime.datetime.strptime(text, date_format).date()
            except ValueError:
                continue
    except ValueError:
        pass
    raise ValueError(_("“%(value)s” is geen datum. Gebruik dd-mm-jjjj, bijvoorbeeld 14-03-2027.") % {"value": value})


def parse_datetime(value, date_means=None):
    """An aware datetime (Europe/Amsterdam when the cell has no zone) from a cell.

    date_means: "start" or "end" to accept a plain date as the start or the end of that day.
    """
    if is_blank(value):
        return None
    if date_means is not None:
        day = _plain_date(value)
        if day is not None:
            moment = datetime.time(0, 0) if date_means == "start" else datetime.time(23, 59)
            return timezone.make_aware(datetime.datetime.combine(day, moment))
    parsed = None
    if isinstance(value, datetime.datetime):
        parsed = value
    elif isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        try:
            parsed = _from_serial(value).replace(microsecond=0)
        except ValueError:
            parsed = None
    else:
        text = str(value).strip()
        for datetime_format in DATETIME_FORMATS:
            try:
                parsed = datetime.datetime.strptime(text, datetime_format)
                break
            except ValueError:
                continue
    if parsed is None:
        raise ValueError(
            _("“%(value)s” is geen datum met tijd. Gebruik dd-mm-jjjj uu:mm, bijvoorbeeld 14-03-2027 10:00.")
            % {"value": value}
        )
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed


def _plain_date(value):
    """The date of a cell that holds only a date (no time of day), else None."""
    if isinstance(value, datetime.datetime):
        return value.date() if value.time() == datetime.time(0, 0) else None
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return parse_date(value) if float(value) == int(value) else None
    text = str(value).strip()
    for date_format in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, date_format).date()
        except ValueError:
            continue
    return None


class DecimalWidget(widgets.DecimalWidget):
    def __init__(self, places=None, **kwargs):
        self.places = places
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        number = None if is_clear(value) else parse_decimal(value)
        if number is not None and self.places is not None:
            number = number.quantize(Decimal(1).scaleb(-self.places))
        return number


class IntegerWidget(widgets.IntegerWidget):
    """A whole number; `words` may stand around it as people write it ("groep 5", "leerjaar 2", "90 minuten")."""

    def __init__(self, words=(), **kwargs):
        self.words = tuple(words)
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        if self.words and isinstance(value, str):
            words = "|".join(re.escape(word) for word in self.words)
            match = re.fullmatch(rf"\s*(?:{words})?\s*(\d+)\s*(?:{words})?\.?\s*", value, re.IGNORECASE)
            if match:
                value = match.group(1)
        return None if is_clear(value) else parse_integer(value)


UNKNOWN_WORDS = {"onbekend", "?", "navragen", "unknown"}


class BooleanWidget(widgets.Widget):
    """ja/nee; with unknown=True also "onbekend" (stored as None, exported as "onbekend")."""

    def __init__(self, unknown=False, **kwargs):
        self.unknown = unknown
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        if is_clear(value) or (self.unknown and _says_unknown(value)):
            return None
        return parse_bool(value)

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return "onbekend" if self.unknown else ""
        return "ja" if value else "nee"


def _says_unknown(value):
    return isinstance(value, str) and " ".join(value.split()).casefold() in UNKNOWN_WORDS


class DateWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return None if is_clear(value) else parse_date(value)

    def render(self, value, obj=None, **kwargs):
        return value.strftime("%d-%m-%Y") if value else ""


class DateTimeWidget(widgets.Widget):
    def __init__(self, date_means=None, **kwargs):
        self.date_means = date_means
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        return None if is_clear(value) else parse_datetime(value, date_means=self.date_means)

    def render(self, value, obj=None, **kwargs):
        return timezone.localtime(value).strftime("%d-%m-%Y %H:%M") if value else ""


class TextWidget(widgets.CharWidget):
    """Text cells trimmed; numbers that Excel made of a code (postcode 3011) back to text."""

    def clean(self, value, row=None, **kwargs):
        if is_blank(value) or is_clear(value):
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = str(value).strip()
        # Undo our own export escaping (see escape_formula) so a round trip changes nothing.
        if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
            text = text[1:]
        return text


class SlugWidget(TextWidget):
    """A slug as people type it ("Robots bouwen!" -> robots-bouwen); empty lets the title make one."""

    def clean(self, value, row=None, **kwargs):
        return slugify(super().clean(value, row, **kwargs))[:220]


class ChoiceWidget(widgets.Widget):
    """A choice by its stored value or its Dutch label, case forgiven; exported as the label.

    With unknown=True the cell may also say "onbekend" (stored empty, exported as "onbekend").
    A blank cell and the marker [leeg] give None (the column's Field default then applies).
    """

    def __init__(self, choices, unknown=False, **kwargs):
        self.choices = choices
        self.unknown = unknown
        super().__init__(**kwargs)

    def _lookup(self):
        if not hasattr(self, "_map"):
            with translation.override("nl"):
                self._map = {}
                for value, label in self.choices:
                    self._map[str(value).casefold()] = value
                    self._map[str(label).casefold()] = value
                self._labels = [str(label) for _value, label in self.choices]
        return self._map

    def clean(self, value, row=None, **kwargs):
        if is_blank(value) or is_clear(value):
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        key = " ".join(str(value).split()).casefold()
        if self.unknown and key in UNKNOWN_WORDS:
            return ""
        mapping = self._lookup()
        if key in mapping:
            return mapping[key]
        raise ValueError(
            _("Onbekende waarde “%(value)s”.") % {"value": value}
            + did_you_mean(value, self._labels)
            + " "
            + _("Kies uit: %(choices)s.") % {"choices": "; ".join(self._labels)}
        )

    def render(self, value, obj=None, **kwargs):
        if self.unknown and value == "":
            return "onbekend"
        with translation.override("nl"):
            return str(dict(self.choices).get(value, value or ""))


class NaturalKeyMixin:
    """Related rows by natural key (slug, name, code...), looked up once per import."""

    lookups = ("slug", "name")
    label_attribute = "name"
    what = ""

    def get_queryset(self, value=None, row=None, *args, **kwargs):
        return self.model.objects.all()

    def _index(self):
        if getattr(self, "_by_key", None) is None:
            self._by_key = {}
            self._names = []
            for obj in self.get_queryset():
                self._names.append(str(getattr(obj, self.label_attribute)))
                for attribute in self.lookups:
                    key = getattr(obj, attribute)
                    if key:
                        self._by_key.setdefault(self.key(key), obj)
        return self._by_key

    def reset(self):
        self._by_key = None

    @staticmethod
    def key(text):
        return " ".join(str(text).split()).casefold()

    def find(self, text):
        return self._index().get(self.key(text))


class NaturalKeyWidget(NaturalKeyMixin, widgets.ForeignKeyWidget):
    """A foreign key by natural key; an unknown value is a row error, not a crash."""

    def __init__(self, model, lookups=("slug", "name"), label_attribute="name", what="", neuter=False, **kwargs):
        self.lookups = lookups
        self.label_attribute = label_attribute
        self.what = what
        self.neuter = neuter  # a het-word: "Onbekend initiatief", not "Onbekende"
        super().__init__(model, field=lookups[0], **kwargs)

    def clean(self, value, row=None, **kwargs):
        if is_blank(value) or is_clear(value):
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        obj = self.find(value)
        if obj is None:
            self._index()
            raise ValueError(
                (_("Onbekend %(what)s: “%(value)s”.") if self.neuter else _("Onbekende %(what)s: “%(value)s”."))
                % {"what": self.what, "value": value}
                + did_you_mean(value, self._names)
            )
        return obj

    def render(self, value, obj=None, **kwargs):
        return str(getattr(value, self.label_attribute)) if value is not None else ""


class MunicipalityWidget(NaturalKeyWidget):
    """A municipality by name or CBS code, or by any place or alias in it ("Den Haag", "Rijswijk")."""

    def __init__(self, **kwargs):
        from campuses.models import Municipality

        super().__init__(Municipality, lookups=("name", "code"), **kwargs)

    def find(self, text):
        found = super().find(text)
        if found is not None:
            return found
        from campuses.models import Place

        key = self.key(text)
        if key not in self._aliases():
            place = Place.objects.matching(str(text)).best_first().select_related("municipality").first()
            self._alias_cache[key] = place.municipality if place is not None else None
        return self._alias_cache[key]

    def _aliases(self):
        if getattr(self, "_alias_cache", None) is None:
            self._alias_cache = {}
        return self._alias_cache

    def reset(self):
        super().reset()
        self._alias_cache = None


ITEM_SEPARATORS = re.compile(r"[;,\n|]")


class StrictManyToManyWidget(NaturalKeyMixin, widgets.ManyToManyWidget):
    """Many-to-many by names or slugs, separated by commas; unknown names are errors, not dropped."""

    def __init__(self, model, lookups=("slug", "name"), label_attribute="name", what="", **kwargs):
        self.lookups = lookups
        self.label_attribute = label_attribute
        self.what = what
        super().__init__(model, separator=", ", field=lookups[0], **kwargs)

    def clean(self, value, row=None, **kwargs):
        if is_blank(value) or is_clear(value):
            return []
        found, unknown = [], []
        for item in ITEM_SEPARATORS.split(str(value)):
            if not item.strip():
                continue
            obj = self.find(item)
            if obj is None:
                unknown.append(item.strip())
            elif obj not in found:
                found.append(obj)
        if unknown:
            hints = "".join(did_you_mean(name, self._names) for name in unknown)
            raise ValueError(
                _("Onbekende %(what)s: %(names)s.")
                % {"what": self.what, "names": ", ".join(f"“{name}”" for name in unknown)}
                + hints
                + " "
                + _("Kies uit: %(choices)s.") % {"choices": "; ".join(self._names)}
            )
        return found

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return self.separator.join(str(getattr(item, self.label_attribute)) for item in value.all())


# --- Checks ---------------------------------------------------------------------------------


def normalize_title(title):
    return normalize_name(title)


def similar_titles(title, candidates, threshold=0.85):
    """(pk, title) pairs from candidates whose normalized title is (almost) the same."""
    wanted = normalize_title(title)
    matches = []
    for pk, other in candidates:
        normalized = normalize_title(other)
        matcher = difflib.SequenceMatcher(None, wanted, normalized)
        if normalized == wanted or (matcher.real_quick_ratio() >= threshold and matcher.ratio() >= threshold):
            matches.append((pk, other))
    return matches


class MunicipalitiesWidget(StrictManyToManyWidget):
    """Several municipalities by name, code, or a place or alias in them ("Den Haag, Rijswijk")."""

    def __init__(self, **kwargs):
        from campuses.models import Municipality

        super().__init__(Municipality, lookups=("name", "code"), **kwargs)
        self._single = MunicipalityWidget()

    def find(self, text):
        self._index()  # the names for "Kies uit"
        return self._single.find(text)

    def reset(self):
        super().reset()
        self._single.reset()
