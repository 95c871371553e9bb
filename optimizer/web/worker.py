"""The worker process of one web job: ``python -m optimizer.web.worker JOB_FOLDER``.

The server (``optimizer.web.jobs``) starts one such process per running job, in its own session,
and talks to it through files only: it reads ``job.json`` (what to do) and the uploaded bytes
from the job's folder, writes ``progress.json`` as the service's progress events arrive and, at
the end, ``result.json`` (a plain-data summary the pages and the API show), each atomically.
The job goes through the application service only (``service.plan`` or
``service.check_roster``) under ``runtime.run_stoppable``: the server's first SIGTERM is the
Stop button (the search stops, the best roster so far is checked and written), a second one
ends the process at once. The process dies with the server (``PR_SET_PDEATHSIG``): a job never
goes on writing after its server is gone.
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import os
import signal
import sys
import time
import traceback
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from models.domain import Problem
from models.registry import RULES
from models.solve import Result, SolveStatus
from models.stop import Stop
from optimizer.analysis.contacts import ContactScope
from optimizer.analysis.explain import Explanation
from optimizer.analysis.report import CheckReport, Violation
from optimizer.analysis.resilience import ResilienceOptions
from optimizer.analysis.resilience import summary_pairs as resilience_pairs
from optimizer.app import runtime, service
from optimizer.app.events import Progress
from optimizer.app.recheck import BrokenRule, RosterCheck
from optimizer.app.service import InputFile, Outcome, PlanOptions, ReplanOutcome
from optimizer.errors import OUT_OF_MEMORY_MESSAGE, ExitCode, InputError, InputProblem, OutOfMemory
from optimizer.web.files import read_json, write_json

INPUT_FILE = "input.bin"
ROSTER_FILE = "roster.bin"  # the roster to re-check (job kind "check")
OUT_DIR = "out"
UNITS_ZIP = "per-unit.zip"
#: At most this many unmet rule instances are listed on the result page (all are in the roster).
SHOWN_VIOLATIONS = 300
#: How much lower a worker's CPU priority is than the server's (``os.nice``).
NICENESS = 5
#: Progress is written at most this often during the solve (and at every phase change).
PROGRESS_EVERY_S = 0.2


def problem_json(p: InputProblem) -> dict[str, Any]:
    return {
        "sheet": p.sheet,
        "row": p.row,
        "column": p.column,
        "message_id": p.message_id,
        "message_en": p.message_en,
        "fix_id": p.fix_id,
        "fix_en": p.fix_en,
        "warning": p.warning,
    }


def progress_json(event: Progress) -> dict[str, Any]:
    return {
        "phase": event.phase.value,
        "elapsed_s": round(event.elapsed_s, 2),
        "done": event.done,
        "total": event.total,
        "objective": event.objective,
        "bound": event.bound,
        "gap": event.gap,
    }


def _rules(outcome_violations: list[Any]) -> list[dict[str, Any]]:
    counts: dict[str, int] = {}
    for v in outcome_violations:
        counts[v.rule] = counts.get(v.rule, 0) + 1
    return [
        {
            "id": spec.id.value,
            "label_id": spec.label_id,
            "label_en": spec.label_en,
            "hard": not spec.bends,
            "unmet": counts.get(spec.id.value, 0),
        }
        for spec in RULES.values()
        if spec.is_rule
    ]


def _label(rule: str) -> tuple[str, str]:
    spec = next((r for r in RULES.values() if r.id.value == rule), None)
    return (spec.label_id, spec.label_en) if spec is not None else (rule, rule)


def _explanation(explanation: Explanation | None) -> dict[str, Any]:
    if explanation is None:
        return {"findings": [], "stopped": False}
    return {
        "stopped": explanation.stopped,
        "findings": [
            {
                "number": f.number,
                "rule": f.rule,
                "label_id": _label(f.rule)[0],
                "label_en": _label(f.rule)[1],
                "owner": f.owner,
                "dates": [d.isoformat() for d in f.dates],
                "facts": list(f.facts),
                "reason_id": f.reason_id,
                "reason_en": f.reason_en,
                "violations": f.violations,
                "suggestions": [
                    {"text_id": s.text_id, "text_en": s.text_en, "verified": s.verified}
                    for s in f.suggestions
                ],
            }
            for f in explanation.findings
        ],
    }


def _summary(
    problem: Problem,
    result: Result,
    report: CheckReport,
    verdict: str,
    warnings: list[InputProblem],
    explanation: Explanation | None,
    output: Path | None,
    folder: Path,
    unit_outputs: Sequence[Path] = (),
) -> dict[str, Any]:
    """What the pages and the API show of a run (plain data, dates as ISO text)."""
    r, rep = result, report
    days: dict[str, list[dict[str, Any]]] = {}
    for c in rep.day_counts:
        if c.kind == "Unit":
            days.setdefault(c.name, []).append(
                {
                    "date": c.date.isoformat(),
                    "on_site": c.on_site,
                    "cap": c.cap,
                    "available": c.available,
                    "staff": c.staff,
                    "status": c.status,
                }
            )
    units_zip = None
    if unit_outputs:
        units_zip = UNITS_ZIP
        with zipfile.ZipFile(folder / UNITS_ZIP, "w", zipfile.ZIP_DEFLATED) as zipped:
            for path in unit_outputs:
                zipped.write(path, path.name)
        for path in unit_outputs:
            with contextlib.suppress(OSError):
                path.unlink()
    return {
        "state": "done",
        "verdict": verdict,
        "status": r.status.value,
        "gap": r.gap if r.roster is not None else None,
        "wall_time_s": round(r.wall_time_s, 2),
        "components": len(r.components),
        "employees": len(problem.employees),
        "units": len(problem.units),
        "working_days": len(problem.working_dates),
        "has_roster": r.roster is not None,
        "roster": output.name if output is not None else None,
        "roster_path": str(output.relative_to(folder)) if output else None,
        "units_zip": units_zip,
        "rules": _rules(rep.violations) if r.roster is not None else [],
        "violations_total": len(rep.violations),
        "violations": [
            {**_broken(v), "required": v.required, "actual": v.actual}
            for v in rep.violations[:SHOWN_VIOLATIONS]
        ],
        "explanation": _explanation(explanation),
        "day_counts": days,
        "warnings": [problem_json(w) for w in warnings],
    }


def outcome_json(outcome: Outcome, folder: Path) -> dict[str, Any]:
    """The summary of a ``service.plan`` run."""
    verdict = outcome.verdict.value
    return _summary(
        outcome.problem,
        outcome.result,
        outcome.report,
        verdict,
        outcome.warnings,
        outcome.explanation,
        outcome.output,
        folder,
        outcome.unit_outputs,
    )


def replan_json(run: ReplanOutcome, folder: Path) -> dict[str, Any]:
    """The summary of a re-plan (``kasus``, ``replan``): the run's, plus what changed."""
    r = run.result
    if r.roster is None:
        verdict = "no_roster"
    elif r.status is SolveStatus.INTERRUPTED:
        verdict = "interrupted"
    else:
        verdict = "all_met" if run.report.ok else "rules_not_met"
    out = _summary(
        run.problem, r, run.report, verdict, run.warnings, run.explanation, run.output, folder
    )
    out["replan"] = {
        "first": run.first.isoformat(),
        "changes": len(run.changes),
        "changed_by_replan": run.changed_by_replan,
        "forced": len(run.changes) - run.changed_by_replan,
        "replan_s": round(run.replan_s, 2),
        "cases": list(run.trace.cases) if run.trace is not None else [],
        "contacts": len(run.contacts),
        "scope": run.trace.scope.value if run.trace is not None else None,
        "closures": [
            {"building": c.building, "start": c.start.isoformat(), "end": c.end.isoformat()}
            for c in run.closures
        ],
        "notes": [{"text_id": a, "text_en": b} for a, b in run.notes],
        "first_changes": [
            {
                "nip": c.nip,
                "date": c.day.isoformat(),
                "before": c.before,
                "after": c.after,
                "reason_id": c.reason_id,
                "reason_en": c.reason_en,
            }
            for c in run.changes[:SHOWN_VIOLATIONS]
        ],
    }
    return out


def resilience_json(found: service.ResilienceCheck) -> dict[str, Any]:
    """The resilience report (``giliran ketahanan``): the figures, the subunits most at risk,
    the worst scenarios."""
    res, problem = found.report, found.problem
    names = {e.nip: e.name for e in problem.employees}
    return {
        "state": "done",
        "verdict": "report",
        "figures": [
            {"label_id": a, "label_en": b, "value": str(v)}
            for a, b, v in resilience_pairs(res, problem)
        ],
        "subunits": [
            {
                "level": r.level,
                "scope": r.scope,
                "members": r.members,
                "scenarios": r.scenarios,
                "days": [d.isoformat() for d in r.worst_days],
                "case": r.worst_case,
                "case_name": names.get(r.worst_case, ""),
                "on": r.worst_on.isoformat() if r.worst_on else None,
            }
            for r in res.subunits[:SHOWN_VIOLATIONS]
        ],
        "subunits_total": len(res.subunits),
        "worst": [
            {
                "nip": w.nip,
                "name": names.get(w.nip, ""),
                "on": w.on.isoformat(),
                "quarantined": w.quarantined,
                "lost": len(w.lost),
            }
            for w in res.worst[:50]
        ],
        "warnings": [problem_json(w) for w in found.warnings],
    }


def _broken(v: Violation | BrokenRule) -> dict[str, Any]:
    """What a page shows of one broken rule (a checker violation or a re-check's finding)."""
    label_id, label_en = _label(v.rule)
    return {
        "rule": v.rule,
        "label_id": label_id,
        "label_en": label_en,
        "hard": v.hard,
        "scope": v.scope,
        "date": v.date.isoformat() if v.date else None,
        "reason_id": v.reason_id,
        "reason_en": v.reason_en,
    }


def check_json(found: RosterCheck) -> dict[str, Any]:
    """What the re-check page shows: every broken rule with its cells."""
    return {
        "state": "done",
        "verdict": "all_met" if found.ok else "rules_not_met",
        "employees": len(found.problem.employees),
        "broken": [
            {
                **_broken(b),
                "cells": [
                    {
                        "sheet": c.sheet,
                        "ref": c.ref,
                        "nip": c.nip,
                        "name": c.name,
                        "date": c.date.isoformat() if c.date else None,
                    }
                    for c in b.cells[:50]
                ],
                "more_cells": max(0, len(b.cells) - 50),
            }
            for b in found.broken
        ],
        "warnings": [problem_json(w) for w in found.warnings],
    }


def _failed(message_id: str, message_en: str) -> dict[str, Any]:
    return {"state": "failed", "message_id": message_id, "message_en": message_en}


def run_job(folder: Path, stop: Stop) -> dict[str, Any]:
    """Run the job described in ``folder/job.json``; its result as plain data."""
    job = read_json(folder / "job.json")
    if not isinstance(job, dict):
        return _failed("Data pekerjaan rusak", "the job's data is damaged")
    # the server waits for this first progress before it sends a stop: from here on a SIGTERM
    # is handled (``runtime.run_stoppable`` runs this function)
    write_json(folder / "progress.json", {"phase": "read", "elapsed_s": 0.0, "done": 0, "total": 0})
    kind = job.get("kind", "solve")
    name = str(job.get("name", "input.xlsx"))
    given = InputFile(name, (folder / INPUT_FILE).read_bytes())
    last: list[Any] = [0.0, ""]

    def events(event: object) -> None:
        if not isinstance(event, Progress):
            return  # warnings are listed with the result
        now = time.monotonic()
        phase = event.phase.value
        if (
            phase == last[1]
            and now - float(last[0]) < PROGRESS_EVERY_S
            and event.done < event.total
        ):
            return
        last[0], last[1] = now, phase
        write_json(folder / "progress.json", progress_json(event))

    if kind == "validate":
        problem, warnings = service.validate(given)
        return {
            "state": "done",
            "verdict": "valid",
            "employees": len(problem.employees),
            "units": len(problem.units),
            "working_days": len(problem.working_dates),
            "warnings": [problem_json(w) for w in warnings],
        }
    if kind == "ketahanan":
        published = InputFile(
            str(job.get("roster_name", "jadwal.xlsx")), (folder / ROSTER_FILE).read_bytes()
        )
        case = job["case"]
        found = service.resilience_report(
            published,
            given,
            ResilienceOptions(
                ContactScope(case["scope"]),
                int(case["isolation_days"]),
                int(case["quarantine_days"]),
            ),
        )
        return resilience_json(found)
    if kind in ("kasus", "replan"):
        published = InputFile(
            str(job.get("roster_name", "jadwal.xlsx")), (folder / ROSTER_FILE).read_bytes()
        )
        common: dict[str, Any] = {
            "output_dir": folder / OUT_DIR,
            "seed": int(job.get("seed", 0)),
            "workers": 1,
            "language": str(job.get("language", "id+en")),
        }
        if kind == "kasus":
            case = job["case"]
            case_options = service.CaseOptions(
                nips=tuple(case["nips"]),
                on=dt.date.fromisoformat(case["on"]),
                closure_days=case.get("closure_days"),
                quarantine_days=int(case["quarantine_days"]),
                isolation_days=int(case["isolation_days"]),
                scope=ContactScope(case["scope"]),
                **common,
            )
            run = service.report_case(published, given, case_options, events, stop)
        else:
            start = job.get("start")
            replan_options = service.ReplanOptions(
                start=dt.date.fromisoformat(start) if start else None, **common
            )
            run = service.replan(published, given, replan_options, events, stop)
        return replan_json(run, folder)
    if kind == "check":
        roster = InputFile(
            str(job.get("roster_name", "jadwal.xlsx")), (folder / ROSTER_FILE).read_bytes()
        )
        return check_json(service.check_roster(roster, given))
    options = PlanOptions(
        output_dir=folder / OUT_DIR,
        write=kind == "solve",
        per_unit=bool(job.get("per_unit")) and kind == "solve",
        time_limit_s=job.get("time_limit_s"),
        seed=int(job.get("seed", 0)),
        workers=1,
        language=str(job.get("language", "id+en")),
        preset=str(job.get("preset", "")),
    )
    outcome = service.plan(given, options, events, stop)
    result = outcome_json(outcome, folder)
    if outcome.result.status is SolveStatus.NO_SOLUTION:
        result["verdict"] = "no_roster"
    return result


def _log_to(folder: Path) -> None:
    """A waiting worker's output goes to the job's log once it knows its job."""
    fd = os.open(folder / "worker.log", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    for target in (1, 2):
        os.dup2(fd, target)
    os.close(fd)


def main(argv: list[str]) -> int:
    """``JOB_FOLDER``: run that job. ``--wait``: start (the imports take most of a second), then
    wait for the job folder on stdin (the server keeps one such worker ready; an empty line or
    the end of stdin: exit)."""
    if len(argv) != 1:
        print("usage: python -m optimizer.web.worker JOB_FOLDER | --wait", file=sys.stderr)
        return int(ExitCode.USAGE)
    parent = os.getppid()
    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):
            ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL), 0, 0, 0)
    if os.getppid() != parent:  # the server died before the death signal was set up
        return int(ExitCode.STOPPED)
    with contextlib.suppress(OSError, AttributeError):
        os.nice(NICENESS)  # the server's pages stay quick while the cores solve
    if argv[0] == "--wait":
        line = sys.stdin.readline().strip()
        if not line:
            return 0
        folder = Path(line)
        _log_to(folder)
    else:
        folder = Path(argv[0])
    stop = Stop()
    try:
        result = runtime.run_stoppable(lambda: run_job(folder, stop), stop)
    except InputError as err:
        result = {"state": "invalid", "problems": [problem_json(p) for p in err.problems]}
    except service.Stopped as err:
        text_id, _, text_en = str(err).partition(" / ")
        result = {"state": "stopped", "message_id": text_id, "message_en": text_en}
    except runtime.Aborted:
        write_json(folder / "result.json", _failed("Dihentikan seketika", "stopped at once"))
        os._exit(int(ExitCode.STOPPED))
    except (service.OutputError, service.OptionError) as err:
        text_id, _, text_en = str(err).partition(" / ")
        result = _failed(text_id, text_en or text_id)
    except (OutOfMemory, MemoryError):
        text_id, _, text_en = OUT_OF_MEMORY_MESSAGE.partition(" / ")
        result = _failed(text_id, text_en)
    except Exception as err:  # a bug: the page says so plainly; the log keeps the traceback
        traceback.print_exc()
        result = _failed(
            f"Kesalahan internal: {type(err).__name__}; mohon laporkan",
            f"internal error: {type(err).__name__}; please report it",
        )
    write_json(folder / "result.json", result)
    return 0


if __name__ == "__main__":  # pragma: no cover - run by the server
    code = main(sys.argv[1:])
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)  # the result is written: no slow interpreter teardown (the solver's libraries)
