"""Spreadsheet safety and the one CSV writer for downloads meant for people (bookings, dashboard)."""

import csv
import io

from django.http import HttpResponse

# A cell starting with one of these may run as a formula in Excel or LibreOffice (CWE-1236).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value, starts=FORMULA_STARTS):
    """Text that a spreadsheet would run as a formula gets a leading apostrophe; other values pass."""
    if isinstance(value, str) and value.startswith(starts):
        return "'" + value
    return value


def excel_csv_response(rows, filename):
    """An attachment that Dutch Excel opens as columns: `;` between cells, a UTF-8 byte-order mark,
    formulas neutralised. `rows` are lists of cell values (str() for anything but text); `filename`
    is given without extension."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for row in rows:
        writer.writerow([escape_formula(cell) for cell in row])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response
