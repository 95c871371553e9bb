"""Where components are solved does not change the roster; Ctrl-C writes the best roster so far."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from models.domain import Problem
from models.solve import SolveParams, SolveStatus
from models.stop import Stop
from optimizer.analysis.checker import check
from optimizer.app.runtime import solve
from optimizer.demo.generator import generate_city
from optimizer.io.input_workbook import write_input_workbook
from optimizer.io.roster_reader import read_roster
from optimizer.io.validate import load_problem

GILIRAN = [sys.executable, "-m", "optimizer.cli"]


@pytest.fixture(scope="module")
def city_xlsx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("kota") / "kota.xlsx"
    write_input_workbook(generate_city(seed=5, staff=400), path)
    return path


def _giliran(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*GILIRAN, *map(str, args)], capture_output=True, text=True, timeout=600, check=False
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def ray_head() -> Iterator[str]:
    """A Ray head node started here, as a cluster would run it; stopped afterwards."""
    pytest.importorskip("ray", reason="Ray is not installed (pip install 'giliran[ray]')")
    ray_cli = shutil.which("ray") or str(Path(sys.executable).parent / "ray")
    port = _free_port()
    started = subprocess.run(
        [ray_cli, "start", "--head", f"--port={port}", "--num-cpus=2",
         "--include-dashboard=false", "--disable-usage-stats"],
        capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    assert started.returncode == 0, started.stdout + started.stderr
    try:
        yield f"127.0.0.1:{port}"
    finally:
        subprocess.run([ray_cli, "stop", "--force"], capture_output=True, timeout=120, check=False)


def test_processes_give_the_same_roster(tmp_path: Path, city_xlsx: Path) -> None:
    local, pooled = tmp_path / "local.xlsx", tmp_path / "pool.xlsx"
    assert _giliran("solve", city_xlsx, "-o", local, "-q").returncode == 0
    assert _giliran("solve", city_xlsx, "-o", pooled, "-q", "--workers", "2").returncode == 0
    assert read_roster(local) == read_roster(pooled)


def test_ray_cluster_gives_the_same_roster_as_the_local_path(
    tmp_path: Path, city_xlsx: Path, ray_head: str
) -> None:
    local, remote = tmp_path / "local.xlsx", tmp_path / "ray.xlsx"
    assert _giliran("solve", city_xlsx, "-o", local, "-q").returncode == 0
    done = _giliran(
        "solve", city_xlsx, "-o", remote, "-q", "--executor", "ray", "--address", ray_head
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert read_roster(local) == read_roster(remote)


def test_unreachable_ray_cluster_is_a_usage_error(tmp_path: Path, city_xlsx: Path) -> None:
    pytest.importorskip("ray", reason="Ray is not installed (pip install 'giliran[ray]')")
    done = _giliran(
        "solve", city_xlsx, "-o", tmp_path / "x.xlsx", "--executor", "ray",
        "--address", f"127.0.0.1:{_free_port()}",
    )  # fmt: skip
    assert done.returncode == 2, done.stdout + done.stderr
    assert "cannot connect to Ray" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "x.xlsx").exists()


def test_a_stop_request_keeps_every_never_broken_rule() -> None:
    problem: Problem = generate_city(seed=5, staff=400)
    stop = Stop()
    stop.request()  # before anything is solved: the safe fallback everywhere
    result = solve(problem, SolveParams(time_limit_s=10), stop=stop)
    assert result.status is SolveStatus.INTERRUPTED
    assert result.roster is not None
    report = check(problem, result.roster)
    assert report.hard_violations == []


@pytest.mark.skipif(os.name != "posix", reason="sends SIGINT")
def test_ctrl_c_writes_the_best_roster_so_far(tmp_path: Path) -> None:
    big = tmp_path / "besar.xlsx"
    # Large enough that one worker is still solving when the signal lands (about 5 s of solving
    # after the first of 35 components; a one-week city of this size solves in about 1 s).
    problem = generate_city(seed=5, staff=20_000, weeks=4)
    write_input_workbook(problem, big)
    out = tmp_path / "jadwal.xlsx"
    proc = subprocess.Popen(
        [*GILIRAN, "solve", str(big), "-o", str(out), "-v", "--workers", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stderr is not None
    seen = ""
    while "solving: 1/" not in seen:  # -v: one progress line per component, also in a log
        line = proc.stderr.readline()
        assert line, "the run ended before solving"
        seen += line
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=300)
    assert proc.returncode in (0, 4), stdout + stderr
    assert "Traceback" not in stderr
    assert "INTERRUPTED: best roster so far" in stdout
    loaded, _ = load_problem(big)
    assert check(loaded, read_roster(out)).hard_violations == []
