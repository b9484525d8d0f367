"""The waitlist keeps its word: a freed seat goes to the first waitlisted booking that fits, who hears at once."""

import datetime
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from initiatives.bookings import tokens
from initiatives.bookings.seats import with_seats_taken
from initiatives.models import Booking, BookingEvent, Session
from tests.factories import BookingFactory, InitiativeFactory, SchoolFactory, SessionFactory

pytestmark = pytest.mark.django_db


def _full_session(mode, **initiative_kwargs):
    initiative = InitiativeFactory(waitlist_mode=mode, **initiative_kwargs)
    session = SessionFactory(initiative=initiative, capacity=28)
    holder = BookingFactory(initiative=initiative, sessions=[session], status="confirmed")
    too_big = BookingFactory(initiative=initiative, sessions=[session], status="waitlisted", pupils=40, seats=40)
    first = BookingFactory(initiative=initiative, sessions=[session], status="waitlisted")
    second = BookingFactory(initiative=initiative, sessions=[session], status="waitlisted")
    return session, holder, too_big, first, second


def _cancel_through_the_link(client, booking):
    token = tokens.make_token(booking)
    return client.post(reverse("initiatives:booking-cancel", kwargs={"token": token}))


def test_waitlist_hold_offer_holds_the_seat_for_the_first_that_fits_and_mails_at_once(
    client, django_capture_on_commit_callbacks
):
    session, holder, too_big, first, second = _full_session("hold_offer", waitlist_hold_hours=24)

    with django_capture_on_commit_callbacks(execute=True):
        _cancel_through_the_link(client, holder)

    first.refresh_from_db()
    too_big.refresh_from_db()
    assert first.status == Booking.Status.OFFERED
    assert too_big.status == Booking.Status.WAITLISTED
    assert first.offer_expires_at == pytest.approx(
        timezone.now() + datetime.timedelta(hours=24), abs=datetime.timedelta(minutes=1)
    )
    offer = next(m for m in mail.outbox if m.to == [first.email])
    assert offer.subject.startswith("Er is een plek voor je vrij")
    assert tokens.manage_url(first) in offer.body
    # Nobody jumps the queue: the held seat is not free for a new booking.
    assert with_seats_taken(Session.objects.filter(pk=session.pk)).get().seats_left == 0


def test_waitlist_offer_is_accepted_on_the_booking_page(client, django_capture_on_commit_callbacks):
    _session, holder, _too_big, first, _second = _full_session("hold_offer", confirmation_mode="auto")
    with django_capture_on_commit_callbacks(execute=True):
        _cancel_through_the_link(client, holder)
    mail.outbox.clear()
    token = tokens.make_token(first)

    page = client.get(reverse("initiatives:booking", kwargs={"token": token})).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("initiatives:booking-accept", kwargs={"token": token}))

    first.refresh_from_db()
    assert "Plek aannemen" in page
    assert first.status == Booking.Status.CONFIRMED
    assert mail.outbox[0].subject.startswith("Bevestigd")
    assert list(BookingEvent.objects.filter(booking=first).values_list("action", flat=True)) == [
        "offered",
        "accepted",
    ]


def test_waitlist_offer_expires_and_passes_on_to_the_next(client, django_capture_on_commit_callbacks):
    _session, holder, _too_big, first, second = _full_session("hold_offer", waitlist_hold_hours=2)
    with django_capture_on_commit_callbacks(execute=True):
        _cancel_through_the_link(client, holder)
    Booking.objects.filter(pk=first.pk).update(offer_expires_at=timezone.now() - datetime.timedelta(minutes=1))
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("expire_waitlist_offers")

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Booking.Status.CANCELLED
    assert second.status == Booking.Status.OFFERED
    assert {m.to[0]: m.subject.split(":")[0] for m in mail.outbox} == {
        first.email: "Aangeboden plek vervallen",
        second.email: "Er is een plek voor je vrij",
    }


def test_waitlist_expired_offer_cannot_be_accepted(client):
    _session, holder, _too_big, first, _second = _full_session("hold_offer")
    _cancel_through_the_link(client, holder)
    Booking.objects.filter(pk=first.pk).update(offer_expires_at=timezone.now() - datetime.timedelta(minutes=1))

    response = client.post(
        reverse("initiatives:booking-accept", kwargs={"token": tokens.make_token(first)}), follow=True
    )

    first.refresh_from_db()
    assert first.status == Booking.Status.OFFERED  # until the expiry job passes it on
    assert "niet meer voor je vrijgehouden" in response.content.decode()


def test_waitlist_auto_offer_promotes_on_a_decline_in_the_admin(admin_client, django_capture_on_commit_callbacks):
    _session, holder, _too_big, first, _second = _full_session("auto_offer", confirmation_mode="manual")

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("admin:initiatives_booking_decide", args=[holder.pk, "afwijzen"]), {"message": ""})

    first.refresh_from_db()
    assert first.status == Booking.Status.REQUESTED
    assert any(m.to == [first.email] and m.subject.startswith("Er is een plek vrij") for m in mail.outbox)


def test_waitlist_new_booking_queues_behind_those_already_waiting(client):
    initiative = InitiativeFactory(waitlist_mode="provider_picks")
    session = SessionFactory(initiative=initiative, capacity=56)
    BookingFactory(initiative=initiative, sessions=[session], status="confirmed")
    BookingFactory(initiative=initiative, sessions=[session], status="waitlisted")  # the provider has yet to pick
    school = SchoolFactory(name="De Boog")

    client.post(
        reverse("initiatives:book", kwargs={"slug": initiative.slug}),
        {
            "sessions": [session.pk],
            "school": school.code,
            "school_query": school.name,
            "po_group": "7",
            "pupils": "20",
            "adults": "2",
            "teacher_name": "Nieuw",
            "email": "nieuw@school.example",
            "phone": "010 123 45 67",
            "privacy_consent": "on",
        },
    )

    assert Booking.objects.get(teacher_name="Nieuw").status == Booking.Status.WAITLISTED


def _class_booking(client, initiative, session, name, pupils):
    school = SchoolFactory(name="De Boog")
    return client.post(
        reverse("initiatives:book", kwargs={"slug": initiative.slug}),
        {
            "sessions": [session.pk],
            "school": school.code,
            "school_query": school.name,
            "po_group": "7",
            "pupils": str(pupils),
            "adults": "2",
            "teacher_name": name,
            "email": "nieuw@school.example",
            "phone": "010 123 45 67",
            "privacy_consent": "on",
        },
    )


def _seats_shown(client, initiative):
    detail = client.get(initiative.get_absolute_url()).content.decode()
    form = client.get(reverse("initiatives:book", kwargs={"slug": initiative.slug})).content.decode()
    api = client.get(reverse("api:initiative", kwargs={"slug": initiative.slug})).json()
    return detail, form, api["sessions"][0]["seats_left"]


def test_free_seats_leave_out_the_waitlist_in_provider_picks_mode_on_every_page_and_in_the_service(client):
    initiative = InitiativeFactory(waitlist_mode="provider_picks")
    session = SessionFactory(initiative=initiative, capacity=56, starts_at=timezone.now() + datetime.timedelta(days=14))
    BookingFactory(initiative=initiative, sessions=[session], status="confirmed")  # 28
    BookingFactory(initiative=initiative, sessions=[session], status="waitlisted", pupils=20, seats=20)

    detail, form, api_left = _seats_shown(client, initiative)
    _class_booking(client, initiative, session, "Te groot", 9)
    _class_booking(client, initiative, session, "Past", 8)

    assert "8 plaatsen vrij" in detail and "28 plaatsen vrij" not in detail
    assert "8 plaatsen vrij" in form
    assert api_left == 8
    assert Booking.objects.get(teacher_name="Te groot").status == Booking.Status.WAITLISTED
    assert Booking.objects.get(teacher_name="Past").status == Booking.Status.REQUESTED


def test_free_seats_with_an_offer_held_are_none_on_every_page_and_in_the_service(
    client, django_capture_on_commit_callbacks
):
    session, holder, _too_big, first, _second = _full_session("hold_offer")
    with django_capture_on_commit_callbacks(execute=True):
        _cancel_through_the_link(client, holder)

    detail, form, api_left = _seats_shown(client, session.initiative)
    _class_booking(client, session.initiative, session, "Nieuw", 5)

    first.refresh_from_db()
    assert first.status == Booking.Status.OFFERED
    assert "vol: aanmelden voor de wachtlijst" in form and "plaatsen vrij" not in detail
    assert api_left == 0
    assert Booking.objects.get(teacher_name="Nieuw").status == Booking.Status.WAITLISTED


def test_waitlist_form_says_waitlist_not_book_and_so_do_the_page_and_the_email(
    client, django_capture_on_commit_callbacks
):
    initiative = InitiativeFactory(title="Drones bouwen")
    near = timezone.now() + datetime.timedelta(days=14)
    full = SessionFactory(initiative=initiative, capacity=28, starts_at=near)
    free = SessionFactory(initiative=initiative, capacity=28, starts_at=near + datetime.timedelta(days=1))
    BookingFactory(initiative=initiative, sessions=[full], status="confirmed")
    url = reverse("initiatives:book", kwargs={"slug": initiative.slug})

    waitlist_form = client.get(url, {"sessie": full.pk}).content.decode()
    booking_form = client.get(url, {"sessie": free.pk}).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        done = _class_booking(client, initiative, full, "Wachtend", 20)
    page = client.get(done["Location"]).content.decode()

    assert re.search(r"<h1[^>]*>Op de wachtlijst: Drones bouwen</h1>", waitlist_form)
    assert ">Op de wachtlijst</button>" in waitlist_form and ">Boeken</button>" not in waitlist_form
    assert re.search(rf'value="{full.pk}"[^>]* data-full="true"', waitlist_form)
    assert not re.search(rf'value="{free.pk}"[^>]* data-full', waitlist_form)
    assert ">Boeken</button>" in booking_form and re.search(r"<h1[^>]*>Boeken: Drones bouwen</h1>", booking_form)
    assert "De gekozen datum is vol. Je staat op de wachtlijst" in page  # the date, not the activity (another has room)
    (email,) = [m for m in mail.outbox if m.to == ["nieuw@school.example"]]
    assert email.subject == "Op de wachtlijst: Drones bouwen"
    assert "De gekozen datum is vol." in email.body


def test_family_waitlist_form_says_waitlist(client):
    initiative = InitiativeFactory(is_family_activity=True, po_group_from=None, po_group_to=None)
    session = SessionFactory(initiative=initiative, capacity=4, starts_at=timezone.now() + datetime.timedelta(days=9))
    BookingFactory(initiative=initiative, sessions=[session], kind="family", pupils=2, adults=2, seats=4)

    form = client.get(reverse("initiatives:book", kwargs={"slug": initiative.slug})).content.decode()

    assert ">Op de wachtlijst</button>" in form and ">Aanmelden</button>" not in form
