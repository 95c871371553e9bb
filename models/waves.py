"""Even out the start waves of a solved component without changing anything the model scores.

The model decides how many of each staff class are on site per day and wave (``ModelContext``).
Its objective does not care how the people of a day split over the waves except through the caps
of "the same time and place" and the first-wave priority, so where no cap binds a solver may put
nearly everybody in one wave (measured on the shipped example: 67 office days in wave 1 against
5,453 in wave 2). The circular staggered starts to spread arrivals (reported: about 50:50
between the two shifts), so among the equally good splits this picks an even one: per building
and day, one person at a time moves from the largest wave to the smallest while every cap still
holds and nobody of the priority group leaves the first wave. The objective keeps its value (the
move touches no term), so a roster proved optimal stays optimal.

A re-plan (``Problem.published``) is left as the model split it: its stability goal keeps each
published wave where it can, and evening out would move people away from their published waves.

A cap here is recomputed the model's way (``models.rules.caps``): the building limit for each set
of waves present together, and the unit cap too with ``unit_cap_per_wave``. The independent
checker verifies the result like any roster.
"""

from __future__ import annotations

from collections import defaultdict

from models.domain import cap_count
from models.rules.caps import building_limit
from models.variables import ModelContext, StaffClass

#: (class index, day, wave 0-based) -> how many of the class are on site in that wave that day
Split = dict[tuple[int, int, int], int]


def balance_waves(ctx: ModelContext, split: Split) -> Split:
    """``split`` with each building's waves evened out per day (see the module docstring)."""
    policy = ctx.problem.policy
    if not policy.has_waves or ctx.problem.published:
        return split
    out = dict(split)
    n = len(policy.waves)
    sets = [s for s in ctx.simultaneous() if s is not None]
    problem = ctx.problem
    by_building: dict[str, list[StaffClass]] = defaultdict(list)
    for cls in ctx.classes:
        by_building[problem.building_of(cls.first)].append(cls)
    unit_staff: dict[str, int] = defaultdict(int)
    building_staff: dict[str, int] = defaultdict(int)  # headcounts, as the caps count them
    for emp in ctx.component.employees:
        unit_staff[emp.unit] += 1
        building_staff[problem.building_of(emp)] += 1
    unit_cap = {
        u.name: cap_count(problem.unit_cap_pct(u), unit_staff[u.name]) for u in ctx.component.units
    }
    unit_classes: dict[str, list[StaffClass]] = defaultdict(list)
    for cls in ctx.classes:
        unit_classes[cls.first.unit].append(cls)
    priority = policy.wave_priority
    per_wave_units = policy.unit_cap_per_wave

    def fits(counts: list[int], source: int, target: int, cap: int) -> bool:
        """One more in ``target`` (one less in ``source``) keeps every set within ``cap``."""
        return all(
            sum(counts[w] for w in together) + 1 <= cap
            for together in sets
            if target in together and source not in together
        )

    for day in ctx.days:
        units: dict[str, list[int]] = {}
        if per_wave_units:
            for unit, members in unit_classes.items():
                units[unit] = [
                    sum(out.get((c.index, day, w), 0) for c in members) for w in range(n)
                ]
        for name, classes in by_building.items():
            limit = building_limit(ctx, name, building_staff[name])
            sizes = [sum(out.get((c.index, day, w), 0) for c in classes) for w in range(n)]
            while True:
                order = sorted(range(n), key=lambda w: (sizes[w], w))
                low, high = order[0], order[-1]
                if sizes[high] - sizes[low] <= 1:
                    break
                if limit is not None and not fits(sizes, high, low, limit):
                    break  # no room for anybody in the smallest wave
                mover = None
                for cls in classes:
                    if out.get((cls.index, day, high), 0) == 0:
                        continue
                    if high == 0 and priority is not None and cls.first.sex is priority:
                        continue  # the priority group keeps the first wave
                    unit = cls.first.unit
                    if per_wave_units and not fits(units[unit], high, low, unit_cap[unit]):
                        continue
                    mover = cls
                    break
                if mover is None:
                    break
                out[mover.index, day, high] -= 1
                out[mover.index, day, low] = out.get((mover.index, day, low), 0) + 1
                sizes[high] -= 1
                sizes[low] += 1
                if per_wave_units:
                    units[mover.first.unit][high] -= 1
                    units[mover.first.unit][low] += 1
    return out
