import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.factories import CampusFactory

pytestmark = pytest.mark.django_db


def test_no_pending_migrations():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)  # exits non-zero with a change

    assert "No changes detected" in out.getvalue()


def test_home_names_the_campuses_and_links_to_admin(client):
    CampusFactory(name="RDM Campus", slug="rdm-campus")

    response = client.get(reverse("home"))

    html = response.content.decode()
    assert response.status_code == 200
    assert len(re.findall(r"<h1[ >]", html)) == 1
    assert "RDM Campus" in html
    assert reverse("admin:index") in html
    assert 'lang="nl"' in html


def test_home_is_available_in_english(client):
    response = client.get("/en/")
    assert response.status_code == 200
    assert 'lang="en"' in response.content.decode()


def test_admin_changelists_open_for_a_superuser(admin_client):
    CampusFactory()
    for name in ["campus", "school", "municipality", "postcodearea", "place", "vmboprofile", "vmboprofileoffer"]:
        response = admin_client.get(reverse(f"admin:campuses_{name}_changelist"))
        assert response.status_code == 200, name
