"""The load test behind `make loadtest`: wrk against gunicorn, one target after another, in one run.

Every target gets the same number of concurrent connections for the same time, next to a bare
Django view (full middleware, no database) under the same server, so the ratios mean something
on a shared 2-core machine. A target that does not answer 200 stops the run.
Only loopback is ever a target: the URL is built from 127.0.0.1 and a port.
"""

import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

# The public paths under test, in ONE place. {slug} rotates over published initiatives, {pc4} over the
# region's postcodes (a busy evening searches from many places, not from one).
TARGETS = {
    "bare": "/bench/bare/",
    "health": "/gezondheid/",
    "home": "/",
    "search": "/activiteiten/?near={pc4}&radius_km=10",
    "detail": "/activiteiten/{slug}/",
    "api": "/api/v1/initiatives/?near={pc4}&radius_km=10",
}
BASELINE = "bare"
# Targets from the issue: zero errors at 50 clients for 60 s; search >= 1/3 of the bare view's throughput.
MIN_SEARCH_RATIO = 1 / 3

# wrk calls request() for every request and done() once; done() prints one JSON line.
WRK_SCRIPT = """
local paths = {%(paths)s}
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %%d, "duration_us": %%d, "bytes": %%d, "connect": %%d, "read": %%d, "write": %%d, ' ..
    '"status": %%d, "timeout": %%d, "p50_us": %%d, "p95_us": %%d, "p99_us": %%d, "max_us": %%d}\\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
"""


@dataclass
class Result:
    name: str
    path: str
    requests: int
    seconds: float
    errors: int
    p50_ms: float
    p95_ms: float
    p99_ms: float

    @property
    def rps(self):
        return self.requests / self.seconds if self.seconds else 0.0


def expand(path, values):
    """The concrete paths for a target: one per value of its placeholder ({slug}, {pc4}), or just the path."""
    for placeholder, options in values.items():
        if "{" + placeholder + "}" in path:
            return [path.replace("{" + placeholder + "}", option) for option in options]
    return [path]


def probe(base_url, path):
    """HTTP status of one GET (the target is skipped unless 200)."""
    try:
        with urllib.request.urlopen(base_url + path, timeout=30) as response:  # noqa: S310 - loopback only
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def drain(base_url, quiet_ms=250, limit_s=90):
    """Wait until the server answers the health check quickly again.

    Sync workers go on serving the requests still queued when wrk stops; without this pause a slow
    target's backlog would be charged to the next target.
    """
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        started = time.monotonic()
        with contextlib.suppress(OSError):
            probe(base_url, "/gezondheid/")
        if (time.monotonic() - started) * 1000 < quiet_ms:
            return
        time.sleep(1)


def run_wrk(base_url, paths, *, connections, seconds, threads=2):
    lua = WRK_SCRIPT % {"paths": ", ".join(json.dumps(path) for path in paths)}
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua)
    try:
        completed = subprocess.run(  # noqa: S603 - wrk with our own arguments against loopback
            [
                shutil.which("wrk") or "/usr/bin/wrk",
                f"-t{threads}",
                f"-c{connections}",
                f"-d{seconds}s",
                "--timeout",
                "10s",
                "-s",
                script.name,
                base_url + paths[0],
            ],
            capture_output=True,
            text=True,
            check=True,
            timeout=seconds + 60,
        )
    finally:
        os.unlink(script.name)
    return json.loads(completed.stdout.strip().splitlines()[-1])


def to_result(name, path, raws):
    """One row from the target's rounds: total throughput, errors summed, the worst round's percentiles."""
    return Result(
        name=name,
        path=path,
        requests=sum(raw["requests"] for raw in raws),
        seconds=sum(raw["duration_us"] for raw in raws) / 1e6,
        errors=sum(raw["connect"] + raw["read"] + raw["write"] + raw["status"] + raw["timeout"] for raw in raws),
        p50_ms=max(raw["p50_us"] for raw in raws) / 1000,
        p95_ms=max(raw["p95_us"] for raw in raws) / 1000,
        p99_ms=max(raw["p99_us"] for raw in raws) / 1000,
    )


def start_gunicorn(bind, workers, env):
    """Start gunicorn with the production config; return the process once it answers."""
    base_dir = Path(__file__).resolve().parents[2]
    process = subprocess.Popen(  # noqa: S603 - our own server on loopback
        [sys.executable, "-m", "gunicorn", "-c", "portal/gunicorn.conf.py", "portal.wsgi"],
        cwd=base_dir,
        env={**env, "GUNICORN_BIND": bind, "WEB_CONCURRENCY": str(workers), "GUNICORN_ACCESS_LOG": ""},
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if probe(f"http://{bind}", "/gezondheid/") == 200:
                return process
        except OSError:
            time.sleep(0.3)
    process.terminate()
    raise RuntimeError("gunicorn did not answer /gezondheid/ within 30 s")


def start_worker(env):
    """A task worker (`manage.py run_worker`) beside the server."""
    base_dir = Path(__file__).resolve().parents[2]
    return subprocess.Popen(  # noqa: S603 - our own command
        [sys.executable, "manage.py", "run_worker", "--no-reload", "-v0"], cwd=base_dir, env=env
    )


def format_table(results):
    baseline = next((result for result in results if result.name == BASELINE), None)
    lines = [
        f"{'target':<8} {'req/s':>8} {'median':>9} {'p95':>9} {'p99':>9} {'errors':>7} {'vs bare':>8}  path",
    ]
    for result in results:
        ratio = f"{result.rps / baseline.rps:7.2f}x" if baseline and baseline.rps else "       -"
        lines.append(
            f"{result.name:<8} {result.rps:8.1f} {result.p50_ms:7.1f}ms {result.p95_ms:7.1f}ms "
            f"{result.p99_ms:7.1f}ms {result.errors:7d} {ratio}  {result.path}"
        )
    return "\n".join(lines)


def verdict(results, seconds, connections):
    """The issue's targets, checked on what was measured."""
    by_name = {result.name: result for result in results}
    lines = []
    total_errors = sum(result.errors for result in results)
    lines.append(
        f"errors: {total_errors} across {len(results)} targets at {connections} clients x {seconds} s each "
        f"-> {'PASS' if total_errors == 0 else 'FAIL'} (target: zero)"
    )
    if "search" in by_name and BASELINE in by_name:
        ratio = by_name["search"].rps / by_name[BASELINE].rps
        lines.append(
            f"search throughput / bare view: {ratio:.2f} -> {'PASS' if ratio >= MIN_SEARCH_RATIO else 'FAIL'} "
            f"(target: >= {MIN_SEARCH_RATIO:.2f})"
        )
    else:
        lines.append("search throughput / bare view: not measured (search or bare not among the targets)")
    return "\n".join(lines)
