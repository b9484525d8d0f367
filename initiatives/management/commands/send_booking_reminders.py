from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from initiatives.bookings import emails
from initiatives.models import Booking


class Command(BaseCommand):
    help = "Send a reminder to teachers with a confirmed booking in the next BOOKING_REMINDER_DAYS days (run daily)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=settings.BOOKING_REMINDER_DAYS)

    def handle(self, *args, days, **options):
        due = Booking.objects.due_for_reminder(days=days).select_related("initiative__provider")
        sent = 0
        for booking in due.prefetch_related("sessions"):
            emails.send_booking_email(booking, "reminder")
            # Marked one by one: a crash halfway must not send the first ones twice tomorrow.
            Booking.objects.filter(pk=booking.pk).update(reminder_sent_at=timezone.now())
            sent += 1
        self.stdout.write(f"{sent} reminder(s) sent.")
