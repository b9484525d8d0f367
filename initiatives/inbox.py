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


def _status_item(label, queryset, status):
    """How many rows have `status`, linking to the admin list filtered the same way (what it counts, it shows)."""
    opts = queryset.model._meta
    changelist = f"admin:{opts.app_label}_{opts.model_name}_changelist"
    return _item(label, queryset.filter(status=status), changelist, f"status__exact={status}")


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
            _status_item(_("Nieuwe initiatieven ter beoordeling"), initiatives, Initiative.Status.REVIEW),
            _status_item(_("Wijzigingen van aanbieders ter beoordeling"), changes, PendingChange.Status.PENDING),
        ]
    else:
        items += [
            _status_item(_("Teruggestuurde wijzigingen om aan te passen"), changes, PendingChange.Status.SENT_BACK),
            _status_item(_("Wijzigingen die wachten op beoordeling"), changes, PendingChange.Status.PENDING),
        ]
    if user.has_perm("initiatives.view_booking"):
        bookings = Booking.objects.filter(permissions.initiative_scope_q(user, "initiative__"))
        items.append(_status_item(_("Boekingsaanvragen om te beslissen"), bookings, Booking.Status.REQUESTED))
    if user.has_perm("initiatives.change_busrequest"):
        trips = BusRequest.objects.filter(permissions.initiative_scope_q(user, "booking__initiative__"))
        items.append(_status_item(_("Busaanvragen om goed te keuren"), trips, BusRequest.Status.REQUESTED))
    items.append(
        _item(
            _("Een jaar of langer niet gecontroleerd"),
            quality.stale(initiatives),
            "admin:initiatives_initiative_changelist",
            "gecontroleerd=verouderd",
        )
    )
    return items
