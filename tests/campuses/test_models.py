from decimal import Decimal

import pytest
from django.db import IntegrityError

from campuses.geo import Point, normalize_name
from campuses.models import Campus, Place
from tests.factories import (
    CampusFactory,
    InitiativeFactory,
    MunicipalityFactory,
    PlaceAliasFactory,
    PlaceFactory,
    SchoolFactory,
)

pytestmark = pytest.mark.django_db

DELFT = Point(51.99922, 4.35835)
ROTTERDAM = Point(51.9225, 4.47917)


def test_normalize_name_folds_case_accents_and_punctuation():
    assert normalize_name("'s-Gravenhage") == "s gravenhage"
    assert normalize_name("  Oekraïne ") == "oekraine"
    assert normalize_name("DEN HAAG") == normalize_name("den haag")


def test_point_distance_rotterdam_delft_is_about_12_km():
    assert 11.5 < ROTTERDAM.distance_km(DELFT) < 12.5


def test_campus_point_outside_netherlands_is_rejected_by_database():
    with pytest.raises(IntegrityError):
        CampusFactory(latitude=Decimal("48.85"), longitude=Decimal("2.35"))  # Paris


def test_school_with_swapped_coordinates_is_rejected_by_database():
    with pytest.raises(IntegrityError):
        SchoolFactory(latitude=Decimal("4.47917"), longitude=Decimal("51.9225"))


def test_campus_radius_must_be_positive():
    with pytest.raises(IntegrityError):
        CampusFactory(radius_km=Decimal("0"))


def test_place_matching_uses_aliases_case_and_accents_forgiven():
    the_hague = PlaceFactory(
        name="'s-Gravenhage",
        municipality=MunicipalityFactory(code="GM0518", name="'s-Gravenhage"),
        latitude=Decimal("52.069150"),
        longitude=Decimal("4.300900"),
    )
    PlaceAliasFactory(place=the_hague, name="Den Haag")

    assert list(Place.objects.matching("den haag")) == [the_hague]
    assert list(Place.objects.matching("DEN HAAG")) == [the_hague]
    assert list(Place.objects.matching("'s-gravenhage")) == [the_hague]
    assert list(Place.objects.matching("Amsterdam")) == []


def test_initiative_gets_nearest_campus_within_its_radius():
    rotterdam = CampusFactory(name="RDM Campus")
    CampusFactory(name="Delft campus", latitude=Decimal("51.999220"), longitude=Decimal("4.358350"))

    initiative = InitiativeFactory(latitude=Decimal("51.930000"), longitude=Decimal("4.470000"))

    assert initiative.campus == rotterdam


def test_initiative_campus_override_is_kept():
    CampusFactory(name="RDM Campus")
    delft = CampusFactory(name="Delft campus", latitude=Decimal("51.999220"), longitude=Decimal("4.358350"))

    initiative = InitiativeFactory(campus=delft, campus_is_manual=True)

    assert initiative.campus == delft


def test_initiative_far_from_every_campus_has_no_campus():
    CampusFactory(name="RDM Campus")

    initiative = InitiativeFactory(latitude=Decimal("53.219400"), longitude=Decimal("6.566500"))  # Groningen

    assert initiative.campus is None


def test_inactive_campus_is_not_assigned():
    CampusFactory(name="Oude campus", is_active=False)

    assert InitiativeFactory().campus is None


def test_campus_str_and_url():
    campus = CampusFactory(name="HSD Campus", slug="hsd-campus")
    assert str(campus) == "HSD Campus"
    assert campus.get_absolute_url().endswith("/campussen/hsd-campus/")
    assert Campus.objects.count() == 1
