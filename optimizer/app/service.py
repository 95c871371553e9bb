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
from pathlib import Path

from models.domain import Problem
from models.solve import ComponentResult, Result, SolveParams, SolveStatus
from models.stop import Stop
from optimizer.analysis.checker import check
from optimizer.analysis.explain import Explanation, explain, foreseeable_conflicts
from optimizer.analysis.history import HistorySource, with_history
from optimizer.analysis.report import CheckReport
from optimizer.analysis.resilience import Resilience, ResilienceOptions, resilience
from optimizer.app.common import (
    CheckerDisagrees,
    OptionError,
    OutputError,
    check_run_options,
    package_version,
)
from optimizer.app.events import Phase, Progress
from optimizer.app.recheck import RosterCheck, broken_rules
from optimizer.app.replan import (
    CaseOptions,
    CaseOutcome,
    ReplanOptions,
    ReplanOutcome,
    replan,
    replan_events,
    report_case,
)
from optimizer.app.runtime import MapExecutor, solve
from optimizer.errors import InputError, InputProblem
from optimizer.io.atomic import Claim, FileId, OutputRefused, check_output_path, claim
from optimizer.io.input_workbook import write_template as _write_template
from optimizer.io.presets import Preset, close_to, find, presets
from optimizer.io.reader import InputFile, Source, read_input
from optimizer.io.roster_reader import SHEET as ROSTER_SHEET
from optimizer.io.roster_reader import LocatedRoster, read_located_roster, read_roster
from optimizer.io.validate import load_problem
from optimizer.io.writer import PER_UNIT_NAME_EXTRA, RunInfo, write_roster, write_unit_rosters

DEFAULT_OUTPUT_DIR = Path("outputs")

# Re-plans of a published roster (issue 14): ``report_case`` (a positive case, ``giliran kasus``)
# and ``replan`` (other events, ``giliran replan``); the bulk lives in ``optimizer.app.replan``.

__all__ = [
    "CaseOptions",
    "CaseOutcome",
    "CheckerDisagrees",
    "InputFile",
    "OptionError",
    "Outcome",
    "OutputError",
    "PlanOptions",
    "Preset",
    "ReplanOptions",
    "ReplanOutcome",
    "ResilienceCheck",
    "RosterCheck",
    "Source",
    "Stopped",
    "UnknownPreset",
    "Verdict",
    "check_roster",
    "get_preset",
    "list_presets",
    "plan",
    "replan",
    "report_case",
    "resilience_report",
    "validate",
    "write_template",
]


class Stopped(Exception):
    """A stop was requested before solving began: there is no roster yet, nothing is written."""

    def __init__(self) -> None:
        super().__init__(
            "Dihentikan sebelum penjadwalan dimulai; tidak ada yang ditulis. / "
            "Stopped before solving began; nothing was written."
        )


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
    time_limit_s: float | None = None  # default: Kebijakan's Batas Waktu; one deadline per run
    explain_limit_s: float = 30.0  # explaining the rules that bent (within the time limit)
    seed: int = 0
    workers: int = 1
    executor: MapExecutor | None = None  # e.g. a Ray cluster; default: this machine
    history: tuple[Source, ...] = ()  # published rosters before this one (fairness carries over)
    language: str = "id+en"  # labels of the written workbook: "id", "en" or "id+en"
    #: a regulation preset id chosen outside the workbook (the upload page, ``--preset``): it
    #: takes the place of Kebijakan's ``Preset`` row (a warning says so when that row names
    #: another); parameters written in the sheet still override it. "" = the sheet's own.
    preset: str = ""
    #: the resilience report (sheet Ketahanan): None = only in cohort mode (``Kohort`` ≥ 2),
    #: True/False = always/never; its options (scope, isolation and quarantine days)
    resilience: bool | None = None
    resilience_options: ResilienceOptions = field(default_factory=ResilienceOptions)


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
    #: outputs written under another name than asked for (the name was taken): (wanted, used)
    renamed: list[tuple[Path, Path]] = field(default_factory=list)
    resilience: Resilience | None = None  # the Ketahanan report, when made

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

    A roster written by ``giliran kasus`` or ``replan`` (it has a ``Perubahan`` sheet) is checked
    with the events it carries (``TUTUP``, ``ISOLASI``, ``KARANTINA`` cells the input does not
    explain, as the next re-plan reads them; a warning counts them).
    """
    problem, warnings = load_problem(read_input(input_source))
    roster_given = read_input(roster_source)
    located = read_located_roster(roster_given)
    problem, more = replan_events(problem, roster_given, located.roster)
    warnings = [*warnings, *more]
    report = check(problem, located.roster)
    return RosterCheck(problem, located, report, warnings, broken_rules(problem, located, report))


@dataclass
class ResilienceCheck:
    """What ``resilience_report`` found: the input, the roster read back, the report."""

    problem: Problem
    located: LocatedRoster
    report: Resilience
    warnings: list[InputProblem] = field(default_factory=list)


def resilience_report(
    roster_source: Source, input_source: Source, options: ResilienceOptions | None = None
) -> ResilienceCheck:
    """The resilience report (``optimizer.analysis.resilience``) of a published roster.

    Both files are read as for ``check_roster``. A roster that does not fit its input (an
    unreadable cell, a NIP not in the input or missing, dates other than the input's) is an
    ``InputError`` naming the cells: contacts read off the wrong roster would be wrong. Nothing
    is written.
    """
    problem, warnings = load_problem(read_input(input_source))
    located = read_located_roster(roster_source)
    problems = [*located.problems, *_mismatch(problem, located)]
    if problems:
        raise InputError(problems)
    report = resilience(problem, located.roster, options)
    return ResilienceCheck(problem, located, report, warnings)


def _mismatch(problem: Problem, located: LocatedRoster) -> list[InputProblem]:
    """Where the roster does not fit the input (cells located, Indonesian and English)."""
    out = [
        InputProblem(
            ROSTER_SHEET,
            where.row,
            where.column,
            f"Isi sel '{raw}' tidak dikenal",
            f"unknown cell value '{raw}'",
        )
        for where, raw in located.unknown
    ]
    roster = located.roster
    if tuple(roster.dates) != problem.dates:
        out.append(
            InputProblem(
                ROSTER_SHEET,
                located.header_row,
                None,
                "Tanggal jadwal tidak sama dengan periode input "
                f"({problem.dates[0]} … {problem.dates[-1]})",
                "the roster's dates are not the input's period "
                f"({problem.dates[0]} … {problem.dates[-1]})",
                "Pakai input yang menghasilkan jadwal ini",
                "Use the input workbook this roster was made from",
            )
        )
    known = {e.nip for e in problem.employees}
    for nip in sorted(n for n in roster.cells if n not in known):
        row = located.rows[nip].row
        out.append(
            InputProblem(
                ROSTER_SHEET,
                row,
                "NIP",
                f"NIP {nip} tidak ada di sheet Pegawai input",
                f"NIP {nip} is not in the input's Pegawai sheet",
            )
        )
    missing = [e for e in problem.employees if e.nip not in roster.cells]
    for emp in missing[:20]:
        out.append(
            InputProblem(
                ROSTER_SHEET,
                None,
                "NIP",
                f"Pegawai {emp.nip} ({emp.name}) dari input tidak ada di jadwal",
                f"employee {emp.nip} ({emp.name}) of the input is missing from the roster",
            )
        )
    if len(missing) > 20:
        out.append(
            InputProblem(
                ROSTER_SHEET,
                None,
                "NIP",
                f"… dan {len(missing) - 20} pegawai lagi tidak ada di jadwal",
                f"… and {len(missing) - 20} more employees missing from the roster",
            )
        )
    return out


def plan(
    source: Source,
    options: PlanOptions | None = None,
    events: EventSink | None = None,
    stop: Stop | None = None,
) -> Outcome:
    """Solve ``source`` and (unless ``options.write`` is off) write the roster.

    Raises ``InputError`` for an unusable workbook, ``OutputError`` when the roster cannot be
    written (checked before the input is read, and again when writing), ``CheckerDisagrees`` on
    a bug, ``Stopped`` when ``stop`` was requested before solving began (while the file was read
    or validated). An existing file is never overwritten unless ``options.force``: the roster then
    goes to the first free versioned name (``<stem>-2.xlsx``, …), reserved atomically, which the
    outcome reports. ``options.time_limit_s`` is one deadline for the whole run, from the
    moment ``plan`` is called. Conflicts visible without solving are not warned about here:
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

    _check_options(options)
    input_id = FileId.of(source) if isinstance(source, Path) else None
    if options.write:  # before any work: a roster that cannot be written is not worth solving
        _check_output(options, _stem_of(source))
    phase(Phase.READ)
    given = read_input(source)
    _stopped(stop)
    problem, warnings = load_problem(given, preset=options.preset)
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
    # One deadline for the whole run, from its start: reading, solving (every worker, wherever
    # it runs) and explaining stop by it; a roster found is then always checked and written.
    deadline = started + params.time_limit_s

    phase(Phase.SOLVE)
    totals = [0.0, 0.0]

    def solved(result: ComponentResult, done: int, total: int, elapsed: float) -> None:
        totals[0] += result.objective
        totals[1] += result.bound
        send(Progress(Phase.SOLVE, time.monotonic() - started, done, total, *totals))

    result = solve(problem, params, solved, executor=options.executor, stop=stop, deadline=deadline)
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
    wanted = options.resilience
    if wanted or (wanted is None and problem.policy.cohorts > 1):
        outcome.resilience = resilience(problem, result.roster, options.resilience_options)
    if not interrupted:
        phase(Phase.EXPLAIN)
        # what is left of the deadline, keeping the time the write will take
        margin = write_estimate_s(problem, options.per_unit) if options.write else 0.0
        left = max(0.0, deadline - time.monotonic() - margin)
        outcome.explanation = explain(
            problem, result, time_limit_s=min(options.explain_limit_s, left), stop=stop
        )
    if options.write:
        phase(Phase.WRITE)
        never = [i for i in (input_id, FileId.of(Path(given.name))) if i is not None]
        _write(outcome, given, options, params, started_at, never if input_id else [])
    phase(Phase.DONE)
    return outcome


def _stopped(stop: Stop | None) -> None:
    if stop is not None and stop.requested:
        raise Stopped


#: Seconds to write one employee-day of roster (openpyxl). Measured on the 60,000-staff city
#: (300,000 employee-days) on the 2-core machine shared with other work, 2026-12-02: 36.5 s
#: (about 10 s when idle, README); the per-unit workbooks are counted as much again.
WRITE_S_PER_EMPLOYEE_DAY = 1.2e-4


def write_estimate_s(problem: Problem, per_unit: bool = False) -> float:
    """About how long writing the roster of ``problem`` takes (kept free of the explanation)."""
    cells = len(problem.employees) * max(1, len(problem.working_dates))
    return cells * WRITE_S_PER_EMPLOYEE_DAY * (2 if per_unit else 1)


def _check_options(options: PlanOptions) -> None:
    check_run_options(options.time_limit_s, options.workers)
    if options.preset and find(options.preset) is None:
        hint = ", ".join(close_to(options.preset)) or "-"
        raise OptionError(
            f"Preset tidak dikenal: '{options.preset}' (yang mirip: {hint}; daftar lengkap: "
            f"giliran presets) / unknown preset: '{options.preset}' (similar: {hint}; full "
            "list: giliran presets)"
        )


def _stem_of(source: Source) -> str:
    return Path(source.name if isinstance(source, InputFile) else source).stem


def _check_output(options: PlanOptions, stem: str) -> None:
    """Refuse an output that could never be written, before the input is even read."""
    extra = PER_UNIT_NAME_EXTRA if options.per_unit else 0
    # the default name ends in the start date, not known yet: the longest one stands in for it
    path = options.output or default_output(stem, None, options.output_dir)
    try:
        check_output_path(path, extra)
    except OutputRefused as err:
        raise OutputError(str(err)) from None


def default_output(stem: str, problem: Problem | None, folder: Path | None = None) -> Path:
    """``<folder>/<stem>-jadwal-<start>.xlsx`` (``problem`` None: a placeholder date)."""
    start = problem.policy.start.isoformat() if problem is not None else "YYYY-MM-DD"
    return (folder or DEFAULT_OUTPUT_DIR) / f"{stem}-jadwal-{start}.xlsx"


def _write(
    outcome: Outcome,
    given: InputFile,
    options: PlanOptions,
    params: SolveParams,
    started_at: dt.datetime,
    never: list[FileId],
) -> None:
    """Write the roster (and the per-unit workbooks) under names claimed atomically.

    Every name goes through ``optimizer.io.atomic.claim``: without ``--force`` an existing file
    is never replaced and two runs at the same time never take the same name; no file written
    may be the input (``never``: its device and inode, when it was read as a file). On a
    failure the names claimed and not written are given back.
    """
    problem, result = outcome.problem, outcome.result
    wanted = options.output or default_output(given.stem, problem, options.output_dir)
    info = RunInfo(
        input_name=Path(given.name).name,
        input_sha256=given.sha256,
        seed=options.seed,
        time_limit_s=params.time_limit_s,
        workers=options.workers,
        started_at=started_at,
        version=package_version(),
        language=options.language,
        warnings=tuple(outcome.warnings),
    )
    explanation = outcome.explanation
    claims: list[Claim] = []

    def take(path: Path) -> Path:
        claims.append(claim(path, options.force, never))
        if claims[-1].path != path:
            outcome.renamed.append((path, claims[-1].path))
        return claims[-1].path

    out = wanted
    try:
        wanted.parent.mkdir(parents=True, exist_ok=True)
        out = take(wanted)
        write_roster(out, problem, result, outcome.report, info, explanation, outcome.resilience)
        outcome.output = out
        if options.per_unit:
            outcome.unit_outputs = write_unit_rosters(
                out.parent, out.stem, problem, result, outcome.report, info, explanation, take
            )
    except OutputRefused as err:
        _release(claims)
        raise OutputError(str(err)) from None
    except OSError as err:
        _release(claims)
        raise OutputError(
            f"Tidak dapat menulis jadwal ke {out} / cannot write the roster to {out}: "
            f"{err.strerror or err}"
        ) from None
    except BaseException:
        _release(claims)
        raise


def _release(claims: list[Claim]) -> None:
    for taken in claims:
        taken.release()


def write_template(path: Path) -> None:
    try:
        check_output_path(path, what=("templat", "template"))
    except OutputRefused as err:
        raise OutputError(str(err)) from None
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
