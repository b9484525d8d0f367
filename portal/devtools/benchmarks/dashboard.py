"""Benchmark: the coverage dashboard with 20,000 initiatives and all Dutch school branches.

The offer and the reference data (schools, campuses) come from the shared seeder
(`scale.ensure_scale_data`), so this part also runs on its own (`make bench BENCH=dashboard`).
"""

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from campuses.models import Campus, School
from initiatives.models import Initiative
from portal.devtools.benchmarks import measure

from .scale import ensure_scale_data

PAGES = (
    ("dashboard, first campus", "/beheer/dekking/"),
    ("dashboard, RDM campus, 5 km", "/beheer/dekking/?campus=rdm-campus&afstand=5"),
    ("export of the white spots (xlsx)", "/beheer/dekking/export/white_spots.xlsx"),
)


def run(report):
    report.section("Coverage dashboard")
    ensure_scale_data(stdout=report.out)
    report.row("initiatives (published)", Initiative.objects.published().count())
    report.row("school branches", School.objects.count())
    report.row("active campuses", Campus.objects.filter(is_active=True).count())
    user, _ = get_user_model().objects.get_or_create(
        username="bench-coordinator", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)
    bare_median, bare_p95 = measure(lambda: client.get(reverse("loadtest-bare")), repeat=30)
    report.timing("bare view", bare_median, bare_p95)
    for label, url in PAGES:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)  # noqa: S101 - a broken bench must stop
        median, p95 = measure(lambda url=url: client.get(url), repeat=30)
        report.timing(f"{label} (cached figures)", median, p95, bare_median)
        median, p95 = measure(lambda url=url: (cache.clear(), client.get(url)), repeat=5, warmup=1)
        report.timing(f"{label} (cold: computed)", median, p95, bare_median)
