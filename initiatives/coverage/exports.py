"""CSV and XLSX downloads of the dashboard's tables, safe to open in a spreadsheet."""

import io
from decimal import Decimal

from django.http import HttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from portal.spreadsheets import escape_formula, excel_csv_response

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


def _csv_cell(value):
    """As in the workbook, with Dutch decimal commas for Dutch Excel."""
    cell = safe_cell(value)
    if isinstance(cell, float):
        return f"{cell:g}".replace(".", ",")
    return cell


def filename(dashboard, table):
    campus = dashboard.campus.slug if dashboard.campus and table != "white_spots_region" else "mrdh"
    return f"dekking-{campus}-{dashboard.school_year.start_year}-{slugify(table)}"


def csv_response(table, name):
    rows = [[str(column.label) for column in table.columns], *([_csv_cell(c) for c in row] for row in table.rows)]
    return excel_csv_response(rows, name)


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
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response
