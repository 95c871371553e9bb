"""Solve many agency workbooks at once: one roster per input and one combined summary.

``giliran batch FOLDER`` takes every workbook in the folder (``.xlsx`` in any case, the
suffixes of ``optimizer.io.reader.INPUT_SUFFIXES``; not Excel's ``~$`` lock files), solves them
in ``--workers`` worker processes, one workbook at a time each (``runtime.run_isolated``),
writes each roster next to the others in the output folder and a summary workbook
``ringkasan-batch.xlsx`` listing, per input, the outcome, its exit code, sizes, rules not met,
time and where the roster went. One bad workbook never stops the others: its problems are
listed in the summary, and a worker that dies (kill -9, the out-of-memory killer) is one row
"gagal / failed: proses berakhir / process ended". After a stop request the workbooks being
solved write their best roster so far, the others are listed as not started.
"""

from __future__ import annotations

import functools
import multiprocessing
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from models.stop import Stop
from optimizer.app import service
from optimizer.app.runtime import ProcessEnded, run_isolated
from optimizer.app.service import PlanOptions, Verdict
from optimizer.errors import OUT_OF_MEMORY_MESSAGE, ExitCode, InputError, OutOfMemory
from optimizer.io.atomic import claim
from optimizer.io.reader import INPUT_SUFFIXES
from optimizer.io.writer import write_table

SUMMARY_NAME = "ringkasan-batch.xlsx"
SUMMARY_COLUMNS = (
    "File Input",
    "Hasil / Outcome",
    "Kode Keluar / Exit Code",
    "Pegawai / Staff",
    "Unit",
    "Status Solver",
    "Aturan Tidak Terpenuhi / Rules Not Met",
    "Waktu (detik) / Time (s)",
    "Jadwal / Roster",
    "Keterangan / Notes",
)
#: Each input's code in the summary: the exit code ``giliran solve`` would give it.
VERDICT_CODES = {
    Verdict.ALL_MET: ExitCode.OK,
    Verdict.RULES_NOT_MET: ExitCode.RULES_NOT_MET,
    Verdict.NO_ROSTER: ExitCode.NO_SOLUTION,
    Verdict.INTERRUPTED: ExitCode.RULES_NOT_MET,
}
OUTCOMES = {
    ExitCode.OK: "OK: semua aturan terpenuhi / every rule met",
    ExitCode.RULES_NOT_MET: "Sebagian aturan tidak terpenuhi / some rules not met",
    ExitCode.INVALID_INPUT: "Input tidak valid / invalid input",
    ExitCode.NO_SOLUTION: "Tidak ada jadwal / no roster in time",
    ExitCode.INTERNAL: "Kesalahan internal / internal error",
    ExitCode.USAGE: "Tidak dapat ditulis / could not be written",
    ExitCode.STOPPED: "Dihentikan, tidak ada yang ditulis / stopped, nothing written",
    ExitCode.OUT_OF_MEMORY: "Memori tidak cukup / not enough memory",
}
#: The summary's outcome for a roster written after a stop request (exit code 4).
INTERRUPTED = "Dihentikan: jadwal terbaik sejauh ini / interrupted: best roster so far"
#: The summary's outcome for a workbook whose worker process died.
PROCESS_ENDED = "Gagal / failed: proses berakhir / process ended"


@dataclass(frozen=True)
class BatchItem:
    """What happened to one input workbook."""

    input: Path
    exit_code: ExitCode
    staff: int = 0
    units: int = 0
    status: str = ""
    violations: int = 0
    seconds: float = 0.0
    output: Path | None = None
    notes: str = ""
    outcome: str = ""  # the summary's outcome text; default: ``OUTCOMES[exit_code]``


@dataclass(frozen=True)
class Skipped:
    """A file in the batch folder that is not solved, and why (``giliran batch`` says so)."""

    path: Path
    reason_id: str
    reason_en: str

    def render(self) -> str:
        return f"Dilewati / skipped: {self.path.name}: {self.reason_id} / {self.reason_en}"


def skipped_in(folder: Path) -> list[Skipped]:
    """Every entry of ``folder`` that ``inputs_in`` leaves out, with the reason, in name order."""
    taken = set(inputs_in(folder))
    listed = ", ".join(sorted(INPUT_SUFFIXES))
    out: list[Skipped] = []
    for p in sorted(folder.iterdir()):
        if p in taken:
            continue
        if p.is_dir():
            why = ("folder, bukan file (tidak dibuka)", "a folder, not a file (not opened)")
        elif p.name.startswith("~$"):
            why = ("file kunci Excel (workbook sedang dibuka)", "Excel's lock file (open workbook)")
        elif p.name.startswith("."):
            why = ("file tersembunyi", "a hidden file")
        elif p.name == SUMMARY_NAME:
            why = ("ringkasan batch sebelumnya", "the summary of an earlier batch")
        elif not p.is_file():
            why = ("bukan file biasa", "not a regular file")
        else:
            why = (
                f"bukan workbook (yang dibaca: {listed})",
                f"not a workbook (read: {listed})",
            )
        out.append(Skipped(p, *why))
    return out


def inputs_in(folder: Path) -> list[Path]:
    """The workbooks to solve, in name order (Excel lock files and hidden files skipped)."""
    return sorted(
        p
        for p in folder.iterdir()
        if p.suffix.casefold() in INPUT_SUFFIXES
        and p.is_file()
        and not p.name.startswith(("~$", "."))
        and p.name != SUMMARY_NAME
    )


def solve_one(
    path: Path, out_dir: Path, time_limit_s: float | None, seed: int, stop: Stop | None = None
) -> BatchItem:
    """Solve one workbook; every user-caused problem becomes a row of the summary."""
    started = time.monotonic()
    try:
        options = PlanOptions(output_dir=out_dir, time_limit_s=time_limit_s, seed=seed)
        outcome = service.plan(path, options, stop=stop)
    except InputError as err:
        first = err.errors[0].render().splitlines()[0] if err.errors else ""
        return BatchItem(
            path,
            ExitCode.INVALID_INPUT,
            seconds=time.monotonic() - started,
            notes=f"{len(err.errors)} kesalahan / error(s); {first}",
        )
    except service.OutputError as err:
        return BatchItem(path, ExitCode.USAGE, seconds=time.monotonic() - started, notes=str(err))
    except service.Stopped as err:
        return BatchItem(path, ExitCode.STOPPED, seconds=time.monotonic() - started, notes=str(err))
    except (OutOfMemory, MemoryError):
        notes = OUT_OF_MEMORY_MESSAGE
        return BatchItem(
            path, ExitCode.OUT_OF_MEMORY, seconds=time.monotonic() - started, notes=notes
        )
    except Exception as err:  # a bug in one file must not stop the batch
        return BatchItem(
            path,
            ExitCode.INTERNAL,
            seconds=time.monotonic() - started,
            notes=f"{type(err).__name__}: {err}",
        )
    return BatchItem(
        path,
        VERDICT_CODES[outcome.verdict],
        len(outcome.problem.employees),
        len(outcome.problem.units),
        outcome.result.status.value,
        len(outcome.report.violations),
        time.monotonic() - started,
        outcome.output,
        outcome=INTERRUPTED if outcome.verdict is Verdict.INTERRUPTED else "",
    )


def _solve_in_worker(
    out_dir: Path, time_limit_s: float | None, seed: int, path: Path, stop: Stop
) -> BatchItem:
    return solve_one(path, out_dir, time_limit_s, seed, stop)


def not_started(path: Path) -> BatchItem:
    return BatchItem(
        path,
        ExitCode.STOPPED,
        notes="Dihentikan sebelum dimulai / stopped before it started",
    )


def run_batch(
    folder: Path,
    out_dir: Path,
    *,
    time_limit_s: float | None = None,
    seed: int = 0,
    workers: int = 1,
    on_item: Callable[[BatchItem], None] | None = None,
    stop: Stop | None = None,
) -> tuple[list[BatchItem], Path]:
    """Solve every workbook in ``folder`` in ``workers`` worker processes (one workbook at a time
    each); returns the items (in name order) and the summary path.

    ``on_item`` is called as each workbook finishes. After ``stop`` is requested the workbooks
    being solved stop their search and write their best roster so far; the others are not
    started. Inside a daemonic process (which may not start workers) they are solved in turn.
    """
    paths = inputs_in(folder)
    out_dir.mkdir(parents=True, exist_ok=True)
    items: list[BatchItem]
    if multiprocessing.current_process().daemon:
        items = []
        for path in paths:
            item = (
                not_started(path)
                if stop is not None and stop.requested
                else solve_one(path, out_dir, time_limit_s, seed, stop)
            )
            items.append(item)
            if on_item:
                on_item(item)
    else:
        job = functools.partial(_solve_in_worker, out_dir, time_limit_s, seed)

        def done(i: int, result: BatchItem | ProcessEnded) -> None:
            if on_item:
                on_item(_item(paths[i], result))

        results = run_isolated(job, paths, workers, stop, done)
        items = [_item(path, result) for path, result in zip(paths, results, strict=True)]
    taken = claim(out_dir / SUMMARY_NAME)  # a free name, reserved: never another run's summary
    try:
        write_summary(taken.path, items)
    except BaseException:
        taken.release()
        raise
    return items, taken.path


def _item(path: Path, result: BatchItem | ProcessEnded | None) -> BatchItem:
    if result is None:
        return not_started(path)
    if isinstance(result, ProcessEnded):
        return BatchItem(path, ExitCode.INTERNAL, notes=result.describe(), outcome=PROCESS_ENDED)
    return result


def batch_exit_code(items: list[BatchItem]) -> ExitCode:
    """0 when every roster meets every rule, else the most serious code among the inputs."""
    order = [
        ExitCode.OK,
        ExitCode.RULES_NOT_MET,
        ExitCode.INVALID_INPUT,
        ExitCode.NO_SOLUTION,
        ExitCode.STOPPED,
        ExitCode.USAGE,
        ExitCode.OUT_OF_MEMORY,
        ExitCode.INTERNAL,
    ]
    return max((i.exit_code for i in items), key=order.index, default=ExitCode.OK)


def write_summary(path: Path, items: list[BatchItem]) -> None:
    write_table(
        path,
        "Ringkasan Batch",
        SUMMARY_COLUMNS,
        (
            (
                i.input.name,
                i.outcome or OUTCOMES[i.exit_code],
                int(i.exit_code),
                i.staff,
                i.units,
                i.status,
                i.violations,
                round(i.seconds, 2),
                str(i.output) if i.output else "",
                i.notes,
            )
            for i in items
        ),
    )
