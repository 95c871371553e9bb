"""Re-check a hand-edited roster (``giliran periksa``): every broken rule with its cells.

HR edit the written roster by hand. ``optimizer.app.service.check_roster`` reads it back through
the hardened reader with the place of every cell (``optimizer.io.roster_reader``), runs the
independent checker on it, and this module turns each violation into the cells HR must look at:

* a person's rule (availability — a ``TUTUP``, ``LIBUR`` or ``CUTI`` cell changed to ``WFO`` —,
  front-line duty): that person's cell on that date;
* a cap (unit, building): every ``WFO`` cell of its staff on that date (one of them must go);
  with start waves, the cells of the waves present together whose count is over the cap;
* a start wave (rule ``wave``): that person's cell;
* a minimum or representation: every ``WFH`` cell of the unit or subunit on that date (one of
  them must come);
* a leader's office days: the leader's ``WFH`` cells;
* the roster's shape: unknown codes, a NIP not in the input (its NIP cell), a date outside the
  input's horizon (its header cell), a name that differs from the input (its name cell); an
  employee of the input missing from the roster has no cell, and is named.

Nothing is guessed: a cell that is not a code stays unknown, a NIP that is not in the input is
not matched to a similar one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from models.domain import Cell, Employee, Problem
from models.registry import RULES, RuleId
from optimizer.analysis.report import CheckReport, Violation
from optimizer.errors import InputProblem
from optimizer.io.roster_reader import SHEET, CellRef, LocatedRoster

#: At most this many cells are printed per broken rule (all are in ``BrokenRule.cells``).
SHOWN_CELLS = 12


@dataclass(frozen=True)
class BrokenRule:
    """A rule the edited roster breaks, and the cells that make it so."""

    rule: str  # a ``RuleId`` value
    hard: bool
    scope: str
    date: dt.date | None
    reason_id: str
    reason_en: str
    cells: tuple[CellRef, ...]

    def lines(self) -> list[str]:
        kind = "WAJIB/HARD" if self.hard else "ATURAN/RULE"
        label = RULES[RuleId(self.rule)].label if self.rule in RULES else self.rule
        out = [f"[{kind}] {label}: {self.reason_id} / {self.reason_en}"]
        for cell in self.cells[:SHOWN_CELLS]:
            out.append(f"    {cell.render()}")
        if len(self.cells) > SHOWN_CELLS:
            out.append(f"    … {len(self.cells) - SHOWN_CELLS} sel lagi / more cells")
        return out


@dataclass
class RosterCheck:
    """What ``check_roster`` found: the input, the roster read back, the check, what broke."""

    problem: Problem
    located: LocatedRoster
    report: CheckReport
    warnings: list[InputProblem] = field(default_factory=list)
    broken: list[BrokenRule] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.broken


def _subunit_of(emp: Employee, scope: str) -> bool:
    parts = (emp.unit, emp.bidang, emp.seksi)
    return " / ".join(p for p in parts if p) == scope or (
        bool(emp.bidang) and f"{emp.unit} / {emp.bidang}" == scope
    )


def broken_rules(problem: Problem, located: LocatedRoster, report: CheckReport) -> list[BrokenRule]:
    """Every violation of ``report`` with its cells, then what the reader could not read."""
    out = [_located(problem, located, v) for v in report.violations]
    out += _changed_names(problem, located)
    for p in located.problems:
        cell = CellRef(SHEET, p.row or 0, located.nip_column)
        out.append(
            BrokenRule(
                RuleId.ROSTER_SHAPE.value, True, "NIP", None, p.message_id, p.message_en, (cell,)
            )
        )
    return out


def _located(problem: Problem, located: LocatedRoster, v: Violation) -> BrokenRule:
    roster = located.roster

    def cells(staff: Callable[[Employee], bool], code: Cell) -> tuple[CellRef, ...]:
        day = v.date
        if day is None or day not in located.columns:
            return ()
        found = []
        at = roster.dates.index(day)
        for emp in problem.employees:
            row = roster.cells.get(emp.nip)
            if row is None or not staff(emp):
                continue
            wave_row = roster.waves.get(emp.nip)
            if v.waves and not _in_waves(wave_row, at, v.waves, len(problem.policy.waves)):
                continue  # a cap of the people present together: only the cells of its waves
            if row[at] is code and (ref := located.cell(emp.nip, day)):
                found.append(ref)
        return tuple(sorted(found))

    found: tuple[CellRef, ...] = ()
    rule = v.rule
    if rule in (RuleId.AVAILABILITY, RuleId.ALWAYS_ON_SITE, RuleId.WAVE) and v.date is not None:
        ref = located.cell(v.scope, v.date)
        found = (ref,) if ref else ()
    elif rule == RuleId.UNIT_CAP:
        found = cells(lambda e: e.unit == v.scope, Cell.WFO)
    elif rule == RuleId.BUILDING_CAP:
        found = cells(lambda e: problem.building_of(e) == v.scope, Cell.WFO)
    elif rule == RuleId.ESSENTIAL_MINIMUM:
        found = cells(lambda e: e.unit == v.scope, Cell.WFH)
    elif rule in (RuleId.REPRESENT_BIDANG, RuleId.REPRESENT_SEKSI):
        found = cells(lambda e: _subunit_of(e, v.scope), Cell.WFH)
    elif rule == RuleId.LEADER_ON_SITE and v.scope in roster.cells:
        row = roster.cells[v.scope]
        found = tuple(
            ref
            for day, cell in zip(roster.dates, row, strict=True)
            if cell is Cell.WFH and (ref := located.cell(v.scope, day))
        )
    elif rule == RuleId.COHORTS:
        # cohorts mixing on a day: every WFO cell of the group that day; a missing or wrong
        # cohort: the employee's NIP cell
        where = located.rows.get(v.scope)
        if where is not None:
            found = (CellRef(SHEET, where.row, located.nip_column, where.nip, where.name),)
        else:
            found = cells(lambda e: _subunit_of(e, v.scope) or e.unit == v.scope, Cell.WFO)
    elif rule == RuleId.ROSTER_SHAPE:
        found = _shape_cells(problem, located, v)
    return BrokenRule(rule, v.hard, v.scope, v.date, v.reason_id, v.reason_en, found)


def _in_waves(row: tuple[int, ...] | None, at: int, waves: tuple[int, ...], n_waves: int) -> bool:
    """Whether a cell counts in ``waves``: its wave is one of them, or it has no valid wave
    of the ``n_waves`` (the checker counts such a cell in every wave)."""
    wave = row[at] if row and at < len(row) else 0
    return wave in waves or not 1 <= wave <= n_waves


def _shape_cells(problem: Problem, located: LocatedRoster, v: Violation) -> tuple[CellRef, ...]:
    if v.scope == "Jadwal":  # the date set: the header of every date outside the horizon
        horizon = set(problem.dates)
        return tuple(
            ref
            for day in located.columns
            if day not in horizon and (ref := located.header(day)) is not None
        )
    where = located.rows.get(v.scope)
    if where is None:
        return ()  # an employee of the input missing from the roster: named, no cell
    unknown = tuple(ref for ref, _ in located.unknown if ref.nip == v.scope)
    return unknown or (CellRef(SHEET, where.row, located.nip_column, where.nip, where.name),)


def _normal(name: str) -> str:
    return " ".join(name.split()).casefold()


def _changed_names(problem: Problem, located: LocatedRoster) -> list[BrokenRule]:
    """A NIP whose name in the roster is not the input's: a NIP typed over, or a changed row."""
    out: list[BrokenRule] = []
    column = located.name_column
    if column is None:
        return out
    for emp in problem.employees:
        where = located.rows.get(emp.nip)
        if where is None or _normal(where.name) == _normal(emp.name):
            continue
        out.append(
            BrokenRule(
                RuleId.ROSTER_SHAPE.value,
                True,
                emp.nip,
                None,
                f"NIP {emp.nip} bernama '{where.name}' di jadwal, tetapi '{emp.name}' di input",
                f"NIP {emp.nip} is named '{where.name}' in the roster but '{emp.name}' in the "
                "input",
                (CellRef(SHEET, where.row, column, emp.nip, where.name),),
            )
        )
    return out
