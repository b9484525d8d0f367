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
from django.utils import translation
from django_tasks_db.models import DBTaskResult

from initiatives.models import Booking, BookingEvent, BusRequest, Initiative, PendingChange, Session
from tests.factories import BookingFactory, BusBudgetFactory, BusRequestFactory, InitiativeFactory, SessionFactory
from tests.initiatives.curation_fixtures import (  # noqa: F401
    admin_form_data,
    campus_rotterdam,
    campus_user,
    initiative_row,
    make_user,
    mrdh_user,
    postcode_3011,
    provider,
    provider_user,
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


# --- review e-mails are queued in the transaction of the change (no on_commit callback to lose)


@pytest.fixture
def live(provider, campus_rotterdam):
    return InitiativeFactory(title="Robots in Rotterdam", provider=provider)


@pytest.fixture
def reviewer(campus_user):
    campus_user.email = "campus@example.org"
    campus_user.save(update_fields=["email"])
    return campus_user


@pytest.fixture
def author(provider_user):
    provider_user.email = "aanbieder@example.org"
    provider_user.save(update_fields=["email"])
    return provider_user


def _provider_saves(client, obj, **changes):
    url = reverse("admin:initiatives_initiative_change", args=[obj.pk])
    form = client.get(url).context["adminform"].form
    return client.post(url, admin_form_data(form, **changes))


def _queued_subjects():
    return [result.args_kwargs["args"][0]["subject"] for result in DBTaskResult.objects.order_by("enqueued_at")]


@pytest.mark.parametrize("decision", ["send_back", "approve"])
def test_review_emails_are_stored_with_the_change_not_after_the_commit(client, settings, author, reviewer, live,
                                                                        decision):  # fmt: skip
    # The test's transaction never commits: an e-mail queued in transaction.on_commit would never be stored.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client.force_login(author)
    _provider_saves(client, live, title="Drones in Rotterdam")
    change = PendingChange.objects.get()
    assert _queued_subjects() == ["Ter beoordeling: initiatief “Robots in Rotterdam”"]
    client.force_login(reviewer)

    url = reverse("admin:initiatives_pendingchange_change", args=[change.pk])
    client.post(url, {decision: "1", "comment": "Noem de leeftijd in de titel."})

    expected = "Teruggestuurd" if decision == "send_back" else "Goedgekeurd"
    assert _queued_subjects()[1:] == [f"{expected}: {PendingChange.objects.get().target_label}"]
    recipients = [result.args_kwargs["args"][0]["to"] for result in DBTaskResult.objects.order_by("enqueued_at")]
    assert recipients == [["campus@example.org"], ["aanbieder@example.org"]]


# --- the pending-change list: a reviewer sees (and counts) what awaits review, as the inbox does


def test_reviewer_list_counts_what_awaits_review_and_provider_sees_the_sent_back(client, author, reviewer, provider):
    from initiatives import review

    first, second = InitiativeFactory(provider=provider, title="Eerste"), InitiativeFactory(provider=provider)
    review.propose(user=author, obj=first, values={"title": "Eerste, nieuw"})
    sent = review.propose(user=author, obj=second, values={"title": "Tweede, nieuw"})
    review.send_back(change=sent, user=reviewer, comment="Noem de leeftijd.")
    url = reverse("admin:initiatives_pendingchange_changelist")
    client.force_login(reviewer)

    home = client.get(reverse("admin:index"))
    listing = client.get(url)

    assert listing.context["cl"].result_count == 1
    assert [row.status for row in listing.context["cl"].result_list] == ["pending"]
    assert "1 wijziging ter beoordeling" in listing.text
    assert 'aria-label="Wijzigingen van aanbieders ter beoordeling: 1"' in home.text  # the inbox's count
    assert client.get(url, {"status__exact": "sent_back"}).context["cl"].result_count == 1
    assert client.get(url, {"status__exact": "alle"}).context["cl"].result_count == 2

    client.force_login(author)
    mine = client.get(url)
    assert sorted(row.status for row in mine.context["cl"].result_list) == ["pending", "sent_back"]
    assert "Noem de leeftijd." not in mine.text  # the comment shows on the form, not in the list
    assert "teruggestuurd door" in mine.text


# --- a booking's history is read-only in the admin


def test_booking_history_cannot_be_added_changed_or_deleted(client, mrdh_user, booked_session):
    from initiatives.bookings import services

    booking = Booking.objects.filter(sessions=booked_session).first()
    services.decline(booking=booking, message="Vol", by=mrdh_user)
    events = list(BookingEvent.objects.filter(booking=booking).values_list("pk", flat=True))
    assert events
    client.force_login(mrdh_user)
    change_url = reverse("admin:initiatives_booking_change", args=[booking.pk])

    page = client.get(change_url)
    [history] = [formset for formset in page.context["inline_admin_formsets"] if formset.opts.model is BookingEvent]

    assert not history.has_add_permission and not history.has_change_permission
    assert not history.has_delete_permission and not history.formset.can_delete
    assert 'name="events-0-DELETE"' not in page.text
    assert reverse("admin:initiatives_booking_delete", args=[booking.pk]) not in page.text
    assert client.get(reverse("admin:initiatives_booking_delete", args=[booking.pk])).status_code == 403
    listing = client.get(reverse("admin:initiatives_booking_changelist"))
    assert "delete_selected" not in listing.context["action_form"].fields["action"].choices.__repr__()
    bulk = client.post(
        reverse("admin:initiatives_booking_changelist"),
        {"action": "delete_selected", "_selected_action": [booking.pk], "post": "yes"},
    )
    assert bulk.status_code in (200, 302)
    assert list(BookingEvent.objects.filter(booking=booking).values_list("pk", flat=True)) == events
    assert Booking.objects.filter(pk=booking.pk).exists()


# --- one money format in the admin: "€ 5.000,00" (and "€ 5,000.00" in English)


@pytest.fixture
def budget(db):
    from initiatives.admin.bookings import _this_year

    budget = BusBudgetFactory(school_year=_this_year(), max_trips=20, max_euros=Decimal("5000.00"))
    BusRequestFactory(budget=budget, status=BusRequest.Status.APPROVED, estimated_cost=Decimal("1250.00"))
    return budget


def test_bus_budget_money_reads_the_same_in_list_form_and_bus_requests(client, mrdh_user, budget):
    client.force_login(mrdh_user)

    listing = client.get(reverse("admin:initiatives_busbudget_changelist")).text
    form = client.get(reverse("admin:initiatives_busbudget_change", args=[budget.pk])).text
    trips = client.get(reverse("admin:initiatives_busrequest_changelist")).text

    assert "€ 1.250,00" in listing and "€ 5.000,00" in listing and "€ 3.750,00" in listing
    assert 'value="5.000,00"' in form and "bijvoorbeeld 5.000,00" in form and "€ 1.250,00" in form
    assert "€ 1.250,00 / € 5.000,00" in trips and "€ 3.750,00" in trips
    for page in (listing, form, trips):
        assert "5000,00" not in page and "5000.00" not in page


@pytest.mark.parametrize("typed, stored", [("7.500,00", "7500.00"), ("7500", "7500.00"), ("€ 7.500,50", "7500.50"),
                                           ("7500,5", "7500.50"), ("7500.00", "7500.00")])  # fmt: skip
def test_bus_budget_takes_money_as_people_type_it(client, mrdh_user, budget, typed, stored):
    client.force_login(mrdh_user)
    url = reverse("admin:initiatives_busbudget_change", args=[budget.pk])
    data = {"campus": budget.campus_id, "school_year": budget.school_year, "max_trips": 20,
            "max_euros": typed, "cost_per_trip": "250,00"}  # fmt: skip

    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    budget.refresh_from_db()
    assert budget.max_euros == Decimal(stored)


def test_bus_budget_money_in_english(client, mrdh_user, budget):
    client.force_login(mrdh_user)
    with translation.override("en"):
        url = reverse("admin:initiatives_busbudget_changelist")  # /en/admin/...

    listing = client.get(url).text

    assert "€ 1,250.00" in listing and "€ 5,000.00" in listing


# --- a school visit without a point: no school can find it


def _initiatives_preview(client, *rows):
    return client.post(
        reverse("admin:initiatives_initiative_import"),
        {"format": 0, "import_file": SimpleUploadedFile("aanbod.xlsx", xlsx_bytes(table(*rows)))},
    )


def _visit(status, **columns):
    return initiative_row(title="Techniekbus op school", waar="komt naar school", status=status,
                          breedtegraad="", lengtegraad="", **columns)  # fmt: skip


def test_published_school_visit_without_a_point_is_an_error_naming_row_and_column(client, mrdh_user, provider):
    client.force_login(mrdh_user)

    response = _initiatives_preview(client, initiative_row(), _visit("gepubliceerd"))

    [invalid] = response.context["result"].invalid_rows
    assert invalid.number == 3  # the Excel row: the header is row 1
    [message] = invalid.field_specific_errors["postcode"]
    assert "komt naar school, maar heeft geen vertrekpunt" in message
    assert "“komt naar scholen binnen (km)”" in message
    assert "<td>3</td><td>postcode</td>" in response.text
    assert not response.context.get("confirm_form")


def test_draft_school_visit_without_a_point_imports_with_a_warning(client, mrdh_user, provider):
    client.force_login(mrdh_user)

    preview = _initiatives_preview(client, _visit("concept"))

    assert preview.context["result"].warning_count == 1
    assert "Rij 2, kolom “postcode”: Deze activiteit komt naar school" in preview.text
    _confirm_initiatives(client, preview)
    assert Initiative.objects.get(title="Techniekbus op school").status == "draft"


def test_school_visit_with_a_postcode_gets_no_warning(client, mrdh_user, provider, postcode_3011):
    client.force_login(mrdh_user)

    preview = _initiatives_preview(client, _visit("gepubliceerd", postcode="3011 AB"))

    assert preview.context["result"].warning_count == 0
    assert "geen vertrekpunt" not in preview.text


def _confirm_initiatives(client, preview):
    form = preview.context["confirm_form"]
    return client.post(
        reverse("admin:initiatives_initiative_process_import"),
        {name: form.initial.get(name, "") for name in form.fields},
    )


def test_bus_budget_in_english_reads_either_way_of_writing_thousands(client, mrdh_user, budget):
    client.force_login(mrdh_user)
    with translation.override("en"):
        url = reverse("admin:initiatives_busbudget_change", args=[budget.pk])
    data = {"campus": budget.campus_id, "school_year": budget.school_year, "max_trips": 20, "cost_per_trip": "250"}

    for typed in ("6.500,00", "6,500.00", "6,500"):
        assert client.post(url, {**data, "max_euros": typed}).status_code == 302
        budget.refresh_from_db()
        assert budget.max_euros == Decimal("6500.00")


def test_move_form_says_which_dates_have_too_few_places(client, mrdh_user, booked_session):
    booking = Booking.objects.filter(sessions=booked_session).first()
    booking.seats = 28
    booking.save(update_fields=["seats"])
    starts = booked_session.starts_at + datetime.timedelta(days=7)
    ends = starts + datetime.timedelta(hours=2)
    SessionFactory(initiative=booked_session.initiative, starts_at=starts, ends_at=ends, capacity=10)
    client.force_login(mrdh_user)

    page = client.get(reverse("admin:initiatives_booking_decide", args=[booking.pk, "verplaatsen"]))

    assert "10 plaatsen vrij · te weinig: deze boeking heeft 28 plaatsen nodig" in page.text


def test_cancelling_a_session_without_bookings_says_nobody_is_told(client, mrdh_user, provider):
    session = SessionFactory(initiative=InitiativeFactory(provider=provider))
    client.force_login(mrdh_user)

    response = client.post(reverse("admin:initiatives_session_cancel", args=[session.pk]), {"message": ""}, follow=True)

    assert "er waren geen boekingen, dus niemand krijgt een e-mail" in response.text
    assert Session.objects.get(pk=session.pk).is_cancelled


def test_import_reads_groups_years_and_minutes_as_people_write_them(client, mrdh_user, provider):
    client.force_login(mrdh_user)
    cells = {"po vanaf groep": "groep 5", "po tot en met groep": "Groep 8", "vo vanaf leerjaar": "leerjaar 1",
             "vo tot en met leerjaar": "klas 3", "duur (minuten)": "90 minuten"}  # fmt: skip
    row = initiative_row(**cells)

    preview = _initiatives_preview(client, row)
    _confirm_initiatives(client, preview)

    initiative = Initiative.objects.get(title="Robots bouwen")
    assert (initiative.po_group_from, initiative.po_group_to) == (5, 8)
    assert (initiative.vo_year_from, initiative.vo_year_to, initiative.duration_minutes) == (1, 3, 90)
    bad = _initiatives_preview(client, initiative_row(title="Ander", **{"po vanaf groep": "groep 5-8"}))
    assert "“groep 5-8” is geen getal." in bad.text
