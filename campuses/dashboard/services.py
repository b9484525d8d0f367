"""Dashboard figures, computed with SQL aggregation (a constant number of queries per campus).

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
    Avg,
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    Max,
    OuterRef,
    Q,
    Sum,
)
from django.db.models.functions import Cast, Sqrt
from django.utils import timezone

from campuses.geo import KM_PER_DEGREE_LAT, Point, bounding_box_q
from campuses.models import Campus, School, VmboProfile, VmboProfileOffer
from initiatives.models import Booking, BusRequest, Initiative, Session, Theme

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


def _near_q(campus, distance):
    """Near the campus, given the name of the row's distance to it: venue within radius, or a visit reaching it."""
    return Q(location_type=Initiative.LocationType.VENUE, **{f"{distance}__lte": float(campus.radius_km)}) | Q(
        location_type=Initiative.LocationType.AT_SCHOOL,
        service_radius_km__isnull=False,
        **{f"{distance}__lte": F("service_radius_km")},
    )


def _in_reach(campuses, max_service_km):
    """Bounding boxes (on the indexed coordinates) that hold every initiative near any of the campuses."""
    boxes = Q()
    for campus in campuses:
        boxes |= bounding_box_q(campus.point, max(float(campus.radius_km), max_service_km))
    return boxes


def initiatives_near(campus, *, max_service_km):
    """Published initiatives near the campus: a venue within its radius, or a school visit reaching it."""
    return (
        Initiative.objects.published()
        .with_point()
        .filter(_in_reach([campus], max_service_km))
        .alias(campus_distance_km=float_distance(campus.point))
        .filter(_near_q(campus, "campus_distance_km"))
    )


def _has_target_group(slug):
    through = Initiative.target_groups.through
    return Exists(through.objects.filter(initiative_id=OuterRef("pk"), targetgroup__slug=slug))


def parents_q():
    """MRDH role 1: aimed at parents, or parents take part (family activity, parents welcome)."""
    return Q(has_tg_ouders=True) | Q(is_family_activity=True) | Q(parents_welcome=True)


def _figure_filters():
    vo = Q(vo_year_from__isnull=False)
    return {
        "total": Q(),
        "po": Q(po_group_from__isnull=False),
        "vo": vo,
        "vmbo": vo & Q(for_vmbo=True),
        "havo": vo & Q(for_havo=True),
        "vwo": vo & Q(for_vwo=True),
        "parents_role": parents_q(),
        "practice_high": Q(practice_level__gte=HIGH_PRACTICE_LEVEL),
        **{f"tg_{slug}": Q(**{f"has_tg_{slug}": True}) for slug in TARGET_GROUP_SLUGS},
        **{f"level_{level}": Q(practice_level=level) for level in range(1, 5)},
        **{f"type_{value}": Q(activity_type=value) for value in Initiative.ActivityType.values},
        **{f"where_{value}": Q(location_type=value) for value in Initiative.LocationType.values},
    }


def initiative_figures(campus, *, max_service_km):
    """One aggregate query: counts by school level, target group, practice level, activity and location type."""
    queryset = initiatives_near(campus, max_service_km=max_service_km).alias(
        **{f"has_tg_{slug}": _has_target_group(slug) for slug in TARGET_GROUP_SLUGS}
    )
    aggregates = {name: Count("pk", filter=condition) for name, condition in _figure_filters().items()}
    return queryset.aggregate(**aggregates, practice_average=Avg("practice_level"))


def initiative_figures_by_campus(campuses, *, max_service_km):
    """The figures of every campus: one query per campus.

    (A single query for all campuses was tried: PostgreSQL flattens the subquery and evaluates the
    per-campus distance and target-group expressions once per FILTER clause, which was slower.)
    """
    return {campus.pk: initiative_figures(campus, max_service_km=max_service_km) for campus in campuses}


def session_figures(campus, *, max_service_km, school_year, now=None):
    """Sessions of nearby initiatives in the school year (not cancelled), and how many are still to come."""
    now = now or timezone.now()
    nearby = initiatives_near(campus, max_service_km=max_service_km).values("pk")
    return Session.objects.filter(
        initiative__in=nearby,
        is_cancelled=False,
        starts_at__gte=school_year.starts_at,
        starts_at__lt=school_year.ends_at,
    ).aggregate(
        in_year=Count("pk"),
        upcoming=Count("pk", filter=Q(starts_at__gte=now)),
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


def _distance_to_outer(km_per_degree_lon):
    """Distance in km between the row's point and the outer query's point (a school), in floating point."""
    dy = (_float(F("latitude")) - _float(OuterRef("latitude"))) * KM_PER_DEGREE_LAT
    dx = (_float(F("longitude")) - _float(OuterRef("longitude"))) * km_per_degree_lon
    return ExpressionWrapper(Sqrt(dx * dx + dy * dy), output_field=FloatField())


def _box_around_outer(km, reference):
    """The bounding box of +/- km around the outer row's point, on the indexed coordinate columns."""

    def shifted(name, delta):
        return ExpressionWrapper(OuterRef(name) + delta, output_field=DecimalField())

    dlat = Decimal(str(round(km / KM_PER_DEGREE_LAT, 6)))
    # The widest longitude span in the Netherlands (its northern edge), so the box never cuts short.
    dlon = Decimal(str(round(km / Point(53.6, 0).km_per_degree_lon(), 6)))
    return Q(
        latitude__gte=shifted("latitude", -dlat),
        latitude__lte=shifted("latitude", dlat),
        longitude__gte=shifted("longitude", -dlon),
        longitude__lte=shifted("longitude", dlon),
    )


def venue_within(distance_km, *, reference):
    """Exists: a published venue initiative within distance_km of the outer school."""
    return Exists(
        Initiative.objects.published()
        .filter(location_type=Initiative.LocationType.VENUE)
        .filter(_box_around_outer(distance_km, reference))
        .alias(school_distance_km=_distance_to_outer(reference.km_per_degree_lon()))
        .filter(school_distance_km__lte=distance_km)
    )


def visit_reaching(*, reference, max_service_km):
    """Exists: a published at_school initiative whose service radius covers the outer school."""
    return Exists(
        Initiative.objects.published()
        .filter(location_type=Initiative.LocationType.AT_SCHOOL, service_radius_km__isnull=False)
        .filter(_box_around_outer(max_service_km, reference))
        .alias(school_distance_km=_distance_to_outer(reference.km_per_degree_lon()))
        .filter(school_distance_km__lte=F("service_radius_km"))
    )


def reference_point(campuses):
    """The mean campus point: its longitude scale is used for all school distances (error well under 1 %)."""
    if not campuses:
        return Point(52.0, 4.4)
    return Point(
        sum(c.point.latitude for c in campuses) / len(campuses),
        sum(c.point.longitude for c in campuses) / len(campuses),
    )


def schools_with_coverage(queryset, *, distance_km, campuses, max_service_km):
    reference = reference_point(campuses)
    return queryset.annotate(
        has_venue=venue_within(distance_km, reference=reference),
        has_visit=visit_reaching(reference=reference, max_service_km=max_service_km),
    )


def school_coverage(campuses, *, distance_km, max_service_km):
    """One query for all campuses: schools in each campus area, how many have an initiative nearby, and more."""
    if not campuses:
        return {}
    in_any_area = Q()
    for campus in campuses:
        in_any_area |= bounding_box_q(campus.point, float(campus.radius_km))
    queryset = schools_with_coverage(
        School.objects.filter(in_any_area), distance_km=distance_km, campuses=campuses, max_service_km=max_service_km
    ).alias(**{f"d{campus.pk}": float_distance(campus.point) for campus in campuses})
    covered = Q(has_venue=True) | Q(has_visit=True)
    aggregates = {}
    for campus in campuses:
        inside = Q(**{f"d{campus.pk}__lte": float(campus.radius_km)})
        for kind in ("", School.Kind.PO, School.Kind.VO):
            of_kind = inside & Q(kind=kind) if kind else inside
            suffix = f"{campus.pk}_{kind}" if kind else f"{campus.pk}"
            aggregates[f"schools_{suffix}"] = Count("pk", filter=of_kind)
            aggregates[f"covered_{suffix}"] = Count("pk", filter=of_kind & covered)
        aggregates[f"visited_{campus.pk}"] = Count("pk", filter=inside & Q(has_visit=True))
    totals = queryset.aggregate(**aggregates)
    figures = {}
    for campus in campuses:
        figures[campus.pk] = {
            "schools": totals[f"schools_{campus.pk}"],
            "covered": totals[f"covered_{campus.pk}"],
            "visited": totals[f"visited_{campus.pk}"],
            "po": totals[f"schools_{campus.pk}_po"],
            "covered_po": totals[f"covered_{campus.pk}_po"],
            "vo": totals[f"schools_{campus.pk}_vo"],
            "covered_vo": totals[f"covered_{campus.pk}_vo"],
        }
        figures[campus.pk]["white_spots"] = figures[campus.pk]["schools"] - figures[campus.pk]["covered"]
    return figures


def white_spots(campus, *, distance_km, campuses, max_service_km):
    """Schools in the campus area without any initiative nearby, nearest to the campus first."""
    radius = float(campus.radius_km)
    schools = (
        School.objects.filter(bounding_box_q(campus.point, radius))
        .annotate(distance_km=float_distance(campus.point))
        .filter(distance_km__lte=radius)
    )
    return (
        schools_with_coverage(schools, distance_km=distance_km, campuses=campuses, max_service_km=max_service_km)
        .filter(has_venue=False, has_visit=False)
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


def theme_presence(campuses, *, max_service_km):
    """Scale-up (MRDH role 3): per theme, how many initiatives lie near each campus (one query for all)."""
    presence = {campus.pk: {} for campus in campuses}
    if campuses:
        rows = (
            Initiative.objects.published()
            .with_point()
            .filter(_in_reach(campuses, max_service_km), themes__isnull=False)
            .alias(**{f"d{campus.pk}": float_distance(campus.point) for campus in campuses})
            .values("themes__pk")
            # Each (initiative, theme) pair is one row of the join, so no DISTINCT (and no sort) is needed.
            .annotate(**{f"n{c.pk}": Count("pk", filter=_near_q(c, f"d{c.pk}")) for c in campuses})
            .order_by()
        )
        for row in rows:
            for campus in campuses:
                presence[campus.pk][row["themes__pk"]] = row[f"n{campus.pk}"]
    themes = Theme.objects.annotate(
        providers=Count(
            "initiatives__provider",
            distinct=True,
            filter=Q(initiatives__status=Initiative.Status.PUBLISHED),
        )
    ).order_by("position", "name")
    return list(themes), presence


@dataclass(frozen=True)
class BookingFigures:
    """Bookings, pupils and parents reached, bus trips: None means "not available yet"."""

    is_available: bool = False
    bookings: int | None = None
    pupils_reached: int | None = None
    parents_reached: int | None = None
    bus_requested: int | None = None
    bus_approved: int | None = None
    bus_budget_used: Decimal | None = None


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
        is_available=True,
        bookings=booking_row.get("bookings") or 0,
        pupils_reached=booking_row.get("pupils") or 0,
        parents_reached=booking_row.get("parents") or 0,
        bus_requested=bus_row.get("requested") or 0,
        bus_approved=bus_row.get("approved") or 0,
        bus_budget_used=bus_row.get("used") or Decimal("0"),
    )
