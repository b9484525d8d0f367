"""Fixtures for the curation tests (roles, campuses, spreadsheets). Import the ones a module uses."""

import csv
import io
from decimal import Decimal

import pytest
from django import forms
from django.contrib.auth import get_user_model
from openpyxl import Workbook

from initiatives.models import StaffProfile
from initiatives.permissions import GROUP_NAMES, Role, ensure_role_groups
from tests.factories import CampusFactory, MunicipalityFactory, PostcodeAreaFactory, ProviderFactory

DEN_HAAG = (Decimal("52.070500"), Decimal("4.300700"))


@pytest.fixture
def roles(db):
    return ensure_role_groups()


@pytest.fixture
def campus_rotterdam(db):
    return CampusFactory(name="Campus Rotterdam Zuid", slug="rotterdam-zuid")


@pytest.fixture
def campus_den_haag(db):
    municipality = MunicipalityFactory(code="GM0518", name="'s-Gravenhage", latitude=DEN_HAAG[0], longitude=DEN_HAAG[1])
    return CampusFactory(
        name="Campus Den Haag", slug="den-haag", municipality=municipality, latitude=DEN_HAAG[0], longitude=DEN_HAAG[1]
    )


@pytest.fixture
def postcode_3011(db):
    return PostcodeAreaFactory(pc4="3011")


@pytest.fixture
def make_user(roles):
    def make(role=None, username=None, campuses=(), provider=None, **extra):
        user = get_user_model().objects.create_user(
            username=username or f"{role or 'nobody'}-{get_user_model().objects.count()}",
            password="wachtwoord-123",
            is_staff=True,
            **extra,
        )
        if role is not None:
            user.groups.add(roles[role])
        if campuses or provider:
            profile = StaffProfile.objects.create(user=user, provider=provider)
            profile.campuses.set(campuses)
        return user

    return make


@pytest.fixture
def mrdh_user(make_user):
    return make_user(Role.MRDH, username="mrdh")


@pytest.fixture
def campus_user(make_user, campus_rotterdam):
    return make_user(Role.CAMPUS, username="campus", campuses=[campus_rotterdam])


@pytest.fixture
def provider(db):
    return ProviderFactory(name="TechLab Rotterdam")


@pytest.fixture
def other_provider(db):
    return ProviderFactory(name="Haagse Makers")


@pytest.fixture
def provider_user(make_user, provider):
    return make_user(Role.PROVIDER, username="aanbieder", provider=provider)


def xlsx_bytes(rows):
    """An XLSX file (as bytes) with these rows on its first sheet; the first row is the header."""
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows, delimiter=";", encoding="cp1252", bom=False):
    """A CSV file as Dutch Excel writes it: semicolons and Windows-1252 unless told otherwise."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    data = buffer.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


HEADER = ["titel", "aanbieder", "korte omschrijving", "soort activiteit", "praktijkgerichtheid"]


def initiative_row(title="Robots bouwen", provider="TechLab Rotterdam", **columns):
    """A valid row as a dict of column -> cell."""
    row = {
        "titel": title,
        "aanbieder": provider,
        "korte omschrijving": "Leerlingen bouwen een robot.",
        "soort activiteit": "workshop",
        "praktijkgerichtheid": 3,
        "po vanaf groep": 5,
        "po tot en met groep": 8,
        "breedtegraad": "51,9225",
        "lengtegraad": "4,47917",
    }
    row.update(columns)
    return row


def table(*rows):
    """Header plus rows from dicts (the union of their keys, in first-seen order)."""
    header = []
    for row in rows:
        header += [key for key in row if key not in header]
    return [header] + [[row.get(key, "") for key in header] for row in rows]


def admin_form_data(form, **changes):
    """POST data for an admin change form as it was rendered, with changes, plus empty inline management forms."""
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        if hasattr(value, "pk"):
            value = value.pk
        if isinstance(value, list | tuple):
            data[name] = [getattr(item, "pk", item) for item in value]
        elif isinstance(field, forms.NullBooleanField):
            data[name] = "true" if value else "false"  # a select: yes / no / unknown
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = str(value)
    data.update(changes)
    data.update(
        {
            "sessions-TOTAL_FORMS": "0",
            "sessions-INITIAL_FORMS": "0",
            "sessions-MIN_NUM_FORMS": "0",
            "sessions-MAX_NUM_FORMS": "1000",
        }
    )
    return data


__all__ = [
    "admin_form_data",
    "DEN_HAAG",
    "GROUP_NAMES",
    "HEADER",
    "Role",
    "campus_den_haag",
    "campus_rotterdam",
    "csv_bytes",
    "initiative_row",
    "make_user",
    "mrdh_user",
    "campus_user",
    "other_provider",
    "postcode_3011",
    "provider",
    "provider_user",
    "roles",
    "table",
    "xlsx_bytes",
]
