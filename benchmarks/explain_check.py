"""Explain over-constrained cities and prove each suggestion, applied, removes its conflict.

``python3 -m benchmarks.explain_check [--staff 2500,10000] [--cap 10]`` takes the seeded example
city at each size with the non-essential office cap lowered (default 10%, so that units with many
sections cannot have each one on site), solves it, explains it, then applies every finding's first
suggestion on its own, solves the whole city again and checks that the finding is gone. Prints a
table: staff, cap, shortfalls, findings, solve and explain time, suggestions proved.
"""

from __future__ import annotations

import argparse
import dataclasses
import time
from decimal import Decimal

from models.domain import Problem
from models.solve import SolveParams
from optimizer.analysis.checker import check
from optimizer.analysis.explain import explain
from optimizer.app.runtime import solve
from optimizer.demo.generator import generate_city


def tightened(staff: int, cap: Decimal) -> Problem:
    city = generate_city(seed=2026, staff=staff)
    return dataclasses.replace(city, policy=dataclasses.replace(city.policy, cap_pct=cap))


def run(staff: int, cap: Decimal) -> dict[str, object]:
    problem = tightened(staff, cap)
    t0 = time.perf_counter()
    result = solve(problem, SolveParams(time_limit_s=120))
    solve_s = time.perf_counter() - t0
    assert result.roster is not None
    report = check(problem, result.roster)
    assert not report.hard_violations, "a never-broken rule is broken"
    t0 = time.perf_counter()
    explanation = explain(problem, result)
    explain_s = time.perf_counter() - t0
    proved = 0
    with_change = 0
    for finding in explanation.findings:
        first = finding.suggestions[0]
        if first.changed is None:
            continue
        with_change += 1
        again = solve(first.changed, SolveParams(time_limit_s=120))
        left = explain(first.changed, again, verify=False)
        if not [f for f in left.findings if (f.rule, f.owner) == (finding.rule, finding.owner)]:
            proved += 1
    return {
        "staff": staff,
        "cap %": str(cap),
        "shortfalls": len(result.shortfalls),
        "findings": len(explanation.findings),
        "solve s": round(solve_s, 2),
        "explain s": round(explain_s, 2),
        "checks": explanation.checks,
        "re-solves": explanation.resolves,
        "suggestions proved": f"{proved}/{with_change}",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--staff", default="2500,10000")
    parser.add_argument("--cap", default="10")
    args = parser.parse_args()
    rows = [run(int(n), Decimal(args.cap)) for n in args.staff.split(",")]
    keys = list(rows[0])
    print("| " + " | ".join(keys) + " |")
    print("|" + "---|" * len(keys))
    for row in rows:
        print("| " + " | ".join(str(row[k]) for k in keys) + " |")


if __name__ == "__main__":
    main()
