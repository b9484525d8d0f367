"""A class books only an activity that is for its group, or year and track: the booking form says what the
activity is for, at the field, and keeps everything typed (audience.class_misfits is the one rule)."""

import pytest
from django.core import mail
from django.urls import reverse

from initiatives.bookings import services
from initiatives.models import Booking
from tests.factories import InitiativeFactory, SchoolFactory, SessionFactory

from .test_booking import details, form_data

pytestmark = pytest.mark.django_db

GROUP_MESSAGE = "Deze activiteit is voor groep 5–8. Kies een groep die daarbij past, of zoek een andere activiteit."
HAVO_VWO = {"po_group_from": None, "po_group_to": None, "vo_year_from": 1, "vo_year_to": 3}


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def post(client, initiative, data, prefix=""):
    return client.post(prefix + reverse("initiatives:book", kwargs={"slug": initiative.slug}), data)


def error_summary(html):
    start = html.index('id="error-summary"')
    return html[start : html.index("</div>", start)]


def vo_data(session, school, **overrides):
    """A class of leerjaar 2 havo at a secondary school, unless the overrides say otherwise."""
    return form_data(
        session, school, **{"school_level": "vo", "po_group": None, "vo_year": "2", "vo_track": "havo"} | overrides
    )


def test_booking_class_level_a_group_the_activity_is_not_for_is_refused_and_nothing_typed_is_lost(client, commit):
    initiative = InitiativeFactory()  # groep 5-8
    session = SessionFactory(initiative=initiative)

    with commit():
        response = post(client, initiative, form_data(session, SchoolFactory(), po_group="3", remarks="Met de fiets."))

    html = response.content.decode()
    assert response.status_code == 200
    assert GROUP_MESSAGE in error_summary(html) and html.count(GROUP_MESSAGE) == 2  # summary and field
    assert 'href="#id_po_group"' in error_summary(html)
    assert '<option value="3" selected>' in html
    assert 'value="Fatima el Amrani"' in html and 'value="28"' in html and "Met de fiets." in html
    assert Booking.objects.count() == 0 and mail.outbox == []


def test_booking_class_level_a_group_that_fits_is_booked(client, commit):
    initiative = InitiativeFactory()
    session = SessionFactory(initiative=initiative)

    with commit():
        response = post(client, initiative, form_data(session, SchoolFactory(), po_group="5"))

    assert response.status_code == 302
    assert Booking.objects.get().po_group == 5
    assert [message.to for message in mail.outbox][0] == ["f.elamrani@school.example"]


@pytest.mark.parametrize(
    "levels",
    [
        {"levels_unknown": True, "po_group_from": None, "po_group_to": None},
        {"levels_unknown": True},  # unknown wins over a range entered anyway
        {"po_group_from": None, "po_group_to": None},  # no school level given: no restriction
    ],
)
def test_booking_class_level_unknown_or_unrestricted_takes_any_class(client, commit, levels):
    initiative = InitiativeFactory(booked_by="classes", **levels)
    session = SessionFactory(initiative=initiative)

    with commit():
        young = post(client, initiative, form_data(session, SchoolFactory(), po_group="1"))
        secondary = post(client, initiative, vo_data(session, SchoolFactory(kind="vo"), vo_track="vmbo_bl"))

    assert young.status_code == secondary.status_code == 302
    assert Booking.objects.count() == 2 and len(mail.outbox) >= 2


def test_booking_class_level_a_track_or_year_the_activity_is_not_for_is_refused_at_each_field(client):
    initiative = InitiativeFactory(**HAVO_VWO, for_havo=True, for_vwo=True)
    session = SessionFactory(initiative=initiative)

    response = post(client, initiative, vo_data(session, SchoolFactory(kind="vo"), vo_year="5", vo_track="vmbo_bl"))

    summary = error_summary(response.content.decode())
    assert (
        "Deze activiteit is voor havo, vwo leerjaar 1–3, niet voor vmbo basis. Zoek een andere activiteit." in summary
    )
    assert "Deze activiteit is voor havo, vwo leerjaar 1–3. Kies een leerjaar dat daarbij past" in summary
    assert 'href="#id_vo_track"' in summary and 'href="#id_vo_year"' in summary
    assert Booking.objects.count() == 0


def test_booking_class_level_vmbo_tracks_a_mixed_class_and_praktijkonderwijs_fit_a_vmbo_activity(client):
    initiative = InitiativeFactory(**HAVO_VWO, for_vmbo_bl=True, for_vmbo_kl=True)
    session = SessionFactory(initiative=initiative)

    refused = post(client, initiative, vo_data(session, SchoolFactory(kind="vo"), vo_track="vmbo_gt"))
    kader = post(client, initiative, vo_data(session, SchoolFactory(kind="vo"), vo_track="vmbo_kl"))
    mixed = post(client, initiative, vo_data(session, SchoolFactory(kind="vo"), vo_track="other"))
    practical = post(client, initiative, vo_data(session, SchoolFactory(kind="vo"), vo_track="pro"))

    assert "voor vmbo basis en kader leerjaar 1–3, niet voor vmbo gemengd/theoretisch." in refused.content.decode()
    assert kader.status_code == mixed.status_code == practical.status_code == 302
    assert Booking.objects.count() == 3


def test_booking_class_level_a_primary_school_at_a_secondary_activity_is_refused_at_the_school(client):
    initiative = InitiativeFactory(**HAVO_VWO, for_havo=True, for_vwo=True)
    session = SessionFactory(initiative=initiative)
    message = "Deze activiteit is voor havo, vwo leerjaar 1–3, niet voor het basisonderwijs."

    listed = post(client, initiative, form_data(session, SchoolFactory()))
    unlisted = post(
        client,
        initiative,
        form_data(session, None, school_not_listed="on", school_name="Nieuwe School", school_place="Delft"),
    )

    assert 'href="#id_school_query"' in error_summary(listed.content.decode())
    assert message in error_summary(listed.content.decode())
    assert 'href="#id_school_level_0"' in error_summary(unlisted.content.decode())
    assert message in unlisted.content.decode() and 'value="Nieuwe School"' in unlisted.content.decode()
    assert Booking.objects.count() == 0


def test_booking_class_level_message_is_in_english_on_the_english_form(client):
    initiative = InitiativeFactory()
    session = SessionFactory(initiative=initiative)

    response = post(client, initiative, form_data(session, SchoolFactory(), po_group="3"), prefix="/en")

    assert (
        "This activity is for group 5–8. Choose a group that fits, or look for another activity."
        in response.content.decode()
    )


def test_booking_class_level_service_refuses_a_class_the_activity_is_not_for():
    """The service holds the rule too, for any caller that does not come through the form."""
    initiative = InitiativeFactory()
    session = SessionFactory(initiative=initiative)

    with pytest.raises(services.BookingError) as error:
        services.book(initiative=initiative, sessions=[session], details=details(SchoolFactory(), po_group=2))

    assert error.value.field == "po_group" and str(error.value.message) == GROUP_MESSAGE
    assert Booking.objects.count() == 0
