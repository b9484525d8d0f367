"""The OpenAPI 3 description of API v1, served at /api/v1/schema/.

The list parameters are generated from the search FilterSet, so the description cannot drift
from what the API accepts; tests/initiatives/test_api_schema.py checks paths and response fields.
"""

import django_filters
from django.conf import settings

from .filters import ApiInitiativeFilter, SessionFilter
from .web import API_VERSION

PARAMETER_DESCRIPTIONS = {
    "near": "Where to search: a postcode (3011, 3011 AB), place (Den Haag), school name, BRIN or vestigingscode, "
    "campus, or 'lat,lon'. Results get distance_km and are ordered by distance.",
    "radius_km": "Search radius in km around `near` (1-50, default 10).",
    "q": (
        "Free text: every word must occur (Dutch stems; a long compound the offer lacks is tried as two parts;"
        " full-text search with typo tolerance on PostgreSQL)."
    ),
    "po_group": "Primary school group (1-8).",
    "vo_year": "Secondary school year (1-6).",
    "track": "Secondary school track: vmbo (any vmbo track), vmbo_bl, vmbo_kl, vmbo_gt, havo or vwo.",
    "target_group": "Target group slug; repeat for several (any of them).",
    "theme": "Theme slug; repeat for several (any of them).",
    "activity_type": (
        "Activity type; repeat for several. The older values comes_to_school and online are read as location_type."
    ),
    "location_type": "Where it happens; repeat for several. Without it, online offers follow the nearby ones.",
    "free": "Only free activities.",
    "bookable": "Only activities bookable on this portal now (an upcoming session with an open booking window).",
    "family": (
        "Only what a parent and child can join: activities for parent and child together, or where parents are"
        " welcome and a family can go (not booked here by classes or as a parents' evening; not for parents alone)."
    ),
    "outside_school_hours": "Only activities outside school hours.",
    "date_from": "Has a session on or after this date (YYYY-MM-DD).",
    "date_to": "Has a session on or before this date (YYYY-MM-DD).",
    "language": "Language code (nl, en, ...).",
    "practice_min": "Minimum practice orientation: 1 watch and listen, 2 try with guidance, 3 make or investigate, "
    "4 real practice with professionals.",
    "campus": "Campus slug (the campus the initiative belongs to).",
    "provider": "Provider slug.",
    "bbox": "Only initiatives with a point inside this box: west,south,east,north in WGS84 degrees "
    "(e.g. 4.2,51.8,4.6,52.1). Online offers have no point and are left out.",
    "updated_since": "Only initiatives changed at or after this moment (ISO 8601, e.g. 2026-12-01T00:00:00Z); "
    "their sessions: /sessions/?updated_since=. Deleted or unpublished initiatives are not reported.",
    "sort": "Order: title, -title, distance (needs near; the default with near), next_session, updated_at, "
    "-updated_at. Default: title.",
    "start": "Sessions starting at or after this moment (ISO 8601). Default: now.",
    "end": "Sessions starting before this moment (ISO 8601).",
}
SESSION_PARAMETER_DESCRIPTIONS = {
    "updated_since": "Only sessions changed at or after this moment (ISO 8601).",
    "sort": "Order: starts_at (default), -starts_at, distance (with near), updated_at, -updated_at.",
}

SUMMARY_PROPERTIES = {
    "id": {"type": "integer"},
    "slug": {"type": "string"},
    "title": {"type": "string"},
    "summary": {"type": "string"},
    "url": {"type": "string", "format": "uri"},
    "image": {
        "type": "object",
        "nullable": True,
        "description": "Photo: a phone-sized rendition (url, width, height), its alt text, and every rendition.",
        "properties": {
            "url": {"type": "string", "format": "uri"},
            "width": {"type": "integer"},
            "height": {"type": "integer"},
            "alt": {"type": "string"},
            "renditions": {"type": "array", "items": {"type": "object"}},
        },
    },
    "provider": {
        "type": "object",
        "properties": {
            "name": {"type": "string"},
            "slug": {"type": "string"},
            "website": {"type": "string"},
            "image": {"type": "object", "nullable": True, "description": "Logo or photo, as `image`."},
        },
    },
    "latitude": {"type": "number", "nullable": True},
    "longitude": {"type": "number", "nullable": True},
    "location_type": {"type": "string", "enum": ["venue", "at_school", "online"]},
    "place_name": {"type": "string"},
    "service_radius_km": {"type": "number", "nullable": True},
    "activity_type": {"type": "string"},
    "themes": {"type": "array", "items": {"$ref": "#/components/schemas/Term"}},
    "target_groups": {"type": "array", "items": {"$ref": "#/components/schemas/Term"}},
    "languages": {"type": "array", "items": {"type": "string"}},
    "po_group_from": {"type": "integer", "nullable": True},
    "po_group_to": {"type": "integer", "nullable": True},
    "vo_year_from": {"type": "integer", "nullable": True},
    "vo_year_to": {"type": "integer", "nullable": True},
    "tracks": {"type": "array", "items": {"type": "string", "enum": ["vmbo", "havo", "vwo"]}},
    "vmbo_tracks": {
        "type": "array",
        "items": {"type": "string", "enum": ["vmbo_bl", "vmbo_kl", "vmbo_gt"]},
        "description": "vmbo basis, kader, gemengd/theoretisch; every one when the offer is for vmbo in general.",
    },
    "practice_level": {"type": "integer", "minimum": 1, "maximum": 4},
    "is_free": {"type": "boolean", "nullable": True, "description": "null: cost not known (ask the provider)."},
    "price": {"type": "string", "nullable": True, "description": "Euros, decimal string."},
    "booking_mode": {"type": "string", "enum": ["book_here", "external", "contact"]},
    "booked_by": {
        "type": "string",
        "enum": ["classes", "families", "both"],
        "description": "Who books through this portal (with `booking_mode` book_here): a teacher for a class, "
        "families or parents (no school; at an activity that is not for parent and child together an adult may "
        "come alone), or both.",
    },
    "next_session_at": {"type": "string", "format": "date-time", "nullable": True},
    "last_verified_on": {"type": "string", "format": "date", "nullable": True},
    "updated_at": {"type": "string", "format": "date-time"},
    "distance_km": {
        "type": "number",
        "nullable": True,
        "description": "Only when `near` is given: km to the venue (or to the base of a school visit), 0.1 precision.",
    },
}

SESSION_PROPERTIES = {
    "id": {"type": "integer"},
    "starts_at": {"type": "string", "format": "date-time"},
    "ends_at": {"type": "string", "format": "date-time"},
    "status": {"type": "string", "enum": ["scheduled", "cancelled"]},
    "capacity": {"type": "integer"},
    "seats_left": {"type": "integer"},
    "booking_opens_at": {"type": "string", "format": "date-time", "nullable": True},
    "booking_closes_at": {"type": "string", "format": "date-time", "nullable": True},
    "updated_at": {"type": "string", "format": "date-time"},
}

SESSION_LISTING_PROPERTIES = {
    **SESSION_PROPERTIES,
    "note": {"type": "string"},
    "venue_name": {"type": "string"},
    "address": {"type": "string"},
    "place_name": {"type": "string"},
    "location_type": {"type": "string", "enum": ["venue", "at_school", "online"]},
    "latitude": {"type": "number", "nullable": True},
    "longitude": {"type": "number", "nullable": True},
    "initiative": {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "slug": {"type": "string"},
            "title": {"type": "string"},
            "url": {"type": "string", "format": "uri"},
            "provider": {"type": "string"},
        },
    },
    "distance_km": {
        "type": "number",
        "nullable": True,
        "description": "Only when `near` is given: km to the initiative's point, 0.1 precision.",
    },
}

LICENCE_PROPERTIES = {
    "license": {"type": "string", "format": "uri", "description": "Licence of the data."},
    "license_name": {"type": "string"},
    "attribution": {"type": "string", "description": "Attribution of the reference data the results build on."},
}

DETAIL_EXTRA_PROPERTIES = {
    "description": {"type": "string"},
    "venue_name": {"type": "string"},
    "address": {"type": "string"},
    "postcode": {"type": "string"},
    "duration_minutes": {"type": "integer", "nullable": True},
    "group_size_min": {"type": "integer", "nullable": True},
    "group_size_max": {"type": "integer", "nullable": True},
    "capacity_unit": {"type": "string", "enum": ["pupils", "groups"]},
    "booking_url": {"type": "string"},
    "contact_email": {"type": "string"},
    "contact_phone": {"type": "string"},
    "campus": {"type": "string", "nullable": True},
    "source": {"type": "string"},
    "sessions": {"type": "array", "items": {"$ref": "#/components/schemas/Session"}},
}

CAMPUS_PROPERTIES = {
    "slug": {"type": "string"},
    "name": {"type": "string"},
    "consortium": {"type": "string"},
    "themes": {"type": "string"},
    "place_name": {"type": "string"},
    "municipality": {"type": "string"},
    "latitude": {"type": "number"},
    "longitude": {"type": "number"},
    "location_precision": {"type": "string", "enum": ["address", "pc4", "place"]},
    "radius_km": {"type": "number"},
    "url": {"type": "string", "format": "uri"},
    "updated_at": {"type": "string", "format": "date-time"},
}

SCHOOL_PROPERTIES = {
    "code": {"type": "string", "description": "DUO vestigingscode"},
    "brin": {"type": "string"},
    "name": {"type": "string"},
    "kind": {"type": "string", "enum": ["po", "vo"]},
    "place_name": {"type": "string"},
    "postcode": {"type": "string"},
    "latitude": {"type": "number"},
    "longitude": {"type": "number"},
    "street": {"type": "string", "description": "Street and house number: tells branches of one school apart."},
    "label": {
        "type": "string",
        "description": "The school picker's text, understood by the location box and the booking form: "
        "'Name, Street 12, Place — levels (code)'.",
    },
    "levels": {
        "type": "string",
        "description": "What a secondary branch teaches (DUO onderwijsstructuur and vmbo tracks), e.g. "
        "'vmbo basis/kader, havo/vwo'; empty for primary schools.",
    },
}


def filter_parameters(filterset_class=ApiInitiativeFilter, descriptions=None):
    """One OpenAPI query parameter per FilterSet filter."""
    descriptions = {**PARAMETER_DESCRIPTIONS, **(descriptions or {})}
    parameters = []
    for name, filter_ in filterset_class.base_filters.items():
        parameters.append(
            {
                "name": name,
                "in": "query",
                "required": False,
                "description": descriptions.get(name, str(filter_.label)),
                "schema": _parameter_schema(filter_),
                **({"explode": True} if _is_multiple(filter_) else {}),
            }
        )
    return parameters


def _is_multiple(filter_):
    return isinstance(filter_, django_filters.MultipleChoiceFilter | django_filters.ModelMultipleChoiceFilter)


def _parameter_schema(filter_):
    if isinstance(filter_, django_filters.BooleanFilter):
        return {"type": "boolean", "description": "true or false (also 1/0, on/off, yes/no)"}
    if isinstance(filter_, django_filters.IsoDateTimeFilter):
        return {"type": "string", "format": "date-time"}
    if isinstance(filter_, django_filters.DateFilter):
        return {"type": "string", "format": "date"}
    if filter_.field_name == "radius_km" or filter_.field_class.__name__ == "RadiusField":
        return {"type": "number", "minimum": 1, "maximum": 50, "default": 10}
    if filter_.field_class.__name__ == "BoundingBoxField":
        return {"type": "string", "pattern": r"^-?[0-9.]+,-?[0-9.]+,-?[0-9.]+,-?[0-9.]+$"}
    choices = filter_.extra.get("choices")
    if choices and not callable(choices):
        schema = {"type": "string", "enum": [str(value) for value, _label in choices]}
    else:
        schema = {"type": "string"}
    return {"type": "array", "items": schema} if _is_multiple(filter_) else schema


def _page_parameters(max_size, default):
    return [
        {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "default": 1}},
        {
            "name": "page_size",
            "in": "query",
            "schema": {"type": "integer", "minimum": 1, "maximum": max_size, "default": default},
        },
    ]


LANG_PARAMETER = {
    "name": "lang",
    "in": "query",
    "description": "Language of messages (and names where translated): nl (default) or en. Accept-Language works too.",
    "schema": {"type": "string", "enum": ["nl", "en"]},
}


def _error_response(description):
    return {
        "description": description,
        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }


HEADERS = {
    "API-Version": {"schema": {"type": "string"}, "description": "Version of this API (semantic versioning)."},
    "ETag": {"schema": {"type": "string"}, "description": "Send it back in If-None-Match: 304 while unchanged."},
    "Link": {"schema": {"type": "string"}, "description": "rel=license; on lists rel=next and rel=previous."},
    "X-Total-Count": {"schema": {"type": "integer"}, "description": "Lists: the number of matches on all pages."},
}


def _ok(description, content):
    return {"description": description, "headers": HEADERS, "content": content}


def _responses(ok, *errors):
    responses = {"200": ok, "304": {"description": "Not modified (If-None-Match matched the ETag)."}}
    for status, description in errors:
        responses[status] = _error_response(description)
    return responses


BAD_PARAMETERS = ("400", "Unknown location or invalid parameter (the problem lists each in invalidParams).")


def openapi_schema(request):
    list_parameters = [*filter_parameters(), LANG_PARAMETER, *_page_parameters(100, 20)]
    export_parameters = [*filter_parameters(), LANG_PARAMETER, *_page_parameters(5000, 5000)]
    session_parameters = [
        *filter_parameters(SessionFilter, SESSION_PARAMETER_DESCRIPTIONS),
        *(item for item in filter_parameters() if item["name"] not in SessionFilter.OWN),
        LANG_PARAMETER,
        *_page_parameters(100, 20),
    ]
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Techniek Dichtbij open data API",
            "version": API_VERSION,
            "description": "Read-only: techniek/IT activities for children and schools in the Rotterdam-The Hague "
            "region (MRDH). Only published initiatives. No authentication; CORS open to every origin (GET). "
            "Errors are RFC 9457 problem details. Reference data: " + settings.OPEN_DATA_ATTRIBUTION,
            "license": {"name": settings.OPEN_DATA_LICENSE["name"], "url": settings.OPEN_DATA_LICENSE["url"]},
        },
        "servers": [{"url": request.build_absolute_uri("/api/v1")}],
        "paths": {
            "/": {
                "get": {
                    "summary": "The dataset (DCAT, JSON-LD): endpoints, formats, licence, update frequency",
                    "responses": _responses(
                        _ok("The catalogue.", {"application/json": {"schema": {"type": "object"}}})
                    ),
                }
            },
            "/initiatives/": {
                "get": {
                    "summary": "Search initiatives",
                    "parameters": [
                        *list_parameters,
                        {
                            "name": "format",
                            "in": "query",
                            "description": "json (page_size up to 100), geojson or csv (page_size up to 5000).",
                            "schema": {"type": "string", "enum": ["json", "geojson", "csv"]},
                        },
                    ],
                    "responses": _responses(
                        _ok(
                            "A page of results.",
                            {
                                "application/json": {"schema": {"$ref": "#/components/schemas/InitiativePage"}},
                                "application/geo+json": {"schema": {"$ref": "#/components/schemas/FeatureCollection"}},
                                "text/csv": {"schema": {"type": "string"}},
                            },
                        ),
                        BAD_PARAMETERS,
                    ),
                }
            },
            "/initiatives.geojson": {
                "get": {
                    "summary": "Search initiatives as GeoJSON (up to 5000 features per page)",
                    "parameters": export_parameters,
                    "responses": _responses(
                        _ok(
                            "A FeatureCollection.",
                            {"application/geo+json": {"schema": {"$ref": "#/components/schemas/FeatureCollection"}}},
                        ),
                        BAD_PARAMETERS,
                    ),
                }
            },
            "/initiatives.csv": {
                "get": {
                    "summary": "Search initiatives as CSV (up to 5000 rows per page; Link rel=next when cut off)",
                    "parameters": export_parameters,
                    "responses": _responses(
                        _ok(
                            "CSV, UTF-8 with BOM: every field of InitiativeSummary.",
                            {"text/csv": {"schema": {"type": "string"}}},
                        ),
                        BAD_PARAMETERS,
                    ),
                }
            },
            "/initiatives/{slug}/": {
                "get": {
                    "summary": "One initiative with its upcoming sessions",
                    "parameters": [
                        {"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}},
                        LANG_PARAMETER,
                    ],
                    "responses": _responses(
                        _ok(
                            "The initiative.",
                            {"application/json": {"schema": {"$ref": "#/components/schemas/InitiativeDetail"}}},
                        ),
                        ("404", "Not found or not published."),
                    ),
                }
            },
            "/sessions/": {
                "get": {
                    "summary": "Sessions (cancelled ones too, with their status) of the initiatives that match",
                    "parameters": session_parameters,
                    "responses": _responses(
                        _ok(
                            "A page of sessions.",
                            {"application/json": {"schema": {"$ref": "#/components/schemas/SessionPage"}}},
                        ),
                        BAD_PARAMETERS,
                    ),
                }
            },
            "/campuses/": {
                "get": {
                    "summary": "The active campuses",
                    "responses": _responses(
                        _ok("All campuses.", {"application/json": {"schema": _list_of("Campus", licence=True)}})
                    ),
                }
            },
            "/schools/": {
                "get": {
                    "summary": "School branches matching a name, place, street, BRIN or code (at most 12), each branch "
                    "once; only the MRDH region's branches when any match there",
                    "parameters": [
                        {"name": "q", "in": "query", "required": True, "schema": {"type": "string", "minLength": 2}},
                        {
                            "name": "initiative",
                            "in": "query",
                            "description": "Slug of an initiative: the branches nearest to it come first.",
                            "schema": {"type": "string"},
                        },
                        {
                            "name": "regio",
                            "in": "query",
                            "description": "'alle': also branches outside the MRDH region when some match inside it.",
                            "schema": {"type": "string", "enum": ["alle"]},
                        },
                    ],
                    "responses": _responses(
                        _ok("Matches.", {"application/json": {"schema": _list_of("School")}}),
                        ("400", "q missing or too short."),
                    ),
                }
            },
            "/schema/": {"get": {"summary": "This description", "responses": {"200": {"description": "OpenAPI 3."}}}},
            "/openapi.json": {
                "get": {"summary": "This description", "responses": {"200": {"description": "OpenAPI 3."}}}
            },
        },
        "components": {
            "schemas": {
                "Term": {"type": "object", "properties": {"slug": {"type": "string"}, "name": {"type": "string"}}},
                "InitiativeSummary": {"type": "object", "properties": SUMMARY_PROPERTIES},
                "InitiativeDetail": {"type": "object", "properties": {**SUMMARY_PROPERTIES, **DETAIL_EXTRA_PROPERTIES}},
                "Session": {"type": "object", "properties": SESSION_PROPERTIES},
                "SessionListing": {"type": "object", "properties": SESSION_LISTING_PROPERTIES},
                "Campus": {"type": "object", "properties": CAMPUS_PROPERTIES},
                "School": {"type": "object", "properties": SCHOOL_PROPERTIES},
                "InitiativePage": _page_of("InitiativeSummary"),
                "SessionPage": _page_of("SessionListing"),
                "FeatureCollection": {
                    "type": "object",
                    "properties": {
                        "type": {"type": "string", "enum": ["FeatureCollection"]},
                        "count": {"type": "integer"},
                        "features": {"type": "array", "items": {"type": "object"}},
                        **LICENCE_PROPERTIES,
                    },
                },
                "Problem": {
                    "type": "object",
                    "description": "RFC 9457 problem details; error and errors are kept for clients of version 1.0.",
                    "properties": {
                        "type": {"type": "string"},
                        "title": {"type": "string"},
                        "status": {"type": "integer"},
                        "detail": {"type": "string"},
                        "instance": {"type": "string"},
                        "invalidParams": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "properties": {
                                    "name": {"type": "string"},
                                    "code": {"type": "string"},
                                    "reason": {"type": "string"},
                                    "suggestions": {
                                        "type": "array",
                                        "items": {"type": "string"},
                                        "description": "Values that would be understood (did you mean).",
                                    },
                                },
                            },
                        },
                        "error": {"type": "string"},
                        "errors": {
                            "type": "object",
                            "additionalProperties": {"type": "array", "items": {"type": "string"}},
                        },
                    },
                },
            }
        },
    }


def _page_of(name):
    return {
        "type": "object",
        "properties": {
            "count": {"type": "integer"},
            "next": {"type": "string", "format": "uri", "nullable": True},
            "previous": {"type": "string", "format": "uri", "nullable": True},
            "results": {"type": "array", "items": {"$ref": f"#/components/schemas/{name}"}},
            **LICENCE_PROPERTIES,
        },
    }


def _list_of(name, licence=False):
    return {
        "type": "object",
        "properties": {
            "count": {"type": "integer"},
            "results": {"type": "array", "items": {"$ref": f"#/components/schemas/{name}"}},
            **(LICENCE_PROPERTIES if licence else {}),
        },
    }
