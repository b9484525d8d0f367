"""Operations endpoints: health for load balancers, robots.txt, and the load test's bare view."""

import datetime
import logging
import time

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.db import connection
from django.db.models import Q
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django_tasks_db.models import DBTaskResult, get_date_max

from . import cache as failover

logger = logging.getLogger(__name__)


WORKER_LAG = datetime.timedelta(minutes=5)


@never_cache
def health(request):
    """Liveness for load balancers: the database answers SELECT 1 (else 503); the rest may be degraded.

    `degraded` names every part that works on a fallback or not at all: `cache` (public pages;
    Redis down means local memory), `rate_limits` (Redis down means the database), `task_queue`
    (tasks waiting for more than 5 minutes: no worker running?). Bookings and logins work in each case.
    """
    checks = {
        "database": _check(_database_ok),
        "cache": _check(_cache_ok, "default"),
        "rate_limits": _check(_cache_ok, "shared"),
    }
    if checks["database"]["ok"]:
        checks["task_queue"] = _check(_task_queue_ok)
    for name, alias in (("cache", "default"), ("rate_limits", "shared")):
        error = checks[name]["ok"] and alias in settings.CACHES and failover.fallback_error(caches[alias])
        if error:
            checks[name] = {**checks[name], "fallback": True, "error": error}
    degraded = [name for name, check in checks.items() if not check["ok"] or check.get("fallback")]
    if not checks["database"]["ok"]:
        status, code = "error", 503
    elif degraded:
        # Public pages, bookings and logins still work; the server stays in the pool.
        status, code = "degraded", 200
    else:
        status, code = "ok", 200
    return JsonResponse({"status": status, "degraded": degraded, "checks": checks}, status=code)


def _check(probe, *args):
    started = time.perf_counter()
    try:
        probe(*args)
    except Exception as error:  # noqa: BLE001 - any failure makes the check fail, and is logged
        logger.warning("health check %s%s failed: %s", probe.__name__, args or "", error)
        return {"ok": False, "error": type(error).__name__}
    return {"ok": True, "ms": round((time.perf_counter() - started) * 1000, 1)}


def _database_ok():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache_ok(alias):
    cache = caches[alias]
    if isinstance(cache, DatabaseCache):
        cache.get("health")  # the rate-limit table answers a read; writes would only load the database
        return
    key = f"health:{time.monotonic_ns()}"
    cache.set(key, "1", timeout=5)
    if cache.get(key) != "1":
        raise RuntimeError("cache did not return the value just set")
    cache.delete(key)


def _task_queue_ok():
    cutoff = timezone.now() - WORKER_LAG
    waiting = DBTaskResult.objects.ready().filter(
        Q(run_after=get_date_max(), enqueued_at__lt=cutoff) | Q(run_after__lt=cutoff)
    )
    if waiting.exists():
        raise RuntimeError("tasks have waited more than 5 minutes: is a worker running?")


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
