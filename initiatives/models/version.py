from django.db import models
from django.utils.translation import gettext_lazy as _


class CatalogVersion(models.Model):
    """One row counting changes to what the public pages show (see initiatives.caching).

    Cached public responses are keyed on this number, so every app server sees a change at
    once, without a shared cache.
    """

    number = models.PositiveBigIntegerField(_("versie"), default=0)
    changed_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        verbose_name = _("versie van het aanbod")
        verbose_name_plural = _("versies van het aanbod")

    def __str__(self):
        return str(self.number)
