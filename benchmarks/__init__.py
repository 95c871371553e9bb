"""Benchmarks of Giliran against a naive CP-SAT model, HiGHS, an LP bound and greedy rosters.

Run ``python3 -m benchmarks.run --help``. See ``benchmarks/README.md``.
"""
