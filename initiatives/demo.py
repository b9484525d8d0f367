"""Demo content: load the invented providers and initiatives of `fixtures/demo/`, with dated sessions.

Everything is marked `is_demo`, so it can be found, replaced and never mistaken for real content.
Sessions fall in the coming months relative to `now`. Which days get a session is decided by a random
generator seeded with the initiative's slug and the date: runs are reproducible, and a run on a later
day adds the new dates without moving the existing ones.
"""

import datetime
import json
import random
import zlib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from campuses.models import Campus, Municipality

from .bookings.audience import inferred_booked_by
from .bookings.models import Booking, BusBudget, school_year_of
from .models import Initiative, Language, Provider, Session, TargetGroup, Theme

DEMO_SOURCE = "Demo-inhoud Techniek Dichtbij"
FIRST_SESSION_AFTER_DAYS = 4
SESSION_WINDOW_DAYS = 120
MAX_SESSION_MINUTES = 8 * 60
BOOKING_CLOSES_DAYS_BEFORE = 2
CANCELLED_SHARE = 0.04
CANCELLED_NOTES = [
    "Gaat niet door: de begeleider is ziek.",
    "Gaat niet door: te weinig aanmeldingen.",
    "Gaat niet door: de locatie is die dag niet beschikbaar.",
]
# The demo content itself lives in data files (see the README there).
DEMO_DATA_DIR = Path(__file__).resolve().parent / "fixtures" / "demo"


def _demo_data(name):
    return json.loads((DEMO_DATA_DIR / f"{name}.json").read_text(encoding="utf-8"))


PROVIDERS = _demo_data("providers")
VENUES = _demo_data("venues")
INITIATIVES = _demo_data("initiatives")
CAMPUS_FALLBACKS = _demo_data("campus_fallbacks")

# A campus with fewer demo initiatives within its radius than this gets the CAMPUS_FALLBACKS.
MIN_INITIATIVES_PER_CAMPUS = 3


@dataclass(frozen=True)
class Pattern:
    """When sessions happen: weekdays (0 = Monday), start times, every n weeks, share of candidate days used."""

    weekdays: tuple[int, ...]
    starts: tuple[str, ...]
    every_weeks: int = 1
    share: float = 1.0
    one_weekday: bool = False  # one fixed weekday and start time per initiative
    in_school_term: bool = True  # skip the summer holiday


# Dutch school hours for classes; Wednesday afternoon (free in primary school) and Saturday for clubs and families.
PATTERNS = {
    "school": Pattern((1, 3), ("09:00", "10:30", "13:00"), share=0.5),
    "school-often": Pattern((0, 1, 3, 4), ("09:00", "13:00"), share=0.45),
    "school-weekly": Pattern((0, 1, 3, 4), ("09:00", "10:30", "13:15"), one_weekday=True),
    "school-biweekly": Pattern((0, 1, 3, 4), ("09:00", "13:00"), every_weeks=2, one_weekday=True),
    "wednesday": Pattern((2,), ("14:00",), every_weeks=2),
    "wednesday-monthly": Pattern((2,), ("14:00",), every_weeks=4),
    "club": Pattern((2,), ("14:30",)),
    "saturday": Pattern((5,), ("10:00",), every_weeks=2, in_school_term=False),
    "saturday-monthly": Pattern((5,), ("10:30",), every_weeks=4, in_school_term=False),
    "event": Pattern((5,), ("11:00",), every_weeks=8, in_school_term=False),
    "evening": Pattern((1,), ("19:30",), every_weeks=4),
}


@dataclass
class DemoReport:
    providers_created: int = 0
    providers_updated: int = 0
    initiatives_created: int = 0
    initiatives_updated: int = 0
    sessions_created: int = 0
    deleted: dict = field(default_factory=dict)
    skipped: list = field(default_factory=list)
    missing_vocabulary: set = field(default_factory=set)
    fallback_campuses: list = field(default_factory=list)
    coverage: dict = field(default_factory=dict)  # campus name -> demo initiatives within its radius


def demo_content_present():
    return Initiative.objects.filter(is_demo=True).exists() or Provider.objects.filter(is_demo=True).exists()


def real_content_present():
    return Initiative.objects.filter(is_demo=False).exists() or Provider.objects.filter(is_demo=False).exists()


def delete_demo_content():
    """Delete demo initiatives (with their sessions) and the demo providers nothing real refers to."""
    # Bookings protect their initiative (figures must not vanish); bookings made on demo content go with it.
    Booking.objects.filter(initiative__is_demo=True).delete()
    _, initiatives = Initiative.objects.filter(is_demo=True).delete()
    _, providers = Provider.objects.filter(is_demo=True, initiatives__isnull=True).delete()
    return {
        "initiatives": initiatives.get("initiatives.Initiative", 0),
        "sessions": initiatives.get("initiatives.Session", 0),
        "providers": providers.get("initiatives.Provider", 0),
    }


@transaction.atomic
def load_demo_content(*, now=None, replace=False):
    """Create or update all demo content (idempotent by slug); with replace, delete the old demo content first."""
    report = DemoReport()
    if replace:
        report.deleted = delete_demo_content()
    _DemoLoader(now or timezone.now(), report).run()
    return report


class _DemoLoader:
    def __init__(self, now, report):
        self.now = now
        self.today = timezone.localdate(now)
        self.report = report
        self.themes = {theme.slug: theme for theme in Theme.objects.all()}
        self.target_groups = {group.slug: group for group in TargetGroup.objects.all()}
        self.languages = {language.code: language for language in Language.objects.all()}
        codes = {p["municipality"] for p in PROVIDERS} | {venue[4] for venue in VENUES.values()}
        self.municipalities = Municipality.objects.in_bulk(codes, field_name="code")
        self.providers = {}
        self.real_slugs = set(Initiative.objects.filter(is_demo=False).values_list("slug", flat=True))
        self.loaded = []  # (initiative, spec) pairs that get sessions

    def run(self):
        self.load_providers()
        for spec in INITIATIVES:
            self.load_initiative(spec, self.location_of(spec))
        self.cover_every_campus()
        self.add_sessions()
        self.offer_buses()

    def offer_buses(self):
        """Free buses (MRDH role 2) to the demo company visits and excursions, against a budget per campus.

        Budgets are only created where missing: once there, they are the coordinators'.
        """
        Initiative.objects.filter(
            is_demo=True,
            booking_mode=Initiative.BookingMode.BOOK_HERE,
            location_type=Initiative.LocationType.VENUE,
            activity_type__in=[Initiative.ActivityType.COMPANY_VISIT, Initiative.ActivityType.EXCURSION],
        ).update(offers_bus_transport=True)
        for campus in Campus.objects.filter(is_active=True):
            BusBudget.objects.get_or_create(
                campus=campus,
                school_year=school_year_of(self.today),
                defaults={"max_trips": 20, "max_euros": Decimal("5000.00")},
            )

    # Providers ---------------------------------------------------------------------------------------

    def load_providers(self):
        real = Provider.objects.filter(is_demo=False)
        taken = set(real.values_list("slug", flat=True)) | set(real.values_list("name", flat=True))
        for spec in PROVIDERS:
            if spec["slug"] in taken or spec["name"] in taken:
                self.report.skipped.append(f"aanbieder {spec['slug']}")
                continue
            provider, created = Provider.objects.update_or_create(
                slug=spec["slug"], defaults=self.provider_fields(spec)
            )
            self.providers[spec["slug"]] = provider
            self.count("providers", created)

    def provider_fields(self, spec):
        return {
            "name": spec["name"],
            "kind": spec["kind"],
            "description": spec["description"],
            "website": f"https://{spec['slug']}.example.org",
            "email": f"{spec['slug']}@example.org",
            "municipality": self.municipalities.get(spec["municipality"]),
            "is_demo": True,
        }

    # Initiatives -------------------------------------------------------------------------------------

    def load_initiative(self, spec, location):
        provider = self.providers.get(spec["provider"])
        if provider is None or spec["slug"] in self.real_slugs:
            self.report.skipped.append(f"initiatief {spec['slug']}")
            return None
        fields = {**self.initiative_fields(spec, provider), **location}
        # campus=None with campus_is_manual=False: Initiative.save() computes the nearest campus, and listing
        # the field in defaults makes update_or_create save it on updates too.
        initiative, created = Initiative.objects.update_or_create(slug=spec["slug"], defaults=fields)
        initiative.themes.set(self.vocabulary(self.themes, spec["themes"]))
        initiative.target_groups.set(self.vocabulary(self.target_groups, spec.get("groups", ["leerlingen"])))
        initiative.languages.set(self.vocabulary(self.languages, spec.get("languages", ["nl"])))
        self.count("initiatives", created)
        if spec.get("schedule") and spec.get("status", "published") != Initiative.Status.ARCHIVED:
            self.loaded.append((initiative, spec))
        return initiative

    def initiative_fields(self, spec, provider):
        po_from, po_to = spec.get("po", (None, None))
        vo_from, vo_to = spec.get("vo", (None, None))
        tracks = spec.get("tracks", "").split()
        size_min, size_max = spec.get("size", (None, None))
        price = spec.get("price")
        booking = spec.get("booking", Initiative.BookingMode.BOOK_HERE)
        status = spec.get("status", Initiative.Status.PUBLISHED)
        verified_on = self.today - datetime.timedelta(days=spec["verified"])
        return {
            "title": spec["title"],
            "summary": spec["summary"],
            "description": spec["description"],
            "provider": provider,
            "po_group_from": po_from,
            "po_group_to": po_to,
            "vo_year_from": vo_from,
            "vo_year_to": vo_to,
            "for_vmbo": "vmbo" in tracks,
            "for_havo": "havo" in tracks,
            "for_vwo": "vwo" in tracks,
            "activity_type": spec["type"],
            "practice_level": spec["level"],
            "duration_minutes": spec.get("duration"),
            "duration_note": spec.get("duration_note", ""),
            "is_free": price is None,
            "price": Decimal(price) if price else None,
            "price_note": spec.get("price_note", ""),
            "group_size_min": size_min,
            "group_size_max": size_max,
            "capacity_unit": spec.get("unit", Initiative.CapacityUnit.PUPILS),
            "booking_mode": booking,
            "booking_url": f"{provider.website}/aanmelden" if booking == Initiative.BookingMode.EXTERNAL else "",
            "contact_email": provider.email,
            "is_family_activity": spec.get("family", False),
            "parents_welcome": spec.get("parents", False),
            "is_outside_school_hours": spec.get("after", False),
            "booked_by": spec.get("booked_by")
            or inferred_booked_by(
                is_family_activity=spec.get("family", False),
                has_school_level=po_from is not None or vo_from is not None,
                is_outside_school_hours=spec.get("after", False),
                target_group_slugs=spec.get("groups", ["leerlingen"]),
            ),
            "campus": None,
            "campus_is_manual": False,
            "status": status,
            "published_at": self.now - datetime.timedelta(days=spec["verified"])
            if status == Initiative.Status.PUBLISHED
            else None,
            "last_verified_on": verified_on,
            "source": DEMO_SOURCE,
            "is_demo": True,
        }

    def location_of(self, spec):
        if spec.get("online"):
            return {**_NO_PLACE, "location_type": Initiative.LocationType.ONLINE}
        if "school" in spec:
            venue_key, radius = spec["school"]
            location = {**self.venue(venue_key), "location_type": Initiative.LocationType.AT_SCHOOL}
            return {**location, "service_radius_km": Decimal(radius)}
        return {**self.venue(spec["venue"]), "location_type": Initiative.LocationType.VENUE}

    def venue(self, key):
        name, address, postcode, place, municipality, latitude, longitude = VENUES[key]
        return {
            "venue_name": name,
            "address": address,
            "postcode": postcode,
            "place_name": place,
            "municipality": self.municipalities.get(municipality),
            "latitude": Decimal(latitude),
            "longitude": Decimal(longitude),
            "is_point_approximate": True,  # PC4 centre points
            "service_radius_km": None,
        }

    def vocabulary(self, known, keys):
        self.report.missing_vocabulary.update(key for key in keys if key not in known)
        return [known[key] for key in keys if key in known]

    # Campuses ----------------------------------------------------------------------------------------

    def cover_every_campus(self):
        """Give every active campus some demo initiatives within its radius, wherever it lies."""
        for campus in Campus.objects.filter(is_active=True).select_related("municipality"):
            if self.demo_count_near(campus) < MIN_INITIATIVES_PER_CAMPUS:
                self.report.fallback_campuses.append(campus.name)
                for template in CAMPUS_FALLBACKS:
                    self.load_initiative(_for_campus(template, campus), self.campus_location(template, campus))
            self.report.coverage[campus.name] = self.demo_count_near(campus)

    def demo_count_near(self, campus):
        nearby = Initiative.objects.filter(is_demo=True).exclude(status=Initiative.Status.ARCHIVED)
        return nearby.near(campus.point, km=float(campus.radius_km)).count()

    def campus_location(self, template, campus):
        location = {
            "venue_name": campus.name,
            "address": campus.address,
            "postcode": campus.postcode,
            "place_name": campus.place_name,
            "municipality": campus.municipality,
            "latitude": campus.latitude,
            "longitude": campus.longitude,
            "is_point_approximate": campus.location_precision != Campus.Precision.ADDRESS,
            "location_type": Initiative.LocationType.VENUE,
            "service_radius_km": None,
        }
        if template["at_campus"] == "school":
            location.update(location_type=Initiative.LocationType.AT_SCHOOL, service_radius_km=campus.radius_km)
        return location

    # Sessions ----------------------------------------------------------------------------------------

    def add_sessions(self):
        """Create the sessions of the coming months that do not exist yet (matched on start time)."""
        existing = set(
            Session.objects.filter(initiative__in=[i for i, _ in self.loaded]).values_list("initiative_id", "starts_at")
        )
        new = [
            session
            for initiative, spec in self.loaded
            for session in sessions_for(initiative, spec, self.today)
            if (initiative.pk, session.starts_at) not in existing
        ]
        Session.objects.bulk_create(new)
        self.report.sessions_created = len(new)

    def count(self, kind, created):
        attribute = f"{kind}_{'created' if created else 'updated'}"
        setattr(self.report, attribute, getattr(self.report, attribute) + 1)


_NO_PLACE = {
    "venue_name": "",
    "address": "",
    "postcode": "",
    "place_name": "",
    "municipality": None,
    "latitude": None,
    "longitude": None,
    "is_point_approximate": False,
    "service_radius_km": None,
}


def _for_campus(template, campus):
    names = {"campus": campus.name, "slug": campus.slug}
    return {
        **template,
        **{key: template[key].format(**names) for key in ("slug", "title", "summary", "description")},
    }


def sessions_for(initiative, spec, today):
    """Unsaved sessions of one demo initiative between a few days from today and the end of the window."""
    pattern = PATTERNS[spec["schedule"]]
    slug = spec["slug"]
    minutes = min(spec.get("duration") or 120, MAX_SESSION_MINUTES)
    capacity = spec.get("capacity") or (1 if spec.get("unit") == "groups" else spec.get("size", (0, 30))[1])
    book_here = spec.get("booking", "book_here") == Initiative.BookingMode.BOOK_HERE
    sessions = []
    for day in session_days(slug, pattern, today):
        rng = random.Random(f"{slug}|{day.isoformat()}")  # noqa: S311 (demo data, not security)
        start_time = _stable_choice(slug, pattern.starts) if pattern.one_weekday else rng.choice(pattern.starts)
        starts_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time.fromisoformat(start_time)))
        cancelled = rng.random() < CANCELLED_SHARE
        sessions.append(
            Session(
                initiative=initiative,
                starts_at=starts_at,
                ends_at=starts_at + datetime.timedelta(minutes=minutes),
                capacity=capacity,
                booking_closes_at=starts_at - datetime.timedelta(days=BOOKING_CLOSES_DAYS_BEFORE)
                if book_here
                else None,
                is_cancelled=cancelled,
                note=rng.choice(CANCELLED_NOTES) if cancelled else "",
            )
        )
    return sessions


def session_days(slug, pattern, today):
    """The dates in the window on which this initiative has a session."""
    weekdays = (_stable_choice(slug, pattern.weekdays),) if pattern.one_weekday else pattern.weekdays
    week_offset = zlib.crc32(slug.encode()) % pattern.every_weeks
    first = today + datetime.timedelta(days=FIRST_SESSION_AFTER_DAYS)
    for offset in range(SESSION_WINDOW_DAYS - FIRST_SESSION_AFTER_DAYS + 1):
        day = first + datetime.timedelta(days=offset)
        # Weeks counted from a fixed Monday, so the same weeks are chosen whatever day the command runs.
        week = (day.toordinal() - 1) // 7
        if day.weekday() not in weekdays or week % pattern.every_weeks != week_offset:
            continue
        if is_holiday(day, in_school_term=pattern.in_school_term):
            continue
        if pattern.share < 1 and random.Random(f"{slug}|{day.isoformat()}|day").random() >= pattern.share:  # noqa: S311
            continue
        yield day


def is_holiday(day, *, in_school_term):
    """Christmas break for everything, and the summer holiday for school activities (approximate dates)."""
    christmas = (day.month == 12 and day.day >= 20) or (day.month == 1 and day.day <= 4)
    summer = (day.month == 7 and day.day >= 15) or day.month == 8
    return christmas or (in_school_term and summer)


def _stable_choice(slug, options):
    return options[zlib.crc32(slug.encode()) % len(options)]
