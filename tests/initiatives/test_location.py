import pytest

from campuses.location import LocationNotFound, resolve_location


@pytest.mark.parametrize("text", ["3011", "3011 AB", "3011ab", " 3011  ab "])
def test_resolve_location_postcode_in_any_form(geography, text):
    location = resolve_location(text)
    assert location.kind == "postcode"
    assert round(location.point.latitude, 4) == 51.9191
    assert "Rotterdam" in location.label


def test_resolve_location_unknown_postcode_suggests_nearest(geography):
    with pytest.raises(LocationNotFound) as error:
        resolve_location("2513")
    assert error.value.message == "We kennen postcode 2513 niet. Bedoelde je 2511 (Den Haag)?"
    assert error.value.suggestions[0] == "2511"


def test_resolve_location_unknown_postcode_far_from_the_region_asks_for_a_place(geography):
    with pytest.raises(LocationNotFound) as error:
        resolve_location("9999")  # 9991 (Middelstum) is nearest by number, far from the region
    assert error.value.message == "Postcode 9999 bestaat niet. Controleer de cijfers of typ de naam van je plaats."
    assert error.value.suggestions == []


@pytest.mark.parametrize("text", ["Den Haag", "den haag", "DEN  HAAG", "'s-Gravenhage", "s gravenhage"])
def test_resolve_location_place_by_name_or_alias(geography, text):
    location = resolve_location(text)
    assert location.kind == "place"
    assert round(location.point.latitude, 2) == 52.08


def test_resolve_location_forgives_accents(geography):
    assert resolve_location("Hóógvliet").kind == "place"


def test_resolve_location_ambiguous_place_prefers_mrdh(geography):
    location = resolve_location("Rijswijk")
    assert round(location.point.latitude, 2) == 52.04


def test_resolve_location_school_by_brin_code_and_picker_label(geography):
    assert resolve_location("12AB").kind == "school"
    assert resolve_location("12ab00").kind == "school"
    picked = resolve_location("Basisschool De Vuurtoren, 's-Gravenhage (12AB00)")
    assert picked.kind == "school"
    assert picked.label.startswith("Basisschool De Vuurtoren")


def test_resolve_location_school_by_exact_name(geography):
    assert resolve_location("basisschool de vuurtoren").kind == "school"


def test_resolve_location_campus_by_name_or_slug(geography):
    assert resolve_location("RDM Campus").kind == "campus"
    assert resolve_location("rdm-campus").kind == "campus"


def test_resolve_location_coordinates_inside_netherlands(geography):
    location = resolve_location("51.92, 4.48")
    assert location.kind == "coordinates"
    assert (location.point.latitude, location.point.longitude) == (51.92, 4.48)


def test_resolve_location_coordinates_outside_netherlands_rejected(geography):
    with pytest.raises(LocationNotFound, match="niet in Nederland"):
        resolve_location("48.85,2.35")


def test_resolve_location_unknown_place_suggests_similar(geography):
    with pytest.raises(LocationNotFound) as error:
        resolve_location("Hoogvlied")
    assert "Hoogvliet" in error.value.suggestions
    assert "Bedoelde je Hoogvliet?" in error.value.message


def test_resolve_location_empty_is_none(geography):
    assert resolve_location("  ") is None


def test_resolve_location_name_continued_and_municipality(geography):
    from decimal import Decimal

    from tests import factories

    factories.PlaceFactory(
        name="Alphen aan den Rijn",
        municipality=geography["den_haag"],
        latitude=Decimal("52.13"),
        longitude=Decimal("4.66"),
    )
    alphen = resolve_location("Alphen")
    assert alphen.label == "Alphen aan den Rijn"
    assert resolve_location("'s-Gravenhage").label == "Den Haag"  # the name people say
    assert resolve_location("Het Hogeland").kind == "place"  # a municipality, at its centre
