# ruff: noqa: F811  (pytest fixtures imported from curation_fixtures are used as arguments)
"""The admin in Dutch, with readable values: history, export, the two-list selector (compiled catalogues)."""

import pytest
from django.urls import reverse

from initiatives import services
from tests.factories import InitiativeFactory
from tests.initiatives.curation_fixtures import make_user, mrdh_user, roles  # noqa: F401

pytestmark = pytest.mark.django_db


def test_history_page_shows_labels_local_dates_and_dashes(client, mrdh_user):
    initiative = InitiativeFactory(title="Robots", price=None, is_free=True)
    services.archive(initiative=initiative, user=mrdh_user)
    client.force_login(mrdh_user)

    page = client.get(reverse("admin:initiatives_initiative_history", args=[initiative.pk]))

    changes = [change for record in page.context["page_obj"] for change in getattr(record, "history_delta_changes", [])]
    assert {"field": "Status", "old": "gepubliceerd", "new": "gearchiveerd"} in changes
    assert "archived" not in page.text and "None" not in page.text
    assert "Kies hieronder een datum" in page.text and "Gewijzigd door" in page.text
    assert "—" in page.text


def test_export_page_names_columns_by_their_dutch_headers(client, mrdh_user):
    client.force_login(mrdh_user)

    page = client.get(reverse("admin:initiatives_initiative_export"))

    assert "korte omschrijving" in page.text and "Summary" not in page.text
    assert "Alles selecteren" in page.text and "This exporter" not in page.text


def test_the_two_list_selector_speaks_dutch(client, mrdh_user):
    client.force_login(mrdh_user)

    catalog = client.get(reverse("admin:jsi18n")).text

    assert "Alle %s kiezen" in catalog and "Kies %s door ze te selecteren" in catalog


def test_created_and_updated_have_dutch_labels(client, mrdh_user):
    initiative = InitiativeFactory()
    client.force_login(mrdh_user)

    page = client.get(reverse("admin:initiatives_initiative_change", args=[initiative.pk]))

    assert "Aangemaakt op" in page.text and "Created at" not in page.text
