"""iCalendar (RFC 5545) files of an initiative's sessions, written with the icalendar library."""

import datetime

from icalendar import Calendar, Event


def sessions_calendar(initiative, sessions, request):
    """Bytes of a VCALENDAR with one VEVENT per session."""
    calendar = Calendar()
    calendar.add("prodid", "-//Techniek Dichtbij//techniekdichtbij.nl//NL")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", initiative.title)
    url = request.build_absolute_uri(initiative.get_absolute_url())
    stamp = datetime.datetime.now(datetime.UTC)
    for session in sessions:
        event = Event()
        event.add("uid", f"session-{session.pk}@{request.get_host().split(':')[0] or 'techniekdichtbij'}")
        event.add("dtstamp", stamp)
        event.add("dtstart", session.starts_at)
        event.add("dtend", session.ends_at)
        event.add("summary", initiative.title)
        event.add("description", "\n\n".join(part for part in (initiative.summary, session.note, url) if part))
        event.add("location", _location(initiative, session))
        event.add("url", url)
        organizer = initiative.contact_email or initiative.provider.email
        if organizer:
            event.add("organizer", f"mailto:{organizer}")
        calendar.add_component(event)
    return calendar.to_ical()


def _location(initiative, session):
    parts = [session.venue_name or initiative.venue_name, session.address or initiative.address]
    if not session.address:
        parts += [initiative.postcode, initiative.place_name]
    return ", ".join(part for part in parts if part)
