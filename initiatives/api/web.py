"""The API's web layer (NL API Design Rules), as middleware around the views under /api/:

- the language of messages from `?lang=` or Accept-Language (the site's pages take it from the URL);
- an `API-Version` header and a `Link` to the licence on every response;
- `ETag` from the catalogue version, `304 Not Modified` on a matching `If-None-Match` (before the
  view computes anything), `Cache-Control` for the public reads;
- JSON problem details for 404, 405 and 500, whatever raised them.

CORS comes from django-cors-headers (settings: `CORS_URLS_REGEX`), gzip from `ScopedGZipMiddleware`.
"""

import hashlib
import logging
import time

from django.conf import settings
from django.http import HttpResponseNotModified
from django.middleware.gzip import GZipMiddleware
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import parse_etags
from django.utils.translation import gettext as _

from initiatives.caching import catalog_version

from .problems import PROBLEM_CONTENT_TYPE, problem_response

API_PREFIX = "/api/"
API_VERSION = "1.1.0"
request_logger = logging.getLogger("django.request")


def is_api(request):
    return request.path_info.startswith(API_PREFIX)


def api_etag(request):
    """A weak validator for a read: catalogue version, language, path and sorted query, and a time
    window (time-dependent content such as "next session" changes without a new version)."""
    window = int(time.time() // settings.API_ETAG_SECONDS)
    query = sorted((name, values) for name, values in request.GET.lists())
    key = repr((catalog_version(), window, translation.get_language(), request.path, query))
    return 'W/"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'


def requested_language(request):
    """`lang` (nl, en) when given, else the best match of Accept-Language, else Dutch."""
    codes = {code for code, _name in settings.LANGUAGES}
    asked = request.GET.get("lang", "")
    if asked in codes:
        return asked
    from django.utils.translation.trans_real import get_supported_language_variant, parse_accept_lang_header

    for code, _quality in parse_accept_lang_header(request.META.get("HTTP_ACCEPT_LANGUAGE", "")):
        try:
            return get_supported_language_variant(code)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


class ApiWebLayerMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_api(request):
            return self.get_response(request)
        translation.activate(requested_language(request))
        request.LANGUAGE_CODE = translation.get_language()
        etag = api_etag(request) if request.method in ("GET", "HEAD") else None
        if etag and _matches(request.META.get("HTTP_IF_NONE_MATCH", ""), etag):
            response = HttpResponseNotModified()
        else:
            response = self.get_response(request)
            response = self.as_problem(request, response)
        if etag and response.status_code in (200, 304):
            response["ETag"] = etag
            patch_cache_control(response, public=True, max_age=settings.API_CACHE_SECONDS)
        response["API-Version"] = API_VERSION
        response["Content-Language"] = translation.get_language()
        _add_link(response, f'<{settings.OPEN_DATA_LICENSE["url"]}>; rel="license"')
        patch_vary_headers(response, ("Accept-Language",))
        return response

    def process_exception(self, request, exception):
        if not is_api(request):
            return None
        from django.core.exceptions import PermissionDenied
        from django.http import Http404

        if isinstance(exception, Http404):
            return self.not_found(request)
        if isinstance(exception, PermissionDenied):
            return problem_response(403, _("Geen toegang."), request=request)
        request_logger.error(
            "Internal Server Error: %s",
            request.path,
            exc_info=exception,
            extra={"status_code": 500, "request": request},
        )
        return problem_response(
            500,
            _("Er ging iets mis aan onze kant."),
            detail=_("Probeer het later opnieuw. Blijft het misgaan, meld het dan."),
            request=request,
        )

    def as_problem(self, request, response):
        """A 404 or 405 that is not JSON yet (the URL resolver's, require_safe's) as a problem."""
        content_type = response.get("Content-Type", "")
        if response.status_code not in (404, 405) or "json" in content_type:
            return response
        if response.status_code == 404:
            return self.not_found(request)
        problem = problem_response(
            405,
            _("Deze methode is hier niet toegestaan."),
            detail=_("Gebruik %(methods)s.") % {"methods": response.get("Allow", "GET")},
            request=request,
        )
        problem["Allow"] = response.get("Allow", "GET, HEAD")
        return problem

    @staticmethod
    def not_found(request):
        return problem_response(
            404,
            _("Niet gevonden."),
            detail=_("Dit adres bestaat niet in de API. De beschrijving staat op /api/v1/openapi.json."),
            request=request,
        )


def _matches(header, etag):
    if not header:
        return False
    if header.strip() == "*":
        return True
    strip = lambda tag: tag.removeprefix("W/")  # noqa: E731 - weak comparison (RFC 9110 8.8.3.2)
    return strip(etag) in {strip(tag) for tag in parse_etags(header)}


def _add_link(response, value):
    existing = response.get("Link")
    response["Link"] = f"{existing}, {value}" if existing else value


class ScopedGZipMiddleware(GZipMiddleware):
    """gzip only for the open data (API, sitemap, calendar feeds): large, public and free of secrets.
    Pages with a CSRF token or personal data are not compressed (BREACH)."""

    COMPRESSED_PREFIXES = (API_PREFIX, "/sitemap.xml")
    COMPRESSED_SUFFIXES = (".ics",)

    def process_response(self, request, response):
        path = request.path_info
        if not (path.startswith(self.COMPRESSED_PREFIXES) or path.endswith(self.COMPRESSED_SUFFIXES)):
            return response
        if PROBLEM_CONTENT_TYPE in response.get("Content-Type", "") and response.status_code >= 400:
            return response  # small; may echo the request
        return super().process_response(request, response)
