"""T1-T2 in Chromium: the bus check on the detail page, the waitlist button, changing a booking on its own page.

On a 390 px phone and a desktop, in Dutch and English, axe clean, no sideways scrolling.
Screenshots land in /tmp/bookings/ for a person to look at.
"""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from initiatives.bookings import tokens
from initiatives.models import Booking
from tests.browser.axe import assert_no_axe_violations
from tests.browser.test_booking_journeys import DESKTOP, PHONE, assert_no_sideways_scroll, bus_activity, shot
from tests.factories import BookingFactory, InitiativeFactory, SessionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

__all__ = ["bus_activity"]  # the fixture, shared with the booking journeys
VIEWS = pytest.mark.parametrize(("viewport", "lang"), [(PHONE, "nl"), (DESKTOP, "en")], ids=["phone-nl", "desktop-en"])


def _soon(days=10):
    return timezone.now().replace(microsecond=0) + datetime.timedelta(days=days)  # not the drifting factory date


@VIEWS
def test_detail_page_answers_the_bus_question_for_the_school_picked_there(
    page, live_server, bus_activity, viewport, lang
):
    page.set_viewport_size(viewport)
    prefix = "/en" if lang == "en" else ""
    page.goto(f"{live_server.url}{prefix}/activiteiten/{bus_activity.slug}/")
    picker = page.locator("#id_bus_school[role=combobox]")

    picker.focus()
    page.keyboard.type("de wolf")
    page.locator(".combobox [role=option]").first.wait_for()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page.locator("input[name=school][type=hidden]")).to_have_value("15KR00")
    page.locator(".bus-check__form button[type=submit]").click()

    answer = page.locator("#bus-check-answer")
    expect(answer).to_contain_text("15KR00")
    expect(answer).to_have_class(re.compile(r"\bbus-answer--depends\b"))
    book = page.locator("section.booking a.button").last
    assert book.get_attribute("href").endswith("?school=15KR00")
    assert_no_axe_violations(page)
    assert_no_sideways_scroll(page)
    shot(page, f"detail-bus-{lang}-{viewport['width']}")


@VIEWS
def test_a_full_date_makes_the_button_say_waitlist(page, live_server, viewport, lang):
    initiative = InitiativeFactory(title="Drones bouwen")
    full = SessionFactory(initiative=initiative, capacity=28, starts_at=_soon())
    SessionFactory(initiative=initiative, capacity=28, starts_at=_soon(11))
    BookingFactory(initiative=initiative, sessions=[full], status="confirmed")
    page.set_viewport_size(viewport)
    prefix = "/en" if lang == "en" else ""
    waitlist, book = ("Op de wachtlijst", "Boeken") if lang == "nl" else ("Join the waiting list", "Book")

    page.goto(f"{live_server.url}{prefix}/activiteiten/{initiative.slug}/boeken/?sessie={full.pk}")
    button = page.locator("#booking-submit")
    expect(button).to_have_text(waitlist)
    expect(page.locator("#waitlist-note")).to_be_visible()
    assert_no_axe_violations(page)
    shot(page, f"waitlist-form-{lang}-{viewport['width']}")
    page.check("#id_sessions_1")

    expect(button).to_have_text(book)
    expect(page.locator("#waitlist-note")).to_be_hidden()
    expect(page.locator("h1")).to_have_text(f"{book}: Drones bouwen" if lang == "nl" else "Book: Drones bouwen")


@VIEWS
def test_change_the_group_and_the_date_on_the_booking_page(page, live_server, mailoutbox, viewport, lang):
    initiative = InitiativeFactory(title="Robots bouwen", venue_name="RDM Makerspace", address="Heijplaatstraat 23")
    first = SessionFactory(initiative=initiative, capacity=60, starts_at=_soon())
    later = SessionFactory(initiative=initiative, capacity=60, starts_at=_soon(17))
    booking = BookingFactory(initiative=initiative, sessions=[first], status="confirmed", language=lang)
    page.set_viewport_size(viewport)
    prefix = "/en" if lang == "en" else ""

    page.goto(f"{live_server.url}{prefix}{tokens.manage_path(booking)}")
    expect(page.locator("main")).to_contain_text(str(timezone.localtime(first.starts_at).year))
    expect(page.locator("main")).to_contain_text("Heijplaatstraat 23")
    expect(page.locator("a[href$='/agenda.ics']")).to_be_visible()
    assert_no_axe_violations(page)
    assert_no_sideways_scroll(page)
    shot(page, f"booking-page-{lang}-{viewport['width']}")
    page.locator("a[href$='/wijzigen/']").click()

    page.fill("#id_pupils", "24")
    page.locator(f"input[name=session][value='{later.pk}']").check()
    assert_no_axe_violations(page)
    assert_no_sideways_scroll(page)
    shot(page, f"booking-change-{lang}-{viewport['width']}")
    page.locator("form button[type=submit]").click()
    page.wait_for_selector(".messages")

    booking.refresh_from_db()
    assert booking.pupils == 24 and list(booking.sessions.all()) == [later]
    assert booking.status == Booking.Status.CONFIRMED
    assert any(message.to == [booking.email] for message in mailoutbox)
    assert_no_axe_violations(page)
