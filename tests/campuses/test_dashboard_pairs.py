"""The grouped SQL figures (campuses/dashboard/nearby.py) against a plain per-row computation.

The reference below walks every initiative and school in Python with the dashboard's own
distance formula (equirectangular, in floating point, in the same order of operations), so
the two can only differ if the SQL drifts. The map has the edge cases: rows exactly at the
distance (the differences of latitude are powers of two, so the float arithmetic is exact),
just inside and just outside a radius, school visits with and without a service radius,
draft and online initiatives.
"""

import math
from decimal import Decimal

import pytest

from campuses.dashboard import services
from campuses.geo import KM_PER_DEGREE_LAT, Point
from campuses.models import School
from initiatives.models import Initiative
from tests.factories import (
    CampusFactory,
    InitiativeFactory,
    SchoolFactory,
    TargetGroupFactory,
    ThemeFactory,
)

ALFA = (Decimal("52.000000"), Decimal("4.300000"))
BETA = (Decimal("52.000000"), Decimal("4.800000"))
# A sixteenth of a degree of latitude: exact in binary, so this distance is exact in floating point.
EXACT_KM = 0.0625 * KM_PER_DEGREE_LAT
VENUE, AT_SCHOOL, ONLINE = (Initiative.LocationType.VENUE, Initiative.LocationType.AT_SCHOOL, "online")
VO_ONLY = {"po_group_from": None, "po_group_to": None, "vo_year_from": 1, "vo_year_to": 3}


def at(point, north_km=0.0, *, degrees=None):
    """A point due north of `point` (by km, or by an exact number of degrees)."""
    shift = Decimal(str(degrees)) if degrees is not None else Decimal(north_km / KM_PER_DEGREE_LAT)
    return {"latitude": (point[0] + shift).quantize(Decimal("0.000001")), "longitude": point[1]}


@pytest.fixture
def edge_map(db):
    alfa = CampusFactory(name="Alfa", latitude=ALFA[0], longitude=ALFA[1], radius_km=Decimal("10.0"))
    beta = CampusFactory(name="Beta", latitude=BETA[0], longitude=BETA[1], radius_km=Decimal("5.0"))
    parents = TargetGroupFactory(slug="ouders", name="Ouders")
    girls = TargetGroupFactory(slug="meisjes", name="Meisjes")
    robots, water = ThemeFactory(name="Robots"), ThemeFactory(name="Water")
    # Venues: at the campus point, just inside and just outside Alfa's radius (south, away from the schools).
    InitiativeFactory(**at(ALFA), target_groups=[parents, girls], themes=[robots, water], practice_level=4)
    InitiativeFactory(**at(ALFA, -9.99), target_groups=[girls], themes=[robots], practice_level=1, for_vmbo=True)
    InitiativeFactory(**at(ALFA, -10.01), themes=[water], is_family_activity=True)
    InitiativeFactory(**at(ALFA, 1), status=Initiative.Status.DRAFT, themes=[robots])
    InitiativeFactory(location_type=ONLINE, latitude=None, longitude=None, themes=[water])
    # School visits: reaching Alfa, not reaching (5.2 km away, radius 5), without a radius, and at
    # exactly their radius (0 km at Beta's point); one far south that reaches both campuses.
    visit = {"location_type": AT_SCHOOL, "activity_type": Initiative.ActivityType.COMES_TO_SCHOOL}
    InitiativeFactory(**at(ALFA, -15), **visit, service_radius_km=Decimal("20.0"), parents_welcome=True)
    InitiativeFactory(**at(ALFA, -5.2), **visit, service_radius_km=Decimal("5.0"), themes=[robots])
    InitiativeFactory(**at(ALFA, -3), **visit, service_radius_km=None)
    InitiativeFactory(**at(BETA), **visit, service_radius_km=Decimal("0.0"), **VO_ONLY)
    InitiativeFactory(latitude=Decimal("51.800000"), longitude=Decimal("4.550000"), **visit, service_radius_km=30)
    # Schools: exactly EXACT_KM north of the venue at Alfa's point, a white spot, one outside every
    # area, and one at Beta's point (visited by the 0 km school visit only).
    SchoolFactory(name="Exact", **at(ALFA, degrees=0.0625))
    SchoolFactory(name="North spot", kind=School.Kind.VO, **at(ALFA, 9.9))
    SchoolFactory(name="Far away", **at(ALFA, 40))
    SchoolFactory(name="Beta point", kind=School.Kind.VO, **at(BETA))
    return [alfa, beta]


def _distance(row, origin, scale):
    """The dashboard's distance, term for term (services.float_distance)."""
    dx = (float(row.longitude) - origin.longitude) * scale
    dy = (float(row.latitude) - origin.latitude) * KM_PER_DEGREE_LAT
    return math.sqrt(dx * dx + dy * dy)


def _near(campus, initiative):
    if initiative.status != Initiative.Status.PUBLISHED or initiative.latitude is None:
        return False
    distance = _distance(initiative, campus.point, campus.point.km_per_degree_lon())
    if initiative.location_type == VENUE:
        return distance <= float(campus.radius_km)
    radius = initiative.service_radius_km
    return initiative.location_type == AT_SCHOOL and radius is not None and distance <= float(radius)


def _reference_figures(campus):
    near = [i for i in Initiative.objects.all() if _near(campus, i)]

    def count(test):
        return sum(1 for i in near if test(i))

    def slugs(i):
        return {g.slug for g in i.target_groups.all()}

    figures = {
        "total": len(near),
        "po": count(lambda i: i.po_group_from is not None),
        "vo": count(lambda i: i.vo_year_from is not None),
        "vmbo": count(lambda i: i.vo_year_from is not None and i.for_vmbo),
        "parents_role": count(lambda i: "ouders" in slugs(i) or i.is_family_activity or i.parents_welcome),
        "tg_meisjes": count(lambda i: "meisjes" in slugs(i)),
        "practice_high": count(lambda i: i.practice_level >= services.HIGH_PRACTICE_LEVEL),
        "where_at_school": count(lambda i: i.location_type == AT_SCHOOL),
        "type_comes_to_school": count(lambda i: i.activity_type == Initiative.ActivityType.COMES_TO_SCHOOL),
    }
    levels = [i.practice_level for i in near]
    figures["practice_average"] = sum(levels) / len(levels) if levels else None
    themes = {}
    for initiative in near:
        for theme in initiative.themes.all():
            themes[theme.pk] = themes.get(theme.pk, 0) + 1
    return figures, themes


def _covered(school, *, distance_km, scale):
    """(has a venue within distance_km, is reached by a school visit), walking every initiative."""
    venue = visit = False
    for i in Initiative.objects.published().exclude(latitude=None):
        distance = _distance(i, Point.of(school), scale)
        venue |= i.location_type == VENUE and distance <= distance_km
        visit |= i.location_type == AT_SCHOOL and i.service_radius_km is not None and distance <= i.service_radius_km
    return venue, visit


def _reference_coverage(campus, campuses, distance_km):
    scale = services.reference_point(campuses).km_per_degree_lon()
    figures = dict.fromkeys(("schools", "covered", "visited", "po", "covered_po", "vo", "covered_vo"), 0)
    for school in School.objects.all():
        if _distance(school, campus.point, campus.point.km_per_degree_lon()) > float(campus.radius_km):
            continue
        venue, visit = _covered(school, distance_km=distance_km, scale=scale)
        for key in ("schools", school.kind):
            figures[key] += 1
        for key in ("covered", f"covered_{school.kind}"):
            figures[key] += venue or visit
        figures["visited"] += visit
    figures["white_spots"] = figures["schools"] - figures["covered"]
    return figures


def test_initiative_figures_and_themes_match_a_per_row_computation(edge_map):
    themes = services.themes_with_providers()
    figures = services.initiative_figures_by_campus(
        edge_map, max_service_km=services.max_service_radius_km(), themes=themes
    )
    presence = services.theme_presence(edge_map, themes, figures)
    for campus in edge_map:
        expected, expected_themes = _reference_figures(campus)
        assert {key: figures[campus.pk][key] for key in expected} == expected, campus.name
        assert {pk: n for pk, n in presence[campus.pk].items() if n} == expected_themes, campus.name
    # The map does exercise the edges: Alfa has the 0 km and the 9.99 km venue and two visits reaching it.
    assert (figures[edge_map[0].pk]["total"], figures[edge_map[0].pk]["where_at_school"]) == (4, 2)
    assert figures[edge_map[1].pk]["total"] == 2  # the 0 km visit at Beta's point and the far one


@pytest.mark.parametrize("distance_km", [EXACT_KM, math.nextafter(EXACT_KM, 0), 3.0, 20.0])
def test_school_coverage_matches_a_per_school_computation(edge_map, distance_km):
    max_service_km = services.max_service_radius_km()
    coverage = services.school_coverage(edge_map, distance_km=distance_km, max_service_km=max_service_km)
    for campus in edge_map:
        assert coverage[campus.pk] == _reference_coverage(campus, edge_map, distance_km), campus.name
        spots = services.white_spots(campus, distance_km=distance_km, campuses=edge_map, max_service_km=max_service_km)
        assert len(spots) == coverage[campus.pk]["white_spots"], campus.name


def test_school_coverage_counts_a_venue_at_exactly_the_distance(edge_map):
    alfa, _beta = edge_map
    max_service_km = services.max_service_radius_km()
    exact = services.school_coverage(edge_map, distance_km=EXACT_KM, max_service_km=max_service_km)
    closer = services.school_coverage(edge_map, distance_km=math.nextafter(EXACT_KM, 0), max_service_km=max_service_km)
    assert exact[alfa.pk]["covered"] == closer[alfa.pk]["covered"] + 1
    assert services.school_coverage(edge_map, distance_km=3, max_service_km=max_service_km)[edge_map[1].pk] == {
        "schools": 1,
        "covered": 1,
        "visited": 1,
        "po": 0,
        "covered_po": 0,
        "vo": 1,
        "covered_vo": 1,
        "white_spots": 0,
    }
