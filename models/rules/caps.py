"""Hard caps on how many people are on site at the same time and place."""

from __future__ import annotations

from collections import defaultdict

from models.domain import Employee, cap_count
from models.registry import RuleId
from models.variables import ModelContext, Term


def unit_cap(ctx: ModelContext) -> list[Term]:
    """Unit cap: each working day, the staff of a unit kerja on site are at most its cap count.

    Cap count = ⌊cap% × unit headcount⌋, at least 1 when cap% > 0; cap% is the unit's own override,
    else the policy cap of its sector (SE MenPAN-RB 58/2020 zone caps per unit kerja; PPKM
    non-essential 25%, essential 50%, critical 100%; Jakarta 2020: at most 25% on site).
    Headcount is everybody listed in the unit, whether available or not. Never bends.

    With start waves the cap counts the whole day (the MenPAN-RB caps are a share of the staff
    who work from the office), unless ``Kuota Unit per Gelombang`` makes it a cap of the people
    present at the same time, like the building cap.
    """
    problem = ctx.problem
    at_once = ctx.simultaneous() if problem.policy.unit_cap_per_wave else (None,)
    for unit in ctx.component.units:
        staff = [e for e in ctx.component.employees if e.unit == unit.name]
        cap = cap_count(problem.unit_cap_pct(unit), len(staff))
        group = ctx.group(staff)
        for day in ctx.days:
            if group.eligible(day) > cap:
                for waves in at_once:
                    constraint = ctx.model.add(group.at_once(day, waves) <= cap)
                    ctx.add_hard(constraint, RuleId.UNIT_CAP, unit.name, day, waves)
    return []


def building_cap(ctx: ModelContext) -> list[Term]:
    """Building cap: each working day, the people on site in a building are at most its limit.

    The limit is the smaller of the building's seats after distancing and ⌊building cap% × the
    building's staff⌋ (at least 1), whichever are given (Jakarta 2020: at most 25% of staff at the
    same time and place). A building's staff are the employees who work there, by their own
    ``Gedung`` or their unit's. Never bends.

    With start waves the limit holds for the people present at the same time: per set of waves
    that overlap in time (``ModelContext.simultaneous``), so waves that do not overlap each get
    the whole limit and the building serves more people a day without more people at once.
    """
    problem = ctx.problem
    by_building: dict[str, list[Employee]] = defaultdict(list)
    for emp in ctx.component.employees:
        by_building[problem.building_of(emp)].append(emp)
    for name, staff in by_building.items():
        limit = building_limit(ctx, name, len(staff))
        if limit is None:
            continue
        group = ctx.group(staff)
        for day in ctx.days:
            if group.eligible(day) > limit:
                for waves in ctx.simultaneous():
                    on_site = group.at_once(day, waves)
                    constraint = ctx.model.add(on_site <= limit)
                    ctx.add_hard(constraint, RuleId.BUILDING_CAP, name, day, waves)
    return []


def building_limit(ctx: ModelContext, name: str, headcount: int) -> int | None:
    """Seats and percentage cap of a building combined; ``None`` when neither is given."""
    building = ctx.problem.building(name)
    limits = []
    if building.seats is not None:
        limits.append(building.seats)
    if building.cap_pct is not None:
        limits.append(cap_count(building.cap_pct, headcount))
    return min(limits) if limits else None
