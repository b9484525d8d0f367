"""Journey P3: a search that finds nothing says why and offers the next steps, with what each would find."""

import re

import pytest
from django.urls import reverse

from tests.search_data import make_offer

SEARCH = reverse("initiatives:search")


@pytest.fixture
def offer(geography):
    return make_offer()


def empty_block(response):
    body = response.content.decode()
    match = re.search(r'<div class="empty-results" data-empty-results>(.*?)</div>', body, re.S)
    assert match, "no empty-results block"
    return " ".join(match[1].split())


def test_nothing_near_a_known_place_does_not_ask_for_a_place(client, offer):
    response = client.get(SEARCH, {"near": "Hoogvliet", "radius_km": "5", "theme": "robotica"})
    body = response.content.decode()
    assert "Vul een plaats in" not in body
    text = empty_block(response)
    assert "Binnen 5 km van Hoogvliet past niets bij je filter." in text
    assert "Zoek verder weg (binnen 50 km)</a> (1 activiteit)" in text


def test_nothing_with_filters_offers_each_filter_dropped_with_its_count(client, offer):
    response = client.get(SEARCH, {"near": "3011", "free": "on", "target_group": "ouders"})
    text = empty_block(response)
    assert "past niets bij al je 2 filters samen" in text
    assert "Zonder ‘Alleen gratis’</a> (1 activiteit)" in text
    assert "Zonder ‘Voor wie: Ouders’</a>" in text
    assert re.search(r"Online aanbod, overal te volgen(</a> \(\d+ activiteit)?", text)


def test_nothing_with_filters_offers_them_all_dropped_when_each_alone_still_finds_nothing(client, offer):
    text = empty_block(client.get(SEARCH, {"near": "3011", "radius_km": "5", "when": "week", "family": "on"}))
    assert "Zonder ‘deze week’ (ook geen activiteiten)" in text
    assert "Zonder ‘Ouder en kind samen’ (ook geen activiteiten)" in text
    assert re.search(r'<a href="\?near=3011&amp;radius_km=5">Zonder al je filters</a> \(\d+ activiteiten\)', text)


def test_nothing_without_a_place_explains_the_filters(client, offer):
    text = empty_block(client.get(SEARCH, {"q": "onvindbaarwoord"}))
    assert "Geen activiteit past bij je filter." in text
    assert "Online aanbod, overal te volgen (ook geen activiteiten)" in text


def test_a_step_that_finds_nothing_is_not_a_link(client, offer):
    text = empty_block(client.get(SEARCH, {"q": "onvindbaarwoord", "near": "3011"}))
    assert "Zonder ‘Zoekwoorden: onvindbaarwoord’ </a>" not in text
    assert "Zonder ‘Zoekwoorden: onvindbaarwoord’</a> (" in text


def test_online_with_a_location_shows_the_online_offers(client, offer):
    response = client.get(SEARCH, {"near": "3011", "location_type": "online"})
    assert [item.title for item in response.context["outcome"].page] == ["Online codeerclub"]
    response = client.get(SEARCH, {"near": "3011", "location_type": ["online", "venue"]})
    assert "Online codeerclub" in [item.title for item in response.context["outcome"].page]


def test_a_place_outside_the_region_says_so_and_offers_online(client, offer):
    body = client.get(SEARCH, {"near": "9991"}).content.decode()
    assert "ligt buiten de regio Rotterdam Den Haag" in body
    assert "location_type=online" in body


def test_my_location_shows_a_label_and_keeps_the_filters(client, offer):
    response = client.get(SEARCH, {"near": "Mijn locatie", "point": "51.92000,4.48000", "theme": "robotica"})
    body = response.content.decode()
    assert response.context["outcome"].location.label == "jouw locatie"
    assert 'value="Mijn locatie"' in body and 'name="point" value="51.92000,4.48000"' in body
    assert [item.title for item in response.context["outcome"].page] == ["Robots bouwen in de bibliotheek"]
    assert "binnen 10 km van jouw locatie" in body


def test_a_typed_place_wins_over_an_old_point(client, offer):
    response = client.get(SEARCH, {"near": "Den Haag", "point": "51.92000,4.48000"})
    assert response.context["outcome"].location.label == "Den Haag"


def test_the_results_list_comes_before_the_map(client, offer):
    body = client.get(SEARCH, {"near": "3011"}).content.decode()
    assert body.index('class="results"') < body.index('id="results-map"')
    assert 'href="#after-map"' in body


def test_detail_page_links_back_to_the_same_search(client, offer):
    response = client.get(SEARCH, {"near": "3011", "theme": "robotica"})
    url = response.context["outcome"].page[0].result_url
    body = client.get(url).content.decode()
    assert "Terug naar de resultaten" in body
    assert 'href="/activiteiten/?near=3011&amp;theme=robotica"' in body


def test_detail_back_link_only_ever_leads_to_the_search_page(client, offer):
    body = client.get("/activiteiten/robots-bouwen/", {"terug": "//evil.example/?x=1"}).content.decode()
    assert 'href="//evil' not in body and 'href="/activiteiten/?' in body


def test_parents_page_asks_its_questions_before_the_search_button(client, db):
    body = client.get(reverse("parents")).content.decode()
    assert body.index('name="family"') < body.index('type="submit"')
    body = client.get(reverse("teachers")).content.decode()
    assert body.index('name="po_group"') < body.index('type="submit"')


def test_cards_say_den_haag(client, offer):
    offer["hague"].place_name = "'s-Gravenhage"
    offer["hague"].save()
    body = client.get(SEARCH, {"near": "den haag", "location_type": "venue"}).content.decode()
    assert "Den Haag" in body and "&#x27;s-Gravenhage</dd>" not in body


@pytest.mark.parametrize("path", ["/", "/voor-ouders/", "/voor-leraren/", "/activiteiten/"])
def test_location_box_pages_show_no_template_comment(client, db, path):
    assert "{#" not in client.get(path).content.decode()
