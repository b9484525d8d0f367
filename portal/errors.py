"""Branded, bilingual error pages that say what to do next (handler404/403/500 and the CSRF failure view)."""

import logging

from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

# Signed booking links (initiatives/urls.py): a broken or expired one gets its own explanation.
BOOKING_LINK_ROUTES = {"booking", "booking-cancel"}


def _json_or_page(request, template, status, context=None):
    if request.path.startswith("/api/"):
        # The API answers every error as RFC 9457 problem details (initiatives/api/problems.py).
        from initiatives.api.problems import problem_response

        messages = {404: _("Dit bestaat niet."), 403: _("Dit mag je niet bekijken."), 500: _("Er ging iets mis.")}
        return problem_response(status, messages.get(status, _("Er ging iets mis.")), request=request)
    return render(request, template, context or {}, status=status)


def page_not_found(request, exception=None):
    match = getattr(request, "resolver_match", None)
    booking_link = match is not None and match.url_name in BOOKING_LINK_ROUTES
    return _json_or_page(request, "errors/404.html", 404, {"booking_link": booking_link})


def permission_denied(request, exception=None):
    return _json_or_page(request, "errors/403.html", 403)


def server_error(request):
    """The 500 page; when even that cannot be rendered (the database or a template is the problem), plain text."""
    try:
        return _json_or_page(request, "errors/500.html", 500)
    except Exception:  # noqa: BLE001 - the error page itself must never fail
        logger.exception("the 500 page could not be rendered")
        return HttpResponse(
            "Er ging iets mis aan onze kant. Probeer het over een paar minuten opnieuw. / "
            "Something went wrong on our side. Please try again in a few minutes.",
            status=500,
            content_type="text/plain; charset=utf-8",
        )


def csrf_failure(request, reason=""):
    """A form sent without a valid security token: usually an old tab or blocked cookies."""
    back = request.path if request.path.startswith("/") and not request.path.startswith("//") else "/"
    template = loader.get_template("errors/csrf.html")
    return HttpResponse(template.render({"back": back}, request), status=403)
