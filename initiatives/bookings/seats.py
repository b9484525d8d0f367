"""The one count of free seats, shared by the detail page, the booking form, the API and the services.

A seat is free for a new booking when no confirmed, requested or offered booking holds it and no
waitlisted booking that is first in line would get it. The waitlist counts the same way in every
waitlist mode: first come, first served, and a booking only takes seats in sessions where its whole
group fits (as `services._offer_freed_seats` hands them out). In "provider picks" mode the seats
stay with the waitlist until the provider decides; with "hold offer" an offered seat is held.
"""

from django.utils import timezone


def reserve_for_waitlist(sessions, now=None):
    """Set `seats_reserved` on each session: the seats the waitlisted bookings first in line would get.

    One query for the whole list. A waitlisted booking that also needs a session outside `sessions`
    reserves nothing (the services skip it the same way when they hand out freed seats).
    """
    from ..models import Booking

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
