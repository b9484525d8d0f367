from django.core.management.base import BaseCommand

from initiatives.coverage.snapshots import take_snapshot


class Command(BaseCommand):
    help = "Store the coverage dashboard's figures for the current school year (replaces this year's snapshot)."

    def handle(self, *args, **options):
        snapshot = take_snapshot()
        self.stdout.write(f"Momentopname voor schooljaar {snapshot} opgeslagen.")
