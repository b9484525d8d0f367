import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from initiatives.models import Booking
from tests.factories import BookingFactory, BusRequestFactory, SessionFactory

pytestmark = pytest.mark.django_db


def test_retention_purge_removes_personal_data_after_the_period_and_keeps_figures():
    long_ago = SessionFactory(
        starts_at=timezone.now() - datetime.timedelta(days=500),
        ends_at=timezone.now() - datetime.timedelta(days=500) + datetime.timedelta(hours=2),
    )
    recent = SessionFactory(
        starts_at=timezone.now() - datetime.timedelta(days=30),
        ends_at=timezone.now() - datetime.timedelta(days=30) + datetime.timedelta(hours=2),
    )
    old = BookingFactory(
        initiative=long_ago.initiative, sessions=[long_ago], status="confirmed", remarks="Liam heeft een allergie",
        special_needs="rolstoel", class_name="7B",
    )  # fmt: skip
    BusRequestFactory(booking=old, note="Bel juf Anja")
    kept = BookingFactory(initiative=recent.initiative, sessions=[recent], status="confirmed")

    call_command("purge_personal_data", months=12)

    old.refresh_from_db()
    kept.refresh_from_db()
    personal = [old.teacher_name, old.email, old.phone, old.remarks, old.special_needs, old.class_name]
    assert personal == [""] * 6
    assert old.anonymised_at is not None
    assert old.bus_request.note == ""
    assert (old.pupils, old.adults, old.status, old.school_id is not None) == (28, 3, "confirmed", True)
    assert kept.email and kept.anonymised_at is None
    assert Booking.objects.confirmed().totals()["pupils"] == 56


def test_retention_counts_from_the_request_for_date_requests():
    request = BookingFactory(preferred_periods="voorjaar")
    Booking.objects.filter(pk=request.pk).update(created_at=timezone.now() - datetime.timedelta(days=400))

    call_command("purge_personal_data", months=12)

    request.refresh_from_db()
    assert request.email == ""


def test_retention_anonymised_booking_page_still_opens(client):
    from initiatives.bookings import tokens

    booking = BookingFactory()
    Booking.objects.filter(pk=booking.pk).update(created_at=timezone.now() - datetime.timedelta(days=800))
    call_command("purge_personal_data", months=12)

    response = client.get(reverse("initiatives:booking", kwargs={"token": tokens.make_token(booking)}))

    assert response.status_code == 200
    assert "verwijderd" in response.content.decode()


def test_retention_privacy_page_names_the_period(client, settings):
    settings.BOOKING_RETENTION_MONTHS = 18

    response = client.get(reverse("privacy"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "18 maanden na de activiteit" in html
    assert html.count("<h1") == 1
