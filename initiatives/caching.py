"""Whole-response caching of the public pages (home, parents, teachers, search, detail, campuses, API).

Only anonymous reads are cached: GET/HEAD without a session or messages cookie, answered with
200 and without setting a cookie, using a CSRF token or a CSP nonce. The key holds:

- the catalogue version (`portal.cache.catalog_version()`), raised after every committed change to the
  offer, its sessions and bookings, its vocabularies and the campuses (signals below, plus an
  explicit `bump_catalog_version()` after bulk writes that send no signals). Because it lives in
  the database, every app server sees a change at once, shared cache or not;
- the last scheduled content moment that has passed (`portal.pages.scheduling`), so a page
  scheduled to go live or offline is computed afresh at that moment without a worker;
- the language, scheme and host (the API returns absolute URLs), path and query string, with
  the query's parameters sorted.

`PUBLIC_CACHE_SECONDS` bounds how long time-dependent content (the next session, "bookable now")
can lag; 0 switches the cache off. Each process re-reads the version at most once every
`VERSION_MEMO_SECONDS`, and at once after it made a change itself.
"""

import hashlib
import logging
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

from portal.cache import bump_catalog_version, catalog_version

CACHEABLE_STATUS = 200
# Response headers a view sets that belong to the content; middleware adds the rest on every request.
STORED_HEADERS = ("Content-Type", "Content-Disposition", "Content-Language", "Cache-Control", "Link", "X-Total-Count")

logger = logging.getLogger(__name__)


def connect_signals():
    """Every model a public page shows: a save or delete raises the catalogue version."""
    from campuses.models import Campus, Municipality, Place, PlaceAlias, PostcodeArea, VmboProfile

    from .bookings.models import Booking, BusEligibilityRule, BusRequest
    from .models import Initiative, Language, Provider, Session, TargetGroup, Theme

    # VmboProfile (the "hard" flags) and BusRequest only change the coverage dashboard, which is
    # cached on the same version. Places, their aliases (coordinators add them in the admin), municipalities
    # and postcodes decide what the location box finds (campuses/location.py memoizes it per version).
    for model in (
        Initiative,
        Session,
        Booking,
        Provider,
        Theme,
        TargetGroup,
        Language,
        Campus,
        VmboProfile,
        BusRequest,
        BusEligibilityRule,
        Place,
        PlaceAlias,
        Municipality,
        PostcodeArea,
    ):
        post_save.connect(bump_catalog_version, sender=model, dispatch_uid=f"catalog-save-{model._meta.label}")
        post_delete.connect(bump_catalog_version, sender=model, dispatch_uid=f"catalog-delete-{model._meta.label}")
    for relation in (Initiative.themes, Initiative.target_groups, Initiative.languages):
        through = relation.through
        m2m_changed.connect(bump_catalog_version, sender=through, dispatch_uid=f"catalog-m2m-{through._meta.label}")


def cache_public_response(view):
    """Serve anonymous reads of the view from the cache (see the module's docstring)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        seconds = settings.PUBLIC_CACHE_SECONDS
        if not seconds or not _is_anonymous_read(request):
            return view(request, *args, **kwargs)
        key = response_key(request)
        stored = _cache_call(cache.get, key)
        if stored is not None:
            return _thaw(stored)
        response = view(request, *args, **kwargs)
        if _can_store(request, response):
            _cache_call(cache.set, key, _freeze(response), seconds)
        return response

    return wrapped


def _cache_call(method, *args):
    """A cache get/set that never fails the request: without the cache the page is computed."""
    try:
        return method(*args)
    except Exception:  # noqa: BLE001 - any backend error (Redis down, timeout) means "no cache"
        logger.warning("public response cache unavailable", exc_info=True)
        return None


def _is_anonymous_read(request):
    cookies = request.COOKIES
    return (
        request.method in ("GET", "HEAD")
        and not getattr(request, "query_too_long", False)
        and settings.SESSION_COOKIE_NAME not in cookies
        and getattr(settings, "MESSAGES_COOKIE_NAME", "messages") not in cookies
    )


def response_key(request):
    from portal.pages.scheduling import schedule_epoch

    query = sorted((name, values) for name, values in request.GET.lists())
    version = catalog_version()
    parts = repr(
        (
            version,
            schedule_epoch(version),
            get_language(),
            request.scheme,
            request.get_host(),
            request.path,
            query,
            request.method,
        )
    )
    return "public-response:" + hashlib.sha256(parts.encode()).hexdigest()


def _can_store(request, response):
    """Only what is the same for every anonymous visitor: no cookie, CSRF token, nonce or session change."""
    session = getattr(request, "session", None)
    return (
        response.status_code == CACHEABLE_STATUS
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and getattr(request, "_csp_nonce", None) is None
        and not (session is not None and session.modified)
    )


def _freeze(response):
    headers = {name: response[name] for name in STORED_HEADERS if response.has_header(name)}
    return (response.status_code, headers, response.content)


def _thaw(stored):
    status, headers, content = stored
    response = HttpResponse(content, status=status, headers=headers)
    # As the computed page says (it read the session): a signed-in visitor would get another page.
    patch_vary_headers(response, ("Cookie",))
    return response
