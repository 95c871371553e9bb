"""The web page and the HTTP API through FastAPI's TestClient: every route, every error path.

Jobs really run (worker processes through the application service) on small generated
workbooks; the shipped example is solved once.
"""

from __future__ import annotations

import contextlib
import html
import io
import re
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import psutil
import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from optimizer import cli
from optimizer.analysis.checker import check
from optimizer.app import service
from optimizer.io.roster_reader import read_roster
from optimizer.web.app import ServerConfig, create_app
from optimizer.web.files import display_name, read_json, write_json
from optimizer.web.jobs import valid_id
from tests.web_util import (
    EXAMPLE,
    conflicted_workbook,
    numeric_nip_workbook,
    small_workbook,
    wait_for,
    zip_bomb,
)

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("web")


@pytest.fixture(scope="module")
def small(folder: Path) -> Path:
    return small_workbook(folder / "opd-kecil.xlsx")


@pytest.fixture(scope="module")
def client(folder: Path) -> Iterator[TestClient]:
    app = create_app(ServerConfig(data_dir=folder / "data", workers=2, max_upload_bytes=1024**2))
    with TestClient(app) as c:
        yield c


def csrf(c: TestClient, path: str = "/") -> str:
    found = re.search(r'name="csrf" value="([0-9a-f]+)"', c.get(path).text)
    assert found is not None
    return found.group(1)


def submit(c: TestClient, path: Path, **fields: str) -> str:
    r = c.post(
        "/jobs",
        data={"csrf": csrf(c), **fields},
        files={"file": (path.name, path.read_bytes(), XLSX)},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    job_id = r.headers["location"].rsplit("/", 1)[1]
    assert valid_id(job_id)
    return job_id


@pytest.fixture(scope="module")
def solved(client: TestClient, small: Path) -> dict[str, Any]:
    """The small workbook solved through the page, per-unit workbooks included."""
    job_id = submit(client, small, per_unit="1")
    return wait_for(client.get, job_id)


def test_every_page_is_served_with_a_strict_policy(client: TestClient) -> None:
    for path in (
        "/",
        "/batch",
        "/validasi",
        "/explain",
        "/periksa",
        "/kasus",
        "/replan",
        "/ketahanan",
        "/api",
        "/login",
    ):
        r = client.get(path)
        assert r.status_code == 200, path
        assert "text/html" in r.headers["content-type"]
        csp = r.headers["content-security-policy"]
        assert "default-src 'none'" in csp and "script-src 'self'" in csp
        assert "frame-ancestors 'none'" in csp
        assert r.headers["x-content-type-options"] == "nosniff"
        assert "cdn" not in r.text.lower() and "<script>" not in r.text
    assert client.get("/static/style.css").status_code == 200
    assert "fetch(" in client.get("/static/progress.js").text
    schema = client.get("/openapi.json").json()
    assert {"/api/jobs", "/api/jobs/{job_id}", "/api/jobs/{job_id}/roster.xlsx"} <= set(
        schema["paths"]
    )
    assert "delete" in schema["paths"]["/api/jobs/{job_id}"]
    assert "/api/jobs/{job_id}/roster.xlsx" in client.get("/api").text
    # FastAPI's own documentation pages load their scripts from a CDN: they are off
    assert client.get("/docs").status_code == 404


def test_home_lists_presets_downloads_and_the_session_cookie(client: TestClient) -> None:
    r = client.get("/")
    for p in service.list_presets()[:3]:
        assert p.id in r.text
    first = service.list_presets()[0]
    detail = client.get(f"/presets/{first.id}")
    assert detail.status_code == 200 and first.source in detail.text
    unknown = client.get("/presets/PPKM-4-luar-jawa")
    assert unknown.status_code == 404 and "PPKM-4-luar-jawa-bali" in unknown.text
    assert 'href="/template.xlsx"' in r.text and 'href="/contoh-kota.xlsx"' in r.text
    cookie = client.cookies.get("giliran_sesi")
    assert cookie is not None and len(cookie) >= 43
    template = client.get("/template.xlsx")
    assert template.status_code == 200
    assert "Pegawai" in openpyxl.load_workbook(io.BytesIO(template.content)).sheetnames
    example = client.get("/contoh-kota.xlsx")
    assert example.content == EXAMPLE.read_bytes()


def test_language_toggle(client: TestClient) -> None:
    assert "Buat jadwal" in client.get("/").text
    r = client.get("/lang/en", params={"next": "/explain"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/explain"
    page = client.get("/explain").text
    assert "Explain which rules collide" in page and 'lang="en"' in page
    # a redirect never leaves the site
    r = client.get("/lang/id", params={"next": "//evil.example/x"}, follow_redirects=False)
    assert r.headers["location"] == "/"
    assert "Jelaskan aturan yang bertabrakan" in client.get("/explain").text


def test_a_solve_through_the_page(client: TestClient, solved: dict[str, Any], small: Path) -> None:
    assert solved["status"] == "done", solved
    summary = solved["summary"]
    assert summary["verdict"] == "all_met" and summary["has_roster"]
    assert {r["id"] for r in summary["rules"]} >= {"unit_cap", "availability"}
    job_id = solved["id"]
    page = client.get(f"/jobs/{job_id}").text
    assert 'id="verdict" data-verdict="all_met"' in page
    assert 'id="rules"' in page and '<svg id="chart"' in page
    assert f'href="/jobs/{job_id}/roster.xlsx"' in page and "per-unit.zip" in page
    roster = client.get(f"/jobs/{job_id}/roster.xlsx")
    assert roster.status_code == 200 and roster.headers["content-type"] == XLSX
    assert "opd-kecil-jadwal-" in roster.headers["content-disposition"]
    got = Path(client.app.state.config.data_dir) / "check.xlsx"  # type: ignore[attr-defined]
    got.write_bytes(roster.content)
    problem, _ = service.validate(small)
    assert check(problem, read_roster(got)).ok
    units = zipfile.ZipFile(io.BytesIO(client.get(f"/jobs/{job_id}/per-unit.zip").content))
    assert len(units.namelist()) == len(problem.units)
    assert all(n.endswith(".xlsx") for n in units.namelist())
    # the chart of another unit, chosen in the form
    other = sorted(u.name for u in problem.units)[-1]
    page = client.get(f"/jobs/{job_id}", params={"unit": other}).text
    assert f'<option value="{html.escape(other)}" selected>' in page
    assert f"{other}</title>" in page
    # the home page lists it
    assert f'href="/jobs/{job_id}"' in client.get("/").text


def test_the_api_flow(client: TestClient, small: Path) -> None:
    r = client.post("/api/jobs", files={"file": ("api.xlsx", small.read_bytes(), XLSX)})
    assert r.status_code == 201, r.text
    job = r.json()
    assert valid_id(job["id"]) and len(job["id"]) >= 43  # 256 random bits
    assert job["status"] in ("queued", "running")
    assert r.headers["location"] == f"/api/jobs/{job['id']}"
    done = wait_for(client.get, job["id"])
    assert done["status"] == "done" and done["summary"]["verdict"] == "all_met"
    assert done["roster_url"] == f"/api/jobs/{job['id']}/roster.xlsx"
    roster = client.get(done["roster_url"])
    assert roster.status_code == 200 and roster.content[:2] == b"PK"
    assert job["id"] in {j["id"] for j in client.get("/api/jobs").json()["jobs"]}
    assert client.delete(f"/api/jobs/{job['id']}").status_code == 204
    assert client.get(f"/api/jobs/{job['id']}").status_code == 404
    assert client.delete(f"/api/jobs/{job['id']}").status_code == 404


def test_explain_and_periksa_pages(client: TestClient, solved: dict[str, Any], small: Path) -> None:
    r = client.post(
        "/explain",
        data={"csrf": csrf(client, "/explain")},
        files={"file": (small.name, small.read_bytes(), XLSX)},
        follow_redirects=False,
    )
    assert r.status_code == 303
    explained = wait_for(client.get, r.headers["location"].rsplit("/", 1)[1])
    assert explained["status"] == "done" and explained["kind"] == "explain"
    assert explained["roster_url"] is None  # nothing written
    assert 'id="no-findings"' in client.get(f"/jobs/{explained['id']}").text

    roster = client.get(f"/jobs/{solved['id']}/roster.xlsx").content
    wb = openpyxl.load_workbook(io.BytesIO(roster))
    ws = wb["Jadwal"]
    header = next(c for r in ws.iter_rows(min_row=1, max_row=12) for c in r if c.value == "NIP")
    first = ws.cell(row=header.row + 1, column=header.column)
    first.value = "999999999999999999"  # a NIP the input does not have
    edited = io.BytesIO()
    wb.save(edited)

    def recheck(data: bytes) -> dict[str, Any]:
        r = client.post(
            "/periksa",
            data={"csrf": csrf(client, "/periksa")},
            files={
                "roster": ("jadwal.xlsx", data, XLSX),
                "input": (small.name, small.read_bytes(), XLSX),
            },
            follow_redirects=False,
        )
        assert r.status_code == 303, r.text
        return wait_for(client.get, r.headers["location"].rsplit("/", 1)[1])

    good = recheck(roster)
    assert good["status"] == "done" and good["summary"]["verdict"] == "all_met"
    bad = recheck(edited.getvalue())
    assert bad["summary"]["verdict"] == "rules_not_met"
    page = client.get(f"/jobs/{bad['id']}").text
    assert "999999999999999999" in page
    assert f"<code>{first.column_letter}{first.row}</code>" in page


def test_a_bad_workbook_shows_the_problems_table(
    client: TestClient, folder: Path, small: Path
) -> None:
    bad, _ = numeric_nip_workbook(small, folder / "nip-angka.xlsx")
    job = wait_for(client.get, submit(client, bad))
    assert job["status"] == "invalid"
    problems = job["summary"]["problems"]
    assert any(p["sheet"] == "Pegawai" and p["row"] == 2 for p in problems), problems
    page = client.get(f"/jobs/{job['id']}").text
    assert 'id="problems"' in page and "<td>Pegawai</td>" in page and "<td>2</td>" in page
    assert "Cara memperbaiki" in page
    assert client.get(f"/jobs/{job['id']}/roster.xlsx").status_code == 404


def test_uploads_refused_before_queuing(client: TestClient) -> None:
    token = csrf(client)
    cases = [
        ("fake.xlsx", b"NIP,Nama\n1,Ani\n", 422, "bukan workbook Excel"),
        ("bom.xlsx", zip_bomb(), 422, "zip bomb"),
        ("data.csv", b"NIP,Nama\n", 422, "CSV"),
        ("kosong.xlsx", b"", 422, "kosong"),
    ]
    before = len(client.get("/api/jobs").json()["jobs"])
    for name, data, status, words in cases:
        r = client.post("/api/jobs", files={"file": (name, data, XLSX)})
        assert r.status_code == status, (name, r.text)
        err = r.json()["error"]
        assert words in err["message_id"] + err["message_en"], err
        assert err["problems"] and err["problems"][0]["message_en"]
        page = client.post("/jobs", data={"csrf": token}, files={"file": (name, data, XLSX)})
        assert page.status_code == status and 'id="problems"' in page.text
    assert len(client.get("/api/jobs").json()["jobs"]) == before  # nothing was queued


def test_oversize_is_refused_while_streaming(client: TestClient) -> None:
    big = b"PK\x03\x04" + b"x" * (1024**2 + 10)  # the test server's cap is 1 MB

    def chunks() -> Iterator[bytes]:  # no Content-Length: the cap must hold while streaming
        boundary = b"--b0undary\r\n"
        yield boundary + b'Content-Disposition: form-data; name="file"; filename="a.xlsx"\r\n\r\n'
        for i in range(0, len(big), 65536):
            yield big[i : i + 65536]
        yield b"\r\n--b0undary--\r\n"

    r = client.post(
        "/api/jobs",
        content=chunks(),
        headers={"content-type": "multipart/form-data; boundary=b0undary"},
    )
    assert r.status_code == 413
    assert "terlalu besar" in r.json()["error"]["message_id"]
    assert "1 MB" in r.json()["error"]["message_en"]
    r = client.post("/api/jobs", files={"file": ("a.xlsx", big, XLSX)})  # declared length
    assert r.status_code == 413
    r = client.post("/api/jobs", content=b"{}", headers={"content-type": "application/json"})
    assert r.status_code == 415
    r = client.post("/api/jobs", data={"kind": "solve"}, files={"other": ("a.xlsx", b"x", XLSX)})
    assert r.status_code == 400 and "file" in r.json()["error"]["message_en"]


def test_unknown_jobs_and_other_sessions(client: TestClient, solved: dict[str, Any]) -> None:
    missing = "A" * 43
    assert client.get(f"/api/jobs/{missing}").status_code == 404
    assert client.get(f"/jobs/{missing}").status_code == 404
    assert client.get("/jobs/..%2F..%2Fetc").status_code == 404
    assert client.get(f"/api/jobs/{missing}/roster.xlsx").status_code == 404
    assert client.delete(f"/api/jobs/{missing}").status_code == 404
    err = client.get(f"/api/jobs/{missing}").json()["error"]
    assert err["message_id"] and err["message_en"]
    # another browser session does not see the job
    other = TestClient(client.app)
    assert other.get(f"/api/jobs/{solved['id']}").status_code == 404
    assert other.get(f"/jobs/{solved['id']}/roster.xlsx").status_code == 404
    assert other.get("/api/jobs").json()["jobs"] == []


def test_forms_need_their_csrf_token(
    client: TestClient, small: Path, solved: dict[str, Any]
) -> None:
    files = {"file": (small.name, small.read_bytes(), XLSX)}
    assert client.post("/jobs", files=files).status_code == 403
    assert client.post("/jobs", data={"csrf": "0" * 64}, files=files).status_code == 403
    assert client.post("/explain", files=files).status_code == 403
    job_id = solved["id"]
    assert client.post(f"/jobs/{job_id}/stop", files={"x": ("", b"")}).status_code == 403
    r = client.post(f"/jobs/{job_id}/delete", data={"csrf": ""}, files={"x": ("", b"")})
    assert r.status_code == 403
    assert client.get(f"/api/jobs/{job_id}").status_code == 200  # still there
    # another session's token does not fit this session
    other = TestClient(client.app)
    theirs = csrf(other)
    r = client.post("/jobs", data={"csrf": theirs}, files=files)
    assert r.status_code == 403


def test_stop_a_queued_job_and_delete_through_the_page(folder: Path, small: Path) -> None:
    app = create_app(ServerConfig(data_dir=folder / "one-worker", workers=1))
    with TestClient(app) as c:
        first = submit(c, small)
        while c.get(f"/api/jobs/{first}").json()["status"] == "queued":
            time.sleep(0.02)
        second = submit(c, small)
        queued = c.get(f"/api/jobs/{second}").json()
        assert queued["status"] == "queued" and queued["position"] == 1
        assert "queue" in c.get(f"/jobs/{second}").text
        r = c.post(f"/jobs/{second}/stop", data={"csrf": csrf(c)}, follow_redirects=False)
        assert r.status_code == 303
        stopped = c.get(f"/api/jobs/{second}").json()
        assert stopped["status"] == "stopped" and stopped["roster_url"] is None
        assert wait_for(c.get, first)["status"] == "done"
        r = c.post(f"/jobs/{first}/delete", data={"csrf": csrf(c)}, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/"
        assert c.get(f"/api/jobs/{first}").status_code == 404
        assert not (folder / "one-worker" / "jobs" / first).exists()


def test_the_access_token(folder: Path) -> None:
    app = create_app(ServerConfig(data_dir=folder / "token", workers=1, token="rahasia-kantor"))
    with TestClient(app) as c:
        assert c.get("/api/jobs").status_code == 401
        assert c.get("/api/jobs", headers={"Authorization": "Bearer salah"}).status_code == 403
        assert c.get("/api/jobs", headers={"X-Giliran-Token": "salah"}).status_code == 403
        ok = c.get("/api/jobs", headers={"Authorization": "Bearer rahasia-kantor"})
        assert ok.status_code == 200
        r = c.get("/", follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/login")
        assert c.get("/static/style.css").status_code == 200
        token = csrf(c, "/login")
        wrong = c.post("/login", data={"csrf": token, "token": "salah", "next": "/"})
        assert wrong.status_code == 403 and 'id="wrong-token"' in wrong.text
        r = c.post(
            "/login",
            data={"csrf": token, "token": "rahasia-kantor", "next": "/explain"},
            follow_redirects=False,
        )
        assert r.status_code == 303 and r.headers["location"] == "/explain"
        assert c.get("/").status_code == 200  # the cookie now carries the token
        assert c.get("/api/jobs").status_code == 200


def test_jobs_survive_a_restart(folder: Path, small: Path) -> None:
    data = folder / "restart"
    app = create_app(ServerConfig(data_dir=data, workers=1))
    with TestClient(app) as c:
        done = wait_for(c.get, submit(c, small))["id"]
        owner_cookie = c.cookies.get("giliran_sesi")
    jobs = data / "jobs"
    # a job that was running when the server went away, and one that was waiting
    running, queued = "R" * 43, "Q" * 43
    for job_id, status in ((running, "running"), (queued, "queued")):
        (jobs / job_id).mkdir()
        record = dict(read_json(jobs / done / "job.json"), id=job_id, status=status)
        record["created"] = time.time()
        write_json(jobs / job_id / "job.json", record)
        (jobs / job_id / "input.bin").write_bytes(small.read_bytes())
    # and an old finished job, past the retention time
    old = "O" * 43
    (jobs / old).mkdir()
    write_json(
        jobs / old / "job.json",
        dict(read_json(jobs / done / "job.json"), id=old, finished=time.time() - 8 * 86400),
    )
    app = create_app(ServerConfig(data_dir=data, workers=1))
    with TestClient(app, cookies={"giliran_sesi": owner_cookie or ""}) as c:
        assert c.get(f"/api/jobs/{done}").json()["status"] == "done"
        assert c.get(f"/jobs/{done}/roster.xlsx").status_code == 200
        interrupted = c.get(f"/api/jobs/{running}").json()
        assert interrupted["status"] == "interrupted"
        assert "dimulai ulang" in c.get(f"/jobs/{running}").text
        assert wait_for(c.get, queued)["status"] == "done"  # queued again, and run
        assert c.get(f"/api/jobs/{old}").status_code == 404
        assert not (jobs / old).exists()


def test_client_names_are_never_paths() -> None:
    assert display_name("../../etc/passwd.xlsx") == "passwd.xlsx"
    assert display_name("C:\\Users\\hr\\Pegawai 2026.xlsx") == "Pegawai 2026.xlsx"
    assert display_name("<script>.xlsx") == "_script_.xlsx"
    assert display_name("") == "unggahan.xlsx"
    assert len(display_name("a" * 300 + ".xlsx")) <= 100


def test_uploaded_text_is_escaped(client: TestClient, small: Path) -> None:
    r = client.post(
        "/api/jobs", files={"file": ("<img src=x onerror=alert(1)>.xlsx", small.read_bytes(), XLSX)}
    )
    job_id = r.json()["id"]
    page = client.get(f"/jobs/{job_id}").text
    assert "<img" not in page
    wait_for(client.get, job_id)


def test_serve_refuses_a_network_address_without_a_token(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("GILIRAN_TOKEN", raising=False)
    runner = CliRunner()
    r = runner.invoke(cli.main, ["serve", "--host", "0.0.0.0"])
    assert r.exit_code == 2
    assert "tanpa token akses" in r.output and "without an access token" in r.output
    started: list[dict[str, Any]] = []
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: started.append(kw))
    monkeypatch.setenv("GILIRAN_TOKEN", "rahasia")
    r = runner.invoke(cli.main, ["serve", "--host", "0.0.0.0", "--data", str(tmp_path / "data")])
    assert r.exit_code == 0, r.output
    assert started == [{"host": "0.0.0.0", "port": 8000, "log_level": "warning"}]
    r = runner.invoke(cli.main, ["serve", "--workers", "999"])
    assert r.exit_code == 2


def test_stop_through_the_api_keeps_the_best_roster(folder: Path) -> None:
    big = small_workbook(folder / "kota-besar.xlsx", seed=5, staff=5_000, weeks=4)
    app = create_app(ServerConfig(data_dir=folder / "api-stop", workers=1))
    with TestClient(app) as c:
        job_id = c.post("/api/jobs", files={"file": (big.name, big.read_bytes(), XLSX)}).json()[
            "id"
        ]
        deadline = time.monotonic() + 60
        while (c.get(f"/api/jobs/{job_id}").json().get("progress") or {}).get("done", 0) < 1:
            assert time.monotonic() < deadline
            time.sleep(0.05)
        assert c.post(f"/api/jobs/{job_id}/stop").json()["status"] == "stopping"
        end = wait_for(c.get, job_id)
        assert end["status"] == "done" and end["summary"]["verdict"] == "interrupted"
        assert end["summary"]["status"] == "INTERRUPTED"
        roster = folder / "gestopt.xlsx"
        roster.write_bytes(c.get(end["roster_url"]).content)
        problem, _ = service.validate(big)
        assert check(problem, read_roster(roster)).hard_violations == []


def test_the_time_limit_of_a_job(folder: Path, small: Path) -> None:
    app = create_app(ServerConfig(data_dir=folder / "limit", workers=1, job_time_limit_s=0.2))
    with TestClient(app) as c:
        started = time.monotonic()
        end = wait_for(c.get, submit(c, small))
        assert time.monotonic() - started < 30
        job = app.state.jobs.get(end["id"])
        assert job["time_limit_reached"] is True
        # stopped while the workbook was read (nothing written), or with the best roster so far
        # (a stop that comes once the small city is solved still lets it be checked and written)
        assert end["status"] in ("stopped", "done"), end
        if end["status"] == "done":
            assert end["roster_url"] and end["summary"]["verdict"] in ("interrupted", "all_met")


def test_unmet_rules_with_their_explanation(client: TestClient, folder: Path) -> None:
    book = conflicted_workbook(folder / "konflik.xlsx")
    solved = wait_for(client.get, submit(client, book))
    summary = solved["summary"]
    assert summary["verdict"] == "rules_not_met"
    unmet = {r["id"]: r["unmet"] for r in summary["rules"]}
    assert (
        unmet["represent_bidang"]
        == len([v for v in summary["violations"] if v["rule"] == "represent_bidang"])
        > 0
    )
    (finding,) = summary["explanation"]["findings"]
    assert finding["owner"] == "Sekretariat Daerah"
    assert finding["suggestions"][0]["verified"] is True
    page = client.get(f"/jobs/{solved['id']}").text
    assert 'data-verdict="rules_not_met"' in page and 'id="findings"' in page
    assert finding["suggestions"][0]["text_id"] in page
    assert "terverifikasi" in page and 'id="violations"' in page
    # the chart shows the unit with the unmet rules first
    assert "Sekretariat Daerah</title>" in page
    r = client.post(
        "/explain",
        data={"csrf": csrf(client, "/explain")},
        files={"file": (book.name, book.read_bytes(), XLSX)},
        follow_redirects=False,
    )
    explained = wait_for(client.get, r.headers["location"].rsplit("/", 1)[1])
    assert explained["summary"]["explanation"]["findings"][0]["rule"] == "represent_bidang"
    page = client.get(f"/jobs/{explained['id']}").text
    assert 'id="findings"' in page and "tidak ada jadwal yang ditulis" in page
    assert "dl-roster" not in page


def test_the_validation_page(client: TestClient, folder: Path, small: Path) -> None:
    def validate(path: Path) -> dict[str, Any]:
        r = client.post(
            "/validasi",
            data={"csrf": csrf(client, "/validasi")},
            files={"file": (path.name, path.read_bytes(), XLSX)},
            follow_redirects=False,
        )
        assert r.status_code == 303, r.text
        return wait_for(client.get, r.headers["location"].rsplit("/", 1)[1])

    good = validate(small)
    assert good["status"] == "done" and good["summary"]["verdict"] == "valid"
    assert good["summary"]["employees"] == 60 and good["roster_url"] is None
    assert 'data-verdict="valid"' in client.get(f"/jobs/{good['id']}").text
    bad = validate(numeric_nip_workbook(small, folder / "nip-validasi.xlsx")[0])
    assert bad["status"] == "invalid"
    assert 'id="problems"' in client.get(f"/jobs/{bad['id']}").text


def test_many_workbooks_at_once(client: TestClient, folder: Path, small: Path) -> None:
    other = small_workbook(folder / "opd-lain.xlsx", seed=2)
    files = [
        ("files", (small.name, small.read_bytes(), XLSX)),
        ("files", ("palsu.xlsx", b"bukan workbook", XLSX)),
        ("files", (other.name, other.read_bytes(), XLSX)),
    ]
    r = client.post(
        "/batch", data={"csrf": csrf(client, "/batch")}, files=files, follow_redirects=False
    )
    assert r.status_code == 303, r.text
    where = r.headers["location"]
    members = re.findall(r'href="/jobs/([\w-]{43})"', client.get(where).text)
    assert len(members) == 2
    for job_id in members:
        assert wait_for(client.get, job_id)["status"] == "done"
    page = client.get(where).text
    assert "palsu.xlsx" in page and 'id="problems"' in page and 'http-equiv="refresh"' not in page
    zipped = zipfile.ZipFile(io.BytesIO(client.get(where + "/rosters.zip").content))
    names = zipped.namelist()
    assert len(names) == 2 and names[0].startswith("01-opd-kecil-jadwal-")
    assert TestClient(client.app).get(where).status_code == 404  # another session
    many = [("files", (f"{i}.xlsx", b"PK", XLSX)) for i in range(21)]
    r = client.post("/batch", data={"csrf": csrf(client, "/batch")}, files=many)
    assert r.status_code == 413 and "paling banyak 20" in r.text


def test_a_server_stop_keeps_the_best_roster_of_a_running_job(folder: Path) -> None:
    big = folder / "kota-besar.xlsx"
    if not big.exists():
        small_workbook(big, seed=5, staff=5_000, weeks=4)
    data = folder / "graceful"
    app = create_app(ServerConfig(data_dir=data, workers=1))
    with TestClient(app) as c:
        job_id = c.post("/api/jobs", files={"file": (big.name, big.read_bytes(), XLSX)}).json()[
            "id"
        ]
        waiting = c.post("/api/jobs", files={"file": (big.name, big.read_bytes(), XLSX)}).json()
        deadline = time.monotonic() + 60
        while (c.get(f"/api/jobs/{job_id}").json().get("progress") or {}).get("done", 0) < 1:
            assert time.monotonic() < deadline
            time.sleep(0.05)
        cookie = c.cookies.get("giliran_sesi") or ""
    # leaving the context stops the server: the running job was stopped and wrote its roster
    record = read_json(data / "jobs" / job_id / "job.json")
    assert record["status"] == "done"
    assert read_json(data / "jobs" / job_id / "result.json")["verdict"] == "interrupted"
    assert read_json(data / "jobs" / waiting["id"] / "job.json")["status"] == "queued"
    app = create_app(ServerConfig(data_dir=data, workers=1))
    with TestClient(app, cookies={"giliran_sesi": cookie}) as c:
        assert c.get(f"/api/jobs/{job_id}/roster.xlsx").status_code == 200
        assert c.delete(f"/api/jobs/{waiting['id']}").status_code == 204


def _workers() -> list[psutil.Process]:
    found = []
    for child in psutil.Process().children(recursive=True):
        with contextlib.suppress(psutil.Error):
            if "optimizer.web.worker" in " ".join(child.cmdline()):
                found.append(child)
    return found


def test_no_worker_outlives_the_server(folder: Path, small: Path) -> None:
    before = {p.pid for p in _workers()}  # the module's own server keeps one waiting
    app = create_app(ServerConfig(data_dir=folder / "no-leak", workers=2))
    with TestClient(app) as c:
        job_id = submit(c, small)
        deadline = time.monotonic() + 10
        while len({p.pid for p in _workers()} - before) < 2:  # the job's and the one waiting
            assert time.monotonic() < deadline
            time.sleep(0.05)
        wait_for(c.get, job_id)
    left = [p for p in _workers() if p.pid not in before and p.is_running()]
    assert [p for p in left if p.status() != psutil.STATUS_ZOMBIE] == []


def test_a_worker_killed_says_so(folder: Path) -> None:
    big = folder / "kota-besar.xlsx"
    if not big.exists():
        small_workbook(big, seed=5, staff=5_000, weeks=4)
    app = create_app(ServerConfig(data_dir=folder / "killed", workers=1))
    with TestClient(app) as c:
        job_id = c.post("/api/jobs", files={"file": (big.name, big.read_bytes(), XLSX)}).json()[
            "id"
        ]
        deadline = time.monotonic() + 30
        while not app.state.jobs.running_pids():
            assert time.monotonic() < deadline
            time.sleep(0.05)
        (pid,) = app.state.jobs.running_pids()
        psutil.Process(pid).kill()  # as the out-of-memory killer would
        end = wait_for(c.get, job_id)
        assert end["status"] == "failed"
        assert "SIGKILL" in end["summary"]["message_en"]
        assert "tanpa hasil" in c.get(f"/jobs/{job_id}").text


def test_a_positive_case_and_a_replan(
    client: TestClient, solved: dict[str, Any], small: Path, folder: Path
) -> None:
    published = folder / "terbit.xlsx"
    published.write_bytes(client.get(f"/jobs/{solved['id']}/roster.xlsx").content)
    roster = read_roster(published)
    first, second = roster.dates[0], roster.dates[1]
    nip = next(n for n, cells in roster.cells.items() if cells[0].value == cells[1].value == "WFO")
    files = {
        "roster": ("terbit.xlsx", published.read_bytes(), XLSX),
        "input": (small.name, small.read_bytes(), XLSX),
    }

    def post(path: str, **fields: str) -> Any:
        return client.post(
            path,
            data={"csrf": csrf(client, path), **fields},
            files=files,
            follow_redirects=False,
        )

    r = post("/kasus", nip=nip, tanggal=second.isoformat(), lingkup="bidang")
    assert r.status_code == 303, r.text
    case = wait_for(client.get, r.headers["location"].rsplit("/", 1)[1])
    assert case["status"] == "done" and case["kind"] == "kasus", case
    replanned = case["summary"]["replan"]
    assert replanned["cases"] == [nip] and replanned["first"] == second.isoformat()
    assert replanned["changes"] >= 1  # the case is isolated from that day
    new = folder / "kasus.xlsx"
    new.write_bytes(client.get(case["roster_url"]).content)
    cells = read_roster(new).cells[nip]
    assert cells[0].value == "WFO" and cells[1].value == "ISOLASI"  # before: as published
    page = client.get(f"/jobs/{case['id']}").text
    assert 'id="replan"' in page and nip in page

    r = post("/replan")
    again = wait_for(client.get, r.headers["location"].rsplit("/", 1)[1])
    assert again["status"] == "done" and again["summary"]["replan"]["changes"] == 0
    assert again["summary"]["replan"]["first"] == first.isoformat()
    assert again["summary"]["verdict"] == "all_met"

    r = post("/ketahanan", lingkup="gedung", karantina_hari="7")
    report = wait_for(client.get, r.headers["location"].rsplit("/", 1)[1])
    assert report["status"] == "done" and report["summary"]["verdict"] == "report", report
    figures = {f["label_en"]: f["value"] for f in report["summary"]["figures"]}
    assert figures["quarantine of contacts (days)"] == "7"
    assert report["summary"]["worst"] and report["roster_url"] is None
    assert 'id="worst"' in client.get(f"/jobs/{report['id']}").text

    # a bad field is refused before anything is stored
    bad = post("/kasus", nip=nip, tanggal="1-12-2026")
    assert bad.status_code == 400 and "YYYY-MM-DD" in bad.text and 'id="problems"' in bad.text
    assert post("/kasus", nip="", tanggal=second.isoformat()).status_code == 400
    assert post("/kasus", nip=nip, tanggal=second.isoformat(), tutup_hari="0").status_code == 400
    r = client.post(
        "/api/jobs",
        data={"kind": "kasus", "nip": nip, "tanggal": "2030-01-01"},
        files=files,
    )
    assert r.status_code == 201  # the date is checked against the roster by the service:
    refused = wait_for(client.get, r.json()["id"])
    assert refused["status"] == "invalid"
    assert "2030-01-01" in refused["summary"]["problems"][0]["message_en"]


def test_a_preset_chosen_on_the_upload_page(client: TestClient, small: Path) -> None:
    """The upload form lists the presets; the chosen one governs the roster (Ringkasan says
    so); an unknown id is refused before anything is stored."""
    home = client.get("/").text
    assert '<select id="preset" name="preset">' in home
    assert '<option value="SE67-risiko-tinggi">' in home
    job_id = submit(client, small, preset="se67-risiko-tinggi")
    done = wait_for(client.get, job_id)
    assert done["status"] == "done", done
    roster = client.get(f"/jobs/{job_id}/roster.xlsx")
    got = Path(client.app.state.config.data_dir) / "preset.xlsx"  # type: ignore[attr-defined]
    got.write_bytes(roster.content)
    ringkasan = openpyxl.load_workbook(got, read_only=True)["Ringkasan"]
    texts = [str(c) for row in ringkasan.iter_rows(values_only=True) for c in row if c]
    assert any(t.startswith("SE67-risiko-tinggi: ") for t in texts)
    before = len(client.get("/api/jobs").json()["jobs"])
    r = client.post(
        "/jobs",
        data={"csrf": csrf(client), "preset": "SE67-risiko"},
        files={"file": (small.name, small.read_bytes(), XLSX)},
        follow_redirects=False,
    )
    assert r.status_code == 400 and "preset tidak dikenal: SE67-risiko" in r.text
    assert len(client.get("/api/jobs").json()["jobs"]) == before
