import pytest
from django.contrib.auth import get_user_model

from tests.factories import InitiativeFactory


# Serialized rollback like the other transactional tests: a plain flush re-creates the content types,
# and the next test that restores the serialized database would then insert them twice.
@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_admin_map_click_sets_the_coordinates(page, live_server):
    get_user_model().objects.create_superuser("coordinator", "c@example.org", "wachtwoord-123")
    initiative = InitiativeFactory(is_point_approximate=True)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "coordinator")
    page.fill("#id_password", "wachtwoord-123")
    page.click("input[type=submit]")

    page.goto(f"{live_server.url}/admin/initiatives/initiative/{initiative.pk}/change/")
    page.wait_for_selector("#initiative-map .leaflet-marker-icon")
    page.locator("#initiative-map").click(position={"x": 200, "y": 220})

    assert page.input_value("#id_latitude") != "51.922500"
    assert 50.7 < float(page.input_value("#id_latitude")) < 53.6
    assert page.is_checked("#id_is_point_approximate") is False
    assert page.locator(".field-latitude + #initiative-map, .form-row + #initiative-map").count() == 1
