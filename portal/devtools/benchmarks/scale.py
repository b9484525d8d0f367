"""A synthetic offer at the scale the benchmarks need: 20,000 initiatives and 80,000 sessions.

Rows are recognisable (is_demo=True, slugs starting with "bench-") and seeded once per
database; the dashboard benchmark reuses `ensure_scale_data()`.
"""

import datetime
import random
from decimal import Decimal

from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from campuses.models import PostcodeArea
from initiatives.models import Initiative, Provider, Session, TargetGroup, Theme

INITIATIVES = 20_000
SESSIONS_PER_INITIATIVE = 4
PROVIDERS = 400
SLUG_PREFIX = "bench-"
BATCH = 2_000

# Most of the offer lies in and around the MRDH region, like the real inventory.
LATITUDES = (51.70, 52.25)
LONGITUDES = (3.90, 4.75)


def ensure_reference_data():
    """The benches search by postcode and count schools: load the reference data when the database has none."""
    if not PostcodeArea.objects.exists():
        call_command("load_reference_data")


def ensure_scale_data(initiatives=INITIATIVES, stdout=None):
    """Seed the synthetic offer unless it is there already; return the number of bench initiatives."""
    ensure_reference_data()
    existing = Initiative.objects.filter(slug__startswith=SLUG_PREFIX).count()
    if existing < initiatives:
        if stdout:
            stdout.write(f"  seeding {initiatives} initiatives and {initiatives * SESSIONS_PER_INITIATIVE} sessions…\n")
        with transaction.atomic():
            _seed(initiatives, random.Random(2026))  # noqa: S311 - synthetic data, not security
        existing = Initiative.objects.filter(slug__startswith=SLUG_PREFIX).count()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # VACUUM cannot run in a transaction (the tests'): there the statistics only.
            cursor.execute("ANALYZE" if connection.in_atomic_block else SETTLE)
    return existing


# A production database is vacuumed and analysed by autovacuum; a bench database straight after a bulk
# load is not (and autovacuum may be off on a test machine): without it the planner guesses and every
# row's visibility is checked in the table. The baseline bench settles its database the same way.
SETTLE = "VACUUM ANALYZE"


def _seed(count, rng):
    Initiative.objects.filter(slug__startswith=SLUG_PREFIX).delete()
    Provider.objects.filter(slug__startswith=SLUG_PREFIX).delete()
    providers = Provider.objects.bulk_create(
        Provider(name=f"Benchmark-aanbieder {n}", slug=f"{SLUG_PREFIX}provider-{n}", is_demo=True)
        for n in range(PROVIDERS)
    )
    themes = list(Theme.objects.all())
    groups = list(TargetGroup.objects.all())
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    for start in range(0, count, BATCH):
        batch = Initiative.objects.bulk_create(
            _initiative(number, rng, providers) for number in range(start, min(start + BATCH, count))
        )
        _link(Initiative.themes.through, "theme", batch, themes, rng)
        _link(Initiative.target_groups.through, "targetgroup", batch, groups, rng)
        Session.objects.bulk_create(_sessions(batch, rng, now), batch_size=BATCH)


def _initiative(number, rng, providers):
    kind = rng.random()
    location_type = "venue" if kind < 0.8 else "at_school" if kind < 0.92 else "online"
    primary = rng.random() < 0.45
    first = rng.randint(1, 8) if primary else rng.randint(1, 4)
    point = location_type != "online"
    return Initiative(
        title=f"Benchmark-activiteit {number}: robots, code en de haven",
        slug=f"{SLUG_PREFIX}{number}",
        summary="Synthetische activiteit voor de benchmark.",
        provider=rng.choice(providers),
        po_group_from=first if primary else None,
        po_group_to=rng.randint(first, 8) if primary else None,
        vo_year_from=None if primary else first,
        vo_year_to=None if primary else rng.randint(first, 6),
        for_vmbo=not primary and rng.random() < 0.6,
        for_havo=not primary and rng.random() < 0.5,
        activity_type=rng.choice(Initiative.ActivityType.values),
        practice_level=rng.randint(1, 4),
        location_type=location_type,
        latitude=Decimal(f"{rng.uniform(*LATITUDES):.6f}") if point else None,
        longitude=Decimal(f"{rng.uniform(*LONGITUDES):.6f}") if point else None,
        service_radius_km=Decimal(rng.choice([10, 15, 25, 30])) if location_type == "at_school" else None,
        is_free=rng.random() < 0.7,
        booking_mode=rng.choice(Initiative.BookingMode.values),
        status=Initiative.Status.PUBLISHED if rng.random() < 0.9 else Initiative.Status.DRAFT,
        is_demo=True,
        source="benchmark",
    )


def _link(through, field, initiatives, values, rng):
    if not values:
        return
    through.objects.bulk_create(
        through(initiative_id=initiative.pk, **{f"{field}_id": value.pk})
        for initiative in initiatives
        for value in rng.sample(values, k=min(len(values), rng.randint(1, 2)))
    )


def _sessions(initiatives, rng, now):
    for initiative in initiatives:
        for _ in range(SESSIONS_PER_INITIATIVE):
            starts = now + datetime.timedelta(days=rng.randint(-120, 240), hours=rng.randint(0, 8))
            yield Session(
                initiative_id=initiative.pk, starts_at=starts, ends_at=starts + datetime.timedelta(hours=2), capacity=30
            )
