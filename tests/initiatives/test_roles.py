# ruff: noqa: F811  (pytest fixtures imported from curation_fixtures are used as arguments)
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from initiatives.models import Initiative
from initiatives.permissions import (
    GROUP_NAMES,
    Role,
    can_edit,
    can_publish,
    scope_initiatives,
    scope_sessions,
)
from tests.factories import InitiativeFactory, SessionFactory
from tests.initiatives.curation_fixtures import (  # noqa: F401
    DEN_HAAG,
    admin_form_data,
    campus_den_haag,
    campus_rotterdam,
    campus_user,
    make_user,
    mrdh_user,
    other_provider,
    provider,
    provider_user,
    roles,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def rotterdam_initiative(provider, campus_rotterdam):
    return InitiativeFactory(title="Robots in Rotterdam", provider=provider)


@pytest.fixture
def den_haag_initiative(other_provider, campus_den_haag):
    return InitiativeFactory(
        title="Drones in Den Haag", provider=other_provider, latitude=DEN_HAAG[0], longitude=DEN_HAAG[1]
    )


def change_url(initiative):
    return reverse("admin:initiatives_initiative_change", args=[initiative.pk])


def test_setup_roles_creates_the_three_groups_idempotently(db):
    out = StringIO()
    call_command("setup_roles", stdout=StringIO())
    call_command("setup_roles", stdout=out)
    groups = {role: Group.objects.get(name=name) for role, name in GROUP_NAMES.items()}

    assert sorted(Group.objects.values_list("name", flat=True)) == sorted(GROUP_NAMES.values())
    assert groups[Role.PROVIDER].permissions.filter(codename="delete_initiative").exists() is False
    assert groups[Role.CAMPUS].permissions.filter(codename="delete_initiative").exists() is True
    assert f"{GROUP_NAMES[Role.MRDH]}: " in out.getvalue()


def test_scope_follows_each_role(
    mrdh_user, campus_user, provider_user, rotterdam_initiative, den_haag_initiative, make_user
):
    everything = Initiative.objects.all()
    session = SessionFactory(initiative=den_haag_initiative)

    assert set(scope_initiatives(mrdh_user, everything)) == {rotterdam_initiative, den_haag_initiative}
    assert list(scope_initiatives(campus_user, everything)) == [rotterdam_initiative]
    assert list(scope_initiatives(provider_user, everything)) == [rotterdam_initiative]
    assert list(scope_initiatives(make_user(), everything)) == []
    assert list(scope_sessions(campus_user, session.__class__.objects.all())) == []


def test_only_coordinators_may_publish(
    mrdh_user, campus_user, provider_user, rotterdam_initiative, den_haag_initiative
):
    assert can_publish(mrdh_user, den_haag_initiative)
    assert can_publish(campus_user, rotterdam_initiative)
    assert not can_publish(campus_user, den_haag_initiative)
    assert can_edit(provider_user, rotterdam_initiative)
    assert not can_publish(provider_user, rotterdam_initiative)


def test_campus_coordinator_cannot_open_another_campus_initiative_by_url(
    client, campus_user, rotterdam_initiative, den_haag_initiative
):
    client.force_login(campus_user)

    own = client.get(change_url(rotterdam_initiative))
    other = client.get(change_url(den_haag_initiative))
    history = client.get(reverse("admin:initiatives_initiative_history", args=[den_haag_initiative.pk]))
    changelist = client.get(reverse("admin:initiatives_initiative_changelist"))

    assert own.status_code == 200
    assert other.status_code == 302 and other.url == reverse("admin:index")
    assert history.status_code == 403
    assert "Robots in Rotterdam" in changelist.text
    assert "Drones in Den Haag" not in changelist.text


def test_campus_coordinator_cannot_post_changes_to_another_campus(client, campus_user, den_haag_initiative):
    client.force_login(campus_user)

    response = client.post(
        reverse("admin:initiatives_initiative_changelist"),
        {"action": "archive", "_selected_action": [den_haag_initiative.pk]},
    )

    den_haag_initiative.refresh_from_db()
    assert response.status_code == 302
    assert den_haag_initiative.status == Initiative.Status.PUBLISHED


def test_campus_coordinator_may_publish_own_campus_initiative(client, campus_user, rotterdam_initiative):
    Initiative.objects.filter(pk=rotterdam_initiative.pk).update(status=Initiative.Status.REVIEW)
    client.force_login(campus_user)

    response = client.post(
        reverse("admin:initiatives_initiative_changelist"),
        {"action": "publish", "_selected_action": [rotterdam_initiative.pk]},
        follow=True,
    )

    rotterdam_initiative.refresh_from_db()
    assert rotterdam_initiative.status == Initiative.Status.PUBLISHED
    assert "1 initiatief gepubliceerd." in response.text


def test_provider_editor_sees_only_own_initiatives_and_no_publish_action(
    client, provider_user, rotterdam_initiative, den_haag_initiative
):
    client.force_login(provider_user)

    changelist = client.get(reverse("admin:initiatives_initiative_changelist"))
    other = client.get(change_url(den_haag_initiative))
    form = client.get(change_url(rotterdam_initiative))

    assert "Robots in Rotterdam" in changelist.text
    assert "Drones in Den Haag" not in changelist.text
    assert 'value="publish"' not in changelist.text
    assert other.status_code == 302
    assert list(form.context["adminform"].form.fields["provider"].queryset) == [rotterdam_initiative.provider]
    assert "status" not in form.context["adminform"].form.fields  # published: it stays so while a change waits
    Initiative.objects.filter(pk=rotterdam_initiative.pk).update(status=Initiative.Status.DRAFT)
    draft_form = client.get(change_url(rotterdam_initiative)).context["adminform"].form
    assert [value for value, _label in draft_form.fields["status"].choices] == ["draft", "review"]


def test_provider_editor_publish_by_post_is_refused(client, provider_user, rotterdam_initiative):
    Initiative.objects.filter(pk=rotterdam_initiative.pk).update(status=Initiative.Status.DRAFT)
    client.force_login(provider_user)

    client.post(
        reverse("admin:initiatives_initiative_changelist"),
        {"action": "publish", "_selected_action": [rotterdam_initiative.pk]},
    )

    rotterdam_initiative.refresh_from_db()
    assert rotterdam_initiative.status == Initiative.Status.DRAFT


def test_provider_editor_save_of_published_initiative_keeps_it_live(client, provider_user, rotterdam_initiative):
    client.force_login(provider_user)
    form = client.get(change_url(rotterdam_initiative)).context["adminform"].form
    data = admin_form_data(form, title="Robots in Rotterdam (nieuw)")

    response = client.post(change_url(rotterdam_initiative), data)

    rotterdam_initiative.refresh_from_db()
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    assert rotterdam_initiative.title == "Robots in Rotterdam"
    assert rotterdam_initiative.status == Initiative.Status.PUBLISHED
    assert rotterdam_initiative.pending_changes.get().data == {"title": "Robots in Rotterdam (nieuw)"}


def test_provider_editor_cannot_pick_another_provider(client, provider_user, rotterdam_initiative, other_provider):
    client.force_login(provider_user)
    form = client.get(change_url(rotterdam_initiative)).context["adminform"].form

    response = client.post(change_url(rotterdam_initiative), admin_form_data(form, provider=other_provider.pk))

    rotterdam_initiative.refresh_from_db()
    assert response.status_code == 200
    assert "provider" in response.context["adminform"].form.errors
    assert rotterdam_initiative.provider != other_provider


def test_campus_coordinator_cannot_move_initiative_out_of_own_campus(
    client, campus_user, rotterdam_initiative, campus_den_haag
):
    client.force_login(campus_user)
    form = client.get(change_url(rotterdam_initiative)).context["adminform"].form

    response = client.post(
        change_url(rotterdam_initiative), admin_form_data(form, latitude=str(DEN_HAAG[0]), longitude=str(DEN_HAAG[1]))
    )

    assert response.status_code == 200
    assert "niet bij jouw campus" in str(response.context["adminform"].form.non_field_errors())


def test_provider_editor_sees_only_own_provider(client, provider_user, provider, other_provider):
    client.force_login(provider_user)

    response = client.get(reverse("admin:initiatives_provider_changelist"))
    other = client.get(reverse("admin:initiatives_provider_change", args=[other_provider.pk]))

    assert provider.name in response.text
    assert other_provider.name not in response.text
    assert other.status_code == 302


def test_provider_editor_import_rows_for_other_provider_are_row_errors(client, provider_user, other_provider):
    from tests.initiatives.curation_fixtures import initiative_row, table, xlsx_bytes

    client.force_login(provider_user)
    upload = _upload(xlsx_bytes(table(initiative_row(provider="Haagse Makers"))))

    response = client.post(reverse("admin:initiatives_initiative_import"), {"format": 0, "import_file": upload})

    assert "eigen organisatie" in response.text
    assert "confirm_form" not in response.context or response.context["confirm_form"] is None
    assert Initiative.objects.count() == 0


def _upload(data, name="aanbod.xlsx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


def test_create_demo_users_adds_one_user_per_scoped_role_once(settings, campus_rotterdam, provider):
    from io import StringIO

    from django.core.management import call_command

    from initiatives.models import StaffProfile

    settings.DEBUG = True
    out = StringIO()
    call_command("create_demo_users", stdout=out)
    call_command("create_demo_users", stdout=out)

    campus_profile = StaffProfile.objects.get(user__username="campuscoordinator")
    provider_profile = StaffProfile.objects.get(user__username="aanbieder")
    assert list(campus_profile.campuses.all()) == [campus_rotterdam]
    assert provider_profile.provider == provider
    assert provider_profile.user.groups.get().name == GROUP_NAMES[Role.PROVIDER]
    assert "gebruikersnaam campuscoordinator, wachtwoord techniek-demo" in out.getvalue()
    assert "bestond al" in out.getvalue()


def test_campus_coordinator_adds_a_session_in_the_inline(client, campus_user, rotterdam_initiative):

    client.force_login(campus_user)
    form = client.get(change_url(rotterdam_initiative)).context["adminform"].form
    data = admin_form_data(form)
    data.update(
        {
            "sessions-TOTAL_FORMS": "1",
            "sessions-0-starts_at_0": "14-03-2027",
            "sessions-0-starts_at_1": "10:00",
            "sessions-0-ends_at_0": "14-03-2027",
            "sessions-0-ends_at_1": "12:00",
            "sessions-0-capacity": "30",
        }
    )

    response = client.post(change_url(rotterdam_initiative), data)

    assert response.status_code == 302
    assert rotterdam_initiative.sessions.count() == 1


def test_demo_campus_coordinator_covers_the_demo_providers_campus(settings, campus_rotterdam, campus_den_haag):
    from io import StringIO

    from django.core.management import call_command

    from initiatives.models import StaffProfile
    from tests.factories import ProviderFactory

    settings.DEBUG = True
    demo = ProviderFactory(name="Demo Makers", is_demo=True)
    InitiativeFactory(provider=demo, latitude=DEN_HAAG[0], longitude=DEN_HAAG[1])
    call_command("create_demo_users", stdout=StringIO())

    assert list(StaffProfile.objects.get(user__username="campuscoordinator").campuses.all()) == [campus_den_haag]
    assert StaffProfile.objects.get(user__username="aanbieder").provider == demo
