"""Decision variables of one component: ``wfo(emp, day)`` and the soft-rule terms."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import IntEnum

from ortools.sat.python import cp_model

from models.calendar import Calendar
from models.domain import Employee, Problem, Unit


class Tier(IntEnum):
    """Priority of a rule that may bend; each tier outweighs every later one (issue: rule tiers).

    Rules that never bend (holidays, absences, closures, vulnerable staff, unit and building caps)
    have no tier: they are constraints, not terms.
    """

    ESSENTIAL_MINIMUM = 1
    ALWAYS_ON_SITE = 2
    REPRESENT_BIDANG = 3
    REPRESENT_SEKSI = 4
    QUOTA_AND_FAIRNESS = 5
    PREFERENCE = 6

    @property
    def is_rule(self) -> bool:
        """Tiers 1–4 are rules (a shortfall is a violation); 5–6 are goals."""
        return self <= Tier.REPRESENT_SEKSI


@dataclass(frozen=True)
class Term:
    """``weight × var`` added to the minimised objective, labelled so it can be listed later.

    For rule tiers (1–4) ``var`` is a shortfall (slack) and ``weight`` is 1: the value is how far
    the rule is missed. For goal tiers it is a cost (negative weight = a reward).
    """

    tier: Tier
    var: cp_model.IntVar
    weight: int
    rule: str
    scope: str
    day: dt.date | None = None


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

    rule: str
    scope: str
    day: dt.date
    constraint: cp_model.Constraint


@dataclass
class ModelContext:
    """Everything a rule function needs to add its constraints and terms.

    ``only_day`` restricts the model to one day index (used to explain conflicts: every rule is a
    per-day rule, so the days of a roster are independent once the goals are left out).
    """

    problem: Problem
    calendar: Calendar
    component: Component
    model: cp_model.CpModel = field(default_factory=cp_model.CpModel)
    only_day: int | None = None
    hard_rules: list[HardRule] = field(default_factory=list)
    _wfo: dict[tuple[str, int], cp_model.IntVar] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for emp in self.component.employees:
            for day in self.calendar.free_days(emp):
                if self.only_day is None or day == self.only_day:
                    self._wfo[emp.nip, day] = self.model.new_bool_var(f"wfo[{emp.nip},{day}]")

    @property
    def days(self) -> range:
        if self.only_day is not None:
            return range(self.only_day, self.only_day + 1)
        return range(len(self.calendar.dates))

    def add_hard(self, constraint: cp_model.Constraint, rule: str, scope: str, day: int) -> None:
        """Record a never-broken constraint under its rule name and scope."""
        self.hard_rules.append(HardRule(rule, scope, self.date(day), constraint))

    def date(self, day: int) -> dt.date:
        return self.calendar.dates[day]

    def wfo(self, emp: Employee, day: int) -> cp_model.IntVar | None:
        """The WFO decision of ``emp`` on day index ``day``; ``None`` when the cell is fixed."""
        return self._wfo.get((emp.nip, day))

    def present(
        self, staff: list[Employee] | tuple[Employee, ...], day: int
    ) -> list[cp_model.IntVar]:
        """The decisions of ``staff`` that can be WFO on ``day`` (fixed cells are never WFO)."""
        out = []
        for emp in staff:
            var = self._wfo.get((emp.nip, day))
            if var is not None:
                out.append(var)
        return out

    @property
    def all_wfo(self) -> dict[tuple[str, int], cp_model.IntVar]:
        return self._wfo
