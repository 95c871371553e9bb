"""Cohort mode (A/B teams): the staff of every seksi (or bidang) split into K cohorts that are
never on site on the same day, so a positive case sends at most one cohort into quarantine.

Policy ``Kohort`` = K ≥ 2 (``Tingkat Kohort``: ``Seksi``, the default, or ``Bidang``). Sources:
Inmendagri 14/2021 (PPKM Mikro) orders alternating work times; Condeco-style odd/even teams.
The rule never bends. Who is in a cohort: everybody who can be on site on at least one day of
the horizon and is not vulnerable (``Rentan``: never on site). Front-line (``Wajib WFO``) staff
are split too, and are then on duty every day of their own cohort (``always_on_site``): left out,
they would meet both cohorts every day, and a case among them would still quarantine the whole
subunit (measured on the shipped example: the worst case did not move at all).

The model keeps the class-count symmetry reduction (``models.variables``). The days are a
calendar transformation: the i-th working day of the horizon belongs to cohort i mod K in every
group (``cohort_days``; two cohorts: Mon/Wed/Fri and Tue/Thu, swapped the next week), and only
that cohort's members may be on site then. What the optimiser chooses with the roster is the
split: ``members[class][k]``, how many of each class are in cohort k (summing to the class's
size), with every cohort getting at least ⌊m / K⌋ of the group's m cohort members (near-equal
A/B teams: an empty cohort would protect nobody). A class's on-site count on a day is at most its
members in that day's cohort; every other rule sees the counts as before.

Fairness rounds are counted per (class, cohort), each round holding at most that cohort's
members of the class (``models.rules.goals``), and office days are spread least-loaded first
within each cohort's members (``spread``), so the objective stays exact for the split chosen.
Without ``Kohort`` this function adds nothing: rosters and objectives are as before.

Why a fixed day pattern: letting the model choose which cohort owns each day as well (0/1 per
group, day and cohort) makes the relaxation fractional (1/K everywhere) and the search slow,
as measured before on this problem (per building: optimal in 2.3 s at 1k staff, 2.3% gap after
108 s at 10k). Measured here on the shipped example (README): with the pattern free, CP-SAT took
28.6 s to prove the largest component and left RSUD at a 14.6% gap after 30 s; with the pattern
fixed, every component is proved optimal (mostly by the LP bound) in about a second, and the
objective was within 0.7% of the best free-pattern roster found.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from ortools.sat.python import cp_model
from ortools.sat.python.cp_model import LinearExpr

from models.domain import CohortLevel, Employee, Problem
from models.variables import CohortSplit, ModelContext, StaffClass, Term

__all__ = ["cohort_days", "cohort_group", "cohort_groups", "cohort_label", "cohorts", "spread"]

GroupKey = tuple[str, ...]


def cohort_label(number: int) -> str:
    """The label of cohort ``number`` (1 = ``A``, 2 = ``B``, …) as written in ``Jadwal``."""
    return chr(ord("A") + number - 1)


def cohort_group(problem: Problem, emp: Employee) -> GroupKey:
    """The group whose staff ``emp``'s cohort splits: (unit, bidang, seksi) or (unit, bidang)."""
    if problem.policy.cohort_level is CohortLevel.DIVISION:
        return (emp.unit, emp.bidang)
    return (emp.unit, emp.bidang, emp.seksi)


def cohort_groups(problem: Problem, staff: tuple[Employee, ...]) -> dict[GroupKey, list[Employee]]:
    """Staff by cohort group: everybody but vulnerable staff (see the module docstring)."""
    groups: dict[GroupKey, list[Employee]] = defaultdict(list)
    for emp in staff:
        if not emp.vulnerable:
            groups[cohort_group(problem, emp)].append(emp)
    return groups


def cohort_days(days: list[int], k_count: int) -> dict[int, int]:
    """The day pattern of a group: its i-th working day (in the horizon) belongs to cohort
    i mod K (0-based), so over two weeks a cohort of two has Mon/Wed/Fri one week and Tue/Thu
    the next."""
    return {d: i % k_count for i, d in enumerate(days)}


def cohorts(ctx: ModelContext) -> list[Term]:
    """Cohorts never mix: see the module docstring. Adds constraints only (it never bends)."""
    k_count = ctx.problem.policy.cohorts
    if k_count < 2:
        return []
    model = ctx.model
    # the horizon's working days, also when the model is of one day only (explanations)
    holidays = ctx.problem.holiday_names
    all_days = [d for d, day in enumerate(ctx.calendar.dates) if day not in holidays]
    for staff in cohort_groups(ctx.problem, ctx.component.employees).values():
        classes = ctx.group(staff).classes
        size = sum(c.size for c in classes)
        if size == 0:
            continue
        owner = cohort_days(all_days, k_count)
        total: list[list[cp_model.IntVar]] = [[] for _ in range(k_count)]
        for cls in classes:
            split = _split(ctx, cls, owner, k_count)
            ctx.cohort_split[cls.index] = split
            for k in range(k_count):
                total[k].append(split.members[k])
        least = size // k_count
        if least:
            for k in range(k_count):
                model.add(LinearExpr.sum(total[k]) >= least)
    return []


def _split(ctx: ModelContext, cls: StaffClass, owner: dict[int, int], k_count: int) -> CohortSplit:
    """The class's members per cohort; on a day only its owner cohort's members can be on site."""
    model = ctx.model
    members = tuple(
        model.new_bool_var(f"cohort[{cls.label},{k}]")
        if cls.size == 1
        else model.new_int_var(0, cls.size, f"cohort[{cls.label},{k}]")
        for k in range(k_count)
    )
    model.add(LinearExpr.sum(members) == cls.size)
    on_site: list[dict[int, cp_model.IntVar]] = [{} for _ in range(k_count)]
    for day in cls.free_days:
        count = ctx.counts.get((cls.index, day))
        if count is None:
            continue
        k = owner[day]
        model.add(count <= members[k])
        on_site[k][day] = count
    return CohortSplit(members, tuple(on_site), owner)


def spread(
    cls: StaffClass, split: CohortSplit, value: Callable[[cp_model.IntVar], int]
) -> tuple[set[tuple[str, int]], dict[str, int]]:
    """Members of ``cls`` given to cohorts in order (the first ``members[0]`` to cohort 1, …),
    and each cohort's on-site counts spread least-loaded first among its own members.

    Returns the (NIP, day) office days and each member's cohort number (1…K)."""
    chosen: set[tuple[str, int]] = set()
    cohort_of: dict[str, int] = {}
    start = 0
    for k, amount in enumerate(split.members):
        n = round(value(amount))
        people = cls.members[start : start + n]
        start += n
        for emp in people:
            cohort_of[emp.nip] = k + 1
        load = [0] * len(people)
        for day in cls.free_days:
            var = split.on_site[k].get(day)
            wanted = round(value(var)) if var is not None else 0
            order = sorted(range(len(people)), key=lambda i: (load[i], i))
            for i in order[:wanted]:
                load[i] += 1
                chosen.add((people[i].nip, day))
    return chosen, cohort_of
