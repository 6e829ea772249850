"""Benchmarks (run bench/run.py; pytest does not collect this folder)."""
