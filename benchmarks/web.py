"""The web server's figures (issue 15): ``python3 -m benchmarks.web``.

Starts ``giliran serve`` on 127.0.0.1 (a fresh data folder) and measures, over loopback:

* page latency: each page (home, explain, re-check, API, a result page, a job's JSON) fetched
  ``--repeat`` times; median and worst (target: ≤ 0.2 s);
* the shipped example (input_templates/contoh-kota.xlsx) from upload to the roster downloaded,
  against the CLI end to end (``python3 -m optimizer.cli solve … -o …``, imports included), the
  median of ``--runs`` each, alternating (target: ratio ≤ 1.5);
* ``--uploads`` (20) concurrent uploads of different small generated workbooks: how many were
  lost (no roster), the total time, the home page's latency meanwhile, and the peak resident
  memory of the server and its worker processes, sampled every 0.1 s (target: < 2 GiB).

Prints one table. The machine may be shared: say so when quoting the figures.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import psutil

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "input_templates" / "contoh-kota.xlsx"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ACTIVE = ("queued", "running", "stopping")


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start(data: Path, workers: int) -> tuple[subprocess.Popen[bytes], str]:
    port = _port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("GILIRAN_TOKEN", None)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "optimizer.cli",
            "serve",
            "--port",
            str(port),
            "--data",
            str(data),
            "--workers",
            str(workers),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/static/style.css", timeout=1).status_code == 200:
                return process, url
        except httpx.HTTPError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("the server did not start")


def _rss_tree(pid: int) -> int:
    try:
        root = psutil.Process(pid)
        total = root.memory_info().rss
        for child in root.children(recursive=True):
            try:
                total += child.memory_info().rss
            except psutil.Error:
                continue
        return int(total)
    except psutil.Error:
        return 0


def _wait(client: httpx.Client, job_id: str, poll_s: float = 0.05) -> dict[str, Any]:
    while True:
        job: dict[str, Any] = client.get(f"/api/jobs/{job_id}", timeout=30).json()
        if job["status"] not in ACTIVE:
            return job
        time.sleep(poll_s)


def _web_once(url: str, path: Path, out: Path) -> tuple[float, str]:
    with httpx.Client(base_url=url) as client:
        started = time.monotonic()
        r = client.post("/api/jobs", files={"file": (path.name, path.read_bytes(), XLSX)})
        job = _wait(client, r.json()["id"])
        if not job.get("roster_url"):
            return time.monotonic() - started, job["status"]
        out.write_bytes(client.get(job["roster_url"]).content)
        return time.monotonic() - started, str(job["id"])


def _cli_once(path: Path, out: Path) -> float:
    started = time.monotonic()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "optimizer.cli",
            "solve",
            str(path),
            "-o",
            str(out),
            "--force",
            "--workers",
            "1",
            "-q",
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.monotonic() - started


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="fetches per page")
    parser.add_argument("--runs", type=int, default=3, help="example runs, web and CLI each")
    parser.add_argument("--uploads", type=int, default=20, help="concurrent uploads")
    parser.add_argument("--workers", type=int, default=0, help="server's --workers (0: cores)")
    args = parser.parse_args(argv)

    from optimizer.app.runtime import available_cores
    from optimizer.demo.generator import generate_city
    from optimizer.io.input_workbook import write_input_workbook

    workers = args.workers or available_cores()
    scratch = Path(tempfile.mkdtemp(prefix="giliran-web-bench-"))
    process, url = _start(scratch / "data", workers)
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.1):
            peak[0] = max(peak[0], _rss_tree(process.pid))

    rows: list[tuple[str, str, str]] = []
    try:
        # the example, web and CLI alternately
        web_s, cli_s = [], []
        for n in range(args.runs):
            seconds, _ = _web_once(url, EXAMPLE, scratch / f"web-{n}.xlsx")
            web_s.append(seconds)
            cli_s.append(_cli_once(EXAMPLE, scratch / f"cli-{n}.xlsx"))
        web, cli = statistics.median(web_s), statistics.median(cli_s)
        rows.append(("example upload → roster downloaded (web)", f"{web:.2f} s", ""))
        rows.append(("example end to end (CLI)", f"{cli:.2f} s", ""))
        rows.append(("ratio web / CLI", f"{web / cli:.2f}", "≤ 1.5"))

        # page latency (the example's result page among them)
        with httpx.Client(base_url=url) as client:
            client.get("/")
            client.post("/api/jobs", files={"file": (EXAMPLE.name, EXAMPLE.read_bytes(), XLSX)})
            mine = client.get("/api/jobs").json()["jobs"][0]["id"]
            _wait(client, mine)
            worst_all = 0.0
            for page in ("/", "/explain", "/periksa", "/api", f"/jobs/{mine}", f"/api/jobs/{mine}"):
                times = []
                for _ in range(args.repeat):
                    started = time.monotonic()
                    r = client.get(page)
                    times.append(time.monotonic() - started)
                    assert r.status_code == 200, (page, r.status_code)
                name = page.replace(mine, "ID")
                worst_all = max(worst_all, max(times))
                rows.append((f"page {name}", f"{statistics.median(times) * 1000:.0f} ms "
                             f"(worst {max(times) * 1000:.0f} ms)", "≤ 200 ms"))  # fmt: skip

        # concurrent uploads
        books = []
        for i in range(args.uploads):
            path = scratch / f"opd-{i:02d}.xlsx"
            write_input_workbook(generate_city(seed=100 + i, staff=60 + 5 * i), path)
            books.append(path)
        peak[0] = 0
        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        busy: list[float] = []
        solving = threading.Event()

        def browse() -> None:  # a page viewed while the jobs run
            with httpx.Client(base_url=url) as viewer:
                while not solving.wait(0.1):
                    t0 = time.monotonic()
                    viewer.get("/")
                    busy.append(time.monotonic() - t0)

        browser = threading.Thread(target=browse, daemon=True)
        browser.start()
        started = time.monotonic()
        with ThreadPoolExecutor(args.uploads) as pool:
            results = list(
                pool.map(lambda b: _web_once(url, b, scratch / f"out-{b.stem}.xlsx"), books)
            )
        total = time.monotonic() - started
        solving.set()
        browser.join()
        lost = sum(1 for _, status in results if status in ("failed", "interrupted", "stopped"))
        lost += sum(1 for b in books if not (scratch / f"out-{b.stem}.xlsx").is_file())
        done.set()
        rows.append((f"{args.uploads} concurrent uploads: lost", str(lost), "0"))
        if busy:
            rows.append(("page / while they run", f"{statistics.median(busy) * 1000:.0f} ms "
                         f"(worst {max(busy) * 1000:.0f} ms)", "≤ 200 ms"))  # fmt: skip
        rows.append((f"{args.uploads} concurrent uploads: all done in", f"{total:.1f} s", ""))
        rows.append(("peak server memory (RSS, with workers)", f"{peak[0] / 1024**2:.0f} MiB",
                     "< 2048 MiB"))  # fmt: skip
    finally:
        done.set()
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()

    width = max(len(r[0]) for r in rows)
    print(f"giliran serve on 127.0.0.1, {workers} worker process(es), {os.cpu_count()} cores")
    print(f"{'measure':<{width}}  {'value':<26}  target")
    for name, value, target in rows:
        print(f"{name:<{width}}  {value:<26}  {target}")


if __name__ == "__main__":
    main()
