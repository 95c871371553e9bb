"""Bounded runs (issue 11 §3): one deadline for the whole run whatever the worker count, caps on
the time limit, the workers and the horizon, and running out of memory as its own outcome."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from models.domain import Problem
from models.solve import SolveParams, SolveStatus, components, part_of, solve_part
from optimizer.app import service
from optimizer.app.runtime import available_cores
from optimizer.app.service import PlanOptions, Verdict
from optimizer.cli import main
from optimizer.errors import InputError, OutOfMemory
from optimizer.io import reader
from optimizer.io.reader import read_workbook
from optimizer.io.validate import problem_from_sheets
from tests.xlsx_util import small_sheets, write_xlsx

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


# -- one deadline --------------------------------------------------------------------------------


def test_a_part_picked_up_after_the_deadline_gets_no_time_of_its_own(city: Problem) -> None:
    part = part_of(city, components(city)[0])
    params = SolveParams(time_limit_s=60)
    late = solve_part(part, params, time.monotonic() - 1.0)
    assert late.status is SolveStatus.NO_SOLUTION
    assert late.num_variables == 0 and late.solves == 0  # not even built
    on_time = solve_part(part, params, time.monotonic() + 60)
    assert on_time.status is SolveStatus.OPTIMAL
    # on another machine (Ray) the same deadline is given on the wall clock
    assert solve_part(part, params, time.time() - 1.0, "wall").status is SolveStatus.NO_SOLUTION
    assert solve_part(part, params, time.time() + 60, "wall").status is SolveStatus.OPTIMAL


@pytest.mark.parametrize("workers", [1, 2])
def test_the_deadline_counts_from_the_start_of_the_run_for_any_worker_count(
    city_xlsx: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    """A limit used up while reading: no roster, with one worker or two, nothing written."""
    real_load = service.load_problem

    def slow_load(*args: Any, **kwargs: Any) -> Any:
        time.sleep(0.6)
        return real_load(*args, **kwargs)

    monkeypatch.setattr(service, "load_problem", slow_load)
    out = tmp_path / "j.xlsx"
    outcome = service.plan(city_xlsx, PlanOptions(output=out, time_limit_s=0.5, workers=workers))
    assert len(outcome.result.components) > 2
    assert outcome.status is SolveStatus.NO_SOLUTION
    assert outcome.verdict is Verdict.NO_ROSTER
    assert {c.status for c in outcome.result.components} == {SolveStatus.NO_SOLUTION}
    assert outcome.output is None and not out.exists()


def test_explain_gets_what_is_left_of_the_deadline(
    city_xlsx: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    given: list[float] = []
    real_explain = service.explain

    def spy(*args: Any, time_limit_s: float, **kwargs: Any) -> Any:
        given.append(time_limit_s)
        return real_explain(*args, time_limit_s=time_limit_s, **kwargs)

    monkeypatch.setattr(service, "explain", spy)
    service.plan(city_xlsx, PlanOptions(output=tmp_path / "a.xlsx", time_limit_s=600))
    assert given == [30.0]  # plenty left: the explanation's own limit
    outcome = service.plan(city_xlsx, PlanOptions(output=tmp_path / "b.xlsx", time_limit_s=3))
    assert outcome.status is SolveStatus.OPTIMAL
    # what was left of the 3 s, less the time kept for writing
    assert 0.0 <= given[1] <= 3.0 - service.write_estimate_s(outcome.problem)
    assert given[1] < 3.0 - outcome.result.wall_time_s


# -- caps ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["1e99999", 86401, "inf"])
def test_a_time_limit_in_the_policy_must_be_finite_and_at_most_a_day(value: object) -> None:
    sheets = small_sheets()
    sheets["Kebijakan"][9][1] = value  # Batas Waktu (detik)
    with pytest.raises(InputError) as caught:
        problem_from_sheets(sheets)
    (problem,) = caught.value.errors
    assert (problem.sheet, problem.row, problem.column) == ("Kebijakan", 10, "Nilai")
    assert "at most 86400 seconds (24 hours)" in problem.message_en or (
        "must be a number above 0" in problem.message_en
    )


def test_a_day_is_the_longest_policy_time_limit() -> None:
    sheets = small_sheets()
    sheets["Kebijakan"][9][1] = 86400
    problem, _ = problem_from_sheets(sheets)
    assert problem.policy.time_limit_s == 86400.0


def test_the_horizon_is_at_most_eight_weeks() -> None:
    sheets = small_sheets()
    sheets["Kebijakan"][2][1] = 8
    assert problem_from_sheets(sheets)[0].policy.weeks == 8
    sheets["Kebijakan"][2][1] = 9
    with pytest.raises(InputError) as caught:
        problem_from_sheets(sheets)
    (problem,) = caught.value.errors
    assert (problem.sheet, problem.row) == ("Kebijakan", 3)
    assert "value 9 is outside 1–8" in problem.message_en


@pytest.mark.parametrize("value", ["nan", "inf", "1e999", "86401"])
def test_the_time_limit_option_is_bounded(tmp_path: Path, value: str) -> None:
    for command in ("solve", "explain"):
        result = run(command, tmp_path / "x.xlsx", "--time-limit", value)
        assert result.exit_code == 2, (command, result.output)
        assert "--time-limit" in result.stderr
    batch = run("batch", tmp_path, "--time-limit", value)
    assert batch.exit_code == 2


def test_workers_are_at_most_the_cpu_cores(tmp_path: Path) -> None:
    cores = available_cores()
    result = run("solve", tmp_path / "x.xlsx", "--workers", str(cores + 1))
    assert result.exit_code == 2
    assert f"at most {cores} (the CPU cores): {cores + 1}" in result.stderr
    assert run("batch", tmp_path, "--workers", "1000").exit_code == 2


def test_the_service_refuses_an_unbounded_time_limit(city_xlsx: Path) -> None:
    with pytest.raises(service.OptionError, match="at most 86400 seconds"):
        service.plan(city_xlsx, PlanOptions(time_limit_s=float("inf"), write=False))


# -- out of memory -------------------------------------------------------------------------------


def test_an_allocation_failure_in_calamine_is_out_of_memory_not_a_damaged_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_xlsx(tmp_path / "kecil.xlsx", small_sheets())

    class Failing:
        @staticmethod
        def from_filelike(*args: Any) -> Any:
            raise MemoryError("memory allocation of 8589934592 bytes failed")

    monkeypatch.setattr(reader, "CalamineWorkbook", Failing)
    with pytest.raises(OutOfMemory, match="not enough memory; try fewer workers"):
        read_workbook(path)


def test_out_of_memory_is_exit_6_with_its_own_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_memory(*args: Any, **kwargs: Any) -> Any:
        raise MemoryError

    monkeypatch.setattr(service, "plan", no_memory)
    result = run("solve", tmp_path / "x.xlsx")
    assert result.exit_code == 6
    assert result.stderr == (
        "KESALAHAN/ERROR: Memori tidak cukup; coba lebih sedikit proses (--workers) atau jadwal "
        "yang lebih pendek / not enough memory; try fewer workers (--workers) or a smaller "
        "horizon\n"
    )


@pytest.mark.parametrize(("exitcode", "code"), [(-9, 6), (-11, 1), (3, 1)])
def test_a_solve_worker_killed_like_the_oom_killer_does_is_exit_6(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exitcode: int, code: int
) -> None:
    from optimizer.app.runtime import ProcessEnded, WorkerEnded

    def worker_died(*args: Any, **kwargs: Any) -> Any:
        raise WorkerEnded("Dinas A", ProcessEnded(exitcode))

    monkeypatch.setattr(service, "plan", worker_died)
    result = run("solve", tmp_path / "x.xlsx")
    assert result.exit_code == code
    assert "Traceback" not in result.stderr
    assert "komponen/component Dinas A" in result.stderr
    if code == 6:
        assert "not enough memory" in result.stderr and "signal SIGKILL" in result.stderr


#: Run ``giliran validate`` with the address space capped a little above what the imports take
#: (as ``ulimit -v`` does), so that reading the workbook is what runs out of memory.
UNDER_A_MEMORY_LIMIT = """
import re, resource, sys
import optimizer.cli
size = int(re.search(r"VmSize:\\s+(\\d+) kB", open("/proc/self/status").read()).group(1))
limit = (size + int(sys.argv[2])) * 1024
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
optimizer.cli.main(["validate", sys.argv[1]])
"""


@pytest.mark.parametrize("headroom_mb", [5, 25])
def test_a_good_workbook_under_a_memory_limit_is_exit_6_not_a_damaged_file(
    tmp_path: Path, headroom_mb: int
) -> None:
    """A real run under a memory limit: a clear message and exit 6, never 1 or 3 (before: exit
    1 "MemoryError" or exit 3 "the file is damaged", depending on where memory ran out)."""
    from optimizer.demo.generator import generate_city
    from optimizer.io.input_workbook import write_input_workbook

    path = tmp_path / "kota.xlsx"
    write_input_workbook(generate_city(seed=3, staff=20_000), path)
    process = subprocess.run(
        [sys.executable, "-c", UNDER_A_MEMORY_LIMIT, str(path), str(headroom_mb * 1024)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
        check=False,
    )
    assert process.returncode == 6, process.stdout + process.stderr
    assert process.stderr == (
        "KESALAHAN/ERROR: Memori tidak cukup; coba lebih sedikit proses (--workers) atau jadwal "
        "yang lebih pendek / not enough memory; try fewer workers (--workers) or a smaller "
        "horizon" + process.stderr.split("horizon", 1)[1]
    )
    assert "damaged" not in process.stderr and "Traceback" not in process.stderr
