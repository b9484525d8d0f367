"""Plain dictionaries for the API: what each result looks like (documented in schema.py)."""

from decimal import Decimal

from campuses.location import Location
from portal.pages.images import image_json
from portal.spreadsheets import escape_formula


def _float(value):
    return float(value) if value is not None else None


def _iso(value):
    return value.isoformat() if value is not None else None


def initiative_summary(initiative, request, location: Location | None = None):
    provider = initiative.provider
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
        "themes": [{"slug": theme.slug, "name": theme.name} for theme in initiative.themes.all()],
        "target_groups": [{"slug": group.slug, "name": group.name} for group in initiative.target_groups.all()],
        "languages": [language.code for language in initiative.languages.all()],
        "po_group_from": initiative.po_group_from,
        "po_group_to": initiative.po_group_to,
        "vo_year_from": initiative.vo_year_from,
        "vo_year_to": initiative.vo_year_to,
        "tracks": [track for track in ("vmbo", "havo", "vwo") if getattr(initiative, f"for_{track}")],
        "practice_level": initiative.practice_level,
        "is_free": initiative.is_free,
        "price": str(initiative.price) if initiative.price is not None else None,
        "booking_mode": initiative.booking_mode,
        "next_session_at": _iso(getattr(initiative, "next_session_at", None)),
        "last_verified_on": _iso(initiative.last_verified_on),
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
            "sessions": [
                {
                    "id": session.pk,
                    "starts_at": _iso(session.starts_at),
                    "ends_at": _iso(session.ends_at),
                    "capacity": session.capacity,
                    "seats_left": session.seats_left,
                    "booking_opens_at": _iso(session.booking_opens_at),
                    "booking_closes_at": _iso(session.booking_closes_at),
                }
                for session in sessions
            ],
        }
    )
    return data


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
        # What the school picker fills in; the location box recognises the code in brackets.
        "label": f"{school.name}, {school.place_name} ({school.code})",
    }


CSV_COLUMNS = [
    "id", "slug", "title", "url", "provider", "location_type", "place_name", "latitude", "longitude",
    "activity_type", "themes", "target_groups", "po_group_from", "po_group_to", "vo_year_from", "vo_year_to",
    "tracks", "practice_level", "is_free", "price", "booking_mode", "next_session_at", "distance_km",
]  # fmt: skip


def csv_row(summary):
    row = dict(summary)
    row["provider"] = summary["provider"]["name"]
    row["themes"] = ", ".join(theme["name"] for theme in summary["themes"])
    row["target_groups"] = ", ".join(group["name"] for group in summary["target_groups"])
    row["tracks"] = ", ".join(summary["tracks"])
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
