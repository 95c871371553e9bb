"""The jobs of the web server: a bounded pool of worker processes, state kept on disk.

Each job has a folder ``<data>/jobs/<id>/`` holding ``job.json`` (written by the server only),
the uploaded bytes, and what its worker process (``optimizer.web.worker``) writes:
``progress.json``, ``result.json`` and the roster files. At most ``workers`` jobs run at once,
each in its own process; the others wait in a queue (first come, first served) and see their
place in it. A job's id has 256 random bits (``secrets.token_urlsafe(32)``).

Jobs survive a restart of the server: at start every folder is read back; a job that was queued
is queued again, a job whose worker had already written its result is finished from it, and a
job that was running is marked ``interrupted`` (never lost silently). Finished jobs are removed
after the retention time, by the server itself.

Stopping a job sends its worker SIGTERM (the service's stop: the best roster so far is checked
and written); a worker still alive ``stop_grace_s`` later is killed. A job running longer than
``time_limit_s`` is stopped the same way.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from optimizer.web.files import read_json, write_json
from optimizer.web.worker import INPUT_FILE, ROSTER_FILE

QUEUED, RUNNING, STOPPING = "queued", "running", "stopping"
DONE, INVALID, FAILED, STOPPED, INTERRUPTED = "done", "invalid", "failed", "stopped", "interrupted"
ACTIVE = frozenset({QUEUED, RUNNING, STOPPING})
KINDS = frozenset({"solve", "explain", "check", "validate", "kasus", "replan", "ketahanan"})
_ID_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
#: How often the server looks at its workers (and starts queued jobs).
WATCH_S = 0.05


@dataclass(frozen=True)
class JobSettings:
    data_dir: Path
    workers: int
    time_limit_s: float = 900.0  # a job running longer is stopped (its best roster is kept)
    stop_grace_s: float = 60.0  # after a stop, how long the worker may take to write the roster
    retention_s: float = 7 * 24 * 3600.0
    cleanup_every_s: float = 600.0


def valid_id(job_id: str) -> bool:
    return 40 <= len(job_id) <= 64 and set(job_id) <= _ID_CHARS


class _Running:
    def __init__(self, process: subprocess.Popen[bytes], log: Any | None) -> None:
        self.process = process
        self.log = log
        self.started = time.monotonic()
        self.stop_sent: float | None = None  # when the stop was asked for
        self.signalled = False  # SIGTERM sent (once the worker handles it)
        self.killed = False


class Jobs:
    """Every job of one data folder; thread-safe."""

    def __init__(self, settings: JobSettings) -> None:
        self.settings = settings
        self.root = settings.data_dir / "jobs"
        self.root.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._jobs: dict[str, dict[str, Any]] = {}
        self._queue: list[str] = []
        self._running: dict[str, _Running] = {}
        self._closing = threading.Event()
        self._draining = threading.Event()  # the server is stopping
        self._spare: subprocess.Popen[bytes] | None = None
        self._thread: threading.Thread | None = None
        self._cleaned = 0.0

    # -- life cycle ------------------------------------------------------------------------

    def start(self) -> None:
        self._recover()
        self.cleanup()
        self._thread = threading.Thread(target=self._watch, name="giliran-jobs", daemon=True)
        self._thread.start()

    def close(self, grace_s: float | None = None) -> None:
        """Stop every running job (their best rosters are written) and wait up to ``grace_s``
        (default: ``stop_grace_s``); what still runs then is killed and marked interrupted.
        Queued jobs stay queued.

        The watch thread goes on meanwhile (it delivers the stops and settles the jobs that
        end): it started the workers, and a worker dies with the thread that started it
        (``PR_SET_PDEATHSIG``), so it is ended last."""
        self._draining.set()  # no job starts any more
        with self._lock:
            spare, self._spare = self._spare, None
        if spare is not None:
            spare.kill()
            spare.wait()
        deadline = time.monotonic() + (self.settings.stop_grace_s if grace_s is None else grace_s)
        with self._lock:
            for run in self._running.values():
                run.stop_sent = run.stop_sent or time.monotonic()
            if self._running:
                n = len(self._running)
                print(
                    f"Menghentikan {n} pekerjaan; jadwal terbaiknya ditulis (paling lama "
                    f"{deadline - time.monotonic():.0f} detik) / stopping {n} job(s); their best "
                    f"rosters are written (at most {deadline - time.monotonic():.0f} s)",
                    file=sys.stderr,
                )
        while time.monotonic() < deadline:
            with self._lock:
                if not self._running:
                    break
                if self._thread is None or not self._thread.is_alive():
                    self.tick()  # never started: settle here
            time.sleep(WATCH_S)
        with self._lock:
            for job_id, run in list(self._running.items()):
                run.process.kill()
                run.process.wait()
                self._finish(job_id, run)
            self._running.clear()
        self._closing.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _recover(self) -> None:
        """Read every job back from disk (after a restart)."""
        found: list[dict[str, Any]] = []
        for folder in self.root.iterdir():
            job = read_json(folder / "job.json") if folder.is_dir() else None
            if isinstance(job, dict) and job.get("id") == folder.name:
                found.append(job)
        found.sort(key=lambda j: (float(j.get("created", 0)), str(j["id"])))
        with self._lock:
            for job in found:
                self._jobs[job["id"]] = job
                if job.get("status") == QUEUED:
                    self._queue.append(job["id"])
                elif job.get("status") in (RUNNING, STOPPING):
                    self._settle(job, interrupted=True)

    # -- requests --------------------------------------------------------------------------

    def submit(
        self,
        kind: str,
        owner: str,
        name: str,
        data: bytes,
        *,
        roster: tuple[str, bytes] | None = None,
        options: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Queue a job; returns its record (``id``, ``status`` …)."""
        if kind not in KINDS:
            raise ValueError(kind)
        job_id = secrets.token_urlsafe(32)
        folder = self.root / job_id
        folder.mkdir(mode=0o700)
        (folder / INPUT_FILE).write_bytes(data)
        job: dict[str, Any] = {
            "id": job_id,
            "kind": kind,
            "owner": owner,
            "name": name,
            "size": len(data),
            "created": time.time(),
            "started": None,
            "finished": None,
            "status": QUEUED,
            **(options or {}),
        }
        if roster is not None:
            job["roster_name"] = roster[0]
            (folder / ROSTER_FILE).write_bytes(roster[1])
        with self._lock:
            write_json(folder / "job.json", job)
            self._jobs[job_id] = job
            self._queue.append(job_id)
        return dict(job)

    def get(self, job_id: str) -> dict[str, Any] | None:
        """The job's record with its place in the queue, progress and result (None: unknown)."""
        with self._lock:
            job = self._jobs.get(job_id)
            if job is None:
                return None
            view = dict(job)
            view["position"] = self._queue.index(job_id) + 1 if job_id in self._queue else None
            view["queue_length"] = len(self._queue)
        folder = self.root / job_id
        if view["status"] in (RUNNING, STOPPING):
            view["progress"] = read_json(folder / "progress.json")
            if view.get("started"):
                view["elapsed_s"] = round(time.time() - float(view["started"]), 1)
        elif view["status"] not in ACTIVE:
            view["progress"] = read_json(folder / "progress.json")
            view["result"] = read_json(folder / "result.json")
        return view

    def of(self, owner: str | None) -> list[dict[str, Any]]:
        """The jobs of ``owner`` (None: every job), newest first."""
        with self._lock:
            jobs = [dict(j) for j in self._jobs.values() if owner is None or j["owner"] == owner]
        return sorted(jobs, key=lambda j: -float(j["created"]))

    def file(self, job_id: str, relative: str) -> Path | None:
        """A file the job's worker wrote (``relative`` comes from its result, never a client)."""
        folder = (self.root / job_id).resolve()
        path = (folder / relative).resolve()
        if folder not in path.parents or not path.is_file():
            return None
        return path

    def stop(self, job_id: str) -> bool:
        """Stop a job: a queued one never starts, a running one stops and keeps its best roster."""
        with self._lock:
            job = self._jobs.get(job_id)
            if job is None:
                return False
            if job["status"] == QUEUED:
                self._queue.remove(job_id)
                job.update(status=STOPPED, finished=time.time())
                write_json(self.root / job_id / "result.json", _stopped_before_start())
                self._save(job)
            elif job["status"] == RUNNING:
                run = self._running[job_id]
                run.stop_sent = time.monotonic()
                job["status"] = STOPPING
                job["stop_requested"] = True
                self._save(job)
                self._deliver(job_id, run)
            return True

    def delete(self, job_id: str) -> bool:
        """Cancel a job (its worker is ended at once) and remove everything it has."""
        with self._lock:
            job = self._jobs.pop(job_id, None)
            if job is None:
                return False
            if job_id in self._queue:
                self._queue.remove(job_id)
            run = self._running.pop(job_id, None)
        if run is not None:
            run.process.kill()
            run.process.wait()
            if run.log is not None:
                run.log.close()
        shutil.rmtree(self.root / job_id, ignore_errors=True)
        return True

    def running_pids(self) -> list[int]:
        with self._lock:
            return [r.process.pid for r in self._running.values()]

    # -- the watch ---------------------------------------------------------------------------

    def _watch(self) -> None:
        while not self._closing.wait(WATCH_S):
            try:
                self.tick()
            except Exception:  # never let the watch die: the jobs would stop moving
                import traceback

                traceback.print_exc()

    def tick(self) -> None:
        """Finish ended jobs, stop those over time, start queued ones; clean up now and then."""
        now = time.monotonic()
        with self._lock:
            for job_id, run in list(self._running.items()):
                if run.process.poll() is not None:
                    del self._running[job_id]
                    self._finish(job_id, run)
                    continue
                if run.stop_sent is None and now - run.started > self.settings.time_limit_s:
                    run.stop_sent = now
                    job = self._jobs[job_id]
                    job.update(status=STOPPING, time_limit_reached=True)
                    self._save(job)
                if run.stop_sent is not None and not run.signalled:
                    self._deliver(job_id, run)
                if run.stop_sent is not None and now - run.stop_sent > self.settings.stop_grace_s:
                    run.killed = True
                    run.process.kill()
            while (
                self._queue
                and not self._draining.is_set()
                and len(self._running) < max(1, self.settings.workers)
            ):
                self._launch(self._queue.pop(0))
            self._keep_spare()
        if now - self._cleaned > self.settings.cleanup_every_s:
            self.cleanup()

    def _deliver(self, job_id: str, run: _Running) -> None:
        """Send the stop (SIGTERM) once the worker handles it: it says so by writing its first
        progress, from inside ``runtime.run_stoppable`` (before that, while Python starts, a
        SIGTERM would end it with nothing written). A re-check or a validation has nothing to keep:
        its worker is killed."""
        if self._jobs[job_id]["kind"] in ("check", "validate", "ketahanan"):
            run.signalled = True
            run.process.kill()
        elif (self.root / job_id / "progress.json").exists():
            run.signalled = True
            _signal(run.process, signal.SIGTERM)

    def _launch(self, job_id: str) -> None:
        """Start a job: in the worker waiting ready (its imports done), else in a new one."""
        job = self._jobs[job_id]
        folder = self.root / job_id
        process, self._spare = self._spare, None
        if process is not None and process.poll() is None and process.stdin is not None:
            try:
                process.stdin.write(f"{folder}\n".encode())
                process.stdin.close()
            except OSError:
                process = None
        else:
            process = None
        log = None
        if process is None:
            log = (folder / "worker.log").open("ab")
            process = _worker([str(folder)], stdin=subprocess.DEVNULL, output=log)
        self._running[job_id] = _Running(process, log)
        job.update(status=RUNNING, started=time.time())
        self._save(job)

    def _keep_spare(self) -> None:
        """One worker started ahead, waiting for its job (only ever from the watch thread: a
        worker dies with the thread that started it)."""
        if self._draining.is_set():
            return
        if self._spare is None or self._spare.poll() is not None:
            self._spare = _worker(["--wait"], stdin=subprocess.PIPE, output=subprocess.DEVNULL)

    def _finish(self, job_id: str, run: _Running) -> None:
        if run.log is not None:
            run.log.close()
        job = self._jobs.get(job_id)
        if job is None:
            return
        if run.killed:
            job["killed"] = True
        self._settle(job, self._draining.is_set(), run.process.returncode)

    def _settle(self, job: dict[str, Any], interrupted: bool, exit_code: int | None = None) -> None:
        """A job whose worker has ended: its status from the result it wrote, if any; a worker
        that ended without one (killed: the out-of-memory killer, a stop that took too long)
        gets a result saying so."""
        folder = self.root / job["id"]
        result = read_json(folder / "result.json")
        state = result.get("state") if isinstance(result, dict) else None
        if state in (DONE, INVALID, FAILED, STOPPED):
            job["status"] = state
        elif interrupted:
            job["status"] = INTERRUPTED
        else:
            job["status"] = FAILED
            job["exit_code"] = exit_code
            if folder.is_dir():
                write_json(folder / "result.json", _ended(exit_code))
        job["finished"] = time.time()
        self._save(job)

    def _save(self, job: dict[str, Any]) -> None:
        folder = self.root / job["id"]
        if folder.is_dir():
            write_json(folder / "job.json", job)

    def cleanup(self) -> int:
        """Remove the finished jobs older than the retention time; how many were removed."""
        self._cleaned = time.monotonic()
        limit = time.time() - self.settings.retention_s
        with self._lock:
            old = [
                j["id"]
                for j in self._jobs.values()
                if j["status"] not in ACTIVE and float(j.get("finished") or j["created"]) < limit
            ]
        for job_id in old:
            self.delete(job_id)
        for batch in (self.settings.data_dir / "batches").glob("*.json"):
            with contextlib.suppress(OSError):
                if batch.stat().st_mtime < limit:
                    batch.unlink()
        return len(old)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.of(None))


def _ended(exit_code: int | None) -> dict[str, Any]:
    """The result of a worker that ended without writing one."""
    if exit_code == -signal.SIGKILL:
        why_id = "dihentikan paksa (SIGKILL: memori tidak cukup, atau berhenti terlalu lama)"
        why_en = "killed (SIGKILL: not enough memory, or it took too long to stop)"
    else:
        why_id = why_en = f"exit code {exit_code}"
    return {
        "state": FAILED,
        "message_id": f"Proses pekerjaan berakhir tanpa hasil: {why_id}; tidak ada yang ditulis",
        "message_en": f"the job's process ended without a result: {why_en}; nothing was written",
    }


def _stopped_before_start() -> dict[str, Any]:
    return {
        "state": STOPPED,
        "message_id": "Dihentikan sebelum dimulai; tidak ada yang ditulis",
        "message_en": "stopped before it started; nothing was written",
    }


def _worker(args: list[str], stdin: int, output: Any) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "optimizer.web.worker", *args],
        stdin=stdin,
        stdout=output,
        stderr=output,
        start_new_session=True,  # the terminal's Ctrl-C is the server's, not the job's
        env={**os.environ, "PYTHONPATH": _python_path()},
    )


def _signal(process: subprocess.Popen[bytes], signum: int) -> None:
    with contextlib.suppress(ProcessLookupError, OSError):
        process.send_signal(signum)


def _python_path() -> str:
    """The worker imports this very package (a source tree on PYTHONPATH included)."""
    here = str(Path(__file__).resolve().parent.parent.parent)
    rest = os.environ.get("PYTHONPATH", "")
    return os.pathsep.join([here, *([rest] if rest else [])])
