"""Cancelling a session in the admin (button, list action, the "geannuleerd" box): one service, every booker told."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from initiatives.bookings import tokens
from initiatives.models import Booking, BookingEvent, BusRequest, Session
from tests.factories import BookingFactory, BusBudgetFactory, BusRequestFactory, InitiativeFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def booked_session():
    """A session with three open bookings (one on the waitlist) and an approved bus on the first."""
    session = SessionFactory(capacity=60)
    first, second = BookingFactory.create_batch(
        2, initiative=session.initiative, sessions=[session], status="confirmed"
    )
    BookingFactory(initiative=session.initiative, sessions=[session], status="waitlisted")
    budget = BusBudgetFactory(max_trips=2, max_euros=Decimal("500.00"))
    BusRequestFactory(booking=first, budget=budget, status=BusRequest.Status.APPROVED)
    BusRequestFactory(booking=second, budget=budget, status=BusRequest.Status.APPROVED)
    return session


def _change_data(session, **overrides):
    # The form shows local time: the same times posted back change nothing (a new time e-mails the bookers).
    starts_at, ends_at = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
    data = {
        "initiative": session.initiative.pk,
        "starts_at_0": starts_at.strftime("%d-%m-%Y"),
        "starts_at_1": starts_at.strftime("%H:%M:%S"),
        "ends_at_0": ends_at.strftime("%d-%m-%Y"),
        "ends_at_1": ends_at.strftime("%H:%M:%S"),
        "capacity": session.capacity,
        "note": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def _assert_everyone_told(session, budget_trips_used=0):
    assert Session.objects.get(pk=session.pk).is_cancelled
    assert set(Booking.objects.values_list("status", flat=True)) == {"cancelled"}
    assert len(mail.outbox) == 3
    assert all("De activiteit gaat niet door" in message.subject for message in mail.outbox)
    assert BusRequest.objects.approved().count() == budget_trips_used
    mail.outbox.clear()
    call_command("send_booking_reminders", days=30)
    assert mail.outbox == []


def test_session_cancel_button_asks_for_a_message_then_cancels_every_booking(
    admin_client, booked_session, django_capture_on_commit_callbacks
):
    change = admin_client.get(reverse("admin:initiatives_session_change", args=[booked_session.pk]))
    url = reverse("admin:initiatives_session_cancel", args=[booked_session.pk])
    confirm = admin_client.get(url)

    assert url in change.content.decode()
    assert "3 open boekingen" in confirm.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, {"message": "De bus van de aanbieder is kapot."})

    assert response.status_code == 302
    assert "De bus van de aanbieder is kapot." in mail.outbox[0].body
    assert BookingEvent.objects.filter(action="session_cancelled", by__username="admin").count() == 3
    _assert_everyone_told(booked_session)


def test_session_cancel_list_action_cancels_through_the_service(
    admin_client, booked_session, django_capture_on_commit_callbacks
):
    url = reverse("admin:initiatives_session_changelist")
    selected = {"action": "cancel_sessions", "_selected_action": [booked_session.pk]}

    ask = admin_client.post(url, selected)
    with django_capture_on_commit_callbacks(execute=True):
        done = admin_client.post(url, {**selected, "apply": "1", "message": ""}, follow=True)

    assert "Bericht aan de boekers" in ask.content.decode()
    assert f'name="_selected_action" value="{booked_session.pk}"' in ask.content.decode()
    assert "3 boekingen geannuleerd" in done.content.decode()
    _assert_everyone_told(booked_session)


def test_session_cancelled_box_on_the_session_page_cancels_through_the_service(
    admin_client, booked_session, django_capture_on_commit_callbacks
):
    url = reverse("admin:initiatives_session_change", args=[booked_session.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, _change_data(booked_session, is_cancelled="on"))

    assert response.status_code == 302
    _assert_everyone_told(booked_session)


def test_session_cancelled_box_in_the_initiative_inline_cancels_through_the_service(
    admin_client, booked_session, django_capture_on_commit_callbacks
):
    initiative = booked_session.initiative
    page = admin_client.get(reverse("admin:initiatives_initiative_change", args=[initiative.pk]))
    data = _form_data(page.context["adminform"].form, page.context["inline_admin_formsets"])
    prefix = page.context["inline_admin_formsets"][0].formset.prefix
    data[f"{prefix}-0-is_cancelled"] = "on"

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("admin:initiatives_initiative_change", args=[initiative.pk]), data)

    assert response.status_code == 302, response.context["errors"] if response.context else ""
    _assert_everyone_told(booked_session)


def _form_data(form, inline_formsets):
    """What the browser would post back for an unchanged admin change form (and its inlines)."""
    data = {}
    forms = [form] + [f for inline in inline_formsets for f in [inline.formset.management_form, *inline.formset]]
    for each in forms:
        for bound in each:
            value = bound.value()
            widget = bound.field.widget
            name = bound.html_name
            if value is None or value is False:
                continue
            if hasattr(widget, "widgets") and isinstance(value, (list, tuple)) is False and widget.widgets:
                for index, part in enumerate(widget.decompress(value)):
                    data[f"{name}_{index}"] = "" if part is None else str(part)
            elif isinstance(value, (list, tuple)):
                data[name] = [str(v) for v in value]
            else:
                data[name] = "on" if value is True else str(value)
    return data


def test_session_with_bookings_cannot_be_deleted_and_the_message_points_to_cancelling(admin_client, booked_session):
    url = reverse("admin:initiatives_session_delete", args=[booked_session.pk])

    single = admin_client.post(url, {"post": "yes"}, follow=True)
    bulk = admin_client.post(
        reverse("admin:initiatives_session_changelist"),
        {"action": "delete_selected", "_selected_action": [booked_session.pk], "post": "yes"},
    )

    assert Session.objects.filter(pk=booked_session.pk).exists()
    assert "Zeg de sessie af" in single.content.decode()
    assert "Zeg de sessie af" in bulk.content.decode()


def test_session_without_bookings_can_still_be_deleted(admin_client):
    session = SessionFactory()

    admin_client.post(reverse("admin:initiatives_session_delete", args=[session.pk]), {"post": "yes"})

    assert not Session.objects.filter(pk=session.pk).exists()


def test_session_page_lists_its_bookings_and_seats_taken_and_left(admin_client):
    session = SessionFactory(capacity=60)
    booking = BookingFactory(initiative=session.initiative, sessions=[session], status="confirmed", pupils=25)
    BookingFactory(initiative=session.initiative, sessions=[session], status="waitlisted")

    html = admin_client.get(reverse("admin:initiatives_session_change", args=[session.pk])).content.decode()

    assert booking.reference in html
    assert reverse("admin:initiatives_booking_change", args=[booking.pk]) in html
    # The waitlisted class (28) fits in the 35 seats not taken: they are its, not free for a new booking.
    assert "bezet: 25" in html and "vrij: 7" in html and "op de wachtlijst: 1" in html


def test_session_capacity_raised_in_the_admin_offers_the_seats_to_the_waitlist(
    admin_client, django_capture_on_commit_callbacks
):
    initiative = InitiativeFactory(waitlist_mode="auto_offer", confirmation_mode="auto")
    session = SessionFactory(initiative=initiative, capacity=28)
    BookingFactory(initiative=initiative, sessions=[session], status="confirmed")
    waiting = BookingFactory(initiative=initiative, sessions=[session], status="waitlisted")

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("admin:initiatives_session_change", args=[session.pk]), _change_data(session, capacity=60)
        )

    waiting.refresh_from_db()
    assert waiting.status == Booking.Status.CONFIRMED
    assert [message.to for message in mail.outbox] == [[waiting.email]]


def test_session_cancelled_by_a_coordinator_says_who_shows_the_released_bus_and_only_a_view_link(
    admin_client, booked_session, django_capture_on_commit_callbacks
):
    url = reverse("admin:initiatives_session_cancel", args=[booked_session.pk])

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(url, {"message": "De zaal is onder water gelopen."})

    first = Booking.objects.filter(bus_request__isnull=False).order_by("pk").first()
    (email,) = [message for message in mail.outbox if message.to == [first.email]]
    html = email.alternatives[0][0]
    for body in (email.body, html):
        assert "De organisatie van Techniek Dichtbij heeft de activiteit afgezegd" in body
        assert "aanbieder heeft de activiteit afgezegd" not in body and "Bericht van de aanbieder" not in body
        assert "Bericht van de organisatie:" in body and "De zaal is onder water gelopen." in body
        assert "wijzig of annuleer" not in body and "Bekijk je boeking" in body
        assert "aangevraagd" not in body and "goedgekeurd" not in body
    assert "Gratis bus: vervallen" in email.body
    page = Client().get(tokens.manage_url(first).removeprefix(settings.SITE_URL.rstrip("/"))).content.decode()
    assert "Bericht bij je boeking" in page and "Bericht van de aanbieder" not in page


def test_session_cancelled_without_a_known_canceller_is_neutral(booked_session, django_capture_on_commit_callbacks):
    from initiatives.bookings import services

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_session(session=booked_session, message="Geen zaal.")

    assert all("De activiteit is afgezegd. Je boeking is daarom geannuleerd." in m.body for m in mail.outbox)
    assert all("\nBericht:\nGeen zaal." in m.body and "aanbieder heeft" not in m.body for m in mail.outbox)
