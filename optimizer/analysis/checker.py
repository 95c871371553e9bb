"""The independent checker: re-verify a roster against every rule, from the ``Problem`` alone.

It deliberately shares no code with the solver (``models.calendar``, ``models.rules``,
``models.solve``, ``models.variables``): who is available when, the caps, the minimums and the
representation groups are all recomputed here, so a bug in the model cannot hide itself. It
imports only ``models.domain`` and ``optimizer.analysis.report`` (which passes on the rule names
of ``models.registry``: names, tiers and labels, no logic).

Conventions shared with the solver's shortfall report (so both can be compared):

* ``scope`` is the unit name (caps, minimums), the building name, the NIP (availability,
  front-line duty, roster shape) or ``"unit / bidang / seksi"`` without empty parts;
* caps, minimums and representation are checked on working dates only (not holidays), the
  essential minimum also not on days the unit's own building is closed;
* a closed-building day must read ``TUTUP`` (``Cell.CLOSED``), a vulnerable employee's open day
  ``WFH``; the leader rule (Pimpinan, ``Minimal Hari WFO Pimpinan``) is counted over the horizon
  and reported without a date.

Everything is one pass over the employees with per-date counters, so 60,000 staff take well under
a second.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from models.domain import (
    WEEKDAY_NAMES_ID,
    Cell,
    Employee,
    Problem,
    Representation,
    Roster,
    Unit,
    cap_count,
)
from optimizer.analysis.report import (
    COVERED,
    NOBODY_ELIGIBLE,
    NOT_COVERED,
    RULES,
    STATUS_CLOSED,
    STATUS_FULL,
    STATUS_HOLIDAY,
    STATUS_OK,
    STATUS_OVER,
    STATUS_UNDER_MIN,
    CheckReport,
    Coverage,
    DayCount,
    FairnessRow,
    RuleId,
    Violation,
)

__all__ = ["HARD_RULES", "RULE_ORDER", "check"]

#: Every rule the checker reports, in report order (the registry's rules; goals are not checked).
RULE_ORDER: tuple[RuleId, ...] = tuple(r for r, spec in RULES.items() if spec.is_rule)
#: The rules that never bend: a violation of one of them makes the roster invalid.
HARD_RULES: frozenset[RuleId] = frozenset(r for r in RULE_ORDER if not RULES[r].bends)
ROSTER_SCOPE = "Jadwal"  # scope of a roster-wide shape problem (wrong date set)

_RANK: dict[str, int] = {rule.value: i for i, rule in enumerate(RULE_ORDER)}
_FREE_CHOICE = "WFO/WFH"

SubunitKey = tuple[str, str, str]  # (unit, bidang, seksi); seksi "" = the bidang itself
Row = Sequence[Cell | None]  # one cell per problem date; None = missing or unreadable


# ---------------------------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------------------------


def _day_id(d: dt.date) -> str:
    return f"{WEEKDAY_NAMES_ID[d.weekday()]} {d.isoformat()}"


def _day_en(d: dt.date) -> str:
    return f"{d:%a} {d.isoformat()}"


def _violation(
    rule: RuleId,
    scope: str,
    date: dt.date | None,
    required: str,
    actual: str,
    reason_id: str,
    reason_en: str,
) -> Violation:
    return Violation(rule, rule in HARD_RULES, scope, date, required, actual, reason_id, reason_en)


def _sort_key(v: Violation) -> tuple[int, dt.date, str, str, str]:
    return (
        _RANK.get(v.rule, len(RULE_ORDER)),
        v.date or dt.date.min,
        v.scope,
        v.required,
        v.actual,
    )


def _cell_text(cell: object) -> str:
    if isinstance(cell, Cell):
        return cell.value
    return "(kosong / empty)" if cell is None else repr(cell)


def _subunit_scope(key: SubunitKey) -> str:
    return " / ".join(part for part in key if part)


@dataclass
class _Tally:
    """Per-date counters of one unit, building or subunit."""

    n: int
    staff: int = 0
    free: list[int] = field(init=False)
    on_site: list[int] = field(init=False)

    def __post_init__(self) -> None:
        self.free = [0] * self.n
        self.on_site = [0] * self.n


# ---------------------------------------------------------------------------------------------
# Availability, recomputed from the problem
# ---------------------------------------------------------------------------------------------


class _Availability:
    """The cell each employee must have on each date, or ``None`` on a free (WFO/WFH) day."""

    def __init__(self, problem: Problem, dates: tuple[dt.date, ...]) -> None:
        self.dates = dates
        self.holidays = problem.holiday_names
        self.is_holiday = tuple(d in self.holidays for d in dates)
        closed: dict[str, set[int]] = defaultdict(set)
        for c in problem.closures:
            closed[c.building].update(i for i, d in enumerate(dates) if c.start <= d <= c.end)
        self.closed = {b: frozenset(days) for b, days in closed.items()}
        absent: dict[str, list[Cell | None]] = {}
        for a in problem.absences:
            row = absent.setdefault(a.nip, [None] * len(dates))
            for i, d in enumerate(dates):
                if a.start <= d <= a.end and row[i] is None:
                    row[i] = Cell.of_absence(a.kind)  # the first listed absence wins
        self.absent = absent
        self._templates: dict[tuple[str, bool], tuple[Cell | None, ...]] = {}

    def required(self, emp: Employee, building: str) -> tuple[Cell | None, ...]:
        away = self.absent.get(emp.nip)
        if away is None:
            key = (building, emp.vulnerable)
            template = self._templates.get(key)
            if template is None:
                template = self._row(emp, building, None)
                self._templates[key] = template
            return template
        return self._row(emp, building, away)

    def _row(
        self, emp: Employee, building: str, away: list[Cell | None] | None
    ) -> tuple[Cell | None, ...]:
        shut = self.closed.get(building, frozenset())
        out: list[Cell | None] = []
        for i in range(len(self.dates)):
            if self.is_holiday[i]:
                out.append(Cell.HOLIDAY)
            elif away is not None and away[i] is not None:
                out.append(away[i])
            elif i in shut:
                out.append(Cell.CLOSED)
            elif emp.vulnerable:
                out.append(Cell.WFH)
            else:
                out.append(None)
        return tuple(out)

    def why(self, emp: Employee, building: str, i: int) -> tuple[str, str]:
        """Why the cell of ``emp`` on date index ``i`` is fixed (Indonesian, English)."""
        d = self.dates[i]
        if self.is_holiday[i]:
            name = self.holidays.get(d, "")
            return f"hari libur ({name})", f"holiday ({name})"
        away = self.absent.get(emp.nip)
        absence = away[i] if away is not None else None
        if absence is not None:
            return f"sedang {absence.value}", f"absent ({absence.value})"
        if i in self.closed.get(building, frozenset()):
            return f"gedung '{building}' ditutup", f"building '{building}' is closed"
        if emp.vulnerable:
            return "pegawai rentan, tidak boleh WFO", "vulnerable employee, never on site"
        return "hari kerja biasa", "ordinary working day"


# ---------------------------------------------------------------------------------------------
# Roster shape
# ---------------------------------------------------------------------------------------------


class _Rows:
    """Each employee's cells aligned on the problem's dates; reports every shape problem."""

    def __init__(self, problem: Problem, roster: Roster, dates: tuple[dt.date, ...]) -> None:
        self.problem = problem
        self.roster = roster
        self.dates = dates
        self.violations: list[Violation] = []
        self.same_dates = tuple(roster.dates) == dates
        first: dict[dt.date, int] = {}
        for i, d in enumerate(roster.dates):
            first.setdefault(d, i)
        self.positions = [first.get(d) for d in dates]
        self.empty: tuple[Cell | None, ...] = (None,) * len(dates)
        if not self.same_dates:
            self._wrong_dates()
        known = {e.nip for e in problem.employees}
        for nip in sorted(n for n in roster.cells if n not in known):
            self.violations.append(
                _violation(
                    RuleId.ROSTER_SHAPE,
                    nip,
                    None,
                    "tidak ada / absent",
                    "ada / present",
                    f"NIP {nip} ada di jadwal tetapi tidak ada di daftar pegawai",
                    f"NIP {nip} is in the roster but not among the employees",
                )
            )

    def _wrong_dates(self) -> None:
        want, got = self.dates, tuple(self.roster.dates)

        def span(ds: tuple[dt.date, ...]) -> str:
            return f"{ds[0].isoformat()} … {ds[-1].isoformat()} ({len(ds)})" if ds else "(0)"

        missing = [d.isoformat() for d in want if d not in set(got)]
        extra = [d.isoformat() for d in got if d not in set(want)]
        detail_id = f"kurang: {', '.join(missing) or '-'}; lebih: {', '.join(extra) or '-'}"
        detail_en = f"missing: {', '.join(missing) or '-'}; extra: {', '.join(extra) or '-'}"
        if not missing and not extra:
            detail_id = "urutan atau tanggal ganda berbeda"
            detail_en = "order or duplicate dates differ"
        self.violations.append(
            _violation(
                RuleId.ROSTER_SHAPE,
                ROSTER_SCOPE,
                None,
                span(want),
                span(got),
                f"Tanggal jadwal tidak sesuai periode Senin–Jumat ({detail_id})",
                f"Roster dates do not match the Monday–Friday horizon ({detail_en})",
            )
        )

    def row(self, emp: Employee) -> Row:
        raw = self.roster.cells.get(emp.nip)
        n = len(self.dates)
        if raw is None:
            self.violations.append(
                _violation(
                    RuleId.ROSTER_SHAPE,
                    emp.nip,
                    None,
                    "ada / present",
                    "tidak ada / absent",
                    f"Pegawai {emp.nip} ({emp.name}) tidak ada di jadwal",
                    f"Employee {emp.nip} ({emp.name}) is missing from the roster",
                )
            )
            return self.empty
        width = len(self.roster.dates)
        unknown = [c for c in raw if not isinstance(c, Cell)]
        if self.same_dates and len(raw) == n and not unknown:
            return raw
        if len(raw) != width:
            self.violations.append(
                _violation(
                    RuleId.ROSTER_SHAPE,
                    emp.nip,
                    None,
                    f"{width} sel / cells",
                    f"{len(raw)} sel / cells",
                    f"Baris pegawai {emp.nip} berisi {len(raw)} sel, seharusnya {width}",
                    f"The row of employee {emp.nip} has {len(raw)} cells, expected {width}",
                )
            )
        if unknown:
            shown = ", ".join(sorted({_cell_text(c) for c in unknown}))
            self.violations.append(
                _violation(
                    RuleId.ROSTER_SHAPE,
                    emp.nip,
                    None,
                    "WFO/WFH/CUTI/SAKIT/DL/ISOLASI/KARANTINA/LIBUR/TUTUP",
                    shown,
                    f"Baris pegawai {emp.nip} berisi sel tidak dikenal: {shown}",
                    f"The row of employee {emp.nip} has unknown cells: {shown}",
                )
            )
        out: list[Cell | None] = []
        for pos in self.positions:
            cell = raw[pos] if pos is not None and pos < len(raw) else None
            out.append(cell if isinstance(cell, Cell) else None)
        return out


# ---------------------------------------------------------------------------------------------
# The check
# ---------------------------------------------------------------------------------------------


@dataclass
class _Member:
    """A flexible employee as the fairness summary needs them."""

    emp: Employee
    office_days: int
    row: Row
    need: tuple[Cell | None, ...]
    subunits: list[SubunitKey]


@dataclass
class _State:
    problem: Problem
    dates: tuple[dt.date, ...]
    avail: _Availability
    units: dict[str, Unit]
    violations: list[Violation] = field(default_factory=list)
    unit_tally: dict[str, _Tally] = field(default_factory=dict)
    building_tally: dict[str, _Tally] = field(default_factory=dict)
    subunit_tally: dict[SubunitKey, _Tally] = field(default_factory=dict)
    groups: dict[tuple[str, int], list[_Member]] = field(default_factory=lambda: defaultdict(list))
    #: leaders (Pimpinan) with their office days and the days they could be on site
    leaders: list[tuple[Employee, int, int]] = field(default_factory=list)


def check(problem: Problem, roster: Roster) -> CheckReport:
    """Re-verify ``roster`` against every rule of ``problem`` (see the module docstring)."""
    dates = problem.dates
    state = _State(
        problem, dates, _Availability(problem, dates), {u.name: u for u in problem.units}
    )
    rows = _Rows(problem, roster, dates)
    _scan_employees(state, rows)
    violations = [*rows.violations, *state.violations]
    violations += _cap_violations(state)
    violations += _minimum_violations(state)
    violations += _leader_violations(state)
    coverage, rep_violations = _representation(state)
    violations += rep_violations
    violations.sort(key=_sort_key)
    return CheckReport(
        violations=violations,
        day_counts=_day_counts(state),
        coverage=coverage,
        fairness=_fairness(state),
    )


def _representation_on(problem: Problem) -> bool:
    policy = problem.policy
    return policy.representation is not Representation.NONE and policy.min_per_subunit > 0


def _subunit_keys(emp: Employee, representation: Representation) -> list[SubunitKey]:
    keys: list[SubunitKey] = []
    if emp.bidang:
        keys.append((emp.unit, emp.bidang, ""))
    if emp.seksi and representation is Representation.SECTION:
        keys.append((emp.unit, emp.bidang, emp.seksi))
    return keys


def _scan_employees(state: _State, rows: _Rows) -> None:
    """One pass over the employees: availability, front-line duty and every per-date counter."""
    problem, avail, n = state.problem, state.avail, len(state.dates)
    represent = _representation_on(problem)
    representation = problem.policy.representation
    wfo, wfh = Cell.WFO, Cell.WFH
    for emp in problem.employees:
        unit = state.units.get(emp.unit)
        building = emp.building or (unit.building if unit is not None else "")
        need = avail.required(emp, building)
        row = rows.row(emp)
        ut = state.unit_tally.get(emp.unit)
        if ut is None:
            ut = state.unit_tally[emp.unit] = _Tally(n)
        bt = state.building_tally.get(building)
        if bt is None:
            bt = state.building_tally[building] = _Tally(n)
        ut.staff += 1
        bt.staff += 1
        keys = _subunit_keys(emp, representation) if represent else []
        subs = []
        for key in keys:
            st = state.subunit_tally.get(key)
            if st is None:
                st = state.subunit_tally[key] = _Tally(n)
            st.staff += 1
            subs.append(st)
        u_on, u_free, b_on, b_free = ut.on_site, ut.free, bt.on_site, bt.free
        office = 0
        always = emp.always_on_site
        for i in range(n):
            cell, fixed = row[i], need[i]
            if cell is wfo:
                office += 1
                u_on[i] += 1
                b_on[i] += 1
                for st in subs:
                    st.on_site[i] += 1
            if fixed is None:
                u_free[i] += 1
                b_free[i] += 1
                for st in subs:
                    st.free[i] += 1
                if cell is not wfo and cell is not wfh and cell is not None:
                    _availability(state, emp, building, i, _FREE_CHOICE, cell)
                if always and cell is not wfo:
                    _missed_duty(state, emp, i, cell)
            elif cell is not fixed and cell is not None:
                _availability(state, emp, building, i, fixed.value, cell)
        free_days = sum(1 for f in need if f is None)
        if emp.leader and not emp.vulnerable:
            state.leaders.append((emp, office, free_days))
        if emp.flexible and unit is not None:
            state.groups[emp.unit, free_days].append(_Member(emp, office, row, need, keys))


def _availability(
    state: _State, emp: Employee, building: str, i: int, required: str, cell: Cell
) -> None:
    d = state.dates[i]
    why_id, why_en = state.avail.why(emp, building, i)
    state.violations.append(
        _violation(
            RuleId.AVAILABILITY,
            emp.nip,
            d,
            required,
            cell.value,
            f"Pegawai {emp.nip} ({emp.name}) tercatat {cell.value} pada {_day_id(d)}, "
            f"seharusnya {required}: {why_id}",
            f"Employee {emp.nip} ({emp.name}) is {cell.value} on {_day_en(d)}, "
            f"must be {required}: {why_en}",
        )
    )


def _missed_duty(state: _State, emp: Employee, i: int, cell: Cell | None) -> None:
    d = state.dates[i]
    actual = _cell_text(cell)
    state.violations.append(
        _violation(
            RuleId.ALWAYS_ON_SITE,
            emp.nip,
            d,
            Cell.WFO.value,
            actual,
            f"Pegawai wajib WFO {emp.nip} ({emp.name}) tercatat {actual} pada {_day_id(d)} "
            "padahal bisa hadir",
            f"Front-line employee {emp.nip} ({emp.name}) is {actual} on {_day_en(d)} "
            "although available",
        )
    )


def _unit_cap(state: _State, unit: Unit) -> int:
    tally = state.unit_tally.get(unit.name)
    return cap_count(state.problem.unit_cap_pct(unit), tally.staff if tally else 0)


def _building_limit(state: _State, name: str) -> int | None:
    building = state.problem.building(name)
    limits: list[int] = []
    if building.seats is not None:
        limits.append(building.seats)
    if building.cap_pct is not None:
        tally = state.building_tally.get(name)
        limits.append(cap_count(building.cap_pct, tally.staff if tally else 0))
    return min(limits) if limits else None


def _working(state: _State) -> list[int]:
    return [i for i in range(len(state.dates)) if not state.avail.is_holiday[i]]


def _cap_violations(state: _State) -> list[Violation]:
    out: list[Violation] = []
    working = _working(state)
    for unit in state.problem.units:
        tally = state.unit_tally.get(unit.name)
        if tally is None:
            continue
        cap = _unit_cap(state, unit)
        for i in working:
            on = tally.on_site[i]
            if on > cap:
                d = state.dates[i]
                out.append(
                    _violation(
                        RuleId.UNIT_CAP,
                        unit.name,
                        d,
                        f"<= {cap}",
                        str(on),
                        f"Unit '{unit.name}' hadir {on} orang pada {_day_id(d)}, kuota {cap}",
                        f"Unit '{unit.name}' has {on} on site on {_day_en(d)}, cap {cap}",
                    )
                )
    for name, tally in state.building_tally.items():
        limit = _building_limit(state, name)
        if limit is None:
            continue
        for i in working:
            on = tally.on_site[i]
            if on > limit:
                d = state.dates[i]
                out.append(
                    _violation(
                        RuleId.BUILDING_CAP,
                        name,
                        d,
                        f"<= {limit}",
                        str(on),
                        f"Gedung '{name}' terisi {on} orang pada {_day_id(d)}, batas {limit}",
                        f"Building '{name}' has {on} on site on {_day_en(d)}, limit {limit}",
                    )
                )
    return out


def _minimum_violations(state: _State) -> list[Violation]:
    out: list[Violation] = []
    working = _working(state)
    for unit in state.problem.units:
        need = unit.min_per_day
        if not need:
            continue
        tally = state.unit_tally.get(unit.name)
        shut = state.avail.closed.get(unit.building, frozenset())
        for i in working:
            if i in shut:
                continue
            on = tally.on_site[i] if tally else 0
            if on < need:
                d = state.dates[i]
                out.append(
                    _violation(
                        RuleId.ESSENTIAL_MINIMUM,
                        unit.name,
                        d,
                        f">= {need}",
                        str(on),
                        f"Unit esensial '{unit.name}' hanya hadir {on} orang pada {_day_id(d)}, "
                        f"minimal {need}",
                        f"Essential unit '{unit.name}' has only {on} on site on {_day_en(d)}, "
                        f"minimum {need}",
                    )
                )
    return out


def _leader_violations(state: _State) -> list[Violation]:
    """Each available leader has at least min(N, days they are available) office days."""
    least = state.problem.policy.leader_min_days
    out: list[Violation] = []
    if least <= 0:
        return out
    for emp, office, free_days in state.leaders:
        need = min(least, free_days)
        if office < need:
            out.append(
                _violation(
                    RuleId.LEADER_ON_SITE,
                    emp.nip,
                    None,
                    f">= {need}",
                    str(office),
                    f"Pimpinan {emp.nip} ({emp.name}) hanya {office} hari WFO, minimal {need} "
                    f"(dapat hadir {free_days} hari)",
                    f"Leader {emp.nip} ({emp.name}) has only {office} office day(s), at least "
                    f"{need} (available on {free_days})",
                )
            )
    return out


def _unit_order(state: _State) -> dict[str, int]:
    return {u.name: i for i, u in enumerate(state.problem.units)}


def _representation(state: _State) -> tuple[list[Coverage], list[Violation]]:
    coverage: list[Coverage] = []
    violations: list[Violation] = []
    need = state.problem.policy.min_per_subunit
    order = _unit_order(state)
    keys = sorted(state.subunit_tally, key=lambda k: (order.get(k[0], len(order)), k))
    for key in keys:
        unit, bidang, seksi = key
        tally = state.subunit_tally[key]
        rule = RuleId.REPRESENT_SEKSI if seksi else RuleId.REPRESENT_BIDANG
        scope = _subunit_scope(key)
        for i, d in enumerate(state.dates):
            eligible, present = tally.free[i], tally.on_site[i]
            required = min(need, eligible)
            if state.avail.is_holiday[i]:
                status = STATUS_HOLIDAY
            elif eligible == 0:
                status = NOBODY_ELIGIBLE
            elif present >= required:
                status = COVERED
            else:
                status = NOT_COVERED
                kind_id, kind_en = ("Seksi", "Section") if seksi else ("Bidang", "Division")
                violations.append(
                    _violation(
                        rule,
                        scope,
                        d,
                        f">= {required}",
                        str(present),
                        f"{kind_id} '{scope}' hadir {present} orang pada {_day_id(d)}, "
                        f"dibutuhkan {required} ({eligible} bisa hadir)",
                        f"{kind_en} '{scope}' has {present} on site on {_day_en(d)}, "
                        f"needs {required} ({eligible} eligible)",
                    )
                )
            coverage.append(
                Coverage(unit, bidang, seksi, d, tally.staff, eligible, required, present, status)
            )
    return coverage, violations


def _day_status(holiday: bool, closed: bool, on: int, cap: int | None, minimum: int | None) -> str:
    if holiday:
        return STATUS_HOLIDAY
    if cap is not None and on > cap:
        return STATUS_OVER  # shown even on a closed day: the cap is broken either way
    if closed:
        return STATUS_CLOSED
    if minimum and on < minimum:
        return STATUS_UNDER_MIN
    if cap is not None and on == cap:
        return STATUS_FULL
    return STATUS_OK


def _building_names(state: _State) -> list[str]:
    """Buildings someone works in: listed ones in sheet order, then the others as first met."""
    listed = [b.name for b in state.problem.buildings if b.name in state.building_tally]
    seen = set(listed)
    return listed + [b for b in state.building_tally if b not in seen]


def _day_counts(state: _State) -> list[DayCount]:
    out: list[DayCount] = []
    dates, holiday, closed = state.dates, state.avail.is_holiday, state.avail.closed
    empty = _Tally(len(dates))
    for unit in state.problem.units:
        tally = state.unit_tally.get(unit.name, empty)
        cap = _unit_cap(state, unit)
        minimum = unit.min_per_day or None
        shut = closed.get(unit.building, frozenset())
        for i, d in enumerate(dates):
            on = tally.on_site[i]
            status = _day_status(holiday[i], i in shut, on, cap, minimum)
            out.append(
                DayCount("Unit", unit.name, d, tally.staff, tally.free[i], on, cap, minimum, status)
            )
    for name in _building_names(state):
        tally = state.building_tally[name]
        limit = _building_limit(state, name)
        shut = closed.get(name, frozenset())
        for i, d in enumerate(dates):
            on = tally.on_site[i]
            status = _day_status(holiday[i], i in shut, on, limit, None)
            out.append(
                DayCount("Gedung", name, d, tally.staff, tally.free[i], on, limit, None, status)
            )
    return out


def _fairness(state: _State) -> list[FairnessRow]:
    """Spread of office days per unit among flexible staff with the same number of free days.

    An exception is someone above the band (more than ``min + 1`` office days) who, on one of
    their office days, was the only eligible member of a subunit that had to be represented, or
    a leader (Pimpinan) when the leader rule asks for office days.
    """
    leaders_on = state.problem.policy.leader_min_days > 0
    order = _unit_order(state)
    rows: list[FairnessRow] = []
    for (unit, free_days), members in sorted(
        state.groups.items(), key=lambda kv: (order.get(kv[0][0], len(order)), kv[0])
    ):
        history = state.problem.history_days
        days = [m.office_days + history(m.emp.nip) for m in members]
        low, high = min(days), max(days)
        exceptions = sorted(
            m.emp.nip
            for m, total in zip(members, days, strict=True)
            if total > low + 1 and ((leaders_on and m.emp.leader) or _sole_cover(state, m))
        )
        rows.append(
            FairnessRow(
                unit,
                free_days,
                len(members),
                low,
                high,
                tuple(exceptions),
                bool(state.problem.history),
            )
        )
    return rows


def _sole_cover(state: _State, member: _Member) -> bool:
    for i, cell in enumerate(member.row):
        if cell is not Cell.WFO or member.need[i] is not None:
            continue
        for key in member.subunits:
            if state.subunit_tally[key].free[i] == 1:
                return True
    return False
