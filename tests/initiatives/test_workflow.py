# ruff: noqa: F811  (pytest fixtures imported from curation_fixtures are used as arguments)
import datetime

import pytest
from django.urls import reverse

from initiatives import services
from initiatives.models import Initiative
from tests.factories import InitiativeFactory
from tests.initiatives.curation_fixtures import (  # noqa: F401
    admin_form_data,
    campus_rotterdam,
    campus_user,
    make_user,
    mrdh_user,
    provider,
    provider_user,
    roles,
)

pytestmark = pytest.mark.django_db

Status = Initiative.Status


def test_workflow_draft_to_review_to_published_to_archived(mrdh_user):
    initiative = InitiativeFactory(status=Status.DRAFT)

    services.submit_for_review(initiative=initiative, user=mrdh_user)
    published = services.publish(initiative=initiative, user=mrdh_user)
    archived = services.archive(initiative=initiative, user=mrdh_user)

    assert published.published_at is not None
    assert archived.status == Status.ARCHIVED
    assert list(Initiative.objects.published()) == []


def test_workflow_refuses_steps_that_make_no_sense(mrdh_user):
    initiative = InitiativeFactory(status=Status.PUBLISHED)

    with pytest.raises(services.WorkflowError, match="al gepubliceerd"):
        services.publish(initiative=initiative, user=mrdh_user)
    with pytest.raises(services.WorkflowError):
        services.submit_for_review(initiative=initiative, user=mrdh_user)


def test_workflow_provider_editor_cannot_publish(provider_user, provider):
    initiative = InitiativeFactory(status=Status.REVIEW, provider=provider)

    with pytest.raises(services.WorkflowError, match="niet publiceren"):
        services.publish(initiative=initiative, user=provider_user)

    initiative.refresh_from_db()
    assert initiative.status == Status.REVIEW


def test_workflow_mark_verified_sets_today(mrdh_user):
    initiative = InitiativeFactory(last_verified_on=datetime.date(2020, 1, 1))

    services.mark_verified(initiative=initiative, user=mrdh_user, on=datetime.date(2026, 11, 27))

    initiative.refresh_from_db()
    assert initiative.last_verified_on == datetime.date(2026, 11, 27)


def test_workflow_history_records_who_changed_what(mrdh_user):
    initiative = InitiativeFactory(status=Status.DRAFT)

    services.publish(initiative=initiative, user=mrdh_user)

    latest = initiative.history.latest()
    assert (latest.status, latest.history_user, latest.history_change_reason) == (
        "published",
        mrdh_user,
        "Gepubliceerd",
    )
    assert latest.diff_against(latest.prev_record).changed_fields == ["published_at", "status"]


def test_workflow_admin_actions_report_with_messages(client, mrdh_user):
    draft = InitiativeFactory(status=Status.DRAFT)
    published = InitiativeFactory(status=Status.PUBLISHED)
    client.force_login(mrdh_user)

    response = client.post(
        reverse("admin:initiatives_initiative_changelist"),
        {"action": "publish", "_selected_action": [draft.pk, published.pk]},
        follow=True,
    )

    messages = [str(message) for message in response.context["messages"]]
    assert "1 initiatief gepubliceerd." in messages
    assert any("al gepubliceerd" in message for message in messages)


def test_workflow_mark_verified_action(client, mrdh_user):
    initiative = InitiativeFactory(last_verified_on=datetime.date(2020, 1, 1))
    client.force_login(mrdh_user)

    client.post(
        reverse("admin:initiatives_initiative_changelist"),
        {"action": "mark_verified", "_selected_action": [initiative.pk]},
    )

    initiative.refresh_from_db()
    assert initiative.last_verified_on == datetime.date.today()


def test_workflow_filter_lists_entries_not_verified_for_a_year(client, mrdh_user):
    today = datetime.date.today()
    InitiativeFactory(title="Oud", last_verified_on=today.replace(year=today.year - 2))
    InitiativeFactory(title="Nooit", last_verified_on=None)
    InitiativeFactory(title="Vers", last_verified_on=today)
    client.force_login(mrdh_user)

    response = client.get(reverse("admin:initiatives_initiative_changelist"), {"gecontroleerd": "verouderd"})

    titles = {initiative.title for initiative in response.context["cl"].result_list}
    assert titles == {"Oud", "Nooit"}


def test_workflow_history_is_viewable_and_revert_works(client, mrdh_user):
    initiative = InitiativeFactory(title="Eerste titel", status=Status.DRAFT)
    first = initiative.history.latest()
    initiative.title = "Tweede titel"
    initiative.save()
    client.force_login(mrdh_user)

    history = client.get(reverse("admin:initiatives_initiative_history", args=[initiative.pk]))
    revert_url = reverse("admin:initiatives_initiative_simple_history", args=[initiative.pk, first.history_id])
    form = client.get(revert_url).context["adminform"].form
    response = client.post(revert_url, admin_form_data(form))

    initiative.refresh_from_db()
    assert history.status_code == 200
    assert "Tweede titel" in history.text or "Eerste titel" in history.text
    assert response.status_code == 302
    assert initiative.title == "Eerste titel"
    assert initiative.history.latest().history_user == mrdh_user
