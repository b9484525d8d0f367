import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from initiatives.bookings import services, tokens
from initiatives.bookings.seats import with_seats_taken
from initiatives.models import Booking, BusRequest, Initiative, Session
from tests.factories import (
    BookingFactory,
    BusBudgetFactory,
    BusEligibilityRuleFactory,
    CampusFactory,
    InitiativeFactory,
    SchoolFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run on_commit callbacks (the e-mails) at the end of the block, as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def form_data(session=None, listed_school=None, **overrides):
    data = {
        "sessions": [session.pk] if session else [],
        "school_query": listed_school.name if listed_school else "",
        "school_level": "po",
        "po_group": "7",
        "pupils": "28",
        "adults": "3",
        "teacher_name": "Fatima el Amrani",
        "email": "f.elamrani@school.example",
        "phone": "010 123 45 67",
        "privacy_consent": "on",
        "website": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def details(school, **overrides):
    values = {
        "school": school,
        "school_level": "po",
        "po_group": 7,
        "pupils": 28,
        "adults": 3,
        "teacher_name": "Jan",
        "email": "jan@school.example",
        "phone": "0101234567",
    }
    values.update(overrides)
    return values


def manage_link(message):
    return re.search(r"http://[^\s]+/boeking/[^\s]+/", message.body).group(0)


def test_booking_done_scenario_group7_with_bus_email_link_and_cancel(client, settings, commit):
    settings.SITE_URL = "http://testserver"
    campus = CampusFactory()
    initiative = InitiativeFactory(title="Robots bouwen op de campus", offers_bus_transport=True, campus=campus)
    session = SessionFactory(initiative=initiative, capacity=60)
    school = SchoolFactory(name="Basisschool De Vlinder", street="Schoolstraat", house_number="1")
    BusBudgetFactory(campus=campus, school_year=services.school_year_of(timezone.localdate(session.starts_at)))
    BusEligibilityRuleFactory()

    with commit():
        response = client.post(
            reverse("initiatives:book", kwargs={"slug": initiative.slug}),
            form_data(session, school, bus_requested="on", pickup_address=""),
        )

    booking = Booking.objects.get()
    assert response.status_code == 302
    assert response["Location"] == tokens.manage_path(booking)
    assert (booking.status, booking.po_group, booking.pupils, booking.adults) == ("requested", 7, 28, 3)
    bus = booking.bus_request
    assert bus.status == BusRequest.Status.REQUESTED
    assert bus.passengers == 31
    assert bus.pickup_address == "Schoolstraat 1, 3011 AB Rotterdam"
    (received,) = [message for message in mail.outbox if message.to == ["f.elamrani@school.example"]]
    (notice,) = [message for message in mail.outbox if message.to == [initiative.provider.email]]
    assert "Nieuwe boeking" in notice.subject
    assert "Aanvraag ontvangen" in received.subject
    assert received.alternatives[0][1] == "text/html"

    page = client.get(manage_link(received))
    assert page.status_code == 200
    assert "Basisschool De Vlinder" in page.content.decode()
    confirm_page = client.get(reverse("initiatives:booking-cancel", kwargs={"token": tokens.make_token(booking)}))
    assert "Weet je zeker" in confirm_page.content.decode()
    assert Booking.objects.get().status == "requested"  # GET alone changes nothing

    with commit():
        client.post(reverse("initiatives:booking-cancel", kwargs={"token": tokens.make_token(booking)}))

    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert booking.cancelled_at is not None
    assert BusRequest.objects.get().status == BusRequest.Status.CANCELLED
    assert "Geannuleerd" in mail.outbox[-1].subject


def test_booking_page_shows_dates_with_seats_left_and_one_h1(client):
    session = SessionFactory(capacity=30)
    BookingFactory(initiative=session.initiative, sessions=[session], pupils=12, seats=12)

    response = client.get(reverse("initiatives:book", kwargs={"slug": session.initiative.slug}))

    html = response.content.decode()
    assert response.status_code == 200
    assert len(re.findall(r"<h1[ >]", html)) == 1
    assert "18 plaatsen vrij" in html
    assert 'autocomplete="email"' in html and 'autocomplete="tel"' in html and 'autocomplete="name"' in html


def test_booking_form_keeps_typed_values_and_links_errors_in_summary(client):
    session = SessionFactory()
    school = SchoolFactory()

    response = client.post(
        reverse("initiatives:book", kwargs={"slug": session.initiative.slug}),
        form_data(session, school, email="geen-adres", privacy_consent=None),
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert Booking.objects.count() == 0
    assert 'id="error-summary"' in html
    assert 'href="#id_email"' in html
    assert 'href="#id_privacy_consent"' in html
    assert 'value="Fatima el Amrani"' in html
    assert 'value="geen-adres"' in html
    assert 'aria-invalid="true"' in html


def test_booking_auto_confirmation_sends_calendar_attachment(commit):
    session = SessionFactory(initiative=InitiativeFactory(confirmation_mode=Initiative.ConfirmationMode.AUTO))

    with commit():
        booking = services.book(initiative=session.initiative, sessions=[session], details=details(SchoolFactory()))

    assert booking.status == Booking.Status.CONFIRMED
    message = mail.outbox[0]
    assert "Bevestigd" in message.subject
    filename, content, mimetype = message.attachments[0]
    assert mimetype == "text/calendar"
    assert "BEGIN:VEVENT" in content and session.initiative.title[:20] in content


def test_booking_email_writes_the_address_of_the_date_as_addresses_are_written(commit):
    initiative = InitiativeFactory(
        venue_name="Bibliotheek", address="Hoogstraat 110", postcode="3011 PV", place_name="Rotterdam"
    )
    usual = SessionFactory(initiative=initiative)
    elsewhere = SessionFactory(initiative=initiative, venue_name="Wijkcentrum", address="Kade 1, 3012 AB Rotterdam")

    with commit():
        services.book(initiative=initiative, sessions=[usual], details=details(SchoolFactory()))
        services.book(initiative=initiative, sessions=[elsewhere], details=details(SchoolFactory()))

    first, second = (message.body for message in mail.outbox if "Beste" in message.body)  # to the bookers
    assert "Adres: Bibliotheek, Hoogstraat 110, 3011 PV Rotterdam\n" in first
    assert "Adres: Wijkcentrum, Kade 1, 3012 AB Rotterdam\n" in second


def test_booking_full_session_goes_on_the_waitlist(commit):
    session = SessionFactory(capacity=30)
    BookingFactory(initiative=session.initiative, sessions=[session], pupils=20, seats=20)

    with commit():
        booking = services.book(initiative=session.initiative, sessions=[session], details=details(SchoolFactory()))

    assert booking.status == Booking.Status.WAITLISTED
    assert "wachtlijst" in mail.outbox[0].subject.lower()
    assert with_seats_taken(Session.objects.filter(pk=session.pk)).get().seats_left == 10


def test_booking_full_session_is_offered_as_waitlist_on_the_form(client):
    session = SessionFactory(capacity=20)
    BookingFactory(initiative=session.initiative, sessions=[session], pupils=20, seats=20)

    response = client.get(reverse("initiatives:book", kwargs={"slug": session.initiative.slug}))

    assert "vol: aanmelden voor de wachtlijst" in response.content.decode()


def test_booking_capacity_in_groups_counts_one_seat_per_group():
    initiative = InitiativeFactory(capacity_unit=Initiative.CapacityUnit.GROUPS)
    session = SessionFactory(initiative=initiative, capacity=2)

    first = services.book(initiative=initiative, sessions=[session], details=details(SchoolFactory()))
    second = services.book(initiative=initiative, sessions=[session], details=details(SchoolFactory()))
    third = services.book(initiative=initiative, sessions=[session], details=details(SchoolFactory()))

    assert first.seats == 1
    assert [first.status, second.status, third.status] == ["requested", "requested", "waitlisted"]


def test_booking_group_size_limits_are_enforced():
    initiative = InitiativeFactory(group_size_min=10, group_size_max=25)
    session = SessionFactory(initiative=initiative)

    with pytest.raises(services.BookingError) as error:
        services.book(initiative=initiative, sessions=[session], details=details(SchoolFactory(), pupils=28))

    assert error.value.field == "pupils"
    assert Booking.objects.count() == 0


def test_booking_closed_window_is_refused():
    initiative = InitiativeFactory(booking_closes_days_before=14)
    session = SessionFactory(initiative=initiative, starts_at=timezone.now() + datetime.timedelta(days=10))

    with pytest.raises(services.BookingError):
        services.book(initiative=initiative, sessions=[session], details=details(SchoolFactory()))


def test_booking_window_not_yet_open_hides_the_session(client):
    initiative = InitiativeFactory(booking_opens_days_before=30)
    SessionFactory(initiative=initiative, starts_at=timezone.now() + datetime.timedelta(days=60))

    response = client.get(reverse("initiatives:book", kwargs={"slug": initiative.slug}))

    assert response.context["is_closed"] is True


def test_booking_series_requires_the_number_of_sessions():
    initiative = InitiativeFactory(sessions_required=2)
    first, second = SessionFactory(initiative=initiative), SessionFactory(initiative=initiative)

    with pytest.raises(services.BookingError):
        services.book(initiative=initiative, sessions=[first], details=details(SchoolFactory()))
    booking = services.book(initiative=initiative, sessions=[first, second], details=details(SchoolFactory()))

    assert set(booking.sessions.all()) == {first, second}
    left = [session.seats_left for session in with_seats_taken(Session.objects.filter(pk__in=[first.pk, second.pk]))]
    assert list(left) == [2, 2]


def test_booking_date_request_without_fixed_dates(client):
    initiative = InitiativeFactory()
    school = SchoolFactory()

    response = client.post(
        reverse("initiatives:book", kwargs={"slug": initiative.slug}),
        form_data(None, school, preferred_periods="Dinsdagen in maart"),
    )

    booking = Booking.objects.get()
    assert response.status_code == 302
    assert booking.starts_at is None  # a date request
    assert booking.preferred_periods == "Dinsdagen in maart"
    assert booking.status == Booking.Status.REQUESTED


def test_booking_school_lookup_offers_a_choice_when_ambiguous(client):
    session = SessionFactory()
    SchoolFactory(name="De Regenboog", place_name="Delft")
    wanted = SchoolFactory(name="De Regenboog Noord", place_name="Rotterdam")
    url = reverse("initiatives:book", kwargs={"slug": session.initiative.slug})

    first = client.post(url, form_data(session, None, school_query="regenboog"))
    assert "Kies je vestiging" in first.content.decode()
    second = client.post(url, form_data(session, None, school_query="regenboog", school=wanted.code))

    assert second.status_code == 302
    assert Booking.objects.get().school == wanted


def test_booking_school_lookup_by_brin(client):
    session = SessionFactory()
    school = SchoolFactory(code="99ZZ00", brin="99ZZ")

    client.post(
        reverse("initiatives:book", kwargs={"slug": session.initiative.slug}),
        form_data(session, None, school_query="99zz"),
    )

    assert Booking.objects.get().school == school


def test_booking_school_not_listed_uses_free_text(client):
    session = SessionFactory()

    response = client.post(
        reverse("initiatives:book", kwargs={"slug": session.initiative.slug}),
        form_data(session, None, school_not_listed="on", school_name="Nieuwe School", school_place="Schiedam"),
    )

    booking = Booking.objects.get()
    assert response.status_code == 302
    assert booking.school is None
    assert booking.school_display == "Nieuwe School (Schiedam)"


def test_booking_honeypot_blocks_bots(client):
    session = SessionFactory()

    response = client.post(
        reverse("initiatives:book", kwargs={"slug": session.initiative.slug}),
        form_data(session, SchoolFactory(), website="http://spam.example"),
    )

    assert response.status_code == 200
    assert Booking.objects.count() == 0


def test_booking_rate_limit_answers_429_in_dutch(client, settings):
    settings.BOOKING_FORM_RATE_LIMIT = "2/d"  # a day-long window: a minute could end mid-test
    session = SessionFactory()
    url = reverse("initiatives:book", kwargs={"slug": session.initiative.slug})

    statuses = [client.post(url, {"pupils": "x"}).status_code for _ in range(3)]

    assert statuses == [200, 200, 429]
    assert "Even wachten" in client.post(url, {}).content.decode()


def test_only_complete_bookings_count_against_the_booking_limit_and_nothing_typed_is_lost(client, settings):
    """A school shares one address: typos do not use up the limit, and past it the form keeps what was typed."""
    settings.BOOKING_RATE_LIMIT = "1/d"
    session = SessionFactory(capacity=100)
    url = reverse("initiatives:book", kwargs={"slug": session.initiative.slug})
    school = SchoolFactory()
    data = {"sessions": [session.pk], "picked_school": school.code, "school_query": school.name,
            "school_level": "po", "po_group": "7", "pupils": "24", "adults": "2", "teacher_name": "Jan de Vries",
            "email": "jan@school.example", "phone": "0101234567", "privacy_consent": "on"}  # fmt: skip

    typos = [client.post(url, {**data, "email": "geen-adres"}).status_code for _ in range(3)]
    first = client.post(url, data)
    second = client.post(url, {**data, "teacher_name": "Anna Jansen"})

    assert typos == [200, 200, 200] and first.status_code == 302
    page = second.content.decode()
    assert second.status_code == 429 and "Wat je invulde staat er nog" in page
    assert 'value="Anna Jansen"' in page and 'value="jan@school.example"' in page
    assert Booking.objects.count() == 1


def test_booking_requires_csrf_token():
    from django.test import Client

    session = SessionFactory()
    response = Client(enforce_csrf_checks=True).post(
        reverse("initiatives:book", kwargs={"slug": session.initiative.slug}), form_data(session, SchoolFactory())
    )

    assert response.status_code == 403


def test_booking_not_offered_for_external_booking_mode(client):
    initiative = InitiativeFactory(booking_mode=Initiative.BookingMode.EXTERNAL)

    response = client.get(reverse("initiatives:book", kwargs={"slug": initiative.slug}))

    assert response.status_code == 404


def test_signed_link_rejects_a_tampered_token(client):
    booking = BookingFactory()
    token = tokens.make_token(booking)

    assert client.get(reverse("initiatives:booking", kwargs={"token": token})).status_code == 200
    assert client.get(reverse("initiatives:booking", kwargs={"token": token[:-2] + "xx"})).status_code == 404
    assert client.get(reverse("initiatives:booking", kwargs={"token": booking.reference})).status_code == 404


def test_decline_with_auto_offer_promotes_the_first_waitlisted_that_fits(commit):
    initiative = InitiativeFactory(
        waitlist_mode=Initiative.WaitlistMode.AUTO_OFFER, confirmation_mode=Initiative.ConfirmationMode.AUTO
    )
    session = SessionFactory(initiative=initiative, capacity=30)
    holder = services.book(initiative=initiative, sessions=[session], details=details(SchoolFactory(), pupils=25))
    services.book(initiative=initiative, sessions=[session], details=details(SchoolFactory(), pupils=5))
    too_big = services.book(initiative=initiative, sessions=[session], details=details(SchoolFactory(), pupils=29))
    fits = services.book(initiative=initiative, sessions=[session], details=details(SchoolFactory(), pupils=20))
    mail.outbox.clear()

    with commit():
        services.decline(booking=holder, message="Sorry, dubbel geboekt.")

    too_big.refresh_from_db()
    fits.refresh_from_db()
    assert too_big.status == Booking.Status.WAITLISTED
    assert fits.status == Booking.Status.CONFIRMED
    assert sorted(m.subject.split(":")[0] for m in mail.outbox) == ["Aanvraag niet geaccepteerd", "Bevestigd"]
    assert "dubbel geboekt" in mail.outbox[0].body + mail.outbox[1].body


def test_provider_picks_mode_leaves_the_waitlist_alone_until_confirmed(commit):
    initiative = InitiativeFactory(waitlist_mode=Initiative.WaitlistMode.PROVIDER_PICKS)
    session = SessionFactory(initiative=initiative, capacity=30)
    holder = services.book(initiative=initiative, sessions=[session], details=details(SchoolFactory(), pupils=25))
    waiting = services.book(initiative=initiative, sessions=[session], details=details(SchoolFactory(), pupils=20))

    with pytest.raises(services.BookingError):
        services.confirm(booking=waiting)
    services.cancel(booking=holder)
    waiting.refresh_from_db()
    assert waiting.status == Booking.Status.WAITLISTED
    with commit():
        services.confirm(booking=waiting, message="Er is plek!")

    waiting.refresh_from_db()
    assert waiting.status == Booking.Status.CONFIRMED
    assert "Er is plek!" in mail.outbox[-1].body


def test_cancel_session_cancels_its_bookings_and_mails_the_teachers(commit):
    session = SessionFactory()
    open_ones = BookingFactory.create_batch(2, initiative=session.initiative, sessions=[session])
    declined = BookingFactory(initiative=session.initiative, sessions=[session], status=Booking.Status.DECLINED)

    with commit():
        services.cancel_session(session=session, message="De zaal is niet beschikbaar.")

    assert Session.objects.get().is_cancelled
    assert set(Booking.objects.filter(status="cancelled")) == set(open_ones)
    declined.refresh_from_db()
    assert declined.status == Booking.Status.DECLINED
    assert len(mail.outbox) == 2
    assert all("gaat niet door" in m.subject for m in mail.outbox)


def test_session_seats_count_needs_one_query_for_a_list_and_one_more_with_a_waitlist(django_assert_num_queries):
    initiative = InitiativeFactory()
    for _ in range(5):
        session = SessionFactory(initiative=initiative, capacity=30)
        BookingFactory(initiative=initiative, sessions=[session], pupils=10, seats=10)
        BookingFactory(initiative=initiative, sessions=[session], pupils=5, seats=5, status="cancelled")

    with django_assert_num_queries(1):  # no waitlist: the seats held are all there is to count
        left = [session.seats_left for session in with_seats_taken(Session.objects.all())]
    BookingFactory(initiative=initiative, sessions=[session], pupils=15, seats=15, status="waitlisted")
    with django_assert_num_queries(2):  # seats held, then the waitlist's first in line
        waiting = [session.seats_left for session in with_seats_taken(Session.objects.all())]

    assert left == [20] * 5
    assert sorted(waiting) == [5] + [20] * 4


def test_booking_queryset_confirmed_and_school_year():
    session = SessionFactory(starts_at=timezone.make_aware(datetime.datetime(2027, 3, 2, 10)))
    confirmed = BookingFactory(initiative=session.initiative, sessions=[session], status="confirmed")
    BookingFactory(initiative=session.initiative, sessions=[session], status="waitlisted")

    assert list(Booking.objects.confirmed()) == [confirmed]
    assert Booking.objects.in_school_year(2026).count() == 2
    assert Booking.objects.in_school_year(2027).count() == 0
    assert Booking.objects.confirmed().totals() == {"bookings": 1, "pupils": 28, "adults": 3}


def test_booking_date_from_the_detail_page_is_preselected(client):
    session = SessionFactory()
    SessionFactory(initiative=session.initiative)

    response = client.get(reverse("initiatives:book", kwargs={"slug": session.initiative.slug}), {"sessie": session.pk})

    assert re.search(rf'value="{session.pk}"[^>]*checked', response.content.decode())


def test_booking_button_include_links_to_the_form():
    from django.template.loader import render_to_string

    here = InitiativeFactory(offers_bus_transport=True)
    external = InitiativeFactory(booking_mode=Initiative.BookingMode.EXTERNAL)

    html = render_to_string("bookings/includes/book_button.html", {"initiative": here})

    assert reverse("initiatives:book", kwargs={"slug": here.slug}) in html
    assert "busvervoer" in html
    assert render_to_string("bookings/includes/book_button.html", {"initiative": external}).strip() == ""


def test_booking_bus_request_for_an_ineligible_school_is_explained(client):
    initiative = InitiativeFactory(offers_bus_transport=True)
    session = SessionFactory(initiative=initiative)

    response = client.post(
        reverse("initiatives:book", kwargs={"slug": initiative.slug}),
        form_data(session, SchoolFactory(), bus_requested="on"),
        follow=True,
    )

    assert not BusRequest.objects.exists()
    assert "geen gratis bus mogelijk" in response.content.decode()


def test_booking_made_in_english_mails_in_english(client, commit):
    session = SessionFactory()

    with commit():
        client.post(
            "/en" + reverse("initiatives:book", kwargs={"slug": session.initiative.slug}),
            form_data(session, SchoolFactory()),
        )

    assert Booking.objects.get().language == "en"
    assert "/en/activiteiten/boeking/" in mail.outbox[0].body


def test_booking_cancel_endpoint_is_rate_limited(client, settings):
    settings.BOOKING_RATE_LIMIT = "1/d"
    booking = BookingFactory()
    url = reverse("initiatives:booking-cancel", kwargs={"token": tokens.make_token(booking)})

    first, second = client.post(url), client.post(url)

    assert first.status_code == 302
    assert second.status_code == 429


def test_booking_page_shows_the_place_on_the_waitlist(client):
    session = SessionFactory(capacity=30)
    BookingFactory(initiative=session.initiative, sessions=[session], status="confirmed")
    BookingFactory(initiative=session.initiative, sessions=[session], status="waitlisted")
    second = BookingFactory(initiative=session.initiative, sessions=[session], status="waitlisted")

    response = client.get(reverse("initiatives:booking", kwargs={"token": tokens.make_token(second)}))

    assert "op plek 2" in response.content.decode()


def test_booking_school_picker_labels_from_the_api_resolve_in_the_form(client):
    session = SessionFactory()
    SchoolFactory(
        name="De Boog", brin="12DY", code="12DY00", place_name="Rotterdam", street="Boogstraat", house_number="1"
    )
    SchoolFactory(name="De Regenboog", brin="13AA", code="13AA00", place_name="Rotterdam")

    data = client.get(reverse("api:schools"), {"q": "boog", "initiative": session.initiative.slug}).json()
    label = "De Boog, Boogstraat 1, Rotterdam (12DY00)"
    client.post(
        reverse("initiatives:book", kwargs={"slug": session.initiative.slug}),
        form_data(session, None, school_query=label),
    )

    assert label in [school["label"] for school in data["results"]] and data["count"] == 2
    assert Booking.objects.get().school.code == "12DY00"


def test_booking_school_picker_lists_each_branch_of_a_school_once(client):
    for code, street in (("15KR00", "Bentincklaan"), ("15KR10", "Walenburgerweg"), ("15KR11", "Argonautenweg")):
        SchoolFactory(
            name="Wolfert van Borselen Scholengroep", brin="15KR", code=code, street=street, place_name="Rotterdam"
        )

    labels = [school["label"] for school in client.get(reverse("api:schools"), {"q": "wolfert"}).json()["results"]]

    assert len(labels) == len(set(labels)) == 3
    assert all(street in " ".join(labels) for street in ("Bentincklaan", "Walenburgerweg", "Argonautenweg"))


def test_booking_school_picker_ignores_an_unknown_initiative(client):
    SchoolFactory(name="De Boog", brin="12DY", code="12DY00")

    response = client.get(reverse("api:schools"), {"q": "boog", "initiative": "bestaat-niet"})

    assert response.status_code == 200
    assert response.json()["count"] == 1


def test_booking_on_demo_content_does_not_block_replacing_the_demo():
    from initiatives.demo import delete_demo_content

    session = SessionFactory(initiative=InitiativeFactory(is_demo=True))
    BookingFactory(initiative=session.initiative, sessions=[session])
    real = BookingFactory()

    delete_demo_content()

    assert list(Booking.objects.all()) == [real]


def test_booking_cannot_be_cancelled_after_the_activity_started():
    session = SessionFactory(
        starts_at=timezone.now() - datetime.timedelta(hours=1), ends_at=timezone.now() + datetime.timedelta(hours=1)
    )
    booking = BookingFactory(initiative=session.initiative, sessions=[session], status="confirmed")

    with pytest.raises(services.BookingError):
        services.cancel(booking=booking)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED


def test_booking_public_pages_have_exactly_one_h1(client, settings):
    settings.BOOKING_FORM_RATE_LIMIT = "1/d"
    session = SessionFactory()
    booking = BookingFactory(initiative=session.initiative, sessions=[session])
    token = tokens.make_token(booking)
    url = reverse("initiatives:book", kwargs={"slug": session.initiative.slug})
    client.post(url, {})
    pages = [
        client.get(url),
        client.get(reverse("initiatives:booking", kwargs={"token": token})),
        client.get(reverse("initiatives:booking-cancel", kwargs={"token": token})),
        client.get(reverse("privacy")),
        client.post(url, {}),  # the rate-limit page
    ]

    assert [page.status_code for page in pages] == [200, 200, 200, 200, 429]
    assert [len(re.findall(r"<h1[ >]", page.content.decode())) for page in pages] == [1] * 5


def test_booking_detail_page_links_each_date_to_the_form_with_seats_left(client):
    session = SessionFactory(capacity=30)
    full = SessionFactory(initiative=session.initiative, capacity=20)
    BookingFactory(initiative=session.initiative, sessions=[session], pupils=12, seats=12)
    BookingFactory(initiative=session.initiative, sessions=[full], pupils=20, seats=20)

    html = client.get(session.initiative.get_absolute_url()).content.decode()

    book_url = reverse("initiatives:book", kwargs={"slug": session.initiative.slug})
    assert f'{book_url}?sessie={session.pk}"' in html
    assert "18 plaatsen vrij" in html and ">vol<" in html
    assert "Wachtlijst" in html
    assert "Boek voor je klas" in html


def test_booking_detail_page_counts_seats_in_one_query(client, django_assert_max_num_queries, monkeypatch):
    monkeypatch.setattr("portal.cache.VERSION_MEMO_SECONDS", 3600)  # the version the menu memo keys on
    initiative = InitiativeFactory()
    for _ in range(3):
        session = SessionFactory(initiative=initiative)
        BookingFactory(initiative=initiative, sessions=[session], pupils=5, seats=5)
    url = initiative.get_absolute_url()
    client.get(url)
    with django_assert_max_num_queries(12) as queries:
        client.get(url)
    counted = len(queries.captured_queries)  # before the next request resets the query log
    SessionFactory(initiative=initiative)
    client.get(url)  # the site menu is read again after a catalogue change (portal.cache.versioned)

    with django_assert_max_num_queries(counted):
        client.get(url)


def test_counted_sessions_keep_the_date_order_after_a_booking_updates_a_row():
    """The seat count groups by session, which drops Meta.ordering: the dates must still come by date
    (on PostgreSQL an updated row moves to the end of the table, and the booking form listed it last)."""
    initiative = InitiativeFactory()
    now = timezone.now().replace(microsecond=0)
    first = SessionFactory(initiative=initiative, starts_at=now + datetime.timedelta(days=10))
    second = SessionFactory(initiative=initiative, starts_at=now + datetime.timedelta(days=11))
    first.note = "bijgewerkt"
    first.save()

    assert list(with_seats_taken(Session.objects.filter(initiative=initiative))) == [first, second]
