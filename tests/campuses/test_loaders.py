"""The real reference files (settings.REFERENCE_DATA_DIR), loaded once for this module (about 3 s on SQLite)."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.db import transaction

from campuses.geo import NL_LAT_MAX, NL_LAT_MIN, NL_LON_MAX, NL_LON_MIN
from campuses.loaders import load_all
from campuses.models import Campus, Municipality, Place, PostcodeArea, School, VmboProfile, VmboProfileOffer

CAMPUS_SLUGS = {
    "rdm-campus",
    "it-campus-rotterdam",
    "hsd-campus",
    "dutch-innovation-factory",
    "green-technology-campus",
    "world-horti-center",
    "horti-science-park",
    "dutch-fresh-port",
    "digital-operations-centre-delft",
}


@pytest.fixture(scope="module")
def reference_data(django_db_setup, django_db_blocker):
    """Load the real files once; the module's tests run in savepoints inside this transaction."""
    with django_db_blocker.unblock(), transaction.atomic():
        results = load_all(data_dir=settings.REFERENCE_DATA_DIR)
        yield {(result.file, label): counts for result in results for label, counts in result.counts.items()}
        transaction.set_rollback(True)


@pytest.fixture
def loaded(reference_data, db):
    return reference_data


def test_load_all_creates_every_campus(loaded):
    assert set(Campus.objects.values_list("slug", flat=True)) == CAMPUS_SLUGS
    assert loaded[("campussen.csv", "campuses")].created == 9


def test_load_all_maps_campus_columns(loaded):
    hsd = Campus.objects.get(slug="hsd-campus")
    assert hsd.location_precision == Campus.Precision.PC4
    assert hsd.municipality.code == "GM0518"
    assert hsd.address == "Wilhelmina van Pruisenweg 104"
    assert hsd.themes == "IT, cybersecurity"
    assert hsd.note == "geopend 2014 in het Beatrixkwartier"
    assert hsd.source.startswith("mrdh.nl nieuws 2023-06-08")
    assert (hsd.latitude, hsd.longitude) == (Decimal("52.081600"), Decimal("4.332700"))
    assert Campus.objects.get(slug="horti-science-park").location_precision == Campus.Precision.PLACE


def test_load_all_loads_every_zuid_holland_school_with_a_point(loaded):
    primary, secondary = School.objects.primary(), School.objects.filter(kind=School.Kind.VO)
    assert primary.filter(municipality__is_zuid_holland=True).count() == 1112
    assert secondary.filter(municipality__is_zuid_holland=True).count() == 372
    assert (primary.count(), secondary.count()) == (6122, 1625)
    outside = School.objects.exclude(
        latitude__gte=NL_LAT_MIN, latitude__lte=NL_LAT_MAX, longitude__gte=NL_LON_MIN, longitude__lte=NL_LON_MAX
    )
    assert not outside.exists()


def test_load_all_loads_secondary_school_structure(loaded):
    school = School.objects.get(code="02GJ00")
    assert school.kind == School.Kind.VO
    assert school.structure == "MAVO/HAVO/VWO"
    assert (school.has_pro, school.has_vmbo, school.has_havo, school.has_vwo) == (False, True, True, True)
    assert school.duo_reference.startswith("2026")
    assert school.search_name == "christelijk college de populier voor vwo havo mavo"


def test_load_all_loads_postcodes_places_and_municipalities(loaded):
    assert PostcodeArea.objects.count() == 4080
    assert Place.objects.count() == 2500
    assert Municipality.objects.count() == 342
    assert Municipality.objects.filter(is_zuid_holland=True).count() == 50
    assert set(Municipality.objects.filter(is_mrdh=True).values_list("name", flat=True)) >= {
        "Rotterdam",
        "'s-Gravenhage",
        "Rijswijk (ZH.)",
        "Voorne aan Zee",
    }
    assert Municipality.objects.filter(is_mrdh=True).count() == 21
    kralingen = PostcodeArea.objects.get(pc4="3062")  # 2021 point kept; 2024 put it in the North Sea
    assert (kralingen.municipality.code, kralingen.latitude) == ("GM0599", Decimal("51.923400"))


def test_load_all_loads_vmbo_offers_of_every_zuid_holland_branch(loaded):
    offers = VmboProfileOffer.objects.all()
    assert offers.count() == 1234
    assert offers.values("branch_code").distinct().count() == 215
    school_codes = set(School.objects.values_list("code", flat=True))
    assert not offers.filter(school__isnull=True, branch_code__in=school_codes).exists()
    assert offers.filter(school__isnull=False).values("branch_code").distinct().count() > 200
    assert {offer.reference_date.isoformat() for offer in offers.only("reference_date")} == {"2019-10-01"}


def test_load_all_creates_vmbo_profiles_with_default_flags(loaded):
    profiles = VmboProfile.objects.all()
    assert set(profiles.values_list("code", flat=True)) == {
        "BWI",
        "PIE",
        "MOBT",
        "MaT",
        "MVI",
        "ZW",
        "EO",
        "HBR",
        "DP",
        "GR",
    }
    assert set(profiles.filter(is_technical=True).values_list("code", flat=True)) == {
        "BWI",
        "PIE",
        "MOBT",
        "MaT",
        "MVI",
    }
    assert set(profiles.filter(is_hard=True).values_list("code", flat=True)) == {"BWI", "PIE", "MOBT", "MaT"}
    assert profiles.get(code="MOBT").name == "Mobiliteit en transport"


def test_load_all_second_run_changes_nothing_with_few_queries(loaded, django_assert_max_num_queries):
    with django_assert_max_num_queries(40):  # no query per row: about 15,000 rows
        results = load_all(data_dir=settings.REFERENCE_DATA_DIR)
    counts = [counts for result in results for counts in result.counts.values()]
    assert sum(c.created for c in counts) == 0
    assert sum(c.updated for c in counts) == 0
    assert sum(c.unchanged for c in counts) > 15_000


@pytest.mark.parametrize("typed", ["Den Haag", "den haag", "DEN HAAG", "The Hague", "'s-Gravenhage", "s Gravenhage"])
def test_place_matching_resolves_den_haag(loaded, typed):
    assert [(place.name, place.municipality.code) for place in Place.objects.matching(typed)] == [
        ("'s-Gravenhage", "GM0518")
    ]


@pytest.mark.parametrize("typed", ["Hoogvliet", "hoogvliet", "Hoogvliet Rotterdam"])
def test_place_matching_resolves_hoogvliet(loaded, typed):
    assert [place.name for place in Place.objects.matching(typed)] == ["Hoogvliet Rotterdam"]


@pytest.mark.parametrize("typed", ["Rijswijk", "Rijswijk ZH", "Rijswijk (ZH.)", "rijswijk zh"])
def test_place_matching_resolves_rijswijk_to_zuid_holland(loaded, typed):
    assert [place.municipality.code for place in Place.objects.matching(typed)] == ["GM0603"]


def test_place_matching_strips_district_suffixes(loaded):
    for district in ["Pernis", "Botlek", "Europoort", "Maasvlakte"]:
        assert [place.name for place in Place.objects.matching(district)] == [f"{district} Rotterdam"]


def test_place_best_first_prefers_mrdh_for_ambiguous_names(loaded):
    rozenburgs = Place.objects.matching("Rozenburg").best_first()
    assert [place.municipality.name for place in rozenburgs] == ["Rotterdam", "Haarlemmermeer"]
    assert [place.municipality.name for place in Place.objects.matching("Rozenburg ZH")] == ["Rotterdam"]


def test_place_aliases_skip_names_claimed_twice(loaded):
    # "Loo Gld" exists in Duiven and in Lingewaard: a bare "Loo" alias would be a guess.
    assert not Place.objects.matching("Loo").exists()
    assert Place.objects.matching("Loo Gld").count() == 2
