"""A solver-neutral linear model of the roster rules, and the objective used to score any roster.

This module is the benchmark's own, independent reconstruction of the rules in ``models/rules``
(written from their docstrings), with one 0/1 variable per employee and free day and no
decomposition: the "textbook" model that the naive CP-SAT run, the HiGHS MIP and the LP bound
all solve. It imports neither OR-Tools nor highspy (the two cannot share a process), only the
domain objects and the availability calendar, so every solver worker can build it.

Rules (one row family each; never-broken rules have no slack):

* unit cap, building cap: ``Σ x ≤ cap`` (only where more people are available than the cap);
* essential minimum: ``Σ x + s ≥ min`` on working days the unit's building is open;
* always on site: ``x + m ≥ 1`` for every free day of a ``Wajib WFO`` employee;
* representation of every bidang and seksi: ``Σ x + s ≥ min(need, available)``.

Objective, exactly as ``models/solve.py`` weighs it: ``BIG · Σ shortfalls + goals`` where the
goals are the quota reward per office day (per component, as in ``models.rules.goals``), the
convex fairness cost of flexible staff through "level" variables (``Σ_k L_k = Σ_d x_d``,
``L_{k+1} ≤ L_k``, the k-th office day costs ``FAIRNESS_UNIT·(2k−1)``, one unit less when
vaccinated) and the preferred-day reward. ``goal_score`` evaluates the same goals on any roster.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from models.calendar import Calendar, build_calendar
from models.domain import Problem, Representation, cap_count

#: Goal weights of ``models/rules/goals.py`` (copied: importing them would import OR-Tools).
PREFERENCE_REWARD = 1
VACCINATED_REWARD = 1
FAIRNESS_UNIT = 2 * (PREFERENCE_REWARD + VACCINATED_REWARD) + 1

INF = float("inf")


# ---------------------------------------------------------------------------------------------
# Structure shared by the model and the scoring
# ---------------------------------------------------------------------------------------------


def component_of_employees(problem: Problem) -> list[int]:
    """Component index of every employee: units joined by a shared building (``models.solve``)."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[rb] = ra

    for unit in problem.units:
        union("u:" + unit.name, "b:" + unit.building)
    for emp in problem.employees:
        union("u:" + emp.unit, "b:" + problem.building_of(emp))
    index: dict[str, int] = {}
    return [index.setdefault(find("u:" + e.unit), len(index)) for e in problem.employees]


def quota_rewards(problem: Problem, calendar: Calendar) -> list[int]:
    """Quota reward per office day of every employee (it depends on the component's horizon)."""
    comp = component_of_employees(problem)
    longest: dict[int, int] = defaultdict(lambda: 1)
    for c, emp in zip(comp, problem.employees, strict=True):
        longest[c] = max(longest[c], len(calendar.free_days(emp)))
    base = PREFERENCE_REWARD + VACCINATED_REWARD + 1
    return [FAIRNESS_UNIT * (2 * longest[c] - 1) + base for c in comp]


def building_limit(problem: Problem, name: str, headcount: int) -> int | None:
    """Seats and percentage cap of a building combined (``models.rules.caps.building_limit``)."""
    building = problem.building(name)
    limits = []
    if building.seats is not None:
        limits.append(building.seats)
    if building.cap_pct is not None:
        limits.append(cap_count(building.cap_pct, headcount))
    return min(limits) if limits else None


def subunit_groups(problem: Problem) -> dict[tuple[str, str, str], list[int]]:
    """Employee indices of every bidang (seksi "") and seksi that must be represented."""
    groups: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    rep = problem.policy.representation
    if rep is Representation.NONE:
        return groups
    for i, emp in enumerate(problem.employees):
        if emp.bidang:
            groups[emp.unit, emp.bidang, ""].append(i)
        if emp.seksi and rep is Representation.SECTION:
            groups[emp.unit, emp.bidang, emp.seksi].append(i)
    return groups


def unit_staff(problem: Problem) -> dict[str, list[int]]:
    staff: dict[str, list[int]] = {u.name: [] for u in problem.units}
    for i, emp in enumerate(problem.employees):
        staff[emp.unit].append(i)
    return staff


def building_staff(problem: Problem) -> dict[str, list[int]]:
    staff: dict[str, list[int]] = defaultdict(list)
    for i, emp in enumerate(problem.employees):
        staff[problem.building_of(emp)].append(i)
    return staff


def minimum_days(problem: Problem, calendar: Calendar, building: str) -> list[int]:
    """Day indices on which an essential minimum applies (working, building open)."""
    off = problem.holiday_names
    closed = calendar.closed.get(building, frozenset())
    return [d for d, date in enumerate(calendar.dates) if date not in off and date not in closed]


# ---------------------------------------------------------------------------------------------
# The linear model
# ---------------------------------------------------------------------------------------------


@dataclass
class LinearModel:
    """``min cost·y`` s.t. ``row_lower ≤ A y ≤ row_upper``, ``lower ≤ y ≤ upper``, all integer.

    ``A`` is stored row-wise (CSR). Column ``x_cols[j]`` is the WFO decision of employee
    ``x_emp[j]`` on day index ``x_day[j]``. Every coefficient and bound is an integer.
    """

    lower: list[int] = field(default_factory=list)
    upper: list[int] = field(default_factory=list)
    cost: list[int] = field(default_factory=list)
    row_start: list[int] = field(default_factory=lambda: [0])
    row_index: list[int] = field(default_factory=list)
    row_value: list[int] = field(default_factory=list)
    row_lower: list[float] = field(default_factory=list)
    row_upper: list[float] = field(default_factory=list)
    row_family: list[str] = field(default_factory=list)
    x_emp: list[int] = field(default_factory=list)
    x_day: list[int] = field(default_factory=list)
    x_cols: list[int] = field(default_factory=list)
    shortfall_cols: list[int] = field(default_factory=list)
    big: int = 0

    @property
    def num_cols(self) -> int:
        return len(self.lower)

    @property
    def num_rows(self) -> int:
        return len(self.row_lower)

    @property
    def num_nonzeros(self) -> int:
        return len(self.row_index)

    def add_col(self, lower: int, upper: int, cost: int) -> int:
        self.lower.append(lower)
        self.upper.append(upper)
        self.cost.append(cost)
        return len(self.lower) - 1

    def add_row(
        self, cols: list[int], coefs: list[int], lower: float, upper: float, family: str
    ) -> None:
        self.row_index.extend(cols)
        self.row_value.extend(coefs)
        self.row_start.append(len(self.row_index))
        self.row_lower.append(lower)
        self.row_upper.append(upper)
        self.row_family.append(family)

    def family_counts(self) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        for fam in self.row_family:
            counts[fam] += 1
        return dict(counts)

    def arrays(self) -> dict[str, np.ndarray]:
        """Numpy arrays for a solver (float64 values, int32 indices)."""
        return {
            "lower": np.asarray(self.lower, dtype=np.float64),
            "upper": np.asarray(self.upper, dtype=np.float64),
            "cost": np.asarray(self.cost, dtype=np.float64),
            "row_start": np.asarray(self.row_start, dtype=np.int32),
            "row_index": np.asarray(self.row_index, dtype=np.int32),
            "row_value": np.asarray(self.row_value, dtype=np.float64),
            "row_lower": np.asarray(self.row_lower, dtype=np.float64),
            "row_upper": np.asarray(self.row_upper, dtype=np.float64),
        }


def build_model(problem: Problem, calendar: Calendar | None = None) -> LinearModel:
    """The whole organisation's model: one 0/1 variable per employee and free day."""
    cal = calendar or build_calendar(problem)
    emps = problem.employees
    ndays = len(cal.dates)
    rewards = quota_rewards(problem, cal)
    m = LinearModel()

    # WFO decisions x[i, d] with their quota and preference rewards.
    x: list[dict[int, int]] = []
    for i, emp in enumerate(emps):
        mine: dict[int, int] = {}
        for d in cal.free_days(emp):
            pref = PREFERENCE_REWARD if cal.dates[d].weekday() in emp.preferred_weekdays else 0
            col = m.add_col(0, 1, -rewards[i] - pref)
            mine[d] = col
            m.x_emp.append(i)
            m.x_day.append(d)
            m.x_cols.append(col)
        x.append(mine)

    def present(staff: list[int], day: int) -> list[int]:
        return [c for i in staff if (c := x[i].get(day)) is not None]

    # Fairness levels of flexible staff.
    for i, emp in enumerate(emps):
        if not emp.flexible or not x[i]:
            continue
        days = list(x[i].values())
        vacc = VACCINATED_REWARD if emp.vaccinated else 0
        levels = [
            m.add_col(0, 1, FAIRNESS_UNIT * (2 * k - 1) - vacc) for k in range(1, len(days) + 1)
        ]
        m.add_row(levels + days, [1] * len(levels) + [-1] * len(days), 0, 0, "fairness_sum")
        for lo, hi in itertools.pairwise(levels):
            m.add_row([hi, lo], [1, -1], -INF, 0, "fairness_order")

    # BIG outweighs the whole goal range (every goal column is 0/1), as in ``solve_component``.
    m.big = 1 + sum(abs(c) for c in m.cost)

    def shortfall(size: int) -> int:
        col = m.add_col(0, size, m.big)
        m.shortfall_cols.append(col)
        return col

    # Unit caps.
    per_unit = unit_staff(problem)
    for unit in problem.units:
        staff = per_unit[unit.name]
        cap = cap_count(problem.unit_cap_pct(unit), len(staff))
        for d in range(ndays):
            cols = present(staff, d)
            if len(cols) > cap:
                m.add_row(cols, [1] * len(cols), -INF, cap, "unit_cap")

    # Building caps.
    for name, staff in building_staff(problem).items():
        limit = building_limit(problem, name, len(staff))
        if limit is None:
            continue
        for d in range(ndays):
            cols = present(staff, d)
            if len(cols) > limit:
                m.add_row(cols, [1] * len(cols), -INF, limit, "building_cap")

    # Essential minimums (tier 1).
    for unit in problem.units:
        if not unit.min_per_day:
            continue
        staff = per_unit[unit.name]
        for d in minimum_days(problem, cal, unit.building):
            cols = present(staff, d)
            s = shortfall(unit.min_per_day)
            m.add_row([*cols, s], [1] * (len(cols) + 1), unit.min_per_day, INF, "essential_minimum")

    # Always on site (tier 2).
    for i, emp in enumerate(emps):
        if not emp.always_on_site:
            continue
        for col in x[i].values():
            miss = shortfall(1)
            m.add_row([col, miss], [1, 1], 1, INF, "always_on_site")

    # Representation of bidang (tier 3) and seksi (tier 4).
    need = problem.policy.min_per_subunit
    if need > 0:
        for (_, _, seksi), members in subunit_groups(problem).items():
            family = "represent_seksi" if seksi else "represent_bidang"
            for d in range(ndays):
                cols = present(members, d)
                required = min(need, len(cols))
                if required == 0:
                    continue
                s = shortfall(required)
                m.add_row([*cols, s], [1] * (len(cols) + 1), required, INF, family)
    return m


# ---------------------------------------------------------------------------------------------
# Scoring a roster
# ---------------------------------------------------------------------------------------------


def goal_score(
    problem: Problem, calendar: Calendar, wfo: set[tuple[int, int]], rewards: list[int]
) -> int:
    """The goal objective (tiers 5–6, lower is better) of the roster whose office days are ``wfo``.

    ``wfo`` holds (employee index, day index) pairs; office days on a fixed cell (an availability
    violation) earn nothing. Equal to the ``LinearModel`` objective without shortfalls when the
    level variables take their cheapest values, and to ``models.solve.Result.objective``.
    """
    days_of: dict[int, int] = defaultdict(int)
    total = 0
    emps = problem.employees
    for i, d in wfo:
        if not calendar.is_free(emps[i], d):
            continue
        emp = emps[i]
        total -= rewards[i]
        if calendar.dates[d].weekday() in emp.preferred_weekdays:
            total -= PREFERENCE_REWARD
        days_of[i] += 1
    for i, n in days_of.items():
        emp = emps[i]
        if emp.flexible:
            vacc = VACCINATED_REWARD if emp.vaccinated else 0
            total += FAIRNESS_UNIT * n * n - vacc * n
    return total


def wfo_of_roster(problem: Problem, cells: dict[str, tuple[object, ...]]) -> set[tuple[int, int]]:
    """(employee index, day index) of every WFO cell of a roster given as NIP → cells."""
    from models.domain import Cell

    out: set[tuple[int, int]] = set()
    for i, emp in enumerate(problem.employees):
        row = cells.get(emp.nip, ())
        out.update((i, d) for d, c in enumerate(row) if c is Cell.WFO)
    return out


def roster_cells(
    problem: Problem, calendar: Calendar, wfo: set[tuple[int, int]]
) -> dict[str, tuple[object, ...]]:
    """Roster cells (NIP → one cell per date): fixed cells as the calendar says, else WFO/WFH."""
    from models.domain import Cell

    cells: dict[str, tuple[object, ...]] = {}
    for i, emp in enumerate(problem.employees):
        fixed = calendar.fixed[emp.nip]
        cells[emp.nip] = tuple(
            Cell.WFO if (i, d) in wfo else (f if f is not None else Cell.WFH)
            for d, f in enumerate(fixed)
        )
    return cells


def instance_fingerprint(problem: Problem) -> str:
    """A short hash of the instance, so that every worker can prove it solved the same one."""
    import hashlib

    h = hashlib.sha256()
    for emp in problem.employees:
        h.update(f"{emp.nip}|{emp.unit}|{emp.bidang}|{emp.seksi}|".encode())
    for a in problem.absences:
        h.update(f"{a.nip}{a.start}{a.end}{a.kind.value}".encode())
    h.update(repr(problem.dates).encode())
    h.update(repr(problem.holidays).encode())
    return h.hexdigest()[:16]


__all__ = [
    "FAIRNESS_UNIT",
    "LinearModel",
    "build_model",
    "goal_score",
    "instance_fingerprint",
    "quota_rewards",
    "roster_cells",
    "wfo_of_roster",
]
