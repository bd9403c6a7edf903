"""Shared pieces of the benchmark scripts (scripts/bench_search.py, scripts/bench_pages.py)."""
