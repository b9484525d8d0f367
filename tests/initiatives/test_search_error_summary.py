"""An invalid filter is named at the top of the search page (the error summary), with a link to its field,
not only beside the field inside the filter panel, which a phone folds away or shows far down."""

import re

import pytest
from django.urls import reverse

from tests.search_data import make_offer

SEARCH = reverse("initiatives:search")


@pytest.fixture
def offer(geography):
    return make_offer()


def summary(response):
    """The error summary's HTML, and whether it comes before the location box and the filters."""
    body = response.content.decode()
    match = re.search(r'<div class="error-summary".*?</div>', body, re.S)
    assert match, "no error summary on the page"
    return match[0], match.start() < body.index('id="search-form"')


def test_a_reversed_date_range_is_in_the_summary_at_the_top_linking_to_the_field(client, offer):
    response = client.get(SEARCH, {"date_from": "2026-12-20", "date_to": "2026-12-01"})

    html, at_the_top = summary(response)
    assert at_the_top
    assert 'role="alert"' in html and "data-focus-on-load" in html
    assert (
        '<a href="#id_date_to">Datum tot en met: De datum ‘tot en met’ ligt vóór de datum ‘vanaf’. '
        "Kies een datum op of na 20 december 2026.</a>"
    ) in html
    assert "Tot je dit verbetert, tellen de resultaten hieronder dit filter niet mee." in html
    assert 'id="id_date_to"' in response.content.decode()  # the link's target is on the page


def test_a_stale_checkbox_value_is_named_in_the_summary_and_in_its_fieldset(client, offer):
    response = client.get(SEARCH, {"theme": "bestaat-niet", "near": "3011"})

    html, _at_the_top = summary(response)
    assert re.search(r'<a href="#id_theme_0">Thema: [^<]*bestaat-niet', html)
    body = response.content.decode()
    assert 'id="id_theme_0"' in body
    assert '<fieldset class="choices field--error" aria-describedby="id_theme_error">' in body


def test_two_invalid_filters_are_both_listed_in_the_form_order(client, offer):
    response = client.get(SEARCH, {"q": "%", "practice_min": "9"})

    html, _at_the_top = summary(response)
    assert re.findall(r'href="#([^"]+)"', html) == ["id_q", "id_practice_min"]
    assert "deze filters niet mee" in html
    assert 'id="id_practice_min_error"' in response.content.decode()


def test_the_summary_is_in_english_on_the_english_page(client, offer):
    response = client.get("/en" + SEARCH, {"date_from": "2026-12-20", "date_to": "2026-12-01"})

    html, _at_the_top = summary(response)
    assert "Something went wrong. Please check the following:" in html
    assert "Until you fix this, the results below leave this filter out." in html


def test_an_unknown_place_alone_stays_in_the_location_box_at_the_top(client, offer):
    response = client.get(SEARCH, {"near": "9999"})

    body = response.content.decode()
    assert "error-summary" not in body
    assert 'id="near-error"' in body


def test_an_unknown_place_and_a_wrong_date_are_both_in_the_summary_without_a_word_on_results(client, offer):
    response = client.get(SEARCH, {"near": "9999", "date_from": "31-02-2026"})

    html, _at_the_top = summary(response)
    assert re.findall(r'href="#([^"]+)"', html) == ["id_near", "id_date_from"]
    assert "Postcode 9999" in html
    assert "resultaten hieronder" not in html  # no results are shown while the place is unknown


def test_a_valid_search_has_no_error_summary(client, offer):
    response = client.get(SEARCH, {"near": "3011", "date_from": "2026-12-01", "date_to": "2026-12-20"})

    assert "error-summary" not in response.content.decode()
