"""A spreadsheet import too large for one web request, checked and applied by background jobs."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportJob(models.Model):
    class Kind(models.TextChoices):
        INITIATIVES = "initiatives", _("initiatieven")
        SESSIONS = "sessions", _("sessies")
        PROVIDERS = "providers", _("aanbieders")

    class Status(models.TextChoices):
        QUEUED = "queued", _("in de wachtrij")
        CHECKING = "checking", _("bezig met controleren")
        CHECKED = "checked", _("gecontroleerd: klaar om te bevestigen")
        INVALID = "invalid", _("fouten gevonden: er is niets opgeslagen")
        APPLYING = "applying", _("bezig met importeren")
        DONE = "done", _("geïmporteerd")
        FAILED = "failed", _("mislukt: er is niets opgeslagen")

    RUNNING = (Status.QUEUED, Status.CHECKING, Status.APPLYING)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_jobs", verbose_name=_("gebruiker")
    )
    kind = models.CharField(_("soort"), max_length=12, choices=Kind)
    file_name = models.CharField(_("bestand"), max_length=255)
    data = models.BinaryField(_("inhoud"), editable=False)  # emptied when the job is done
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.QUEUED)
    rows_total = models.PositiveIntegerField(_("rijen"), null=True, blank=True)
    summary = models.JSONField(_("uitkomst"), default=dict, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    finished_at = models.DateTimeField(_("klaar op"), null=True, blank=True)

    class Meta:
        verbose_name = _("importtaak")
        verbose_name_plural = _("importtaken")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def is_running(self):
        return self.status in self.RUNNING
