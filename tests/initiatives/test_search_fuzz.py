"""No input gives a server error: every query parameter, fuzzed, on the page, the API, the CSV and the GeoJSON."""

import pytest
from django.urls import reverse

from initiatives.filters import InitiativeFilter
from tests.search_data import make_offer

NASTY = [
    "50%",
    "%(text)s {0}",
    "{}",
    "🙂👩‍🔧",
    "a" * 500,
    "x\x00y",
    "' OR 1=1 --<script>",
    "-1",
    "1e309",
    "2026-02-30",
    "99999999999999999999",
    "91,181",
]
PARAMS = [*InitiativeFilter.base_filters, "page", "page_size", "sort", "when", "lang", "bogus"]
OUTPUTS = {
    "page": reverse("initiatives:search"),
    "api": reverse("api:initiatives"),
    "csv": reverse("api:initiatives-csv"),
    "geojson": reverse("api:initiatives-geojson"),
}


@pytest.fixture
def offer(geography):
    return make_offer()


# The CSV and GeoJSON share the API's parsing: fuzz them on the free-text parameters and an unknown one.
CASES = [(output, param) for output in ("page", "api") for param in PARAMS] + [
    (output, param) for output in ("csv", "geojson") for param in ("near", "q", "radius_km", "bogus")
]


@pytest.mark.parametrize(("output", "param"), CASES)
def test_every_parameter_survives_nasty_values(client, offer, output, param):
    for value in NASTY:
        response = client.get(OUTPUTS[output], {param: value, "near": "3011"} if param != "near" else {param: value})
        assert response.status_code in (200, 302, 400, 404), (param, value, response.status_code)
        if response.status_code == 302:  # a page number that does not exist: to one that does
            assert param == "page", (param, value)
            assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize("output", OUTPUTS)
def test_percent_in_the_location_box_is_answered_not_a_server_error(client, offer, output):
    response = client.get(OUTPUTS[output], {"near": "50%"})
    assert response.status_code in (200, 400)
    assert "50%" in response.content.decode()


def test_an_over_long_query_gets_the_search_page_with_a_message(client, offer):
    response = client.get(OUTPUTS["page"], {"near": "a" * 3000})
    assert response.status_code == 414
    assert response["Content-Type"].startswith("text/html")
    body = response.content.decode()
    assert "Deze zoekvraag is te lang" in body
    assert "<h1>" in body and 'name="near"' in body


def test_an_over_long_api_query_is_a_json_error(client, offer):
    response = client.get(OUTPUTS["api"], {"near": "a" * 3000})
    assert response.status_code == 414
    assert "te lang" in response.json()["error"]
