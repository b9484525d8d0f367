"""Content in the one admin: pages (draft, preview, publish now or later, compare, restore), news,
images, menu links and the home page's entry blocks."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from js_asset import Media as AssetMedia

from .diffs import field_diffs
from .images import best_rendition, limits_text, process_image
from .models import EntryBlock, Image, ImageFetch, MenuItem, NewsItem, Page, PageRevision
from .sanitize import RETENTION_PLACEHOLDER
from .services import PublishingError, publish_page, restore_revision


class NonceMediaMixin:
    """The rich-text editor loads with an import map (an inline script): give it the CSP nonce."""

    def render_change_form(self, request, context, *args, **kwargs):
        media = context.get("media")
        # django-csp's lazy nonce is falsy until read: str() reads it (and puts it in the header).
        nonce = getattr(request, "csp_nonce", None)
        if nonce is not None and media is not None:
            context["media"] = AssetMedia.from_media(media, nonce=str(nonce))
        return super().render_change_form(request, context, *args, **kwargs)


class ImageLimitsHelpMixin:
    """Every field that picks an image says, before the upload, which files are accepted."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and db_field.related_model is Image:
            field.help_text = " ".join(
                str(part)
                for part in (db_field.help_text, _("Kies een afbeelding of voeg er een toe met +."), limits_text())
                if part
            )
        return field


class DutchMessagesMixin:
    """Our own "added/changed/deleted" messages: Django's Dutch ones say "De {name}" for every noun,
    which is wrong for neuter nouns ("De nieuwsbericht"). `name_with_article` carries the article."""

    name_with_article = None  # e.g. _("het nieuwsbericht")

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        if getattr(request, "_own_save_message", False) and level == messages.SUCCESS:
            return  # Django's default message; ours follows
        return super().message_user(request, message, level, *args, **kwargs)

    def _with_own_message(self, request, respond, message):
        request._own_save_message = True
        try:
            response = respond()
        finally:
            request._own_save_message = False
        if "_popup" not in request.POST:
            self.message_user(request, message, messages.SUCCESS)
        return response

    def _named(self, obj):
        return {"name": capfirst(self.name_with_article or self.opts.verbose_name), "obj": obj}

    def _next_step(self, request):
        if "_continue" in request.POST:
            return " " + str(_("Hieronder kun je verder werken."))
        if "_addanother" in request.POST:
            return " " + str(_("Hieronder kun je er nog een toevoegen."))
        return ""

    def response_add(self, request, obj, post_url_continue=None):
        message = str(_("%(name)s ‘%(obj)s’ is toegevoegd.") % self._named(obj)) + self._next_step(request)
        return self._with_own_message(
            request, lambda: super(DutchMessagesMixin, self).response_add(request, obj, post_url_continue), message
        )

    def response_change(self, request, obj):
        message = str(_("%(name)s ‘%(obj)s’ is gewijzigd.") % self._named(obj)) + self._next_step(request)
        return self._with_own_message(
            request, lambda: super(DutchMessagesMixin, self).response_change(request, obj), message
        )

    def response_delete(self, request, obj_display, obj_id):
        message = _("%(name)s ‘%(obj)s’ is verwijderd.") % self._named(obj_display)
        return self._with_own_message(
            request, lambda: super(DutchMessagesMixin, self).response_delete(request, obj_display, obj_id), message
        )


@admin.register(Image)
class ImageAdmin(DutchMessagesMixin, admin.ModelAdmin):
    name_with_article = _("de afbeelding")
    list_display = ("thumbnail", "alt_text", "dimensions", "created_at")
    search_fields = ("alt_text", "alt_text_en", "credit")
    readonly_fields = ("thumbnail", "dimensions")
    fields = ("file", "thumbnail", "dimensions", "alt_text", "alt_text_en", "credit")

    @admin.display(description=_("voorbeeld"))
    def thumbnail(self, obj):
        chosen = best_rendition(obj, 160) if obj and obj.pk and obj.file else None
        if not chosen:
            return "-"
        url, width, height = chosen
        return format_html('<img src="{}" width="160" height="{}" alt="">', url, round(height * 160 / width))

    @admin.display(description=_("afmetingen"))
    def dimensions(self, obj):
        return f"{obj.width} × {obj.height}" if obj and obj.width else "-"

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.base_fields["file"].help_text = " ".join(
            (limits_text(), str(_("Foto's worden verkleind; locatiegegevens (EXIF) worden verwijderd.")))
        )
        return form

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "file" in form.changed_data:
            process_image(obj)


class PageAdminForm(forms.ModelForm):
    class Publication:
        DRAFT = "draft"
        NOW = "now"
        LATER = "later"

    publication = forms.ChoiceField(
        label=_("Wat wil je doen?"),
        choices=[
            (Publication.DRAFT, _("Alleen opslaan als concept (de bezoeker ziet nog de gepubliceerde versie)")),
            (Publication.NOW, _("Nu publiceren")),
            (Publication.LATER, _("Publiceren op een datum en tijd")),
        ],
        initial=Publication.DRAFT,
        widget=forms.RadioSelect,
    )
    publish_at = forms.SplitDateTimeField(
        label=_("Publiceren op"), required=False, widget=admin.widgets.AdminSplitDateTime
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("publication") == self.Publication.LATER:
            moment = cleaned.get("publish_at")
            if not moment:
                self.add_error("publish_at", _("Vul de datum en tijd in waarop de pagina live gaat."))
            elif moment <= timezone.now():
                self.add_error("publish_at", _("Kies een moment in de toekomst, of kies ‘Nu publiceren’."))
        return cleaned


@admin.register(Page)
class PageAdmin(ImageLimitsHelpMixin, DutchMessagesMixin, NonceMediaMixin, admin.ModelAdmin):
    name_with_article = _("de pagina")
    form = PageAdminForm
    list_display = ("title", "kind", "public_status", "updated_at")
    list_filter = ("kind",)
    search_fields = ("title", "slug", "intro")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("image", "featured_initiatives")
    readonly_fields = ("preview_link", "revision_table", "public_status")
    fieldsets = (
        (None, {"fields": ("title", "slug", "kind", "intro", "image", "body", "body_after")}),
        (
            _("Engels (leeg: de bezoeker leest de Nederlandse tekst, met een melding)"),
            {
                "fields": ("title_en", "intro_en", "body_en", "body_after_en"),
            },
        ),
        (
            _("Uitgelichte activiteiten"),
            {
                "fields": ("featured_heading", "featured_heading_en", "featured_initiatives", "featured_search"),
            },
        ),
        (
            _("Publiceren"),
            {
                "fields": (
                    "public_status",
                    "preview_link",
                    "publication",
                    "publish_at",
                    "unpublish_at",
                    "revision_table",
                ),
            },
        ),
    )

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "body" in form.base_fields and not _uses_retention_placeholder(obj):
            form.base_fields["body"].help_text = ""
        return form

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj and obj.kind != Page.Kind.FREE:
            fields += ["kind", "slug"]
        return fields

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj and obj.kind != Page.Kind.FREE else super().get_prepopulated_fields(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or obj.kind == Page.Kind.FREE)

    @admin.display(description=_("openbaar"))
    def public_status(self, obj):
        if not obj or not obj.pk:
            return _("nog niet gepubliceerd")
        now = timezone.now()
        live = obj.live_revision(now)
        upcoming = obj.revisions.filter(publish_at__gt=now).order_by("publish_at").first()
        parts = [_("live sinds %(moment)s") % {"moment": _moment(live.publish_at)} if live else _("niet online")]
        if upcoming:
            parts.append(_("gepland: %(moment)s") % {"moment": _moment(upcoming.publish_at)})
        if obj.unpublish_at and obj.unpublish_at > now:
            parts.append(_("offline vanaf %(moment)s") % {"moment": _moment(obj.unpublish_at)})
        return " · ".join(str(part) for part in parts)

    @admin.display(description=_("voorbeeld"))
    def preview_link(self, obj):
        if not obj or not obj.pk:
            return _("Sla de pagina eerst op.")
        url = reverse("admin:pages_page_preview", args=[obj.pk])
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a> <span class="help">{}</span>',
            url,
            _("Bekijk het opgeslagen concept zoals de bezoeker het zal zien"),
            _("(opent in een nieuw tabblad)"),
        )

    @admin.display(description=_("versies"))
    def revision_table(self, obj):
        if not obj or not obj.pk:
            return "-"
        live = obj.live_revision()
        now = timezone.now()
        rows = []
        for revision in obj.revisions.select_related("created_by")[:25]:
            if live and revision.pk == live.pk:
                state = _("live")
            elif revision.publish_at > now:
                state = _("gepland")
            else:
                state = _("eerder")
            url = reverse("admin:pages_page_revision", args=[obj.pk, revision.pk])
            who = revision.created_by.get_username() if revision.created_by else "-"
            rows.append((_moment(revision.publish_at), state, who, revision.note, url, _("vergelijken of terugzetten")))
        drafts_note = _(
            "Een concept dat alleen is opgeslagen staat hier niet: het komt in deze lijst zodra je het publiceert "
            "of een datum kiest. Bekijk een concept met ‘voorbeeld’."
        )
        if not rows:
            empty = _("Nog geen versies: kies ‘Nu publiceren’ of een datum.")
            return format_html('{} <span class="help">{}</span>', empty, drafts_note)
        return format_html(
            '<p class="help">{}</p>'
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th></th></tr></thead><tbody>{}</tbody></table>",
            drafts_note,
            _("publiceren op"),
            _("status"),
            _("door"),
            _("opmerking"),
            format_html_join(
                "", '<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td><a href="{}">{}</a></td></tr>', rows
            ),
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        choice = form.cleaned_data.get("publication")
        if choice == PageAdminForm.Publication.DRAFT:
            self.message_user(request, self._draft_message(form.instance), messages.WARNING)
            return
        moment = form.cleaned_data.get("publish_at") if choice == PageAdminForm.Publication.LATER else None
        try:
            revision = publish_page(page=form.instance, user=request.user, publish_at=moment)
        except PublishingError as error:
            self.message_user(request, str(error), messages.ERROR)
            return
        if moment:
            message = format_html(
                "{} {}",
                _("Gepland, nog niet live: de pagina gaat live op %(moment)s. Tot dan zien bezoekers %(now)s.")
                % {"moment": _moment(revision.publish_at), "now": self._what_visitors_see(form.instance)},
                self._preview_anchor(form.instance),
            )
            self.message_user(request, message, messages.WARNING)
        else:
            self.message_user(request, _("Gepubliceerd: bezoekers zien deze versie nu."), messages.SUCCESS)

    def _what_visitors_see(self, page):
        live = page.live_revision()
        if live:
            return _("de versie van %(moment)s") % {"moment": _moment(live.publish_at)}
        return _("nog niets (de pagina is nog niet gepubliceerd)")

    def _preview_anchor(self, page):
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            reverse("admin:pages_page_preview", args=[page.pk]),
            _("Bekijk het voorbeeld"),
        )

    def _draft_message(self, page):
        """After saving a draft: it is not live yet; what is (and what is planned)."""
        parts = [
            _("Opgeslagen als concept, nog niet live. Bezoekers zien %(now)s.") % {"now": self._what_visitors_see(page)}
        ]
        upcoming = page.revisions.filter(publish_at__gt=timezone.now()).order_by("publish_at").first()
        if upcoming:
            parts.append(
                _("Gepland: de versie van %(created)s gaat live op %(moment)s (zonder dit concept).")
                % {"created": _moment(upcoming.created_at), "moment": _moment(upcoming.publish_at)}
            )
        else:
            parts.append(_("Het concept gaat live als je ‘Nu publiceren’ of een datum kiest."))
        return format_html("{} {}", " ".join(str(part) for part in parts), self._preview_anchor(page))

    def get_urls(self):
        return [
            path("<int:pk>/voorbeeld/", self.admin_site.admin_view(self.preview_view), name="pages_page_preview"),
            path(
                "<int:pk>/versie/<int:revision_pk>/",
                self.admin_site.admin_view(self.revision_view),
                name="pages_page_revision",
            ),
            *super().get_urls(),
        ]

    def preview_view(self, request, pk):
        """The saved draft, rendered by the public page's own template and context."""
        from portal.views import render_content

        from .content import from_draft

        page = get_object_or_404(Page, pk=pk)
        if not self.has_view_or_change_permission(request, page):
            raise PermissionDenied
        return render_content(request, from_draft(page))

    def revision_view(self, request, pk, revision_pk):
        """Compare a revision with the current draft; restore it (POST)."""
        revision = get_object_or_404(PageRevision.objects.select_related("page"), pk=revision_pk, page_id=pk)
        page = revision.page
        if not self.has_view_or_change_permission(request, page):
            raise PermissionDenied
        if request.method == "POST":
            if not self.has_change_permission(request, page):
                raise PermissionDenied
            try:
                restore_revision(revision=revision, user=request.user)
            except PublishingError as error:
                self.message_user(request, str(error), messages.ERROR)
                return redirect(request.path)
            self.log_change(
                request, page, str(_("Versie van %(moment)s teruggezet.") % {"moment": _moment(revision.publish_at)})
            )
            self.message_user(request, _("De versie is teruggezet en gepubliceerd."), messages.SUCCESS)
            return redirect("admin:pages_page_change", page.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": page,
            "revision": revision,
            "moment": _moment(revision.publish_at),
            "diffs": field_diffs(revision.content, page.snapshot()),
            "can_restore": self.has_change_permission(request, page),
            "title": _("Versie van %(moment)s") % {"moment": _moment(revision.publish_at)},
        }
        return TemplateResponse(request, "admin/pages/page/revision.html", context)


def _uses_retention_placeholder(page):
    """The privacy page, or a page whose text holds the retention period placeholder."""
    if page is None:
        return False
    texts = (page.body, page.body_after, page.body_en, page.body_after_en)
    return page.kind == Page.Kind.PRIVACY or any(RETENTION_PLACEHOLDER in (text or "") for text in texts)


def _moment(value):
    return timezone.localtime(value).strftime("%d-%m-%Y %H:%M")


class NewsItemAdminForm(forms.ModelForm):
    is_draft = forms.TypedChoiceField(
        label=_("Wat wil je doen?"),
        coerce=lambda value: value == "True",
        choices=[
            (True, _("Opslaan als concept (alleen de redactie ziet het, met ‘Voorbeeld’)")),
            (False, _("Publiceren op de datum en tijd hieronder (nu of later)")),
        ],
        widget=forms.RadioSelect,
    )

    class Meta:
        model = NewsItem
        fields = ("is_draft",)  # the admin adds its fieldsets' fields


@admin.register(NewsItem)
class NewsItemAdmin(ImageLimitsHelpMixin, DutchMessagesMixin, NonceMediaMixin, admin.ModelAdmin):
    name_with_article = _("het nieuwsbericht")
    form = NewsItemAdminForm
    list_display = ("title", "public_status", "published_at", "unpublish_at", "is_announcement")
    list_filter = ("is_draft", "is_announcement")
    search_fields = ("title", "summary")
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("image",)
    readonly_fields = ("public_status", "preview_link")
    fieldsets = (
        (None, {"fields": ("title", "slug", "summary", "image", "body", "is_announcement")}),
        (_("Engels"), {"fields": ("title_en", "summary_en", "body_en")}),
        (
            _("Publiceren"),
            {"fields": ("public_status", "preview_link", "is_draft", "published_at", "unpublish_at")},
        ),
    )

    def get_changeform_initial_data(self, request):
        return {"is_draft": True, **super().get_changeform_initial_data(request)}

    @admin.display(description=_("openbaar"))
    def public_status(self, obj):
        if not obj or not obj.pk:
            return _("nog niet opgeslagen")
        now = timezone.now()
        if obj.is_draft:
            return _("concept, niet online")
        if obj.published_at > now:
            return _("gepland: %(moment)s") % {"moment": _moment(obj.published_at)}
        if obj.unpublish_at and obj.unpublish_at <= now:
            return _("offline sinds %(moment)s") % {"moment": _moment(obj.unpublish_at)}
        return _("live sinds %(moment)s") % {"moment": _moment(obj.published_at)}

    @admin.display(description=_("voorbeeld"))
    def preview_link(self, obj):
        if not obj or not obj.pk:
            return _("Sla het bericht eerst op.")
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a> <span class="help">{}</span>',
            reverse("admin:pages_newsitem_preview", args=[obj.pk]),
            _("Bekijk het opgeslagen bericht zoals de bezoeker het zal zien"),
            _("(opent in een nieuw tabblad)"),
        )

    def get_urls(self):
        return [
            path("<int:pk>/voorbeeld/", self.admin_site.admin_view(self.preview_view), name="pages_newsitem_preview"),
            *super().get_urls(),
        ]

    def preview_view(self, request, pk):
        """The saved item (draft or scheduled) with the public detail template."""
        from .views import render_news_item

        item = get_object_or_404(NewsItem.objects.select_related("image"), pk=pk)
        if not self.has_view_or_change_permission(request, item):
            raise PermissionDenied
        return render_news_item(request, item, preview=True)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if obj.is_live():
            return
        if obj.is_draft:
            message = _("Opgeslagen als concept, nog niet live: bezoekers, de home en de feed zien het niet.")
        elif obj.published_at > timezone.now():
            message = _("Gepland, nog niet live: het bericht gaat live op %(moment)s.") % {
                "moment": _moment(obj.published_at)
            }
        else:
            message = _("Niet online: de datum ‘offline halen op’ is voorbij.")
        anchor = format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            reverse("admin:pages_newsitem_preview", args=[obj.pk]),
            _("Bekijk het voorbeeld"),
        )
        self.message_user(request, format_html("{} {}", message, anchor), messages.WARNING)


@admin.register(MenuItem)
class MenuItemAdmin(DutchMessagesMixin, admin.ModelAdmin):
    name_with_article = _("de menulink")
    list_display = ("label", "location", "target", "order")
    list_editable = ("order",)
    list_filter = ("location",)
    autocomplete_fields = ("page",)

    @admin.display(description=_("naar"))
    def target(self, obj):
        return obj.get_absolute_url()


@admin.register(EntryBlock)
class EntryBlockAdmin(DutchMessagesMixin, admin.ModelAdmin):
    name_with_article = _("het startblok")
    list_display = ("title", "url", "order")
    list_editable = ("order",)


@admin.register(ImageFetch)
class ImageFetchAdmin(admin.ModelAdmin):
    """What became of the photos the import fetches by URL: read only, failures with their reason."""

    list_display = ("initiative", "url", "status", "error", "requested_by", "created_at")
    list_filter = ("status",)
    search_fields = ("url", "initiative__title", "file_name")
    list_select_related = ("initiative", "requested_by")
    readonly_fields = [field.name for field in ImageFetch._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
