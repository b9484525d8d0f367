"""The four MRDH roles: per role a figure, a table per campus and the initiatives behind the figure."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from ..models import Initiative, Theme
from . import offer
from .tables import Column, Table, display, share

NAMES_SHOWN = 10


@dataclass
class Role:
    number: int
    title: str
    explanation: str
    figure: str
    table: Table


def _names(pks, limit=NAMES_SHOWN):
    """The first initiatives (oldest first), as "Title (campus)", in order of title."""
    rows = Initiative.objects.filter(pk__in=sorted(pks)[:limit]).order_by("title").values("title", "campus__name")
    return [f"{r['title']} ({r['campus__name'] or _('geen campus')})" for r in rows]


def roles(figures, campuses):
    """The four MRDH roles: a figure each, a table per campus and the names behind the figure."""
    region = figures.offer[offer.REGION]
    b = figures.region_bookings
    at_school = region.with_key(f"where_{Initiative.LocationType.AT_SCHOOL}")
    coverage = figures.coverage[offer.REGION]["total"]
    bus_pks = region.with_key("bus")
    result = [
        Role(
            1,
            _("Ouders betrekken"),
            _("Initiatieven met ouders als doelgroep, voor ouder en kind samen, of waar ouders welkom zijn."),
            _("%(count)s initiatieven met ouders; %(reached)s ouders bereikt in dit schooljaar.")
            % {"count": region.counts["parents_role"], "reached": b.parents_reached},
            _role_table(
                "role_parents",
                _("Rol 1: initiatieven met ouders"),
                region.with_key("parents_role"),
                figures,
                campuses,
                "parents_role",
            ),
        ),
        Role(
            2,
            _("Gratis busvervoer"),
            _("Aangevraagde en goedgekeurde busritten en het gebruikte budget, en het aanbod waar een bus bij kan."),
            _("%(requested)s busritten aangevraagd, %(approved)s goedgekeurd, € %(used)s van het budget gebruikt.")
            % {"requested": b.bus_requested, "approved": b.bus_approved, "used": b.bus_budget_used},
            _bus_table(figures, campuses, bus_pks),
        ),
        scale_up_role(figures, campuses),
        Role(
            4,
            _("Techniek komt naar school"),
            _("Initiatieven die naar school komen, en het deel van de scholen in de campusgebieden dat ze bereiken."),
            _("%(count)s initiatieven komen naar school; ze bereiken %(share)s %% van de scholen.")
            % {"count": len(at_school), "share": display(share(coverage["visited"], coverage["schools"]) or 0)},
            _role_table(
                "role_visits",
                _("Rol 4: initiatieven die naar school komen"),
                at_school,
                figures,
                campuses,
                f"where_{Initiative.LocationType.AT_SCHOOL}",
            ),
        ),
    ]
    return result


def _role_table(key, title, pks, figures, campuses, figure_key):
    table = Table(key, title, [Column("campus", _("Campus"), is_number=False), Column("count", _("Initiatieven"))])
    for campus in campuses:
        table.add(campus.name, figures.offer[campus.pk].counts[figure_key])
    table.names = _names(pks)
    table.names_total = len(pks)
    return table


def _bus_table(figures, campuses, bus_pks):
    table = Table(
        "role_bus",
        _("Rol 2: busritten per campus"),
        [
            Column("campus", _("Campus"), is_number=False),
            Column("bus_requested", _("Ritten aangevraagd")),
            Column("bus_approved", _("Ritten goedgekeurd")),
            Column("bus_budget", _("Budget gebruikt (€)")),
        ],
    )
    for campus in campuses:
        b = figures.bookings[campus.pk]
        table.add(campus.name, b.bus_requested, b.bus_approved, b.bus_budget_used)
    table.names = _names(bus_pks)
    table.names_total = len(bus_pks)
    return table


def scale_up_role(figures, campuses):
    """Role 3: themes offered around one campus and missing around another, with the initiatives that could scale up."""
    all_campuses = figures.campuses
    themes = list(Theme.objects.order_by("position", "name"))
    gaps = {}
    for theme in themes:
        present = [c for c in all_campuses if figures.offer[c.pk].themes.get(theme.pk)]
        missing = [c for c in all_campuses if not figures.offer[c.pk].themes.get(theme.pk)]
        if present and missing:
            gaps[theme.pk] = (theme, missing)
    candidates = {pk: [] for pk in gaps}
    links = (
        Initiative.themes.through.objects.filter(
            theme_id__in=list(gaps), initiative__status=Initiative.Status.PUBLISHED
        )
        .exclude(initiative__campus=None)
        .order_by("initiative__title")
        .values_list("theme_id", "initiative__title", "initiative__campus__name")
    )
    for theme_pk, title, campus_name in links:
        if len(candidates[theme_pk]) < 5:
            candidates[theme_pk].append(f"{title} ({campus_name})")
    table = Table(
        "scale_up",
        _("Rol 3: opschalen, thema's die rond de ene campus wel en rond de andere niet worden aangeboden"),
        [
            Column("theme", _("Thema"), is_number=False),
            Column("missing", _("Ontbreekt rond"), is_number=False),
            Column("candidates", _("Kandidaten om op te schalen (initiatief en campus)"), is_number=False),
        ],
    )
    for theme, missing in gaps.values():
        table.add(theme.name, ", ".join(c.name for c in missing), "; ".join(candidates[theme.pk]))
    return Role(
        3,
        _("Opschalen naar andere regio's"),
        _(
            "Thema's met aanbod rond minstens één campus dat rond een andere campus ontbreekt, met de initiatieven "
            "die het kunnen brengen."
        ),
        _("%(count)s thema's ontbreken rond minstens één campus.") % {"count": len(gaps)},
        table,
    )
