import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from initiatives.bookings import emails, tokens
from initiatives.models import Booking
from tests.factories import BookingFactory, InitiativeFactory, ProviderFactory, SchoolFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind", sorted(emails.SUBJECTS))
def test_emails_every_kind_has_text_html_and_the_signed_link(kind, settings):
    settings.SITE_URL = "https://techniekdichtbij.example"
    session = SessionFactory()
    booking = BookingFactory(initiative=session.initiative, sessions=[session])

    emails.send_booking_email(booking, kind)

    message = mail.outbox[0]
    html = message.alternatives[0][0]
    link = "https://techniekdichtbij.example" + tokens.manage_path(booking)
    assert link in message.body
    assert link in html
    assert booking.initiative.title in message.subject
    assert '<html lang="nl">' in html
    assert booking.reference in message.body


def test_emails_are_in_english_for_a_booking_made_in_english(settings):
    settings.SITE_URL = "https://techniekdichtbij.example"
    session = SessionFactory()
    booking = BookingFactory(initiative=session.initiative, sessions=[session], language="en")

    emails.send_booking_email(booking, "confirmed")

    message = mail.outbox[0]
    assert "/en/activiteiten/boeking/" in message.body
    assert '<html lang="en">' in message.alternatives[0][0]


def test_emails_confirmed_has_an_ics_with_the_session_times():
    session = SessionFactory(starts_at=timezone.make_aware(datetime.datetime(2027, 3, 2, 10, 0)))
    booking = BookingFactory(initiative=session.initiative, sessions=[session], status="confirmed")

    emails.send_booking_email(booking, "confirmed")

    name, content, mimetype = mail.outbox[0].attachments[0]
    assert name == f"{booking.reference}.ics"
    assert "DTSTART:20270302T090000Z" in content  # 10.00 in Amsterdam is 09.00 UTC in winter
    assert content.startswith("BEGIN:VCALENDAR\r\n")


def test_emails_dates_are_written_the_dutch_way():
    session = SessionFactory(
        starts_at=timezone.make_aware(datetime.datetime(2027, 3, 13, 10, 0)),
        ends_at=timezone.make_aware(datetime.datetime(2027, 3, 13, 12, 0)),
    )
    booking = BookingFactory(initiative=session.initiative, sessions=[session])

    emails.send_booking_email(booking, "received")

    assert "za 13 mrt 2027, 10.00–12.00" in mail.outbox[0].body  # with the year: a booking can be months ahead


def _tuesday_session(**kwargs):
    return SessionFactory(
        starts_at=timezone.make_aware(datetime.datetime(2030, 1, 15, 10, 0)),
        ends_at=timezone.make_aware(datetime.datetime(2030, 1, 15, 12, 0)),
        **kwargs,
    )


def test_emails_new_booking_notice_to_the_provider_has_the_date_with_the_year(
    client, django_capture_on_commit_callbacks
):
    session = _tuesday_session(initiative=InitiativeFactory(provider=ProviderFactory(email="info@aanbieder.example")))
    school = SchoolFactory(name="Basisschool De Vlinder")
    data = {
        "sessions": [session.pk], "school_query": school.name, "school_level": "po", "po_group": "7",
        "pupils": "28", "adults": "3", "teacher_name": "Fatima el Amrani", "email": "f.elamrani@school.example",
        "phone": "010 123 45 67", "privacy_consent": "on", "website": "",
    }  # fmt: skip

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("initiatives:book", kwargs={"slug": session.initiative.slug}), data)

    assert response.status_code == 302
    (notice,) = [message for message in mail.outbox if message.to == ["info@aanbieder.example"]]
    (received,) = [message for message in mail.outbox if message.to == ["f.elamrani@school.example"]]
    assert "Nieuwe boeking" in notice.subject
    # As the teacher's e-mail writes it: a request can come in months ahead.
    assert "Datum: di 15 jan 2030, 10.00–12.00" in notice.body and "Datum: di 15 jan 2030, 10.00–12.00" in received.body
    assert "<dd>di 15 jan 2030, 10.00–12.00</dd>" in notice.alternatives[0][0]


def test_emails_digest_to_the_provider_has_the_dates_with_the_year():
    session = _tuesday_session(initiative=InitiativeFactory(provider=ProviderFactory(email="info@aanbieder.example")))
    BookingFactory(initiative=session.initiative, sessions=[session], status="waitlisted")

    call_command("send_provider_digest")

    (digest,) = mail.outbox
    assert "di 15 jan 2030, 10.00–12.00" in digest.body
    assert "di 15 jan 2030, 10.00–12.00" in digest.alternatives[0][0]


def test_emails_reply_goes_to_the_provider():
    initiative = InitiativeFactory(provider=ProviderFactory(email="info@aanbieder.example"))
    booking = BookingFactory(initiative=initiative)

    emails.send_booking_email(booking, "received")

    assert mail.outbox[0].reply_to == ["info@aanbieder.example"]


def test_emails_reminder_command_sends_once_for_confirmed_bookings_soon():
    soon = SessionFactory(starts_at=timezone.now() + datetime.timedelta(days=2))
    later = SessionFactory(starts_at=timezone.now() + datetime.timedelta(days=20))
    due = BookingFactory(initiative=soon.initiative, sessions=[soon], status="confirmed")
    BookingFactory(initiative=soon.initiative, sessions=[soon], status="waitlisted")
    BookingFactory(initiative=later.initiative, sessions=[later], status="confirmed")

    call_command("send_booking_reminders", days=3)
    call_command("send_booking_reminders", days=3)

    assert [m.to for m in mail.outbox] == [[due.email]]
    assert "Herinnering" in mail.outbox[0].subject
    assert mail.outbox[0].attachments  # the calendar entry again
    due.refresh_from_db()
    assert due.reminder_sent_at is not None


def test_emails_digest_goes_to_each_provider_and_the_coordinators(settings):
    settings.BOOKING_COORDINATOR_EMAILS = ["coordinator@mrdh.example"]
    first = InitiativeFactory(provider=ProviderFactory(email="een@aanbieder.example"))
    second = InitiativeFactory(provider=ProviderFactory(email="twee@aanbieder.example"))
    BookingFactory(initiative=first, preferred_periods="maart")
    BookingFactory(initiative=second, status="waitlisted")
    old = BookingFactory(initiative=second)
    Booking.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=3))

    call_command("send_provider_digest")

    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {"een@aanbieder.example", "twee@aanbieder.example", "coordinator@mrdh.example"}
    assert old.reference not in by_address["twee@aanbieder.example"].body
    assert "(2)" in by_address["coordinator@mrdh.example"].subject


def test_emails_not_sent_without_an_address():
    booking = BookingFactory(email="")

    emails.send_booking_email(booking, "received")

    assert mail.outbox == []
