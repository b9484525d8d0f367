from decimal import Decimal
from urllib.parse import urlencode

from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect, HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.formats import number_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from campuses.geo import Point
from campuses.location import COORDINATES_RE, display_place_name
from portal.i18n import localized
from portal.maps import map_context
from portal.pages.images import best_rendition

from .bookings.bus_check import detail_bus_check
from .bookings.seats import with_seats_taken
from .caching import cache_public_response
from .filters import PRACTICE_LEVEL_HELP, RADIUS_CHOICES, InitiativeFilter, with_current_parameters
from .ical import feed_sessions, write_calendar
from .models import Initiative, Session
from .search import (
    CARD_RELATIONS,
    MAX_BACK_QUERY,
    PAGE_SIZE,
    active_filter_chips,
    alternatives,
    clear_filters_query,
    count_matches,
    filter_panel,
    online_query,
    search_initiatives,
)
from .structured_data import initiative_graph
from .templatetags.initiative_tags import comes_to_school, km

POPUP_IMAGE_WIDTH = 320


@cache_public_response
def search(request):
    """The search page: the location box, filters, results list and map."""
    current = with_current_parameters(request.GET)
    if current is not request.GET:  # an older link: the same search under today's parameters
        return HttpResponsePermanentRedirect(f"{request.path}?{current.urlencode()}")
    try:
        outcome = search_initiatives(
            request.GET,
            page_number=request.GET.get("page") or 1,
            with_facets=True,
            relations=CARD_RELATIONS,
            back_query=request.GET.urlencode(),
        )
    except InvalidPage:
        return HttpResponseRedirect(existing_page_url(request))
    panel = filter_panel(outcome.filterset, outcome.facets)
    chips = active_filter_chips(request.GET, panel)
    empty = not outcome.location_failed and outcome.count == 0
    return render(
        request,
        "initiatives/search.html",
        {
            "outcome": outcome,
            "filter": outcome.filterset,
            "form": outcome.filterset.form,
            "panel": panel,
            "chips": chips,
            "filter_errors": filter_errors(outcome.filterset.form, panel),
            "clear_query": clear_filters_query(request.GET),
            "alternatives": alternatives(request.GET, outcome, chips) if empty else [],
            "online_query": online_query(request.GET),
            "point": request.GET.get("point", "")[:40]
            if getattr(outcome.location, "kind", "") == "coordinates"
            else "",
            "markers": map_markers(outcome),
            "practice_levels": PRACTICE_LEVEL_HELP,
            "searched": bool(request.GET),
            **location_box_context(outcome.filterset),
            **map_context(),
        },
    )


def existing_page_url(request):
    """Where a page number that does not exist (an old bookmark, a typo) leads: the same search on its last
    page when the number is past the end, else on the first."""
    query = request.GET.copy()
    number = query.pop("page", [""])[-1]
    if number.isascii() and number.isdigit() and int(number) > 1:  # not "²": a digit int() refuses
        last = Paginator(range(count_matches(query)), PAGE_SIZE).num_pages  # as search_initiatives pages
        if last > 1:
            query["page"] = str(last)
    return f"{request.path}?{query.urlencode()}" if query else request.path


def filter_errors(form, panel):
    """The search form's errors for the summary at the top of the page, in the form's order: each with its
    field's label (a stale link's "Selecteer een geldige keuze" does not say which filter) and the id of the
    control that fixes it. None when only the place is wrong: the location box at the top says so, with its
    suggestions, and has the focus."""
    if not set(form.errors) - {"near"}:
        return []
    errors = []
    for name in (name for name in form.fields if name in form.errors):
        item = panel.get(name)
        target = f"{item.id}_0" if item and item.kind == "checkboxes" else form[name].id_for_label
        # The location box's messages name the place already ("We kennen postcode 9999 niet").
        label = "" if name == "near" else form.fields[name].label
        errors += [{"label": label, "message": message, "target": target} for message in form.errors[name]]
    return errors


def location_box_context(filterset):
    selected = format(filterset.search_radius_km.normalize(), "f")
    return {"radius_choices": radius_choices(selected), "selected_radius": selected}


def radius_choices(selected):
    """The radius options; a radius from a link that is not among them (7 km) joins them in its place,
    so that the box shows the radius the results are for."""
    if any(str(value) == selected for value, _label in RADIUS_CHOICES):
        return RADIUS_CHOICES
    extra = (selected, f"{number_format(Decimal(selected))} km")
    return sorted([*RADIUS_CHOICES, extra], key=lambda choice: Decimal(str(choice[0])))


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
            "place": marker_place(initiative),
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


def marker_place(initiative):
    """Where, as the card says it: the place, or for a school visit that it comes to school (its pin is the
    provider's base, not a place to go to)."""
    if initiative.location_type == Initiative.LocationType.AT_SCHOOL:
        return comes_to_school(initiative)
    return display_place_name(initiative.place_name)


def marker_label(initiative):
    """The marker's accessible name: what, where, how far (only to a place the visitor goes to)."""
    parts = [initiative.title, marker_place(initiative)]
    goes_there = initiative.location_type == Initiative.LocationType.VENUE
    if goes_there and getattr(initiative, "distance_km", None) is not None:
        parts.append(km(initiative.distance_km))
    return ", ".join(part for part in parts if part)


def _published(slug):
    return get_object_or_404(
        Initiative.objects.published()
        .select_related("provider", "campus", "municipality", "image", "provider__image")
        .prefetch_related("themes", "target_groups", "languages"),
        slug=slug,
    )


MAX_LISTED_SESSIONS = 20
CALENDAR_CACHE_SECONDS = 3600  # calendar apps refresh subscriptions every few hours anyway


@cache_public_response
def detail(request, slug):
    initiative = _published(slug)
    origin = _origin(request.GET.get("van", ""))
    # Through the relation: each session knows its initiative without a query.
    upcoming = with_seats_taken(initiative.sessions.filter(starts_at__gte=timezone.now()).order_by("starts_at"))
    listed = list(upcoming[:MAX_LISTED_SESSIONS])
    sessions = [session for session in listed if not session.is_cancelled]
    marker = detail_marker(initiative)
    return render(
        request,
        "initiatives/detail.html",
        {
            "initiative": initiative,
            "sessions": sessions,
            # Cancelled dates stay in the structured data (EventCancelled) so search engines drop them.
            "structured_data": initiative_graph(initiative, listed),
            "route_url": transit_route_url(initiative, origin),
            "origin": origin,
            "back_url": _back_url(request.GET.get("terug", "")),
            "marker": marker,
            "markers": [marker] if marker else [],
            **map_context(),
            **detail_bus_check(request, initiative),
        },
    )


def _back_url(query):
    """The search the visitor came from (only ever our own search page, whatever `terug` holds)."""
    if not query or len(query) > MAX_BACK_QUERY:
        return ""
    return f"{reverse('initiatives:search')}?{QueryDict(query).urlencode()}"


def _origin(text):
    match = COORDINATES_RE.match(text)
    if not match:
        return None
    point = Point(float(match[1]), float(match[2]))
    return point if point.is_in_netherlands() else None


def detail_marker(initiative):
    """The detail page's map pin: only for a place to go to. A school visit takes place at the school; a pin
    at the provider's base would send people there (the page says which schools it reaches)."""
    if initiative.latitude is None or initiative.location_type != Initiative.LocationType.VENUE:
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


@cache_public_response
def ical(request, slug):
    """The initiative's calendar feed (subscribe with webcal://), or one date with ?sessie=<id>."""
    initiative = _published(slug)
    sessions = Session.objects.filter(initiative=initiative)
    filename = slugify(initiative.slug)
    one = request.GET.get("sessie", "")
    if one:
        session = get_object_or_404(sessions, pk=one) if one.isdigit() else None
        if session is None:
            raise Http404
        sessions = [session]
        filename = f"{filename}-{timezone.localtime(session.starts_at):%Y-%m-%d}"
    else:
        sessions = feed_sessions(sessions)
    text = write_calendar(
        name=f"{initiative.title} · Techniek Dichtbij",
        sessions=sessions,
        page_url=lambda item: request.build_absolute_uri(item.get_absolute_url()),
        feed=not one,
    )
    return _calendar_response(text, filename)


@cache_public_response
def search_ical(request):
    """A saved search as a calendar feed: the sessions of the initiatives that match its filters."""
    filterset = InitiativeFilter(request.GET, queryset=Initiative.objects.published())
    if filterset.errors:
        raise Http404
    sessions = feed_sessions(Session.objects.filter(initiative__in=filterset.qs.values("pk")))
    place = filterset.location.label if filterset.location else ""
    name = (
        _("Techniek Dichtbij: activiteiten bij %(place)s") % {"place": place}
        if place
        else _("Techniek Dichtbij: activiteiten")
    )
    text = write_calendar(
        name=name,
        sessions=sessions,
        page_url=lambda item: request.build_absolute_uri(item.get_absolute_url()),
        feed=True,
        description=request.build_absolute_uri(reverse("initiatives:search") + "?" + request.GET.urlencode()),
    )
    return _calendar_response(text, "techniek-dichtbij-zoekopdracht")


def _calendar_response(text, filename):
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.ics"'
    patch_cache_control(response, public=True, max_age=CALENDAR_CACHE_SECONDS)
    return response
