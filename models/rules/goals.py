"""Goals (soft): use the quota, share it evenly, then honour preferences and vaccination."""

from __future__ import annotations

import itertools

from ortools.sat.python.cp_model import LinearExpr

from models.registry import RuleId, Tier
from models.variables import ModelContext, Term

#: Reward for honouring one preferred office day, and for each office day of a vaccinated person.
PREFERENCE_REWARD = 1
VACCINATED_REWARD = 1
#: Unit of the convex fairness cost: larger than any preference gain a swap of days could buy.
FAIRNESS_UNIT = 2 * (PREFERENCE_REWARD + VACCINATED_REWARD) + 1


def quota_reward(ctx: ModelContext) -> int:
    """Reward per office day: larger than the steepest fairness step, so the quota is used first."""
    longest = max((len(c.free_days) for c in ctx.classes), default=1)
    return FAIRNESS_UNIT * (2 * max(longest, 1) - 1) + PREFERENCE_REWARD + VACCINATED_REWARD + 1


def quota_use(ctx: ModelContext) -> list[Term]:
    """Quota use: the daily cap is a target, not only a limit (tier 6).

    Every office day earns a reward, so each unit fills its cap whenever staff are available and
    no higher rule or building cap stands in the way (Balikpapan 2021: 25% WFO, 75% WFH).
    """
    reward = quota_reward(ctx)
    return [
        Term(
            Tier.QUOTA_AND_FAIRNESS,
            var,
            -reward,
            RuleId.QUOTA_USE,
            ctx.classes[index].label,
            ctx.date(day),
            ctx.classes[index].size,
        )
        for (index, day), var in ctx.counts.items()
    ]


def fairness(ctx: ModelContext) -> list[Term]:
    """Fairness: office days are shared evenly among the flexible staff of a unit (tier 6).

    The k-th office day of one person costs (2k − 1) units, a convex cost, so any roster where two
    comparable people differ by two or more days costs more than one that evens them out: staff of
    a unit with the same number of available days end up within one day of each other wherever
    the hard rules allow. Vaccinated staff pay one unit less per day, so they get the extra day
    first (SE MenPAN-RB: priority to vaccinated staff). Vulnerable and always-on-site staff are
    not part of this sharing.

    For a class of m interchangeable people the cheapest way to share T office days is evenly,
    and its cost is modelled exactly by "rounds": round k holds between 0 and m office days (the
    k-th day of as many people), each costing (2k − 1) units; rounds fill in order because their
    cost grows.
    """
    terms: list[Term] = []
    model = ctx.model
    for cls in ctx.classes:
        if not cls.first.flexible:
            continue
        days = [v for d in cls.free_days if (v := ctx.counts.get((cls.index, d))) is not None]
        if not days:
            continue
        rounds = [
            model.new_bool_var(f"round_{k}[{cls.label}]")
            if cls.size == 1
            else model.new_int_var(0, cls.size, f"round_{k}[{cls.label}]")
            for k in range(1, len(days) + 1)
        ]
        model.add(LinearExpr.sum(rounds) == LinearExpr.sum(days))
        if cls.size == 1:
            for lower, upper in itertools.pairwise(rounds):
                model.add_implication(upper, lower)
        bonus = VACCINATED_REWARD if cls.first.vaccinated else 0
        for k, level in enumerate(rounds, start=1):
            cost = FAIRNESS_UNIT * (2 * k - 1) - bonus
            terms.append(
                Term(
                    Tier.QUOTA_AND_FAIRNESS, level, cost, RuleId.FAIRNESS, cls.label, None, cls.size
                )
            )
    return terms


def preferences(ctx: ModelContext) -> list[Term]:
    """Preferred days: office days fall on ``Hari WFO Pilihan`` where possible (tier 7)."""
    terms: list[Term] = []
    for cls in ctx.classes:
        wished = cls.first.preferred_weekdays
        if not wished:
            continue
        for day in cls.free_days:
            var = ctx.counts.get((cls.index, day))
            if var is not None and ctx.date(day).weekday() in wished:
                terms.append(
                    Term(
                        Tier.PREFERENCE,
                        var,
                        -PREFERENCE_REWARD,
                        RuleId.PREFERRED_DAY,
                        cls.label,
                        ctx.date(day),
                        cls.size,
                    )
                )
    return terms
