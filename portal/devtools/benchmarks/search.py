"""Search page and API at scale (20,000 initiatives), next to a bare Django view."""

import os
import statistics
import time

from django.conf import settings
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from . import baseline, measure
from .scale import ensure_scale_data

# What a computed search reads from memory instead of the database (portal.cache.versioned): small
# constant data, forgotten when the catalogue changes. Results, facets and HTML are always computed.
MEMOIZED = (
    "vocabulary lists (themes, target groups, languages, campuses; the results' terms are theirs), the site "
    "menu, and the postcodes and place names the location box resolves"
)

FILTERS = "near=3011&radius_km=10&po_group=6&target_group=leerlingen&location_type=venue&location_type=at_school"


def run(report):
    report.section("search (20,000 initiatives, 80,000 sessions; postcode 3011, 10 km, 3 filters)")
    total = ensure_scale_data(stdout=report.out)
    client = Client()
    urls = {
        "bare Django view": reverse("loadtest-bare"),
        "search page": f"{reverse('initiatives:search')}?{FILTERS}",
        "API /api/v1/initiatives/": f"{reverse('api:initiatives')}?{FILTERS}",
    }
    for label, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, (label, response.status_code)
    report.row("bench initiatives in the database", f"{total}")
    results = client.get(urls["API /api/v1/initiatives/"]).json()["count"]
    report.row("results for the benchmark query", f"{results}")
    for label in ("search page", "API /api/v1/initiatives/"):
        with override_settings(PUBLIC_CACHE_SECONDS=0), CaptureQueriesContext(connection) as queries:
            client.get(urls[label])
        report.row(f"queries per request (computed): {label}", f"{len(queries)}")
    report.row("load average (1 min) before timing", f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    bare_median, bare_p95 = measure(lambda: client.get(urls["bare Django view"]), repeat=60)
    report.timing("bare Django view", bare_median, bare_p95)
    report.row("public response cache (PUBLIC_CACHE_SECONDS)", f"{settings.PUBLIC_CACHE_SECONDS} s")
    report.row("memoized per catalogue version (also when computed)", MEMOIZED)
    summary = {}
    for label in ("search page", "API /api/v1/initiatives/"):
        url = urls[label]
        served, p95 = measure(lambda url=url: client.get(url), repeat=60)
        report.timing(f"{label} (as served: cached response)", served, p95, bare_median)
        verdict = "OK" if served <= 3 * bare_median and p95 < 100 else "MISSED"
        report.row(f"  target (<= 3x bare, p95 < 100 ms): {label}", verdict)
        with override_settings(PUBLIC_CACHE_SECONDS=0):
            computed, p95 = measure(lambda url=url: client.get(url), repeat=60)
            report.timing(f"{label} (computed: cache off)", computed, p95, bare_median)
            verdict = "OK" if p95 < 100 else "MISSED"
            report.row(f"  p95 < 100 ms when computed: {label}", verdict)
            cpu = _cpu_ms(client, url)
            report.row(f"  CPU time in the app process (median, computed): {label}", f"{cpu:.2f} ms")
        summary[label] = (computed, served, cpu)
    report.section("search summary (medians; ratios to the bare view measured in this run)")
    columns = ("computed", "as served", "bare view", "computed/bare", "served/bare", "CPU")
    report.row("", " ".join(f"{name:>{width}}" for name, width in zip(columns, (10, 10, 10, 14, 12, 8), strict=True)))
    for label, (computed, served, cpu) in summary.items():
        report.row(
            label,
            f"{computed:8.2f}ms {served:8.2f}ms {bare_median:8.2f}ms {computed / bare_median:13.1f}x"
            f" {served / bare_median:11.2f}x {cpu:6.2f}ms",
        )

    if os.environ.get("BENCH_BASELINE"):
        baseline.run(report, os.environ["BENCH_BASELINE"], FILTERS)


def _cpu_ms(client, url, repeat=20):
    """Median CPU time of this process per request: Django's own work, whatever the machine's load."""
    timings = []
    for _ in range(repeat):
        started = time.process_time()
        client.get(url)
        timings.append((time.process_time() - started) * 1000)
    return statistics.median(timings)
