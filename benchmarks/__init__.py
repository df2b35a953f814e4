"""Benchmarks of claimline at scale: a synthetic dataset generator and the benchmark table.

`python benchmarks/run.py` prints the table; `python benchmarks/generate.py N` writes a
dataset. See docs/performance.md.
"""
