"""The bus check's school field on the detail page is as wide as its form, on a phone and a desktop,
also as "Andere school" after an answer (a long branch name stays readable)."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_booking_journeys import DESKTOP, PHONE, assert_no_sideways_scroll, bus_activity, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

__all__ = ["bus_activity"]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_other_school_field_is_full_width(page, live_server, bus_activity, viewport):
    page.set_viewport_size(viewport)
    page.goto(f"{live_server.url}/activiteiten/{bus_activity.slug}/?school=15KR00")
    expect(page.locator("#bus-check-answer")).to_be_visible()
    expect(page.locator("label[for=id_bus_school]")).to_have_text("Andere school")
    form_width = page.locator(".bus-check__form").evaluate("e => e.getBoundingClientRect().width")
    field_width = page.locator("#id_bus_school").evaluate("e => e.getBoundingClientRect().width")
    assert field_width >= form_width - 1, (field_width, form_width)
    assert_no_sideways_scroll(page)
    shot(page, f"detail-bus-other-school-{viewport['width']}")
