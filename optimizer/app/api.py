"""The Python API behind the CLI: read → validate → solve → check → write.

Data flows one way. The input file is only ever read; every output is written atomically.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from models.domain import Problem
from models.solve import (
    MapExecutor,
    ProgressCallback,
    Result,
    SolveParams,
    SolveStatus,
    Stop,
    solve,
)
from optimizer.analysis.checker import check
from optimizer.analysis.explain import Explanation, explain, foreseeable_conflicts
from optimizer.analysis.report import CheckReport
from optimizer.errors import ExitCode, InputProblem
from optimizer.io.input_workbook import write_template as _write_template
from optimizer.io.validate import load_problem
from optimizer.io.writer import RunInfo, write_roster, write_unit_rosters

DEFAULT_OUTPUT_DIR = Path("outputs")


class OutputError(Exception):
    """The roster could not be written where asked (bad path, no permission, disk full)."""


class CheckerDisagrees(RuntimeError):
    """The independent checker found a never-broken rule broken: a bug, nothing is written."""


def package_version() -> str:
    try:
        return version("giliran")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "0+unknown"


def load(path: Path) -> tuple[Problem, list[InputProblem]]:
    """Read and validate a workbook; raises ``InputError`` listing every problem.

    The warnings include conflicts between rules that are visible without solving.
    """
    problem, warnings = load_problem(path)
    return problem, [*warnings, *foreseeable_conflicts(problem)]


def default_output(input_path: Path, problem: Problem, folder: Path | None = None) -> Path:
    name = f"{input_path.stem}-jadwal-{problem.policy.start.isoformat()}.xlsx"
    return (folder or DEFAULT_OUTPUT_DIR) / name


def free_name(path: Path) -> Path:
    """``path`` if nothing is there yet, else the first free ``<stem>-2``, ``<stem>-3``, …"""
    if not path.exists():
        return path
    n = 2
    while (candidate := path.with_name(f"{path.stem}-{n}{path.suffix}")).exists():
        n += 1
    return candidate


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass
class RunOutcome:
    """What one ``giliran solve`` did."""

    problem: Problem
    result: Result
    report: CheckReport
    output: Path | None
    unit_outputs: list[Path] = field(default_factory=list)
    explanation: Explanation | None = None

    @property
    def exit_code(self) -> ExitCode:
        if self.result.status is SolveStatus.NO_SOLUTION:
            return ExitCode.NO_SOLUTION
        return ExitCode.OK if self.report.ok else ExitCode.RULES_NOT_MET

    def summary_lines(self) -> list[str]:
        r, rep = self.result, self.report
        lines = []
        if r.status is SolveStatus.INTERRUPTED:
            lines.append(
                "DIHENTIKAN: jadwal terbaik sejauh ini; bagian yang belum selesai semua WFH / "
                "INTERRUPTED: best roster so far; parts not solved yet are all WFH."
            )
        lines += [
            f"Status: {r.status.value}  (gap {r.gap:.2%}, {r.wall_time_s:.1f} s, "
            f"{len(r.components)} komponen/components, {r.num_variables} variabel/variables)",
            f"Pegawai/employees: {len(self.problem.employees)}, unit: {len(self.problem.units)}, "
            f"hari kerja/working days: {len(self.problem.working_dates)}",
        ]
        if self.output is not None:
            lines.append(f"Jadwal ditulis / roster written: {self.output}")
        for path in self.unit_outputs:
            lines.append(f"  per unit: {path}")
        if rep.violations:
            by_rule: dict[str, int] = {}
            for v in rep.violations:
                by_rule[v.rule] = by_rule.get(v.rule, 0) + 1
            parts = ", ".join(f"{k} × {n}" for k, n in sorted(by_rule.items()))
            lines.append(
                f"Aturan tidak terpenuhi / rules not met: {len(rep.violations)} ({parts}); "
                "lihat sheet Pelanggaran / see sheet Pelanggaran."
            )
        elif r.status is not SolveStatus.NO_SOLUTION:
            lines.append("Semua aturan terpenuhi / every rule is met.")
        return lines


def _prepare(
    input_path: Path,
    time_limit_s: float | None,
    seed: int,
    workers: int,
    on_warning: Callable[[InputProblem], None] | None,
) -> tuple[Problem, SolveParams]:
    """Read and validate; the solver parameters (time limit from the command, else Kebijakan).

    Conflicts visible without solving are not warned about here: they are explained in full
    after solving (``giliran validate`` shows them).
    """
    problem, warnings = load_problem(input_path)
    for w in warnings:
        if on_warning:
            on_warning(w)
    limit = time_limit_s if time_limit_s is not None else problem.policy.time_limit_s
    return problem, SolveParams(time_limit_s=limit, seed=seed, workers=workers)


def run(
    input_path: Path,
    *,
    output: Path | None = None,
    output_dir: Path | None = None,
    time_limit_s: float | None = None,
    seed: int = 0,
    workers: int = 1,
    per_unit: bool = False,
    force: bool = False,
    on_warning: Callable[[InputProblem], None] | None = None,
    on_progress: ProgressCallback | None = None,
    executor: MapExecutor | None = None,
    stop: Stop | None = None,
) -> RunOutcome:
    """Solve ``input_path`` and write the roster (unless no roster was found).

    An existing file is never overwritten unless ``force``: the roster then goes to the first
    free versioned name (``<stem>-2.xlsx``, …), which the outcome reports.
    """
    started = dt.datetime.now()
    problem, params = _prepare(input_path, time_limit_s, seed, workers, on_warning)
    result = solve(problem, params, on_progress, executor=executor, stop=stop)
    if result.roster is None:
        return RunOutcome(problem, result, CheckReport(), None)
    report = check(problem, result.roster)
    if report.hard_violations:
        first = report.hard_violations[0]
        raise CheckerDisagrees(
            f"{len(report.hard_violations)} hard rule(s) broken, e.g. {first.rule} "
            f"{first.scope} {first.date}: {first.reason_en}"
        )
    interrupted = result.status is SolveStatus.INTERRUPTED
    explanation = None if interrupted else explain(problem, result)
    out = output or default_output(input_path, problem, output_dir)
    if not force:
        out = free_name(out)
    if out.resolve() == input_path.resolve():
        raise OutputError(
            f"Jadwal tidak boleh menimpa file input {input_path} / the roster may not overwrite "
            f"the input file {input_path}"
        )
    info = RunInfo(
        input_name=input_path.name,
        input_sha256=sha256_of(input_path),
        seed=seed,
        time_limit_s=params.time_limit_s,
        workers=workers,
        started_at=started,
        version=package_version(),
    )
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        write_roster(out, problem, result, report, info, explanation)
        unit_outputs = (
            write_unit_rosters(out.parent, out.stem, problem, result, report, info, explanation)
            if per_unit
            else []
        )
    except OSError as err:
        raise OutputError(
            f"Tidak dapat menulis jadwal ke {out} / cannot write the roster to {out}: "
            f"{err.strerror or err}"
        ) from err
    return RunOutcome(problem, result, report, out, unit_outputs, explanation)


def explain_only(
    input_path: Path,
    *,
    time_limit_s: float | None = None,
    seed: int = 0,
    workers: int = 1,
    on_warning: Callable[[InputProblem], None] | None = None,
) -> tuple[RunOutcome, Explanation]:
    """Solve and explain ``input_path`` without writing anything."""
    problem, params = _prepare(input_path, time_limit_s, seed, workers, on_warning)
    result = solve(problem, params)
    report = check(problem, result.roster) if result.roster is not None else CheckReport()
    explanation = explain(problem, result) if result.roster is not None else Explanation()
    return RunOutcome(problem, result, report, None, [], explanation), explanation


def write_template(path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _write_template(path)
    except OSError as err:
        raise OutputError(
            f"Tidak dapat menulis templat ke {path} / cannot write the template to {path}: "
            f"{err.strerror or err}"
        ) from err
