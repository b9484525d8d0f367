import csv
import io

import pytest
from django.urls import reverse

from tests import factories
from tests.initiatives.test_search import add_initiatives, count_queries
from tests.search_data import make_offer

LIST = reverse("api:initiatives")


@pytest.fixture
def offer(geography):
    return make_offer()


def test_api_list_envelope_and_fields(client, offer):
    data = client.get(LIST).json()
    assert data["count"] == 5
    assert data["next"] is None and data["previous"] is None
    item = next(result for result in data["results"] if result["slug"] == "robots-bouwen")
    assert item["url"] == "http://testserver/activiteiten/robots-bouwen/"
    assert item["provider"]["name"].startswith("Techniekbedrijf")
    assert item["latitude"] == 51.93 and item["longitude"] == 4.48
    assert item["location_type"] == "venue"
    assert item["themes"] == [{"slug": "robotica", "name": "Robotica"}]
    assert item["target_groups"] == [{"slug": "leerlingen", "name": "Leerlingen"}]
    assert "distance_km" not in item


def test_api_near_orders_by_distance_rounded(client, offer):
    data = client.get(LIST, {"near": "3011", "radius_km": "10", "location_type": "venue"}).json()
    assert [item["slug"] for item in data["results"]] == ["robots-bouwen", "havenexcursie"]
    assert [item["distance_km"] for item in data["results"]] == [1.3, 6.8]


def test_api_near_accepts_coordinates_and_any_radius(client, offer):
    data = client.get(LIST, {"near": "52.078,4.31", "radius_km": "2.5", "location_type": "venue"}).json()
    assert [item["slug"] for item in data["results"]] == ["programmeren-den-haag"]


def test_api_pagination_links_keep_filters(client, offer):
    data = client.get(LIST, {"page_size": "2", "po_group": "6"}).json()
    assert data["count"] == 4
    assert data["next"] == "http://testserver/api/v1/initiatives/?page_size=2&po_group=6&page=2"
    second = client.get(data["next"]).json()
    assert second["previous"].endswith("page=1")


@pytest.mark.parametrize(
    "params",
    [
        {"near": "9999"},
        {"near": "Atlantis"},
        {"near": "48.85,2.35"},
        {"radius_km": "abc"},
        {"radius_km": "500"},
        {"po_group": "9"},
        {"target_group": "bestaat-niet"},
        {"date_from": "morgen"},
        {"page": "0"},
        {"page": "x"},
        {"page": "99"},
        {"page_size": "1000"},
        {"format": "xml"},
        {"practice_min": "7"},
        {"q": "%"},
        {"q": "';--"},
    ],
)
def test_api_bad_parameters_give_400_problem_details(client, offer, params):
    response = client.get(LIST, params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 400 and problem["title"] and problem["type"].startswith("tag:")
    assert problem["instance"].startswith("/api/v1/initiatives/")
    assert problem["error"]


def test_api_unknown_postcode_error_names_the_field_and_suggests(client, offer):
    errors = client.get(LIST, {"near": "2513"}).json()["errors"]
    assert errors["near"] == ["We kennen postcode 2513 niet. Bedoelde je 2511 (Den Haag)?"]


@pytest.mark.parametrize(
    ("params", "slugs"),
    [
        ({"vo_year": "1", "track": "vmbo"}, {"havenexcursie"}),
        ({"target_group": "ouders"}, {"havenexcursie"}),
        ({"theme": "robotica"}, {"robots-bouwen"}),
        ({"activity_type": "online"}, {"online-codeerclub"}),
        ({"location_type": "at_school"}, {"techniekbus"}),
        ({"free": "false", "family": "true"}, {"havenexcursie"}),
        ({"outside_school_hours": "true"}, set()),
        ({"practice_min": "3", "near": "Den Haag", "location_type": "venue"}, set()),
        ({"campus": "rdm-campus", "q": "haven"}, {"havenexcursie"}),
        ({"bookable": "true"}, set()),
        ({"date_from": "2030-01-01"}, set()),
    ],
)
def test_api_filters(client, offer, params, slugs):
    data = client.get(LIST, params).json()
    assert {item["slug"] for item in data["results"]} == slugs


def test_api_filter_by_provider_and_language(client, offer):
    offer["hague"].languages.add(factories.LanguageFactory(code="en", name="Engels"))
    assert [item["slug"] for item in client.get(LIST, {"language": "en"}).json()["results"]] == [
        "programmeren-den-haag"
    ]
    provider = offer["online"].provider.slug
    assert [item["slug"] for item in client.get(LIST, {"provider": provider}).json()["results"]] == [
        "online-codeerclub"
    ]


def test_api_detail_with_sessions(client, offer):
    factories.SessionFactory(initiative=offer["near"], capacity=12)
    data = client.get(reverse("api:initiative", args=["robots-bouwen"])).json()
    assert data["title"] == "Robots bouwen in de bibliotheek"
    assert data["sessions"][0]["seats_left"] == 12
    assert data["sessions"][0]["starts_at"]


def test_api_says_who_books_in_the_list_the_detail_and_the_csv(client, offer):
    factories.InitiativeFactory(
        title="Informatieavond voor ouders", slug="ouderavond", booked_by="families", po_group_from=None,
        po_group_to=None,
    )  # fmt: skip

    listed = {item["slug"]: item["booked_by"] for item in client.get(LIST, {"page_size": 50}).json()["results"]}
    detail = client.get(reverse("api:initiative", args=["ouderavond"])).json()
    rows = list(csv.DictReader(io.StringIO(client.get(reverse("api:initiatives-csv")).content.decode("utf-8-sig"))))

    assert listed["ouderavond"] == "families" and listed["robots-bouwen"] == "classes"
    assert detail["booked_by"] == "families"
    assert {row["slug"]: row["booked_by"] for row in rows}["ouderavond"] == "families"
    assert list(rows[0])[-1] == "booked_by"  # appended: the earlier columns keep their place


def test_api_detail_of_draft_is_404_json(client, offer):
    response = client.get(reverse("api:initiative", args=["nog-geheim"]))
    assert response.status_code == 404
    assert response.json()["error"]


@pytest.mark.parametrize(("url", "extra"), [(reverse("api:initiatives-geojson"), {}), (LIST, {"format": "geojson"})])
def test_api_geojson(client, offer, url, extra):
    response = client.get(url, {"near": "3011", **extra})
    assert response["Content-Type"] == "application/geo+json"
    data = response.json()
    assert data["type"] == "FeatureCollection"
    first = data["features"][0]
    assert first["geometry"] == {"type": "Point", "coordinates": [4.48, 51.93]}
    assert first["properties"]["distance_km"] == 1.3
    online = next(feature for feature in data["features"] if feature["properties"]["slug"] == "online-codeerclub")
    assert online["geometry"] is None


def test_api_csv_is_safe_for_spreadsheets(client, offer):
    factories.InitiativeFactory(title='=HYPERLINK("http://evil")', slug="evil")
    response = client.get(reverse("api:initiatives-csv"))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["id", "slug", "title"]
    titles = [row[2] for row in rows[1:]]
    assert '\'=HYPERLINK("http://evil")' in titles
    assert len(rows) == 7


def test_api_campuses(client, geography):
    data = client.get(reverse("api:campuses")).json()
    assert data["results"][0]["slug"] == "rdm-campus"
    assert data["results"][0]["url"] == "http://testserver/campussen/rdm-campus/"


def test_api_schools_search_by_name_and_code(client, geography):
    data = client.get(reverse("api:schools"), {"q": "vuurtoren"}).json()
    assert data["results"][0]["label"] == "Basisschool De Vuurtoren, 's-Gravenhage (12AB00)"
    assert client.get(reverse("api:schools"), {"q": "12ab"}).json()["count"] == 1
    assert client.get(reverse("api:schools"), {"q": "x"}).status_code == 400


def test_api_is_read_only(client, offer):
    assert client.post(LIST).status_code == 405


def test_api_list_query_count_is_constant(client, geography, monkeypatch):
    monkeypatch.setattr("portal.cache.VERSION_MEMO_SECONDS", 3600)
    params = {"near": "3011", "radius_km": "25", "theme": "thema-1"}
    add_initiatives(5)
    client.get(LIST, params)  # the catalogue version behind the ETag is read once a second per process
    few = count_queries(client, LIST, params)
    add_initiatives(20)
    client.get(LIST, params)  # the vocabularies are read once per catalogue change
    many = count_queries(client, LIST, params)
    assert client.get(LIST, params).json()["count"] == 25
    assert few == many


def test_api_bookable_and_date_range(client, offer):
    import datetime

    from django.utils import timezone

    day = timezone.now() + datetime.timedelta(days=20)
    factories.SessionFactory(initiative=offer["near"], starts_at=day)
    factories.SessionFactory(initiative=offer["hague"], starts_at=day + datetime.timedelta(days=10))
    assert [item["slug"] for item in client.get(LIST, {"bookable": "true"}).json()["results"]] == [
        "programmeren-den-haag",
        "robots-bouwen",
    ]
    local_day = timezone.localtime(day).date()  # dates filter in Amsterdam time, also between 23.00 and 24.00 UTC
    window = {"date_from": local_day.isoformat(), "date_to": (local_day + datetime.timedelta(days=1)).isoformat()}
    assert [item["slug"] for item in client.get(LIST, window).json()["results"]] == ["robots-bouwen"]
    assert [item["slug"] for item in client.get(LIST, {"date_to": local_day.isoformat()}).json()["results"]] == [
        "robots-bouwen"
    ]


@pytest.mark.parametrize(
    "query",
    [
        "near=&radius_km=&page=",
        "near=%20,%20",
        "near=99.9,99.9",
        "near=3011&radius_km=-5",
        "near=3011&radius_km=NaN",
        "near=3011&radius_km=1e10",
        "date_from=2026-13-45",
        "practice_min=abc",
        "language=zz",
        "campus=nope",
        "theme=",
        "q=" + "robot%27%22%3B%26%7C!" * 80,  # longer query strings get 414 (tests/portal/test_security.py)
        "q=%00",
        "near=%00",
        "near=" + "a" * 500,
        "po_group=1.5",
        "free=maybe",
    ],
)
def test_api_never_fails_on_odd_input(client, offer, query):
    response = client.get(f"{LIST}?{query}")
    assert response.status_code in (200, 400)
    assert response["Content-Type"] == (
        "application/json" if response.status_code == 200 else "application/problem+json"
    )
    page = client.get(f"/activiteiten/?{query}")
    assert page.status_code == 200
