"""One distance for the whole project: campuses.geo.distance_km() in Python, distance_expression() in SQL."""

import math
import random
from decimal import Decimal

import pytest

from campuses.geo import Point, _distance_tree, bounding_box_q, distance_expression, distance_km, float_box_q
from campuses.models import PostcodeArea
from initiatives.models import Initiative, Session
from tests import factories


def haversine_km(a, b):
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0088 * 2 * math.asin(math.sqrt(h))


def points_around(origin, count, max_km=50, seed=7):
    rng = random.Random(seed)
    for _ in range(count):
        bearing, km = rng.uniform(0, 2 * math.pi), rng.uniform(0.5, max_km)
        dlat = km * math.cos(bearing) / 111.195
        dlon = km * math.sin(bearing) / (111.195 * math.cos(math.radians(origin.latitude)))
        yield Point(origin.latitude + dlat, origin.longitude + dlon)


ORIGINS = [Point(51.9191, 4.4867), Point(53.35, 6.64), Point(50.85, 5.69)]  # Rotterdam, Groningen, Maastricht


@pytest.mark.parametrize("origin", ORIGINS)
def test_distance_is_within_a_tenth_of_a_percent_of_haversine_within_50_km(origin):
    for other in points_around(origin, 500):
        exact = haversine_km(origin, other)
        if exact <= 50:
            assert abs(distance_km(origin, other) - exact) / exact < 0.001


def test_a_degree_north_is_not_short_any_more():
    # The old code used the length of a degree of latitude at the equator: about 0.6 % short.
    rotterdam, north = Point(51.9, 4.5), Point(52.3, 4.5)
    assert abs(distance_km(rotterdam, north) - haversine_km(rotterdam, north)) < 0.01


def test_sql_distance_matches_the_python_distance(db):
    origin = ORIGINS[0]
    municipality = factories.MunicipalityFactory()
    for index, point in enumerate(points_around(origin, 40, seed=3)):
        factories.PostcodeAreaFactory(
            pc4=str(4000 + index),
            municipality=municipality,
            latitude=Decimal(f"{point.latitude:.6f}"),
            longitude=Decimal(f"{point.longitude:.6f}"),
        )
    for area in PostcodeArea.objects.annotate(distance_km=distance_expression(origin)):
        assert area.distance_km == pytest.approx(distance_km(origin, Point.of(area)), abs=1e-6)


QUERY_SHAPES = {
    "annotation": (Initiative, "", lambda model, distance: model.objects.annotate(d=distance).values_list("d")),
    "in a subquery (aliased)": (
        Initiative,
        "",
        lambda model, distance: model.objects.filter(pk__in=model.objects.annotate(d=distance).filter(d__lte=5)),
    ),
    "through a relation": (
        Session,
        "initiative__",
        lambda model, distance: model.objects.annotate(d=distance).filter(d__lte=3).order_by("d"),
    ),
}


@pytest.mark.parametrize("shape", QUERY_SHAPES)
def test_the_written_out_distance_is_the_expression_trees_sql(db, shape):
    """distance_expression() writes the distance for a known point in one piece; it must stay the SQL
    (and parameters) of the expression tree that defines it, on this database's backend."""
    model, prefix, query = QUERY_SHAPES[shape]
    written = query(model, distance_expression(ORIGINS[0], prefix)).query.sql_with_params()
    assert written == query(model, _distance_tree(ORIGINS[0], prefix)).query.sql_with_params()


def test_bounding_box_holds_every_point_within_the_radius(db):
    origin = ORIGINS[1]
    municipality = factories.MunicipalityFactory()
    points = list(points_around(origin, 60, max_km=25, seed=5))
    for index, point in enumerate(points):
        factories.PostcodeAreaFactory(
            pc4=str(5000 + index),
            municipality=municipality,
            latitude=Decimal(f"{point.latitude:.6f}"),
            longitude=Decimal(f"{point.longitude:.6f}"),
        )
    areas = PostcodeArea.objects.annotate(distance_km=distance_expression(origin)).filter(distance_km__lte=25)
    within = set(areas.values_list("pc4", flat=True))
    boxed = set(PostcodeArea.objects.filter(bounding_box_q(origin, 25)).values_list("pc4", flat=True))
    expected = {str(5000 + i) for i, point in enumerate(points) if distance_km(origin, point) <= 25}
    assert within == expected and within <= boxed


@pytest.mark.parametrize("origin", ORIGINS)
def test_the_float_box_keeps_what_the_decimal_box_keeps(db, origin):
    """float_box_q compares the coordinates as floats (for the expression index): the same rows as the
    decimal box, points on its edges included, and every point within the radius."""
    municipality = factories.MunicipalityFactory()
    points = list(points_around(origin, 80, max_km=15, seed=11))
    dlat = 12 / (6371.0088 * math.pi / 180)
    points += [Point(origin.latitude + dlat, origin.longitude), Point(origin.latitude - dlat, origin.longitude)]
    for index, point in enumerate(points):
        factories.PostcodeAreaFactory(
            pc4=str(6000 + index),
            municipality=municipality,
            latitude=Decimal(f"{point.latitude:.6f}"),
            longitude=Decimal(f"{point.longitude:.6f}"),
        )
    floats = set(PostcodeArea.objects.filter(float_box_q(origin, 12)).values_list("pc4", flat=True))
    decimals = set(PostcodeArea.objects.filter(bounding_box_q(origin, 12)).values_list("pc4", flat=True))
    within = set(
        PostcodeArea.objects.annotate(distance_km=distance_expression(origin))
        .filter(distance_km__lte=12)
        .values_list("pc4", flat=True)
    )
    assert within and within <= floats
    assert floats == decimals
