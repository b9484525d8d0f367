"""SEOR finding 5, recomputed: the share of vmbo pupils in the vocational tracks at a branch without hard techniek.

Pupils: BL, KL and GL, years 3 and 4, every row of those tracks (also rows without a profile code).
A branch "offers hard techniek" when it has a row whose profile is marked is_hard (the flags are
read live, so a coordinator's change shows at once). Rows without a profile code, such as
"Vakmanschapsroute Techniek", never count as hard: hardness is a property of a profile. The page
also shows the share when technical rows without a profile would count, so the choice is visible.

Areas: Zuid-Holland is every row (the source only holds Zuid-Holland). MRDH and the campus areas
need the branch's current school (DUO 2026); branches that no longer exist have none and are
counted in Zuid-Holland only (the page says how many).
"""

from dataclasses import dataclass

from django.db.models import Count, F, Max, Q, Sum
from django.db.models.functions import Coalesce

from campuses.models import School, VmboProfile, VmboProfileOffer

from . import nearby

VOCATIONAL_TRACKS = (VmboProfileOffer.Track.BL, VmboProfileOffer.Track.KL, VmboProfileOffer.Track.GL)


@dataclass(frozen=True)
class Area:
    key: str
    label: str
    condition: str
    params: list


def _areas(campuses):
    """Zuid-Holland, MRDH and every campus area, as SQL conditions on an offer row of `offers`."""
    areas = [Area("zh", "Zuid-Holland", "1 = 1", []), Area("mrdh", "MRDH", "is_mrdh", [])]
    for campus in campuses:
        radius = float(campus.radius_km)
        box, box_params = nearby.box_sql("latitude", "longitude", campus.point, radius)
        distance, distance_params = nearby.distance_to_point_sql("latitude", "longitude", campus.point)
        condition = f"{box} AND {distance} <= %s"
        areas.append(Area(f"c{campus.pk}", campus.name, condition, [*box_params, *distance_params, radius]))
    return areas


def _branches_with_hard_sql(*, technical_rows_count):
    """(sql, params): the branch codes with a row that counts as hard techniek (an uncorrelated subquery)."""
    offers, profiles = nearby.table(VmboProfileOffer), nearby.table(VmboProfile)
    hard, params = "p.is_hard", []
    if technical_rows_count:
        hard += f" OR (h.profile_id IS NULL AND h.is_technical AND h.track IN ({', '.join(['%s'] * 3)}))"
        params += list(VOCATIONAL_TRACKS)
    sql = f"SELECT h.branch_code FROM {offers} h LEFT JOIN {profiles} p ON p.id = h.profile_id WHERE {hard}"  # noqa: S608 (quoted names, bound values)
    return sql, params


def _area_rows(areas):
    """One query: per area, pupils and branches, with and without hard techniek ({area key: row}).

    The two "branch offers hard techniek" flags are computed once per offer row (a MATERIALIZED
    CTE), then every area selects its rows from it and GROUP BY area does the counting.
    """
    hard, hard_params = _branches_with_hard_sql(technical_rows_count=False)
    technical, technical_params = _branches_with_hard_sql(technical_rows_count=True)
    selects = " UNION ALL ".join(f"SELECT %s AS area, offers.* FROM offers WHERE {area.condition}" for area in areas)  # noqa: S608 (quoted names, bound values)
    sql = (
        "WITH offers AS MATERIALIZED ("  # noqa: S608 (quoted names, bound values)
        "SELECT o.branch_code, o.pupils_year3 + o.pupils_year4 AS pupils, s.latitude, s.longitude, m.is_mrdh,"
        f" CASE WHEN o.branch_code IN ({hard}) THEN 1 ELSE 0 END AS has_hard,"
        f" CASE WHEN o.branch_code IN ({technical}) THEN 1 ELSE 0 END AS has_technical"
        f" FROM {nearby.table(VmboProfileOffer)} o LEFT JOIN {nearby.table(School)} s ON s.id = o.school_id"
        f" LEFT JOIN {nearby.table(School._meta.get_field('municipality').related_model)} m"
        " ON m.id = s.municipality_id WHERE o.track IN (%s, %s, %s)),"
        f" areas AS ({selects})"
        " SELECT area, COALESCE(SUM(pupils), 0) AS pupils,"
        " COALESCE(SUM(CASE WHEN has_hard = 0 THEN pupils END), 0) AS pupils_without,"
        " COALESCE(SUM(CASE WHEN has_technical = 0 THEN pupils END), 0) AS pupils_without_technical,"
        " COUNT(DISTINCT branch_code) AS branches,"
        " COUNT(DISTINCT CASE WHEN has_hard = 0 THEN branch_code END) AS branches_without"
        " FROM areas GROUP BY area"
    )
    params = [*hard_params, *technical_params, *VOCATIONAL_TRACKS]
    for area in areas:
        params += [area.key, *area.params]
    return {row.pop("area"): row for row in nearby.fetch_dicts(sql, params)}


def vmbo_finding(campuses):
    """Zuid-Holland, MRDH and every campus area in one grouped query, plus the region-wide facts; (rows, facts)."""
    areas = _areas(campuses)
    totals = _area_rows(areas)
    empty = dict.fromkeys(("branches", "branches_without", "pupils", "pupils_without", "pupils_without_technical"), 0)
    rows = [{"key": area.key, "label": area.label, **empty, **totals.get(area.key, {})} for area in areas]
    facts = {
        "hard_profiles": list(VmboProfile.objects.filter(is_hard=True).order_by("code")),
        **VmboProfileOffer.objects.filter(track__in=VOCATIONAL_TRACKS).aggregate(
            reference_date=Max("reference_date"),
            unplaced_branches=Count("branch_code", distinct=True, filter=Q(school__isnull=True)),
            unplaced_pupils=Coalesce(Sum(_pupils(), filter=Q(school__isnull=True)), 0),
            sector_only_pupils=Coalesce(Sum(_pupils(), filter=Q(profile__isnull=True, is_technical=True)), 0),
        ),
    }
    return rows, facts


def _pupils():
    return F("pupils_year3") + F("pupils_year4")
