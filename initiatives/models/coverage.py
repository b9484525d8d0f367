"""The coverage dashboard's yearly snapshot: the figures of a school year, kept to show a trend."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CoverageSnapshot(models.Model):
    """The key figures of one school year (region and per campus), as they stood when it was taken.

    One row per school year (portal.schoolyear.SchoolYear.start_year); taking it again in the same
    school year replaces the figures. The first year is the baseline of the trend.
    """

    school_year = models.PositiveSmallIntegerField(_("schooljaar (beginjaar)"), unique=True)
    taken_at = models.DateTimeField(_("gemaakt op"))
    distance_km = models.DecimalField(_("afstand school tot aanbod (km)"), max_digits=4, decimal_places=1)
    figures = models.JSONField(_("cijfers"), default=dict)

    class Meta:
        verbose_name = _("momentopname dekking")
        verbose_name_plural = _("momentopnamen dekking")
        ordering = ["school_year"]

    def __str__(self):
        return f"{self.school_year}/{self.school_year + 1}"
