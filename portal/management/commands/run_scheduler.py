import signal
import threading

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from portal import tasks


class Command(BaseCommand):
    help = (
        "Enqueue the recurring jobs of settings.PERIODIC_TASKS when they are due; `manage.py db_worker` runs them. "
        "Safe to run on several servers at once (each run is enqueued once)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=30, help="seconds between checks (default 30)")
        parser.add_argument("--once", action="store_true", help="check once and exit")

    def handle(self, *args, interval, once, **options):
        jobs = tasks.periodic_tasks()  # fails at start on a broken schedule
        self.stdout.write(f"Scheduler: {len(jobs)} recurring job(s): " + ", ".join(f"{n} ({e})" for n, _, e in jobs))
        self.stopped = threading.Event()
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        while not self.stopped.is_set():
            close_old_connections()
            try:
                for name in tasks.run_due_tasks():
                    self.stdout.write(f"enqueued {name}")
            except Exception:  # noqa: BLE001 - a database hiccup must not end the scheduler
                if once:
                    raise
                tasks.logger.exception("scheduler check failed; trying again in %s s", interval)
            if once:
                return
            self.stopped.wait(interval)  # a stop signal ends the wait at once (time.sleep would sleep on)

    def _stop(self, signum, frame):
        self.stopped.set()
