from urllib.parse import urlencode

from django.core.paginator import InvalidPage
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.text import slugify

from campuses.geo import Point
from campuses.location import COORDINATES_RE
from portal.i18n import localized
from portal.maps import map_context
from portal.pages.images import best_rendition

from .caching import cache_public_response
from .filters import PRACTICE_LEVEL_HELP, RADIUS_CHOICES
from .ical import sessions_calendar
from .models import Initiative, Session
from .search import CARD_RELATIONS, active_filter_chips, clear_filters_query, filter_panel, search_initiatives
from .templatetags.initiative_tags import km

POPUP_IMAGE_WIDTH = 320


@cache_public_response
def search(request):
    """The search page: the location box, filters, results list and map."""
    try:
        outcome = search_initiatives(
            request.GET, page_number=request.GET.get("page") or 1, with_facets=True, relations=CARD_RELATIONS
        )
    except InvalidPage as error:
        raise Http404(str(error)) from error
    panel = filter_panel(outcome.filterset, outcome.facets)
    return render(
        request,
        "initiatives/search.html",
        {
            "outcome": outcome,
            "filter": outcome.filterset,
            "form": outcome.filterset.form,
            "panel": panel,
            "chips": active_filter_chips(request.GET, panel),
            "clear_query": clear_filters_query(request.GET),
            "markers": map_markers(outcome),
            "practice_levels": PRACTICE_LEVEL_HELP,
            "searched": bool(request.GET),
            **location_box_context(outcome.filterset),
            **map_context(),
        },
    )


def location_box_context(filterset):
    return {
        "radius_choices": RADIUS_CHOICES,
        "selected_radius": format(filterset.search_radius_km.normalize(), "f"),
    }


def map_markers(outcome):
    """The current page's results with a point, for the map (same results as the list)."""
    if outcome.page is None:
        return []
    return [
        {
            "title": initiative.title,
            "label": marker_label(initiative),
            "url": initiative.result_url,
            "lat": float(initiative.latitude),
            "lon": float(initiative.longitude),
            "place": initiative.place_name,
            "image": marker_image(initiative.image),
        }
        for initiative in outcome.page
        if initiative.latitude is not None
    ]


def marker_image(image):
    """A small photo for the map popup (built with DOM nodes in static/js/map.js), or None."""
    chosen = best_rendition(image, POPUP_IMAGE_WIDTH) if image and image.renditions else None
    if not chosen:
        return None
    url, width, height = chosen
    return {"url": url, "width": width, "height": height, "alt": localized(image, "alt_text")}


def marker_label(initiative):
    """The marker's accessible name: what, where, how far."""
    parts = [initiative.title, initiative.place_name]
    if getattr(initiative, "distance_km", None) is not None:
        parts.append(km(initiative.distance_km))
    return ", ".join(part for part in parts if part)


def _published(slug):
    return get_object_or_404(
        Initiative.objects.published()
        .select_related("provider", "campus", "municipality", "image", "provider__image")
        .prefetch_related("themes", "target_groups", "languages"),
        slug=slug,
    )


@cache_public_response
def detail(request, slug):
    initiative = _published(slug)
    origin = _origin(request.GET.get("van", ""))
    sessions = list(Session.objects.upcoming().filter(initiative=initiative).with_seats_taken()[:20])
    marker = detail_marker(initiative)
    return render(
        request,
        "initiatives/detail.html",
        {
            "initiative": initiative,
            "sessions": sessions,
            "route_url": transit_route_url(initiative, origin),
            "origin": origin,
            "marker": marker,
            "markers": [marker] if marker else [],
            **map_context(),
        },
    )


def _origin(text):
    match = COORDINATES_RE.match(text)
    if not match:
        return None
    point = Point(float(match[1]), float(match[2]))
    return point if point.is_in_netherlands() else None


def detail_marker(initiative):
    if initiative.latitude is None or initiative.location_type == Initiative.LocationType.ONLINE:
        return None
    return {
        "title": initiative.venue_name or initiative.title,
        "lat": float(initiative.latitude),
        "lon": float(initiative.longitude),
    }


def transit_route_url(initiative, origin=None):
    """Google Maps public-transport directions to the venue (from the visitor's location when known)."""
    if initiative.location_type != Initiative.LocationType.VENUE:
        return ""
    address = ", ".join(
        part for part in (initiative.venue_name, initiative.address, initiative.postcode, initiative.place_name) if part
    )
    if not address and initiative.latitude is not None:
        address = f"{initiative.latitude},{initiative.longitude}"
    if not address:
        return ""
    params = {"api": "1", "destination": address, "travelmode": "transit"}
    if origin:
        params["origin"] = f"{origin.latitude:.5f},{origin.longitude:.5f}"
    return f"https://www.google.com/maps/dir/?{urlencode(params)}"


def ical(request, slug):
    """The initiative's upcoming sessions as an iCalendar file."""
    initiative = _published(slug)
    sessions = Session.objects.upcoming().filter(initiative=initiative)
    response = HttpResponse(
        sessions_calendar(initiative, sessions, request), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{slugify(initiative.slug)}.ics"'
    return response
