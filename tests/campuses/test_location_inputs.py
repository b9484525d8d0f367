"""Journey P2: what people type in the location box, against the real reference files (loaded once)."""

from dataclasses import replace

import pytest
from django.conf import settings
from django.db import transaction
from django.urls import reverse

from campuses.loaders import load_all
from campuses.location import LocationNotFound, resolve_location
from campuses.models import PlaceAlias

SEARCH = reverse("initiatives:search")


@pytest.fixture(scope="module")
def reference_data(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        load_all(data_dir=settings.REFERENCE_DATA_DIR)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def loaded(reference_data, db):
    return reference_data


@pytest.mark.parametrize(
    ("typed", "label", "in_region"),
    [
        ("den haag", "Den Haag", True),
        ("'s-Gravenhage", "Den Haag", True),
        ("2611AB", "2611 AB Delft", True),
        ("2611 AB Delft", "2611 AB Delft", True),
        ("2611 ab, delft", "2611 AB Delft", True),
        ("Delft 2611", "2611 Delft", True),
        ("Delft, 2611 AB", "2611 AB Delft", True),
        ("Rijswijk", "Rijswijk", True),
        ("Hoogvliet", "Hoogvliet", True),
        ("Scheveningen", "Scheveningen", True),
        ("ypenburg", "Ypenburg", True),
        ("Kerkenbos 28, Zoetermeer", "Kerkenbos, Zoetermeer", True),
        ("Kerkenbos Zoetermeer", "Kerkenbos, Zoetermeer", True),
        ("Groningen", "Groningen", False),
    ],
)
def test_location_box_understands_what_people_type(loaded, typed, label, in_region):
    location = resolve_location(typed)
    assert (location.label, location.in_region) == (label, in_region)


def test_scheveningen_is_at_the_coast_not_the_city_centre(loaded):
    scheveningen, centre = resolve_location("Scheveningen"), resolve_location("Den Haag")
    assert scheveningen.point.latitude > centre.point.latitude + 0.02


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("Rotterdm", "Bedoelde je Rotterdam?"),
        ("12345", "Een postcode heeft 4 cijfers"),
        ("🙂", "We kennen ‘🙂’ niet."),
        ("50%", "We kennen ‘50%’ niet."),
        ("x" * 300, "Dit is te lang"),
        ("9999", "Postcode 9999 bestaat niet. Controleer de cijfers of typ de naam van je plaats."),
        ("0000", "Postcode 0000 bestaat niet."),
        ("2519", "We kennen postcode 2519 niet. Bedoelde je 2518 (Den Haag) of 2517 (Den Haag)?"),
    ],
)
def test_location_box_answers_the_rest_with_a_helpful_message(loaded, typed, message):
    with pytest.raises(LocationNotFound) as error:
        resolve_location(typed)
    assert message in error.value.message


@pytest.mark.parametrize(
    "typed",
    ["den haag", "2611AB", "2611 AB Delft", "Delft 2611", "Rijswijk", "Hoogvliet", "Scheveningen", "Rotterdm", "12345",
     "", "x" * 300, "🙂", "50%", "Groningen"],
)  # fmt: skip
def test_search_page_ends_every_p2_input_in_results_or_a_message(client, loaded, typed):
    response = client.get(SEARCH, {"near": typed})
    assert response.status_code == 200
    body = response.content.decode()
    outcome = response.context["outcome"]
    if outcome.page is None:
        assert 'id="near-error"' in body
    else:
        assert "data-result-count" in body and "Vul een plaats in" not in body


def test_coordinators_add_a_district_alias_in_the_admin(admin_client, loaded):
    from campuses.models import Place

    place = Place.objects.get(name="Rotterdam")
    url = reverse("admin:campuses_place_change", args=[place.pk])
    existing = list(place.aliases.all())
    data = {
        "aliases-TOTAL_FORMS": str(len(existing) + 1),
        "aliases-INITIAL_FORMS": str(len(existing)),
        "aliases-MIN_NUM_FORMS": "0",
        "aliases-MAX_NUM_FORMS": "1000",
    }
    for index, alias in enumerate(existing):
        data |= {f"aliases-{index}-id": alias.pk, f"aliases-{index}-place": place.pk,
                 f"aliases-{index}-name": alias.name, f"aliases-{index}-pc4": alias.pc4}  # fmt: skip
    new = len(existing)
    data |= {f"aliases-{new}-place": place.pk, f"aliases-{new}-name": "Blijdorp", f"aliases-{new}-pc4": "3039"}
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert PlaceAlias.objects.get(name="Blijdorp").pc4 == "3039"
    assert resolve_location("blijdorp").label == "Blijdorp"


@pytest.mark.parametrize(
    ("typed", "code"),
    [("Kindcentrum Zuiderpark", "32LD00"), ("Zuiderpark Young Waldorf", "17YF04")],
)
def test_a_school_name_typed_without_the_picker_is_that_school(client, loaded, typed, code):
    response = client.get(SEARCH, {"near": typed})
    location = response.context["outcome"].location
    assert (location.kind, location.school_code) == ("school", code)
    assert "activiteiten binnen 10 km van" in response.content.decode()


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        # Three branches in the region (the one in Tilburg is not offered first).
        ("Zuiderpark", {"17YF00", "17YF02", "17YF04"}),
        ("Wolfert van Borselen", {"15KR00", "15KR05", "15KR06"}),
        ("Wolfert van Borselen Scholengroep", {"15KR00", "15KR05", "15KR06"}),
        # A name word and the start of another name: ambiguous, though one name holds the whole word.
        ("Houtrust", {"19ZP05", "19NN00"}),
    ],
)
def test_an_ambiguous_school_name_offers_the_branches_to_choose(client, loaded, typed, expected):
    response = client.get(SEARCH, {"near": typed})
    body = response.content.decode()
    assert "Er zijn meerdere scholen die passen bij" in body and "Bedoelde je een van deze?" in body
    error = response.context["form"].errors.as_data()["near"][0]
    codes = {label[-7:-1] for label in error.params["suggestions"]}
    assert "32LD00" not in codes  # Kindcentrum Zuiderpark lies in Tilburg
    assert expected <= codes or len(codes) == 6
    # A choice is a link that finds that branch.
    chosen = error.params["suggestions"][0]
    picked = client.get(SEARCH, {"near": chosen}).context["outcome"].location
    assert picked.kind == "school" and picked.school_code == chosen[-7:-1]


def test_a_suggestion_keeps_the_other_filters(client, loaded):
    body = client.get(SEARCH, {"near": "Zuiderpark", "track": "vmbo_kl", "vo_year": "3", "radius_km": "15"}).content
    first = body.decode().split('<ul class="suggestions">', 1)[1].split('href="', 1)[1].split('"', 1)[0]
    assert first.startswith("?near=Het+Zuiderpark+College")
    assert first.endswith("&amp;track=vmbo_kl&amp;vo_year=3&amp;radius_km=15")


def test_a_postcode_is_looked_up_once_per_catalogue_version(loaded, django_assert_num_queries, monkeypatch):
    """The search resolves the postcode on every request: from memory until the reference data is loaded again."""
    from campuses.models import PostcodeArea
    from portal import cache as portal_cache
    from portal.cache import bump_catalog_version

    # The catalogue version is read again after a second: on a busy machine that second can pass between
    # the two lookups (a query that is not the postcode's). This process's own bump below still counts.
    monkeypatch.setattr(portal_cache, "VERSION_MEMO_SECONDS", 3600)
    first = resolve_location("2611")
    with django_assert_num_queries(0):
        assert resolve_location("2611 AB") == replace(first, label=first.label.replace("2611", "2611 AB", 1))
    PostcodeArea.objects.filter(pc4="2611").update(place_name="Elders")
    bump_catalog_version()  # as load_reference_data does after loading
    assert resolve_location("2611").label == "2611 Elders"
    with pytest.raises(LocationNotFound):
        resolve_location("٢٦١١")  # digits of another script: no postcode, and no memo key per spelling


def test_a_place_is_looked_up_once_per_catalogue_version_and_a_new_alias_counts_at_once(
    loaded, django_assert_num_queries, monkeypatch
):
    """Place names and districts come from memory until a place, alias, municipality or postcode changes: an
    alias a coordinator adds in the admin (a save, which raises the version) is found on the next search."""
    from campuses.models import Place
    from portal import cache as portal_cache

    monkeypatch.setattr(portal_cache, "VERSION_MEMO_SECONDS", 3600)  # see the postcode test
    first = resolve_location("Delft")
    with django_assert_num_queries(0):
        assert resolve_location(" Delft ") == first
    with pytest.raises(LocationNotFound):
        resolve_location("Prinsenhofkwartier")
    PlaceAlias.objects.create(place=Place.objects.get(name="Delft"), name="Prinsenhofkwartier", pc4="2611")
    found = resolve_location("Prinsenhofkwartier")
    assert (found.label, found.kind) == ("Prinsenhofkwartier", "place")
