"""A parent-and-child activity outside school hours is for families only: its page offers only the family
sign-up, counts children and adults, and the booking form is the family form, even though its school level
(groep 5-8) says which children it suits. In school time with a school level, classes can book it too."""

import pytest
from django.urls import reverse

from tests.factories import InitiativeFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def repair_cafe():
    initiative = InitiativeFactory(
        title="Repair café voor ouder en kind", is_family_activity=True, is_outside_school_hours=True,
        po_group_from=5, po_group_to=8, group_size_max=20,
    )  # fmt: skip
    return SessionFactory(initiative=initiative, capacity=20)


def test_a_family_only_activity_offers_only_the_family_sign_up_in_its_own_unit(client, repair_cafe):
    initiative = repair_cafe.initiative
    link = reverse("initiatives:book", kwargs={"slug": initiative.slug})

    detail = client.get(initiative.get_absolute_url()).content.decode()

    assert "Boek voor je klas" not in detail and "Wachtlijst voor je klas" not in detail
    assert f'href="{link}?voor=gezin&amp;sessie={repair_cafe.pk}"' in detail
    assert f'href="{link}?sessie={repair_cafe.pk}"' not in detail
    assert f'<a class="button" href="{link}">Meld je gezin aan</a>' in detail
    assert "<dt>Groepsgrootte</dt><dd>hoogstens 20 deelnemers (kinderen en volwassenen)</dd>" in detail
    assert "20 leerlingen" not in detail


def test_a_family_only_activity_always_gets_the_family_form(client, repair_cafe):
    link = reverse("initiatives:book", kwargs={"slug": repair_cafe.initiative.slug})

    form = client.get(link, {"sessie": repair_cafe.pk}).content.decode()

    assert "Aantal kinderen" in form and 'name="school_query"' not in form and 'name="pupils"' not in form
    assert "Ben je leraar? Boek voor je klas." not in form


def test_a_family_only_activity_in_english(client, repair_cafe):
    detail = client.get("/en" + repair_cafe.initiative.get_absolute_url()).content.decode()

    assert "Sign up your family" in detail and "Book for your class" not in detail
    assert "at most 20 participants (children and adults)" in detail


def test_a_family_activity_in_school_time_with_a_school_level_keeps_both_forms(client):
    initiative = InitiativeFactory(is_family_activity=True, po_group_from=5, po_group_to=8, group_size_max=30)
    session = SessionFactory(initiative=initiative)
    link = reverse("initiatives:book", kwargs={"slug": initiative.slug})

    detail = client.get(initiative.get_absolute_url()).content.decode()

    assert f'href="{link}?sessie={session.pk}"' in detail and "Boek voor je klas" in detail
    assert f'href="{link}?voor=gezin&amp;sessie={session.pk}"' in detail
    assert "hoogstens 30 leerlingen" in detail
    assert 'name="school_query"' in client.get(link).content.decode()


def test_the_admin_says_how_to_mark_an_activity_for_families_only(admin_client):
    page = admin_client.get(reverse("admin:initiatives_initiative_add")).content.decode()

    assert "Alleen voor gezinnen: vink 'ouder en kind samen' en 'buiten schooltijd' aan." in page


@pytest.mark.parametrize(
    ("family_only", "low", "high", "dutch", "english"),
    [
        (False, 10, 30, "10 tot 30 leerlingen", "10 to 30 pupils"),
        (False, None, 30, "hoogstens 30 leerlingen", "at most 30 pupils"),
        (False, 10, None, "minstens 10 leerlingen", "at least 10 pupils"),
        (True, 2, 20, "2 tot 20 deelnemers (kinderen en volwassenen)", "2 to 20 participants (children and adults)"),
        (True, None, 20, "hoogstens 20 deelnemers (kinderen en volwassenen)", "at most 20 participants"),
        (True, 2, None, "minstens 2 deelnemers (kinderen en volwassenen)", "at least 2 participants"),
    ],
)
def test_the_group_size_reads_in_the_unit_of_who_books(client, family_only, low, high, dutch, english):
    initiative = InitiativeFactory(
        is_family_activity=family_only, is_outside_school_hours=family_only, po_group_from=5, po_group_to=8,
        group_size_min=low, group_size_max=high,
    )  # fmt: skip

    detail = client.get(initiative.get_absolute_url()).content.decode()
    in_english = client.get("/en" + initiative.get_absolute_url()).content.decode()

    assert f"<dt>Groepsgrootte</dt><dd>{dutch}</dd>" in detail
    assert english in in_english


def test_without_a_group_size_the_page_leaves_the_row_out(client):
    initiative = InitiativeFactory(group_size_min=None, group_size_max=None)

    assert "Groepsgrootte" not in client.get(initiative.get_absolute_url()).content.decode()
