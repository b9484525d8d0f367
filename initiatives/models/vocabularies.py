"""What the offer is described with: providers, and the vocabularies (themes, target groups,
languages, practice levels) that initiatives are tagged and filtered by."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from campuses.models import Municipality
from portal.i18n import localized
from portal.models import QuickLoad


class Provider(QuickLoad, models.Model):
    """An organisation that offers initiatives."""

    class Kind(models.TextChoices):
        COMPANY = "company", _("bedrijf")
        MBO = "mbo", _("mbo-instelling")
        HBO = "hbo", _("hogeschool")
        UNIVERSITY = "university", _("universiteit")
        SCHOOL = "school", _("school")
        MUSEUM = "museum", _("museum of science center")
        FOUNDATION = "foundation", _("stichting of vereniging")
        MUNICIPALITY = "municipality", _("gemeente of overheid")
        OTHER = "other", _("anders")

    name = models.CharField(_("naam"), max_length=150, unique=True)
    slug = models.SlugField(_("slug"), max_length=160, unique=True)
    kind = models.CharField(_("soort"), max_length=20, choices=Kind, default=Kind.COMPANY)
    description = models.TextField(_("beschrijving"), blank=True)
    image = models.ForeignKey(
        "pages.Image",
        verbose_name=_("logo of foto"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    website = models.URLField(_("website"), blank=True)
    contact_name = models.CharField(_("contactpersoon"), max_length=150, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    phone = models.CharField(_("telefoon"), max_length=30, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="providers",
        verbose_name=_("gemeente"),
    )
    is_demo = models.BooleanField(_("demodata"), default=False, help_text=_("Voorbeeldinhoud, geen echte aanbieder."))
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("bijgewerkt op"), auto_now=True)

    class Meta:
        verbose_name = _("aanbieder")
        verbose_name_plural = _("aanbieders")
        ordering = ["name"]

    def __str__(self):
        return self.name


class VocabularyName:
    """Vocabularies carry an English name beside the Dutch one; str() gives the active language's."""

    def __str__(self):
        return localized(self, "name")


def english_name_field(max_length):
    return models.CharField(
        _("naam (Engels)"), max_length=max_length, blank=True, help_text=_("Op /en/ en in de API met lang=en.")
    )


class Theme(QuickLoad, VocabularyName, models.Model):
    name = models.CharField(_("naam"), max_length=80, unique=True)
    name_en = english_name_field(80)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.TextField(_("beschrijving"), blank=True)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")
        ordering = ["position", "name"]


class TargetGroup(QuickLoad, VocabularyName, models.Model):
    """Who an initiative is explicitly aimed at (the SEOR study's target groups)."""

    PARENTS_SLUG = "ouders"  # seeded in initiatives/migrations/0002

    name = models.CharField(_("naam"), max_length=80, unique=True)
    name_en = english_name_field(80)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.TextField(_("beschrijving"), blank=True)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("doelgroep")
        verbose_name_plural = _("doelgroepen")
        ordering = ["position", "name"]


class Language(QuickLoad, VocabularyName, models.Model):
    code = models.CharField(_("code"), max_length=8, unique=True, help_text=_("ISO 639-1, bijvoorbeeld nl."))
    name = models.CharField(_("naam"), max_length=50)
    name_en = english_name_field(50)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("taal")
        verbose_name_plural = _("talen")
        ordering = ["position", "name"]


class PracticeLevel(models.IntegerChoices):
    """The practice-orientation rubric (SEOR finding 3), applied the same way every time."""

    WATCH = 1, _("1 · Kijken en luisteren")
    TRY = 2, _("2 · Zelf proberen")
    MAKE = 3, _("3 · Zelf maken of onderzoeken")
    REAL = 4, _("4 · Echte praktijk")


PRACTICE_LEVEL_EXPLANATIONS = {
    PracticeLevel.WATCH: _("Leerlingen kijken en luisteren: een demonstratie, presentatie of rondleiding."),
    PracticeLevel.TRY: _("Leerlingen doen zelf iets, met stap-voor-stap-begeleiding."),
    PracticeLevel.MAKE: _("Leerlingen ontwerpen, bouwen of onderzoeken zelf iets, met eigen keuzes."),
    PracticeLevel.REAL: _("Leerlingen werken op een echte werkplek of aan een echte opdracht, samen met vakmensen."),
}


class Programme(models.Model):
    """A programme or network that runs several initiatives (a regional network, a national campaign)."""

    name = models.CharField(_("naam"), max_length=150, unique=True)
    slug = models.SlugField(_("slug"), max_length=160, unique=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("beschrijving"), blank=True)

    class Meta:
        verbose_name = _("programma")
        verbose_name_plural = _("programma's")
        ordering = ["name"]

    def __str__(self):
        return self.name
