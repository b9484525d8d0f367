"""The last seats under load: 40 teachers book a 10-seat session at the same moment."""

import threading

import pytest
from django.db import connection, connections

from initiatives.bookings import services
from initiatives.bookings.seats import with_seats_taken
from initiatives.models import Booking, Initiative, Session
from tests.factories import InitiativeFactory, SchoolFactory, SessionFactory

THREADS = 40
SEATS = 10


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises every write and ignores SELECT ... FOR UPDATE: the race only exists on PostgreSQL",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_booking_concurrency_40_requests_for_10_seats_take_exactly_10():
    initiative = InitiativeFactory(
        capacity_unit=Initiative.CapacityUnit.GROUPS, confirmation_mode=Initiative.ConfirmationMode.AUTO
    )
    session = SessionFactory(initiative=initiative, capacity=SEATS)
    schools = [SchoolFactory() for _ in range(THREADS)]
    start = threading.Barrier(THREADS)
    errors = []

    def book(school):
        try:
            start.wait(timeout=30)
            services.book(
                initiative=initiative,
                sessions=[session],
                details={
                    "school": school,
                    "school_level": "po",
                    "po_group": 7,
                    "pupils": 25,
                    "adults": 2,
                    "teacher_name": "Leraar",
                    "email": "",
                    "phone": "0101234567",
                },
            )
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connections.close_all()  # each thread had its own connection

    threads = [threading.Thread(target=book, args=(school,)) for school in schools]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert Booking.objects.count() == THREADS
    assert Booking.objects.confirmed().count() == SEATS
    assert Booking.objects.waitlisted().count() == THREADS - SEATS
    assert with_seats_taken(Session.objects.all()).get(pk=session.pk).seats_taken == SEATS


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the race only exists on PostgreSQL (see above)")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_booking_concurrency_bus_budget_never_overspent():
    from initiatives.models import BusRequest
    from tests.factories import BusBudgetFactory, BusRequestFactory

    budget = BusBudgetFactory(max_trips=3)
    trips = BusRequestFactory.create_batch(12, budget=budget)
    start = threading.Barrier(len(trips))
    refused = []

    def approve(trip):
        try:
            start.wait(timeout=30)
            services.approve_bus(bus_request=trip)
        except services.BudgetExceeded:
            refused.append(trip.pk)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(trip,)) for trip in trips]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert BusRequest.objects.approved().count() == 3
    assert len(refused) == 9


def _run_at_once(work, items):
    start = threading.Barrier(len(items))
    errors = []

    def run(item):
        try:
            start.wait(timeout=30)
            work(item)
        except Exception as error:  # collected and asserted by the caller
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(item,)) for item in items]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the race only exists on PostgreSQL (see above)")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_booking_concurrency_families_and_classes_share_one_locked_count():
    initiative = InitiativeFactory(is_family_activity=True, confirmation_mode=Initiative.ConfirmationMode.AUTO)
    session = SessionFactory(initiative=initiative, capacity=30)
    school = SchoolFactory()
    family = {"kind": "family", "pupils": 2, "adults": 1, "children_ages": "8", "teacher_name": "Ouder", "email": ""}
    klass = {"school": school, "school_level": "po", "po_group": 7, "pupils": 5, "adults": 1, "email": ""}

    def book(details):
        services.book(initiative=initiative, sessions=[session], details=details)

    errors = _run_at_once(book, [family] * 12 + [klass] * 12)

    assert errors == []
    taken = with_seats_taken(Session.objects.all()).get(pk=session.pk).seats_taken
    assert 30 - 5 < taken <= 30  # never more than the capacity, and no seat left that a family could take
    assert Booking.objects.count() == 24


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the race only exists on PostgreSQL (see above)")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_booking_concurrency_cancellations_offer_each_freed_seat_once():
    initiative = InitiativeFactory(
        capacity_unit=Initiative.CapacityUnit.GROUPS,
        confirmation_mode=Initiative.ConfirmationMode.AUTO,
        waitlist_mode=Initiative.WaitlistMode.AUTO_OFFER,
    )
    session = SessionFactory(initiative=initiative, capacity=SEATS)
    from tests.factories import BookingFactory

    confirmed = BookingFactory.create_batch(
        SEATS, initiative=initiative, sessions=[session], status="confirmed", seats=1
    )
    BookingFactory.create_batch(SEATS, initiative=initiative, sessions=[session], status="waitlisted", seats=1)

    errors = _run_at_once(lambda booking: services.cancel(booking=booking), confirmed[:5])

    assert errors == []
    assert with_seats_taken(Session.objects.all()).get(pk=session.pk).seats_taken == SEATS
    assert Booking.objects.waitlisted().count() == SEATS - 5
