from django.conf import settings
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult, get_date_max

from . import tasks
from .models import PeriodicTaskState

admin.site.site_header = _("Techniek Dichtbij – beheer")
admin.site.site_title = _("Techniek Dichtbij")
admin.site.index_title = _("Beheer van aanbod, campussen en gegevens")


# --- the task queue (django_tasks_db ships a read-only admin; this one is in Dutch, shows attempts,
# the next attempt and the last error, and can retry) -------------------------------------------------

if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)


class TaskStateFilter(admin.SimpleListFilter):
    title = _("toestand")
    parameter_name = "toestand"

    def lookups(self, request, model_admin):
        return [
            ("pending", _("wacht (ook op een nieuwe poging)")),
            ("retrying", _("mislukt, nieuwe poging gepland")),
            ("failed", _("mislukt, geen pogingen meer")),
            ("running", _("bezig")),
            ("done", _("klaar")),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "pending":
            return queryset.filter(status=tasks.READY)
        if value == "retrying":
            return queryset.filter(status=tasks.READY).exclude(traceback="")
        if value == "failed":
            return queryset.filter(status=tasks.FAILED)
        if value == "running":
            return queryset.filter(status=tasks.RUNNING)
        if value == "done":
            return queryset.filter(status="SUCCESSFUL")
        return queryset


@admin.register(DBTaskResult)
class TaskResultAdmin(DBTaskResultAdmin):
    list_display = (
        "task_name",
        "summary",
        "status",
        "attempt_count",
        "next_attempt",
        "last_error",
        "enqueued_at",
        "finished_at",
    )
    list_filter = (TaskStateFilter, "status", "queue_name")
    actions = ["retry"]
    search_fields = ("task_path",)

    @admin.display(description=_("omschrijving"))
    def summary(self, obj):
        kwargs = obj.args_kwargs or {}
        args = kwargs.get("args") or []
        if obj.task_path.endswith(".send_email") and args and isinstance(args[0], dict):
            return args[0].get("subject", "")
        return ""

    @admin.display(description=_("pogingen"))
    def attempt_count(self, obj):
        return f"{tasks.attempts(obj)} / {settings.TASK_MAX_ATTEMPTS}"

    @admin.display(description=_("volgende poging"))
    def next_attempt(self, obj):
        if obj.status != tasks.READY:
            return self.get_empty_value_display()
        return obj.run_after if obj.run_after != get_date_max() else _("zo snel mogelijk")

    @admin.display(description=_("laatste fout"))
    def last_error(self, obj):
        if not obj.traceback:
            return self.get_empty_value_display()
        return obj.traceback.strip().splitlines()[-1][:200]

    def has_retry_permission(self, request):
        return self.has_view_permission(request)

    @admin.action(description=_("Opnieuw proberen (nu)"), permissions=["retry"])
    def retry(self, request, queryset):
        count = tasks.retry_now(queryset)
        self.message_user(
            request, _("%(count)s taak/taken staan weer in de wachtrij.") % {"count": count}, messages.SUCCESS
        )


@admin.register(PeriodicTaskState)
class PeriodicTaskStateAdmin(admin.ModelAdmin):
    list_display = ("name", "schedule", "last_enqueued_at", "checked_until")

    @admin.display(description=_("schema (cron)"))
    def schedule(self, obj):
        entry = settings.PERIODIC_TASKS.get(obj.name)
        return f"{entry[1]} · {entry[0]}" if entry else _("niet meer in PERIODIC_TASKS")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
