import csv
from functools import wraps

from django.core.paginator import InvalidPage
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

from . import serializers
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


def bad_request(message, errors=None):
    body = {"error": message}
    if errors:
        body["errors"] = errors
    return JsonResponse(body, status=400)


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
        return bad_request(_("Onbekend formaat. Kies json, geojson of csv."))
    try:
        page_number = _positive_int(request.GET.get("page"), 1)
        default_size = MAX_EXPORT_ROWS if output != "json" else PAGE_SIZE
        page_size = _positive_int(
            request.GET.get("page_size"), default_size, MAX_EXPORT_ROWS if output != "json" else MAX_PAGE_SIZE
        )
    except ValueError:
        return bad_request(
            _("page en page_size moeten positieve gehele getallen zijn (page_size hoogstens %(max)s).")
            % {"max": MAX_PAGE_SIZE}
        )
    data = request.GET.copy()
    data.pop("format", None)
    data.pop("lang", None)
    try:
        outcome = search_initiatives(data, page_number=page_number, page_size=page_size)
    except InvalidPage:
        return bad_request(_("Deze pagina bestaat niet."))
    if outcome.filterset.errors:
        errors = {field: [str(message) for message in messages] for field, messages in outcome.filterset.errors.items()}
        return bad_request(_("Ongeldige parameters."), errors)
    summaries = [serializers.initiative_summary(item, request, outcome.location) for item in outcome.page]
    if output == "geojson":
        return _geojson(outcome, summaries)
    if output == "csv":
        return _csv(summaries)
    return JsonResponse(
        {
            "count": outcome.count,
            "next": _page_url(request, outcome.page.next_page_number()) if outcome.page.has_next() else None,
            "previous": _page_url(request, outcome.page.previous_page_number())
            if outcome.page.has_previous()
            else None,
            "results": summaries,
        },
        json_dumps_params={"ensure_ascii": False},
    )


def _page_url(request, number):
    query = request.GET.copy()
    query["page"] = number
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def _geojson(outcome, summaries):
    body = {
        "type": "FeatureCollection",
        "count": outcome.count,
        "features": [serializers.geojson_feature(summary) for summary in summaries],
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
        return JsonResponse({"error": _("Dit initiatief bestaat niet of is niet gepubliceerd.")}, status=404)
    sessions = Session.objects.upcoming().filter(initiative=initiative).with_seats_taken()
    return JsonResponse(
        serializers.initiative_detail(initiative, sessions, request), json_dumps_params={"ensure_ascii": False}
    )


@require_safe
@api_language
@cache_public_response
def campus_list(request):
    campuses = Campus.objects.filter(is_active=True).select_related("municipality")
    results = [serializers.campus_json(campus, request) for campus in campuses]
    return JsonResponse({"count": len(results), "results": results}, json_dumps_params={"ensure_ascii": False})


@require_safe
@api_language
@cache_public_response
def school_list(request):
    """The school picker's one endpoint: branches matching q, nearest to ?initiative= first, else MRDH first."""
    query = request.GET.get("q", "").strip()
    if len(query) < 2:
        return bad_request(_("Geef minstens 2 tekens op in q."))
    near = Initiative.objects.published().filter(slug=request.GET.get("initiative", "")[:220]).first()
    schools = find_schools(query[:250], near=near and Point.of(near), suggest=True)[:MAX_SCHOOL_CANDIDATES]
    results = [serializers.school_json(school) for school in schools]
    return JsonResponse({"count": len(results), "results": results}, json_dumps_params={"ensure_ascii": False})


@require_safe
def schema(request):
    return JsonResponse(openapi_schema(request), json_dumps_params={"ensure_ascii": False, "indent": 2})
