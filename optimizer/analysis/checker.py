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
  and reported without a date;
* with two or more start waves (``Policy.waves``) every ``WFO`` cell has exactly one wave of the
  policy and no other cell has one (rule ``wave``); the building cap (and the unit cap with
  ``unit_cap_per_wave``) counts the people present at the same time: at the start of each wave,
  everybody whose wave has begun and not ended. A ``WFO`` cell without a valid wave counts in
  every wave (it could be any). Minimums and representation count the whole day.

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
    CohortLevel,
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
    waves: int = 0  # start waves of the policy (counted per wave when 2 or more)
    free: list[int] = field(init=False)
    on_site: list[int] = field(init=False)
    #: ``in_wave[i][w]``: on site on date i in wave w (0-based); ``any_wave[i]``: on site on
    #: date i without a valid wave (counted in every wave)
    in_wave: list[list[int]] = field(init=False)
    any_wave: list[int] = field(init=False)

    def __post_init__(self) -> None:
        self.free = [0] * self.n
        self.on_site = [0] * self.n
        self.in_wave = [[0] * self.waves for _ in range(self.n)] if self.waves > 1 else []
        self.any_wave = [0] * self.n

    def at_once(self, i: int, waves: tuple[int, ...]) -> int:
        """On site on date i in any of ``waves`` (0-based), the unknown-wave ones included."""
        row = self.in_wave[i]
        return sum(row[w] for w in waves) + self.any_wave[i]


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
        self.no_waves: tuple[int, ...] = (0,) * len(dates)
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

    def waves(self, emp: Employee) -> Sequence[int]:
        """The start wave of each problem date (0 = none), aligned like ``row``."""
        raw = self.roster.waves.get(emp.nip)
        if not raw:
            return self.no_waves
        if self.same_dates and len(raw) == len(self.dates):
            return raw
        return [raw[p] if p is not None and p < len(raw) else 0 for p in self.positions]


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
    duty: dict[int, int] | None = None  # cohort mode: date index -> cohort on duty (lazily)


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
    violations += _cohort_violations(state, roster)
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
    n_waves = len(problem.policy.waves)
    for emp in problem.employees:
        unit = state.units.get(emp.unit)
        building = emp.building or (unit.building if unit is not None else "")
        need = avail.required(emp, building)
        row = rows.row(emp)
        waves = rows.waves(emp)
        ut = state.unit_tally.get(emp.unit)
        if ut is None:
            ut = state.unit_tally[emp.unit] = _Tally(n, waves=n_waves)
        bt = state.building_tally.get(building)
        if bt is None:
            bt = state.building_tally[building] = _Tally(n, waves=n_waves)
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
            if n_waves > 1 or waves[i]:
                _wave_cell(state, emp, i, cell, waves[i], (ut, bt))
            if fixed is None:
                u_free[i] += 1
                b_free[i] += 1
                for st in subs:
                    st.free[i] += 1
                if cell is not wfo and cell is not wfh and cell is not None:
                    _availability(state, emp, building, i, _FREE_CHOICE, cell)
                if always and cell is not wfo and _on_duty(state, rows.roster, emp, i):
                    _missed_duty(state, emp, i, cell)
            elif cell is not fixed and cell is not None:
                _availability(state, emp, building, i, fixed.value, cell)
        free_days = sum(1 for f in need if f is None)
        if emp.leader and not emp.vulnerable:
            state.leaders.append((emp, office, free_days))
        if emp.flexible and unit is not None:
            state.groups[emp.unit, free_days].append(_Member(emp, office, row, need, keys))


def _wave_cell(
    state: _State, emp: Employee, i: int, cell: Cell | None, wave: int, tallies: Sequence[_Tally]
) -> None:
    """The start wave of one cell: exactly one valid wave when on site, none otherwise."""
    n_waves = len(state.problem.policy.waves)
    on_site = cell is Cell.WFO
    valid = 1 <= wave <= n_waves if n_waves > 1 else wave in (0, 1) and n_waves == 1
    if on_site and n_waves > 1:
        for tally in tallies:
            if valid:
                tally.in_wave[i][wave - 1] += 1
            else:
                tally.any_wave[i] += 1
    if on_site and (valid or (n_waves <= 1 and wave == 0)):
        return
    if not on_site and wave == 0:
        return
    d = state.dates[i]
    shown = f"WFO-{wave}" if on_site and wave else _cell_text(cell) + (f" ({wave})" if wave else "")
    if on_site and n_waves > 1:
        required = f"WFO-1 … WFO-{n_waves}"
        why_id = f"pegawai WFO harus berada di tepat satu gelombang 1–{n_waves}"
        why_en = f"an on-site employee must be in exactly one wave 1–{n_waves}"
    elif on_site:
        required = Cell.WFO.value
        why_id = "input tidak menetapkan gelombang"
        why_en = "the input sets no start waves"
    else:
        required = "-"
        why_id = "gelombang hanya untuk pegawai yang WFO"
        why_en = "only on-site staff have a wave"
    state.violations.append(
        _violation(
            RuleId.WAVE,
            emp.nip,
            d,
            required,
            shown,
            f"Pegawai {emp.nip} ({emp.name}) tercatat {shown} pada {_day_id(d)}: {why_id}",
            f"Employee {emp.nip} ({emp.name}) is {shown} on {_day_en(d)}: {why_en}",
        )
    )


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


def _present_together(state: _State) -> list[tuple[int, ...]]:
    """With start waves: for each moment a wave starts, the waves (0-based) in the building
    then (begun and not ended); a moment whose waves are all present at another one too is
    left out (it cannot hold more people). Without waves: []."""
    waves = state.problem.policy.waves
    if len(waves) < 2:
        return []
    moments = [
        tuple(v for v, other in enumerate(waves) if other.start <= w.start < other.end)
        for w in waves
    ]
    return [
        m
        for k, m in enumerate(moments)
        if not any(set(m) <= set(o) and (set(m) != set(o) or j < k) for j, o in enumerate(moments))
    ]


def _wave_names(waves: tuple[int, ...]) -> str:
    return "+".join(str(w + 1) for w in waves)


def _over(
    state: _State,
    rule: RuleId,
    name: str,
    i: int,
    on: int,
    cap: int,
    waves: tuple[int, ...] = (),
) -> Violation:
    d = state.dates[i]
    if rule is RuleId.UNIT_CAP:
        what_id, what_en = f"Unit '{name}' hadir {on} orang", f"Unit '{name}' has {on} on site"
        limit_id, limit_en = f"kuota {cap}", f"cap {cap}"
    else:
        what_id, what_en = f"Gedung '{name}' terisi {on} orang", f"Building '{name}' has {on}"
        what_en += " on site"
        limit_id, limit_en = f"batas {cap}", f"limit {cap}"
    when_id = when_en = ""
    if waves:
        spans = ", ".join(state.problem.policy.waves[w].label for w in waves)
        when_id = f" pada saat yang sama (gelombang {_wave_names(waves)}: {spans})"
        when_en = f" at the same time (wave {_wave_names(waves)}: {spans})"
    return Violation(
        rule,
        rule in HARD_RULES,
        name,
        d,
        f"<= {cap}",
        str(on),
        f"{what_id}{when_id} pada {_day_id(d)}, {limit_id}",
        f"{what_en}{when_en} on {_day_en(d)}, {limit_en}",
        tuple(w + 1 for w in waves),
    )


def _capped(
    state: _State, rule: RuleId, name: str, tally: _Tally, cap: int, per_wave: bool
) -> list[Violation]:
    """Days (or, per wave, moments of a day) on which ``tally`` holds more than ``cap``."""
    out: list[Violation] = []
    moments = _present_together(state) if per_wave else []
    for i in _working(state):
        if moments:
            for waves in moments:
                on = tally.at_once(i, waves)
                if on > cap:
                    out.append(_over(state, rule, name, i, on, cap, waves))
        elif tally.on_site[i] > cap:
            out.append(_over(state, rule, name, i, tally.on_site[i], cap))
    return out


def _cap_violations(state: _State) -> list[Violation]:
    out: list[Violation] = []
    per_wave_units = state.problem.policy.unit_cap_per_wave
    for unit in state.problem.units:
        tally = state.unit_tally.get(unit.name)
        if tally is None:
            continue
        cap = _unit_cap(state, unit)
        out += _capped(state, RuleId.UNIT_CAP, unit.name, tally, cap, per_wave_units)
    for name, tally in state.building_tally.items():
        limit = _building_limit(state, name)
        if limit is None:
            continue
        out += _capped(state, RuleId.BUILDING_CAP, name, tally, limit, True)
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


def _cohort_violations(state: _State, roster: Roster) -> list[Violation]:
    """Cohort mode (``Kohort`` = K ≥ 2): recomputed from the rule's definition alone.

    The staff (all but the vulnerable) of each seksi, or bidang with
    ``Tingkat Kohort = Bidang``, who can be on site on some day must each carry a cohort 1…K
    (``Kohort`` column); on no working day are members of two cohorts of one group on site; each
    cohort has at least ⌊m / K⌋ of the group's m such members.
    """
    problem = state.problem
    k_count = problem.policy.cohorts
    if k_count < 2:
        return []
    by_bidang = problem.policy.cohort_level is CohortLevel.DIVISION
    out: list[Violation] = []
    groups: dict[tuple[str, ...], list[Employee]] = defaultdict(list)
    for emp in problem.employees:
        unit = state.units.get(emp.unit)
        if unit is None or emp.vulnerable:
            continue
        building = emp.building or unit.building
        if all(f is not None for f in state.avail.required(emp, building)):
            continue  # never able to be on site: in no cohort
        group: tuple[str, ...] = (emp.unit, emp.bidang)
        groups[group if by_bidang else (*group, emp.seksi)].append(emp)
    dates = state.dates
    positions = {d: i for i, d in enumerate(roster.dates)}
    for key, members in groups.items():
        scope = " / ".join(p for p in key if p)
        sizes = [0] * (k_count + 1)
        on_site: list[dict[int, list[str]]] = [defaultdict(list) for _ in dates]
        for emp in members:
            k = roster.cohorts.get(emp.nip)
            if k is None or not 1 <= k <= k_count:
                shown = "-" if k is None else str(k)
                out.append(
                    _violation(
                        RuleId.COHORTS,
                        emp.nip,
                        None,
                        f"1…{k_count}",
                        shown,
                        f"Pegawai {emp.nip} ({emp.name}) tidak punya kohort yang sah ({shown}); "
                        f"kohort {scope} harus 1 sampai {k_count}",
                        f"Employee {emp.nip} ({emp.name}) has no valid cohort ({shown}); the "
                        f"cohorts of {scope} are 1 to {k_count}",
                    )
                )
                k = 0  # counted as a cohort of its own: mixing with it is reported too
            sizes[k] += 1
            row = roster.cells.get(emp.nip, ())
            for i, d in enumerate(dates):
                j = positions.get(d)
                if j is not None and j < len(row) and row[j] is Cell.WFO:
                    on_site[i][k].append(emp.nip)
        for i, d in enumerate(dates):
            present = on_site[i]
            if len(present) > 1 and not state.avail.is_holiday[i]:
                shown = ", ".join(
                    f"{_cohort_name(k)}: {len(nips)}" for k, nips in sorted(present.items())
                )
                out.append(
                    _violation(
                        RuleId.COHORTS,
                        scope,
                        d,
                        "1 kohort / cohort",
                        shown,
                        f"Kohort {scope} bercampur pada {_day_id(d)} ({shown} orang WFO)",
                        f"Cohorts of {scope} mix on {_day_en(d)} ({shown} on site)",
                    )
                )
        least = len(members) // k_count
        for k in range(1, k_count + 1):
            if sizes[k] < least:
                out.append(
                    _violation(
                        RuleId.COHORTS,
                        scope,
                        None,
                        f">= {least}",
                        str(sizes[k]),
                        f"Kohort {_cohort_name(k)} dari {scope} hanya {sizes[k]} orang, minimal "
                        f"{least} (⌊{len(members)}/{k_count}⌋)",
                        f"Cohort {_cohort_name(k)} of {scope} has only {sizes[k]} member(s), at "
                        f"least {least} (⌊{len(members)}/{k_count}⌋)",
                    )
                )
    return out


def _duty_cohort(problem: Problem) -> dict[int, int]:
    """Cohort mode: date index -> the cohort (1…K) on duty, by the rule's day pattern: the i-th
    working date of the horizon belongs to cohort (i mod K) + 1."""
    holidays = problem.holiday_names
    working = [i for i, d in enumerate(problem.dates) if d not in holidays]
    return {i: n % problem.policy.cohorts + 1 for n, i in enumerate(working)}


def _on_duty(state: _State, roster: Roster, emp: Employee, i: int) -> bool:
    """Whether a front-line employee is on duty on date index ``i``: every day, or in cohort mode
    the days of their own cohort (one without a valid cohort: every day; reported apart)."""
    k_count = state.problem.policy.cohorts
    if k_count < 2:
        return True
    k = roster.cohorts.get(emp.nip)
    if k is None or not 1 <= k <= k_count:
        return True
    if state.duty is None:
        state.duty = _duty_cohort(state.problem)
    return state.duty.get(i) == k


def _cohort_name(k: int) -> str:
    """``A``, ``B``, … for cohorts 1, 2, …; ``-`` for no (valid) cohort."""
    return chr(ord("A") + k - 1) if 1 <= k <= 26 else "-"


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
    """Per unit and building and date the on-site count against its cap; where a cap counts
    the people present at the same time (start waves), the day's row has no cap and one row
    per set of waves present together follows it, with the cap."""
    out: list[DayCount] = []
    dates, holiday, closed = state.dates, state.avail.is_holiday, state.avail.closed
    empty = _Tally(len(dates), waves=len(state.problem.policy.waves))
    moments = _present_together(state)
    unit_moments = moments if state.problem.policy.unit_cap_per_wave else []
    for unit in state.problem.units:
        tally = state.unit_tally.get(unit.name, empty)
        cap = _unit_cap(state, unit)
        minimum = unit.min_per_day or None
        shut = closed.get(unit.building, frozenset())
        for i, d in enumerate(dates):
            on = tally.on_site[i]
            day_cap = None if unit_moments else cap
            status = _day_status(holiday[i], i in shut, on, day_cap, minimum)
            out.append(
                DayCount(
                    "Unit", unit.name, d, tally.staff, tally.free[i], on, day_cap, minimum, status
                )
            )
            for waves in unit_moments:
                at = tally.at_once(i, waves)
                status = _day_status(holiday[i], i in shut, at, cap, None)
                out.append(
                    DayCount(
                        "Unit",
                        unit.name,
                        d,
                        tally.staff,
                        tally.free[i],
                        at,
                        cap,
                        None,
                        status,
                        _wave_names(waves),
                    )
                )
    for name in _building_names(state):
        tally = state.building_tally[name]
        limit = _building_limit(state, name)
        shut = closed.get(name, frozenset())
        waved = moments if limit is not None else []
        for i, d in enumerate(dates):
            on = tally.on_site[i]
            day_limit = None if waved else limit
            status = _day_status(holiday[i], i in shut, on, day_limit, None)
            out.append(
                DayCount("Gedung", name, d, tally.staff, tally.free[i], on, day_limit, None, status)
            )
            for waves in waved:
                at = tally.at_once(i, waves)
                status = _day_status(holiday[i], i in shut, at, limit, None)
                out.append(
                    DayCount(
                        "Gedung",
                        name,
                        d,
                        tally.staff,
                        tally.free[i],
                        at,
                        limit,
                        None,
                        status,
                        _wave_names(waves),
                    )
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
