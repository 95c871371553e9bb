"""Load: 20 concurrent uploads of different workbooks against a real server on 127.0.0.1.

Every job completes with a roster the independent checker accepts, none is lost, the server's
memory (its own and its workers', RSS) stays bounded, and a restart of the server in the middle
of the run loses no finished job: those keep their rosters byte for byte, queued ones run after
the restart, and one that was running ends with the best roster or as ``interrupted`` (then
uploaded again, as HR would), never silently gone.
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import psutil
import pytest

from optimizer.analysis.checker import check
from optimizer.app import service
from optimizer.io.roster_reader import read_roster
from tests.web_util import ACTIVE, Server, small_workbook

UPLOADS = 20
MEMORY_LIMIT = 2 * 1024**3
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

pytestmark = pytest.mark.skipif(not hasattr(psutil, "Process"), reason="psutil")


def _rss(pid: int) -> int:
    try:
        root = psutil.Process(pid)
        total = root.memory_info().rss
        for child in root.children(recursive=True):
            with contextlib.suppress(psutil.Error):
                total += child.memory_info().rss
        return int(total)
    except psutil.Error:
        return 0


class Sampler:
    """The peak RSS of the server and its workers, sampled every 0.1 s (across restarts)."""

    def __init__(self) -> None:
        self.pid = 0
        self.peak = 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._done.wait(0.1):
            if self.pid:
                self.peak = max(self.peak, _rss(self.pid))

    def close(self) -> None:
        self._done.set()
        self._thread.join()


def _request(client: httpx.Client, method: str, url: str, **kw: Any) -> httpx.Response:
    """A request that waits out the server's restart (connection refused for a moment)."""
    deadline = time.monotonic() + 60
    while True:
        try:
            return client.request(method, url, timeout=30, **kw)
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def _upload(client: httpx.Client, path: Path) -> str:
    r = _request(client, "POST", "/api/jobs", files={"file": (path.name, path.read_bytes(), XLSX)})
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


def _wait(client: httpx.Client, job_id: str, timeout: float = 120) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        r = _request(client, "GET", f"/api/jobs/{job_id}")
        assert r.status_code == 200, f"job {job_id} lost: {r.status_code} {r.text}"
        job: dict[str, Any] = r.json()
        if job["status"] not in ACTIVE:
            return job
        assert time.monotonic() < deadline, f"job {job_id} still {job['status']}"
        time.sleep(0.2)


def test_twenty_concurrent_uploads_and_a_restart(tmp_path: Path) -> None:
    books = [
        small_workbook(tmp_path / f"opd-{i:02d}.xlsx", seed=100 + i, staff=60 + 5 * i)
        for i in range(UPLOADS)
    ]
    data = tmp_path / "data"
    server = Server(data, workers=2)
    sampler = Sampler()
    sampler.pid = server.process.pid
    clients = [httpx.Client(base_url=server.url) for _ in books]  # one browser session each
    try:
        with ThreadPoolExecutor(UPLOADS) as pool:
            ids = list(pool.map(_upload, clients, books))
        assert len(set(ids)) == UPLOADS
        # the pages stay quick while the jobs run: nothing is solved on the event loop
        latencies = []
        with httpx.Client(base_url=server.url) as viewer:
            for _ in range(20):
                started = time.monotonic()
                assert viewer.get("/").status_code == 200
                latencies.append(time.monotonic() - started)
                time.sleep(0.05)
        print(f"home page while solving: median {sorted(latencies)[10] * 1000:.0f} ms, "
              f"worst {max(latencies) * 1000:.0f} ms")  # fmt: skip
        assert max(latencies) < 1.0
        # restart the server once a few jobs are finished and others still wait or run
        while True:
            states = [
                _request(c, "GET", f"/api/jobs/{i}").json()
                for c, i in zip(clients, ids, strict=True)
            ]
            finished = {s["id"] for s in states if s["status"] not in ACTIVE}
            if len(finished) >= 4:
                break
            time.sleep(0.1)
        before = {}
        for c, i in zip(clients, ids, strict=True):
            if i in finished:
                before[i] = hashlib.sha256(c.get(f"/api/jobs/{i}/roster.xlsx").content).digest()
        # a clean stop (SIGTERM; uvicorn raises it again once shut down): running jobs are
        # stopped and keep their best roster
        assert server.stop() in (0, -15)
        assert not [p for p in psutil.pids() if p == server.process.pid]
        server = Server(data, workers=2, port=server.port)
        sampler.pid = server.process.pid
        with ThreadPoolExecutor(UPLOADS) as pool:
            ends = list(pool.map(_wait, clients, ids))
        statuses = [e["status"] for e in ends]
        verdicts = [(e["summary"] or {}).get("verdict") for e in ends]
        print(f"finished before the restart: {len(before)}; after: {statuses.count('done')} done "
              f"({verdicts.count('interrupted')} with the best roster so far), "
              f"{statuses.count('interrupted')} interrupted")  # fmt: skip
        # a job stopped by the restart before it began solving ends "stopped", one whose worker was
        # still starting ends "interrupted"; none is missing
        assert all(s in ("done", "interrupted", "stopped") for s in statuses), statuses
        for c, job_id in zip(clients, ids, strict=True):
            if job_id in before:  # finished before the restart: the very same roster
                got = hashlib.sha256(c.get(f"/api/jobs/{job_id}/roster.xlsx").content).digest()
                assert got == before[job_id]
        # an interrupted job is uploaded again, as HR would
        for n, end in enumerate(ends):
            if end["status"] != "done" or not end["roster_url"]:
                ids[n] = _upload(clients[n], books[n])
                ends[n] = _wait(clients[n], ids[n])
        # every roster passes the independent checker
        for c, book, end in zip(clients, books, ends, strict=True):
            assert end["status"] == "done" and end["roster_url"], end
            roster = tmp_path / f"{end['id'][:8]}.xlsx"
            roster.write_bytes(c.get(end["roster_url"]).content)
            problem, _ = service.validate(book)
            report = check(problem, read_roster(roster))
            assert report.hard_violations == []
            if end["summary"]["verdict"] == "all_met":
                assert report.ok
        # and nothing was lost: each session still lists its jobs
        for c, job_id in zip(clients, ids, strict=True):
            assert job_id in {j["id"] for j in c.get("/api/jobs").json()["jobs"]}
    finally:
        for c in clients:
            c.close()
        sampler.close()
        server.stop()
    assert 0 < sampler.peak < MEMORY_LIMIT, f"peak RSS {sampler.peak / 1024**2:.0f} MiB"
    print(f"peak server RSS (with workers): {sampler.peak / 1024**2:.0f} MiB")
