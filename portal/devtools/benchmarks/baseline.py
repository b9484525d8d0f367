"""The search bench next to an older commit, in the same run: `make bench BENCH=search BENCH_BASELINE=<ref>`.

The ref is checked out as a detached git worktree in a temporary directory (its `.venv` a link to
ours: the requirements must be the same), with its own bench database (`<bench db>_base_<commit>`),
migrated and seeded by its own code (the same deterministic seed) and settled (VACUUM ANALYZE, as
autovacuum leaves a production database; scale.SETTLE). Then both trees answer the same
requests in interleaved rounds (old, new, old, new, ...), each round a fresh process; the medians,
the CPU time per request and the ratio old/new are printed for the search page and the API,
computed (cache off) and as served (cache on).
"""

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

import psycopg
from django.conf import settings
from django.db import connection

from .scale import SETTLE

GIT = shutil.which("git") or "/usr/bin/git"
ROUNDS = 6
REQUESTS_PER_ROUND = 20

# Run inside each tree (`manage.py shell -c`), so it may use nothing the old code lacks.
WORKER = """
import json, os, time
from django.test import Client, override_settings
from django.urls import reverse
query = os.environ["BENCH_QUERY"]
count = int(os.environ["BENCH_REQUESTS"])
client = Client()
found = {}
for label, name in (("search page", "initiatives:search"), ("API /api/v1/initiatives/", "api:initiatives")):
    url = reverse(name) + "?" + query
    for mode, seconds in (("computed", 0), ("as served", 300)):
        with override_settings(PUBLIC_CACHE_SECONDS=seconds):
            for _ in range(3):
                assert client.get(url).status_code == 200, url
            wall, cpu = [], []
            for _ in range(count):
                started, used = time.perf_counter(), time.process_time()
                client.get(url)
                cpu.append((time.process_time() - used) * 1000)
                wall.append((time.perf_counter() - started) * 1000)
        found[f"{label}|{mode}"] = {"wall": wall, "cpu": cpu}
print("BENCH-JSON " + json.dumps(found))
"""

SEED = """
try:
    from portal.devtools.benchmarks.scale import ensure_scale_data
except ImportError:  # older trees kept the benchmarks in portal/benchmarks/
    from portal.benchmarks.scale import ensure_scale_data
print(ensure_scale_data())
"""


def run(report, ref, query):
    root = Path(settings.BASE_DIR)
    commit = _git(root, "rev-parse", "--short", ref)
    database = f"{connection.settings_dict['NAME']}_base_{commit}"
    report.section(f"search: baseline {ref} ({commit}) against this tree, interleaved in {ROUNDS} rounds")
    workdir = Path(tempfile.mkdtemp(prefix=f"bench-{commit}-"))
    tree = workdir / "tree"
    try:
        _git(root, "worktree", "add", "--detach", "--quiet", str(tree), commit)
        (tree / ".venv").symlink_to(root / ".venv")
        # The reference data lives beside the checkout, not in it: give the temporary tree ours.
        base_env = {
            **os.environ,
            "DATABASE_URL": _url(database),
            "REFERENCE_DATA_DIR": str(settings.REFERENCE_DATA_DIR),
        }
        _create_database(database)
        for command in (["migrate", "--no-input", "-v0"], ["collectstatic", "--no-input", "-v0"]):
            _manage(tree, base_env, *command)
        report.row(
            f"baseline bench database {database}", f"{_manage(tree, base_env, 'shell', '-c', SEED)[-1]} initiatives"
        )
        with psycopg.connect(_url(database), autocommit=True) as settling:
            settling.execute(SETTLE)  # as ensure_scale_data() does here: both trees on settled databases
        new_env = {**os.environ}
        samples = {"old": {}, "new": {}}
        for _round in range(ROUNDS):
            for side, directory, env in (("old", tree, base_env), ("new", root, new_env)):
                env = {**env, "BENCH_QUERY": query, "BENCH_REQUESTS": str(REQUESTS_PER_ROUND)}
                line = next(
                    out for out in _manage(directory, env, "shell", "-c", WORKER) if out.startswith("BENCH-JSON ")
                )
                for key, values in json.loads(line.removeprefix("BENCH-JSON ")).items():
                    for measure, numbers in values.items():
                        samples[side].setdefault((key, measure), []).extend(numbers)
        report.row(
            "load average (1, 5 min) after the rounds",
            "{:.1f}, {:.1f} on {} CPUs".format(*os.getloadavg()[:2], os.cpu_count()),
        )
        report.row("requests per tree and figure", f"{ROUNDS * REQUESTS_PER_ROUND}")
        header = f"{'old':>9} {'new':>9} {'old/new':>8}   {'CPU old':>8} {'CPU new':>8} {'old/new':>8}"
        report.row("(medians, ms per request)", header)
        for key in sorted({key for key, _measure in samples["new"]}, key=lambda k: (k.split("|")[1], k)):
            old_wall, new_wall = (statistics.median(samples[side][(key, "wall")]) for side in ("old", "new"))
            old_cpu, new_cpu = (statistics.median(samples[side][(key, "cpu")]) for side in ("old", "new"))
            label, mode = key.split("|")
            report.row(
                f"{label} ({mode})",
                f"{old_wall:9.2f} {new_wall:9.2f} {old_wall / new_wall:7.2f}x   "
                f"{old_cpu:8.2f} {new_cpu:8.2f} {old_cpu / new_cpu:7.2f}x",
            )
    finally:
        subprocess.run([GIT, "-C", str(root), "worktree", "remove", "--force", str(tree)], check=False)  # noqa: S603 - our own git
        shutil.rmtree(workdir, ignore_errors=True)


def _git(root, *args):
    done = subprocess.run([GIT, "-C", str(root), *args], check=True, capture_output=True, text=True)  # noqa: S603 - our own git
    return done.stdout.strip()


def _manage(directory, env, *args):
    done = subprocess.run(  # noqa: S603 - our own manage.py in our own trees
        [str(directory / ".venv/bin/python"), "manage.py", *args],
        cwd=directory,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        sys.stderr.write(done.stdout + done.stderr)
        raise RuntimeError(f"manage.py {args[0]} failed in {directory}")
    return done.stdout.strip().splitlines() or [""]


def _url(database):
    current = connection.settings_dict
    host, port, user = current["HOST"] or "127.0.0.1", current["PORT"] or "5432", current["USER"]
    password = f":{quote(current['PASSWORD'], safe='')}" if current.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{host}:{port}/{database}"


def _create_database(name):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')  # a name made of the bench database's and a commit hash
