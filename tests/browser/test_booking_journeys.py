"""T1, T2 and P1 in Chromium: the school picker and bus answer, the waitlist offer, the family sign-up.

On a 390 px phone and a desktop, in Dutch and English, with and without JavaScript, axe clean.
Screenshots land in /tmp/bookings/ for a person to look at.
"""

import datetime
import os
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from initiatives.bookings import tokens
from initiatives.bookings.models import school_year_of
from initiatives.models import Booking
from tests.browser.axe import assert_no_axe_violations
from tests.factories import (
    BookingFactory,
    BusBudgetFactory,
    BusEligibilityRuleFactory,
    CampusFactory,
    InitiativeFactory,
    SchoolFactory,
    SessionFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SHOTS = "/tmp/bookings"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def shot(page, name):
    os.makedirs(SHOTS, exist_ok=True)
    page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def assert_no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.fixture
def bus_activity():
    campus = CampusFactory(name="RDM Campus")
    # groep 1-8, the bus for groep 5-8: the answer for a school names the groups that get it.
    initiative = InitiativeFactory(
        title="Bedrijfsbezoek haven", campus=campus, offers_bus_transport=True, po_group_from=1, po_group_to=8
    )
    soon = timezone.now().replace(microsecond=0) + datetime.timedelta(days=10)  # not the drifting factory date
    session = SessionFactory(initiative=initiative, capacity=60, starts_at=soon)
    year = school_year_of(timezone.localdate(session.starts_at))
    BusBudgetFactory(campus=campus, school_year=year)
    BusEligibilityRuleFactory()  # po groups 5-8 within 10 km
    for code, street in (("15KR00", "Bentincklaan"), ("15KR10", "Walenburgerweg")):
        SchoolFactory(name="Basisschool De Wolf", code=code, brin="15KR", kind="po", street=street, house_number="1")
    return initiative


@pytest.mark.parametrize(("viewport", "lang"), [(PHONE, "nl"), (DESKTOP, "en")], ids=["phone-nl", "desktop-en"])
def test_school_picker_by_keyboard_shows_the_bus_answer_before_booking(page, live_server, bus_activity, viewport, lang):
    page.set_viewport_size(viewport)
    prefix = "/en" if lang == "en" else ""
    page.goto(f"{live_server.url}{prefix}/activiteiten/{bus_activity.slug}/boeken/")
    picker = page.locator("#id_school_query[role=combobox]")

    picker.focus()
    page.keyboard.type("de wolf")
    options = page.locator(".combobox [role=option]")
    options.first.wait_for()
    assert options.count() == 2
    assert {options.nth(i).inner_text() for i in range(2)} == {
        "Basisschool De Wolf, Bentincklaan 1, Rotterdam (15KR00)",
        "Basisschool De Wolf, Walenburgerweg 1, Rotterdam (15KR10)",
    }
    assert picker.get_attribute("aria-expanded") == "true"
    assert_no_axe_violations(page)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert picker.get_attribute("aria-activedescendant").endswith("-1")
    page.keyboard.press("Enter")

    assert picker.input_value() == "Basisschool De Wolf, Walenburgerweg 1, Rotterdam (15KR10)"
    assert page.locator("input[name=school_level][value=po]").is_checked()  # the level follows from the school
    answer = page.locator("#bus-answer")
    answer.get_by_role("link").wait_for()
    assert ("groep 5" in answer.inner_text()) or ("group 5" in answer.inner_text().lower())
    page.select_option("#id_po_group", "7")
    expect(page.locator("#bus-answer")).to_have_class(re.compile(r"\bbus-answer--yes\b"))
    assert_no_axe_violations(page)
    assert_no_sideways_scroll(page)
    shot(page, f"bus-answer-{lang}-{viewport['width']}")

    for field, value in [
        ("#id_pupils", "25"),
        ("#id_adults", "2"),
        ("#id_teacher_name", "Fatima el Amrani"),
        ("#id_email", "f.elamrani@school.example"),
        ("#id_phone", "010 123 45 67"),
    ]:
        page.fill(field, value)
    page.check("#id_sessions_0")
    page.check("#id_bus_requested")
    page.check("#id_privacy_consent")
    page.locator("button[type=submit]").click()

    page.wait_for_url("**/boeking/**")
    booking = Booking.objects.get()
    assert booking.school.code == "15KR10"
    assert booking.bus_request.status == "requested"
    assert_no_axe_violations(page)


def test_bus_answer_and_school_without_javascript(browser, live_server, bus_activity):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE, locale="nl-NL")
    page = context.new_page()
    page.goto(f"{live_server.url}/activiteiten/{bus_activity.slug}/boeken/?school=15KR00")

    assert page.locator("#id_school_query").input_value().endswith("(15KR00)")
    assert "groep 5" in page.locator("#bus-answer").inner_text()
    page.fill("#id_school_query", "de wolf")
    page.locator("button[type=submit]").click()
    assert page.get_by_text("Kies je vestiging", exact=True).is_visible()
    assert page.locator("input[name=school]").count() == 2
    shot(page, "school-choice-nojs-390")  # axe needs JavaScript: the same page is checked with it above
    context.close()


@pytest.mark.parametrize(
    ("viewport", "lang", "js"),
    [(PHONE, "nl", True), (DESKTOP, "en", True), (PHONE, "nl", False)],
    ids=["phone-nl", "desktop-en", "phone-nl-nojs"],
)
def test_family_signup_in_the_browser(browser, live_server, viewport, lang, js):
    # axe and the scroll check run scripts in the page: only where JavaScript is on (same pages either way).
    check = assert_no_axe_violations if js else (lambda page: None)
    check_scroll = assert_no_sideways_scroll if js else (lambda page: None)
    # For families only (outside school hours), though its groups say which children it suits.
    initiative = InitiativeFactory(
        title="Samen een lamp solderen",
        is_family_activity=True,
        is_outside_school_hours=True,
        po_group_from=5,
        po_group_to=8,
        group_size_max=20,
        confirmation_mode="auto",
    )
    SessionFactory(initiative=initiative, capacity=10)
    context = browser.new_context(java_script_enabled=js, viewport=viewport, locale="nl-NL")
    page = context.new_page()
    prefix = "/en" if lang == "en" else ""
    page.goto(f"{live_server.url}{prefix}{initiative.get_absolute_url()}")
    # Only the family sign-up, no class booking.
    assert page.locator(".booking a.button").count() == 1
    expect(page.locator(".booking a.button")).to_have_text(
        "Sign up your family" if lang == "en" else "Meld je gezin aan"
    )
    check(page)
    check_scroll(page)
    page.locator(".booking a.button").first.click()
    check(page)

    # A mistake first: the summary names the field, nothing typed is lost.
    page.fill("#id_teacher_name", "Samira Bakker")
    page.fill("#id_email", "samira@voorbeeld.nl")
    page.locator("button[type=submit]").click()
    page.locator("#error-summary").wait_for()
    assert page.locator("#id_teacher_name").input_value() == "Samira Bakker"
    assert page.locator("#error-summary li").count() == 4  # date, children, ages, privacy
    check(page)
    shot(page, f"family-errors-{lang}-{viewport['width']}{'' if js else '-nojs'}")

    page.check("#id_sessions_0")
    page.fill("#id_children", "2")
    page.fill("#id_children_ages", "9 en 12 jaar")
    page.fill("#id_adults", "1")
    page.check("#id_privacy_consent")
    page.locator("button[type=submit]").click()

    page.wait_for_url("**/boeking/**")
    booking = Booking.objects.get()
    assert (booking.kind, booking.pupils, booking.adults, booking.status) == ("family", 2, 1, "confirmed")
    check(page)
    check_scroll(page)
    shot(page, f"family-done-{lang}-{viewport['width']}{'' if js else '-nojs'}")
    context.close()


@pytest.mark.parametrize(("viewport", "lang"), [(PHONE, "nl"), (DESKTOP, "en")], ids=["phone-nl", "desktop-en"])
def test_waitlist_offer_is_taken_on_the_booking_page(page, live_server, mailoutbox, viewport, lang):
    initiative = InitiativeFactory(waitlist_mode="hold_offer", waitlist_hold_hours=48, confirmation_mode="auto")
    # A date soon, not the factory's sequence (which drifts years ahead in a long run).
    soon = timezone.now().replace(microsecond=0) + datetime.timedelta(days=10)
    session = SessionFactory(initiative=initiative, capacity=28, starts_at=soon)
    holder = BookingFactory(initiative=initiative, sessions=[session], status="confirmed")
    waiting = BookingFactory(initiative=initiative, sessions=[session], status="waitlisted", language=lang)
    page.set_viewport_size(viewport)

    # The class ahead cancels through its own link; the waitlisted teacher is mailed at once.
    page.goto(f"{live_server.url}{tokens.manage_path(holder)}")
    page.locator("a[href$='/annuleren/']").click()
    page.locator("form button[type=submit]").click()
    page.wait_for_selector(".messages")
    offer = next(message for message in mailoutbox if message.to == [waiting.email])
    assert tokens.make_token(waiting) in offer.body

    prefix = "/en" if lang == "en" else ""
    page.goto(f"{live_server.url}{prefix}{tokens.manage_path(waiting)}")
    assert_no_axe_violations(page)
    assert_no_sideways_scroll(page)
    shot(page, f"waitlist-offer-{lang}-{viewport['width']}")
    page.locator("form button[type=submit]").first.click()
    page.wait_for_selector(".messages")

    waiting.refresh_from_db()
    assert waiting.status == Booking.Status.CONFIRMED
    assert waiting.offer_expires_at is None
    assert_no_axe_violations(page)


def test_bus_rules_page_on_a_phone(page, live_server):
    BusEligibilityRuleFactory()
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/gratis-bus/")

    assert page.locator("h1").count() == 1
    assert_no_axe_violations(page)
    assert_no_sideways_scroll(page)
    shot(page, "bus-rules-390")
