"""vmbo basis, kader and gemengd/theoretisch: admin, import, search filter, API and detail page.

An entry that says only "vmbo" is for every vmbo track (also the entries from before the tracks)."""

# ruff: noqa: F811  (pytest fixtures imported from curation_fixtures are used as arguments)
import pytest
from django.urls import reverse

from initiatives.curation.imports import read_spreadsheet
from initiatives.curation.resources import InitiativeResource
from initiatives.models import Initiative
from tests.factories import InitiativeFactory
from tests.initiatives.curation_fixtures import (  # noqa: F401
    admin_form_data,
    campus_rotterdam,
    initiative_row,
    provider,
    table,
    xlsx_bytes,
)

SEARCH = reverse("initiatives:search")
API = reverse("api:initiatives")
VO = {"po_group_from": None, "po_group_to": None, "vo_year_from": 3, "vo_year_to": 4}
TRACKS = ("for_vmbo", "for_vmbo_bl", "for_vmbo_kl", "for_vmbo_gt")


@pytest.fixture
def offer(db):
    return {
        "kader": InitiativeFactory(title="Lassen voor kader", **VO, for_vmbo_kl=True),
        "basis_kader": InitiativeFactory(title="Metaal voor basis en kader", **VO, for_vmbo_bl=True, for_vmbo_kl=True),
        "all": InitiativeFactory(title="Haven voor elk vmbo", **VO, for_vmbo=True),
        "havo": InitiativeFactory(title="Ontwerpen voor havo", **VO, for_havo=True),
    }


def tracks_of(initiative):
    initiative.refresh_from_db()
    return tuple(getattr(initiative, name) for name in TRACKS)


def test_vmbo_alone_means_every_track_and_a_track_means_vmbo(offer):
    assert tracks_of(offer["all"]) == (True, True, True, True)
    assert tracks_of(offer["kader"]) == (True, False, True, False)


def test_a_vmbo_kader_teacher_finds_the_offer_for_kader(client, offer):
    response = client.get(SEARCH, {"track": "vmbo_kl"})
    found = {item.title for item in response.context["outcome"].page}
    assert found == {"Lassen voor kader", "Metaal voor basis en kader", "Haven voor elk vmbo"}
    body = response.content.decode()
    assert '<option value="vmbo_kl" selected>vmbo kader</option>' in body
    assert '<option value="vmbo_gt">vmbo gemengd/theoretisch</option>' in body
    found = {item.title for item in client.get(SEARCH, {"track": "vmbo_gt"}).context["outcome"].page}
    assert found == {"Haven voor elk vmbo"}
    # Every vmbo track together, as before.
    found = {item.title for item in client.get(SEARCH, {"track": "vmbo"}).context["outcome"].page}
    assert found == {"Lassen voor kader", "Metaal voor basis en kader", "Haven voor elk vmbo"}


def test_cards_and_detail_page_name_the_tracks(client, offer):
    body = client.get(SEARCH, {"track": "vmbo"}).content.decode()
    assert "vmbo basis en kader leerjaar 3–4" in body
    assert "vmbo kader leerjaar 3–4" in body
    detail = client.get(offer["all"].get_absolute_url()).content.decode()
    assert "vmbo leerjaar 3–4" in detail and "vmbo basis" not in detail


def test_the_api_lists_the_tracks_and_filters_on_them(client, offer):
    results = client.get(API, {"track": "vmbo_bl"}).json()["results"]
    assert {item["title"]: item["vmbo_tracks"] for item in results} == {
        "Metaal voor basis en kader": ["vmbo_bl", "vmbo_kl"],
        "Haven voor elk vmbo": ["vmbo_bl", "vmbo_kl", "vmbo_gt"],
    }
    csv = client.get(reverse("api:initiatives-csv"), {"track": "vmbo_gt"}).content.decode("utf-8-sig")
    assert "vmbo_tracks" in csv.splitlines()[0]
    assert "vmbo_bl, vmbo_kl, vmbo_gt" in csv


def test_the_admin_ticks_vmbo_with_a_track_and_clears_the_tracks_without_vmbo(admin_client, offer):
    initiative = offer["havo"]
    url = reverse("admin:initiatives_initiative_change", args=[initiative.pk])
    form = admin_client.get(url).context["adminform"].form
    assert {"for_vmbo_bl", "for_vmbo_kl", "for_vmbo_gt"} <= set(form.fields)
    response = admin_client.post(url, admin_form_data(form, for_vmbo_kl="on"))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert tracks_of(initiative) == (True, False, True, False)
    # Unticking vmbo takes the tracks with it.
    form = admin_client.get(url).context["adminform"].form
    data = admin_form_data(form)
    data.pop("for_vmbo")
    assert admin_client.post(url, data).status_code == 302
    assert tracks_of(initiative) == (False, False, False, False)


def run_import(rows):
    return InitiativeResource().import_data(read_spreadsheet(xlsx_bytes(table(*rows))), file_name="test.xlsx")


def test_the_import_reads_the_track_columns(provider, campus_rotterdam):
    years = {"vo vanaf leerjaar": 3, "vo tot en met leerjaar": 4}
    result = run_import(
        [
            initiative_row(title="Alle leerwegen", **years, vmbo="ja"),
            initiative_row(title="Alleen kader", **years, **{"vmbo kader": "ja"}),
        ]
    )
    assert not result.has_errors() and not result.has_validation_errors()
    assert tracks_of(Initiative.objects.get(title="Alle leerwegen")) == (True, True, True, True)
    assert tracks_of(Initiative.objects.get(title="Alleen kader")) == (True, False, True, False)
    # "vmbo: nee" on a later round clears the tracks.
    slug = Initiative.objects.get(title="Alleen kader").slug
    result = run_import([initiative_row(title="Alleen kader", slug=slug, vmbo="nee")])
    assert not result.has_errors() and not result.has_validation_errors()
    assert tracks_of(Initiative.objects.get(slug=slug)) == (False, False, False, False)
