"""Yearly snapshots of the key figures, so MRDH sees per school year whether a role works.

`take_snapshot()` stores the figures of the current school year (portal.schoolyear) as they stand;
taking it again in the same school year replaces them. It runs on demand (`manage.py
coverage_snapshot`, the button on the dashboard) and as the task `take_coverage_snapshot`.
"""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.schoolyear import SchoolYear

from ..models import CoverageSnapshot
from . import offer
from .figures import compute
from .forms import DEFAULT_DISTANCE_KM
from .tables import Column, Table, share
from .vmbo import area_row

TREND_FIGURES = (
    ("total", gettext_lazy("Initiatieven")),
    ("po_share", gettext_lazy("% voor po")),
    ("parents_share", gettext_lazy("% voor ouders")),
    ("girls_share", gettext_lazy("% voor meisjes")),
    ("practice_share", gettext_lazy("% praktijkgericht")),
    ("covered_share", gettext_lazy("% scholen met passend aanbod")),
    ("white_spots", gettext_lazy("Witte vlekken")),
    ("vmbo_share", gettext_lazy("% vmbo zonder hard profiel (MRDH)")),
    ("pupils_reached", gettext_lazy("Leerlingen bereikt")),
    ("parents_reached", gettext_lazy("Ouders bereikt")),
    ("bus_approved", gettext_lazy("Busritten goedgekeurd")),
)


def _number(value):
    return float(value) if isinstance(value, Decimal) else value


def key_figures(figures, area, bookings):
    f, c = figures.offer[area], figures.coverage[area]["total"]
    return {
        "total": f.total,
        "po_share": _number(share(f.counts["po"], f.total)),
        "parents_share": _number(share(f.counts["tg_ouders"], f.total)),
        "girls_share": _number(share(f.counts["tg_meisjes"], f.total)),
        "practice_share": _number(share(f.counts["practice_high"], f.total)),
        "covered_share": _number(share(c["covered"], c["schools"])),
        "white_spots": c["white_spots"],
        "pupils_reached": bookings.pupils_reached,
        "parents_reached": bookings.parents_reached,
        "bus_approved": bookings.bus_approved,
    }


def take_snapshot(*, now=None):
    """Store the figures of the school year containing `now` (default: today); return the snapshot."""
    now = now or timezone.now()
    year = SchoolYear.containing(timezone.localdate(now))
    with transaction.atomic():
        figures = compute(school_year=year, distance_km=float(DEFAULT_DISTANCE_KM), include_visits=False)
        region = key_figures(figures, offer.REGION, figures.region_bookings)
        mrdh = area_row(figures.vmbo_rows, "mrdh")
        region["vmbo_share"] = _number(share(mrdh["pupils_without"], mrdh["pupils"])) if mrdh else None
        data = {
            "region": region,
            "campuses": {
                c.slug: {"name": c.name, **key_figures(figures, c.pk, figures.bookings[c.pk])} for c in figures.campuses
            },
        }
        snapshot, _created = CoverageSnapshot.objects.update_or_create(
            school_year=year.start_year,
            defaults={"taken_at": now, "distance_km": DEFAULT_DISTANCE_KM, "figures": data},
        )
    return snapshot


def trend():
    """The region's key figures per school year; the first year is the baseline."""
    columns = [Column("year", _("Schooljaar"), is_number=False)]
    columns += [Column(key, str(label)) for key, label in TREND_FIGURES]
    table = Table("trend", _("Per schooljaar (momentopnamen, afstand 10 km)"), columns)
    for position, snapshot in enumerate(CoverageSnapshot.objects.order_by("school_year")):
        region = snapshot.figures.get("region", {})
        label = str(SchoolYear(snapshot.school_year))
        if position == 0:
            label = _("%(year)s (basisjaar)") % {"year": label}
        table.add(label, *(_value(region.get(key)) for key, _label in TREND_FIGURES))
    return table


def _value(value):
    if isinstance(value, float):
        return Decimal(str(value)).quantize(Decimal("0.1"))
    return value
