"""The OpenAPI description stays true: every path resolves, every filter is documented, and
responses carry exactly the documented fields."""

import re

import pytest
from django.urls import reverse

from initiatives.api.filters import ApiInitiativeFilter
from tests import factories
from tests.search_data import make_offer


@pytest.fixture
def schema(client, geography):
    make_offer()
    response = client.get(reverse("api:schema"))
    assert response.status_code == 200
    return response.json()


def properties(schema, name):
    return set(schema["components"]["schemas"][name]["properties"])


def test_api_schema_is_openapi_3(schema):
    assert schema["openapi"].startswith("3.")
    assert schema["servers"][0]["url"] == "http://testserver/api/v1"


def test_api_schema_every_path_answers(client, schema):
    for path, operations in schema["paths"].items():
        url = "/api/v1" + re.sub(r"\{slug\}", "robots-bouwen", path)
        params = {"q": "vuurtoren"} if path == "/schools/" else {}
        assert client.get(url, params).status_code == 200, path
        assert set(operations) == {"get"}


def test_api_schema_documents_every_filter(schema):
    documented = {parameter["name"] for parameter in schema["paths"]["/initiatives/"]["get"]["parameters"]}
    assert set(ApiInitiativeFilter.base_filters) | {"page", "page_size", "format", "lang"} == documented


def test_api_schema_documented_enums_are_accepted(client, schema):
    for parameter in schema["paths"]["/initiatives/"]["get"]["parameters"]:
        items = parameter["schema"].get("items", parameter["schema"])
        for value in items.get("enum", []):
            needs = {"near": "3011"} if (parameter["name"], value) == ("sort", "distance") else {}
            response = client.get("/api/v1/initiatives/", {parameter["name"]: value, **needs})
            assert response.status_code == 200, (parameter["name"], value)


def test_api_schema_list_and_detail_fields_match(client, schema):
    page = client.get("/api/v1/initiatives/", {"near": "3011"}).json()
    assert set(page) == properties(schema, "InitiativePage")
    assert set(page["results"][0]) == properties(schema, "InitiativeSummary")
    without_near = client.get("/api/v1/initiatives/").json()["results"][0]
    assert set(without_near) == properties(schema, "InitiativeSummary") - {"distance_km"}
    factories.SessionFactory(initiative_id=page["results"][0]["id"])
    detail = client.get(f"/api/v1/initiatives/{page['results'][0]['slug']}/").json()
    assert set(detail) == properties(schema, "InitiativeDetail") - {"distance_km"}
    assert set(detail["sessions"][0]) == properties(schema, "Session")


def test_api_schema_campus_school_and_error_fields_match(client, schema):
    campus = client.get("/api/v1/campuses/").json()["results"][0]
    assert set(campus) == properties(schema, "Campus")
    school = client.get("/api/v1/schools/", {"q": "vuurtoren"}).json()["results"][0]
    assert set(school) == properties(schema, "School")
    error = client.get("/api/v1/initiatives/", {"near": "9999"}).json()
    assert set(error) == properties(schema, "Problem")
