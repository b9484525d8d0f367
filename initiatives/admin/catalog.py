"""The catalogue in the admin: initiatives with sessions, providers and the curated vocabularies.

Coordinators curate here: spreadsheet import/export, the review workflow as actions, history
(django-simple-history), a map in the change form and a data-quality page. Every list and
object is scoped to the user's role (initiatives.permissions).
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from import_export.admin import ImportExportMixin
from import_export.forms import ImportForm, SelectableFieldsExportForm
from simple_history.admin import SimpleHistoryAdmin

from campuses.location import fill_point_from_postcode
from campuses.models import Campus, Municipality
from portal.pages.admin import DutchMessagesMixin, ImageLimitsHelpMixin
from portal.pages.import_images import photos_zip_help
from portal.uploads import bundle, validate_photos_upload, validate_spreadsheet_upload

from .. import permissions, review, review_emails, services
from ..curation import quality
from ..curation.import_jobs import apply_import_job, check_import_job
from ..curation.import_template import TEMPLATES, build_template
from ..curation.imports import FORMATS, MAX_ROWS, SpreadsheetError, estimate_rows, limits, too_many_rows
from ..curation.resources import InitiativeResource, ProviderResource, SessionResource
from ..models import ImportJob, Initiative, Language, Programme, Provider, Session, StaffProfile, TargetGroup, Theme
from ..permissions import Role, RoleScopedAdminMixin
from .bookings import SessionBookingsAdminMixin, SessionInlineFormSet, apply_session_changes, cancel_sessions
from .history import ReadableHistoryMixin
from .preview import render_preview
from .review import ReviewedSaveMixin


class DutchExportForm(SelectableFieldsExportForm):
    """The export page lists each column by its (Dutch) spreadsheet header, not the English attribute."""

    def _get_field_label(self, resource, field_name):
        field = resource.fields.get(field_name)
        return field.column_name if field is not None else field_name


class PhotoImportForm(ImportForm):
    """The initiatives import: the spreadsheet, and beside it (optional) a zip with the photos it names."""

    photos = forms.FileField(label=gettext_lazy("Foto's (zip, niet verplicht)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["photos"].help_text = photos_zip_help()


class CuratedImportExportMixin(ImportExportMixin):
    """Import/export with our formats, the user passed to the resource, and our templates."""

    export_form_class = DutchExportForm
    import_formats = FORMATS
    export_formats = FORMATS
    import_template_name = "admin/initiatives/import.html"
    import_export_change_list_template = "admin/initiatives/change_list_import_export.html"
    template_key = ""

    def get_export_filename(self, request, queryset, file_format):
        # "initiatieven-2026-12-01.xlsx", not the model's class name.
        name = slugify(str(self.model._meta.verbose_name_plural))
        return f"{name}-{timezone.localdate():%Y-%m-%d}.{file_format.get_extension()}"

    def get_data_for_export(self, request, queryset, **kwargs):
        data = super().get_data_for_export(request, queryset, **kwargs)
        data.title = str(self.model._meta.verbose_name_plural).capitalize()  # the sheet's name, not "Tablib Dataset"
        return data

    def get_import_resource_kwargs(self, request, **kwargs):
        return {**super().get_import_resource_kwargs(request, **kwargs), "user": request.user}

    def get_export_resource_kwargs(self, request, **kwargs):
        return {**super().get_export_resource_kwargs(request, **kwargs), "user": request.user}

    def has_import_permission(self, request):
        return self.has_add_permission(request) or self.has_change_permission(request)

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        extra = [
            path(
                "sjabloon/",
                self.admin_site.admin_view(self.import_template_view),
                name="{}_{}_import_template".format(*info),
            ),
            path(
                "import/taak/<int:job_id>/",
                self.admin_site.admin_view(self.import_job_view),
                name="{}_{}_import_job".format(*info),
            ),
        ]
        return extra + super().get_urls()

    # --- large files: a background job instead of the request (initiatives.curation.import_jobs)

    def get_import_form_class(self, request):
        return PhotoImportForm if self.template_key == "initiatives" else super().get_import_form_class(request)

    def _bundle_photos(self, request):
        """A sheet with a zip of photos beside it becomes one zip (sheet + photos): the file the
        preview, the confirmation and a background job read. None, or the form with the error."""
        photos, sheet = request.FILES.get("photos"), request.FILES.get("import_file")
        if photos is None or sheet is None:
            return None
        try:
            validate_photos_upload(photos)
            validate_spreadsheet_upload(sheet)
            if sheet.name.lower().endswith(".zip"):
                raise ValidationError(_("Upload de spreadsheet zelf (.xlsx of .csv) naast de zip met foto's."))
        except ValidationError as error:
            form = self.create_import_form(request)
            form.is_valid()
            form.add_error("photos" if "photos" in form.fields else "import_file", error)
            return form
        data = bundle(sheet.name, b"".join(sheet.chunks()), b"".join(photos.chunks()))
        stem = sheet.name.rsplit(".", 1)[0]
        request.FILES.setlist("import_file", [SimpleUploadedFile(f"{stem}.zip", data, "application/zip")])
        request.FILES.pop("photos")
        return None

    def add_success_message(self, result, request):
        super().add_success_message(result, request)
        reviewed = getattr(result, "review_count", 0)
        if reviewed:
            self.message_user(
                request,
                ngettext(
                    "%(count)s ter beoordeling: die wijziging is nog niet te zien; een coördinator beoordeelt hem.",
                    "%(count)s ter beoordeling: die wijzigingen zijn nog niet te zien; een coördinator beoordeelt ze.",
                    reviewed,
                )
                % {"count": reviewed},
                messages.INFO,
            )
        count = getattr(result, "image_fetches", 0)
        if count:
            self.message_user(
                request,
                ngettext(
                    "%(count)s foto wordt nu op de achtergrond opgehaald. Lukt dat niet, dan krijg je een e-mail "
                    "en zie je de reden bij ‘Foto's ophalen (import)’.",
                    "%(count)s foto's worden nu op de achtergrond opgehaald. Lukt dat niet, dan krijg je een e-mail "
                    "en zie je de reden bij ‘Foto's ophalen (import)’.",
                    count,
                )
                % {"count": count},
                messages.INFO,
            )

    def import_action(self, request, **kwargs):
        if request.method == "POST" and self.has_import_permission(request):
            refused = self._bundle_photos(request)
            if refused is not None:
                return self._import_form_response(request, refused)
            form = self.create_import_form(request)
            if form.is_valid():
                upload = form.cleaned_data["import_file"]
                try:
                    # Size and real type first (portal/uploads.py), before the file is read into memory.
                    validate_spreadsheet_upload(upload)
                except ValidationError as error:
                    form.add_error("import_file", error)
                    return self._import_form_response(request, form)
                data = b"".join(upload.chunks())
                upload.seek(0)
                try:
                    rows = estimate_rows(data)
                except SpreadsheetError as error:
                    rows, refusal = 0, str(error)
                else:
                    refusal = None
                if refusal is None and rows is not None and rows > MAX_ROWS + 1:
                    refusal = str(too_many_rows())
                if refusal is not None:
                    form.add_error("import_file", refusal)
                    return self._import_form_response(request, form)
                if rows is None or rows > settings.IMPORT_SYNC_MAX_ROWS + 1:
                    job = ImportJob.objects.create(
                        user=request.user, kind=self.template_key, file_name=upload.name[:255], data=data
                    )
                    check_import_job.enqueue(job.pk)
                    return HttpResponseRedirect(self._job_url(job))
        response = super().import_action(request, **kwargs)
        context = getattr(response, "context_data", None)
        if context is not None and "fields_list" in context:
            context["fields_list"] = self._template_columns_list(request)
        return response

    def _template_columns_list(self, request):
        """The import page's "Deze kolommen worden geïmporteerd": every column of the template."""
        kwargs = self.get_import_resource_kwargs(request)
        return [
            (resource_class().get_display_name(), resource_class(**kwargs).template_columns())
            for resource_class in self.get_import_resource_classes(request)
        ]

    def init_request_context_data(self, request, form):
        # The export page: which template columns the export writes besides the fields, and which not.
        context = super().init_request_context_data(request, form)
        kwargs = self.get_export_resource_kwargs(request)
        resources = [resource_class(**kwargs) for resource_class in self.get_export_resource_classes(request)]
        context["fields_list"] = [(resource.get_display_name(), resource.export_columns()) for resource in resources]
        notes = []
        for resource in resources:
            written = list(resource.exported_extra_columns)
            left_out = [name for name in resource.extra_columns if name not in written]
            if written:
                notes.append(
                    _("De export schrijft ook de lege kolom(men) %(columns)s, om in te vullen als dat nodig is.")
                    % {"columns": ", ".join(f"“{name}”" for name in written)}
                )
            if left_out:
                notes.append(
                    _(
                        "De kolommen %(columns)s van het sjabloon staan niet in de export: een opgeslagen foto kan "
                        "niet terug in een cel. Zonder die kolommen laat een nieuwe import de foto's staan."
                    )
                    % {"columns": ", ".join(f"“{name}”" for name in left_out)}
                )
        if notes and "format" in form.fields:
            form.fields["format"].help_text = escape(" ".join(notes))
        return context

    def _import_form_response(self, request, form):
        context = {
            **self.admin_site.each_context(request),
            **self.get_import_context_data(),
            "title": _("Importeren"),
            "form": form,
            "opts": self.model._meta,
            "media": self.media + form.media,
            "fields_list": self._template_columns_list(request),
        }
        return TemplateResponse(request, [self.import_template_name], context)

    def _job_url(self, job):
        info = self.opts.app_label, self.opts.model_name
        return reverse("admin:{}_{}_import_job".format(*info), args=[job.pk])

    def import_job_view(self, request, job_id):
        if not self.has_import_permission(request):
            raise PermissionDenied
        job = ImportJob.objects.filter(pk=job_id, user=request.user, kind=self.template_key).first()
        if job is None:
            raise Http404
        if request.method == "POST":
            if job.status == ImportJob.Status.CHECKED:
                job.status = ImportJob.Status.QUEUED
                job.save(update_fields=["status"])
                apply_import_job.enqueue(job.pk)
                self.message_user(request, _("De import is gestart. Je krijgt een e-mail als hij klaar is."))
            return HttpResponseRedirect(self._job_url(job))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import: %(file)s") % {"file": job.file_name},
            "opts": self.model._meta,
            "job": job,
            "summary": job.summary,
            "changelist_url": reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"),
        }
        return TemplateResponse(request, "admin/initiatives/import_job.html", context)

    def import_template_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        response = HttpResponse(
            build_template(TEMPLATES[self.template_key]),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        filename = f"sjabloon-{self.opts.verbose_name_plural}.xlsx".replace(" ", "-").replace("'", "")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "import_template_url_name": self.import_template_url_name()}
        return super().changelist_view(request, extra_context)

    def get_import_context_data(self, **kwargs):
        return {
            **super().get_import_context_data(**kwargs),
            "import_template_url_name": self.import_template_url_name(),
            "import_key_help": self.resource_classes[0].import_key_help,
            "import_limits": {key: f"{value:,}".replace(",", ".") for key, value in limits().items()},
        }

    def add_data_read_fail_error_to_form(self, form, e):
        # Our readers explain in Dutch what is wrong with the file; anything else is "not readable".
        if isinstance(e, SpreadsheetError):
            form.add_error("import_file", str(e))
        else:
            form.add_error(
                "import_file",
                _("Dit bestand kunnen we niet lezen. Sla het in Excel op als .xlsx of als CSV en probeer het opnieuw."),
            )

    def import_template_url_name(self):
        return f"admin:{self.opts.app_label}_{self.opts.model_name}_import_template"


NO_LOCATION_WARNING = gettext_lazy(
    "Dit initiatief heeft geen locatie: vul een postcode of een punt in. Zonder locatie vindt niemand het bij zoeken "
    "in de buurt en ziet geen campuscoördinator het."
)


# --- vocabularies -------------------------------------------------------------------------------


@admin.register(Theme)
class ThemeAdmin(DutchMessagesMixin, admin.ModelAdmin):
    name_with_article = gettext_lazy("het thema")
    list_display = ("name", "name_en", "slug", "position", "initiative_count")
    list_editable = ("position",)
    search_fields = ("name", "name_en", "slug")
    prepopulated_fields = {"slug": ("name",)}

    @admin.display(description=gettext_lazy("initiatieven"))
    def initiative_count(self, obj):
        return obj.initiatives.count()


@admin.register(TargetGroup)
class TargetGroupAdmin(ThemeAdmin):
    name_with_article = gettext_lazy("de doelgroep")


@admin.register(Programme)
class ProgrammeAdmin(DutchMessagesMixin, admin.ModelAdmin):
    name_with_article = gettext_lazy("het programma")
    list_display = ("name", "website", "initiative_count")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}

    @admin.display(description=gettext_lazy("initiatieven"))
    def initiative_count(self, obj):
        return obj.initiatives.count()


@admin.register(Language)
class LanguageAdmin(DutchMessagesMixin, admin.ModelAdmin):
    name_with_article = gettext_lazy("de taal")
    list_display = ("name", "name_en", "code", "position")
    list_editable = ("position",)
    search_fields = ("name", "name_en", "code")


# --- providers ----------------------------------------------------------------------------------


@admin.register(Provider)
class ProviderAdmin(
    ImageLimitsHelpMixin, ReviewedSaveMixin, DutchMessagesMixin, CuratedImportExportMixin, admin.ModelAdmin
):
    name_with_article = gettext_lazy("de aanbieder")
    resource_classes = [ProviderResource]
    template_key = "providers"
    list_display = ("name", "kind", "municipality", "email", "is_demo")
    list_filter = ("kind", "is_demo")
    search_fields = ("name", "slug", "email", "contact_name")
    list_select_related = ("municipality",)
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = ("is_demo", "created_at", "updated_at")

    @property
    def autocomplete_fields(self):
        return ("municipality", "image") if self.admin_site.is_registered(Municipality) else ("image",)

    def get_queryset(self, request):
        return permissions.scope_providers(request.user, super().get_queryset(request))

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or permissions.can_edit_provider(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or permissions.can_edit_provider(request.user, obj))


# --- initiatives --------------------------------------------------------------------------------


class VerificationFilter(admin.SimpleListFilter):
    title = gettext_lazy("gecontroleerd")
    parameter_name = "gecontroleerd"

    def lookups(self, request, model_admin):
        return [
            ("verouderd", gettext_lazy("12 maanden of langer geleden (of nooit)")),
            ("recent", gettext_lazy("in de laatste 12 maanden")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "verouderd":
            return quality.stale(queryset)
        if self.value() == "recent":
            return queryset.exclude(pk__in=quality.stale(queryset).values("pk"))
        return queryset


class SessionInline(admin.TabularInline):
    # No per-object scoping here: an inline gets the parent initiative as obj, which the parent
    # admin (RoleScopedAdminMixin) has already checked.
    model = Session
    formset = SessionInlineFormSet  # no deleting a session that has bookings
    # Fits the change form at 1,366 px: when booking opens is on the session's own page (change link),
    # the note is a short field here.
    fields = ("starts_at", "ends_at", "capacity", "booking_closes_at", "is_cancelled", "note")
    extra = 0
    show_change_link = True

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "note" and formfield is not None:
            formfield.widget.attrs.update(size=18, **{"class": ""})  # not vTextField, which is 610 px wide
        return formfield

    def has_delete_permission(self, request, obj=None):
        # A provider editor cannot delete a live session from a published initiative (that is no review).
        if obj is not None and review.needs_review(request.user, obj):
            return False
        return super().has_delete_permission(request, obj)


class InitiativeAdminForm(forms.ModelForm):
    current_user = None  # set per request by InitiativeAdmin.get_form

    def clean(self):
        cleaned = super().clean()
        self._fill_point(cleaned)
        self._sync_vmbo_tracks(cleaned)
        user = self.current_user
        if user is None or permissions.role_of(user) != Role.CAMPUS:
            return cleaned
        # A campus coordinator may not move an initiative out of their own campuses.
        probe = Initiative(latitude=cleaned.get("latitude"), longitude=cleaned.get("longitude"))
        campus = cleaned.get("campus") if cleaned.get("campus_is_manual") else probe.nearest_campus()
        if campus is None or campus.pk not in permissions.campus_ids(user):
            raise ValidationError(
                _(
                    "Dit initiatief ligt dan niet bij jouw campus(sen). Kies een punt binnen de straal van je "
                    "campus, of kies je campus handmatig."
                )
            )
        return cleaned

    def _sync_vmbo_tracks(self, cleaned):
        """Ticking a vmbo track ticks vmbo; unticking vmbo clears the tracks (Initiative.sync_vmbo_tracks)."""
        names = ("for_vmbo", *Initiative.VMBO_TRACK_FIELDS)
        if not set(names) <= set(self.fields):
            return
        entry = Initiative(**{name: bool(cleaned.get(name)) for name in names})
        entry.sync_vmbo_tracks(vmbo_turned_off="for_vmbo" in self.changed_data)
        cleaned.update({name: getattr(entry, name) for name in names})

    def _fill_point(self, cleaned):
        """No point typed: the postcode's PC4 centre (approximate), as the import does."""
        if "latitude" not in self.fields or "latitude" in self.errors or "longitude" in self.errors:
            return
        entry = Initiative(
            latitude=cleaned.get("latitude"),
            longitude=cleaned.get("longitude"),
            postcode=cleaned.get("postcode") or "",
            is_point_approximate=bool(cleaned.get("is_point_approximate")),
        )
        typed = entry.latitude is not None and bool({"latitude", "longitude"} & set(self.changed_data))
        problem = fill_point_from_postcode(entry, point_given=typed)
        if problem:
            self.add_error("postcode", problem)
            return
        cleaned.update(
            latitude=entry.latitude, longitude=entry.longitude, is_point_approximate=entry.is_point_approximate
        )


@admin.register(Initiative)
class InitiativeAdmin(
    ImageLimitsHelpMixin,
    ReviewedSaveMixin,
    DutchMessagesMixin,  # after ReviewedSaveMixin: a change sent to review keeps its own message
    ReadableHistoryMixin,
    RoleScopedAdminMixin,
    CuratedImportExportMixin,
    SimpleHistoryAdmin,
):
    name_with_article = gettext_lazy("het initiatief")
    form = InitiativeAdminForm
    resource_classes = [InitiativeResource]
    template_key = "initiatives"
    # Six columns: the list fits beside the navigation and filters at 1,366 px (practice level and an
    # approximate point are filters; the data-quality page lists entries without a point).
    list_display = ("title", "provider", "status", "campus", "activity_type", "verified_display")
    list_filter = (
        "status",
        VerificationFilter,
        "activity_type",
        "practice_level",
        "location_type",
        "booking_mode",
        "campus",
        "themes",
        "target_groups",
        "is_point_approximate",
        "is_demo",
    )
    search_fields = ("title", "slug", "external_ref", "provider__name", "place_name", "postcode")
    list_select_related = ("provider", "campus")
    date_hierarchy = None
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = ("published_at", "is_demo", "created_at", "updated_at")
    inlines = [SessionInline]
    actions = ["submit_for_review", "publish", "archive", "mark_verified"]
    fieldsets = (
        (None, {"fields": ("title", "slug", "external_ref", "summary", "description", "image", "provider")}),
        (gettext_lazy("Voor wie"), {"fields": (
            "themes", "target_groups", "languages",
            ("po_group_from", "po_group_to"), ("vo_year_from", "vo_year_to"), ("for_vmbo", "for_havo", "for_vwo"),
            ("for_vmbo_bl", "for_vmbo_kl", "for_vmbo_gt"), "levels_unknown",
        )}),
        (gettext_lazy("Wat"), {"fields": ("activity_type", "practice_level", ("duration_minutes", "duration_note"))}),
        (gettext_lazy("Waar"), {"fields": (
            "location_type", "venue_name", "address", ("postcode", "place_name"), "municipality",
            ("latitude", "longitude"), "is_point_approximate", "service_radius_km", ("campus", "campus_is_manual"),
            "is_region_wide", "municipalities",
        )}),
        (gettext_lazy("Kosten, groepen en boeken"), {"fields": (
            ("is_free", "price", "price_note"), ("group_size_min", "group_size_max", "capacity_unit"),
            "booking_mode", "booking_url", ("contact_email", "contact_phone"),
        )}),
        (gettext_lazy("Boekingsregels"), {
            "description": gettext_lazy("Alleen voor boeken via dit portaal."),
            "fields": (
                "offers_bus_transport", "confirmation_mode", "waitlist_mode",
                ("booking_opens_days_before", "booking_closes_days_before"), "sessions_required",
            ),
        }),
        # Who books is explained once, by booked_by's help text (the model's).
        (gettext_lazy("Ouders"), {
            "fields": ("booked_by", "is_family_activity", "parents_welcome", "is_outside_school_hours"),
        }),
        (gettext_lazy("Beheer"), {"fields": (
            "status", "published_at", "last_verified_on", ("source", "source_seen"),
            ("programme", "ends_on", "successor"), "is_demo", ("created_at", "updated_at"),
        )}),
    )  # fmt: skip

    class Media:
        css = {"all": ("leaflet/leaflet.css", "css/admin_map.css", "css/admin_lists.css")}
        js = ("leaflet/leaflet.js", "js/admin_map.js")

    @property
    def autocomplete_fields(self):
        fields = ["provider", "themes", "target_groups", "languages", "programme", "successor", "image"]
        fields += [name for name, model in (("municipality", Municipality), ("municipalities", Municipality),
                                            ("campus", Campus))
                   if self.admin_site.is_registered(model)]  # fmt: skip
        return fields

    @admin.display(description=gettext_lazy("laatste controle"), ordering="last_verified_on")
    def verified_display(self, obj):
        # A short header: admin headers keep whole words on a line, and "gecontroleerd" is wide.
        return date_format(obj.last_verified_on, "SHORT_DATE_FORMAT") if obj.last_verified_on else "–"

    @admin.display(description=gettext_lazy("punt"), ordering="is_point_approximate")
    def point_display(self, obj):
        if obj.latitude is None:
            return _("geen")
        return _("bij benadering") if obj.is_point_approximate else _("adres")

    # --- role rules in the form

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.current_user = request.user
        return form

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "provider":
            kwargs["queryset"] = permissions.scope_providers(request.user, Provider.objects.all())
            if permissions.role_of(request.user) == Role.PROVIDER:
                kwargs["initial"] = permissions.provider_id(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "status" and permissions.role_of(request.user) == Role.PROVIDER:
            kwargs["choices"] = [
                (value, label)
                for value, label in Initiative.Status.choices
                if value in (Initiative.Status.DRAFT, Initiative.Status.REVIEW)
            ]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if permissions.role_of(request.user) == Role.PROVIDER:
            fields += ["campus", "campus_is_manual"]
            if obj is not None and review.needs_review(request.user, obj):
                fields += ["status"]  # it stays published while the provider's change waits for review
        return fields

    def get_autocomplete_fields(self, request):
        fields = super().get_autocomplete_fields(request)
        if permissions.role_of(request.user) == Role.PROVIDER:
            fields = [name for name in fields if name != "campus"]
        return fields

    def save_model(self, request, obj, form, change):
        if review.needs_review(request.user, obj):
            return super().save_model(request, obj, form, change)  # a pending change (ReviewedSaveMixin)
        if obj.latitude is None and obj.location_type != Initiative.LocationType.ONLINE:
            self.message_user(request, NO_LOCATION_WARNING, messages.WARNING)
        if permissions.role_of(request.user) == Role.PROVIDER and obj.status != Initiative.Status.DRAFT:
            obj.status = Initiative.Status.REVIEW  # a provider's change is reviewed before it goes public
        if obj.status == Initiative.Status.PUBLISHED and ("status" in form.changed_data or obj.published_at is None):
            obj.published_at = timezone.now()
        offered = obj.status == Initiative.Status.REVIEW and (not change or "status" in form.changed_data)
        super().save_model(request, obj, form, change)
        if offered:
            review_emails.notify_reviewers_of_initiative(obj)  # queued in the admin's transaction

    def save_formset(self, request, form, formset, change):
        if formset.model is not Session:
            return super().save_formset(request, form, formset, change)
        # A "geannuleerd" ticked or a capacity raised in the sessions inline goes through the booking services.
        fields = ("pk", "is_cancelled", "capacity", "starts_at", "ends_at")
        before = {row["pk"]: row for row in formset.queryset.values(*fields)}
        super().save_formset(request, form, formset, change)
        for session, _fields in formset.changed_objects:
            was = before.get(session.pk)
            message = was and apply_session_changes(
                request,
                session,
                was_cancelled=was["is_cancelled"],
                old_capacity=was["capacity"],
                old_times=(was["starts_at"], was["ends_at"]),
            )
            if message:
                self.message_user(request, message, messages.SUCCESS)

    # --- workflow actions

    def get_actions(self, request):
        actions = super().get_actions(request)
        if permissions.role_of(request.user) not in (Role.MRDH, Role.CAMPUS):
            actions.pop("publish", None)
        return actions

    def _run_step(self, request, queryset, step):
        done = 0
        for initiative in queryset:
            try:
                step(initiative=initiative, user=request.user)
                done += 1
            except services.WorkflowError as error:
                self.message_user(request, str(error), messages.WARNING)
        return done

    def _report(self, request, done, message):
        if done:
            self.message_user(request, message % {"count": done}, messages.SUCCESS)

    @admin.action(description=gettext_lazy("Ter beoordeling aanbieden"), permissions=["change"])
    def submit_for_review(self, request, queryset):
        done = self._run_step(request, queryset, services.submit_for_review)
        self._report(
            request,
            done,
            ngettext(
                "%(count)d initiatief ter beoordeling aangeboden.",
                "%(count)d initiatieven ter beoordeling aangeboden.",
                done,
            ),
        )

    @admin.action(description=gettext_lazy("Publiceren"), permissions=["change"])
    def publish(self, request, queryset):
        done = self._run_step(request, queryset, services.publish)
        self._report(
            request,
            done,
            ngettext("%(count)d initiatief gepubliceerd.", "%(count)d initiatieven gepubliceerd.", done),
        )

    @admin.action(description=gettext_lazy("Archiveren"), permissions=["change"])
    def archive(self, request, queryset):
        done = self._run_step(request, queryset, services.archive)
        self._report(
            request,
            done,
            ngettext("%(count)d initiatief gearchiveerd.", "%(count)d initiatieven gearchiveerd.", done),
        )

    @admin.action(description=gettext_lazy("Vandaag gecontroleerd"), permissions=["change"])
    def mark_verified(self, request, queryset):
        done = self._run_step(request, queryset, services.mark_verified)
        self._report(
            request,
            done,
            ngettext(
                "%(count)d initiatief als vandaag gecontroleerd gemarkeerd.",
                "%(count)d initiatieven als vandaag gecontroleerd gemarkeerd.",
                done,
            ),
        )

    # --- extra pages: data quality, and the map's settings

    def get_urls(self):
        extra = [
            path(
                "gegevenskwaliteit/",
                self.admin_site.admin_view(self.data_quality_view),
                name="initiatives_initiative_data_quality",
            ),
            path(
                "<path:object_id>/voorbeeld/",
                self.admin_site.admin_view(self.preview_view),
                name="initiatives_initiative_preview",
            ),
        ]
        return extra + super().get_urls()

    def data_quality_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        limit = 50
        sections = []
        for check in quality.checks(self.get_queryset(request)):
            rows = list(check.queryset[: limit + 1])
            sections.append(
                {"check": check, "rows": rows[:limit], "more": len(rows) > limit, "count": check.queryset.count()}
            )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Gegevenskwaliteit"),
            "opts": self.opts,
            "sections": sections,
            "limit": limit,
            "stale_before": quality.year_before(timezone.localdate()),
        }
        return TemplateResponse(request, "admin/initiatives/data_quality.html", context)

    def preview_view(self, request, object_id):
        """The initiative as the public would see it, also as a draft (staff only, within scope)."""
        initiative = self.get_object(request, object_id)
        if initiative is None or not self.has_view_permission(request, initiative):
            raise Http404
        proposal = permissions.role_of(request.user) == Role.PROVIDER and self._open_change(initiative) is not None
        if proposal:  # a provider editor's form and preview show their proposal
            label = _("Voorbeeld van de voorgestelde wijziging: zo ziet de pagina eruit na goedkeuring.")
        elif initiative.status == Initiative.Status.PUBLISHED:
            label = _("Zo staat het initiatief op het portaal.")
        else:
            label = _("Zo ziet de pagina eruit als het initiatief gepubliceerd is.")
        return render_preview(request, initiative, label)

    def render_change_form(self, request, context, *args, **kwargs):
        context["map_tiles_url"] = settings.MAP_TILES_URL
        obj = kwargs.get("obj")
        if obj is not None and obj.latitude is None and obj.location_type != Initiative.LocationType.ONLINE:
            context["no_location_warning"] = NO_LOCATION_WARNING
        return super().render_change_form(request, context, *args, **kwargs)


@admin.register(Session)
class SessionAdmin(
    SessionBookingsAdminMixin,
    ReviewedSaveMixin,
    ReadableHistoryMixin,
    RoleScopedAdminMixin,
    CuratedImportExportMixin,
    SimpleHistoryAdmin,
):
    scope_path = "initiative__"
    actions = [cancel_sessions]
    resource_classes = [SessionResource]
    template_key = "sessions"
    list_display = ("initiative", "starts_at", "ends_at", "capacity", "is_cancelled")
    list_filter = ("is_cancelled", "initiative__status", "initiative__campus")
    search_fields = ("initiative__title", "initiative__slug", "note", "venue_name")
    list_select_related = ("initiative",)
    autocomplete_fields = ("initiative",)
    date_hierarchy = "starts_at"

    class Media:
        css = {"all": ("css/admin_lists.css",)}

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "initiative":
            kwargs["queryset"] = permissions.scope_initiatives(request.user, Initiative.objects.all())
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and review.needs_review(request.user, obj):
            fields.append("initiative")  # a proposal belongs to the session's own initiative
        return fields

    def has_delete_permission(self, request, obj=None):
        if obj is not None and review.needs_review(request.user, obj):
            return False  # a live session is cancelled, not deleted, and not without review
        return super().has_delete_permission(request, obj)


# --- who looks after what ---------------------------------------------------------------------


@admin.register(StaffProfile)
class StaffProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "role_display", "provider", "campus_list")
    search_fields = ("user__username", "user__email", "provider__name")
    list_select_related = ("user", "provider")
    autocomplete_fields = ("user", "provider")
    filter_horizontal = ("campuses",)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("campuses", "user__groups")

    @admin.display(description=gettext_lazy("rol"))
    def role_display(self, obj):
        names = {group.name for group in obj.user.groups.all()}
        return ", ".join(name for name in permissions.GROUP_NAMES.values() if name in names) or "–"

    @admin.display(description=gettext_lazy("campussen"))
    def campus_list(self, obj):
        return ", ".join(campus.name for campus in obj.campuses.all())

    def has_module_permission(self, request):
        return permissions.role_of(request.user) == Role.MRDH and super().has_module_permission(request)
