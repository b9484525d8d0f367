"""Review in the admin: provider editors' saves of live content become pending changes; the review page.

`ReviewedSaveMixin` goes on the initiative, provider and session admins. A provider editor who
saves something the public sees (a published initiative, its sessions, their provider record)
stores a proposal instead (initiatives.review.propose); the form then shows their proposal and
the reviewer's comment, and they edit on. `PendingChangeAdmin` is where reviewers compare,
preview, approve and send back.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import permissions, review
from ..models import Initiative, PendingChange, Session
from ..permissions import Role
from .preview import render_preview


class ReviewedSaveMixin:
    """ModelAdmin mixin: a provider editor's save of live content waits for review."""

    def _open_change(self, obj):
        if obj is None or obj.pk is None:
            return None
        return PendingChange.objects.open().for_object(obj).select_related("reviewed_by").first()

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None and permissions.role_of(request.user) == Role.PROVIDER:
            change = self._open_change(obj)
            if change is not None:
                return review.proposed_object(change)  # the provider edits on in their proposal
        return obj

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        has_slug = any(field.name == "slug" for field in self.model._meta.fields)
        if has_slug and obj is not None and review.needs_review(request.user, obj):
            fields.append("slug")  # the web address of live content is not part of a proposal
        return fields

    def get_prepopulated_fields(self, request, obj=None):
        if obj is not None and review.needs_review(request.user, obj):
            return {}
        return super().get_prepopulated_fields(request, obj)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = dict(extra_context or {})
        if object_id is not None:
            obj = super().get_object(request, object_id)
            if obj is not None:
                extra_context["pending_change"] = self._open_change(obj)
                extra_context["review_applies"] = review.needs_review(request.user, obj)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        if review.needs_review(request.user, obj):
            request._review_pending = True
            values = dict(form.cleaned_data)
            request._review_change = review.propose(user=request.user, obj=obj, values=values)
            return
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        if not getattr(request, "_review_pending", False):
            return super().save_related(request, form, formsets, change)
        for formset in formsets:
            # Nothing saved: the admin's change message reads these.
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
            for inline_form in formset.forms:
                if inline_form.has_changed() and inline_form.is_valid():
                    self._propose_inline(request, form.instance, inline_form)
        return None

    def _propose_inline(self, request, parent, inline_form):
        if formset_deletes(inline_form):
            return
        obj = inline_form.instance
        values = dict(inline_form.cleaned_data)
        if isinstance(obj, Session) and obj.initiative_id is None:
            obj.initiative = parent
        review.propose(user=request.user, obj=obj, values=values, initiative=getattr(obj, "initiative", None))

    def log_addition(self, request, obj, message):
        if not getattr(request, "_review_pending", False):
            return super().log_addition(request, obj, message)
        return None

    def log_change(self, request, obj, message):
        if not getattr(request, "_review_pending", False):
            return super().log_change(request, obj, message)
        return None

    def _pending_response(self, request, obj):
        if request._review_change is None:
            self.message_user(request, _("Er is niets veranderd ten opzichte van de gepubliceerde versie."))
        else:
            self.message_user(
                request,
                _(
                    "Je wijziging is ter beoordeling aangeboden. Tot een coördinator hem goedkeurt, blijft de "
                    "gepubliceerde versie zichtbaar."
                ),
                messages.SUCCESS,
            )
        if obj.pk is None:
            return HttpResponseRedirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"))
        return HttpResponseRedirect(request.path)

    def response_change(self, request, obj):
        if getattr(request, "_review_pending", False):
            return self._pending_response(request, obj)
        return super().response_change(request, obj)

    def response_add(self, request, obj, post_url_continue=None):
        if getattr(request, "_review_pending", False):
            return self._pending_response(request, obj)
        return super().response_add(request, obj, post_url_continue)


def formset_deletes(inline_form):
    return bool(inline_form.cleaned_data.get("DELETE"))


class ChangeScopeFilter(admin.SimpleListFilter):
    title = gettext_lazy("soort")
    parameter_name = "soort"

    def lookups(self, request, model_admin):
        return [
            ("initiative", gettext_lazy("initiatief")),
            ("provider", gettext_lazy("aanbieder")),
            ("session", gettext_lazy("sessie")),
        ]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(content_type__model=self.value())
        return queryset


class ChangeStatusFilter(admin.SimpleListFilter):
    """By status; a reviewer lands on what waits for review, a provider editor on their open changes.

    Sent-back changes are the provider's to edit on: a reviewer's list (and its count) leaves them out
    unless asked, so it matches the inbox on the admin home. Same parameter as the inbox's links.
    """

    title = gettext_lazy("status")
    parameter_name = "status__exact"
    ALL = "alle"
    OPEN = "open"

    def __init__(self, request, params, model, model_admin):
        self.default = self.OPEN if permissions.role_of(request.user) == Role.PROVIDER else PendingChange.Status.PENDING
        super().__init__(request, params, model, model_admin)

    def lookups(self, request, model_admin):
        return [
            (PendingChange.Status.PENDING, gettext_lazy("ter beoordeling")),
            (PendingChange.Status.SENT_BACK, gettext_lazy("teruggestuurd")),
            (self.OPEN, gettext_lazy("nog niet goedgekeurd")),
            (PendingChange.Status.APPROVED, gettext_lazy("goedgekeurd")),
            (self.ALL, gettext_lazy("alle")),
        ]

    def value(self):
        return super().value() or self.default

    def queryset(self, request, queryset):
        value = self.value()
        if value == self.ALL:
            return queryset
        if value == self.OPEN:
            return queryset.open()
        if value in PendingChange.Status.values:
            return queryset.filter(status=value)
        return queryset.to_review()

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == str(lookup),
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }


class SendBackForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("Toelichting voor de aanbieder"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Wat moet de aanbieder aanpassen? De aanbieder ziet dit bij het formulier."),
    )


@admin.register(PendingChange)
class PendingChangeAdmin(admin.ModelAdmin):
    # Four columns: the list fits beside the admin's navigation and filters at 1,366 px.
    list_display = ("target_display", "provider", "submitted_display", "status_display")
    list_filter = (ChangeStatusFilter, ChangeScopeFilter)
    search_fields = ("initiative__title", "provider__name", "author__username")
    list_select_related = ("initiative", "provider", "author", "reviewed_by", "content_type")
    date_hierarchy = None

    class Media:
        css = {"all": ["css/admin_lists.css"]}

    @admin.display(description=gettext_lazy("wijziging van"))
    def target_display(self, obj):
        return obj.target_label

    @admin.display(description=gettext_lazy("ingediend"), ordering="submitted_at")
    def submitted_display(self, obj):
        when = date_format(timezone.localtime(obj.submitted_at), "SHORT_DATETIME_FORMAT")
        if obj.author is None:
            return when
        return _("%(when)s door %(who)s") % {"when": when, "who": obj.author}

    @admin.display(description=gettext_lazy("status"), ordering="status")
    def status_display(self, obj):
        if obj.reviewed_by is None or obj.status == PendingChange.Status.PENDING:
            return obj.get_status_display()
        return _("%(status)s door %(who)s") % {"status": obj.get_status_display(), "who": obj.reviewed_by}

    def get_queryset(self, request):
        return review.scope_changes(request.user, super().get_queryset(request))

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or review.can_review(request.user, obj))

    def get_urls(self):
        extra = [
            path(
                "<int:pk>/voorbeeld/",
                self.admin_site.admin_view(self.preview_view),
                name="initiatives_pendingchange_preview",
            )
        ]
        return extra + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        change = get_object_or_404(self.get_queryset(request), pk=object_id)
        if not self.has_view_or_change_permission(request, change):
            raise PermissionDenied
        may_review = review.can_review(request.user, change) and change.status == PendingChange.Status.PENDING
        send_back_form = SendBackForm()
        if request.method == "POST":
            if not may_review:
                raise PermissionDenied
            outcome = self._decide(request, change)
            if outcome is None:
                return HttpResponseRedirect(reverse("admin:initiatives_pendingchange_changelist"))
            send_back_form = outcome
        context = {
            **self.admin_site.each_context(request),
            "title": str(change),
            "opts": self.opts,
            "change": change,
            "rows": review.comparison(change),
            "may_review": may_review,
            "send_back_form": send_back_form,
            "target_url": self._target_url(change),
            "preview_url": self._preview_url(change),
        }
        return TemplateResponse(request, "admin/initiatives/pendingchange/review.html", context)

    def _decide(self, request, change):
        """Approve or send back; None when done, else the send-back form with its errors."""
        form = SendBackForm(request.POST)
        try:
            if "approve" in request.POST:
                review.approve(change=change, user=request.user)
                self.message_user(request, _("Goedgekeurd: de wijziging staat nu op het portaal."), messages.SUCCESS)
                return None
            if form.is_valid():
                review.send_back(change=change, user=request.user, comment=form.cleaned_data["comment"])
                self.message_user(request, _("Teruggestuurd naar de aanbieder, met je toelichting."), messages.SUCCESS)
                return None
        except review.ReviewError as error:
            self.message_user(request, str(error), messages.ERROR)
        return form

    def _target_url(self, change):
        target = change.target
        if target is None:
            return ""
        return reverse(f"admin:initiatives_{change.content_type.model}_change", args=[target.pk])

    def _preview_url(self, change):
        if change.initiative_id is None:
            return ""
        return reverse("admin:initiatives_pendingchange_preview", args=[change.pk])

    def preview_view(self, request, pk):
        change = get_object_or_404(self.get_queryset(request), pk=pk, initiative__isnull=False)
        if not self.has_view_or_change_permission(request, change):
            raise PermissionDenied
        initiative = review.proposed_object(change) if change.model is Initiative else change.initiative
        label = _("Voorbeeld van de voorgestelde wijziging: zo ziet de pagina eruit na goedkeuring.")
        return render_preview(request, initiative, label, change=change)
