"""The dashboard: figures from offer.py, schools.py, vmbo.py and services.py, turned into tables.

Everything is computed for all active campuses (the region totals need them all); `visible`
limits the campus rows a campus coordinator sees.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from campuses.models import Campus

from ..caching import catalog_version
from ..models import Initiative, PracticeLevel, Session
from . import findings, offer
from .figures import cached, cached_compute, compute, region_rows
from .roles import roles
from .snapshots import trend
from .tables import Column, Table, rounded, share
from .vmbo import area_rows

TARGET_GROUP_LABELS = {
    "leerlingen": gettext_lazy("Leerlingen"),
    "ouders": gettext_lazy("Ouders"),
    "meisjes": gettext_lazy("Meisjes"),
    "migratieachtergrond": gettext_lazy("Leerlingen met een migratieachtergrond"),
}
CACHE_SECONDS = 600
OFFERS_ON_MAP = 400


@dataclass
class Dashboard:
    campuses: list  # the campuses shown (all active ones, or a campus coordinator's)
    campus: object
    school_year: object
    distance_km: float
    include_visits: bool
    tables: dict = field(default_factory=dict)
    findings: list = field(default_factory=list)
    roles: list = field(default_factory=list)
    facts: dict = field(default_factory=dict)
    white_spot_points: list = field(default_factory=list)
    offer_points: list = field(default_factory=list)
    shared_points: list = field(default_factory=list)

    def table(self, key):
        return self.tables[key]

    def add(self, table):
        self.tables[table.key] = table
        return table


def build_dashboard(*, visible, campus, school_year, distance_km, include_visits=False, now=None):
    """The dashboard for the visible campuses, the chosen campus, school year, distance and visit switch.

    Cached on the catalogue version (initiatives.caching): every change to the offer, the campuses,
    the vmbo flags, the bookings, the bus requests and the bus rules raises it (loading reference data
    does too).
    The figures behind it are cached apart from the chosen campus (figures.cached_compute). An
    explicit `now` bypasses both caches.
    """
    arguments = {
        "visible": visible,
        "campus": campus,
        "school_year": school_year,
        "distance_km": distance_km,
        "include_visits": include_visits,
    }
    if now is not None:
        return _build(**arguments, now=now)
    key = ":".join(
        str(part)
        for part in (
            "coverage",
            catalog_version(),
            ",".join(str(c.pk) for c in visible),
            campus.pk if campus else "",
            school_year.start_year,
            f"{distance_km:g}",
            int(include_visits),
            get_language() or "",
        )
    )
    return cached(key, lambda: _build(**arguments, now=None), CACHE_SECONDS)


def _build(*, visible, campus, school_year, distance_km, include_visits, now):
    with transaction.atomic():
        arguments = {"school_year": school_year, "distance_km": distance_km, "include_visits": include_visits}
        figures = compute(**arguments) if now is not None else cached_compute(**arguments)
        visible_pks = {c.pk for c in visible}
        shown = [c for c in figures.campuses if c.pk in visible_pks]
        if campus is None or campus.pk not in visible_pks:
            campus = shown[0] if shown else None
        dashboard = Dashboard(shown, campus, school_year, distance_km, include_visits)
        dashboard.facts = {"online": figures.online, "vmbo": figures.vmbo_facts}
        dashboard.shared_points = shared_points(shown)
        dashboard.findings = findings.panels(figures, shown)
        for panel in dashboard.findings:
            dashboard.add(panel.table)
        dashboard.add(comparison_table(figures, shown))
        if campus is not None:
            _add_campus(dashboard, figures, campus, now)
        dashboard.add(
            white_spots_table(
                "white_spots_region",
                _("Witte vlekken in de MRDH: scholen zonder passend aanbod dichtbij"),
                region_rows(figures.schools),
            )
        )
        dashboard.add(vmbo_table(figures.vmbo_rows, shown))
        dashboard.roles = roles(figures, shown)
        for role in dashboard.roles:
            dashboard.add(role.table)
        dashboard.add(trend())
        for table in dashboard.tables.values():
            table.render_ahead()
        return dashboard


def _add_campus(dashboard, figures, campus, now):
    own = figures.offer[campus.pk]
    for table in breakdown_tables(own):
        dashboard.add(table)
    dashboard.add(activity_table(session_figures(own, dashboard.school_year, now), figures.bookings[campus.pk]))
    dashboard.add(schools_table(figures.coverage[campus.pk]))
    spots = [row for row in figures.schools if campus.pk in row["areas"]]
    dashboard.add(
        white_spots_table("white_spots", _("Witte vlekken rond %(campus)s") % {"campus": campus.name}, spots, campus)
    )
    dashboard.white_spot_points = [
        {"name": s["name"], "place": s["place_name"], "lat": float(s["latitude"]), "lon": float(s["longitude"])}
        for s in sorted_white_spots(spots, campus)
    ]
    venues = (
        Initiative.objects.published()
        .near(campus.point, float(campus.radius_km))
        .filter(location_type=Initiative.LocationType.VENUE)
        .order_by("distance_km")
        .values("title", "place_name", "latitude", "longitude")[:OFFERS_ON_MAP]
    )
    dashboard.offer_points = [
        {"name": v["title"], "place": v["place_name"], "lat": float(v["latitude"]), "lon": float(v["longitude"])}
        for v in venues
    ]


def shared_points(campuses):
    """Groups of campus names that share one point (their figures are the same)."""
    by_point = {}
    for campus in campuses:
        by_point.setdefault((campus.latitude, campus.longitude), []).append(campus.name)
    return [names for names in by_point.values() if len(names) > 1]


def session_figures(own, school_year, now):
    """Sessions of the campus's near initiatives in the school year (not cancelled), and how many are still to come."""
    sessions = Session.objects.filter(
        initiative__in=list(own.keys_of),
        is_cancelled=False,
        starts_at__gte=school_year.starts_at,
        starts_at__lt=school_year.ends_at,
    )
    return sessions.aggregate(in_year=Count("pk"), upcoming=Count("pk", filter=Q(starts_at__gte=now or timezone.now())))


def comparison_table(figures, campuses):
    table = Table(
        "comparison",
        _("Alle campussen naast elkaar"),
        [
            Column("campus", _("Campus"), is_number=False),
            Column("total", _("Initiatieven")),
            Column("po_share", _("% voor po")),
            Column("parents_share", _("% voor ouders")),
            Column("girls_share", _("% voor meisjes")),
            Column("practice_high", _("% praktijkgericht (3 of 4)")),
            Column("schools", _("Scholen in gebied")),
            Column("white_spots", _("Witte vlekken")),
            Column("covered_share", _("% scholen met passend aanbod")),
        ],
        chart_column="covered_share",
        note=_(
            "Scholen en witte vlekken bij ‘Alle campusgebieden’: de scholen in een MRDH-gemeente. Per campus: alle "
            "scholen binnen de straal, ook net buiten de MRDH."
        ),
    )
    for area, label in [(offer.REGION, _("Alle campusgebieden")), *((c.pk, c.name) for c in campuses)]:
        f, c = figures.offer[area], figures.coverage[area]["total"]
        table.add(
            label,
            f.total,
            share(f.counts["po"], f.total),
            share(f.counts["tg_ouders"], f.total),
            share(f.counts["tg_meisjes"], f.total),
            share(f.counts["practice_high"], f.total),
            c["schools"],
            c["white_spots"],
            share(c["covered"], c["schools"]),
        )
    return table


def _count_table(key, title, label, rows, total):
    table = Table(
        key,
        title,
        [
            Column("label", label, is_number=False),
            Column("count", _("Initiatieven")),
            Column("share", _("% van totaal")),
        ],
        chart_column="count",
    )
    for row_label, count in rows:
        table.add(row_label, count, share(count, total))
    return table


def breakdown_tables(f):
    total, counts = f.total, f.counts
    yield _count_table(
        "levels",
        _("Schoolniveau"),
        _("Niveau"),
        [
            (_("Primair onderwijs (po)"), counts["po"]),
            (_("Voortgezet onderwijs (vo)"), counts["vo"]),
            (_("vo: vmbo"), counts["vmbo"]),
            (_("vo: havo"), counts["havo"]),
            (_("vo: vwo"), counts["vwo"]),
        ],
        total,
    )
    groups = [(str(TARGET_GROUP_LABELS[slug]), counts[f"tg_{slug}"]) for slug in offer.TARGET_GROUP_SLUGS]
    groups.append(
        (_("Ouders betrokken (doelgroep ouders, ouder en kind samen of ouders welkom)"), counts["parents_role"])
    )
    yield _count_table("target_groups", _("Doelgroep"), _("Doelgroep"), groups, total)
    yield _count_table(
        "practice",
        _("Praktijkgerichtheid"),
        _("Niveau"),
        [(str(level.label), counts[f"level_{level.value}"]) for level in PracticeLevel],
        total,
    )
    yield _count_table(
        "activity_types",
        _("Soort activiteit"),
        _("Soort"),
        [(str(label), counts[f"type_{value}"]) for value, label in Initiative.ActivityType.choices],
        total,
    )
    yield _count_table(
        "location_types",
        _("Waar het plaatsvindt"),
        _("Waar"),
        [(str(label), counts[f"where_{value}"]) for value, label in Initiative.LocationType.choices],
        total,
    )


def activity_table(sessions, bookings):
    table = Table(
        "activity",
        _("Sessies en boekingen in dit schooljaar"),
        [Column("label", _("Wat"), is_number=False), Column("count", _("Aantal"))],
    )
    table.add(_("Sessies in het schooljaar (niet geannuleerd)"), sessions["in_year"])
    table.add(_("Waarvan nog te gaan"), sessions["upcoming"])
    table.add(_("Boekingen"), bookings.bookings)
    table.add(_("Leerlingen bereikt"), bookings.pupils_reached)
    table.add(_("Ouders bereikt"), bookings.parents_reached)
    return table


def schools_table(coverage):
    table = Table(
        "schools",
        _("Scholen in het campusgebied en hun passende aanbod dichtbij"),
        [
            Column("label", _("Soort school"), is_number=False),
            Column("schools", _("Scholen")),
            Column("none", _("0 passende activiteiten")),
            Column("few", _("1-2 passende activiteiten")),
            Column("many", _("3 of meer passende activiteiten")),
            Column("visited", _("Bereikt door schoolbezoeken")),
            Column("share", _("% met passend aanbod")),
        ],
    )
    for label, kind in ((_("Basisscholen (po)"), "po"), (_("Middelbare scholen (vo)"), "vo"), (_("Totaal"), "total")):
        c = coverage[kind]
        table.add(label, c["schools"], c["none"], c["few"], c["many"], c["visited"], share(c["covered"], c["schools"]))
    return table


def school_kind(row):
    if row["kind"] == "po":
        return _("po")
    tracks = [name for flag, name in (("has_vmbo", "vmbo"), ("has_havo", "havo"), ("has_vwo", "vwo")) if row[flag]]
    return _("vo") + (f" ({', '.join(tracks)})" if tracks else "")


def sorted_white_spots(rows, campus=None):
    """The uncovered schools, most pupils first (schools without a count last), then nearest the campus."""
    spots = [row for row in rows if not row["covered"]]

    def order(row):
        distance = row["areas"][campus.pk] if campus else min(row["areas"].values())
        return (row["pupils"] is None, -(row["pupils"] or 0), distance, row["name"])

    return sorted(spots, key=order)


def white_spots_table(key, title, rows, campus=None):
    columns = [
        Column("name", _("School"), is_number=False),
        Column("kind", _("Soort"), is_number=False),
        Column("place", _("Plaats"), is_number=False),
        Column("pupils", _("Vmbo-leerlingen (leerjaar 3 en 4)")),
        Column("visited", _("Bereikt door schoolbezoek"), is_number=False),
        Column(
            "distance" if campus else "areas",
            _("Afstand tot campus (km)") if campus else _("Campusgebied"),
            is_number=bool(campus),
        ),
        Column("code", _("Vestigingscode"), is_number=False),
    ]
    table = Table(
        key,
        title,
        columns,
        note=_(
            "Leerlingaantallen staan alleen in het vmbo-bestand (2019); bij andere scholen staat 'niet beschikbaar'."
        ),
    )
    names = {c.pk: c.name for c in Campus.objects.filter(is_active=True)} if not campus else {}
    for row in sorted_white_spots(rows, campus):
        where = (
            rounded(row["areas"][campus.pk]) if campus else ", ".join(sorted(names.get(pk, "") for pk in row["areas"]))
        )
        table.add(row["name"], school_kind(row), row["place_name"], row["pupils"], row["visited"], where, row["code"])
    return table


def vmbo_table(rows, campuses):
    table = Table(
        "vmbo",
        _("Vmbo-leerlingen op een vestiging zonder harde techniek"),
        [
            Column("area", _("Gebied"), is_number=False),
            Column("branches", _("Vestigingen")),
            Column("branches_without", _("Vestigingen zonder hard profiel")),
            Column("pupils", _("Leerlingen BL/KL/GL, leerjaar 3 en 4")),
            Column("pupils_without", _("Waarvan op vestiging zonder hard profiel")),
            Column("share", _("% zonder hard profiel")),
            Column("share_technical", _("% als techniekrijen zonder profiel ook meetellen")),
        ],
    )
    for row in area_rows(rows, campuses):
        table.add(
            row["label"],
            row["branches"],
            row["branches_without"],
            row["pupils"],
            row["pupils_without"],
            share(row["pupils_without"], row["pupils"]),
            share(row["pupils_without_technical"], row["pupils"]),
        )
    return table
