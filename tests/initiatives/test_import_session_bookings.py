"""A sessions import that touches booked sessions (through the admin upload, preview and confirm): cancelling
tells the row's reason, a lower capacity warns, a new time e-mails the bookers (also from the admin form)."""

# ruff: noqa: F811  (pytest fixtures imported from curation_fixtures are used as arguments)
import datetime
import zoneinfo

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from initiatives.bookings import tokens
from initiatives.models import Booking, Session
from tests.factories import BookingFactory, InitiativeFactory, SessionFactory
from tests.initiatives.curation_fixtures import make_user, mrdh_user, provider, roles, table, xlsx_bytes  # noqa: F401
from tests.initiatives.test_session_cancellation import _change_data

pytestmark = pytest.mark.django_db

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")
START = datetime.datetime(2027, 3, 14, 10, 0, tzinfo=AMSTERDAM)


@pytest.fixture
def booked(provider):
    """A session of "Robots bouwen" with two confirmed bookings of 10 seats; the first got a message."""
    initiative = InitiativeFactory(title="Robots bouwen", slug="robots-bouwen", provider=provider)
    session = SessionFactory(
        initiative=initiative, starts_at=START, ends_at=START + datetime.timedelta(hours=2), capacity=20
    )
    first = BookingFactory(
        initiative=initiative, sessions=[session], status="confirmed", pupils=10, adults=0, message="Welkom!"
    )
    second = BookingFactory(initiative=initiative, sessions=[session], status="confirmed", pupils=10, adults=0)
    return session, first, second


def session_row(**columns):
    row = {"initiatief": "robots-bouwen", "begint": "14-03-2027 10:00", "eindigt": "14-03-2027 12:00",
           "capaciteit": 20, "geannuleerd": "nee", "opmerking": ""}  # fmt: skip
    row.update(columns)
    return table(row)


def session_form_data(session, starts_at, note=""):
    """The session's admin change form as posted, moved to starts_at (two hours, as booked)."""
    session.starts_at, session.ends_at = starts_at, starts_at + datetime.timedelta(hours=2)
    return _change_data(session, note=note)


def preview(client, rows):
    url = reverse("admin:initiatives_session_import")
    return client.post(url, {"format": 0, "import_file": SimpleUploadedFile("sessies.xlsx", xlsx_bytes(rows))})


def confirm(client, response, capture):
    form = response.context["confirm_form"]
    with capture(execute=True):
        done = client.post(
            reverse("admin:initiatives_session_process_import"),
            {name: form.initial.get(name, "") for name in form.fields},
        )
    assert done.status_code == 302
    return done


def test_cancelling_by_import_gives_the_rows_note_as_reason_not_an_old_booking_message(
    client, mrdh_user, booked, django_capture_on_commit_callbacks
):
    session, first, _second = booked
    client.force_login(mrdh_user)
    rows = session_row(geannuleerd="ja", opmerking="Gaat niet door: de zaal is verbouwd.")

    response = preview(client, rows)
    confirm(client, response, django_capture_on_commit_callbacks)

    assert "Gaat niet door: de zaal is verbouwd." in response.text  # the preview shows the reason
    assert len(mail.outbox) == 2
    to_first = next(message for message in mail.outbox if message.to == [first.email])
    assert "Gaat niet door: de zaal is verbouwd." in to_first.body
    assert "Welkom!" not in to_first.body
    first.refresh_from_db()
    assert (first.status, first.message) == (Booking.Status.CANCELLED, "Gaat niet door: de zaal is verbouwd.")
    page = client.get(tokens.manage_url(first))
    assert page.status_code == 200
    assert "Gaat niet door: de zaal is verbouwd." in page.text
    assert "Welkom!" not in page.text


def test_cancelling_by_import_without_a_new_note_sends_no_message(
    client, mrdh_user, booked, django_capture_on_commit_callbacks
):
    session, first, _second = booked
    Session.objects.filter(pk=session.pk).update(note="Neem laarzen mee.")
    client.force_login(mrdh_user)

    confirm(client, preview(client, session_row(geannuleerd="ja", opmerking="Neem laarzen mee.")),
            django_capture_on_commit_callbacks)  # fmt: skip

    to_first = next(message for message in mail.outbox if message.to == [first.email])
    assert "Welkom!" not in to_first.body
    assert "Neem laarzen mee." not in to_first.body
    first.refresh_from_db()
    assert first.message == ""


def test_capacity_below_the_booked_seats_is_a_warning_naming_the_bookings(client, mrdh_user, booked):
    session, first, second = booked
    client.force_login(mrdh_user)

    response = preview(client, session_row(capaciteit=5))

    summary = response.context["result"].summary
    [warning] = summary["warnings"]
    assert (warning["row"], warning["column"]) == (2, "capaciteit")
    assert "2 boekingen passen niet meer in deze capaciteit (20 plaatsen geboekt)" in warning["message"]
    assert first.reference in response.text and second.reference in response.text
    assert summary["warning_count"] == 1


def test_a_negative_capacity_is_an_error_and_no_seat_warning(client, mrdh_user, booked):
    client.force_login(mrdh_user)

    response = preview(client, session_row(capaciteit=-3))

    summary = response.context["result"].summary
    assert summary["warnings"] == []
    assert [column for _row, column, _message in summary["errors"]] == ["capaciteit"]


def test_capacity_lowered_but_still_enough_warns_nothing(client, mrdh_user, booked):
    client.force_login(mrdh_user)

    response = preview(client, session_row(capaciteit=20, opmerking="Neem laarzen mee."))

    assert response.context["result"].summary["warnings"] == []


def test_a_new_end_time_by_import_emails_the_bookers_with_a_calendar_file(
    client, mrdh_user, booked, django_capture_on_commit_callbacks
):
    session, first, second = booked
    client.force_login(mrdh_user)

    response = preview(client, session_row(eindigt="14-03-2027 13:30"))
    assert mail.outbox == []
    confirm(client, response, django_capture_on_commit_callbacks)

    cells = response.context["result"].summary["changes"][0]["cells"]
    assert ["boekers die de nieuwe tijd per e-mail krijgen", "", "2"] in cells
    assert sorted(message.to[0] for message in mail.outbox) == sorted([first.email, second.email])
    message = mail.outbox[0]
    assert message.subject == "Nieuwe tijd: Robots bouwen"
    assert "13.30" in message.body
    assert message.attachments and message.attachments[0][0].endswith(".ics")
    first.refresh_from_db()
    assert first.ends_at == START + datetime.timedelta(hours=3, minutes=30)


def test_a_new_start_time_in_the_admin_form_emails_the_bookers_through_the_same_service(
    admin_client, booked, django_capture_on_commit_callbacks
):
    session, first, second = booked
    later = START + datetime.timedelta(days=1)
    data = session_form_data(session, later)

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("admin:initiatives_session_change", args=[session.pk]), data, follow=True)

    assert "Nieuwe tijd opgeslagen; 2 boekers krijgen een e-mail." in response.text
    assert sorted(message.to[0] for message in mail.outbox) == sorted([first.email, second.email])
    assert all(message.subject == "Nieuwe tijd: Robots bouwen" for message in mail.outbox)
    assert "ma 15 mrt 2027, 10.00–12.00" in mail.outbox[0].body
    first.refresh_from_db()
    assert first.starts_at == later


def test_saving_the_admin_form_without_a_new_time_emails_nobody(
    admin_client, booked, django_capture_on_commit_callbacks
):
    session, _first, _second = booked
    data = session_form_data(session, session.starts_at, note="Neem laarzen mee.")

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("admin:initiatives_session_change", args=[session.pk]), data)

    assert response.status_code == 302
    assert mail.outbox == []


def test_a_new_time_in_the_admin_form_does_not_repeat_the_bookings_earlier_message(
    admin_client, booked, django_capture_on_commit_callbacks
):
    session, first, _second = booked
    data = session_form_data(session, START + datetime.timedelta(days=1))

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("admin:initiatives_session_change", args=[session.pk]), data)

    to_first = next(message for message in mail.outbox if message.to == [first.email])
    assert to_first.subject == "Nieuwe tijd: Robots bouwen"
    assert "Welkom!" not in to_first.body
    assert "Welkom!" not in to_first.alternatives[0][0]
    assert "Bericht" not in to_first.body
    first.refresh_from_db()
    assert first.message == "Welkom!"  # the booking keeps its own message


def test_a_new_time_by_import_carries_the_rows_new_note_as_reason_not_an_old_booking_message(
    client, mrdh_user, booked, django_capture_on_commit_callbacks
):
    _session, first, _second = booked
    client.force_login(mrdh_user)
    rows = session_row(eindigt="14-03-2027 12:30", opmerking="We sluiten af met een demonstratie.")

    response = preview(client, rows)
    confirm(client, response, django_capture_on_commit_callbacks)

    cells = response.context["result"].summary["changes"][0]["cells"]
    assert ["reden in de e-mail aan de boekers", "", "We sluiten af met een demonstratie."] in cells
    to_first = next(message for message in mail.outbox if message.to == [first.email])
    assert "We sluiten af met een demonstratie." in to_first.body
    assert "Welkom!" not in to_first.body


def test_a_new_time_by_import_without_a_new_note_sends_no_message(
    client, mrdh_user, booked, django_capture_on_commit_callbacks
):
    session, first, _second = booked
    Session.objects.filter(pk=session.pk).update(note="Neem laarzen mee.")
    client.force_login(mrdh_user)

    confirm(client, preview(client, session_row(eindigt="14-03-2027 13:30", opmerking="Neem laarzen mee.")),
            django_capture_on_commit_callbacks)  # fmt: skip

    to_first = next(message for message in mail.outbox if message.to == [first.email])
    assert "Welkom!" not in to_first.body
    assert "Neem laarzen mee." not in to_first.body
