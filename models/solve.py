"""Solve a problem: split it into independent components, model each with CP-SAT, merge.

Per component the objective is lexicographic over the tiers of ``models.registry.Tier``:
first the fewest shortfalls of rules that may bend (essential minimums, then front-line duty,
then bidang, then seksi representation), then the goals (quota use and fairness, then
preferences). In the common case every rule can be met; one solve with the shortfalls weighted
above the whole goal range then proves it. Only when a shortfall is unavoidable are the rule
tiers minimised one after another, each bounded by the optimum of the ones before.

This module solves components and merges their results; it starts no process and handles no
signal. Running components in parallel (a process pool, a Ray cluster) is the application's job:
``optimizer.app.runtime``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import Enum

from ortools.sat.python import cp_model
from ortools.sat.python.cp_model import LinearExpr

from models.calendar import Calendar, build_calendar
from models.domain import Cell, Employee, Problem, Roster
from models.registry import RuleId, Tier
from models.rules import RULES
from models.rules.cohorts import spread as spread_cohorts
from models.rules.stability import lexicographic
from models.stop import Stop
from models.variables import Component, ModelContext, Term
from models.warmstart import ModelExport, add_lp_hint
from models.waves import balance_waves


class SolveStatus(Enum):
    OPTIMAL = "OPTIMAL"  # every component proved optimal
    FEASIBLE = "FEASIBLE"  # a roster, not proved optimal within the time limit
    NO_SOLUTION = "NO_SOLUTION"  # the time limit ran out before any roster was found
    INTERRUPTED = "INTERRUPTED"  # stopped on request: best roster so far, safe fallback elsewhere


@dataclass(frozen=True)
class SolveParams:
    time_limit_s: float = 60.0
    seed: int = 0
    workers: int = 1  # components solved in parallel processes; results do not depend on it
    cp_workers: int = 1  # CP-SAT workers per component (1 keeps runs reproducible)
    lp_warm_start: bool = True  # hint CP-SAT with the LP relaxation's solution (models.warmstart)
    #: how the LP warm start serialises a model (``models.warmstart.ModelExport``); ``None``: no
    #: LP warm start. The application layer sets ``optimizer.model_export.memfd_export``.
    model_export: ModelExport | None = None


@dataclass(frozen=True)
class Shortfall:
    """A rule that bends in the roster: ``missing`` people short of the requirement."""

    tier: Tier
    rule: RuleId
    scope: str
    day: dt.date | None
    missing: int


@dataclass
class ComponentResult:
    key: str
    status: SolveStatus
    wfo: set[tuple[str, int]]
    tier_values: dict[Tier, int]
    objective: float
    bound: float
    num_variables: int
    num_constraints: int
    solves: int
    wall_time_s: float
    shortfalls: list[Shortfall] = field(default_factory=list)
    #: how optimality was proved: "lp-bound" (LP dual bound met, no search), "cp-sat", or ""
    proof: str = ""
    #: with start waves: (NIP, day index) of each office day -> its wave (1-based)
    waves: dict[tuple[str, int], int] = field(default_factory=dict)
    #: cohort mode: NIP -> cohort number (1…K) of every employee in a cohort
    cohorts: dict[str, int] = field(default_factory=dict)


@dataclass
class Result:
    status: SolveStatus
    roster: Roster | None
    components: list[ComponentResult]
    wall_time_s: float
    params: SolveParams

    @property
    def tier_values(self) -> dict[Tier, int]:
        out = {t: 0 for t in Tier}
        for c in self.components:
            for t, v in c.tier_values.items():
                out[t] += v
        return out

    @property
    def objective(self) -> float:
        return sum(c.objective for c in self.components)

    @property
    def bound(self) -> float:
        return sum(c.bound for c in self.components)

    @property
    def gap(self) -> float:
        """Relative gap between the goal objective and its proved bound (0 when optimal)."""
        obj, bound = self.objective, self.bound
        return abs(obj - bound) / max(1.0, abs(obj))

    @property
    def shortfalls(self) -> list[Shortfall]:
        return [s for c in self.components for s in c.shortfalls]

    @property
    def num_variables(self) -> int:
        return sum(c.num_variables for c in self.components)

    @property
    def num_constraints(self) -> int:
        return sum(c.num_constraints for c in self.components)


def components(problem: Problem) -> list[Component]:
    """Units tied together by a shared building (directly or through an employee's own building).

    Units in different components share no cap, so each component is solved on its own.
    Components come back in input order of their first unit, so results are reproducible.
    """
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[rb] = ra

    for unit in problem.units:
        union("u:" + unit.name, "b:" + unit.building)
    for emp in problem.employees:
        union("u:" + emp.unit, "b:" + problem.building_of(emp))
    groups: dict[str, list[str]] = {}
    for unit in problem.units:
        groups.setdefault(find("u:" + unit.name), []).append(unit.name)
    staff: dict[str, list[Employee]] = {root: [] for root in groups}
    for emp in problem.employees:
        staff[find("u:" + emp.unit)].append(emp)
    return [
        Component(tuple(problem.unit(n) for n in names), tuple(staff[root]))
        for root, names in groups.items()
    ]


def new_solver(params: SolveParams, deadline: float) -> cp_model.CpSolver:
    """A CP-SAT solver with this project's parameters, stopping at ``deadline`` (monotonic)."""
    solver = cp_model.CpSolver()
    p = solver.parameters
    p.max_time_in_seconds = max(0.05, deadline - time.monotonic())
    p.num_workers = params.cp_workers
    p.random_seed = params.seed
    # With one or two workers the default LP level leaves the "at least k on site" rows out of
    # the relaxation and the search stalls (measured: no solution at 10k staff in 120 s).
    p.linearization_level = 2
    p.catch_sigint_signal = False  # Ctrl-C is handled by ``Stop`` (best roster kept, written)
    # Presolve and probing only cost time on this tight, LP-integral model (measured in one run
    # on 60,000 staff: 11.2 s with them, 7.5 s without presolve, 6.5 s without either).
    p.cp_model_presolve = False
    p.cp_model_probing_level = 0
    return solver


def _value(solver: cp_model.CpSolver, terms: Sequence[Term]) -> int:
    return sum(t.weight * solver.value(t.var) for t in terms)


def _run(
    solver: cp_model.CpSolver, model: cp_model.CpModel, stop: Stop | None
) -> cp_model.CpSolverStatus:
    if stop is None:
        return solver.solve(model)
    with stop.watching(solver):
        if stop.requested:
            return cp_model.UNKNOWN
        return solver.solve(model)


def fallback_component(component: Component, started: float) -> ComponentResult:
    """The safe roster of a component not solved: nobody on site (no never-broken rule breaks)."""
    return _unsolved(component, SolveStatus.INTERRUPTED, started)


def out_of_time(component: Component, started: float) -> ComponentResult:
    """A component the run's deadline passed before it could be solved: no roster for it."""
    return _unsolved(component, SolveStatus.NO_SOLUTION, started)


def _unsolved(component: Component, status: SolveStatus, started: float) -> ComponentResult:
    return ComponentResult(
        component.key, status, set(), {}, 0.0, 0.0, 0, 0, 0, time.monotonic() - started
    )


def build_model(
    problem: Problem, component: Component, calendar: Calendar | None = None
) -> tuple[ModelContext, list[Term]]:
    """The CP-SAT model of one component: every rule of ``RULES`` added, their terms returned."""
    ctx = ModelContext(problem, calendar or build_calendar(problem), component)
    terms: list[Term] = []
    for rule in RULES:
        terms.extend(rule(ctx))
    return ctx, lexicographic(terms)


@dataclass(frozen=True)
class Objective:
    """The single-solve objective of a component: shortfalls weighted above every goal."""

    rule_terms: list[Term]
    goal_terms: list[Term]
    shortfalls: LinearExpr  # total shortfall of the rules that may bend (tiers 1–5)
    goals: LinearExpr  # the goals (tiers 6–8)
    big: int  # larger than the whole range of ``goals``

    @property
    def weighted(self) -> LinearExpr:
        return self.big * self.shortfalls + self.goals


def objective_of(terms: Sequence[Term]) -> Objective:
    rule_terms = [t for t in terms if t.tier.is_rule]
    goal_terms = [t for t in terms if not t.tier.is_rule]
    # Upper bound of the goal range: every goal variable is a count of at most its class size.
    big = 1 + sum(abs(t.weight) * t.upper for t in goal_terms)
    return Objective(
        rule_terms,
        goal_terms,
        LinearExpr.sum([t.var for t in rule_terms]),
        LinearExpr.weighted_sum([t.var for t in goal_terms], [t.weight for t in goal_terms]),
        big,
    )


def solve_component(
    problem: Problem,
    component: Component,
    params: SolveParams,
    deadline: float,
    calendar: Calendar | None = None,
    stop: Stop | None = None,
) -> ComponentResult:
    """Build and solve the model of one component (see the module docstring for the stages).

    A component whose turn comes after ``deadline`` is not built: ``NO_SOLUTION`` at once, so
    that a run under a binding time limit ends the same way wherever its components run.
    """
    started = time.monotonic()
    if started >= deadline:
        return out_of_time(component, started)
    ctx, terms = build_model(problem, component, calendar)
    model = ctx.model
    by_tier: dict[Tier, list[Term]] = {t: [] for t in Tier}
    for term in terms:
        by_tier[term.tier].append(term)
    objective = objective_of(terms)
    rule_terms, goal_terms = objective.rule_terms, objective.goal_terms
    goal_expr, shortfall_expr, big = objective.goals, objective.shortfalls, objective.big

    model.minimize(objective.weighted)
    solver, status, proof = _first_solve(model, params, deadline, stop)
    solves = 1
    found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    proved = status == cp_model.OPTIMAL
    best = solver if found else None  # the solver holding the best roster so far
    if found and rule_terms and solver.value(shortfall_expr) > 0:
        # Some rule must bend: minimise the tiers one after another (exact lexicographic order).
        for tier in (t for t in Tier if t.is_rule):
            if not by_tier[tier] or best is None:
                continue
            tier_expr = LinearExpr.sum([t.var for t in by_tier[tier]])
            _hint_from(model, best, ctx, rule_terms)
            model.minimize(tier_expr)
            solver = new_solver(params, deadline)
            status = _run(solver, model, stop)
            solves += 1
            if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                proved = False
                break
            best = solver
            proved = proved and status == cp_model.OPTIMAL
            model.add(tier_expr <= int(solver.objective_value))
        else:
            assert best is not None
            _hint_from(model, best, ctx, rule_terms)
            model.minimize(goal_expr)
            solver = new_solver(params, deadline)
            status = _run(solver, model, stop)
            solves += 1
            if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                best = solver
            proved = proved and status == cp_model.OPTIMAL

    if best is None:
        if stop is not None and stop.requested:
            return fallback_component(component, started)
        return ComponentResult(
            component.key,
            SolveStatus.NO_SOLUTION,
            set(),
            {},
            0.0,
            0.0,
            len(model.proto.variables),
            len(model.proto.constraints),
            solves,
            time.monotonic() - started,
        )
    wfo: set[tuple[str, int]] = set()
    waves: dict[tuple[str, int], int] = {}
    # With start waves: the solver's split over the waves, evened out where no term cares.
    wave_split = balance_waves(ctx, {key: int(best.value(var)) for key, var in ctx.waves.items()})
    cohort_of: dict[str, int] = {}
    for cls in ctx.classes:
        split = ctx.cohort_split.get(cls.index)
        if split is not None:
            chosen, assigned = spread_cohorts(cls, split, best.value)
            wfo |= chosen
            cohort_of.update(assigned)
            continue
        counts = {d: int(best.value(ctx.counts[cls.index, d])) for d in cls.free_days}
        if ctx.waves:
            mine = {
                (d, w): wave_split[cls.index, d, w]
                for d in cls.free_days
                for w in range(len(problem.policy.waves))
                if (cls.index, d, w) in wave_split
            }
            given = cls.spread_waves(counts, mine)
            wfo.update(given)
            waves.update(given)
        else:
            wfo |= cls.spread(counts)
    tier_values = {tier: _value(best, ts) for tier, ts in by_tier.items()}
    goal_value = float(sum(tier_values[t] for t in Tier if not t.is_rule))
    if proved:
        bound = goal_value
    elif solves == 1:
        # The single solve weighted the shortfalls in: take them out of its bound.
        rule_part = big * sum(tier_values[t] for t in Tier if t.is_rule)
        bound = min(goal_value, best.best_objective_bound - rule_part)
    elif best is solver:  # the last solve (the goals under the tier optima) gave the roster
        bound = min(goal_value, best.best_objective_bound)
    else:  # stopped before the goal stage: only the trivial bound is known
        bound = float(sum(min(0, t.weight) * t.upper for t in goal_terms))
    shortfalls = [
        Shortfall(t.tier, t.rule, t.scope, t.day, int(best.value(t.var)))
        for t in rule_terms
        if best.value(t.var)
    ]
    return ComponentResult(
        component.key,
        SolveStatus.OPTIMAL if proved else SolveStatus.FEASIBLE,
        wfo,
        tier_values,
        goal_value,
        bound,
        len(model.proto.variables),
        len(model.proto.constraints),
        solves,
        time.monotonic() - started,
        shortfalls,
        ("cp-sat" if solves > 1 else proof) if proved else "",
        waves,
        cohort_of,
    )


def _first_solve(
    model: cp_model.CpModel, params: SolveParams, deadline: float, stop: Stop | None
) -> tuple[cp_model.CpSolver, cp_model.CpSolverStatus, str]:
    """The first solve of a component, and how its optimality was proved.

    With ``params.lp_warm_start`` the LP relaxation comes first (``models.warmstart``). When its
    rounded solution is a roster (CP-SAT checks it exactly, every variable fixed to the hint)
    whose objective meets the bound proved from the LP duals, that roster is optimal and no
    search is needed: proof ``"lp-bound"``. Otherwise CP-SAT searches from the hint: proof
    ``"cp-sat"`` when it proves optimality itself.
    """
    hint = None
    if params.lp_warm_start and params.model_export and not (stop is not None and stop.requested):
        hint = add_lp_hint(model, deadline - time.monotonic(), params.model_export, stop)
    if hint is not None and hint.fractional == 0 and hint.bound is not None:
        check = new_solver(params, deadline)
        check.parameters.fix_variables_to_their_hinted_value = True
        status = _run(check, model, stop)
        if status == cp_model.OPTIMAL and round(check.objective_value) <= hint.bound:
            return check, cp_model.OPTIMAL, "lp-bound"
    solver = new_solver(params, deadline)
    status = _run(solver, model, stop)
    return solver, status, "cp-sat" if status == cp_model.OPTIMAL else ""


def _hint_from(
    model: cp_model.CpModel, solver: cp_model.CpSolver, ctx: ModelContext, terms: list[Term]
) -> None:
    model.clear_hints()  # type: ignore[no-untyped-call]
    for var in ctx.counts.values():
        model.add_hint(var, solver.value(var))
    for var in ctx.waves.values():
        model.add_hint(var, solver.value(var))
    for t in terms:
        model.add_hint(t.var, solver.value(t.var))


def part_of(problem: Problem, component: Component) -> Problem:
    """The problem restricted to one component: what a worker needs to solve it, and no more."""
    units = {u.name for u in component.units}
    nips = {e.nip for e in component.employees}
    buildings = {u.building for u in component.units} | {
        problem.building_of(e) for e in component.employees
    }
    return dataclasses.replace(
        problem,
        units=component.units,
        employees=component.employees,
        buildings=tuple(b for b in problem.buildings if b.name in buildings),
        absences=tuple(a for a in problem.absences if a.nip in nips),
        closures=tuple(c for c in problem.closures if c.building in buildings),
        published=tuple(p for p in problem.published if p.nip in nips),
        name=f"{problem.name} / {component.key}" if units else problem.name,
    )


def solve_part(
    part: Problem, params: SolveParams, deadline: float, clock: str = "monotonic"
) -> ComponentResult:
    """Solve a one-component problem made by ``part_of`` (the unit of work sent to executors).

    ``deadline`` is the run's one absolute deadline, on ``clock``: ``"monotonic"``
    (``time.monotonic()``, one clock for every process of a Linux machine) for local worker
    processes, ``"wall"`` (``time.time()``) for other machines. A part picked up after it gets
    no time of its own: it is ``NO_SOLUTION`` at once, as when solved in one process.
    """
    (component,) = components(part)
    now = time.time() if clock == "wall" else time.monotonic()
    return solve_component(part, component, params, time.monotonic() + (deadline - now))


#: Called after each component with its result, how many are done, how many in all, seconds.
ComponentCallback = Callable[[ComponentResult, int, int, float], None]


def solve_here(
    problem: Problem,
    params: SolveParams,
    stop: Stop | None = None,
    on_component: ComponentCallback | None = None,
    deadline: float | None = None,
) -> Result:
    """Every component solved in this process, one after another, and merged into one roster.

    Where components are solved in parallel (worker processes, a cluster) is the application's
    business (``optimizer.app.runtime``); each component is solved the same way wherever it
    runs, so the roster does not depend on where. ``deadline`` (``time.monotonic()``; default:
    ``params.time_limit_s`` from now) is shared by every component.
    """
    started = time.monotonic()
    deadline = started + params.time_limit_s if deadline is None else deadline
    comps = components(problem)
    calendar = build_calendar(problem)
    results: list[ComponentResult] = []
    for comp in comps:
        if stop is not None and stop.requested:
            result = fallback_component(comp, time.monotonic())
        else:
            result = solve_component(problem, comp, params, deadline, calendar, stop)
        results.append(result)
        if on_component:
            on_component(result, len(results), len(comps), time.monotonic() - started)
    return merge(problem, results, params, started, stop, calendar)


def merge(
    problem: Problem,
    results: list[ComponentResult],
    params: SolveParams,
    started: float,
    stop: Stop | None = None,
    calendar: Calendar | None = None,
) -> Result:
    """One result from the components' results (in component order): status and roster."""
    statuses = {r.status for r in results}
    if SolveStatus.INTERRUPTED in statuses or (stop is not None and stop.requested):
        status = SolveStatus.INTERRUPTED
    elif SolveStatus.NO_SOLUTION in statuses:
        status = SolveStatus.NO_SOLUTION
    elif SolveStatus.FEASIBLE in statuses:
        status = SolveStatus.FEASIBLE
    else:
        status = SolveStatus.OPTIMAL
    roster = (
        None
        if status is SolveStatus.NO_SOLUTION
        else _roster(problem, calendar or build_calendar(problem), results)
    )
    return Result(status, roster, results, time.monotonic() - started, params)


def _roster(problem: Problem, calendar: Calendar, results: list[ComponentResult]) -> Roster:
    wfo: set[tuple[str, int]] = set().union(*(r.wfo for r in results)) if results else set()
    cells: dict[str, tuple[Cell, ...]] = {}
    for emp in problem.employees:
        fixed = calendar.fixed[emp.nip]
        cells[emp.nip] = tuple(
            f if f is not None else (Cell.WFO if (emp.nip, i) in wfo else Cell.WFH)
            for i, f in enumerate(fixed)
        )
    cohorts = {nip: k for r in results for nip, k in r.cohorts.items()}
    if not problem.policy.has_waves:
        return Roster(calendar.dates, cells, cohorts=cohorts)
    given: dict[tuple[str, int], int] = {}
    for r in results:
        given.update(r.waves)
    waves = {
        emp.nip: tuple(given.get((emp.nip, i), 0) for i in range(len(calendar.dates)))
        for emp in problem.employees
    }
    return Roster(calendar.dates, cells, waves, cohorts)
