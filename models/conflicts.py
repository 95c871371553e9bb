"""Why a rule had to bend: minimal sets of rules that cannot all hold on one day.

Every rule of the roster but one is a per-day rule (caps, essential minimums, front-line duty,
representation); the goals (fairness, preferences) and the leader rule (office days over the
horizon, explained on its own in ``optimizer.analysis.explain``) tie days together; a day model
leaves the leader rule's shortfall free. So a conflict lives on
one day of one component, and a small CP-SAT model of that day — the very rule functions of
``models.rules``, with each cap and each rule instance switched on by an assumption literal —
decides whether a set of requirements can hold together.

``find_conflicts`` asks CP-SAT for a set of assumptions that is sufficient for infeasibility
(``sufficient_assumptions_for_infeasibility``), shrinks it to a minimal one with a deletion filter
(removing any element makes the rest feasible), gives up the least important requirement of it,
and repeats until the day is feasible. Each minimal set found is one ``Conflict``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from ortools.sat.python import cp_model

from models.calendar import Calendar
from models.domain import Employee, Problem
from models.registry import RuleId, Tier
from models.rules import HARD_AND_TIERED
from models.variables import Component, ModelContext

#: Tier of a never-broken rule (caps): below every rule that may bend.
NEVER_BROKEN = 0


@dataclass(frozen=True, order=True)
class Requirement:
    """One instance of a rule on one day: ``rule`` for ``scope`` on ``day``."""

    tier: int  # 0 = never broken (a cap); else a ``Tier`` value
    rule: RuleId
    scope: str
    day: dt.date

    @property
    def never_broken(self) -> bool:
        return self.tier == NEVER_BROKEN


@dataclass(frozen=True)
class Conflict:
    """A minimal set of requirements that cannot all hold together on ``day``.

    ``given_up`` is the requirement the explanation let go to look for further conflicts: the
    least important one of the set (the roster bends it, or one just like it).
    """

    component: str
    day: dt.date
    elements: tuple[Requirement, ...]
    given_up: Requirement


class DayModel:
    """Feasibility model of one component on one day, every requirement behind a literal."""

    def __init__(
        self,
        problem: Problem,
        calendar: Calendar,
        component: Component,
        day: int,
        time_limit_s: float = 10.0,
    ) -> None:
        self.problem = problem
        self.component = component
        self.time_limit_s = time_limit_s
        self.ctx = ModelContext(problem, calendar, component, only_day=day)
        self.day = day
        self.literals: dict[Requirement, cp_model.IntVar] = {}
        model = self.ctx.model
        terms = [t for rule in HARD_AND_TIERED for t in rule(self.ctx)]
        for hard in self.ctx.hard_rules:
            # With start waves a cap is one constraint per set of waves present at once: one
            # requirement (the cap of that scope on that day) switches them all.
            req = Requirement(NEVER_BROKEN, hard.rule, hard.scope, hard.day)
            lit = self.literals.get(req)
            if lit is None:
                lit = self._literal(req)
            hard.constraint.only_enforce_if(lit)
        for term in terms:
            if term.day is None or not term.tier.is_rule:
                continue
            lit = self._literal(Requirement(int(term.tier), term.rule, term.scope, term.day))
            model.add(term.var == 0).only_enforce_if(lit)
        self._by_index = {lit.index: req for req, lit in self.literals.items()}
        self.solves = 0

    def _literal(self, req: Requirement) -> cp_model.IntVar:
        lit = self.ctx.model.new_bool_var(f"holds[{req.rule},{req.scope},{req.day}]")
        self.literals[req] = lit
        return lit

    @property
    def requirements(self) -> list[Requirement]:
        return sorted(self.literals)

    def _solver(self, optimize: bool = False) -> cp_model.CpSolver:
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.max_time_in_seconds = self.time_limit_s
        solver.parameters.random_seed = 0
        solver.parameters.catch_sigint_signal = False
        # Conflicts are counting arguments (twelve sections, room for nine): the full LP
        # relaxation proves them at the root, where search alone can take minutes (measured on
        # a 414-person unit: 88 s without it, 0.23 s with it). Presolve only costs time here.
        solver.parameters.linearization_level = 2
        if not optimize:
            solver.parameters.cp_model_presolve = False
        return solver

    def _solve(
        self, active: Iterable[Requirement], optimize: bool = False
    ) -> tuple[object, cp_model.CpSolver]:
        model = self.ctx.model
        model.clear_assumptions()
        chosen = set(active)
        # Literals not asked for stay free: false (rule switched off) is always possible.
        model.add_assumptions([self.literals[r] for r in sorted(chosen)])
        solver = self._solver(optimize)
        status = solver.solve(model)
        self.solves += 1
        return status, solver

    def feasible(self, active: Iterable[Requirement]) -> bool:
        """Can every requirement in ``active`` hold together? (Unknown counts as feasible.)"""
        status, _ = self._solve(active)
        return status != cp_model.INFEASIBLE

    def core(self, active: Iterable[Requirement]) -> list[Requirement] | None:
        """A subset of ``active`` that cannot hold together, or ``None`` when ``active`` can."""
        active = sorted(set(active))
        status, solver = self._solve(active)
        if status != cp_model.INFEASIBLE:
            return None
        found = [self._by_index[i] for i in solver.sufficient_assumptions_for_infeasibility()]
        return sorted(set(found)) or active

    def minimal_core(self, active: Iterable[Requirement]) -> list[Requirement] | None:
        """A minimal infeasible subset of ``active`` (deletion filter), or ``None``."""
        core = self.core(active)
        if core is None:
            return None
        # Try to drop the most important elements first: what remains names the rules that bent.
        order = sorted(core, key=lambda r: (r.never_broken, r.tier, r.rule, r.scope))
        kept = list(order)
        i = 0
        while i < len(kept):
            trial = kept[:i] + kept[i + 1 :]
            smaller = self.core(trial)
            if smaller is None:
                i += 1
            else:
                kept = [r for r in kept if r in set(smaller)]
                i = min(i, len(kept))
        return sorted(kept)

    def least_on_site(self, staff: Sequence[Employee], active: Iterable[Requirement]) -> int | None:
        """The fewest of ``staff`` on site with every requirement of ``active`` met."""
        model = self.ctx.model
        model.minimize(self.ctx.group(staff).on_site(self.day))
        status, solver = self._solve(active, optimize=True)
        model.clear_objective()  # type: ignore[no-untyped-call]
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        return int(solver.objective_value)

    def most_on_site(self, staff: Sequence[Employee], active: Iterable[Requirement]) -> int | None:
        """The most of ``staff`` on site with every requirement of ``active`` met."""
        model = self.ctx.model
        model.maximize(self.ctx.group(staff).on_site(self.day))
        status, solver = self._solve(active, optimize=True)
        model.clear_objective()  # type: ignore[no-untyped-call]
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        return int(solver.objective_value)


def find_conflicts(
    model: DayModel,
    broken: Callable[[Requirement], bool] = lambda r: False,
    family: Callable[[Requirement], object] | None = None,
    max_conflicts: int = 200,
) -> list[Conflict]:
    """Every conflict of one day, one minimal set at a time.

    After each minimal set, the least important requirement in it is given up (highest tier;
    among equals, one the roster actually bends, as told by ``broken``) and the search goes on
    with the rest, until everything left can hold together. With ``family``, every requirement
    the roster bends in the same family as the one given up is given up with it (twelve sections
    of one unit short of a cap of nine are one conflict, not three).
    """
    active = set(model.requirements)
    conflicts: list[Conflict] = []
    while len(conflicts) < max_conflicts:
        core = model.minimal_core(active)
        if core is None:
            break
        soft = [r for r in core if not r.never_broken]
        if not soft:  # caps alone are always satisfiable (everybody at home): cannot happen
            break
        given_up = max(soft, key=lambda r: (r.tier, broken(r), r.rule, r.scope))
        conflicts.append(Conflict(model.component.key, given_up.day, tuple(core), given_up))
        active.discard(given_up)
        if family is not None:
            kin = family(given_up)
            active -= {
                r for r in active if broken(r) and r.rule == given_up.rule and family(r) == kin
            }
    return conflicts


__all__ = [
    "NEVER_BROKEN",
    "Conflict",
    "DayModel",
    "Requirement",
    "Tier",
    "find_conflicts",
]
