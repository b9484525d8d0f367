"""The layering the code map in CONTRIBUTING.md promises: which package may import which."""

import ast
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
