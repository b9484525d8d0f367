import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from initiatives.models import Initiative
from portal.devtools.benchmarks import frontend, loadtest

PAGES = ["home", "search", "detail"]


class Command(BaseCommand):
    help = "Page weight (Playwright) and Lighthouse mobile scores of home, search and detail, under gunicorn."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8017)
        parser.add_argument("--lighthouse-bin", default=os.environ.get("LIGHTHOUSE_BIN", ""))
        parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page; the median score counts")

    def handle(self, *args, port, lighthouse_bin, runs, **options):
        if lighthouse_bin and not Path(lighthouse_bin).exists():
            raise CommandError(f"no lighthouse at {lighthouse_bin}: run `make lighthouse`, which installs it")
        slug = Initiative.objects.published().order_by("pk").values_list("slug", flat=True).first()
        # Playwright runs an event loop in this thread; the ORM work is done, so say so to Django.
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
        bind = f"127.0.0.1:{port}"
        server = loadtest.start_gunicorn(bind, 3, dict(os.environ))
        try:
            rows = [self.measure(f"http://{bind}", name, slug, lighthouse_bin, runs) for name in PAGES]
        finally:
            server.terminate()
            server.wait(timeout=30)
        self.report(rows)

    def measure(self, base_url, name, slug, lighthouse_bin, runs):
        # The search page from Rotterdam centre (postcode 3011), the first published initiative.
        paths = loadtest.expand(loadtest.TARGETS[name], {"slug": [slug] if slug else [], "pc4": ["3011"]})
        if not paths:
            raise CommandError(f"{name}: no published initiative")
        path = paths[0]
        status = loadtest.probe(base_url, path)
        if status != 200:
            raise CommandError(f"{name}: {path} answers {status}, not 200")
        size, requests = frontend.page_weight(base_url + path, settings.MAP_TILES_HOST)
        scores, failing = (
            frontend.lighthouse_median(base_url + path, lighthouse_bin, runs) if lighthouse_bin else ({}, [])
        )
        return {"name": name, "path": path, "bytes": size, "requests": requests, "scores": scores, "failing": failing}

    def report(self, rows):
        self.stdout.write("\n== page weight (transferred, tiles excluded) and Lighthouse (mobile)\n")
        header = f"{'page':<8} {'KB':>7} {'reqs':>5} " + " ".join(f"{c[:11]:>11}" for c in frontend.CATEGORIES)
        self.stdout.write(header + "  path\n")
        for row in rows:
            scores = " ".join(f"{row['scores'].get(c, '-'):>11}" for c in frontend.CATEGORIES)
            self.stdout.write(
                f"{row['name']:<8} {row['bytes'] / 1024:7.1f} {row['requests']:5d} {scores}  {row['path']}\n"
            )
            if row["failing"]:
                self.stdout.write(f"         {'; '.join(row['failing'])}\n")
        search = next((row for row in rows if row["name"] == "search"), None)
        if search:
            verdict = "PASS" if search["bytes"] <= frontend.MAX_SEARCH_PAGE_BYTES else "FAIL"
            self.stdout.write(f"\nsearch page weight {search['bytes'] / 1024:.1f} KB -> {verdict} (target: < 300 KB)\n")
        low = [
            (row["name"], c)
            for row in rows
            for c in ("performance", "accessibility")
            if row["scores"] and row["scores"][c] < frontend.MIN_SCORE
        ]
        if any(row["scores"] for row in rows):
            verdict = "PASS" if not low else f"FAIL {low}"
            self.stdout.write(f"Lighthouse performance and accessibility >= {frontend.MIN_SCORE}: {verdict}\n")
