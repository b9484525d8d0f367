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

from campuses.geo import bounding_box_q
from campuses.models import VmboProfile, VmboProfileOffer

from .services import float_distance

VOCATIONAL_TRACKS = (VmboProfileOffer.Track.BL, VmboProfileOffer.Track.KL, VmboProfileOffer.Track.GL)


@dataclass(frozen=True)
class Area:
    key: str
    label: str
    condition: Q


def _offers_hard(*, technical_rows_count):
    """Q: the row's branch has a row that counts as hard techniek.

    An uncorrelated IN, not a correlated EXISTS: PostgreSQL hashes the branch codes once, where
    an EXISTS would run again for every row in each of the FILTER clauses that use it.
    """
    hard = Q(profile__is_hard=True)
    if technical_rows_count:
        hard |= Q(profile__isnull=True, is_technical=True, track__in=VOCATIONAL_TRACKS)
    return Q(branch_code__in=VmboProfileOffer.objects.filter(hard).values("branch_code"))


def vmbo_finding(campuses):
    """One aggregate query for Zuid-Holland, MRDH and every campus area; returns (rows, facts)."""
    without_hard_branch = ~_offers_hard(technical_rows_count=False)
    without_technical_branch = ~_offers_hard(technical_rows_count=True)
    queryset = VmboProfileOffer.objects.filter(track__in=VOCATIONAL_TRACKS).alias(
        **{f"d{campus.pk}": float_distance(campus.point, prefix="school__") for campus in campuses},
    )
    areas = [
        Area("zh", "Zuid-Holland", Q()),
        Area("mrdh", "MRDH", Q(school__municipality__is_mrdh=True)),
    ] + [
        Area(
            f"c{campus.pk}",
            campus.name,
            bounding_box_q(campus.point, float(campus.radius_km), prefix="school__")
            & Q(**{f"d{campus.pk}__lte": float(campus.radius_km)}),
        )
        for campus in campuses
    ]
    aggregates = {}
    for area in areas:
        without_hard = area.condition & without_hard_branch
        aggregates[f"{area.key}_pupils"] = Coalesce(Sum(_pupils(), filter=area.condition), 0)
        aggregates[f"{area.key}_pupils_without"] = Coalesce(Sum(_pupils(), filter=without_hard), 0)
        aggregates[f"{area.key}_pupils_without_technical"] = Coalesce(
            Sum(_pupils(), filter=area.condition & without_technical_branch), 0
        )
        aggregates[f"{area.key}_branches"] = Count("branch_code", distinct=True, filter=area.condition)
        aggregates[f"{area.key}_branches_without"] = Count("branch_code", distinct=True, filter=without_hard)
    aggregates["unplaced_branches"] = Count("branch_code", distinct=True, filter=Q(school__isnull=True))
    aggregates["unplaced_pupils"] = Coalesce(Sum(_pupils(), filter=Q(school__isnull=True)), 0)
    aggregates["sector_only_pupils"] = Coalesce(Sum(_pupils(), filter=Q(profile__isnull=True, is_technical=True)), 0)
    aggregates["reference_date"] = Max("reference_date")
    totals = queryset.aggregate(**aggregates)
    rows = [
        {
            "key": area.key,
            "label": area.label,
            "branches": totals[f"{area.key}_branches"],
            "branches_without": totals[f"{area.key}_branches_without"],
            "pupils": totals[f"{area.key}_pupils"],
            "pupils_without": totals[f"{area.key}_pupils_without"],
            "pupils_without_technical": totals[f"{area.key}_pupils_without_technical"],
        }
        for area in areas
    ]
    facts = {
        "hard_profiles": list(VmboProfile.objects.filter(is_hard=True).order_by("code")),
        "reference_date": totals["reference_date"],
        "unplaced_branches": totals["unplaced_branches"],
        "unplaced_pupils": totals["unplaced_pupils"],
        "sector_only_pupils": totals["sector_only_pupils"],
    }
    return rows, facts


def _pupils():
    return F("pupils_year3") + F("pupils_year4")
