"""Booking rules no other test reached (found by a coverage run and a mutation sample), each the user's way:
the booking form's group questions, the bus answer for a secondary school, a waitlisted booker moving to a
date with room, and the seats a waitlisted series keeps."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from campuses.models import VmboProfileOffer
from initiatives.bookings import tokens
from initiatives.models import Booking, BusBudget
from tests.factories import (
    BookingFactory,
    BusEligibilityRuleFactory,
    BusRequestFactory,
    InitiativeFactory,
    SchoolFactory,
    SessionFactory,
    VmboProfileFactory,
)
from tests.initiatives.test_booking_change import NEAR, _change_data
from tests.initiatives.test_bus import bus_setup
from tests.initiatives.test_bus_findable import _answer

pytestmark = pytest.mark.django_db


def _book(client, initiative, **data):
    return client.post(reverse("initiatives:book", kwargs={"slug": initiative.slug}), data).content.decode()


def test_booking_form_asks_the_group_that_goes_with_the_kind_of_school(client):
    initiative = InitiativeFactory(group_size_min=10)
    SessionFactory(initiative=initiative)

    po = _book(client, initiative, school_not_listed="on", school_level="po", pupils="25")
    vo = _book(client, initiative, school_not_listed="on", school_level="vo", pupils="8")
    unlisted = _book(client, initiative, school_not_listed="on", pupils="25")

    assert "Kies de groep." in po and "Kies het leerjaar." not in po
    assert "Kies het leerjaar." in vo and "Kies het niveau." in vo and "Kies de groep." not in vo
    assert "Deze activiteit is voor groepen vanaf 10 leerlingen." in vo
    for message in (
        "Vul de naam van de school in.",
        "Vul de plaats van de school in.",
        "Kies het soort onderwijs: basisonderwijs of voortgezet.",
    ):
        assert message in unlisted
    assert Booking.objects.count() == 0


def test_booking_form_for_a_series_asks_for_every_date_of_it(client):
    initiative = InitiativeFactory(sessions_required=2)
    first, _second = SessionFactory(initiative=initiative), SessionFactory(initiative=initiative)

    page = client.get(reverse("initiatives:book", kwargs={"slug": initiative.slug})).content.decode()
    one_date = _book(client, initiative, sessions=[first.pk])

    assert "Datums (kies er 2)" in page
    assert "Kies 2 datums." in one_date
    assert Booking.objects.count() == 0


def _vmbo_bus_setup():
    """A bus initiative for vo years 1-4 and the rule 'vmbo classes of a branch without a hard profile'."""
    BusEligibilityRuleFactory(
        name="Vmbo zonder hard profiel", school_kind="vo", po_group_from=None, po_group_to=None,
        max_distance_km=None, vmbo_without_hard_profile=True,
    )  # fmt: skip
    initiative, _session, _budget = bus_setup(po_group_from=None, po_group_to=None, vo_year_from=1, vo_year_to=4)
    return initiative


def test_bus_answer_for_a_secondary_school_weighs_only_the_tracks_it_teaches(client):
    initiative = _vmbo_bus_setup()
    vmbo_only = SchoolFactory(kind="vo", has_vmbo=True, has_havo=False, has_vwo=False)
    vmbo_and_havo = SchoolFactory(kind="vo", has_vmbo=True, has_havo=True, has_vwo=False)

    only = _answer(client, initiative, school=vmbo_only.code)
    both = _answer(client, initiative, school=vmbo_and_havo.code)

    # Every track the vmbo school teaches qualifies: a plain yes, no "depends" on havo or vwo it does not teach.
    assert only["status"] == "yes"
    assert both["status"] == "depends" and "vmbo basis" in both["message"] and "havo" not in both["message"]


def test_bus_answer_no_says_why_the_hard_profile_and_the_rules(client):
    initiative = _vmbo_bus_setup()
    hard = SchoolFactory(kind="vo", has_vmbo=True, has_havo=False, has_vwo=False)
    VmboProfileOffer.objects.create(
        branch_code=hard.code, school=hard, branch_name=hard.name, track="BL", programme="PIE",
        profile=VmboProfileFactory(name="Produceren, installeren en energie", is_hard=True), is_technical=True,
        reference_date="2019-10-01",
    )  # fmt: skip

    answer = _answer(client, initiative, school=hard.code)

    assert answer["status"] == "no"
    assert (
        "Deze vestiging biedt een 'hard' techniekprofiel aan (Produceren, installeren en energie)." in answer["message"]
    )
    rules = answer["message"].split("Een gratis bus is er voor: ")[1]
    assert "voortgezet onderwijs, vmbo-klassen van een vestiging zonder 'hard' techniekprofiel" in rules


def test_bus_answer_says_when_the_campus_has_no_budget_this_school_year(client):
    BusEligibilityRuleFactory()
    initiative, _session, _budget = bus_setup()
    BusBudget.objects.all().delete()

    answer = _answer(client, initiative, school=SchoolFactory(kind="po").code, po_group="7")

    assert answer["status"] == "no" and "geen budget" in answer["message"]


def test_booking_change_a_waitlisted_booker_moving_to_a_date_with_room_gets_a_seat(
    client, django_capture_on_commit_callbacks
):
    initiative = InitiativeFactory(confirmation_mode="auto", group_size_max=30)
    when = timezone.make_aware(datetime.datetime.combine(timezone.localdate() + NEAR, datetime.time(10)))
    full = SessionFactory(
        initiative=initiative, capacity=28, starts_at=when, ends_at=when + datetime.timedelta(hours=2)
    )
    later = when + datetime.timedelta(days=7)
    free = SessionFactory(
        initiative=initiative, capacity=60, starts_at=later, ends_at=later + datetime.timedelta(hours=2)
    )
    BookingFactory(initiative=initiative, sessions=[full], status="confirmed")
    waiting = BookingFactory(initiative=initiative, sessions=[full], status="waitlisted")
    change_url = reverse("initiatives:booking-change", kwargs={"token": tokens.make_token(waiting)})

    with django_capture_on_commit_callbacks(execute=True):
        client.post(change_url, _change_data(waiting, session=free.pk))

    waiting.refresh_from_db()
    assert list(waiting.sessions.all()) == [free]
    assert waiting.status == Booking.Status.CONFIRMED and waiting.decided_at is not None
    assert any(message.to == [waiting.email] and message.subject.startswith("Nieuwe datum") for message in mail.outbox)


def test_booking_form_a_waitlisted_series_keeps_no_seats_on_a_date_it_cannot_get(client):
    # A waitlisted series (two dates) is given freed seats only where all its dates are handed out
    # together; the second date here is closed for booking, so on the first it reserves nothing.
    initiative = InitiativeFactory(sessions_required=2)
    soon = timezone.now() + datetime.timedelta(days=10)
    hours = datetime.timedelta(hours=2)
    open_date = SessionFactory(initiative=initiative, capacity=28, starts_at=soon, ends_at=soon + hours)
    closed = soon + datetime.timedelta(days=7)
    closed_date = SessionFactory(
        initiative=initiative,
        capacity=28,
        starts_at=closed,
        ends_at=closed + hours,
        booking_closes_at=timezone.now() - datetime.timedelta(days=1),
    )
    BookingFactory(initiative=initiative, sessions=[open_date, closed_date], status="waitlisted")

    response = client.get(reverse("initiatives:book", kwargs={"slug": initiative.slug}))

    assert response.status_code == 200
    assert "28 plaatsen vrij" in response.content.decode()


def test_bus_request_admin_takes_the_estimated_cost_as_people_type_it(admin_client):
    trip = BusRequestFactory()
    url = reverse("admin:initiatives_busrequest_change", args=[trip.pk])

    form = admin_client.get(url).content.decode()
    admin_client.post(url, {"pickup_address": trip.pickup_address, "estimated_cost": "€ 1.250,50", "note": ""})

    trip.refresh_from_db()
    assert "In euro's, bijvoorbeeld 5.000,00 of 5000." in form and 'value="250,00"' in form
    assert trip.estimated_cost == Decimal("1250.50")
