"""The rule families of the roster model, in the order they are added.

Each entry is a function ``rule(ctx) -> list[Term]``: it adds its hard constraints to
``ctx.model`` and returns the soft terms (shortfalls of rules that may bend, costs of goals).
Availability (holidays, absences, closures, vulnerable staff) is not a function here: a fixed
cell simply has no ``wfo`` variable (see ``models.calendar``).
"""

from __future__ import annotations

from collections.abc import Callable

from models.rules.caps import building_cap, unit_cap
from models.rules.goals import fairness, preferences, quota_use
from models.rules.minimums import always_on_site, essential_minimum, representation
from models.variables import ModelContext, Term

Rule = Callable[[ModelContext], list[Term]]

#: Rules proper: never-broken caps, then the rules that bend only when they must (tiers 1–4).
HARD_AND_TIERED: tuple[Rule, ...] = (
    unit_cap,
    building_cap,
    essential_minimum,
    always_on_site,
    representation,
)
#: Goals (tiers 5–6): what makes a valid roster a good one.
GOALS: tuple[Rule, ...] = (
    quota_use,
    fairness,
    preferences,
)
RULES: tuple[Rule, ...] = HARD_AND_TIERED + GOALS

__all__ = ["GOALS", "HARD_AND_TIERED", "RULES", "Rule"]
