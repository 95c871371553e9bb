"""Re-plans of a published roster: a positive case (``giliran kasus``) and other events
(``giliran replan``), issue 14 sections 1 and 2. Re-exported by ``optimizer.app.service``.

Both read the input (path or bytes) and the published roster through the hardened readers,
validate, build the event problem and the re-plan problem (``optimizer.analysis.outbreak``),
solve it with the usual runtime (worker processes, one deadline, a stop token), merge the frozen
days back, re-check the whole roster with the independent checker and write it atomically under
a name never taken and never one of the inputs. Every problem a user can cause is an
``InputError`` raised before anything is written (exit 3).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from models.calendar import build_calendar
from models.domain import Cell, Closure, Problem, Roster
from models.solve import ComponentResult, Result, SolveParams, SolveStatus, components
from models.stop import Stop
from optimizer.analysis.checker import check
from optimizer.analysis.contacts import ContactScope, ContactTrace
from optimizer.analysis.explain import Explanation, explain
from optimizer.analysis.outbreak import (
    Change,
    ContactRow,
    Pin,
    carried_events,
    case_events,
    case_problems,
    changed_cells,
    check_pins,
    closure_findings,
    frozen_violations,
    merge_roster,
    replan_problem,
    roster_mismatch,
    settled_components,
    with_events,
)
from optimizer.analysis.report import CheckReport
from optimizer.app.common import (
    CheckerDisagrees,
    OptionError,
    OutputError,
    check_run_options,
    package_version,
)
from optimizer.app.events import Phase, Progress
from optimizer.app.runtime import solve
from optimizer.errors import InputError, InputProblem
from optimizer.io.atomic import Claim, FileId, OutputRefused, check_output_path, claim
from optimizer.io.pins import drop_pin_sheet_warning, read_pins
from optimizer.io.presets import find
from optimizer.io.reader import InputFile, Source, read_input, read_workbook
from optimizer.io.roster_reader import read_roster
from optimizer.io.validate import load_problem
from optimizer.io.writer import Addendum, ExtraSheet, RunInfo, write_roster

#: Closure after a case when neither the option nor the policy's preset says: Pergub DKI
#: 88/2020 art. 9(2)(f), at least 3×24 hours.
DEFAULT_CLOSURE_DAYS = 3
DEFAULT_QUARANTINE_DAYS = 5  # SE Menkes HK.02.01/MENKES/18/2022 (Mar 2022): 5 days
DEFAULT_ISOLATION_DAYS = 10  # KMK 4641/2021, SE 18/2022: at least 10 days
SHEET_CONTACTS = "Kontak Erat"
SHEET_CHANGES = "Perubahan"

__all__ = [
    "CaseOptions",
    "CaseOutcome",
    "ReplanOptions",
    "ReplanOutcome",
    "addendum",
    "published_filled",
    "replan",
    "replan_events",
    "report_case",
    "solve_replan",
]


@dataclass(frozen=True)
class ReplanOptions:
    """How to run a re-plan (``giliran replan``; ``CaseOptions`` adds the case)."""

    start: dt.date | None = None  # --dari: first day that may change (default: see ``replan``)
    output: Path | None = None
    output_dir: Path | None = None
    write: bool = True
    force: bool = False
    time_limit_s: float | None = None  # default: Kebijakan's Batas Waktu
    explain_limit_s: float = 30.0
    seed: int = 0
    workers: int = 1
    language: str = "id+en"


@dataclass(frozen=True)
class CaseOptions(ReplanOptions):
    """A positive case (``giliran kasus``): who, when, and the periods that follow."""

    nips: tuple[str, ...] = ()
    on: dt.date | None = None  # --tanggal
    closure_days: int | None = None  # default: the policy's preset, else 3
    quarantine_days: int = DEFAULT_QUARANTINE_DAYS
    isolation_days: int = DEFAULT_ISOLATION_DAYS
    scope: ContactScope = ContactScope.BIDANG


@dataclass
class ReplanOutcome:
    """What a re-plan did; ``result.roster`` is the whole merged roster."""

    problem: Problem  # the event problem the roster is checked against
    published: Roster
    first: dt.date  # the first day that may change
    result: Result
    report: CheckReport
    replan_s: float  # solving the re-plan problem (seconds)
    warnings: list[InputProblem] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    closures: list[Closure] = field(default_factory=list)  # the new ones (the case's)
    trace: ContactTrace | None = None
    contacts: list[ContactRow] = field(default_factory=list)
    pins: list[Pin] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (Indonesian, English)
    explanation: Explanation | None = None
    output: Path | None = None
    renamed: list[tuple[Path, Path]] = field(default_factory=list)

    @property
    def status(self) -> SolveStatus:
        return self.result.status

    @property
    def changed_by_replan(self) -> int:
        """Changed cells the model chose (WFO ↔ WFH, or with start waves also one wave to
        another: ``WFO-1`` → ``WFO-2``), as opposed to those the events forced."""

        def chosen(code: str) -> bool:
            return code in ("WFO", "WFH") or code.startswith("WFO-")

        return sum(1 for c in self.changes if chosen(c.before) and chosen(c.after))


#: What ``report_case`` returns (the same record as ``replan``'s, with the case filled in).
CaseOutcome = ReplanOutcome
#: Receives progress events (``optimizer.app.events.Progress``) and input warnings
#: (``optimizer.errors.InputProblem``).
Sink = Callable[[object], None]


def report_case(
    roster_source: Source,
    input_source: Source,
    options: CaseOptions,
    events: Sink | None = None,
    stop: Stop | None = None,
) -> CaseOutcome:
    """A positive case on ``options.on``: close, trace, quarantine, re-plan, check, write."""
    started = time.monotonic()
    if not options.nips or options.on is None:
        raise InputError(
            [
                InputProblem(
                    "baris perintah / command line",
                    None,
                    None,
                    "NIP kasus dan tanggal wajib diisi",
                    "the case's NIP and date are required",
                )
            ]
        )
    _check_numbers(options)
    run = _Run.read(roster_source, input_source, options, events, stop, same_staff=True)
    on = options.on
    base = run.base
    problems = case_problems(base, run.published, options.nips, on)
    if problems:
        raise InputError(problems)
    closure_days = options.closure_days or _preset_closure(base) or DEFAULT_CLOSURE_DAYS
    closures, absences, trace, contacts = case_events(
        base,
        run.published,
        options.nips,
        on,
        closure_days,
        options.quarantine_days,
        options.isolation_days,
        options.scope,
    )
    outcome = run.replan(with_events(base, closures, absences), on, started, contacts, trace.cases)
    outcome.closures, outcome.trace, outcome.contacts = closures, trace, contacts
    _add_closure_findings(outcome)
    if trace.uncovered:
        days = ", ".join(d.isoformat() for d in trace.uncovered)
        outcome.notes.append(
            (
                f"hari jendela kontak di luar jadwal ini (tidak diketahui, tidak ditebak): {days}",
                f"contact-window days outside this roster (unknown, not guessed): {days}",
            )
        )
    run.finish(outcome, "kasus", on)
    return outcome


def replan(
    roster_source: Source,
    input_source: Source,
    options: ReplanOptions,
    events: Sink | None = None,
    stop: Stop | None = None,
) -> ReplanOutcome:
    """Re-plan the published roster for the updated input, changing as little as possible.

    ``options.start`` (``--dari``) is the first day that may change; by default the first date
    on which the published roster breaks a rule of the updated input (else its first date, where
    nothing needs to change). Staff added to the input are rostered from it; staff no longer in
    it are dropped (a warning names them).
    """
    started = time.monotonic()
    _check_numbers(options)
    run = _Run.read(roster_source, input_source, options, events, stop, same_staff=False)
    first = options.start or _first_broken_day(run.base, run.published)
    if first not in run.base.dates:
        raise InputError(
            [
                InputProblem(
                    "--dari",
                    None,
                    None,
                    f"tanggal {first.isoformat()} tidak ada di jadwal",
                    f"the date {first.isoformat()} is not in the roster",
                )
            ]
        )
    outcome = run.replan(run.base, first, started, (), ())
    _add_closure_findings(outcome)
    run.finish(outcome, "replan", first)
    return outcome


# ---------------------------------------------------------------------------------------------


@dataclass
class _Run:
    options: ReplanOptions
    given: InputFile
    roster_given: InputFile
    problem: Problem  # the input's
    base: Problem  # with the events the published roster carries
    published: Roster
    pins: list[Pin]
    warnings: list[InputProblem]
    send: Sink
    stop: Stop | None
    never: list[FileId]
    started_at: dt.datetime

    @staticmethod
    def read(
        roster_source: Source,
        input_source: Source,
        options: ReplanOptions,
        events: Sink | None,
        stop: Stop | None,
        same_staff: bool,
    ) -> _Run:
        started_at = dt.datetime.now()
        never = [
            i for s in (roster_source, input_source) if isinstance(s, Path) and (i := FileId.of(s))
        ]
        if options.write:
            _check_output(options)
        send: Sink = events or (lambda _e: None)
        given = read_input(input_source)
        roster_given = read_input(roster_source)
        problem, warnings = load_problem(given)
        refuse_unsupported(problem)
        warnings = drop_pin_sheet_warning(warnings)
        pins = read_pins(given)
        published = read_roster(roster_given)
        mismatch = roster_mismatch(problem, published, same_staff)
        if mismatch:
            raise InputError(mismatch)
        staff = {e.nip for e in problem.employees}
        gone = sorted(set(published.cells) - staff)
        if gone:
            warnings.append(
                InputProblem(
                    "Jadwal",
                    None,
                    "NIP",
                    f"{len(gone)} pegawai di jadwal "
                    f"tidak ada lagi di input (mis. {gone[0]}); barisnya dihapus",
                    f"{len(gone)} employees of the roster are no longer in the input "
                    f"(e.g. {gone[0]}); their rows are dropped",
                    warning=True,
                )
            )
        new = [e.nip for e in problem.employees if e.nip not in published.cells]
        if new:
            warnings.append(
                InputProblem(
                    "Pegawai",
                    None,
                    "NIP",
                    f"{len(new)} pegawai baru (mis. {new[0]}) dijadwalkan dari input",
                    f"{len(new)} new staff (e.g. {new[0]}) are rostered from the input",
                    warning=True,
                )
            )
        closures, absences = carried_events(problem, published)
        base = with_events(problem, closures, absences)
        for w in warnings:
            send(w)
        return _Run(
            options,
            given,
            roster_given,
            problem,
            base,
            published,
            pins,
            warnings,
            send,
            stop,
            never,
            started_at,
        )

    def replan(
        self,
        event: Problem,
        first: dt.date,
        started: float,
        contacts: Sequence[ContactRow],
        cases: Sequence[str],
    ) -> ReplanOutcome:
        problems = check_pins(event, self.published, self.pins, first)
        if problems:
            raise InputError(problems)
        options = self.options
        limit = options.time_limit_s or event.policy.time_limit_s
        params = SolveParams(time_limit_s=limit, seed=options.seed, workers=options.workers)
        deadline = started + limit
        self.send(Progress(Phase.SOLVE, time.monotonic() - started))
        solve_started = time.monotonic()
        sub, result = solve_replan(
            event, self.published, first, self.pins, params, self.stop, deadline
        )
        replan_s = time.monotonic() - solve_started
        outcome = ReplanOutcome(
            event,
            self.published,
            first,
            result,
            CheckReport(),
            replan_s,
            list(self.warnings),
            pins=list(self.pins),
        )
        if result.roster is None:
            return outcome
        merged = result.roster
        self.send(Progress(Phase.CHECK, time.monotonic() - started))
        outcome.report = check(event, merged)
        hard = outcome.report.hard_violations
        past = frozen_violations(
            ((v.rule, v.scope, v.date, v.reason_id, v.reason_en) for v in hard), first
        )
        if past:
            raise InputError(past)
        if hard and options.write:
            v = hard[0]
            raise CheckerDisagrees(
                f"{len(hard)} hard rule(s) broken, e.g. {v.rule} {v.scope} {v.date}: {v.reason_en}"
            )
        outcome.changes = changed_cells(event, self.published, merged, contacts, cases)
        if result.shortfalls and result.status is not SolveStatus.INTERRUPTED:
            self.send(Progress(Phase.EXPLAIN, time.monotonic() - started))
            left = max(0.0, deadline - time.monotonic())
            outcome.explanation = explain(
                sub, result, time_limit_s=min(options.explain_limit_s, left), stop=self.stop
            )
        return outcome

    def finish(self, outcome: ReplanOutcome, what: str, day: dt.date) -> None:
        if not self.options.write or outcome.result.roster is None:
            return
        self.send(Progress(Phase.WRITE, 0.0))
        _write(self, outcome, what, day)


def solve_replan(
    event: Problem,
    published: Roster,
    first: dt.date,
    pins: Sequence[Pin] = (),
    params: SolveParams | None = None,
    stop: Stop | None = None,
    deadline: float | None = None,
) -> tuple[Problem, Result]:
    """The re-plan of ``published`` from ``first`` for the event problem: the re-plan problem
    (of the components solved) and a result whose roster is the whole merged roster (frozen
    days as published).

    Components whose published cells are already the exact optimum
    (``outbreak.settled_components``: they break no rule from ``first`` on, so that 0 changed
    cells is reachable and unique) are kept as published without a solve (proof
    ``"published"``; their objective parts are not computed and count as 0 in the result);
    the others are solved by the usual runtime, in parallel with ``params.workers``.
    """
    params = params or SolveParams(time_limit_s=event.policy.time_limit_s)
    started = time.monotonic()
    comps = components(event)
    settled = settled_components(event, published, first, pins, comps)
    todo = [c for c in comps if c.key not in settled]
    sub = replan_problem(event, published, first, pins, todo)  # the components to solve
    solved: Result | None = None
    if todo:
        solved = solve(sub, params, stop=stop, deadline=deadline)
        if solved.roster is None:
            return sub, solved
    by_key = {r.key: r for r in solved.components} if solved is not None else {}
    kept = ComponentResult("", SolveStatus.OPTIMAL, set(), {}, 0.0, 0.0, 0, 0, 0, 0.0, [])
    results = [
        by_key.get(c.key) or dataclasses.replace(kept, key=c.key, proof="published") for c in comps
    ]
    cells = dict(published.cells)
    waves = dict(published.waves)
    if solved is not None and solved.roster is not None:
        cells.update(solved.roster.cells)
        waves.update(solved.roster.waves)
    missing = [e.nip for e in event.employees if e.nip not in cells]
    if missing:  # new staff are never in a settled component (``settled_components``)
        raise AssertionError(f"no cells for {missing[0]}")
    merged = merge_roster(event, published, Roster(event.dates, cells, waves), first)
    status = solved.status if solved is not None else SolveStatus.OPTIMAL
    return sub, Result(status, merged, results, time.monotonic() - started, params)


def replan_events(
    problem: Problem, roster_source: Source, roster: Roster
) -> tuple[Problem, list[InputProblem]]:
    """For ``giliran periksa``: a roster written by a re-plan (a ``Perubahan`` sheet) carries its
    events (``outbreak.carried_events``) into ``problem``; any other roster is left alone."""
    names = read_workbook(roster_source, wanted=lambda _name: False)
    if SHEET_CHANGES not in names:
        return problem, []
    closures, absences = carried_events(problem, roster)
    if not closures and not absences:
        return problem, []
    note = InputProblem(
        "Jadwal",
        None,
        None,
        f"jadwal hasil penjadwalan ulang: {len(closures)} penutupan dan {len(absences)} "
        "isolasi/karantina dari sel TUTUP/ISOLASI/KARANTINA dipakai sebagai kejadian",
        f"a re-planned roster: {len(closures)} closures and {len(absences)} isolations/"
        "quarantines read from its TUTUP/ISOLASI/KARANTINA cells are taken as events",
        warning=True,
    )
    return with_events(problem, closures, absences), [note]


def _add_closure_findings(outcome: ReplanOutcome) -> None:
    """Essential units in a closed building: explained (``outbreak.closure_findings``)."""
    roster = outcome.result.roster
    if roster is None:
        return
    explanation = outcome.explanation or Explanation()
    found = closure_findings(outcome.problem, roster, outcome.first, len(explanation.findings) + 1)
    if found:
        explanation.findings.extend(found)
        outcome.explanation = explanation


def refuse_unsupported(problem: Problem) -> None:
    """Cohorts are not re-planned yet: say so rather than lose them (start waves are kept)."""
    for used, name, what_id, what_en in (
        (problem.policy.cohorts > 1, "Kohort", "kohort", "cohorts"),
    ):
        if used:
            raise InputError(
                [
                    InputProblem(
                        "Kebijakan",
                        None,
                        name,
                        f"jadwal dengan {what_id} ('{name}') belum dapat direncanakan ulang; "
                        "tidak ada yang ditulis",
                        f"a roster with {what_en} ('{name}') cannot be re-planned yet; nothing "
                        "was written",
                        f"Susun ulang jadwal dengan 'giliran solve' (dengan '{name}'), atau "
                        f"kosongkan '{name}' pada input.",
                        f"Solve the roster again with 'giliran solve' (with '{name}'), or leave "
                        f"'{name}' empty in the input.",
                    )
                ]
            )


def _check_numbers(options: ReplanOptions) -> None:
    check_run_options(options.time_limit_s, options.workers)
    if isinstance(options, CaseOptions):
        for name, value in (
            ("--tutup-hari", options.closure_days),
            ("--karantina-hari", options.quarantine_days),
            ("--isolasi-hari", options.isolation_days),
        ):
            if value is not None and not 1 <= value <= 366:
                raise OptionError(
                    f"{name} harus 1 sampai 366 hari: {value} / {name} must be 1 to 366 days: "
                    f"{value}"
                )


def _preset_closure(problem: Problem) -> int | None:
    """The closure after a case of the policy's regulation preset, if it names one."""
    preset = find(problem.policy.preset) if problem.policy.preset else None
    return preset.closure_days if preset is not None else None


def _first_broken_day(problem: Problem, published: Roster) -> dt.date:
    """The first date on which ``published`` (new staff off site) breaks a rule of ``problem``,
    else the first date of the roster."""
    filled = published_filled(problem, published)
    days = [v.date for v in check(problem, filled).violations if v.date is not None]
    return min(days) if days else problem.dates[0]


def published_filled(problem: Problem, published: Roster) -> Roster:
    """``published`` with a row for every employee of ``problem`` (new staff: days off or WFH)."""
    calendar = build_calendar(problem)
    cells = {
        e.nip: published.cells.get(e.nip)
        or tuple(f if f is not None else Cell.WFH for f in calendar.fixed[e.nip])
        for e in problem.employees
    }
    return Roster(problem.dates, cells, published.waves)


# ---------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------


def default_output(run: _Run, what: str, day: dt.date) -> Path:
    """``<folder>/<input stem>-jadwal-<start>-<kasus|replan>-<date>.xlsx`` (like ``solve``'s)."""
    folder = run.options.output_dir or Path("outputs")
    start = run.problem.policy.start.isoformat()
    return folder / f"{run.given.stem}-jadwal-{start}-{what}-{day.isoformat()}.xlsx"


def _check_output(options: ReplanOptions) -> None:
    path = options.output or (options.output_dir or Path("outputs")) / (
        "x" * 60 + "-jadwal-YYYY-MM-DD-replan-YYYY-MM-DD.xlsx"
    )
    try:
        check_output_path(path)
    except OutputRefused as err:
        raise OutputError(str(err)) from None


def addendum(outcome: ReplanOutcome) -> Addendum:
    """The sheets, highlights and summary lines of a re-plan's roster."""
    problem = outcome.problem
    staff = {e.nip: e for e in problem.employees}
    changes = outcome.changes
    forced = len(changes) - outcome.changed_by_replan
    summary: list[tuple[str, object]] = []
    if outcome.trace is not None:
        summary += [
            ("Kasus positif (NIP) / positive case (NIP)", ", ".join(outcome.trace.cases)),
            ("Tanggal kasus / date of the case", outcome.trace.on),
            ("Lingkup kontak / contact scope", outcome.trace.scope.value),
            ("Kontak erat / close contacts", len(outcome.contacts)),
        ]
    summary += [
        ("Diubah mulai / changed from", outcome.first),
        ("Sel diubah / cells changed", len(changes)),
        ("  karena kejadian / forced by the events", forced),
        ("  oleh penjadwalan ulang / chosen by the re-plan", outcome.changed_by_replan),
        ("Sel dikunci / pinned cells", len(outcome.pins)),
    ]
    for c in outcome.closures:
        summary.append(
            (f"Penutupan / closure: {c.building}", f"{c.start.isoformat()} – {c.end.isoformat()}")
        )
    for text_id, text_en in outcome.notes:
        summary.append(("Catatan / note", f"{text_id} / {text_en}"))

    def who(nip: str) -> tuple[str, str, str, str]:
        e = staff.get(nip)
        return (nip, e.name, e.unit, e.bidang) if e else (nip, "", "", "")

    contact_rows = tuple(
        (
            *who(c.nip),
            ", ".join(c.cases),
            ", ".join(d.isoformat() for d in c.shared_days),
            c.quarantine_until,
        )
        for c in outcome.contacts
    )
    change_rows = tuple(
        (*who(c.nip)[:2], c.day, c.before, c.after, f"{c.reason_id} / {c.reason_en}")
        for c in changes
    )
    sheets = []
    if outcome.trace is not None:
        sheets.append(
            ExtraSheet(
                SHEET_CONTACTS,
                (
                    "NIP",
                    "Nama / Name",
                    "Unit Kerja / Unit",
                    "Bidang / Division",
                    "Kasus (NIP) / Case (NIP)",
                    "Hari bersama / Shared days",
                    "Karantina s.d. / Quarantine until",
                ),
                contact_rows,
                (22, 28, 28, 24, 22, 30, 24),
                _no_contacts(outcome.trace),
            )
        )
    sheets.append(
        ExtraSheet(
            SHEET_CHANGES,
            (
                "NIP",
                "Nama / Name",
                "Tanggal / Date",
                "Sebelum / Before",
                "Sesudah / After",
                "Alasan / Reason",
            ),
            change_rows,
            (22, 28, 12, 12, 12, 80),
            "Tidak ada sel yang berubah / no cell changed",
        )
    )
    title = (
        "Kasus positif / Positive case"
        if outcome.trace is not None
        else ("Penjadwalan ulang / Re-plan")
    )
    return Addendum(
        frozenset((c.nip, c.day) for c in changes), title, tuple(summary), tuple(sheets)
    )


def _no_contacts(trace: ContactTrace) -> str:
    """Why ``Kontak Erat`` is empty: the definition, so that HR can check it."""
    first, last = trace.window[0].isoformat(), trace.window[-1].isoformat()
    return (
        f"Tidak ada kontak erat: tidak ada pegawai lain di gedung dan lingkup "
        f"'{trace.scope.value}' yang sama yang WFO pada hari kasus WFO antara {first} dan {last} "
        f"/ no close contacts: nobody else in the same building and '{trace.scope.value}' was "
        f"on site on a day the case was, between {first} and {last}"
    )


def _write(run: _Run, outcome: ReplanOutcome, what: str, day: dt.date) -> None:
    options = run.options
    wanted = options.output or default_output(run, what, day)
    info = RunInfo(
        input_name=Path(run.given.name).name,
        input_sha256=run.given.sha256,
        seed=options.seed,
        time_limit_s=options.time_limit_s or outcome.problem.policy.time_limit_s,
        workers=options.workers,
        started_at=run.started_at,
        version=package_version(),
        language=options.language,
        warnings=tuple(outcome.warnings),
    )
    taken: Claim | None = None
    try:
        wanted.parent.mkdir(parents=True, exist_ok=True)
        taken = claim(wanted, options.force, run.never)
        if taken.path != wanted:
            outcome.renamed.append((wanted, taken.path))
        write_roster(
            taken.path,
            outcome.problem,
            outcome.result,
            outcome.report,
            info,
            outcome.explanation,
            addendum=addendum(outcome),
        )
        outcome.output = taken.path
    except OutputRefused as err:
        if taken is not None:
            taken.release()
        raise OutputError(str(err)) from None
    except OSError as err:
        if taken is not None:
            taken.release()
        raise OutputError(
            f"Tidak dapat menulis jadwal ke {wanted} / cannot write the roster to {wanted}: "
            f"{err.strerror or err}"
        ) from None
    except BaseException:
        if taken is not None:
            taken.release()
        raise
