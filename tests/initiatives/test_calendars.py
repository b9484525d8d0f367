"""Calendars people subscribe to: a feed per initiative and per saved search (webcal), one date as a
file ("in mijn agenda"), cancelled sessions kept with STATUS:CANCELLED, the calendar name escaped, UIDs
independent of the host; the booking confirmation's attachment comes from the same writer."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from initiatives.bookings import services
from initiatives.models import Initiative
from tests import factories
from tests.initiatives.test_booking import details as booking_details
from tests.search_data import make_offer

DAY = datetime.timedelta(days=1)


@pytest.fixture
def offer(geography):
    offer = make_offer()
    start = timezone.now().replace(microsecond=0) + 10 * DAY
    offer["sessions"] = [
        factories.SessionFactory(initiative=offer["near"], starts_at=start, ends_at=start + DAY / 12),
        factories.SessionFactory(
            initiative=offer["near"], starts_at=start + DAY, ends_at=start + DAY * 13 / 12, is_cancelled=True
        ),
        factories.SessionFactory(initiative=offer["hague"], starts_at=start, ends_at=start + DAY / 12),
        factories.SessionFactory(initiative=offer["near"], starts_at=start - 90 * DAY, ends_at=start - 89.9 * DAY),
    ]
    return offer


def events(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content).walk("VEVENT")


def test_initiative_feed_keeps_cancelled_sessions_with_their_status(client, offer):
    response = client.get(reverse("initiatives:ical", args=["robots-bouwen"]))
    found = events(response)
    assert [(str(event["UID"]), str(event["STATUS"])) for event in found] == [
        (f"session-{offer['sessions'][0].pk}@techniekdichtbij.nl", "CONFIRMED"),
        (f"session-{offer['sessions'][1].pk}@techniekdichtbij.nl", "CANCELLED"),
    ]
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["X-WR-CALNAME"]) == "Robots bouwen in de bibliotheek · Techniek Dichtbij"
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT6H" in response.content
    assert "creativecommons.org/licenses/by/4.0/" in str(calendar["X-WR-CALDESC"])


def test_uids_do_not_depend_on_the_host(client, offer):
    url = reverse("initiatives:ical", args=["robots-bouwen"])
    here = [str(event["UID"]) for event in events(client.get(url))]
    elsewhere = [str(event["UID"]) for event in events(client.get(url, headers={"Host": "localhost:8106"}))]
    assert here == elsewhere


def test_calendar_name_is_escaped(client, offer):
    offer["near"].title = "Robots; bouwen, en\nmeer \\ zo"
    offer["near"].save()
    response = client.get(reverse("initiatives:ical", args=["robots-bouwen"]))
    assert b"X-WR-CALNAME:Robots\\; bouwen\\, en meer \\\\ zo" in response.content
    # icalendar's parser leaves X- properties as written; read it back as text (RFC 5545 3.3.11).
    raw = Calendar.from_ical(response.content)["X-WR-CALNAME"].to_ical().decode()
    name = re.sub(r"\\([\\;,nN])", lambda match: "\n" if match[1] in "nN" else match[1], raw)
    assert name == "Robots; bouwen, en meer \\ zo · Techniek Dichtbij"


def test_one_date_in_my_calendar(client, offer):
    session = offer["sessions"][0]
    response = client.get(reverse("initiatives:ical", args=["robots-bouwen"]), {"sessie": session.pk})
    (event,) = events(response)
    assert str(event["UID"]) == f"session-{session.pk}@techniekdichtbij.nl"
    day = timezone.localtime(session.starts_at).date().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="robots-bouwen-{day}.ics"'
    other = offer["sessions"][2]
    assert client.get(reverse("initiatives:ical", args=["robots-bouwen"]), {"sessie": other.pk}).status_code == 404
    assert client.get(reverse("initiatives:ical", args=["robots-bouwen"]), {"sessie": "x"}).status_code == 404


def test_detail_page_links_each_date_and_the_subscription(client, offer):
    body = client.get(reverse("initiatives:detail", args=["robots-bouwen"])).content.decode()
    feed = reverse("initiatives:ical", args=["robots-bouwen"])
    assert f'href="{feed}?sessie={offer["sessions"][0].pk}" download>In mijn agenda' in body
    assert f'href="{feed}" download>Alle data in mijn agenda (.ics)' in body
    assert f'href="webcal://testserver{feed}">Abonneer je op alle data' in body


def test_saved_search_feed(client, offer):
    response = client.get(reverse("initiatives:search-ical"), {"near": "Den Haag", "radius_km": "5"})
    found = events(response)
    assert {str(event["SUMMARY"]) for event in found} == {"Programmeren voor meiden"}
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["X-WR-CALNAME"]) == "Techniek Dichtbij: activiteiten bij Den Haag"
    everything = events(client.get(reverse("initiatives:search-ical")))
    assert len(everything) == 3
    assert client.get(reverse("initiatives:search-ical"), {"near": "Atlantis"}).status_code == 404


def test_search_page_offers_the_saved_search_as_a_subscription(client, offer):
    body = client.get(reverse("initiatives:search"), {"near": "Den Haag"}).content.decode()
    assert 'href="webcal://testserver/activiteiten/agenda.ics?near=Den+Haag"' in body


def test_booking_confirmation_uses_the_same_writer(offer, django_capture_on_commit_callbacks):
    session = offer["sessions"][0]
    Initiative.objects.filter(pk=session.initiative_id).update(confirmation_mode=Initiative.ConfirmationMode.AUTO)
    session.refresh_from_db()
    details = booking_details(factories.SchoolFactory())
    with django_capture_on_commit_callbacks(execute=True):
        booking = services.book(initiative=session.initiative, sessions=[session], details=details)
    _filename, content, mimetype = mail.outbox[0].attachments[0]
    assert mimetype == "text/calendar"
    calendar = Calendar.from_ical(content)
    assert str(calendar["PRODID"]) == "-//Techniek Dichtbij//techniekdichtbij.nl//NL"
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]) == f"booking-{booking.reference}-session-{session.pk}@techniekdichtbij.nl"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["URL"]) == "http://127.0.0.1:8000/activiteiten/robots-bouwen/"


def test_feeds_may_be_cached_by_calendar_apps(client, offer, settings):
    settings.PUBLIC_CACHE_SECONDS = 300
    for _computed_then_cached in range(2):
        response = client.get(reverse("initiatives:ical", args=["robots-bouwen"]))
        assert response["Cache-Control"] == "public, max-age=3600"
        assert response["Content-Disposition"] == 'attachment; filename="robots-bouwen.ics"'
