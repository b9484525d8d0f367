"""Staff preview: a draft or a proposed change rendered with the public detail template, marked as preview."""

from django.shortcuts import render

from portal.maps import map_context

from ..bookings.seats import with_seats_taken
from ..models import Session
from ..views import detail_marker, transit_route_url


def render_preview(request, initiative, label, change=None):
    """The public detail page for initiative (saved or proposed), never cached and never indexed."""
    sessions = list(with_seats_taken(Session.objects.upcoming().filter(initiative_id=initiative.pk))[:20])
    marker = detail_marker(initiative)
    response = render(
        request,
        "initiatives/detail.html",
        {
            "initiative": initiative,
            "sessions": sessions,
            "route_url": transit_route_url(initiative),
            "origin": None,
            "marker": marker,
            "markers": [marker] if marker else [],
            "preview": label,
            "preview_change": change,
            **map_context(),
        },
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    return response
