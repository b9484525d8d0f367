"""What waits for whom: the review inbox on the admin home, per role and scope."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import permissions, review
from .bookings.models import Booking, BusRequest
from .curation import quality
from .models import Initiative, PendingChange
from .permissions import Role


@dataclass(frozen=True)
class InboxItem:
    label: str
    count: int
    url: str


def _item(label, queryset, url_name, query):
    return InboxItem(label=str(label), count=queryset.count(), url=f"{reverse(url_name)}?{query}")


def inbox(user):
    """The inbox rows for user (empty for someone without a role)."""
    role = permissions.role_of(user)
    if role is None:
        return []
    initiatives = permissions.scope_initiatives(user, Initiative.objects.all())
    changes = review.scope_changes(user, PendingChange.objects.all())
    items = []
    if role in (Role.MRDH, Role.CAMPUS):
        items += [
            _item(
                _("Nieuwe initiatieven ter beoordeling"),
                initiatives.filter(status=Initiative.Status.REVIEW),
                "admin:initiatives_initiative_changelist",
                "status__exact=review",
            ),
            _item(
                _("Wijzigingen van aanbieders ter beoordeling"),
                changes.to_review(),
                "admin:initiatives_pendingchange_changelist",
                "status__exact=pending",
            ),
        ]
    else:
        items += [
            _item(
                _("Teruggestuurde wijzigingen om aan te passen"),
                changes.filter(status=PendingChange.Status.SENT_BACK),
                "admin:initiatives_pendingchange_changelist",
                "status__exact=sent_back",
            ),
            _item(
                _("Wijzigingen die wachten op beoordeling"),
                changes.to_review(),
                "admin:initiatives_pendingchange_changelist",
                "status__exact=pending",
            ),
        ]
    if user.has_perm("initiatives.view_booking"):
        bookings = Booking.objects.filter(permissions.initiative_scope_q(user, "initiative__"))
        items.append(
            _item(
                _("Boekingsaanvragen om te beslissen"),
                bookings.filter(status=Booking.Status.REQUESTED),
                "admin:initiatives_booking_changelist",
                "status__exact=requested",
            )
        )
    if user.has_perm("initiatives.change_busrequest"):
        trips = BusRequest.objects.filter(permissions.initiative_scope_q(user, "booking__initiative__"))
        items.append(
            _item(
                _("Busaanvragen om goed te keuren"),
                trips.filter(status=BusRequest.Status.REQUESTED),
                "admin:initiatives_busrequest_changelist",
                "status__exact=requested",
            )
        )
    items.append(
        _item(
            _("Een jaar of langer niet gecontroleerd"),
            quality.stale(initiatives),
            "admin:initiatives_initiative_changelist",
            "gecontroleerd=verouderd",
        )
    )
    return items
