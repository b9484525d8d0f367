"""Admin for bookings and free bus transport.

Status changes go through the booking services (locks, e-mails), never through the change
form: status fields are read-only here and bulk actions call the services row by row.
"""

import re
from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Exists, OuterRef
from django.forms.models import BaseInlineFormSet
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import get_format, number_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..bookings import exports, services
from ..bookings.forms import DecisionForm
from ..bookings.models import Booking, BookingEvent, BusBudget, BusEligibilityRule, BusRequest
from ..bookings.seats import with_seats_taken
from ..models import Session
from ..permissions import RoleScopedAdminMixin, campus_ids, role_of
from ..templatetags.booking_tags import seats_left_text, session_when
from ..templatetags.initiative_tags import euro


def _decision(modeladmin, request, queryset, *, service, title, done):
    """A bulk decision with an optional message to the teacher: asks for it, then applies it row by row."""
    form = DecisionForm(request.POST if "apply" in request.POST else None)
    if "apply" in request.POST and form.is_valid():
        applied, refused = 0, []
        for booking in queryset:
            try:
                service(booking=booking, message=form.cleaned_data["message"], by=request.user)
                applied += 1
            except services.BookingError as error:
                refused.append(f"{booking.reference}: {error.message}")
        modeladmin.message_user(request, done % {"count": applied}, messages.SUCCESS)
        for line in refused:
            modeladmin.message_user(request, line, messages.WARNING)
        return None
    return confirm_action(
        modeladmin, request, queryset, title=title, form=form, template="admin/initiatives/booking/decision.html"
    )


def confirm_action(modeladmin, request, queryset, *, title, form, template):
    """The page between a list action and its effect: the chosen rows and a form; it posts back with "apply".
    The template extends admin/initiatives/action_confirmation.html."""
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "form": form,
        "objects": queryset,
        "action": request.POST["action"],
        "opts": modeladmin.model._meta,
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, template, context)


class BusRequestInline(admin.StackedInline):
    model = BusRequest
    extra = 0
    can_delete = False
    fields = ["status", "pickup_address", "passengers", "cost_display", "budget", "decided_at", "decided_by"]
    readonly_fields = ["status", "passengers", "cost_display", "budget", "decided_at", "decided_by"]

    @admin.display(description=_("geschatte kosten"))
    def cost_display(self, trip):
        return euro(trip.estimated_cost)

    def has_add_permission(self, request, obj=None):
        return False


class BookingEventInline(admin.TabularInline):
    """The booking's history: who decided what, and when. Read-only for everyone: it is the record."""

    model = BookingEvent
    extra = 0
    can_delete = False
    fields = ["at", "action", "status", "by", "note"]
    readonly_fields = fields
    verbose_name_plural = _("geschiedenis")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return True  # the parent BookingAdmin has checked the booking


class MoveForm(DecisionForm):
    session = forms.ModelChoiceField(label=_("Nieuwe datum"), queryset=Session.objects.none())

    def __init__(self, *args, booking, **kwargs):
        super().__init__(*args, **kwargs)
        current = booking.sessions.values_list("pk", flat=True)
        upcoming = with_seats_taken(booking.initiative.sessions.upcoming().exclude(pk__in=list(current)))
        offered = Booking.objects.filter(sessions=OuterRef("pk"), status=Booking.Status.OFFERED)
        self.fields["session"].queryset = upcoming.select_related("initiative").annotate(has_offer=Exists(offered))
        self.fields["session"].label_from_instance = lambda session: _session_choice_label(session, booking)
        self.order_fields(["session", "message"])


def _session_choice_label(session, booking):
    """ "vr 8 jan 2027, 09.00–12.00 · 3 plaatsen vrij", and why a date is too full for this booking."""
    unit = session.initiative.capacity_unit
    label = f"{session_when(session, 'year')} · {seats_left_text(session, unit)}"
    if booking.status in Booking.SEAT_HOLDING_STATUSES and session.seats_left < booking.seats:
        # Said before choosing, not only after (the move service refuses it).
        label += " · " + _seats_needed_text(booking.seats, unit)
        if getattr(session, "seats_reserved", 0) and session.capacity - session.seats_taken >= booking.seats:
            label += " · " + str(_("vrije plaatsen gaan eerst naar de wachtlijst"))
        elif getattr(session, "has_offer", False):  # annotated by MoveForm: no query per date
            label += " · " + str(_("een vrije plaats is aangeboden aan de wachtlijst"))
    return label


def _seats_needed_text(seats, unit):
    """ "te weinig: deze boeking heeft 1 plaats nodig" / "2 plaatsen", or groups (ngettext)."""
    if unit == "groups":
        text = ngettext(
            "te weinig: deze boeking heeft plek voor %(seats)s groep nodig",
            "te weinig: deze boeking heeft plek voor %(seats)s groepen nodig",
            seats,
        )
    else:
        text = ngettext(
            "te weinig: deze boeking heeft %(seats)s plaats nodig",
            "te weinig: deze boeking heeft %(seats)s plaatsen nodig",
            seats,
        )
    return text % {"seats": seats}


def _too_full_to_confirm(booking):
    """For a waitlisted booking: the dates where its group does not fit now, as the confirm service
    counts (seats held by open bookings; the waitlist's own reservations do not stop a coordinator)."""
    if booking.status != Booking.Status.WAITLISTED:
        return []
    # Counted over all bookings of the dates (the related manager would join this booking only).
    dates = Session.objects.filter(pk__in=list(booking.sessions.values_list("pk", flat=True)))
    sessions = with_seats_taken(dates.select_related("initiative"))
    return [session for session in sessions if session.seats_taken + booking.seats > session.capacity]


# The buttons on a booking's own page: what each does, which service, which form.
DECISIONS = {
    "bevestigen": (
        _("Bevestigen"),
        services.confirm,
        DecisionForm,
        _("Boeking bevestigd; de boeker krijgt een e-mail."),
    ),
    "afwijzen": (_("Afwijzen"), services.decline, DecisionForm, _("Boeking afgewezen; de boeker krijgt een e-mail.")),
    "verplaatsen": (
        _("Verplaatsen naar een andere datum"),
        services.move,
        MoveForm,
        _("Boeking verplaatst; de boeker krijgt een e-mail met de nieuwe datum."),
    ),
}


@admin.register(Booking)
class BookingAdmin(RoleScopedAdminMixin, admin.ModelAdmin):
    scope_path = "initiative__"  # providers see only their own initiatives' bookings
    # Status right after the reference and the group's size in one column: the list fits at 1,366 px.
    list_display = [
        "reference",
        "status",
        "first_date",
        "initiative",
        "school_column",
        "group_column",
        "bus_column",
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
    inlines = [BusRequestInline, BookingEventInline]
    change_form_template = "admin/initiatives/booking/change_form.html"

    class Media:
        css = {"all": ["css/admin_lists.css"]}

    readonly_fields = [
        "reference",
        "kind",
        "initiative",
        "session_list",
        "status",
        "offer_expires_at",
        "seats",
        "children_ages",
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
        (
            None,
            {
                "fields": [
                    "reference",
                    "kind",
                    "initiative",
                    "session_list",
                    "preferred_periods",
                    "status",
                    "offer_expires_at",
                    "message",
                ]
            },
        ),
        (
            _("School en groep"),
            {"fields": ["school", "school_name", "school_place", "school_level", "po_group", "vo_year", "vo_track"]},
        ),
        (_("Groep"), {"fields": ["class_name", "pupils", "children_ages", "adults", "seats"]}),
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

    def has_delete_permission(self, request, obj=None):
        # Deleting a booking would delete its history with it: a booking is cancelled or declined (services),
        # and its personal data is blanked by the retention job. Only a superuser may remove one (test data).
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    def get_urls(self):
        view = self.admin_site.admin_view(self.decision_view)
        route = path("<path:object_id>/besluit/<slug:decision>/", view, name="initiatives_booking_decide")
        return [route, *super().get_urls()]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.is_open and self.has_change_permission(request, obj):
            context["decisions"] = [
                (reverse("admin:initiatives_booking_decide", args=[obj.pk, key]), label)
                for key, (label, *_rest) in DECISIONS.items()
                if not (key == "bevestigen" and obj.status == Booking.Status.CONFIRMED)
            ]
        return super().render_change_form(request, context, add, change, form_url, obj)

    def decision_view(self, request, object_id, decision):
        """Confirm, decline or move one booking from its own page: a form (message, new date), then the service."""
        booking = self.get_object(request, object_id)
        if booking is None or decision not in DECISIONS:
            raise Http404
        if not self.has_change_permission(request, booking):
            raise PermissionDenied
        title, service, form_class, done = DECISIONS[decision]
        kwargs = {"booking": booking} if form_class is MoveForm else {}
        form = form_class(request.POST or None, **kwargs)
        if request.method == "POST" and form.is_valid():
            extra = {"session": form.cleaned_data["session"]} if form_class is MoveForm else {}
            try:
                service(booking=booking, message=form.cleaned_data["message"], by=request.user, **extra)
            except services.BookingError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                self.message_user(request, done, messages.SUCCESS)
                return redirect(reverse("admin:initiatives_booking_change", args=[booking.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": f"{title}: {booking.reference}",
            "booking": booking,
            "current_dates": [session_when(session, "year") for session in booking.sessions.all()],
            "too_full": [
                f"{session_when(session, 'year')} · {seats_left_text(session, session.initiative.capacity_unit)}"
                for session in (_too_full_to_confirm(booking) if decision == "bevestigen" else [])
            ],
            "needed": _seats_needed_text(booking.seats, booking.initiative.capacity_unit),
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/initiatives/booking/decide.html", context)

    @admin.display(description=_("datum"), ordering="starts_at")
    def first_date(self, booking):
        if booking.starts_at is None:
            return _("datum aangevraagd")
        return _list_when(booking.starts_at)

    @admin.display(description=_("school"), ordering="school__name")
    def school_column(self, booking):
        return booking.school_display

    @admin.display(description=_("groep"), ordering="seats")
    def group_column(self, booking):
        seats = ngettext("%(count)s plaats", "%(count)s plaatsen", booking.seats) % {"count": booking.seats}
        return f"{booking.group_display} · {seats}"

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
        rows = list(exports.attendee_rows(exports.attendees(queryset)))
        note = exports.left_out_note(queryset)
        if note:
            rows += [[], [note]]
            self.message_user(request, note, messages.WARNING)
        return exports.xlsx_response(rows, "deelnemers", str(_("Deelnemers")))


def _list_when(moment):
    """ "07-12-2026 09.00" in a list column: the date on one line, the time may go below it."""
    local = timezone.localtime(moment)
    return format_html('<span class="nowrap">{}</span> {}', local.strftime("%d-%m-%Y"), local.strftime("%H.%M"))


def money_html(amount):
    """ "€ 5.000,00" kept on one line in a list column."""
    return format_html('<span class="nowrap">{}</span>', euro(amount))


MONEY_HELP = _("In euro's, bijvoorbeeld 5.000,00 of 5000.")


def normalize_money(value):
    """ "€ 5.000,00", "5000,00", "5.000" and "5000.00" -> "5000.00"-style text a Decimal reads (Dutch or English)."""
    text = re.sub(r"[\s\u00a0€]", "", str(value))
    if "," in text and "." in text:
        # Both: the last one is the decimal separator, whatever the language ("6.500,00", "6,500.00").
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
        thousand = "." if decimal == "," else ","
        return text.replace(thousand, "").replace(decimal, ".")
    thousand = get_format("THOUSAND_SEPARATOR")
    if thousand in (",", ".") and re.fullmatch(rf"\d{{1,3}}({re.escape(thousand)}\d{{3}})+", text):
        return text.replace(thousand, "")  # "5.000" in Dutch, "5,000" in English
    return text.replace(",", ".")


class MoneyField(forms.DecimalField):
    """An amount in euros as people type it, shown back as "5000,00" (Dutch) in the input."""

    def __init__(self, **kwargs):
        kwargs.setdefault("localize", True)
        kwargs["widget"] = forms.TextInput(attrs={"inputmode": "decimal", "size": 12})
        super().__init__(**kwargs)

    def to_python(self, value):
        if value not in self.empty_values:
            value = normalize_money(value)
        return super().to_python(value)

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return number_format(value, decimal_pos=2, force_grouping=True)  # "5.000,00", read back by to_python
        return value


@admin.register(BusBudget)
class BusBudgetAdmin(admin.ModelAdmin):
    class Media:
        css = {"all": ["css/admin_lists.css"]}

    # Five columns with short headers (admin headers do not wrap): the list fits beside the navigation and
    # the filters at 1,366 px. Money as "€ 5.000,00", as everywhere.
    list_display = ["campus", "year_display", "trips_display", "euros_display", "left_display"]
    list_filter = ["school_year", "campus"]
    list_select_related = ["campus"]
    fields = ["campus", "school_year", "max_trips", "max_euros", "cost_per_trip", "usage_display"]
    readonly_fields = ["usage_display"]

    def get_queryset(self, request):
        return scoped_budgets(request.user, super().get_queryset(request).with_usage())

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.DecimalField):
            kwargs["form_class"] = MoneyField
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "max_euros":
            formfield.help_text = f"{MONEY_HELP} {db_field.help_text}"
        elif db_field.name == "cost_per_trip":
            formfield.help_text = MONEY_HELP
        return formfield

    @admin.display(description=_("schooljaar"), ordering="school_year")
    def year_display(self, budget):
        return f"{budget.school_year}-{budget.school_year + 1}"

    @admin.display(description=_("ritten"), ordering="trips_used")
    def trips_display(self, budget):
        if budget.max_trips is None:
            return budget.trips_used
        return format_html('<span class="nowrap">{} / {}</span>', budget.trips_used, budget.max_trips)

    @admin.display(description=_("euro's"), ordering="euros_used")
    def euros_display(self, budget):
        if budget.max_euros is None:
            return money_html(budget.euros_used)
        return format_html("{} / {}", money_html(budget.euros_used), money_html(budget.max_euros))

    @admin.display(description=_("over"))
    def left_display(self, budget):
        parts = []
        if budget.trips_left is not None:
            trips = ngettext("%(count)s rit", "%(count)s ritten", budget.trips_left) % {"count": budget.trips_left}
            parts.append(format_html('<span class="nowrap">{}</span>', trips))
        if budget.euros_left is not None:
            parts.append(money_html(budget.euros_left))
        return format_html_join(" · ", "{}", ((part,) for part in parts)) if parts else _("geen grens")

    @admin.display(description=_("gebruikt (goedgekeurde ritten)"))
    def usage_display(self, budget):
        if budget is None or budget.pk is None:
            return "–"
        used = budget.usage()
        return _("%(trips)s ritten, %(euros)s") % {"trips": used["trips"], "euros": euro(used["euros"])}


def scoped_budgets(user, budgets):
    """Bus budgets scoped like bookings: a campus coordinator sees only their own campuses' budgets."""
    role = role_of(user)
    if role == "mrdh":
        return budgets
    if role == "campus":
        return budgets.filter(campus__in=campus_ids(user))
    return budgets.none()


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
    class Media:
        css = {"all": ["css/admin_lists.css"]}

    scope_path = "booking__initiative__"
    # What a coordinator decides on, status first; the activity and pick-up address are on the request
    # and in the exports. Seven columns: the list fits at 1,366 px.
    list_display = [
        "booking",
        "status",
        "trip_date",
        "school",
        "passengers",
        "cost_display",
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

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.DecimalField):
            kwargs["form_class"] = MoneyField
            kwargs["help_text"] = MONEY_HELP
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description=_("geschatte kosten"), ordering="estimated_cost")
    def cost_display(self, trip):
        return euro(trip.estimated_cost)

    def changelist_view(self, request, extra_context=None):
        budgets = BusBudget.objects.with_usage().select_related("campus").filter(school_year__gte=_this_year() - 1)
        budgets = scoped_budgets(request.user, budgets)
        extra_context = {**(extra_context or {}), "budgets": budgets}
        return super().changelist_view(request, extra_context=extra_context)

    @admin.display(description=_("datum"), ordering="booking__starts_at")
    def trip_date(self, trip):
        starts = trip.booking.starts_at
        return _list_when(starts) if starts else _("nog niet bekend")

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


# --- sessions: cancellation, seats and bookings on the session's own page --------------------


class SessionCancelForm(forms.Form):
    message = forms.CharField(
        label=_("Bericht aan de boekers"),
        help_text=_("Gaat mee in de e-mail 'De activiteit gaat niet door'. Bijvoorbeeld de reden of een nieuwe datum."),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=2000,
    )


class SessionInlineFormSet(BaseInlineFormSet):
    """The sessions inline on the initiative page: no deleting a session that has bookings."""

    def clean(self):
        super().clean()
        for form in self.deleted_forms:
            if form.instance.pk and form.instance.bookings.exists():
                raise ValidationError(REFUSE_DELETE)


REFUSE_DELETE = _(
    "Een sessie met boekingen kun je niet verwijderen. Zeg de sessie af (vink 'geannuleerd' aan of gebruik "
    "'Sessie afzeggen'): dan krijgt iedereen die geboekt heeft bericht."
)


def apply_session_changes(request, session, *, was_cancelled, old_capacity, old_times=None):
    """After a session is saved in the admin: a ticked "geannuleerd" cancels through the service, a raised
    capacity offers the new seats to the waitlist, a new start or end time tells the bookers (old_times:
    (start, end) before). Returns a message for the user, or None."""
    if session.is_cancelled and not was_cancelled:
        affected = services.cancel_session(session=session, by=request.user)
        return _cancelled_message(len(affected))
    told = services.session_rescheduled(session, *old_times) if old_times else []
    if not session.is_cancelled and old_capacity is not None and session.capacity > old_capacity:
        services.offer_free_seats(session=session)
    if told:
        return ngettext(
            "Nieuwe tijd opgeslagen; %(count)s boeker krijgt een e-mail.",
            "Nieuwe tijd opgeslagen; %(count)s boekers krijgen een e-mail.",
            len(told),
        ) % {"count": len(told)}
    return None


def _cancelled_message(count):
    if not count:
        return _("Sessie afgezegd; er waren geen boekingen, dus niemand krijgt een e-mail.")
    return ngettext(
        "Sessie afgezegd: %(count)s boeking geannuleerd; de boeker krijgt een e-mail.",
        "Sessie afgezegd: %(count)s boekingen geannuleerd; de boekers krijgen een e-mail.",
        count,
    ) % {"count": count}


class SessionBookingsAdminMixin:
    """For SessionAdmin: the session's bookings and seats on its page, a "Sessie afzeggen" button and
    list action (one service), the "geannuleerd" box wired to the same service, and no deleting a
    session that has bookings."""

    change_form_template = "admin/initiatives/session/change_form.html"
    session_booking_fields = ("seats_summary", "booking_table")

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return fields + [name for name in self.session_booking_fields if obj is not None and name not in fields]

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        return fields if obj is not None else [f for f in fields if f not in self.session_booking_fields]

    @admin.display(description=_("plaatsen"))
    def seats_summary(self, session):
        session = with_seats_taken(Session.objects.select_related("initiative")).get(pk=session.pk)
        waiting = Booking.objects.waitlisted().for_session(session).count()
        return format_html(
            "{}: {} · {}: {} · {}: {} · {}: {}",
            _("capaciteit"),
            session.capacity,
            _("bezet"),
            session.seats_taken,
            _("vrij"),
            session.seats_left,
            _("op de wachtlijst"),
            waiting,
        )

    @admin.display(description=_("boekingen"))
    def booking_table(self, session):
        bookings = Booking.objects.for_session(session).select_related("school").order_by("created_at")
        if not bookings:
            return _("Nog geen boekingen.")
        rows = format_html_join(
            "",
            '<tr><td><a href="{}">{}</a></td><td>{}</td><td>{}</td><td class="num">{}</td><td>{}</td></tr>',
            (
                (
                    reverse("admin:initiatives_booking_change", args=[booking.pk]),
                    booking.reference,
                    booking.get_kind_display() if booking.is_family else booking.school_display,
                    booking.teacher_name or "–",
                    booking.seats,
                    booking.get_status_display(),
                )
                for booking in bookings
            ),
        )
        return format_html(
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>"
            "<tbody>{}</tbody></table>",
            _("kenmerk"),
            _("school of gezin"),
            _("contact"),
            _("plaatsen"),
            _("status"),
            rows,
        )

    def save_model(self, request, obj, form, change):
        fields = ("is_cancelled", "capacity", "starts_at", "ends_at")
        before = Session.objects.filter(pk=obj.pk).values(*fields).first() if change else None
        super().save_model(request, obj, form, change)
        if before:
            message = apply_session_changes(
                request,
                obj,
                was_cancelled=before["is_cancelled"],
                old_capacity=before["capacity"],
                old_times=(before["starts_at"], before["ends_at"]),
            )
            if message:
                self.message_user(request, message, messages.SUCCESS)

    def get_urls(self):
        opts = self.model._meta
        view = self.admin_site.admin_view(self.cancel_view)
        name = f"{opts.app_label}_{opts.model_name}_cancel"
        return [path("<path:object_id>/afzeggen/", view, name=name), *super().get_urls()]

    def cancel_view(self, request, object_id):
        """The "Sessie afzeggen" button: a confirmation with a message to the bookers, then the service."""
        session = self.get_object(request, object_id)
        if session is None:
            raise Http404
        if not self.has_change_permission(request, session):
            raise PermissionDenied
        form = SessionCancelForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            affected = services.cancel_session(session=session, message=form.cleaned_data["message"], by=request.user)
            self.message_user(request, _cancelled_message(len(affected)), messages.SUCCESS)
            return redirect(reverse("admin:initiatives_session_change", args=[session.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Sessie afzeggen"),
            "session": session,
            "open_bookings": Booking.objects.for_session(session).open(),
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/initiatives/session/cancel.html", context)

    def delete_view(self, request, object_id, extra_context=None):
        session = self.get_object(request, object_id)
        if session is not None and session.bookings.exists():
            self.message_user(request, REFUSE_DELETE, messages.ERROR)
            return redirect(reverse("admin:initiatives_session_change", args=[session.pk]))
        return super().delete_view(request, object_id, extra_context)

    def get_deleted_objects(self, objs, request):
        # The bulk "delete selected" action: sessions with bookings are protected, with the reason.
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        booked = [session for session in objs if session.bookings.exists()]
        protected = list(protected) + [f"{session}: {REFUSE_DELETE}" for session in booked]
        return deleted, counts, perms_needed, protected


@admin.action(description=_("Sessie afzeggen en de boekers mailen"), permissions=["change"])
def cancel_sessions(modeladmin, request, queryset):
    """List action: asks for a message to the bookers, then cancels each session through the service."""
    form = SessionCancelForm(request.POST if "apply" in request.POST else None)
    if "apply" in request.POST and form.is_valid():
        cancelled = 0
        for session in queryset:
            cancelled += len(
                services.cancel_session(session=session, message=form.cleaned_data["message"], by=request.user)
            )
        modeladmin.message_user(request, _cancelled_message(cancelled), messages.SUCCESS)
        return None
    return confirm_action(
        modeladmin,
        request,
        queryset,
        title=_("Sessies afzeggen"),
        form=form,
        template="admin/initiatives/session/cancel_action.html",
    )
