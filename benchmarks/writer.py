"""The roster writer, side by side with the former one: ``python3 -m benchmarks.writer``.

For each case (default 60,000 staff × 1 and × 4 weeks of the seeded example city) the roster is
solved once (``optimizer.app.runtime.solve``, two workers) and checked; then each writer writes
the same roster in its own fresh process (so their peak memory is their own): the XlsxWriter one
(``optimizer.io.writer``) and the openpyxl one it replaced (``benchmarks/old_writer.py``, a copy
kept for this benchmark only). The two alternate ``--repeat`` times (default 2), so that load
from other processes on a shared machine hits both alike. With
``--e2e`` the case is also run end to end as a user runs it
(``giliran solve in.xlsx -o out.xlsx --workers 2``, input workbook written untimed beforehand).

Printed: CPU time (``time.process_time``: what a shared machine's load disturbs least) and wall
time of each writer and their ratio, the peak resident memory (``ru_maxrss``) of the writing
process, and the end-to-end time and memory. The fastest run by CPU time counts.
``--cases 2000x1`` makes a quick run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import pickle
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

START = dt.date(2026, 11, 30)
WRITERS = ("old-openpyxl", "new-xlsxwriter")


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _write_one(writer: str, data: Path, out: Path) -> dict[str, float]:
    """In a fresh process: load the solved case, write it with ``writer``, time it."""
    with data.open("rb") as fh:
        problem, result, report = pickle.load(fh)
    if writer == "old-openpyxl":
        from benchmarks import old_writer as module
    else:
        from optimizer.io import writer as module  # type: ignore[no-redef]
    info = module.RunInfo(
        input_name="bench.xlsx",
        input_sha256="0" * 64,
        seed=0,
        time_limit_s=120.0,
        workers=2,
        started_at=dt.datetime(2026, 11, 29, 8, 0),
        version="bench",
    )
    before = _peak_mib()
    started, cpu_started = time.perf_counter(), time.process_time()
    module.write_roster(out, problem, result, report, info)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    return {"seconds": seconds, "cpu_seconds": cpu, "peak_mib": _peak_mib(),
            "loaded_mib": before, "bytes": out.stat().st_size}  # fmt: skip


def _child(args: list[str]) -> dict[str, Any]:
    """Run ``python -m benchmarks.writer ARGS`` and return the JSON line it prints."""
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.writer", *args],
        stdout=subprocess.PIPE,
        text=True,
        check=True,
    )
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def _e2e(problem: Any, scratch: Path) -> tuple[float, float, int]:
    """``giliran solve`` on the case's input workbook: wall time, peak memory, exit code."""
    from optimizer.io.input_workbook import write_input_workbook

    source = scratch / "in.xlsx"
    write_input_workbook(problem, source)
    cmd = [sys.executable, "-m", "optimizer.cli", "solve", str(source), "-o",
           str(scratch / "e2e.xlsx"), "--workers", "2", "-q", "--force"]  # fmt: skip
    started = time.perf_counter()
    proc = subprocess.Popen(cmd)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    return wall, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", default="60000x1,60000x4", help="STAFFxWEEKS,…")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--e2e", action="store_true", help="also giliran solve end to end (×1)")
    parser.add_argument(
        "--repeat", type=int, default=2, help="runs per writer, alternating; the fastest counts"
    )
    parser.add_argument("--one", nargs=3, metavar=("WRITER", "DATA", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        writer, data, out = args.one
        print(json.dumps(_write_one(writer, Path(data), Path(out))))
        return 0

    from models.solve import SolveParams
    from optimizer.analysis.checker import check
    from optimizer.app.runtime import solve
    from optimizer.demo.generator import generate_city

    rows = []
    with tempfile.TemporaryDirectory(prefix="giliran-writer-bench-") as tmp:
        scratch = Path(tmp)
        for case in args.cases.split(","):
            staff, weeks = (int(x) for x in case.lower().split("x"))
            problem = generate_city(args.seed, staff, weeks, start=START)
            result = solve(problem, SolveParams(workers=2, time_limit_s=120))
            assert result.roster is not None, "no roster"
            report = check(problem, result.roster)
            data = scratch / f"{case}.pickle"
            with data.open("wb") as fh:
                pickle.dump((problem, result, report), fh)
            times: dict[str, dict[str, Any]] = {}
            for _ in range(args.repeat):  # alternate, keep each writer's fastest run
                for writer in WRITERS:
                    out = scratch / f"{case}-{writer}.xlsx"
                    got = _child(["--one", writer, str(data), str(out)])
                    out.unlink()
                    best = times.get(writer)
                    if best is None or got["cpu_seconds"] < best["cpu_seconds"]:
                        times[writer] = got
            row = {"case": case, **{w: times[w] for w in WRITERS}}
            if args.e2e and weeks == 1:
                wall, rss, code = _e2e(problem, scratch)
                row["e2e"] = {"seconds": wall, "peak_mib": rss, "exit": code}
            rows.append(row)
            _print_row(row)
    return 0


def _print_row(row: dict[str, Any]) -> None:
    old, new = row["old-openpyxl"], row["new-xlsxwriter"]
    for which, label in (("cpu_seconds", "CPU"), ("seconds", "wall")):
        ratio = new[which] / old[which] if old[which] else float("nan")
        print(
            f"{row['case']:>9}: write {label:>4}: old (openpyxl) {old[which]:6.2f} s | "
            f"new (XlsxWriter) {new[which]:6.2f} s | new/old {ratio:.2f}",
            flush=True,
        )
    print(
        f"{'':>9}  peak memory of the writing process: old {old['peak_mib']:.0f} MiB, new "
        f"{new['peak_mib']:.0f} MiB (case loaded: {new['loaded_mib']:.0f} MiB); file "
        f"{old['bytes'] / 2**20:.1f} MB vs {new['bytes'] / 2**20:.1f} MB",
        flush=True,
    )
    if "e2e" in row:
        e2e = row["e2e"]
        print(
            f"{'':>9}  end to end giliran solve: {e2e['seconds']:.1f} s, "
            f"peak {e2e['peak_mib']:.0f} MiB, exit {e2e['exit']}",
            flush=True,
        )


if __name__ == "__main__":
    sys.exit(main())
