"""Loader behaviour on the small hand-made files in tests/fixtures/reference: validation, ownership, the command."""

import shutil
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from campuses.loaders import ReferenceDataError, load_all
from campuses.models import Campus, Municipality, Place, PlaceAlias, PostcodeArea, School, VmboProfile, VmboProfileOffer

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "reference"


@pytest.fixture
def data_dir(tmp_path):
    target = tmp_path / "reference"
    shutil.copytree(FIXTURES, target)
    return target


def replace_in(path, old, new, count=1):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def summed(results):
    return {label: counts for result in results for label, counts in result.counts.items()}


def test_load_all_loads_the_fixture_files(db, data_dir):
    counts = summed(load_all(data_dir=data_dir))
    assert (Municipality.objects.count(), PostcodeArea.objects.count(), Place.objects.count()) == (6, 6, 8)
    assert (
        Campus.objects.count(),
        School.objects.primary().count(),
        School.objects.filter(kind=School.Kind.VO).count(),
    ) == (2, 3, 2)
    assert VmboProfileOffer.objects.count() == 7
    assert counts["vmbo profiles"].created == 5  # EO, BWI, PIE, ZW, GR
    assert VmboProfileOffer.objects.get(
        branch_code="00PG02", track="BL", programme__startswith="Bouwen"
    ).school.code == ("00PG02")
    gone = VmboProfileOffer.objects.get(branch_code="01OE04")
    assert (gone.school, gone.branch_exists_2026, gone.profile.code) == (None, False, "GR")


def test_load_all_second_run_reports_everything_unchanged(db, data_dir):
    load_all(data_dir=data_dir)
    counts = summed(load_all(data_dir=data_dir))
    assert all(c.created == 0 and c.updated == 0 for c in counts.values())
    assert counts["po schools"].unchanged == 3


def test_load_all_updates_changed_rows_only(db, data_dir):
    load_all(data_dir=data_dir)
    replace_in(data_dir / "scholen_po.csv", "Jan Prins,", "Jan Prinsschool,")
    Municipality.objects.filter(code="GM0503").update(name="Delft (oud)")
    counts = summed(load_all(data_dir=data_dir))
    assert (counts["po schools"].updated, counts["po schools"].unchanged) == (1, 2)
    assert (counts["municipalities"].updated, counts["municipalities"].unchanged) == (1, 5)
    school = School.objects.get(code="03DX00")
    assert (school.name, school.search_name) == ("Jan Prinsschool", "jan prinsschool")
    assert Municipality.objects.get(code="GM0503").name == "Delft"


def test_load_all_never_overwrites_an_existing_campus(db, data_dir):
    load_all(data_dir=data_dir)
    Campus.objects.filter(slug="rdm-campus").update(latitude=Decimal("51.903000"), name="RDM Campus Heijplaat")
    Campus.objects.filter(slug="hsd-campus").delete()
    counts = summed(load_all(data_dir=data_dir))
    assert (counts["campuses"].created, counts["campuses"].updated, counts["campuses"].unchanged) == (1, 0, 1)
    rdm = Campus.objects.get(slug="rdm-campus")
    assert (rdm.name, rdm.latitude) == ("RDM Campus Heijplaat", Decimal("51.903000"))
    assert Campus.objects.filter(slug="hsd-campus").exists()


def test_load_all_keeps_coordinator_choices_on_vmbo_profiles(db, data_dir):
    load_all(data_dir=data_dir)
    VmboProfile.objects.filter(code="PIE").update(is_hard=False, is_technical=False)
    counts = summed(load_all(data_dir=data_dir))
    assert counts["vmbo profiles"].updated == 0
    pie = VmboProfile.objects.get(code="PIE")
    assert (pie.is_hard, pie.is_technical) == (False, False)


def test_load_all_keeps_aliases_a_coordinator_changed(db, data_dir):
    load_all(data_dir=data_dir)
    PlaceAlias.objects.filter(name="Hoogvliet").delete()
    rotterdam = Place.objects.get(name="Rotterdam")
    PlaceAlias.objects.create(place=rotterdam, name="Hoogvliet")
    load_all(data_dir=data_dir)
    assert [place.name for place in Place.objects.matching("hoogvliet")] == ["Rotterdam"]
    assert [place.name for place in Place.objects.matching("den haag")] == ["'s-Gravenhage"]


def test_load_all_accepts_a_utf8_bom(db, data_dir):
    path = data_dir / "nl_gemeenten.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    load_all(data_dir=data_dir)
    assert Municipality.objects.count() == 6


def drop_column(path, column):
    lines = path.read_text(encoding="utf-8").splitlines()
    index = lines[0].split(",").index(column)
    path.write_text("\n".join(",".join(line.split(",")[:index] + line.split(",")[index + 1 :]) for line in lines))


MALFORMED = {
    "missing column": (
        "nl_pc4_centroids.csv",
        lambda path: drop_column(path, "lat"),
        (1, "lat", "missing column"),
    ),
    "decimal comma": (
        "scholen_po.csv",
        lambda path: replace_in(path, "51.960352,4.506002", '"51,960352",4.506002'),
        (3, "lat", "is not a number"),
    ),
    "swapped coordinates": (
        "nl_woonplaatsen.csv",
        lambda path: replace_in(path, "51.91990,4.47541", "4.47541,51.91990"),
        (None, "lat/lon", "look swapped"),
    ),
    "outside the country": (
        "campussen.csv",
        lambda path: replace_in(path, "52.08160,4.33270", "48.85660,2.35220"),
        (3, "lat", "outside the Netherlands"),
    ),
    "bad pc4": (
        "nl_pc4_centroids.csv",
        lambda path: replace_in(path, "\n3011,", "\n0301,"),
        (None, "pc4", "4-digit postcode"),
    ),
    "unknown municipality": (
        "nl_woonplaatsen.csv",
        lambda path: replace_in(path, "GM0503", "GM9999"),
        (None, "gemeente_code", "unknown municipality code 'GM9999'"),
    ),
    "windows-1252": (
        "scholen_vo.csv",
        lambda path: path.write_bytes(path.read_bytes().replace(b"Bijzonder", "Bijzonder Caf\xe9".encode("cp1252"), 1)),
        (2, "denominatie", "not valid UTF-8"),
    ),
    "empty file": ("vo_vmbo_profielen_zh_2019.csv", lambda path: path.write_bytes(b""), (1, None, "empty")),
    "header only": (
        "campussen.csv",
        lambda path: path.write_text(path.read_text().splitlines()[0] + "\n"),
        (2, None, "no data rows"),
    ),
    "semicolons": (
        "nl_gemeenten.csv",
        lambda path: path.write_text(path.read_text().replace(",", ";")),
        (1, "gemeente_code, gemeente, provincie, lat, lon, in_zuid_holland, in_mrdh", "';' as separator"),
    ),
    "duplicate key": (
        "scholen_po.csv",
        lambda path: replace_in(path, "01XU00,", "00DO00,"),
        (3, "vestigingscode", "duplicate of line 2"),
    ),
    "unknown track": (
        "vo_vmbo_profielen_zh_2019.csv",
        lambda path: replace_in(path, "ROTTERDAM,GL,", "ROTTERDAM,XL,"),
        (6, "leerweg", "'XL' is not one of"),
    ),
}
MODEL_OF_FILE = {
    "nl_gemeenten.csv": Municipality,
    "nl_pc4_centroids.csv": PostcodeArea,
    "nl_woonplaatsen.csv": Place,
    "campussen.csv": Campus,
    "scholen_po.csv": School,
    "scholen_vo.csv": School,
    "vo_vmbo_profielen_zh_2019.csv": VmboProfileOffer,
}


@pytest.mark.parametrize("case", MALFORMED.values(), ids=MALFORMED.keys())
def test_load_all_rejects_a_malformed_file_whole(db, data_dir, case):
    file, corrupt, (line, column, message) = case
    corrupt(data_dir / file)
    with pytest.raises(ReferenceDataError) as raised:
        load_all(data_dir=data_dir)
    error = raised.value
    assert (error.file, error.column) == (file, column)
    assert error.line == line or (line is None and error.line >= 2)
    assert message in str(error)
    assert f"{file}, line {error.line}" in str(error)
    if file == "scholen_vo.csv":
        assert School.objects.count() == School.objects.primary().count() == 3  # the earlier po file is kept
    else:
        assert MODEL_OF_FILE[file].objects.count() == 0
    if file != "nl_gemeenten.csv":
        assert Municipality.objects.count() == 6  # earlier files stay loaded


def test_load_all_names_the_line_of_a_bad_row_in_the_middle(db, data_dir):
    replace_in(data_dir / "nl_pc4_centroids.csv", "\n2611,", "\n26110,")
    with pytest.raises(ReferenceDataError, match=r"nl_pc4_centroids.csv, line \d+, column 'pc4': '26110'"):
        load_all(data_dir=data_dir)
    assert not PostcodeArea.objects.exists()


def test_load_all_reports_a_missing_file(db, data_dir):
    (data_dir / "scholen_vo.csv").unlink()
    with pytest.raises(ReferenceDataError, match="scholen_vo.csv: file not found"):
        load_all(data_dir=data_dir)
    assert School.objects.primary().count() == 3


def test_load_reference_data_command_prints_counts(db, data_dir):
    out = StringIO()
    call_command("load_reference_data", data_dir=data_dir, stdout=out)
    output = out.getvalue()
    assert "nl_gemeenten.csv (" in output
    assert "municipalities        6 created      0 updated      0 unchanged" in output
    assert "ho_instellingen_hbo_wo.csv" in output


def test_load_reference_data_command_uses_the_setting(db, data_dir, settings):
    settings.REFERENCE_DATA_DIR = data_dir
    call_command("load_reference_data", stdout=StringIO())
    assert Campus.objects.count() == 2


def test_load_reference_data_command_explains_a_missing_directory(db, tmp_path, settings):
    settings.REFERENCE_DATA_DIR = tmp_path / "nowhere"
    with pytest.raises(CommandError, match="REFERENCE_DATA_DIR") as raised:
        call_command("load_reference_data", stdout=StringIO())
    assert str(tmp_path / "nowhere") in str(raised.value)


def test_load_reference_data_command_turns_bad_data_into_a_command_error(db, data_dir):
    replace_in(data_dir / "campussen.csv", ",pc4,", ",gps,")
    with pytest.raises(CommandError, match=r"campussen.csv, line 2, column 'locatie_precisie'.*nothing from campussen"):
        call_command("load_reference_data", data_dir=data_dir, stdout=StringIO())


def test_load_reference_data_command_is_silent_with_verbosity_zero(db, data_dir):
    out = StringIO()
    call_command("load_reference_data", data_dir=data_dir, verbosity=0, stdout=out)
    assert (out.getvalue(), Campus.objects.count()) == ("", 2)


def test_load_all_counts_physical_lines_after_a_multiline_cell(db, data_dir):
    replace_in(data_dir / "campussen.csv", '"Hogeschool Rotterdam, Albeda', '"Hogeschool Rotterdam,\nAlbeda')
    replace_in(data_dir / "campussen.csv", "52.08160,4.33270", "52.08160,9.33270")
    with pytest.raises(ReferenceDataError, match="campussen.csv, line 4, column 'lon'"):
        load_all(data_dir=data_dir)
