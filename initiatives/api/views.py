import csv
from functools import wraps

from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from campuses.geo import Point
from campuses.models import Campus
from campuses.schools import MAX_SCHOOL_CANDIDATES, find_schools
from initiatives.caching import cache_public_response
from initiatives.models import Initiative, Session
from initiatives.search import MAX_PAGE_SIZE, PAGE_SIZE, result_queryset, search_initiatives

from ..bookings.seats import with_seats_taken
from . import serializers
from .catalog import dataset_description
from .filters import ApiInitiativeFilter, SessionFilter
from .problems import bad_request, problem_response
from .schema import openapi_schema

FORMATS = ("json", "geojson", "csv")
API_LANGUAGES = ("nl", "en")


def api_language(view):
    """Answer in the language asked for: ?lang=en, else the Accept-Language header, else Dutch.
    (The API lives outside the /en/ prefix, where the locale middleware always picks Dutch.)"""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        asked = request.GET.get("lang", "")
        if asked not in API_LANGUAGES:
            asked = translation.get_language_from_request(request) if "HTTP_ACCEPT_LANGUAGE" in request.META else "nl"
        with translation.override(asked if asked in API_LANGUAGES else "nl"):
            response = view(request, *args, **kwargs)
        patch_vary_headers(response, ("Accept-Language",))
        return response

    return wrapped


MAX_EXPORT_ROWS = 5000


def _positive_int(value, default, maximum=None):
    """int(value) if 1 <= value (<= maximum), the default when empty; ValueError otherwise."""
    if value in (None, ""):
        return default
    number = int(value)
    if number < 1 or (maximum and number > maximum):
        raise ValueError(value)
    return number


@require_safe
@api_language
@cache_public_response
def initiative_list(request, format=None):
    """Published initiatives with the search page's filters, as JSON, GeoJSON or CSV."""
    output = format or request.GET.get("format") or "json"
    if output not in FORMATS:
        return bad_request(_("Onbekend formaat. Kies json, geojson of csv."), request=request)
    default_size, max_size = (PAGE_SIZE, MAX_PAGE_SIZE) if output == "json" else (MAX_EXPORT_ROWS, MAX_EXPORT_ROWS)
    try:
        page_number = _positive_int(request.GET.get("page"), 1)
        page_size = _positive_int(request.GET.get("page_size"), default_size, max_size)
    except ValueError:
        return _bad_page(request, max_size)
    data = request.GET.copy()
    data.pop("format", None)
    data.pop("lang", None)
    try:
        outcome = search_initiatives(
            data, page_number=page_number, page_size=page_size, filterset_class=ApiInitiativeFilter, result_urls=False
        )
    except InvalidPage:
        return bad_request(_("Deze pagina bestaat niet."), request=request)
    if outcome.filterset.errors:
        return bad_request(_("Ongeldige parameters."), outcome.filterset.errors, request=request)
    summaries = [serializers.initiative_summary(item, request, outcome.location) for item in outcome.page]
    if output == "geojson":
        response = _geojson(outcome, summaries)
    elif output == "csv":
        response = _csv(summaries)
    else:
        response = JsonResponse(
            {**_page_links(request, outcome.page), "results": summaries, **serializers.licence_json()},
            json_dumps_params={"ensure_ascii": False},
        )
    return _with_page_headers(response, request, outcome.page)


def _bad_page(request, max_size):
    return bad_request(
        _("page en page_size moeten positieve gehele getallen zijn (page_size hoogstens %(max)s).") % {"max": max_size},
        {"page_size": [_("Een geheel getal van 1 tot en met %(max)s.") % {"max": max_size}]},
        request=request,
    )


def _page_links(request, page):
    return {
        "count": page.paginator.count,
        "next": _page_url(request, page.next_page_number()) if page.has_next() else None,
        "previous": _page_url(request, page.previous_page_number()) if page.has_previous() else None,
    }


def _with_page_headers(response, request, page):
    """The total and, when the list is cut off, the next and previous pages as Link headers (RFC 8288):
    the only place a CSV file can say so."""
    response["X-Total-Count"] = str(page.paginator.count)
    links = _page_links(request, page)
    response["Link"] = ", ".join(
        f'<{links[rel]}>; rel="{rel}"' for rel in ("next", "previous") if links[rel] is not None
    )
    if not response["Link"]:
        del response["Link"]
    return response


def _page_url(request, number):
    query = request.GET.copy()
    query["page"] = number
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def _geojson(outcome, summaries):
    body = {
        "type": "FeatureCollection",
        "count": outcome.count,
        "features": [serializers.geojson_feature(summary) for summary in summaries],
        **serializers.licence_json(),
    }
    return JsonResponse(body, content_type="application/geo+json", json_dumps_params={"ensure_ascii": False})


def _csv(summaries):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="techniek-dichtbij-activiteiten.csv"'
    response.write("\ufeff")  # Excel recognises UTF-8 by the byte order mark
    writer = csv.writer(response)
    writer.writerow(serializers.CSV_COLUMNS)
    writer.writerows(serializers.csv_row(summary) for summary in summaries)
    return response


@require_safe
@api_language
@cache_public_response
def initiative_detail(request, slug):
    try:
        initiative = get_object_or_404(result_queryset(full=True).select_related("campus"), slug=slug)
    except Http404:
        return problem_response(
            404, _("Niet gevonden."), detail=_("Dit initiatief bestaat niet of is niet gepubliceerd."), request=request
        )
    sessions = with_seats_taken(Session.objects.upcoming().filter(initiative=initiative))
    return JsonResponse(
        serializers.initiative_detail(initiative, sessions, request), json_dumps_params={"ensure_ascii": False}
    )


@require_safe
@api_language
@cache_public_response
def campus_list(request):
    campuses = Campus.objects.filter(is_active=True).select_related("municipality")
    results = [serializers.campus_json(campus, request) for campus in campuses]
    return JsonResponse(
        {"count": len(results), "results": results, **serializers.licence_json()},
        json_dumps_params={"ensure_ascii": False},
    )


@require_safe
@api_language
@cache_public_response
def school_list(request):
    """The school picker's one endpoint: branches matching q (name, place, street, code), nearest to
    ?initiative= first; only the MRDH region's branches when any match there, unless ?regio=alle."""
    query = request.GET.get("q", "").strip()
    if len(query) < 2:
        return bad_request(_("Geef minstens 2 tekens op in q."), request=request)
    near = Initiative.objects.published().filter(slug=request.GET.get("initiative", "")[:220]).first()
    everywhere = request.GET.get("regio") == "alle"
    schools = find_schools(query[:250], near=near and Point.of(near), suggest=True, everywhere=everywhere)
    schools = schools[:MAX_SCHOOL_CANDIDATES]
    results = [serializers.school_json(school) for school in schools]
    return JsonResponse({"count": len(results), "results": results}, json_dumps_params={"ensure_ascii": False})


@require_safe
def schema(request):
    return JsonResponse(openapi_schema(request), json_dumps_params={"ensure_ascii": False, "indent": 2})


@require_safe
@cache_public_response
def session_list(request):
    """Sessions (cancelled ones too) from start (default: now) to end, of the initiatives that match
    the same filters as /initiatives/; ordered by start unless sort says otherwise."""
    try:
        page_number = _positive_int(request.GET.get("page"), 1)
        page_size = _positive_int(request.GET.get("page_size"), PAGE_SIZE, MAX_PAGE_SIZE)
    except ValueError:
        return _bad_page(request, MAX_PAGE_SIZE)
    own = {name: request.GET[name] for name in SessionFilter.OWN if name in request.GET}
    initiative_data = request.GET.copy()
    for name in (*SessionFilter.OWN, "page", "page_size"):
        initiative_data.pop(name, None)
    initiatives = ApiInitiativeFilter(initiative_data, queryset=Initiative.objects.published())
    sessions = SessionFilter(own, initiative_filter=initiatives)
    errors = {**initiatives.errors, **sessions.errors}
    if errors:
        return bad_request(_("Ongeldige parameters."), errors, request=request)
    queryset = with_seats_taken(sessions.qs.select_related("initiative__provider"))
    try:
        page = Paginator(queryset, page_size).page(page_number)
    except InvalidPage:
        return bad_request(_("Deze pagina bestaat niet."), request=request)
    results = [serializers.session_listing(session, request, initiatives.location) for session in page]
    response = JsonResponse(
        {**_page_links(request, page), "results": results, **serializers.licence_json()},
        json_dumps_params={"ensure_ascii": False},
    )
    return _with_page_headers(response, request, page)


@require_safe
@cache_public_response
def root(request):
    """The API's entry point: a DCAT description of the dataset, its endpoints and licence."""
    return JsonResponse(dataset_description(request), json_dumps_params={"ensure_ascii": False, "indent": 2})
