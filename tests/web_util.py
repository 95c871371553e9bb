"""Helpers shared by the web tests: workbooks to upload, a zip bomb, waiting for a job."""

from __future__ import annotations

import dataclasses
import io
import time
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl

from optimizer.demo.generator import generate_city
from optimizer.io.input_workbook import write_input_workbook

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "input_templates" / "contoh-kota.xlsx"
ACTIVE = ("queued", "running", "stopping")


def small_workbook(path: Path, seed: int = 1, staff: int = 60, weeks: int = 1) -> Path:
    write_input_workbook(generate_city(seed=seed, staff=staff, weeks=weeks), path)
    return path


def conflicted_workbook(path: Path) -> Path:
    """A small city whose Sekretariat Daerah may have only 10% on site: too few for its two
    bidang, every day (a finding with a verified suggestion: raise the cap to 20%)."""
    problem = generate_city(seed=1, staff=60)
    first = dataclasses.replace(problem.units[0], cap_pct=Decimal(10))
    write_input_workbook(dataclasses.replace(problem, units=(first, *problem.units[1:])), path)
    return path


def numeric_nip_workbook(source: Path, path: Path) -> tuple[Path, str]:
    """``source`` with the first employee's NIP typed as a number (an error with its cell)."""
    wb = openpyxl.load_workbook(source)
    ws = wb["Pegawai"]
    header = [c.value for c in ws[1]]
    column = header.index("NIP") + 1
    ws.cell(row=2, column=column).value = 199001012020011001
    wb.save(path)
    return path, ws.cell(row=1, column=column).column_letter


def zip_bomb() -> bytes:
    """A small .xlsx-looking zip whose one part unpacks 1,000 times larger (40 MB of zeros)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * (40 * 1024 * 1024))
    return buf.getvalue()


def wait_for(get: Any, job_id: str, timeout: float = 90.0) -> dict[str, Any]:
    """Poll ``get(url)`` (a TestClient or httpx client's ``get``) until the job has finished."""
    deadline = time.monotonic() + timeout
    while True:
        job: dict[str, Any] = get(f"/api/jobs/{job_id}").json()
        if job["status"] not in ACTIVE:
            return job
        if time.monotonic() > deadline:
            raise AssertionError(f"job {job_id} still {job['status']} after {timeout} s")
        time.sleep(0.1)


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """``giliran serve`` in a subprocess on 127.0.0.1 (this source tree, not an installed copy)."""

    def __init__(self, data: Path, workers: int = 2, port: int | None = None) -> None:
        import os
        import subprocess
        import sys

        self.data = data
        self.workers = workers
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = (data.parent / f"server-{self.port}.log").open("ab")
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        env.pop("GILIRAN_TOKEN", None)
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "optimizer.cli",
                "serve",
                "--port",
                str(self.port),
                "--data",
                str(data),
                "--workers",
                str(workers),
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=self.log,
        )
        self._wait_ready()

    def _wait_ready(self, timeout: float = 30.0) -> None:
        import httpx

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"server ended with {self.process.returncode}")
            try:
                if httpx.get(self.url + "/static/style.css", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise AssertionError("server did not start")

    def stop(self, timeout: float = 30.0) -> int:
        import signal

        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except Exception:
                self.process.kill()
                self.process.wait()
        self.log.close()
        return int(self.process.returncode)
