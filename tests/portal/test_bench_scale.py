from initiatives.models import Initiative, Session
from portal.devtools.benchmarks.scale import SESSIONS_PER_INITIATIVE, SLUG_PREFIX, ensure_scale_data


def test_bench_scale_data_is_recognisable_and_seeded_once(geography):
    assert ensure_scale_data(initiatives=40) == 40
    bench = Initiative.objects.filter(slug__startswith=SLUG_PREFIX)
    assert bench.count() == 40
    assert not bench.filter(is_demo=False).exists()
    assert Session.objects.filter(initiative__in=bench).count() == 40 * SESSIONS_PER_INITIATIVE
    first_ids = set(bench.values_list("pk", flat=True))
    assert ensure_scale_data(initiatives=40) == 40
    assert set(bench.values_list("pk", flat=True)) == first_ids
