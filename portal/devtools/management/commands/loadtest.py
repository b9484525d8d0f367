import os
import shutil

from django.conf import settings
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError

from campuses.models import PostcodeArea
from initiatives.models import Initiative
from portal.devtools.benchmarks import loadtest
from portal.devtools.benchmarks.scale import ensure_scale_data


class Command(BaseCommand):
    help = "Load-test gunicorn on loopback with wrk: req/s, median, p95, errors per page, next to a bare view."

    def add_arguments(self, parser):
        parser.add_argument("only", nargs="*", help=f"Targets to run (default all): {', '.join(loadtest.TARGETS)}")
        parser.add_argument("--connections", type=int, default=50)
        parser.add_argument("--seconds", type=int, default=60)
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", 5)))
        parser.add_argument("--port", type=int, default=8017)
        parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds per target (seconds split)")

    def handle(self, *args, only, connections, seconds, workers, port, rounds, **options):
        if shutil.which("wrk") is None:
            raise CommandError("wrk is not installed: apt-get install -y wrk (make loadtest does this).")
        self.seed()
        cache.clear()  # start cold: every page the load test asks for is computed at least once
        slugs = list(Initiative.objects.published().order_by("pk").values_list("slug", flat=True)[:500])
        postcodes = list(
            PostcodeArea.objects.filter(municipality__is_mrdh=True).order_by("pc4").values_list("pc4", flat=True)[:300]
        )
        values = {"slug": slugs, "pc4": postcodes}
        bind = f"127.0.0.1:{port}"
        base_url = f"http://{bind}"
        server = loadtest.start_gunicorn(bind, workers, dict(os.environ))
        # The task worker runs beside the server, as in production (its polling is part of the load).
        task_worker = loadtest.start_worker(dict(os.environ))
        try:
            results = self.run_targets(base_url, only or list(loadtest.TARGETS), values, connections, seconds, rounds)
        finally:
            for process in (server, task_worker):
                process.terminate()
                process.wait(timeout=30)
        self.stdout.write(
            f"\n== load test: gunicorn ({workers} sync workers) and a task worker, wrk {connections} connections, "
            f"{seconds} s per target in {rounds} interleaved rounds, rotating over {len(slugs)} initiatives "
            f"and {len(postcodes)} postcodes\n"
            f"public response cache: {self.cache_description()}\n"
        )
        self.stdout.write(loadtest.format_table(results) + "\n\n")
        self.stdout.write(loadtest.verdict(results, seconds, connections) + "\n")

    @staticmethod
    def cache_description():
        backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
        shared = "shared by all workers" if "Redis" in backend else "one per worker process"
        return f"{backend} ({shared}), PUBLIC_CACHE_SECONDS={settings.PUBLIC_CACHE_SECONDS}, cleared at the start"

    def seed(self):
        """The synthetic scale data (and the reference data) of the benchmarks, seeded once per database."""
        ensure_scale_data(stdout=self.stdout)

    def run_targets(self, base_url, names, values, connections, seconds, rounds):
        """Warm every target up, then measure them in interleaved rounds.

        Interleaving spreads whatever else the machine is doing evenly over the targets, so the
        ratio to the bare view stays fair; the server sees `connections` clients the whole time.
        """
        targets = {}
        for name in names:
            paths = loadtest.expand(loadtest.TARGETS[name], values)
            if not paths:
                raise CommandError(f"{name}: no published initiatives or MRDH postcodes to rotate over")
            status = loadtest.probe(base_url, paths[0])
            if status != 200:
                raise CommandError(f"{name}: {paths[0]} answers {status}, not 200")
            targets[name] = paths
            loadtest.run_wrk(base_url, paths, connections=10, seconds=2)  # warm-up, not counted
            loadtest.drain(base_url)
        raws = {name: [] for name in targets}
        for number in range(1, rounds + 1):
            for name, paths in targets.items():
                self.stdout.write(f"round {number}/{rounds} {name}: {connections} connections, {seconds // rounds} s")
                raws[name].append(loadtest.run_wrk(base_url, paths, connections=connections, seconds=seconds // rounds))
        return [loadtest.to_result(name, loadtest.TARGETS[name], raws[name]) for name in targets]
