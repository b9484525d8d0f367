"""Large spreadsheet imports as background jobs (django-tasks): check, then apply after confirmation.

The admin stores the file in an ImportJob and enqueues check_import_job; the job page shows the
phase and, when checked, the same summary as the in-request preview (new / changed / unchanged /
warnings, the changed cells, every error by row and column). Confirming enqueues apply_import_job.
The user gets an e-mail when either step is done. Both steps are all or nothing, like the import itself.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from ..bookings.emails import queue_email
from ..models import ImportJob
from .imports import SpreadsheetError, read_spreadsheet
from .resources import InitiativeResource, ProviderResource, SessionResource

RESOURCES = {
    ImportJob.Kind.INITIATIVES: InitiativeResource,
    ImportJob.Kind.SESSIONS: SessionResource,
    ImportJob.Kind.PROVIDERS: ProviderResource,
}


def _run(job_id, apply):
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    job.status = ImportJob.Status.APPLYING if apply else ImportJob.Status.CHECKING
    job.save(update_fields=["status"])
    try:
        with translation.override(settings.LANGUAGE_CODE):
            try:
                dataset = read_spreadsheet(bytes(job.data))
            except SpreadsheetError as error:
                job.summary = {"errors": [[None, "", str(error)]], "totals": {}}
                job.status = ImportJob.Status.INVALID
            else:
                job.rows_total = len(dataset)
                job.save(update_fields=["rows_total"])
                resource = RESOURCES[job.kind](user=job.user)
                result = resource.import_data(dataset, dry_run=not apply, file_name=job.file_name, user=job.user)
                job.summary = result.summary
                if result.has_errors() or result.has_validation_errors():
                    job.status = ImportJob.Status.INVALID
                else:
                    job.status = ImportJob.Status.DONE if apply else ImportJob.Status.CHECKED
    except Exception:
        job.status = ImportJob.Status.FAILED
        job.finished_at = timezone.now()
        job.data = b""
        job.save()
        raise
    job.finished_at = timezone.now()
    if job.status != ImportJob.Status.CHECKED:
        job.data = b""  # the file is kept only while it waits for confirmation
    job.save()
    _tell(job)
    return job.status


def _tell(job):
    if not job.user.email:
        return
    with translation.override(settings.LANGUAGE_CODE):
        totals = job.summary.get("totals", {})
        subject = _("Import “%(file)s”: %(status)s") % {"file": job.file_name, "status": job.get_status_display()}
        body = _(
            "Je import van “%(file)s” is %(status)s.\n\n%(new)s nieuw, %(update)s gewijzigd, %(skip)s ongewijzigd; "
            "%(errors)s fouten.\n\nBekijk de uitkomst: %(url)s\n"
        ) % {
            "file": job.file_name,
            "status": job.get_status_display(),
            "new": totals.get("new", 0),
            "update": totals.get("update", 0),
            "skip": totals.get("skip", 0),
            "errors": len(job.summary.get("errors", [])),
            "url": settings.SITE_URL.rstrip("/") + reverse(job_url_name(job), args=[job.pk]),
        }
        if totals.get("review"):
            body += "\n" + _(
                "%(review)s ter beoordeling: een wijziging van een gepubliceerd initiatief wacht op een coördinator."
            ) % {"review": totals["review"]}
    queue_email(to=[job.user.email], subject=subject, text=body)


def job_url_name(job):
    model = {"initiatives": "initiative", "sessions": "session", "providers": "provider"}[job.kind]
    return f"admin:initiatives_{model}_import_job"


@task()
def check_import_job(job_id):
    return _run(job_id, apply=False)


@task()
def apply_import_job(job_id):
    return _run(job_id, apply=True)
