from django.conf import settings
from django.core.management.base import BaseCommand

from initiatives import tasks


class Command(BaseCommand):
    help = (
        "Remove every personal detail from bookings BOOKING_RETENTION_MONTHS months after the activity; the "
        "anonymised booking stays for the figures (scheduled daily by `manage.py run_scheduler`; this runs it now)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--months", type=int, default=settings.BOOKING_RETENTION_MONTHS)

    def handle(self, *args, months, **options):
        count = tasks.purge_personal_data.call(months=months)
        self.stdout.write(f"Personal data removed from {count} booking(s) older than {months} months.")
