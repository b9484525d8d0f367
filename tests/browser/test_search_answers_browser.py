"""Answers in a real browser: empty results, a place outside the region, English, and the branded error
pages under production settings (DEBUG off); each page axe clean, on a phone and a desktop."""

import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_no_axe_violations
from tests.search_data import make_geography, make_offer

pytestmark = pytest.mark.browser


@pytest.fixture
def site(transactional_db, django_db_serialized_rollback, live_server):
    make_geography()
    make_offer()
    return live_server.url


@pytest.mark.parametrize("width", [390, 1280])
def test_search_answers_are_readable_and_axe_clean(browser, site, width):
    context = browser.new_context(viewport={"width": width, "height": 844})
    page = context.new_page()
    page.goto(f"{site}/activiteiten/?near=Hoogvliet&radius_km=5&theme=robotica")
    expect(page.locator("[data-empty-results]")).to_contain_text("Binnen 5 km van Hoogvliet")
    expect(page.get_by_role("link", name="Zoek verder weg (binnen 50 km)")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.evaluate("document.querySelector('.site-header').getBoundingClientRect().height") < 844 / 5
    assert_no_axe_violations(page)
    page.goto(f"{site}/activiteiten/?near=9991")
    expect(page.locator("[data-outside-region]")).to_contain_text("ligt buiten de regio")
    assert_no_axe_violations(page)
    page.goto(f"{site}/en/activiteiten/?near=3011&po_group=6")
    expect(page.locator(".chips")).to_contain_text("group 6 (9-10 years)")
    assert_no_axe_violations(page)
    context.close()


def test_error_pages_under_production_settings(browser, site, settings):
    settings.DEBUG = False
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    response = page.goto(f"{site}/activiteiten/boeking/verlopen-link/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Deze boekingslink werkt niet (meer)")
    assert_no_axe_violations(page)
    response = page.goto(f"{site}/en/bestaat-niet/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("This page does not exist")
    assert_no_axe_violations(page)
    context.close()
