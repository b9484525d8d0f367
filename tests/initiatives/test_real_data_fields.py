"""Real offers in the model: cost and levels unknown, region-wide, programme, end date, successor."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from initiatives.models import Initiative, Programme
from tests.factories import InitiativeFactory, MunicipalityFactory

pytestmark = pytest.mark.django_db

SEARCH = reverse("initiatives:search")


def detail(client, initiative):
    return client.get(reverse("initiatives:detail", kwargs={"slug": initiative.slug})).text


def test_unknown_cost_is_never_shown_as_free_nor_found_by_the_free_filter(client):
    unknown = InitiativeFactory(title="Kosten onbekend", is_free=None, price=None)
    paid_without_price = InitiativeFactory(title="Betaald zonder bedrag", is_free=False, price=None)
    free = InitiativeFactory(title="Echt gratis", is_free=True)

    for initiative in (unknown, paid_without_price):
        assert "prijs: navragen bij de aanbieder" in detail(client, initiative)
    listing = client.get(SEARCH, {"free": "on"}).text
    assert "Echt gratis" in listing and "Kosten onbekend" not in listing and "Betaald zonder bedrag" not in listing
    cards = client.get(SEARCH).text
    assert cards.count("prijs: navragen bij de aanbieder") == 2
    assert "gratis" in detail(client, free)


def test_new_initiative_defaults_to_unknown_cost(db):
    initiative = InitiativeFactory.build()
    assert Initiative._meta.get_field("is_free").get_default() is None
    assert initiative.is_free is True  # the factory says so explicitly


def test_unknown_levels_are_shown_as_ask_the_provider(client):
    initiative = InitiativeFactory(po_group_from=None, po_group_to=None, levels_unknown=True)

    assert "schoolniveau: navragen bij de aanbieder" in detail(client, initiative)
    assert "alle leeftijden" not in detail(client, initiative)


def test_reach_programme_end_date_successor_and_sources_on_the_detail_page(client):
    network = Programme.objects.create(name="Techniekpact Zuid", slug="techniekpact-zuid", website="https://tp.example")
    follow_up = InitiativeFactory(title="Techniekweek 2027")
    initiative = InitiativeFactory(
        title="Techniekweek 2026",
        programme=network,
        ends_on=datetime.date(2026, 11, 1),
        successor=follow_up,
        source="https://a.example/one ; https://b.example/two",
        source_seen="2022-10",
        price=Decimal("7.50"),
        is_free=False,
    )
    initiative.municipalities.set([MunicipalityFactory(code="GM0606", name="Schiedam")])

    body = detail(client, initiative)

    assert "Schiedam" in body and "Techniekpact Zuid" in body and "1 november 2026" in body
    assert follow_up.get_absolute_url() in body
    assert 'href="https://a.example/one"' in body and "zo beschreven in 2022-10" in body
    assert "€ 7,50" in body

    initiative.is_region_wide = True
    initiative.save()
    assert "de hele regio" in detail(client, initiative)
