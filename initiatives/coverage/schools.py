"""Which schools have an offer that fits them nearby: per school, in one query for every campus area.

A po school is served by offer for po; a vo school by offer for vo in a track it teaches (an offer
for vo that names no track is open to every track; a vo school that teaches none of vmbo, havo
and vwo, such as a praktijkonderwijs branch, is served by any vo offer). "Nearby" is the
QuerySets' own rule with the school's point as the point: `published().near(point, km)` for venue
offers within the chosen distance and, as a separate measure, `published().visiting(point, km)`
for school visits whose service radius covers the school (the two halves of `reachable_from`).
The distance and the box are campuses.geo's, through its RowPoint (the school row as the point).

Per school the fitting venue offers are counted up to COUNT_CAP (the page shows 0, 1-2 and 3 or
more), so a school with offer all around costs a short index scan, not a full count.
tests/initiatives/coverage/test_white_spots.py pins the result to a per-school computation.
"""

from decimal import Decimal
from functools import reduce
from operator import or_

from django.db.models import (
    Case,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.db.models.lookups import Exact, GreaterThanOrEqual

from campuses.geo import RowPoint, bounding_box_q, distance_expression
from campuses.models import School, VmboProfileOffer

from ..models import Initiative
from ..models.catalog import MAX_SERVICE_RADIUS_KM

COUNT_CAP = 3
MILLIONTH = Decimal("0.000001")
# The share of a box searched first (see fitting_venue_count and reached_by_visit).
FIRST_LOOK_SHARE = 0.25


def fits_school_q():
    """Offer whose school level fits the outer school row (see the module's docstring)."""
    is_po, is_vo = Exact(OuterRef("kind"), School.Kind.PO), Exact(OuterRef("kind"), School.Kind.VO)
    no_track_named = Q(for_vmbo=False, for_havo=False, for_vwo=False)
    no_track_taught = Q(Exact(OuterRef("has_vmbo"), False), Exact(OuterRef("has_havo"), False)) & Q(
        Exact(OuterRef("has_vwo"), False)
    )
    track = reduce(
        or_,
        (Q(**{f"for_{name}": True}) & Q(Exact(OuterRef(f"has_{name}"), True)) for name in ("vmbo", "havo", "vwo")),
    )
    po = Q(is_po) & Q(po_group_from__isnull=False)
    vo = Q(is_vo) & Q(vo_year_from__isnull=False) & (no_track_named | no_track_taught | track)
    return po | vo


def fitting_offers(distance_km, location_type):
    """The published offers of one location type that reach the outer school and fit its level."""
    published, point = Initiative.objects.published(), RowPoint()
    if location_type == Initiative.LocationType.VENUE:
        offers = published.near(point, distance_km).filter(location_type=location_type)
    else:
        offers = published.visiting(point, distance_km)
    return offers.filter(fits_school_q()).order_by()


class CappedCount(Subquery):
    """How many rows the queryset has, counted up to COUNT_CAP (one index scan that stops there)."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) capped)"
    output_field = IntegerField()

    def __init__(self, queryset):
        super().__init__(queryset.values("pk")[:COUNT_CAP])


def fitting_venue_count(distance_km):
    """Fitting venue offers within distance_km of the outer school, up to COUNT_CAP. Counted first in a
    quarter of the box, where a school with offer all around finds them at once; only when that
    finds fewer than COUNT_CAP, in the whole box (the answer is that of the whole box)."""
    venues = fitting_offers(distance_km, Initiative.LocationType.VENUE)
    near_first = CappedCount(venues.filter(bounding_box_q(RowPoint(), distance_km * FIRST_LOOK_SHARE)))
    return Case(When(GreaterThanOrEqual(near_first, COUNT_CAP), then=Value(COUNT_CAP)), default=CappedCount(venues))


def reached_by_visit(distance_km):
    """Is a fitting school visit reaching the outer school? Looked for first in a quarter of the
    visits' box, where one usually is, then in the whole box (the answer is that of the whole box)."""
    visits = fitting_offers(distance_km, Initiative.LocationType.AT_SCHOOL)
    near_first = visits.filter(bounding_box_q(RowPoint(), MAX_SERVICE_RADIUS_KM * FIRST_LOOK_SHARE))
    return Exists(near_first) | Exists(visits)


def vmbo_pupils():
    """Pupils in vmbo years 3 and 4 at the school (the only pupil counts in the reference data), or None."""
    offers = (
        VmboProfileOffer.objects.filter(school=OuterRef("pk"))
        .order_by()
        .values("school")
        .annotate(pupils=Sum("pupils_year3") + Sum("pupils_year4"))
        .values("pupils")
    )
    return Subquery(offers, output_field=IntegerField())


def schools_in_areas(campuses, *, distance_km):
    """One query: every school within the radius of at least one campus, with

    - `d_<campus pk>`: its distance to each campus,
    - `venue_offers`: fitting venue offers within distance_km, counted up to COUNT_CAP,
    - `visited`: whether a fitting school visit reaches it,
    - `pupils`: vmbo pupils in years 3 and 4, or None where the data has no count,
    - `is_mrdh`: whether its municipality is one of the MRDH's (a campus area is a circle and may
      reach over the MRDH border; the region-wide figures count MRDH schools only).
    """
    if not campuses:
        return School.objects.none()
    distances = {f"d_{campus.pk}": distance_expression(campus.point) for campus in campuses}
    inside = reduce(or_, (Q(**{f"d_{campus.pk}__lte": float(campus.radius_km)}) for campus in campuses))
    boxes = reduce(or_, (bounding_box_q(campus.point, float(campus.radius_km)) for campus in campuses))
    return (
        School.objects.filter(boxes)
        .annotate(**distances)
        .filter(inside)
        .annotate(
            venue_offers=fitting_venue_count(distance_km),
            visited=reached_by_visit(distance_km),
            pupils=vmbo_pupils(),
            is_mrdh=Coalesce("municipality__is_mrdh", False),
        )
        .order_by()
    )
