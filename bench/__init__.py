"""Benchmarks with their targets: run `make bench` (python -m bench)."""
