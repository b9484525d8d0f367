"""The OpenAPI 3 description of API v1, served at /api/v1/schema/.

The list parameters are generated from the search FilterSet, so the description cannot drift
from what the API accepts; tests/initiatives/test_api_schema.py checks paths and response fields.
"""

import django_filters

from initiatives.filters import InitiativeFilter

PARAMETER_DESCRIPTIONS = {
    "near": "Where to search: a postcode (3011, 3011 AB), place (Den Haag), school name, BRIN or vestigingscode, "
    "campus, or 'lat,lon'. Results get distance_km and are ordered by distance.",
    "radius_km": "Search radius in km around `near` (1-50, default 10).",
    "q": "Free text (Dutch full-text search with typo tolerance on PostgreSQL).",
    "po_group": "Primary school group (1-8).",
    "vo_year": "Secondary school year (1-6).",
    "track": "Secondary school track.",
    "target_group": "Target group slug; repeat for several (any of them).",
    "theme": "Theme slug; repeat for several (any of them).",
    "activity_type": "Activity type; repeat for several.",
    "location_type": "Where it happens; repeat for several. Without it, online offers follow the nearby ones.",
    "free": "Only free activities.",
    "bookable": "Only activities bookable on this portal now (an upcoming session with an open booking window).",
    "family": "Only activities for parent and child together, or where parents are welcome.",
    "outside_school_hours": "Only activities outside school hours.",
    "date_from": "Has a session on or after this date (YYYY-MM-DD).",
    "date_to": "Has a session on or before this date (YYYY-MM-DD).",
    "language": "Language code (nl, en, ...).",
    "practice_min": "Minimum practice orientation: 1 watch and listen, 2 try with guidance, 3 make or investigate, "
    "4 real practice with professionals.",
    "campus": "Campus slug (the campus the initiative belongs to).",
    "provider": "Provider slug.",
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
    "practice_level": {"type": "integer", "minimum": 1, "maximum": 4},
    "is_free": {"type": "boolean"},
    "price": {"type": "string", "nullable": True, "description": "Euros, decimal string."},
    "booking_mode": {"type": "string", "enum": ["book_here", "external", "contact"]},
    "next_session_at": {"type": "string", "format": "date-time", "nullable": True},
    "last_verified_on": {"type": "string", "format": "date", "nullable": True},
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
    "capacity": {"type": "integer"},
    "seats_left": {"type": "integer"},
    "booking_opens_at": {"type": "string", "format": "date-time", "nullable": True},
    "booking_closes_at": {"type": "string", "format": "date-time", "nullable": True},
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
    "label": {"type": "string", "description": "Text for the location box: 'Name, Place (code)'."},
}


def filter_parameters():
    """One OpenAPI query parameter per FilterSet filter."""
    parameters = []
    for name, filter_ in InitiativeFilter.base_filters.items():
        parameters.append(
            {
                "name": name,
                "in": "query",
                "required": False,
                "description": PARAMETER_DESCRIPTIONS.get(name, str(filter_.label)),
                "schema": _parameter_schema(filter_),
                **({"explode": True} if _is_multiple(filter_) else {}),
            }
        )
    return parameters


def _is_multiple(filter_):
    return isinstance(filter_, django_filters.MultipleChoiceFilter | django_filters.ModelMultipleChoiceFilter)


def _parameter_schema(filter_):
    if isinstance(filter_, django_filters.BooleanFilter):
        return {"type": "boolean"}
    if isinstance(filter_, django_filters.DateFilter):
        return {"type": "string", "format": "date"}
    if filter_.field_name == "radius_km" or filter_.field_class.__name__ == "RadiusField":
        return {"type": "number", "minimum": 1, "maximum": 50, "default": 10}
    choices = filter_.extra.get("choices")
    if choices and not callable(choices):
        schema = {"type": "string", "enum": [str(value) for value, _label in choices]}
    else:
        schema = {"type": "string"}
    return {"type": "array", "items": schema} if _is_multiple(filter_) else schema


def _page_parameters(max_size):
    return [
        {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "default": 1}},
        {"name": "page_size", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": max_size}},
    ]


def _error_response(description):
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def openapi_schema(request):
    list_parameters = filter_parameters() + _page_parameters(100)
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Techniek Dichtbij open data API",
            "version": "1.0.0",
            "description": "Read-only: techniek/IT activities for children and schools in the Rotterdam-The Hague "
            "region (MRDH). Only published initiatives. No authentication.",
        },
        "servers": [{"url": request.build_absolute_uri("/api/v1")}],
        "paths": {
            "/initiatives/": {
                "get": {
                    "summary": "Search initiatives",
                    "parameters": [
                        *list_parameters,
                        {
                            "name": "format",
                            "in": "query",
                            "schema": {"type": "string", "enum": ["json", "geojson", "csv"]},
                        },
                    ],
                    "responses": {
                        "200": {
                            "description": "A page of results.",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/InitiativePage"}},
                                "application/geo+json": {"schema": {"$ref": "#/components/schemas/FeatureCollection"}},
                                "text/csv": {"schema": {"type": "string"}},
                            },
                        },
                        "400": _error_response("Unknown location or invalid parameter."),
                    },
                }
            },
            "/initiatives.geojson": {
                "get": {
                    "summary": "Search initiatives as GeoJSON (up to 5000 features per page)",
                    "parameters": list_parameters,
                    "responses": {
                        "200": {
                            "description": "A FeatureCollection.",
                            "content": {
                                "application/geo+json": {"schema": {"$ref": "#/components/schemas/FeatureCollection"}}
                            },
                        },
                        "400": _error_response("Unknown location or invalid parameter."),
                    },
                }
            },
            "/initiatives.csv": {
                "get": {
                    "summary": "Search initiatives as CSV (up to 5000 rows per page)",
                    "parameters": list_parameters,
                    "responses": {
                        "200": {
                            "description": "CSV, UTF-8 with BOM.",
                            "content": {"text/csv": {"schema": {"type": "string"}}},
                        },
                        "400": _error_response("Unknown location or invalid parameter."),
                    },
                }
            },
            "/initiatives/{slug}/": {
                "get": {
                    "summary": "One initiative with its upcoming sessions",
                    "parameters": [{"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}}],
                    "responses": {
                        "200": {
                            "description": "The initiative.",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/InitiativeDetail"}}
                            },
                        },
                        "404": _error_response("Not found or not published."),
                    },
                }
            },
            "/campuses/": {
                "get": {
                    "summary": "The active campuses",
                    "responses": {
                        "200": {
                            "description": "All campuses.",
                            "content": {"application/json": {"schema": _list_of("Campus")}},
                        }
                    },
                }
            },
            "/schools/": {
                "get": {
                    "summary": "School branches matching a name, place, BRIN or code (at most 10)",
                    "parameters": [
                        {"name": "q", "in": "query", "required": True, "schema": {"type": "string", "minLength": 2}}
                    ],
                    "responses": {
                        "200": {
                            "description": "Matches.",
                            "content": {"application/json": {"schema": _list_of("School")}},
                        },
                        "400": _error_response("q missing or too short."),
                    },
                }
            },
            "/schema/": {"get": {"summary": "This description", "responses": {"200": {"description": "OpenAPI 3."}}}},
        },
        "components": {
            "schemas": {
                "Term": {"type": "object", "properties": {"slug": {"type": "string"}, "name": {"type": "string"}}},
                "InitiativeSummary": {"type": "object", "properties": SUMMARY_PROPERTIES},
                "InitiativeDetail": {"type": "object", "properties": {**SUMMARY_PROPERTIES, **DETAIL_EXTRA_PROPERTIES}},
                "Session": {"type": "object", "properties": SESSION_PROPERTIES},
                "Campus": {"type": "object", "properties": CAMPUS_PROPERTIES},
                "School": {"type": "object", "properties": SCHOOL_PROPERTIES},
                "InitiativePage": {
                    "type": "object",
                    "properties": {
                        "count": {"type": "integer"},
                        "next": {"type": "string", "format": "uri", "nullable": True},
                        "previous": {"type": "string", "format": "uri", "nullable": True},
                        "results": {"type": "array", "items": {"$ref": "#/components/schemas/InitiativeSummary"}},
                    },
                },
                "FeatureCollection": {
                    "type": "object",
                    "properties": {
                        "type": {"type": "string", "enum": ["FeatureCollection"]},
                        "count": {"type": "integer"},
                        "features": {"type": "array", "items": {"type": "object"}},
                    },
                },
                "Error": {
                    "type": "object",
                    "properties": {
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


def _list_of(name):
    return {
        "type": "object",
        "properties": {
            "count": {"type": "integer"},
            "results": {"type": "array", "items": {"$ref": f"#/components/schemas/{name}"}},
        },
    }
