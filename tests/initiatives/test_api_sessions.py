"""What reusers ask for: /api/v1/sessions/ (start/end, near, bbox, initiative filters, sort,
updated_since), bbox and sort on initiatives, updated_at on every result."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from initiatives.models import Initiative, Session
from tests import factories
from tests.search_data import make_offer

SESSIONS = reverse("api:sessions")
LIST = reverse("api:initiatives")
DAY = datetime.timedelta(days=1)


@pytest.fixture
def offer(geography):
    offer = make_offer()
    start = timezone.now().replace(microsecond=0) + 10 * DAY
    for key, days in (("near", 0), ("near", 5), ("hague", 2), ("further", 30)):
        factories.SessionFactory(
            initiative=offer[key], starts_at=start + days * DAY, ends_at=start + days * DAY + DAY / 8
        )
    factories.SessionFactory(
        initiative=offer["hague"], starts_at=start + DAY, ends_at=start + 1.1 * DAY, is_cancelled=True
    )
    factories.SessionFactory(initiative=offer["near"], starts_at=start - 20 * DAY, ends_at=start - 19.9 * DAY)  # past
    factories.SessionFactory(initiative=offer["draft"], starts_at=start, ends_at=start + DAY / 8)  # not published
    offer["start"] = start
    return offer


def slugs_and_days(data, start):
    return [
        (item["initiative"]["slug"], round((datetime.datetime.fromisoformat(item["starts_at"]) - start) / DAY))
        for item in data["results"]
    ]


def test_sessions_upcoming_by_default_cancelled_ones_with_their_status(client, offer):
    data = client.get(SESSIONS).json()
    assert slugs_and_days(data, offer["start"]) == [
        ("robots-bouwen", 0),
        ("programmeren-den-haag", 1),
        ("programmeren-den-haag", 2),
        ("robots-bouwen", 5),
        ("havenexcursie", 30),
    ]
    assert [item["status"] for item in data["results"]][:2] == ["scheduled", "cancelled"]
    assert all(item["updated_at"] for item in data["results"])
    assert data["license"].startswith("https://creativecommons.org/")


def test_sessions_between_start_and_end(client, offer):
    start = offer["start"]
    params = {"start": (start + DAY).isoformat(), "end": (start + 5 * DAY).isoformat()}
    data = client.get(SESSIONS, params).json()
    assert slugs_and_days(data, start) == [("programmeren-den-haag", 1), ("programmeren-den-haag", 2)]


def test_sessions_take_the_initiative_filters_near_and_sort(client, offer):
    data = client.get(SESSIONS, {"near": "3011", "radius_km": "10", "location_type": "venue", "sort": "distance"})
    results = data.json()["results"]
    assert [item["initiative"]["slug"] for item in results] == ["robots-bouwen", "robots-bouwen", "havenexcursie"]
    assert [item["distance_km"] for item in results] == [1.3, 1.3, 6.8]
    themed = client.get(SESSIONS, {"theme": "haven-en-maritiem"}).json()
    assert [item["initiative"]["slug"] for item in themed["results"]] == ["havenexcursie"]
    latest_first = client.get(SESSIONS, {"sort": "-starts_at"}).json()["results"]
    assert latest_first[0]["initiative"]["slug"] == "havenexcursie"


def test_sessions_in_a_bounding_box(client, offer):
    the_hague = "4.25,52.03,4.35,52.10"
    data = client.get(SESSIONS, {"bbox": the_hague}).json()
    assert {item["initiative"]["slug"] for item in data["results"]} == {"programmeren-den-haag"}


def test_sessions_updated_since(client, offer):
    moment = timezone.now() + datetime.timedelta(minutes=5)
    assert client.get(SESSIONS, {"updated_since": moment.isoformat()}).json()["count"] == 0
    Session.objects.filter(initiative=offer["further"]).update(updated_at=moment + datetime.timedelta(minutes=1))
    data = client.get(SESSIONS, {"updated_since": moment.isoformat()}).json()
    assert [item["initiative"]["slug"] for item in data["results"]] == ["havenexcursie"]


@pytest.mark.parametrize(
    "params",
    [{"start": "morgen"}, {"bbox": "4,52"}, {"bbox": "5,52,4,53"}, {"sort": "prijs"}, {"free": "maybe"}, {"page": "0"}],
)
def test_sessions_bad_parameters_are_problems(client, offer, params):
    response = client.get(SESSIONS, params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"


def test_initiatives_bbox_sort_and_updated_since(client, offer):
    boxed = client.get(LIST, {"bbox": "4.25,51.85,4.50,51.95"}).json()
    assert {item["slug"] for item in boxed["results"]} == {"robots-bouwen", "havenexcursie"}
    by_title_desc = [item["slug"] for item in client.get(LIST, {"sort": "-title"}).json()["results"]]
    assert by_title_desc[0] == "robots-bouwen" and by_title_desc[-1] == "techniekbus"
    by_next = [item["slug"] for item in client.get(LIST, {"sort": "next_session"}).json()["results"]]
    assert by_next[:3] == ["robots-bouwen", "programmeren-den-haag", "havenexcursie"]
    assert client.get(LIST, {"sort": "distance"}).status_code == 400  # needs near
    moment = timezone.now() + datetime.timedelta(minutes=5)
    Initiative.objects.filter(slug="techniekbus").update(updated_at=moment)
    changed = client.get(LIST, {"updated_since": moment.isoformat()}).json()
    assert [item["slug"] for item in changed["results"]] == ["techniekbus"]
    assert changed["results"][0]["updated_at"] == moment.isoformat()


def test_every_result_has_updated_at(client, offer):
    for url in (LIST, SESSIONS, reverse("api:campuses")):
        results = client.get(url).json()["results"]
        assert results and all(datetime.datetime.fromisoformat(item["updated_at"]) for item in results), url
    detail = client.get(reverse("api:initiative", args=["robots-bouwen"])).json()
    assert detail["updated_at"] and all(session["updated_at"] for session in detail["sessions"])
