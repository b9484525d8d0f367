"""Bookings by teachers (no account), and free bus transport against a budget (MRDH role 2).

Changes with invariants (capacity, budget) go through initiatives.bookings.services, which
locks the contended rows; these models only describe the data and the queries on it.
"""

import datetime
import secrets
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campuses.geo import Point
from campuses.models import Campus, School, VmboProfileOffer
from portal.schoolyear import SchoolYear


def school_year_bounds(year):
    """The school year starting in August of `year`: (first day, first day of the next)."""
    school_year = SchoolYear(year)
    return school_year.first_day, school_year.next_first_day


def school_year_of(date):
    return SchoolYear.containing(date).start_year


def new_reference():
    # Short, unambiguous and unguessable enough to read out on the phone; never a credential.
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(8))


class BookingQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=Booking.Status.CONFIRMED)

    def waitlisted(self):
        return self.filter(status=Booking.Status.WAITLISTED)

    def offers_expired(self, now=None):
        """Seats offered from the waitlist whose hold ran out."""
        return self.filter(status=Booking.Status.OFFERED, offer_expires_at__lte=now or timezone.now())

    def for_session(self, session):
        return self.filter(sessions=session)

    def open(self):
        """Requested, confirmed, waitlisted or offered a seat: the bookings a change to their session concerns."""
        return self.filter(status__in=Booking.OPEN_STATUSES)

    def in_school_year(self, year):
        """Bookings whose (first) activity date, or request date without one, falls in school year `year`."""
        start, end = school_year_bounds(year)
        when = Coalesce("starts_at", "created_at")
        return self.alias(when=when).filter(when__date__gte=start, when__date__lt=end)

    def due_for_reminder(self, *, days, now=None):
        now = now or timezone.now()
        due = self.confirmed().filter(
            reminder_sent_at__isnull=True, starts_at__gt=now, starts_at__lte=now + datetime.timedelta(days=days)
        )
        # A cancelled date never gets a reminder (with its calendar file), whatever the booking's status says.
        return due.exclude(sessions__is_cancelled=True)

    def due_for_purge(self, *, months, now=None):
        """Bookings with personal data whose activity (or request) lies more than `months` months back."""
        now = now or timezone.now()
        cutoff = now - datetime.timedelta(days=round(months * 30.44))
        return (
            self.filter(anonymised_at__isnull=True)
            .alias(when=Coalesce("ends_at", "created_at"))
            .filter(when__lt=cutoff)
        )

    def totals(self):
        """Figures for reports: bookings, pupils and adults."""
        return self.aggregate(
            bookings=Count("pk"), pupils=Coalesce(Sum("pupils"), 0), adults=Coalesce(Sum("adults"), 0)
        )


class Booking(models.Model):
    """A teacher's booking for one class, or a family's sign-up: one or more sessions, or a date request."""

    class Kind(models.TextChoices):
        CLASS = "class", _("klas")
        FAMILY = "family", _("gezin")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("aangevraagd")
        CONFIRMED = "confirmed", _("bevestigd")
        WAITLISTED = "waitlisted", _("op de wachtlijst")
        OFFERED = "offered", _("plek aangeboden")
        DECLINED = "declined", _("afgewezen")
        CANCELLED = "cancelled", _("geannuleerd")

    class SchoolLevel(models.TextChoices):
        PO = "po", _("basisonderwijs")
        VO = "vo", _("voortgezet onderwijs")

    class Track(models.TextChoices):
        VMBO_BL = "vmbo_bl", _("vmbo basis")
        VMBO_KL = "vmbo_kl", _("vmbo kader")
        VMBO_GT = "vmbo_gt", _("vmbo gemengd/theoretisch")
        HAVO = "havo", _("havo")
        VWO = "vwo", _("vwo")
        PRO = "pro", _("praktijkonderwijs")
        OTHER = "other", _("anders of gemengd")

    # An offered seat is held for the waitlisted booking until the offer expires.
    SEAT_HOLDING_STATUSES = (Status.REQUESTED, Status.CONFIRMED, Status.OFFERED)
    OPEN_STATUSES = (Status.REQUESTED, Status.CONFIRMED, Status.WAITLISTED, Status.OFFERED)
    VMBO_TRACKS = (Track.VMBO_BL, Track.VMBO_KL, Track.VMBO_GT)

    reference = models.CharField(_("kenmerk"), max_length=12, unique=True, default=new_reference, editable=False)
    initiative = models.ForeignKey(
        "initiatives.Initiative", on_delete=models.PROTECT, related_name="bookings", verbose_name=_("initiatief")
    )
    sessions = models.ManyToManyField(
        "initiatives.Session", blank=True, related_name="bookings", verbose_name=_("sessies")
    )
    kind = models.CharField(_("soort boeking"), max_length=6, choices=Kind, default=Kind.CLASS)
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.REQUESTED)
    offer_expires_at = models.DateTimeField(_("aangeboden plek vervalt op"), null=True, blank=True)
    # Seats this booking holds in each of its sessions: pupils, or 1 when capacity counts groups.
    seats = models.PositiveIntegerField(_("plaatsen"), default=1)
    # First session's times, copied for reminders, retention and school-year figures.
    starts_at = models.DateTimeField(_("begint"), null=True, blank=True)
    ends_at = models.DateTimeField(_("eindigt"), null=True, blank=True)
    preferred_periods = models.TextField(
        _("gewenste periode"), blank=True, help_text=_("Bij activiteiten zonder vaste data.")
    )

    school = models.ForeignKey(
        School, on_delete=models.SET_NULL, null=True, blank=True, related_name="bookings", verbose_name=_("school")
    )
    school_name = models.CharField(_("naam school (niet in de lijst)"), max_length=250, blank=True)
    school_place = models.CharField(_("plaats school"), max_length=100, blank=True)
    school_level = models.CharField(_("onderwijs"), max_length=2, choices=SchoolLevel, blank=True)
    po_group = models.PositiveSmallIntegerField(_("groep"), null=True, blank=True)
    vo_year = models.PositiveSmallIntegerField(_("leerjaar"), null=True, blank=True)
    vo_track = models.CharField(_("niveau"), max_length=10, choices=Track, blank=True)
    class_name = models.CharField(_("naam klas"), max_length=30, blank=True)
    # Pupils of a class, or children of a family.
    pupils = models.PositiveSmallIntegerField(_("aantal leerlingen of kinderen"))
    adults = models.PositiveSmallIntegerField(_("aantal begeleiders of volwassenen"), default=0)
    children_ages = models.CharField(
        _("leeftijden of groepen van de kinderen"), max_length=100, blank=True, help_text=_("Alleen bij gezinnen.")
    )

    # Personal data: removed by purge_personal_data after BOOKING_RETENTION_MONTHS.
    teacher_name = models.CharField(_("naam leraar"), max_length=150, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    phone = models.CharField(_("telefoon"), max_length=30, blank=True)
    remarks = models.TextField(_("opmerkingen"), blank=True)
    special_needs = models.TextField(_("bijzonderheden en ondersteuning"), blank=True)
    language = models.CharField(_("taal e-mails"), max_length=5, choices=settings.LANGUAGES, default="nl")

    message = models.TextField(
        _("bericht aan de leraar"), blank=True, help_text=_("Meegestuurd bij bevestigen of afwijzen.")
    )
    privacy_consent_at = models.DateTimeField(_("akkoord privacyverklaring"), null=True, blank=True)
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("bijgewerkt op"), auto_now=True)
    decided_at = models.DateTimeField(_("besluit op"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("geannuleerd op"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("herinnering verstuurd"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("persoonsgegevens verwijderd op"), null=True, blank=True)

    objects = BookingQuerySet.as_manager()

    class Meta:
        verbose_name = _("boeking")
        verbose_name_plural = _("boekingen")
        ordering = ["-created_at"]
        constraints = [
            # A class brings pupils; a family may be adults alone (a parents' evening: services.check_party).
            models.CheckConstraint(condition=Q(pupils__gte=1) | Q(kind="family"), name="booking_class_has_pupils"),
            models.CheckConstraint(condition=Q(seats__gte=1), name="booking_seats_positive"),
            models.CheckConstraint(
                condition=Q(po_group__isnull=True) | Q(po_group__gte=1, po_group__lte=8), name="booking_po_group_range"
            ),
            models.CheckConstraint(
                condition=Q(vo_year__isnull=True) | Q(vo_year__gte=1, vo_year__lte=6), name="booking_vo_year_range"
            ),
            models.CheckConstraint(
                condition=Q(school__isnull=False)
                | ~Q(school_name="")
                | Q(anonymised_at__isnull=False)
                | Q(kind="family"),
                name="booking_has_school",
            ),
        ]
        indexes = [
            # Reminders and retention select by activity date.
            models.Index(fields=["status", "starts_at"], name="booking_status_start_idx"),
        ]

    def __str__(self):
        return f"{self.reference} · {self.initiative}"

    @property
    def school_display(self):
        if self.school_id:
            return str(self.school)
        return f"{self.school_name} ({self.school_place})" if self.school_place else self.school_name

    @property
    def is_family(self):
        return self.kind == self.Kind.FAMILY

    @property
    def group_display(self):
        if self.is_family:
            return self.children_ages or "–"
        if self.school_level == self.SchoolLevel.PO and self.po_group:
            label = _("groep %(group)s") % {"group": self.po_group}
        elif self.vo_year:
            label = _("leerjaar %(year)s") % {"year": self.vo_year}
            if self.vo_track:
                label = f"{label} {self.get_vo_track_display()}"
        else:
            label = self.get_school_level_display()
        return f"{label} ({self.class_name})" if self.class_name else str(label)

    @property
    def is_open(self):
        return self.status in self.OPEN_STATUSES

    @property
    def can_be_cancelled(self):
        return self.is_open and (self.starts_at is None or self.starts_at > timezone.now())

    @property
    def school_distance_km(self):
        """Straight-line distance from the school to the activity (Kultus reports it per booking), or None."""
        school_point, venue = (Point.of(self.school) if self.school else None), Point.of(self.initiative)
        return round(school_point.distance_km(venue), 1) if school_point and venue else None

    @property
    def waitlist_position(self):
        """1 for the first in line on any of this booking's sessions; None when not waitlisted."""
        if self.status != self.Status.WAITLISTED:
            return None
        earlier = Booking.objects.waitlisted().filter(sessions__in=self.sessions.all(), created_at__lt=self.created_at)
        return earlier.distinct().count() + 1


class BookingEvent(models.Model):
    """One step in a booking's history: who decided what, and when (shown on the booking's admin page)."""

    class Action(models.TextChoices):
        BOOKED = "booked", _("geboekt")
        CONFIRMED = "confirmed", _("bevestigd")
        DECLINED = "declined", _("afgewezen")
        CANCELLED = "cancelled", _("geannuleerd door de boeker")
        SESSION_CANCELLED = "session_cancelled", _("geannuleerd: sessie afgezegd")
        MOVED = "moved", _("verplaatst naar een andere datum")
        PROMOTED = "promoted", _("van de wachtlijst gehaald")
        OFFERED = "offered", _("plek aangeboden van de wachtlijst")
        ACCEPTED = "accepted", _("aangeboden plek aangenomen")
        OFFER_EXPIRED = "offer_expired", _("aangeboden plek vervallen")
        CHANGED = "changed", _("gewijzigd door de boeker")

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="events", verbose_name=_("boeking"))
    action = models.CharField(_("wat"), max_length=20, choices=Action)
    status = models.CharField(_("status daarna"), max_length=12, choices=Booking.Status)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("door"),
    )
    at = models.DateTimeField(_("wanneer"), default=timezone.now)
    note = models.CharField(_("toelichting"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("stap in de boeking")
        verbose_name_plural = _("geschiedenis van de boeking")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.booking.reference}: {self.get_action_display()}"


class BusEligibilityRule(models.Model):
    """When a booking qualifies for free bus transport. A booking qualifies if any active rule matches."""

    class SchoolKind(models.TextChoices):
        ANY = "any", _("alle scholen")
        PO = "po", _("basisonderwijs")
        VO = "vo", _("voortgezet onderwijs")

    name = models.CharField(_("naam"), max_length=120)
    is_active = models.BooleanField(_("actief"), default=True)
    school_kind = models.CharField(_("soort school"), max_length=3, choices=SchoolKind, default=SchoolKind.ANY)
    po_group_from = models.PositiveSmallIntegerField(_("po vanaf groep"), null=True, blank=True)
    po_group_to = models.PositiveSmallIntegerField(_("po tot en met groep"), null=True, blank=True)
    max_distance_km = models.DecimalField(
        _("school hoogstens zo ver van de campus (km)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("Leeg: geen grens."),
    )
    vmbo_without_hard_profile = models.BooleanField(
        _("alleen vmbo-vestigingen zonder hard techniekprofiel"),
        default=False,
        help_text=_("Voor vmbo-klassen van een vestiging die geen 'hard' techniekprofiel aanbiedt (SEOR-bevinding 5)."),
    )

    class Meta:
        verbose_name = _("busregel")
        verbose_name_plural = _("busregels")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(po_group_from__isnull=True)
                | Q(po_group_to__isnull=True)
                | Q(po_group_from__gte=1, po_group_to__lte=8, po_group_from__lte=F("po_group_to")),
                name="busrule_po_group_range",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def conditions(self):
        """The rule in plain words for the public bus page: one line per condition."""
        lines = [self.get_school_kind_display()]
        if self.po_group_from or self.po_group_to:
            lines.append(
                _("groep %(start)s tot en met %(end)s")
                % {"start": self.po_group_from or 1, "end": self.po_group_to or 8}
            )
        if self.vmbo_without_hard_profile:
            lines.append(_("vmbo-klassen van een vestiging zonder 'hard' techniekprofiel"))
        if self.max_distance_km is not None:
            lines.append(_("school hoogstens %(km)s km van de campus") % {"km": floatformat(self.max_distance_km, -1)})
        return lines

    def matches(self, *, booking, school, campus):
        """Whether this rule lets `booking` (not saved yet) at `school` travel to `campus` for free."""
        if school is None or campus is None:
            return False
        if self.school_kind != self.SchoolKind.ANY and self.school_kind != booking.school_level:
            return False
        if booking.school_level == Booking.SchoolLevel.PO and (
            (self.po_group_from and (booking.po_group or 0) < self.po_group_from)
            or (self.po_group_to and (booking.po_group or 99) > self.po_group_to)
        ):
            return False
        if self.max_distance_km is not None and school.point.distance_km(campus.point) > float(self.max_distance_km):
            return False
        if self.vmbo_without_hard_profile:
            if booking.vo_track not in Booking.VMBO_TRACKS or not school.has_vmbo:
                return False
            if VmboProfileOffer.objects.filter(school=school, profile__is_hard=True).exists():
                return False
        return True


class BusBudgetQuerySet(models.QuerySet):
    def with_usage(self):
        """Annotate `trips_used` and `euros_used` from approved requests (admin list without N+1)."""
        approved = Q(requests__status=BusRequest.Status.APPROVED)
        return self.annotate(
            trips_used=Count("requests", filter=approved),
            euros_used=Coalesce(Sum("requests__estimated_cost", filter=approved), Decimal("0")),
        )


class BusBudget(models.Model):
    """A campus's yearly budget for free bus trips: a number of trips, euros, or both."""

    campus = models.ForeignKey(Campus, on_delete=models.PROTECT, related_name="bus_budgets", verbose_name=_("campus"))
    school_year = models.PositiveSmallIntegerField(
        _("schooljaar (beginjaar)"), help_text=_("2026 betekent schooljaar 2026-2027.")
    )
    max_trips = models.PositiveIntegerField(_("aantal ritten"), null=True, blank=True, help_text=_("Leeg: geen grens."))
    max_euros = models.DecimalField(
        _("budget (€)"), max_digits=10, decimal_places=2, null=True, blank=True, help_text=_("Leeg: geen grens.")
    )
    cost_per_trip = models.DecimalField(
        _("geschatte kosten per rit (€)"), max_digits=8, decimal_places=2, default=Decimal("250.00")
    )

    objects = BusBudgetQuerySet.as_manager()

    class Meta:
        verbose_name = _("busbudget")
        verbose_name_plural = _("busbudgetten")
        ordering = ["-school_year", "campus__name"]
        constraints = [
            models.UniqueConstraint(fields=["campus", "school_year"], name="busbudget_unique_campus_year"),
            models.CheckConstraint(
                condition=Q(max_euros__isnull=True) | Q(max_euros__gte=0), name="busbudget_euros_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.campus} {self.school_year}-{self.school_year + 1}"

    def usage(self):
        approved = self.requests.filter(status=BusRequest.Status.APPROVED)
        return approved.aggregate(trips=Count("pk"), euros=Coalesce(Sum("estimated_cost"), Decimal("0")))

    def _used(self):
        if hasattr(self, "trips_used"):  # with_usage() annotation
            return {"trips": self.trips_used, "euros": self.euros_used}
        return self.usage()

    @property
    def trips_left(self):
        return None if self.max_trips is None else self.max_trips - self._used()["trips"]

    @property
    def euros_left(self):
        return None if self.max_euros is None else self.max_euros - self._used()["euros"]

    def has_room_for(self, cost):
        used = self.usage()
        if self.max_trips is not None and used["trips"] + 1 > self.max_trips:
            return False
        return self.max_euros is None or used["euros"] + cost <= self.max_euros


class BusRequestQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=BusRequest.Status.APPROVED)

    def in_school_year(self, year):
        return self.filter(budget__school_year=year)


class BusRequest(models.Model):
    """A request for free bus transport that came with a booking."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("aangevraagd")
        APPROVED = "approved", _("goedgekeurd")
        DECLINED = "declined", _("afgewezen")
        CANCELLED = "cancelled", _("vervallen")

    booking = models.OneToOneField(
        Booking, on_delete=models.CASCADE, related_name="bus_request", verbose_name=_("boeking")
    )
    budget = models.ForeignKey(
        BusBudget, on_delete=models.PROTECT, related_name="requests", verbose_name=_("busbudget")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.REQUESTED)
    pickup_address = models.CharField(_("ophaaladres"), max_length=250)
    passengers = models.PositiveSmallIntegerField(_("aantal reizigers"))
    estimated_cost = models.DecimalField(_("geschatte kosten (€)"), max_digits=8, decimal_places=2)
    note = models.TextField(_("opmerking"), blank=True)
    created_at = models.DateTimeField(_("aangevraagd op"), auto_now_add=True)
    decided_at = models.DateTimeField(_("besluit op"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("besloten door"),
    )

    objects = BusRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("busaanvraag")
        verbose_name_plural = _("busaanvragen")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(estimated_cost__gte=0), name="busrequest_cost_not_negative"),
        ]

    def __str__(self):
        return f"{_('Bus')} {self.booking.reference}"
