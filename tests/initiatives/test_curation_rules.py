# ruff: noqa: F811  (pytest fixtures imported from curation_fixtures are used as arguments)
"""Roles that hold, the point from the postcode, booking settings in the form: through the admin URLs."""

from decimal import Decimal

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from initiatives.bookings.models import school_year_of
from initiatives.models import BusRequest, Initiative
from tests.factories import (
    BookingFactory,
    BusBudgetFactory,
    BusRequestFactory,
    CampusFactory,
    InitiativeFactory,
    SessionFactory,
)
from tests.initiatives.curation_fixtures import (  # noqa: F401
    admin_form_data,
    campus_den_haag,
    campus_rotterdam,
    campus_user,
    make_user,
    mrdh_user,
    postcode_3011,
    provider,
    provider_user,
    roles,
)

pytestmark = pytest.mark.django_db
User = get_user_model()


def user_data(user, **changes):
    """The user change form's fields as the admin posts them."""
    joined = timezone.localtime(user.date_joined)
    data = {
        "username": user.username,
        "email": user.email,
        "is_active": "on",
        "date_joined_0": joined.strftime("%d-%m-%Y"),
        "date_joined_1": joined.strftime("%H:%M:%S"),
        **changes,
    }
    return data


def user_url(user):
    return reverse("admin:auth_user_change", args=[user.pk])


# --- roles ---------------------------------------------------------------------------------------


def test_mrdh_coordinator_cannot_grant_staff_or_superuser_rights(client, mrdh_user):
    someone = User.objects.create_user("iemand", password="wachtwoord-123")
    client.force_login(mrdh_user)
    form = client.get(user_url(someone)).context["adminform"].form

    response = client.post(user_url(someone), user_data(someone, is_staff="on", is_superuser="on"))

    someone.refresh_from_db()
    assert "is_superuser" not in form.fields and "is_staff" not in form.fields
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert not someone.is_staff and not someone.is_superuser


def test_mrdh_coordinator_cannot_change_a_superuser_account(client, mrdh_user):
    boss = User.objects.create_superuser("baas", "baas@example.org", "wachtwoord-123")
    client.force_login(mrdh_user)

    page = client.get(user_url(boss))

    assert page.status_code == 200 and 'name="username"' not in page.text


def test_a_superuser_still_grants_staff_rights(client):
    boss = User.objects.create_superuser("baas", "baas@example.org", "wachtwoord-123")
    someone = User.objects.create_user("iemand", password="wachtwoord-123")
    client.force_login(boss)

    response = client.post(user_url(someone), user_data(someone, is_staff="on"))

    someone.refresh_from_db()
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert someone.is_staff


def test_mrdh_coordinator_manages_login_lockouts(client, mrdh_user, settings):
    attempt = AccessAttempt.objects.create(
        username="docent", ip_address="10.0.0.1", failures_since_start=5, get_data="", post_data="", http_accept=""
    )
    client.force_login(mrdh_user)

    listing = client.get(reverse("admin:axes_accessattempt_changelist"))
    client.post(reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"})

    assert listing.status_code == 200
    assert not AccessAttempt.objects.exists()


def test_campus_coordinator_sees_only_own_bus_budgets(client, campus_user, campus_rotterdam, campus_den_haag):
    BusBudgetFactory(campus=campus_rotterdam)
    BusBudgetFactory(campus=campus_den_haag)
    client.force_login(campus_user)

    budgets = client.get(reverse("admin:initiatives_busbudget_changelist"))
    trips = client.get(reverse("admin:initiatives_busrequest_changelist"))

    assert [budget.campus for budget in budgets.context["cl"].result_list] == [campus_rotterdam]
    assert [budget.campus for budget in trips.context["budgets"]] == [campus_rotterdam]
    assert "Campus Den Haag" not in trips.text


def test_a_free_bus_needs_a_reason_and_still_uses_a_trip(client, mrdh_user):
    campus = CampusFactory()
    session = SessionFactory(initiative=InitiativeFactory(campus=campus, offers_bus_transport=True))
    budget = BusBudgetFactory(
        campus=campus, school_year=school_year_of(timezone.localdate(session.starts_at)), max_trips=1
    )
    booking = BookingFactory(initiative=session.initiative, sessions=[session], status="confirmed")
    free = BusRequestFactory(budget=budget, booking=booking, estimated_cost=Decimal("0"))
    url = reverse("admin:initiatives_busrequest_changelist")
    client.force_login(mrdh_user)

    refused = client.post(url, {"action": "approve", "_selected_action": [free.pk]}, follow=True)
    BusRequest.objects.filter(pk=free.pk).update(note="Sponsor betaalt de bus.")
    client.post(url, {"action": "approve", "_selected_action": [free.pk]})

    assert "reden" in refused.text
    assert BusRequest.objects.get(pk=free.pk).status == BusRequest.Status.APPROVED
    assert budget.trips_left == 0


# --- location from the address -------------------------------------------------------------------


def add_initiative(client, provider, **fields):
    form = client.get(reverse("admin:initiatives_initiative_add")).context["adminform"].form
    data = {
        "title": "Lasersnijden",
        "slug": "lasersnijden",
        "summary": "Zelf een ontwerp lasersnijden.",
        "provider": provider.pk,
        "activity_type": "workshop",
        "practice_level": "3",
        "po_group_from": "5",
        "po_group_to": "8",
        **fields,
    }
    return client.post(reverse("admin:initiatives_initiative_add"), admin_form_data(form, **data), follow=True)


def test_initiative_with_only_a_postcode_gets_an_approximate_point_and_campus_and_is_found(
    client, mrdh_user, provider, campus_rotterdam, postcode_3011
):
    client.force_login(mrdh_user)

    add_initiative(client, provider, postcode="3011 AB", status="published")

    initiative = Initiative.objects.get(slug="lasersnijden")
    assert (initiative.latitude, initiative.longitude) == (postcode_3011.latitude, postcode_3011.longitude)
    assert initiative.is_point_approximate and initiative.campus == campus_rotterdam
    client.logout()
    results = client.get(reverse("initiatives:search"), {"near": "3011", "radius_km": "10"})
    assert "Lasersnijden" in [item.title for item in results.context["outcome"].page]


def test_an_unknown_postcode_is_a_form_error(client, mrdh_user, provider):
    client.force_login(mrdh_user)

    response = add_initiative(client, provider, postcode="9999")

    assert "9999" in str(response.context["adminform"].form.errors["postcode"])
    assert not Initiative.objects.exists()


def test_a_typed_point_stays_exact(client, mrdh_user, provider, campus_rotterdam, postcode_3011):
    client.force_login(mrdh_user)

    add_initiative(client, provider, postcode="3011", latitude="51.9225", longitude="4.47917")

    initiative = Initiative.objects.get()
    assert initiative.latitude == Decimal("51.922500") and not initiative.is_point_approximate


def test_an_entry_without_any_location_gets_a_clear_warning(client, mrdh_user, provider):
    client.force_login(mrdh_user)

    response = add_initiative(client, provider)
    form_page = client.get(reverse("admin:initiatives_initiative_change", args=[Initiative.objects.get().pk]))

    assert "heeft geen locatie" in response.text
    assert "heeft geen locatie" in form_page.text


# --- booking settings ----------------------------------------------------------------------------


def test_booking_settings_are_editable_in_the_form(client, mrdh_user, provider, postcode_3011):
    client.force_login(mrdh_user)

    response = add_initiative(
        client,
        provider,
        postcode="3011",
        offers_bus_transport="on",
        confirmation_mode="auto",
        waitlist_mode="auto_offer",
        booking_opens_days_before="60",
        booking_closes_days_before="5",
    )

    initiative = Initiative.objects.get()
    assert "Boekingsregels" in response.text or initiative.pk
    assert initiative.offers_bus_transport and initiative.confirmation_mode == "auto"
    assert (initiative.waitlist_mode, initiative.booking_opens_days_before) == ("auto_offer", 60)
    assert initiative.booking_closes_days_before == 5
    form_page = client.get(reverse("admin:initiatives_initiative_change", args=[initiative.pk]))
    assert "Boekingsregels" in form_page.text and "Wat er gebeurt als er een plek vrijkomt" in form_page.text
