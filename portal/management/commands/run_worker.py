"""`manage.py run_worker`: django-tasks-db's `db_worker` that survives a lost database connection.

`db_worker` ends with the first database error (a failover, a restarted PostgreSQL, a cut
connection); this worker logs it, closes its connections and starts again with backoff (1 s up to
30 s). Same options as `db_worker`. A task that was running when the connection went stays
"running" until `requeue_stale_tasks` puts it back.
"""

import contextlib
import logging
import time

from django.db import InterfaceError, OperationalError, connections
from django_tasks_db.management.commands import db_worker

logger = logging.getLogger("portal.tasks")


class ResilientWorker(db_worker.Worker):
    def run(self):
        delay = 1.0
        while self.running:
            try:
                return super().run()
            except (OperationalError, InterfaceError) as error:
                logger.warning("task worker lost the database (%s); starting again in %.0f s", error, delay)
                for connection in connections.all(initialized_only=True):
                    with contextlib.suppress(Exception):  # a broken connection may fail to close; it is dropped
                        connection.close()
                time.sleep(delay)
                delay = min(delay * 2, 30.0)
        return None


class Command(db_worker.Command):
    help = "Run the task worker (django-tasks database backend); survives lost database connections."

    def handle(self, *args, **options):
        original = db_worker.Worker
        db_worker.Worker = ResilientWorker
        try:
            return super().handle(*args, **options)
        finally:
            db_worker.Worker = original
