import datetime

import pytest
from django.urls import reverse
from icalendar import Calendar

from tests import factories


@pytest.fixture
def initiative(db):
    return factories.InitiativeFactory(
        title="Robots bouwen; met sensoren, en meer", slug="robots", venue_name="Bibliotheek", address="Hoogstraat 110",
        postcode="3011 PV", place_name="Rotterdam", contact_email="info@example.org", duration_minutes=90,
        is_free=False, price="5.00",
    )  # fmt: skip


def test_detail_shows_what_is_needed_to_decide(client, initiative):
    factories.SessionFactory(initiative=initiative, starts_at=datetime.datetime(2027, 3, 13, 9, tzinfo=datetime.UTC))
    body = client.get(initiative.get_absolute_url()).content.decode()
    assert "groep 5–8" in body
    assert "3 · Zelf maken of onderzoeken" in body
    assert "Leerlingen ontwerpen, bouwen of onderzoeken zelf iets" in body
    assert "€ 5,00" in body
    assert "90 minuten" in body
    assert "za 13 mrt 2027, 10.00–12.00" in body
    assert "info@example.org" in body
    assert "Laatst gecontroleerd op 1 september 2026" in body
    assert 'id="detail-marker"' in body
    assert reverse("initiatives:ical", args=["robots"]) in body


def test_detail_route_link_uses_visitor_location(client, initiative):
    response = client.get(initiative.get_absolute_url(), {"van": "51.91910,4.48670"})
    url = response.context["route_url"]
    assert url.startswith("https://www.google.com/maps/dir/?api=1")
    assert "origin=51.91910%2C4.48670" in url
    assert "travelmode=transit" in url
    assert "Hoogstraat+110" in url


def test_detail_ignores_bad_origin(client, initiative):
    response = client.get(initiative.get_absolute_url(), {"van": "<script>"})
    assert "origin" not in response.context["route_url"]


def test_detail_of_unpublished_initiative_is_404(client, db):
    draft = factories.InitiativeFactory(status="draft")
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(reverse("initiatives:ical", args=[draft.slug])).status_code == 404


def test_detail_shows_seats_left_and_leaves_room_for_booking(client, initiative):
    factories.SessionFactory(initiative=initiative, capacity=24)
    body = client.get(initiative.get_absolute_url()).content.decode()
    assert "24 plaatsen vrij" in body
    assert 'id="booking-heading"' in body


def test_detail_seats_column_header_agrees_with_its_cells_in_dutch_and_english(client, initiative):
    factories.SessionFactory(initiative=initiative, capacity=16)

    dutch = client.get(initiative.get_absolute_url()).content.decode()
    english = client.get("/en" + initiative.get_absolute_url()).content.decode()

    assert '<th scope="col" class="num">Beschikbaarheid</th>' in dutch and "16 plaatsen vrij" in dutch
    assert '<th scope="col" class="num">Availability</th>' in english and "16 places free" in english
    assert "Places available" not in english


def test_ical_has_one_escaped_event_per_session_cancelled_ones_marked(client, initiative):
    factories.SessionFactory(initiative=initiative)
    factories.SessionFactory(initiative=initiative)
    factories.SessionFactory(initiative=initiative, is_cancelled=True)
    response = client.get(reverse("initiatives:ical", args=["robots"]))
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Content-Disposition"] == 'attachment; filename="robots.ics"'
    assert b"SUMMARY:Robots bouwen\\; met sensoren\\, en meer" in response.content
    assert all(len(line) <= 75 for line in response.content.split(b"\r\n"))
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert len(events) == 3
    assert [str(event["STATUS"]) for event in events] == ["CONFIRMED", "CONFIRMED", "CANCELLED"]
    assert str(events[0]["LOCATION"]) == "Bibliotheek, Hoogstraat 110, 3011 PV Rotterdam"


def test_detail_map_takes_its_marker_images_from_the_static_folder(client, initiative):
    """Leaflet's own guess fails with hashed static files: it would ask for them next to the page."""
    page = client.get(initiative.get_absolute_url()).content.decode()

    assert '<script id="force-img-path" type="application/json">"/static/leaflet/images/"</script>' in page


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("/nl", "Ouder en kind doen samen mee. Buiten schooltijd."),
        ("/en", "Parent and child take part together. Outside school hours."),
    ],
)
def test_detail_good_to_know_starts_each_sentence_with_a_capital(client, db, prefix, expected):
    initiative = factories.InitiativeFactory(is_family_activity=True, is_outside_school_hours=True)
    path = initiative.get_absolute_url()
    if prefix == "/en":
        path = "/en" + path.removeprefix("/nl")
    body = client.get(path).content.decode()
    assert expected in " ".join(body.split())


def test_detail_date_links_carry_the_school_picked_in_the_search(client, initiative):
    school = factories.SchoolFactory(code="18CH02", kind="po")
    session = factories.SessionFactory(initiative=initiative)
    body = client.get(initiative.get_absolute_url(), {"school": school.code}).content.decode()
    assert f'boeken/?sessie={session.pk}&amp;school=18CH02"' in body  # the date's own "Boek" link
    assert 'boeken/?school=18CH02"' in body  # and the button
    form = client.get(
        reverse("initiatives:book", kwargs={"slug": initiative.slug}), {"sessie": session.pk, "school": "18CH02"}
    )
    assert form.context["form"]["school_query"].value()
