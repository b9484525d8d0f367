"""The review round trip in a browser: the provider edits, the public keeps the live page, the coordinator
sends it back, the provider fixes it, the coordinator approves, the public sees it."""

import os

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from initiatives.models import StaffProfile
from initiatives.permissions import Role, ensure_role_groups
from tests.factories import CampusFactory, InitiativeFactory, ProviderFactory

SHOTS = os.environ.get("SCREENSHOT_DIR", "")


def shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"review-{name}.png"), full_page=True)


def staff(username, group, **scope):
    user = get_user_model().objects.create_user(
        username, email=f"{username}@example.org", password="wachtwoord-123", is_staff=True
    )
    user.groups.add(group)
    profile = StaffProfile.objects.create(user=user, provider=scope.get("provider"))
    profile.campuses.set(scope.get("campuses", []))
    return user


def login(browser, live_server, username):
    page = browser.new_page(locale="nl-NL")
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "wachtwoord-123")
    page.click("input[type=submit]")
    return page


@pytest.mark.browser
# A plain flush (no serialized rollback): the tests before this one flush too, and the flush's
# post_migrate recreates the content types and permissions the role groups need.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_review_round_trip(browser, live_server):
    groups = ensure_role_groups()
    campus = CampusFactory(name="Campus Rotterdam Zuid", slug="rotterdam-zuid")
    provider = ProviderFactory(name="TechLab Rotterdam")
    initiative = InitiativeFactory(title="Robots bouwen", provider=provider)
    staff("aanbieder", groups[Role.PROVIDER], provider=provider)
    staff("campus", groups[Role.CAMPUS], campuses=[campus])
    public = browser.new_page(locale="nl-NL")
    change_form = f"{live_server.url}/admin/initiatives/initiative/{initiative.pk}/change/"

    editor = login(browser, live_server, "aanbieder")
    editor.goto(change_form)
    editor.fill("#id_title", "Robots bouwen en programmeren")
    editor.click("input[name=_save]")
    assert "ter beoordeling aangeboden" in editor.inner_text(".messagelist")
    shot(editor, "1-provider-saved")
    public.goto(f"{live_server.url}/activiteiten/{initiative.slug}/")
    assert public.inner_text("h1") == "Robots bouwen"

    coordinator = login(browser, live_server, "campus")
    coordinator.get_by_role("link", name="Wijzigingen van aanbieders ter beoordeling", exact=True).click()
    coordinator.get_by_role("link", name="initiatief “Robots bouwen”").click()
    row = coordinator.locator("#review-comparison tbody tr", has_text="Titel")
    expect(row.locator("td")).to_have_text(["Robots bouwen", "Robots bouwen en programmeren"])  # waits for the page
    shot(coordinator, "2-compare")
    coordinator.get_by_label("Toelichting voor de aanbieder").fill("Noem ook voor welke groepen het is.")
    coordinator.get_by_role("button", name="Terugsturen met toelichting").click()
    assert "Teruggestuurd" in coordinator.inner_text(".messagelist")

    editor.goto(change_form)
    assert "Noem ook voor welke groepen het is." in editor.inner_text(".review-notice")
    assert editor.input_value("#id_title") == "Robots bouwen en programmeren"
    shot(editor, "3-sent-back")
    editor.fill("#id_title", "Robots bouwen en programmeren (groep 5-8)")
    editor.click("input[name=_save]")

    coordinator.goto(f"{live_server.url}/admin/")
    coordinator.get_by_role("link", name="Wijzigingen van aanbieders ter beoordeling", exact=True).click()
    coordinator.get_by_role("link", name="initiatief “Robots bouwen”").click()
    coordinator.get_by_role("button", name="Goedkeuren en publiceren").click()
    shot(coordinator, "5-approved")
    assert "Goedgekeurd" in coordinator.inner_text(".messagelist")

    public.goto(f"{live_server.url}/activiteiten/{initiative.slug}/")
    assert public.inner_text("h1") == "Robots bouwen en programmeren (groep 5-8)"
    shot(public, "4-public")
