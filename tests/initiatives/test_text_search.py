"""Free text on a shared corpus: the same matches on SQLite and PostgreSQL, and what only PostgreSQL adds.

Remaining differences (PostgreSQL finds more, never less): typos in a one-word query ("havenexcrusie")
through trigram similarity on the title, and words Dutch snowball stemming folds further than the
simple SQLite stemmer ("robotica" also finds "robots"; irregular plurals such as "schepen" for "schip").
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories

SEARCH = reverse("initiatives:search")
API = reverse("api:initiatives")


@pytest.fixture
def corpus(db):
    robotica = factories.ThemeFactory(slug="robotica", name="Robotica", name_en="Robotics")
    haven = factories.ThemeFactory(slug="haven-en-maritiem", name="Haven en maritiem", name_en="Port and maritime")
    ouders = factories.TargetGroupFactory(slug="ouders", name="Ouders", name_en="Parents")
    factories.InitiativeFactory(
        title="Lego-middag", slug="lego", summary="Samen met Lego een machine maken.", description="Voor jong en oud.",
        themes=[robotica], target_groups=[ouders],
    )  # fmt: skip
    factories.InitiativeFactory(
        title="Havenexcursie met de boot", slug="haven", summary="Een tocht langs de kades.", description="Kijk mee.",
        themes=[haven], provider=factories.ProviderFactory(name="Port of Rotterdam"),
    )  # fmt: skip
    factories.InitiativeFactory(
        title="Robots bouwen in de bibliotheek", slug="robots", summary="Bouw je eigen robot.",
        description="Gastlessen in Schiedam.", place_name="Schiedam",
    )  # fmt: skip
    factories.InitiativeFactory(
        title="Programmeren voor meiden", slug="meiden", summary="Code schrijven.", description="Een les per week.",
    )  # fmt: skip
    factories.InitiativeFactory(
        title="Avond voor ouders", slug="avond", summary="Wil je weten hoe vriendschap online werkt?",
        target_groups=[ouders],
        description="Een bezoek aan een bedrijf in de haven, daarna praten we na.",
    )  # fmt: skip
    factories.InitiativeFactory(
        title="Kijk achter de schermen bij een reder", slug="visit", summary="Aan boord van een schip.",
        description="De windturbine aan de Maas is 150 meter hoog.", activity_type="company_visit",
    )  # fmt: skip
    factories.InitiativeFactory(
        title="Wetenschapsmiddag", slug="wetenschap", summary="Proefjes doen.", description="Met de hele klas.",
    )  # fmt: skip


# (query, slugs found on both databases[, slugs PostgreSQL finds besides])
CORPUS = [
    ("robotica", {"lego"}, {"robots"}),  # a theme; Dutch stemming folds "robotica" to "robot"
    ("Robotica", {"lego"}, {"robots"}),
    ("robot", {"robots", "lego"}),  # "robot" also begins the theme Robotica
    ("robots", {"robots", "lego"}),
    ("bibliotheken", {"robots"}),  # plural with a doubled vowel in the singular
    ("ouders", {"lego", "avond"}),  # a target group
    ("port of rotterdam", {"haven"}),  # the provider
    ("schiedam", {"robots"}),  # the place
    ("gastles", {"robots"}),
    ("lessen", {"robots", "meiden"}),
    ("meiden programmeren", {"meiden"}),  # every word must match
    ("robots haven", set()),
    ("boot", {"haven"}),
    ("kades", {"haven"}),
    ("machine", {"lego"}),
    # Compounds the offer does not hold are tried as two parts that must both occur.
    ("ouderavond", {"avond"}),
    ("Ouderavond haven", {"avond"}),
    ("bedrijfsavond", {"avond"}),  # "bedrijf" (without the linking s) and "avond"
    # The kind of activity, by its name in Dutch or English.
    ("bedrijfsbezoek", {"visit"}),
    ("company visit", {"visit"}),
    # A number only as a whole number.
    ("150", {"visit"}),
    ("50", set()),
    ("50%", set()),
    ("ouderkade", set(), {"avond"}),  # "ouder" and "kade" occur, not in one activity (PostgreSQL: a typo of "ouders")
    # The offer is in Dutch; themes and target groups are also found by their English names.
    ("parents", {"lego", "avond"}),
    ("maritime", {"haven"}),
    # A long word the offer holds is searched as it is: "wetenschap" is not "weten" plus "(vriend)schap".
    ("wetenschap", {"wetenschap"}),
]


def found(client, query):
    return {item["slug"] for item in client.get(API, {"q": query, "page_size": 100}).json()["results"]}


@pytest.mark.parametrize(("query", "expected", "postgresql_also"), [(*case, set())[:3] for case in CORPUS])
def test_free_text_matches_the_shared_corpus(client, corpus, query, expected, postgresql_also):
    if connection.vendor == "postgresql":
        expected = expected | postgresql_also
    assert found(client, query) == expected


def test_free_text_on_the_page_finds_a_theme(client, corpus):
    titles = [item.title for item in client.get(SEARCH, {"q": "robotica"}).context["outcome"].page]
    assert titles[0] == "Lego-middag"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="typos need trigram similarity (PostgreSQL)")
def test_free_text_forgives_a_typo_on_postgresql(client, corpus):
    assert found(client, "havenexcrusie") == {"haven"}


def test_free_text_of_many_long_unknown_words_stays_a_bounded_query(client, corpus):
    """A hostile query (ten unknown 20-letter words) splits one word into its parts, not all ten: the SQL
    stays small (it was 700,000 characters for ten 30-letter words) and the answer is an empty result."""
    words = " ".join(letter * 20 for letter in "abdegklmno")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(API, {"q": words})
    assert response.status_code == 200 and response.json()["count"] == 0
    assert max(len(query["sql"]) for query in queries.captured_queries) < 60_000
