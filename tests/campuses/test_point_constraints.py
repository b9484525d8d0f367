"""Database constraints on the geography: points stay inside the Netherlands whatever the code path."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from campuses.models import Place, PlaceAlias
from tests.factories import CampusFactory, MunicipalityFactory, PostcodeAreaFactory, SchoolFactory

PARIS = {"latitude": Decimal("48.856600"), "longitude": Decimal("2.352200")}
SWAPPED = {"latitude": Decimal("4.479170"), "longitude": Decimal("51.922500")}


@pytest.mark.parametrize("factory", [CampusFactory, SchoolFactory, PostcodeAreaFactory])
@pytest.mark.parametrize("point", [PARIS, SWAPPED], ids=["paris", "swapped"])
def test_point_outside_the_netherlands_is_rejected_by_the_database(db, factory, point):
    municipality = MunicipalityFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        factory(municipality=municipality, **point)


def test_point_inside_the_netherlands_is_accepted(db):
    assert SchoolFactory(latitude=Decimal("53.400000"), longitude=Decimal("6.900000")).pk


def test_postcode_area_rejects_a_malformed_pc4(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        PostcodeAreaFactory(pc4="0123")


def test_place_alias_is_unique_by_search_name(db):
    place = Place.objects.create(
        name="'s-Gravenhage",
        municipality=MunicipalityFactory(code="GM0518", name="'s-Gravenhage"),
        latitude=Decimal("52.078000"),
        longitude=Decimal("4.317500"),
    )
    PlaceAlias.objects.create(place=place, name="Den Haag")
    with pytest.raises(IntegrityError), transaction.atomic():
        PlaceAlias.objects.create(place=place, name="DEN-HAAG")
