"""One benchmark method in its own process: ``python3 -m benchmarks.worker METHOD ...``.

The worker regenerates the seeded instance (not timed), runs one method against a time budget
and writes a JSON result: timings, status, the method's own objective and bound, its peak memory
(``ru_maxrss``) and the office days it chose, which ``benchmarks.run`` then checks and scores.
Solver imports happen inside the method so that highspy and OR-Tools never meet in one process.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path
from typing import Any

from benchmarks.reference import LinearModel, build_model, instance_fingerprint
from models.calendar import Calendar, build_calendar
from models.domain import Cell, Problem
from optimizer.demo.generator import generate_city

Outcome = dict[str, Any]


class Budget:
    """The method's time budget, counted from the moment its timed part starts."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.started = time.perf_counter()

    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    def left(self, floor: float = 1.0) -> float:
        return max(floor, self.seconds - self.elapsed())


def _wfo_pairs(wfo: set[tuple[int, int]]) -> list[list[int]]:
    return sorted([i, d] for i, d in wfo)


# ---------------------------------------------------------------------------------------------
# Methods
# ---------------------------------------------------------------------------------------------


def giliran_solve(
    problem: Problem, args: argparse.Namespace, budget: Budget, lp_warm_start: bool = True
) -> Outcome:
    """``optimizer.app.runtime.solve`` on the in-memory problem (the decomposed CP-SAT)."""
    from models.solve import SolveParams
    from optimizer.app.runtime import solve

    params = SolveParams(
        time_limit_s=args.time_limit, seed=0, workers=args.workers, lp_warm_start=lp_warm_start
    )
    result = solve(problem, params)
    proofs: dict[str, int] = {}
    for c in result.components:
        proofs[c.proof or "none"] = proofs.get(c.proof or "none", 0) + 1
    wall = budget.elapsed()
    wfo: set[tuple[int, int]] = set()
    if result.roster is not None:
        for i, emp in enumerate(problem.employees):
            row = result.roster.cells.get(emp.nip, ())
            wfo.update((i, d) for d, c in enumerate(row) if c is Cell.WFO)
    status = getattr(result.status, "value", str(result.status))
    tiers = {getattr(t, "name", str(t)): int(v) for t, v in result.tier_values.items()}
    return {
        "status": status,
        "wall_s": wall,
        "objective_reported": float(result.objective) if result.roster is not None else None,
        "bound_reported": float(result.bound) if result.roster is not None else None,
        "gap_reported": float(result.gap) if result.roster is not None else None,
        "tier_values": tiers,
        "num_variables": int(getattr(result, "num_variables", 0)),
        "num_constraints": int(getattr(result, "num_constraints", 0)),
        "components": len(getattr(result, "components", [])),
        "shortfalls": len(result.shortfalls),
        "proofs": proofs,
        "wfo": _wfo_pairs(wfo),
    }


def giliran_solve_cpsat_only(problem: Problem, args: argparse.Namespace, budget: Budget) -> Outcome:
    """The same, without the LP warm start: what CP-SAT's own search takes (an ablation)."""
    return giliran_solve(problem, args, budget, lp_warm_start=False)


def giliran_e2e(problem: Problem, args: argparse.Namespace, budget: Budget) -> Outcome:
    """``giliran solve in.xlsx -o out.xlsx`` as a child process (the console entry point)."""
    del problem
    cmd = [
        sys.executable,
        "-m",
        "optimizer.cli",
        "solve",
        str(args.xlsx_in),
        "-o",
        str(args.xlsx_out),
        "--time-limit",
        f"{args.time_limit:g}",
        "--workers",
        str(args.workers),
    ]
    budget.started = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    wall = budget.elapsed()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "status": f"exit {done.returncode}",
        "exit_code": done.returncode,
        "wall_s": wall,
        "command": " ".join(["giliran", *cmd[3:]]),
        "stdout_tail": done.stdout[-2000:],
        "stderr_tail": done.stderr[-2000:],
        "child_maxrss_mib": usage.ru_maxrss / 1024,
    }


def _cpsat_mono(problem: Problem, args: argparse.Namespace, budget: Budget) -> Outcome:
    """The reference model in one CP-SAT model, default parameters apart from the worker count."""
    from ortools.sat.python import cp_model

    lin = build_model(problem, _calendar(problem))
    model = cp_model.CpModel()
    xs = [model.new_int_var(lo, hi, "") for lo, hi in zip(lin.lower, lin.upper, strict=True)]
    start = lin.row_start
    for r in range(lin.num_rows):
        a, b = start[r], start[r + 1]
        expr = cp_model.LinearExpr.weighted_sum(
            [xs[j] for j in lin.row_index[a:b]], lin.row_value[a:b]
        )
        lo, hi = lin.row_lower[r], lin.row_upper[r]
        model.add_linear_constraint(
            expr,
            cp_model.INT_MIN if lo == float("-inf") else int(lo),
            cp_model.INT_MAX if hi == float("inf") else int(hi),
        )
    nz = [(v, c) for v, c in zip(xs, lin.cost, strict=True) if c]
    model.minimize(cp_model.LinearExpr.weighted_sum([v for v, _ in nz], [c for _, c in nz]))
    build = budget.elapsed()
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = args.cp_workers
    solver.parameters.max_time_in_seconds = budget.left()
    status = solver.solve(model)
    wall = budget.elapsed()
    found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    wfo: set[tuple[int, int]] = set()
    if found:
        for col, i, d in zip(lin.x_cols, lin.x_emp, lin.x_day, strict=True):
            if solver.value(xs[col]):
                wfo.add((i, d))
    return {
        "status": solver.status_name(status),
        "wall_s": wall,
        "build_s": build,
        "solve_s": wall - build,
        "objective_reported": solver.objective_value if found else None,
        "bound_reported": solver.best_objective_bound,
        "shortfall_total": (
            int(sum(solver.value(xs[c]) for c in lin.shortfall_cols)) if found else None
        ),
        "num_variables": lin.num_cols,
        "num_constraints": lin.num_rows,
        "big": lin.big,
        "wfo": _wfo_pairs(wfo),
    }


def _highs(
    problem: Problem, args: argparse.Namespace, budget: Budget, mip: bool, presolve: bool = True
) -> Outcome:
    """The reference model passed to HiGHS as arrays: the MIP, or its LP relaxation."""
    import highspy
    import numpy as np

    lin = build_model(problem, _calendar(problem))
    arr = lin.arrays()
    for key in ("lower", "upper", "row_lower", "row_upper"):
        arr[key][np.isinf(arr[key])] = np.sign(arr[key][np.isinf(arr[key])]) * highspy.kHighsInf
    h = highspy.Highs()  # type: ignore[no-untyped-call]
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", float(budget.left()))
    if mip:
        # The objective is integral: stop only at a proved optimum, like CP-SAT does.
        h.setOptionValue("mip_rel_gap", 0.0)
        h.setOptionValue("mip_abs_gap", 0.999)
    if not presolve:
        h.setOptionValue("presolve", "off")
    integrality = (np.ones if mip else np.zeros)(lin.num_cols, dtype=np.int32)
    passed = h.passModel(
        lin.num_cols,
        lin.num_rows,
        lin.num_nonzeros,
        int(highspy.MatrixFormat.kRowwise),
        int(highspy.ObjSense.kMinimize),
        0.0,
        arr["cost"],
        arr["lower"],
        arr["upper"],
        arr["row_lower"],
        arr["row_upper"],
        arr["row_start"][:-1],
        arr["row_index"],
        arr["row_value"],
        integrality,
    )
    if passed != highspy.HighsStatus.kOk:
        raise RuntimeError(f"HiGHS refused the model: {passed}")
    build = budget.elapsed()
    h.setOptionValue("time_limit", float(budget.left()))
    h.run()
    wall = budget.elapsed()
    model_status = h.modelStatusToString(h.getModelStatus())
    info = h.getInfo()
    out: Outcome = {
        "status": model_status,
        "wall_s": wall,
        "build_s": build,
        "solve_s": wall - build,
        "num_variables": lin.num_cols,
        "num_constraints": lin.num_rows,
        "big": lin.big,
        "highs_version": version("highspy"),
    }
    has_solution = info.primal_solution_status == 2  # kSolutionStatusFeasible
    if mip:
        out["objective_reported"] = info.objective_function_value if has_solution else None
        out["bound_reported"] = info.mip_dual_bound
        out["mip_gap"] = info.mip_gap
        out["mip_nodes"] = info.mip_node_count
    else:
        out["objective_reported"] = info.objective_function_value if has_solution else None
        out["bound_reported"] = out["objective_reported"]
        out["simplex_iterations"] = info.simplex_iteration_count
    if has_solution:
        values = np.asarray(h.getSolution().col_value)
        x_vals = values[np.asarray(lin.x_cols, dtype=np.int64)]
        frac = np.abs(x_vals - np.round(x_vals))
        out["fractional_x"] = int(np.count_nonzero(frac > 1e-6))
        if mip:
            wfo = {
                (i, d)
                for i, d, v in zip(lin.x_emp, lin.x_day, x_vals.tolist(), strict=True)
                if v > 0.5
            }
            out["wfo"] = _wfo_pairs(wfo)
            short = values[np.asarray(lin.shortfall_cols, dtype=np.int64)]
            out["shortfall_total"] = round(float(short.sum()))
    return out


def highs_mip(problem: Problem, args: argparse.Namespace, budget: Budget) -> Outcome:
    return _highs(problem, args, budget, mip=True)


def highs_mip_no_presolve(problem: Problem, args: argparse.Namespace, budget: Budget) -> Outcome:
    """HiGHS MIP with presolve off: its MIP presolve can run far past the time limit here."""
    return _highs(problem, args, budget, mip=True, presolve=False)


def highs_lp(problem: Problem, args: argparse.Namespace, budget: Budget) -> Outcome:
    return _highs(problem, args, budget, mip=False)


def _greedy(problem: Problem, budget: Budget, which: str) -> Outcome:
    from benchmarks import greedy

    cal = _calendar(problem)
    budget.started = time.perf_counter()  # the calendar is shared input, not the heuristic
    fn = greedy.round_robin if which == "rr" else greedy.capacity_aware
    wfo = fn(problem, cal)
    return {"status": "HEURISTIC", "wall_s": budget.elapsed(), "wfo": _wfo_pairs(wfo)}


def greedy_rr(problem: Problem, args: argparse.Namespace, budget: Budget) -> Outcome:
    return _greedy(problem, budget, "rr")


def greedy_cap(problem: Problem, args: argparse.Namespace, budget: Budget) -> Outcome:
    return _greedy(problem, budget, "cap")


def _calendar(problem: Problem) -> Calendar:
    return build_calendar(problem)


Method = Callable[[Problem, argparse.Namespace, Budget], Outcome]

METHODS: dict[str, Method] = {
    "lp-bound": highs_lp,
    "greedy-handmade": greedy_rr,
    "greedy-capacity": greedy_cap,
    "giliran-solve": giliran_solve,
    "giliran-solve-cpsat": giliran_solve_cpsat_only,
    "giliran-e2e": giliran_e2e,
    "highs-mip": highs_mip,
    "highs-mip-nopresolve": highs_mip_no_presolve,
    "cpsat-monolithic": _cpsat_mono,
}

#: Modules each method imports, loaded before its clock starts.
PRELOAD: dict[str, tuple[str, ...]] = {
    "giliran-solve": ("models.solve", "optimizer.app.runtime"),
    "giliran-solve-cpsat": ("models.solve", "optimizer.app.runtime"),
    "cpsat-monolithic": ("ortools.sat.python.cp_model",),
    "highs-mip": ("highspy", "numpy"),
    "highs-mip-nopresolve": ("highspy", "numpy"),
    "lp-bound": ("highspy", "numpy"),
    "greedy-handmade": ("benchmarks.greedy",),
    "greedy-capacity": ("benchmarks.greedy",),
}


# ---------------------------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m benchmarks.worker")
    parser.add_argument("method", choices=sorted(METHODS))
    parser.add_argument("--staff", type=int, required=True)
    parser.add_argument("--weeks", type=int, required=True)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--start", type=dt.date.fromisoformat, default=dt.date(2026, 11, 30))
    parser.add_argument("--time-limit", type=float, required=True)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--cp-workers", type=int, default=2)
    parser.add_argument("--xlsx-in", type=Path)
    parser.add_argument("--xlsx-out", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)

    # The end-to-end run reads the workbook itself; every other method gets the same instance.
    problem = (
        None
        if args.method == "giliran-e2e"
        else generate_city(seed=args.seed, staff=args.staff, weeks=args.weeks, start=args.start)
    )
    # Libraries are loaded before the clock starts, for every method alike: the table compares
    # solving, not Python imports (the end-to-end row shows a whole command, imports included).
    for module in PRELOAD.get(args.method, ()):
        importlib.import_module(module)
    budget = Budget(args.time_limit)
    outcome = METHODS[args.method](problem, args, budget)  # type: ignore[arg-type]
    usage = resource.getrusage(resource.RUSAGE_SELF)
    outcome["self_maxrss_mib"] = usage.ru_maxrss / 1024
    outcome["fingerprint"] = instance_fingerprint(problem) if problem is not None else None
    outcome["pid"] = os.getpid()
    tmp = args.out.with_suffix(".tmp")
    tmp.write_text(json.dumps(outcome))
    tmp.replace(args.out)
    return 0


__all__ = ["METHODS", "LinearModel", "main"]

if __name__ == "__main__":
    sys.exit(main())
