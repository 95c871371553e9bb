"""The rule families of the roster model, in the order they are added.

Each entry is a function ``rule(ctx) -> list[Term]``: it adds its hard constraints to
``ctx.model`` and returns the soft terms (shortfalls of rules that may bend, costs of goals).
Each is registered here with the rule families (``RuleId``) it produces, as ``rule.families``;
their tiers and labels live in ``models.registry``. Availability (holidays, absences, closures,
vulnerable staff) is not a function here: a fixed cell simply has no ``wfo`` variable (see
``models.calendar``); nor is the start wave (exactly one per on-site employee): the wave counts
of a class and day sum to its on-site count (``models.variables.ModelContext``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, cast

from models.registry import RuleId
from models.rules.caps import building_cap, unit_cap
from models.rules.cohorts import cohorts
from models.rules.goals import fairness, preferences, quota_use, wave_priority
from models.rules.minimums import (
    always_on_site,
    essential_minimum,
    leader_on_site,
    representation,
)
from models.rules.stability import stability
from models.variables import ModelContext, Term


class Rule(Protocol):
    """A rule function of the model, with the rule families its constraints and terms carry."""

    __name__: str
    families: tuple[RuleId, ...]

    def __call__(self, ctx: ModelContext, /) -> list[Term]: ...


def produces(add: Callable[[ModelContext], list[Term]], *families: RuleId) -> Rule:
    """Register ``add`` as producing exactly ``families`` (its terms' and caps' ``rule``)."""
    add.families = families  # type: ignore[attr-defined]
    return cast(Rule, add)


#: Rules proper: never-broken cohorts and caps, then the rules that bend only when they must
#: (tiers 1–5). Cohorts come first: front-line duty and fairness follow the split it makes.
HARD_AND_TIERED: tuple[Rule, ...] = (
    produces(cohorts, RuleId.COHORTS),  # adds nothing without Kohort
    produces(unit_cap, RuleId.UNIT_CAP),
    produces(building_cap, RuleId.BUILDING_CAP),
    produces(essential_minimum, RuleId.ESSENTIAL_MINIMUM),
    produces(always_on_site, RuleId.ALWAYS_ON_SITE),
    produces(leader_on_site, RuleId.LEADER_ON_SITE),
    produces(representation, RuleId.REPRESENT_BIDANG, RuleId.REPRESENT_SEKSI),
)
#: Goals (tiers 6–8): what makes a valid roster a good one.
GOALS: tuple[Rule, ...] = (
    produces(stability, RuleId.STABILITY),
    produces(quota_use, RuleId.QUOTA_USE),
    produces(fairness, RuleId.FAIRNESS),
    produces(preferences, RuleId.PREFERRED_DAY),
    produces(wave_priority, RuleId.WAVE_PRIORITY),
)
RULES: tuple[Rule, ...] = HARD_AND_TIERED + GOALS

__all__ = ["GOALS", "HARD_AND_TIERED", "RULES", "Rule", "produces"]
