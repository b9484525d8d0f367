"""Pending changes: a provider editor's edit of live content, waiting for a coordinator's review.

The live row stays as it is (the public keeps seeing it) while the proposal waits here, as a
set of field values. A coordinator approves it (initiatives.review applies it in one
transaction) or sends it back with a comment, after which the provider edits on.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .catalog import Initiative
from .vocabularies import Provider


class PendingChangeQuerySet(models.QuerySet):
    def open(self):
        """Changes not yet decided: waiting for review, or sent back to the provider."""
        return self.filter(status__in=PendingChange.OPEN_STATUSES)

    def to_review(self):
        return self.filter(status=PendingChange.Status.PENDING)

    def for_object(self, obj):
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)


class PendingChange(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("ter beoordeling")
        SENT_BACK = "sent_back", _("teruggestuurd")
        APPROVED = "approved", _("goedgekeurd")

    OPEN_STATUSES = (Status.PENDING, Status.SENT_BACK)

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, verbose_name=_("soort"))
    object_id = models.PositiveBigIntegerField(
        _("object"), null=True, blank=True, help_text=_("Leeg bij een nieuwe sessie.")
    )
    # What the change concerns, for scoping: the initiative (itself or a session's parent), and
    # the provider whose editor proposed it.
    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="pending_changes",
        verbose_name=_("initiatief"),
    )
    provider = models.ForeignKey(
        Provider, on_delete=models.CASCADE, related_name="pending_changes", verbose_name=_("aanbieder")
    )
    data = models.JSONField(_("voorgestelde waarden"), encoder=DjangoJSONEncoder, default=dict)
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.PENDING)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ingediend door"),
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("ingediend op"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("beoordeeld door"),
    )
    reviewed_at = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)
    review_comment = models.TextField(_("toelichting van de beoordelaar"), blank=True)

    objects = PendingChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("wijziging ter beoordeling")
        verbose_name_plural = _("wijzigingen ter beoordeling")
        ordering = ["-submitted_at"]
        constraints = [
            # One open proposal per live object: the provider edits on in the same one.
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=Q(status__in=["pending", "sent_back"], object_id__isnull=False),
                name="pendingchange_one_open_per_object",
            ),
        ]
        indexes = [models.Index(fields=["status", "submitted_at"], name="pendingchange_status_idx")]

    def __str__(self):
        return _("Wijziging van %(target)s") % {"target": self.target_label}

    @property
    def model(self):
        return self.content_type.model_class()

    @property
    def is_new_object(self):
        return self.object_id is None

    @property
    def target(self):
        """The live object, or None for a proposed new session."""
        if self.object_id is None:
            return None
        return self.model._default_manager.filter(pk=self.object_id).first()

    @property
    def target_label(self):
        target = self.target
        if target is not None:
            return f"{self.model._meta.verbose_name} “{target}”"
        return _("nieuwe %(kind)s bij “%(initiative)s”") % {
            "kind": self.model._meta.verbose_name,
            "initiative": self.initiative,
        }
