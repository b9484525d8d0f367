"""Operating the task queue (django-tasks with the database backend): retries, recovery, the schedule.

- **Retries with backoff.** django-tasks 0.12 has none. When a task fails in the worker, the
  `task_finished` handler below puts the same row back to READY with `run_after` set to
  TASK_RETRY_BASE_SECONDS × 2^(attempt-1), capped at TASK_RETRY_MAX_SECONDS, until it has run
  TASK_MAX_ATTEMPTS times; then it stays FAILED (with its error) for a person to look at and retry
  from the admin. The attempt count is the number of workers that claimed the row. The last error
  stays on the row while it waits, so the admin shows why it is being retried.
- **Recovery.** A worker killed mid-task (power cut, OOM) leaves its row RUNNING. `requeue_stale_tasks`
  (scheduled) puts rows RUNNING for longer than TASK_STALE_AFTER_MINUTES back to READY.
- **The schedule.** settings.PERIODIC_TASKS maps a name to (task path, cron expression in TIME_ZONE);
  `manage.py run_scheduler` enqueues each job when due (once, however many schedulers run: the job's
  `PeriodicTaskState` row is locked while deciding; a run missed while no scheduler ran is made up
  once, up to a day late).

Tasks must be safe to run twice (a retry after a failure halfway, a crashed worker): e-mails are
the exception that is accepted (rarely, a duplicate e-mail).
"""

import datetime
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.dispatch import receiver
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task
from django_tasks.base import Task
from django_tasks.signals import task_finished
from django_tasks_db.models import DBTaskResult, get_date_max

logger = logging.getLogger(__name__)

READY, RUNNING, FAILED = "READY", "RUNNING", "FAILED"


def retry_delay(attempt):
    """Seconds to wait before attempt `attempt + 1` (attempt counts from 1)."""
    return min(settings.TASK_RETRY_BASE_SECONDS * 2 ** (attempt - 1), settings.TASK_RETRY_MAX_SECONDS)


def attempts(db_result):
    return len(db_result.worker_ids or [])


def schedule_retry(db_result, *, now=None):
    """Put a failed row back in the queue with backoff; False when it has used its attempts."""
    attempt = attempts(db_result)
    if attempt >= settings.TASK_MAX_ATTEMPTS:
        return False
    now = now or timezone.now()
    run_after = now + datetime.timedelta(seconds=retry_delay(attempt))
    # Only a row still FAILED (the worker just wrote it) goes back: never one someone retried already.
    updated = DBTaskResult.objects.filter(pk=db_result.pk, status=FAILED).update(
        status=READY, run_after=run_after, finished_at=None
    )
    if updated:
        logger.warning(
            "task %s (%s) failed on attempt %s of %s; retrying after %s",
            db_result.pk,
            db_result.task_path,
            attempt,
            settings.TASK_MAX_ATTEMPTS,
            run_after.isoformat(),
        )
    return bool(updated)


@receiver(task_finished, dispatch_uid="portal.tasks.retry_failed")
def _retry_failed(sender, task_result, **kwargs):
    db_result = getattr(task_result, "db_result", None)
    if db_result is None or db_result.status != FAILED:
        return  # not the database backend (tests run tasks at once), or it succeeded
    try:
        if not schedule_retry(db_result):
            logger.error(
                "task %s (%s) failed for good after %s attempts", db_result.pk, db_result.task_path, attempts(db_result)
            )
    except Exception:  # a failing handler must never stop the worker
        logger.exception("could not schedule a retry for task %s", db_result.pk)


def retry_now(queryset):
    """Put failed (or waiting) tasks back in the queue to run at once, with a fresh set of attempts."""
    return queryset.filter(status__in=[FAILED, READY]).update(
        status=READY, run_after=get_date_max(), worker_ids=[], finished_at=None
    )


@task()
def requeue_stale_tasks():
    """Rows RUNNING for longer than TASK_STALE_AFTER_MINUTES (their worker died) go back to READY."""
    cutoff = timezone.now() - datetime.timedelta(minutes=settings.TASK_STALE_AFTER_MINUTES)
    stale = DBTaskResult.objects.running().filter(started_at__lt=cutoff)
    count = stale.update(status=READY, run_after=get_date_max())
    if count:
        logger.warning("%s task(s) left running by a stopped worker put back in the queue", count)
    return count


# --- the schedule ------------------------------------------------------------------------------

CRON_RANGES = ((0, 59), (0, 23), (1, 31), (1, 12), (0, 7))
CATCH_UP = datetime.timedelta(days=1)


class CronError(ValueError):
    pass


def parse_cron(expression):
    """Five fields (minute hour day-of-month month day-of-week; 0 and 7 are Sunday) of numbers,
    `*`, ranges `a-b`, steps `*/n` or `a-b/n` and lists `a,b`. Returns a tuple of five sets and which
    of day-of-month/day-of-week were restricted."""
    fields = expression.split()
    if len(fields) != 5:
        raise CronError(f"{expression!r}: a cron expression has five fields")
    sets = []
    for field, (low, high) in zip(fields, CRON_RANGES, strict=True):
        values = set()
        for part in field.split(","):
            base, _, step = part.partition("/")
            try:
                step = int(step) if step else 1
                if base == "*":
                    start, end = low, high
                elif "-" in base:
                    start, end = (int(x) for x in base.split("-", 1))
                else:
                    start = end = int(base)
            except ValueError as error:
                raise CronError(f"{expression!r}: cannot read {part!r}") from error
            if not (low <= start <= end <= high) or step < 1:
                raise CronError(f"{expression!r}: {part!r} is outside {low}-{high}")
            values.update(range(start, end + 1, step))
        sets.append(values)
    if 7 in sets[4]:
        sets[4].add(0)
    return tuple(sets), fields[2] != "*", fields[4] != "*"


def cron_matches(expression, moment):
    """Does the local time `moment` (minute precision) match the cron expression?"""
    (minutes, hours, days, months, weekdays), dom_set, dow_set = parse_cron(expression)
    if moment.minute not in minutes or moment.hour not in hours or moment.month not in months:
        return False
    day_ok = moment.day in days
    weekday_ok = (moment.isoweekday() % 7) in weekdays
    if dom_set and dow_set:
        return day_ok or weekday_ok  # cron's rule: either restricted field may match
    return day_ok and weekday_ok


def latest_due(expression, after, until):
    """The latest minute in (after, until] matching the expression (local time), or None."""
    moment = timezone.localtime(until).replace(second=0, microsecond=0)
    after = max(after, until - CATCH_UP)
    while moment > after:
        if cron_matches(expression, moment):
            return moment
        moment -= datetime.timedelta(minutes=1)
    return None


def periodic_tasks():
    """settings.PERIODIC_TASKS as (name, Task, cron expression)."""
    jobs = []
    for name, (path, expression) in settings.PERIODIC_TASKS.items():
        job = import_string(path)
        if not isinstance(job, Task):
            raise TypeError(f"PERIODIC_TASKS[{name!r}]: {path} is not a task (decorate it with @task())")
        parse_cron(expression)
        jobs.append((name, job, expression))
    return jobs


def run_due_tasks(now=None):
    """Enqueue every recurring job that fell due since the last check; returns the names enqueued."""
    from .models import PeriodicTaskState

    now = now or timezone.now()
    enqueued = []
    for name, job, expression in periodic_tasks():
        try:
            with transaction.atomic():
                state, _ = PeriodicTaskState.objects.select_for_update().get_or_create(
                    name=name, defaults={"checked_until": now - datetime.timedelta(minutes=1)}
                )
                if state.checked_until >= now:
                    continue
                due = latest_due(expression, state.checked_until, now)
                state.checked_until = now
                if due is not None:
                    result = job.enqueue()
                    state.last_enqueued_at, state.last_task_id = now, str(result.id)
                    enqueued.append(name)
                state.save()
        except IntegrityError:
            continue  # another scheduler created the row at the same moment; it decides this time
    for name in enqueued:
        logger.info("recurring task %s enqueued", name)
    return enqueued
