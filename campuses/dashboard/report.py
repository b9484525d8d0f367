"""The dashboard's tables, built from the figures in services.py and vmbo.py."""

from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import transaction
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from initiatives.models import Initiative, PracticeLevel
from portal.schoolyear import SchoolYear

from . import services
from .tables import Column, Table, rounded, share
from .vmbo import vmbo_finding

TARGET_GROUP_LABELS = {
    "leerlingen": gettext_lazy("Leerlingen"),
    "ouders": gettext_lazy("Ouders"),
    "meisjes": gettext_lazy("Meisjes"),
    "migratieachtergrond": gettext_lazy("Leerlingen met een migratieachtergrond"),
}


@dataclass
class Dashboard:
    campuses: list
    campus: object
    school_year: SchoolYear
    distance_km: float
    tables: dict = field(default_factory=dict)
    facts: dict = field(default_factory=dict)
    white_spot_points: list = field(default_factory=list)

    def table(self, key):
        return self.tables[key]


CACHE_SECONDS = 600


def build_dashboard(*, campus=None, school_year, distance_km, now=None):
    """Every table of the dashboard for the chosen campus (None: the first active one), school year and distance.

    Cached under the data's version (services.data_version): any change to the offer, the
    campuses, the schools or the vmbo flags gives a new key, so the figures stay live; the
    timeout only ages the "still to come" session count. An explicit `now` bypasses the cache.
    """
    with transaction.atomic(), services.without_jit():
        if now is not None:
            return _build(campus=campus, school_year=school_year, distance_km=distance_km, now=now)
        key = ":".join(
            [
                "dashboard",
                services.data_version(),
                str(campus.pk if campus else ""),
                str(school_year.start_year),
                f"{distance_km:g}",
                get_language() or "",
            ]
        )
        return cache.get_or_set(
            key,
            lambda: _build(campus=campus, school_year=school_year, distance_km=distance_km, now=None),
            CACHE_SECONDS,
        )


def _build(*, campus, school_year, distance_km, now):
    campuses = services.active_campuses()
    if campus is None and campuses:
        campus = campuses[0]
    dashboard = Dashboard(campuses, campus, school_year, distance_km)
    max_service_km = services.max_service_radius_km()
    themes = services.themes_with_providers()
    figures = services.initiative_figures_by_campus(campuses, max_service_km=max_service_km, themes=themes)
    coverage = services.school_coverage(campuses, distance_km=distance_km, max_service_km=max_service_km)
    bookings = services.booking_figures_by_campus(campuses, school_year=school_year)
    dashboard.facts = {"online": services.online_initiative_count()}
    _add(dashboard, comparison_table(campuses, figures, coverage))
    if campus is not None:
        own = figures.get(campus.pk) or services.initiative_figures(campus, max_service_km=max_service_km)
        sessions = services.session_figures(campus, max_service_km=max_service_km, school_year=school_year, now=now)
        for table in breakdown_tables(own):
            _add(dashboard, table)
        _add(
            dashboard,
            activity_table(
                sessions, bookings.get(campus.pk) or services.booking_figures(campus=campus, school_year=school_year)
            ),
        )
        if campus.pk in coverage:
            _add(dashboard, schools_table(coverage[campus.pk]))
        spots = list(
            services.white_spots(campus, distance_km=distance_km, campuses=campuses, max_service_km=max_service_km)
        )
        _add(dashboard, white_spots_table(spots))
        dashboard.white_spot_points = [
            {"name": s["name"], "place": s["place_name"], "lat": float(s["latitude"]), "lon": float(s["longitude"])}
            for s in spots
        ]
    vmbo_rows, vmbo_facts = vmbo_finding(campuses)
    dashboard.facts["vmbo"] = vmbo_facts
    _add(dashboard, vmbo_table(vmbo_rows))
    _add(dashboard, roles_table(campuses, figures, coverage, bookings))
    _add(dashboard, scale_up_table(themes, services.theme_presence(campuses, themes, figures), campuses))
    return dashboard


def _add(dashboard, table):
    dashboard.tables[table.key] = table


def comparison_table(campuses, figures, coverage):
    table = Table(
        "comparison",
        _("Alle campussen naast elkaar"),
        [
            Column("campus", _("Campus"), is_number=False),
            Column("radius", _("Straal (km)")),
            Column("total", _("Initiatieven")),
            Column("po", _("Voor po")),
            Column("vo", _("Voor vo")),
            Column("parents", _("Met ouders")),
            Column("girls", _("Voor meisjes")),
            Column("migration", _("Voor migratieachtergrond")),
            Column("practice_average", _("Praktijkgerichtheid gemiddeld (1-4)")),
            Column("practice_high", _("% praktijkgericht (3 of 4)")),
            Column("schools", _("Scholen in gebied")),
            Column("white_spots", _("Scholen zonder aanbod dichtbij")),
            Column("covered_share", _("% scholen met aanbod dichtbij")),
        ],
        chart_column="total",
    )
    for campus in campuses:
        f, c = figures[campus.pk], coverage.get(campus.pk, {})
        table.add(
            campus.name,
            campus.radius_km,
            f["total"],
            f["po"],
            f["vo"],
            f["parents_role"],
            f["tg_meisjes"],
            f["tg_migratieachtergrond"],
            rounded(f["practice_average"]),
            share(f["practice_high"], f["total"]),
            c.get("schools", 0),
            c.get("white_spots", 0),
            share(c.get("covered", 0), c.get("schools", 0)),
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
    total = f["total"]
    yield _count_table(
        "levels",
        _("Schoolniveau"),
        _("Niveau"),
        [
            (_("Primair onderwijs (po)"), f["po"]),
            (_("Voortgezet onderwijs (vo)"), f["vo"]),
            (_("vo: vmbo"), f["vmbo"]),
            (_("vo: havo"), f["havo"]),
            (_("vo: vwo"), f["vwo"]),
        ],
        total,
    )
    groups = [(str(TARGET_GROUP_LABELS[slug]), f[f"tg_{slug}"]) for slug in services.TARGET_GROUP_SLUGS]
    groups.append((_("Ouders betrokken (doelgroep ouders, ouder en kind samen of ouders welkom)"), f["parents_role"]))
    yield _count_table("target_groups", _("Doelgroep"), _("Doelgroep"), groups, total)
    yield _count_table(
        "practice",
        _("Praktijkgerichtheid"),
        _("Niveau"),
        [(str(level.label), f[f"level_{level.value}"]) for level in PracticeLevel],
        total,
    )
    yield _count_table(
        "activity_types",
        _("Soort activiteit"),
        _("Soort"),
        [(str(label), f[f"type_{value}"]) for value, label in Initiative.ActivityType.choices],
        total,
    )
    yield _count_table(
        "location_types",
        _("Waar het plaatsvindt"),
        _("Waar"),
        [(str(label), f[f"where_{value}"]) for value, label in Initiative.LocationType.choices],
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


def schools_table(c):
    table = Table(
        "schools",
        _("Scholen in het campusgebied"),
        [
            Column("label", _("Soort school"), is_number=False),
            Column("schools", _("Scholen")),
            Column("covered", _("Met aanbod dichtbij")),
            Column("white_spots", _("Zonder aanbod dichtbij")),
            Column("share", _("% met aanbod dichtbij")),
        ],
        chart_column="white_spots",
    )
    for label, schools, covered in (
        (_("Basisscholen (po)"), c["po"], c["covered_po"]),
        (_("Middelbare scholen (vo)"), c["vo"], c["covered_vo"]),
        (_("Totaal"), c["schools"], c["covered"]),
    ):
        table.add(label, schools, covered, schools - covered, share(covered, schools))
    return table


def _school_kind(row):
    if row["kind"] == "po":
        return _("po")
    tracks = [name for flag, name in (("has_vmbo", "vmbo"), ("has_havo", "havo"), ("has_vwo", "vwo")) if row[flag]]
    return _("vo") + (f" ({', '.join(tracks)})" if tracks else "")


def white_spots_table(spots):
    table = Table(
        "white_spots",
        _("Witte vlekken: scholen zonder aanbod dichtbij"),
        [
            Column("name", _("School"), is_number=False),
            Column("kind", _("Soort"), is_number=False),
            Column("place", _("Plaats"), is_number=False),
            Column("distance", _("Afstand tot campus (km)")),
            Column("code", _("Vestigingscode"), is_number=False),
        ],
    )
    for row in spots:
        table.add(row["name"], _school_kind(row), row["place_name"], rounded(row["distance_km"]), row["code"])
    return table


def vmbo_table(rows):
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
        chart_column="share",
    )
    for row in rows:
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


def roles_table(campuses, figures, coverage, bookings):
    table = Table(
        "roles",
        _("Rollen 1, 2 en 4 per campus"),
        [
            Column("campus", _("Campus"), is_number=False),
            Column("parents", _("1. Ouders: initiatieven met ouders")),
            Column("parents_reached", _("1. Ouders bereikt")),
            Column("bus_requested", _("2. Bus: ritten aangevraagd")),
            Column("bus_approved", _("2. Bus: ritten goedgekeurd")),
            Column("bus_budget", _("2. Bus: budget gebruikt (€)")),
            Column("at_school", _("4. Komt naar school: initiatieven")),
            Column("visited_share", _("4. % scholen bereikt door initiatieven die naar school komen")),
        ],
    )
    for campus in campuses:
        f, c, b = figures[campus.pk], coverage.get(campus.pk, {}), bookings[campus.pk]
        table.add(
            campus.name,
            f["parents_role"],
            b.parents_reached,
            b.bus_requested,
            b.bus_approved,
            b.bus_budget_used,
            f["where_at_school"],
            share(c.get("visited", 0), c.get("schools", 0)),
        )
    return table


def scale_up_table(themes, presence, campuses):
    table = Table(
        "scale_up",
        _("3. Opschalen: thema's die rond de ene campus wel en rond de andere niet worden aangeboden"),
        [
            Column("theme", _("Thema"), is_number=False),
            Column("campuses_with", _("Campussen met aanbod")),
            Column("campuses_without", _("Campussen zonder aanbod")),
            Column("missing", _("Ontbreekt rond"), is_number=False),
            Column("providers", _("Aanbieders (die kunnen opschalen)")),
        ],
    )
    for theme in themes:
        present = [c for c in campuses if presence[c.pk].get(theme.pk)]
        missing = [c.name for c in campuses if not presence[c.pk].get(theme.pk)]
        if present and missing:
            table.add(theme.name, len(present), len(missing), ", ".join(missing), theme.providers)
    return table
