"""The layering the code map in CONTRIBUTING.md promises: which package may import which."""

import ast
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def imported_modules(path):
    """Every module a Python file imports (absolute names; relative ones resolved against its package)."""
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            module = ".".join(part for part in (base, node.module or "") if part)
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def imports_of(folder):
    return {path.relative_to(ROOT).as_posix(): imported_modules(path) for path in (ROOT / folder).rglob("*.py")}


def test_campuses_do_not_import_initiatives():
    offenders = {
        path: sorted(name for name in names if name.split(".")[0] == "initiatives")
        for path, names in imports_of("campuses").items()
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_catalogue_models_do_not_import_booking_models():
    names = imported_modules(ROOT / "initiatives/models/catalog.py")
    assert not {name for name in names if name.startswith("initiatives.bookings")}


PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "portal.settings",
    "DEBUG": "false",
    "BENCH_VIEWS": "false",
    "SECRET_KEY": "architecture-test-not-a-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "example.org",
}
LOADED_MODULES = """
import sys, django
django.setup()
from django.urls import get_resolver
get_resolver().url_patterns  # the whole URLconf, every view module it names
print("\\n".join(sorted(sys.modules)))
"""
DEV_ONLY = ("portal.devtools", "initiatives.demo", "initiatives.demo_roles")


def test_production_settings_import_no_demo_or_bench_code():
    env = {key: value for key, value in os.environ.items() if key not in ("DEBUG", "BENCH_VIEWS")}
    env.update(PRODUCTION_ENV)
    result = subprocess.run(
        [sys.executable, "-c", LOADED_MODULES], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    loaded = result.stdout.split()
    assert "initiatives.views" in loaded  # the probe saw the product
    assert [name for name in loaded if name.startswith(DEV_ONLY)] == []
