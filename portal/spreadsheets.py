"""Spreadsheet safety shared by every export (API CSV, imports/exports, bookings, dashboard)."""

# A cell starting with one of these may run as a formula in Excel or LibreOffice (CWE-1236).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value, starts=FORMULA_STARTS):
    """Text that a spreadsheet would run as a formula gets a leading apostrophe; other values pass."""
    if isinstance(value, str) and value.startswith(starts):
        return "'" + value
    return value
