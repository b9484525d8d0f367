# ruff: noqa: F811  (pytest fixtures imported from curation_fixtures are used as arguments)
"""Role scoping of the booking admin."""

import pytest

permissions = pytest.importorskip("initiatives.permissions")
Role = permissions.Role

from django.urls import reverse  # noqa: E402

from tests.factories import (  # noqa: E402
    BookingFactory,
    BusBudgetFactory,
    CampusFactory,
    InitiativeFactory,
    ProviderFactory,
)
from tests.initiatives.curation_fixtures import make_user, roles  # noqa: E402, F401

pytestmark = pytest.mark.django_db


def test_booking_roles_provider_editor_sees_only_own_bookings(client, make_user):
    own_provider, other_provider = ProviderFactory(), ProviderFactory()
    own = BookingFactory(initiative=InitiativeFactory(provider=own_provider))
    other = BookingFactory(initiative=InitiativeFactory(provider=other_provider))
    client.force_login(make_user(Role.PROVIDER, provider=own_provider))

    listing = client.get(reverse("admin:initiatives_booking_changelist"))
    foreign = client.get(reverse("admin:initiatives_booking_change", args=[other.pk]))

    assert list(listing.context["cl"].result_list) == [own]
    assert foreign.status_code in (302, 403, 404)


def test_booking_roles_campus_coordinator_sees_own_campus_budget(client, make_user):
    own_campus, other_campus = CampusFactory(), CampusFactory()
    own = BusBudgetFactory(campus=own_campus)
    BusBudgetFactory(campus=other_campus)
    client.force_login(make_user(Role.CAMPUS, campuses=[own_campus]))

    listing = client.get(reverse("admin:initiatives_busbudget_changelist"))

    assert list(listing.context["cl"].result_list) == [own]
