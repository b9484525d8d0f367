# ruff: noqa: F811  (pytest fixtures imported from curation_fixtures are used as arguments)
"""Deciding about one booking on its own admin page: confirm, decline, move; every step in its history."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from initiatives.models import Booking, BookingEvent
from initiatives.permissions import Role
from tests.factories import BookingFactory, InitiativeFactory, SessionFactory
from tests.initiatives.curation_fixtures import make_user, other_provider, provider, provider_user, roles  # noqa: F401

pytestmark = pytest.mark.django_db


def _decide(booking, decision):
    return reverse("admin:initiatives_booking_decide", args=[booking.pk, decision])


def test_move_form_says_a_full_dates_free_place_is_offered_to_its_waitlist(admin_client):
    initiative = InitiativeFactory()
    old, target = SessionFactory(initiative=initiative), SessionFactory(initiative=initiative, capacity=28)
    BookingFactory(initiative=initiative, sessions=[target], status="offered")
    booking = BookingFactory(initiative=initiative, sessions=[old], status="confirmed")

    form = admin_client.get(_decide(booking, "verplaatsen")).content.decode()

    assert (
        "vol · te weinig: deze boeking heeft 28 plaatsen nodig · een vrije plaats is aangeboden aan de wachtlijst"
        in form
    )


def test_booking_page_has_confirm_decline_and_move_buttons(admin_client):
    booking = BookingFactory(sessions=[SessionFactory()])

    html = admin_client.get(reverse("admin:initiatives_booking_change", args=[booking.pk])).content.decode()

    for decision in ("bevestigen", "afwijzen", "verplaatsen"):
        assert _decide(booking, decision) in html


def test_booking_confirm_button_records_who_and_when_and_shows_it_in_the_history(
    admin_client, admin_user, django_capture_on_commit_callbacks
):
    booking = BookingFactory(sessions=[SessionFactory(capacity=60)])

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(_decide(booking, "bevestigen"), {"message": "Welkom!"})
    page = admin_client.get(reverse("admin:initiatives_booking_change", args=[booking.pk])).content.decode()

    booking.refresh_from_db()
    event = BookingEvent.objects.get(booking=booking)
    assert response.status_code == 302
    assert booking.status == Booking.Status.CONFIRMED
    assert (event.action, event.by, event.note) == ("confirmed", admin_user, "Welkom!")
    assert "bevestigd" in page and "admin" in page
    assert "Welkom!" in mail.outbox[0].body


def test_booking_decline_button(admin_client, django_capture_on_commit_callbacks):
    booking = BookingFactory(sessions=[SessionFactory()])

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(_decide(booking, "afwijzen"), {"message": "Helaas vol."})

    booking.refresh_from_db()
    body = mail.outbox[0].body
    assert booking.status == Booking.Status.DECLINED
    assert mail.outbox[0].subject == f"Aanvraag niet geaccepteerd: {booking.initiative.title}"
    assert "Helaas is je aanvraag niet geaccepteerd." in body and "niet doorgaan" not in body
    assert "Bericht van de organisatie:\nHelaas vol." in body and "aanbieder:" not in body


def test_booking_decline_e_mail_in_english(admin_client, django_capture_on_commit_callbacks):
    booking = BookingFactory(sessions=[SessionFactory()], language="en")

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(_decide(booking, "afwijzen"), {"message": "Full, sorry."})

    assert mail.outbox[0].subject == f"Request not accepted: {booking.initiative.title}"
    assert "Unfortunately, your request was not accepted." in mail.outbox[0].body
    assert "Message from the organisers:\nFull, sorry." in mail.outbox[0].body


def test_a_provider_s_message_is_labelled_as_the_provider_s(
    client, provider, provider_user, django_capture_on_commit_callbacks
):
    initiative = InitiativeFactory(provider=provider)
    booking = BookingFactory(initiative=initiative, sessions=[SessionFactory(initiative=initiative, capacity=60)])
    client.force_login(provider_user)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(_decide(booking, "bevestigen"), {"message": "Tot 10 december!"})

    assert "Bericht van de aanbieder:\nTot 10 december!" in mail.outbox[0].body


def test_booking_move_button_moves_to_another_date_and_frees_the_old_seats(
    admin_client, django_capture_on_commit_callbacks
):
    initiative = InitiativeFactory(waitlist_mode="auto_offer", confirmation_mode="auto")
    old, new = SessionFactory(initiative=initiative, capacity=28), SessionFactory(initiative=initiative, capacity=60)
    booking = BookingFactory(initiative=initiative, sessions=[old], status="confirmed")
    waiting = BookingFactory(initiative=initiative, sessions=[old], status="waitlisted")

    form = admin_client.get(_decide(booking, "verplaatsen")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(_decide(booking, "verplaatsen"), {"session": new.pk, "message": ""})

    booking.refresh_from_db()
    waiting.refresh_from_db()
    assert f'value="{new.pk}"' in form and f'value="{old.pk}"' not in form
    assert list(booking.sessions.all()) == [new] and booking.starts_at == new.starts_at
    assert booking.status == Booking.Status.CONFIRMED
    assert waiting.status == Booking.Status.CONFIRMED  # the freed seats went to the waitlist
    assert BookingEvent.objects.get(booking=booking).action == "moved"
    subjects = sorted(message.subject for message in mail.outbox)
    assert any(subject.startswith("Nieuwe datum") for subject in subjects)
    moved_mail = next(m for m in mail.outbox if m.subject.startswith("Nieuwe datum"))
    assert moved_mail.attachments and moved_mail.attachments[0][0].endswith(".ics")


def test_booking_waitlisted_can_be_moved_to_a_date_with_room(admin_client):
    initiative = InitiativeFactory(confirmation_mode="manual")
    full, other = SessionFactory(initiative=initiative, capacity=28), SessionFactory(initiative=initiative)
    BookingFactory(initiative=initiative, sessions=[full], status="confirmed")
    waiting = BookingFactory(initiative=initiative, sessions=[full], status="waitlisted")

    admin_client.post(_decide(waiting, "verplaatsen"), {"session": other.pk})

    waiting.refresh_from_db()
    assert list(waiting.sessions.all()) == [other]
    assert waiting.status == Booking.Status.REQUESTED


def test_booking_move_refused_when_the_new_date_is_full(admin_client):
    initiative = InitiativeFactory()
    old, full = SessionFactory(initiative=initiative), SessionFactory(initiative=initiative, capacity=28)
    BookingFactory(initiative=initiative, sessions=[full], status="confirmed")
    booking = BookingFactory(initiative=initiative, sessions=[old], status="confirmed")

    response = admin_client.post(_decide(booking, "verplaatsen"), {"session": full.pk})

    assert response.status_code == 200
    assert "niet genoeg plaatsen vrij" in response.content.decode()
    assert list(booking.sessions.all()) == [old]


def test_booking_move_refused_when_the_free_seats_belong_to_the_new_dates_waitlist(
    admin_client, django_capture_on_commit_callbacks
):
    # 56 seats, 28 held, 28 free by the raw count: the waitlisted group first in line has them.
    initiative = InitiativeFactory(waitlist_mode="provider_picks")
    old, target = SessionFactory(initiative=initiative), SessionFactory(initiative=initiative, capacity=56)
    BookingFactory(initiative=initiative, sessions=[target], status="confirmed")
    first_in_line = BookingFactory(initiative=initiative, sessions=[target], status="waitlisted")
    booking = BookingFactory(initiative=initiative, sessions=[old], status="confirmed")
    waiting = BookingFactory(initiative=initiative, sessions=[old], status="waitlisted")

    form = admin_client.get(_decide(booking, "verplaatsen")).content.decode()
    refused = admin_client.post(_decide(booking, "verplaatsen"), {"session": target.pk})
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(_decide(waiting, "verplaatsen"), {"session": target.pk})

    waiting.refresh_from_db()
    first_in_line.refresh_from_db()
    # Said before choosing, counted the same way, with the reason: the raw count has room.
    assert "vol · te weinig: deze boeking heeft 28 plaatsen nodig · vrije plaatsen gaan eerst naar" in form
    assert "niet genoeg plaatsen vrij" in refused.content.decode()
    assert list(booking.sessions.all()) == [old]
    # A waitlisted booking moved there queues behind the group already waiting, it does not jump it.
    assert list(waiting.sessions.all()) == [target] and waiting.status == Booking.Status.WAITLISTED
    assert first_in_line.status == Booking.Status.WAITLISTED
    # Told of the new date, without a calendar file: there is no seat yet.
    (moved_mail,) = [message for message in mail.outbox if message.subject.startswith("Nieuwe datum")]
    assert moved_mail.to == [waiting.email] and moved_mail.attachments == []


def test_move_form_shows_the_current_date_and_dates_with_the_year_in_the_initiative_s_unit(admin_client):
    initiative = InitiativeFactory(capacity_unit="groups")
    old = SessionFactory(initiative=initiative, starts_at=timezone.make_aware(datetime.datetime(2027, 1, 8, 9)))
    full = SessionFactory(
        initiative=initiative, capacity=1, starts_at=timezone.make_aware(datetime.datetime(2027, 1, 15, 9))
    )
    BookingFactory(initiative=initiative, sessions=[full], status="confirmed", seats=1)
    booking = BookingFactory(initiative=initiative, sessions=[old], status="confirmed", seats=1)

    form = admin_client.get(_decide(booking, "verplaatsen")).content.decode()

    assert "Huidige datum" in form and "vr 8 jan 2027, 09.00–11.00" in form
    assert "vr 15 jan 2027, 09.00–11.00 · vol · te weinig: deze boeking heeft plek voor 1 groep" in form


def test_confirm_page_warns_when_a_waitlisted_booking_does_not_fit_its_date(admin_client):
    session = SessionFactory(capacity=30)
    BookingFactory(initiative=session.initiative, sessions=[session], status="confirmed", pupils=28)
    waiting = BookingFactory(initiative=session.initiative, sessions=[session], status="waitlisted", pupils=2)
    too_big = BookingFactory(initiative=session.initiative, sessions=[session], status="waitlisted", pupils=3)

    fits = admin_client.get(_decide(waiting, "bevestigen")).content.decode()
    warned = admin_client.get(_decide(too_big, "bevestigen")).content.decode()

    assert "geen plek voor deze boeking" not in fits
    assert "geen plek voor deze boeking" in warned and "te weinig: deze boeking heeft 3 plaatsen nodig" in warned


def test_booking_move_offers_only_dates_of_the_same_initiative(admin_client):
    booking = BookingFactory(sessions=[SessionFactory()])
    foreign = SessionFactory()

    response = admin_client.post(_decide(booking, "verplaatsen"), {"session": foreign.pk})

    assert response.status_code == 200
    assert BookingEvent.objects.count() == 0


def test_booking_decision_buttons_respect_the_role_scope(client, make_user, other_provider):
    booking = BookingFactory(sessions=[SessionFactory()])
    client.force_login(make_user(Role.PROVIDER, provider=other_provider))

    response = client.post(_decide(booking, "bevestigen"), {"message": ""})

    assert response.status_code in (302, 403, 404)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.REQUESTED
