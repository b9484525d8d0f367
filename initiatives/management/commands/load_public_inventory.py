"""Load the initiatives found on public web pages as entries in review (see initiatives.curation.inventory)."""

from django.core.management.base import BaseCommand, CommandError

from initiatives.curation.inventory import InventoryError, load_public_inventory


class Command(BaseCommand):
    help = "Laadt initiatieven_openbare_bronnen.csv als initiatieven ter beoordeling (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--file", help="Pad naar het CSV-bestand (standaard: REFERENCE_DATA_DIR).")

    def handle(self, *args, **options):
        try:
            created, providers = load_public_inventory(options.get("file"))
        except (InventoryError, FileNotFoundError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Openbare bronnen: {created} initiatieven ter beoordeling toegevoegd, {providers} aanbieders toegevoegd."
        )
