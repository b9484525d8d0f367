"""Seat counting: how many seats of a session are held by bookings, and how many are left.

Lives with the bookings (not on the catalogue's Session) so that the catalogue models never
import the booking models: bookings depend on sessions, not the other way round.
"""

from django.db.models import F, Q, Sum, Value
from django.db.models.functions import Coalesce, Greatest

from .models import Booking


def with_seats_taken(sessions):
    """Annotate `seats_taken` (seats held by open bookings) and `seats_left` on a Session queryset.

    One query for a whole list; the booking services lock the session rows before they count.
    """
    held = Q(bookings__status__in=Booking.SEAT_HOLDING_STATUSES)
    return sessions.annotate(seats_taken=Coalesce(Sum("bookings__seats", filter=held), 0)).annotate(
        seats_left=Greatest(F("capacity") - F("seats_taken"), Value(0))
    )
