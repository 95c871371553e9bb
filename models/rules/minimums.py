"""Rules that ask for people on site: essential minimums, front-line duty, leaders, subunits."""

from __future__ import annotations

from collections import defaultdict

from ortools.sat.python.cp_model import LinearExpr

from models.domain import Employee, Representation
from models.registry import RuleId, Tier
from models.variables import ModelContext, Term


def essential_minimum(ctx: ModelContext) -> list[Term]:
    """Essential minimum: a unit with ``Minimal WFO per Hari`` has at least that many on site.

    Applies on every working day except days its building is closed (Balikpapan 2021, PPKM level 4:
    essential agencies — health, transport, Satpol PP, disaster, environment, public works,
    housing, communications, trade — keep services running with the staff available). Bends only
    when the caps or availability make it impossible (tier 1): the shortfall is reported.
    """
    terms: list[Term] = []
    closed = ctx.calendar.closed
    for unit in ctx.component.units:
        if not unit.min_per_day:
            continue
        group = ctx.group([e for e in ctx.component.employees if e.unit == unit.name])
        need = unit.min_per_day
        for day in ctx.days:
            date = ctx.date(day)
            if date in ctx.problem.holiday_names or date in closed.get(unit.building, ()):
                continue
            short = ctx.model.new_int_var(0, need, f"short_min[{unit.name},{date}]")
            ctx.model.add(group.on_site(day) + short >= need)
            terms.append(
                Term(
                    Tier.ESSENTIAL_MINIMUM,
                    short,
                    1,
                    RuleId.ESSENTIAL_MINIMUM,
                    unit.name,
                    date,
                    need,
                )
            )
    return terms


def always_on_site(ctx: ModelContext) -> list[Term]:
    """Front-line duty: ``Wajib WFO`` staff are on site every working day they are available.

    They count toward the caps like everybody else. Bends only when the caps leave no room for them
    (tier 2): each missed day is reported. In cohort mode (``Kohort``) they are in cohorts like
    everybody else, and on duty every day of their own cohort (``models.rules.cohorts``).
    """
    terms: list[Term] = []
    for emp in ctx.component.employees:
        if not emp.always_on_site:
            continue
        for day in ctx.days:
            var = ctx.wfo(emp, day)
            if var is None:
                continue
            missed = ctx.model.new_bool_var(f"missed_duty[{emp.nip},{ctx.date(day)}]")
            split = ctx.split_of(emp)  # cohort mode: on duty on the days of their cohort only
            ctx.model.add(var + missed >= (1 if split is None else split.members[split.owner[day]]))
            terms.append(
                Term(Tier.ALWAYS_ON_SITE, missed, 1, RuleId.ALWAYS_ON_SITE, emp.nip, ctx.date(day))
            )
    return terms


def leader_on_site(ctx: ModelContext) -> list[Term]:
    """Leaders on site: each available ``Pimpinan`` has at least N office days over the horizon.

    N = ``Minimal Hari WFO Pimpinan`` (Kebijakan; 0 switches the rule off), or every day the
    leader is available when fewer (SE MenPAN-RB 19/2020 kept the top two structural levels on
    site). Leaders count toward the caps like everybody else. Bends only under the caps (tier 3),
    below the essential minimum and front-line duty, above representation (see the registry); the
    shortfall is the number of office days missing. Leaders are classes of one
    (``variables.class_key``), so the constraint is one linear row per leader.
    """
    terms: list[Term] = []
    least = ctx.problem.policy.leader_min_days
    if least <= 0:
        return terms
    for emp in ctx.component.employees:
        if not emp.leader:
            continue
        days = [v for day in ctx.days if (v := ctx.wfo(emp, day)) is not None]
        need = min(least, len(days))
        frozen = ctx.problem.published_row(emp.nip)
        if frozen is not None:  # a re-plan: the days before it count toward the horizon's rule
            need = max(0, min(least, len(days) + frozen.available) - frozen.done)
        if need == 0:
            continue
        short = ctx.model.new_int_var(0, need, f"short_leader[{emp.nip}]")
        ctx.model.add(LinearExpr.sum(days) + short >= need)
        terms.append(
            Term(Tier.LEADER_ON_SITE, short, 1, RuleId.LEADER_ON_SITE, emp.nip, None, need)
        )
    return terms


def subunits(
    employees: tuple[Employee, ...], representation: Representation
) -> dict[tuple[str, str, str], list[Employee]]:
    """Bidang and seksi to be represented, keyed (unit, bidang, seksi); seksi "" = the bidang.

    A seksi directly in a unit (no bidang) is keyed (unit, "", seksi).
    """
    groups: dict[tuple[str, str, str], list[Employee]] = defaultdict(list)
    if representation is Representation.NONE:
        return groups
    for emp in employees:
        if emp.bidang:
            groups[emp.unit, emp.bidang, ""].append(emp)
        if emp.seksi and representation is Representation.SECTION:
            groups[emp.unit, emp.bidang, emp.seksi].append(emp)
    return groups


def representation(ctx: ModelContext) -> list[Term]:
    """Representation: every bidang and seksi has someone on site each working day.

    Each working day every bidang (and, with ``Representasi = Seksi``, every seksi) with at least
    one eligible member has at least ``Minimal per Subunit`` members on site, or all its eligible
    members if fewer (SE Wali Kota Balikpapan 800/0504/Org, 2021: heads of units schedule
    attendance so that every bagian/bidang and subbagian/seksi is represented each day). A subunit
    with nobody eligible that day is uncovered, not a conflict. Bends only under the caps: bidang
    at tier 4, seksi at tier 5.
    """
    terms: list[Term] = []
    need = ctx.problem.policy.min_per_subunit
    if need <= 0:
        return terms
    for (unit, bidang, seksi), members in subunits(
        ctx.component.employees, ctx.problem.policy.representation
    ).items():
        tier = Tier.REPRESENT_SEKSI if seksi else Tier.REPRESENT_BIDANG
        rule = RuleId.REPRESENT_SEKSI if seksi else RuleId.REPRESENT_BIDANG
        scope = " / ".join(p for p in (unit, bidang, seksi) if p)
        group = ctx.group(members)
        for day in ctx.days:
            required = min(need, group.eligible(day))
            if required == 0:
                continue
            short = ctx.model.new_int_var(0, required, f"short_rep[{scope},{ctx.date(day)}]")
            ctx.model.add(group.on_site(day) + short >= required)
            terms.append(Term(tier, short, 1, rule, scope, ctx.date(day), required))
    return terms
