from django.conf import settings
from django.core.management.base import BaseCommand

from initiatives.bookings import services


class Command(BaseCommand):
    help = (
        "Remove names, e-mail addresses, phone numbers and remarks from bookings BOOKING_RETENTION_MONTHS months "
        "after the activity; the anonymised booking stays for the figures (run daily)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--months", type=int, default=settings.BOOKING_RETENTION_MONTHS)

    def handle(self, *args, months, **options):
        count = services.purge_personal_data(months=months)
        self.stdout.write(f"Personal data removed from {count} booking(s) older than {months} months.")
