"""Parents sign up the family (no school): same locked service, e-mails, signed link and cancellation."""

import pytest
from django.core import mail
from django.urls import reverse

from initiatives.bookings import tokens
from initiatives.models import Booking
from tests.factories import BookingFactory, InitiativeFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def family_session():
    initiative = InitiativeFactory(
        title="Samen een lamp solderen",
        is_family_activity=True,
        po_group_from=None,
        po_group_to=None,
        confirmation_mode="auto",
    )
    return SessionFactory(initiative=initiative, capacity=6)


def family_data(session, **overrides):
    data = {
        "sessions": [session.pk],
        "children": "2",
        "children_ages": "9 en 12 jaar",
        "adults": "1",
        "teacher_name": "Samira Bakker",
        "email": "samira@voorbeeld.nl",
        "phone": "",
        "privacy_consent": "on",
        "website": "",
    }
    data.update(overrides)
    return data


def test_family_signup_form_asks_for_children_and_adults_not_a_school(client, family_session):
    html = client.get(reverse("initiatives:book", kwargs={"slug": family_session.initiative.slug})).content.decode()

    assert "Aantal kinderen" in html and "Aantal volwassenen" in html
    assert 'name="school_query"' not in html and 'name="pupils"' not in html


def test_family_signup_books_mails_and_cancels_through_the_signed_link(
    client, family_session, django_capture_on_commit_callbacks
):
    url = reverse("initiatives:book", kwargs={"slug": family_session.initiative.slug})

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, family_data(family_session))

    booking = Booking.objects.get()
    assert response.status_code == 302 and response["Location"] == tokens.manage_path(booking)
    assert (booking.kind, booking.school, booking.pupils, booking.adults) == ("family", None, 2, 1)
    assert booking.seats == 3  # children and adults both take part
    assert booking.status == Booking.Status.CONFIRMED
    assert mail.outbox[0].to == ["samira@voorbeeld.nl"]
    assert "9 en 12 jaar" in mail.outbox[0].body and tokens.manage_url(booking) in mail.outbox[0].body
    assert mail.outbox[0].attachments  # the calendar file
    page = client.get(response["Location"]).content.decode()
    assert "2 kinderen" in page and "1 volwassene" in page

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("initiatives:booking-cancel", kwargs={"token": tokens.make_token(booking)}))

    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert mail.outbox[-1].subject.startswith("Geannuleerd")


def test_family_signup_counts_against_capacity_and_waitlists_when_full(client, family_session):
    BookingFactory(initiative=family_session.initiative, sessions=[family_session], status="confirmed", seats=4)
    url = reverse("initiatives:book", kwargs={"slug": family_session.initiative.slug})

    client.post(url, family_data(family_session, children="2", adults="1"))

    assert Booking.objects.get(kind="family").status == Booking.Status.WAITLISTED


def test_family_signup_errors_are_specific_and_keep_what_was_typed(client, family_session):
    url = reverse("initiatives:book", kwargs={"slug": family_session.initiative.slug})

    response = client.post(url, family_data(family_session, children="", children_ages="", email="samira@"))
    html = response.content.decode()

    assert response.status_code == 200
    assert "Vul in hoeveel kinderen er meedoen." in html
    assert "Vul de leeftijd of groep van de kinderen in." in html
    assert "Vul een e-mailadres in zoals naam@voorbeeld.nl." in html
    assert "Dit veld is verplicht." not in html
    assert 'value="Samira Bakker"' in html and 'value="samira@"' in html


def test_family_signup_offered_beside_the_class_booking_when_both_fit(client):
    initiative = InitiativeFactory(is_family_activity=True)  # also for po groups 5-8
    session = SessionFactory(initiative=initiative)
    url = reverse("initiatives:book", kwargs={"slug": initiative.slug})

    detail = client.get(initiative.get_absolute_url()).content.decode()
    client.post(url + "?voor=gezin", family_data(session) | {"voor": "gezin"})

    assert "Meld je gezin aan" in detail and "Boek voor je klas" in detail
    assert Booking.objects.get().kind == "family"


def test_family_signup_refused_by_the_service_for_a_class_only_activity(client):
    session = SessionFactory()
    url = reverse("initiatives:book", kwargs={"slug": session.initiative.slug})

    response = client.post(url + "?voor=gezin", family_data(session) | {"voor": "gezin"})

    assert response.status_code == 200  # the class form, with its own errors
    assert not Booking.objects.exists()
