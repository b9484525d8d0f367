"""Benchmark: the coverage dashboard with 20,000 initiatives and all Dutch school branches.

Schools come from `load_reference_data`; the initiatives are synthetic (slug prefix `bench-`,
is_demo=True), spread over Zuid-Holland and created only when absent.
"""

import datetime
import random
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import path
from django.utils import timezone

from campuses.models import Campus, School
from initiatives.models import Initiative, Provider, Session, TargetGroup, Theme
from portal import urls as site_urls
from portal.benchmarks import measure

INITIATIVES = 20_000
PREFIX = "bench-"


def bare(request):
    return HttpResponse("ok")


# The bench runs against this URLconf: the site's, plus a bare view as the baseline.
urlpatterns = [path("bench-bare/", bare), *site_urls.urlpatterns]


def _coordinate(rng, low, high):
    return Decimal(str(round(rng.uniform(low, high), 6)))


@transaction.atomic
def ensure_initiatives(count=INITIATIVES):
    """Create `count` published bench initiatives around Zuid-Holland unless they exist already."""
    existing = Initiative.objects.filter(slug__startswith=PREFIX).count()
    if existing >= count:
        return existing
    rng = random.Random(6)  # noqa: S311 - synthetic data, not security
    providers = [
        Provider.objects.get_or_create(
            slug=f"{PREFIX}provider-{n}", defaults={"name": f"Bench aanbieder {n}", "is_demo": True}
        )[0]
        for n in range(200)
    ]
    kinds = (
        [Initiative.LocationType.VENUE] * 15
        + [Initiative.LocationType.AT_SCHOOL] * 3
        + [Initiative.LocationType.ONLINE]
    )
    new = []
    for n in range(existing, count):
        kind = rng.choice(kinds)
        has_point = kind != Initiative.LocationType.ONLINE
        po, vo = rng.random() < 0.4, rng.random() < 0.7
        new.append(
            Initiative(
                title=f"Bench-activiteit {n}",
                slug=f"{PREFIX}{n}",
                summary="Synthetische activiteit voor de benchmark.",
                provider=providers[n % len(providers)],
                po_group_from=5 if po else None,
                po_group_to=8 if po else None,
                vo_year_from=1 if vo or not po else None,
                vo_year_to=3 if vo or not po else None,
                for_vmbo=rng.random() < 0.5,
                for_havo=rng.random() < 0.4,
                for_vwo=rng.random() < 0.3,
                activity_type=rng.choice(Initiative.ActivityType.values),
                practice_level=rng.randint(1, 4),
                location_type=kind,
                latitude=_coordinate(rng, 51.75, 52.25) if has_point else None,
                longitude=_coordinate(rng, 3.95, 4.75) if has_point else None,
                service_radius_km=Decimal(rng.choice([5, 10, 15, 25])) if kind == "at_school" else None,
                is_family_activity=rng.random() < 0.1,
                status=Initiative.Status.PUBLISHED,
                is_demo=True,
            )
        )
    created = Initiative.objects.bulk_create(new, batch_size=2000)
    _link(created, rng)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # fresh statistics, as autovacuum would give a live database
            cursor.execute("ANALYZE")
    return count


def _link(initiatives, rng):
    themes, groups = list(Theme.objects.all()), list(TargetGroup.objects.all())
    theme_links, group_links, sessions = [], [], []
    start = timezone.now().replace(microsecond=0)
    for initiative in initiatives:
        for theme in rng.sample(themes, k=min(2, len(themes))):
            theme_links.append(Initiative.themes.through(initiative_id=initiative.pk, theme_id=theme.pk))
        for group in rng.sample(groups, k=min(rng.randint(1, 2), len(groups))):
            group_links.append(Initiative.target_groups.through(initiative_id=initiative.pk, targetgroup_id=group.pk))
        if rng.random() < 0.3:
            starts = start + datetime.timedelta(days=rng.randint(-100, 200), hours=rng.randint(0, 8))
            sessions.append(
                Session(
                    initiative_id=initiative.pk,
                    starts_at=starts,
                    ends_at=starts + datetime.timedelta(hours=2),
                    capacity=30,
                )
            )
    Initiative.themes.through.objects.bulk_create(theme_links, batch_size=5000)
    Initiative.target_groups.through.objects.bulk_create(group_links, batch_size=5000)
    Session.objects.bulk_create(sessions, batch_size=5000)


def run(report):
    report.section("Coverage dashboard (issue 6)")
    ensure_initiatives()
    report.row("initiatives (published)", Initiative.objects.published().count())
    report.row("school branches", School.objects.count())
    report.row("active campuses", Campus.objects.filter(is_active=True).count())
    user, _ = get_user_model().objects.get_or_create(
        username="bench-coordinator", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)
    # Plain static storage: the bench needs no collectstatic manifest (DEBUG is off in `make bench`).
    plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    storages = {**settings.STORAGES, "staticfiles": plain}
    with override_settings(ROOT_URLCONF=__name__, STORAGES=storages):
        bare_median, bare_p95 = measure(lambda: client.get("/bench-bare/"), repeat=30)
        report.timing("bare view", bare_median, bare_p95)
        for label, url in (
            ("dashboard, first campus", "/beheer/dekking/"),
            ("dashboard, RDM campus, 5 km", "/beheer/dekking/?campus=rdm-campus&afstand=5"),
            ("export of the white spots (xlsx)", "/beheer/dekking/export/white_spots.xlsx"),
        ):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)  # noqa: S101 - a broken bench must stop
            median, p95 = measure(lambda url=url: client.get(url), repeat=30)
            report.timing(f"{label} (cached figures)", median, p95, bare_median)
            median, p95 = measure(lambda url=url: (cache.clear(), client.get(url)), repeat=5, warmup=1)
            report.timing(f"{label} (cold: computed)", median, p95, bare_median)
