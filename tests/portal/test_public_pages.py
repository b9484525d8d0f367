import re

import pytest
from django.urls import reverse

from tests.search_data import make_offer


@pytest.fixture
def pages(geography):
    make_offer()
    return [
        reverse("home"),
        reverse("parents"),
        reverse("teachers"),
        reverse("initiatives:search"),
        reverse("initiatives:search") + "?near=3011",
        reverse("initiatives:search") + "?near=9999",
        reverse("initiatives:detail", args=["robots-bouwen"]),
        reverse("campuses:list"),
        reverse("campuses:detail", args=["rdm-campus"]),
    ]


def test_public_pages_have_one_h1_and_no_inline_script_or_style(client, pages):
    for url in pages:
        body = client.get(url).content.decode()
        assert body.count("<h1") == 1, url
        assert " style=" not in body, url
        # Data blocks (json_script, JSON-LD) are not scripts: browsers never run them.
        assert not re.search(r"<script(?![^>]*\b(src|type=\"application/(ld\+)?json\")=?)[^>]*>", body), url
        assert not re.search(r"\son[a-z]+=", body), url


def test_home_has_location_box_entry_points_and_admin_link(client, geography):
    body = client.get(reverse("home")).content.decode()
    assert "Waar zoek je?" in body
    assert "Gebruik mijn locatie" in body
    assert reverse("parents") in body and reverse("teachers") in body
    assert "RDM Campus" in body
    assert reverse("admin:index") in body
    assert f'action="{reverse("initiatives:search")}"' in body


def test_parents_page_presets_family_filters(client, geography):
    body = client.get(reverse("parents")).content.decode()
    assert "Waarom techniek?" in body
    assert 'name="family" id="parents-family" checked' in body
    assert 'name="outside_school_hours"' in body


def test_public_pages_in_english(client, geography):
    response = client.get("/en/activiteiten/")
    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()
