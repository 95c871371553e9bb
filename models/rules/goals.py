"""Goals (soft): use the quota, share it evenly, then honour preferences and vaccination."""

from __future__ import annotations

import itertools

from ortools.sat.python import cp_model
from ortools.sat.python.cp_model import LinearExpr

from models.registry import RuleId, Tier
from models.variables import ModelContext, StaffClass, Term

#: Reward for honouring one preferred office day, and for each office day of a vaccinated person.
PREFERENCE_REWARD = 1
VACCINATED_REWARD = 1
#: Unit of the convex fairness cost: larger than any preference gain a swap of days could buy.
FAIRNESS_UNIT = 2 * (PREFERENCE_REWARD + VACCINATED_REWARD) + 1


def quota_reward(ctx: ModelContext) -> int:
    """Reward per office day: larger than the steepest fairness step, so the quota is used first.

    The steepest step is the last round of the person with the most history (horizon rounds)
    plus, over several weeks, the last round of the longest week (weekly rounds).
    """
    longest = max((len(c.free_days) for c in ctx.classes), default=1)
    history = max((ctx.problem.history_days(c.first.nip) for c in ctx.classes), default=0)
    steepest = FAIRNESS_UNIT * (2 * (max(longest, 1) + history) - 1)
    weeks = _weeks(ctx)
    if len(weeks) > 1:
        steepest += FAIRNESS_UNIT * (2 * max(len(w) for w in weeks) - 1)
    return steepest + PREFERENCE_REWARD + VACCINATED_REWARD + 1


def _weeks(ctx: ModelContext) -> list[list[int]]:
    """Day indexes of the horizon, one list per calendar week (Monday to Friday)."""
    by_week: dict[tuple[int, int], list[int]] = {}
    for day in ctx.days:
        year, week, _ = ctx.date(day).isocalendar()
        by_week.setdefault((year, week), []).append(day)
    return list(by_week.values())


def quota_use(ctx: ModelContext) -> list[Term]:
    """Quota use: the daily cap is a target, not only a limit (tier 7).

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
    """Fairness: office days are shared evenly among the flexible staff of a unit (tier 7).

    The k-th office day of one person costs (2k − 1) units, a convex cost, so any roster where two
    comparable people differ by two or more days costs more than one that evens them out: staff of
    a unit with the same number of available days end up within one day of each other wherever
    the hard rules allow. Vaccinated staff pay one unit less per day, so they get the extra day
    first (SE MenPAN-RB: priority to vaccinated staff). Vulnerable and always-on-site staff are
    not part of this sharing.

    With history (office days in the published rosters before this one, ``Problem.history``) the
    count continues: someone who had h office days pays for their (h + k)-th day, so whoever came
    less recently comes more now, and the totals over history and this roster even out. Over
    several weeks the days are also shared evenly *per week*: a person's k-th office day within
    one calendar week costs another (2k − 1) units, so nobody has all their days in one week
    while colleagues have theirs spread out.

    For a class of m interchangeable people the cheapest way to share T office days is evenly,
    and its cost is modelled exactly by "rounds": round k holds between 0 and m office days (the
    k-th day of as many people), each costing (2k − 1) units; rounds fill in order because their
    cost grows.
    """
    terms: list[Term] = []
    weeks = _weeks(ctx)
    for cls in ctx.classes:
        if not cls.first.flexible:
            continue
        days = [d for d in cls.free_days if (cls.index, d) in ctx.counts]
        if not days:
            continue
        bonus = VACCINATED_REWARD if cls.first.vaccinated else 0
        history = ctx.problem.history_days(cls.first.nip)
        split = ctx.cohort_split.get(cls.index)
        # cohort mode: the rounds of each cohort's part of the class, at most its members each
        parts = (
            [(None, ctx.counts, "")]
            if split is None
            else [
                (split.members[k], _by_day(cls, on_site), f"k{k}")
                for k, on_site in enumerate(split.on_site)
            ]
        )
        for cap, counts, part in parts:
            terms += _rounds(ctx, cls, days, history, bonus, part, counts, cap)
            if len(weeks) > 1:
                for number, week in enumerate(weeks, start=1):
                    in_week = [d for d in days if week[0] <= d <= week[-1]]
                    if in_week:
                        terms += _rounds(ctx, cls, in_week, 0, 0, f"w{number}{part}", counts, cap)
    return terms


def _by_day(
    cls: StaffClass, on_site: dict[int, cp_model.IntVar]
) -> dict[tuple[int, int], cp_model.IntVar]:
    return {(cls.index, d): v for d, v in on_site.items()}


def _rounds(
    ctx: ModelContext,
    cls: StaffClass,
    days: list[int],
    history: int,
    bonus: int,
    tag: str,
    counts: dict[tuple[int, int], cp_model.IntVar] | None = None,
    cap: cp_model.IntVar | None = None,
) -> list[Term]:
    """Convex cost of the class's office days on ``days``: round k costs (2(history + k) − 1).

    ``counts`` (default: the class's on-site counts) and ``cap`` (a cohort's share of the
    class; each round holds at most that many) serve cohort mode."""
    model = ctx.model
    counts = ctx.counts if counts is None else counts
    count = [counts[cls.index, d] for d in days if (cls.index, d) in counts]
    rounds = [
        model.new_bool_var(f"round{tag}_{k}[{cls.label}]")
        if cls.size == 1
        else model.new_int_var(0, cls.size, f"round{tag}_{k}[{cls.label}]")
        for k in range(1, len(days) + 1)
    ]
    model.add(LinearExpr.sum(rounds) == LinearExpr.sum(count))
    if cap is not None:
        for level in rounds:
            model.add(level <= cap)
    if cls.size == 1:
        for lower, upper in itertools.pairwise(rounds):
            model.add_implication(upper, lower)
    return [
        Term(
            Tier.QUOTA_AND_FAIRNESS,
            level,
            FAIRNESS_UNIT * (2 * (history + k) - 1) - bonus,
            RuleId.FAIRNESS,
            cls.label,
            None,
            cls.size,
        )
        for k, level in enumerate(rounds, start=1)
    ]


def preferences(ctx: ModelContext) -> list[Term]:
    """Preferred days: office days fall on ``Hari WFO Pilihan`` where possible (tier 8)."""
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


#: Reward for one member of the priority group in the first wave on one day (same tier and
#: weight as a preferred day; far below one fairness step, so it never changes who is on site
#: at the cost of fairness, see ``FAIRNESS_UNIT``).
WAVE_PRIORITY_REWARD = 1


def wave_priority(ctx: ModelContext) -> list[Term]:
    """First-wave priority: staff of the ``Prioritas Gelombang 1`` group start in wave 1 (tier 7).

    With two or more start waves and ``Policy.wave_priority`` set, every member of that group
    (``Employee.sex``; classes never mix members and non-members, see ``variables.class_key``)
    in the first wave earns a reward. A preference, not a rule: the per-wave caps still hold,
    and when wave 1 is full the others go later.
    """
    policy = ctx.problem.policy
    if not policy.has_waves or policy.wave_priority is None:
        return []
    terms: list[Term] = []
    for cls in ctx.classes:
        if cls.first.sex is not policy.wave_priority:
            continue
        for day in cls.free_days:
            var = ctx.waves.get((cls.index, day, 0))
            if var is not None:
                terms.append(
                    Term(
                        Tier.PREFERENCE,
                        var,
                        -WAVE_PRIORITY_REWARD,
                        RuleId.WAVE_PRIORITY,
                        cls.label,
                        ctx.date(day),
                        cls.size,
                    )
                )
    return terms
