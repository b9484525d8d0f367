"""Benchmarks run by `make bench` (`manage.py bench`). Figures, not pass/fail tests.

Each module in this package defines `run(report)`; `report` prints a labelled row. Times are
medians and 95th percentiles of repeated runs, always next to a baseline measured in the
same run (a bare Django view), because absolute times on a shared machine mean little.
"""

import statistics
import time

MODULES = ["search", "imports", "dashboard"]


def measure(fn, repeat=30, warmup=3):
    """Run fn repeatedly; return (median_ms, p95_ms)."""
    for _ in range(warmup):
        fn()
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    return statistics.median(timings), p95


class Report:
    def __init__(self, out):
        self.out = out

    def section(self, title):
        self.out.write(f"\n== {title}\n")

    def row(self, label, value):
        self.out.write(f"  {label:<55} {value}\n")

    def timing(self, label, median_ms, p95_ms, baseline_median_ms=None):
        ratio = f"  ({median_ms / baseline_median_ms:.2f}x bare view)" if baseline_median_ms else ""
        self.row(label, f"median {median_ms:7.2f} ms   p95 {p95_ms:7.2f} ms{ratio}")
