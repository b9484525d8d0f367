"""Content in a real browser: a coordinator edits and previews a page; photos on cards and detail; axe."""

import pytest
from playwright.sync_api import expect

from initiatives.permissions import GROUP_NAMES, Role, ensure_role_groups
from portal.pages.models import Page
from portal.pages.seed import seed_content
from tests.browser.axe import assert_no_axe_violations
from tests.factories import ImageFactory, InitiativeFactory, NewsItemFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCREENSHOTS = "/tmp/content"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _seeded_pages(transactional_db):
    seed_content()  # the fixed pages, as migration pages.0002 seeds them (a flushed database lost them)


def log_in_as_mrdh_coordinator(page, base_url):
    from django.contrib.auth import get_user_model

    groups = ensure_role_groups()
    user = get_user_model().objects.create_user("mrdh", password="wachtwoord-123", is_staff=True)
    user.groups.add(groups[Role.MRDH])
    assert user.groups.get().name == GROUP_NAMES[Role.MRDH]
    page.goto(f"{base_url}/admin/login/")
    page.fill("#id_username", "mrdh")
    page.fill("#id_password", "wachtwoord-123")
    page.click("input[type=submit]")


def test_coordinator_edits_the_parents_page_in_the_editor_and_previews_it(page, live_server):
    parents = Page.objects.get(kind="parents")
    image = ImageFactory(alt_text="Een vader en dochter bouwen samen een brug", credit="Studio Zuid")
    log_in_as_mrdh_coordinator(page, live_server.url)
    page.goto(f"{live_server.url}/admin/pages/page/{parents.pk}/change/")

    editor = page.locator(".field-body [contenteditable=true]")
    expect(editor).to_be_visible()
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.type("Nieuw: elke zaterdag een open werkplaats.")
    # The photo: pick the uploaded image in the autocomplete.
    page.locator(".field-image .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill("vader")
    page.locator(".select2-results__option", has_text="Een vader en dochter").click()
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist")).to_be_visible()
    parents.refresh_from_db()
    assert "open werkplaats" in parents.body and parents.image_id == image.pk

    with page.context.expect_page() as opened:
        page.click("text=Bekijk het opgeslagen concept")
    preview = opened.value
    preview.wait_for_load_state()
    expect(preview.locator("h1")).to_have_count(1)
    expect(preview.get_by_text("Nieuw: elke zaterdag een open werkplaats.")).to_be_visible()
    photo = preview.locator(".page-image img")
    expect(photo).to_have_attribute("alt", "Een vader en dochter bouwen samen een brug")
    assert preview.evaluate("document.querySelector('.page-image img').naturalWidth") > 0
    expect(preview.locator(".image-credit")).to_have_text("Foto: Studio Zuid")  # as the public page shows it
    preview.set_viewport_size({"width": 390, "height": 844})
    preview.screenshot(path=f"{SCREENSHOTS}/preview-phone.png", full_page=True)
    assert_no_axe_violations(preview)

    # The public page still shows the published text until it is published.
    page.goto(f"{live_server.url}/voor-ouders/")
    expect(page.get_by_text("Nieuw: elke zaterdag een open werkplaats.")).to_have_count(0)


@pytest.mark.parametrize("viewport", [{"width": 390, "height": 844}, {"width": 1280, "height": 900}])
def test_initiative_photo_on_card_and_detail(page, live_server, viewport):
    image = ImageFactory(alt_text="Leerlingen solderen een printplaat")
    initiative = InitiativeFactory(title="Solderen voor beginners", image=image)
    page.set_viewport_size(viewport)
    page.goto(f"{live_server.url}/activiteiten/")
    card_image = page.locator(".result__image img")
    expect(card_image).to_have_attribute("alt", "Leerlingen solderen een printplaat")
    card_image.scroll_into_view_if_needed()
    expect(page.locator(".result__image img")).to_have_js_property("complete", True)
    # A phone-sized rendition, AVIF where the browser takes it (Chromium does): never the 2000 px master.
    source = page.evaluate("document.querySelector('.result__image img').currentSrc")
    assert source.endswith("/320.avif") and "/original." not in source
    name = "phone" if viewport["width"] < 500 else "desktop"
    page.screenshot(path=f"{SCREENSHOTS}/search-card-{name}.png", full_page=False)

    page.goto(f"{live_server.url}{initiative.get_absolute_url()}")
    detail_image = page.locator(".detail-image img")
    expect(detail_image).to_be_visible()
    assert page.evaluate("document.querySelector('.detail-image img').naturalWidth") > 0
    width = page.evaluate("document.querySelector('.detail-image img').getBoundingClientRect().width")
    assert width <= viewport["width"]
    page.screenshot(path=f"{SCREENSHOTS}/detail-{name}.png", full_page=False)
    assert_no_axe_violations(page)


def test_map_popup_shows_the_photo(page, live_server):
    image = ImageFactory(alt_text="Kinderen bij een windmolen")
    InitiativeFactory(title="Windenergie ontdekken", image=image)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/activiteiten/")
    marker = page.locator(".leaflet-marker-icon").first
    marker.focus()
    page.keyboard.press("Enter")
    popup = page.locator(".leaflet-popup .map-popup")
    expect(popup.locator("img")).to_have_attribute("alt", "Kinderen bij een windmolen")
    expect(popup.locator("a")).to_have_text("Windenergie ontdekken")


@pytest.mark.parametrize(
    "path", ["/", "/voor-ouders/", "/voor-leraren/", "/privacy/", "/toegankelijkheid/", "/contact/",
             "/veelgestelde-vragen/", "/nieuws/", "/en/contact/"],
)  # fmt: skip
def test_content_pages_pass_axe_on_a_phone(page, live_server, path):
    NewsItemFactory(title="Techniekweek in Rotterdam", image=ImageFactory())
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}{path}")
    expect(page.locator("h1")).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_no_axe_violations(page)
    if path in ("/", "/voor-ouders/", "/nieuws/"):
        page.screenshot(path=f"{SCREENSHOTS}/phone{path.strip('/').replace('/', '-') or '-home'}.png", full_page=True)


def test_news_draft_preview_as_staff_passes_axe_and_is_not_public(page, live_server):
    item = NewsItemFactory(title="Zomerkamp robotica", is_draft=True, image=ImageFactory(alt_text="Een robotarm"))
    page.goto(f"{live_server.url}/nieuws/{item.slug}/")
    expect(page.locator("h1")).not_to_have_text("Zomerkamp robotica")  # a draft is a 404 for the public
    log_in_as_mrdh_coordinator(page, live_server.url)
    page.goto(f"{live_server.url}/admin/pages/newsitem/{item.pk}/voorbeeld/")
    expect(page.locator(".preview-banner")).to_be_visible()
    expect(page.locator("h1")).to_have_text("Zomerkamp robotica")
    expect(page.locator("picture source[type='image/avif']")).to_have_count(1)
    page.screenshot(path=f"{SCREENSHOTS}/news-preview.png", full_page=True)
    assert_no_axe_violations(page)
