"""load_demo_content on the nine campuses of campussen.csv. One load is shared by the module (rolled back after it)."""

import datetime
import json
from decimal import Decimal
from io import StringIO
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from initiatives.demo import CAMPUS_FALLBACKS, DEMO_SOURCE, INITIATIVES, PATTERNS, load_demo_content, session_days
from initiatives.models import Initiative, PracticeLevel, Provider, Session, TargetGroup, Theme
from tests.factories import CampusFactory, InitiativeFactory, MunicipalityFactory, ProviderFactory

# slug, name, municipality code and name, latitude, longitude: as in ../shared/data/campussen.csv.
CAMPUSES = [
    ("rdm-campus", "RDM Campus", "GM0599", "Rotterdam", "51.89220", "4.42050"),
    ("it-campus-rotterdam", "IT Campus Rotterdam", "GM0599", "Rotterdam", "51.89220", "4.42050"),
    ("hsd-campus", "HSD Campus", "GM0518", "'s-Gravenhage", "52.08160", "4.33270"),
    ("dutch-innovation-factory", "Dutch Innovation Factory", "GM0637", "Zoetermeer", "52.06030", "4.49956"),
    ("green-technology-campus", "Green Technology Campus", "GM1992", "Voorne aan Zee", "51.89757", "4.18047"),
    ("world-horti-center", "World Horti Center", "GM1783", "Westland", "51.99350", "4.20710"),
    ("horti-science-park", "Horti Science Park", "GM1621", "Lansingerland", "52.01260", "4.53660"),
    ("dutch-fresh-port", "Dutch Fresh Port", "GM0489", "Barendrecht", "51.85412", "4.51830"),
    ("digital-operations-centre-delft", "Digital Operations Centre", "GM0503", "Delft", "51.99922", "4.35835"),
]


def make_campuses():
    """The nine campuses of campussen.csv plus one in Gouda that the demo data does not cover."""
    gouda = CampusFactory(
        slug="campus-gouda", name="Campus Gouda", latitude=Decimal("52.011500"), longitude=Decimal("4.710400")
    )
    return gouda, [
        CampusFactory(
            slug=slug,
            name=name,
            municipality=MunicipalityFactory(code=code, name=municipality),
            latitude=Decimal(latitude),
            longitude=Decimal(longitude),
        )
        for slug, name, code, municipality, latitude, longitude in CAMPUSES
    ]


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The campuses plus one `load_demo_content --if-empty`, shared by this module's tests and rolled back after."""
    with django_db_blocker.unblock(), transaction.atomic():
        gouda, campuses = make_campuses()
        started_at = timezone.now()
        output = run("load_demo_content", "--if-empty")
        yield SimpleNamespace(campuses=campuses, gouda=gouda, output=output, started_at=started_at)
        transaction.set_rollback(True)


def test_load_demo_content_creates_at_least_sixty_demo_initiatives(demo, db):
    initiatives = Initiative.objects.all()
    assert initiatives.count() >= 60
    assert not initiatives.filter(is_demo=False).exists()
    assert set(initiatives.values_list("source", flat=True)) == {DEMO_SOURCE}
    assert 25 <= Provider.objects.filter(is_demo=True).count() == Provider.objects.count() <= 30
    assert f"initiatieven {len(INITIATIVES) + len(CAMPUS_FALLBACKS)} nieuw" in demo.output


def test_demo_content_is_what_the_data_files_say(demo, db):
    # The content lives in initiatives/fixtures/demo/*.json; the command loads exactly that.
    folder = Path(settings.BASE_DIR) / "initiatives" / "fixtures" / "demo"
    files = {
        name: json.loads((folder / f"{name}.json").read_text(encoding="utf-8")) for name in ("providers", "initiatives")
    }
    assert set(Provider.objects.values_list("slug", flat=True)) == {spec["slug"] for spec in files["providers"]}
    first = files["initiatives"][0]
    initiative = Initiative.objects.get(slug=first["slug"])
    assert (initiative.title, initiative.summary, initiative.provider.slug) == (
        first["title"],
        first["summary"],
        first["provider"],
    )
    assert set(initiative.themes.values_list("slug", flat=True)) == set(first["themes"])
    assert {spec["slug"] for spec in files["initiatives"]} <= set(Initiative.objects.values_list("slug", flat=True))


def test_demo_content_has_every_target_group_activity_type_location_and_practice_level(demo, db):
    initiatives = Initiative.objects.all()
    assert set(initiatives.values_list("target_groups__slug", flat=True)) == set(
        TargetGroup.objects.values_list("slug", flat=True)
    )
    assert set(initiatives.values_list("themes__slug", flat=True)) == set(Theme.objects.values_list("slug", flat=True))
    assert set(initiatives.values_list("activity_type", flat=True)) == set(Initiative.ActivityType.values)
    assert set(initiatives.values_list("location_type", flat=True)) == set(Initiative.LocationType.values)
    assert set(initiatives.values_list("practice_level", flat=True)) == set(PracticeLevel.values)
    assert set(initiatives.values_list("booking_mode", flat=True)) == set(Initiative.BookingMode.values)
    assert set(initiatives.values_list("status", flat=True)) == set(Initiative.Status.values)
    assert {"nl", "en", "ar", "tr"} <= set(initiatives.values_list("languages__code", flat=True))
    assert initiatives.filter(practice_level=4).count() < initiatives.filter(practice_level=3).count()


def test_demo_content_covers_every_school_level_and_parent_filter(demo, db):
    initiatives = Initiative.objects.all()
    assert all(initiatives.for_po_group(group).exists() for group in range(1, 9))
    for year in range(1, 7):
        for track in ("for_vmbo", "for_havo", "for_vwo"):
            assert initiatives.for_vo_year(year).filter(**{track: True}).exists(), (year, track)
    assert initiatives.filter(is_free=True).exists()
    assert not initiatives.filter(is_free=False, price__isnull=True).exists()
    assert initiatives.filter(is_free=False).exclude(price_note="").exists()
    assert initiatives.filter(is_family_activity=True, parents_welcome=True, is_outside_school_hours=True).exists()
    assert not initiatives.filter(booking_mode=Initiative.BookingMode.EXTERNAL, booking_url="").exists()


def test_demo_content_places_initiatives_within_ten_km_of_every_campus(demo, db):
    published = Initiative.objects.published()
    for campus in demo.campuses:
        assert published.near(campus.point, km=10).count() >= 3, campus.slug
    assert not published.filter(location_type=Initiative.LocationType.VENUE, campus__isnull=True).exists()
    at_school = published.filter(location_type=Initiative.LocationType.AT_SCHOOL)
    assert at_school.exists() and not at_school.filter(service_radius_km__isnull=True).exists()
    online = published.filter(location_type=Initiative.LocationType.ONLINE)
    assert online.exists() and not online.filter(latitude__isnull=False).exists()


def test_demo_content_has_stale_and_recently_verified_initiatives(demo, db):
    today = timezone.localdate()
    initiatives = Initiative.objects.all()
    assert initiatives.not_verified_since(today - datetime.timedelta(days=365)).count() >= 5
    assert initiatives.filter(last_verified_on__gte=today - datetime.timedelta(days=30)).exists()
    assert not initiatives.filter(last_verified_on__lt=today - datetime.timedelta(days=550)).exists()


def test_demo_sessions_lie_in_the_coming_months(demo, db):
    sessions = Session.objects.all()
    assert sessions.count() > 200
    assert not sessions.filter(starts_at__lte=demo.started_at).exists()
    assert not sessions.filter(starts_at__gt=demo.started_at + datetime.timedelta(days=125)).exists()
    assert 0 < sessions.filter(is_cancelled=True).count() < sessions.count() / 10
    assert not sessions.filter(capacity=0).exists()
    groups = sessions.filter(initiative__capacity_unit=Initiative.CapacityUnit.GROUPS)
    assert set(groups.values_list("capacity", flat=True)) <= {1, 2}
    assert (
        Initiative.objects.published()
        .filter(booking_mode="book_here", sessions__in=Session.objects.upcoming())
        .distinct()
        .count()
        >= 30
    )
    assert not sessions.filter(initiative__booking_mode=Initiative.BookingMode.CONTACT).exists()
    assert not sessions.filter(initiative__status=Initiative.Status.ARCHIVED).exists()


def test_demo_sessions_fall_on_school_hours_wednesday_afternoons_and_saturdays(demo, db):
    for session in Session.objects.select_related("initiative"):
        start = timezone.localtime(session.starts_at)
        assert start.weekday() != 6, session
        if start.weekday() == 5 or start.hour >= 18:
            assert session.initiative.is_outside_school_hours, session
        assert 8 <= start.hour <= 20


def test_demo_content_passes_model_validation(demo, db):
    checks = [
        *((provider, {"validate_unique": False}) for provider in Provider.objects.all()),
        # The database checked the constraints.
        *((item, {"validate_unique": False, "validate_constraints": False}) for item in Initiative.objects.all()),
        *((session, {"validate_constraints": False}) for session in Session.objects.all()[:50]),
    ]
    invalid = []
    for obj, options in checks:
        try:
            obj.full_clean(**options)
        except ValidationError as error:
            invalid.append((str(obj), error.message_dict))

    assert len(checks) > 50
    assert invalid == []


def test_load_demo_content_if_empty_a_second_time_changes_nothing(demo, db):
    before = list(Initiative.objects.values_list("pk", "updated_at"))
    sessions = Session.objects.count()

    output = run("load_demo_content", "--if-empty")

    assert "al aanwezig" in output
    assert list(Initiative.objects.values_list("pk", "updated_at")) == before
    assert Session.objects.count() == sessions


def test_load_demo_content_again_updates_by_slug_without_duplicates(demo, db):
    Initiative.objects.filter(slug="meiden-robotclub").update(title="Aangepast")
    pks = set(Initiative.objects.values_list("pk", flat=True))

    report = load_demo_content(now=demo.started_at)

    assert (report.initiatives_created, report.sessions_created) == (0, 0)
    assert set(Initiative.objects.values_list("pk", flat=True)) == pks
    assert Initiative.objects.get(slug="meiden-robotclub").title == "Meiden-robotclub"


def test_load_demo_content_refuses_when_real_content_is_present(demo, db):
    ProviderFactory(name="Echte Aanbieder")

    with pytest.raises(CommandError, match="--allow-real-content"):
        run("load_demo_content")


def test_load_demo_content_replace_recreates_demo_content_and_keeps_real_content(demo, db):
    real = InitiativeFactory(title="Echt initiatief")
    demo_pks = set(Initiative.objects.filter(is_demo=True).values_list("pk", flat=True))

    output = run("load_demo_content", "--replace", "--allow-real-content")

    assert f"Verwijderd: {len(demo_pks)} initiatieven" in output
    assert Initiative.objects.filter(pk=real.pk, is_demo=False).exists()
    assert Initiative.objects.filter(is_demo=True).count() == len(demo_pks)
    assert not Initiative.objects.filter(pk__in=demo_pks).exists()


def test_load_demo_content_places_initiatives_at_a_campus_the_data_does_not_cover(demo, db):
    assert "Extra demo-initiatieven geplaatst bij: Campus Gouda" in demo.output
    nearby = Initiative.objects.filter(is_demo=True, campus=demo.gouda)
    assert nearby.count() == len(CAMPUS_FALLBACKS)
    assert nearby.filter(location_type=Initiative.LocationType.AT_SCHOOL, service_radius_km=10).exists()
    assert Session.objects.filter(initiative__in=nearby).exists()


def test_demo_session_days_are_reproducible_and_stable_when_the_run_date_moves():
    monday = datetime.date(2026, 11, 30)
    for name, pattern in PATTERNS.items():
        first = list(session_days("robotclub", pattern, monday))
        assert first == list(session_days("robotclub", pattern, monday)), name
        week_later = set(session_days("robotclub", pattern, monday + datetime.timedelta(days=7)))
        assert {day for day in first if day >= monday + datetime.timedelta(days=11)} <= week_later, name
        assert all(datetime.date(2026, 12, 20) > day or day > datetime.date(2027, 1, 4) for day in first), name


def test_demo_content_offers_buses_against_a_budget_per_campus(demo, db):
    from initiatives.models import BusBudget

    assert Initiative.objects.published().filter(offers_bus_transport=True).exists()
    for campus in demo.campuses:
        assert BusBudget.objects.filter(campus=campus, max_trips=20).exists(), campus.slug
