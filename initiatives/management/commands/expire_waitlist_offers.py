from django.core.management.base import BaseCommand

from initiatives.bookings import services


class Command(BaseCommand):
    help = "Offers from the waitlist not taken in time lapse; each seat goes to the next in line (run hourly)."

    def handle(self, *args, **options):
        expired = services.expire_offers()
        self.stdout.write(f"{expired} expired offer(s) passed on.")
