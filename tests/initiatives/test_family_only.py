"""Who books an initiative ("wie boekt", Initiative.booked_by). A parent-and-child activity outside school hours
is for families only: its page offers only the family sign-up, counts children and adults, and the booking form
is the family form, even though its school level (groep 5-8) says which children it suits. In school time with a
school level, classes can book it too. A parents' evening is for families / parents: no class booking."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from initiatives.bookings.audience import inferred_booked_by
from initiatives.models import Initiative, TargetGroup
from tests.factories import InitiativeFactory, ProviderFactory, SessionFactory
from tests.initiatives.curation_fixtures import admin_form_data, make_user, provider, provider_user, roles  # noqa: F401

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


@pytest.mark.parametrize("user_fixture", ["admin_user", "provider_user"])
def test_the_admin_explains_who_books_once_by_the_field(client, request, user_fixture, provider):  # noqa: F811
    client.force_login(request.getfixturevalue(user_fixture))
    initiative = InitiativeFactory(provider=provider)
    add = reverse("admin:initiatives_initiative_add")
    change = reverse("admin:initiatives_initiative_change", args=[initiative.pk])

    for url in (add, change):
        page = client.get(url).content.decode()
        help_text = page[page.index('id="id_booked_by_helptext"') :]
        assert page.count("Een avond alleen voor ouders") == 1, url
        assert help_text.index("dan mag een volwassene zonder kinderen komen") < help_text.index("</div>")
        assert "de school kiest groep of leerjaar" in help_text and "beide formulieren" in help_text


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


@pytest.fixture
def parents_evening():
    initiative = InitiativeFactory(
        title="Informatieavond voor ouders", booked_by="families", po_group_from=None, po_group_to=None,
        group_size_max=40, target_groups=[TargetGroup.objects.get(slug="ouders")],
    )  # fmt: skip
    return SessionFactory(initiative=initiative, capacity=40)


def test_a_parents_evening_offers_no_class_booking(client, parents_evening):
    initiative = parents_evening.initiative
    link = reverse("initiatives:book", kwargs={"slug": initiative.slug})

    detail = client.get(initiative.get_absolute_url()).content.decode()

    assert "Boek voor je klas" not in detail and "Wachtlijst voor je klas" not in detail
    assert f'href="{link}?sessie={parents_evening.pk}"' not in detail
    assert f'<a class="button" href="{link}">Meld je aan</a>' in detail
    assert "kinderen meenemen hoeft niet" in detail
    assert "40 leerlingen" not in detail and "hoogstens 40 deelnemers" in detail


def test_a_parents_evening_form_asks_no_school_group_or_pupils(client, parents_evening):
    link = reverse("initiatives:book", kwargs={"slug": parents_evening.initiative.slug})

    form = client.get(link, {"sessie": parents_evening.pk}).content.decode()

    assert 'name="school_query"' not in form and 'name="po_group"' not in form and 'name="pupils"' not in form
    assert "Aantal volwassenen" in form and "0 als je zonder kinderen komt" in form
    assert "Ben je leraar? Boek voor je klas." not in form


@pytest.mark.parametrize(
    ("family", "level", "outside", "groups", "expected"),
    [
        (False, True, False, ["leerlingen"], "classes"),
        (False, False, False, [], "classes"),
        (False, True, True, ["ouders"], "classes"),  # a parents' evening with a level: as before
        (False, False, False, ["ouders", "leraren"], "classes"),  # not only parents: as before
        (False, False, True, ["ouders"], "families"),  # parents only, no level: the defect
        (True, True, False, ["ouders"], "both"),
        (True, True, True, [], "families"),
        (True, False, False, [], "families"),
    ],
)
def test_who_books_is_derived_from_the_rule_the_portal_used(family, level, outside, groups, expected):
    derived = inferred_booked_by(
        is_family_activity=family, has_school_level=level, is_outside_school_hours=outside, target_group_slugs=groups
    )

    assert derived == expected


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_data_migration_keeps_who_books_and_makes_a_parents_evening_for_families(client):
    executor = MigrationExecutor(connection)
    before, after = [("initiatives", "0015_constraint_messages")], [("initiatives", "0016_booked_by")]
    leaves = executor.loader.graph.leaf_nodes()
    executor.migrate(before)
    try:  # whatever happens, the database ends on the latest migrations (later tests need them)
        old = executor.loader.project_state(before).apps
        provider = old.get_model("initiatives", "Provider").objects.create(name="Museum", slug="museum")
        # Seeded by migration 0002, unless a transactional test before this one flushed the tables.
        parents, _created = old.get_model("initiatives", "TargetGroup").objects.get_or_create(
            slug="ouders", defaults={"name": "ouders"}
        )

        def entry(slug, **fields):
            values = {"title": slug, "slug": slug, "summary": "Een activiteit.", "provider": provider}
            return old.get_model("initiatives", "Initiative").objects.create(status="published", **values, **fields)

        entry("klas", po_group_from=5, po_group_to=8)
        entry("beide", po_group_from=5, po_group_to=8, is_family_activity=True)
        entry("gezin", po_group_from=5, po_group_to=8, is_family_activity=True, is_outside_school_hours=True)
        entry("ouderavond").target_groups.set([parents])
        MigrationExecutor(connection).migrate(after)
        booked_by = dict(Initiative.objects.values_list("slug", "booked_by"))
    finally:
        MigrationExecutor(connection).migrate(leaves)

    assert booked_by == {"klas": "classes", "beide": "both", "gezin": "families", "ouderavond": "families"}
    evening = Initiative.objects.get(slug="ouderavond")
    SessionFactory(initiative=evening)
    detail = client.get(evening.get_absolute_url()).content.decode()
    assert "Boek voor je klas" not in detail and "Meld je aan" in detail
    both = client.get(Initiative.objects.get(slug="beide").get_absolute_url()).content.decode()
    assert "Boek voor je klas" in both and "Meld je gezin aan" in both


def test_the_admin_saves_who_books(admin_client):
    initiative = InitiativeFactory(po_group_from=None, po_group_to=None, provider=ProviderFactory())
    url = reverse("admin:initiatives_initiative_change", args=[initiative.pk])
    form = admin_client.get(url).context["adminform"].form

    response = admin_client.post(url, admin_form_data(form, booked_by="families"))

    assert response.status_code == 302, response.context["adminform"].form.errors
    initiative.refresh_from_db()
    assert initiative.booked_by == "families"
    assert "Boek voor je klas" not in admin_client.get(initiative.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"booked_by": "classes"}, "geen schoolniveau: vul “po vanaf groep” of “vo vanaf leerjaar” in"),
        ({"booked_by": "both"}, "geen schoolniveau"),
        ({"booked_by": "classes", "is_family_activity": "on", "po_group_from": "5", "po_group_to": "8"},
         "Bij “ouder en kind samen” melden gezinnen zich aan: kies bij “wie boekt” gezinnen / ouders of allebei"),
    ],
)  # fmt: skip
def test_the_admin_refuses_who_books_that_contradicts_the_rest(admin_client, changes, message):
    initiative = InitiativeFactory(booked_by="families", po_group_from=None, po_group_to=None)
    url = reverse("admin:initiatives_initiative_change", args=[initiative.pk])
    form = admin_client.get(url).context["adminform"].form

    response = admin_client.post(url, admin_form_data(form, **changes))

    assert response.status_code == 200
    assert any(message in error for error in response.context["adminform"].form.errors["booked_by"])
    initiative.refresh_from_db()
    assert initiative.booked_by == "families"


def test_a_parents_evening_asks_no_school_for_a_free_bus(client, parents_evening):
    initiative = parents_evening.initiative
    initiative.offers_bus_transport = True
    initiative.save()
    school_visit = InitiativeFactory(offers_bus_transport=True)

    assert 'class="bus-check"' not in client.get(initiative.get_absolute_url()).content.decode()
    assert 'class="bus-check"' in client.get(school_visit.get_absolute_url()).content.decode()
