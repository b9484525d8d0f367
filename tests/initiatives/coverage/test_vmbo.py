"""The vmbo finding on three hand-made branches (pupils in BL/KL/GL, years 3 and 4)."""

import datetime
from decimal import Decimal

import pytest

from campuses.models import VmboProfile, VmboProfileOffer
from initiatives.coverage.vmbo import vmbo_finding
from tests.factories import CampusFactory, MunicipalityFactory, SchoolFactory, VmboProfileFactory

REFERENCE = datetime.date(2019, 10, 1)


def offer(branch, track, pupils3, pupils4, *, school=None, profile=None, sector="", programme="", technical=False):
    return VmboProfileOffer.objects.create(
        branch_code=branch,
        school=school,
        branch_name=branch,
        track=track,
        sector=sector,
        programme=programme or (profile.name if profile else sector),
        profile=profile,
        is_technical=technical,
        pupils_year3=pupils3,
        pupils_year4=pupils4,
        reference_date=REFERENCE,
    )


@pytest.fixture
def branches(db):
    campus = CampusFactory(name="Alfa", latitude=Decimal("52.000000"), longitude=Decimal("4.300000"))
    leiden = MunicipalityFactory(code="GM0546", name="Leiden", is_mrdh=False)
    pie = VmboProfileFactory(code="PIE", is_hard=True)
    zw = VmboProfileFactory(
        code="ZW", name="Zorg en welzijn", sector="Zorg & Welzijn", is_technical=False, is_hard=False
    )
    mvi = VmboProfileFactory(code="MVI", name="Media, vormgeving en ict", is_technical=True, is_hard=False)
    eo = VmboProfileFactory(
        code="EO", name="Economie en ondernemen", sector="Economie", is_technical=False, is_hard=False
    )
    x = SchoolFactory(code="00XX00", kind="vo", latitude=Decimal("52.009044"), longitude=Decimal("4.300000"))
    y = SchoolFactory(
        code="00YY00", kind="vo", municipality=leiden, latitude=Decimal("51.972869"), longitude=Decimal("4.300000")
    )
    # X: 30 pupils, offers hard PIE (MRDH, in Alfa's area).
    offer("00XX00", "BL", 10, 10, school=x, profile=pie, technical=True)
    offer("00XX00", "BL", 5, 5, school=x, profile=zw)
    # Y: 50 pupils in BL/KL/GL, no hard profile; its TL rows do not count (outside MRDH, in Alfa's area).
    offer("00YY00", "KL", 20, 20, school=y, profile=zw)
    offer("00YY00", "GL", 5, 5, school=y, profile=mvi, technical=True)
    offer("00YY00", "TL", 50, 50, school=y, sector="Techniek", technical=True)
    # Z: closed branch (no school in 2026), 20 pupils, a technical row without a profile code.
    offer("00ZZ00", "BL", 3, 2, sector="Techniek", programme="Vakmanschapsroute Techniek", technical=True)
    offer("00ZZ00", "KL", 10, 5, profile=eo)
    return campus


def _rows(campus):
    rows, facts = vmbo_finding([campus])
    return {row["key"]: row for row in rows}, facts


def test_vmbo_finding_matches_hand_computed_shares(branches):
    rows, facts = _rows(branches)
    assert (rows["zh"]["pupils"], rows["zh"]["pupils_without"]) == (100, 70)
    assert (rows["zh"]["branches"], rows["zh"]["branches_without"]) == (3, 2)
    assert rows["zh"]["pupils_without_technical"] == 50  # Z's technical row would then count as hard
    assert (rows["mrdh"]["pupils"], rows["mrdh"]["pupils_without"]) == (30, 0)
    campus_row = rows[f"c{branches.pk}"]
    assert (campus_row["pupils"], campus_row["pupils_without"], campus_row["branches"]) == (80, 50, 2)
    assert facts["reference_date"] == REFERENCE
    assert (facts["unplaced_branches"], facts["unplaced_pupils"], facts["sector_only_pupils"]) == (1, 20, 5)
    assert [p.code for p in facts["hard_profiles"]] == ["PIE"]


def test_vmbo_finding_follows_the_hard_flags(branches):
    VmboProfile.objects.filter(code="ZW").update(is_hard=True)
    rows, facts = _rows(branches)
    assert rows["zh"]["pupils_without"] == 20
    assert [p.code for p in facts["hard_profiles"]] == ["PIE", "ZW"]


def test_vmbo_table_shows_percentages(branches):
    from initiatives.coverage.report import vmbo_table

    table = vmbo_table(vmbo_finding([branches])[0], [branches])
    assert table.value("Zuid-Holland", "share") == Decimal("70.0")
    assert table.value("Zuid-Holland", "share_technical") == Decimal("50.0")
    assert table.value("Alfa", "share") == Decimal("62.5")
