"""The ``giliran`` command line: a thin layer over the application service.

Everything a command does is ``optimizer.app.service`` (``plan``, ``validate``,
``write_template``) or ``optimizer.app.batch``; this module only parses options, prints events
and summaries, and turns outcomes into the documented exit codes.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import math
import os
import signal
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from models.solve import SolveStatus
from models.stop import Stop
from optimizer.analysis.contacts import ContactScope
from optimizer.analysis.explain import Explanation
from optimizer.analysis.explain import summary_lines as explain_summary
from optimizer.analysis.resilience import (
    DEFAULT_ISOLATION_DAYS,
    DEFAULT_QUARANTINE_DAYS,
    ResilienceOptions,
)
from optimizer.analysis.resilience import summary_lines as resilience_summary
from optimizer.app import runtime, service
from optimizer.app.batch import (
    VERDICT_CODES,
    BatchItem,
    batch_exit_code,
    inputs_in,
    run_batch,
    skipped_in,
)
from optimizer.app.events import Phase
from optimizer.app.executors import ExecutorError, make_executor
from optimizer.app.runtime import available_cores
from optimizer.app.service import Event, InputWarning, Outcome, PlanOptions
from optimizer.errors import (
    OUT_OF_MEMORY_MESSAGE,
    ExitCode,
    InputError,
    InputProblem,
    OutOfMemory,
)
from optimizer.io.parameters import MAX_TIME_LIMIT_S
from optimizer.io.reader import INPUT_SUFFIXES

EXIT_CODES_HELP = """\b
Kode keluar / Exit codes:
  0  jadwal memenuhi semua aturan / roster meets every rule
  1  kesalahan internal / internal error (please report it)
  2  cara pakai salah / usage error
  3  input tidak valid, tidak ada yang ditulis / invalid input, nothing written
  4  jadwal ditulis, tetapi ada aturan yang tidak terpenuhi / roster written, some rules
     could not be met (listed in sheet Pelanggaran); or stopped by Ctrl-C, SIGTERM or
     SIGHUP: the best roster so far was written (INTERRUPTED)
  5  tidak ada jadwal dalam batas waktu / no roster found within the time limit
  6  memori tidak cukup / not enough memory (try fewer --workers or fewer weeks)
  130  dihentikan, tidak ada yang ditulis / stopped with nothing written: a second
     Ctrl-C/SIGTERM/SIGHUP, or the first one before solving began
"""

F = TypeVar("F", bound=Callable[..., Any])
TIME_LIMIT = click.FloatRange(min=0.1, max=MAX_TIME_LIMIT_S)


def _finite_time_limit(ctx: click.Context, param: click.Parameter, value: float | None) -> Any:
    """``--time-limit``: 0.1 s to 24 h (``nan`` slips through a FloatRange: refused here)."""
    if value is not None and not math.isfinite(value):
        raise click.BadParameter(
            f"{value} bukan angka detik / is not a number of seconds (0.1–{MAX_TIME_LIMIT_S:.0f})"
        )
    return value


def _at_most_cores(ctx: click.Context, param: click.Parameter, value: int | None) -> Any:
    """``--workers``: at most one process per CPU core (more only costs memory)."""
    cores = available_cores()
    if value is not None and value > cores:
        raise click.BadParameter(
            f"paling banyak {cores} (jumlah inti CPU) / at most {cores} (the CPU cores): {value}"
        )
    return value


def _fail(code: ExitCode, message: str) -> NoReturn:
    click.echo(message, err=True)
    sys.exit(int(code))


def _guarded(func: F) -> F:
    """Turn user-caused errors into messages and exit codes; never show a traceback by default."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        verbose = bool(kwargs.get("verbose"))
        try:
            return func(*args, **kwargs)
        except InputError as err:
            for problem in err.problems:
                click.echo(problem.render(), err=True)
            n = len(err.errors)
            _fail(
                ExitCode.INVALID_INPUT,
                f"{n} kesalahan pada input; tidak ada yang ditulis. / "
                f"{n} error(s) in the input; nothing was written.",
            )
        except (service.OutputError, service.OptionError, ExecutorError) as err:
            _fail(ExitCode.USAGE, str(err))
        except OutOfMemory as err:
            _fail(ExitCode.OUT_OF_MEMORY, f"KESALAHAN/ERROR: {err}")
        except MemoryError:
            _fail(ExitCode.OUT_OF_MEMORY, f"KESALAHAN/ERROR: {OUT_OF_MEMORY_MESSAGE}")
        except runtime.WorkerEnded as err:
            # SIGKILL is what the kernel's out-of-memory killer sends: say so, with its code.
            if err.ended.exitcode == -signal.SIGKILL:
                _fail(ExitCode.OUT_OF_MEMORY, f"KESALAHAN/ERROR: {OUT_OF_MEMORY_MESSAGE} ({err})")
            _fail(ExitCode.INTERNAL, f"Kesalahan internal / Internal error: {err}")
        except service.Stopped as err:
            _fail(ExitCode.STOPPED, str(err))
        except runtime.Aborted:
            # The job's thread is still running: leave at once (no exit handlers, which would
            # wait for it); its temporary files are gone and every worker has been ended.
            click.echo(
                "Dihentikan seketika; tidak ada yang ditulis. / Stopped at once; nothing was "
                "written.",
                err=True,
            )
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(int(ExitCode.STOPPED))
        except KeyboardInterrupt:  # a Ctrl-C outside ``run_stoppable``
            _fail(ExitCode.STOPPED, "Dihentikan / Interrupted.")
        except (SystemExit, click.exceptions.Exit, click.ClickException):
            raise
        except Exception as err:  # a bug: say so plainly, traceback only with -v
            if verbose:
                traceback.print_exc()
            _fail(
                ExitCode.INTERNAL,
                f"Kesalahan internal / Internal error: {type(err).__name__}: {err}\n"
                "Mohon laporkan / please report it (run with -v for details).",
            )

    wrapper.__name__ = func.__name__
    wrapper.__doc__ = func.__doc__
    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, epilog=EXIT_CODES_HELP)
@click.version_option(package_name="giliran")
def main() -> None:
    """Giliran: jadwal WFO/WFH yang adil untuk kantor pemerintah.

    Giliran builds fair weekly WFO/WFH rosters for Indonesian government offices from an HR staff
    workbook, obeying office caps, essential-service minimums and per-section representation.
    """


@main.command(epilog=EXIT_CODES_HELP)
@click.argument("input_path", metavar="INPUT.xlsx", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help="Berkas jadwal / roster file [default: outputs/<input>-jadwal-<start>.xlsx].",
)
@click.option(
    "--time-limit",
    type=TIME_LIMIT,
    default=None,
    callback=_finite_time_limit,
    help="Batas waktu seluruh proses (detik) / time limit of the whole run in seconds, at most "
    "86400 [default: Kebijakan, else 60].",
)
@click.option(
    "--seed",
    type=int,
    default=0,
    show_default=True,
    help="Benih acak / random seed (same input + seed = same roster).",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    callback=_at_most_cores,
    help="Proses paralel / parallel processes, at most one per CPU core (the roster does not "
    "depend on it) [default: semua inti CPU / all CPU cores].",
)
@click.option(
    "--per-unit",
    is_flag=True,
    help="Juga satu berkas per unit kerja / also one workbook per unit, with signature block.",
)
@click.option(
    "--executor",
    type=click.Choice(["local", "ray"]),
    default="local",
    show_default=True,
    help="Tempat menyelesaikan komponen / where components are solved: this machine, or a Ray "
    "cluster (pip install 'giliran[ray]').",
)
@click.option(
    "--address",
    default=None,
    help="Alamat klaster Ray / Ray cluster address (HOST:PORT, 'auto'; default: a local Ray).",
)
@click.option(
    "--force",
    is_flag=True,
    help="Timpa file jadwal yang sudah ada / overwrite an existing roster file "
    "[default: write <name>-2.xlsx, -3, … instead].",
)
@click.option(
    "--riwayat",
    "--history",
    "history",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Jadwal terbitan sebelumnya / an earlier published roster (repeatable): whoever had "
    "fewer office days there gets more now.",
)
@click.option(
    "--bahasa",
    "language",
    type=click.Choice(["id", "en", "id+en"]),
    default="id+en",
    show_default=True,
    help="Bahasa label jadwal / language of the roster's labels (id = Indonesian only, for "
    "printing; data is written as given).",
)
@click.option(
    "--ketahanan/--tanpa-ketahanan",
    "--resilience/--no-resilience",
    "resilience",
    default=None,
    help="Tulis sheet Ketahanan (satu kasus positif: karantina, subunit tanpa cover) / write "
    "the Ketahanan sheet (one positive case: quarantine, subunits left without cover) "
    "[default: only with Kohort ≥ 2].",
)
@click.option(
    "--preset",
    "preset",
    default="",
    metavar="ID",
    help="Preset regulasi (lihat `giliran presets`) menggantikan baris Preset di Kebijakan; "
    "parameter yang ditulis di sheet tetap berlaku / a regulation preset (see `giliran "
    "presets`) in place of Kebijakan's Preset row; parameters written in the sheet still apply.",
)
@click.option("-v", "--verbose", is_flag=True, help="Lebih rinci / more detail.")
@click.option("-q", "--quiet", is_flag=True, help="Hanya kesalahan / errors only.")
@_guarded
def solve(
    input_path: Path,
    output: Path | None,
    time_limit: float | None,
    seed: int,
    workers: int | None,
    per_unit: bool,
    executor: str,
    address: str | None,
    force: bool,
    history: tuple[Path, ...],
    language: str,
    resilience: bool | None,
    preset: str,
    verbose: bool,
    quiet: bool,
) -> None:
    """Buat jadwal / build the roster from INPUT.xlsx and write it to Excel."""

    def say(text: str) -> None:
        if not quiet:
            click.echo(text, err=True)

    interactive = sys.stderr.isatty()
    shown = [0.0]

    def progress(event: Event) -> None:
        """Warnings at once; one updating line on a terminal; in a log, a line every 10 s."""
        if isinstance(event, InputWarning):
            say(event.problem.render())
            return
        done, total, elapsed = event.done, event.total, event.elapsed_s
        if verbose and not quiet and not total:
            click.echo(f"  tahap / phase: {event.phase.value}", err=True)
        if quiet or event.phase is not Phase.SOLVE or total <= 1:
            return
        text = f"  menyelesaikan / solving: {done}/{total} komponen/components, {elapsed:.1f} s"
        if interactive:
            click.echo("\r" + text, err=True, nl=done == total)
        elif verbose or elapsed - shown[0] >= 10:
            shown[0] = elapsed
            click.echo(text, err=True)

    workers = workers or available_cores()
    stop = Stop()
    pool = make_executor(executor, address, workers)
    options = PlanOptions(
        output=output,
        time_limit_s=time_limit,
        seed=seed,
        workers=workers,
        per_unit=per_unit,
        force=force,
        executor=pool,
        history=history,
        language=language,
        resilience=resilience,
        preset=preset,
    )
    try:
        run = runtime.run_stoppable(
            lambda: service.plan(input_path, options, progress, stop), stop, _signal_notice
        )
    finally:
        if pool is not None:
            pool.shutdown()
    if quiet:  # the one thing a caller must know: where the roster went, when not where asked
        renamed = [used for _, used in run.renamed]
        default = [run.output] if run.output is not None and output is None else []
        for path in dict.fromkeys([*default, *renamed]):
            click.echo(f"Jadwal ditulis / roster written: {path}")
    else:
        for line in summary_lines(run):
            click.echo(line)
        if run.explanation is not None and run.explanation.findings:
            for line in explain_summary(run.explanation):
                click.echo(line, err=True)
    sys.exit(int(exit_code(run)))


def exit_code(outcome: Outcome) -> ExitCode:
    """The documented exit code of an outcome (see EXIT_CODES_HELP)."""
    return VERDICT_CODES[outcome.verdict]


def summary_lines(outcome: Outcome) -> list[str]:
    """What ``giliran solve`` prints about an outcome (Indonesian / English)."""
    r, rep = outcome.result, outcome.report
    lines = []
    if r.status is SolveStatus.INTERRUPTED:
        lines.append(
            "DIHENTIKAN: jadwal terbaik sejauh ini; bagian yang belum selesai semua WFH / "
            "INTERRUPTED: best roster so far; parts not solved yet are all WFH."
        )
    lines += [
        f"Status: {r.status.value}  (gap {r.gap:.2%}, {r.wall_time_s:.1f} s, "
        f"{len(r.components)} komponen/components, {r.num_variables} variabel/variables)",
        f"Pegawai/employees: {len(outcome.problem.employees)}, "
        f"unit: {len(outcome.problem.units)}, "
        f"hari kerja/working days: {len(outcome.problem.working_dates)}",
    ]
    if outcome.output is not None:
        lines.append(f"Jadwal ditulis / roster written: {outcome.output}")
    for path in outcome.unit_outputs:
        lines.append(f"  per unit: {path}")
    if rep.violations:
        by_rule: dict[str, int] = {}
        for v in rep.violations:
            by_rule[v.rule] = by_rule.get(v.rule, 0) + 1
        parts = ", ".join(f"{k} × {n}" for k, n in sorted(by_rule.items()))
        lines.append(
            f"Aturan tidak terpenuhi / rules not met: {len(rep.violations)} ({parts}); "
            "lihat sheet Pelanggaran / see sheet Pelanggaran."
        )
    elif r.status is not SolveStatus.NO_SOLUTION:
        lines.append("Semua aturan terpenuhi / every rule is met.")
    return lines


@main.command(epilog=EXIT_CODES_HELP)
@click.argument("folder", metavar="FOLDER", type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "-o",
    "--output-dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("outputs"),
    show_default=True,
    help="Folder jadwal dan ringkasan / folder for the rosters and the summary.",
)
@click.option(
    "--time-limit",
    type=TIME_LIMIT,
    default=None,
    callback=_finite_time_limit,
    help="Batas waktu per file (detik) / time limit per workbook in seconds, at most 86400.",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Benih acak / random seed.")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    callback=_at_most_cores,
    help="File yang diselesaikan bersamaan / workbooks solved at the same time (at most one "
    "per CPU core).",
)
@click.option("-v", "--verbose", is_flag=True, help="Lebih rinci / more detail.")
@_guarded
def batch(
    folder: Path,
    output_dir: Path,
    time_limit: float | None,
    seed: int,
    workers: int,
    verbose: bool,
) -> None:
    """Selesaikan banyak file sekaligus / solve every .xlsx in FOLDER, one roster each.

    Writes each roster and a combined summary (ringkasan-batch.xlsx) into the output folder. A
    bad workbook does not stop the others. Exits 0 when every roster meets every rule, else with
    the most serious code among the workbooks.
    """
    if not folder.is_dir():
        _fail(ExitCode.USAGE, f"Folder tidak ditemukan / folder not found: {folder}")
    for skipped in skipped_in(folder):
        click.echo(skipped.render(), err=True)
    if not inputs_in(folder):
        listed = ", ".join(sorted(INPUT_SUFFIXES))
        _fail(
            ExitCode.USAGE,
            f"Tidak ada workbook ({listed}) di / no workbooks ({listed}) in: {folder}",
        )

    def show(item: BatchItem) -> None:
        where = f" -> {item.output}" if item.output else ""
        note = f"  {item.notes}" if item.notes else ""
        click.echo(f"[{int(item.exit_code)}] {item.input.name}{where}{note}")

    stop = Stop()
    items, summary = runtime.run_stoppable(
        lambda: run_batch(
            folder,
            output_dir,
            time_limit_s=time_limit,
            seed=seed,
            workers=workers,
            on_item=show,
            stop=stop,
        ),
        stop,
        _signal_notice,
    )
    ok = sum(1 for i in items if i.exit_code is ExitCode.OK)
    click.echo(
        f"{len(items)} file, {ok} memenuhi semua aturan / meet every rule; "
        f"ringkasan / summary: {summary}"
    )
    sys.exit(int(batch_exit_code(items)))


def _signal_notice(signum: int, first: bool) -> None:
    """One line per stop signal (the runtime does the stopping)."""
    name = signal.Signals(signum).name
    if first:
        click.echo(
            f"\nDihentikan ({name}): menulis jadwal terbaik sejauh ini … (sekali lagi untuk "
            f"keluar) / stopping ({name}): writing the best roster so far … (again to quit)",
            err=True,
        )


@main.command(epilog=EXIT_CODES_HELP)
@click.argument("input_path", metavar="INPUT.xlsx", type=click.Path(path_type=Path))
@click.option(
    "--time-limit",
    type=TIME_LIMIT,
    default=None,
    callback=_finite_time_limit,
    help="Batas waktu seluruh proses (detik) / time limit of the whole run in seconds, at most "
    "86400 [default: Kebijakan, else 60].",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Benih acak / random seed.")
@click.option("-v", "--verbose", is_flag=True, help="Lebih rinci / more detail.")
@_guarded
def explain(input_path: Path, time_limit: float | None, seed: int, verbose: bool) -> None:
    """Jelaskan aturan yang bertabrakan / explain which rules collide, without writing a roster.

    Lists every finding (the smallest set of facts that forces a rule to bend) with suggestions
    that were checked by solving again. Exits 4 when some rule cannot be met, else 0.
    """

    def warn(event: Event) -> None:
        if isinstance(event, InputWarning):
            click.echo(event.problem.render(), err=True)

    options = PlanOptions(write=False, time_limit_s=time_limit, seed=seed)
    outcome = service.plan(input_path, options, warn)
    explanation = outcome.explanation or Explanation()
    if outcome.result.roster is None:
        _fail(ExitCode.NO_SOLUTION, "Tidak ada jadwal dalam batas waktu / no roster in time.")
    for line in explain_summary(
        explanation, limit=len(explanation.findings), every_suggestion=True
    ):
        click.echo(line)
    sys.exit(int(exit_code(outcome)))


@main.command(epilog=EXIT_CODES_HELP)
@click.argument("input_path", metavar="INPUT.xlsx", type=click.Path(path_type=Path))
@click.option("-v", "--verbose", is_flag=True, help="Lebih rinci / more detail.")
@_guarded
def validate(input_path: Path, verbose: bool) -> None:
    """Periksa input / check INPUT.xlsx and list every problem at once (nothing is solved)."""
    problem, warnings = service.validate(input_path)
    for w in warnings:
        click.echo(w.render(), err=True)
    click.echo(
        f"Input valid: {len(problem.employees)} pegawai/employees, {len(problem.units)} unit, "
        f"{len(problem.working_dates)} hari kerja/working days, "
        f"{len(warnings)} peringatan/warnings."
    )


@main.command(epilog=EXIT_CODES_HELP)
@click.argument("roster_path", metavar="ROSTER.xlsx", type=click.Path(path_type=Path))
@click.option(
    "--input",
    "input_path",
    metavar="INPUT.xlsx",
    type=click.Path(path_type=Path),
    required=True,
    help="Input yang menghasilkan jadwal ini / the input workbook the roster was built from.",
)
@click.option("-v", "--verbose", is_flag=True, help="Lebih rinci / more detail.")
@_guarded
def periksa(roster_path: Path, input_path: Path, verbose: bool) -> None:
    """Periksa jadwal yang diedit / re-check a hand-edited ROSTER.xlsx against INPUT.xlsx.

    Lists every broken rule with its cells (sheet, row, column, NIP, name, date); unknown or
    changed NIPs, unknown codes and dates outside the input's period are reported, not guessed.
    Exits 0 when every rule holds, 4 when some do not, 3 when a file cannot be used. Alias: check.
    """
    found = service.check_roster(roster_path, input_path)
    for w in found.warnings:
        click.echo(w.render(), err=True)
    for broken in found.broken:
        for line in broken.lines():
            click.echo(line)
    if found.ok:
        click.echo("Semua aturan terpenuhi / every rule is met.")
        sys.exit(int(ExitCode.OK))
    click.echo(
        f"Aturan tidak terpenuhi / rules not met: {len(found.broken)}; lihat sel di atas / "
        "see the cells above."
    )
    sys.exit(int(ExitCode.RULES_NOT_MET))


main.add_command(periksa, name="check")


@main.command(epilog=EXIT_CODES_HELP)
@click.argument("roster_path", metavar="ROSTER.xlsx", type=click.Path(path_type=Path))
@click.option(
    "--input",
    "input_path",
    metavar="INPUT.xlsx",
    type=click.Path(path_type=Path),
    required=True,
    help="Input yang menghasilkan jadwal ini / the input workbook the roster was built from.",
)
@click.option(
    "--lingkup",
    "--scope",
    "scope",
    type=click.Choice([s.value for s in ContactScope]),
    default=ContactScope.BIDANG.value,
    show_default=True,
    help="Siapa kontak erat (selalu gedung yang sama) / who is a close contact (always the "
    "same building).",
)
@click.option(
    "--isolasi-hari",
    "--isolation-days",
    "isolation_days",
    type=click.IntRange(1, 60),
    default=DEFAULT_ISOLATION_DAYS,
    show_default=True,
    help="Hari isolasi kasus / isolation days of the case.",
)
@click.option(
    "--karantina-hari",
    "--quarantine-days",
    "quarantine_days",
    type=click.IntRange(1, 60),
    default=DEFAULT_QUARANTINE_DAYS,
    show_default=True,
    help="Hari karantina kontak erat / quarantine days of a close contact.",
)
@click.option("-v", "--verbose", is_flag=True, help="Lebih rinci / more detail.")
@_guarded
def ketahanan(
    roster_path: Path,
    input_path: Path,
    scope: str,
    isolation_days: int,
    quarantine_days: int,
    verbose: bool,
) -> None:
    """Ketahanan jadwal / resilience of ROSTER.xlsx to one positive case (writes nothing).

    For every employee on site at least once, positive on every working day: how many close
    contacts would be quarantined and which bidang/seksi would lose all cover on which days.
    Exits 0, or 3 when a file cannot be used or the roster does not fit INPUT.xlsx. Alias:
    resilience.
    """
    options = ResilienceOptions(ContactScope(scope), isolation_days, quarantine_days)
    found = service.resilience_report(roster_path, input_path, options)
    for w in found.warnings:
        click.echo(w.render(), err=True)
    for line in resilience_summary(found.report, found.problem, 25 if verbose else 10):
        click.echo(line)
    sys.exit(int(ExitCode.OK))


main.add_command(ketahanan, name="resilience")


SERVE_HELP = """\b
Kode keluar / Exit codes:
  0  server berhenti dengan normal / the server stopped normally
  2  cara pakai salah / usage error; also: a host other than loopback without an access
     token (--token or GILIRAN_TOKEN), or a data folder that cannot be used
"""


def _loopback(host: str) -> bool:
    if host.casefold() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@main.command(epilog=SERVE_HELP)
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Alamat / address to listen on."
)
@click.option(
    "--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Port."
)
@click.option(
    "--data",
    "data_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("outputs") / "web",
    show_default=True,
    help="Folder pekerjaan / folder of the jobs (uploads, rosters, state).",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    callback=_at_most_cores,
    help="Pekerjaan bersamaan / jobs solved at the same time [default: the CPU cores]; the "
    "others wait in a queue.",
)
@click.option(
    "--token",
    envvar="GILIRAN_TOKEN",
    default=None,
    help="Token akses / access token (or GILIRAN_TOKEN); required beyond loopback.",
)
@click.option(
    "--retention-days",
    type=click.FloatRange(min=0.01),
    default=7.0,
    show_default=True,
    help="Hari pekerjaan disimpan / days a finished job is kept.",
)
@click.option(
    "--job-time-limit",
    type=TIME_LIMIT,
    default=900.0,
    show_default=True,
    callback=_finite_time_limit,
    help="Batas waktu per pekerjaan (detik) / time limit per job in seconds; the best roster "
    "is kept.",
)
@click.option(
    "--max-upload-mb",
    envvar="GILIRAN_MAX_UPLOAD_MB",
    type=click.FloatRange(min=0.01, max=50),
    default=10.0,
    show_default=True,
    help="Ukuran unggahan terbesar / largest upload in MB (or GILIRAN_MAX_UPLOAD_MB).",
)
@click.option("-v", "--verbose", is_flag=True, help="Lebih rinci / more detail.")
def serve(
    host: str,
    port: int,
    data_dir: Path,
    workers: int | None,
    token: str | None,
    retention_days: float,
    job_time_limit: float,
    max_upload_mb: float,
    verbose: bool,
) -> None:
    """Halaman web untuk HR / serve the web page and the HTTP API (FastAPI, uvicorn).

    Open http://HOST:PORT/ in a browser: download the template, upload the staff workbook,
    follow the solve, download the roster. The API is described at /api and /openapi.json.
    Listening on anything but loopback needs an access token.
    """
    token = token.strip() if token else None
    if not _loopback(host) and not token:
        _fail(
            ExitCode.USAGE,
            f"Menolak mendengarkan di {host} tanpa token akses: setiap orang di jaringan dapat "
            "membuka halaman ini. Beri --token atau variabel lingkungan GILIRAN_TOKEN, atau "
            f"gunakan --host 127.0.0.1. / Refusing to listen on {host} without an access token: "
            "everyone on the network could open this page. Give --token or the environment "
            "variable GILIRAN_TOKEN, or use --host 127.0.0.1.",
        )
    import uvicorn

    from optimizer.io.limits import MB
    from optimizer.web.app import ServerConfig, create_app

    config = ServerConfig(
        data_dir=data_dir,
        workers=workers or 0,
        token=token,
        max_upload_bytes=int(max_upload_mb * MB),
        retention_days=retention_days,
        job_time_limit_s=job_time_limit,
    )
    try:
        app = create_app(config)
    except OSError as err:
        _fail(
            ExitCode.USAGE,
            f"Folder data tidak dapat dipakai / the data folder cannot be used: {data_dir}: "
            f"{err.strerror or err}",
        )
    shown = f"[{host}]" if ":" in host else host
    click.echo(
        f"Giliran: http://{shown}:{port}/ (data: {data_dir}, {config.pool_size} pekerjaan "
        f"bersamaan / jobs at once; Ctrl-C untuk berhenti / to stop)",
        err=True,
    )
    uvicorn.run(app, host=host, port=port, log_level="info" if verbose else "warning")


@main.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=Path("template-giliran.xlsx"),
    show_default=True,
    help="Berkas templat / template file to write.",
)
@click.option("-v", "--verbose", is_flag=True, help="Lebih rinci / more detail.")
@_guarded
def template(output: Path, verbose: bool) -> None:
    """Tulis templat input kosong / write the blank input template."""
    service.write_template(output)
    click.echo(f"Templat ditulis / template written: {output}")


def _caps(preset: service.Preset) -> str:
    names = {
        "cap_pct": "non-esensial",
        "essential_cap_pct": "esensial",
        "critical_cap_pct": "kritikal",
    }
    return ", ".join(f"{names[f]} {v}%" for f, v in preset.caps.items())


@main.command()
@click.argument("preset_id", metavar="[ID]", required=False)
@click.option("-v", "--verbose", is_flag=True, help="Lebih rinci / more detail.")
@_guarded
def presets(preset_id: str | None, verbose: bool) -> None:
    """Daftar preset regulasi / list the regulation presets, or show preset ID.

    Write the id in the Kebijakan sheet as parameter `Preset`; every cap written in the sheet
    overrides the preset's. Confidence: H = several sources agree, M = one secondary source,
    U = not confirmed.
    """
    if preset_id is None:
        for p in service.list_presets():
            click.echo(
                f"{p.id}\n    {p.name}\n    {_caps(p)}; {p.period}; {p.confidence}; {p.source}"
            )
        return
    try:
        p = service.get_preset(preset_id)
    except service.UnknownPreset as err:
        close = ", ".join(err.close) or "-"
        _fail(
            ExitCode.USAGE,
            f"Preset tidak dikenal / unknown preset: {preset_id} "
            f"(yang mirip / similar: {close}); lihat / see `giliran presets`.",
        )
    rows = [
        ("id", p.id),
        ("nama / name", p.name),
        ("dasar hukum / instrument", f"{p.instrument} ({p.dated})"),
        ("masa berlaku / in force", p.period),
        ("wilayah / region", p.region),
        ("level / zona / zone", p.level),
        ("kuota WFO / office caps", _caps(p)),
        ("tutup setelah kasus / closure after a case", f"{p.closure_days} hari / days"
         if p.closure_days else "-"),
        ("jam kantor / office hours", p.office_hours or "-"),
        ("tervaksin lebih dulu / vaccinated first", "ya / yes" if p.vaccinated_first else "-"),
        ("pimpinan hadir / leaders on site", "ya / yes" if p.leaders_on_site else "-"),
        ("usia maks WFO / max age on site", p.max_age_on_site or "-"),
        ("hanya tervaksinasi WFO / vaccinated only", "ya / yes" if p.vaccinated_only else "-"),
        ("keyakinan / confidence", p.confidence_text),
        ("sumber / source", p.source),
        ("catatan / notes", p.notes),
    ]  # fmt: skip
    for label, value in rows:
        click.echo(f"{label}: {value}")


# -- re-plans of a published roster: a positive case, other events (issue 14) -------------------


def _replan_options(func: F) -> F:
    """The options ``kasus`` and ``replan`` share."""
    for option in reversed(
        [
            click.option(
                "--input",
                "input_path",
                metavar="INPUT.xlsx",
                type=click.Path(path_type=Path),
                required=True,
                help="Input jadwal ini (kasus) atau input yang diperbarui (replan) / the "
                "roster's input (kasus) or the updated input (replan).",
            ),
            click.option(
                "-o",
                "--output",
                type=click.Path(path_type=Path),
                default=None,
                help="Berkas jadwal baru / the new roster file [default: "
                "outputs/<input>-jadwal-<start>-<kasus|replan>-<date>.xlsx].",
            ),
            click.option(
                "--time-limit",
                type=TIME_LIMIT,
                default=None,
                callback=_finite_time_limit,
                help="Batas waktu (detik) / time limit in seconds [default: Kebijakan, else 60].",
            ),
            click.option(
                "--seed", type=int, default=0, show_default=True, help="Benih acak / seed."
            ),
            click.option(
                "--workers",
                type=click.IntRange(min=1),
                default=None,
                callback=_at_most_cores,
                help="Proses paralel / parallel processes [default: all CPU cores].",
            ),
            click.option("--force", is_flag=True, help="Timpa berkas yang ada / overwrite."),
            click.option(
                "--bahasa",
                "language",
                type=click.Choice(["id", "en", "id+en"]),
                default="id+en",
                show_default=True,
                help="Bahasa label / language of the labels.",
            ),
            click.option("-v", "--verbose", is_flag=True, help="Lebih rinci / more detail."),
            click.option("-q", "--quiet", is_flag=True, help="Hanya kesalahan / errors only."),
        ]
    ):
        func = option(func)
    return func


def _run_replan(job: Callable[[Callable[[object], None], Stop], Any], quiet: bool) -> None:
    """Run a re-plan, print its summary, exit with its code."""

    def progress(event: object) -> None:
        if isinstance(event, InputProblem) and not quiet:
            click.echo(event.render(), err=True)

    stop = Stop()
    run = runtime.run_stoppable(lambda: job(progress, stop), stop, _signal_notice)
    if run.result.roster is None:
        _fail(ExitCode.NO_SOLUTION, "Tidak ada jadwal dalam batas waktu / no roster in time.")
    if not quiet:
        for line in replan_lines(run):
            click.echo(line)
    elif run.output is not None:
        click.echo(f"Jadwal ditulis / roster written: {run.output}")
    if run.result.status is SolveStatus.INTERRUPTED or not run.report.ok:
        sys.exit(int(ExitCode.RULES_NOT_MET))
    sys.exit(int(ExitCode.OK))


def replan_lines(run: service.ReplanOutcome) -> list[str]:
    """What ``kasus`` and ``replan`` print (Indonesian / English)."""
    lines = []
    if run.trace is not None:
        lines.append(
            f"Kasus positif / positive case: NIP {', '.join(run.trace.cases)} pada/on "
            f"{run.trace.on.isoformat()}; kontak erat / close contacts: {len(run.contacts)} "
            f"(lingkup/scope {run.trace.scope.value})"
        )
        for c in run.closures:
            lines.append(
                f"Gedung ditutup / building closed: {c.building} {c.start.isoformat()} – "
                f"{c.end.isoformat()}"
            )
    lines.append(
        f"Diubah mulai / changed from {run.first.isoformat()}: {len(run.changes)} sel/cells "
        f"({len(run.changes) - run.changed_by_replan} karena kejadian / forced by the events, "
        f"{run.changed_by_replan} oleh penjadwalan ulang / chosen by the re-plan); "
        f"{run.result.status.value}, {run.replan_s:.1f} s"
    )
    for text_id, text_en in run.notes:
        lines.append(f"Catatan / note: {text_id} / {text_en}")
    if run.output is not None:
        lines.append(f"Jadwal ditulis / roster written: {run.output}")
    if run.report.violations:
        lines.append(
            f"Aturan tidak terpenuhi / rules not met: {len(run.report.violations)}; lihat sheet "
            "Pelanggaran / see sheet Pelanggaran."
        )
    else:
        lines.append("Semua aturan terpenuhi / every rule is met.")
    if run.explanation is not None and run.explanation.findings:
        lines += explain_summary(run.explanation)
    return lines


@main.command(epilog=EXIT_CODES_HELP)
@click.argument("roster_path", metavar="ROSTER.xlsx", type=click.Path(path_type=Path))
@click.option(
    "--nip",
    "nips",
    multiple=True,
    required=True,
    help="NIP kasus positif / NIP of the positive case (repeatable: several cases at once).",
)
@click.option(
    "--tanggal",
    "on",
    type=click.DateTime(["%Y-%m-%d"]),
    required=True,
    help="Tanggal kasus dilaporkan (YYYY-MM-DD) / date of the case.",
)
@click.option(
    "--tutup-hari",
    "closure_days",
    type=click.IntRange(1, 366),
    default=None,
    help="Hari kalender gedung ditutup / calendar days the building is closed "
    "[default: the policy's preset, else 3 (Pergub DKI 88/2020)].",
)
@click.option(
    "--karantina-hari",
    "quarantine_days",
    type=click.IntRange(1, 366),
    default=5,
    show_default=True,
    help="Hari karantina kontak erat, dari kontak terakhir / "
    "quarantine days of a close contact, from the last contact.",
)
@click.option(
    "--isolasi-hari",
    "isolation_days",
    type=click.IntRange(1, 366),
    default=10,
    show_default=True,
    help="Hari isolasi kasus / isolation days of the case.",
)
@click.option(
    "--lingkup",
    "scope",
    type=click.Choice([s.value for s in ContactScope]),
    default=ContactScope.BIDANG.value,
    show_default=True,
    help="Siapa kontak erat / who is a close contact: same building and seksi, bidang, "
    "unit, or the whole building.",
)
@_replan_options
@_guarded
def kasus(
    roster_path: Path,
    input_path: Path,
    nips: tuple[str, ...],
    on: dt.datetime,
    closure_days: int | None,
    quarantine_days: int,
    isolation_days: int,
    scope: str,
    output: Path | None,
    time_limit: float | None,
    seed: int,
    workers: int | None,
    force: bool,
    language: str,
    verbose: bool,
    quiet: bool,
) -> None:
    """Kasus positif / a positive case: close the building, trace close contacts, re-plan.

    Close contacts (KMK HK.01.07/MENKES/413/2020): everyone in the case's building and scope who
    was on site on a day in [DATE - 2 days, DATE] on which the case was on site too, read off
    the published ROSTER.xlsx. The case is isolated (ISOLASI), the contacts quarantined
    (KARANTINA), the building closed (TUTUP); days before DATE stay as published, later days
    change as little as the rules allow. Alias: case.
    """
    options = service.CaseOptions(
        nips=tuple(n.strip() for n in nips),
        on=on.date(),
        closure_days=closure_days,
        quarantine_days=quarantine_days,
        isolation_days=isolation_days,
        scope=ContactScope(scope),
        output=output,
        time_limit_s=time_limit,
        seed=seed,
        workers=workers or available_cores(),
        force=force,
        language=language,
    )
    _run_replan(
        lambda events, stop: service.report_case(roster_path, input_path, options, events, stop),
        quiet,
    )


main.add_command(kasus, name="case")


@main.command(epilog=EXIT_CODES_HELP)
@click.argument("roster_path", metavar="ROSTER.xlsx", type=click.Path(path_type=Path))
@click.option(
    "--dari",
    "start",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Hari pertama yang boleh berubah / first day that may change [default: the "
    "first day the roster breaks a rule of the updated input].",
)
@_replan_options
@_guarded
def replan(
    roster_path: Path,
    input_path: Path,
    start: dt.datetime | None,
    output: Path | None,
    time_limit: float | None,
    seed: int,
    workers: int | None,
    force: bool,
    language: str,
    verbose: bool,
    quiet: bool,
) -> None:
    """Jadwal ulang / re-plan a published ROSTER.xlsx for an updated INPUT.xlsx.

    New absences, closures, staff moved or added: days before --dari stay as published, later
    days change as little as the rules allow; cells pinned in the input's Kunci sheet are kept.
    """
    options = service.ReplanOptions(
        start=start.date() if start else None,
        output=output,
        time_limit_s=time_limit,
        seed=seed,
        workers=workers or available_cores(),
        force=force,
        language=language,
    )
    _run_replan(
        lambda events, stop: service.replan(roster_path, input_path, options, events, stop),
        quiet,
    )


if __name__ == "__main__":  # pragma: no cover
    main()
