"""The five SEOR findings at a glance: per finding the study's words, today's figure and a small table."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import offer
from .tables import Column, Table, rounded, share
from .vmbo import area_row, area_rows

# Finding 4 compares the campuses in these municipalities (CBS codes) with those in the three cities.
DIFFERENT_MUNICIPALITIES = {"GM1992": "Voorne aan Zee", "GM0637": "Zoetermeer"}
CITY_MUNICIPALITIES = {"GM0503": "Delft", "GM0518": "Den Haag", "GM0599": "Rotterdam"}

STUDY = {
    1: gettext_lazy("Relatief weinig initiatieven zijn gericht op het primair onderwijs (po)."),
    2: gettext_lazy(
        "Weinig initiatieven richten zich uitdrukkelijk op ouders, en heel weinig op meisjes of op leerlingen "
        "met een migratieachtergrond."
    ),
    3: gettext_lazy("De activiteiten kunnen veel praktijkgerichter."),
    4: gettext_lazy(
        "Rond de campussen in Voorne aan Zee en Zoetermeer ziet het aanbod er anders uit dan in Delft, Den Haag "
        "en Rotterdam."
    ),
    5: gettext_lazy(
        "Ongeveer de helft van de vmbo-leerlingen in de beroepsgerichte leerwegen zit op een vestiging zonder "
        "'harde' techniekprofielen."
    ),
}


@dataclass
class Panel:
    number: int
    study: str
    now: str  # today's figure for the region, in a sentence
    table: Table


def _areas(figures, campuses):
    return [(offer.REGION, _("Alle campusgebieden")), *((c.pk, c.name) for c in campuses)]


def _share_panel(number, key, title, columns, values, now, figures, campuses):
    table = Table(key, title, [Column("area", _("Gebied"), is_number=False), *columns], chart_column=columns[0].key)
    for area, label in _areas(figures, campuses):
        table.add(label, *values(figures.offer[area]))
    return Panel(number, str(STUDY[number]), now, table)


def panels(figures, campuses):
    region = figures.offer[offer.REGION]

    def pct(part, f=region):
        return share(part, f.total)

    p1 = _share_panel(
        1,
        "finding_po",
        _("Bevinding 1: aandeel van het aanbod voor het po"),
        [Column("po_share", _("% voor po")), Column("po", _("Voor po")), Column("total", _("Initiatieven"))],
        lambda f: (share(f.counts["po"], f.total), f.counts["po"], f.total),
        _("%(share)s %% van het aanbod rond de campussen is (ook) voor het po.")
        % {"share": _fmt(pct(region.counts["po"]))},
        figures,
        campuses,
    )
    p2 = _share_panel(
        2,
        "finding_groups",
        _("Bevinding 2: aandeel voor ouders, meisjes en leerlingen met een migratieachtergrond"),
        [
            Column("parents", _("% voor ouders")),
            Column("girls", _("% voor meisjes")),
            Column("migration", _("% voor migratieachtergrond")),
        ],
        lambda f: tuple(
            share(f.counts[f"tg_{slug}"], f.total) for slug in ("ouders", "meisjes", "migratieachtergrond")
        ),
        _(
            "%(parents)s %% van het aanbod richt zich op ouders, %(girls)s %% op meisjes en %(migration)s %% op "
            "leerlingen met een migratieachtergrond."
        )
        % {
            "parents": _fmt(pct(region.counts["tg_ouders"])),
            "girls": _fmt(pct(region.counts["tg_meisjes"])),
            "migration": _fmt(pct(region.counts["tg_migratieachtergrond"])),
        },
        figures,
        campuses,
    )
    p3 = _share_panel(
        3,
        "finding_practice",
        _("Bevinding 3: praktijkgerichtheid (niveau 3 of 4 op de schaal van 1 tot 4)"),
        [Column("practice_high", _("% praktijkgericht (3 of 4)")), Column("average", _("Gemiddeld niveau (1-4)"))],
        lambda f: (share(f.counts["practice_high"], f.total), rounded(f.practice_average)),
        _(
            "%(share)s %% van het aanbod is praktijkgericht (zelf maken of onderzoeken, of echte praktijk); het "
            "gemiddelde niveau is %(average)s."
        )
        % {"share": _fmt(pct(region.counts["practice_high"])), "average": _fmt(rounded(region.practice_average))},
        figures,
        campuses,
    )
    return [p1, p2, p3, comparison_panel(figures, campuses), vmbo_panel(figures, campuses)]


def _fmt(value):
    from .tables import display

    return display(value)


def comparison_panel(figures, campuses):
    """Finding 4: the campuses of Voorne aan Zee and Zoetermeer beside those of Delft, Den Haag and Rotterdam."""
    table = Table(
        "finding_places",
        _("Bevinding 4: dezelfde cijfers naast elkaar, per campus"),
        [
            Column("campus", _("Campus"), is_number=False),
            Column("group", _("Groep"), is_number=False),
            Column("total", _("Initiatieven")),
            Column("po_share", _("% voor po")),
            Column("parents_share", _("% voor ouders")),
            Column("practice_high", _("% praktijkgericht")),
            Column("covered_share", _("% scholen met passend aanbod")),
        ],
        chart_column="total",
    )
    groups = (
        (DIFFERENT_MUNICIPALITIES, _("Voorne aan Zee en Zoetermeer")),
        (CITY_MUNICIPALITIES, _("Delft, Den Haag en Rotterdam")),
    )
    for municipalities, label in groups:
        for campus in campuses:
            if campus.municipality.code not in municipalities:
                continue
            f, c = figures.offer[campus.pk], figures.coverage[campus.pk]["total"]
            table.add(
                campus.name,
                label,
                f.total,
                share(f.counts["po"], f.total),
                share(f.counts["tg_ouders"], f.total),
                share(f.counts["practice_high"], f.total),
                share(c["covered"], c["schools"]),
            )
    now = " ".join(_group_sentence(figures, municipalities, label) for municipalities, label in groups)
    return Panel(4, str(STUDY[4]), now, table)


def _group_sentence(figures, municipalities, label):
    """Today's figures of the campuses in these municipalities together (each initiative counted once)."""
    members = [c for c in figures.campuses if c.municipality.code in municipalities]
    if not members:
        return _("%(group)s: geen actieve campus.") % {"group": label}
    keys_of = {}
    for campus in members:
        keys_of.update(figures.offer[campus.pk].keys_of)
    total = len(keys_of)

    def pct(key):
        return _fmt(share(sum(1 for keys in keys_of.values() if key in keys), total))

    return _(
        "%(group)s: %(total)s initiatieven rond %(campuses)s campussen, %(po)s %% voor po, %(parents)s %% voor "
        "ouders, %(practice)s %% praktijkgericht."
    ) % {
        "group": label,
        "total": total,
        "campuses": len(members),
        "po": pct("po"),
        "parents": pct("tg_ouders"),
        "practice": pct("practice_high"),
    }


def vmbo_panel(figures, campuses):
    table = Table(
        "finding_vmbo",
        _("Bevinding 5: vmbo-leerlingen (BL, KL, GL; leerjaar 3 en 4) op een vestiging zonder hard techniekprofiel"),
        [
            Column("area", _("Gebied"), is_number=False),
            Column("share", _("% zonder hard profiel")),
            Column("pupils", _("Leerlingen")),
        ],
        chart_column="share",
    )
    for row in area_rows(figures.vmbo_rows, campuses):
        table.add(row["label"], share(row["pupils_without"], row["pupils"]), row["pupils"])
    zh = area_row(figures.vmbo_rows, "zh")
    zh_share = share(zh["pupils_without"], zh["pupils"]) if zh else None
    if zh_share is None:
        now = _("Er zijn nog geen vmbo-gegevens geladen.")
    else:
        now = _("In Zuid-Holland zit %(share)s %% van deze leerlingen op zo'n vestiging (gegevens van DUO, 2019).") % {
            "share": _fmt(zh_share)
        }
    return Panel(5, str(STUDY[5]), now, table)
