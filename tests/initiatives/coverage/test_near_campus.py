"""The offer counted around each campus is the search's own `reachable_from(campus point, radius)`.

The dashboard reads every initiative once with a flag per campus; this pins those flags to the
domain QuerySet, campus by campus, on a map with venues 11 cm inside and outside a radius, school
visits that do and do not reach a campus, one without a radius, one beyond the largest service
radius searched, drafts and online offer.
"""

from decimal import Decimal

import pytest

from campuses.geo import KM_PER_DEGREE_LAT
from campuses.models import Campus
from initiatives.models import Initiative
from tests.factories import CampusFactory, InitiativeFactory

URL = "/beheer/dekking/"
ALFA = (Decimal("52.000000"), Decimal("4.300000"))
BETA = (Decimal("52.000000"), Decimal("4.500000"))  # 13.7 km east of Alfa: the areas overlap
VISIT = {"location_type": Initiative.LocationType.AT_SCHOOL, "activity_type": Initiative.ActivityType.COMES_TO_SCHOOL}


def north(point, km, millionths=0):
    shift = Decimal(km / KM_PER_DEGREE_LAT).quantize(Decimal("0.000001"), "ROUND_FLOOR")
    return {"latitude": point[0] + shift + Decimal(millionths) / 1_000_000, "longitude": point[1]}


@pytest.fixture
def near_map(db):
    CampusFactory(name="Alfa", slug="alfa", latitude=ALFA[0], longitude=ALFA[1], radius_km=Decimal("10.0"))
    CampusFactory(name="Beta", slug="beta", latitude=BETA[0], longitude=BETA[1], radius_km=Decimal("5.0"))
    InitiativeFactory(title="Alfa inside", **north(ALFA, 10))  # the floor of 10 km: just inside
    InitiativeFactory(title="Alfa outside", **north(ALFA, 10, millionths=2))
    InitiativeFactory(title="Between", latitude=ALFA[0], longitude=Decimal("4.400000"))  # 6.9 km from each
    InitiativeFactory(title="Beta inside", **north(BETA, -4.9))
    InitiativeFactory(title="Draft", **north(ALFA, 1), status=Initiative.Status.DRAFT)
    InitiativeFactory(title="Online", location_type=Initiative.LocationType.ONLINE, latitude=None, longitude=None)
    InitiativeFactory(title="Visit reaching Alfa", **north(ALFA, -15), **VISIT, service_radius_km=Decimal("20"))
    InitiativeFactory(title="Visit short", **north(ALFA, -15), **VISIT, service_radius_km=Decimal("10"))
    InitiativeFactory(title="Visit without radius", **north(BETA, 4), **VISIT, service_radius_km=None)
    InitiativeFactory(title="Visit beyond the box", **north(ALFA, 55), **VISIT, service_radius_km=Decimal("60"))


def test_offer_per_campus_is_what_reachable_from_finds(client, admin_user, near_map):
    client.force_login(admin_user)
    comparison = client.get(URL, {"campus": "alfa"}).context["dashboard"].table("comparison")
    found = {}
    for campus in Campus.objects.filter(is_active=True):
        reachable = Initiative.objects.published().reachable_from(
            campus.point, float(campus.radius_km), include_online=False
        )
        found[campus.name] = set(reachable.values_list("title", flat=True))
        assert comparison.value(campus.name, "total") == len(found[campus.name]), campus.name
    assert found["Alfa"] == {"Alfa inside", "Between", "Visit reaching Alfa"}
    assert found["Beta"] == {"Beta inside", "Visit without radius"}
    assert comparison.value("Alle campusgebieden", "total") == len(found["Alfa"] | found["Beta"])
