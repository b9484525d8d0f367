# ruff: noqa: F811  (pytest fixtures imported from curation_fixtures are used as arguments)
"""Pending changes: a provider editor's edit of live content waits for a coordinator (through the admin URLs)."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from initiatives.models import Initiative, PendingChange, Provider, Session
from portal.models import CatalogVersion
from tests.factories import InitiativeFactory, SessionFactory, ThemeFactory
from tests.initiatives.curation_fixtures import (  # noqa: F401
    DEN_HAAG,
    admin_form_data,
    campus_den_haag,
    campus_rotterdam,
    campus_user,
    make_user,
    mrdh_user,
    other_provider,
    postcode_3011,
    provider,
    provider_user,
    roles,
)
from tests.initiatives.test_public_cache import cached, committed  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def live(provider, campus_rotterdam):
    return InitiativeFactory(title="Robots in Rotterdam", provider=provider, themes=[ThemeFactory(name="Robotica")])


@pytest.fixture
def reviewer(campus_user):
    campus_user.email = "campus@example.org"
    campus_user.save(update_fields=["email"])
    return campus_user


@pytest.fixture
def author(provider_user):
    provider_user.email = "aanbieder@example.org"
    provider_user.save(update_fields=["email"])
    return provider_user


def change_url(obj):
    return reverse(f"admin:initiatives_{obj._meta.model_name}_change", args=[obj.pk])


def review_url(change):
    return reverse("admin:initiatives_pendingchange_change", args=[change.pk])


def provider_saves(client, obj, **changes):
    form = client.get(change_url(obj)).context["adminform"].form
    return client.post(change_url(obj), admin_form_data(form, **changes))


def test_provider_change_of_published_initiative_waits_and_the_public_keeps_the_live_version(
    client, author, reviewer, live, django_capture_on_commit_callbacks
):
    new_theme = ThemeFactory(name="Drones")
    client.force_login(author)

    with django_capture_on_commit_callbacks(execute=True):
        response = provider_saves(client, live, title="Drones in Rotterdam", themes=[new_theme.pk])

    live.refresh_from_db()
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Je wijziging is ter beoordeling aangeboden. Tot een coördinator hem goedkeurt, blijft de gepubliceerde "
        "versie zichtbaar."
    ]  # not also "Het initiatief ... is gewijzigd": it was not
    assert (live.title, live.status, list(live.themes.all())) == ("Robots in Rotterdam", "published", live_themes(live))
    change = PendingChange.objects.get()
    assert change.data == {"title": "Drones in Rotterdam", "themes": [new_theme.pk]}
    assert (change.author, change.status, change.initiative) == (author, "pending", live)
    client.logout()
    public = client.get(live.get_absolute_url())
    assert "Robots in Rotterdam" in public.text and "Drones in Rotterdam" not in public.text
    assert [message.to for message in mail.outbox] == [["campus@example.org"]]
    assert review_url(change) in mail.outbox[0].body


def live_themes(initiative):
    return list(Initiative.objects.get(pk=initiative.pk).themes.all())


def test_the_form_shows_the_provider_their_proposal_to_edit_on(client, author, live):
    client.force_login(author)
    provider_saves(client, live, title="Drones in Rotterdam")

    form = client.get(change_url(live)).context["adminform"].form
    provider_saves(client, live, title="Drones en robots")

    assert form.initial["title"] == "Drones in Rotterdam"
    assert PendingChange.objects.get().data == {"title": "Drones en robots"}


def test_reviewer_compares_field_by_field_with_readable_values(client, author, reviewer, live):
    client.force_login(author)
    provider_saves(client, live, title="Drones in Rotterdam", is_free="false", price="7.50", activity_type="club")
    change = PendingChange.objects.get()
    client.force_login(reviewer)

    page = client.get(review_url(change))

    rows = {row.label: (row.live, row.proposed) for row in page.context["rows"]}
    assert rows["Titel"] == ("Robots in Rotterdam", "Drones in Rotterdam")
    assert rows["Gratis"] == ("ja", "nee")
    assert rows["Prijs (€)"] == ("—", "7,50")
    assert rows["Soort activiteit"] == ("workshop", "club")
    assert "Goedkeuren en publiceren" in page.text


def test_send_back_needs_a_comment_and_the_provider_sees_it_on_the_form(
    client, author, reviewer, live, django_capture_on_commit_callbacks
):
    client.force_login(author)
    provider_saves(client, live, title="Drones in Rotterdam")
    change = PendingChange.objects.get()
    client.force_login(reviewer)

    empty = client.post(review_url(change), {"send_back": "1", "comment": "  "})
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(review_url(change), {"send_back": "1", "comment": "Noem de leeftijd in de titel."})
    client.force_login(author)
    form_page = client.get(change_url(live))

    assert empty.status_code == 200 and "comment" in empty.context["send_back_form"].errors
    change.refresh_from_db()
    assert (change.status, change.reviewed_by) == ("sent_back", reviewer)
    assert "Noem de leeftijd in de titel." in form_page.text
    assert form_page.context["adminform"].form.initial["title"] == "Drones in Rotterdam"
    assert [message.to for message in mail.outbox] == [["aanbieder@example.org"]]
    assert "Noem de leeftijd in de titel." in mail.outbox[0].body
    live.refresh_from_db()
    assert live.title == "Robots in Rotterdam"


def test_approve_applies_the_change_and_the_public_sees_it_at_once(client, author, reviewer, live, cached, committed):
    new_theme = ThemeFactory(name="Drones")
    client.force_login(author)
    provider_saves(client, live, title="Drones in Rotterdam", themes=[new_theme.pk])
    change = PendingChange.objects.get()
    client.logout()
    assert "Robots in Rotterdam" in client.get(live.get_absolute_url()).text  # now in the public cache
    client.force_login(reviewer)
    version = CatalogVersion.objects.filter(pk=1).values_list("number", flat=True).first() or 0

    with committed():
        response = client.post(review_url(change), {"approve": "1", "comment": ""})

    live.refresh_from_db()
    change.refresh_from_db()
    assert response.status_code == 302
    assert (live.title, live.status, list(live.themes.all())) == ("Drones in Rotterdam", "published", [new_theme])
    assert (change.status, change.reviewed_by) == ("approved", reviewer)
    assert CatalogVersion.objects.get(pk=1).number > version
    assert live.history.first().history_user == author
    client.logout()
    assert "Drones in Rotterdam" in client.get(live.get_absolute_url()).text


def test_an_approved_or_sent_back_change_cannot_be_decided_again(client, author, reviewer, live):
    client.force_login(author)
    provider_saves(client, live, title="Drones in Rotterdam")
    change = PendingChange.objects.get()
    client.force_login(reviewer)
    client.post(review_url(change), {"send_back": "1", "comment": "Nog niet."})

    response = client.post(review_url(change), {"approve": "1"})

    live.refresh_from_db()
    assert response.status_code == 403
    assert live.title == "Robots in Rotterdam"


def test_reviewers_of_another_campus_neither_see_nor_decide(client, author, make_user, campus_den_haag, live):
    client.force_login(author)
    provider_saves(client, live, title="Drones in Rotterdam")
    change = PendingChange.objects.get()
    elsewhere = make_user("campus", username="den-haag", campuses=[campus_den_haag])
    client.force_login(elsewhere)

    listing = client.get(reverse("admin:initiatives_pendingchange_changelist"))
    response = client.post(review_url(change), {"approve": "1"})

    assert "Robots in Rotterdam" not in listing.text
    assert response.status_code == 404
    assert PendingChange.objects.get().status == "pending"


def test_provider_editor_cannot_approve_their_own_change(client, author, live):
    client.force_login(author)
    provider_saves(client, live, title="Drones in Rotterdam")
    change = PendingChange.objects.get()

    page = client.get(review_url(change))
    response = client.post(review_url(change), {"approve": "1"})

    assert page.status_code == 200 and "Goedkeuren" not in page.text
    assert response.status_code == 403
    live.refresh_from_db()
    assert live.title == "Robots in Rotterdam"


def test_provider_record_change_waits_for_review(client, author, mrdh_user, provider, live):
    client.force_login(author)

    provider_saves(client, provider, website="https://nieuw.example.org")
    change = PendingChange.objects.get()
    provider.refresh_from_db()
    assert provider.website != "https://nieuw.example.org"
    client.force_login(mrdh_user)
    client.post(review_url(change), {"approve": "1"})

    assert Provider.objects.get(pk=provider.pk).website == "https://nieuw.example.org"


def test_session_changes_of_a_published_initiative_wait_for_review(client, author, reviewer, live):
    starts = timezone.make_aware(datetime.datetime(2027, 2, 1, 10, 0))
    session = SessionFactory(
        initiative=live, capacity=30, starts_at=starts, ends_at=starts + datetime.timedelta(hours=2)
    )
    client.force_login(author)

    edited = provider_saves(client, session, capacity="12", **split_datetimes(session))
    delete = client.post(reverse("admin:initiatives_session_delete", args=[session.pk]), {"post": "yes"})
    add_form = client.get(reverse("admin:initiatives_session_add")).context["adminform"].form
    starts = timezone.make_aware(datetime.datetime(2027, 3, 1, 10, 0))
    added = client.post(
        reverse("admin:initiatives_session_add"),
        admin_form_data(
            add_form,
            initiative=live.pk,
            starts_at_0="01-03-2027",
            starts_at_1="10:00",
            ends_at_0="01-03-2027",
            ends_at_1="12:00",
            capacity="20",
        ),
    )

    assert delete.status_code == 403
    assert edited.status_code == 302, edited.context["adminform"].form.errors
    assert added.status_code == 302, added.context["adminform"].form.errors
    assert list(Session.objects.values_list("capacity", flat=True)) == [30]
    new, edit = PendingChange.objects.order_by("pk").reverse()[:2]
    assert edit.data == {"capacity": 12} and new.object_id is None
    client.force_login(reviewer)
    client.post(review_url(new), {"approve": "1"})
    client.post(review_url(edit), {"approve": "1"})
    assert sorted(Session.objects.values_list("capacity", flat=True)) == [12, 20]
    assert Session.objects.filter(starts_at=starts).exists()


def split_datetimes(session):
    """The admin's date and time boxes for a session's start and end."""
    data = {}
    for name in ("starts_at", "ends_at"):
        value = timezone.localtime(getattr(session, name))
        data.update({f"{name}_0": value.strftime("%d-%m-%Y"), f"{name}_1": value.strftime("%H:%M")})
    return data


def test_a_new_initiative_keeps_the_draft_review_published_flow(
    client, author, provider, campus_rotterdam, postcode_3011
):
    client.force_login(author)
    form = client.get(reverse("admin:initiatives_initiative_add")).context["adminform"].form

    response = client.post(
        reverse("admin:initiatives_initiative_add"),
        admin_form_data(
            form,
            title="Lasersnijden",
            slug="lasersnijden",
            summary="Zelf een ontwerp lasersnijden.",
            provider=provider.pk,
            activity_type="workshop",
            practice_level="3",
            postcode="3011",
            status="review",
        ),
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Initiative.objects.get(slug="lasersnijden").status == "review"
    assert not PendingChange.objects.exists()


def test_coordinators_save_directly(client, reviewer, live):
    client.force_login(reviewer)

    provider_saves(client, live, title="Robots voor iedereen")

    live.refresh_from_db()
    assert live.title == "Robots voor iedereen"
    assert not PendingChange.objects.exists()


def test_staff_preview_of_a_draft_and_of_a_pending_change(client, author, reviewer, live):
    draft = InitiativeFactory(title="Nog een concept", provider=live.provider, status=Initiative.Status.DRAFT)
    client.force_login(author)
    provider_saves(client, live, title="Drones in Rotterdam")
    change = PendingChange.objects.get()
    client.force_login(reviewer)

    draft_preview = client.get(reverse("admin:initiatives_initiative_preview", args=[draft.pk]))
    change_preview = client.get(reverse("admin:initiatives_pendingchange_preview", args=[change.pk]))
    client.logout()

    assert draft_preview.status_code == 200 and "Voorbeeld, niet openbaar." in draft_preview.text
    assert "<h1>Nog een concept</h1>" in draft_preview.text
    assert draft_preview["X-Robots-Tag"] == "noindex, nofollow"
    assert "<h1>Drones in Rotterdam</h1>" in change_preview.text and "Voorbeeld" in change_preview.text
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(reverse("admin:initiatives_initiative_preview", args=[draft.pk])).status_code == 302


def test_the_admin_home_inbox_counts_per_role_and_links_to_filtered_lists(
    client, author, reviewer, mrdh_user, live, make_user, campus_den_haag
):
    InitiativeFactory(title="Nieuw in Rotterdam", provider=live.provider, status=Initiative.Status.REVIEW)
    InitiativeFactory(status=Initiative.Status.REVIEW, latitude=DEN_HAAG[0], longitude=DEN_HAAG[1])
    Initiative.objects.filter(pk=live.pk).update(last_verified_on=datetime.date(2020, 1, 1))
    client.force_login(author)
    provider_saves(client, live, title="Drones in Rotterdam")

    def inbox_of(user):
        client.force_login(user)
        return {item.label: (item.count, item.url) for item in client.get(reverse("admin:index")).context["items"]}

    campus, mrdh, own = inbox_of(reviewer), inbox_of(mrdh_user), inbox_of(author)

    changelist = reverse("admin:initiatives_initiative_changelist")
    assert campus["Nieuwe initiatieven ter beoordeling"] == (1, f"{changelist}?status__exact=review")
    assert mrdh["Nieuwe initiatieven ter beoordeling"][0] == 2
    assert campus["Wijzigingen van aanbieders ter beoordeling"][0] == 1
    assert campus["Een jaar of langer niet gecontroleerd"] == (1, f"{changelist}?gecontroleerd=verouderd")
    assert campus["Boekingsaanvragen om te beslissen"][0] == 0
    assert "Busaanvragen om goed te keuren" in campus
    assert own["Wijzigingen die wachten op beoordeling"][0] == 1
    assert "Busaanvragen om goed te keuren" not in own
    client.force_login(reviewer)
    filtered = client.get(campus["Wijzigingen van aanbieders ter beoordeling"][1])
    assert filtered.status_code == 200 and "Robots in Rotterdam" in filtered.text


def test_a_new_initiative_offered_for_review_mails_the_campus_and_its_publication_the_submitter(
    client, author, reviewer, provider, django_capture_on_commit_callbacks
):
    draft = InitiativeFactory(title="Lasersnijden", provider=provider, status=Initiative.Status.DRAFT)
    client.force_login(author)
    changelist = reverse("admin:initiatives_initiative_changelist")

    with django_capture_on_commit_callbacks(execute=True):
        client.post(changelist, {"action": "submit_for_review", "_selected_action": [draft.pk]})
    client.force_login(reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(changelist, {"action": "publish", "_selected_action": [draft.pk]})

    assert [(message.to, message.subject) for message in mail.outbox] == [
        (["campus@example.org"], "Ter beoordeling: Lasersnijden"),
        (["aanbieder@example.org"], "Goedgekeurd: Lasersnijden"),
    ]


def test_a_session_added_in_the_initiative_form_waits_for_review_too(client, author, live):
    client.force_login(author)
    form = client.get(change_url(live)).context["adminform"].form
    data = admin_form_data(form)
    data.update(
        {
            "sessions-TOTAL_FORMS": "1",
            "sessions-0-starts_at_0": "14-03-2027",
            "sessions-0-starts_at_1": "10:00",
            "sessions-0-ends_at_0": "14-03-2027",
            "sessions-0-ends_at_1": "12:00",
            "sessions-0-capacity": "25",
        }
    )

    response = client.post(change_url(live), data)

    assert response.status_code == 302
    assert not live.sessions.exists()
    change = PendingChange.objects.get()
    assert (change.object_id, change.initiative, change.data["capacity"]) == (None, live, 25)


def test_the_web_address_of_live_content_is_not_part_of_a_proposal(client, author, live, provider):
    client.force_login(author)

    initiative_form = client.get(change_url(live)).context["adminform"].form
    provider_form = client.get(change_url(provider)).context["adminform"].form

    assert "slug" not in initiative_form.fields and "slug" not in provider_form.fields
