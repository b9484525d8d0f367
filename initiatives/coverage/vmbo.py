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

from collections import defaultdict

from django.db.models import Count, Exists, F, Max, OuterRef, Q, Sum
from django.db.models.functions import Coalesce

from campuses.geo import distance_expression
from campuses.models import VmboProfile, VmboProfileOffer

VOCATIONAL_TRACKS = (VmboProfileOffer.Track.BL, VmboProfileOffer.Track.KL, VmboProfileOffer.Track.GL)
FIGURES = ("branches", "branches_without", "pupils", "pupils_without", "pupils_without_technical")


def _hard_rows(*, technical_rows_count):
    """The offer rows that make their branch one with hard techniek."""
    hard = Q(profile__is_hard=True)
    if technical_rows_count:
        hard |= Q(profile__isnull=True, is_technical=True, track__in=VOCATIONAL_TRACKS)
    return VmboProfileOffer.objects.filter(hard, branch_code=OuterRef("branch_code"))


def offer_rows(campuses):
    """One query: every BL/KL/GL row with its pupils, whether its branch has hard techniek (both ways of
    counting), whether it lies in MRDH and its distance to every campus."""
    return (
        VmboProfileOffer.objects.filter(track__in=VOCATIONAL_TRACKS)
        .annotate(
            pupils=F("pupils_year3") + F("pupils_year4"),
            has_hard=Exists(_hard_rows(technical_rows_count=False)),
            has_technical=Exists(_hard_rows(technical_rows_count=True)),
            is_mrdh=Coalesce(F("school__municipality__is_mrdh"), False),
            **{f"d_{c.pk}": distance_expression(c.point, prefix="school__") for c in campuses},
        )
        .order_by()
        .values("branch_code", "pupils", "has_hard", "has_technical", "is_mrdh", *(f"d_{c.pk}" for c in campuses))
    )


def _totals(rows):
    branches, without = set(), set()
    totals = dict.fromkeys(FIGURES, 0)
    for row in rows:
        branches.add(row["branch_code"])
        totals["pupils"] += row["pupils"]
        if not row["has_hard"]:
            without.add(row["branch_code"])
            totals["pupils_without"] += row["pupils"]
        if not row["has_technical"]:
            totals["pupils_without_technical"] += row["pupils"]
    return {**totals, "branches": len(branches), "branches_without": len(without)}


def vmbo_finding(campuses):
    """Zuid-Holland, MRDH and every campus area, plus the region-wide facts; (rows, facts)."""
    areas = defaultdict(list)
    for row in offer_rows(campuses):
        areas["zh"].append(row)
        if row["is_mrdh"]:
            areas["mrdh"].append(row)
        for campus in campuses:
            distance = row[f"d_{campus.pk}"]
            if distance is not None and distance <= float(campus.radius_km):
                areas[f"c{campus.pk}"].append(row)
    labels = [("zh", "Zuid-Holland"), ("mrdh", "MRDH"), *((f"c{c.pk}", c.name) for c in campuses)]
    rows = [{"key": key, "label": label, **_totals(areas[key])} for key, label in labels]
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


def area_rows(rows, campuses):
    """The rows the dashboard shows: Zuid-Holland, MRDH and the campuses asked for."""
    shown = {"zh", "mrdh", *(f"c{campus.pk}" for campus in campuses)}
    return [row for row in rows if row["key"] in shown]


def area_row(rows, key):
    """The row of one area ("zh", "mrdh", "c<campus pk>"); None before any vmbo data is loaded."""
    return next((row for row in rows if row["key"] == key), None)


def _pupils():
    return F("pupils_year3") + F("pupils_year4")
