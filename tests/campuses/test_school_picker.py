"""The school picker (campuses/schools.py) through its one endpoint and the booking form without JavaScript."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from campuses.models import VmboProfileOffer
from tests.factories import MunicipalityFactory, SchoolFactory, SessionFactory

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
