"""Site-wide middleware: request ids, input size limits, Permissions-Policy."""

import re
import uuid

from django.conf import settings
from django.http import HttpResponse, QueryDict
from django.utils.translation import gettext

from .log import request_id_var

# Accept a proxy's request id only when it looks like one (it ends up in every log line).
REQUEST_ID_PATTERN = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def client_ip(request):
    """The client's IP: the address NUM_PROXIES hops back in X-Forwarded-For, else REMOTE_ADDR."""
    hops = settings.NUM_PROXIES
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if hops and len(forwarded) >= hops:
        return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "")


class RequestIdMiddleware:
    """Give every request an id (the proxy's X-Request-ID if sane), for logs and the response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request.id = incoming if REQUEST_ID_PATTERN.match(incoming) else uuid.uuid4().hex
        token = request_id_var.set(request.id)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response["X-Request-ID"] = request.id
        return response


class RequestSizeGuardMiddleware:
    """Reject oversized input before anything parses it: 414 for a long query string, 413 for a big body.

    Django itself limits form fields (DATA_UPLOAD_MAX_*), but not uploaded files or the query
    string; a search or API URL never needs more than a few hundred characters.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if len(request.META.get("QUERY_STRING", "")) > settings.MAX_QUERY_STRING_LENGTH:
            if request.path.startswith("/api/"):
                message = gettext("Deze zoekvraag is te lang. Maak hem korter en probeer het opnieuw.")
                return self.reject(request, 414, message)
            # A page: served as if nothing was asked, with a message (templates/base.html), never cached.
            request.META["QUERY_STRING"] = ""
            request.GET = QueryDict()
            request.query_too_long = True
            response = self.get_response(request)
            response.status_code = 414
            return response
        # Parse the query string now: more than DATA_UPLOAD_MAX_NUMBER_FIELDS fields fails here (400),
        # also on pages that never read request.GET.
        request.GET  # noqa: B018
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BODY_BYTES:
            return self.reject(request, 413, gettext("Dit bestand of formulier is te groot om te versturen."))
        return self.get_response(request)

    @staticmethod
    def reject(request, status, message):
        if request.path.startswith("/api/"):
            from initiatives.api.problems import problem_response

            return problem_response(status, message)
        return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


class PermissionsPolicyMiddleware:
    """Send the Permissions-Policy header built from settings.PERMISSIONS_POLICY."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(origins)})" for feature, origins in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.header)
        return response
