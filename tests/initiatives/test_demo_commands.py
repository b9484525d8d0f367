"""load_demo_content's refusals on a database without demo content, and create_demo_users."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from initiatives.models import Initiative
from tests.factories import CampusFactory, InitiativeFactory


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_load_demo_content_refuses_without_campuses(db):
    with pytest.raises(CommandError, match="load_reference_data"):
        run("load_demo_content")


def test_load_demo_content_refuses_a_database_with_real_content(db):
    CampusFactory()
    InitiativeFactory()

    with pytest.raises(CommandError, match="--allow-real-content"):
        run("load_demo_content")
    assert not Initiative.objects.filter(is_demo=True).exists()


def test_load_demo_content_if_empty_leaves_a_database_with_real_content_alone(db):
    CampusFactory()
    InitiativeFactory()

    output = run("load_demo_content", "--if-empty")

    assert "echte aanbieders" in output
    assert not Initiative.objects.filter(is_demo=True).exists()


def test_create_demo_users_creates_the_coordinator_once(db, settings):
    settings.DEBUG = True  # the test runner turns it off
    first = run("create_demo_users")
    second = run("create_demo_users")

    user = get_user_model().objects.get(username="coordinator")
    assert user.is_staff and not user.is_superuser and user.check_password("techniek-demo")
    assert list(user.groups.values_list("name", flat=True)) == ["MRDH-coördinator"]
    assert get_user_model().objects.filter(is_superuser=True).count() == 0
    assert "http://127.0.0.1:8000/admin/" in first
    assert "coordinator, wachtwoord techniek-demo" in first and "zojuist aangemaakt" in first
    assert "coordinator, wachtwoord techniek-demo" in second and "bestond al" in second


def test_create_demo_users_never_resets_a_changed_password(db, settings):
    settings.DEBUG = True
    run("create_demo_users")
    user = get_user_model().objects.get(username="coordinator")
    user.set_password("mijn-eigen-wachtwoord")
    user.save()

    output = run("create_demo_users")

    user.refresh_from_db()
    assert user.check_password("mijn-eigen-wachtwoord")
    assert "techniek-demo" not in output and "gewijzigd" in output


def test_create_demo_users_refuses_when_debug_is_off(db, settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="--force"):
        run("create_demo_users")
    assert not get_user_model().objects.exists()
    run("create_demo_users", "--force")
    assert get_user_model().objects.filter(username="coordinator").exists()


def test_create_demo_users_makes_a_superuser_only_when_asked(db, settings):
    settings.DEBUG = True
    run("create_demo_users", "--superuser")

    assert list(get_user_model().objects.filter(is_superuser=True).values_list("username", flat=True)) == ["beheerder"]
