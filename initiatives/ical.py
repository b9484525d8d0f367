"""The one iCalendar (RFC 5545) writer of the project, built on the icalendar library: the calendar
feeds (per initiative, per saved search), the "in mijn agenda" file of one date, and the booking
confirmation's attachment.

- UIDs do not depend on the host that served the file (`session-<pk>@techniekdichtbij.nl`), so a
  subscription and a downloaded file describe the same event, whatever domain or port served them.
- Cancelled sessions stay in the calendar with `STATUS:CANCELLED`, so subscribed calendars drop them.
- Text (the calendar name included) is escaped by the library; line breaks in a name become spaces.
- Feeds carry the open data licence and a refresh interval.
"""

import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

UID_DOMAIN = "techniekdichtbij.nl"
PRODID = "-//Techniek Dichtbij//techniekdichtbij.nl//NL"
# Ended sessions a feed still lists (a subscribed calendar keeps recent history), and how often
# subscribers should refresh.
FEED_HISTORY = datetime.timedelta(days=30)
FEED_REFRESH = datetime.timedelta(hours=6)
FEED_MAX_SESSIONS = 1000
BOOKING_CLOSED = {"declined", "cancelled"}  # Booking.Status values (bookings import this module)


def session_uid(session, prefix="session"):
    return f"{prefix}-{session.pk}@{UID_DOMAIN}"


def feed_sessions(queryset, now=None):
    """The sessions a feed lists: from FEED_HISTORY ago on, cancelled ones included, in order."""
    since = (now or timezone.now()) - FEED_HISTORY
    return (
        queryset.filter(ends_at__gte=since)
        .select_related("initiative__provider")
        .order_by("starts_at", "pk")[:FEED_MAX_SESSIONS]
    )


def write_calendar(*, name, sessions, page_url, feed=False, uid_prefix="session", description="", status="CONFIRMED",
                   note=""):  # fmt: skip
    """Text of a VCALENDAR with one VEVENT per session. page_url(initiative) gives the absolute page URL;
    status is that of every session not cancelled, note ends every event's description."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    clean_name = " ".join(str(name).split())
    # As text, escaped: icalendar writes unknown X- properties as they are.
    calendar.add("name", vText(clean_name))
    calendar.add("x-wr-calname", vText(clean_name))
    if feed:
        licence = settings.OPEN_DATA_LICENSE
        description = " ".join(
            part for part in (description, f"Open data, {licence['name']}: {licence['url']}") if part
        )
        calendar.add("refresh-interval", FEED_REFRESH, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", FEED_REFRESH)
    if description:
        calendar.add("description", vText(description))
        calendar.add("x-wr-caldesc", vText(description))
    stamp = timezone.now().replace(microsecond=0)
    for session in sessions:
        calendar.add_component(_event(session, page_url(session.initiative), uid_prefix, stamp, status, note))
    return calendar.to_ical().decode()


def _event(session, url, uid_prefix, stamp, status, note):
    initiative = session.initiative
    event = Event()
    event.add("uid", session_uid(session, uid_prefix))
    event.add("dtstamp", stamp)
    event.add("last-modified", session.updated_at.replace(microsecond=0))
    event.add("dtstart", session.starts_at)
    event.add("dtend", session.ends_at)
    event.add("status", "CANCELLED" if session.is_cancelled else status)
    event.add("summary", initiative.title)
    event.add("description", "\n\n".join(part for part in (initiative.summary, session.note, url, note) if part))
    where = location_text(initiative, session)
    if where:
        event.add("location", where)
    point = session if session.latitude is not None else initiative
    if point.latitude is not None:
        event.add("geo", (float(point.latitude), float(point.longitude)))
    event.add("url", url)
    email = initiative.contact_email or initiative.provider.email
    if email:
        organizer = vCalAddress(f"mailto:{email}")
        organizer.params["cn"] = vText(initiative.provider.name)
        event.add("organizer", organizer)
    return event


def location_text(initiative, session=None):
    """Where it takes place, as an address is written: "Bibliotheek, Hoogstraat 110, 3011 PV Rotterdam".
    A session's own venue and address (a date elsewhere) come first."""
    address = session.address if session is not None else ""
    venue = (session.venue_name if session is not None else "") or initiative.venue_name
    parts = [venue, address or initiative.address]
    if not address:
        parts.append(" ".join(part for part in (initiative.postcode, initiative.place_name) if part))
    return ", ".join(part for part in parts if part)


def booking_calendar(booking, sessions, manage_url):
    """The booking's calendar file (e-mail attachment, "in mijn agenda" on its page): the booked sessions,
    one UID per booking and session; tentative until confirmed, with the reference and the booking's link."""
    base = settings.SITE_URL.rstrip("/")
    if booking.status in BOOKING_CLOSED:
        status = "CANCELLED"
    else:
        status = "CONFIRMED" if booking.status == "confirmed" else "TENTATIVE"  # requested, waitlisted, offered
    note = _("Boeking %(reference)s (%(status)s). Bekijken, wijzigen of annuleren: %(url)s") % {
        "reference": booking.reference,
        "status": booking.get_status_display(),
        "url": manage_url,
    }
    return write_calendar(
        status=status,
        note=note,
        name=booking.initiative.title,
        sessions=sessions,
        page_url=lambda initiative: base + initiative.get_absolute_url(),
        uid_prefix=f"booking-{booking.reference}-session",
    )
