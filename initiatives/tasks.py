"""Recurring background jobs of the offer (run by the worker, scheduled in settings.PERIODIC_TASKS).

Each job is also a management command of the same name, for running it by hand.
"""

import datetime
from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from .bookings import emails, services
from .bookings.models import Booking


@task()
def send_booking_reminders(days=None):
    """Queue a reminder for each confirmed booking in the next BOOKING_REMINDER_DAYS days; returns the count."""
    days = settings.BOOKING_REMINDER_DAYS if days is None else days
    due = Booking.objects.due_for_reminder(days=days).select_related("initiative__provider")
    queued = 0
    for booking in due.prefetch_related("sessions"):
        # Queued and marked in one transaction: a crash halfway never sends the first ones twice.
        with transaction.atomic():
            emails.send_booking_email(booking, "reminder")
            Booking.objects.filter(pk=booking.pk).update(reminder_sent_at=timezone.now())
        queued += 1
    return queued


@task()
def send_provider_digest(hours=24):
    """Queue for each provider, and the coordinators, the requests and cancellations of the last `hours`."""
    since = timezone.now() - datetime.timedelta(hours=hours)
    new = Q(created_at__gte=since, status__in=[Booking.Status.REQUESTED, Booking.Status.WAITLISTED])
    cancelled = Q(cancelled_at__gte=since, status=Booking.Status.CANCELLED)
    bookings = list(
        Booking.objects.filter(new | cancelled)
        .select_related("initiative__provider", "school")
        .prefetch_related("sessions")
        .order_by("initiative__title", "created_at")
    )
    by_address = defaultdict(list)
    for booking in bookings:
        address = booking.initiative.contact_email or booking.initiative.provider.email
        if address:
            by_address[address].append(booking)
    for address in settings.BOOKING_COORDINATOR_EMAILS:
        if bookings:
            by_address[address] = bookings
    with transaction.atomic():
        for address, items in by_address.items():
            emails.send_digest(to=address, bookings=items)
    return {"digests": len(by_address), "bookings": len(bookings)}


@task()
def purge_personal_data(months=None):
    """Blank personal data BOOKING_RETENTION_MONTHS after the activity; returns how many bookings."""
    months = settings.BOOKING_RETENTION_MONTHS if months is None else months
    return services.purge_personal_data(months=months)


@task()
def expire_waitlist_offers():
    """Seats held for a waitlisted booking and not taken in time pass on to the next in line; returns the count."""
    return services.expire_offers()
