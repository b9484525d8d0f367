"""Background work of the coverage dashboard (run by `manage.py db_worker`)."""

from django_tasks import task

from .snapshots import take_snapshot


@task()
def take_coverage_snapshot():
    """The yearly snapshot of the dashboard's figures (put on the recurring schedule; safe to repeat)."""
    snapshot = take_snapshot()
    return snapshot.school_year
