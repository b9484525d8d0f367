"""Admin defects found by testers: session cancellation by import, review e-mail in the transaction,
the pending-change inbox, read-only booking history, one money format, school-visit rows without reach."""

# ruff: noqa: F811  (pytest fixtures imported from curation_fixtures are used as arguments)
import datetime
import zoneinfo
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from initiatives.models import Booking, BookingEvent, BusRequest, Session
from tests.factories import BookingFactory, BusBudgetFactory, BusRequestFactory, InitiativeFactory, SessionFactory
from tests.initiatives.curation_fixtures import (  # noqa: F401
    campus_rotterdam,
    make_user,
    mrdh_user,
    provider,
    roles,
    table,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")


# --- a session cancelled through the spreadsheet import goes through cancel_session


@pytest.fixture
def booked_session(provider):
    """A session in two weeks (an explicit date: the factory's sequence drifts) with two open bookings and a bus."""
    starts = (datetime.datetime.now(AMSTERDAM) + datetime.timedelta(days=14)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )
    initiative = InitiativeFactory(title="Robots bouwen", provider=provider)
    session = SessionFactory(initiative=initiative, starts_at=starts, ends_at=starts + datetime.timedelta(hours=2))
    first, _second = BookingFactory.create_batch(2, initiative=initiative, sessions=[session], status="confirmed")
    budget = BusBudgetFactory(max_trips=2, max_euros=Decimal("500.00"))
    BusRequestFactory(booking=first, budget=budget, status=BusRequest.Status.APPROVED)
    return session


def _session_rows(session, cancelled="ja", **extra):
    starts = session.starts_at.astimezone(AMSTERDAM)
    ends = session.ends_at.astimezone(AMSTERDAM)
    # Written the way people write dates: 3-2-2027 10:00, no leading zeros.
    row = {
        "Initiatief": session.initiative.title,
        "Begint": f"{starts.day}-{starts.month}-{starts.year} {starts:%H:%M}",
        "Eindigt": f"{ends.day}-{ends.month}-{ends.year} {ends:%H:%M}",
        "Capaciteit": session.capacity,
        "Geannuleerd": cancelled,
    }
    return [row, *extra.get("more", [])]


def _preview(client, rows):
    return client.post(
        reverse("admin:initiatives_session_import"),
        {"format": 0, "import_file": SimpleUploadedFile("sessies.xlsx", xlsx_bytes(table(*rows)))},
    )


def _confirm(client, preview):
    form = preview.context["confirm_form"]
    return client.post(
        reverse("admin:initiatives_session_process_import"),
        {name: form.initial.get(name, "") for name in form.fields},
    )


def test_import_cancelling_a_session_tells_every_booker_and_releases_the_bus(client, mrdh_user, booked_session):
    client.force_login(mrdh_user)

    preview = _preview(client, _session_rows(booked_session))

    assert preview.status_code == 200
    assert "boekingen die vervallen" in preview.text  # the preview says what the confirm will do
    assert mail.outbox == []  # a preview sends nothing
    assert not Session.objects.get(pk=booked_session.pk).is_cancelled
    assert BusRequest.objects.approved().count() == 1

    response = _confirm(client, preview)

    assert response.status_code == 302
    assert Session.objects.get(pk=booked_session.pk).is_cancelled
    assert set(Booking.objects.values_list("status", flat=True)) == {"cancelled"}
    assert len(mail.outbox) == 2
    assert all("De activiteit gaat niet door" in message.subject for message in mail.outbox)
    assert BusRequest.objects.approved().count() == 0
    events = BookingEvent.objects.filter(action=BookingEvent.Action.SESSION_CANCELLED)
    assert events.count() == 2 and {event.by for event in events} == {mrdh_user}


def test_import_cancelling_a_session_sends_nothing_when_another_row_fails(client, mrdh_user, booked_session):
    client.force_login(mrdh_user)
    bad = {"Initiatief": "Bestaat niet", "Begint": "3-2-2027 10:00", "Eindigt": "3-2-2027 12:00", "Capaciteit": 5}

    preview = _preview(client, _session_rows(booked_session, more=[bad]))

    assert "confirm_form" not in preview.context or preview.context["confirm_form"] is None
    assert mail.outbox == []
    assert not Session.objects.get(pk=booked_session.pk).is_cancelled
    assert set(Booking.objects.values_list("status", flat=True)) == {"confirmed"}


def test_import_of_an_already_cancelled_session_sends_nothing_again(client, mrdh_user, booked_session):
    client.force_login(mrdh_user)
    _confirm(client, _preview(client, _session_rows(booked_session)))
    mail.outbox.clear()

    preview = _preview(client, _session_rows(booked_session, note="x"))
    if preview.context.get("confirm_form") is not None:
        _confirm(client, preview)

    assert mail.outbox == []
