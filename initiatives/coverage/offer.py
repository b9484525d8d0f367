"""The offer near each campus, counted by the SEOR dimensions, with the names behind the numbers.

"Near a campus" is the search's rule, `Initiative.objects.published().reachable_from(campus point,
campus radius)`: venues within the campus radius and school visits whose service radius reaches the
campus. Online offers have no place: they are counted once, region-wide, and not per campus.
All campuses come in one query that reads each initiative once, with a flag per campus
(`reaches_q`, the same rule as one condition); the target groups and themes come in one more
query each; the counting happens on those rows.
"Bus" (role 2's offer a bus can go to) is the public site's rule for "a class can get the free bus to
this", `bus_reach.bus_possible_q()`, as a column of that one query (after one query for the active bus
rules): not the provider's `offers_bus_transport` flag alone.
"""

from collections import Counter, defaultdict
from functools import reduce
from itertools import chain
from operator import add, or_
from sys import intern

from django.db.models import BooleanField, Case, F, IntegerField, Value, When

from campuses.geo import distance_expression

from ..bookings.bus_reach import bus_possible_q, read_active_rules
from ..models import Initiative, TargetGroup
from ..models.catalog import reach_box_q, reaches_q

TARGET_GROUP_SLUGS = ("leerlingen", "ouders", "meisjes", "migratieachtergrond")
PARENTS_SLUG = TargetGroup.PARENTS_SLUG
HIGH_PRACTICE_LEVEL = 3
REGION = "region"

FIELDS = (
    "pk",
    "po_group_from",
    "vo_year_from",
    "for_vmbo",
    "for_havo",
    "for_vwo",
    "is_family_activity",
    "parents_welcome",
    "practice_level",
    "activity_type",
    "location_type",
    "bus_possible",
)


class OfferFigures:
    """Counts of one area's offer (a campus, or the region: every initiative near any campus)."""

    def __init__(self, keys_of, themes, practice_levels):
        """keys_of: {pk: the figure keys it counts for} of the area's initiatives; themes: a Counter of
        their theme pks; practice_levels: the sum of their practice levels."""
        self.keys_of = keys_of
        self.counts = Counter(chain.from_iterable(keys_of.values()))
        self.themes = themes
        self.practice_average = practice_levels / len(keys_of) if keys_of else None

    @property
    def total(self):
        return self.counts["total"]

    def with_key(self, key):
        """The pks of the initiatives counted for the figure `key`."""
        return [pk for pk, keys in self.keys_of.items() if key in keys]


def figure_keys(row, slugs):
    """The figures an initiative counts for (row: FIELDS; slugs: its target groups)."""
    is_vo = row["vo_year_from"] is not None
    # Interned: every initiative's set holds the same string objects (a smaller, faster cache entry).
    keys = {
        "total",
        intern(f"level_{row['practice_level']}"),
        intern(f"type_{row['activity_type']}"),
        intern(f"where_{row['location_type']}"),
    }
    keys |= {intern(f"tg_{slug}") for slug in slugs if slug in TARGET_GROUP_SLUGS}
    if row["po_group_from"] is not None:
        keys.add("po")
    if is_vo:
        keys |= {"vo"} | {track for track in ("vmbo", "havo", "vwo") if row[f"for_{track}"]}
    if PARENTS_SLUG in slugs or row["is_family_activity"] or row["parents_welcome"]:
        keys.add("parents_role")
    if row["practice_level"] >= HIGH_PRACTICE_LEVEL:
        keys.add("practice_high")
    if row["bus_possible"]:
        keys.add("bus")
    return keys


def near_rows(campuses):
    """One query: (*FIELDS, near) for every published initiative in the box of at least one campus, where
    bit i of `near` says whether it is near campuses[i]: reachable_from's rule (`reaches_q`), on the
    distance computed once per campus. `bus_possible` is bus_reach's rule, on the active bus rules read
    by one more query."""
    if not campuses:
        return []
    boxes = reduce(or_, (reach_box_q(campus.point, float(campus.radius_km)) for campus in campuses))
    distances = {f"d_{campus.pk}": distance_expression(campus.point) for campus in campuses}
    bits = (
        Case(
            When(reaches_q(campus.point, float(campus.radius_km), distance=F(f"d_{campus.pk}")), then=Value(1 << i)),
            default=Value(0),
            output_field=IntegerField(),
        )
        for i, campus in enumerate(campuses)
    )
    return (
        Initiative.objects.published()
        .filter(boxes)
        .alias(**distances)
        .annotate(
            near=reduce(add, bits),
            bus_possible=Case(
                When(bus_possible_q(read_active_rules()), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
        .order_by()
        .values_list(*FIELDS, "near")
    )


LEVEL = FIELDS.index("practice_level")
_SLUG_BITS = {slug: 1 << position for position, slug in enumerate(TARGET_GROUP_SLUGS)}
# The target groups of an initiative as a bit set, and back.
_SLUG_SETS = [
    frozenset(slug for slug, bit in _SLUG_BITS.items() if bits & bit) for bits in range(1 << len(TARGET_GROUP_SLUGS))
]


def offer_by_campus(campuses):
    """{campus pk: OfferFigures, REGION: OfferFigures}, in three queries for all campuses."""
    rows = near_rows(campuses)
    slug_bits = defaultdict(int)
    target_groups = Initiative.target_groups.through.objects.filter(targetgroup__slug__in=TARGET_GROUP_SLUGS)
    for initiative_id, slug in target_groups.order_by().values_list("initiative_id", "targetgroup__slug"):
        slug_bits[initiative_id] |= _SLUG_BITS[slug]
    pks = [campus.pk for campus in campuses]
    areas = [*pks, REGION]
    keys_of = {area: {} for area in areas}
    levels = dict.fromkeys(areas, 0)
    areas_of, areas_by_bits = {}, {}
    for *values, near in rows:
        if not near:
            continue
        near_areas = areas_by_bits.get(near)
        if near_areas is None:
            near_areas = areas_by_bits[near] = [pk for i, pk in enumerate(pks) if near & (1 << i)] + [REGION]
        pk = values[0]
        keys = figure_keys(dict(zip(FIELDS, values, strict=True)), _SLUG_SETS[slug_bits.get(pk, 0)])
        areas_of[pk] = near_areas
        for area in near_areas:
            keys_of[area][pk] = keys
            levels[area] += values[LEVEL]
    themes = {area: Counter() for area in areas}
    theme_links = Initiative.themes.through.objects.order_by().values_list("initiative_id", "theme_id")
    for initiative_id, theme_id in theme_links:
        for area in areas_of.get(initiative_id, ()):
            themes[area][theme_id] += 1
    return {area: OfferFigures(keys_of[area], themes[area], levels[area]) for area in areas}


def online_count():
    return Initiative.objects.published().filter(location_type=Initiative.LocationType.ONLINE).count()
