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


# The project package's infrastructure: every app builds on these, so they import no app (campuses,
# initiatives, portal.pages, portal.devtools), not even inside a function.
INFRASTRUCTURE = [
    "portal/auth.py",
    "portal/cache.py",
    "portal/i18n.py",
    "portal/log.py",
    "portal/maps.py",
    "portal/models.py",
    "portal/schoolyear.py",
    "portal/spreadsheets.py",
    "portal/tasks.py",
    "portal/uploads.py",
]
APPS = ("campuses", "initiatives", "portal.pages", "portal.devtools")


def test_portal_infrastructure_imports_no_app():
    offenders = {
        path: sorted(name for name in imported_modules(ROOT / path) if name.startswith(APPS)) for path in INFRASTRUCTURE
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def module_name(path):
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def module_level_imports(path, modules):
    """The product modules a file imports when it is loaded (not those imported inside a function),
    with the packages whose __init__ runs on the way."""
    top = list(_run_on_load(ast.parse(path.read_text())))
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    names = set()
    for node in top:
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            module = ".".join(part for part in (base, node.module or "") if part)
            names.update([module, *(f"{module}.{alias.name}" for alias in node.names)])
    found = set()
    for name in names:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        parts = name.split(".") if name else []
        found.update(".".join(parts[:end]) for end in range(1, len(parts) + 1))
    own = module_name(path)
    return {name for name in found if name in modules and name != own and not own.startswith(name + ".")}


def _run_on_load(node):
    """The import statements that run when the module is loaded: everywhere but inside functions."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.Import | ast.ImportFrom):
            yield child
        elif not isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            yield from _run_on_load(child)


def import_cycles():
    """Groups of product modules that import each other when loaded (Tarjan's strongly connected components)."""
    paths = [path for app in ("campuses", "initiatives", "portal") for path in (ROOT / app).rglob("*.py")]
    paths = [path for path in paths if "migrations" not in path.parts]
    modules = {module_name(path) for path in paths}
    graph = {module_name(path): module_level_imports(path, modules) for path in paths}
    index, low, stack, cycles = {}, {}, [], []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while not group or group[-1] != node:
                group.append(stack.pop())
            if len(group) > 1:
                cycles.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return cycles


def test_no_import_cycle_between_modules():
    # Model modules included: the booking models name the catalogue's by string ("initiatives.Session"),
    # because initiatives/models/__init__.py imports them.
    assert import_cycles() == []


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
