"""Decision variables of one component: ``wfo(emp, day)``, start waves, the soft-rule terms."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from ortools.sat.python import cp_model
from ortools.sat.python.cp_model import LinearExpr

from models.calendar import Calendar
from models.domain import Employee, Problem, Unit, simultaneous_waves
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
    waves: tuple[int, ...] | None = None  # the waves (0-based) it counts; None: the whole day


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
        return set(self.spread_waves(counts, {}))

    def spread_waves(
        self, counts: dict[int, int], waves: dict[tuple[int, int], int]
    ) -> dict[tuple[str, int], int]:
        """Office days as in ``spread``, each with its start wave (1-based; 0 without waves).

        ``waves[day, w]`` members of the day's office group get wave ``w`` (0-based; the counts
        of a day sum to ``counts[day]``, see ``ModelContext``): for each wave in turn, the
        members who had it least often so far, so early and late starts rotate too.
        """
        load = [0] * self.size
        in_wave: dict[int, list[int]] = {}
        chosen: dict[tuple[str, int], int] = {}
        for day in self.free_days:
            n = counts.get(day, 0)
            order = sorted(range(self.size), key=lambda i: (load[i], i))
            today = order[:n]
            for i in today:
                load[i] += 1
            wave = 0
            while today and (day, wave) in waves:
                had = in_wave.setdefault(wave, [0] * self.size)
                ranked = sorted(today, key=lambda i: (had[i], i))
                k = waves[day, wave]
                for i in ranked[:k]:
                    had[i] += 1
                    chosen[self.members[i].nip, day] = wave + 1
                today = [i for i in today if i not in set(ranked[:k])]
                wave += 1
            for i in today:  # no waves (or, impossibly, counts that do not add up)
                chosen[self.members[i].nip, day] = 0
        return chosen


@dataclass(frozen=True)
class CohortSplit:
    """One class in cohort mode: ``members[k]`` of it are in cohort k (an integer variable), and
    ``on_site[k][day]`` of those are on site on ``day`` (the class's count is their sum)."""

    members: tuple[cp_model.IntVar, ...]
    on_site: tuple[dict[int, cp_model.IntVar], ...]
    owner: dict[int, int]  # day -> the cohort (0-based) whose members may be on site that day


@dataclass(frozen=True)
class StaffGroup:
    """The staff of a unit, building or subunit as whole classes, for rules that loop over days.

    Built once per group (``ModelContext.group``) instead of walking the staff list every day.
    """

    classes: tuple[StaffClass, ...]
    counts: dict[tuple[int, int], cp_model.IntVar]
    waves: dict[tuple[int, int, int], cp_model.IntVar] = field(default_factory=dict)

    def present(self, day: int) -> list[cp_model.IntVar]:
        """Counts whose sum is the number of the group on site on ``day``."""
        counts = self.counts
        return [v for c in self.classes if (v := counts.get((c.index, day))) is not None]

    def on_site(self, day: int) -> LinearExpr:
        """The number of the group on site on ``day``, as an expression."""
        return LinearExpr.sum(self.present(day))

    def at_once(self, day: int, waves: tuple[int, ...] | None) -> LinearExpr:
        """The number of the group on site in ``waves`` (0-based) on ``day``; ``None``: all day."""
        if waves is None:
            return self.on_site(day)
        found = self.waves
        return LinearExpr.sum(
            [
                v
                for c in self.classes
                for w in waves
                if (v := found.get((c.index, day, w))) is not None
            ]
        )

    def eligible(self, day: int) -> int:
        """How many of the group could be on site on ``day``."""
        counts = self.counts
        return sum(c.size for c in self.classes if (c.index, day) in counts)


def class_key(problem: Problem, calendar: Calendar, emp: Employee) -> tuple[object, ...]:
    """Staff with equal keys are interchangeable for every rule and goal.

    With ``Pola = AB-mingguan`` the team is part of the key (and of the fixed cells: a member of
    team A has ``WFH`` fixed in B weeks), so team A and team B of a seksi are two classes and the
    model still decides only counts per class and day.
    """
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
        emp.team,
        _first_wave_group(problem, emp),
        _published_key(problem, emp),
    )


def _first_wave_group(problem: Problem, emp: Employee) -> bool:
    """Whether ``emp`` belongs to the group given the first wave first (``wave_priority``)."""
    priority = problem.policy.wave_priority
    return problem.policy.has_waves and priority is not None and emp.sex is priority


def _published_key(problem: Problem, emp: Employee) -> tuple[object, ...]:
    """A re-plan's published cells, waves and pins: members of a class are then interchangeable
    for the stability goal too, so its changed cells are exact (``models.rules.stability``)."""
    row = problem.published_row(emp.nip)
    return () if row is None else (row.wfo, row.pinned, row.wave)


@dataclass
class ModelContext:
    """Everything a rule function needs to add its constraints and terms.

    Decisions are on-site counts per staff class and day: ``wfo(emp, day)`` is the count of
    ``emp``'s class (a 0/1 decision for a class of one), and ``group(staff).on_site(day)`` the
    number of ``staff`` on site (staff lists of a unit, building or subunit are always whole
    classes).

    With two or more start waves (``Policy.waves``) each count is split into one count per wave,
    ``wave(cls, day, w)``, whose sum is the day's count: the decision key is (class, day, wave),
    every on-site member is in exactly one wave (a class of one has 0/1 wave decisions), and the
    caps of "the same time and place" sum the waves present at once (``simultaneous``). Without
    waves nothing is added and the model is exactly the one of a single daily group.

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
    _wave: dict[tuple[int, int, int], cp_model.IntVar] = field(default_factory=dict)
    #: cohort mode: class index -> how its members and on-site counts split into cohorts
    #: (``models.rules.cohorts``; fairness and the spread of office days follow it)
    cohort_split: dict[int, CohortSplit] = field(default_factory=dict)

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
                count = self._count[cls.index, day] = (
                    self.model.new_bool_var(name)
                    if cls.size == 1
                    else self.model.new_int_var(0, cls.size, name)
                )
                if self.problem.policy.has_waves:
                    self._add_waves(cls, day, count)

    def _add_waves(self, cls: StaffClass, day: int, count: cp_model.IntVar) -> None:
        parts = []
        for w in range(len(self.problem.policy.waves)):
            name = f"wave[{cls.label},{day},{w + 1}]"
            var = (
                self.model.new_bool_var(name)
                if cls.size == 1
                else self.model.new_int_var(0, cls.size, name)
            )
            self._wave[cls.index, day, w] = var
            parts.append(var)
        self.model.add(LinearExpr.sum(parts) == count)

    def simultaneous(self) -> tuple[tuple[int, ...] | None, ...]:
        """The sets of waves present at once, for caps of "the same time and place".

        ``(None,)`` without waves: the whole day is one group (``StaffGroup.at_once``).
        """
        if not self.problem.policy.has_waves:
            return (None,)
        return simultaneous_waves(self.problem.policy.waves)

    @property
    def days(self) -> range:
        if self.only_day is not None:
            return range(self.only_day, self.only_day + 1)
        return range(len(self.calendar.dates))

    def add_hard(
        self,
        constraint: cp_model.Constraint,
        rule: RuleId,
        scope: str,
        day: int,
        waves: tuple[int, ...] | None = None,
    ) -> None:
        """Record a never-broken constraint under its rule name and scope."""
        self.hard_rules.append(HardRule(rule, scope, self.date(day), constraint, waves))

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
        return StaffGroup(tuple(seen.values()), self._count, self._wave)

    def split_of(self, emp: Employee) -> CohortSplit | None:
        """How ``emp``'s class splits into cohorts (cohort mode), else ``None``."""
        cls = self._class_of.get(emp.nip)
        return None if cls is None else self.cohort_split.get(cls.index)

    @property
    def counts(self) -> dict[tuple[int, int], cp_model.IntVar]:
        """Every decision: (class index, day) -> on-site count."""
        return self._count

    @property
    def waves(self) -> dict[tuple[int, int, int], cp_model.IntVar]:
        """With start waves: (class index, day, wave 0-based) -> on-site count in that wave."""
        return self._wave
