"""A school visit ("komt naar school") takes place at the visitor's school: the card, the map and the detail
page say that it comes to school and within which radius, never a distance to, or a pin of, the provider's
base as if the activity were there."""

import json
import re

import pytest
from django.urls import reverse

from tests.search_data import make_offer

SEARCH = reverse("initiatives:search")


@pytest.fixture
def offer(geography):
    return make_offer()


def markers(response):
    """The map's markers as the page hands them to static/js/map.js."""
    body = response.content.decode()
    return json.loads(re.search(r'<script id="map-markers" type="application/json">(.*?)</script>', body, re.S)[1])


def card(response, title):
    body = response.content.decode()
    start = body.index(f">{title}</a></h3>")
    return body[start : body.index("</article>", start)]


def test_the_map_says_a_school_visit_comes_to_school_without_a_distance(client, offer):
    response = client.get(SEARCH, {"near": "3011", "radius_km": "10"})

    [visit] = [marker for marker in markers(response) if marker["title"] == "De techniekbus komt naar school"]
    assert visit["place"] == "komt naar school (binnen 25 km)"  # the popup's line under the title
    assert visit["label"] == "De techniekbus komt naar school, komt naar school (binnen 25 km)"
    assert " km," not in visit["label"] and not re.search(r"\d,\d km", visit["label"])
    # A venue keeps its place and distance.
    assert markers(response)[0]["label"] == "Robots bouwen in de bibliotheek, Rotterdam, 1,3 km"


def test_the_card_and_the_map_say_the_same_of_a_school_visit(client, offer):
    response = client.get(SEARCH, {"near": "3011", "radius_km": "10"})

    facts = card(response, "De techniekbus komt naar school")
    assert "<dt>Waar</dt><dd>komt naar school (binnen 25 km)</dd>" in facts
    assert not re.search(r"\d,\d km", facts)


def test_the_detail_page_of_a_school_visit_has_no_pin_and_says_which_schools(client, offer):
    response = client.get(offer["visiting"].get_absolute_url())

    body = response.content.decode()
    assert response.status_code == 200
    assert "Deze activiteit komt naar je school. Voor scholen tot 25 km van" in body
    assert 'id="detail-map"' not in body and 'id="detail-marker"' not in body
    assert "Reisadvies met het openbaar vervoer" not in body
    # A venue still has its map.
    assert 'id="detail-map"' in client.get(offer["near"].get_absolute_url()).content.decode()


def test_the_english_map_says_it_comes_to_school(client, offer):
    response = client.get("/en" + SEARCH, {"near": "3011", "radius_km": "10"})

    [visit] = [marker for marker in markers(response) if marker["title"] == "De techniekbus komt naar school"]
    assert visit["place"] == "comes to school (within 25 km)"
