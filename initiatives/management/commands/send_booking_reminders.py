from django.conf import settings
from django.core.management.base import BaseCommand

from initiatives import tasks


class Command(BaseCommand):
    help = (
        "Queue a reminder to teachers with a confirmed booking in the next BOOKING_REMINDER_DAYS days "
        "(scheduled daily by `manage.py run_scheduler`; this runs it now)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=settings.BOOKING_REMINDER_DAYS)

    def handle(self, *args, days, **options):
        sent = tasks.send_booking_reminders.call(days=days)
        self.stdout.write(f"{sent} reminder(s) sent.")
