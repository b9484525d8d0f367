"""Strict reading of the reference CSV files: every bad cell is reported by file, line and column.

Rows are validated into plain dicts before anything is written, so a malformed file writes nothing.
"""

import csv
import io
import re
from decimal import Decimal, InvalidOperation

from .geo import NL_LAT_MAX, NL_LAT_MIN, NL_LON_MAX, NL_LON_MIN

COORDINATE_STEP = Decimal("0.000001")
PC4_RE = re.compile(r"^[1-9][0-9]{3}$")
POSTCODE_RE = re.compile(r"^[1-9][0-9]{3} [A-Z]{2}$")
MUNICIPALITY_CODE_RE = re.compile(r"^GM[0-9]{4}$")


class ReferenceDataError(Exception):
    """A reference file that cannot be loaded; names the file, line and column where known."""

    def __init__(self, message, *, file, line=None, column=None):
        self.message, self.file, self.line, self.column = message, file, line, column
        where = file
        if line is not None:
            where += f", line {line}"
        if column is not None:
            where += f", column '{column}'"
        super().__init__(f"{where}: {message}")


class Row:
    """One data row of a reference file, with typed accessors that fail with the row's position."""

    def __init__(self, file, line, values):
        self.file, self.line, self.values = file, line, values

    def error(self, column, message):
        return ReferenceDataError(message, file=self.file, line=self.line, column=column)

    def text(self, column, *, max_length, required=True):
        value = (self.values.get(column) or "").strip()
        if required and not value:
            raise self.error(column, "value is empty")
        if len(value) > max_length:
            raise self.error(column, f"longer than {max_length} characters ({len(value)})")
        return value

    def matching(self, column, pattern, description, *, required=True):
        value = self.text(column, max_length=100, required=required)
        if value and not pattern.match(value):
            raise self.error(column, f"'{value}' is not {description}")
        return value

    def flag(self, column):
        value = self.text(column, max_length=1)
        if value not in ("0", "1"):
            raise self.error(column, f"'{value}' is not 0 or 1")
        return value == "1"

    def integer(self, column, *, required=True):
        value = self.text(column, max_length=12, required=required)
        if not value:
            return None
        if not value.isdigit():
            raise self.error(column, f"'{value}' is not a whole number")
        return int(value)

    def choice(self, column, choices):
        value = self.text(column, max_length=50)
        if value not in choices:
            raise self.error(column, f"'{value}' is not one of {', '.join(sorted(choices))}")
        return choices[value] if isinstance(choices, dict) else value

    def pc4(self, column="pc4"):
        return self.matching(column, PC4_RE, "a 4-digit postcode (1000-9999)")

    def municipality_id(self, ids_by_code, column="gemeente_code"):
        code = self.matching(column, MUNICIPALITY_CODE_RE, "a CBS municipality code such as GM0599")
        if code not in ids_by_code:
            raise self.error(column, f"unknown municipality code '{code}' (not in nl_gemeenten.csv)")
        return ids_by_code[code]

    def point(self, lat_column="lat", lon_column="lon"):
        """Latitude and longitude as 6-decimal Decimals, checked to lie inside the Netherlands."""
        lat, lon = self._decimal(lat_column), self._decimal(lon_column)
        lat_ok = NL_LAT_MIN <= lat <= NL_LAT_MAX
        lon_ok = NL_LON_MIN <= lon <= NL_LON_MAX
        if not lat_ok and NL_LAT_MIN <= lon <= NL_LAT_MAX and NL_LON_MIN <= lat <= NL_LON_MAX:
            raise self.error(f"{lat_column}/{lon_column}", f"latitude {lat} and longitude {lon} look swapped")
        if not lat_ok:
            raise self.error(lat_column, f"latitude {lat} lies outside the Netherlands ({NL_LAT_MIN}-{NL_LAT_MAX})")
        if not lon_ok:
            raise self.error(lon_column, f"longitude {lon} lies outside the Netherlands ({NL_LON_MIN}-{NL_LON_MAX})")
        return lat, lon

    def _decimal(self, column):
        value = self.text(column, max_length=20)
        try:
            number = Decimal(value)
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            raise self.error(column, f"'{value}' is not a number (use a point as decimal separator)")
        return number.quantize(COORDINATE_STEP)


def read_rows(path, columns):
    """The data rows of a UTF-8 CSV file (a BOM is accepted) that has at least the given columns."""
    raw = _read_bytes(path)
    text = _decode(path.name, raw)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [name.strip() for name in (reader.fieldnames or [])]
    if not any(header):
        raise ReferenceDataError("the file is empty (no header row)", file=path.name, line=1)
    reader.fieldnames = header
    missing = [column for column in columns if column not in header]
    if missing:
        hint = " (the file seems to use ';' as separator; use ',')" if len(header) == 1 and ";" in header[0] else ""
        raise ReferenceDataError(
            f"missing column(s) {', '.join(missing)}{hint}", file=path.name, line=1, column=", ".join(missing)
        )
    rows = []
    for values in reader:
        if None in values:
            raise ReferenceDataError(
                f"more cells than the {len(header)} columns of the header", file=path.name, line=reader.line_num
            )
        if not any((value or "").strip() for value in values.values()):
            continue
        rows.append(Row(path.name, reader.line_num, values))
    if not rows:
        raise ReferenceDataError("the file has a header but no data rows", file=path.name, line=2)
    return rows


def _read_bytes(path):
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise ReferenceDataError(f"file not found in {path.parent}", file=path.name) from None


def _decode(name, raw):
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = _column_of_bad_byte(raw, error.start)
        raise ReferenceDataError(
            f"not valid UTF-8 (byte 0x{raw[error.start]:02x}); save the file as UTF-8, not Windows-1252",
            file=name,
            line=line,
            column=column,
        ) from None


def _column_of_bad_byte(raw, offset):
    """The header name of the cell holding the undecodable byte at offset, best effort."""
    header = next(csv.reader([raw.split(b"\n", 1)[0].decode("utf-8-sig", "replace")]), [])
    line_start = raw.rfind(b"\n", 0, offset) + 1
    line_end = raw.find(b"\n", offset)
    line = raw[line_start : line_end if line_end != -1 else len(raw)]
    cells = next(csv.reader([line.decode("utf-8", "replace")]), [])
    for index, cell in enumerate(cells):
        if "\ufffd" in cell:
            return header[index] if index < len(header) else None
    return None
