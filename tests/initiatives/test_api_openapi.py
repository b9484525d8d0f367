"""The OpenAPI document is valid OpenAPI 3 (openapi-spec-validator), and a schema-driven client
(openapi-core) finds every request it documents and every response the API gives valid against it."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone
from openapi_core import Config, OpenAPI
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse
from openapi_spec_validator import validate

from tests import factories
from tests.search_data import make_offer


@pytest.fixture
def spec(client, geography):
    offer = make_offer()
    day = timezone.now() + datetime.timedelta(days=10)
    factories.SessionFactory(initiative=offer["near"], starts_at=day, ends_at=day + datetime.timedelta(hours=2))
    factories.SessionFactory(
        initiative=offer["hague"], starts_at=day, ends_at=day + datetime.timedelta(hours=1), is_cancelled=True
    )
    return client.get(reverse("api:openapi")).json()


# The media types besides application/json the API answers with, read as a client would.
DESERIALIZERS = {
    "application/geo+json": json.loads,
    "application/problem+json": json.loads,
    "text/csv": lambda body, **_params: body.decode("utf-8-sig") if isinstance(body, bytes) else body,
}


def client_for(spec):
    return OpenAPI.from_dict(spec, config=Config(extra_media_type_deserializers=DESERIALIZERS))


def test_openapi_document_is_valid(spec):
    validate(spec)


REQUESTS = [
    ("/api/v1/", {}),
    ("/api/v1/initiatives/", {}),
    ("/api/v1/initiatives/", {"near": "3011", "radius_km": "12.5", "sort": "distance", "free": "false"}),
    ("/api/v1/initiatives/", {"bbox": "4.2,51.8,4.6,52.1", "sort": "-updated_at", "theme": ["robotica"]}),
    ("/api/v1/initiatives/", {"updated_since": "2026-01-01T00:00:00Z", "page_size": "2", "lang": "en"}),
    ("/api/v1/initiatives/", {"format": "geojson"}),
    ("/api/v1/initiatives/", {"near": "9999"}),
    ("/api/v1/initiatives/", {"free": "maybe"}),
    ("/api/v1/initiatives.geojson", {"page_size": "5000"}),
    ("/api/v1/initiatives.csv", {"page_size": "2"}),
    ("/api/v1/initiatives/robots-bouwen/", {}),
    ("/api/v1/initiatives/bestaat-niet/", {}),
    ("/api/v1/sessions/", {}),
    ("/api/v1/sessions/", {"near": "Den Haag", "sort": "distance", "start": "2026-01-01T00:00:00+01:00"}),
    ("/api/v1/sessions/", {"end": "not-a-date"}),
    ("/api/v1/campuses/", {}),
    ("/api/v1/schools/", {"q": "vuurtoren"}),
    ("/api/v1/schools/", {"q": "v"}),
]


@pytest.mark.parametrize("path, params", REQUESTS)
def test_schema_driven_client_accepts_requests_and_responses(client, spec, path, params):
    openapi = client_for(spec)
    response = client.get(path, params)
    assert response.status_code in (200, 400, 404)
    request = DjangoOpenAPIRequest(response.wsgi_request)
    if response.status_code == 200:
        openapi.validate_request(request)  # a request the API refuses need not be a documented one
    openapi.validate_response(request, DjangoOpenAPIResponse(response))


def test_schema_driven_client_reads_the_sessions(client, spec):
    openapi = client_for(spec)
    response = client.get("/api/v1/sessions/")
    result = openapi.unmarshal_response(DjangoOpenAPIRequest(response.wsgi_request), DjangoOpenAPIResponse(response))
    assert not result.errors
    sessions = result.data["results"]
    assert {(item["initiative"]["slug"], item["status"]) for item in sessions} == {
        ("robots-bouwen", "scheduled"),
        ("programmeren-den-haag", "cancelled"),
    }


def test_schema_driven_client_sees_undocumented_fields(client, spec):
    """The check has teeth: a field the schema does not allow is reported."""
    spec["components"]["schemas"]["InitiativeSummary"]["additionalProperties"] = False
    del spec["components"]["schemas"]["InitiativeSummary"]["properties"]["updated_at"]
    openapi = client_for(spec)
    response = client.get("/api/v1/initiatives/")
    result = openapi.unmarshal_response(DjangoOpenAPIRequest(response.wsgi_request), DjangoOpenAPIResponse(response))
    assert result.errors
