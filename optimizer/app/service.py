"""The application service: one entry point for every front end (the CLI today, a web page next).

``plan(source, options, events, stop)`` runs the whole job — read → validate → solve → check →
explain → write — on a path or on the bytes of an upload, sends typed progress events
(``optimizer.app.events``), honours a stop token in the solve *and* the explanation, and returns a
typed ``Outcome``. Data flows one way: the input is only ever read (once: everything works from
the bytes read, including the SHA-256 recorded in the roster); every output is written
atomically. Exit codes and printed summary lines are the front end's business, not the outcome's.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from models.domain import Problem
from models.solve import ComponentResult, Result, SolveParams, SolveStatus
from models.stop import Stop
from optimizer.analysis.checker import check
from optimizer.analysis.explain import Explanation, explain, foreseeable_conflicts
from optimizer.analysis.history import HistorySource, with_history
from optimizer.analysis.report import CheckReport
from optimizer.app.events import Phase, Progress
from optimizer.app.recheck import RosterCheck, broken_rules
from optimizer.app.runtime import MapExecutor, solve
from optimizer.errors import InputProblem
from optimizer.io.input_workbook import write_template as _write_template
from optimizer.io.presets import Preset, close_to, find, presets
from optimizer.io.reader import InputFile, Source, read_input
from optimizer.io.roster_reader import read_located_roster, read_roster
from optimizer.io.validate import load_problem
from optimizer.io.writer import RunInfo, write_roster, write_unit_rosters

DEFAULT_OUTPUT_DIR = Path("outputs")

__all__ = [
    "CheckerDisagrees",
    "InputFile",
    "Outcome",
    "OutputError",
    "PlanOptions",
    "Preset",
    "RosterCheck",
    "Source",
    "Stopped",
    "UnknownPreset",
    "Verdict",
    "check_roster",
    "get_preset",
    "list_presets",
    "plan",
    "validate",
    "write_template",
]


class OutputError(Exception):
    """The roster could not be written where asked (bad path, no permission, disk full)."""


class Stopped(Exception):
    """A stop was requested before solving began: there is no roster yet, nothing is written."""

    def __init__(self) -> None:
        super().__init__(
            "Dihentikan sebelum penjadwalan dimulai; tidak ada yang ditulis. / "
            "Stopped before solving began; nothing was written."
        )


class CheckerDisagrees(RuntimeError):
    """The independent checker found a never-broken rule broken: a bug, nothing is written."""


class Verdict(Enum):
    """What a run came to, for any front end to present (the CLI maps it to an exit code)."""

    ALL_MET = "all_met"  # a roster that meets every rule
    RULES_NOT_MET = "rules_not_met"  # a roster, but some rules had to bend (listed)
    INTERRUPTED = "interrupted"  # stopped on request: the best roster so far (status INTERRUPTED)
    NO_ROSTER = "no_roster"  # no roster within the time limit


@dataclass(frozen=True)
class PlanOptions:
    """How to run: where to write, how long to search, where to solve."""

    output: Path | None = None  # roster file; default: <output_dir>/<stem>-jadwal-<start>.xlsx
    output_dir: Path | None = None  # default: outputs/
    write: bool = True  # False: solve and explain only, write nothing
    per_unit: bool = False  # also one workbook per unit kerja
    force: bool = False  # overwrite an existing roster instead of taking a free versioned name
    time_limit_s: float | None = None  # default: Kebijakan's Batas Waktu
    explain_limit_s: float = 30.0  # explaining the rules that bent (verifying suggestions)
    seed: int = 0
    workers: int = 1
    executor: MapExecutor | None = None  # e.g. a Ray cluster; default: this machine
    history: tuple[Source, ...] = ()  # published rosters before this one (fairness carries over)
    language: str = "id+en"  # labels of the written workbook: "id", "en" or "id+en"


@dataclass(frozen=True)
class InputWarning:
    """A warning about the input (sent as an event before solving starts)."""

    problem: InputProblem


Event = Progress | InputWarning
EventSink = Callable[[Event], None]


@dataclass
class Outcome:
    """What one run did."""

    problem: Problem
    result: Result
    report: CheckReport
    warnings: list[InputProblem] = field(default_factory=list)
    explanation: Explanation | None = None
    output: Path | None = None
    unit_outputs: list[Path] = field(default_factory=list)
    input_sha256: str = ""

    @property
    def status(self) -> SolveStatus:
        return self.result.status

    @property
    def verdict(self) -> Verdict:
        if self.result.status is SolveStatus.NO_SOLUTION:
            return Verdict.NO_ROSTER
        if self.result.status is SolveStatus.INTERRUPTED:
            return Verdict.INTERRUPTED
        return Verdict.ALL_MET if self.report.ok else Verdict.RULES_NOT_MET


def package_version() -> str:
    try:
        return version("giliran")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "0+unknown"


def validate(source: Source) -> tuple[Problem, list[InputProblem]]:
    """Read and validate a workbook; raises ``InputError`` listing every problem.

    The warnings include conflicts between rules that are visible without solving.
    """
    problem, warnings = load_problem(read_input(source))
    return problem, [*warnings, *foreseeable_conflicts(problem)]


def check_roster(roster_source: Source, input_source: Source) -> RosterCheck:
    """Re-check a (hand-edited) roster against its input: every broken rule with its cells.

    The input is read and validated as for ``plan``; the roster is read through the same
    hardened reader with the place of every cell; the independent checker verifies it. Raises
    ``InputError`` when either file cannot be used. Neither file is written.
    """
    problem, warnings = load_problem(read_input(input_source))
    located = read_located_roster(roster_source)
    report = check(problem, located.roster)
    return RosterCheck(problem, located, report, warnings, broken_rules(problem, located, report))


def plan(
    source: Source,
    options: PlanOptions | None = None,
    events: EventSink | None = None,
    stop: Stop | None = None,
) -> Outcome:
    """Solve ``source`` and (unless ``options.write`` is off) write the roster.

    Raises ``InputError`` for an unusable workbook, ``OutputError`` when the roster cannot be
    written, ``CheckerDisagrees`` on a bug, ``Stopped`` when ``stop`` was requested before solving
    began (while the file was read or validated). An existing file is never overwritten unless
    ``options.force``: the roster then goes to the first free versioned name (``<stem>-2.xlsx``,
    …), which the outcome reports. Conflicts visible without solving are not warned about here:
    they are explained in full after solving (``validate`` shows them).
    """
    options = options or PlanOptions()
    started_at = dt.datetime.now()
    started = time.monotonic()

    def send(event: Event) -> None:
        if events is not None:
            events(event)

    def phase(which: Phase) -> None:
        send(Progress(which, time.monotonic() - started))

    phase(Phase.READ)
    given = read_input(source)
    _stopped(stop)
    problem, warnings = load_problem(given)
    if options.history:
        earlier = [
            HistorySource(Path(read.name).name, read_roster(read))
            for read in (read_input(s) for s in options.history)
        ]
        problem, more = with_history(problem, earlier)
        warnings = [*warnings, *more]
    _stopped(stop)
    for w in warnings:
        send(InputWarning(w))
    limit = options.time_limit_s if options.time_limit_s is not None else None
    params = SolveParams(
        time_limit_s=limit if limit is not None else problem.policy.time_limit_s,
        seed=options.seed,
        workers=options.workers,
    )

    phase(Phase.SOLVE)
    totals = [0.0, 0.0]

    def solved(result: ComponentResult, done: int, total: int, elapsed: float) -> None:
        totals[0] += result.objective
        totals[1] += result.bound
        send(Progress(Phase.SOLVE, time.monotonic() - started, done, total, *totals))

    result = solve(problem, params, solved, executor=options.executor, stop=stop)
    outcome = Outcome(problem, result, CheckReport(), warnings, input_sha256=given.sha256)
    if result.roster is None:
        phase(Phase.DONE)
        return outcome

    phase(Phase.CHECK)
    outcome.report = check(problem, result.roster)
    if options.write and outcome.report.hard_violations:
        first = outcome.report.hard_violations[0]
        raise CheckerDisagrees(
            f"{len(outcome.report.hard_violations)} hard rule(s) broken, e.g. {first.rule} "
            f"{first.scope} {first.date}: {first.reason_en}"
        )
    interrupted = result.status is SolveStatus.INTERRUPTED
    if not interrupted:
        phase(Phase.EXPLAIN)
        outcome.explanation = explain(
            problem, result, time_limit_s=options.explain_limit_s, stop=stop
        )
    if options.write:
        phase(Phase.WRITE)
        _write(outcome, given, options, params, started_at)
    phase(Phase.DONE)
    return outcome


def _stopped(stop: Stop | None) -> None:
    if stop is not None and stop.requested:
        raise Stopped


def default_output(stem: str, problem: Problem, folder: Path | None = None) -> Path:
    name = f"{stem}-jadwal-{problem.policy.start.isoformat()}.xlsx"
    return (folder or DEFAULT_OUTPUT_DIR) / name


def free_name(path: Path) -> Path:
    """``path`` if nothing is there yet, else the first free ``<stem>-2``, ``<stem>-3``, …"""
    if not path.exists():
        return path
    n = 2
    while (candidate := path.with_name(f"{path.stem}-{n}{path.suffix}")).exists():
        n += 1
    return candidate


def _write(
    outcome: Outcome,
    given: InputFile,
    options: PlanOptions,
    params: SolveParams,
    started_at: dt.datetime,
) -> None:
    problem, result = outcome.problem, outcome.result
    out = options.output or default_output(given.stem, problem, options.output_dir)
    if not options.force:
        out = free_name(out)
    input_path = Path(given.name)
    if out.resolve() == input_path.resolve():
        raise OutputError(
            f"Jadwal tidak boleh menimpa file input {input_path} / the roster may not overwrite "
            f"the input file {input_path}"
        )
    info = RunInfo(
        input_name=input_path.name,
        input_sha256=given.sha256,
        seed=options.seed,
        time_limit_s=params.time_limit_s,
        workers=options.workers,
        started_at=started_at,
        version=package_version(),
        language=options.language,
    )
    explanation = outcome.explanation
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        write_roster(out, problem, result, outcome.report, info, explanation)
        outcome.unit_outputs = (
            write_unit_rosters(
                out.parent, out.stem, problem, result, outcome.report, info, explanation
            )
            if options.per_unit
            else []
        )
    except OSError as err:
        raise OutputError(
            f"Tidak dapat menulis jadwal ke {out} / cannot write the roster to {out}: "
            f"{err.strerror or err}"
        ) from err
    outcome.output = out


def write_template(path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _write_template(path)
    except OSError as err:
        raise OutputError(
            f"Tidak dapat menulis templat ke {path} / cannot write the template to {path}: "
            f"{err.strerror or err}"
        ) from err


class UnknownPreset(LookupError):
    """No preset has the id asked for; ``close`` lists ids that look like it."""

    def __init__(self, preset_id: str, close: list[str]) -> None:
        self.preset_id = preset_id
        self.close = close
        super().__init__(preset_id)


def list_presets() -> list[Preset]:
    """Every shipped regulation preset, in table order."""
    return list(presets().values())


def get_preset(preset_id: str) -> Preset:
    """The preset called ``preset_id`` (case and spaces ignored); ``UnknownPreset`` if none."""
    found = find(preset_id)
    if found is None:
        raise UnknownPreset(preset_id, close_to(preset_id))
    return found
