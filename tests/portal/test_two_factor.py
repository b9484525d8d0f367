"""Optional two-factor login for staff (ADMIN_REQUIRE_2FA)."""

import pytest
from django.contrib.auth import get_user_model
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "juist-wachtwoord-123"
SETUP_URL = "/account/tweestapsverificatie/"


def current_code(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def log_in_with_code(client, device):
    """The admin login with password and the app's current code."""
    client.post(
        "/admin/login/",
        {
            "username": "coordinator",
            "password": PASSWORD,
            "otp_device": device.persistent_id,
            "otp_token": current_code(device),
        },
    )


@pytest.fixture
def coordinator(db):
    return get_user_model().objects.create_user("coordinator", password=PASSWORD, is_staff=True, is_superuser=True)


@pytest.fixture
def require_2fa(settings):
    settings.ADMIN_REQUIRE_2FA = True


def test_admin_without_2fa_needs_only_the_password(client, coordinator):
    client.post("/admin/login/", {"username": "coordinator", "password": PASSWORD})

    assert client.get("/admin/").status_code == 200


def test_admin_with_2fa_refuses_a_password_alone(client, coordinator, require_2fa):
    TOTPDevice.objects.create(user=coordinator, name="app", confirmed=True)

    response = client.post("/admin/login/", {"username": "coordinator", "password": PASSWORD})

    assert response.status_code == 200  # the form again
    assert client.get("/admin/").status_code == 302


def test_admin_with_2fa_accepts_password_and_code(client, coordinator, require_2fa):
    device = TOTPDevice.objects.create(user=coordinator, name="app", confirmed=True)

    log_in_with_code(client, device)

    assert client.get("/admin/").status_code == 200


def test_admin_with_2fa_refuses_a_password_only_session(client, coordinator, require_2fa):
    client.force_login(coordinator)

    assert client.get("/admin/").status_code == 302


def test_staff_registers_an_app_with_password_then_code(client, coordinator, require_2fa):
    step_one = client.post(SETUP_URL, {"username": "coordinator", "password": PASSWORD})
    step_two = client.get(SETUP_URL)
    device = TOTPDevice.objects.get(user=coordinator)

    done = client.post(SETUP_URL, {"token": current_code(device)})

    assert step_one.status_code == 302
    assert 'src="data:image/svg+xml' in step_two.content.decode()
    assert done.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/").status_code == 200  # logged in and verified


def test_wrong_code_does_not_confirm_the_app(client, coordinator):
    client.force_login(coordinator)
    client.get(SETUP_URL)
    device = TOTPDevice.objects.get(user=coordinator)
    wrong = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"

    response = client.post(SETUP_URL, {"token": wrong})

    assert "Deze code klopt niet" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed


def test_password_cannot_register_a_second_app(client, coordinator):
    TOTPDevice.objects.create(user=coordinator, name="app", confirmed=True)

    response = client.post(SETUP_URL, {"username": "coordinator", "password": PASSWORD})

    assert response.status_code == 200
    assert "er is al een app gekoppeld" in response.content.decode()
    assert TOTPDevice.objects.filter(user=coordinator).count() == 1


def test_non_staff_cannot_register_an_app(client, db):
    get_user_model().objects.create_user("ouder", password=PASSWORD)

    client.post(SETUP_URL, {"username": "ouder", "password": PASSWORD})

    assert not TOTPDevice.objects.exists()


def test_coverage_dashboard_with_2fa_needs_a_verified_session(client, coordinator, require_2fa):
    client.force_login(coordinator)  # password only: no device verified in this session

    response = client.get("/beheer/dekking/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/?next=/beheer/dekking/")


def test_coverage_dashboard_with_2fa_opens_after_password_and_code(client, coordinator, require_2fa):
    device = TOTPDevice.objects.create(user=coordinator, name="app", confirmed=True)
    log_in_with_code(client, device)

    assert client.get("/beheer/dekking/").status_code == 200
