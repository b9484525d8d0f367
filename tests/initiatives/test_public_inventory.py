"""The first real inventory: loaded through the import, in review, idempotent, never overwriting."""

# ruff: noqa: F811  (pytest fixtures imported from curation_fixtures are used as arguments)
import csv

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from initiatives.models import Initiative
from tests.initiatives.curation_fixtures import make_user, mrdh_user, roles  # noqa: F401

pytestmark = pytest.mark.django_db


def public_entries():
    return Initiative.objects.filter(external_ref__startswith="openbaar-")


def test_every_row_loads_in_review_with_its_source_and_unknowns_kept(client, mrdh_user):
    with open(settings.REFERENCE_DATA_DIR / "initiatieven_openbare_bronnen.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))

    call_command("load_public_inventory")

    entries = public_entries()
    assert entries.count() == len(rows)
    assert set(entries.values_list("status", flat=True)) == {Initiative.Status.REVIEW}
    assert not entries.filter(source="").exists()
    science_day = entries.get(title="TU Delft Science Day")
    assert science_day.source.startswith("https://www.nu.nl/delft/")
    assert (science_day.source_seen, science_day.is_free, science_day.po_group_from) == ("2022-10", True, 1)
    unknown_cost = [row["name"] for row in rows if row["cost"] == "unknown"]
    assert set(entries.filter(title__in=unknown_cost).values_list("is_free", flat=True)) == {None}
    assert entries.filter(levels_unknown=True).exists()
    assert entries.filter(practice_level__isnull=True).count() == len(rows)
    unknown_kind = [row["name"] for row in rows if row["activity_type"] == "unknown"]
    assert set(entries.filter(title__in=unknown_kind).values_list("activity_type", flat=True)) == {""}

    client.force_login(mrdh_user)
    page = client.get(reverse("admin:initiatives_initiative_data_quality")).text
    assert "Navragen bij de aanbieder" in page and "TU Delft Science Day" in page
    assert client.get(science_day.get_absolute_url()).status_code == 404  # never published automatically


def test_loading_again_changes_nothing_and_keeps_a_coordinators_edits():
    call_command("load_public_inventory")
    edited = public_entries().get(title="TU Delft Science Day")
    edited.summary = "Gecontroleerd met de aanbieder."
    edited.status = Initiative.Status.PUBLISHED
    edited.save()
    count, history = Initiative.objects.count(), Initiative.history.count()

    call_command("load_public_inventory")

    assert (Initiative.objects.count(), Initiative.history.count()) == (count, history)
    edited.refresh_from_db()
    assert (edited.summary, edited.status) == ("Gecontroleerd met de aanbieder.", Initiative.Status.PUBLISHED)
