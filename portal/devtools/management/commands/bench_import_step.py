"""One measured import step for `make bench` (portal.devtools.benchmarks.imports), in a process of its own."""

import html
import json
import re
import resource
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse


class _Rollback(Exception):
    pass


def _peak_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class Command(BaseCommand):
    help = "Benchmark helper: time and peak memory of one import step (prints JSON)."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=["rows", "file"])
        parser.add_argument("value")
        parser.add_argument("step", nargs="?", default="preview", choices=["preview", "confirm"])

    def handle(self, *args, kind, value, step, **options):
        answer = {}
        try:
            with transaction.atomic():
                answer = self._rows(int(value), step) if kind == "rows" else self._file(value)
                raise _Rollback
        except _Rollback:
            pass
        self.stdout.write(json.dumps(answer))

    def _rows(self, rows, step):
        from initiatives.curation.imports import read_spreadsheet
        from initiatives.curation.resources import InitiativeResource
        from initiatives.models import Provider, Theme
        from portal.devtools.benchmarks.imports import build_workbook

        providers = [
            Provider.objects.get_or_create(name=f"Benchmark aanbieder {n}", slug=f"bench-{n}")[0].name
            for n in range(10)
        ]
        themes = list(Theme.objects.values_list("name", flat=True)[:5]) or [
            Theme.objects.create(name="Benchmark", slug="benchmark").name
        ]
        data = build_workbook(providers, themes, rows=rows)
        started, cpu = time.perf_counter(), _cpu_seconds()
        result = InitiativeResource().import_data(
            read_spreadsheet(data), dry_run=step == "preview", file_name="bench.xlsx"
        )
        return {
            "seconds": time.perf_counter() - started,
            "cpu": _cpu_seconds() - cpu,
            "peak_mib": _peak_mib(),
            "new": result.totals["new"],
            "invalid": len(result.invalid_rows) + len(result.base_errors),
        }

    def _file(self, path):
        """The admin import page as a coordinator uses it: upload, and see the answer."""
        user = get_user_model().objects.create_superuser("bench-import", "bench@example.org", "x")
        client = Client()
        client.force_login(user)
        with open(path, "rb") as handle:
            data = handle.read()
        name = path.rsplit("/", 1)[-1]
        started = time.perf_counter()
        # Plain static storage: the answer page renders without a collectstatic manifest.
        storages = {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
        with override_settings(STORAGES=storages):
            response = self._post(client, name, data)
        seconds = time.perf_counter() - started
        # The form error as the coordinator reads it (no test instrumentation here, so no response.context).
        found = re.search(r'<ul class="errorlist[^"]*"[^>]*>\s*<li>(.*?)</li>', response.content.decode(), re.S)
        return {
            "seconds": seconds,
            "peak_mib": _peak_mib(),
            "refused": found is not None,
            "message": html.unescape(found.group(1))[:90] if found else f"status {response.status_code}",
        }

    def _post(self, client, name, data):
        return client.post(
            reverse("admin:initiatives_initiative_import"),
            {"format": 1 if name.endswith(".csv") else 0, "import_file": SimpleUploadedFile(name, data)},
            HTTP_HOST="127.0.0.1",
        )
