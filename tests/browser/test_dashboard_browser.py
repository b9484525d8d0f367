import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.factories import CampusFactory, InitiativeFactory, SchoolFactory
from tests.initiatives.coverage.dashboard_map import ALFA, north

pytestmark = pytest.mark.browser


@pytest.fixture
def coordinator_page(page, live_server, transactional_db, django_db_serialized_rollback, django_user_model):
    CampusFactory(name="Alfa", latitude=ALFA[0], longitude=ALFA[1])
    CampusFactory(name="Alfa bis", latitude=ALFA[0], longitude=ALFA[1])
    InitiativeFactory(**north(ALFA, 1))
    SchoolFactory(name="Witte vlek", **north(ALFA, -6))
    django_user_model.objects.create_superuser("lead", "lead@example.org", "secret-pass-1")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/admin/login/?next=/beheer/dekking/?afstand=2")
    page.fill("#id_username", "lead")
    page.fill("#id_password", "secret-pass-1")
    page.click("input[type=submit]")
    page.wait_for_url("**/beheer/dekking/**")
    return page


def test_dashboard_passes_axe_and_shows_both_map_layers(coordinator_page):
    page = coordinator_page
    page.wait_for_selector(".white-spot-icon[title^='Witte vlek']")
    assert page.locator(".leaflet-interactive").count() >= 1  # the offer layer and the campus circle
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    # Nothing runs off the right edge at 1,366 px: wide tables scroll inside their own box.
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    page.screenshot(path="/tmp/dashboard/desktop.png", full_page=True)


def test_dashboard_fits_a_phone(coordinator_page):
    page = coordinator_page
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    page.wait_for_selector(".white-spot-icon")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # Every table's last column is reachable: scrolled to its end inside its own box, the last header
    # ends inside the box, and a shadow at the box's edge says there is more to scroll to.
    for box in page.locator(".table-scroll").all():
        box.evaluate("e => { e.scrollLeft = e.scrollWidth; }")
        last_right, box_right = box.evaluate(
            "e => [e.querySelector('thead th:last-child').getBoundingClientRect().right,"
            " e.getBoundingClientRect().right]"
        )
        assert last_right <= box_right + 1 and box_right <= 390
        assert "radial-gradient" in box.evaluate("e => getComputedStyle(e).backgroundImage")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    page.screenshot(path="/tmp/dashboard/phone.png", full_page=True)


def test_dashboard_filters_work_by_keyboard(coordinator_page):
    page = coordinator_page
    page.focus("#id_afstand")
    page.keyboard.press("Control+A")
    page.keyboard.type("8")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Toon"
    page.keyboard.press("Enter")
    page.wait_for_url("**afstand=8**")
    assert page.locator("#caption-white_spots").is_visible()
    assert page.locator(".white-spot-icon[title^='Witte vlek']").count() == 0
