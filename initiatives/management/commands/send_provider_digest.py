import datetime
from collections import defaultdict

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone

from initiatives.bookings import emails
from initiatives.models import Booking


class Command(BaseCommand):
    help = "E-mail each provider, and the coordinators, the booking requests and cancellations of the last day."

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=int, default=24)

    def handle(self, *args, hours, **options):
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
        for address, items in by_address.items():
            emails.send_digest(to=address, bookings=items)
        self.stdout.write(f"{len(by_address)} digest(s) sent for {len(bookings)} booking(s).")
