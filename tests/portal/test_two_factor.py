"""Optional two-factor login for staff (ADMIN_REQUIRE_2FA)."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
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


def test_staff_registers_an_app_with_password_then_the_emailed_link_then_code(
    client, coordinator, require_2fa, mailoutbox
):
    coordinator.email = "coordinator@mrdh.example"
    coordinator.save()
    step_one = client.post(SETUP_URL, {"username": "coordinator", "password": PASSWORD})
    assert "We sturen een e-mail met een link" in step_one.content.decode()
    assert 'src="data:image/svg+xml' not in client.get(SETUP_URL).content.decode()  # the password alone: no QR
    (message,) = mailoutbox
    assert message.to == [coordinator.email]
    link = re.search(r"http://testserver(/\S+/koppelen/\S+/)", message.body).group(1)

    opened = client.get(link)
    step_two = client.get(SETUP_URL)
    device = TOTPDevice.objects.get(user=coordinator)
    done = client.post(SETUP_URL, {"token": current_code(device)})

    assert opened.status_code == 302
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


def test_a_password_without_an_email_address_cannot_register_an_app(client, coordinator, require_2fa, mailoutbox):
    response = client.post(SETUP_URL, {"username": "coordinator", "password": PASSWORD})

    assert "Er staat geen e-mailadres bij je account" in response.content.decode()
    assert not mailoutbox
    assert 'src="data:image/svg+xml' not in client.get(SETUP_URL).content.decode()


def test_the_emailed_link_works_once_and_not_after_a_login(client, coordinator):
    from portal import two_factor

    token = two_factor.make_enrol_token(coordinator)
    coordinator.last_login = timezone.now()
    coordinator.save()

    response = client.get(f"{SETUP_URL}koppelen/{token}/")

    assert response.status_code == 400
    assert "Deze link werkt niet meer" in response.content.decode()
