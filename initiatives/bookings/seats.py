"""The one count of free seats, shared by the detail page, the booking form, the API and the services.

Lives with the bookings (not on the catalogue's Session) so that the catalogue models never import
the booking models: bookings depend on sessions, not the other way round.

A seat is free for a new booking when no confirmed, requested or offered booking holds it and no
waitlisted booking that is first in line would get it. The waitlist counts the same way in every
waitlist mode: first come, first served, and a booking only takes seats in sessions where its whole
group fits (as `services._offer_freed_seats` hands them out). In "provider picks" mode the seats
stay with the waitlist until the provider decides; with "hold offer" an offered seat is held.
`Session.seats_left` reads the two numbers this module sets: `seats_taken` and `seats_reserved`.
"""

from django.db.models import Exists, OuterRef, Q, Sum
from django.db.models.functions import Coalesce
from django.db.models.query import ModelIterable
from django.utils import timezone

from .models import Booking


def with_seats_taken(sessions):
    """A Session queryset annotated with `seats_taken` (seats held by open bookings); once its rows
    are fetched, each also has `seats_reserved` for the waitlist.

    One query for a list, a second only when a session in it has a waitlist. The booking services
    lock the session rows before they count (`services._lock_sessions`).
    """
    held = Q(bookings__status__in=Booking.SEAT_HOLDING_STATUSES)
    waiting = Booking.objects.filter(sessions=OuterRef("pk"), status=Booking.Status.WAITLISTED)
    counted = sessions.annotate(
        seats_taken=Coalesce(Sum("bookings__seats", filter=held), 0), has_waitlist=Exists(waiting)
    )
    if not counted.query.order_by:
        # A GROUP BY query drops the model's Meta.ordering: dates would come in the table's order.
        counted = counted.order_by(*counted.model._meta.ordering, "pk")
    counted.__class__ = _counting_class(type(counted))  # kept by every clone (filter, order_by, ...)
    return counted


_counting_classes = {}


def _counting_class(queryset_class):
    """The queryset class that reserves the waitlist's seats once the rows are fetched."""
    if getattr(queryset_class, "_counts_waitlist", False):
        return queryset_class
    if queryset_class not in _counting_classes:

        class WaitlistCounting(queryset_class):
            _counts_waitlist = True

            def iterator(self, chunk_size=None):
                # Form choices iterate this way; the waitlist count needs the whole list at once.
                return iter(self._chain())

            def _fetch_all(self):
                fetched = self._result_cache is not None
                super()._fetch_all()
                if not fetched and self._iterable_class is ModelIterable:
                    reserve_for_waitlist(self._result_cache)

        WaitlistCounting.__name__ = f"WaitlistCounting{queryset_class.__name__}"
        _counting_classes[queryset_class] = WaitlistCounting
    return _counting_classes[queryset_class]


def reserve_for_waitlist(sessions, now=None):
    """Set `seats_reserved` on each session: the seats the waitlisted bookings first in line would get.

    One query for the whole list. A waitlisted booking that also needs a session outside `sessions`
    reserves nothing (the services skip it the same way when they hand out freed seats).
    """
    sessions = list(sessions)
    # with_seats_taken() says which sessions have a waitlist at all: none, no query.
    by_pk = {session.pk: session for session in sessions if getattr(session, "has_waitlist", True)}
    for session in sessions:
        session.seats_reserved = 0
    if not by_pk:
        return sessions
    through = Booking.sessions.through.objects
    waiting = Booking.objects.waitlisted().filter(starts_at__gt=now or timezone.now())
    waiting_here = through.filter(session_id__in=list(by_pk), booking__in=waiting).values("booking_id")
    rows = (
        through.filter(booking_id__in=waiting_here)
        .order_by("booking__created_at", "booking_id")
        .values_list("booking_id", "booking__seats", "session_id")
    )
    queue = {}
    for booking_id, seats, session_id in rows:
        queue.setdefault(booking_id, (seats, []))[1].append(by_pk.get(session_id))
    for seats, its_sessions in queue.values():
        if None in its_sessions:
            continue
        if all(session.capacity - session.seats_taken - session.seats_reserved >= seats for session in its_sessions):
            for session in its_sessions:
                session.seats_reserved += seats
    return sessions
