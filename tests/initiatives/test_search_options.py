"""Sorting, date presets, chips in words, and English labels and vocabulary names."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from initiatives.filters import date_preset
from initiatives.models import Theme
from portal.schoolyear import next_holiday
from tests import factories
from tests.search_data import make_offer

SEARCH = reverse("initiatives:search")
API = reverse("api:initiatives")


@pytest.fixture
def offer(geography):
    return make_offer()


def titles(response):
    return [item.title for item in response.context["outcome"].page]


def session_in(initiative, days):
    starts = timezone.now() + datetime.timedelta(days=days)
    return factories.SessionFactory(
        initiative=initiative, starts_at=starts, ends_at=starts + datetime.timedelta(hours=2)
    )


def test_sort_by_title_and_by_next_date(client, offer):
    session_in(offer["hague"], 3)
    session_in(offer["near"], 10)
    by_title = titles(client.get(SEARCH, {"near": "3011", "radius_km": "50", "sort": "title"}))
    assert by_title == sorted(by_title)
    by_date = titles(client.get(SEARCH, {"near": "3011", "radius_km": "50", "sort": "date"}))
    assert by_date[:2] == ["Programmeren voor meiden", "Robots bouwen in de bibliotheek"]
    by_distance = titles(client.get(SEARCH, {"near": "3011", "radius_km": "50"}))
    assert by_distance[0] == "Robots bouwen in de bibliotheek"


def test_date_presets_cover_this_week_this_month_and_the_holiday():
    monday = datetime.date(2026, 12, 7)
    assert date_preset("week", monday) == (monday, datetime.date(2026, 12, 13))
    assert date_preset("month", monday) == (monday, datetime.date(2026, 12, 31))
    assert date_preset("holiday", monday) == (datetime.date(2026, 12, 19), datetime.date(2027, 1, 3))
    assert next_holiday(datetime.date(2026, 12, 25)).name == "Kerstvakantie"


def test_this_week_finds_only_this_weeks_sessions(client, offer):
    session_in(offer["near"], 0)
    session_in(offer["hague"], 40)
    found = titles(client.get(SEARCH, {"when": "week"}))
    assert "Robots bouwen in de bibliotheek" in found and "Programmeren voor meiden" not in found


def test_chips_say_groups_with_ages_and_dates_in_words(client, offer):
    year = timezone.localdate().year
    response = client.get(
        SEARCH, {"po_group": "6", "date_from": f"{year}-12-01", "date_to": f"{year}-12-31", "when": "month"}
    )
    labels = [chip.label for chip in response.context["chips"]]
    assert "groep 6 (9-10 jaar)" in labels
    assert "1 t/m 31 december" in labels
    assert "deze maand" in labels
    assert not any("groep: groep" in label for label in labels)


def test_english_filter_labels_and_vocabulary(client, offer):
    Theme.objects.filter(slug="robotica").update(name_en="Robotics")
    body = client.get("/en" + SEARCH, {"near": "3011"}).content.decode()
    assert "group 6 (9-10 years)" in body
    assert "Robotics" in body
    assert "groep 6" not in body


def test_api_answers_in_english_when_asked(client, offer):
    Theme.objects.filter(slug="robotica").update(name_en="Robotics")
    names = lambda response: {t["name"] for item in response.json()["results"] for t in item["themes"]}  # noqa: E731
    assert "Robotica" in names(client.get(API))
    assert "Robotics" in names(client.get(API, {"lang": "en"}))
    assert "Robotics" in names(client.get(API, HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9"))
    assert "Accept-Language" in client.get(API)["Vary"]


def test_seeded_vocabulary_has_english_names(db):
    assert Theme.objects.get(slug="robotica").name_en == "Robotics"


def test_coordinators_edit_the_english_name_in_the_admin(admin_client, db):
    theme = Theme.objects.get(slug="robotica")
    url = reverse("admin:initiatives_theme_change", args=[theme.pk])
    response = admin_client.post(
        url, {"name": "Robotica", "name_en": "Robots", "slug": "robotica", "description": "", "position": 1}
    )
    assert response.status_code == 302
    theme.refresh_from_db()
    assert theme.name_en == "Robots"


def test_a_reversed_date_range_says_so_beside_the_field(client, offer):
    response = client.get(SEARCH, {"date_from": "2026-12-20", "date_to": "2026-12-01"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "De datum ‘tot en met’ ligt vóór de datum ‘vanaf’. Kies een datum op of na 20 december 2026." in body
    assert 'id="id_date_to_error"' in body
    assert 'aria-describedby=" id_date_to_error" aria-invalid="true"' in body or 'id_date_to_error"' in body
    # The typed values stay in the fields.
    assert 'name="date_to" id="id_date_to" value="2026-12-01"' in body
    assert 'name="date_from" id="id_date_from" value="2026-12-20"' in body


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("31-02-2026", "‘31-02-2026’ bestaat niet als datum. Kijk de dag en de maand na."),
        ("morgen", "‘morgen’ is geen datum. Typ een datum als 14-03-2026 (dag-maand-jaar)."),
    ],
)
def test_an_invalid_date_keeps_what_was_typed_with_a_specific_message(client, offer, typed, message):
    body = client.get(SEARCH, {"date_from": typed}).content.decode()
    assert message in body
    # Shown as typed (a date input would blank it), beside its message.
    assert f'<input type="text" name="date_from" id="id_date_from" value="{typed}"' in body
    assert "Voer een geldige datum in" not in body


def test_a_date_typed_day_first_is_understood(client, offer):
    response = client.get(SEARCH, {"date_from": "1-12-2026", "date_to": "31-12-2026"})
    body = response.content.decode()
    assert 'type="date" name="date_from" id="id_date_from" value="2026-12-01"' in body
    assert "1 t/m 31 december" in body


def test_comes_to_school_is_one_filter_and_old_links_still_work(client, offer):
    body = client.get(SEARCH).content.decode()
    # Only under "Waar het plaatsvindt" (the cards may say it too).
    assert len(re.findall(r'<label for="id_[a-z_]+_\d+">komt naar school', body)) == 1
    assert 'name="activity_type" value="comes_to_school"' not in body
    assert 'name="location_type" value="at_school"' in body
    old = client.get(SEARCH, {"activity_type": ["comes_to_school", "workshop"], "near": "3011"})
    assert old.status_code == 301
    assert old["Location"] == f"{SEARCH}?activity_type=workshop&near=3011&location_type=at_school"
    new = client.get(old["Location"])
    assert new.status_code == 200 and not new.context["form"].errors
    # The API takes the old value too, as the location type.
    api = client.get(API, {"activity_type": "comes_to_school"})
    assert api.status_code == 200
    assert {item["location_type"] for item in api.json()["results"]} == {"at_school"}


def test_dutch_only_texts_say_so_on_english_pages(client, offer):
    note = "This text is only available in Dutch."
    path = offer["near"].get_absolute_url()
    english = client.get(f"/en{SEARCH}", {"near": "3011"}).content.decode()
    assert english.count(note) == english.count('class="result"') > 0
    assert '<p class="result__summary" lang="nl">' in english
    assert re.search(r'<a href="[^"]+" lang="nl">Robots bouwen in de bibliotheek</a>', english)
    detail = client.get(f"/en{path}").content.decode()
    assert note in detail
    assert '<h1 lang="nl">Robots bouwen in de bibliotheek</h1>' in detail and '<p class="lead" lang="nl">' in detail
    # Dutch pages: no note, no lang attribute on the content.
    dutch = client.get(SEARCH, {"near": "3011"}).content.decode()
    assert "alleen in het Nederlands" not in dutch and '<p class="result__summary">' in dutch
    assert "<h1>Robots bouwen in de bibliotheek</h1>" in client.get(path).content.decode()


def test_the_count_near_a_place_says_how_many_are_online(client, offer):
    body = client.get(SEARCH, {"near": "3011", "radius_km": "50"}).content.decode()
    assert re.search(r"\d+ activiteiten binnen 50 km van 3011 Rotterdam \(waarvan 1 online\)", body)
    assert "waarvan" not in client.get(SEARCH, {"near": "3011", "location_type": "venue"}).content.decode()
