"""Stability: a re-plan changes the published roster as little as possible (issue 14, tier 6).

Only present when the problem carries a published roster (``Problem.published``: ``giliran
kasus`` after a positive case, ``giliran replan`` after other events). The days before the
re-plan are not part of the model at all (they are kept as published); on the others, a cell
changes when the roster puts someone on site who was not, or takes someone off site who was.

The published cells (and pins) of the remaining days are part of the staff-class key
(``models.variables.class_key``), so every member of a class has the same published cell on each
day and the changed cells of class c on day d are exactly |x_cd − published_cd|: ``x_cd`` when
the class was off site (published 0), ``size − x_cd`` when it was on site (published = size).
With start waves the published wave of each remaining day is part of the key too, and a
member on site in another wave than published is a changed cell as well (``size − x_cdw``, see
``stability``); ``models.waves.balance_waves`` leaves a re-plan's waves as the model set them.
Cells forced by the event itself (a closure, an isolation, a quarantine, a new absence) are not
decisions: they change whatever the model does and are not counted here.

Pinned cells (sheet ``Kunci``, issue 14 section 2) are kept exactly: their class's count is
fixed to 0 or its size. The application checks beforehand that no pin breaks a never-bending
rule, so this never makes the model infeasible.

The objective is lexicographic: ``models.solve.build_model`` weights this tier above the whole
range of the goals below it (quota use, fairness, preferences), so the fewest changed cells come
first, then the usual objective; the rules (tiers 1–5) still outweigh both.
"""

from __future__ import annotations

from models.registry import RuleId, Tier
from models.variables import ModelContext, Term


def stability(ctx: ModelContext) -> list[Term]:
    """One term per (class, day) the published roster fixes: its changed cells (weight 1).

    With start waves, a published on-site day in wave w counts everyone not in wave w that day
    (``size − x[class, day, w]``): taken off site or moved to another wave, each a changed cell.
    """
    terms: list[Term] = []
    problem = ctx.problem
    if not problem.published:
        return terms
    model = ctx.model
    waves = ctx.waves
    for cls in ctx.classes:
        row = problem.published_row(cls.first.nip)
        if row is None:  # staff new to the roster: nothing to keep
            continue
        for day in cls.free_days:
            var = ctx.counts.get((cls.index, day))
            if var is None:
                continue
            was = row.wfo[day]
            in_wave = waves.get((cls.index, day, row.wave[day] - 1)) if row.wave else None
            pinned = bool(row.pinned and row.pinned[day])
            if pinned:
                model.add(var == (cls.size if was else 0))
                if in_wave is None or not was:
                    continue
            elif not row.keep:
                continue
            if was:
                # off site, or (with waves) not in the published wave
                lost = model.new_int_var(0, cls.size, f"lost[{cls.label},{day}]")
                model.add(lost + (var if in_wave is None else in_wave) == cls.size)
                changed = lost
            else:
                changed = var
            terms.append(
                Term(
                    Tier.STABILITY,
                    changed,
                    1,
                    RuleId.STABILITY,
                    cls.label,
                    ctx.date(day),
                    cls.size,
                )
            )
    return terms


def lexicographic(terms: list[Term]) -> list[Term]:
    """``terms`` with the stability terms weighted above the whole range of the other goals.

    Without stability terms (every ordinary solve) the list is returned as it is.
    """
    stable = [t for t in terms if t.tier is Tier.STABILITY]
    if not stable:
        return terms
    below = sum(abs(t.weight) * t.upper for t in terms if t.tier > Tier.STABILITY)
    scale = below + 1
    return [
        Term(t.tier, t.var, t.weight * scale, t.rule, t.scope, t.day, t.upper)
        if t.tier is Tier.STABILITY
        else t
        for t in terms
    ]
