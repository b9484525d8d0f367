"""The waitlist keeps its word: a freed seat goes to the first waitlisted booking that fits, who hears at once."""

import datetime

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
