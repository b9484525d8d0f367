"""Spreadsheet import and export of sessions (see the package docstring)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ... import permissions
from ...bookings.models import Booking
from ...bookings.seats import with_seats_taken
from ...bookings.services import cancel_session, session_rescheduled
from ...models import Initiative, Session
from ..imports import BooleanWidget, DateTimeWidget, DecimalWidget, IntegerWidget, NaturalKeyWidget
from ..resource_base import CuratedResource, column


class InitiativeKeyWidget(NaturalKeyWidget):
    """An initiative by slug, external reference, or its title when no other initiative has that title."""

    def __init__(self, **kwargs):
        super().__init__(Initiative, lookups=("slug", "external_ref"), label_attribute="slug", **kwargs)

    def _index(self):
        if getattr(self, "_by_key", None) is None:
            super()._index()
            by_title = {}
            for initiative in self.get_queryset().only("pk", "title"):
                by_title.setdefault(self.key(initiative.title), []).append(initiative)
            self._ambiguous = {key for key, found in by_title.items() if len(found) > 1}
            for key, found in by_title.items():
                if len(found) == 1:
                    self._by_key.setdefault(key, found[0])
        return self._by_key

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except ValueError:
            if self.key(value) in self._ambiguous:
                raise ValueError(
                    _("Meer initiatieven heten “%(value)s”; vul de slug in (die staat in de export).")
                    % {"value": value}
                ) from None
            raise


def initiative_key(initiative, unique_titles):
    """What the export writes: the title when it is unique, else the external reference or slug."""
    if initiative.title.casefold() in unique_titles:
        return initiative.title
    return initiative.external_ref or initiative.slug


class SessionResource(CuratedResource):
    import_key_help = gettext_lazy(
        "Een bestaande sessie wordt bijgewerkt als het initiatief (titel of slug) en het begin (“begint”) "
        "gelijk zijn; een rij met een ander begin is een nieuwe sessie."
    )
    one_row_per = gettext_lazy("Eén rij per sessie (datum en tijd) van een initiatief.")
    initiative = column("initiative", "initiatief", InitiativeKeyWidget(what=gettext_lazy("initiatief"), neuter=True))
    starts_at = column("starts_at", "begint", DateTimeWidget())
    ends_at = column("ends_at", "eindigt", DateTimeWidget())
    capacity = column("capacity", "capaciteit", IntegerWidget())
    # A plain date is the start (opens) or the end (closes) of that day.
    booking_opens_at = column("booking_opens_at", "boeken mogelijk vanaf", DateTimeWidget(date_means="start"))
    booking_closes_at = column("booking_closes_at", "boeken mogelijk tot", DateTimeWidget(date_means="end"))
    is_cancelled = column("is_cancelled", "geannuleerd", BooleanWidget())
    note = column("note", "opmerking")
    venue_name = column("venue_name", "naam locatie")
    address = column("address", "adres")
    latitude = column("latitude", "breedtegraad", DecimalWidget(places=6))
    longitude = column("longitude", "lengtegraad", DecimalWidget(places=6))

    required_columns = ("initiatief", "begint", "eindigt", "capaciteit")
    # The model's constraints whose message belongs to one column (see CuratedResource._by_column).
    constraint_columns = {
        "session_point_in_nl": "latitude",
        "session_ends_after_start": "ends_at",
        "session_booking_window_order": "booking_closes_at",
    }

    class Meta(CuratedResource.Meta):
        model = Session
        # Saved in batches like initiatives: the database checks the constraints when it writes them.
        use_bulk = True
        fields = (
            "initiative", "starts_at", "ends_at", "capacity", "booking_opens_at", "booking_closes_at",
            "is_cancelled", "note", "venue_name", "address", "latitude", "longitude",
        )  # fmt: skip
        import_order = export_order = fields

    def get_queryset(self):
        queryset = Session.objects.select_related("initiative")
        return permissions.scope_sessions(self.user, queryset) if self.user else queryset

    def _identity(self, row):
        try:
            initiative = self.fields["initiative"].clean(row)
            starts_at = self.fields["starts_at"].clean(row)
        except ValueError:
            return None
        return (initiative.pk, starts_at) if initiative and starts_at else None

    def prepare(self, dataset):
        self._to_cancel = []  # [(session, the reason the bookers read)]
        self._to_reschedule = []  # [(session, start before, end before, the reason the bookers read)]
        message = _("Dubbele sessie: hetzelfde initiatief en begin staan ook op rij %(row)s van het bestand.")
        identities = self.flag_repeats(dataset, self._identity, lambda key, row: ("starts_at", message % {"row": row}))
        initiative_ids = {identity[0] for identity in identities.values() if identity}
        self.existing = {
            (session.initiative_id, session.starts_at): session
            for session in Session.objects.filter(initiative_id__in=initiative_ids).select_related("initiative")
        }

    def get_instance(self, instance_loader, row):
        identity = self._identity(row)
        return self.existing.get(identity) if identity else None

    def derived_changes(self, original, instance):
        """What follows from a row: a cancelled session's open bookings are cancelled (with the row's note as
        the reason), a new end time is e-mailed to the bookers."""
        if self._cancels(instance):
            label = _("boekingen die vervallen (boekers krijgen een e-mail)")
        elif self._reschedules(instance):
            label = _("boekers die de nieuwe tijd per e-mail krijgen")
        else:
            return []
        count = Booking.objects.for_session(instance).open().count()
        if not count:
            return []
        reason = self._row_reason(instance)
        return [(label, "", str(count))] + ([(_("reden in de e-mail aan de boekers"), "", reason)] if reason else [])

    def _cancels(self, instance):
        original = self.originals.get(self._row_number)
        return original is not None and instance.is_cancelled and not original.is_cancelled

    def _row_reason(self, instance):
        """The note typed on the row that cancels the session (or gives it a new time) is the reason the bookers
        read; an unchanged older note is not."""
        original = self.originals.get(self._row_number)
        return instance.note if instance.note != original.note else ""

    def _reschedules(self, instance):
        original = self.originals.get(self._row_number)
        return (
            original is not None
            and not instance.is_cancelled
            and (instance.starts_at, instance.ends_at) != (original.starts_at, original.ends_at)
        )

    def after_save_instance(self, instance, row, **kwargs):
        super().after_save_instance(instance, row, **kwargs)
        original = self.originals.get(self._row_number)
        if self._cancels(instance):
            self._to_cancel.append((instance, self._row_reason(instance)))
        elif self._reschedules(instance):
            self._to_reschedule.append((instance, original.starts_at, original.ends_at, self._row_reason(instance)))

    def after_import_saved(self):
        # Through the one service each (bookings cancelled, buses released, bookers e-mailed; or the bookers
        # told the new time), once every row is valid and saved; a preview or a file with errors rolls back
        # before this and sends nothing. The e-mails are queued for after the commit.
        for session, reason in self._to_cancel:
            cancel_session(session=session, message=reason, by=self.user)
        for session, previous_start, previous_end, reason in self._to_reschedule:
            session_rescheduled(session, previous_start, previous_end, reason=reason)

    def check_row(self, instance, row, errors):
        if self.user is None or "initiative" in errors or instance.initiative_id is None:
            return
        original = self.originals.get(self._row_number)
        was_editable = original is None or permissions.can_edit(self.user, original.initiative)
        if not was_editable or not permissions.can_edit(self.user, instance.initiative):
            errors["initiative"] = [_("Dit initiatief valt buiten wat jij mag beheren.")]
        self._check_capacity(original, instance, errors)

    def _check_capacity(self, original, instance, errors):
        """A capacity lowered below the seats booked: imported (the coordinator may be about to move
        people), with a warning that names the bookings that no longer fit. Seats as seats.py counts them."""
        if original is None or "capacity" in errors or instance.capacity is None or instance.capacity < 0:
            return  # a negative capacity is an error of its own (full_clean)
        if instance.is_cancelled or instance.capacity >= original.capacity:
            return
        counted = with_seats_taken(Session.objects.filter(pk=original.pk)).first()
        if counted is None or counted.seats_taken <= instance.capacity:
            return
        holding = Booking.objects.filter(sessions=original, status__in=Booking.SEAT_HOLDING_STATUSES)
        references = sorted(holding.values_list("reference", flat=True))
        if not references:
            return
        message = ngettext(
            "%(count)s boeking past niet meer in deze capaciteit (%(seats)s plaatsen geboekt): %(bookings)s.",
            "%(count)s boekingen passen niet meer in deze capaciteit (%(seats)s plaatsen geboekt): %(bookings)s.",
            len(references),
        ) % {"count": len(references), "seats": counted.seats_taken, "bookings": ", ".join(references)}
        self.warn("capacity", message)

    def dehydrate_initiative(self, session):
        if getattr(self, "_unique_titles", None) is None:
            counts = {}
            for title in Initiative.objects.values_list("title", flat=True):
                counts[title.casefold()] = counts.get(title.casefold(), 0) + 1
            self._unique_titles = {title for title, count in counts.items() if count == 1}
        return initiative_key(session.initiative, self._unique_titles)
