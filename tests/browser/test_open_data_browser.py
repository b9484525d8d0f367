"""Open data in a real browser: a page on another origin reads the API (CORS), gets problem details for a
bad parameter and revalidates with the ETag; the initiative page with its calendar links passes axe."""

import datetime
import json
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests import factories
from tests.browser.axe import assert_no_axe_violations
from tests.search_data import make_geography, make_offer

pytestmark = pytest.mark.browser


@pytest.fixture
def site(transactional_db, django_db_serialized_rollback, live_server):
    make_geography()
    offer = make_offer()
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=10)
    factories.SessionFactory(initiative=offer["near"], starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    return live_server.url


@pytest.fixture
def other_origin_page(browser, site):
    """A page on another origin: the site is served as localhost, the page comes from 127.0.0.1 (a second
    origin on the same live server). Chromium keeps loopback pages from reaching loopback addresses only
    when the page itself is not on loopback, so the page is a real response rather than a page.route.
    Our own CSP is bypassed: it belongs to our documents, not to the other site's."""
    other = site.replace("localhost", "127.0.0.1")
    assert other != site
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto(f"{other}/robots.txt")
    yield page
    context.close()


def fetch(page, url, headers=None):
    """fetch() in the page, as another site's JavaScript would: status, headers it may read, body."""
    return page.evaluate(
        """async ([url, headers]) => {
            const response = await fetch(url, {headers});
            return {
                status: response.status,
                type: response.headers.get("content-type"),
                etag: response.headers.get("etag"),
                version: response.headers.get("api-version"),
                body: response.status === 304 ? null : await response.text(),
            };
        }""",
        [url, headers or {}],
    )


def test_another_origin_reads_the_api(other_origin_page, site):
    result = fetch(other_origin_page, f"{site}/api/v1/initiatives/?near=3011")
    assert result["status"] == 200
    assert result["version"] == "1.1.0"
    data = json.loads(result["body"])
    assert data["results"][0]["slug"] == "robots-bouwen"
    sessions = json.loads(fetch(other_origin_page, f"{site}/api/v1/sessions/")["body"])
    assert [item["initiative"]["slug"] for item in sessions["results"]] == ["robots-bouwen"]


def test_another_origin_gets_problem_details_and_revalidates(other_origin_page, site, settings):
    settings.API_ETAG_SECONDS = 10**9  # one ETag window: a run across a five-minute boundary got a new tag
    problem = fetch(other_origin_page, f"{site}/api/v1/initiatives/?free=maybe", {"Accept-Language": "en"})
    assert problem["status"] == 400 and problem["type"] == "application/problem+json"
    assert json.loads(problem["body"])["invalidParams"][0]["name"] == "free"
    first = fetch(other_origin_page, f"{site}/api/v1/campuses/")
    assert first["etag"]
    again = fetch(other_origin_page, f"{site}/api/v1/campuses/", {"If-None-Match": first["etag"]})
    assert again["status"] == 304


def test_initiative_page_calendar_links_and_axe(page, site):
    for width, name in ((390, "phone"), (1280, "desktop")):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{site}/activiteiten/robots-bouwen/")
        expect(page.locator("a.add-to-calendar")).to_have_text(re.compile(r"^In mijn agenda"))
        expect(page.get_by_role("link", name="Abonneer je op alle data")).to_have_attribute(
            "href", f"webcal://{site.split('://')[1]}/activiteiten/robots-bouwen/agenda.ics"
        )
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        page.screenshot(path=f"/tmp/opendata/detail-{name}.png", full_page=True)
        assert_no_axe_violations(page)


def test_search_page_offers_the_search_as_a_calendar_subscription(page, site):
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(f"{site}/activiteiten/?near=3011")
    link = page.get_by_role("link", name="Abonneer je in je agenda op de data van deze zoekopdracht")
    expect(link).to_have_attribute("href", f"webcal://{site.split('://')[1]}/activiteiten/agenda.ics?near=3011")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    link.scroll_into_view_if_needed()
    page.screenshot(path="/tmp/opendata/search-phone.png")
    assert_no_axe_violations(page)
