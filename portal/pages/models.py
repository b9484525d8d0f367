"""Content that coordinators edit: pages (with revisions and scheduling), news, images, menus.

A page's own row is the working copy (the draft). Publishing copies it into a `PageRevision`
with a `publish_at`; the public sees the newest revision whose `publish_at` has passed, until
the page's `unpublish_at`. Everything is evaluated at request time: no worker is needed.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField

from .images import validate_image_upload
from .sanitize import RICH_TEXT_EXTENSIONS, clean_html

# The draft fields a revision copies (besides the image and the featured initiatives).
CONTENT_FIELDS = (
    "title",
    "title_en",
    "intro",
    "intro_en",
    "body",
    "body_en",
    "body_after",
    "body_after_en",
    "featured_heading",
    "featured_heading_en",
    "featured_search",
)


def rich_text(verbose_name, **kwargs):
    """A rich-text field: the editor offers only what the sanitiser keeps (nh3 on save)."""
    return ProseEditorField(verbose_name, extensions=RICH_TEXT_EXTENSIONS, sanitize=clean_html, blank=True, **kwargs)


class Image(models.Model):
    """An uploaded picture, stored without EXIF, with responsive renditions made once on upload."""

    file = models.ImageField(
        _("bestand"),
        upload_to="images/originals/",
        width_field="width",
        height_field="height",
        validators=[validate_image_upload],
        help_text=_("JPEG, PNG of WebP. Foto's worden verkleind; locatiegegevens (EXIF) worden verwijderd."),
    )
    alt_text = models.CharField(
        _("alternatieve tekst"),
        max_length=250,
        help_text=_("Beschrijf wat er op de foto te zien is, voor wie de foto niet kan zien."),
    )
    alt_text_en = models.CharField(_("alternatieve tekst (Engels)"), max_length=250, blank=True)
    width = models.PositiveIntegerField(_("breedte"), default=0, editable=False)
    height = models.PositiveIntegerField(_("hoogte"), default=0, editable=False)
    # {"jpeg": [[width, height, storage name], ...], "webp": [...]}, smallest first.
    renditions = models.JSONField(default=dict, editable=False)
    credit = models.CharField(_("fotograaf of bron"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("bijgewerkt op"), auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("afbeelding")
        verbose_name_plural = _("afbeeldingen")

    def __str__(self):
        return self.alt_text


class PageQuerySet(models.QuerySet):
    def online(self, now=None):
        """Pages not taken offline (`unpublish_at` not yet reached)."""
        now = now or timezone.now()
        return self.filter(Q(unpublish_at__isnull=True) | Q(unpublish_at__gt=now))

    def public(self, now=None):
        """Pages the public can open now (a sitemap lists these: get_absolute_url, updated_at)."""
        now = now or timezone.now()
        live = PageRevision.objects.filter(page=models.OuterRef("pk"), publish_at__lte=now)
        return self.online(now).filter(models.Exists(live))


class Page(models.Model):
    """A content page. The fields below are the draft; the public reads `live_revision()`."""

    class Kind(models.TextChoices):
        HOME = "home", _("Home")
        PARENTS = "parents", _("Voor ouders")
        TEACHERS = "teachers", _("Voor leraren")
        PRIVACY = "privacy", _("Privacyverklaring")
        ACCESSIBILITY = "accessibility", _("Toegankelijkheidsverklaring")
        CONTACT = "contact", _("Contact")
        FAQ = "faq", _("Veelgestelde vragen")
        FREE = "free", _("Vrije pagina")

    # Fixed pages live at their own URL (names in portal/site_urls.py and portal/pages/urls.py).
    URL_NAMES = {
        Kind.HOME: "home",
        Kind.PARENTS: "parents",
        Kind.TEACHERS: "teachers",
        Kind.PRIVACY: "privacy",
        Kind.ACCESSIBILITY: "pages:accessibility",
        Kind.CONTACT: "pages:contact",
        Kind.FAQ: "pages:faq",
    }

    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices, default=Kind.FREE)
    slug = models.SlugField(
        _("adres"), max_length=80, unique=True, help_text=_("Vrije pagina’s staan op /pagina/adres/.")
    )
    title = models.CharField(_("titel"), max_length=200, help_text=_("De kop (h1) van de pagina."))
    title_en = models.CharField(_("titel (Engels)"), max_length=200, blank=True)
    intro = models.TextField(_("inleiding"), blank=True, help_text=_("Eén of twee zinnen onder de kop."))
    intro_en = models.TextField(_("inleiding (Engels)"), blank=True)
    body = rich_text(_("tekst"), help_text=_("[bewaartermijn] wordt de bewaartermijn van boekingen (‘12 maanden’)."))
    body_en = rich_text(_("tekst (Engels)"))
    body_after = rich_text(
        _("tekst na het zoekformulier"), help_text=_("Alleen op de pagina's voor ouders en leraren en de home.")
    )
    body_after_en = rich_text(_("tekst na het zoekformulier (Engels)"))
    image = models.ForeignKey(
        Image, verbose_name=_("afbeelding"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    featured_heading = models.CharField(_("kop van de uitgelichte activiteiten"), max_length=200, blank=True)
    featured_heading_en = models.CharField(
        _("kop van de uitgelichte activiteiten (Engels)"), max_length=200, blank=True
    )
    featured_initiatives = models.ManyToManyField(
        "initiatives.Initiative", verbose_name=_("uitgelichte activiteiten"), blank=True, related_name="+"
    )
    featured_search = models.CharField(
        _("opgeslagen zoekopdracht"),
        max_length=500,
        blank=True,
        validators=[RegexValidator(r"^[\w=&%+.,:-]*$", _("Plak het deel na het vraagteken, bijv. theme=robotica."))],
        help_text=_(
            "Het deel van het zoekadres na het ‘?’, bijv. theme=robotica&family=on: toont een link en vult aan."
        ),
    )
    unpublish_at = models.DateTimeField(
        _("offline halen op"), null=True, blank=True, help_text=_("Leeg: blijft online.")
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("bijgewerkt op"), auto_now=True)

    objects = PageQuerySet.as_manager()

    # What a revision stores (and restores); featured initiatives are stored as ids.
    CONTENT_FIELDS = CONTENT_FIELDS

    class Meta:
        ordering = ["kind", "title"]
        verbose_name = _("pagina")
        verbose_name_plural = _("pagina's")
        constraints = [
            models.UniqueConstraint(fields=["kind"], condition=~Q(kind="free"), name="pages_one_page_per_fixed_kind"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        if self.kind in self.URL_NAMES:
            return reverse(self.URL_NAMES[self.kind])
        return reverse("pages:page", kwargs={"slug": self.slug})

    def live_revision(self, now=None):
        """The revision the public sees now, or None (never published, scheduled, or offline)."""
        now = now or timezone.now()
        if self.unpublish_at and self.unpublish_at <= now:
            return None
        return self.revisions.filter(publish_at__lte=now).order_by("-publish_at", "-pk").first()

    def snapshot(self):
        """The draft's content as stored in a revision."""
        content = {name: getattr(self, name) for name in self.CONTENT_FIELDS}
        content["image_id"] = self.image_id
        content["featured_ids"] = sorted(self.featured_initiatives.values_list("pk", flat=True))
        return content


class PageRevision(models.Model):
    """A published (or scheduled) state of a page."""

    page = models.ForeignKey(Page, verbose_name=_("pagina"), on_delete=models.CASCADE, related_name="revisions")
    content = models.JSONField(_("inhoud"))
    publish_at = models.DateTimeField(_("publiceren op"), db_index=True)
    created_at = models.DateTimeField(_("gemaakt op"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("opmerking"), max_length=200, blank=True)

    class Meta:
        ordering = ["-publish_at", "-pk"]
        verbose_name = _("versie")
        verbose_name_plural = _("versies")

    def __str__(self):
        return f"{self.page} · {timezone.localtime(self.publish_at):%d-%m-%Y %H:%M}"

    @property
    def updated_at(self):
        return self.publish_at


class NewsQuerySet(models.QuerySet):
    def live(self, now=None):
        """What the public sees: not a draft, `published_at` passed, `unpublish_at` not yet."""
        now = now or timezone.now()
        online = Q(unpublish_at__isnull=True) | Q(unpublish_at__gt=now)
        return self.filter(is_draft=False, published_at__lte=now).filter(online)


class NewsItem(models.Model):
    """A news item or announcement, public from `published_at` (a future date schedules it).

    A draft (`is_draft`) is never public, whatever its dates; staff see it through the admin preview.
    """

    title = models.CharField(_("titel"), max_length=200)
    title_en = models.CharField(_("titel (Engels)"), max_length=200, blank=True)
    slug = models.SlugField(_("adres"), max_length=80, unique=True)
    summary = models.TextField(_("samenvatting"), max_length=400, help_text=_("Op de home en in de feed."))
    summary_en = models.TextField(_("samenvatting (Engels)"), max_length=400, blank=True)
    body = rich_text(_("tekst"))
    body_en = rich_text(_("tekst (Engels)"))
    image = models.ForeignKey(
        Image, verbose_name=_("afbeelding"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_announcement = models.BooleanField(_("mededeling"), default=False, help_text=_("Een korte mededeling."))
    is_draft = models.BooleanField(
        _("concept"),
        default=False,
        help_text=_("Een concept ziet alleen de redactie (met ‘Voorbeeld’); bezoekers en de feed nog niet."),
    )
    published_at = models.DateTimeField(_("publiceren op"), default=timezone.now)
    unpublish_at = models.DateTimeField(_("offline halen op"), null=True, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("bijgewerkt op"), auto_now=True)

    objects = NewsQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("nieuwsbericht")
        verbose_name_plural = _("nieuws en mededelingen")
        constraints = [
            models.CheckConstraint(
                condition=Q(unpublish_at__isnull=True) | Q(unpublish_at__gt=models.F("published_at")),
                name="pages_news_unpublish_after_publish",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("pages:news-detail", kwargs={"slug": self.slug})

    def is_live(self, now=None):
        now = now or timezone.now()
        online = self.unpublish_at is None or self.unpublish_at > now
        return not self.is_draft and self.published_at <= now and online


class MenuItem(models.Model):
    """An editable link in the header menu or the footer (legal links and attribution stay fixed)."""

    class Location(models.TextChoices):
        HEADER = "header", _("Hoofdmenu")
        FOOTER = "footer", _("Voettekst")

    location = models.CharField(_("plaats"), max_length=10, choices=Location.choices, default=Location.FOOTER)
    label = models.CharField(_("tekst"), max_length=80)
    label_en = models.CharField(_("tekst (Engels)"), max_length=80, blank=True)
    page = models.ForeignKey(Page, verbose_name=_("pagina"), null=True, blank=True, on_delete=models.CASCADE)
    url = models.CharField(
        _("adres"),
        max_length=300,
        blank=True,
        validators=[RegexValidator(r"^(/|https://)\S*$", _("Begin met / (op deze site) of met https://."))],
    )
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        ordering = ["location", "order", "pk"]
        verbose_name = _("menulink")
        verbose_name_plural = _("menu- en voettekstlinks")

    def __str__(self):
        return self.label

    def get_absolute_url(self):
        return self.page.get_absolute_url() if self.page_id else self.url

    def clean(self):
        if bool(self.page_id) == bool(self.url):
            raise ValidationError(_("Kies een pagina of vul een adres in (niet allebei)."))


class EntryBlock(models.Model):
    """A card on the home page that leads somewhere ("Voor ouders", "Voor leraren", ...)."""

    title = models.CharField(_("titel"), max_length=120)
    title_en = models.CharField(_("titel (Engels)"), max_length=120, blank=True)
    text = models.CharField(_("tekst"), max_length=300)
    text_en = models.CharField(_("tekst (Engels)"), max_length=300, blank=True)
    url = models.CharField(
        _("adres"),
        max_length=300,
        validators=[RegexValidator(r"^(/|https://)\S*$", _("Begin met / (op deze site) of met https://."))],
    )
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("startblok op de home")
        verbose_name_plural = _("startblokken op de home")

    def __str__(self):
        return self.title


class ImageFetch(models.Model):
    """A photo the spreadsheet import fetches from a URL in the background (portal.pages.tasks.fetch_import_image).

    The row stays as the record of what happened: fetched, or failed with the reason the importer is told.
    """

    class Status(models.TextChoices):
        WAITING = "waiting", _("wacht op ophalen")
        DONE = "done", _("opgehaald")
        FAILED = "failed", _("mislukt")

    initiative = models.ForeignKey(
        "initiatives.Initiative", verbose_name=_("initiatief"), on_delete=models.CASCADE, related_name="+"
    )
    url = models.CharField(_("webadres"), max_length=1000)
    alt_text = models.CharField(_("alternatieve tekst"), max_length=250)
    file_name = models.CharField(_("importbestand"), max_length=255, blank=True)
    row = models.PositiveIntegerField(_("rij"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("door"), null=True, blank=True, on_delete=models.SET_NULL
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.WAITING)
    error = models.TextField(_("reden"), blank=True)
    image = models.ForeignKey(
        Image, verbose_name=_("afbeelding"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    finished_at = models.DateTimeField(_("klaar op"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("op te halen foto")
        verbose_name_plural = _("foto's ophalen (import)")

    def __str__(self):
        return self.url
