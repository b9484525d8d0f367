"""Dashboard figures, computed with SQL aggregation (a constant number of queries, however many campuses).

"Near a campus" means: a published initiative at a venue within the campus's own radius, or a
published initiative that comes to school (location type at_school) whose service radius reaches
the campus point. Online initiatives have no place; they are counted once, region-wide, and not
per campus, so they cannot blur the differences between campuses.

A school "has an initiative nearby" when a published venue initiative lies within the chosen
distance of it, or an at_school initiative's service radius covers it.
"""

import hashlib
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import (
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    Max,
    Q,
    Sum,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Sqrt
from django.utils import timezone

from campuses.geo import KM_PER_DEGREE_LAT, Point, bounding_box_q
from campuses.models import Campus, School, VmboProfile, VmboProfileOffer
from initiatives.models import Booking, BusRequest, Initiative, Session, Theme

from . import nearby

TARGET_GROUP_SLUGS = ("leerlingen", "ouders", "meisjes", "migratieachtergrond")
PARENTS_SLUG = "ouders"
HIGH_PRACTICE_LEVEL = 3


@contextmanager
def without_jit():
    """Switch off PostgreSQL's JIT for the current transaction.

    The dashboard's wide aggregates (a dozen FILTER clauses per campus) look expensive to the
    planner, which then spends up to a minute compiling 800 functions for a query that runs in
    a fraction of a second without it.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
    yield


def data_version():
    """A short fingerprint of everything the figures depend on (a handful of cheap aggregates)."""
    parts = [
        Initiative.objects.aggregate(n=Count("pk"), changed=Max("updated_at")),
        Session.objects.aggregate(n=Count("pk"), changed=Max("updated_at")),
        School.objects.aggregate(n=Count("pk"), last=Max("pk")),
        list(Campus.objects.values_list("pk", "is_active", "radius_km", "latitude", "longitude", "name")),
        list(VmboProfile.objects.filter(is_hard=True).values_list("pk", flat=True)),
        VmboProfileOffer.objects.aggregate(n=Count("pk"), last=Max("pk")),
        list(Theme.objects.values_list("pk", "name")),
        Booking.objects.aggregate(
            n=Count("pk"),
            changed=Max("updated_at"),
            buses=Count("bus_request"),
            bus_decided=Max("bus_request__decided_at"),
        ),
    ]
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:20]


def active_campuses():
    return list(Campus.objects.filter(is_active=True).order_by("name"))


def max_service_radius_km():
    """The largest service radius of a published at_school initiative (bounds the box prefilter)."""
    largest = (
        Initiative.objects.published()
        .filter(location_type=Initiative.LocationType.AT_SCHOOL)
        .aggregate(largest=Max("service_radius_km"))["largest"]
    )
    return float(largest or 0)


def _figure_conditions():
    """Figure name -> (SQL condition on the initiative `i` and its target-group flags `g`, params).

    Every figure counts the initiatives near the campus that meet its condition. "parents_role"
    is MRDH role 1: aimed at parents, or parents take part (family activity, parents welcome).
    """
    vo = "i.vo_year_from IS NOT NULL"
    return {
        "total": ("1 = 1", []),
        "po": ("i.po_group_from IS NOT NULL", []),
        "vo": (vo, []),
        "vmbo": (f"{vo} AND i.for_vmbo", []),
        "havo": (f"{vo} AND i.for_havo", []),
        "vwo": (f"{vo} AND i.for_vwo", []),
        "parents_role": (f"g.tg_{PARENTS_SLUG} = 1 OR i.is_family_activity OR i.parents_welcome", []),
        "practice_high": ("i.practice_level >= %s", [HIGH_PRACTICE_LEVEL]),
        **{f"tg_{slug}": (f"g.tg_{slug} = 1", []) for slug in TARGET_GROUP_SLUGS},
        **{f"level_{level}": ("i.practice_level = %s", [level]) for level in range(1, 5)},
        **{f"type_{value}": ("i.activity_type = %s", [value]) for value in Initiative.ActivityType.values},
        **{f"where_{value}": ("i.location_type = %s", [value]) for value in Initiative.LocationType.values},
    }


def _empty_figures(conditions):
    return {**dict.fromkeys(conditions, 0), "practice_average": None}


def initiative_figures(campus, *, max_service_km):
    """Counts by school level, target group, practice level, activity and location type for one campus."""
    return initiative_figures_by_campus([campus], max_service_km=max_service_km)[campus.pk]


def initiative_figures_by_campus(campuses, *, max_service_km, themes=()):
    """The figures of every campus in one grouped query over the (campus, initiative) pairs (see nearby.py).

    With themes, each campus's figures also hold theme_<pk>: its near initiatives with that theme.
    """
    conditions = _figure_conditions()
    theme_ids = [theme.pk for theme in themes]
    conditions.update({f"theme_{pk}": (f"t.theme_{pk} = 1", []) for pk in theme_ids})
    rows = nearby.initiative_figures_by_campus(
        campuses, conditions, slugs=TARGET_GROUP_SLUGS, theme_ids=theme_ids, max_service_km=max_service_km
    )
    figures = {}
    for campus in campuses:
        figures[campus.pk] = {**_empty_figures(conditions), **rows.get(campus.pk, {})}
        average = figures[campus.pk]["practice_average"]
        figures[campus.pk]["practice_average"] = None if average is None else float(average)
    return figures


def session_figures(campus, *, max_service_km, school_year, now=None):
    """Sessions of nearby initiatives in the school year (not cancelled), and how many are still to come."""
    return nearby.session_counts(
        campus,
        max_service_km=max_service_km,
        starts_at=school_year.starts_at,
        ends_at=school_year.ends_at,
        now=now or timezone.now(),
    )


def online_initiative_count():
    return Initiative.objects.published().filter(location_type=Initiative.LocationType.ONLINE).count()


def _float(expression):
    return Cast(expression, output_field=FloatField())


def float_distance(point, prefix=""):
    """Like campuses.geo.distance_expression, but in floating point.

    PostgreSQL otherwise computes on the numeric columns in arbitrary precision (sqrt of a
    numeric is slow): with 20,000 initiatives that made the dashboard ten times slower.
    """
    dy = (_float(F(f"{prefix}latitude")) - point.latitude) * KM_PER_DEGREE_LAT
    dx = (_float(F(f"{prefix}longitude")) - point.longitude) * point.km_per_degree_lon()
    return ExpressionWrapper(Sqrt(dx * dx + dy * dy), output_field=FloatField())


def reference_point(campuses):
    """The mean campus point: its longitude scale is used for all school distances (error well under 1 %)."""
    if not campuses:
        return Point(52.0, 4.4)
    return Point(
        sum(c.point.latitude for c in campuses) / len(campuses),
        sum(c.point.longitude for c in campuses) / len(campuses),
    )


def school_coverage(campuses, *, distance_km, max_service_km):
    """One query for all campuses: schools in each campus area, how many have an initiative nearby, and more."""
    figures = {
        campus.pk: dict.fromkeys(("schools", "covered", "visited", "po", "covered_po", "vo", "covered_vo"), 0)
        for campus in campuses
    }
    rows = nearby.school_coverage_rows(
        campuses,
        distance_km=float(distance_km),
        max_service_km=max_service_km,
        reference=reference_point(campuses),
    )
    # Each row is one (campus, kind, reach) group with its count from SQL.
    for row in rows:
        campus_figures, kind, schools = figures[row["campus_id"]], row["kind"], row["schools"]
        covered = schools if row["reach"] != nearby.UNCOVERED else 0
        for key, count in (("schools", schools), (kind, schools), ("covered", covered), (f"covered_{kind}", covered)):
            campus_figures[key] += count
        campus_figures["visited"] += schools if row["reach"] == nearby.VISITED else 0
    for campus_figures in figures.values():
        campus_figures["white_spots"] = campus_figures["schools"] - campus_figures["covered"]
    return figures


def white_spots(campus, *, distance_km, campuses, max_service_km):
    """Schools in the campus area without any initiative nearby, nearest to the campus first."""
    radius = float(campus.radius_km)
    reach, params = nearby.school_reach_sql(
        distance_km=float(distance_km),
        max_service_km=max_service_km,
        reference=reference_point(campuses),
        school=nearby.table(School),
    )
    return (
        School.objects.filter(bounding_box_q(campus.point, radius))
        .annotate(distance_km=float_distance(campus.point))
        .filter(distance_km__lte=radius)
        .alias(reach=RawSQL(reach, params, output_field=IntegerField()))  # noqa: S611 (quoted names, bound values)
        .filter(reach=nearby.UNCOVERED)
        .values(
            "code",
            "name",
            "kind",
            "place_name",
            "has_vmbo",
            "has_havo",
            "has_vwo",
            "latitude",
            "longitude",
            "distance_km",
        )
        .order_by("distance_km", "name")
    )


def themes_with_providers():
    """Every theme in display order, with `providers`: the providers of its published initiatives.

    One grouped query over the theme links (narrow rows: a correlated subquery per theme or a
    join with the themes' own columns made PostgreSQL sort far wider rows, on disk).
    """
    providers = dict(
        Initiative.themes.through.objects.filter(initiative__status=Initiative.Status.PUBLISHED)
        .values("theme")
        .annotate(n=Count("initiative__provider", distinct=True))
        .order_by()
        .values_list("theme", "n")
    )
    themes = list(Theme.objects.order_by("position", "name"))
    for theme in themes:
        theme.providers = providers.get(theme.pk, 0)
    return themes


def theme_presence(campuses, themes, figures):
    """Scale-up (MRDH role 3): per campus and theme, how many initiatives lie near the campus.

    Read from the figures of initiative_figures_by_campus(..., themes=themes): {campus pk: {theme pk: count}}.
    """
    return {campus.pk: {theme.pk: figures[campus.pk][f"theme_{theme.pk}"] for theme in themes} for campus in campuses}


@dataclass(frozen=True)
class BookingFigures:
    """Bookings, pupils and parents reached, bus trips (of a campus area or the region, in a school year)."""

    bookings: int
    pupils_reached: int
    parents_reached: int
    bus_requested: int
    bus_approved: int
    bus_budget_used: Decimal


def booking_figures(*, campus=None, school_year):
    """Bookings and bus figures for the campus area (or the region when campus is None) in the school year."""
    if campus is not None:
        return booking_figures_by_campus([campus], school_year=school_year)[campus.pk]
    return _booking_figures(Booking.objects.all(), BusRequest.objects.all(), school_year)


def booking_figures_by_campus(campuses, *, school_year):
    """BookingFigures per campus pk, in two queries for all campuses.

    A booking counts for the campus of its initiative (Initiative.campus, as for the bus budgets);
    "reached" counts confirmed bookings only. Parents reached are the accompanying adults on
    confirmed bookings of family activities and activities that welcome parents (MRDH role 1).
    """
    year = school_year.start_year
    pks = [campus.pk for campus in campuses]
    bookings = {
        row.pop("initiative__campus"): row
        for row in _booking_rows(Booking.objects.filter(initiative__campus__in=pks), year).values("initiative__campus")
        .annotate(**_BOOKING_AGGREGATES)
    }  # fmt: skip
    buses = {
        row.pop("budget__campus"): row
        for row in BusRequest.objects.in_school_year(year).filter(budget__campus__in=pks).values("budget__campus")
        .annotate(**_BUS_AGGREGATES)
    }  # fmt: skip
    return {pk: _figures(bookings.get(pk, {}), buses.get(pk, {})) for pk in pks}


_APPROVED = Q(status=BusRequest.Status.APPROVED)
_BUS_AGGREGATES = {
    "requested": Count("pk", filter=~Q(status=BusRequest.Status.CANCELLED)),
    "approved": Count("pk", filter=_APPROVED),
    "used": Sum("estimated_cost", filter=_APPROVED),
}
_PARENTS = Q(initiative__is_family_activity=True) | Q(initiative__parents_welcome=True)
_BOOKING_AGGREGATES = {
    "bookings": Count("pk"),
    "pupils": Sum("pupils"),
    "parents": Sum("adults", filter=_PARENTS),
}


def _booking_rows(queryset, year):
    return queryset.confirmed().in_school_year(year).order_by()


def _booking_figures(bookings, bus_requests, school_year):
    year = school_year.start_year
    booking_row = _booking_rows(bookings, year).aggregate(**_BOOKING_AGGREGATES)
    bus_row = bus_requests.in_school_year(year).aggregate(**_BUS_AGGREGATES)
    return _figures(booking_row, bus_row)


def _figures(booking_row, bus_row):
    return BookingFigures(
        bookings=booking_row.get("bookings") or 0,
        pupils_reached=booking_row.get("pupils") or 0,
        parents_reached=booking_row.get("parents") or 0,
        bus_requested=bus_row.get("requested") or 0,
        bus_approved=bus_row.get("approved") or 0,
        bus_budget_used=bus_row.get("used") or Decimal("0"),
    )
