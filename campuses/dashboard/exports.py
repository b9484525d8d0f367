"""CSV and XLSX downloads of the dashboard's tables, safe to open in a spreadsheet."""

import csv
import io
from decimal import Decimal

from django.http import HttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from portal.spreadsheets import escape_formula

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell(value):
    """Numbers stay numbers; text that a spreadsheet would run as a formula gets a leading apostrophe."""
    if value is None:
        return _("niet beschikbaar")
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if isinstance(value, int | float):
        return value
    if isinstance(value, Decimal):
        return float(value)
    return escape_formula(str(value))


def filename(dashboard, table, fmt):
    campus = dashboard.campus.slug if dashboard.campus else "alle"
    return f"dekking-{campus}-{dashboard.school_year.start_year}-{slugify(table)}.{fmt}"


def csv_response(table, name):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(str(column.label)) for column in table.columns])
    for row in table.rows:
        writer.writerow([safe_cell(cell) for cell in row])
    # A byte-order mark, so that Excel reads the UTF-8 (place names with accents) correctly.
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _sheet_title(title, used):
    cleaned = "".join(ch for ch in str(title) if ch not in "[]:*?/\\")[:28].strip()
    candidate, n = cleaned, 2
    while candidate in used:
        candidate, n = f"{cleaned[:25]} {n}", n + 1
    used.add(candidate)
    return candidate


def xlsx_response(tables, name):
    workbook = Workbook()
    workbook.remove(workbook.active)
    used = set()
    for table in tables:
        sheet = workbook.create_sheet(_sheet_title(table.title, used))
        sheet.append([safe_cell(str(column.label)) for column in table.columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append([safe_cell(cell) for cell in row])
        sheet.freeze_panes = "B2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
