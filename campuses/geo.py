"""Distances without GeoDjango: points as latitude/longitude decimals.

The one definition of distance for the whole project: `distance_km()` in Python and
`distance_expression()` in SQL compute the same number. It is the equirectangular projection
at the mean latitude of the two points on a sphere of the Earth's mean radius, so it agrees
with the great-circle (haversine) distance to well under 0.01 % within 50 km in the
Netherlands. The cosine of the mean latitude is expanded around the query point (first order;
the error is below 1e-5 within 50 km), which keeps the SQL plain arithmetic on indexed
columns: the same on SQLite and PostgreSQL. A bounding box on the coordinate columns
prefilters before the exact distance is computed.
"""

import math
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from django.db import models
from django.db.models import DecimalField, Expression, ExpressionWrapper, F, FloatField, Func, OuterRef, Q, Value
from django.db.models.functions import Cast, Cos, Radians, Sin, Sqrt
from django.utils.translation import gettext_lazy as _

# The Netherlands, with a margin for the Wadden islands and the border.
NL_LAT_MIN, NL_LAT_MAX = Decimal("50.70"), Decimal("53.60")
NL_LON_MIN, NL_LON_MAX = Decimal("3.20"), Decimal("7.30")

EARTH_RADIUS_KM = 6371.0088  # mean radius (IUGG)
KM_PER_DEGREE_LAT = EARTH_RADIUS_KM * math.pi / 180  # 111.195 km, on the sphere at any latitude
KM_PER_DEGREE_LON_AT_EQUATOR = KM_PER_DEGREE_LAT


@dataclass(frozen=True)
class Point:
    latitude: float
    longitude: float

    @classmethod
    def of(cls, obj):
        """The point of a model instance with latitude/longitude, or None."""
        if obj.latitude is None or obj.longitude is None:
            return None
        return cls(float(obj.latitude), float(obj.longitude))

    def is_in_netherlands(self):
        return float(NL_LAT_MIN) <= self.latitude <= float(NL_LAT_MAX) and float(NL_LON_MIN) <= self.longitude <= float(
            NL_LON_MAX
        )

    def distance_km(self, other):
        """Distance in km to other (the project's one distance, see distance_km())."""
        return distance_km(self, other)

    def km_per_degree_lon(self):
        """Length of a degree of longitude at this point's latitude."""
        return KM_PER_DEGREE_LON_AT_EQUATOR * math.cos(math.radians(self.latitude))

    def _lon_scale(self):
        """(a, b): km per degree of longitude at the mean of this latitude and lat is a - b * (lat - self.latitude)."""
        lat = math.radians(self.latitude)
        return (
            KM_PER_DEGREE_LON_AT_EQUATOR * math.cos(lat),
            KM_PER_DEGREE_LON_AT_EQUATOR * math.sin(lat) * math.pi / 360,
        )


def distance_km(origin, other):
    """Distance in km between two Points; the same formula as distance_expression() in SQL."""
    a, b = origin._lon_scale()
    dy = (other.latitude - origin.latitude) * KM_PER_DEGREE_LAT
    dx = (other.longitude - origin.longitude) * (a - b * (other.latitude - origin.latitude))
    return math.sqrt(dx * dx + dy * dy)


class RowPoint:
    """The outer query's row as the point: its latitude/longitude columns, through OuterRef.

    bounding_box_q() and distance_expression() take it wherever they take a Point, so the domain
    QuerySets (near, visiting, reachable_from) run unchanged as correlated subqueries, once per row
    of an outer query (the coverage dashboard's per-school figures), with the same formula.
    """

    def __init__(self, prefix=""):
        self.prefix = prefix

    def column(self, name):
        return OuterRef(f"{self.prefix}{name}")


MILLIONTH = Decimal("0.000001")


def _shifted(column, degrees):
    """column + degrees as a decimal (so the comparison with the indexed decimal column needs no cast),
    rounded outwards: the box only prefilters, it must never cut the circle."""
    rounding = ROUND_CEILING if degrees >= 0 else ROUND_FLOOR
    outward = Decimal(degrees).quantize(MILLIONTH, rounding) + (MILLIONTH if degrees >= 0 else -MILLIONTH)
    return ExpressionWrapper(column + Value(outward, output_field=DecimalField()), output_field=DecimalField())


def bounding_box_q(point, km, prefix=""):
    """A Q that keeps rows whose point lies in the square of +/- km around point (a Point or a RowPoint)."""
    dlat = km / KM_PER_DEGREE_LAT
    if isinstance(point, RowPoint):
        # The row's latitude is not known here: size the box for the north of the Netherlands.
        dlon = km / Point(float(NL_LAT_MAX) + dlat, 0).km_per_degree_lon()
        latitude, longitude = point.column("latitude"), point.column("longitude")
        return Q(
            **{
                f"{prefix}latitude__gte": _shifted(latitude, -dlat),
                f"{prefix}latitude__lte": _shifted(latitude, dlat),
                f"{prefix}longitude__gte": _shifted(longitude, -dlon),
                f"{prefix}longitude__lte": _shifted(longitude, dlon),
            }
        )
    south, north, west, east = _box_bounds(point, km)
    return Q(
        **{
            f"{prefix}latitude__gte": south,
            f"{prefix}latitude__lte": north,
            f"{prefix}longitude__gte": west,
            f"{prefix}longitude__lte": east,
        }
    )


def _box_bounds(point, km):
    """(south, north, west, east) of the square of +/- km around point (a Point): bounding_box_q's and FloatBox's."""
    dlat = km / KM_PER_DEGREE_LAT
    # Degrees of longitude are shortest on the side away from the equator: size the box there.
    far_side = Point(min(abs(point.latitude) + dlat, 89.0), point.longitude)
    dlon = km / far_side.km_per_degree_lon()
    return point.latitude - dlat, point.latitude + dlat, point.longitude - dlon, point.longitude + dlon


def float_box_q(point, km, prefix=""):
    """bounding_box_q(point, km) on the coordinates as floats, for the expression index on them
    (Initiative's initiative_type_fpoint_idx): PostgreSQL compares floats at a fraction of the cost
    of decimals, which a box over thousands of index entries feels. A RowPoint's box stays on the decimals
    (bounding_box_q)."""
    if isinstance(point, RowPoint):
        return bounding_box_q(point, km, prefix)
    return Q(FloatBox(point, km, prefix))


class FloatBox(Expression):
    """float_box_q's condition: the four comparisons of the box on CAST(latitude/longitude AS float), written
    out at once (as _PointDistance: Django's Cast and lookups cost more to build than the comparisons to run).
    point is a Point."""

    conditional = True

    def __init__(self, point, km, prefix=""):
        super().__init__(output_field=models.BooleanField())
        self.bounds = _box_bounds(point, km)
        self.latitude, self.longitude = F(f"{prefix}latitude"), F(f"{prefix}longitude")

    def get_source_expressions(self):
        return [self.latitude, self.longitude]

    def set_source_expressions(self, exprs):
        self.latitude, self.longitude = exprs

    def as_sql(self, compiler, connection):
        (lat, lat_params), (lon, lon_params) = compiler.compile(self.latitude), compiler.compile(self.longitude)
        lat, lon = float_column_sql(lat, connection), float_column_sql(lon, connection)
        south, north, west, east = self.bounds
        sql = f"({lat} >= %s AND {lat} <= %s AND {lon} >= %s AND {lon} <= %s)"
        return sql, (*lat_params, south, *lat_params, north, *lon_params, west, *lon_params, east)


def float_column_sql(sql, connection):
    """A decimal column's SQL as a float, written as Django's Cast(column, FloatField()) writes it (so an
    index on that Cast serves it)."""
    if connection.vendor == "postgresql":
        return f"({sql})::double precision"
    return f"CAST({sql} AS real)"


class _Square(Func):
    """x squared with x computed once: POWER(x, 2) on PostgreSQL (x * x would repeat the whole
    expression, casts included, and cost some 40 % more per row). SQLite's POWER is a Python
    callback, so there it stays x * x."""

    function = "POWER"
    arity = 1
    template = "%(function)s(%(expressions)s, 2)"
    output_field = FloatField()

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"(({sql}) * ({sql}))", (*params, *params)


def distance_expression(point, prefix=""):
    """SQL expression for the distance in km from point (a Point or a RowPoint) to the row's
    latitude/longitude; the same formula as distance_km()."""
    if isinstance(point, RowPoint):
        return _distance_tree(point, prefix)
    return _PointDistance(point, prefix)


def _distance_tree(point, prefix=""):
    """The distance as Django expressions: the definition, and the SQL for a RowPoint."""
    # Float arithmetic: on PostgreSQL, numeric (decimal) arithmetic and sqrt are several times slower.
    if isinstance(point, RowPoint):
        origin_lat = Cast(point.column("latitude"), FloatField())
        origin_lon = Cast(point.column("longitude"), FloatField())
        a = Value(KM_PER_DEGREE_LON_AT_EQUATOR) * Cos(Radians(origin_lat))
        b = Value(KM_PER_DEGREE_LON_AT_EQUATOR * math.pi / 360) * Sin(Radians(origin_lat))
    else:
        origin_lat, origin_lon = point.latitude, point.longitude
        a, b = point._lon_scale()
    dlat = Cast(F(f"{prefix}latitude"), FloatField()) - origin_lat
    dy = dlat * KM_PER_DEGREE_LAT
    dx = (Cast(F(f"{prefix}longitude"), FloatField()) - origin_lon) * (a - dlat * b)
    return ExpressionWrapper(Sqrt(_Square(dx) + _Square(dy)), output_field=FloatField())


class _PointDistance(Expression):
    """_distance_tree(point) for a known point, written out at once: the same SQL and parameters on
    SQLite and PostgreSQL (tested), at a fraction of the cost of building and compiling the tree of
    casts and arithmetic, which a search does three times (the annotation and the two reach rules)."""

    def __init__(self, point, prefix=""):
        super().__init__(output_field=FloatField())
        self.point, self.prefix = point, prefix
        self.latitude, self.longitude = F(f"{prefix}latitude"), F(f"{prefix}longitude")

    def get_source_expressions(self):
        return [self.latitude, self.longitude]

    def set_source_expressions(self, exprs):
        self.latitude, self.longitude = exprs

    def as_sql(self, compiler, connection):
        if connection.vendor not in ("postgresql", "sqlite"):
            return compiler.compile(_distance_tree(self.point, self.prefix).resolve_expression(compiler.query))
        (lat, lat_params), (lon, lon_params) = compiler.compile(self.latitude), compiler.compile(self.longitude)
        lat, lon = float_column_sql(lat, connection), float_column_sql(lon, connection)
        a, b = self.point._lon_scale()
        y0, x0 = self.point.latitude, self.point.longitude
        dx = f"(({lon} - %s) * (%s - (({lat} - %s) * %s)))"
        dx_params = (*lon_params, x0, a, *lat_params, y0, b)
        dy = f"(({lat} - %s) * %s)"
        dy_params = (*lat_params, y0, KM_PER_DEGREE_LAT)
        if connection.vendor == "postgresql":
            return f"SQRT((POWER({dx}, 2) + POWER({dy}, 2)))", (*dx_params, *dy_params)
        return f"SQRT(((({dx}) * ({dx})) + (({dy}) * ({dy}))))", (*dx_params, *dx_params, *dy_params, *dy_params)


def inside_netherlands_constraint(name, nullable=False, **options):
    """CheckConstraint keeping latitude/longitude inside the Netherlands (or both empty).

    options: more CheckConstraint arguments (violation_error_message, violation_error_code).
    """
    inside = Q(
        latitude__gte=NL_LAT_MIN,
        latitude__lte=NL_LAT_MAX,
        longitude__gte=NL_LON_MIN,
        longitude__lte=NL_LON_MAX,
    )
    if nullable:
        inside |= Q(latitude__isnull=True, longitude__isnull=True)
    return models.CheckConstraint(condition=inside, name=name, **options)


def latitude_field(**kwargs):
    return models.DecimalField(_("breedtegraad"), max_digits=8, decimal_places=6, **kwargs)


def longitude_field(**kwargs):
    return models.DecimalField(_("lengtegraad"), max_digits=9, decimal_places=6, **kwargs)


def normalize_name(text):
    """Lower case, accents and punctuation folded: "'s-Gravenhage" -> "s gravenhage"."""
    text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    cleaned = "".join(ch if ch.isalnum() else " " for ch in text.lower())
    return " ".join(cleaned.split())
