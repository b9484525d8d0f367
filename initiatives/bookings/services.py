"""Booking and bus services: every change with an invariant goes through here.

Capacity is checked inside a transaction that holds a row lock on each session involved
(Kultus checks it without a lock, so two teachers can take the last seats at once). Session
rows are always locked in primary-key order, then the booking row, so two transactions that
touch the same sessions cannot deadlock. Bus budgets are locked the same way on approval.
E-mails are queued inside the same transaction (initiatives.bookings.emails.queue_email): a change
is stored together with its e-mail, or not at all, and the worker sends it outside the request.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campuses.models import VmboProfileOffer

from ..models import Initiative, Session
from ..templatetags.initiative_tags import po_levels, school_levels, vo_levels
from . import emails
from .audience import class_misfits, is_for_parents, po_groups_for, takes_classes, takes_families, tracks_for
from .bus_reach import bus_possible
from .models import Booking, BookingEvent, BusBudget, BusEligibilityRule, BusRequest, school_year_of
from .seats import reserve_for_waitlist, with_seats_taken


class BookingError(Exception):
    """A booking rule was broken; `field` names the form field to attach the message to (or None)."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class BusOffer:
    budget: BusBudget


def seats_for(initiative, pupils, adults=0, *, family=False):
    """Seats a booking takes per session: pupils (a family: everyone who joins in), or 1 group."""
    if initiative.capacity_unit != Initiative.CapacityUnit.PUPILS:
        return 1
    return pupils + adults if family else pupils


def check_group_size(initiative, pupils):
    if initiative.group_size_min and pupils < initiative.group_size_min:
        raise BookingError(
            _("Deze activiteit is voor groepen van minimaal %(min)s leerlingen.") % {"min": initiative.group_size_min},
            "pupils",
        )
    if initiative.group_size_max and pupils > initiative.group_size_max:
        raise BookingError(
            _("Deze activiteit is voor groepen van maximaal %(max)s leerlingen.") % {"max": initiative.group_size_max},
            "pupils",
        )


# What a class that does not fit is told, per field of the booking form (audience.class_misfits says which).
LEVEL_MESSAGES = {
    "po_group": _(
        "Deze activiteit is voor %(levels)s. Kies een groep die daarbij past, of zoek een andere activiteit."
    ),
    "vo_year": _(
        "Deze activiteit is voor %(levels)s. Kies een leerjaar dat daarbij past, of zoek een andere activiteit."
    ),
    # A class's track is what it is: no "choose another" (as for a group or year a teacher may also have).
    "vo_track": _("Deze activiteit is voor %(levels)s, niet voor %(track)s. Zoek een andere activiteit."),
    "school_level": _("Deze activiteit is voor %(levels)s, niet voor het %(level)s. Zoek een andere activiteit."),
}


def class_level_errors(initiative, *, school_level, po_group=None, vo_year=None, vo_track=""):
    """{field: message} for each part of the class the initiative is not for; the message says what it is for."""
    misfits = class_misfits(
        initiative, school_level=school_level, po_group=po_group, vo_year=vo_year, vo_track=vo_track
    )
    if not misfits:
        return {}
    described = {"po_group": po_levels(initiative), "vo_year": vo_levels(initiative)}
    described |= {"vo_track": described["vo_year"], "school_level": school_levels(initiative)}
    names = {
        "level": Booking.SchoolLevel(school_level).label,
        "track": Booking.Track(vo_track).label if vo_track else "",
    }
    return {field: LEVEL_MESSAGES[field] % {"levels": described[field], **names} for field in misfits}


def check_class_level(initiative, details):
    """Refuse a class the initiative is not for (its group, or year and track): audience.class_misfits."""
    names = ("school_level", "po_group", "vo_year", "vo_track")
    errors = class_level_errors(initiative, **{name: details.get(name) for name in names})
    if errors:
        field, message = next(iter(errors.items()))
        raise BookingError(message, field)


def check_party(initiative, children, adults, *, children_field):
    """Who comes with a family sign-up: a parent-and-child activity needs a child; at one aimed at parents
    (audience.is_for_parents) an adult may come alone, but someone must come."""
    if not is_for_parents(initiative):
        if children < 1:
            raise BookingError(_("Er doet minstens 1 kind mee."), children_field)
    elif adults < 1:
        raise BookingError(_("Meld minstens 1 volwassene aan."), "adults")


def _lock_sessions(session_ids, now=None):
    """Lock the session rows (ordered by pk: no deadlocks) and return them with current seats taken
    and reserved for the waitlist (`seats_left`: the same count as the public pages)."""
    locked = list(Session.objects.select_for_update().filter(pk__in=session_ids).order_by("pk"))
    # Counted after the lock is held: under READ COMMITTED this sees every committed booking.
    taken = dict(with_seats_taken(Session.objects.filter(pk__in=session_ids)).values_list("pk", "seats_taken"))
    for session in locked:
        session.seats_taken = taken[session.pk]
    reserve_for_waitlist(locked, now)
    return locked


def _fits(sessions, seats):
    return all(session.seats_taken + seats <= session.capacity for session in sessions)


def _record(booking, action, *, by=None, now=None, note=""):
    """One line in the booking's history (who, what, when); called inside the service's transaction."""
    BookingEvent.objects.create(
        booking=booking, action=action, status=booking.status, by=by, at=now or timezone.now(), note=str(note)[:300]
    )


def _queue_email(booking, kind):
    """Queue the e-mail in the transaction that changed the booking: stored with the change, or not at all."""
    return emails.send_booking_email(booking, kind)


def in_mrdh(school):
    """Whether the school lies in an MRDH municipality: the MRDH pays the bus, so only those schools qualify."""
    return bool(school and school.municipality.is_mrdh)


def bus_offer(*, initiative, booking, school, when=None):
    """The budget a bus request for this booking would draw on, or None if the booking is not eligible."""
    campus = initiative.campus
    if not (initiative.offers_bus_transport and school and campus):
        return None
    if initiative.location_type != Initiative.LocationType.VENUE:
        return None
    if not in_mrdh(school):
        return None
    year = school_year_of(timezone.localdate(when) if when else timezone.localdate())
    budget = BusBudget.objects.filter(campus=campus, school_year=year).first()
    if budget is None:
        return None
    rules = BusEligibilityRule.objects.filter(is_active=True)
    if any(rule.matches(booking=booking, school=school, campus=campus) for rule in rules):
        return BusOffer(budget=budget)
    return None


@dataclass(frozen=True)
class BusAnswer:
    """Whether a school's group can get a free bus: "yes", "no" or "depends" (on the group), with why."""

    status: str
    message: str

    def as_json(self):
        return {"status": self.status, "eligible": self.status == "yes", "message": str(self.message)}


def bus_eligibility(initiative, school, data=None, *, when=None, on_detail_page=False):
    """The answer the booking form shows as soon as the school is chosen (before submitting), and the
    detail page for the school carried from the search or picked there (`on_detail_page`).

    `data` may hold the group chosen so far (school_level, po_group, vo_year, vo_track); with
    no group yet, the answer says which groups of this school qualify.
    """
    data = data or {}
    if not bus_possible(initiative):
        return BusAnswer("no", _("Bij deze activiteit is geen gratis bus mogelijk."))
    if not in_mrdh(school):
        return BusAnswer(
            "no",
            _(
                "Deze school komt niet in aanmerking voor een gratis bus: die is er alleen voor scholen in de "
                "Metropoolregio Rotterdam Den Haag. Je kunt wel boeken; regel dan zelf het vervoer."
            ),
        )
    budget = _current_budget(initiative, when)
    if budget is None:
        return BusAnswer("no", _("Deze campus heeft dit schooljaar geen budget voor gratis busvervoer."))
    probes = _bus_probes(school, data, initiative)
    if not probes:
        return BusAnswer(
            "no",
            _("Deze activiteit is niet voor de groepen of leerjaren van deze school, dus ook geen gratis bus."),
        )
    fits = [
        label for label, probe in probes if bus_offer(initiative=initiative, booking=probe, school=school, when=when)
    ]
    if fits and not budget.has_room_for(budget.cost_per_trip):
        return BusAnswer("no", _("Het busbudget van deze campus is voor dit schooljaar op."))
    if not fits:
        return BusAnswer("no", _why_no_bus(school))
    if len(fits) == len(probes):
        if on_detail_page:
            message = _("Deze school komt in aanmerking voor een gratis bus. Vraag hem aan als je boekt.")
        else:
            message = _("Deze school komt in aanmerking voor een gratis bus. Vraag hem hieronder aan.")
        return BusAnswer("yes", message)
    return BusAnswer(
        "depends",
        _("Een gratis bus is mogelijk voor %(groups)s van deze school.") % {"groups": ", ".join(map(str, fits))},
    )


def _why_no_bus(school):
    """Why no rule lets this school's groups travel for free: the rules in plain words (the bus page's)."""
    parts = [str(_("Deze school valt buiten de busregels."))]
    hard = VmboProfileOffer.objects.filter(school=school, profile__is_hard=True).values_list("profile__name", flat=True)
    if school.has_vmbo and (names := sorted(set(hard))):
        parts.append(str(_("Deze vestiging biedt een 'hard' techniekprofiel aan (%(profiles)s).")) % {
            "profiles": ", ".join(names)
        })  # fmt: skip
    rules = BusEligibilityRule.objects.filter(is_active=True).order_by("name")
    conditions = "; ".join(", ".join(map(str, rule.conditions)) for rule in rules)
    if conditions:
        parts.append(str(_("Een gratis bus is er voor: %(rules)s.")) % {"rules": conditions})
    parts.append(str(_("Je kunt wel boeken; regel dan zelf het vervoer.")))
    return " ".join(parts)


def _tracks_offered(school):
    offered = {
        Booking.Track.VMBO_BL: school.has_vmbo,
        Booking.Track.VMBO_KL: school.has_vmbo,
        Booking.Track.VMBO_GT: school.has_vmbo,
        Booking.Track.HAVO: school.has_havo,
        Booking.Track.VWO: school.has_vwo,
        Booking.Track.PRO: school.has_pro,
    }
    return [track for track, has in offered.items() if has] or list(Booking.Track.values)


def _bus_probes(school, data, initiative):
    """Unsaved bookings for the group chosen, or for every group of that level the initiative is for when
    none is chosen yet: only classes that can book it (audience.class_misfits), so the answer names only those
    and a class the form refuses gets no bus either."""
    level = school.kind
    if level == Booking.SchoolLevel.PO:
        groups = [data["po_group"]] if data.get("po_group") else po_groups_for(initiative)
        probes = [(_("groep %(group)s") % {"group": g}, Booking(school_level=level, po_group=g)) for g in groups]
    elif data.get("vo_track") or initiative.levels_unknown or initiative.vo_year_from is not None:
        tracks = [data["vo_track"]] if data.get("vo_track") else tracks_for(initiative, _tracks_offered(school))
        year = data.get("vo_year")
        probes = [(Booking.Track(t).label, Booking(school_level=level, vo_track=t, vo_year=year)) for t in tracks]
    else:
        return []
    return [(label, probe) for label, probe in probes if not _misfits(initiative, probe)]


def _misfits(initiative, probe):
    return class_misfits(
        initiative,
        school_level=probe.school_level,
        po_group=probe.po_group,
        vo_year=probe.vo_year,
        vo_track=probe.vo_track,
    )


def _current_budget(initiative, when):
    year = school_year_of(timezone.localdate(when) if when else timezone.localdate())
    return BusBudget.objects.filter(campus=initiative.campus_id, school_year=year).first()


def book(*, initiative, sessions, details, bus_pickup_address=None, now=None):
    """Create a booking for `sessions` (or a date request when empty) from the form's `details`.

        Confirms, requests or waitlists depending on seats left and the initiative's confirmation
        mode; with `bus_pickup_address` (may be "" for the school's address) also requests a bus
        when the booking is eligible. The teacher's e-mail and the provider's notice are queued in the
    same transaction; `booking.email_queued` says whether the teacher gets one (they gave an address).
    """
    now = now or timezone.now()
    if initiative.booking_mode != Initiative.BookingMode.BOOK_HERE:
        raise BookingError(_("Deze activiteit boek je niet via dit portaal."))
    family = details.get("kind") == Booking.Kind.FAMILY
    if family and not takes_families(initiative):
        raise BookingError(_("Bij deze activiteit kun je je niet als gezin aanmelden."))
    if not family and not takes_classes(initiative):
        raise BookingError(_("Deze activiteit boek je niet voor een klas: gezinnen en ouders melden zich aan."))
    if family:
        check_party(initiative, details["pupils"], details.get("adults") or 0, children_field="children")
    else:
        check_class_level(initiative, details)
        check_group_size(initiative, details["pupils"])
    session_ids = sorted({session.pk for session in sessions})
    if not session_ids and not details.get("preferred_periods"):
        raise BookingError(_("Kies een datum."), "sessions")
    if session_ids and len(session_ids) != initiative.sessions_required:
        raise BookingError(
            _("Kies %(count)s datums: deze activiteit boek je als reeks.") % {"count": initiative.sessions_required},
            "sessions",
        )
    seats = seats_for(initiative, details["pupils"], details.get("adults") or 0, family=family)
    with transaction.atomic():
        locked = _lock_sessions(session_ids, now)
        _check_sessions_bookable(initiative, locked, session_ids, seats, now)
        if not locked:
            status = Booking.Status.REQUESTED
        elif all(seats <= session.seats_left for session in locked):
            auto = initiative.confirmation_mode == Initiative.ConfirmationMode.AUTO
            status = Booking.Status.CONFIRMED if auto else Booking.Status.REQUESTED
        else:
            status = Booking.Status.WAITLISTED
        booking = Booking(initiative=initiative, status=status, seats=seats, privacy_consent_at=now, **details)
        if locked:
            booking.starts_at = min(session.starts_at for session in locked)
            booking.ends_at = max(session.ends_at for session in locked)
        if status == Booking.Status.CONFIRMED:
            booking.decided_at = now
        booking.save()
        booking.sessions.set(locked)
        _record(booking, BookingEvent.Action.BOOKED, now=now)
        if bus_pickup_address is not None and not family:
            _request_bus(booking, bus_pickup_address)
        booking.email_queued = _queue_email(booking, _first_email_kind(status)) is not None
        emails.send_new_booking_notice(booking)
    return booking


def _waitlist(sessions, now):
    """Waitlisted bookings on any of these sessions, first come first served."""
    return (
        Booking.objects.waitlisted()
        .filter(sessions__in=[session.pk for session in sessions], starts_at__gt=now)
        .distinct()
        .order_by("created_at", "pk")
        .prefetch_related("sessions")
    )


def _locked_sessions_of(candidate, locked):
    """The candidate's sessions among the locked ones, or None if any of its sessions is not locked here."""
    by_pk = {session.pk: session for session in locked}
    its_sessions = [by_pk.get(session.pk) for session in candidate.sessions.all()]
    return None if None in its_sessions else its_sessions


def _first_email_kind(status):
    return {Booking.Status.CONFIRMED: "confirmed", Booking.Status.WAITLISTED: "waitlisted"}.get(status, "received")


def too_large(seats, capacity):
    """The error for a group larger than a session holds, with both numbers."""
    message = _(
        "Jullie groep (%(seats)s plaatsen) is groter dan het aantal plaatsen van deze activiteit (%(capacity)s)."
    )
    return BookingError(message % {"seats": seats, "capacity": capacity}, "pupils")


def _check_sessions_bookable(initiative, locked, session_ids, seats, now):
    if len(locked) != len(session_ids) or any(s.initiative_id != initiative.pk for s in locked):
        raise BookingError(_("Kies een datum uit de lijst."), "sessions")
    for session in locked:
        session.initiative = initiative
        if not session.is_bookable(now):
            raise BookingError(_("Voor deze datum kun je niet (meer) boeken. Kies een andere datum."), "sessions")
        if seats > session.capacity:
            raise too_large(seats, session.capacity)


def _request_bus(booking, pickup_address):
    offer = bus_offer(initiative=booking.initiative, booking=booking, school=booking.school, when=booking.starts_at)
    if offer is None:
        return None
    school = booking.school
    address = pickup_address or f"{school.street} {school.house_number}, {school.postcode} {school.place_name}"
    return BusRequest.objects.create(
        booking=booking,
        budget=offer.budget,
        pickup_address=address.strip(" ,"),
        passengers=booking.pupils + booking.adults,
        estimated_cost=offer.budget.cost_per_trip,
    )


def _lock_booking(booking):
    """Lock the booking's sessions, then the booking; return (fresh booking, locked sessions)."""
    session_ids = list(booking.sessions.values_list("pk", flat=True))
    sessions = _lock_sessions(session_ids)
    fresh = Booking.objects.select_for_update().select_related("initiative").get(pk=booking.pk)
    return fresh, sessions


def confirm(*, booking, message="", by=None, now=None):
    """Confirm a requested, offered or waitlisted booking; a waitlisted one only if its seats are free now."""
    now = now or timezone.now()
    with transaction.atomic():
        booking, sessions = _lock_booking(booking)
        if booking.status == Booking.Status.CONFIRMED:
            return booking
        if not booking.is_open:
            raise BookingError(_("Een afgewezen of geannuleerde boeking kun je niet bevestigen."))
        if booking.status == Booking.Status.WAITLISTED and not _fits(sessions, booking.seats):
            raise BookingError(_("Er zijn niet genoeg plaatsen vrij om deze boeking van de wachtlijst te halen."))
        booking.status, booking.decided_at, booking.offer_expires_at = Booking.Status.CONFIRMED, now, None
        booking.message = message or booking.message
        booking.save(update_fields=["status", "decided_at", "offer_expires_at", "message", "updated_at"])
        _record(booking, BookingEvent.Action.CONFIRMED, by=by, now=now, note=message)
        _queue_email(booking, "confirmed")
    return booking


def decline(*, booking, message="", by=None, now=None):
    return _close(
        booking=booking, status=Booking.Status.DECLINED, message=message, by=by, now=now, email_kind="declined"
    )


def cancel(*, booking, by=None, now=None):
    """The teacher or family cancels (through the signed link), up to the start of the activity."""
    if booking.starts_at and booking.starts_at <= (now or timezone.now()):
        raise BookingError(_("De activiteit is al begonnen of voorbij; annuleren kan niet meer."))
    return _close(booking=booking, status=Booking.Status.CANCELLED, message="", by=by, now=now, email_kind="cancelled")


def _close(*, booking, status, message, by, now, email_kind, action=None):
    now = now or timezone.now()
    with transaction.atomic():
        booking, sessions = _lock_booking(booking)
        if not booking.is_open:
            raise BookingError(_("Deze boeking is al afgewezen of geannuleerd."))
        held_seats = booking.status in Booking.SEAT_HOLDING_STATUSES
        booking.status, booking.offer_expires_at = status, None
        booking.message = message or booking.message
        if status == Booking.Status.CANCELLED:
            booking.cancelled_at = now
        else:
            booking.decided_at = now
        booking.save()
        _record(booking, action or status, by=by, now=now, note=message)
        BusRequest.objects.filter(booking=booking).update(status=BusRequest.Status.CANCELLED)
        if held_seats:
            for session in sessions:
                session.seats_taken -= booking.seats
            _offer_freed_seats(booking.initiative, sessions, now)
        _queue_email(booking, email_kind)
    return booking


def _offer_freed_seats(initiative, sessions, now):
    """Give freed seats to the first waitlisted bookings that fit, per the waitlist mode (locks held).

    Auto-offer moves them off the waitlist; hold-offer keeps the seat for them for N hours
    (accept through the signed link). "Provider picks" leaves the choice to the provider, but
    new bookings still queue behind them (see book()).
    """
    mode = initiative.waitlist_mode
    if mode == Initiative.WaitlistMode.PROVIDER_PICKS:
        return
    auto = initiative.confirmation_mode == Initiative.ConfirmationMode.AUTO
    # No lock on the booking rows needed: every change to a booking locks its sessions first.
    for candidate in _waitlist(sessions, now):
        # Only bookings whose sessions are all locked here can be promoted safely.
        its_sessions = _locked_sessions_of(candidate, sessions)
        if its_sessions is None or not _fits(its_sessions, candidate.seats):
            continue
        if mode == Initiative.WaitlistMode.HOLD_OFFER:
            candidate.status = Booking.Status.OFFERED
            candidate.offer_expires_at = now + timedelta(hours=initiative.waitlist_hold_hours)
            action, kind = BookingEvent.Action.OFFERED, "offered"
        else:
            candidate.status = Booking.Status.CONFIRMED if auto else Booking.Status.REQUESTED
            candidate.decided_at = now if auto else None
            action, kind = BookingEvent.Action.PROMOTED, ("confirmed" if auto else "promoted")
        candidate.save(update_fields=["status", "decided_at", "offer_expires_at", "updated_at"])
        _record(candidate, action, now=now)
        for session in its_sessions:
            session.seats_taken += candidate.seats
        _queue_email(candidate, kind)


def offer_free_seats(*, session, now=None):
    """After a session's capacity was raised: offer the new seats to the waitlist."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock_sessions([session.pk])
        if locked and not locked[0].is_cancelled:
            _offer_freed_seats(locked[0].initiative, locked, now)


def accept_offer(*, booking, now=None):
    """The teacher or family takes the seat held for them, before the offer expires."""
    now = now or timezone.now()
    with transaction.atomic():
        booking, _sessions = _lock_booking(booking)
        if booking.status != Booking.Status.OFFERED or booking.offer_expires_at <= now:
            raise BookingError(_("Deze plek is niet meer voor je vrijgehouden."))
        auto = booking.initiative.confirmation_mode == Initiative.ConfirmationMode.AUTO
        booking.status = Booking.Status.CONFIRMED if auto else Booking.Status.REQUESTED
        booking.decided_at, booking.offer_expires_at = (now if auto else None), None
        booking.save(update_fields=["status", "decided_at", "offer_expires_at", "updated_at"])
        _record(booking, BookingEvent.Action.ACCEPTED, now=now)
        _queue_email(booking, "confirmed" if auto else "received")
    return booking


def expire_offers(*, now=None):
    """Offers from the waitlist not taken in time lapse; each seat passes on to the next in line."""
    now = now or timezone.now()
    expired = 0
    for booking in Booking.objects.offers_expired(now):
        with transaction.atomic():
            fresh, sessions = _lock_booking(booking)
            if fresh.status != Booking.Status.OFFERED or fresh.offer_expires_at > now:
                continue  # taken or cancelled meanwhile
        _close(
            booking=fresh,
            status=Booking.Status.CANCELLED,
            message="",
            by=None,
            now=now,
            email_kind="offer_expired",
            action=BookingEvent.Action.OFFER_EXPIRED,
        )
        expired += 1
    return expired


def move(*, booking, session, by=None, message="", now=None):
    """Move a booking (also a waitlisted one) to another date of the same initiative; freed seats pass on."""
    now = now or timezone.now()
    with transaction.atomic():
        old_ids = list(booking.sessions.values_list("pk", flat=True))
        locked = _lock_sessions(sorted({*old_ids, session.pk}), now)
        booking = Booking.objects.select_for_update().select_related("initiative").get(pk=booking.pk)
        target = next((s for s in locked if s.pk == session.pk), None)
        _check_move(booking, old_ids, target, now)
        old = [s for s in locked if s.pk in old_ids]
        held = booking.status in Booking.SEAT_HOLDING_STATUSES
        # The one count (seats.py): seats the new date's waitlist is first in line for are not free.
        fits = booking.seats <= target.seats_left
        if held and not fits:
            raise BookingError(_("Op die datum zijn niet genoeg plaatsen vrij."), "session")
        if booking.status == Booking.Status.WAITLISTED and fits:
            auto = booking.initiative.confirmation_mode == Initiative.ConfirmationMode.AUTO
            booking.status = Booking.Status.CONFIRMED if auto else Booking.Status.REQUESTED
            booking.decided_at = now
        booking.starts_at, booking.ends_at, booking.reminder_sent_at = target.starts_at, target.ends_at, None
        booking.message = message or booking.message
        booking.save()
        booking.sessions.set([target])
        note = f"{_when(old[0]) if old else '–'} → {_when(target)}"
        _record(booking, BookingEvent.Action.MOVED, by=by, now=now, note=note)
        if held:
            for freed in old:
                freed.seats_taken -= booking.seats
            _offer_freed_seats(booking.initiative, old, now)
        _queue_email(booking, "moved")
    return booking


# What a teacher or family may change on their own booking page besides the group and the date.
CHANGEABLE_DETAILS = ("teacher_name", "email", "phone", "class_name", "children_ages", "special_needs", "remarks")


def change(*, booking, pupils, adults, details=None, session=None, now=None):
    """The teacher or family changes their booking through the signed link, up to the start.

    The group (pupils or children, and adults) within the seats free for it (the one seat count:
    the waitlist's first in line keep theirs) and the activity's group size; contact details and
    notes; and the date: another bookable session of the same initiative with room. Freed seats
    pass on to the waitlist; the booker gets an e-mail ("moved" with a new date, else "changed").
    """
    now = now or timezone.now()
    with transaction.atomic():
        old_ids = list(booking.sessions.values_list("pk", flat=True))
        moving = session is not None and session.pk not in old_ids
        locked = _lock_sessions(sorted({*old_ids, *([session.pk] if moving else [])}), now)
        booking = Booking.objects.select_for_update().select_related("initiative").get(pk=booking.pk)
        initiative = booking.initiative
        if not booking.can_be_cancelled:
            raise BookingError(_("Deze boeking kun je niet meer wijzigen."))
        old = [s for s in locked if s.pk in old_ids]
        target = next((s for s in locked if moving and s.pk == session.pk), None)
        if moving:
            _check_move(booking, old_ids, target, now)
            if booking.status == Booking.Status.OFFERED:
                raise BookingError(_("Neem eerst de plek aan die voor je is vrijgehouden."), "session")
            target.initiative = initiative
            if not target.is_bookable(now):
                raise BookingError(_("Voor deze datum kun je niet (meer) boeken. Kies een andere datum."), "session")
        if booking.is_family:
            check_party(initiative, pupils, adults, children_field="pupils")
        else:
            check_group_size(initiative, pupils)
        seats = seats_for(initiative, pupils, adults, family=booking.is_family)
        held = booking.status in Booking.SEAT_HOLDING_STATUSES
        new_sessions = [target] if moving else old
        for chosen in new_sessions:
            if seats > chosen.capacity:
                raise too_large(seats, chosen.capacity)
        own = booking.seats if held else 0
        fits = all(seats - (0 if moving else own) <= chosen.seats_left for chosen in new_sessions)
        if held and not fits:
            field = "session" if moving else "pupils"
            raise BookingError(_("Er zijn niet genoeg plaatsen vrij voor zoveel mensen op die datum."), field)
        if moving and booking.status == Booking.Status.WAITLISTED and fits:
            auto = initiative.confirmation_mode == Initiative.ConfirmationMode.AUTO
            booking.status = Booking.Status.CONFIRMED if auto else Booking.Status.REQUESTED
            booking.decided_at = now if auto else None
        old_seats = booking.seats
        booking.pupils, booking.adults, booking.seats = pupils, adults, seats
        for name, value in (details or {}).items():
            if name in CHANGEABLE_DETAILS:
                setattr(booking, name, value)
        if moving:
            booking.starts_at, booking.ends_at, booking.reminder_sent_at = target.starts_at, target.ends_at, None
        booking.save()
        if moving:
            booking.sessions.set([target])
            _record(
                booking, BookingEvent.Action.MOVED, now=now, note=f"{_when(old[0]) if old else '–'} → {_when(target)}"
            )
        else:
            _record(booking, BookingEvent.Action.CHANGED, now=now)
        BusRequest.objects.filter(booking=booking).exclude(status=BusRequest.Status.CANCELLED).update(
            passengers=pupils + adults
        )
        freed = old_seats if moving else old_seats - seats
        if held and freed > 0:
            for session_freed in old:
                session_freed.seats_taken -= freed
            _offer_freed_seats(initiative, old, now)
        _queue_email(booking, "moved" if moving else "changed")
        emails.send_new_booking_notice(booking, changed=True)
    return booking


def _check_move(booking, old_ids, target, now):
    if not booking.is_open:
        raise BookingError(_("Een afgewezen of geannuleerde boeking kun je niet verplaatsen."))
    if len(old_ids) > 1 or booking.initiative.sessions_required > 1:
        raise BookingError(_("Een boeking voor een reeks datums kun je niet verplaatsen."))
    if target is None or target.initiative_id != booking.initiative_id or target.pk in old_ids:
        raise BookingError(_("Kies een andere datum van dezelfde activiteit."), "session")
    if target.is_cancelled or target.starts_at <= now:
        raise BookingError(_("Die datum is afgezegd of voorbij."), "session")


def _when(session):
    return timezone.localtime(session.starts_at).strftime("%d-%m-%Y %H.%M")


def cancel_session(*, session, message="", by=None, now=None):
    """A session is called off: every open booking on it is cancelled, its bus released, the teacher told."""
    now = now or timezone.now()
    with transaction.atomic():
        (session,) = _lock_sessions([session.pk])
        if not session.is_cancelled:
            session.is_cancelled = True
            session.save(update_fields=["is_cancelled", "updated_at"])
        affected = list(Booking.objects.for_session(session).open())
        # Approved buses go back to the budget: only approved requests count against it. Released before the
        # e-mails, so they show the bus as it is now (vervallen).
        BusRequest.objects.filter(booking__in=affected).update(status=BusRequest.Status.CANCELLED)
        cancelled_by = _canceller(by)
        for booking in affected:
            booking.status, booking.cancelled_at, booking.offer_expires_at = Booking.Status.CANCELLED, now, None
            # The e-mail and the booking page show this message as the reason: the reason given, or none
            # (never an earlier message to the booker, such as the one sent with the confirmation).
            booking.message = message
            booking.save(update_fields=["status", "cancelled_at", "offer_expires_at", "message", "updated_at"])
            _record(booking, BookingEvent.Action.SESSION_CANCELLED, by=by, now=now, note=message)
            emails.send_booking_email(booking, "session_cancelled", cancelled_by=cancelled_by)
    return affected


def session_rescheduled(session, previous_start, previous_end, *, reason=""):
    """A session's start or end time changed (admin form or import): every open booking follows the new
    time (its dates, a new reminder) and its booker gets an e-mail with the new date and a calendar file.

    The e-mail carries `reason` (the import row's new note) or no message: never the booking's earlier one
    (such as the confirmation's), which is about something else. The booking keeps its own message.

    Call it in the transaction that saved the session; the e-mails go out after the commit (queue_email).
    Returns the bookings told.
    """
    if session.is_cancelled or (session.starts_at, session.ends_at) == (previous_start, previous_end):
        return []
    with transaction.atomic():
        affected = list(Booking.objects.for_session(session).open().select_for_update().select_related("initiative"))
        for booking in affected:
            times = list(booking.sessions.values_list("starts_at", "ends_at"))
            booking.starts_at = min(start for start, _end in times)
            booking.ends_at = max(end for _start, end in times)
            booking.reminder_sent_at = None
            booking.save(update_fields=["starts_at", "ends_at", "reminder_sent_at", "updated_at"])
            emails.send_booking_email(booking, "rescheduled", reason=reason)
    return affected


def _canceller(user):
    """Who called a session off, as the e-mail names it: "provider", "organisation" (a coordinator) or None."""
    from ..permissions import Role, role_of

    role = role_of(user)
    if role == Role.PROVIDER:
        return "provider"
    if role in (Role.MRDH, Role.CAMPUS):
        return "organisation"
    return None


class BudgetExceeded(BookingError):
    pass


def approve_bus(*, bus_request, user=None, now=None):
    """Approve a bus request if the campus budget (trips and/or euros) has room; the budget row is locked."""
    now = now or timezone.now()
    with transaction.atomic():
        budget = BusBudget.objects.select_for_update().get(pk=bus_request.budget_id)
        bus_request = BusRequest.objects.select_for_update().select_related("booking").get(pk=bus_request.pk)
        if bus_request.status == BusRequest.Status.APPROVED:
            return bus_request
        if bus_request.status == BusRequest.Status.CANCELLED or not bus_request.booking.is_open:
            raise BookingError(_("Deze boeking is geannuleerd of afgewezen; de bus is vervallen."))
        if bus_request.booking.status == Booking.Status.WAITLISTED:
            raise BookingError(_("Deze boeking staat op de wachtlijst; keur de bus goed als de boeking doorgaat."))
        if bus_request.booking.status == Booking.Status.OFFERED:
            raise BookingError(
                _(
                    "Aan deze boeking is een plek aangeboden die nog niet is aangenomen; keur de bus goed als de "
                    "boeker de plek aanneemt."
                )
            )
        if bus_request.booking.status not in (Booking.Status.REQUESTED, Booking.Status.CONFIRMED):
            raise BookingError(_("Deze boeking heeft geen plek; de bus is niet goedgekeurd."))
        if not bus_request.estimated_cost and not bus_request.note.strip():
            # A free trip still uses one of the budget's trips; it needs a reason someone can check later.
            raise BookingError(_("Een bus zonder kosten keur je alleen goed met een reden in de notitie."))
        if not budget.has_room_for(bus_request.estimated_cost):
            raise BudgetExceeded(_("Het busbudget van %(budget)s is op.") % {"budget": budget})
        bus_request.status, bus_request.decided_at, bus_request.decided_by = BusRequest.Status.APPROVED, now, user
        bus_request.save(update_fields=["status", "decided_at", "decided_by"])
        booking = bus_request.booking
        emails.send_booking_email(booking, "bus_approved")
    return bus_request


def decline_bus(*, bus_request, user=None, note="", now=None):
    now = now or timezone.now()
    with transaction.atomic():
        bus_request = BusRequest.objects.select_for_update().select_related("booking").get(pk=bus_request.pk)
        if bus_request.status == BusRequest.Status.DECLINED:
            return bus_request
        bus_request.status, bus_request.decided_at, bus_request.decided_by = BusRequest.Status.DECLINED, now, user
        bus_request.note = note or bus_request.note
        bus_request.save(update_fields=["status", "decided_at", "decided_by", "note"])
        booking = bus_request.booking
        if booking.is_open:
            emails.send_booking_email(booking, "bus_declined")
    return bus_request


# Every free-text field about people on a booking (a family sign-up's fields belong here too).
PERSONAL_FIELDS = {
    "teacher_name": "",
    "email": "",
    "phone": "",
    "remarks": "",
    "special_needs": "",
    "message": "",
    "class_name": "",
    "preferred_periods": "",
    "children_ages": "",
}
BUS_PERSONAL_FIELDS = {"note": "", "pickup_address": ""}


def purge_personal_data(*, months, now=None):
    """Blank the personal data of bookings older than `months` months after their activity; keep the figures.

    Also deletes finished background tasks older than TASK_RESULT_RETENTION_DAYS: a queued e-mail holds
    the rendered message, names and addresses included.
    """
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    due = Booking.objects.due_for_purge(months=months, now=now)
    with transaction.atomic():
        ids = list(due.values_list("pk", flat=True))
        Booking.objects.filter(pk__in=ids).update(**PERSONAL_FIELDS, anonymised_at=now)
        BusRequest.objects.filter(booking__in=ids).update(**BUS_PERSONAL_FIELDS)
        DBTaskResult.objects.finished().filter(
            finished_at__lt=now - timedelta(days=settings.TASK_RESULT_RETENTION_DAYS)
        ).delete()
    return len(ids)
