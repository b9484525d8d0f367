"""The booking form in a real browser: keyboard only, error summary focus, and axe on every booking page."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from initiatives.bookings import tokens
from initiatives.models import Booking
from tests.factories import BookingFactory, BusEligibilityRuleFactory, InitiativeFactory, SchoolFactory, SessionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

AXE = Axe()


def assert_no_axe_violations(page):
    results = AXE.run(page)
    violations = [(v["id"], [n["target"] for n in v["nodes"]]) for v in results.response["violations"]]
    assert violations == []


def test_booking_form_by_keyboard_with_error_summary_and_axe(page, live_server):
    initiative = InitiativeFactory(title="Robots bouwen", offers_bus_transport=True)
    BusEligibilityRuleFactory()  # groep 5-8: the form asks about the bus
    SessionFactory(initiative=initiative, capacity=60)
    SchoolFactory(name="Basisschool De Vlinder")
    page.goto(f"{live_server.url}/activiteiten/{initiative.slug}/boeken/")
    assert_no_axe_violations(page)

    # Submit empty: the error summary gets focus and links to the first field.
    page.get_by_role("button", name="Boeken").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("#error-summary")
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert_no_axe_violations(page)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#id_sessions_0"

    # Fill everything by keyboard only.
    page.focus("#id_sessions_0")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.type("De Vlinder")
    page.focus("#id_school_level_0")
    page.keyboard.press("Space")
    page.focus("#id_po_group")
    for _ in range(7):  # from "Kies een groep" down to "groep 7"
        page.keyboard.press("ArrowDown")
    for field, value in [
        ("#id_pupils", "28"),
        ("#id_adults", "3"),
        ("#id_teacher_name", "Fatima el Amrani"),
        ("#id_email", "f.elamrani@school.example"),
        ("#id_phone", "010 123 45 67"),
    ]:
        page.focus(field)
        page.keyboard.press("Control+A")
        page.keyboard.type(value)
    page.focus("#id_bus_requested")
    page.keyboard.press("Space")
    page.focus("#id_privacy_consent")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # the honeypot is not in the tab order: next stop is the button
    assert page.evaluate("document.activeElement.textContent.trim()") == "Boeken"
    page.keyboard.press("Enter")

    page.wait_for_selector("h1:text('Je boeking')")
    booking = Booking.objects.get()
    assert (booking.po_group, booking.pupils, booking.adults) == (7, 28, 3)
    assert page.get_by_text("We hebben je aanvraag ontvangen").is_visible()
    assert_no_axe_violations(page)


def test_booking_form_hides_the_group_fields_that_do_not_apply(page, live_server):
    initiative = InitiativeFactory()
    SessionFactory(initiative=initiative)
    page.goto(f"{live_server.url}/activiteiten/{initiative.slug}/boeken/")

    page.check("#id_school_level_1")  # voortgezet onderwijs

    assert page.locator("#id_po_group").is_hidden()
    assert page.locator("#id_vo_year").is_visible()


def test_booking_cancel_pages_pass_axe_and_cancel(page, live_server):
    session = SessionFactory()
    booking = BookingFactory(initiative=session.initiative, sessions=[session])
    page.goto(f"{live_server.url}{tokens.manage_path(booking)}")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Boeking annuleren").click()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Ja, annuleer de boeking").click()

    page.wait_for_selector("text=Je boeking is geannuleerd. We sturen je een e-mail")
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED


def test_privacy_page_passes_axe(page, live_server):
    page.goto(f"{live_server.url}/privacy/")

    assert page.locator("h1").inner_text() == "Privacyverklaring"
    assert_no_axe_violations(page)
