"""Admin pages a coordinator works in fit a 1,366 px laptop screen (navigation and filters beside the list):
no column cut off, nothing scrolls sideways; in Dutch and in English."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from initiatives import review
from initiatives.models import StaffProfile
from initiatives.permissions import Role, ensure_role_groups
from tests.browser.axe import assert_no_axe_violations
from tests.factories import (
    BookingFactory,
    BusBudgetFactory,
    BusRequestFactory,
    CampusFactory,
    InitiativeFactory,
    ProviderFactory,
    SessionFactory,
)

OVERFLOW = """() => {
  const found = [];
  const page = document.documentElement;
  if (page.scrollWidth > page.clientWidth) found.push('page ' + page.scrollWidth);
  for (const box of document.querySelectorAll('#changelist-form .results, .inline-group, #content-main')) {
    if (box.scrollWidth > box.clientWidth + 1) found.push((box.id || box.className) + ' ' + box.scrollWidth);
  }
  return found;
}"""


def staff(username, group, **scope):
    user = get_user_model().objects.create_user(
        username, email=f"{username}@example.org", password="wachtwoord-123", is_staff=True
    )
    user.groups.add(group)
    profile = StaffProfile.objects.create(user=user, provider=scope.get("provider"))
    profile.campuses.set(scope.get("campuses", []))
    return user


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_coordinator_pages_fit_at_1366(browser, live_server):
    groups = ensure_role_groups()
    campus = CampusFactory(name="HSD Campus (The Hague Security Delta)", slug="hsd")
    provider = ProviderFactory(name="Buurtwerkplaats Schilderswijk en omstreken")
    author = staff("aanbieder", groups[Role.PROVIDER], provider=provider)
    staff("mrdh", groups[Role.MRDH])
    long_titles = ["Proeftuin procesoperator: werken in een oefenfabriek met echte installaties", "Robots"]
    initiatives = [InitiativeFactory(title=title, provider=provider, campus=campus) for title in long_titles]
    for initiative in initiatives:
        review.propose(user=author, obj=initiative, values={"title": initiative.title + " (vernieuwd)"})
    starts = timezone.now().replace(microsecond=0) + datetime.timedelta(days=14)
    session = SessionFactory(initiative=initiatives[0], starts_at=starts, ends_at=starts + datetime.timedelta(hours=2))
    booking = BookingFactory(initiative=initiatives[0], sessions=[session], status="requested", starts_at=starts)
    budget = BusBudgetFactory(campus=campus, max_euros=Decimal("5000.00"), school_year=timezone.localdate().year)
    BusRequestFactory(booking=booking, budget=budget, estimated_cost=Decimal("1250.00"))

    page = browser.new_page(viewport={"width": 1366, "height": 768}, locale="nl-NL")
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "mrdh")
    page.fill("#id_password", "wachtwoord-123")
    page.click("input[type=submit]")
    paths = [
        "/admin/initiatives/pendingchange/?status__exact=alle",
        "/admin/initiatives/booking/",
        "/admin/initiatives/busrequest/",
        "/admin/initiatives/busbudget/",
        "/admin/initiatives/initiative/",
        f"/admin/initiatives/initiative/{initiatives[0].pk}/change/",
    ]
    for prefix in ("", "/en"):
        for path in paths:
            page.goto(f"{live_server.url}{prefix}{path}")
            assert page.evaluate(OVERFLOW) == [], f"{prefix}{path}"
    page.goto(f"{live_server.url}/admin/initiatives/busbudget/")
    assert "€ 5.000,00" in page.inner_text("#result_list")
    page.goto(f"{live_server.url}/admin/initiatives/pendingchange/")
    assert_no_axe_violations(page)


PHONE_LIST = """() => {
  const results = document.querySelector('#changelist-form .results');
  const cells = [...document.querySelectorAll('#result_list thead th')];
  const last = cells[cells.length - 1];
  results.scrollLeft = results.scrollWidth;
  return {
    page: document.documentElement.scrollWidth, viewport: window.innerWidth,
    box: results.getBoundingClientRect().right, scrolls: results.scrollWidth > results.clientWidth,
    last: last.textContent.trim(), lastRight: last.getBoundingClientRect().right,
    visible: getComputedStyle(last).display !== 'none',
    narrowest: Math.min(...cells.slice(1).map((cell) => cell.getBoundingClientRect().width)),
  };
}"""


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_bookings_list_scrolls_sideways_inside_its_box_on_a_phone(browser, live_server):
    groups = ensure_role_groups()
    staff("mrdh", groups[Role.MRDH])
    initiative = InitiativeFactory(title="Proefjes doen met water en licht")
    session = SessionFactory(initiative=initiative)
    BookingFactory(initiative=initiative, sessions=[session], starts_at=session.starts_at)

    page = browser.new_page(viewport={"width": 390, "height": 844}, locale="nl-NL")
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "mrdh")
    page.fill("#id_password", "wachtwoord-123")
    page.click("input[type=submit]")
    page.goto(f"{live_server.url}/admin/initiatives/booking/")
    seen = page.evaluate(PHONE_LIST)

    assert seen["page"] <= seen["viewport"] + 1, seen  # the page itself does not scroll sideways
    assert seen["scrolls"] and seen["box"] <= seen["viewport"] + 1, seen  # the list's box does
    assert seen["visible"] and seen["lastRight"] <= seen["viewport"] + 1, seen  # and reaches the last column
    assert seen["narrowest"] >= 100, seen  # no column squeezed to a letter a line
