import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from campuses.models import VmboProfileOffer
from initiatives.bookings import services
from initiatives.bookings.models import school_year_of
from initiatives.models import Booking, BusEligibilityRule, BusRequest
from tests.factories import (
    BookingFactory,
    BusBudgetFactory,
    BusEligibilityRuleFactory,
    BusRequestFactory,
    CampusFactory,
    InitiativeFactory,
    SchoolFactory,
    SessionFactory,
    VmboProfileFactory,
)

pytestmark = pytest.mark.django_db

# About 25 km south-west of the Rotterdam campus the factories use.
FAR = {"latitude": Decimal("51.800000"), "longitude": Decimal("4.200000")}


def bus_setup(**initiative_fields):
    campus = CampusFactory()
    initiative = InitiativeFactory(campus=campus, offers_bus_transport=True, **initiative_fields)
    # Two weeks ahead, not the factory's sequence (which drifts years ahead in a long run): the budget of
    # the session's school year is then also the one the eligibility answer looks up today.
    session = SessionFactory(
        initiative=initiative, starts_at=timezone.now().replace(microsecond=0) + timedelta(days=14)
    )
    budget = BusBudgetFactory(campus=campus, school_year=school_year_of(timezone.localdate(session.starts_at)))
    return initiative, session, budget


def book(initiative, session, school, **fields):
    details = {
        "school": school,
        "school_level": "po",
        "po_group": 7,
        "pupils": 28,
        "adults": 3,
        "teacher_name": "Jan",
        "email": "jan@school.example",
        "phone": "0101234567",
        **fields,
    }
    return services.book(initiative=initiative, sessions=[session], details=details, bus_pickup_address="")


def test_bus_requested_for_eligible_po_group_near_the_campus():
    BusEligibilityRuleFactory()
    initiative, session, budget = bus_setup()

    booking = book(initiative, session, SchoolFactory())

    assert booking.bus_request.budget == budget
    assert booking.bus_request.estimated_cost == budget.cost_per_trip


def test_bus_not_requested_for_group_4_or_a_school_too_far_away():
    BusEligibilityRuleFactory()
    # For groep 1-8, so that groep 4 may book it: the bus rule (groep 5-8) is what leaves it out.
    initiative, session, _ = bus_setup(po_group_from=1, po_group_to=8)

    young = book(initiative, session, SchoolFactory(), po_group=4)
    far = book(initiative, session, SchoolFactory(**FAR))

    assert not BusRequest.objects.filter(booking__in=[young, far]).exists()


def test_bus_not_requested_without_a_budget_for_that_school_year():
    BusEligibilityRuleFactory()
    initiative, session, budget = bus_setup()
    budget.delete()

    booking = book(initiative, session, SchoolFactory())

    assert not BusRequest.objects.filter(booking=booking).exists()


def test_bus_rule_vmbo_without_hard_profile():
    BusEligibilityRuleFactory(
        name="Vmbo zonder hard profiel", school_kind="vo", po_group_from=None, po_group_to=None,
        max_distance_km=None, vmbo_without_hard_profile=True,
    )  # fmt: skip
    initiative, session, _ = bus_setup(po_group_from=None, po_group_to=None, vo_year_from=1, vo_year_to=4)
    soft = SchoolFactory(kind="vo", has_vmbo=True, **FAR)
    hard = SchoolFactory(kind="vo", has_vmbo=True, **FAR)
    VmboProfileOffer.objects.create(
        branch_code=hard.code, school=hard, branch_name=hard.name, track="BL", programme="PIE",
        profile=VmboProfileFactory(), is_technical=True, reference_date="2019-10-01",
    )  # fmt: skip
    vo = {"school_level": "vo", "po_group": None, "vo_year": 3, "vo_track": Booking.Track.VMBO_BL}

    eligible = book(initiative, session, soft, **vo)
    not_eligible = book(initiative, session, hard, **vo)

    assert BusRequest.objects.filter(booking=eligible).exists()
    assert not BusRequest.objects.filter(booking=not_eligible).exists()


def test_bus_inactive_rule_does_not_count():
    BusEligibilityRuleFactory()
    BusEligibilityRule.objects.update(is_active=False)
    initiative, session, _ = bus_setup()

    booking = book(initiative, session, SchoolFactory())

    assert not BusRequest.objects.filter(booking=booking).exists()


def test_bus_approval_stops_at_the_trip_budget():
    _, _, budget = bus_setup()
    budget.max_trips = 2
    budget.save()
    requests = BusRequestFactory.create_batch(3, budget=budget)

    services.approve_bus(bus_request=requests[0])
    services.approve_bus(bus_request=requests[1])
    with pytest.raises(services.BudgetExceeded):
        services.approve_bus(bus_request=requests[2])

    assert budget.usage()["trips"] == 2
    assert budget.trips_left == 0
    requests[2].refresh_from_db()
    assert requests[2].status == BusRequest.Status.REQUESTED


def test_bus_approval_stops_at_the_euro_budget():
    _, _, budget = bus_setup()
    budget.max_trips, budget.max_euros = None, Decimal("600.00")
    budget.save()
    first, second, third = BusRequestFactory.create_batch(3, budget=budget, estimated_cost=Decimal("250.00"))

    services.approve_bus(bus_request=first)
    services.approve_bus(bus_request=second)

    with pytest.raises(services.BudgetExceeded):
        services.approve_bus(bus_request=third)
    assert budget.euros_left == Decimal("100.00")


def test_bus_declined_or_cancelled_booking_cannot_get_a_bus():
    _, _, budget = bus_setup()
    trip = BusRequestFactory(budget=budget, booking=BookingFactory(status=Booking.Status.CANCELLED))

    with pytest.raises(services.BookingError):
        services.approve_bus(bus_request=trip)


def test_bus_admin_approves_within_budget_shows_usage_and_exports_trips(admin_client):
    _, session, budget = bus_setup()
    budget.max_trips = 1
    budget.save()
    booking = BookingFactory(initiative=session.initiative, sessions=[session], status="confirmed")
    inside = BusRequestFactory(budget=budget, booking=booking, pickup_address="Schoolstraat 1, Rotterdam")
    beyond = BusRequestFactory(budget=budget)
    url = reverse("admin:initiatives_busrequest_changelist")

    admin_client.post(url, {"action": "approve", "_selected_action": [inside.pk]})
    response = admin_client.post(url, {"action": "approve", "_selected_action": [beyond.pk]}, follow=True)

    assert BusRequest.objects.get(pk=inside.pk).status == BusRequest.Status.APPROVED
    assert BusRequest.objects.get(pk=beyond.pk).status == BusRequest.Status.REQUESTED
    html = response.content.decode()
    assert "busbudget" in html.lower() and "op." in html
    assert "1 / 1" in html  # trips used / budget

    csv_response = admin_client.post(url, {"action": "export_trips_csv", "_selected_action": [inside.pk, beyond.pk]})
    rows = list(csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 2  # header + the one approved trip
    assert rows[1][3] == "Schoolstraat 1, Rotterdam"
    assert rows[1][7] == "31"

    xlsx_response = admin_client.post(url, {"action": "export_trips_xlsx", "_selected_action": [inside.pk]})
    sheet = load_workbook(io.BytesIO(xlsx_response.content)).active
    assert sheet.max_row == 2
    assert sheet.cell(row=2, column=13).value == booking.reference


def test_bus_budget_admin_lists_used_and_left(admin_client):
    _, _, budget = bus_setup()
    services.approve_bus(bus_request=BusRequestFactory(budget=budget))

    response = admin_client.get(reverse("admin:initiatives_busbudget_changelist"))

    assert response.status_code == 200
    assert "€ 250,00" in response.content.decode()


def test_bus_eligibility_rules_are_seeded():
    assert BusEligibilityRule.objects.filter(po_group_from=5, po_group_to=8).exists()
    assert BusEligibilityRule.objects.filter(vmbo_without_hard_profile=True).exists()


def test_bus_not_approved_while_the_booking_is_waitlisted():
    _, _, budget = bus_setup()
    trip = BusRequestFactory(budget=budget, booking=BookingFactory(status=Booking.Status.WAITLISTED))

    with pytest.raises(services.BookingError):
        services.approve_bus(bus_request=trip)
    assert budget.usage()["trips"] == 0


def test_bus_request_queryset_for_the_dashboard():
    _, _, budget = bus_setup()
    approved = BusRequestFactory(budget=budget)
    services.approve_bus(bus_request=approved)
    BusRequestFactory(budget=budget)

    assert list(
        BusRequest.objects.approved().in_school_year(budget.school_year).filter(budget__campus=budget.campus)
    ) == [approved]
    assert BusRequest.objects.in_school_year(budget.school_year + 1).count() == 0


def test_bus_decisions_are_mailed_to_the_teacher(django_capture_on_commit_callbacks):
    from django.core import mail

    _, _, budget = bus_setup()
    yes, no = BusRequestFactory.create_batch(2, budget=budget)

    with django_capture_on_commit_callbacks(execute=True):
        services.approve_bus(bus_request=yes)
        services.decline_bus(bus_request=no)

    subjects = sorted(message.subject.split(":")[0] for message in mail.outbox)
    assert subjects == ["Geen gratis bus", "Gratis bus geregeld"]
    assert yes.pickup_address in next(m.body for m in mail.outbox if m.to == [yes.booking.email])


def test_bus_admin_skips_a_booking_whose_offered_seat_is_not_accepted_yet(admin_client):
    _, session, budget = bus_setup()
    offered = BookingFactory(initiative=session.initiative, sessions=[session], status="offered")
    confirmed = BookingFactory(initiative=session.initiative, sessions=[session], status="confirmed")
    skipped = BusRequestFactory(budget=budget, booking=offered)
    approved = BusRequestFactory(budget=budget, booking=confirmed)
    url = reverse("admin:initiatives_busrequest_changelist")

    response = admin_client.post(url, {"action": "approve", "_selected_action": [skipped.pk, approved.pk]}, follow=True)

    html = response.content.decode()
    assert BusRequest.objects.get(pk=skipped.pk).status == BusRequest.Status.REQUESTED
    assert BusRequest.objects.get(pk=approved.pk).status == BusRequest.Status.APPROVED
    assert f"{offered.reference}: Aan deze boeking is een plek aangeboden die nog niet is aangenomen" in html
    assert "1 busrit goedgekeurd." in html
    assert list(BusRequest.objects.approved()) == [approved]
