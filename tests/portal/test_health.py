"""The health endpoint that load balancers poll."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]

# Runs the real view in a fresh process whose database does not answer (nothing listens on port 9).
DATABASE_DOWN_SCRIPT = """
import django
django.setup()
from django.test import Client
response = Client().get("/gezondheid/")
print(response.status_code, response.content.decode())
"""


@pytest.mark.django_db
def test_health_reports_ok_with_database_and_cache(client):
    response = client.get("/gezondheid/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    data = response.json()
    assert data["status"] == "ok"
    assert data["checks"]["database"]["ok"] is True
    assert data["checks"]["cache"]["ok"] is True


@pytest.mark.django_db
def test_health_has_a_short_alias_for_load_balancers(client):
    assert client.get("/healthz").json()["status"] == "ok"


@pytest.mark.django_db
def test_health_is_degraded_but_up_when_the_cache_is_down(client, settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:9/0"}
    }

    response = client.get("/gezondheid/")

    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["checks"]["cache"] == {"ok": False, "error": "ConnectionError"}


def test_health_answers_503_when_the_database_is_down():
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings"}
    environment["DATABASE_URL"] = "postgres://postgres@127.0.0.1:9/unreachable"
    environment["ALLOWED_HOSTS"] = "testserver"

    result = subprocess.run(  # noqa: S603 - our own interpreter with a fixed script
        [sys.executable, "-c", DATABASE_DOWN_SCRIPT],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
    status, body = result.stdout.strip().splitlines()[-1].split(" ", 1)
    assert status == "503"
    assert '"database": {"ok": false, "error": "OperationalError"}' in body


def test_robots_txt_keeps_crawlers_out_of_the_admin(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert "Disallow: /admin/" in response.content.decode()
