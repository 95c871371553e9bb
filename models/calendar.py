"""Who can be on site when: the availability facts the model is built from.

Rule (Jakarta 2020, Pergub 33/2020 and SE BKD; Balikpapan SE 800/0504/Org): nobody is on site on a
holiday, while on leave, sick, on duty travel or in isolation, while their building is closed for
disinfection (at least 3×24 hours), or ever when vulnerable (Rentan). On such days the roster cell
is fixed: ``LIBUR``, the absence's code, ``TUTUP`` on a closed-building day (the employee works
from home; issue 12 asks for the closure to show), ``WFH`` for a vulnerable employee on an open
day. The optional rules of ``Policy`` fix ``WFH`` too: staff kept at home by ``Usia Maks WFO`` or
``Hanya Tervaksinasi WFO`` (``Policy.home_reason``), and, with ``Pola = AB-mingguan``, a team's
members in the other team's weeks (``Policy.off_week``). On every other working day the solver
decides between WFO and WFH.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from models.domain import Cell, Employee, Problem


@dataclass(frozen=True)
class Calendar:
    """Fixed cells and free (decidable) days of every employee.

    ``fixed[nip][i]`` is the forced cell on ``dates[i]`` or ``None`` when the employee is free to
    be rostered on site that day.
    """

    dates: tuple[dt.date, ...]
    fixed: dict[str, tuple[Cell | None, ...]]
    closed: dict[str, frozenset[dt.date]]  # building -> closed dates in the horizon

    def free_days(self, emp: Employee) -> list[int]:
        return [i for i, c in enumerate(self.fixed[emp.nip]) if c is None]

    def is_free(self, emp: Employee, day: int) -> bool:
        return self.fixed[emp.nip][day] is None


def build_calendar(problem: Problem) -> Calendar:
    dates = problem.dates
    holidays = problem.holiday_names

    def within(start: dt.date, end: dt.date) -> tuple[dt.date, ...]:
        """The horizon's dates from ``start`` to ``end`` (either may be far outside it)."""
        return dates[bisect.bisect_left(dates, start) : bisect.bisect_right(dates, end)]

    # Periods are clipped to the horizon: one may run to 9999-12-31 or start in year 1.
    closed: dict[str, set[dt.date]] = defaultdict(set)
    for c in problem.closures:
        closed[c.building].update(within(c.start, c.end))

    absent: dict[str, dict[dt.date, Cell]] = defaultdict(dict)
    for a in problem.absences:
        for d in within(a.start, a.end):
            absent[a.nip].setdefault(d, Cell.of_absence(a.kind))

    policy = problem.policy
    optional = policy.vaccinated_only or policy.max_age_on_site > 0
    fixed: dict[str, tuple[Cell | None, ...]] = {}
    for emp in problem.employees:
        shut = closed.get(problem.building_of(emp), set())
        away = absent.get(emp.nip, {})
        row: list[Cell | None] = []
        for d in dates:
            if d in holidays:
                row.append(Cell.HOLIDAY)
            elif d in away:
                row.append(away[d])
            elif d in shut:
                row.append(Cell.CLOSED)
            elif (
                emp.vulnerable
                or (emp.team and policy.off_week(emp, d))
                or (optional and policy.home_reason(emp, d) is not None)
            ):
                row.append(Cell.WFH)
            else:
                row.append(None)
        fixed[emp.nip] = tuple(row)
    return Calendar(dates, fixed, {b: frozenset(s) for b, s in closed.items()})
