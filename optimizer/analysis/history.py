"""Office days from published rosters, carried into the next roster (``--riwayat``).

Fairness over weeks needs memory: whoever had fewer office days recently should get more now.
The office days each employee had in earlier published rosters (only the dates *before* the new
roster starts) become ``Problem.history``; the fairness goal then continues each person's count
(``models.rules.goals.fairness``). Rules:

- a roster date on or after the new roster's start overlaps it and is not counted (a warning);
- an employee of the new input who is in no earlier roster (new staff) gets the median history of
  their unit's colleagues, so they are neither favoured nor held back (a warning counts them);
- an employee of the rosters who is not in the new input has left: not used (a warning counts);
- only differences matter to the fairness goal, so the smallest history is shifted to 0.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Callable, Sequence

from models.calendar import build_calendar
from models.domain import Cell, Employee, Problem, Roster
from optimizer.errors import InputProblem


@dataclasses.dataclass(frozen=True)
class HistorySource:
    """One published roster, and the name to show in messages (its file name)."""

    name: str
    roster: Roster


def with_history(
    problem: Problem, sources: Sequence[HistorySource]
) -> tuple[Problem, list[InputProblem]]:
    """``problem`` with the office days of ``sources`` as its history, and the warnings."""
    if not sources:
        return problem, []
    warnings: list[InputProblem] = []
    start = problem.policy.start
    days: dict[str, int] = defaultdict(int)
    seen: set[str] = set()
    for source in sources:
        overlap = [d for d in source.roster.dates if d >= start]
        if overlap:
            warnings.append(
                InputProblem(
                    source.name,
                    None,
                    None,
                    f"{len(overlap)} tanggal jadwal ini ({overlap[0].isoformat()} dst.) tidak "
                    f"sebelum jadwal baru ({start.isoformat()}); tanggal itu tidak dihitung",
                    f"{len(overlap)} dates of this roster ({overlap[0].isoformat()} on) are not "
                    f"before the new roster ({start.isoformat()}); they are not counted",
                    warning=True,
                )
            )
        keep = [i for i, d in enumerate(source.roster.dates) if d < start]
        for nip, cells in source.roster.cells.items():
            seen.add(nip)
            days[nip] += sum(1 for i in keep if cells[i] is Cell.WFO)
    staff = {e.nip: e for e in problem.employees}
    left = sorted(seen - set(staff))
    if left:
        warnings.append(
            InputProblem(
                sources[0].name,
                None,
                "NIP",
                f"{len(left)} pegawai di riwayat tidak ada di input (mis. {left[0]}); "
                "riwayatnya tidak dipakai",
                f"{len(left)} employees of the history are not in the input (e.g. {left[0]}); "
                "their history is not used",
                warning=True,
            )
        )
    by_unit: dict[str, list[int]] = defaultdict(list)
    for nip, emp in staff.items():
        if nip in seen:
            by_unit[emp.unit].append(days[nip])
    new = [nip for nip in staff if nip not in seen]
    everyone = [days[n] for n in staff if n in seen]
    for nip in new:
        peers = by_unit.get(staff[nip].unit) or everyone or [0]
        days[nip] = int(statistics.median_low(peers))
    if new:
        warnings.append(
            InputProblem(
                sources[0].name,
                None,
                "NIP",
                f"{len(new)} pegawai tidak ada di riwayat (pegawai baru?, mis. {new[0]}); "
                "dihitung dengan median rekan satu unit",
                f"{len(new)} employees are in no earlier roster (new staff?, e.g. {new[0]}); "
                "they count as the median of their unit's colleagues",
                warning=True,
            )
        )
    low = min((days[n] for n in staff), default=0)
    history = tuple((nip, days[nip] - low) for nip in staff)
    changed = dataclasses.replace(
        problem, history=history, history_offset=low, history_imputed=tuple(new)
    )
    return changed, warnings


@dataclasses.dataclass(frozen=True)
class PersonHistory:
    """One employee's office days: in the earlier rosters, in each week of this one, in total."""

    employee: Employee
    earlier: int  # office days counted in the earlier rosters (or the median, for new staff)
    imputed: bool  # True: in no earlier roster (``earlier`` is their unit's median)
    weeks: tuple[int, ...]  # office days in each calendar week of this roster
    flexible: bool  # compared in the spreads (flexible and could come on some day)

    @property
    def now(self) -> int:
        return sum(self.weeks)

    @property
    def total(self) -> int:
        return self.earlier + self.now


@dataclasses.dataclass(frozen=True)
class UnitSpread:
    """Largest difference of office days among comparable flexible staff of a unit.

    Comparable: the same unit and the same number of days they could be on site (in that week,
    for a week's spread; over the roster, for the roster's and the total spread)."""

    unit: str
    people: int
    weeks: tuple[int, ...]  # per calendar week of this roster
    now: int  # over this roster
    total: int  # over the earlier rosters and this one


@dataclasses.dataclass(frozen=True)
class HistoryTable:
    people: tuple[PersonHistory, ...]
    spreads: tuple[UnitSpread, ...]
    week_starts: tuple[dt.date, ...]


def history_table(
    problem: Problem, roster: Roster, exceptions: frozenset[str] = frozenset()
) -> HistoryTable:
    """Office days per person over the history and this roster, and the spreads per unit.

    Who could come on which day is recomputed from the calendar of ``problem`` (holidays,
    absences, closures, vulnerable staff, the optional rules and the weekly pattern).
    ``exceptions`` (the checker's fairness exceptions: the only member of a subunit who can
    come, leaders under the leader rule) are listed but left out of the spreads, as in the
    fairness table of ``Ringkasan``."""
    calendar = build_calendar(problem)
    weeks: dict[tuple[int, int], list[int]] = {}
    for i, day in enumerate(roster.dates):
        year, week, _ = day.isocalendar()
        weeks.setdefault((year, week), []).append(i)
    spans = list(weeks.values())
    imputed = set(problem.history_imputed)
    people: list[PersonHistory] = []
    groups: dict[tuple[str, str, int], list[int]] = defaultdict(list)
    for emp in problem.employees:
        cells = roster.cells.get(emp.nip)
        if cells is None:
            continue
        fixed = calendar.fixed.get(emp.nip)
        free = [c is None for c in fixed] if fixed is not None else [False] * len(cells)
        per_week = tuple(sum(cells[i] is Cell.WFO for i in span) for span in spans)
        flexible = emp.flexible and any(free) and emp.nip not in exceptions
        person = PersonHistory(
            emp,
            problem.history_days(emp.nip) + problem.history_offset,
            emp.nip in imputed,
            per_week,
            flexible,
        )
        people.append(person)
        if flexible:
            index = len(people) - 1
            groups[emp.unit, "", sum(free)].append(index)
            for k, span in enumerate(spans):
                groups[emp.unit, f"w{k}", sum(free[i] for i in span)].append(index)
    spreads: list[UnitSpread] = []
    for unit in problem.units:
        mine = {g: members for g, members in groups.items() if g[0] == unit.name}
        if not mine:
            continue
        week_spreads = tuple(
            _spread(mine, people, f"w{k}", _week_days(k)) for k in range(len(spans))
        )
        count = sum(len(m) for (_, tag, _), m in mine.items() if tag == "")
        now = _spread(mine, people, "", lambda p: p.now)
        total = _spread(mine, people, "", lambda p: p.total)
        spreads.append(UnitSpread(unit.name, count, week_spreads, now, total))
    starts = tuple(roster.dates[span[0]] for span in spans)
    return HistoryTable(tuple(people), tuple(spreads), starts)


def _week_days(k: int) -> Callable[[PersonHistory], int]:
    return lambda p: p.weeks[k]


def _spread(
    groups: dict[tuple[str, str, int], list[int]],
    people: list[PersonHistory],
    tag: str,
    value: Callable[[PersonHistory], int],
) -> int:
    """The largest max − min of ``value`` within the groups tagged ``tag``."""
    worst = 0
    for (_, group_tag, _), members in groups.items():
        if group_tag == tag:
            values = [value(people[i]) for i in members]
            worst = max(worst, max(values) - min(values))
    return worst
