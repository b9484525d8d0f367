"""What in the inventory needs a coordinator's attention: each check is one SQL query.

Archived initiatives are left out: nobody sees them, so they need no attention.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Lower, Trim
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import Initiative, Session

# External reference of the entries loaded from initiatieven_openbare_bronnen.csv (load_public_inventory).
PUBLIC_SOURCES_PREFIX = "openbaar-"


def year_before(day):
    """The same date a year earlier (28 February for 29 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def stale(queryset, today=None):
    """Initiatives not verified for 12 months or more (or never)."""
    return queryset.not_verified_since(year_before(today or timezone.localdate()) + datetime.timedelta(days=1))


def likely_duplicates(queryset):
    """Initiatives that share provider and (case and spaces forgiven) title with another one."""
    normalized = Lower(Trim("title"))
    twins = (
        Initiative.objects.exclude(status=Initiative.Status.ARCHIVED)
        .annotate(normalized_title=normalized)
        .filter(provider_id=OuterRef("provider_id"), normalized_title=OuterRef("normalized_title"))
        .exclude(pk=OuterRef("pk"))
    )
    return queryset.annotate(normalized_title=normalized).filter(Exists(twins))


@dataclass
class Check:
    slug: str
    title: str
    explanation: str
    queryset: object


def checks(queryset, today=None, now=None):
    """The data-quality checks over queryset (already scoped to the user)."""
    current = queryset.exclude(status=Initiative.Status.ARCHIVED).select_related("provider", "campus")
    has_target_group = Initiative.target_groups.through.objects.filter(initiative_id=OuterRef("pk"))
    upcoming = Session.objects.upcoming(now).filter(initiative_id=OuterRef("pk"))
    return [
        Check(
            "navragen",
            _("Navragen bij de aanbieder"),
            _(
                "Gevonden op openbare webpagina's (zie de bron en wanneer die het zo beschreef) en nog nooit "
                "gecontroleerd: vraag de aanbieder of het aanbod nog zo bestaat voordat je het publiceert."
            ),
            current.filter(external_ref__startswith=PUBLIC_SOURCES_PREFIX, last_verified_on__isnull=True),
        ),
        Check(
            "geen-locatie",
            _("Geen locatie"),
            _("Geen punt op de kaart, terwijl de activiteit niet online is."),
            current.filter(Q(latitude__isnull=True) | Q(longitude__isnull=True)).exclude(
                location_type=Initiative.LocationType.ONLINE
            ),
        ),
        Check(
            "locatie-bij-benadering",
            _("Locatie bij benadering"),
            _("Het punt komt van de postcode (PC4), niet van het adres."),
            current.filter(is_point_approximate=True),
        ),
        Check(
            "geen-doelgroep",
            _("Geen doelgroep"),
            _("Er is geen doelgroep gekozen (leerlingen, ouders, meisjes ...)."),
            current.exclude(Exists(has_target_group)),
        ),
        Check(
            "geen-schoolniveau",
            _("Geen schoolniveau"),
            _("Niet ingevuld voor welke po-groepen of vo-leerjaren het is."),
            current.filter(po_group_from__isnull=True, vo_year_from__isnull=True),
        ),
        Check(
            "geen-komende-sessies",
            _("Gepubliceerd zonder komende data"),
            _("Boeken gaat via dit portaal, maar er staan geen komende sessies."),
            current.filter(status=Initiative.Status.PUBLISHED, booking_mode=Initiative.BookingMode.BOOK_HERE).exclude(
                Exists(upcoming)
            ),
        ),
        Check(
            "niet-gecontroleerd",
            _("Een jaar of langer niet gecontroleerd"),
            _("De gegevens zijn 12 maanden of langer niet gecontroleerd (of nog nooit)."),
            stale(current, today),
        ),
        Check(
            "mogelijke-dubbelingen",
            _("Mogelijke dubbelingen"),
            _("Dezelfde aanbieder heeft een initiatief met dezelfde titel."),
            likely_duplicates(current).order_by("provider__name", "normalized_title"),
        ),
    ]
