"""The confirmation page shows the link to keep and the reference; the expired-link page; both pass axe."""

import datetime
from pathlib import Path

import pytest
from django.utils import timezone

from initiatives.bookings import tokens
from tests.browser.axe import assert_no_axe_violations
from tests.factories import BookingFactory, SessionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SHOTS = Path("/tmp/reliability")


@pytest.mark.parametrize("width", [390, 1280])
def test_the_booking_page_shows_the_link_to_keep_and_the_reference(page, live_server, width):
    session = SessionFactory()
    booking = BookingFactory(initiative=session.initiative, sessions=[session])
    page.set_viewport_size({"width": width, "height": 900})
    url = f"{live_server.url}{tokens.manage_path(booking)}"

    page.goto(url)

    link = page.get_by_role("link", name=url)
    assert link.is_visible()
    assert booking.reference in page.locator(".booking-link").inner_text()
    box = link.bounding_box()
    assert box["x"] + box["width"] <= width  # the long link wraps on a phone
    assert_no_axe_violations(page)
    if SHOTS.is_dir():
        page.screenshot(path=SHOTS / f"booking-link-{width}.png", full_page=True)


def test_an_expired_link_says_so_and_passes_axe(page, live_server):
    past = timezone.now() - datetime.timedelta(days=90)
    booking = BookingFactory(ends_at=past)

    response = page.goto(f"{live_server.url}{tokens.manage_path(booking)}")

    assert response.status == 410
    assert page.locator("h1").inner_text() == "Deze link is verlopen"
    assert_no_axe_violations(page)
