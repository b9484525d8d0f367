"""Uploaded spreadsheets are checked for size and real type."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from portal.uploads import validate_spreadsheet_upload


def xlsx_bytes():
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


def test_valid_csv_and_xlsx_are_accepted():
    csv = SimpleUploadedFile("aanbod.csv", "titel;plaats\nRobots;Delft\n".encode("cp1252"))
    xlsx = SimpleUploadedFile("aanbod.XLSX", xlsx_bytes())

    assert validate_spreadsheet_upload(csv) is None  # a refusal raises ValidationError
    assert validate_spreadsheet_upload(xlsx) is None
    assert csv.tell() == 0 and xlsx.tell() == 0  # left at the start for the parser


def test_file_over_the_import_limit_is_refused(settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 100

    with pytest.raises(ValidationError) as error:
        validate_spreadsheet_upload(SimpleUploadedFile("aanbod.csv", b"a;b\n" * 50))

    assert error.value.code == "too_large"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("aanbod.exe", b"MZ\x90\x00"),
        ("aanbod.xlsx", b"titel;plaats\n"),  # a CSV renamed to .xlsx
        ("aanbod.xlsx", b"PK\x03\x04not really a zip"),
        ("aanbod.csv", b"PK\x03\x04" + b"\x00" * 20),  # a workbook renamed to .csv
        ("aanbod", b"titel\n"),
    ],
)
def test_wrong_type_is_refused_whatever_the_name_says(name, content):
    with pytest.raises(ValidationError) as error:
        validate_spreadsheet_upload(SimpleUploadedFile(name, content))

    assert error.value.code == "wrong_type"


def test_validation_leaves_the_file_at_its_start():
    upload = SimpleUploadedFile("aanbod.xlsx", xlsx_bytes())

    validate_spreadsheet_upload(upload)

    assert upload.read(4) == b"PK\x03\x04"
