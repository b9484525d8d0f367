"""Security properties of the production configuration."""

import datetime
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from csp.middleware import CSPMiddleware
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import timezone

from tests.factories import (
    BookingFactory,
    CampusFactory,
    InitiativeFactory,
    PostcodeAreaFactory,
    SessionFactory,
    ThemeFactory,
)
from tests.public_pages import PUBLIC_PAGES, page_url

BASE_DIR = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "k7#Qz9!vR2@pL5$wX8^nB4&mC1*dF6(gH3)jK0_sT-yU+eI=oA",
    "ALLOWED_HOSTS": "techniekdichtbij.example.org",
    "DATABASE_URL": "sqlite:////tmp/td-deploy-check.sqlite3",
}


@pytest.fixture
def production_headers(settings):
    """The header settings as production has them (the test process runs with DEBUG on)."""
    settings.SECURE_HSTS_SECONDS = 365 * 24 * 3600
    settings.SECURE_SSL_REDIRECT = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True


def clean_environment(**overrides):
    """This process's environment without anything that would change the settings under test."""
    ignored = ("SECURE_", "DJANGO_", "CONN_MAX_AGE", "LOG_FORMAT", "BENCH_VIEWS", "SESSION_", "AXES_")
    return {key: value for key, value in os.environ.items() if not key.startswith(ignored)} | overrides


def run_manage(*args, env=None):
    environment = clean_environment(**(env or {}))
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=environment, capture_output=True, text=True, check=False
    )


def test_check_deploy_is_clean_with_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_secret_key():
    result = run_manage("check", env={**PRODUCTION_ENV, "SECRET_KEY": ""})

    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.django_db
def test_security_headers_on_a_public_page(client, production_headers):
    response = client.get("/", secure=True)

    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=(self)" in response["Permissions-Policy"]
    assert len(response["X-Request-ID"]) == 32


@pytest.mark.django_db
def test_csp_has_no_unsafe_sources(client):
    response = client.get("/")

    directives = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert directives["default-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"


def test_csp_script_src_carries_the_nonce_a_page_uses():
    request = RequestFactory().get("/")
    middleware = CSPMiddleware(lambda request: HttpResponse(str(request.csp_nonce)))

    response = middleware(request)

    nonce = response.content.decode()
    script_src = next(part for part in response["Content-Security-Policy"].split(";") if "script-src" in part)
    assert f"'nonce-{nonce}'" in script_src
    assert len(nonce) >= 16


@pytest.mark.django_db
def test_plain_http_redirects_to_https_except_health(client, production_headers):
    assert client.get("/").status_code == 301
    assert client.get("/").url.startswith("https://")
    assert client.get("/gezondheid/").status_code == 200
    assert client.get("/healthz").status_code == 200


@pytest.mark.django_db
def test_cookies_are_secure_and_http_only(client, production_headers, admin_user):
    client.post("/admin/login/", {"username": "admin", "password": "password"}, secure=True)

    session_cookie = client.cookies["sessionid"]
    csrf_cookie = client.cookies["csrftoken"]
    assert session_cookie["secure"] and session_cookie["httponly"]
    assert csrf_cookie["secure"] and csrf_cookie["httponly"]
    assert session_cookie["samesite"] == "Lax"


@pytest.mark.django_db
def test_staff_session_ends_with_the_browser_and_after_a_working_day(client, admin_user):
    client.post("/admin/login/", {"username": "admin", "password": "password"})

    assert client.cookies["sessionid"]["max-age"] == ""  # a browser-session cookie
    session = Session.objects.get()
    lifetime = session.expire_date - timezone.now()
    assert datetime.timedelta(hours=7, minutes=59) < lifetime <= datetime.timedelta(hours=8)
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_expired_staff_session_must_log_in_again(client, admin_user):
    client.force_login(admin_user)
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))

    response = client.get("/admin/")

    assert response.status_code == 302
    assert "/admin/login/" in response.url


@pytest.mark.django_db
def test_admin_login_locks_out_after_repeated_failures(client, settings):
    settings.AXES_ENABLED = True
    get_user_model().objects.create_user("coordinator", password="juist-wachtwoord-123", is_staff=True)
    wrong = {"username": "coordinator", "password": "fout"}

    statuses = [client.post("/admin/login/", wrong).status_code for _ in range(settings.AXES_FAILURE_LIMIT)]
    locked = client.post("/admin/login/", {"username": "coordinator", "password": "juist-wachtwoord-123"})

    assert statuses[:-1] == [200] * (settings.AXES_FAILURE_LIMIT - 1)  # the form again, with an error
    assert locked.status_code == 429
    assert "Inloggen is even geblokkeerd" in locked.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_admin_lockout_is_per_username_and_ip(client, settings):
    settings.AXES_ENABLED = True
    get_user_model().objects.create_user("coordinator", password="juist-wachtwoord-123", is_staff=True)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/admin/login/", {"username": "coordinator", "password": "fout"})

    from_elsewhere = client.post(
        "/admin/login/", {"username": "coordinator", "password": "juist-wachtwoord-123"}, REMOTE_ADDR="192.0.2.7"
    )

    assert from_elsewhere.status_code == 302


def test_client_ip_uses_the_configured_proxy_hop(settings):
    from portal.middleware import client_ip

    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="203.0.113.9, 10.0.0.2", REMOTE_ADDR="10.0.0.3")
    settings.NUM_PROXIES = 0
    assert client_ip(request) == "10.0.0.3"
    settings.NUM_PROXIES = 2
    assert client_ip(request) == "203.0.113.9"


@pytest.mark.django_db
def test_long_query_string_is_rejected(client):
    response = client.get("/", {"locatie": "3011" * 600})

    assert response.status_code == 414


@pytest.mark.django_db
def test_oversized_body_is_rejected_before_parsing(client, settings):
    settings.MAX_REQUEST_BODY_BYTES = 10_000

    response = client.post("/admin/login/", {"username": "x" * 20_000})

    assert response.status_code == 413


@pytest.mark.django_db
def test_oversized_form_field_is_rejected(client):
    response = client.post("/admin/login/", {"username": "x" * (1024 * 1024 + 1), "password": "p"})

    assert response.status_code == 400


@pytest.mark.django_db
def test_too_many_query_parameters_are_rejected(client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 20

    response = client.get("/", {f"f{i}": "1" for i in range(30)})

    assert response.status_code == 400


def test_import_upload_limit_is_configured(settings):
    assert settings.IMPORT_MAX_UPLOAD_BYTES == 10 * 1024 * 1024
    assert settings.MAX_REQUEST_BODY_BYTES > settings.IMPORT_MAX_UPLOAD_BYTES


@pytest.mark.django_db
@pytest.mark.parametrize("page", PUBLIC_PAGES, ids=lambda page: page.id)
def test_every_public_page_sends_the_security_headers(client, page):
    PostcodeAreaFactory()
    theme = ThemeFactory()
    initiative = InitiativeFactory(themes=[theme])
    objects = SimpleNamespace(
        initiative=initiative,
        provider=initiative.provider,
        campus=CampusFactory(),
        theme=theme,
        booking=BookingFactory(initiative=initiative, sessions=[SessionFactory(initiative=initiative)]),
    )
    url = page_url(page, objects)

    response = client.get(url)

    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "Permissions-Policy" in response


PRINT_SETTINGS = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
    "s.DATABASES['default']['CONN_MAX_AGE'], s.LOG_FORMAT, s.SECURE_PROXY_SSL_HEADER, s.BENCH_VIEWS)"
)


def test_production_defaults_and_proxy_header_from_the_environment():
    environment = {
        **PRODUCTION_ENV,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO,https",
    }

    result = subprocess.run(  # noqa: S603 - our own interpreter with a fixed script
        [sys.executable, "-c", PRINT_SETTINGS],
        cwd=BASE_DIR,
        env=clean_environment(**environment),
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "True",
        "31536000",
        "True",
        "True",
        "60",
        "json",
        "('HTTP_X_FORWARDED_PROTO',",
        "'https')",
        "False",
    ]


@pytest.mark.django_db
def test_long_api_query_string_is_rejected_as_problem_details(client):
    response = client.get("/api/v1/initiatives/", {"q": "robot" * 600})

    assert response.status_code == 414
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 414
    assert "te lang" in response.json()["title"]
