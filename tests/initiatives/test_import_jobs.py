"""Large spreadsheets are checked and imported by background jobs, not inside the web request."""

# ruff: noqa: F811  (pytest fixtures imported from curation_fixtures are used as arguments)
import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from initiatives.models import ImportJob, Initiative
from tests.factories import InitiativeFactory
from tests.initiatives.curation_fixtures import (  # noqa: F401
    campus_rotterdam,
    initiative_row,
    make_user,
    mrdh_user,
    provider,
    provider_user,
    roles,
    table,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_sync_limit(settings):
    settings.IMPORT_SYNC_MAX_ROWS = 2


def upload(client, data):
    return client.post(
        reverse("admin:initiatives_initiative_import"), {"format": 0, "import_file": SimpleUploadedFile("a.xlsx", data)}
    )


def test_a_large_file_is_checked_by_a_job_then_applied_after_confirmation(
    client, mrdh_user, provider, small_sync_limit
):
    mrdh_user.email = "coordinator@example.org"
    mrdh_user.save()
    client.force_login(mrdh_user)
    rows = table(*(initiative_row(title=f"Activiteit {n}") for n in range(5)))

    response = upload(client, xlsx_bytes(rows))

    job = ImportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "admin:initiatives_initiative_import_job", args=[job.pk]
    )
    assert (job.status, job.rows_total, job.summary["totals"]["new"]) == ("checked", 5, 5)
    assert Initiative.objects.count() == 0
    page = client.get(response.url).text
    assert "5 nieuw, 0 gewijzigd, 0 ongewijzigd." in page and "Import bevestigen" in page
    assert "klaar om te bevestigen" in mail.outbox[-1].subject

    client.post(response.url)

    job.refresh_from_db()
    assert job.status == "done" and bytes(job.data) == b""
    assert Initiative.objects.count() == 5
    assert "geïmporteerd" in mail.outbox[-1].subject


def test_a_large_file_with_errors_saves_nothing_and_lists_them(client, mrdh_user, provider, small_sync_limit):
    client.force_login(mrdh_user)
    rows = table(
        *(initiative_row(title=f"Activiteit {n}") for n in range(4)), initiative_row(title="Fout", provider="")
    )

    response = upload(client, xlsx_bytes(rows))

    page = client.get(response.url).text
    assert "Fouten gevonden" in page and "Vul de kolom “aanbieder” in" in page
    assert "Import bevestigen" not in page
    assert client.post(response.url).status_code == 302
    assert Initiative.objects.count() == 0


def test_only_the_owner_sees_a_job(client, mrdh_user, provider_user, provider, small_sync_limit):
    client.force_login(mrdh_user)
    url = upload(client, xlsx_bytes(table(*(initiative_row(title=f"A {n}") for n in range(3))))).url
    client.force_login(provider_user)

    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert Initiative.objects.count() == 0


def test_a_large_file_of_a_provider_editor_counts_changes_for_review_apart(
    client, provider_user, provider, small_sync_limit
):
    provider_user.email = "aanbieder@example.org"
    provider_user.save()
    live = [InitiativeFactory(title=f"Activiteit {n}", provider=provider, status="published") for n in range(3)]
    client.force_login(provider_user)
    rows = table(*(initiative_row(slug=item.slug, title=f"{item.title}, vernieuwd") for item in live))

    response = upload(client, xlsx_bytes(rows))

    job = ImportJob.objects.get()
    assert job.summary["totals"] == {"new": 0, "update": 0, "skip": 0, "review": 3}
    assert "3 ter beoordeling" in client.get(response.url).text
    assert "3 ter beoordeling" in mail.outbox[-1].body
