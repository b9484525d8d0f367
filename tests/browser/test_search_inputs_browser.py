"""What people type and read on the search page, in a real browser on a phone: a school name typed
without the picker, impossible dates kept as typed, and the Dutch-only note on /en/."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.browser.axe import assert_no_axe_violations
from tests.search_data import make_geography, make_offer

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def site(transactional_db, django_db_serialized_rollback, live_server):
    geography = make_geography()
    offer = make_offer()
    for code, street, latitude in (("15KR05", "Argonautenweg", "51.9500"), ("15KR10", "Walenburgerweg", "51.9260")):
        factories.SchoolFactory(
            code=code, kind="vo", name="Wolfert van Borselen Scholengroep", street=street,
            municipality=geography["rotterdam"], latitude=Decimal(latitude), longitude=Decimal("4.4700"),
        )  # fmt: skip
    return live_server.url, offer


def test_a_school_name_typed_without_the_picker_offers_its_branches(browser, site):
    url, _offer = site
    page = browser.new_page(viewport=PHONE)
    page.goto(f"{url}/activiteiten/?po_group=6")
    box = page.get_by_label("Waar zoek je?")
    box.fill("Wolfert van Borselen")
    box.press("Escape")  # the picker's list closes; the visitor searches with what they typed
    box.press("Enter")
    expect(page.locator("#near-error")).to_contain_text("meerdere scholen die passen bij ‘Wolfert van Borselen’")
    expect(box).to_be_focused()
    choice = page.get_by_role("link", name=re.compile(r"Walenburgerweg.*\(15KR10\)"))
    expect(choice).to_be_visible()
    assert_no_axe_violations(page)
    choice.click()
    expect(page.locator("[data-result-count]")).to_contain_text("van Wolfert van Borselen Scholengroep (Rotterdam)")
    assert "po_group=6" in page.url  # the filter chosen before stays
    page.close()


def test_impossible_dates_stay_as_typed_beside_their_message_on_a_phone(browser, site):
    url, _offer = site
    page = browser.new_page(viewport=PHONE)
    page.goto(f"{url}/activiteiten/?date_from=31-02-2026&date_to=morgen")
    # The error summary at the top has the focus and names both dates; its link puts focus in the field.
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    expect(summary.get_by_role("link")).to_have_count(2)
    summary.get_by_role("link", name=re.compile("^Datum vanaf: ")).click()
    # The filter panel stays open on a phone while a field needs fixing.
    start = page.get_by_label("Datum vanaf")
    expect(start).to_be_visible()
    expect(start).to_have_value("31-02-2026")
    expect(start).to_be_focused()
    expect(page.get_by_label("Datum tot en met")).to_have_value("morgen")
    expect(page.locator("#id_date_from_error")).to_have_text(
        "‘31-02-2026’ bestaat niet als datum. Kijk de dag en de maand na."
    )
    expect(page.locator("#id_date_to_error")).to_contain_text("‘morgen’ is geen datum.")
    assert_no_axe_violations(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # A reversed range, picked with the date picker, says so beside "tot en met".
    page.goto(f"{url}/activiteiten/?date_from=2026-12-20&date_to=2026-12-01")
    expect(page.locator("#id_date_to_error")).to_contain_text("ligt vóór de datum ‘vanaf’")
    expect(page.get_by_label("Datum tot en met")).to_have_value("2026-12-01")
    expect(page.locator("[data-error-summary]")).to_contain_text("Datum tot en met: De datum ‘tot en met’ ligt vóór")
    page.close()


@pytest.mark.parametrize("viewport", [PHONE, {"width": 1280, "height": 900}], ids=["phone", "desktop"])
def test_a_filter_error_is_summarised_above_the_results_in_english_too(browser, site, viewport):
    url, _offer = site
    page = browser.new_page(viewport=viewport)
    page.goto(f"{url}/en/activiteiten/?near=3011&date_from=2026-12-20&date_to=2026-12-01")
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    expect(summary).to_contain_text("Until you fix this, the results below leave this filter out.")
    assert_no_axe_violations(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    # A phone where the visitor had folded the filters: the link opens them and focuses the field.
    page.evaluate("document.querySelector('[data-filter-panel]').open = false")
    summary.get_by_role("link").click()
    expect(page.locator("#id_date_to")).to_be_focused()
    page.close()


def test_english_pages_say_the_activity_text_is_only_in_dutch(browser, site):
    url, offer = site
    page = browser.new_page(viewport=PHONE)
    page.goto(f"{url}/en/activiteiten/?near=3011")
    card = page.locator(".result").first
    expect(card.locator(".language-note")).to_have_text("This text is only available in Dutch.")
    expect(card.locator(".result__summary")).to_have_attribute("lang", "nl")
    assert_no_axe_violations(page)
    card.locator(".result__title a").click()
    expect(page.locator("h1")).to_have_attribute("lang", "nl")
    expect(page.locator(".language-note")).to_be_visible()
    assert_no_axe_violations(page)
    page.close()
