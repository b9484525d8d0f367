"""Admin for bookings and free bus transport.

Status changes go through the booking services (locks, e-mails), never through the change
form: status fields are read-only here and bulk actions call the services row by row.
"""

from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..bookings import exports, services
from ..bookings.forms import DecisionForm
from ..models import Booking, BusBudget, BusEligibilityRule, BusRequest
from ..permissions import RoleScopedAdminMixin, campus_ids, role_of


def _decision(modeladmin, request, queryset, *, service, title, done):
    """A bulk decision with an optional message to the teacher: asks for it, then applies it row by row."""
    form = DecisionForm(request.POST if "apply" in request.POST else None)
    if "apply" in request.POST and form.is_valid():
        applied, refused = 0, []
        for booking in queryset:
            try:
                service(booking=booking, message=form.cleaned_data["message"])
                applied += 1
            except services.BookingError as error:
                refused.append(f"{booking.reference}: {error.message}")
        modeladmin.message_user(request, done % {"count": applied}, messages.SUCCESS)
        for line in refused:
            modeladmin.message_user(request, line, messages.WARNING)
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "form": form,
        "bookings": queryset,
        "action": request.POST["action"],
        "opts": modeladmin.model._meta,
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/initiatives/booking/decision.html", context)


class BusRequestInline(admin.StackedInline):
    model = BusRequest
    extra = 0
    can_delete = False
    fields = ["status", "pickup_address", "passengers", "estimated_cost", "budget", "decided_at", "decided_by"]
    readonly_fields = ["status", "passengers", "estimated_cost", "budget", "decided_at", "decided_by"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Booking)
class BookingAdmin(RoleScopedAdminMixin, admin.ModelAdmin):
    scope_path = "initiative__"  # providers see only their own initiatives' bookings
    list_display = [
        "reference",
        "initiative",
        "first_date",
        "school_column",
        "group_column",
        "pupils",
        "adults",
        "status",
        "bus_column",
        "created_at",
    ]
    list_filter = [
        "status",
        ("starts_at", admin.DateFieldListFilter),
        ("initiative__campus", admin.RelatedOnlyFieldListFilter),
        ("initiative", admin.RelatedOnlyFieldListFilter),
        ("sessions", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["reference", "teacher_name", "email", "school__name", "school_name", "initiative__title"]
    list_select_related = ["initiative", "school", "bus_request"]
    date_hierarchy = "created_at"
    actions = ["confirm_bookings", "decline_bookings", "export_attendees"]
    inlines = [BusRequestInline]
    readonly_fields = [
        "reference",
        "initiative",
        "session_list",
        "status",
        "seats",
        "starts_at",
        "preferred_periods",
        "school",
        "school_name",
        "school_place",
        "school_level",
        "po_group",
        "vo_year",
        "vo_track",
        "pupils",
        "adults",
        "language",
        "message",
        "privacy_consent_at",
        "created_at",
        "decided_at",
        "cancelled_at",
        "reminder_sent_at",
        "anonymised_at",
    ]
    fieldsets = [
        (None, {"fields": ["reference", "initiative", "session_list", "preferred_periods", "status", "message"]}),
        (
            _("School en groep"),
            {"fields": ["school", "school_name", "school_place", "school_level", "po_group", "vo_year", "vo_track"]},
        ),
        (_("Groep"), {"fields": ["class_name", "pupils", "adults", "seats"]}),
        (_("Leraar"), {"fields": ["teacher_name", "email", "phone", "language", "special_needs", "remarks"]}),
        (
            _("Verloop"),
            {
                "fields": [
                    "privacy_consent_at",
                    "created_at",
                    "decided_at",
                    "cancelled_at",
                    "reminder_sent_at",
                    "anonymised_at",
                ]
            },
        ),
    ]

    def has_add_permission(self, request):
        return False  # bookings come in through the public form

    @admin.display(description=_("datum"), ordering="starts_at")
    def first_date(self, booking):
        if booking.starts_at is None:
            return _("datum aangevraagd")
        return timezone.localtime(booking.starts_at).strftime("%d-%m-%Y %H.%M")

    @admin.display(description=_("school"), ordering="school__name")
    def school_column(self, booking):
        return booking.school_display

    @admin.display(description=_("groep"))
    def group_column(self, booking):
        return booking.group_display

    @admin.display(description=_("bus"))
    def bus_column(self, booking):
        bus = getattr(booking, "bus_request", None)
        return bus.get_status_display() if bus else "–"

    @admin.display(description=_("sessies"))
    def session_list(self, booking):
        return ", ".join(str(session) for session in booking.sessions.all()) or "–"

    @admin.action(description=_("Bevestigen (ook van de wachtlijst), met bericht"), permissions=["change"])
    def confirm_bookings(self, request, queryset):
        return _decision(
            self,
            request,
            queryset,
            service=services.confirm,
            title=_("Boekingen bevestigen"),
            done=_("%(count)s boeking(en) bevestigd; de leraren krijgen een e-mail."),
        )

    @admin.action(description=_("Afwijzen, met bericht"), permissions=["change"])
    def decline_bookings(self, request, queryset):
        return _decision(
            self,
            request,
            queryset,
            service=services.decline,
            title=_("Boekingen afwijzen"),
            done=_("%(count)s boeking(en) afgewezen; de leraren krijgen een e-mail."),
        )

    @admin.action(description=_("Deelnemerslijst downloaden (Excel)"), permissions=["view"])
    def export_attendees(self, request, queryset):
        rows = exports.attendee_rows(exports.attendees(queryset))
        return exports.xlsx_response(rows, "deelnemers", str(_("Deelnemers")))


@admin.register(BusBudget)
class BusBudgetAdmin(admin.ModelAdmin):
    list_display = [
        "campus",
        "school_year",
        "max_trips",
        "trips_used",
        "trips_left",
        "max_euros",
        "euros_used",
        "euros_left",
    ]
    list_filter = ["school_year", "campus"]
    list_select_related = ["campus"]

    def get_queryset(self, request):
        return scoped_budgets(request.user, super().get_queryset(request).with_usage())

    @admin.display(description=_("ritten gebruikt"), ordering="trips_used")
    def trips_used(self, budget):
        return budget.trips_used

    @admin.display(description=_("ritten over"))
    def trips_left(self, budget):
        return "–" if budget.trips_left is None else budget.trips_left

    @admin.display(description=_("€ gebruikt"), ordering="euros_used")
    def euros_used(self, budget):
        return euro(budget.euros_used)

    @admin.display(description=_("€ over"))
    def euros_left(self, budget):
        return "–" if budget.euros_left is None else euro(budget.euros_left)


def scoped_budgets(user, budgets):
    """Bus budgets scoped like bookings: a campus coordinator sees only their own campuses' budgets."""
    role = role_of(user)
    if role == "mrdh":
        return budgets
    if role == "campus":
        return budgets.filter(campus__in=campus_ids(user))
    return budgets.none()


def euro(amount):
    return "€ " + f"{amount:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")


class BusBudgetFilter(admin.SimpleListFilter):
    title = _("busbudget")
    parameter_name = "budget"

    def lookups(self, request, model_admin):
        budgets = scoped_budgets(request.user, BusBudget.objects.select_related("campus"))
        return [(budget.pk, str(budget)) for budget in budgets]

    def queryset(self, request, queryset):
        return queryset.filter(budget=self.value()) if self.value() else queryset


@admin.register(BusRequest)
class BusRequestAdmin(RoleScopedAdminMixin, admin.ModelAdmin):
    scope_path = "booking__initiative__"
    list_display = [
        "booking",
        "trip_date",
        "school",
        "initiative",
        "passengers",
        "pickup_address",
        "estimated_cost",
        "status",
        "budget_left",
    ]
    list_filter = ["status", BusBudgetFilter, ("budget__campus", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["booking__reference", "booking__school__name", "booking__school_name", "pickup_address"]
    list_select_related = ["booking__initiative", "booking__school", "budget__campus"]
    readonly_fields = ["booking", "budget", "status", "passengers", "decided_at", "decided_by", "created_at"]
    fields = [
        "booking",
        "budget",
        "status",
        "pickup_address",
        "passengers",
        "estimated_cost",
        "note",
        "created_at",
        "decided_at",
        "decided_by",
    ]
    actions = ["approve", "decline", "export_trips_csv", "export_trips_xlsx"]

    def has_add_permission(self, request):
        return False

    def changelist_view(self, request, extra_context=None):
        budgets = BusBudget.objects.with_usage().select_related("campus").filter(school_year__gte=_this_year() - 1)
        budgets = scoped_budgets(request.user, budgets)
        extra_context = {**(extra_context or {}), "budgets": budgets}
        return super().changelist_view(request, extra_context=extra_context)

    @admin.display(description=_("datum"), ordering="booking__starts_at")
    def trip_date(self, trip):
        starts = trip.booking.starts_at
        return timezone.localtime(starts).strftime("%d-%m-%Y %H.%M") if starts else _("nog niet bekend")

    @admin.display(description=_("school"))
    def school(self, trip):
        return trip.booking.school_display

    @admin.display(description=_("activiteit"))
    def initiative(self, trip):
        return trip.booking.initiative

    @admin.display(description=_("budget"))
    def budget_left(self, trip):
        return str(trip.budget)

    @admin.action(description=_("Bus goedkeuren (binnen het budget)"), permissions=["change"])
    def approve(self, request, queryset):
        approved = 0
        for trip in queryset:
            try:
                services.approve_bus(bus_request=trip, user=request.user)
                approved += 1
            except services.BookingError as error:
                self.message_user(request, f"{trip.booking.reference}: {error.message}", messages.WARNING)
        self.message_user(
            request,
            ngettext("%(count)s busrit goedgekeurd.", "%(count)s busritten goedgekeurd.", approved)
            % {"count": approved},
            messages.SUCCESS,
        )

    @admin.action(description=_("Bus afwijzen"), permissions=["change"])
    def decline(self, request, queryset):
        for trip in queryset:
            services.decline_bus(bus_request=trip, user=request.user)
        self.message_user(request, _("%(count)s busaanvraag/-aanvragen afgewezen.") % {"count": len(queryset)})

    @admin.action(description=_("Goedgekeurde ritten downloaden (CSV)"), permissions=["view"])
    def export_trips_csv(self, request, queryset):
        trips = exports.approved_trips().filter(pk__in=queryset.values("pk"))
        return exports.csv_response(exports.trip_rows(trips), "busritten")

    @admin.action(description=_("Goedgekeurde ritten downloaden (Excel)"), permissions=["view"])
    def export_trips_xlsx(self, request, queryset):
        trips = exports.approved_trips().filter(pk__in=queryset.values("pk"))
        return exports.xlsx_response(exports.trip_rows(trips), "busritten", str(_("Busritten")))


def _this_year():
    today = timezone.localdate()
    return today.year if today.month >= 8 else today.year - 1


@admin.register(BusEligibilityRule)
class BusEligibilityRuleAdmin(admin.ModelAdmin):
    list_display = ["name", "is_active", "school_kind", "po_group_from", "po_group_to", "max_distance_km"]
    list_filter = ["is_active", "school_kind"]
    list_editable = ["is_active"]


@admin.action(description=_("Sessie afzeggen en de leraren mailen"), permissions=["change"])
def cancel_sessions(modeladmin, request, queryset):
    """For the session admin (issue 4's SessionAdmin.actions): cancels each session through the service."""
    cancelled = 0
    for session in queryset.filter(is_cancelled=False):
        cancelled += len(services.cancel_session(session=session))
    modeladmin.message_user(
        request, _("%(count)s boeking(en) geannuleerd; de leraren krijgen een e-mail.") % {"count": cancelled}
    )
