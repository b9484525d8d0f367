from django.urls import reverse

from tests import factories
from tests.search_data import make_offer


def test_campus_list_shows_every_active_campus_with_map_data(client, geography):
    factories.CampusFactory(name="Oude campus", slug="oude-campus", is_active=False)
    response = client.get(reverse("campuses:list"))
    body = response.content.decode()
    assert "RDM Campus" in body
    assert "Oude campus" not in body
    assert 'id="campus-markers"' in body


def test_campus_detail_lists_offer_within_its_radius(client, geography):
    make_offer()
    response = client.get(reverse("campuses:detail", args=["rdm-campus"]))
    titles = [item.title for item in response.context["outcome"].page]
    assert titles[0] == "Havenexcursie met de boot"
    assert "Robots bouwen in de bibliotheek" in titles
    assert "Programmeren voor meiden" not in titles
    assert "Online codeerclub" not in titles
    assert "Aanbod binnen 10 km" in response.content.decode()


def test_campus_detail_on_en_notes_the_dutch_campus_text(client, geography):
    campus = factories.CampusFactory(slug="hsd-campus", name="HSD Campus", description="Techniek in Den Haag.")
    en = client.get(f"/en/campussen/{campus.slug}/").content.decode()
    assert '<div class="prose" lang="nl">' in en
    assert 'class="language-note"' in en
    nl = client.get(f"/campussen/{campus.slug}/").content.decode()
    assert 'class="language-note"' not in nl and '<div class="prose">' in nl


def test_campus_detail_of_inactive_campus_is_404(client, geography):
    factories.CampusFactory(name="Oude campus", slug="oude-campus", is_active=False)
    assert client.get(reverse("campuses:detail", args=["oude-campus"])).status_code == 404
