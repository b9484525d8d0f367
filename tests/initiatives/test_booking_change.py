"""The booking's own page (the signed link): change the group, contact details and date; where; in my calendar."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from initiatives.bookings import tokens
from initiatives.bookings.seats import with_seats_taken
from initiatives.models import Booking, BookingEvent, Session
from tests.factories import BookingFactory, InitiativeFactory, SessionFactory

pytestmark = pytest.mark.django_db

NEAR = datetime.timedelta(days=14)


@pytest.fixture
def booked():
    initiative = InitiativeFactory(
        title="Robots bouwen",
        venue_name="RDM Makerspace",
        address="Heijplaatstraat 23",
        postcode="3089 JB",
        place_name="Rotterdam",
        group_size_max=30,
        waitlist_mode="hold_offer",
    )
    when = timezone.make_aware(datetime.datetime.combine(timezone.localdate() + NEAR, datetime.time(10)))
    first = SessionFactory(
        initiative=initiative, capacity=50, starts_at=when, ends_at=when + datetime.timedelta(hours=2)
    )
    later = SessionFactory(
        initiative=initiative,
        capacity=30,
        starts_at=when + datetime.timedelta(days=7),
        ends_at=when + datetime.timedelta(days=7, hours=2),
    )
    booking = BookingFactory(initiative=initiative, sessions=[first], status="confirmed", pupils=20, seats=20, adults=2)
    return booking, first, later


def _urls(booking):
    token = tokens.make_token(booking)
    return (
        reverse("initiatives:booking", kwargs={"token": token}),
        reverse("initiatives:booking-change", kwargs={"token": token}),
    )


def _change_data(booking, **overrides):
    data = {
        "session": booking.sessions.first().pk,
        "pupils": str(booking.pupils),
        "adults": str(booking.adults),
        "class_name": "",
        "teacher_name": booking.teacher_name,
        "email": booking.email,
        "phone": "010 123 45 67",
        "special_needs": "",
        "remarks": "",
    }
    data.update(overrides)
    return data


def test_booking_page_shows_the_year_the_address_and_a_calendar_file(client, booked):
    booking, first, _later = booked
    page_url, change_url = _urls(booking)

    page = client.get(page_url).content.decode()
    calendar = client.get(reverse("initiatives:booking-calendar", kwargs={"token": tokens.make_token(booking)}))

    assert str(timezone.localtime(first.starts_at).year) in page
    assert "RDM Makerspace" in page and "Heijplaatstraat 23" in page and "3089 JB Rotterdam" in page
    assert "In mijn agenda" in page and change_url in page
    assert calendar["Content-Type"].startswith("text/calendar")
    assert f"UID:booking-{booking.reference}-session" in calendar.content.decode()
    assert "BEGIN:VEVENT" in calendar.content.decode()


def test_booking_calendar_file_is_tentative_until_confirmed_and_links_the_booking(client, booked):
    booking, _first, _later = booked
    url = reverse("initiatives:booking-calendar", kwargs={"token": tokens.make_token(booking)})

    Booking.objects.filter(pk=booking.pk).update(status="requested")
    requested = client.get(url).content.decode().replace("\r\n ", "")
    Booking.objects.filter(pk=booking.pk).update(status="confirmed")
    confirmed = client.get(url).content.decode().replace("\r\n ", "")

    assert "STATUS:TENTATIVE" in requested and "STATUS:CONFIRMED" not in requested
    assert f"Boeking {booking.reference} (aangevraagd)" in requested
    assert tokens.manage_url(booking) in requested
    assert "STATUS:CONFIRMED" in confirmed and f"Boeking {booking.reference} (bevestigd)" in confirmed


def test_waitlisted_booking_has_no_calendar_file(client, booked):
    booking, _first, _later = booked
    Booking.objects.filter(pk=booking.pk).update(status="waitlisted")
    page_url, _change_url = _urls(booking)

    page = client.get(page_url).content.decode()
    calendar = client.get(reverse("initiatives:booking-calendar", kwargs={"token": tokens.make_token(booking)}))

    assert "In mijn agenda" not in page and calendar.status_code == 404


def test_change_the_group_and_contact_details_within_the_free_seats(client, booked, django_capture_on_commit_callbacks):
    booking, first, _later = booked
    page_url, change_url = _urls(booking)

    form = client.get(change_url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            change_url, _change_data(booking, pupils="28", adults="3", phone="06 1234 5678", remarks="Twee rolstoelen")
        )

    booking.refresh_from_db()
    assert 'value="20"' in form and "je huidige datum" in form
    assert response.status_code == 302 and response["Location"] == page_url
    assert (booking.pupils, booking.seats, booking.adults) == (28, 28, 3)
    assert booking.phone == "06 1234 5678" and booking.remarks == "Twee rolstoelen"
    assert with_seats_taken(Session.objects.filter(pk=first.pk)).get().seats_left == 22
    (email,) = [message for message in mail.outbox if message.to == [booking.email]]
    assert email.subject == "Gewijzigd: Robots bouwen" and "28" in email.body
    provider_address = booking.initiative.contact_email or booking.initiative.provider.email
    (notice,) = [message for message in mail.outbox if message.to == [provider_address]]
    assert notice.subject == "Boeking gewijzigd: Robots bouwen"
    assert "Een boeking is gewijzigd" in notice.body and "Leerlingen en begeleiders: 28 / 3" in notice.body
    assert len(mail.outbox) == 2
    assert BookingEvent.objects.filter(booking=booking, action="changed").exists()


def test_change_refuses_more_pupils_than_seats_or_group_size_and_keeps_what_was_typed(client, booked):
    booking, first, _later = booked
    BookingFactory(initiative=booking.initiative, sessions=[first], status="confirmed", pupils=25, seats=25)
    _page_url, change_url = _urls(booking)

    no_room = client.post(change_url, _change_data(booking, pupils="26", remarks="Graag vroeg")).content.decode()
    too_big = client.post(change_url, _change_data(booking, pupils="31")).content.decode()

    booking.refresh_from_db()
    assert booking.pupils == 20 and not mail.outbox
    assert "Er zijn niet genoeg plaatsen vrij" in no_room and "Graag vroeg" in no_room
    assert 'id="id_pupils_error"' in no_room
    assert "Deze activiteit is voor groepen tot 30 leerlingen." in too_big


def test_move_to_another_date_with_room_and_the_freed_seats_go_to_the_waitlist(
    client, booked, django_capture_on_commit_callbacks
):
    booking, first, later = booked
    BookingFactory(initiative=booking.initiative, sessions=[first], status="confirmed", pupils=30, seats=30)
    waiting = BookingFactory(initiative=booking.initiative, sessions=[first], status="waitlisted", pupils=15, seats=15)
    _page_url, change_url = _urls(booking)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(change_url, _change_data(booking, session=later.pk))

    booking.refresh_from_db()
    waiting.refresh_from_db()
    assert list(booking.sessions.all()) == [later] and booking.starts_at == later.starts_at
    assert waiting.status == Booking.Status.OFFERED
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects[booking.email] == "Nieuwe datum: Robots bouwen"
    assert subjects[waiting.email].startswith("Er is een plek voor je vrij")


def test_move_to_a_date_without_room_is_refused(client, booked):
    booking, _first, later = booked
    BookingFactory(initiative=booking.initiative, sessions=[later], status="confirmed", pupils=15, seats=15)
    _page_url, change_url = _urls(booking)

    page = client.post(change_url, _change_data(booking, session=later.pk)).content.decode()

    booking.refresh_from_db()
    assert booking.sessions.get() != later
    assert "Er zijn niet genoeg plaatsen vrij" in page and 'id="id_session_error"' in page


def test_family_changes_children_and_adults_counted_together(client, django_capture_on_commit_callbacks):
    initiative = InitiativeFactory(is_family_activity=True, po_group_from=None, po_group_to=None)
    session = SessionFactory(initiative=initiative, capacity=6, starts_at=timezone.now() + NEAR)
    family = BookingFactory(
        initiative=initiative, sessions=[session], kind="family", status="confirmed", pupils=2, adults=1, seats=3
    )
    _page_url, change_url = _urls(family)
    data = _change_data(family, pupils="3", adults="2", children_ages="6, 9 en 12 jaar", phone="")
    data.pop("class_name")

    form = client.get(change_url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(change_url, data)
    too_many = client.post(change_url, {**data, "pupils": "4", "adults": "3"}).content.decode()

    family.refresh_from_db()
    assert "Aantal kinderen" in form and 'name="class_name"' not in form
    assert (family.pupils, family.adults, family.seats, family.children_ages) == (3, 2, 5, "6, 9 en 12 jaar")
    assert "Jullie groep (7 plaatsen) is groter dan het aantal plaatsen van deze activiteit (6)." in too_many


def test_a_started_or_cancelled_booking_cannot_be_changed(client, booked):
    booking, _first, _later = booked
    Booking.objects.filter(pk=booking.pk).update(status="cancelled")
    page_url, change_url = _urls(booking)

    response = client.post(change_url, _change_data(booking, pupils="5"))
    page = client.get(page_url).content.decode()

    booking.refresh_from_db()
    assert response.status_code == 302 and booking.pupils == 20
    assert change_url not in page


def test_an_offered_seat_is_accepted_before_moving(client, booked):
    booking, first, later = booked
    Booking.objects.filter(pk=booking.pk).update(status="offered", offer_expires_at=timezone.now() + NEAR)
    _page_url, change_url = _urls(booking)

    page = client.post(change_url, _change_data(booking, session=later.pk)).content.decode()

    assert "Neem eerst de plek aan die voor je is vrijgehouden." in page
    assert booking.sessions.get() == first


def test_saving_the_change_form_unchanged_changes_nothing_and_sends_nothing(client, booked):
    booking, _first, _later = booked
    page_url, change_url = _urls(booking)
    unchanged = _change_data(
        booking,
        phone=booking.phone,
        class_name=booking.class_name,
        special_needs=booking.special_needs,
        remarks=booking.remarks,
    )

    response = client.post(change_url, unchanged, follow=True)

    assert response.redirect_chain[-1][0] == page_url
    assert "Je hebt niets gewijzigd" in response.content.decode()
    assert mail.outbox == []
    assert not BookingEvent.objects.filter(booking=booking, action="changed").exists()


def test_an_invalid_change_keeps_what_was_typed_and_marks_the_field(client, booked):
    booking, _first, _later = booked
    _page_url, change_url = _urls(booking)

    html = client.post(change_url, _change_data(booking, pupils="veel", remarks="Graag om 9 uur")).content.decode()

    assert 'aria-invalid="true"' in html and 'aria-describedby="id_pupils_error' in html
    assert "Graag om 9 uur" in html and mail.outbox == []
