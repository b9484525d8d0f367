"""E-mail: the one send path of the portal, and the e-mails about bookings.

Every e-mail goes through the task queue: `queue_email()` renders nothing itself, it stores a
rendered message (subject, text, HTML, attachments) as a `send_email` task and returns at once.
Called inside the transaction that makes the change (as the booking services do), the e-mail is
stored together with the change: a booking never exists without its e-mail queued, and the web
request never waits for the mail server. The worker (`manage.py run_worker`) sends it; when the
mail server is down or slow (`EMAIL_TIMEOUT`), the task fails and is retried with backoff
(`portal.tasks`), so the e-mail arrives once the server is back.

Booking e-mails are plain text plus HTML, in the language the teacher booked in.
"""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from initiatives import ical

from . import tokens

logger = logging.getLogger(__name__)

# Subjects longer than this are cut (with an ellipsis): a title pasted from a spreadsheet can be a paragraph.
SUBJECT_MAX_LENGTH = 150


def safe_subject(subject):
    """One line, at most SUBJECT_MAX_LENGTH characters: newlines (kept from a spreadsheet cell) would make
    Django refuse the header (BadHeaderError) and so break every e-mail about that initiative."""
    line = " ".join(str(subject).split())
    if len(line) > SUBJECT_MAX_LENGTH:
        line = line[: SUBJECT_MAX_LENGTH - 1].rstrip() + "…"
    return line


def _valid_addresses(addresses):
    valid = []
    for address in addresses:
        address = (address or "").strip()
        try:
            validate_email(address)
        except ValidationError:
            if address:
                logger.warning("e-mail address skipped: not a valid address")
            continue
        if address not in valid:
            valid.append(address)
    return valid


def queue_email(*, to, subject, text, html="", reply_to=(), attachments=()):
    """Queue one e-mail (already rendered) for the worker; returns the task result, or None without a recipient.

    `attachments` is a list of (filename, text content, mimetype). Call it inside the transaction
    of the change the e-mail is about: the e-mail is then stored with it, or not at all.
    """
    recipients = _valid_addresses(to)
    if not recipients:
        return None
    message = {
        "to": recipients,
        "subject": safe_subject(subject),
        "text": text,
        "html": html,
        "reply_to": _valid_addresses(reply_to),
        "attachments": [list(attachment) for attachment in attachments],
    }
    return send_email.enqueue(message)


@task()
def send_email(message):
    """Send one e-mail queued by `queue_email()`; a failure raises, and the task is retried (portal.tasks)."""
    email = EmailMultiAlternatives(
        message["subject"], message["text"], to=message["to"], reply_to=message.get("reply_to") or None
    )
    if message.get("html"):
        email.attach_alternative(message["html"], "text/html")
    for filename, content, mimetype in message.get("attachments", []):
        email.attach(filename, content, mimetype)
    email.send()
    return len(message["to"])


SUBJECTS = {
    "received": _("Aanvraag ontvangen: %(title)s"),
    "confirmed": _("Bevestigd: %(title)s"),
    "waitlisted": _("Op de wachtlijst: %(title)s"),
    "promoted": _("Er is een plek vrij: %(title)s"),
    "offered": _("Er is een plek voor je vrij: %(title)s"),
    "offer_expired": _("Aangeboden plek vervallen: %(title)s"),
    "moved": _("Nieuwe datum: %(title)s"),
    "changed": _("Gewijzigd: %(title)s"),
    "declined": _("Aanvraag niet geaccepteerd: %(title)s"),
    "cancelled": _("Geannuleerd: %(title)s"),
    "session_cancelled": _("De activiteit gaat niet door: %(title)s"),
    "rescheduled": _("Nieuwe tijd: %(title)s"),
    "reminder": _("Herinnering: %(title)s"),
    "bus_approved": _("Gratis bus geregeld: %(title)s"),
    "bus_declined": _("Geen gratis bus: %(title)s"),
}

INTROS = {
    "received": _(
        "We hebben je aanvraag ontvangen. De aanbieder bekijkt hem en je krijgt binnen een paar werkdagen bericht."
    ),
    "confirmed": _("Je boeking is bevestigd. In de bijlage staat de afspraak voor je agenda."),
    "waitlisted": _("De gekozen datum is vol. Je staat op de wachtlijst. Komt er een plek vrij, dan krijg je bericht."),
    "promoted": _(
        "Er is een plek vrijgekomen. Je aanvraag staat niet meer op de wachtlijst; de aanbieder bevestigt hem nog."
    ),
    "offered": _(
        "Er is een plek vrijgekomen en die houden we voor je vast. Neem hem aan via de link hieronder, "
        "anders gaat de plek naar de volgende op de wachtlijst."
    ),
    "offer_expired": _(
        "Je hebt de aangeboden plek niet op tijd aangenomen. De plek is naar de volgende op de wachtlijst gegaan."
    ),
    "moved": _("Je boeking is verplaatst naar een andere datum. Hieronder staat de nieuwe datum."),
    "changed": _("Je boeking is gewijzigd. Hieronder staan de nieuwe gegevens."),
    "declined": _("Helaas is je aanvraag niet geaccepteerd."),
    "cancelled": _("Je boeking is geannuleerd. Je hoeft niets meer te doen."),
    "session_cancelled": _("De activiteit is afgezegd. Je boeking is daarom geannuleerd."),
    "rescheduled": _("De datum of tijd van de activiteit is gewijzigd. Hieronder staat de nieuwe datum en tijd."),
    "reminder": _("Binnenkort is het zover. Hieronder staat je boeking nog een keer."),
    "bus_approved": _(
        "Goed nieuws: de gratis bus is goedgekeurd. Het busbedrijf haalt jullie op bij het adres hieronder; "
        "zorg dat de groep tien minuten voor vertrek klaarstaat."
    ),
    "bus_declined": _(
        "Helaas is er voor deze boeking geen gratis bus. Je boeking zelf blijft gewoon staan; regel het vervoer zelf "
        "of annuleer als jullie niet kunnen komen."
    ),
}

# Who called a session off, for the session_cancelled e-mail: (intro, label above the message).
SESSION_CANCELLED_BY = {
    "provider": (
        _("De aanbieder heeft de activiteit afgezegd. Je boeking is daarom geannuleerd."),
        _("Bericht van de aanbieder:"),
    ),
    "organisation": (
        _("De organisatie van Techniek Dichtbij heeft de activiteit afgezegd. Je boeking is daarom geannuleerd."),
        _("Bericht van de organisatie:"),
    ),
}

CALENDAR_KINDS = {"confirmed", "reminder", "moved", "changed", "rescheduled"}


def _message_label(booking):
    """The label above the booking's message: who wrote it when its history knows (the decision that
    came with this message), else neutral."""
    from ..permissions import Role, role_of

    event = None
    if booking.message:
        event = booking.events.filter(note=booking.message[:300], by__isnull=False).order_by("-at", "-pk").first()
    role = role_of(event.by) if event is not None else None
    if role == Role.PROVIDER:
        return _("Bericht van de aanbieder:")
    if role in (Role.MRDH, Role.CAMPUS):
        return _("Bericht van de organisatie:")
    return _("Bericht bij je boeking:")


def send_booking_email(booking, kind, *, cancelled_by=None, reason=None):
    """Queue the teacher's e-mail for `kind` (a key of SUBJECTS); returns the task result, None without an address.

    `cancelled_by` ("provider", "organisation" or None: neutral) says who called the session off. `reason`: the
    message this e-mail carries instead of the booking's own (the reason for a new time; "" for none), for a change
    whose e-mail must not repeat an earlier message such as the confirmation's.

    Call it inside the transaction that changed the booking (see `queue_email`).
    """
    if not booking.email:
        return None
    sessions = list(booking.sessions.all())
    intro, message = INTROS[kind], booking.message if reason is None else reason
    message_label = _message_label(booking) if reason is None else _("Bericht:")
    if kind == "session_cancelled":
        intro, message_label = SESSION_CANCELLED_BY.get(cancelled_by, (intro, _("Bericht:")))
    with translation.override(booking.language):
        context = {
            **_booking_context(booking, sessions),
            "kind": kind,
            "intro": intro,
            "message": message,
            "message_label": message_label,
            "manage_url": tokens.manage_url(booking),
            "privacy_url": settings.SITE_URL.rstrip("/") + reverse("privacy"),
            "bus_request": getattr(booking, "bus_request", None),
        }
        subject = str(SUBJECTS[kind]) % {"title": booking.initiative.title}
        text = render_to_string("emails/booking.txt", context)
        html = render_to_string("emails/booking.html", context)
    attachments = []
    # A booking moved while still waitlisted gets no calendar file: it has no seat yet.
    confirmed = booking.status == booking.Status.CONFIRMED
    if kind in CALENDAR_KINDS and sessions and (kind not in {"moved", "changed", "rescheduled"} or confirmed):
        attachments.append(
            (
                f"{booking.reference}.ics",
                ical.booking_calendar(booking, sessions, tokens.manage_url(booking)),
                "text/calendar",
            )
        )
    return queue_email(
        to=[booking.email],
        subject=subject,
        text=text,
        html=html,
        reply_to=[booking.initiative.contact_email or booking.initiative.provider.email],
        attachments=attachments,
    )


def _booking_context(booking, sessions):
    """What every e-mail about one booking shows: the booking, its activity and its dates."""
    where = ical.location_text(booking.initiative, sessions[0] if sessions else None)
    return {"booking": booking, "initiative": booking.initiative, "sessions": sessions, "where": where}


def _admin_url(path="/admin/initiatives/booking/"):
    return settings.SITE_URL.rstrip("/") + path


def send_digest(*, to, bookings, language="nl"):
    """Queue one e-mail listing new requests and cancellations for a provider or coordinator."""
    with translation.override(language):
        context = {"bookings": bookings, "admin_url": _admin_url()}
        subject = str(_("Nieuwe boekingen bij Techniek Dichtbij (%(count)s)") % {"count": len(bookings)})
        text = render_to_string("emails/digest.txt", context)
        html = render_to_string("emails/digest.html", context)
    return queue_email(to=[to] if isinstance(to, str) else to, subject=subject, text=text, html=html)


def new_booking_recipients(booking):
    """Who hears of a new booking at once: the provider (the initiative's contact address or the provider's)
    and the coordinators of the initiative's campus."""
    from ..models import StaffProfile

    initiative = booking.initiative
    addresses = [initiative.contact_email or initiative.provider.email]
    if initiative.campus_id:
        addresses += list(
            StaffProfile.objects.filter(campuses=initiative.campus_id, user__is_active=True)
            .exclude(user__email="")
            .values_list("user__email", flat=True)
            .order_by("user__email")
        )
    return _valid_addresses(addresses)


def send_new_booking_notice(booking, *, changed=False):
    """Queue an e-mail per recipient (provider, campus coordinators) about a new booking or request (Dutch);
    `changed`: the booker changed it (group size, date, details) through their link."""
    sessions = list(booking.sessions.all())
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            **_booking_context(booking, sessions),
            "changed": changed,
            "admin_url": _admin_url(reverse("admin:initiatives_booking_change", args=[booking.pk])),
        }
        subject = _("Boeking gewijzigd: %(title)s") if changed else _("Nieuwe boeking: %(title)s")
        subject = str(subject) % {"title": booking.initiative.title}
        text = render_to_string("emails/new_booking.txt", context)
        html = render_to_string("emails/new_booking.html", context)
    # One e-mail per recipient: providers and coordinators do not see each other's addresses.
    return [
        queue_email(to=[address], subject=subject, text=text, html=html, reply_to=[booking.email])
        for address in new_booking_recipients(booking)
    ]
