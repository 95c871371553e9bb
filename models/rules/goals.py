"""Goals (soft): use the quota, share it evenly, then honour preferences and vaccination."""

from __future__ import annotations

import itertools

from models.variables import ModelContext, Term, Tier

#: Reward for honouring one preferred office day, and for each office day of a vaccinated person.
PREFERENCE_REWARD = 1
VACCINATED_REWARD = 1
#: Unit of the convex fairness cost: larger than any preference gain a swap of days could buy.
FAIRNESS_UNIT = 2 * (PREFERENCE_REWARD + VACCINATED_REWARD) + 1


def quota_reward(ctx: ModelContext) -> int:
    """Reward per office day: larger than the steepest fairness step, so the quota is used first."""
    longest = max((len(ctx.calendar.free_days(e)) for e in ctx.component.employees), default=1)
    return FAIRNESS_UNIT * (2 * max(longest, 1) - 1) + PREFERENCE_REWARD + VACCINATED_REWARD + 1


def quota_use(ctx: ModelContext) -> list[Term]:
    """Quota use: the daily cap is a target, not only a limit (tier 5).

    Every office day earns a reward, so each unit fills its cap whenever staff are available and
    no higher rule or building cap stands in the way (Balikpapan 2021: 25% WFO, 75% WFH).
    """
    reward = quota_reward(ctx)
    return [
        Term(Tier.QUOTA_AND_FAIRNESS, var, -reward, "quota_use", nip, ctx.date(day))
        for (nip, day), var in ctx.all_wfo.items()
    ]


def fairness(ctx: ModelContext) -> list[Term]:
    """Fairness: office days are shared evenly among the flexible staff of a unit (tier 5).

    The k-th office day of one person costs (2k − 1) units, a convex cost, so any roster where two
    comparable people differ by two or more days costs more than one that evens them out: staff of
    a unit with the same number of available days end up within one day of each other wherever
    the hard rules allow. Vaccinated staff pay one unit less per day, so they get the extra day
    first (SE MenPAN-RB: priority to vaccinated staff). Vulnerable and always-on-site staff are
    not part of this sharing.
    """
    terms: list[Term] = []
    model = ctx.model
    for emp in ctx.component.employees:
        if not emp.flexible:
            continue
        days = [v for d in ctx.days if (v := ctx.wfo(emp, d)) is not None]
        if not days:
            continue
        levels = [model.new_bool_var(f"office_day_{k}[{emp.nip}]") for k in range(1, len(days) + 1)]
        model.add(sum(levels) == sum(days))
        for lower, upper in itertools.pairwise(levels):
            model.add_implication(upper, lower)
        for k, level in enumerate(levels, start=1):
            cost = FAIRNESS_UNIT * (2 * k - 1) - (VACCINATED_REWARD if emp.vaccinated else 0)
            terms.append(Term(Tier.QUOTA_AND_FAIRNESS, level, cost, "fairness", emp.nip))
    return terms


def preferences(ctx: ModelContext) -> list[Term]:
    """Preferred days: office days fall on ``Hari WFO Pilihan`` where possible (tier 6)."""
    terms: list[Term] = []
    for emp in ctx.component.employees:
        if not emp.preferred_weekdays:
            continue
        for day in ctx.days:
            var = ctx.wfo(emp, day)
            if var is not None and ctx.date(day).weekday() in emp.preferred_weekdays:
                terms.append(
                    Term(
                        Tier.PREFERENCE,
                        var,
                        -PREFERENCE_REWARD,
                        "preferred_day",
                        emp.nip,
                        ctx.date(day),
                    )
                )
    return terms
