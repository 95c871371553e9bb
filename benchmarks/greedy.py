"""Two greedy rosters to compare against: one made the way HR does by hand, one capacity-aware.

Both return the office days as (employee index, day index) pairs. Neither imports a solver.
"""

from __future__ import annotations

from benchmarks.reference import (
    building_limit,
    building_staff,
    minimum_days,
    subunit_groups,
    unit_staff,
)
from models.calendar import Calendar
from models.domain import Problem, cap_count


def round_robin(problem: Problem, calendar: Calendar) -> set[tuple[int, int]]:
    """The spreadsheet roster: each working day, the next people of each unit, up to its cap.

    Staff are taken in list order, cyclically, skipping anyone on leave, sick, travelling,
    isolating, vulnerable or in a closed building. It knows the unit caps and nothing else:
    building caps, essential minimums, front-line duty and representation are ignored.
    """
    off = problem.holiday_names
    wfo: set[tuple[int, int]] = set()
    emps = problem.employees
    per_unit = unit_staff(problem)
    for unit in problem.units:
        staff = per_unit[unit.name]
        if not staff:
            continue
        cap = cap_count(problem.unit_cap_pct(unit), len(staff))
        pointer = 0
        for d, date in enumerate(calendar.dates):
            if date in off:
                continue
            taken = 0
            looked = 0
            while taken < cap and looked < len(staff):
                i = staff[pointer]
                pointer = (pointer + 1) % len(staff)
                looked += 1
                if calendar.is_free(emps[i], d):
                    wfo.add((i, d))
                    taken += 1
    return wfo


def capacity_aware(problem: Problem, calendar: Calendar) -> set[tuple[int, int]]:
    """A careful greedy: front-line staff, then coverage, then fill the caps evenly.

    Each working day, within the unit and building caps: (1) every available ``Wajib WFO``
    employee; (2) each seksi, then each bidang, gets ``Minimal per Subunit`` members and each
    essential unit its minimum, taking the member with the fewest office days so far; (3) the
    rest of each unit's cap goes to the flexible staff with the fewest office days so far
    (preferred day, then vaccinated, first on ties).
    """
    emps = problem.employees
    off = problem.holiday_names
    per_unit = unit_staff(problem)
    unit_cap = {
        u.name: cap_count(problem.unit_cap_pct(u), len(per_unit[u.name])) for u in problem.units
    }
    per_building = building_staff(problem)
    limit_of = {
        name: building_limit(problem, name, len(staff)) for name, staff in per_building.items()
    }
    building_of = [problem.building_of(e) for e in emps]
    groups = subunit_groups(problem)
    # Seksi first: covering a seksi also covers its bidang.
    order = sorted(groups, key=lambda k: (k[2] == "", k))
    need = problem.policy.min_per_subunit
    min_days = {
        u.name: set(minimum_days(problem, calendar, u.building))
        for u in problem.units
        if u.min_per_day
    }
    load = [0] * len(emps)
    wfo: set[tuple[int, int]] = set()

    for d, date in enumerate(calendar.dates):
        if date in off:
            continue
        day = _Day(problem, calendar, d, dict(unit_cap), building_of, load, wfo)
        day.building_left = {
            n: (lim if lim is not None else len(emps)) for n, lim in limit_of.items()
        }
        # (1) Front-line duty.
        for i, e in enumerate(emps):
            if e.always_on_site and day.fits(i):
                day.take(i)
        # (2) Essential minimums and representation.
        for unit in problem.units:
            if unit.min_per_day and d in min_days[unit.name]:
                staff = per_unit[unit.name]
                day.cover([i for i in staff if calendar.is_free(emps[i], d)], unit.min_per_day)
        if need > 0:
            for key in order:
                available = [i for i in groups[key] if calendar.is_free(emps[i], d)]
                day.cover(available, min(need, len(available)))
        # (3) Fill each unit's cap evenly.
        for unit in problem.units:
            candidates = [i for i in per_unit[unit.name] if emps[i].flexible and day.fits(i)]
            for i in sorted(candidates, key=day.rank):
                if day.unit_left[unit.name] <= 0:
                    break
                if day.fits(i):
                    day.take(i)
    return wfo


class _Day:
    """Counters of one day of the capacity-aware greedy."""

    def __init__(
        self,
        problem: Problem,
        calendar: Calendar,
        day: int,
        unit_left: dict[str, int],
        building_of: list[str],
        load: list[int],
        wfo: set[tuple[int, int]],
    ) -> None:
        self.emps = problem.employees
        self.calendar = calendar
        self.day = day
        self.weekday = calendar.dates[day].weekday()
        self.unit_left = unit_left
        self.building_left: dict[str, int] = {}
        self.building_of = building_of
        self.load = load
        self.wfo = wfo
        self.on: set[int] = set()

    def fits(self, i: int) -> bool:
        e = self.emps[i]
        return (
            i not in self.on
            and self.unit_left[e.unit] > 0
            and self.building_left[self.building_of[i]] > 0
            and self.calendar.is_free(e, self.day)
        )

    def take(self, i: int) -> None:
        self.on.add(i)
        self.unit_left[self.emps[i].unit] -= 1
        self.building_left[self.building_of[i]] -= 1
        self.load[i] += 1
        self.wfo.add((i, self.day))

    def rank(self, i: int) -> tuple[int, bool, bool, int]:
        e = self.emps[i]
        return (self.load[i], self.weekday not in e.preferred_weekdays, not e.vaccinated, i)

    def cover(self, available: list[int], required: int) -> None:
        """Put members of ``available`` on site until ``required`` of them are (caps allowing)."""
        have = sum(1 for i in available if i in self.on)
        for i in sorted(available, key=self.rank):
            if have >= required:
                break
            if self.fits(i):
                self.take(i)
                have += 1
