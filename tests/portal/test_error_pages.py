"""Branded, bilingual error pages under production settings (DEBUG off)."""

import pytest
from django.test import Client

from tests import factories


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.ROOT_URLCONF = "tests.portal.error_urls"
    settings.PUBLIC_CACHE_SECONDS = 0


def assert_branded(response, status, text):
    body = response.content.decode()
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    assert body.count("<h1") == 1 and "Techniek Dichtbij" in body and text in body


def test_404_says_what_to_do_next_in_dutch_and_english(client, db, production):
    assert_branded(client.get("/bestaat-niet/"), 404, "Deze pagina bestaat niet")
    assert_branded(client.get("/activiteiten/bestaat-niet/"), 404, "Zoek een activiteit")
    assert_branded(client.get("/en/activiteiten/bestaat-niet/"), 404, "This page does not exist")


def test_a_broken_booking_link_explains_how_to_get_a_new_one(client, db, production):
    response = client.get("/activiteiten/boeking/niet-geldig/")
    assert_branded(response, 404, "Deze boekingslink werkt niet (meer)")
    assert "nieuwste e-mail" in response.content.decode()
    assert_branded(client.get("/en/activiteiten/boeking/niet-geldig/"), 404, "This booking link does not work")


def test_500_is_branded_and_tells_the_visitor_it_is_not_their_fault(db, production):
    client = Client(raise_request_exception=False)
    assert_branded(client.get("/test-boom/"), 500, "Er ging iets mis aan onze kant")


def test_403_is_branded(client, db, production):
    assert_branded(client.get("/test-forbidden/"), 403, "Je hebt geen toegang")


def test_csrf_failure_explains_the_expired_form(db, production):
    initiative = factories.InitiativeFactory(slug="robots")
    client = Client(enforce_csrf_checks=True)
    response = client.post(f"/activiteiten/{initiative.slug}/boeken/", {"name": "x"})
    assert_branded(response, 403, "Dit formulier is verlopen")


def test_api_404_stays_json(client, db, production):
    response = client.get("/api/v1/bestaat-niet/")
    assert response.status_code == 404 and response.json()["error"]
