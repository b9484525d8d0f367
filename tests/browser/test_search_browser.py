"""The public search in a real browser: results and markers, geolocation, keyboard, axe."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_no_axe_violations
from tests.search_data import make_geography, make_offer

pytestmark = pytest.mark.browser


@pytest.fixture
def site(transactional_db, django_db_serialized_rollback, live_server):
    make_geography()
    offer = make_offer()
    return live_server.url, offer


def test_search_by_postcode_shows_results_and_markers(page, site):
    url, _offer = site
    page.goto(f"{url}/activiteiten/?near=3011")
    results = page.locator(".result")
    expect(results.first).to_be_visible()
    # Every result with a point (all but the online one) is a marker with an accessible name.
    markers = page.locator(".leaflet-marker-icon")
    expect(markers).to_have_count(results.count() - 1)
    expect(
        page.get_by_role("button", name=re.compile("Robots bouwen in de bibliotheek, Rotterdam, 1,3 km"))
    ).to_be_visible()
    expect(page.locator("[data-results-heading]")).to_be_focused()


def test_search_from_home_by_place_name(page, site):
    url, _offer = site
    page.goto(url + "/")
    # The school picker suggests branches as you type (the combobox of static/js/school-picker.js).
    page.get_by_label("Waar zoek je?").fill("vuurtoren")
    options = page.locator(".combobox [role=option]")
    expect(options).to_have_count(1)
    assert options.first.inner_text().startswith("Basisschool De Vuurtoren, ")
    assert options.first.inner_text().endswith("(12AB00)")
    expect(page.locator(".combobox [role=status]")).to_have_text(
        "1 school gevonden. Kies met de pijltjestoetsen en Enter."
    )
    # Choosing it fills the box; the count of suggestions is no longer announced.
    page.get_by_label("Waar zoek je?").press("ArrowDown")
    page.get_by_label("Waar zoek je?").press("Enter")
    expect(page.get_by_label("Waar zoek je?")).to_have_value(re.compile(r"^Basisschool De Vuurtoren, .*\(12AB00\)$"))
    expect(page.locator(".combobox [role=status]")).to_have_text("")
    # A 4-character BRIN suggests its branches, as the teachers' page promises.
    page.get_by_label("Waar zoek je?").fill("12AB")
    expect(options).to_have_count(1)
    expect(options.first).to_contain_text("(12AB00)")
    # Enter without choosing a suggestion submits what was typed; it does not pick the first option.
    page.get_by_label("Waar zoek je?").press("Enter")
    expect(page).to_have_url(re.compile(r"near=12AB(&|$)"))
    # The results page has loaded (its box shows the school found): only then type the next search,
    # or the text goes into the page being left and the new page's box keeps the school.
    expect(page.locator("[data-result-count]")).to_be_visible()
    page.wait_for_load_state()
    page.get_by_label("Waar zoek je?").fill("Den Haag")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.locator("[data-result-count]")).to_contain_text("van Den Haag")
    expect(page.get_by_role("link", name="Programmeren voor meiden")).to_be_visible()
    expect(page.locator(".leaflet-marker-icon").first).to_be_visible()


def test_search_use_my_location_granted(browser, site):
    url, _offer = site
    context = browser.new_context(geolocation={"latitude": 51.9225, "longitude": 4.4792}, permissions=["geolocation"])
    page = context.new_page()
    page.goto(url + "/")
    page.get_by_role("button", name="Gebruik mijn locatie").click()
    page.wait_for_url(re.compile(r"point=51\.92250%2C4\.47920"))
    expect(page.get_by_role("link", name="Robots bouwen in de bibliotheek")).to_be_visible()
    # The box says where, in words; the coordinates stay out of sight.
    expect(page.get_by_label("Waar zoek je?")).to_have_value("Mijn locatie")
    expect(page.locator("[data-result-count]")).to_contain_text("van jouw locatie")
    context.close()


def test_search_map_click_keeps_the_filters_and_says_punt_op_de_kaart(browser, site):
    url, _offer = site
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{url}/activiteiten/?near=3011&radius_km=25&theme=robotica")
    expect(page.locator("#results-map")).to_be_visible()
    box = page.locator("#results-map").bounding_box()
    page.locator("#results-map").click(position={"x": box["width"] * 0.85, "y": box["height"] * 0.25})
    page.wait_for_url(re.compile(r"point="))
    expect(page.get_by_label("Waar zoek je?")).to_have_value("Punt op de kaart")
    assert "theme=robotica" in page.url and "radius_km=25" in page.url
    assert "=&" not in page.url and not page.url.endswith("=")  # no empty fields (location-box.js)
    expect(page.locator("[data-result-count]")).to_contain_text("van het punt op de kaart")
    context.close()


def test_a_search_sends_only_the_fields_that_say_something(page, site):
    url, _offer = site
    page.goto(f"{url}/activiteiten/?near=3011")
    page.get_by_label("Waar zoek je?").fill("Den Haag")
    page.get_by_role("button", name="Zoeken").click()
    page.wait_for_url(re.compile(r"near=Den"))
    query = page.url.split("?", 1)[1]
    assert query == "near=Den+Haag&radius_km=10&sort=distance", query
    expect(page.locator("[data-result-count]")).to_contain_text("van Den Haag")
    # A page number past the end (an old bookmark) lands on the last page of the same search.
    page.goto(f"{url}/activiteiten/?near=3011&page=99")
    expect(page).to_have_url(f"{url}/activiteiten/?near=3011")
    expect(page.locator("[data-result-count]")).to_be_visible()


def test_search_use_my_location_denied(browser, site):
    url, _offer = site
    context = browser.new_context(permissions=[])
    page = context.new_page()
    page.goto(url + "/activiteiten/")
    page.get_by_role("button", name="Gebruik mijn locatie").click()
    expect(page.locator("[data-location-status]")).to_contain_text("We mogen je locatie niet gebruiken")
    expect(page.get_by_label("Waar zoek je?")).to_be_focused()
    context.close()


def test_search_keyboard_reaches_everything_without_a_trap(browser, site):
    url, _offer = site
    context = browser.new_context(viewport={"width": 390, "height": 800})  # a phone: filters and map fold away
    page = context.new_page()
    page.goto(f"{url}/activiteiten/?near=3011")
    page.locator(".skip-link").focus()  # start at the top (the search moved focus to the results)
    seen = []
    for _ in range(80):
        page.keyboard.press("Tab")
        seen.append(page.evaluate("document.activeElement.outerHTML.slice(0, 80)"))
        if seen[-1].startswith("<body"):
            break
    text = "\n".join(seen)
    assert 'name="near"' in text
    assert "Filters" in text or "<summary" in text
    assert "map-toggle" in text
    assert "/activiteiten/robots-bouwen/" in text
    # Open the map with the keyboard, tab into it and back out again.
    page.locator("[data-map-toggle]").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#results-map")).to_be_visible()
    expect(page.locator(".leaflet-marker-icon").first).to_be_attached()
    inside_map = "document.getElementById('results-map').contains(document.activeElement)"
    page.keyboard.press("Tab")
    assert page.evaluate(inside_map)
    for _ in range(15):
        page.keyboard.press("Tab")
        if not page.evaluate(inside_map):
            break
    assert not page.evaluate(inside_map)
    # The list comes before the map in tab order, and the map can be skipped.
    assert text.index("/activiteiten/robots-bouwen/") < text.index("map-toggle")
    assert text.index("skip-map") < text.index("map-toggle")
    context.close()


def test_public_pages_pass_axe(page, site):
    url, _offer = site
    for path in [
        "/",
        "/voor-ouders/",
        "/voor-leraren/",
        "/activiteiten/?near=3011",
        "/activiteiten/?near=3011&target_group=ouders&free=on",  # empty results
        "/activiteiten/?near=9999",
        "/activiteiten/robots-bouwen/",
        "/campussen/",
        "/campussen/rdm-campus/",
    ]:
        page.goto(url + path)
        page.wait_for_load_state("load")
        assert_no_axe_violations(page)


def test_search_works_without_javascript(browser, site):
    url, _offer = site
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(url + "/")
    page.get_by_label("Waar zoek je?").fill("3011")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_role("link", name="Robots bouwen in de bibliotheek")).to_be_visible()
    expect(page.locator("#results-map")).to_be_hidden()
    page.get_by_label("Ouders").check()
    page.get_by_role("button", name="Filters toepassen").click()
    expect(page.get_by_role("link", name="Havenexcursie met de boot")).to_be_visible()
    expect(page.get_by_role("link", name="Robots bouwen in de bibliotheek")).to_have_count(0)
    context.close()


@pytest.mark.parametrize(
    "viewport", [{"width": 390, "height": 844}, {"width": 1280, "height": 900}], ids=["phone", "desktop"]
)
def test_a_school_visit_on_the_map_says_it_comes_to_school_not_how_far(browser, site, viewport):
    url, offer = site
    page = browser.new_page(viewport=viewport)
    page.goto(f"{url}/activiteiten/?near=3011&location_type=at_school")
    toggle = page.locator("[data-map-toggle]")
    if toggle.is_visible():  # a phone: the map is a toggle
        toggle.click()
    marker = page.get_by_role("button", name="De techniekbus komt naar school, komt naar school (binnen 25 km)")
    expect(marker).to_be_visible()
    marker.focus()
    page.keyboard.press("Enter")
    popup = page.locator(".leaflet-popup .map-popup")
    expect(popup).to_contain_text("komt naar school (binnen 25 km)")
    assert not re.search(r"\d,\d km", popup.inner_text())
    card = page.locator(".result", has_text="De techniekbus komt naar school")
    expect(card.locator(".facts")).to_contain_text("komt naar school (binnen 25 km)")
    expect(page.locator(".leaflet-popup")).to_have_css("opacity", "1")  # faded in: axe reads the final colours
    expect(popup.locator(".map-popup__title")).to_have_css("color", "rgb(11, 92, 173)")  # the site's links, 6.6:1
    assert_no_axe_violations(page)
    # Its page has no pin at the provider's base: it takes place at the school.
    page.goto(f"{url}/en{offer['visiting'].get_absolute_url()}")
    expect(page.locator("#where-heading + p")).to_contain_text("This activity comes to your school.")
    expect(page.locator("#detail-map")).to_have_count(0)
    assert_no_axe_violations(page)
    page.close()
