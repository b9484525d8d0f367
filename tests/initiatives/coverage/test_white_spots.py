"""The white spots on the page against a per-school computation in Python, on a map full of edge cases.

The reference walks every school: the search's own `reachable_from(school point, km)` gives the
offer that reaches it, and the level rule is written out again here in plain Python. The map has
schools 11 cm inside and outside the distance, level mismatches (a po school beside vo-only offer,
a vmbo school beside havo-only offer), a vo offer naming no track, a vo school teaching none of
vmbo/havo/vwo, school visits with and without radius, draft and online offer.
"""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group

from campuses.geo import KM_PER_DEGREE_LAT
from campuses.models import School
from initiatives.models import Initiative
from initiatives.permissions import GROUP_NAMES, Role, ensure_role_groups
from tests.factories import CampusFactory, InitiativeFactory, MunicipalityFactory, SchoolFactory

URL = "/beheer/dekking/"
ALFA = (Decimal("52.000000"), Decimal("4.300000"))
BETA = (Decimal("52.000000"), Decimal("4.800000"))
EDGE_KM = 6.9
# Latitude shifts a millionth of a degree (11 cm) inside and outside EDGE_KM.
INSIDE = (Decimal(EDGE_KM / KM_PER_DEGREE_LAT)).quantize(Decimal("0.000001"), "ROUND_FLOOR")
OUTSIDE = INSIDE + Decimal("0.000001")
VENUE, AT_SCHOOL = Initiative.LocationType.VENUE, Initiative.LocationType.AT_SCHOOL
PO = {"po_group_from": 5, "po_group_to": 8, "vo_year_from": None, "vo_year_to": None}
VO = {"po_group_from": None, "po_group_to": None, "vo_year_from": 1, "vo_year_to": 3}
VISIT = {"location_type": AT_SCHOOL, "activity_type": Initiative.ActivityType.COMES_TO_SCHOOL}


def at(point, north_km=0.0, *, degrees=None, east=Decimal("0")):
    shift = Decimal(str(degrees)) if degrees is not None else Decimal(north_km / KM_PER_DEGREE_LAT)
    return {"latitude": (point[0] + shift).quantize(Decimal("0.000001")), "longitude": point[1] + east}


@pytest.fixture
def edge_map(db):
    CampusFactory(name="Alfa", latitude=ALFA[0], longitude=ALFA[1], radius_km=Decimal("10.0"))
    CampusFactory(name="Beta", latitude=BETA[0], longitude=BETA[1], radius_km=Decimal("5.0"))
    # Venues around Alfa.
    InitiativeFactory(**at(ALFA), **PO)  # po, at the campus point
    InitiativeFactory(**at(ALFA, -4.5), **VO, for_havo=True)  # havo only
    InitiativeFactory(**at(ALFA, -8), **VO)  # vo, no track named: open to every track
    InitiativeFactory(**at(ALFA, 6), **VO, for_vmbo=True, status=Initiative.Status.DRAFT)
    InitiativeFactory(location_type="online", latitude=None, longitude=None, **PO)
    for east in ("0.019", "0.020", "0.021"):  # three po venues beside "Po diagonal": 3 or more
        InitiativeFactory(**at(ALFA, 2.1, east=Decimal(east)), **PO)
    # School visits: a po visit far south reaching 20 km, a vo visit without radius near Beta.
    InitiativeFactory(**at(ALFA, -15), **VISIT, **PO, service_radius_km=Decimal("20.0"))
    InitiativeFactory(**at(BETA, -1), **VISIT, **VO, for_vmbo=True, service_radius_km=None)
    # Schools.
    SchoolFactory(name="Po just inside", **at(ALFA, degrees=INSIDE))  # from the po venue at the campus point
    SchoolFactory(name="Po just outside", **at(ALFA, degrees=-OUTSIDE))
    SchoolFactory(name="Po far north", **at(ALFA, 9.5))  # no po venue within 3 km; the visit does not reach
    SchoolFactory(name="Po diagonal", **at(ALFA, 2, east=Decimal("0.02")))
    SchoolFactory(name="Vmbo by havo", kind=School.Kind.VO, has_vmbo=True, **at(ALFA, -4))
    SchoolFactory(name="Havo by havo", kind=School.Kind.VO, has_havo=True, **at(ALFA, -4, east=Decimal("0.001")))
    SchoolFactory(name="Pro school", kind=School.Kind.VO, has_pro=True, **at(ALFA, -7.5))
    SchoolFactory(name="Po south", **at(ALFA, -9.9))  # only the far po visit reaches it
    SchoolFactory(name="Beta vmbo", kind=School.Kind.VO, has_vmbo=True, **at(BETA))
    SchoolFactory(name="Beta po", **at(BETA, 1))
    SchoolFactory(name="Far away", **at(ALFA, 40))


def _fits(initiative, school):
    """The level rule, written out again."""
    if school.kind == School.Kind.PO:
        return initiative.po_group_from is not None
    if initiative.vo_year_from is None:
        return False
    named = [t for t in ("vmbo", "havo", "vwo") if getattr(initiative, f"for_{t}")]
    taught = [t for t in ("vmbo", "havo", "vwo") if getattr(school, f"has_{t}")]
    return not named or not taught or bool(set(named) & set(taught))


def _reference(distance_km, include_visits):
    """{school name: covered} for the schools in any campus area, one school at a time."""
    campuses = list(CampusFactory._meta.model.objects.filter(is_active=True))
    result = {}
    for school in School.objects.all():
        if not any(school.point.distance_km(c.point) <= float(c.radius_km) + 0.5 for c in campuses):
            continue
        reaching = Initiative.objects.published().reachable_from(school.point, distance_km, include_online=False)
        fitting = [i for i in reaching if _fits(i, school)]
        venues = [i for i in fitting if i.location_type == VENUE]
        visits = [i for i in fitting if i.location_type == AT_SCHOOL]
        result[school.name] = bool(venues) or (include_visits and bool(visits))
    return result


@pytest.fixture
def coordinator_client(client, django_user_model, db):
    ensure_role_groups()
    user = django_user_model.objects.create_user("mrdh", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=GROUP_NAMES[Role.MRDH]))
    client.force_login(user)
    return client


@pytest.mark.parametrize("include_visits", [False, True])
@pytest.mark.parametrize("distance_km", [3.0, EDGE_KM, 10.0])
def test_white_spots_are_the_schools_without_fitting_offer_within_the_distance(
    coordinator_client, edge_map, distance_km, include_visits
):
    params = {"afstand": f"{distance_km}", "campus": "alfa"}
    if include_visits:
        params["bezoeken"] = "on"
    response = coordinator_client.get(URL, params)
    dashboard = response.context["dashboard"]
    assert dashboard.distance_km == distance_km
    reference = _reference(dashboard.distance_km, include_visits)
    listed = {row[0] for row in dashboard.table("white_spots_region").rows}
    assert listed == {name for name, covered in reference.items() if not covered}
    assert "Far away" not in reference


def test_white_spots_follow_the_level_and_the_exact_distance(coordinator_client, edge_map):
    def spots(**params):
        dashboard = coordinator_client.get(URL, {"campus": "alfa", **params}).context["dashboard"]
        return {row[0] for row in dashboard.table("white_spots").rows}

    edge = spots(afstand=str(EDGE_KM))
    assert "Po just inside" not in edge
    assert "Po just outside" in edge
    wide = spots(afstand="10")
    assert "Vmbo by havo" not in wide  # the vo offer naming no track, 4 km away
    assert {"Po far north", "Po south"} <= spots(afstand="3")  # no po venue within 3 km
    assert "Vmbo by havo" in spots(afstand="3")  # havo-only offer 0.5 km away does not fit vmbo
    assert "Havo by havo" not in spots(afstand="3")
    assert "Pro school" not in spots(afstand="3")  # any vo offer fits a school without vmbo/havo/vwo
    assert "Po south" not in spots(afstand="3", bezoeken="on")  # the po visit reaches it
    assert "Po far north" in spots(afstand="3", bezoeken="on")


def test_school_table_counts_fitting_offers_per_school(coordinator_client, edge_map):
    dashboard = coordinator_client.get(URL, {"campus": "alfa", "afstand": "10"}).context["dashboard"]
    table = dashboard.table("schools")
    total = table.rows[-1]
    schools, none, few, many = total[1:5]
    assert schools == none + few + many == 8
    assert many >= 1  # "Po diagonal", counted in the first look at a quarter of the box
    assert table.value("Totaal", "visited") >= 1


def test_mrdh_wide_white_spots_hold_only_schools_in_mrdh_municipalities(coordinator_client, edge_map):
    """A campus area is a circle: its own list shows a school just over the MRDH border, the MRDH-wide
    list, its count and its percentages do not."""
    leiden = MunicipalityFactory(code="GM0546", name="Leiden", is_mrdh=False)
    SchoolFactory(name="Just outside the MRDH", municipality=leiden, place_name="Leiden", **at(ALFA, 9.8))
    dashboard = coordinator_client.get(URL, {"campus": "alfa", "afstand": "3"}).context["dashboard"]
    region = {row[0] for row in dashboard.table("white_spots_region").rows}
    around_alfa = {row[0] for row in dashboard.table("white_spots").rows}
    assert "Just outside the MRDH" in around_alfa
    assert "Just outside the MRDH" not in region
    assert "Po far north" in region  # an MRDH school in the same area stays
    comparison = dashboard.table("comparison")
    assert comparison.value("Alle campusgebieden", "white_spots") == len(region)
    assert comparison.value("Alfa", "white_spots") == len(around_alfa)  # the circle, border school included
    html = coordinator_client.get(URL, {"campus": "alfa", "afstand": "3"}).content.decode()
    region_section = html.split('id="vlekken-regio"')[1].split("</section>")[0]
    assert "Po far north" in region_section and "Just outside the MRDH" not in region_section
    assert "Just outside the MRDH" in html.split('id="scholen"')[1].split("</section>")[0]
