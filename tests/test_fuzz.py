"""Fuzzing with Hypothesis: mutated workbooks give a checked roster or a clear refusal.

The mutations are ``fuzz.mutate``'s (shared with the long run ``python3 -m fuzz.run``): columns
dropped, renamed, shuffled; sheets deleted, duplicated, emptied; any cell value (NaN, inf, 40,000
characters, right-to-left text, emoji, far dates …); duplicated and blank rows; damaged bytes.
Every case runs the real command line in-process. About 80 seconds in all.
"""

from __future__ import annotations

import copy
import random
import tempfile
from functools import cache
from pathlib import Path

from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzz.mutate import (
    Sheets,
    base_workbooks,
    copy_values_across,
    duplicate_rows,
    mutate_bytes,
    mutate_sheets,
    policy_edges,
    tweak_text,
    value_pool,
    write_fast,
    write_openpyxl,
)
from optimizer.analysis.checker import check
from optimizer.cli import main
from optimizer.io.roster_reader import read_roster
from optimizer.io.validate import load_problem

FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)
GENTLE = (tweak_text, duplicate_rows, copy_values_across, policy_edges)


@cache
def bases() -> tuple[list[Sheets], list[object], list[bytes]]:
    sheets = base_workbooks()
    return sheets, value_pool(sheets), [write_openpyxl(s) for s in sheets]


def _workbook(rng: random.Random, gentle: bool) -> bytes:
    sheets_list, pool, _ = bases()
    sheets = copy.deepcopy(rng.choice(sheets_list))
    if gentle:  # mostly still valid: reaches the solver, the writer and the read-back
        for _ in range(rng.randint(1, 3)):
            rng.choice(GENTLE)(rng, sheets, pool)
    else:
        mutate_sheets(sheets, rng, pool)
    return write_openpyxl(sheets) if rng.random() < 0.25 else write_fast(sheets, rng)


def _invoke(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=True)


def _assert_clean(result: Result, allowed: set[int]) -> None:
    assert result.exit_code in allowed, (result.exit_code, result.output[-3000:], result.exception)
    if result.exception is not None:
        assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    assert "Kesalahan internal" not in result.output  # the CLI's own words for a bug


@settings(FUZZ, max_examples=1000)
@given(rng=st.randoms(use_true_random=False))
def test_mutated_workbooks_validate_or_are_refused_clearly(rng: random.Random) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "input.xlsx"
        path.write_bytes(_workbook(rng, gentle=False))
        result = _invoke("validate", path)
        _assert_clean(result, {0, 3})
        if result.exit_code == 3:
            assert "KESALAHAN/ERROR" in result.output and "nothing was written" in result.output
        assert [p.name for p in Path(folder).iterdir()] == ["input.xlsx"]


@settings(FUZZ, max_examples=600)
@given(rng=st.randoms(use_true_random=False), gentle=st.booleans())
def test_mutated_workbooks_give_a_checked_roster_or_nothing(
    rng: random.Random, gentle: bool
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "input.xlsx"
        path.write_bytes(_workbook(rng, gentle))
        before = path.read_bytes()
        out = Path(folder) / "out"
        out.mkdir()
        roster = out / "jadwal.xlsx"
        result = _invoke("solve", path, "-o", roster, "--time-limit", "5")
        _assert_clean(result, {0, 3, 4})
        assert path.read_bytes() == before
        if result.exit_code == 3:
            assert not list(out.iterdir()), "a file was written although the input was refused"
            return
        assert [p.name for p in out.iterdir()] == ["jadwal.xlsx"]
        problem, _ = load_problem(path)
        report = check(problem, read_roster(roster))
        assert not report.hard_violations, report.hard_violations[:3]


@settings(FUZZ, max_examples=1000)
@given(rng=st.randoms(use_true_random=False))
def test_damaged_bytes_are_refused_cleanly(rng: random.Random) -> None:
    _, _, originals = bases()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "input.xlsx"
        path.write_bytes(mutate_bytes(rng.choice(originals), rng))
        _assert_clean(_invoke("validate", path), {0, 3})
