"""Import speed: a 5,000-row XLSX of initiatives, preview (dry run) and confirm.

Target (issue 4): both steps together within 60 s. Runs inside one transaction that is rolled
back at the end, so the benchmark database keeps no benchmark rows.
"""

import io
import os
import resource
import time

from django.db import transaction

from initiatives.imports import read_spreadsheet
from initiatives.models import Initiative, Provider, Theme
from initiatives.resources import InitiativeResource

ROWS = 5000


class _Rollback(Exception):
    pass


def build_workbook(providers, themes, rows=ROWS):
    """XLSX bytes with `rows` valid initiatives for the given providers and themes."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Gegevens")
    sheet.append(
        ["externe referentie", "titel", "aanbieder", "korte omschrijving", "thema's", "soort activiteit",
         "praktijkgerichtheid", "po vanaf groep", "po tot en met groep", "breedtegraad", "lengtegraad", "gratis"]
    )  # fmt: skip
    for index in range(rows):
        sheet.append(
            [
                f"BENCH-{index:05d}",
                f"Benchmarkactiviteit {index}",
                providers[index % len(providers)].name,
                "Leerlingen bouwen en testen iets zelf.",
                themes[index % len(themes)].name,
                "workshop",
                3,
                5,
                8,
                f"51,{900000 + index % 50000:06d}",
                f"4,{400000 + index % 90000:06d}",
                "ja",
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def run(report):
    report.section(f"Import: {ROWS} rows of initiatives from XLSX")
    try:
        with transaction.atomic():
            providers = [
                Provider.objects.get_or_create(name=f"Benchmark aanbieder {n}", slug=f"bench-{n}")[0] for n in range(10)
            ]
            themes = list(Theme.objects.all()[:5]) or [Theme.objects.create(name="Benchmark", slug="benchmark")]
            data = build_workbook(providers, themes)
            report.row("file size", f"{len(data) / 1024:.0f} KiB")
            _measure(report, data)
            raise _Rollback
    except _Rollback:
        pass


def _measure(report, data):
    timings = {}
    for step, dry_run in (("preview (dry run)", True), ("confirm", False)):
        # Peak resident memory (maxrss) rather than tracemalloc: tracing would slow the import 2-3x.
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        result = _import(data, dry_run)
        elapsed = time.perf_counter() - started
        peak = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024
        timings[step] = elapsed
        problems = len(result.invalid_rows) + len(result.base_errors)
        report.row(
            step,
            f"{elapsed:6.1f} s   {ROWS / elapsed:7.0f} rows/s   peak RSS +{peak:6.1f} MiB   "
            f"new {result.totals['new']}   invalid {problems}",
        )
    total = sum(timings.values())
    # Times on a shared machine mean little without its load (2 cores here).
    report.row("load average (1, 5, 15 min) after the run", " ".join(f"{load:.1f}" for load in os.getloadavg()))
    report.row("preview + confirm (target < 60 s)", f"{total:6.1f} s   {'OK' if total < 60 else 'TOO SLOW'}")
    report.row("initiatives written by confirm", Initiative.objects.filter(external_ref__startswith="BENCH-").count())


def _import(data, dry_run):
    return InitiativeResource().import_data(read_spreadsheet(data), dry_run=dry_run, file_name="bench.xlsx")
