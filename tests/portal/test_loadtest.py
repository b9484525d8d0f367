"""The load-test harness's own logic (the run itself is `make loadtest`, not part of the suite)."""

import pytest

from portal.devtools.benchmarks import loadtest


def raw(requests, p95_us, status_errors=0, seconds=10):
    return {
        "requests": requests,
        "duration_us": seconds * 1_000_000,
        "bytes": 0,
        "connect": 0,
        "read": 0,
        "write": 0,
        "status": status_errors,
        "timeout": 0,
        "p50_us": p95_us // 2,
        "p95_us": p95_us,
        "p99_us": p95_us * 2,
        "max_us": p95_us * 3,
    }


def test_targets_expand_to_one_path_per_slug_or_postcode():
    values = {"slug": ["a", "b"], "pc4": ["3011", "2611"]}

    assert loadtest.expand("/activiteiten/{slug}/", values) == ["/activiteiten/a/", "/activiteiten/b/"]
    assert (
        loadtest.expand("/activiteiten/?near={pc4}&radius_km=10", values)[1] == "/activiteiten/?near=2611&radius_km=10"
    )
    assert loadtest.expand("/", values) == ["/"]


def test_rounds_add_up_throughput_and_errors_and_keep_the_worst_percentile():
    result = loadtest.to_result("search", "/activiteiten/", [raw(1000, 80_000), raw(3000, 40_000, status_errors=2)])

    assert result.rps == 200.0
    assert result.errors == 2
    assert result.p95_ms == 80.0


def test_verdict_compares_search_with_the_bare_view():
    bare = loadtest.to_result("bare", "/bench/bare/", [raw(9000, 1000)])
    search = loadtest.to_result("search", "/activiteiten/", [raw(2000, 1000)])

    text = loadtest.verdict([bare, search], seconds=60, connections=50)

    assert "errors: 0 across 2 targets at 50 clients x 60 s each -> PASS" in text
    assert "search throughput / bare view: 0.22 -> FAIL" in text


def test_wrk_script_lists_every_path():
    script = loadtest.WRK_SCRIPT % {"paths": '"/a/", "/b/"'}

    assert 'local paths = {"/a/", "/b/"}' in script
    assert "latency:percentile(95)" in script


@pytest.mark.django_db  # the 404 page shows the editable menu links
def test_bare_view_exists_only_when_bench_views_is_on(client):
    # BENCH_VIEWS is off in tests (and production): the URL is not routed.
    assert client.get("/bench/bare/").status_code == 404


def test_bare_view_answers_without_touching_the_database(rf):
    from portal.devtools.views import bare

    response = bare(rf.get("/bench/bare/"))

    assert response.content == b"ok"
