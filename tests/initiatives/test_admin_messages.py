"""Admin messages name the object with the right Dutch article: "Het initiatief", not Django's "De initiatief"."""

# ruff: noqa: F811  (pytest fixtures imported from curation_fixtures are used as arguments)
import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from tests.factories import InitiativeFactory, ThemeFactory
from tests.initiatives.curation_fixtures import admin_form_data, make_user, mrdh_user, roles  # noqa: F401

pytestmark = pytest.mark.django_db


def shown(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_a_changed_initiative_is_het_initiatief(client, mrdh_user):
    initiative = InitiativeFactory(title="Robots in Rotterdam", latitude="51.9225", longitude="4.47917")
    client.force_login(mrdh_user)
    url = reverse("admin:initiatives_initiative_change", args=[initiative.pk])
    form = client.get(url).context["adminform"].form
    response = client.post(url, admin_form_data(form, _continue="1"))
    assert response.status_code == 302
    assert "Het initiatief ‘Robots in Rotterdam’ is gewijzigd. Hieronder kun je verder werken." in shown(response)
    assert not any(message.startswith("De initiatief") for message in shown(response))


def test_a_deleted_theme_is_het_thema(client, mrdh_user):
    theme = ThemeFactory(name="Drones")
    client.force_login(mrdh_user)
    response = client.post(reverse("admin:initiatives_theme_delete", args=[theme.pk]), {"post": "yes"})
    assert shown(response) == ["Het thema ‘Drones’ is verwijderd."]
