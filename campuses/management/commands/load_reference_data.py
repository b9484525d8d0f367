import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from campuses.loaders import NOT_LOADED, ReferenceDataError, load_all
from portal.cache import bump_catalog_version


class Command(BaseCommand):
    help = (
        "Load the reference data (municipalities, postcodes, places, campuses, schools, vmbo profiles) from "
        "REFERENCE_DATA_DIR. Idempotent: a second run changes nothing. Existing campuses are never overwritten."
    )

    def add_arguments(self, parser):
        parser.add_argument("--data-dir", type=Path, help="Directory with the CSV files (default: REFERENCE_DATA_DIR).")

    def handle(self, *args, data_dir=None, **options):
        data_dir = Path(data_dir or settings.REFERENCE_DATA_DIR).resolve()
        if not data_dir.is_dir():
            raise CommandError(
                f"Reference data directory not found: {data_dir}. Set REFERENCE_DATA_DIR (environment variable, "
                "read by portal/settings.py) to the folder holding nl_gemeenten.csv and the other files, "
                "or pass --data-dir."
            )
        quiet = options["verbosity"] < 1
        if not quiet:
            self.stdout.write(f"Loading reference data from {data_dir}")
        started = time.perf_counter()
        try:
            load_all(data_dir=data_dir, on_result=None if quiet else self._report)
            bump_catalog_version()  # places, schools and campuses appear on public pages
        except ReferenceDataError as error:
            raise CommandError(f"{error} -- nothing from {error.file} was written.") from error
        if not quiet:
            self.stdout.write(f"Not loaded (no model): {', '.join(NOT_LOADED)}")
            self.stdout.write(self.style.SUCCESS(f"Reference data loaded in {time.perf_counter() - started:.1f} s"))

    def _report(self, result):
        self.stdout.write(f"{result.file} ({result.seconds:.2f} s)")
        for label, counts in result.counts.items():
            self.stdout.write(
                f"    {label:<16} {counts.created:>6} created {counts.updated:>6} updated "
                f"{counts.unchanged:>6} unchanged"
            )
