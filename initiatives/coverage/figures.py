"""Every figure of the region and of each active campus, in a fixed number of queries."""

import gc
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.cache import cache

from campuses.models import Campus

from ..caching import catalog_version
from . import offer, schools, services
from .vmbo import vmbo_finding


@dataclass
class Figures:
    """Every figure of the region and of each active campus."""

    campuses: list
    offer: dict
    schools: list
    coverage: dict
    bookings: dict
    region_bookings: object
    vmbo_rows: list
    vmbo_facts: dict
    online: int


CACHE_SECONDS = 600


def cached_compute(*, school_year, distance_km, include_visits):
    """compute(), cached on the catalogue version: choosing another campus reuses the figures."""
    key = f"coverage-figures:{catalog_version()}:{school_year.start_year}:{distance_km:g}:{int(include_visits)}"
    arguments = {"school_year": school_year, "distance_km": distance_km, "include_visits": include_visits}
    return cached(key, lambda: compute(**arguments), CACHE_SECONDS)


def cached(key, build, seconds):
    """The cached value, or build() stored for `seconds`: like cache.get_or_set, without reading the
    value back from the cache after storing it (a second unpickling of a large object)."""
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, seconds)
    return value


@contextmanager
def _collector_paused():
    """The figures build tens of thousands of small, long-lived, acyclic containers (row tuples, key sets);
    the cyclic garbage collector would walk them again and again (a third of the CPU time). Paused for
    the computation, and only when it was running."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def compute(*, school_year, distance_km, include_visits):
    """All figures, for every active campus, in a fixed number of queries."""
    with _collector_paused():
        return _compute(school_year=school_year, distance_km=distance_km, include_visits=include_visits)


def _compute(*, school_year, distance_km, include_visits):
    campuses = list(Campus.objects.filter(is_active=True).select_related("municipality").order_by("name"))
    rows = school_rows(campuses, distance_km=distance_km, include_visits=include_visits)
    vmbo_rows, vmbo_facts = vmbo_finding(campuses)
    return Figures(
        campuses=campuses,
        offer=offer.offer_by_campus(campuses),
        schools=rows,
        coverage=coverage_by_area(campuses, rows),
        bookings=services.booking_figures_by_campus(campuses, school_year=school_year),
        region_bookings=services.booking_figures(school_year=school_year),
        vmbo_rows=vmbo_rows,
        vmbo_facts=vmbo_facts,
        online=offer.online_count(),
    )


def school_rows(campuses, *, distance_km, include_visits):
    """Per school in any campus area: its fields, the campus pks whose area holds it, and whether it is covered."""
    if not campuses:
        return []
    fields = ("pk", "code", "name", "kind", "place_name", "has_vmbo", "has_havo", "has_vwo", "latitude", "longitude")
    queryset = schools.schools_in_areas(campuses, distance_km=distance_km)
    rows = []
    measures = ("venue_offers", "visited", "pupils", "is_mrdh")
    for row in queryset.values(*fields, *measures, *(f"d_{c.pk}" for c in campuses)):
        row["areas"] = {c.pk: row[f"d_{c.pk}"] for c in campuses if row[f"d_{c.pk}"] <= float(c.radius_km)}
        row["offers"] = row["venue_offers"] + (1 if include_visits and row["visited"] else 0)
        row["covered"] = row["offers"] > 0
        rows.append(row)
    return rows


def region_rows(rows):
    """The school rows counted for the whole region: those in an MRDH municipality."""
    return [row for row in rows if row["is_mrdh"]]


COVERAGE_KEYS = ("schools", "covered", "visited", "none", "few", "many")


def _count(rows):
    counts = dict.fromkeys(COVERAGE_KEYS, 0)
    for row in rows:
        offers = min(row["offers"], schools.COUNT_CAP)
        counts["schools"] += 1
        counts["covered"] += row["covered"]
        counts["visited"] += row["visited"]
        counts["none" if offers == 0 else "few" if offers < schools.COUNT_CAP else "many"] += 1
    counts["white_spots"] = counts["schools"] - counts["covered"]
    return counts


def coverage_by_area(campuses, rows):
    """{area: {kind: counts}} for every campus and the region ("total" holds po and vo together).
    A campus area is its circle, over the MRDH border too; the region counts the schools in an MRDH
    municipality only (the same schools as the MRDH-wide white spot list, region_rows)."""
    areas = {campus.pk: [row for row in rows if campus.pk in row["areas"]] for campus in campuses}
    areas[offer.REGION] = region_rows(rows)
    return {
        area: {
            kind: _count([r for r in area_rows if kind == "total" or r["kind"] == kind])
            for kind in ("po", "vo", "total")
        }
        for area, area_rows in areas.items()
    }
