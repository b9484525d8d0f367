"""Developer tools: benchmarks, load tests and Lighthouse runs (`make bench`, `make loadtest`, `make lighthouse`).

Installed as an app only when DEBUG or BENCH_VIEWS is on (portal/settings.py): production imports
nothing from here.
"""
