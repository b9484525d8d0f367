"""The school picker (campuses/schools.py) through its one endpoint and the booking form without JavaScript."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from campuses.models import VmboProfileOffer
from tests.factories import MunicipalityFactory, PlaceAliasFactory, PlaceFactory, SchoolFactory, SessionFactory

pytestmark = pytest.mark.django_db

SCHOOLS = reverse("api:schools")


@pytest.fixture
def wolfert(db):
    """Three branches of one school board: each teaches something else."""
    branches = {
        "15KR10": ("Walenburgerweg", "130", {"has_vmbo": True}),
        "15KR11": ("Bentincklaan", "294", {"has_havo": True, "has_vwo": True}),
        "15KR09": ("Walenburgerweg", "128", {"structure": "BRUGJAAR"}),
    }
    made = {}
    for code, (street, number, levels) in branches.items():
        made[code] = SchoolFactory(
            code=code,
            brin="15KR",
            kind="vo",
            name="Wolfert van Borselen Scholengroep",
            street=street,
            house_number=number,
            place_name="Rotterdam",
            **levels,
        )
    for track in ("KL", "BL"):
        VmboProfileOffer.objects.create(
            branch_code="15KR10",
            school=made["15KR10"],
            branch_name="Wolfert",
            track=track,
            reference_date=datetime.date(2019, 10, 1),
        )
    return made


def test_each_branch_once_with_what_it_teaches(client, wolfert):
    results = client.get(SCHOOLS, {"q": "wolfert"}).json()["results"]
    found = {school["code"]: school["label"] for school in results}

    assert len(results) == len(found) == 3
    assert found["15KR11"] == "Wolfert van Borselen Scholengroep, Bentincklaan 294, Rotterdam — havo/vwo (15KR11)"
    assert found["15KR10"] == (
        "Wolfert van Borselen Scholengroep, Walenburgerweg 130, Rotterdam — vmbo basis/kader (15KR10)"
    )
    assert found["15KR09"].endswith("— brugjaar (15KR09)")
    assert {school["levels"] for school in results} == {"havo/vwo", "vmbo basis/kader", "brugjaar"}


def test_search_by_street_and_house_number(client, wolfert):
    by_street = client.get(SCHOOLS, {"q": "bentincklaan"}).json()["results"]
    by_number = client.get(SCHOOLS, {"q": "wolfert walenburgerweg 130"}).json()["results"]

    assert [school["code"] for school in by_street] == ["15KR11"]
    assert [school["code"] for school in by_number][0] == "15KR10"


def test_region_first_other_schools_only_when_asked(client):
    outside = MunicipalityFactory(code="GM0153", name="Enschede", is_mrdh=False, is_zuid_holland=False)
    SchoolFactory(code="00AH00", brin="00AH", name="Het Stedelijk Lyceum", place_name="Enschede", municipality=outside)
    SchoolFactory(code="20AB00", brin="20AB", name="Het Stedelijk Lyceum", place_name="Rotterdam")

    in_region = client.get(SCHOOLS, {"q": "stedelijk lyceum"}).json()["results"]
    everywhere = client.get(SCHOOLS, {"q": "stedelijk lyceum", "regio": "alle"}).json()["results"]
    named_place = client.get(SCHOOLS, {"q": "stedelijk enschede"}).json()["results"]

    assert [school["code"] for school in in_region] == ["20AB00"]
    assert [school["code"] for school in everywhere] == ["20AB00", "00AH00"]
    assert [school["code"] for school in named_place] == ["00AH00"]


def test_booking_form_without_javascript_lists_the_branches_with_their_levels(client, wolfert):
    session = SessionFactory(starts_at=timezone.now() + datetime.timedelta(days=14))
    url = reverse("initiatives:book", kwargs={"slug": session.initiative.slug})

    page = client.post(url, {"sessions": [session.pk], "school_query": "wolfert"}).content.decode()

    assert "Kies je vestiging" in page
    assert page.count('name="school" value="15KR') == 3
    assert "Bentincklaan 294, Rotterdam — havo/vwo (15KR11)" in page


@pytest.fixture
def den_haag(db):
    """Schools in 's-Gravenhage (the official place name, alias "Den Haag") and look-alikes elsewhere."""
    gemeente = MunicipalityFactory(code="GM0518", name="'s-Gravenhage")
    place = PlaceFactory(name="'s-Gravenhage", municipality=gemeente)
    PlaceAliasFactory(place=place, name="Den Haag")
    PlaceAliasFactory(place=place, name="Scheveningen")
    haagse = {
        "05VW00": ("po", "Basisschool van de Haagsche School Vereniging"),
        "11HG00": ("po", "De Regenboog"),
        "20HG00": ("vo", "Zandvliet College"),
    }
    for code, (kind, name) in haagse.items():
        SchoolFactory(code=code, kind=kind, name=name, place_name="'s-Gravenhage", municipality=gemeente)
    SchoolFactory(code="21HG00", kind="vo", name="Mondriaan Den Haag", place_name="Delft")
    SchoolFactory(code="12RT00", kind="po", name="Basisschool De Haagse Hof", place_name="Rotterdam")
    elsewhere = MunicipalityFactory(code="GM0668", name="West Betuwe", is_mrdh=False, is_zuid_holland=False)
    SchoolFactory(code="13ZL00", name="Den Aldenhaag Basisschool", place_name="Zoelen", municipality=elsewhere)
    return haagse


def codes(client, query):
    return [school["code"] for school in client.get(SCHOOLS, {"q": query}).json()["results"]]


@pytest.mark.parametrize("query", ["Den Haag basisschool", "basisschool den haag", "'s-Gravenhage basisschool"])
def test_a_place_alias_with_a_type_word_finds_the_primary_schools_in_that_place(client, den_haag, query):
    assert sorted(codes(client, query)) == ["05VW00", "11HG00"]


@pytest.mark.parametrize("query", ["Den Haag", "den haag", "'s-Gravenhage", "Scheveningen"])
def test_a_place_alias_alone_finds_every_school_in_that_place(client, den_haag, query):
    found = codes(client, query)

    assert set(den_haag) <= set(found)
    assert "13ZL00" not in found and "12RT00" not in found


def test_a_place_alias_keeps_schools_with_those_words_in_their_name(client, den_haag):
    assert "21HG00" in codes(client, "Den Haag")
    assert codes(client, "mondriaan den haag") == ["21HG00"]


def test_a_name_with_a_place_alias_finds_the_school_in_that_place(client, den_haag):
    assert codes(client, "regenboog den haag") == ["11HG00"]


def test_booking_form_without_javascript_finds_the_school_in_den_haag(client, den_haag):
    session = SessionFactory(starts_at=timezone.now() + datetime.timedelta(days=14))
    url = reverse("initiatives:book", kwargs={"slug": session.initiative.slug})

    page = client.post(url, {"sessions": [session.pk], "school_query": "Den Haag basisschool"}).content.decode()

    assert 'name="school" value="05VW00"' in page and 'name="school" value="11HG00"' in page
    assert "Zoelen" not in page


def test_schools_in_the_named_place_come_before_a_street_of_that_name(client, den_haag):
    delft = PlaceFactory(name="Delft", municipality=MunicipalityFactory(code="GM0503", name="Delft"))
    SchoolFactory(code="30DF00", name="De Bron", place_name="Delft", municipality=delft.municipality)
    SchoolFactory(code="31RT00", name="Aan de Vliet", street="Delftweg", place_name="Rotterdam")

    found = codes(client, "delft")

    assert found[0] == "30DF00" and "31RT00" in found  # "Aan de Vliet" sorts first by name, but is not in Delft
