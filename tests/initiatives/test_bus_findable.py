"""The free bus is findable: a filter, a badge, a public rules page, and an answer as soon as the school is chosen."""

import pytest
from django.urls import reverse

from initiatives.models import Booking
from tests.factories import (
    BusEligibilityRuleFactory,
    InitiativeFactory,
    MunicipalityFactory,
    SchoolFactory,
    SessionFactory,
)
from tests.initiatives.test_bus import FAR, book, bus_setup

pytestmark = pytest.mark.django_db


def _answer(client, initiative, **params):
    return client.get(reverse("initiatives:bus-eligibility", kwargs={"slug": initiative.slug}), params).json()


def test_bus_rules_page_on_en_notes_the_dutch_rule_names(client, db):
    BusEligibilityRuleFactory(name="Basisscholen dichtbij")
    en = client.get("/en/gratis-bus/").content.decode()
    assert '<strong lang="nl">Basisscholen dichtbij</strong>' in en
    assert "The names of the rules are only available in Dutch." in en
    nl = client.get("/gratis-bus/").content.decode()
    assert "<strong>Basisscholen dichtbij</strong>" in nl and 'class="language-note' not in nl


def test_bus_eligibility_answer_for_a_school_near_the_campus(client):
    BusEligibilityRuleFactory()  # po groups 5-8 within 10 km
    initiative, _session, _budget = bus_setup(po_group_from=3, po_group_to=8)
    near, far = SchoolFactory(kind="po"), SchoolFactory(kind="po", **FAR)

    depends = _answer(client, initiative, school=near.code)
    yes = _answer(client, initiative, school=near.code, po_group="7")
    no_group = _answer(client, initiative, school=near.code, po_group="3")
    too_far = _answer(client, initiative, school=far.code)

    assert depends["status"] == "depends" and "groep 5, groep 6, groep 7, groep 8" in depends["message"]
    assert yes == {"status": "yes", "eligible": True, "message": yes["message"]}
    assert no_group["status"] == "no" and too_far["status"] == "no"
    assert "buiten de busregels" in too_far["message"]


def test_bus_eligibility_answer_says_when_the_budget_is_spent(client):
    BusEligibilityRuleFactory()
    initiative, _session, budget = bus_setup()
    budget.max_trips = 0
    budget.save()

    answer = _answer(client, initiative, school=SchoolFactory().code, po_group="7")

    assert answer["status"] == "no" and "budget" in answer["message"]


def test_bus_eligibility_answer_without_a_known_school(client):
    initiative, _session, _budget = bus_setup()

    assert _answer(client, initiative, school="nonsense")["status"] == "unknown"


def test_bus_eligibility_answered_on_the_page_without_javascript(client):
    """The school carried over from the search (?school=) or resolved on a re-shown form gets the answer too."""
    BusEligibilityRuleFactory()
    initiative, session, _budget = bus_setup(po_group_from=1)  # groep 1-8: the bus for groep 5-8
    school = SchoolFactory(kind="po", name="De Boog")
    url = reverse("initiatives:book", kwargs={"slug": initiative.slug})

    carried = client.get(url, {"school": school.code}).content.decode()
    reshown = client.post(url, {"sessions": [session.pk], "school_query": "De Boog", "po_group": "7"}).content.decode()

    assert f'value="{school.code}"' in carried and "Gratis bus:" in carried
    assert "groep 5, groep 6, groep 7, groep 8" in carried
    assert "komt in aanmerking voor een gratis bus" in reshown


def test_bus_filter_badge_and_rules_page(client):
    BusEligibilityRuleFactory(name="Basisschool dichtbij")
    with_bus = InitiativeFactory(title="Fabriek bezoeken", offers_bus_transport=True)
    InitiativeFactory(title="Zonder bus")

    results = client.get(reverse("initiatives:search"), {"bus": "on"}).content.decode()
    everything = client.get(reverse("initiatives:search")).content.decode()
    detail = client.get(with_bus.get_absolute_url()).content.decode()
    rules = client.get(reverse("bus-rules")).content.decode()

    assert "Fabriek bezoeken" in results and "Zonder bus" not in results
    assert "Zonder bus" in everything and "gratis bus mogelijk" in everything
    assert "Gratis bus mogelijk" in detail and reverse("bus-rules") in detail
    assert "Basisschool dichtbij" in rules and "groep 5 tot en met 8" in rules
    assert "school hoogstens 10 km van de campus" in rules


def test_school_chosen_on_the_search_page_is_carried_to_the_booking_form(client, geography):
    from campuses.models import School

    school = School.objects.first()
    initiative = InitiativeFactory(latitude=school.latitude, longitude=school.longitude)
    SessionFactory(initiative=initiative)

    search = client.get(reverse("initiatives:search"), {"near": f"{school.name}, {school.place_name} ({school.code})"})
    detail_url = next(item.result_url for item in search.context["outcome"].page if item.pk == initiative.pk)
    detail = client.get(detail_url).content.decode()
    form = client.get(reverse("initiatives:book", kwargs={"slug": initiative.slug}), {"school": school.code})

    assert f"school={school.code}" in detail_url
    assert f"?school={school.code}" in detail
    assert form.context["form"].initial["school_level"] == school.kind
    assert f'value="{school.code}"' in form.content.decode()


def test_bus_answered_on_the_detail_page_for_the_school_from_the_search_without_javascript(client):
    BusEligibilityRuleFactory()  # po groups 5-8 within 10 km
    initiative, _session, _budget = bus_setup(po_group_from=1)  # groep 1-8: the bus for groep 5-8
    near = SchoolFactory(kind="po", name="De Boog", street="Boogstraat", house_number="1")
    SchoolFactory(kind="po", name="De Verre Verte", **FAR)
    detail = initiative.get_absolute_url()

    plain = client.get(detail).content.decode()
    carried = client.get(detail, {"school": near.code, "terug": "q=robots"}).content.decode()
    too_far = client.get(detail, {"school_zoek": "verre verte"}).content.decode()

    assert "Gratis bus mogelijk" in plain and reverse("bus-rules") in plain
    assert "Gratis bus voor" not in plain
    assert "Gratis bus voor De Boog, Boogstraat 1, Rotterdam (" in carried
    assert "groep 5, groep 6, groep 7, groep 8" in carried
    assert f"?school={near.code}" in carried  # the booking button carries the school on
    assert 'name="terug" value="q=robots"' in carried  # another school keeps the way back to the results
    assert "buiten de busregels" in too_far


def test_bus_check_on_the_detail_page_lists_branches_when_the_name_is_ambiguous(client):
    BusEligibilityRuleFactory()
    initiative, _session, _budget = bus_setup()
    first = SchoolFactory(kind="po", name="De Regenboog", street="Lindelaan", house_number="3")
    SchoolFactory(kind="po", name="De Regenboog", street="Eikenlaan", house_number="8")

    listed = client.get(initiative.get_absolute_url(), {"school_zoek": "regenboog"}).content.decode()
    unknown = client.get(initiative.get_absolute_url(), {"school_zoek": "bestaat echt niet"}).content.decode()

    assert "Kies je vestiging" in listed and f"?school={first.code}#bus-heading" in listed
    assert "Lindelaan 3" in listed and "Eikenlaan 8" in listed and "Gratis bus voor" not in listed
    assert "We vinden deze school niet" in unknown


def test_the_bus_answer_names_only_groups_that_can_book_the_activity(client):
    BusEligibilityRuleFactory()  # po groups 5-8
    initiative, _session, _budget = bus_setup(po_group_from=4, po_group_to=6)

    answer = _answer(client, initiative, school=SchoolFactory(kind="po").code)

    assert answer["status"] == "depends"
    assert "groep 5, groep 6 van deze school" in answer["message"] and "groep 7" not in answer["message"]
    vo_school = SchoolFactory(kind="vo", has_vmbo=True)
    assert "niet voor de groepen of leerjaren" in _answer(client, initiative, school=vo_school.code)["message"]


def test_the_bus_answer_for_a_group_the_activity_is_not_for_says_so(client):
    """A group the booking form refuses (groep 3 at a groep 5-8 activity; a basisschool at a secondary one)
    gets "not for these groups", not the bus rules with "you can still book"."""
    BusEligibilityRuleFactory(po_group_from=1, po_group_to=8)
    initiative, _session, _budget = bus_setup(po_group_from=5, po_group_to=8)
    secondary, _session, _budget = bus_setup(po_group_from=None, po_group_to=None, vo_year_from=1, vo_year_to=3)
    school = SchoolFactory(kind="po")

    group_3 = _answer(client, initiative, school=school.code, po_group="3")
    at_secondary = _answer(client, secondary, school=school.code, po_group="8")

    for answer in (group_3, at_secondary):
        assert answer["status"] == "no" and "niet voor de groepen of leerjaren" in answer["message"]
        assert "Je kunt wel boeken" not in answer["message"]


@pytest.mark.parametrize(
    ("audience", "rule"),
    [
        ({"po_group_from": 1, "po_group_to": 4}, {}),  # the rule is for groep 5-8
        (
            {"po_group_from": None, "po_group_to": None, "vo_year_from": 3, "vo_year_to": 6, "for_havo": True,
             "for_vwo": True},
            {"school_kind": "vo", "po_group_from": None, "po_group_to": None, "vmbo_without_hard_profile": True},
        ),  # the rule is for vmbo classes
    ],
    ids=["groep-1-4", "havo-vwo"],
)  # fmt: skip
def test_no_bus_badge_filter_or_question_where_no_rule_reaches_the_audience(client, audience, rule):
    BusEligibilityRuleFactory(**rule)
    initiative, _session, _budget = bus_setup(title="Proefjes met water", **audience)
    school = SchoolFactory(kind="vo" if "vo_year_from" in audience else "po")

    card = client.get(reverse("initiatives:search")).content.decode()
    filtered = client.get(reverse("initiatives:search"), {"bus": "on"}).content.decode()
    detail = client.get(initiative.get_absolute_url(), {"school": school.code}).content.decode()
    form = client.get(reverse("initiatives:book", kwargs={"slug": initiative.slug})).content.decode()

    assert "Proefjes met water" in card and "badge--bus" not in card
    assert "Proefjes met water" not in filtered
    assert "Gratis bus mogelijk" not in detail and 'id="bus-heading"' not in detail
    assert 'name="bus_requested"' not in form and 'id="bus-answer"' not in form
    assert _answer(client, initiative, school=school.code)["status"] == "no"


def test_the_bus_filter_and_the_badge_follow_one_rule(client):
    """bus_reach.bus_possible (the badge) and bus_possible_q (the filter) agree over a spread of audiences."""
    from initiatives.bookings.bus_reach import bus_possible, bus_possible_q
    from initiatives.models import Initiative

    BusEligibilityRuleFactory()  # po groep 5-8
    BusEligibilityRuleFactory(
        name="vmbo zonder hard profiel", school_kind="vo", po_group_from=None, po_group_to=None,
        vmbo_without_hard_profile=True,
    )  # fmt: skip
    audiences = [
        {"po_group_from": 1, "po_group_to": 4}, {"po_group_from": 4, "po_group_to": 5},
        {"po_group_from": 8, "po_group_to": 8}, {"po_group_from": None, "po_group_to": None, "levels_unknown": True},
        {"po_group_from": None, "po_group_to": None, "vo_year_from": 1, "vo_year_to": 2, "for_havo": True},
        {"po_group_from": None, "po_group_to": None, "vo_year_from": 1, "vo_year_to": 2, "for_vmbo": True},
        {"po_group_from": None, "po_group_to": None, "vo_year_from": 1, "vo_year_to": 2},
        {"location_type": "at_school", "service_radius_km": 10},
        {"offers_bus_transport": False},
        {"is_family_activity": True, "is_outside_school_hours": True},
    ]  # fmt: skip
    for number, audience in enumerate(audiences):
        InitiativeFactory(title=f"Publiek {number}", **{"offers_bus_transport": True, **audience})

    by_python = {item.pk for item in Initiative.objects.all() if bus_possible(item)}
    by_sql = set(Initiative.objects.filter(bus_possible_q()).values_list("pk", flat=True))

    assert by_python == by_sql
    assert {item.title for item in Initiative.objects.filter(pk__in=by_sql)} == {
        "Publiek 1", "Publiek 2", "Publiek 3", "Publiek 5", "Publiek 6",
    }  # fmt: skip


def test_no_bus_check_on_the_detail_page_without_a_bus(client):
    initiative = InitiativeFactory(offers_bus_transport=False)

    page = client.get(initiative.get_absolute_url(), {"school": SchoolFactory().code}).content.decode()

    assert 'id="bus-heading"' not in page


def test_no_free_bus_for_a_school_outside_the_mrdh_on_the_detail_page_and_in_the_form(client):
    """The MRDH pays the bus: a school in Leiden never qualifies, whatever the rules' distance."""
    BusEligibilityRuleFactory(name="Elke basisschool, groep 5-8", max_distance_km=None)
    initiative, session, _budget = bus_setup(po_group_from=1)  # groep 1-8: the bus for groep 5-8
    leiden = MunicipalityFactory(code="GM0546", name="Leiden", is_mrdh=False)
    school = SchoolFactory(code="20DF09", name="Da Vinci College", kind="po", municipality=leiden, place_name="Leiden")
    inside = SchoolFactory(kind="po")

    detail = client.get(initiative.get_absolute_url(), {"school": school.code}).content.decode()
    detail_inside = client.get(initiative.get_absolute_url(), {"school": inside.code}).content.decode()
    form_answer = _answer(client, initiative, school=school.code, po_group="7")
    form = client.get(reverse("initiatives:book", kwargs={"slug": initiative.slug}), {"school": school.code})

    why = "alleen voor scholen in de Metropoolregio Rotterdam Den Haag"
    assert why in detail and "komt in aanmerking voor een gratis bus" not in detail
    assert "Een gratis bus is mogelijk voor groep 5, groep 6, groep 7, groep 8" in detail_inside
    assert form_answer["status"] == "no" and why in form_answer["message"]
    assert why in form.content.decode()
    booking = book(initiative, session, school)
    assert not hasattr(Booking.objects.get(pk=booking.pk), "bus_request")
