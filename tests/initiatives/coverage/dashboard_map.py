"""A small map for the dashboard tests: two campuses 34 km apart, initiatives and schools at known distances.

1 km = 1/110.574 degree of latitude; everything lies due north or south of campus Alfa.
"""

import datetime
from decimal import Decimal

from initiatives.models import Initiative
from portal.schoolyear import SchoolYear
from tests.factories import CampusFactory, InitiativeFactory, SchoolFactory, SessionFactory, TargetGroupFactory

ALFA = (Decimal("52.000000"), Decimal("4.300000"))
BETA = (Decimal("52.000000"), Decimal("4.800000"))
NOW = datetime.datetime(2026, 11, 27, 12, 0, tzinfo=datetime.UTC)
YEAR = SchoolYear(2026)


def north(point, km):
    """The point km due north (negative: south) of point."""
    return {"latitude": (point[0] + Decimal(km / 110.574)).quantize(Decimal("0.000001")), "longitude": point[1]}


def vo_only(**kwargs):
    return {"po_group_from": None, "po_group_to": None, "vo_year_from": 1, "vo_year_to": 3, **kwargs}


def make_area():
    alfa = CampusFactory(name="Alfa", latitude=ALFA[0], longitude=ALFA[1], radius_km=Decimal("10"))
    beta = CampusFactory(name="Beta", latitude=BETA[0], longitude=BETA[1], radius_km=Decimal("5"))
    CampusFactory(name="Gesloten", latitude=ALFA[0], longitude=ALFA[1], is_active=False)
    parents = TargetGroupFactory(slug="ouders", name="Ouders")
    girls = TargetGroupFactory(slug="meisjes", name="Meisjes")
    i1 = InitiativeFactory(
        **north(ALFA, 2), practice_level=4, target_groups=[parents], activity_type=Initiative.ActivityType.WORKSHOP
    )
    InitiativeFactory(
        **north(ALFA, 8),
        **vo_only(for_vmbo=True),
        practice_level=1,
        target_groups=[girls],
        activity_type=Initiative.ActivityType.GUEST_LESSON,
    )
    InitiativeFactory(**north(ALFA, 12))  # outside Alfa's radius
    InitiativeFactory(
        **north(ALFA, 15),
        **vo_only(for_havo=True),
        practice_level=3,
        location_type=Initiative.LocationType.AT_SCHOOL,
        service_radius_km=Decimal("20"),
        activity_type=Initiative.ActivityType.COMES_TO_SCHOOL,
    )
    InitiativeFactory(location_type=Initiative.LocationType.ONLINE, latitude=None, longitude=None)
    InitiativeFactory(**north(ALFA, 0), status=Initiative.Status.DRAFT)
    InitiativeFactory(**north(BETA, 1), practice_level=2, parents_welcome=True)
    SchoolFactory(name="Covered po", **north(ALFA, 2.5))
    SchoolFactory(name="White spot po", **north(ALFA, -6))
    SchoolFactory(name="Covered vo", kind="vo", has_vmbo=True, **north(ALFA, 9))
    SchoolFactory(name="Outside po", **north(ALFA, 11))
    SchoolFactory(name="Beta vo", kind="vo", **north(BETA, 0.5))
    for starts, cancelled in (
        (datetime.datetime(2026, 10, 1, 9, tzinfo=datetime.UTC), False),
        (datetime.datetime(2027, 3, 1, 9, tzinfo=datetime.UTC), False),
        (datetime.datetime(2027, 2, 1, 9, tzinfo=datetime.UTC), True),
        (datetime.datetime(2027, 9, 1, 9, tzinfo=datetime.UTC), False),
    ):
        SessionFactory(
            initiative=i1, starts_at=starts, ends_at=starts + datetime.timedelta(hours=2), is_cancelled=cancelled
        )
    return alfa, beta
