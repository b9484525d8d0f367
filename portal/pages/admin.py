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
from django.utils.translation import gettext_lazy as _
from js_asset import Media as AssetMedia

from .diffs import field_diffs
from .images import best_rendition, process_image
from .models import EntryBlock, Image, MenuItem, NewsItem, Page, PageRevision
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


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
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
class PageAdmin(NonceMediaMixin, admin.ModelAdmin):
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
        if not rows:
            return _("Nog geen versies: kies ‘Nu publiceren’ of een datum.")
        return format_html(
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th></th></tr></thead><tbody>{}</tbody></table>",
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
            return
        moment = form.cleaned_data.get("publish_at") if choice == PageAdminForm.Publication.LATER else None
        try:
            revision = publish_page(page=form.instance, user=request.user, publish_at=moment)
        except PublishingError as error:
            self.message_user(request, str(error), messages.ERROR)
            return
        if moment:
            message = _("Gepland: de pagina gaat live op %(moment)s.") % {"moment": _moment(revision.publish_at)}
        else:
            message = _("Gepubliceerd: bezoekers zien deze versie nu.")
        self.message_user(request, message, messages.SUCCESS)

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


def _moment(value):
    return timezone.localtime(value).strftime("%d-%m-%Y %H:%M")


@admin.register(NewsItem)
class NewsItemAdmin(NonceMediaMixin, admin.ModelAdmin):
    list_display = ("title", "published_at", "unpublish_at", "is_announcement")
    list_filter = ("is_announcement",)
    search_fields = ("title", "summary")
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("image",)
    fieldsets = (
        (None, {"fields": ("title", "slug", "summary", "image", "body", "is_announcement")}),
        (_("Engels"), {"fields": ("title_en", "summary_en", "body_en")}),
        (_("Publiceren"), {"fields": ("published_at", "unpublish_at")}),
    )


@admin.register(MenuItem)
class MenuItemAdmin(admin.ModelAdmin):
    list_display = ("label", "location", "target", "order")
    list_editable = ("order",)
    list_filter = ("location",)
    autocomplete_fields = ("page",)

    @admin.display(description=_("naar"))
    def target(self, obj):
        return obj.get_absolute_url()


@admin.register(EntryBlock)
class EntryBlockAdmin(admin.ModelAdmin):
    list_display = ("title", "url", "order")
    list_editable = ("order",)
