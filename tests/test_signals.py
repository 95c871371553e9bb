"""Signals and worker processes: never lose a roster, never leave a process or a temporary file.

The command line runs as a subprocess in a session of its own (as under systemd, docker or a web
server: no terminal, no stdin), with the DEFAULT worker count, and is signalled by PID at the
moments that matter: while the file is read, while it is solved, while the roster is written.
Every worker process recorded before a signal must be gone afterwards (psutil).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import psutil
import pytest

from models.solve import SolveParams, SolveStatus
from models.stop import Stop
from optimizer.app.batch import SUMMARY_NAME
from optimizer.app.runtime import ProcessEnded, run_isolated, solve
from optimizer.demo.generator import generate_city
from optimizer.io.input_workbook import write_input_workbook
from optimizer.io.roster_reader import read_roster

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX signals")

ROOT = Path(__file__).resolve().parent.parent
GILIRAN = [sys.executable, "-m", "optimizer.cli"]
#: A city that takes about 0.5 s to read and validate, 5 s to solve (35 components) and 2-7 s to
#: write on 2 shared cores: every moment below is reliably hit (measured, see the report).
BIG_STAFF, BIG_WEEKS = 5_000, 4


@pytest.fixture(scope="module")
def big_xlsx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("besar") / "besar.xlsx"
    write_input_workbook(generate_city(seed=5, staff=BIG_STAFF, weeks=BIG_WEEKS), path)
    return path


@pytest.fixture()
def folder(tmp_path: Path, big_xlsx: Path) -> Path:
    """An empty folder for one run's roster (the input stays where it is)."""
    out = tmp_path / "keluar"
    out.mkdir()
    return out


class Run:
    """``giliran …`` in a session of its own; its output collected as it comes."""

    def __init__(self, *args: str | Path) -> None:
        self.proc = subprocess.Popen(
            [*GILIRAN, *map(str, args)],
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
            env={**os.environ, "CI": "true"},
        )
        self.ps = psutil.Process(self.proc.pid)
        self.stdout: list[str] = []
        self.stderr: list[str] = []
        self._readers = [
            threading.Thread(target=self._read, args=(self.proc.stdout, self.stdout), daemon=True),
            threading.Thread(target=self._read, args=(self.proc.stderr, self.stderr), daemon=True),
        ]
        for reader in self._readers:
            reader.start()

    @staticmethod
    def _read(stream: object, lines: list[str]) -> None:
        assert hasattr(stream, "readline")
        for line in iter(stream.readline, ""):
            lines.append(line)

    def wait_for(self, text: str, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while text not in "".join(self.stderr):
            assert self.proc.poll() is None, f"ended before {text!r}: {self.err}"
            assert time.monotonic() < deadline, f"no {text!r} in {timeout} s"
            time.sleep(0.01)

    def wait_for_file(self, folder: Path, pattern: str, timeout: float = 120) -> Path:
        deadline = time.monotonic() + timeout
        while not (found := sorted(folder.glob(pattern))):
            assert self.proc.poll() is None, f"ended before {pattern}: {self.err}"
            assert time.monotonic() < deadline, f"no {pattern} in {timeout} s"
            time.sleep(0.005)
        return found[0]

    def workers(self) -> list[psutil.Process]:
        return self.ps.children(recursive=True)

    def signal(self, signum: int) -> None:
        os.kill(self.proc.pid, signum)

    def finish(self, timeout: float = 120) -> int:
        code = self.proc.wait(timeout=timeout)
        for reader in self._readers:
            reader.join(timeout=10)
            assert not reader.is_alive(), "a worker still holds the parent's stdout/stderr"
        return code

    @property
    def out(self) -> str:
        return "".join(self.stdout)

    @property
    def err(self) -> str:
        return "".join(self.stderr)

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


@pytest.fixture()
def runs() -> Iterator[list[Run]]:
    started: list[Run] = []
    yield started
    for run in started:  # never leave a process behind, even when a test fails
        for child in _alive(run.workers() if run.proc.poll() is None else []):
            child.kill()
        run.kill()


def _alive(processes: list[psutil.Process], within_s: float = 0.0) -> list[psutil.Process]:
    """Those of ``processes`` still running (not gone, not a zombie) after up to ``within_s``."""
    deadline = time.monotonic() + within_s
    while True:
        alive = []
        for p in processes:
            try:
                if p.status() != psutil.STATUS_ZOMBIE:
                    alive.append(p)
            except psutil.NoSuchProcess:
                pass
        if not alive or time.monotonic() >= deadline:
            return alive
        time.sleep(0.05)


def _wait_for_workers(run: Run, timeout: float = 60) -> list[psutil.Process]:
    deadline = time.monotonic() + timeout
    while not (workers := run.workers()):
        assert run.proc.poll() is None, f"ended without a worker: {run.err}"
        assert time.monotonic() < deadline, f"no worker in {timeout} s"
        time.sleep(0.002)
    return workers


def _workers_when_solving(run: Run) -> list[psutil.Process]:
    run.wait_for("phase: solve")  # -v
    return _wait_for_workers(run)  # the default worker count solves in worker processes


def _status(roster: Path) -> str:
    ws = openpyxl.load_workbook(roster, read_only=True)["Ringkasan"]
    rows = {str(r[0]): r[1] for r in ws.iter_rows(values_only=True) if len(r) > 1 and r[0]}
    return str(rows["Status solver / solver status"]).split(" ")[0]


def _temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob(".*"))


# (SIGINT is sent first in the second-signal and batch tests below.)
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_first_signal_while_solving_writes_the_best_roster_so_far(
    signum: signal.Signals, big_xlsx: Path, folder: Path, runs: list[Run]
) -> None:
    out = folder / "jadwal.xlsx"
    run = Run("solve", big_xlsx, "-o", out, "-v")
    runs.append(run)
    workers = _workers_when_solving(run)
    run.signal(signum)
    assert run.finish() == 4, run.err
    assert "Traceback" not in run.err
    assert f"stopping ({signum.name}): writing the best roster so far" in run.err
    assert "INTERRUPTED: best roster so far" in run.out
    assert f"roster written: {out}" in run.out
    assert _status(out) == "INTERRUPTED"
    assert len(read_roster(out).cells) > 0
    assert _temporaries(folder) == []
    assert _alive(workers, within_s=5) == []


def test_a_signal_while_reading_stops_with_nothing_written(
    big_xlsx: Path, folder: Path, runs: list[Run]
) -> None:
    run = Run("solve", big_xlsx, "-o", folder / "jadwal.xlsx", "-v")
    runs.append(run)
    run.wait_for("phase: read")
    run.signal(signal.SIGTERM)
    assert run.finish() == 130, run.err
    assert "Traceback" not in run.err
    assert "Stopped before solving began; nothing was written." in run.err
    assert sorted(folder.iterdir()) == []


def test_a_second_signal_while_writing_removes_the_temporary_file_and_quits(
    big_xlsx: Path, folder: Path, runs: list[Run]
) -> None:
    out = folder / "jadwal.xlsx"
    run = Run("solve", big_xlsx, "-o", out, "-v")
    runs.append(run)
    workers = _workers_when_solving(run)
    os.killpg(run.proc.pid, signal.SIGINT)  # a terminal's Ctrl-C reaches the whole group
    run.wait_for_file(folder, ".jadwal-*.xlsx")  # the roster so far is being written
    run.signal(signal.SIGTERM)
    assert run.finish(timeout=20) == 130, run.err
    assert "Traceback" not in run.err
    assert "Stopped at once; nothing was written." in run.err
    assert sorted(folder.iterdir()) == []
    assert _alive(workers, within_s=5) == []


def test_a_first_signal_while_writing_lets_the_roster_be_finished(
    tmp_path: Path, folder: Path, runs: list[Run]
) -> None:
    small = tmp_path / "kecil.xlsx"  # written in about a second: enough to be caught writing
    write_input_workbook(generate_city(seed=5, staff=1_000), small)
    out = folder / "jadwal.xlsx"
    run = Run("solve", small, "-o", out)
    runs.append(run)
    run.wait_for_file(folder, ".jadwal-*.xlsx")  # solved and explained: now writing
    run.signal(signal.SIGHUP)
    assert run.finish() == 0, run.err  # the roster being written is complete: every rule met
    assert "Traceback" not in run.err
    assert "Semua aturan terpenuhi / every rule is met." in run.out
    assert _status(out) == "OPTIMAL"
    assert sorted(p.name for p in folder.iterdir()) == ["jadwal.xlsx"]


def test_kill_9_of_the_parent_ends_its_workers_and_frees_its_pipes(
    big_xlsx: Path, folder: Path, runs: list[Run]
) -> None:
    run = Run("solve", big_xlsx, "-o", folder / "jadwal.xlsx", "-v")
    runs.append(run)
    workers = _workers_when_solving(run)
    run.signal(signal.SIGKILL)
    assert run.finish(timeout=10) == -signal.SIGKILL  # no worker holds stdout/stderr open
    assert _alive(workers, within_s=5) == []
    assert sorted(folder.iterdir()) == []  # and, with no worker left, nothing can come later


def test_the_pool_stops_without_a_crash_and_ends_its_workers() -> None:
    # The crash of issue 11: after a stop, the pool's shutdown made its process table None.
    problem = generate_city(seed=5, staff=3_000)
    stop = Stop()
    seen: list[int] = []

    def first_done(result: object, done: int, total: int, elapsed: float) -> None:
        seen.append(total)
        stop.request()

    result = solve(problem, SolveParams(time_limit_s=60, workers=2), first_done, stop=stop)
    assert result.status is SolveStatus.INTERRUPTED
    assert result.roster is not None
    assert len(seen) == len(result.components) == seen[0] > 2
    assert _alive(psutil.Process().children(recursive=True), within_s=5) == []


def _die_on_two(item: int, stop: Stop) -> int:
    if item == 2:
        os.kill(os.getpid(), signal.SIGKILL)
    if item == 4:
        raise ValueError("four")
    return item * 10


def test_a_dead_worker_costs_its_own_item_only() -> None:
    finished: list[int] = []
    results = run_isolated(_die_on_two, [1, 2, 3], 2, on_done=lambda i, r: finished.append(i))
    assert results == [10, ProcessEnded(-signal.SIGKILL), 30]
    assert sorted(finished) == [0, 1, 2]
    assert ProcessEnded(-9).describe() == (
        "proses berakhir (sinyal SIGKILL) / process ended (signal SIGKILL)"
    )
    with pytest.raises(ValueError, match="four"):
        run_isolated(_die_on_two, [4, 5], 1)
    assert _alive(psutil.Process().children(recursive=True), within_s=5) == []


def _summary(folder: Path) -> list[tuple[object, ...]]:
    rows = list(openpyxl.load_workbook(folder / SUMMARY_NAME, read_only=True).active.values)
    return [(r[0], r[1], r[2]) for r in rows[1:]]


def test_batch_goes_on_when_a_worker_is_killed_and_matches_any_case(
    tmp_path: Path, runs: list[Run]
) -> None:
    inbox = tmp_path / "masuk"
    inbox.mkdir()
    for seed, name in ((1, "a.xlsx"), (2, "B.XLSX"), (3, "c.Xlsx")):
        write_input_workbook(generate_city(seed=seed, staff=300), inbox / name)
    out = tmp_path / "keluar"
    run = Run("batch", inbox, "-o", out)
    runs.append(run)
    first = _wait_for_workers(run)  # the worker of the first workbook (name order: B)
    first[0].kill()  # as the out-of-memory killer does
    assert run.finish() == 1, run.out + run.err
    assert "Traceback" not in run.err
    assert "[1] B.XLSX  proses berakhir (sinyal SIGKILL) / process ended" in run.out
    assert _summary(out) == [
        ("B.XLSX", "Gagal / failed: proses berakhir / process ended", 1),
        ("a.xlsx", "OK: semua aturan terpenuhi / every rule met", 0),
        ("c.Xlsx", "OK: semua aturan terpenuhi / every rule met", 0),
    ]
    rosters = sorted(p.name for p in out.glob("*-jadwal-*.xlsx"))
    assert rosters == ["a-jadwal-2026-11-30.xlsx", "c-jadwal-2026-11-30.xlsx"]
    assert _temporaries(out) == []


def test_batch_ctrl_c_prints_one_line_and_writes_the_summary(
    tmp_path: Path, big_xlsx: Path, runs: list[Run]
) -> None:
    inbox = tmp_path / "masuk"
    inbox.mkdir()
    os.link(big_xlsx, inbox / "besar.xlsx")
    write_input_workbook(generate_city(seed=1, staff=300), inbox / "kecil.xlsx")
    out = tmp_path / "keluar"
    run = Run("batch", inbox, "-o", out)
    runs.append(run)
    workers = _wait_for_workers(run)
    time.sleep(2.5)  # read in about 0.5 s, solved in about 5 s: in the middle of the solve
    os.killpg(run.proc.pid, signal.SIGINT)  # a terminal's Ctrl-C reaches the workers too
    assert run.finish() == 130, run.out + run.err
    assert run.err.strip().splitlines() == [
        "Dihentikan (SIGINT): menulis jadwal terbaik sejauh ini … (sekali lagi untuk keluar) / "
        "stopping (SIGINT): writing the best roster so far … (again to quit)"
    ]
    interrupted = "Dihentikan: jadwal terbaik sejauh ini / interrupted: best roster so far"
    assert _summary(out) == [
        ("besar.xlsx", interrupted, 4),
        ("kecil.xlsx", "Dihentikan, tidak ada yang ditulis / stopped, nothing written", 130),
    ]
    roster = out / "besar-jadwal-2026-11-30.xlsx"
    assert _status(roster) == "INTERRUPTED"
    assert sorted(p.name for p in out.iterdir()) == [roster.name, SUMMARY_NAME]
    assert _alive(workers, within_s=5) == []


def _batch_of_the_big_city(
    tmp_path: Path, big_xlsx: Path, runs: list[Run]
) -> tuple[Run, Path, list[psutil.Process]]:
    """``giliran batch`` started on a folder holding the big city: the run, its output folder
    and its worker processes once they are up."""
    inbox = tmp_path / "masuk"
    inbox.mkdir()
    os.link(big_xlsx, inbox / "besar.xlsx")
    out = tmp_path / "keluar"
    run = Run("batch", inbox, "-o", out)
    runs.append(run)
    return run, out, _wait_for_workers(run)


def test_kill_9_of_a_batch_ends_its_worker_before_it_writes(
    tmp_path: Path, big_xlsx: Path, runs: list[Run]
) -> None:
    run, out, workers = _batch_of_the_big_city(tmp_path, big_xlsx, runs)
    run.signal(signal.SIGKILL)
    assert run.finish(timeout=10) == -signal.SIGKILL
    assert _alive(workers, within_s=5) == []
    assert sorted(out.iterdir()) == []  # the worker wrote nothing, and no worker is left


def test_a_second_signal_in_a_batch_removes_the_workers_temporary_files(
    tmp_path: Path, big_xlsx: Path, runs: list[Run]
) -> None:
    run, out, workers = _batch_of_the_big_city(tmp_path, big_xlsx, runs)
    time.sleep(2.5)  # read in about 0.5 s, solved in about 5 s: in the middle of the solve
    run.signal(signal.SIGTERM)  # the worker stops its search and writes its roster so far
    run.wait_for_file(out, ".besar-jadwal-*.xlsx")  # written by the worker
    run.signal(signal.SIGTERM)
    assert run.finish(timeout=20) == 130, run.out + run.err
    assert "Stopped at once; nothing was written." in run.err
    assert "Traceback" not in run.err
    assert sorted(out.iterdir()) == []
    assert _alive(workers, within_s=5) == []


def _catches(pid: int, signum: int) -> bool:
    """Has process ``pid`` installed a handler for ``signum`` (``SigCgt`` in /proc)?"""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    mask = int(
        next(line for line in status.splitlines() if line.startswith("SigCgt:")).split()[1], 16
    )
    return bool(mask >> (signum - 1) & 1)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
def test_a_signal_while_giliran_is_still_starting_is_exit_130_without_traceback(
    signum: int,
) -> None:
    """The console script (optimizer.entry) handles stop signals before the heavy imports."""
    code = "import sys; from optimizer.entry import main; sys.argv = ['giliran', '--help']; main()"
    proc = subprocess.Popen(
        [sys.executable, "-c", code],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + 20
    while not _catches(proc.pid, signal.SIGTERM) and time.monotonic() < deadline:
        time.sleep(0.005)
    os.kill(proc.pid, signum)  # the command line (OR-Tools, …) is still being imported
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, (out, err)
    expected = "Dihentikan sebelum mulai; tidak ada yang ditulis. / "
    expected += "Stopped before starting; nothing was written.\n"
    assert err == expected
    assert out == ""
