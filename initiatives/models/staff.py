"""Who curates what: the link between a staff user and the campuses or provider they look after."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from campuses.models import Campus

from .catalog import Provider


class StaffProfile(models.Model):
    """A campus coordinator's campuses, or a provider editor's provider.

    The role itself is the user's group (see initiatives.permissions); this row says which
    objects that role applies to.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_profile", verbose_name=_("gebruiker")
    )
    campuses = models.ManyToManyField(
        Campus,
        blank=True,
        related_name="coordinator_profiles",
        verbose_name=_("campussen"),
        help_text=_("Voor campuscoördinatoren: de campussen waarvan zij de initiatieven beheren."),
    )
    provider = models.ForeignKey(
        Provider,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="editor_profiles",
        verbose_name=_("aanbieder"),
        help_text=_("Voor aanbiederredacteuren: de aanbieder waarvan zij de initiatieven beheren."),
    )

    class Meta:
        verbose_name = _("rol en toewijzing")
        verbose_name_plural = _("rollen en toewijzingen")
        ordering = ["user__username"]

    def __str__(self):
        return str(self.user)
