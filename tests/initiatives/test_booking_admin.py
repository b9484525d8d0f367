import io

import pytest
from django.core import mail
from django.urls import reverse
from openpyxl import load_workbook

from initiatives.models import Booking
from tests.factories import BookingFactory, SessionFactory

pytestmark = pytest.mark.django_db

URL = "admin:initiatives_booking_changelist"


def test_booking_admin_lists_and_filters_by_status_and_session(admin_client):
    session = SessionFactory()
    waiting = BookingFactory(initiative=session.initiative, sessions=[session], status="waitlisted")
    BookingFactory(status="confirmed")

    response = admin_client.get(reverse(URL), {"status__exact": "waitlisted", "sessions__id__exact": session.pk})

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [waiting]


def test_booking_admin_bulk_confirm_asks_for_a_message_then_mails_it(admin_client, django_capture_on_commit_callbacks):
    session = SessionFactory(capacity=60)
    bookings = BookingFactory.create_batch(2, initiative=session.initiative, sessions=[session])
    selected = [b.pk for b in bookings]

    ask = admin_client.post(reverse(URL), {"action": "confirm_bookings", "_selected_action": selected})
    page = ask.content.decode()
    assert ask.status_code == 200
    assert "Bericht aan de leraar" in page
    # The chosen rows are listed and posted again with the message.
    for booking in bookings:
        assert booking.reference in page and f'name="_selected_action" value="{booking.pk}"' in page
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse(URL),
            {"action": "confirm_bookings", "_selected_action": selected, "apply": "1", "message": "Tot dan!"},
        )

    assert set(Booking.objects.values_list("status", flat=True)) == {"confirmed"}
    assert len(mail.outbox) == 2
    assert all("Tot dan!" in m.body for m in mail.outbox)


def test_booking_admin_confirm_from_waitlist_refused_when_full(admin_client):
    session = SessionFactory(capacity=30)
    BookingFactory(initiative=session.initiative, sessions=[session], status="confirmed")
    waiting = BookingFactory(initiative=session.initiative, sessions=[session], status="waitlisted")

    response = admin_client.post(
        reverse(URL), {"action": "confirm_bookings", "_selected_action": [waiting.pk], "apply": "1"}, follow=True
    )

    waiting.refresh_from_db()
    assert waiting.status == Booking.Status.WAITLISTED
    assert "niet genoeg plaatsen" in response.content.decode()


def test_booking_admin_bulk_decline(admin_client):
    booking = BookingFactory()

    admin_client.post(
        reverse(URL), {"action": "decline_bookings", "_selected_action": [booking.pk], "apply": "1", "message": "Vol"}
    )

    booking.refresh_from_db()
    assert (booking.status, booking.message) == ("declined", "Vol")


def test_booking_admin_exports_attendees_as_xlsx(admin_client):
    session = SessionFactory()
    booking = BookingFactory(
        initiative=session.initiative, sessions=[session], special_needs="rolstoel", status=Booking.Status.CONFIRMED
    )

    response = admin_client.post(reverse(URL), {"action": "export_attendees", "_selected_action": [booking.pk]})

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert response["Content-Disposition"].endswith('deelnemers.xlsx"')
    assert [cell.value for cell in sheet[1]][:3] == ["Kenmerk", "Activiteit", "Datum"]
    assert sheet.cell(row=2, column=1).value == booking.reference
    assert sheet.cell(row=2, column=13).value == "rolstoel"
    assert sheet.cell(row=2, column=16).value == 0  # factory school and venue share a point


def test_attendee_list_holds_the_confirmed_bookings_and_says_which_it_left_out(admin_client):
    session = SessionFactory()
    made = {
        status: BookingFactory(initiative=session.initiative, sessions=[session], status=status)
        for status in (Booking.Status.CONFIRMED, Booking.Status.REQUESTED, Booking.Status.WAITLISTED)
    }
    declined = BookingFactory(initiative=session.initiative, sessions=[session], status=Booking.Status.DECLINED)
    selected = [booking.pk for booking in [*made.values(), declined]]

    response = admin_client.post(reverse(URL), {"action": "export_attendees", "_selected_action": selected})

    sheet = load_workbook(io.BytesIO(response.content)).active
    references = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True) if row[0]]
    note = (
        "3 geselecteerde boekingen zijn niet in de lijst: "
        "niet bevestigd (1 aangevraagd, 1 op de wachtlijst, 1 afgewezen)."
    )
    assert references[0] == made[Booking.Status.CONFIRMED].reference
    assert references[1:] == [note]
    assert note in admin_client.get(reverse(URL)).content.decode()


def test_booking_admin_has_no_add_and_status_is_read_only(admin_client):
    booking = BookingFactory()

    change = admin_client.get(reverse("admin:initiatives_booking_change", args=[booking.pk]))

    assert admin_client.get(reverse("admin:initiatives_booking_add")).status_code == 403
    assert 'name="status"' not in change.content.decode()


def test_booking_admin_export_neutralises_formulas_typed_by_teachers(admin_client):
    booking = BookingFactory(remarks='=HYPERLINK("http://evil.example")', status=Booking.Status.CONFIRMED)

    response = admin_client.post(reverse(URL), {"action": "export_attendees", "_selected_action": [booking.pk]})

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(row=2, column=14).value == '\'=HYPERLINK("http://evil.example")'
