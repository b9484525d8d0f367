import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests import factories
from tests.search_data import make_offer

SEARCH = reverse("initiatives:search")


@pytest.fixture
def offer(geography):
    return make_offer()


def titles(response):
    return [item.title for item in response.context["outcome"].page]


def test_search_by_postcode_orders_by_distance_and_shows_km(client, offer):
    response = client.get(SEARCH, {"near": "3011", "radius_km": "10"})
    assert response.status_code == 200
    assert titles(response)[:2] == ["Robots bouwen in de bibliotheek", "Havenexcursie met de boot"]
    assert "Programmeren voor meiden" not in titles(response)
    assert "1,3 km" in response.content.decode()


def test_search_includes_online_offers_last_by_default(client, offer):
    response = client.get(SEARCH, {"near": "3011"})
    assert titles(response)[-1] == "Online codeerclub"


def test_search_location_type_filter_leaves_out_online(client, offer):
    response = client.get(SEARCH, {"near": "3011", "location_type": ["venue", "at_school"]})
    assert "Online codeerclub" not in titles(response)


def test_search_school_visit_counts_within_its_service_radius(client, offer):
    # The bus is based 9 km from 3011 with a 25 km service radius; a 5 km search still finds it.
    response = client.get(SEARCH, {"near": "3011", "radius_km": "5"})
    assert "De techniekbus komt naar school" in titles(response)
    response = client.get(SEARCH, {"near": "9991", "radius_km": "50"})
    assert "De techniekbus komt naar school" not in titles(response)


def test_search_by_place_alias(client, offer):
    response = client.get(SEARCH, {"near": "den haag", "location_type": "venue"})
    assert titles(response) == ["Programmeren voor meiden"]


def test_search_unknown_postcode_explains_and_suggests(client, offer):
    response = client.get(SEARCH, {"near": "9999"})
    assert response.status_code == 200
    body = response.content.decode()
    # 9991 (Middelstum) is nearest by number but far from the region: no suggestion, ask for a place.
    assert "Postcode 9999 bestaat niet. Controleer de cijfers of typ de naam van je plaats." in body
    assert 'href="?near=9991' not in body
    assert 'aria-invalid="true"' in body
    # Next steps beside the message: the online offers with the same filters, or everything.
    assert (
        'href="?po_group=6&amp;location_type=online"'
        in client.get(SEARCH, {"near": "9999", "po_group": "6"}).content.decode()
    )
    assert '<a href="/activiteiten/">Alle activiteiten</a>' in body


def test_search_never_shows_drafts(client, offer):
    response = client.get(SEARCH)
    assert "Nog geheim" not in titles(response)
    assert len(titles(response)) == 5


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"po_group": "6"}, {"Robots bouwen in de bibliotheek", "Programmeren voor meiden", "Online codeerclub"}),
        ({"vo_year": "2", "track": "vmbo"}, {"Havenexcursie met de boot"}),
        ({"target_group": "ouders"}, {"Havenexcursie met de boot"}),
        (
            {"theme": ["robotica", "haven-en-maritiem"]},
            {"Robots bouwen in de bibliotheek", "Havenexcursie met de boot"},
        ),
        ({"activity_type": "excursion"}, {"Havenexcursie met de boot"}),
        ({"location_type": "online"}, {"Online codeerclub"}),
        ({"family": "on"}, {"Havenexcursie met de boot"}),
        ({"practice_min": "3", "location_type": "venue", "near": "Den Haag"}, set()),
        ({"q": "haven"}, {"Havenexcursie met de boot"}),
    ],
)
def test_search_filters(client, offer, params, expected):
    response = client.get(SEARCH, params)
    assert set(titles(response)) - {"De techniekbus komt naar school"} == expected - {"De techniekbus komt naar school"}


def test_family_filter_finds_what_parent_and_child_can_join(client, offer):
    """ "Ouder en kind samen" is for a parent with a child: what they do together, or what welcomes parents
    where a family can go. Not an evening for parents alone ("Voor wie: ouders" finds that), not what only a
    class can book here, even with parents welcome."""
    parents = offer["further"].target_groups.get(slug="ouders")
    pupils = offer["near"].target_groups.get(slug="leerlingen")
    factories.InitiativeFactory(
        title="Informatieavond voor ouders", target_groups=[parents], booked_by="families", po_group_from=None,
        po_group_to=None, is_outside_school_hours=True, parents_welcome=True,
    )  # fmt: skip
    factories.InitiativeFactory(
        title="Avond voor ouders met een migratieachtergrond", target_groups=[parents, pupils], booked_by="families",
        is_outside_school_hours=True,
    )  # fmt: skip
    factories.InitiativeFactory(
        title="Codeclub voor de klas, ouders welkom", target_groups=[pupils], parents_welcome=True
    )
    factories.InitiativeFactory(
        title="Open dag voor kinderen en ouders", target_groups=[pupils, parents], booking_mode="external"
    )
    factories.InitiativeFactory(
        title="Kijkochtend, ouders welkom", target_groups=[pupils], parents_welcome=True, booking_mode="contact"
    )

    family = set(titles(client.get(SEARCH, {"family": "on"})))
    assert family == {"Havenexcursie met de boot", "Open dag voor kinderen en ouders", "Kijkochtend, ouders welkom"}
    for_parents = set(titles(client.get(SEARCH, {"target_group": "ouders"})))
    assert {"Informatieavond voor ouders", "Avond voor ouders met een migratieachtergrond"} <= for_parents


def test_search_free_only(client, offer):
    response = client.get(SEARCH, {"free": "on"})
    assert "Havenexcursie met de boot" not in titles(response)
    assert "Robots bouwen in de bibliotheek" in titles(response)


def test_search_bookable_now_needs_an_open_booking_window(client, offer):
    now = timezone.now()
    factories.SessionFactory(initiative=offer["near"], booking_closes_at=now + datetime.timedelta(days=1))
    factories.SessionFactory(initiative=offer["hague"], booking_opens_at=now + datetime.timedelta(days=2))
    factories.SessionFactory(initiative=offer["further"], is_cancelled=True)
    response = client.get(SEARCH, {"bookable": "on"})
    assert titles(response) == ["Robots bouwen in de bibliotheek"]


def test_search_sessions_in_date_range(client, offer):
    day = (timezone.now() + datetime.timedelta(days=30)).replace(hour=10)
    factories.SessionFactory(initiative=offer["hague"], starts_at=day)
    response = client.get(SEARCH, {"date_from": day.date().isoformat(), "date_to": day.date().isoformat()})
    assert titles(response) == ["Programmeren voor meiden"]


def test_search_language_campus_and_provider_filters(client, offer):
    english = factories.LanguageFactory(code="en", name="Engels")
    offer["hague"].languages.add(english)
    assert titles(client.get(SEARCH, {"language": "en"})) == ["Programmeren voor meiden"]
    provider = offer["further"].provider.slug
    assert titles(client.get(SEARCH, {"provider": provider})) == ["Havenexcursie met de boot"]
    campus_titles = titles(client.get(SEARCH, {"campus": "rdm-campus"}))
    assert "Havenexcursie met de boot" in campus_titles
    assert "Programmeren voor meiden" not in campus_titles


def test_search_result_card_answers_the_questions(client, offer):
    factories.SessionFactory(
        initiative=offer["further"], starts_at=datetime.datetime(2027, 3, 13, 9, tzinfo=datetime.UTC)
    )
    body = client.get(SEARCH, {"near": "3011", "target_group": "ouders"}).content.decode()
    assert "€ 5,00" in body
    assert "vmbo leerjaar 1–3" in body
    assert "za 13 mrt" in body
    assert "ouders" in body


@pytest.mark.parametrize("q", ["%", "_", "%%", "';--"])
def test_search_keywords_without_letters_or_digits_are_refused_beside_the_field(client, offer, q):
    response = client.get(SEARCH, {"q": q})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Vul een zoekwoord met letters of cijfers in." in body
    assert 'class="chip"' not in body  # no chip for a filter that is not applied (the summary names it)


def test_search_shows_removable_chips_and_clear_all(client, offer):
    body = client.get(SEARCH, {"near": "3011", "target_group": "ouders", "free": "on"}).content.decode()
    assert "Voor wie: Ouders" in body
    assert 'href="?near=3011&amp;free=on"' in body  # chip for "ouders" keeps the rest
    assert 'href="?near=3011">Wis alle filters' in body


def test_search_facet_counts(client, offer):
    response = client.get(SEARCH, {"near": "3011"})
    facets = response.context["outcome"].facets
    assert facets["target_group"]["leerlingen"] == 2
    assert facets["location_type"]["online"] == 1


def test_search_pagination_keeps_filters(client, offer):
    for number in range(25):
        factories.InitiativeFactory(title=f"Extra workshop {number:02d}", slug=f"extra-{number}")
    body = client.get(SEARCH, {"near": "3011", "theme": "robotica", "q": "workshop"}).content.decode()
    body = client.get(SEARCH, {"near": "3011", "po_group": "6"}).content.decode()
    assert 'href="?near=3011&amp;po_group=6&amp;page=2"' in body


def test_a_page_past_the_end_leads_to_the_last_page_of_the_same_search(client, offer):
    for number in range(25):
        factories.InitiativeFactory(title=f"Extra workshop {number:02d}", slug=f"extra-{number}")
    response = client.get(SEARCH, {"near": "3011", "radius_km": "25", "page": "99"})
    assert response.status_code == 302
    assert response["Location"] == f"{SEARCH}?near=3011&radius_km=25&page=2"
    last = client.get(response["Location"])
    assert last.status_code == 200
    assert last.context["outcome"].page.number == 2


@pytest.mark.parametrize("number", ["abc", "0", "-1", "99", "²", "1.5"])
def test_a_page_number_that_does_not_exist_leads_to_a_page_that_does(client, offer, number):
    response = client.get(f"/en{SEARCH}", {"near": "3011", "page": number})
    assert response.status_code == 302
    assert response["Location"] == f"/en{SEARCH}?near=3011"  # one page of results: the first
    assert client.get(response["Location"]).status_code == 200
    assert client.get(SEARCH, {"page": number}).headers["Location"] == SEARCH


def test_a_radius_from_a_link_that_is_not_an_option_is_shown_as_searched(client, offer):
    body = client.get(SEARCH, {"near": "3011", "radius_km": "7"}).content.decode()
    assert '<option value="7" selected>binnen 7 km</option>' in body
    assert body.index('value="5"') < body.index('value="7"') < body.index('value="10"')
    body = client.get(SEARCH, {"near": "3011", "radius_km": "7.5"}).content.decode()
    assert '<option value="7.5" selected>binnen 7,5 km</option>' in body
    body = client.get(SEARCH, {"near": "3011", "radius_km": "10"}).content.decode()
    assert '<option value="10" selected>binnen 10 km' in body and "binnen 7" not in body


def test_search_map_markers_match_the_list(client, offer):
    response = client.get(SEARCH, {"near": "3011", "radius_km": "10"})
    markers = response.context["markers"]
    listed = [item for item in response.context["outcome"].page if item.latitude is not None]
    assert [marker["title"] for marker in markers] == [item.title for item in listed]
    assert markers[0]["label"] == "Robots bouwen in de bibliotheek, Rotterdam, 1,3 km"
    assert 'id="map-markers"' in response.content.decode()


def count_queries(client, url, params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries)


def add_initiatives(count):
    groups = [factories.TargetGroupFactory(slug=f"groep-{n}") for n in range(2)]
    themes = [factories.ThemeFactory(slug=f"thema-{n}") for n in range(2)]
    for _number in range(count):
        initiative = factories.InitiativeFactory(themes=themes, target_groups=groups)
        factories.SessionFactory(initiative=initiative)


def test_search_page_query_count_is_constant(client, geography, monkeypatch):
    monkeypatch.setattr("portal.cache.VERSION_MEMO_SECONDS", 3600)
    params = {"near": "3011", "radius_km": "25", "theme": "thema-1", "q": "robots"}
    add_initiatives(5)
    client.get(SEARCH, params)  # the vocabularies and the menu are read once per catalogue change
    few = count_queries(client, SEARCH, params)
    add_initiatives(20)
    client.get(SEARCH, params)
    many = count_queries(client, SEARCH, params)
    assert len(client.get(SEARCH, params).context["outcome"].page) == 20
    assert few == many


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text and trigram search need PostgreSQL")
def test_search_free_text_dutch_stemming_and_typos_on_postgresql(client, offer):
    assert "Robots bouwen in de bibliotheek" in titles(client.get(SEARCH, {"q": "robot"}))
    assert "Robots bouwen in de bibliotheek" in titles(client.get(SEARCH, {"q": "bibliotheken"}))
    assert "Havenexcursie met de boot" in titles(client.get(SEARCH, {"q": "havenexcrusie"}))


def test_search_default_radius_is_ten_km(client, offer):
    body = client.get(SEARCH, {"near": "3011"}).content.decode()
    assert '<option value="10" selected>' in body


def test_search_filter_panel_renders_every_filter_with_counts(client, offer):
    body = client.get(SEARCH, {"near": "3011", "theme": "robotica", "po_group": "6"}).content.decode()
    assert re.search(r'<input type="checkbox" name="theme" value="robotica" id="id_theme_\d+" checked>', body)
    assert '<option value="6" selected>groep 6 (9-10 jaar)</option>' in body
    assert 'Leerlingen <span class="count">(1)</span>' in body
    names = "q vo_year track target_group activity_type location_type free bookable family outside_school_hours"
    for name in [*names.split(), "date_from", "date_to", "language", "practice_min", "campus"]:
        assert f'name="{name}"' in body, name
