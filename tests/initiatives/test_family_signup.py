"""Parents sign up the family (no school): same locked service, e-mails, signed link and cancellation."""

from decimal import Decimal

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


def test_family_only_activity_date_links_open_the_family_form_with_that_date(client, family_session):
    detail = client.get(family_session.initiative.get_absolute_url()).content.decode()
    link = reverse("initiatives:book", kwargs={"slug": family_session.initiative.slug})
    href = f"{link}?voor=gezin&amp;sessie={family_session.pk}"

    form = client.get(f"{link}?voor=gezin&sessie={family_session.pk}").content.decode()

    assert f'href="{href}"' in detail and f'href="{link}?sessie={family_session.pk}"' not in detail
    assert "Aantal kinderen" in form and 'name="school_query"' not in form
    assert f'name="sessions" value="{family_session.pk}" required id="id_sessions_0" checked' in form


def test_family_and_class_activity_offers_both_per_date_and_keeps_the_date_when_switching(client):
    initiative = InitiativeFactory(is_family_activity=True)  # also for po groups 5-8
    session = SessionFactory(initiative=initiative)
    link = reverse("initiatives:book", kwargs={"slug": initiative.slug})

    detail = client.get(initiative.get_absolute_url()).content.decode()
    class_form = client.get(link, {"sessie": session.pk}).content.decode()
    family_form = client.get(link, {"sessie": session.pk, "voor": "gezin"}).content.decode()

    assert f'href="{link}?sessie={session.pk}"' in detail
    assert f'href="{link}?voor=gezin&amp;sessie={session.pk}"' in detail
    assert f'href="?voor=gezin&amp;sessie={session.pk}"' in class_form
    assert f'href="{link}?sessie={session.pk}"' in family_form


def test_provider_hears_of_a_family_signup_and_its_change_in_family_terms(
    client, family_session, django_capture_on_commit_callbacks
):
    initiative = family_session.initiative
    provider_address = initiative.contact_email or initiative.provider.email
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("initiatives:book", kwargs={"slug": initiative.slug}), family_data(family_session))
    booking = Booking.objects.get()
    (notice,) = [message for message in mail.outbox if message.to == [provider_address]]
    change_url = reverse("initiatives:booking-change", kwargs={"token": tokens.make_token(booking)})
    change_form = client.get(change_url).content.decode()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            change_url,
            {
                "session": family_session.pk,
                "pupils": "3",
                "adults": "2",
                "children_ages": "7, 9 en 12 jaar",
                "teacher_name": "Samira Bakker",
                "email": "samira@voorbeeld.nl",
                "phone": "",
                "special_needs": "",
                "remarks": "",
            },
        )

    assert "Nieuwe boeking" in notice.subject
    assert "Kinderen: 2 (leeftijden: 9 en 12 jaar)" in notice.body and "Volwassenen: 1" in notice.body
    assert "School:" not in notice.body and "Groep:" not in notice.body and "Leerlingen" not in notice.body
    assert "Noem geen namen van leerlingen" not in change_form
    assert "Bijvoorbeeld een rolstoel of allergieën." in change_form
    (changed,) = [message for message in mail.outbox if message.to == [provider_address]]
    assert changed.subject == f"Boeking gewijzigd: {initiative.title}"
    assert "Kinderen: 3 (leeftijden: 7, 9 en 12 jaar)" in changed.body and "Volwassenen: 2" in changed.body
    assert "School:" not in changed.alternatives[0][0] and "Kinderen" in changed.alternatives[0][0]


@pytest.fixture
def parents_evening():
    initiative = InitiativeFactory(
        title="Avond voor ouders: je kind veilig online",
        booked_by="families",
        po_group_from=None,
        po_group_to=None,
        confirmation_mode="auto",
    )
    return SessionFactory(initiative=initiative, capacity=3)


def test_an_adult_alone_signs_up_for_a_parents_evening_and_takes_a_seat(client, parents_evening):
    url = reverse("initiatives:book", kwargs={"slug": parents_evening.initiative.slug})

    response = client.post(url, family_data(parents_evening, children="0", children_ages="", adults="2"))

    booking = Booking.objects.get()
    assert response.status_code == 302 and response["Location"] == tokens.manage_path(booking)
    assert (booking.kind, booking.school, booking.pupils, booking.adults) == ("family", None, 0, 2)
    assert (booking.seats, booking.status) == (2, Booking.Status.CONFIRMED)
    assert "0 kinderen, 2 volwassenen" in client.get(response["Location"]).content.decode()
    detail = client.get(parents_evening.initiative.get_absolute_url()).content.decode()
    assert "1 plaats vrij" in detail


def test_a_parents_evening_counts_adults_against_capacity_and_waitlists_when_full(client, parents_evening):
    url = reverse("initiatives:book", kwargs={"slug": parents_evening.initiative.slug})
    client.post(url, family_data(parents_evening, children="", children_ages="", adults="2"))

    client.post(url, family_data(parents_evening, children="", children_ages="", adults="2", email="b@voorbeeld.nl"))

    assert list(Booking.objects.order_by("pk").values_list("status", flat=True)) == ["confirmed", "waitlisted"]


@pytest.mark.parametrize(
    ("overrides", "field_message"),
    [
        ({"children": "0", "children_ages": "", "adults": "0"}, "Meld minstens 1 volwassene aan."),
        ({"children": "-1", "children_ages": ""}, "Het aantal kinderen kan niet negatief zijn."),
        ({"children": "2", "children_ages": ""}, "Vul de leeftijd of groep van de kinderen in."),
    ],
)
def test_a_parents_evening_sign_up_says_what_is_missing_per_field(client, parents_evening, overrides, field_message):
    url = reverse("initiatives:book", kwargs={"slug": parents_evening.initiative.slug})

    response = client.post(url, family_data(parents_evening, **overrides))

    assert response.status_code == 200 and field_message in response.content.decode()
    assert not Booking.objects.exists()


def test_a_parent_and_child_activity_still_needs_a_child(client, family_session):
    url = reverse("initiatives:book", kwargs={"slug": family_session.initiative.slug})

    response = client.post(url, family_data(family_session, children="0", children_ages=""))

    assert response.status_code == 200 and "Er doet minstens 1 kind mee." in response.content.decode()
    assert not Booking.objects.exists()


def _parents_evening_change(session, **booking_fields):
    """A family sign-up for the parents' evening, its change link, and the change form's unchanged fields."""
    booking = BookingFactory(
        initiative=session.initiative, sessions=[session], kind="family", school=None, school_level="",
        po_group=None, status="confirmed", **booking_fields,
    )  # fmt: skip
    url = reverse("initiatives:booking-change", kwargs={"token": tokens.make_token(booking)})
    data = {"session": session.pk, "children_ages": "", "teacher_name": "Samira Bakker",
            "email": "samira@voorbeeld.nl", "phone": "", "special_needs": "", "remarks": ""}  # fmt: skip
    return booking, url, data


def test_a_parents_evening_sign_up_can_change_to_adults_only_but_not_to_nobody(client, parents_evening):
    booking, url, data = _parents_evening_change(parents_evening, pupils=1, adults=1, seats=2, children_ages="8 jaar")

    refused = client.post(url, {**data, "pupils": "0", "adults": "0"})
    client.post(url, {**data, "pupils": "0", "adults": "1"})

    assert "Meld minstens 1 volwassene aan." in refused.content.decode()
    booking.refresh_from_db()
    assert (booking.pupils, booking.adults, booking.seats) == (0, 1, 1)


def test_a_parents_evening_change_form_does_not_ask_for_children(client, parents_evening):
    """The change form says what the sign-up form said: children are optional at a parents' evening."""
    booking, url, data = _parents_evening_change(parents_evening, pupils=0, adults=1, seats=1, children_ages="")

    form = client.get(url).content.decode()
    client.post(url, {**data, "pupils": "", "adults": "2"})

    assert "Niet verplicht: 0 als je zonder kinderen komt." in form
    assert "Aantal kinderen (verplicht)" not in " ".join(form.split())
    booking.refresh_from_db()
    assert (booking.pupils, booking.adults, booking.seats) == (0, 2, 2)


def test_a_parents_evening_form_asks_for_the_adults_first(client, parents_evening):
    page = client.get(reverse("initiatives:book", kwargs={"slug": parents_evening.initiative.slug})).content.decode()

    assert "Je meldt je aan bij" in page and "Je meldt je gezin aan" not in page
    assert page.index('name="adults"') < page.index('name="children"')


def test_the_cost_is_on_the_sign_up_page_and_in_its_email(client, family_session):
    """A paying parent sees what it costs after signing up too, not only on the activity's page."""
    initiative = family_session.initiative
    initiative.is_free, initiative.price = False, Decimal("5.00")
    initiative.price_note = "Per kind, inclusief materiaal."
    initiative.save()
    url = reverse("initiatives:book", kwargs={"slug": initiative.slug})

    response = client.post(url, family_data(family_session))

    page = client.get(response["Location"]).content.decode()
    assert "€ 5,00 (Per kind, inclusief materiaal.)" in page
    assert "Kosten: € 5,00 (Per kind, inclusief materiaal.)" in mail.outbox[0].body
