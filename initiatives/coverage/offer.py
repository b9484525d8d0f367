"""The offer near each campus, counted by the SEOR dimensions, with the names behind the numbers.

"Near a campus" is the search's rule, `Initiative.objects.published().reachable_from(campus point,
campus radius)`: venues within the campus radius and school visits whose service radius reaches the
campus. Online offers have no place: they are counted once, region-wide, and not per campus.
All campuses come in one query that reads each initiative once, with a flag per campus
(`reaches_q`, the same rule as one condition); the target groups and themes come in one more
query each; the counting happens on those rows.
"""

from collections import Counter, defaultdict
from functools import reduce
from itertools import chain
from operator import or_

from django.db.models import BooleanField, Case, Value, When

from ..models import Initiative
from ..models.catalog import reaches_q

TARGET_GROUP_SLUGS = ("leerlingen", "ouders", "meisjes", "migratieachtergrond")
PARENTS_SLUG = "ouders"
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
    "offers_bus_transport",
)


class OfferFigures:
    """Counts of one area's offer (a campus, or the region: every initiative near any campus)."""

    def __init__(self, keys_of, levels_of, themes_of):
        """keys_of: {pk: the figure keys it counts for} of the area's initiatives; levels_of and
        themes_of: practice level and theme pks by initiative pk."""
        self.keys_of = keys_of
        self.counts = Counter(chain.from_iterable(keys_of.values()))
        self.themes = Counter(chain.from_iterable(themes_of[pk] for pk in keys_of))
        levels = [levels_of[pk] for pk in keys_of]
        self.practice_average = sum(levels) / len(levels) if levels else None

    @property
    def total(self):
        return self.counts["total"]

    def with_key(self, key):
        """The pks of the initiatives counted for the figure `key`."""
        return [pk for pk, keys in self.keys_of.items() if key in keys]


def figure_keys(row, slugs):
    """The figures an initiative counts for (row: FIELDS; slugs: its target groups)."""
    is_vo = row["vo_year_from"] is not None
    keys = {"total", f"level_{row['practice_level']}", f"type_{row['activity_type']}", f"where_{row['location_type']}"}
    keys |= {f"tg_{slug}" for slug in slugs if slug in TARGET_GROUP_SLUGS}
    if row["po_group_from"] is not None:
        keys.add("po")
    if is_vo:
        keys |= {"vo"} | {track for track in ("vmbo", "havo", "vwo") if row[f"for_{track}"]}
    if PARENTS_SLUG in slugs or row["is_family_activity"] or row["parents_welcome"]:
        keys.add("parents_role")
    if row["practice_level"] >= HIGH_PRACTICE_LEVEL:
        keys.add("practice_high")
    if row["offers_bus_transport"]:
        keys.add("bus")
    return keys


def near_rows(campuses):
    """One query: (*FIELDS, one flag per campus) for every published initiative near at least one campus."""
    if not campuses:
        return []
    near = {f"near_{campus.pk}": reaches_q(campus.point, float(campus.radius_km)) for campus in campuses}
    flags = {
        name: Case(When(condition, then=Value(True)), default=Value(False), output_field=BooleanField())
        for name, condition in near.items()
    }
    return (
        Initiative.objects.published()
        .filter(reduce(or_, near.values()))
        .annotate(**flags)
        .order_by()
        .values_list(*FIELDS, *flags)
    )


def _links(relation, column, **filters):
    """{initiative pk: set of values}, for every initiative (one query; only the near ones are looked up)."""
    links = defaultdict(set)
    through = relation.through.objects.filter(**filters).order_by()
    for initiative_id, value in through.values_list("initiative_id", column):
        links[initiative_id].add(value)
    return links


def offer_by_campus(campuses):
    """{campus pk: OfferFigures, REGION: OfferFigures}, in three queries for all campuses."""
    rows = near_rows(campuses)
    slugs = _links(Initiative.target_groups, "targetgroup__slug", targetgroup__slug__in=TARGET_GROUP_SLUGS)
    themes = _links(Initiative.themes, "theme_id")
    pks = [campus.pk for campus in campuses]
    width = len(FIELDS)
    keys_of, levels_of, areas = {}, {}, {pk: {} for pk in pks}
    for values in rows:
        near = [campus_pk for campus_pk, flag in zip(pks, values[width:], strict=True) if flag]
        if not near:
            continue
        row = dict(zip(FIELDS, values[:width], strict=True))
        pk = row["pk"]
        keys_of[pk], levels_of[pk] = figure_keys(row, slugs[pk]), row["practice_level"]
        for campus_pk in near:
            areas[campus_pk][pk] = keys_of[pk]
    areas[REGION] = keys_of
    return {area: OfferFigures(areas[area], levels_of, themes) for area in [*pks, REGION]}


def online_count():
    return Initiative.objects.published().filter(location_type=Initiative.LocationType.ONLINE).count()
