import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.campuses.dashboard_map import ALFA, north
from tests.factories import CampusFactory, InitiativeFactory, SchoolFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def coordinator_page(page, live_server, transactional_db, django_user_model):
    CampusFactory(name="Alfa", latitude=ALFA[0], longitude=ALFA[1])
    InitiativeFactory(**north(ALFA, 1))
    SchoolFactory(name="Witte vlek", **north(ALFA, -6))
    django_user_model.objects.create_superuser("lead", "lead@example.org", "secret-pass-1")
    page.goto(f"{live_server.url}/admin/login/?next=/beheer/dekking/?afstand=2")
    page.fill("#id_username", "lead")
    page.fill("#id_password", "secret-pass-1")
    page.click("input[type=submit]")
    page.wait_for_url("**/beheer/dekking/**")
    return page


def test_dashboard_passes_axe_and_shows_the_map(coordinator_page):
    page = coordinator_page
    page.wait_for_selector(".leaflet-marker-icon[alt^='Witte vlek']")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_dashboard_filters_work_by_keyboard(coordinator_page):
    page = coordinator_page
    page.focus("#id_afstand")
    page.keyboard.press("Control+A")
    page.keyboard.type("8")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Toon"
    page.keyboard.press("Enter")
    page.wait_for_url("**afstand=8**")
    assert page.locator("#caption-white_spots").is_visible()
    assert page.locator(".leaflet-marker-icon[alt^='Witte vlek']").count() == 0
