from django.core.management.base import BaseCommand

from initiatives import tasks


class Command(BaseCommand):
    help = (
        "E-mail each provider, and the coordinators, the booking requests and cancellations of the last day "
        "(scheduled daily by `manage.py run_scheduler`; this runs it now)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=int, default=24)

    def handle(self, *args, hours, **options):
        result = tasks.send_provider_digest.call(hours=hours)
        self.stdout.write(f"{result['digests']} digest(s) sent for {result['bookings']} booking(s).")
