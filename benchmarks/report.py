"""Markdown table, ratios, growth fit and plot of a benchmark run (``BENCHMARKS.md``)."""

from __future__ import annotations

import datetime as dt
import math
import os
import platform
import subprocess
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

Row = dict[str, Any]

LABELS = {
    "giliran-e2e": "giliran end to end (xlsx → xlsx)",
    "giliran-solve": "giliran solve only",
    "giliran-solve-cpsat": "giliran solve, no LP warm start (CP-SAT search only)",
    "cpsat-monolithic": "naive monolithic CP-SAT",
    "highs-mip": "HiGHS MIP",
    "highs-mip-nopresolve": "HiGHS MIP, presolve off",
    "greedy-handmade": "greedy, made by hand",
    "greedy-capacity": "greedy, capacity-aware",
    "lp-bound": "LP relaxation (bound)",
}
ORDER = (
    "giliran-e2e",
    "giliran-solve",
    "giliran-solve-cpsat",
    "cpsat-monolithic",
    "highs-mip",
    "highs-mip-nopresolve",
    "greedy-handmade",
    "greedy-capacity",
    "lp-bound",
)
#: Statuses meaning the method finished on its own (proved optimal, or a heuristic's answer).
FINISHED = {"OPTIMAL", "Optimal", "HEURISTIC", "exit 0", "exit 4"}
COLUMNS = (
    "size",
    "weeks",
    "method",
    "wall time (s)",
    "peak memory (MiB)",
    "objective",
    "gap to bound",
    "hard rules broken",
    "soft rules broken",
    "status",
)


# ---------------------------------------------------------------------------------------------
# Machine
# ---------------------------------------------------------------------------------------------


def _read(path: str) -> str:
    try:
        return Path(path).read_text()
    except OSError:
        return ""


def _pkg(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


def machine_info(root: Path) -> dict[str, Any]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in _read("/proc/cpuinfo").splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown",
    )
    mem_kib = next(
        (
            int(line.split()[1])
            for line in _read("/proc/meminfo").splitlines()
            if line.startswith("MemTotal:")
        ),
        0,
    )

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)
        return done.stdout.strip() if done.returncode == 0 else ""

    dirty = git("status", "--porcelain", "--", "models", "optimizer")
    return {
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "nproc": len(os.sched_getaffinity(0))
        if hasattr(os, "sched_getaffinity")
        else os.cpu_count(),
        "cpu_count": os.cpu_count(),
        "cpu_model": cpu,
        "ram_gib": round(mem_kib / 2**20, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "ortools": _pkg("ortools"),
        "highspy": _pkg("highspy"),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "giliran_commit": git("rev-parse", "--short", "HEAD") or "unknown",
        "giliran_dirty": bool(dirty),
    }


# ---------------------------------------------------------------------------------------------
# Rows
# ---------------------------------------------------------------------------------------------


#: Exit codes of ``giliran`` (optimizer.errors.ExitCode) and what they mean.
EXIT_MEANING = {
    0: "every rule met",
    1: "internal error",
    2: "usage error",
    3: "invalid input",
    4: "some rules unmet",
    5: "no roster in time",
}


def exit_code(row: Row) -> int | None:
    status = str(row.get("status", ""))
    return int(status.split()[1]) if status.startswith("exit ") else None


def failed(row: Row) -> bool:
    """True when the method crashed or refused the input (not merely stopped by the clock)."""
    return row.get("status") == "ERROR" or exit_code(row) in (1, 2, 3)


def finished(row: Row) -> bool:
    """True when the method ended by itself, before the clock stopped it."""
    wall = row.get("wall_s")
    limit = row.get("time_limit_s") or math.inf
    return row.get("status") in FINISHED and wall is not None and wall < 0.98 * limit


def bound_of(rows: list[Row], staff: int, weeks: int) -> float | None:
    for r in rows:
        same = r["method"] == "lp-bound" and r["staff"] == staff and r["weeks"] == weeks
        if same and r.get("status") == "Optimal":
            return float(r["objective"])
    return None


def gap_to_bound(row: Row, bound: float | None) -> float | None:
    """(objective − LP bound) / |LP bound| for rosters that meet every rule."""
    obj = row.get("objective")
    if bound is None or obj is None or row["method"] == "lp-bound":
        return None
    if row.get("hard") or row.get("soft"):
        return None
    return (float(obj) - bound) / max(1.0, abs(bound))


def _num(value: Any, fmt: str = "{:,.0f}") -> str:
    return "—" if value is None else fmt.format(value)


def _seconds(value: float | None) -> str:
    if value is None:
        return "—"
    if value < 0.01:
        return f"{value:.4f}"
    return f"{value:.3f}" if value < 0.1 else f"{value:.2f}" if value < 100 else f"{value:.1f}"


def _status(row: Row) -> str:
    status = str(row.get("status", "?"))
    if status == "TIMEOUT":
        return "TIMEOUT (killed)"
    code = exit_code(row)
    if code is not None:
        return f"{status} ({EXIT_MEANING.get(code, '?')})"
    if status in FINISHED or status == "ERROR" or "limit" in status.lower():
        return status
    return f"{status} (time limit)" if not finished(row) else status


def cells(row: Row, bound: float | None) -> list[str]:
    wall = row.get("wall_s")
    wall_text = _seconds(wall)
    if row.get("status") == "TIMEOUT":
        wall_text = f"> {wall:.0f}"
    gap = gap_to_bound(row, bound)
    if row["method"] == "lp-bound":
        gap_text = "(bound)"
    elif gap is None and row.get("objective") is not None and (row.get("hard") or row.get("soft")):
        gap_text = "n/a (rules broken)"
    else:
        gap_text = _num(None if gap is None else 100 * gap, "{:.3f} %")
    return [
        f"{row['staff']:,}",
        str(row["weeks"]),
        LABELS.get(row["method"], str(row["method"])),
        wall_text,
        _num(row.get("peak_mib"), "{:,.0f}"),
        _num(row.get("objective")),
        gap_text,
        _num(row.get("hard"), "{:,}"),
        _num(row.get("soft"), "{:,}"),
        _status(row),
    ]


def _sorted(rows: list[Row]) -> list[Row]:
    rank = {m: i for i, m in enumerate(ORDER)}
    return sorted(rows, key=lambda r: (r["weeks"], r["staff"], rank.get(r["method"], 99)))


def table(rows: list[Row]) -> str:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for row in _sorted(rows):
        bound = bound_of(rows, row["staff"], row["weeks"])
        lines.append("| " + " | ".join(cells(row, bound)) + " |")
    return "\n".join(lines)


def progress_line(row: Row) -> str:
    return (
        f"{row['method']}: {_seconds(row.get('wall_s'))} s, "
        f"{_num(row.get('peak_mib'), '{:,.0f}')} MiB, {row.get('status')}, "
        f"objective {_num(row.get('objective'))}, hard {_num(row.get('hard'))}, "
        f"soft {_num(row.get('soft'))}"
    )


# ---------------------------------------------------------------------------------------------
# Ratios and growth
# ---------------------------------------------------------------------------------------------


def _row(rows: list[Row], method: str, staff: int, weeks: int) -> Row | None:
    return next(
        (r for r in rows if r["method"] == method and r["staff"] == staff and r["weeks"] == weeks),
        None,
    )


def _ratio(a: Row | None, b: Row | None) -> str:
    """a's wall time over b's; a bound ("<", ">") when one of them was stopped by the clock."""
    if a is None or b is None or not a.get("wall_s") or not b.get("wall_s"):
        return "—"
    value = a["wall_s"] / b["wall_s"]
    broken = [LABELS[r["method"]] for r in (a, b) if failed(r)]
    if broken:
        return f"n/a ({' and '.join(broken)} failed)"
    if finished(a) and finished(b):
        return f"{value:.2f}"
    if finished(a):
        return f"< {value:.2g} ({LABELS[b['method']]} stopped)"
    if finished(b):
        return f"> {value:.2g} ({LABELS[a['method']]} stopped)"
    return "n/a (both stopped)"


def ratios(rows: list[Row]) -> str:
    cases = sorted({(r["weeks"], r["staff"]) for r in rows})
    lines = [
        "| size | weeks | giliran solve / LP | giliran solve / HiGHS MIP | "
        "giliran solve / HiGHS MIP, presolve off | giliran solve / naive CP-SAT | "
        "giliran solve / same without LP warm start | giliran end to end / solve |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for weeks, staff in cases:
        solve = _row(rows, "giliran-solve", staff, weeks)
        lines.append(
            f"| {staff:,} | {weeks} | {_ratio(solve, _row(rows, 'lp-bound', staff, weeks))} | "
            f"{_ratio(solve, _row(rows, 'highs-mip', staff, weeks))} | "
            f"{_ratio(solve, _row(rows, 'highs-mip-nopresolve', staff, weeks))} | "
            f"{_ratio(solve, _row(rows, 'cpsat-monolithic', staff, weeks))} | "
            f"{_ratio(solve, _row(rows, 'giliran-solve-cpsat', staff, weeks))} | "
            f"{_ratio(_row(rows, 'giliran-e2e', staff, weeks), solve)} |"
        )
    return "\n".join(lines)


def growth(rows: list[Row], method: str, weeks: int) -> tuple[float, int] | None:
    """Least-squares slope of log(time) against log(staff) over the finished runs."""
    pts = [
        (math.log(r["staff"]), math.log(max(r["wall_s"], 1e-3)))
        for r in rows
        if r["method"] == method and r["weeks"] == weeks and finished(r)
    ]
    if len({x for x, _ in pts}) < 2:
        return None
    n = len(pts)
    mx = sum(x for x, _ in pts) / n
    my = sum(y for _, y in pts) / n
    sxx = sum((x - mx) ** 2 for x, _ in pts)
    sxy = sum((x - mx) * (y - my) for x, y in pts)
    return sxy / sxx, n


def growth_table(rows: list[Row]) -> str:
    weeks_list = sorted({r["weeks"] for r in rows})
    lines = [
        "| method | " + " | ".join(f"{w} week{'s' if w > 1 else ''}" for w in weeks_list) + " |",
        "|---|" + "---|" * len(weeks_list),
    ]
    for method in ORDER:
        if not any(r["method"] == method for r in rows):
            continue
        parts = []
        for w in weeks_list:
            fit = growth(rows, method, w)
            parts.append("—" if fit is None else f"{fit[0]:.2f} ({fit[1]} sizes)")
        lines.append(f"| {LABELS[method]} | " + " | ".join(parts) + " |")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# Plot and document
# ---------------------------------------------------------------------------------------------


def plot(rows: list[Row], path: Path, time_limit: float | None) -> bool:
    """Log-log wall time against staff, one panel per horizon; × = stopped by the clock."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    weeks_list = sorted({r["weeks"] for r in rows}) or [1]
    fig, axes = plt.subplots(
        1, len(weeks_list), figsize=(4.6 * len(weeks_list) + 1.0, 6.4), dpi=110, sharey=True
    )
    axes = list(axes) if len(weeks_list) > 1 else [axes]
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    handles: dict[str, Any] = {}
    for ax, weeks in zip(axes, weeks_list, strict=True):
        for k, method in enumerate(ORDER):
            colour = colours[k % len(colours)]
            mine = [r for r in rows if r["method"] == method and r["weeks"] == weeks]
            done = sorted((r["staff"], r["wall_s"]) for r in mine if finished(r))
            stopped = sorted(
                (r["staff"], r["wall_s"])
                for r in mine
                if r.get("wall_s") and not finished(r) and not failed(r)
            )
            if done:
                (line,) = ax.plot(*zip(*done, strict=True), "-o", color=colour, markersize=4)
                handles.setdefault(LABELS[method], line)
            if stopped:
                (mark,) = ax.plot(*zip(*stopped, strict=True), "x", color=colour, markersize=9)
                handles.setdefault(LABELS[method], mark)
        if time_limit:
            ax.axhline(time_limit, color="grey", linestyle=":", linewidth=1)
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("staff")
        ax.set_title(f"{weeks} week{'s' if weeks > 1 else ''}")
        ax.grid(True, which="both", alpha=0.3)
    axes[0].set_ylabel("wall time (s)")
    note = f"dotted: time limit {time_limit:g} s; × = stopped" if time_limit else "× = stopped"
    fig.legend(
        list(handles.values()),
        list(handles.keys()),
        loc="lower center",
        ncol=3,
        fontsize=8,
        title=note,
        title_fontsize=7,
    )
    fig.suptitle("Giliran benchmark: wall time against staff (log-log)")
    fig.tight_layout(rect=(0, 0.22, 1, 1))
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)
    return True


def _machine_table(meta: dict[str, Any]) -> str:
    dirty = " (with uncommitted changes in models/ or optimizer/)" if meta["giliran_dirty"] else ""
    items = [
        ("date", meta["date"]),
        ("CPU", meta["cpu_model"]),
        ("nproc", meta["nproc"]),
        ("RAM", f"{meta['ram_gib']} GiB"),
        ("Python", meta["python"]),
        ("OR-Tools", meta["ortools"]),
        ("highspy (HiGHS)", meta["highspy"]),
        ("platform", meta["platform"]),
        ("giliran commit", f"{meta['giliran_commit']}{dirty}"),
        ("load average at start (1, 5, 15 min)", meta.get("load_average_at_start", "?")),
        ("whole run", f"{meta.get('total_run_s', 0) / 60:.1f} min"),
    ]
    return "| | |\n|---|---|\n" + "\n".join(f"| {k} | {v} |" for k, v in items)


def _incidents(rows: list[Row]) -> list[str]:
    out = []
    for r in _sorted(rows):
        name = f"{r['staff']:,} staff × {r['weeks']} wk, {LABELS[r['method']]}"
        status = r.get("status")
        if status == "TIMEOUT":
            out.append(f"- {name}: killed — {r.get('note', '')}.")
        elif status == "ERROR":
            note = str(r.get("note", "")).splitlines()
            out.append(f"- {name}: error — `{note[-1] if note else ''}`.")
        elif failed(r):
            lines = str(r.get("stderr_tail", "")).strip().splitlines()
            out.append(f"- {name}: failed, {_status(r)} — `{lines[0] if lines else ''}`.")
        elif not finished(r):
            out.append(f"- {name}: stopped by its own time limit (status {status}).")
        reported, rescored = r.get("objective_reported"), r.get("objective")
        drifted = None not in (reported, rescored) and reported != rescored
        if r["method"] == "giliran-solve" and r.get("proofs"):
            proofs = ", ".join(f"{n} by {k}" for k, n in sorted(r["proofs"].items()))
            out.append(f"- {name}: components proved optimal {proofs}.")
        if r["method"].startswith("giliran-solve") and drifted and finished(r):
            out.append(
                f"- {name}: reported objective {reported:,.0f} differs from the rescored "
                f"{rescored:,.0f} (the objective definitions have drifted)."
            )
        elif r["method"].startswith("giliran-solve") and drifted:
            out.append(
                f"- {name}: the solver's own objective of this unproved roster is "
                f"{reported:,.0f}, rescored {rescored:,.0f} (before optimality its fairness "
                "rounds need not be tight; the rescoring counts the roster as written)."
            )
        if r["method"] == "lp-bound" and r.get("fractional_x"):
            out.append(f"- {name}: {r['fractional_x']} fractional WFO variables in the LP.")
    return out


def render(payload: dict[str, Any], markdown: Path, plot_path: Path) -> str:
    rows: list[Row] = payload["rows"]
    settings = payload["settings"]
    meta = payload["meta"]
    has_plot = plot(rows, plot_path, settings.get("time_limit_s"))
    try:
        rel_plot = plot_path.resolve().relative_to(markdown.resolve().parent)
    except ValueError:
        rel_plot = plot_path
    incidents = _incidents(rows)
    parts = [
        "# Benchmarks",
        "",
        "Generated by `benchmarks/run.py`; do not edit by hand. Re-run with:",
        "",
        f"    {payload['command']}",
        "",
        "Every method runs on the same seeded example city "
        "(`optimizer.demo.generator.generate_city`, "
        f"seed {settings['seed']}, first Monday {settings['start']}), each in its own process, "
        f"with a time limit of {settings['time_limit_s']:g} s (a process still running "
        f"{settings['grace_s']:g} s after it is killed and reported as TIMEOUT). What each "
        "method is: `benchmarks/README.md`.",
        "",
        "## Machine",
        "",
        _machine_table(meta),
        "",
        "## Results",
        "",
        table(rows),
        "",
        "- **objective**: the project's goal objective (quota reward, convex fairness, "
        "vaccination and preferred days; lower is better) of the roster each method returned, "
        "recomputed the same way for all of them by `benchmarks/reference.py` (for the LP row: "
        "the LP optimum, a lower bound on every roster that breaks no rule).",
        "- **gap to bound**: (objective − LP bound) / |LP bound|, for rosters that break no rule.",
        "- **hard / soft rules broken**: violations found by "
        "`optimizer.analysis.checker.check` (hard: availability, unit and building caps; "
        "soft: essential minimum, front-line duty, "
        "bidang and seksi representation), counted per scope and day.",
        "- **peak memory**: the method process's `ru_maxrss` (for the end-to-end run: the "
        "`giliran` process's), or the sampled resident size of its process tree if larger. "
        "Workers other than the end-to-end one hold the generated problem in memory too: the "
        "greedy rows show that floor.",
        "- **wall time**: from the in-memory problem to the answer, model building included "
        "(end to end: the whole `giliran solve` command, reading and writing Excel included).",
        "- **HiGHS MIP** runs twice, with default options and with `presolve=off`: on this model "
        "HiGHS's MIP presolve can run far past its time limit (then the run is killed).",
        "",
        "## Ratios (same run)",
        "",
        ratios(rows),
        "",
        "## Growth of time with staff",
        "",
        "Slope of a least-squares line through log(wall time) against log(staff), over the "
        "sizes where the method finished by itself (time ∝ staff^slope):",
        "",
        growth_table(rows),
        "",
    ]
    if has_plot:
        parts += [f"![Wall time against staff, log-log]({rel_plot})", ""]
    parts += ["## Runs stopped, errors and checks", ""]
    parts += incidents or ["- none: every method finished within its time limit."]
    parts.append("")
    text = "\n".join(parts)
    markdown.write_text(text)
    return text
