"""The API's web layer: CORS, ETag/304, Cache-Control, API-Version, problem details, JSON 404/405/500,
gzip, licence and attribution, and the DCAT dataset description."""

import csv
import gzip
import io

import pytest
from django.urls import reverse

from tests.initiatives.test_public_cache import committed  # noqa: F401 (fixture)
from tests.search_data import make_offer

LIST = reverse("api:initiatives")
LICENCE = "https://creativecommons.org/licenses/by/4.0/"


@pytest.fixture
def offer(geography, settings):
    settings.API_ETAG_SECONDS = 10**9  # one ETag window for the whole test
    return make_offer()


def test_cors_lets_any_origin_read_without_credentials(client, offer):
    response = client.get(LIST, headers={"Origin": "https://kaart.example.org"})
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    assert "ETag" in response["Access-Control-Expose-Headers"]
    preflight = client.options(
        LIST, headers={"Origin": "https://kaart.example.org", "Access-Control-Request-Method": "GET"}
    )
    assert preflight.status_code == 200
    methods = preflight["Access-Control-Allow-Methods"]
    assert "GET" in methods and "POST" not in methods


def test_cors_is_only_for_the_api(client, offer):
    page = client.get(reverse("initiatives:search"), headers={"Origin": "https://kaart.example.org"})
    assert "Access-Control-Allow-Origin" not in page


def test_etag_gives_304_until_the_catalogue_changes(client, offer, committed):  # noqa: F811
    first = client.get(LIST, {"po_group": "6"})
    etag = first["ETag"]
    assert etag.startswith('W/"')
    assert first["Cache-Control"] == "public, max-age=60"
    again = client.get(LIST, {"po_group": "6"}, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == etag
    assert client.get(LIST, {"po_group": "7"}, headers={"If-None-Match": etag}).status_code == 200
    with committed():
        offer["near"].title = "Robots bouwen (nieuw)"
        offer["near"].save()
    changed = client.get(LIST, {"po_group": "6"}, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_every_api_response_names_version_and_licence(client, offer):
    for url in (LIST, reverse("api:root"), reverse("api:campuses"), "/api/v1/bestaat-niet/"):
        response = client.get(url)
        assert response["API-Version"] == "1.1.0", url
        assert f'<{LICENCE}>; rel="license"' in response["Link"], url


def test_unknown_location_is_a_problem_with_suggestions_as_a_list(client, offer):
    response = client.get(LIST, {"near": "2513", "free": "maybe"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"] == "tag:techniekdichtbij.nl,2026:problem:invalid-parameters"
    assert problem["title"] == "Ongeldige parameters."
    assert problem["instance"] == "/api/v1/initiatives/?near=2513&free=maybe"
    near = next(item for item in problem["invalidParams"] if item["name"] == "near")
    assert near["code"] == "unknown_location"
    assert near["suggestions"] == ["2511"]
    free = next(item for item in problem["invalidParams"] if item["name"] == "free")
    assert free == {"name": "free", "code": "invalid_boolean", "reason": "Gebruik true of false."}


def test_problem_in_the_requested_language(client, offer):
    by_header = client.get(LIST, {"free": "maybe"}, headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert by_header.json()["title"] == "Invalid parameters."
    assert by_header["Content-Language"] == "en"
    by_parameter = client.get(LIST, {"free": "maybe", "lang": "en"})
    assert by_parameter.json()["invalidParams"][0]["reason"] == "Use true or false."
    assert client.get(LIST, {"free": "maybe"}).json()["title"] == "Ongeldige parameters."


@pytest.mark.parametrize("value, count", [("true", 4), ("1", 4), ("false", 5), ("0", 5), ("", 5)])
def test_booleans_are_strict(client, offer, value, count):
    response = client.get(LIST, {"free": value})
    assert response.status_code == 200
    assert response.json()["count"] == count


def test_api_404_405_and_500_are_problems(client, offer, monkeypatch):
    missing = client.get("/api/v1/bestaat-niet/")
    assert missing.status_code == 404
    assert missing["Content-Type"] == "application/problem+json"
    assert missing.json()["status"] == 404
    detail = client.get("/api/v1/initiatives/nog-geheim/")
    assert detail.status_code == 404 and detail.json()["title"] == "Niet gevonden."
    post = client.post(LIST)
    assert post.status_code == 405 and post.json()["status"] == 405
    assert "GET" in post["Allow"]

    def broken(*args, **kwargs):
        raise RuntimeError("database on fire")

    monkeypatch.setattr("initiatives.api.serializers.campus_json", broken)
    failed = client.get(reverse("api:campuses"))
    assert failed.status_code == 500
    assert failed["Content-Type"] == "application/problem+json"
    assert "fire" not in failed.content.decode()


def test_pages_outside_the_api_keep_html_errors(client, offer):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert "problem" not in response.get("Content-Type", "")


def test_large_api_responses_are_gzipped_pages_with_csrf_tokens_are_not(client, offer):
    response = client.get(LIST, headers={"Accept-Encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"
    assert b"robots-bouwen" in gzip.decompress(response.content)
    booking_form = client.get(
        reverse("initiatives:book", kwargs={"slug": "robots-bouwen"}), headers={"Accept-Encoding": "gzip"}
    )
    assert "Content-Encoding" not in booking_form


def test_licence_and_attribution_in_every_format(client, offer):
    page = client.get(LIST).json()
    assert page["license"] == LICENCE and "GeoNames" in page["attribution"]
    geojson = client.get(reverse("api:initiatives-geojson")).json()
    assert geojson["license"] == LICENCE and "DUO" in geojson["attribution"]
    assert client.get(reverse("api:campuses")).json()["license"] == LICENCE
    csv_response = client.get(reverse("api:initiatives-csv"))
    assert f'<{LICENCE}>; rel="license"' in csv_response["Link"]
    assert client.get(reverse("api:openapi")).json()["info"]["license"]["url"] == LICENCE


def test_csv_has_every_json_field_and_says_when_it_is_cut_off(client, offer):
    response = client.get(reverse("api:initiatives-csv"), {"page_size": "2"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 2
    summary = client.get(LIST, {"near": "3011"}).json()["results"][0]
    flattened = (set(summary) - {"provider", "image"}) | {"provider", "provider_slug", "provider_website"}
    flattened |= {"image", "image_alt"}
    assert flattened <= set(rows[0])
    assert response["X-Total-Count"] == "5"
    assert '?page_size=2&page=2>; rel="next"' in response["Link"]


def test_geojson_and_csv_accept_their_documented_page_size(client, offer):
    assert client.get(reverse("api:initiatives-geojson"), {"page_size": "5000"}).status_code == 200
    assert client.get(reverse("api:initiatives-csv"), {"page_size": "5001"}).status_code == 400
    assert client.get(LIST, {"page_size": "101"}).status_code == 400


def test_decimal_radius_is_accepted(client, offer):
    response = client.get(LIST, {"near": "3011", "radius_km": "1.35", "location_type": "venue"})
    assert response.status_code == 200
    assert [item["slug"] for item in response.json()["results"]] == ["robots-bouwen"]


def test_dataset_description_names_endpoints_formats_licence(client, offer):
    root = client.get(reverse("api:root")).json()
    assert root["@type"] == "dcat:Catalog"
    dataset = root["dcat:dataset"][0]
    assert dataset["dct:license"] == {"@id": LICENCE}
    assert dataset["dct:accrualPeriodicity"]["@id"].endswith("/CONT")
    media = {item["dcat:mediaType"] for item in dataset["dcat:distribution"]}
    assert media == {"application/json", "application/geo+json", "text/csv"}
    for url in root["endpoints"].values():
        path = url.removeprefix("http://testserver")
        assert client.get(path, {"q": "vuurtoren"} if "schools" in path else {}).status_code == 200, path


def test_openapi_also_at_openapi_json(client, offer):
    assert client.get(reverse("api:openapi")).json() == client.get(reverse("api:schema")).json()


def test_page_headers_survive_the_public_cache(client, offer, settings):
    settings.PUBLIC_CACHE_SECONDS = 300
    computed = client.get(reverse("api:initiatives-csv"), {"page_size": "2"})
    cached = client.get(reverse("api:initiatives-csv"), {"page_size": "2"})
    assert cached.content == computed.content
    for header in ("Link", "X-Total-Count", "ETag", "API-Version", "Content-Disposition"):
        assert cached[header] == computed[header], header
    assert 'rel="next"' in cached["Link"]
