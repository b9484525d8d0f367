"""A real-data entry on the public detail page and card: unknown cost, programme, reach, sources; axe-clean."""

import datetime

import pytest

from initiatives.models import Programme
from tests.browser.axe import assert_no_axe_violations
from tests.factories import InitiativeFactory, MunicipalityFactory
from tests.search_data import make_geography

pytestmark = pytest.mark.browser


@pytest.fixture
def entry(transactional_db, django_db_serialized_rollback, live_server):
    make_geography()
    network = Programme.objects.create(name="Techniekpact Zuid", slug="techniekpact-zuid")
    successor = InitiativeFactory(title="Techniekweek 2027")
    initiative = InitiativeFactory(
        title="Techniekweek 2026",
        is_free=None,
        po_group_from=None,
        po_group_to=None,
        levels_unknown=True,
        programme=network,
        ends_on=datetime.date(2026, 11, 1),
        successor=successor,
        source="https://example.org/nieuws/techniekweek-in-schiedam-en-vlaardingen-met-veel-scholen ; https://example.org/b",
        source_seen="2022-10",
    )
    initiative.municipalities.set([MunicipalityFactory(code="GM0606", name="Schiedam")])
    return live_server.url, initiative


@pytest.mark.parametrize("width", [390, 1280])
def test_detail_with_unknowns_reads_well_and_passes_axe(browser, entry, width):
    url, initiative = entry
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(url + initiative.get_absolute_url())
    page.wait_for_load_state("load")
    body = page.inner_text("main")
    assert "prijs: navragen bij de aanbieder" in body and "gratis" not in body.lower().split("kosten")[1][:40]
    assert "Techniekpact Zuid" in body and "Schiedam" in body and "Techniekweek 2027" in body
    assert_no_axe_violations(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # long source addresses wrap
    page.screenshot(path=f"/tmp/import/detail-{width}.png", full_page=True)
    page.close()
