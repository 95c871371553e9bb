"""Decision variables of one component: ``wfo(emp, day)`` and the soft-rule terms."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from ortools.sat.python import cp_model
from ortools.sat.python.cp_model import LinearExpr

from models.calendar import Calendar
from models.domain import Employee, Problem, Unit
from models.registry import RuleId, Tier


@dataclass(frozen=True)
class Term:
    """``weight × var`` added to the minimised objective, labelled so it can be listed later.

    For rule tiers (1–5) ``var`` is a shortfall (slack) and ``weight`` is 1: the value is how far
    the rule is missed. For goal tiers it is a cost (negative weight = a reward).
    """

    tier: Tier
    var: cp_model.IntVar
    weight: int
    rule: RuleId
    scope: str
    day: dt.date | None = None
    upper: int = 1  # the largest value ``var`` can take (bounds the objective without the solver)


@dataclass
class Component:
    """Units (and their staff) that share no building or cap with any other component."""

    units: tuple[Unit, ...]
    employees: tuple[Employee, ...]

    @property
    def key(self) -> str:
        return self.units[0].name


@dataclass(frozen=True)
class HardRule:
    """A never-broken constraint (a cap), labelled so that explanations can name it."""

    rule: RuleId
    scope: str
    day: dt.date
    constraint: cp_model.Constraint


@dataclass(frozen=True)
class StaffClass:
    """Interchangeable staff: the same unit, bidang, seksi, building, free days and wishes.

    Every rule treats the members of a class alike, so the model decides only how many of them
    are on site each day (symmetry removed: a 60,000-person city has about 10,000 classes). The
    members' office days are spread evenly afterwards (``spread``). Front-line (Wajib WFO) staff
    and, when the leader rule is on, leaders (Pimpinan) are classes of one: their duty is
    personal.
    """

    index: int
    members: tuple[Employee, ...]
    free_days: tuple[int, ...]

    @cached_property
    def size(self) -> int:
        return len(self.members)

    @property
    def first(self) -> Employee:
        return self.members[0]

    @cached_property
    def label(self) -> str:
        extra = f" (+{self.size - 1})" if self.size > 1 else ""
        return f"{self.first.nip}{extra}"

    def spread(self, counts: dict[int, int]) -> set[tuple[str, int]]:
        """Give ``counts[day]`` members office days, least-loaded first: loads differ by ≤ 1."""
        load = [0] * self.size
        chosen: set[tuple[str, int]] = set()
        for day in self.free_days:
            n = counts.get(day, 0)
            order = sorted(range(self.size), key=lambda i: (load[i], i))
            for i in order[:n]:
                load[i] += 1
                chosen.add((self.members[i].nip, day))
        return chosen


@dataclass(frozen=True)
class StaffGroup:
    """The staff of a unit, building or subunit as whole classes, for rules that loop over days.

    Built once per group (``ModelContext.group``) instead of walking the staff list every day.
    """

    classes: tuple[StaffClass, ...]
    counts: dict[tuple[int, int], cp_model.IntVar]

    def present(self, day: int) -> list[cp_model.IntVar]:
        """Counts whose sum is the number of the group on site on ``day``."""
        counts = self.counts
        return [v for c in self.classes if (v := counts.get((c.index, day))) is not None]

    def on_site(self, day: int) -> LinearExpr:
        """The number of the group on site on ``day``, as an expression."""
        return LinearExpr.sum(self.present(day))

    def eligible(self, day: int) -> int:
        """How many of the group could be on site on ``day``."""
        counts = self.counts
        return sum(c.size for c in self.classes if (c.index, day) in counts)


def class_key(problem: Problem, calendar: Calendar, emp: Employee) -> tuple[object, ...]:
    """Staff with equal keys are interchangeable for every rule and goal."""
    return (
        emp.unit,
        emp.bidang,
        emp.seksi,
        problem.building_of(emp),
        calendar.fixed[emp.nip],
        emp.vaccinated,
        emp.preferred_weekdays,
        emp.nip if emp.always_on_site or (emp.leader and problem.policy.leader_min_days) else "",
        problem.history_days(emp.nip),
        _published_key(problem, emp),
    )


def _published_key(problem: Problem, emp: Employee) -> tuple[object, ...]:
    """A re-plan's published cells (and pins): members of a class are then interchangeable for
    the stability goal too, so its changed cells are exact (``models.rules.stability``)."""
    row = problem.published_row(emp.nip)
    return () if row is None else (row.wfo, row.pinned)


@dataclass
class ModelContext:
    """Everything a rule function needs to add its constraints and terms.

    Decisions are on-site counts per staff class and day: ``wfo(emp, day)`` is the count of
    ``emp``'s class (a 0/1 decision for a class of one), and ``group(staff).on_site(day)`` the
    number of ``staff`` on site (staff lists of a unit, building or subunit are always whole
    classes).

    ``only_day`` restricts the model to one day index (used to explain conflicts: every rule is a
    per-day rule, so the days of a roster are independent once the goals are left out).
    """

    problem: Problem
    calendar: Calendar
    component: Component
    model: cp_model.CpModel = field(default_factory=cp_model.CpModel)
    only_day: int | None = None
    hard_rules: list[HardRule] = field(default_factory=list)
    classes: list[StaffClass] = field(default_factory=list)
    _class_of: dict[str, StaffClass] = field(default_factory=dict)
    _count: dict[tuple[int, int], cp_model.IntVar] = field(default_factory=dict)

    def __post_init__(self) -> None:
        groups: dict[tuple[object, ...], list[Employee]] = {}
        for emp in self.component.employees:
            if self.calendar.free_days(emp):
                key = class_key(self.problem, self.calendar, emp)
                groups.setdefault(key, []).append(emp)
        for members in groups.values():
            free = tuple(
                d
                for d in self.calendar.free_days(members[0])
                if self.only_day is None or d == self.only_day
            )
            cls = StaffClass(len(self.classes), tuple(members), free)
            self.classes.append(cls)
            for emp in members:
                self._class_of[emp.nip] = cls
            for day in free:
                name = f"wfo[{cls.label},{day}]"
                self._count[cls.index, day] = (
                    self.model.new_bool_var(name)
                    if cls.size == 1
                    else self.model.new_int_var(0, cls.size, name)
                )

    @property
    def days(self) -> range:
        if self.only_day is not None:
            return range(self.only_day, self.only_day + 1)
        return range(len(self.calendar.dates))

    def add_hard(self, constraint: cp_model.Constraint, rule: RuleId, scope: str, day: int) -> None:
        """Record a never-broken constraint under its rule name and scope."""
        self.hard_rules.append(HardRule(rule, scope, self.date(day), constraint))

    def date(self, day: int) -> dt.date:
        return self.calendar.dates[day]

    def wfo(self, emp: Employee, day: int) -> cp_model.IntVar | None:
        """On-site count of ``emp``'s class on ``day``; ``None`` when ``emp`` cannot be on site."""
        cls = self._class_of.get(emp.nip)
        return None if cls is None else self._count.get((cls.index, day))

    def group(self, staff: Iterable[Employee]) -> StaffGroup:
        """``staff`` (whole classes: a unit's, a building's or a subunit's) as a ``StaffGroup``."""
        seen: dict[int, StaffClass] = {}
        for emp in staff:
            cls = self._class_of.get(emp.nip)
            if cls is not None:
                seen.setdefault(cls.index, cls)
        return StaffGroup(tuple(seen.values()), self._count)

    @property
    def counts(self) -> dict[tuple[int, int], cp_model.IntVar]:
        """Every decision: (class index, day) -> on-site count."""
        return self._count
