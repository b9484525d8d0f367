"""A minimal iCalendar (RFC 5545) file for a booking's sessions, attached to the confirmation."""

import datetime

from django.conf import settings
from django.utils import timezone


def _escape(text):
    return str(text).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _stamp(moment):
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def _fold(line):
    # Lines longer than 75 octets are folded with CRLF + space (RFC 5545 3.1).
    out, chunk = [], line
    while len(chunk.encode()) > 75:
        cut = 74
        while len(chunk[:cut].encode()) > 74:
            cut -= 1
        out.append(chunk[:cut])
        chunk = " " + chunk[cut:]
    out.append(chunk)
    return "\r\n".join(out)


def booking_calendar(booking, sessions):
    initiative = booking.initiative
    host = settings.SITE_URL.split("//")[-1].split("/")[0]
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Techniek Dichtbij//Boekingen//NL", "METHOD:PUBLISH"]
    for session in sessions:
        venue = session.venue_name or initiative.venue_name
        where = ", ".join(
            part for part in (venue, session.address or initiative.address, initiative.place_name) if part
        )
        lines += [
            "BEGIN:VEVENT",
            f"UID:{booking.reference}-{session.pk}@{host}",
            f"DTSTAMP:{_stamp(timezone.now())}",
            f"DTSTART:{_stamp(session.starts_at)}",
            f"DTEND:{_stamp(session.ends_at)}",
            f"SUMMARY:{_escape(initiative.title)}",
            f"LOCATION:{_escape(where)}",
            f"DESCRIPTION:{_escape(initiative.summary)}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
