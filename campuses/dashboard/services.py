"""Dashboard figures, computed with SQL aggregation (a constant number of queries per campus).

"Near a campus" means: a published initiative at a venue within the campus's own radius, or a
published initiative that comes to school (location type at_school) whose service radius reaches
the campus point. Online initiatives have no place; they are counted once, region-wide, and not
per campus, so they cannot blur the differences between campuses.

A school "has an initiative nearby" when a published venue initiative lies within the chosen
distance of it, or an at_school initiative's service radius covers it.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Avg, Count, DecimalField, Exists, ExpressionWrapper, F, FloatField, Max, OuterRef, Q
from django.db.models.functions import Sqrt
from django.utils import timezone

from campuses.geo import KM_PER_DEGREE_LAT, Point, bounding_box_q, distance_expression
from campuses.models import Campus, School
from initiatives.models import Initiative, Session, Theme

TARGET_GROUP_SLUGS = ("leerlingen", "ouders", "meisjes", "migratieachtergrond")
PARENTS_SLUG = "ouders"
HIGH_PRACTICE_LEVEL = 3


@dataclass(frozen=True)
class SchoolYear:
    """A Dutch school year, 1 August to 31 July, named by the year it starts in."""

    start_year: int

    @classmethod
    def containing(cls, day):
        return cls(day.year if day.month >= 8 else day.year - 1)

    @classmethod
    def current(cls):
        return cls.containing(timezone.localdate())

    @property
    def starts_at(self):
        return timezone.make_aware(datetime.datetime(self.start_year, 8, 1))

    @property
    def ends_at(self):
        """Exclusive end: 1 August of the next year, 00.00."""
        return timezone.make_aware(datetime.datetime(self.start_year + 1, 8, 1))

    def __str__(self):
        return f"{self.start_year}/{self.start_year + 1}"


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


def initiatives_near(campus, *, max_service_km):
    """Published initiatives near the campus: a venue within its radius, or a school visit reaching it."""
    point, radius = campus.point, float(campus.radius_km)
    return (
        Initiative.objects.published()
        .with_point()
        .filter(bounding_box_q(point, max(radius, max_service_km)))
        .alias(campus_distance_km=distance_expression(point))
        .filter(
            Q(location_type=Initiative.LocationType.VENUE, campus_distance_km__lte=radius)
            | Q(
                location_type=Initiative.LocationType.AT_SCHOOL,
                service_radius_km__isnull=False,
                campus_distance_km__lte=F("service_radius_km"),
            )
        )
    )


def _has_target_group(slug):
    through = Initiative.target_groups.through
    return Exists(through.objects.filter(initiative_id=OuterRef("pk"), targetgroup__slug=slug))


def parents_q():
    """MRDH role 1: aimed at parents, or parents take part (family activity, parents welcome)."""
    return Q(has_tg_ouders=True) | Q(is_family_activity=True) | Q(parents_welcome=True)


def initiative_figures(campus, *, max_service_km):
    """One aggregate query: counts by school level, target group, practice level, activity and location type."""
    queryset = initiatives_near(campus, max_service_km=max_service_km).alias(
        **{f"has_tg_{slug}": _has_target_group(slug) for slug in TARGET_GROUP_SLUGS}
    )
    vo = Q(vo_year_from__isnull=False)
    aggregates = {
        "total": Count("pk"),
        "po": Count("pk", filter=Q(po_group_from__isnull=False)),
        "vo": Count("pk", filter=vo),
        "vmbo": Count("pk", filter=vo & Q(for_vmbo=True)),
        "havo": Count("pk", filter=vo & Q(for_havo=True)),
        "vwo": Count("pk", filter=vo & Q(for_vwo=True)),
        "parents_role": Count("pk", filter=parents_q()),
        "practice_average": Avg("practice_level"),
        "practice_high": Count("pk", filter=Q(practice_level__gte=HIGH_PRACTICE_LEVEL)),
        **{f"tg_{slug}": Count("pk", filter=Q(**{f"has_tg_{slug}": True})) for slug in TARGET_GROUP_SLUGS},
        **{f"level_{level}": Count("pk", filter=Q(practice_level=level)) for level in range(1, 5)},
        **{f"type_{value}": Count("pk", filter=Q(activity_type=value)) for value in Initiative.ActivityType.values},
        **{f"where_{value}": Count("pk", filter=Q(location_type=value)) for value in Initiative.LocationType.values},
    }
    return queryset.aggregate(**aggregates)


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


def _distance_to_outer(km_per_degree_lon):
    """Distance in km between the row's point and the outer query's point (a school)."""
    dy = (F("latitude") - OuterRef("latitude")) * KM_PER_DEGREE_LAT
    dx = (F("longitude") - OuterRef("longitude")) * km_per_degree_lon
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
    ).alias(**{f"d{campus.pk}": distance_expression(campus.point) for campus in campuses})
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
    schools = School.objects.within(campus.point, float(campus.radius_km))
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
    """Scale-up (MRDH role 3): per theme, how many initiatives lie near each campus (one query per campus)."""
    presence = {}
    for campus in campuses:
        rows = (
            initiatives_near(campus, max_service_km=max_service_km)
            .filter(themes__isnull=False)
            .values("themes__pk")
            .annotate(n=Count("pk", distinct=True))
            .order_by()
        )
        presence[campus.pk] = {row["themes__pk"]: row["n"] for row in rows}
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
    """Bookings and bus figures for the campus area (or the region) in the school year.

    Placeholder until the booking models (issue 5) are merged: plug the aggregation in here,
    returning BookingFigures(is_available=True, ...). The page and the exports read only this.
    """
    return BookingFigures()
