"""Re-plan after a positive case against a fresh solve of the same days (issue 14).

``python3 -m benchmarks.replan [--cases example,60000] [--workers 2] [--time-limit 120]``

For each case, in one process, one after another (same machine state, side by side):

1. the published roster: a fresh solve of the whole horizon (the roster HR published);
2. a positive case on the second working day (``optimizer.analysis.outbreak.case_events``: the
   first employee on site on both days who has close contacts; the building closed 3 days,
   contacts quarantined 5 days, bidang scope);
3. **re-plan** (``optimizer.app.replan.solve_replan``, what ``giliran kasus`` runs, timed from
   the event problem to the merged roster): the re-plan problem (days before the case frozen as
   days off, office days so far as history, published cells in the class key, stability goal);
   components the case does not touch are kept as published (their exact optimum, proved by the
   independent checker), the others solved by the usual runtime;
4. **fresh**: the same days of the same event problem solved from scratch (no published roster,
   no stability goal): what re-running ``giliran solve`` on the remaining days would cost.

Both are solved by ``optimizer.app.runtime.solve`` with the same parameters; the merged roster
of the re-plan is checked by the independent checker. ``example`` is the shipped
``input_templates/contoh-kota.xlsx`` (2,500 staff); a number is ``generate_city(seed=2026,
staff=N, start=2026-11-30)`` as in ``benchmarks/run.py``. Prints one Markdown table.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import platform
import subprocess
import time
from pathlib import Path

from models.domain import Cell, Problem, Roster
from models.solve import Result, SolveParams
from optimizer.analysis.checker import check
from optimizer.analysis.contacts import ContactIndex, ContactScope
from optimizer.analysis.outbreak import (
    case_events,
    changed_cells,
    replan_problem,
    with_events,
)
from optimizer.app.replan import solve_replan
from optimizer.app.runtime import solve
from optimizer.demo.generator import generate_city
from optimizer.io.validate import load_problem

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "input_templates" / "contoh-kota.xlsx"
START = dt.date(2026, 11, 30)


def problem_of(case: str) -> Problem:
    if case == "example":
        return load_problem(EXAMPLE)[0]
    return generate_city(seed=2026, staff=int(case), start=START)


def timed(problem: Problem, params: SolveParams) -> tuple[Result, float]:
    t0 = time.perf_counter()
    result = solve(problem, params)
    return result, time.perf_counter() - t0


def pick_case(problem: Problem, roster: Roster, on: dt.date) -> str:
    """The first employee on site on the first two working days who has close contacts."""
    index = ContactIndex(problem, roster, ContactScope.BIDANG)
    first = problem.working_dates[0]
    for emp in problem.employees:
        both = roster.cell(emp.nip, first) is Cell.WFO and roster.cell(emp.nip, on) is Cell.WFO
        if both and index.contact_count(emp.nip, on) > 0:
            return emp.nip
    raise SystemExit("no employee with contacts on the first two days")


def run_case(case: str, params: SolveParams) -> dict[str, object]:
    problem = problem_of(case)
    published_result, publish_s = timed(problem, params)
    published = published_result.roster
    assert published is not None
    on = problem.working_dates[1]
    nip = pick_case(problem, published, on)
    closures, absences, _trace, contacts = case_events(
        problem, published, [nip], on, 3, 5, 10, ContactScope.BIDANG
    )
    event = with_events(problem, closures, absences)
    t0 = time.perf_counter()
    _sub, replanned = solve_replan(event, published, on, (), params)
    replan_s = time.perf_counter() - t0
    merged = replanned.roster
    assert merged is not None
    settled = sum(1 for c in replanned.components if c.proof == "published")
    report = check(event, merged)
    changes = changed_cells(event, published, merged, contacts, [nip])
    chosen = sum(1 for c in changes if {c.before, c.after} == {"WFO", "WFH"})
    # every component of the same remaining days, from scratch (``sub`` holds only the
    # components the re-plan solved)
    fresh_problem = dataclasses.replace(replan_problem(event, published, on), published=())
    fresh, fresh_s = timed(fresh_problem, params)
    return {
        "case": "2,500 (contoh-kota.xlsx)" if case == "example" else f"{int(case):,}",
        "staff": len(problem.employees),
        "publish_s": publish_s,
        "replan_s": replan_s,
        "fresh_s": fresh_s,
        "ratio": replan_s / fresh_s if fresh_s else float("nan"),
        "replan_status": replanned.status.value,
        "fresh_status": fresh.status.value,
        "replan_vars": replanned.num_variables,
        "settled": f"{settled}/{len(replanned.components)}",
        "fresh_vars": fresh.num_variables,
        "contacts": len(contacts),
        "changed": len(changes),
        "chosen": chosen,
        "ok": not report.hard_violations,
        "violations": len(report.violations),
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--cases", default="example,60000", help="'example' and/or staff counts")
    p.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
    p.add_argument("--time-limit", type=float, default=120.0, help="per solve, seconds")
    args = p.parse_args(argv)
    params = SolveParams(time_limit_s=args.time_limit, workers=args.workers)
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
    ).stdout.strip()
    print(
        f"Machine: {platform.machine()}, Python {platform.python_version()}, "
        f"{__import__('os').cpu_count()} cores, commit {commit}, workers {args.workers}, "
        f"{dt.datetime.now(dt.UTC).isoformat(timespec='seconds')}"
    )
    rows = [run_case(c.strip(), params) for c in args.cases.split(",") if c.strip()]
    print()
    print(
        "| staff | publish (s) | re-plan (s) | fresh same days (s) | re-plan / fresh | "
        "status re-plan / fresh | components kept as published | variables re-plan / fresh | "
        "contacts | cells changed (chosen) | never-bending rules | rules not met |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['case']} | {r['publish_s']:.2f} | {r['replan_s']:.2f} | {r['fresh_s']:.2f} | "
            f"{r['ratio']:.2f} | {r['replan_status']} / {r['fresh_status']} | {r['settled']} | "
            f"{r['replan_vars']:,} / {r['fresh_vars']:,} | {r['contacts']} | "
            f"{r['changed']} ({r['chosen']}) | {'hold' if r['ok'] else 'BROKEN'} | "
            f"{r['violations']} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
