"""A constraint verifier for one rule family at a time (after Timefold's ConstraintVerifier).

The solver adds every rule family at once, so a test of the whole model cannot tell which family
made a roster what it is. ``Verifier`` builds the model of a hand-made problem with only the rule
functions it is given (e.g. ``models.rules.caps.unit_cap``) and nothing else; availability needs
no rule, since a fixed cell (holiday, absence, closure, vulnerable) simply has no variable.

Usage::

    v = Verifier(problem, unit_cap)
    assert v.forbids(on_site(people[:3], day=0))       # 3 on site on Monday breaks the cap
    assert v.allows(on_site(people[:2], day=0))
    v = Verifier(problem, essential_minimum)
    assert v.penalises(off_site(people, days=range(5)), by=15)
    best = Verifier(problem, quota_use).best_roster()
    assert best.on_site(people, 0) == 4

An *assignment* maps ``(nip, day index)`` to ``True`` (WFO) or ``False`` (not on site); cells it
does not mention are left to the solver. Decisions are on-site counts per staff class, so fixing
cells constrains a class's count: with ``k`` members said on site and ``j`` said off, the count of
a class of ``m`` lies in ``[k, m − j]``, which is exact because the members are interchangeable.
Saying someone is on site on a cell with no variable (they cannot be) makes the assignment
infeasible.

Every query builds a fresh model and solves it to optimality with one CP-SAT worker; a query
that does not end in OPTIMAL or INFEASIBLE fails instead of passing by accident.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ortools.sat.python import cp_model
from ortools.sat.python.cp_model import LinearExpr

from models.calendar import build_calendar
from models.domain import Employee, Problem
from models.registry import Tier
from models.rules import Rule
from models.solve import objective_of
from models.variables import Component, ModelContext, StaffClass, Term

Assignment = Mapping[tuple[str, int], bool]


def on_site(
    people: Iterable[Employee], day: int | None = None, days: Iterable[int] = ()
) -> dict[tuple[str, int], bool]:
    """The assignment "each of ``people`` on site on ``day`` (and on each of ``days``)"."""
    chosen = [*([] if day is None else [day]), *days]
    return {(e.nip, d): True for e in people for d in chosen}


def off_site(
    people: Iterable[Employee], day: int | None = None, days: Iterable[int] = ()
) -> dict[tuple[str, int], bool]:
    """The assignment "none of ``people`` on site on ``day`` (and on each of ``days``)"."""
    return {cell: False for cell in on_site(people, day, days)}


@dataclass(frozen=True)
class Best:
    """An optimal roster of the rules under test: on-site counts, spread over the members."""

    counts: dict[tuple[int, int], int]  # (class index, day) -> on site
    wfo: frozenset[tuple[str, int]]  # (nip, day) of every office day
    objective: int  # the minimised objective (shortfalls weighted above the goals)
    shortfall: int  # the total shortfall of the rule tiers (1–4)

    def on_site(self, people: Iterable[Employee], day: int) -> int:
        return sum((e.nip, day) in self.wfo for e in people)

    def office_days(self, person: Employee) -> int:
        return sum(nip == person.nip for nip, _ in self.wfo)


class Verifier:
    """The model of ``problem`` with only ``rules`` added (none: availability alone)."""

    def __init__(self, problem: Problem, *rules: Rule, time_limit_s: float = 10.0) -> None:
        self.problem = problem
        self.rules = rules
        self.calendar = build_calendar(problem)
        self.time_limit_s = time_limit_s
        self._nips = {e.nip for e in problem.employees}

    # -- building ------------------------------------------------------------------------------
    def build(self) -> tuple[ModelContext, list[Term]]:
        """A fresh model: one component holding every unit and employee, and the rules' terms."""
        component = Component(self.problem.units, self.problem.employees)
        ctx = ModelContext(self.problem, self.calendar, component)
        terms = [term for rule in self.rules for term in rule(ctx)]
        return ctx, terms

    def has_variable(self, nip: str, day: int) -> bool:
        """Whether the solver decides ``nip``'s cell on ``day`` (else the cell is fixed)."""
        ctx, _ = self.build()
        emp = next(e for e in self.problem.employees if e.nip == nip)
        return ctx.wfo(emp, day) is not None

    def _fix(self, ctx: ModelContext, assignment: Assignment) -> bool:
        """Constrain the class counts to ``assignment``; ``False`` if it asks the impossible."""
        class_of: dict[str, StaffClass] = {e.nip: c for c in ctx.classes for e in c.members}
        on: dict[tuple[int, int], int] = {}
        off: dict[tuple[int, int], int] = {}
        for (nip, day), wfo in assignment.items():
            if nip not in self._nips:
                raise KeyError(f"no employee with NIP {nip!r}")
            cls = class_of.get(nip)
            if cls is None or (cls.index, day) not in ctx.counts:
                if wfo:
                    return False  # on site on a fixed cell
                continue
            tally = on if wfo else off
            tally[cls.index, day] = tally.get((cls.index, day), 0) + 1
        for key in on.keys() | off.keys():
            var, size = ctx.counts[key], ctx.classes[key[0]].size
            ctx.model.add(var >= on.get(key, 0))
            ctx.model.add(var <= size - off.get(key, 0))
        return True

    def _solve(
        self, ctx: ModelContext, assignment: Assignment | None, objective: LinearExpr | None
    ) -> cp_model.CpSolver | None:
        """The solver after an optimal solve, or ``None`` if the assignment is infeasible."""
        if not self._fix(ctx, assignment or {}):
            return None
        if objective is not None:
            ctx.model.minimize(objective)
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.max_time_in_seconds = self.time_limit_s
        status = solver.solve(ctx.model)
        if status == cp_model.INFEASIBLE:
            return None
        assert status == cp_model.OPTIMAL, f"not solved to optimality: {solver.status_name()}"
        return solver

    # -- assertions ----------------------------------------------------------------------------
    def allows(self, assignment: Assignment) -> bool:
        """Some completion of ``assignment`` meets every hard constraint of the rules."""
        ctx, _ = self.build()
        return self._solve(ctx, assignment, None) is not None

    def forbids(self, assignment: Assignment) -> bool:
        """No completion of ``assignment`` meets the hard constraints of the rules."""
        return not self.allows(assignment)

    def shortfall(self, assignment: Assignment | None = None, tier: Tier | None = None) -> int:
        """The least total shortfall of the rule tiers (only ``tier``'s if given) under it."""
        ctx, terms = self.build()
        chosen = [t.var for t in terms if t.tier.is_rule and (tier is None or t.tier is tier)]
        solver = self._solve(ctx, assignment, LinearExpr.sum(chosen))
        assert solver is not None, "the assignment breaks a hard constraint"
        return round(solver.objective_value)

    def penalises(self, assignment: Assignment, by: int, tier: Tier | None = None) -> bool:
        """The least shortfall under ``assignment`` is exactly ``by`` (``shortfall`` shows it)."""
        return self.shortfall(assignment, tier) == by

    def cost(self, assignment: Assignment | None = None) -> int:
        """The least objective of the rules' terms (shortfalls weighted above goals) under it."""
        ctx, terms = self.build()
        solver = self._solve(ctx, assignment, objective_of(terms).weighted)
        assert solver is not None, "the assignment breaks a hard constraint"
        return round(solver.objective_value)

    def best_roster(self, assignment: Assignment | None = None) -> Best:
        """An optimal roster of the rules' terms alone (completing ``assignment``)."""
        ctx, terms = self.build()
        objective = objective_of(terms)
        solver = self._solve(ctx, assignment, objective.weighted)
        assert solver is not None, "the assignment breaks a hard constraint"
        counts = {key: int(solver.value(var)) for key, var in ctx.counts.items()}
        wfo: set[tuple[str, int]] = set()
        for cls in ctx.classes:
            wfo |= cls.spread({d: counts[cls.index, d] for d in cls.free_days})
        shortfall = sum(int(solver.value(t.var)) for t in objective.rule_terms)
        return Best(counts, frozenset(wfo), round(solver.objective_value), shortfall)
