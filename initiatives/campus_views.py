from django.core.paginator import InvalidPage
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from campuses.models import Campus
from portal.maps import map_context

from .caching import cache_public_response
from .search import CARD_RELATIONS, search_initiatives


@cache_public_response
def campus_list(request):
    campuses = Campus.objects.filter(is_active=True).select_related("municipality")
    markers = [
        {
            "title": campus.name,
            "label": campus.name,
            "url": campus.get_absolute_url(),
            "lat": float(campus.latitude),
            "lon": float(campus.longitude),
        }
        for campus in campuses
    ]
    return render(request, "campuses/list.html", {"campuses": campuses, "markers": markers, **map_context()})


@cache_public_response
def detail(request, slug):
    """A campus and the offer within its radius (the search, centred on the campus)."""
    campus = get_object_or_404(Campus.objects.filter(is_active=True).select_related("municipality"), slug=slug)
    data = request.GET.copy()
    data["near"] = f"{campus.latitude},{campus.longitude}"
    data["radius_km"] = str(campus.radius_km)
    data.setlist("location_type", data.getlist("location_type") or ["venue", "at_school"])
    try:
        outcome = search_initiatives(data, page_number=request.GET.get("page") or 1, relations=CARD_RELATIONS)
    except InvalidPage as error:
        raise Http404(str(error)) from error
    marker = {"title": campus.name, "label": campus.name, "lat": float(campus.latitude), "lon": float(campus.longitude)}
    return render(
        request, "campuses/detail.html", {"campus": campus, "outcome": outcome, "markers": [marker], **map_context()}
    )
