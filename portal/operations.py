"""Operations endpoints: health for load balancers, robots.txt, and the load test's bare view."""

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


@never_cache
def health(request):
    """Liveness for load balancers: the database answers SELECT 1 (else 503) and the cache round-trips."""
    checks = {"database": _check(_database_ok), "cache": _check(_cache_ok)}
    if not checks["database"]["ok"]:
        status, code = "error", 503
    elif not checks["cache"]["ok"]:
        # Public pages still work without the cache; the server stays in the pool.
        status, code = "degraded", 200
    else:
        status, code = "ok", 200
    return JsonResponse({"status": status, "checks": checks}, status=code)


def _check(probe):
    started = time.perf_counter()
    try:
        probe()
    except Exception as error:  # noqa: BLE001 - any failure makes the check fail, and is logged
        logger.warning("health check %s failed: %s", probe.__name__, error)
        return {"ok": False, "error": type(error).__name__}
    return {"ok": True, "ms": round((time.perf_counter() - started) * 1000, 1)}


def _database_ok():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache_ok():
    key = f"health:{time.monotonic_ns()}"
    cache.set(key, "1", timeout=5)
    if cache.get(key) != "1":
        raise RuntimeError("cache did not return the value just set")
    cache.delete(key)


def bare(request):
    """A baseline for load tests: the full middleware stack, no database, no template."""
    return HttpResponse("ok", content_type="text/plain")


# Not for search engines: the admin, the coverage dashboard, operations, and booking links (forms and
# the signed links in e-mails), in every language.
ROBOTS_DISALLOWED = [
    "/admin/",
    "/beheer/",
    "/activiteiten/*/boeken/",
    "/activiteiten/boeken/",
    "/activiteiten/boeking/",
    "/account/",
]
ROBOTS_DISALLOWED_EVERYWHERE = ["/gezondheid/", "/healthz"]


def robots_txt(request):
    """Search engines may index the public pages, not the admin, the bookings or the operations endpoints."""
    prefixes = ["", *(f"/{code}" for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE)]
    disallowed = [prefix + path for prefix in prefixes for path in ROBOTS_DISALLOWED]
    lines = [
        "User-agent: *",
        *(f"Disallow: {path}" for path in disallowed + ROBOTS_DISALLOWED_EVERYWHERE),
        "",
        f"Sitemap: {settings.SITE_URL.rstrip('/')}/sitemap.xml",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
