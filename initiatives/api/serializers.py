"""Plain dictionaries for the API: what each result looks like (documented in schema.py)."""

from decimal import Decimal

from django.conf import settings
from django.utils.translation import get_language

from campuses.location import Location
from campuses.schools import school_label, school_levels
from portal.i18n import localized
from portal.pages.images import image_json
from portal.spreadsheets import escape_formula

from ..search import loaded_terms


def _float(value):
    return float(value) if value is not None else None


def _iso(value):
    return value.isoformat() if value is not None else None


def initiative_summary(initiative, request, location: Location | None = None):
    provider = initiative.provider
    active = get_language()  # once, not per term (str(term) looks it up each time)
    data = {
        "id": initiative.pk,
        "slug": initiative.slug,
        "title": initiative.title,
        "summary": initiative.summary,
        "url": request.build_absolute_uri(initiative.get_absolute_url()),
        "image": image_json(initiative.image, request),
        "provider": {
            "name": provider.name,
            "slug": provider.slug,
            "website": provider.website,
            "image": image_json(provider.image, request),
        },
        "latitude": _float(initiative.latitude),
        "longitude": _float(initiative.longitude),
        "location_type": initiative.location_type,
        "place_name": initiative.place_name,
        "service_radius_km": _float(initiative.service_radius_km),
        "activity_type": initiative.activity_type,
        "themes": [
            {"slug": theme.slug, "name": localized(theme, "name", active)}
            for theme in loaded_terms(initiative, "themes")
        ],
        "target_groups": [
            {"slug": group.slug, "name": localized(group, "name", active)}
            for group in loaded_terms(initiative, "target_groups")
        ],
        "languages": [language.code for language in loaded_terms(initiative, "languages")],
        "po_group_from": initiative.po_group_from,
        "po_group_to": initiative.po_group_to,
        "vo_year_from": initiative.vo_year_from,
        "vo_year_to": initiative.vo_year_to,
        "tracks": [track for track in ("vmbo", "havo", "vwo") if getattr(initiative, f"for_{track}")],
        "vmbo_tracks": [track for track in VMBO_TRACKS if getattr(initiative, f"for_{track}")],
        "practice_level": initiative.practice_level,
        "is_free": initiative.is_free,
        "price": str(initiative.price) if initiative.price is not None else None,
        "booking_mode": initiative.booking_mode,
        "booked_by": initiative.booked_by,
        "next_session_at": _iso(getattr(initiative, "next_session_at", None)),
        "last_verified_on": _iso(initiative.last_verified_on),
        "updated_at": _iso(initiative.updated_at),
    }
    if location is not None:
        distance = getattr(initiative, "distance_km", None)
        data["distance_km"] = round(distance, 1) if distance is not None else None
    return data


def initiative_detail(initiative, sessions, request):
    data = initiative_summary(initiative, request)
    data.update(
        {
            "description": initiative.description,
            "venue_name": initiative.venue_name,
            "address": initiative.address,
            "postcode": initiative.postcode,
            "duration_minutes": initiative.duration_minutes,
            "group_size_min": initiative.group_size_min,
            "group_size_max": initiative.group_size_max,
            "capacity_unit": initiative.capacity_unit,
            "booking_url": initiative.booking_url,
            "contact_email": initiative.contact_email or initiative.provider.email,
            "contact_phone": initiative.contact_phone or initiative.provider.phone,
            "campus": initiative.campus.slug if initiative.campus else None,
            "source": initiative.source,
            "sessions": [session_json(session) for session in sessions],
        }
    )
    return data


def session_json(session):
    return {
        "id": session.pk,
        "starts_at": _iso(session.starts_at),
        "ends_at": _iso(session.ends_at),
        "status": "cancelled" if session.is_cancelled else "scheduled",
        "capacity": session.capacity,
        "seats_left": session.seats_left,
        "booking_opens_at": _iso(session.booking_opens_at),
        "booking_closes_at": _iso(session.booking_closes_at),
        "updated_at": _iso(session.updated_at),
    }


def session_listing(session, request, location=None):
    """A session in /api/v1/sessions/: its times and status, where it happens, and its initiative."""
    initiative = session.initiative
    has_own_point = session.latitude is not None
    point_of = session if has_own_point else initiative
    data = {
        **session_json(session),
        "note": session.note,
        "venue_name": session.venue_name or initiative.venue_name,
        "address": session.address or initiative.address,
        "place_name": initiative.place_name,
        "location_type": initiative.location_type,
        "latitude": _float(point_of.latitude),
        "longitude": _float(point_of.longitude),
        "initiative": {
            "id": initiative.pk,
            "slug": initiative.slug,
            "title": initiative.title,
            "url": request.build_absolute_uri(initiative.get_absolute_url()),
            "provider": initiative.provider.name,
        },
    }
    if location is not None:
        distance = getattr(session, "distance_km", None)
        data["distance_km"] = round(distance, 1) if distance is not None else None
    return data


def licence_json():
    """The licence and attribution that every open data envelope carries."""
    return {
        "license": settings.OPEN_DATA_LICENSE["url"],
        "license_name": settings.OPEN_DATA_LICENSE["name"],
        "attribution": settings.OPEN_DATA_ATTRIBUTION,
    }


def geojson_feature(summary):
    properties = {key: value for key, value in summary.items() if key not in ("latitude", "longitude")}
    geometry = None
    if summary["latitude"] is not None:
        geometry = {"type": "Point", "coordinates": [summary["longitude"], summary["latitude"]]}
    return {"type": "Feature", "id": summary["id"], "geometry": geometry, "properties": properties}


def campus_json(campus, request):
    return {
        "slug": campus.slug,
        "name": campus.name,
        "consortium": campus.consortium,
        "themes": campus.themes,
        "place_name": campus.place_name or campus.municipality.name,
        "municipality": campus.municipality.name,
        "latitude": float(campus.latitude),
        "longitude": float(campus.longitude),
        "location_precision": campus.location_precision,
        "radius_km": float(campus.radius_km),
        "url": request.build_absolute_uri(campus.get_absolute_url()),
        "updated_at": _iso(campus.updated_at),
    }


def school_json(school):
    return {
        "code": school.code,
        "brin": school.brin,
        "name": school.name,
        "kind": school.kind,
        "place_name": school.place_name,
        "postcode": school.postcode,
        "latitude": float(school.latitude),
        "longitude": float(school.longitude),
        "street": f"{school.street} {school.house_number}".strip(),
        # What the school picker fills in; the location box and the booking form recognise the code in brackets.
        "label": school_label(school),
        "levels": school_levels(school),
    }


# Every field of InitiativeSummary, flattened: lists joined with ", ", the provider in three columns.
# The vmbo tracks (leerwegen): basis, kader, gemengd/theoretisch, as in the booking form.
VMBO_TRACKS = ("vmbo_bl", "vmbo_kl", "vmbo_gt")

CSV_COLUMNS = [
    "id", "slug", "title", "summary", "url", "provider", "provider_slug", "provider_website", "location_type",
    "place_name", "latitude", "longitude", "service_radius_km", "activity_type", "themes", "theme_slugs",
    "target_groups", "target_group_slugs", "languages", "po_group_from", "po_group_to", "vo_year_from", "vo_year_to",
    "tracks", "vmbo_tracks", "practice_level", "is_free", "price", "booking_mode", "next_session_at",
    "last_verified_on", "updated_at", "distance_km", "image", "image_alt", "booked_by",
]  # fmt: skip


def csv_row(summary):
    row = dict(summary)
    provider = summary["provider"]
    row.update(provider=provider["name"], provider_slug=provider["slug"], provider_website=provider["website"])
    for field, key in (("themes", "theme"), ("target_groups", "target_group")):
        row[field] = ", ".join(term["name"] for term in summary[field])
        row[f"{key}_slugs"] = ", ".join(term["slug"] for term in summary[field])
    row["languages"] = ", ".join(summary["languages"])
    row["tracks"] = ", ".join(summary["tracks"])
    row["vmbo_tracks"] = ", ".join(summary["vmbo_tracks"])
    image = summary.get("image") or {}
    row["image"], row["image_alt"] = image.get("url"), image.get("alt")
    return [safe_cell(row.get(column)) for column in CSV_COLUMNS]


def safe_cell(value):
    """A CSV cell that spreadsheets will not run as a formula (CWE-1236)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | Decimal):
        return value
    return escape_formula(str(value))
