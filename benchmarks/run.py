"""Run every benchmark method side by side: ``python3 -m benchmarks.run [options]``.

For each size × weeks of the seeded example city (``optimizer.demo.generator.generate_city``) every
method runs in its own process (``benchmarks.worker``) under the same time limit; this process
watches its memory, kills it when the limit plus a grace period is over, then checks the roster
it returned with ``optimizer.analysis.checker.check`` and scores it with
``benchmarks.reference``. Raw results go to ``benchmarks/results/``; the table, ratios, growth
fit and plot to ``BENCHMARKS.md`` and ``benchmarks/time-vs-staff.png``.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import shlex
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks import report
from benchmarks.reference import (
    goal_score,
    instance_fingerprint,
    quota_rewards,
    roster_cells,
    wfo_of_roster,
)
from models.calendar import build_calendar
from models.domain import Problem, Roster
from optimizer.analysis.checker import check
from optimizer.demo.generator import generate_city

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
DEFAULT_MARKDOWN = ROOT / "BENCHMARKS.md"
DEFAULT_PLOT = ROOT / "benchmarks" / "time-vs-staff.png"

#: Run order; the LP bound first so that progress lines can show gaps as they come.
METHODS = (
    "lp-bound",
    "greedy-handmade",
    "greedy-capacity",
    "giliran-solve",
    "giliran-solve-cpsat",
    "giliran-e2e",
    "highs-mip-nopresolve",
    "highs-mip",
    "cpsat-monolithic",
)
START = dt.date(2026, 11, 30)

Row = dict[str, Any]


# ---------------------------------------------------------------------------------------------
# Running one method
# ---------------------------------------------------------------------------------------------


def _tree_rss_mib(pid: int) -> float:
    """Resident memory of a process and all its descendants (0 without psutil)."""
    try:
        import psutil
    except ImportError:  # pragma: no cover - psutil is in the bench extra
        return 0.0
    try:
        proc = psutil.Process(pid)
        procs = [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return 0.0
    total = 0
    for p in procs:
        with contextlib.suppress(psutil.Error):
            total += p.memory_info().rss
    return total / 2**20


def run_worker(
    method: str, staff: int, weeks: int, args: argparse.Namespace, scratch: Path
) -> dict[str, Any]:
    """Run one method in a fresh process; kill it (and its children) after the time limit."""
    out = scratch / f"{method}.json"
    log = scratch / f"{method}.log"
    out.unlink(missing_ok=True)
    cmd = [
        sys.executable,
        "-m",
        "benchmarks.worker",
        method,
        "--staff",
        str(staff),
        "--weeks",
        str(weeks),
        "--seed",
        str(args.seed),
        "--start",
        START.isoformat(),
        "--time-limit",
        f"{args.time_limit:g}",
        "--workers",
        str(args.workers),
        "--cp-workers",
        str(args.cp_workers),
        "--xlsx-in",
        str(scratch / "in.xlsx"),
        "--xlsx-out",
        str(scratch / "out.xlsx"),
        "--out",
        str(out),
    ]
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    kill_after = args.time_limit + args.grace
    started = time.perf_counter()
    peak = 0.0
    timed_out = False
    with log.open("w") as log_file:
        proc = subprocess.Popen(
            cmd,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
            env=env,
            start_new_session=True,
        )
        while proc.poll() is None:
            peak = max(peak, _tree_rss_mib(proc.pid))
            if time.perf_counter() - started > kill_after:
                os.killpg(proc.pid, signal.SIGKILL)  # the worker's own process group only
                proc.wait()
                timed_out = True
                break
            time.sleep(0.1)
    elapsed = time.perf_counter() - started
    if timed_out:
        return {
            "status": "TIMEOUT",
            "wall_s": elapsed,
            "peak_mib": peak,
            "note": f"after {kill_after:g} s (time limit {args.time_limit:g} s + grace)",
        }
    if proc.returncode != 0 or not out.exists():
        tail = log.read_text(errors="replace")[-1500:] if log.exists() else ""
        return {"status": "ERROR", "wall_s": elapsed, "peak_mib": peak, "note": tail.strip()}
    data: dict[str, Any] = json.loads(out.read_text())
    data["sampled_peak_mib"] = peak
    data["process_wall_s"] = elapsed
    if method == "giliran-e2e":
        data["peak_mib"] = data.get("child_maxrss_mib") or peak
    else:
        data["peak_mib"] = max(float(data.get("self_maxrss_mib") or 0.0), peak)
    return data


# ---------------------------------------------------------------------------------------------
# Checking and scoring
# ---------------------------------------------------------------------------------------------


class Instance:
    """The generated problem of one case, with what is needed to check and score rosters."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.calendar = build_calendar(problem)
        self.rewards = quota_rewards(problem, self.calendar)
        self.fingerprint = instance_fingerprint(problem)

    def evaluate(self, wfo: set[tuple[int, int]], roster: Roster | None = None) -> dict[str, Any]:
        if roster is None:
            roster = Roster(
                self.calendar.dates,
                roster_cells(self.problem, self.calendar, wfo),  # type: ignore[arg-type]
            )
        rep = check(self.problem, roster)
        hard = len(rep.hard_violations)
        by_rule: dict[str, int] = {}
        for v in rep.violations:
            by_rule[v.rule] = by_rule.get(v.rule, 0) + 1
        return {
            "objective": goal_score(self.problem, self.calendar, wfo, self.rewards),
            "office_days": len(wfo),
            "hard": hard,
            "soft": len(rep.violations) - hard,
            "violations_by_rule": by_rule,
        }


def evaluate_row(inst: Instance, method: str, data: dict[str, Any], scratch: Path) -> Row:
    row: Row = {k: v for k, v in data.items() if k != "wfo"}
    row["method"] = method
    if data.get("fingerprint") not in (None, inst.fingerprint):
        row["note"] = "worker generated a different instance"
        row["status"] = "ERROR"
        return row
    if method == "lp-bound":
        row["objective"] = data.get("objective_reported")
        return row
    if method == "giliran-e2e":
        out = scratch / "out.xlsx"
        if data.get("status") in ("TIMEOUT", "ERROR") or not out.exists():
            return row
        from optimizer.io.roster_reader import read_roster

        try:
            roster = read_roster(out)
        except Exception as err:  # report, do not crash the whole run
            row["note"] = f"output roster unreadable: {err}"
            return row
        wfo = wfo_of_roster(inst.problem, roster.cells)  # type: ignore[arg-type]
        row.update(inst.evaluate(wfo, roster))
        return row
    if "wfo" in data and (data["wfo"] or data.get("objective_reported") is not None):
        wfo = {(int(i), int(d)) for i, d in data["wfo"]}
        row.update(inst.evaluate(wfo))
    return row


# ---------------------------------------------------------------------------------------------
# Main loop
# ---------------------------------------------------------------------------------------------


def _ints(text: str) -> list[int]:
    return [int(x.replace("_", "")) for x in text.split(",") if x.strip()]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="python3 -m benchmarks.run",
        description="Giliran vs naive CP-SAT, HiGHS MIP, LP bound and greedy rosters.",
    )
    p.add_argument("--sizes", default="1000,10000,60000,200000", help="staff counts")
    p.add_argument("--weeks", default="1,4", help="horizons in weeks")
    p.add_argument(
        "--cases",
        default=None,
        help="explicit STAFFxWEEKS list instead of sizes × weeks, e.g. 1000x1,1000x4,60000x1",
    )
    p.add_argument("--quick", action="store_true", help="smoke run: 1,000 and 10,000 staff, 1 week")
    p.add_argument("--time-limit", type=float, default=120.0, help="per method, seconds")
    p.add_argument(
        "--grace",
        type=float,
        default=None,
        help="extra seconds before a method is killed [default: max(30, time limit / 2)]",
    )
    p.add_argument("--methods", default=",".join(METHODS), help=f"subset of {','.join(METHODS)}")
    p.add_argument("--seed", type=int, default=2026, help="generator seed")
    p.add_argument("--workers", type=int, default=1, help="giliran --workers (processes)")
    p.add_argument(
        "--cp-workers", type=int, default=2, help="num_workers of the naive CP-SAT model"
    )
    p.add_argument("--markdown", type=Path, default=DEFAULT_MARKDOWN)
    p.add_argument("--plot", type=Path, default=DEFAULT_PLOT)
    p.add_argument("--results-dir", type=Path, default=RESULTS)
    p.add_argument("--from-json", type=Path, help="only re-render the report of a results file")
    p.add_argument("--keep-scratch", action="store_true", help="keep workbooks and worker logs")
    args = p.parse_args(argv)
    if args.grace is None:
        args.grace = max(30.0, args.time_limit / 2)
    methods = [m.strip() for m in args.methods.split(",") if m.strip()]
    unknown = sorted(set(methods) - set(METHODS))
    if unknown:
        p.error(f"unknown method(s): {', '.join(unknown)}")
    args.method_list = [m for m in METHODS if m in methods]
    if args.quick:
        args.case_list = [(1000, 1), (10000, 1)]
    elif args.cases:
        args.case_list = [
            (int(s.replace("_", "")), int(w))
            for s, w in (c.split("x") for c in args.cases.split(","))
        ]
    else:
        args.case_list = [(s, w) for s in _ints(args.sizes) for w in _ints(args.weeks)]
    return args


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _save(path: Path, payload: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(payload, indent=1, default=str))
    tmp.replace(path)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.from_json:
        saved = json.loads(args.from_json.read_text())
        md = report.render(saved, args.markdown, args.plot)
        print(report.table(saved["rows"]))
        _say(f"wrote {args.markdown} ({len(md)} characters) and {args.plot}")
        return 0

    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    results = args.results_dir / f"run-{stamp}.json"
    command = "python3 -m benchmarks.run " + " ".join(
        shlex.quote(a) for a in (argv if argv is not None else sys.argv[1:])
    )
    payload: dict[str, Any] = {
        "meta": report.machine_info(ROOT),
        "command": command.strip(),
        "settings": {
            "time_limit_s": args.time_limit,
            "grace_s": args.grace,
            "seed": args.seed,
            "start": START.isoformat(),
            "giliran_workers": args.workers,
            "cpsat_monolithic_workers": args.cp_workers,
            "cases": args.case_list,
            "methods": args.method_list,
        },
        "cases": [],
        "rows": [],
    }
    run_started = time.perf_counter()
    for staff, weeks in args.case_list:
        label = f"{staff:,}×{weeks}w"
        t0 = time.perf_counter()
        problem = generate_city(seed=args.seed, staff=staff, weeks=weeks, start=START)
        inst = Instance(problem)
        case: dict[str, Any] = {
            "staff": staff,
            "weeks": weeks,
            "units": len(problem.units),
            "working_days": len(problem.working_dates),
            "free_cells": sum(len(inst.calendar.free_days(e)) for e in problem.employees),
            "generate_s": time.perf_counter() - t0,
            "fingerprint": inst.fingerprint,
        }
        with tempfile.TemporaryDirectory(prefix="giliran-bench-") as tmp:
            scratch = Path(tmp)
            if args.keep_scratch:
                scratch = Path(tempfile.mkdtemp(prefix="giliran-bench-keep-"))
                _say(f"[{label}] scratch kept in {scratch}")
            if "giliran-e2e" in args.method_list:
                from optimizer.io.input_workbook import write_input_workbook

                t0 = time.perf_counter()
                write_input_workbook(problem, scratch / "in.xlsx")
                case["xlsx_write_s"] = time.perf_counter() - t0
            payload["cases"].append(case)
            _say(f"[{label}] {case['free_cells']:,} free cells, {case['units']} units")
            for method in args.method_list:
                data = run_worker(method, staff, weeks, args, scratch)
                row = evaluate_row(inst, method, data, scratch)
                row.update(staff=staff, weeks=weeks, time_limit_s=args.time_limit)
                payload["rows"].append(row)
                _save(results, payload)
                _say(f"[{label}] {report.progress_line(row)}")
    payload["meta"]["total_run_s"] = time.perf_counter() - run_started
    _save(results, payload)
    report.render(payload, args.markdown, args.plot)
    print(report.table(payload["rows"]))
    _say(f"results: {results}\nreport: {args.markdown}\nplot: {args.plot}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
