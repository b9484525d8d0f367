"""The staff 2FA registration page in a real browser: accessible, and the QR code shows under the CSP."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from django.core import mail

pytestmark = pytest.mark.browser


def test_two_factor_setup_page_is_accessible_and_shows_the_qr_code(
    page, live_server, transactional_db, django_db_serialized_rollback
):
    get_user_model().objects.create_user(
        "coordinator", password="juist-wachtwoord-123", is_staff=True, email="coordinator@mrdh.example"
    )
    page.goto(f"{live_server.url}/account/tweestapsverificatie/")
    page.get_by_label("Gebruikersnaam").fill("coordinator")
    page.get_by_label("Wachtwoord").fill("juist-wachtwoord-123")
    page.get_by_role("button", name="Verder").click()

    page.wait_for_selector("text=We sturen een e-mail met een link")
    assert Axe().run(page).violations_count == 0
    link = re.search(r"http\S+/koppelen/\S+/", mail.outbox[-1].body).group(0)  # the second channel
    page.goto(link)

    qr_code = page.get_by_role("img", name="QR-code om de app te koppelen")
    assert qr_code.evaluate("image => image.complete && image.naturalWidth > 0")
    assert Axe().run(page).violations_count == 0
