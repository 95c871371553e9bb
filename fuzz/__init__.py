"""Fuzzing of the input path: mutated workbooks must give a roster or a clear InputError.

``fuzz.mutate`` makes the cases (used by ``tests/test_fuzz.py`` too); ``python3 -m fuzz.run``
runs them at scale (see docs/robustness.md).
"""
