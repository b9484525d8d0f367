"""E-mails about bookings: plain text plus HTML, in the language the teacher booked in."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from initiatives import ical

from . import tokens

SUBJECTS = {
    "received": _("Aanvraag ontvangen: %(title)s"),
    "confirmed": _("Bevestigd: %(title)s"),
    "waitlisted": _("Op de wachtlijst: %(title)s"),
    "promoted": _("Er is een plek vrij: %(title)s"),
    "declined": _("Niet doorgegaan: %(title)s"),
    "cancelled": _("Geannuleerd: %(title)s"),
    "session_cancelled": _("De activiteit gaat niet door: %(title)s"),
    "reminder": _("Herinnering: %(title)s"),
    "bus_approved": _("Gratis bus geregeld: %(title)s"),
    "bus_declined": _("Geen gratis bus: %(title)s"),
}

INTROS = {
    "received": _(
        "We hebben je aanvraag ontvangen. De aanbieder bekijkt hem en je krijgt binnen een paar werkdagen bericht."
    ),
    "confirmed": _("Je boeking is bevestigd. In de bijlage staat de afspraak voor je agenda."),
    "waitlisted": _("De activiteit is vol. Je staat op de wachtlijst. Komt er een plek vrij, dan krijg je bericht."),
    "promoted": _(
        "Er is een plek vrijgekomen. Je aanvraag staat niet meer op de wachtlijst; de aanbieder bevestigt hem nog."
    ),
    "declined": _("Helaas kan je boeking niet doorgaan."),
    "cancelled": _("Je boeking is geannuleerd. Je hoeft niets meer te doen."),
    "session_cancelled": _("De aanbieder heeft de activiteit afgezegd. Je boeking is daarom geannuleerd."),
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

CALENDAR_KINDS = {"confirmed", "reminder"}


def send_booking_email(booking, kind):
    """Send the teacher the e-mail for `kind` (a key of SUBJECTS); does nothing without an address."""
    if not booking.email:
        return
    sessions = list(booking.sessions.all())
    with translation.override(booking.language):
        context = {
            "booking": booking,
            "initiative": booking.initiative,
            "sessions": sessions,
            "kind": kind,
            "intro": INTROS[kind],
            "manage_url": tokens.manage_url(booking),
            "privacy_url": settings.SITE_URL.rstrip("/") + reverse("privacy"),
            "bus_request": getattr(booking, "bus_request", None),
        }
        subject = str(SUBJECTS[kind]) % {"title": booking.initiative.title}
        text = render_to_string("emails/booking.txt", context)
        html = render_to_string("emails/booking.html", context)
    reply_to = [booking.initiative.contact_email or booking.initiative.provider.email]
    message = EmailMultiAlternatives(subject, text, to=[booking.email], reply_to=[a for a in reply_to if a])
    message.attach_alternative(html, "text/html")
    if kind in CALENDAR_KINDS and sessions:
        message.attach(f"{booking.reference}.ics", ical.booking_calendar(booking, sessions), "text/calendar")
    message.send()


def send_digest(*, to, bookings, language="nl"):
    """One e-mail listing new requests and cancellations for a provider or coordinator."""
    with translation.override(language):
        context = {"bookings": bookings, "admin_url": settings.SITE_URL.rstrip("/") + "/admin/initiatives/booking/"}
        subject = str(_("Nieuwe boekingen bij Techniek Dichtbij (%(count)s)") % {"count": len(bookings)})
        text = render_to_string("emails/digest.txt", context)
        html = render_to_string("emails/digest.html", context)
    message = EmailMultiAlternatives(subject, text, to=[to])
    message.attach_alternative(html, "text/html")
    message.send()
