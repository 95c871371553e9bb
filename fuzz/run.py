"""The long fuzz run: ``python3 -m fuzz.run --cases 100000 --workers 2``.

Each case is one mutated workbook (``fuzz.mutate``): sheet-level mutations written by the small
writer or by openpyxl, or byte-level damage to a real file. Every case is read and validated with
``optimizer.io.validate.load_problem``; one case in ``--solve-every`` also goes through the whole
``giliran solve`` command (in-process, ``--time-limit 5``) and its roster is read back and checked.

A crash is anything but a clean outcome: an exception other than ``InputError`` from
``load_problem``, an empty problem list, a CLI exit code outside {0, 3, 4, 5}, a traceback or an
internal error in its output, a file written although the input was refused, or a written roster
that cannot be read back or breaks a hard rule. A worker process that dies (a Rust abort, the
memory limit) is a crash too. Each crash's input is saved under ``--crash-dir`` (default
/tmp/giliran-fuzz-crashes) with a text file saying what happened; the run goes on.

Cases are reproducible: case ``i`` of seed ``s`` is always the same file
(``python3 -m fuzz.run --seed s --only i --keep DIR`` writes it to DIR).
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import copy
import json
import multiprocessing as mp
import os
import queue
import random
import resource
import shutil
import signal
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

DEFAULT_CRASH_DIR = Path("/tmp/giliran-fuzz-crashes")
CLEAN_EXITS = frozenset({0, 3, 4, 5})  # 5: no roster within the time limit (reported apart)


# --------------------------------------------------------------------------------------------
# One case
# --------------------------------------------------------------------------------------------


@dataclass
class Case:
    index: int
    data: bytes
    suffix: str
    recipe: list[str]


@dataclass
class Verdict:
    outcome: str  # "valid", "invalid", or "crash"
    solve_exit: int | None = None
    crash: str = ""  # what went wrong, with the traceback


@dataclass
class Fuzzer:
    """The bases and the value pool of one process, and how to make case ``i``."""

    seed: int
    bases: list[Any] = field(default_factory=list)
    pool: list[object] = field(default_factory=list)
    byte_bases: list[bytes] = field(default_factory=list)

    def __post_init__(self) -> None:
        from fuzz.mutate import base_workbooks, value_pool, write_openpyxl

        self.bases = base_workbooks()
        self.pool = value_pool(self.bases)
        self.byte_bases = [write_openpyxl(base) for base in self.bases]
        with tempfile.TemporaryDirectory() as folder:
            from optimizer.demo.generator import generate_city
            from optimizer.io.input_workbook import write_input_workbook

            path = Path(folder) / "kota.xlsx"  # a real Giliran workbook: styles, validations …
            write_input_workbook(generate_city(seed=11, staff=30), path)
            self.byte_bases.append(path.read_bytes())

    def case(self, index: int) -> Case:
        from fuzz.mutate import mutate_bytes, mutate_sheets, write_any, write_fast

        rng = random.Random(f"{self.seed}:{index}")
        roll = rng.random()
        recipe: list[str]
        if roll < 0.7:
            sheets = copy.deepcopy(rng.choice(self.bases))
            recipe = mutate_sheets(sheets, rng, self.pool)
            data = write_any(sheets, rng)
        elif roll < 0.8:
            sheets = copy.deepcopy(rng.choice(self.bases))
            recipe = [*mutate_sheets(sheets, rng, self.pool), "bytes"]
            data = mutate_bytes(write_fast(sheets, rng), rng)
        else:
            data = mutate_bytes(rng.choice(self.byte_bases), rng)
            recipe = ["bytes"]
        suffix = ".xlsx" if rng.random() < 0.98 else rng.choice((".XLSX", ".xls", ".csv", ".ods"))
        return Case(index, data, suffix, recipe)


def judge(case: Case, folder: Path, solve: bool | None, time_limit: float) -> Verdict:
    """Read (and maybe solve) one case; never raises except for KeyboardInterrupt.

    ``solve``: True always solves, None solves only when the workbook is valid.
    """
    from optimizer.errors import InputError
    from optimizer.io.validate import load_problem

    path = folder / f"case{case.suffix}"
    path.write_bytes(case.data)
    verdict = Verdict("valid")
    try:
        load_problem(path)
    except InputError as err:
        verdict.outcome = "invalid"
        if not err.errors or not all(p.message_id and p.message_en for p in err.problems):
            return Verdict("crash", crash="InputError without a usable message:\n" + str(err))
    except KeyboardInterrupt:
        raise
    except BaseException:
        return Verdict("crash", crash=traceback.format_exc())
    if solve or (solve is None and verdict.outcome == "valid"):
        try:
            verdict.solve_exit, problem = solve_and_check(path, folder / "out", time_limit)
        except KeyboardInterrupt:
            raise
        except BaseException:
            return Verdict("crash", crash=traceback.format_exc())
        if problem:
            return Verdict("crash", solve_exit=verdict.solve_exit, crash=problem)
    return verdict


def solve_and_check(path: Path, out_dir: Path, time_limit: float) -> tuple[int, str]:
    """``giliran solve`` in-process; returns its exit code and what was wrong ('' if nothing)."""
    from click.testing import CliRunner

    from optimizer.analysis.checker import check
    from optimizer.cli import main
    from optimizer.io.roster_reader import read_roster
    from optimizer.io.validate import load_problem

    shutil.rmtree(out_dir, ignore_errors=True)
    out_dir.mkdir()
    output = out_dir / "jadwal.xlsx"
    args = ["solve", str(path), "-o", str(output), "--time-limit", str(time_limit)]
    result = CliRunner().invoke(main, args, catch_exceptions=True)
    text = result.output  # stdout and stderr, as a terminal shows them
    code = result.exit_code
    written = sorted(p.name for p in out_dir.iterdir())
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        detail = "".join(traceback.format_exception(result.exception))
        return code, f"the CLI raised {type(result.exception).__name__}:\n{detail}\n{text}"
    if code not in CLEAN_EXITS:
        return code, f"exit code {code}:\n{text}"
    if "Traceback" in text or "Kesalahan internal" in text:
        return code, f"traceback or internal error in the output:\n{text}"
    if code in (3, 5):
        return code, f"files written although exit {code}: {written}" if written else ""
    if not output.exists():
        return code, f"exit {code} but no roster at {output}: {written}\n{text}"
    problem, _ = load_problem(path)
    roster = read_roster(output)
    report = check(problem, roster)
    if report.hard_violations:
        first = report.hard_violations[0]
        return code, f"roster breaks {len(report.hard_violations)} hard rule(s), e.g. {first}"
    return code, ""


# --------------------------------------------------------------------------------------------
# Workers
# --------------------------------------------------------------------------------------------


class CaseTimeout(Exception):
    pass


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise CaseTimeout("case took too long")


def worker(
    worker_id: int,
    indexes: list[int],
    options: dict[str, Any],
    events: mp.Queue[tuple[Any, ...]],
) -> None:
    """Judge ``indexes`` in order, reporting each verdict; the in-flight case is kept on disk."""
    memory = int(options["memory_gb"] * 2**30)
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    signal.signal(signal.SIGALRM, _alarm)
    crash_dir = Path(options["crash_dir"])
    fuzzer = Fuzzer(options["seed"])
    with tempfile.TemporaryDirectory(prefix=f"giliran-fuzz-{worker_id}-") as folder:
        inflight = Path(options["inflight_dir"]) / f"case-{worker_id}"
        for index in indexes:
            case = fuzzer.case(index)
            inflight.write_bytes(case.data)
            inflight.with_suffix(".txt").write_text(f"recipe {case.recipe}\n", encoding="utf-8")
            solve = solve_mode(index, options["solve_every"])
            signal.alarm(int(options["case_timeout"]))
            try:
                verdict = judge(case, Path(folder), solve, options["time_limit"])
            except CaseTimeout:
                verdict = Verdict("crash", crash="timeout: " + traceback.format_exc())
            finally:
                signal.alarm(0)
            if verdict.outcome == "crash":
                save_crash(crash_dir, options["seed"], case, verdict.crash)
            events.put(("done", worker_id, index, verdict.outcome, verdict.solve_exit, case.recipe))
    events.put(("finished", worker_id))


def solve_mode(index: int, every: int) -> bool | None:
    """Solve 1 case in ``every`` whatever it holds, and about 4 in ``every`` of the valid ones."""
    if index % every == 0:
        return True
    return None if random.Random(f"solve:{index}").random() < 4 / every else False


def save_crash(crash_dir: Path, seed: int, case: Case, what: str) -> Path:
    """Keep the reproducing file and a note next to it."""
    stem = f"seed{seed}-case{case.index}"
    crash_dir.mkdir(parents=True, exist_ok=True)
    path = crash_dir / f"{stem}{case.suffix}"
    path.write_bytes(case.data)
    note = f"seed {seed} case {case.index} recipe {case.recipe}\n\n{what}\n"
    (crash_dir / f"{stem}.txt").write_text(note, encoding="utf-8")
    return path


# --------------------------------------------------------------------------------------------
# The run
# --------------------------------------------------------------------------------------------


@dataclass
class Tally:
    cases: int = 0
    outcomes: collections.Counter[str] = field(default_factory=collections.Counter)
    solve_exits: collections.Counter[str] = field(default_factory=collections.Counter)
    mutations: collections.Counter[str] = field(default_factory=collections.Counter)
    crashes: list[int] = field(default_factory=list)
    dead_workers: int = 0


def run(options: dict[str, Any]) -> Tally:
    crash_dir = Path(options["crash_dir"])
    crash_dir.mkdir(parents=True, exist_ok=True)
    workers = options["workers"]
    start, cases = options["start"], options["cases"]
    todo = {w: list(range(start + w, start + cases, workers)) for w in range(workers)}
    reported = dict.fromkeys(todo, 0)  # cases of each worker's list already reported
    events: mp.Queue[tuple[Any, ...]] = mp.Queue()
    processes: dict[int, mp.Process] = {}
    tally = Tally()
    began = time.monotonic()
    shown = began

    def launch(w: int) -> None:
        rest = todo[w][reported[w] :]
        process = mp.Process(target=worker, args=(w, rest, options, events), daemon=True)
        process.start()
        processes[w] = process

    def record(event: tuple[Any, ...]) -> None:
        if event[0] == "finished":
            finished.add(event[1])
            return
        _, w, index, outcome, solve_exit, recipe = event
        reported[w] += 1
        tally.cases += 1
        tally.outcomes[outcome] += 1
        tally.mutations.update(recipe)
        if solve_exit is not None:
            tally.solve_exits[str(solve_exit)] += 1
        if outcome == "crash":
            tally.crashes.append(index)
            print(f"CRASH: case {index} saved in {crash_dir}", flush=True)

    finished: set[int] = set()
    for w in range(workers):
        if todo[w]:
            launch(w)
    while processes:
        with contextlib.suppress(queue.Empty):
            record(events.get(timeout=1.0))
        for w, process in list(processes.items()):
            if w in finished:
                processes.pop(w).join()
                continue
            if process.is_alive() or process.exitcode == 0:
                continue
            while True:  # what it reported before dying is still in the queue
                try:
                    record(events.get_nowait())
                except queue.Empty:
                    break
            processes.pop(w)
            if reported[w] >= len(todo[w]):
                continue
            index = todo[w][reported[w]]  # it died on this one: note it and go on
            reported[w] += 1
            tally.dead_workers += 1
            tally.cases += 1
            tally.outcomes["crash"] += 1
            tally.crashes.append(index)
            inflight = Path(options["inflight_dir"]) / f"case-{w}"
            crash_dir.mkdir(parents=True, exist_ok=True)
            kept = crash_dir / f"seed{options['seed']}-case{index}.xlsx"
            if inflight.exists():
                shutil.copyfile(inflight, kept)
            note = f"worker died with exit code {process.exitcode} on case {index}\n"
            recipe = inflight.with_suffix(".txt")
            note += recipe.read_text(encoding="utf-8") if recipe.exists() else ""
            kept.with_suffix(".txt").write_text(note, encoding="utf-8")
            print(f"CRASH: worker died on case {index}; saved {kept}", flush=True)
            if reported[w] < len(todo[w]):
                launch(w)
        now = time.monotonic()
        if now - shown >= options["progress_every"]:
            shown = now
            rate = tally.cases / (now - began)
            print(
                f"{tally.cases:,}/{cases:,} cases, {rate:.1f}/s, outcomes {dict(tally.outcomes)}, "
                f"solve exits {dict(tally.solve_exits)}",
                flush=True,
            )
    while True:
        try:
            record(events.get_nowait())
        except queue.Empty:
            break
    return tally


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m fuzz.run", description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=1000, help="number of cases (default 1000)")
    parser.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the run (default 0)")
    parser.add_argument("--start", type=int, default=0, help="first case index (default 0)")
    parser.add_argument("--solve-every", type=int, default=50, help="solve 1 case in N (50)")
    parser.add_argument("--time-limit", type=float, default=5.0, help="solver seconds (5)")
    parser.add_argument("--case-timeout", type=float, default=120.0, help="seconds per case")
    parser.add_argument("--memory-gb", type=float, default=4.0, help="memory per worker (4 GB)")
    parser.add_argument("--crash-dir", type=Path, default=DEFAULT_CRASH_DIR)
    parser.add_argument("--progress-every", type=float, default=30.0, help="seconds")
    parser.add_argument("--report", type=Path, default=None, help="write the figures as JSON")
    parser.add_argument("--only", type=int, default=None, help="just write case N (see --keep)")
    parser.add_argument("--keep", type=Path, default=None, help="folder for --only's file")
    args = parser.parse_args(argv)
    if args.only is not None:
        case = Fuzzer(args.seed).case(args.only)
        folder = args.keep or Path(".")
        path = folder / f"seed{args.seed}-case{args.only}{case.suffix}"
        path.write_bytes(case.data)
        print(f"{path} ({case.recipe})")
        return 0
    options = {
        "seed": args.seed,
        "start": args.start,
        "cases": args.cases,
        "workers": max(1, args.workers),
        "solve_every": max(1, args.solve_every),
        "time_limit": args.time_limit,
        "case_timeout": args.case_timeout,
        "memory_gb": args.memory_gb,
        "crash_dir": str(args.crash_dir),
        "progress_every": args.progress_every,
    }
    print(f"fuzz: {args.cases:,} cases, {options['workers']} worker(s), seed {args.seed}; "
          f"crashes go to {args.crash_dir}", flush=True)  # fmt: skip
    began = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="giliran-fuzz-inflight-") as inflight_dir:
        options["inflight_dir"] = inflight_dir  # the case each worker is on, should it die
        tally = run(options)
    seconds = time.monotonic() - began
    figures = {
        "cases": tally.cases,
        "seconds": round(seconds, 1),
        "cases_per_second": round(tally.cases / seconds, 2) if seconds else None,
        "outcomes": dict(tally.outcomes),
        "solve_exits": dict(tally.solve_exits),
        "crashes": len(tally.crashes),
        "crash_cases": tally.crashes[:100],
        "dead_workers": tally.dead_workers,
        "mutations": dict(tally.mutations.most_common()),
        "seed": args.seed,
        "workers": options["workers"],
        "crash_dir": str(args.crash_dir),
        "python": sys.version.split()[0],
        "pid": os.getpid(),
    }
    print(json.dumps(figures, indent=2))
    if args.report is not None:
        args.report.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 1 if tally.crashes else 0


if __name__ == "__main__":
    sys.exit(main())
