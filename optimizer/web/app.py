"""The FastAPI application of ``giliran serve``: the pages for HR and the HTTP API.

Every page is rendered on the server (Jinja2, escaped) and works without JavaScript; one small
script of our own (``static/progress.js``) updates the progress page live, else it refreshes
itself. Every job goes through ``optimizer.web.jobs`` (worker processes running the application
service); nothing is solved on the event loop.

Safety: uploads are capped while they stream (``optimizer.web.uploads``), checked by content and
for zip bombs by the hardened reader before a job is queued; no path ever comes from a client;
job ids carry 256 random bits; a strict Content-Security-Policy; CSRF tokens on every form; an
access token (``--token``, ``GILIRAN_TOKEN``) when the server listens beyond loopback. Each
browser session sees its own jobs; the token's holder may open any job.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import io
import os
import re
import secrets
import time
import traceback
import zipfile
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request, Response
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from optimizer.analysis.contacts import ContactScope
from optimizer.app import service
from optimizer.app.common import package_version
from optimizer.app.runtime import available_cores
from optimizer.errors import InputError, InputProblem
from optimizer.io.limits import MB
from optimizer.io.limits import current as current_limits
from optimizer.io.reader import InputFile, read_input, read_workbook_layout
from optimizer.web import i18n
from optimizer.web.chart import unit_chart
from optimizer.web.files import display_name, read_json, write_json
from optimizer.web.jobs import ACTIVE, KINDS, Jobs, JobSettings, valid_id
from optimizer.web.uploads import Form, FormRefused, read_form
from optimizer.web.worker import problem_json

HERE = Path(__file__).resolve().parent
EXAMPLE = HERE.parent.parent / "input_templates" / "contoh-kota.xlsx"
ENV_TOKEN = "GILIRAN_TOKEN"
SESSION_COOKIE = "giliran_sesi"
TOKEN_COOKIE = "giliran_token"
LANG_COOKIE = "giliran_lang"
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
#: At most this many workbooks in one batch upload.
BATCH_FILES = 20
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: Paths open without the access token (the token page itself, the style sheet, the toggle).
OPEN_PREFIXES = ("/login", "/static/", "/lang/")


@dataclass(frozen=True)
class ServerConfig:
    """How ``giliran serve`` runs (every field has a command-line option)."""

    data_dir: Path = Path("outputs") / "web"
    workers: int = 0  # 0: as many as the CPU cores
    token: str | None = None
    max_upload_bytes: int = 10 * MB
    retention_days: float = 7.0
    job_time_limit_s: float = 900.0
    stop_grace_s: float = 60.0

    @property
    def pool_size(self) -> int:
        return self.workers or available_cores()


class _Refused(Exception):
    """An error page or JSON error: status, bilingual message, located problems."""

    def __init__(
        self,
        status: int,
        message_id: str,
        message_en: str,
        problems: Sequence[InputProblem] = (),
    ) -> None:
        self.status = status
        self.message_id = message_id
        self.message_en = message_en
        self.problems = list(problems)
        super().__init__(message_en)

    def json(self) -> dict[str, Any]:
        return {
            "error": {
                "status": self.status,
                "message_id": self.message_id,
                "message_en": self.message_en,
                "message": f"{self.message_id} / {self.message_en}",
                "problems": [problem_json(p) for p in self.problems],
            }
        }


class _ProblemBody(BaseModel):
    sheet: str
    row: int | None
    column: str | None
    message_id: str
    message_en: str
    fix_id: str = ""
    fix_en: str = ""
    warning: bool = False


class _ErrorDetail(BaseModel):
    status: int
    message_id: str
    message_en: str
    message: str
    problems: list[_ProblemBody]


class ErrorBody(BaseModel):
    """Every error of the API: the located, bilingual messages of the CLI."""

    error: _ErrorDetail


def _errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    what = {
        400: "no file in the form / tidak ada file",
        401: "access token required / token akses diperlukan",
        403: "wrong access token / token akses salah",
        404: "no such job in this session / pekerjaan tidak ditemukan",
        409: "no roster yet / belum ada jadwal",
        413: "upload too large / file terlalu besar",
        415: "not a multipart form / bukan formulir unggahan",
        422: "not a usable workbook (by content, zip bomb, …) / bukan workbook yang dapat dipakai",
    }
    return {c: {"model": ErrorBody, "description": what[c]} for c in (401, 403, *codes)}


def _secret(folder: Path) -> bytes:
    """The server's own secret (CSRF tokens), kept in the data folder across restarts."""
    path = folder / "secret"
    try:
        return path.read_bytes()
    except FileNotFoundError:
        value = secrets.token_bytes(32)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(value)
        return value


def precheck(name: str, data: bytes, max_bytes: int) -> InputFile:
    """What the server checks before queuing an upload: size, kind by content, the zip directory
    (the zip-bomb guard), the list of sheets — no cell is parsed here. Raises ``InputError``."""
    limits = replace(current_limits(), max_file_bytes=max_bytes)
    given = read_input(InputFile(name, data), limits)
    read_workbook_layout(given, lambda sheet: False, limits)
    return given


def create_app(config: ServerConfig | None = None) -> FastAPI:
    config = config or ServerConfig()
    config.data_dir.mkdir(parents=True, exist_ok=True)
    secret = _secret(config.data_dir)
    jobs = Jobs(
        JobSettings(
            data_dir=config.data_dir,
            workers=config.pool_size,
            time_limit_s=config.job_time_limit_s,
            stop_grace_s=config.stop_grace_s,
            retention_s=config.retention_days * 24 * 3600,
        )
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        jobs.start()
        yield
        await run_in_threadpool(jobs.close)

    app = FastAPI(
        title="Giliran",
        version=package_version(),
        description="Jadwal WFO/WFH / WFO/WFH rosters: upload a staff workbook, follow the job, "
        "download the roster. Errors are JSON `{error: {status, message_id, message_en, "
        "problems: [{sheet, row, column, message_id, message_en, fix_id, fix_en}]}}`.",
        docs_url=None,  # FastAPI's own pages load their scripts from a CDN: /api is ours
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.jobs = jobs
    batches = config.data_dir / "batches"
    batches.mkdir(exist_ok=True)
    app.state.config = config
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["datetime"] = _when

    # -- sessions, language, token, headers ----------------------------------------------

    def owner_of(request: Request) -> str:
        return hashlib.sha256(request.state.session.encode()).hexdigest()[:32]

    def csrf_of(request: Request) -> str:
        return hmac.new(secret, request.state.session.encode(), hashlib.sha256).hexdigest()

    def presented_token(request: Request) -> str | None:
        header = request.headers.get("authorization", "")
        if header.lower().startswith("bearer "):
            return header[7:].strip()
        return request.headers.get("x-giliran-token") or request.cookies.get(TOKEN_COOKIE)

    def token_ok(given: str | None) -> bool:
        return (
            config.token is not None
            and given is not None
            and hmac.compare_digest(given.encode(), config.token.encode())
        )

    @app.middleware("http")
    async def guard(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        session = request.cookies.get(SESSION_COOKIE, "")
        fresh = not (
            20 <= len(session) <= 100 and session.replace("-", "").replace("_", "").isalnum()
        )
        if fresh:
            session = secrets.token_urlsafe(32)
        request.state.session = session
        lang = request.cookies.get(LANG_COOKIE, "id")
        request.state.lang = lang if lang in i18n.LANGUAGES else "id"
        given = presented_token(request)
        request.state.admin = token_ok(given)
        path = request.url.path
        response: Response
        if (
            config.token is not None
            and not request.state.admin
            and not path.startswith(OPEN_PREFIXES)
        ):
            status = 401 if not given else 403
            if path.startswith("/api") or path == "/openapi.json":
                err = _Refused(
                    status,
                    "Token akses diperlukan" if status == 401 else "Token akses salah",
                    "an access token is required" if status == 401 else "wrong access token",
                )
                response = JSONResponse(err.json(), status_code=status)
            else:
                response = RedirectResponse(f"/login?next={quote(_local(path))}", status_code=303)
        else:
            response = await call_next(request)
        for key, value in SECURITY_HEADERS.items():
            response.headers.setdefault(key, value)
        if fresh:
            response.set_cookie(
                SESSION_COOKIE, session, httponly=True, samesite="lax", max_age=30 * 24 * 3600
            )
        return response

    @app.exception_handler(_Refused)
    async def refused(request: Request, err: _Refused) -> Response:
        if request.url.path.startswith("/api"):
            return JSONResponse(err.json(), status_code=err.status)
        return page(request, "error.html", {"err": err}, status=err.status)

    @app.exception_handler(Exception)
    async def internal(request: Request, err: Exception) -> Response:
        """A bug: said plainly, in both languages, never with a traceback (the log has it)."""
        traceback.print_exception(err)
        refused = _Refused(
            500,
            f"Kesalahan internal: {type(err).__name__}; mohon laporkan",
            f"internal error: {type(err).__name__}; please report it",
        )
        return JSONResponse(refused.json(), status_code=500)

    def page(
        request: Request, name: str, values: dict[str, Any], status: int = 200
    ) -> HTMLResponse:
        lang = request.state.lang

        def t(key: str, **kw: object) -> str:
            return i18n.text(key, lang, **kw)

        def tr(text_id: str | None, text_en: str | None) -> str:
            return i18n.pick(text_id, text_en, lang)

        here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        body = env.get_template(name).render(
            request=request,
            lang=lang,
            t=t,
            tr=tr,
            csrf=csrf_of(request),
            here=here,
            other_lang="en" if lang == "id" else "id",
            token_needed=config.token is not None,
            **values,
        )
        return HTMLResponse(body, status_code=status)

    def check_csrf(request: Request, form: Form) -> None:
        given = form.fields.get("csrf", "")
        if not hmac.compare_digest(given.encode(), csrf_of(request).encode()):
            raise _Refused(403, *i18n.TEXT["csrf"])

    async def form_of(request: Request, max_files: int = 2) -> Form:
        try:
            return await read_form(
                request.headers.get("content-type"),
                request.headers.get("content-length"),
                request.stream(),
                config.max_upload_bytes,
                max_files,
            )
        except FormRefused as err:
            p = err.problem
            raise _Refused(err.status, p.message_id, p.message_en, [p]) from None

    async def checked(form: Form, field: str) -> tuple[str, bytes]:
        upload = form.files.get(field)
        if upload is None or (not upload.data and not upload.filename):
            raise _Refused(
                400,
                f"Tidak ada file pada kolom formulir '{field}'",
                f"no file in the form field '{field}'",
            )
        name = display_name(upload.filename)
        try:
            await run_in_threadpool(precheck, name, upload.data, config.max_upload_bytes)
        except InputError as err:
            first = err.errors[0] if err.errors else err.problems[0]
            raise _Refused(422, first.message_id, first.message_en, err.problems) from None
        return name, upload.data

    def job_for(request: Request, job_id: str) -> dict[str, Any]:
        job = jobs.get(job_id) if valid_id(job_id) else None
        if job is None or (job["owner"] != owner_of(request) and not request.state.admin):
            raise _Refused(404, *i18n.TEXT["not_found"])
        return job

    def solve_options(form: Form) -> dict[str, Any]:
        language = form.fields.get("language", "id+en")
        return {
            "language": language if language in ("id", "en", "id+en") else "id+en",
            "per_unit": form.fields.get("per_unit") in ("1", "on", "true"),
            "preset": chosen_preset(form.fields.get("preset", "")),
        }

    def chosen_preset(text: str) -> str:
        """The preset chosen on the page ("" = the workbook's own), checked before storing."""
        text = text.strip()
        if not text:
            return ""
        try:
            return service.get_preset(text).id
        except service.UnknownPreset as err:
            hint = ", ".join(err.close) or "-"
            raise _field_error(
                "preset",
                f"preset tidak dikenal: {text} (yang mirip: {hint})",
                f"unknown preset: {text} (similar: {hint})",
            ) from None

    def replan_options(kind: str, form: Form) -> dict[str, Any]:
        """The fields of a positive case or a re-plan, checked before anything is stored."""
        f = form.fields
        options: dict[str, Any] = {"language": solve_options(form)["language"]}
        if kind == "replan":
            options["start"] = _date(f.get("dari", ""), "dari", required=False)
            return options
        scope = f.get("lingkup", ContactScope.BIDANG.value)
        if scope not in {s.value for s in ContactScope}:
            raise _field_error(
                "lingkup", f"lingkup tidak dikenal: {scope}", f"unknown scope: {scope}"
            )
        if kind == "ketahanan":
            options["case"] = {
                "scope": scope,
                "quarantine_days": _days(f.get("karantina_hari", ""), "karantina_hari", 5),
                "isolation_days": _days(f.get("isolasi_hari", ""), "isolasi_hari", 10),
            }
            return options
        nips = [n for n in re.split(r"[\s,;]+", f.get("nip", "")) if n]
        if not nips or len(nips) > 50:
            raise _field_error("nip", "isi NIP kasus positif (satu atau lebih)",
                               "enter the NIP of the positive case (one or more)")  # fmt: skip
        options["case"] = {
            "nips": nips,
            "on": _date(f.get("tanggal", ""), "tanggal", required=True),
            "scope": scope,
            "closure_days": _days(f.get("tutup_hari", ""), "tutup_hari", None),
            "quarantine_days": _days(f.get("karantina_hari", ""), "karantina_hari", 5),
            "isolation_days": _days(f.get("isolasi_hari", ""), "isolasi_hari", 10),
        }
        return options

    async def submit(request: Request, kind: str, form: Form) -> dict[str, Any]:
        options: dict[str, Any] = {}
        roster = None
        if kind in ("kasus", "replan", "ketahanan"):
            options = replan_options(kind, form)  # the options first: nothing stored if bad
        if kind in ("check", "kasus", "replan", "ketahanan"):
            roster = await checked(form, "roster")
            name, data = await checked(form, "input")
        else:
            name, data = await checked(form, "file")
        if kind == "solve":
            options = solve_options(form)
        owner = owner_of(request)
        return await run_in_threadpool(
            lambda: jobs.submit(kind, owner, name, data, roster=roster, options=options)
        )

    # -- pages ------------------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def home(request: Request) -> Response:
        return page(
            request,
            "home.html",
            {
                "presets": service.list_presets(),
                "jobs": jobs.of(owner_of(request)),
                "mb": config.max_upload_bytes / MB,
                "example": EXAMPLE.is_file(),
                "days": f"{config.retention_days:g}",
            },
        )

    def job_form(path: str, kind: str) -> None:
        """``POST path``: a form of the page (CSRF-checked) becomes a job of ``kind``."""

        async def new_job(request: Request) -> Response:
            form = await form_of(request)
            check_csrf(request, form)
            job = await submit(request, kind, form)
            return RedirectResponse(f"/jobs/{job['id']}", status_code=303)

        app.post(path, include_in_schema=False, name=f"new_{kind}")(new_job)

    for path, kind in (
        ("/jobs", "solve"),
        ("/explain", "explain"),
        ("/validasi", "validate"),
        ("/kasus", "kasus"),
        ("/ketahanan", "ketahanan"),
        ("/replan", "replan"),
        ("/periksa", "check"),
    ):
        job_form(path, kind)

    @app.get("/explain", response_class=HTMLResponse, include_in_schema=False)
    async def explain_page(request: Request) -> Response:
        return page(request, "explain.html", {"mb": config.max_upload_bytes / MB})

    @app.get("/presets/{preset_id}", response_class=HTMLResponse, include_in_schema=False)
    async def preset_page(request: Request, preset_id: str) -> Response:
        """One preset in full (``giliran presets ID``)."""
        try:
            preset = service.get_preset(preset_id)
        except service.UnknownPreset as err:
            close = ", ".join(err.close) or "-"
            raise _Refused(
                404,
                f"Preset tidak dikenal: {preset_id} (yang mirip: {close})",
                f"unknown preset: {preset_id} (similar: {close})",
            ) from None
        return page(request, "preset.html", {"p": preset})

    @app.get("/batch", response_class=HTMLResponse, include_in_schema=False)
    async def batch_page(request: Request) -> Response:
        return page(
            request, "batch.html", {"mb": config.max_upload_bytes / MB, "most": BATCH_FILES}
        )

    @app.post("/batch", include_in_schema=False)
    async def new_batch(request: Request) -> Response:
        """Several workbooks at once (``giliran batch``): one job each; a bad one does not stop
        the others, it is listed with its problems."""
        form = await form_of(request, BATCH_FILES)
        check_csrf(request, form)
        uploads = [u for field, u in form.every_file if field == "files" and u.filename]
        if not uploads:
            raise _Refused(400, "Tidak ada file yang dipilih", "no file was chosen")
        owner, ids, refused = owner_of(request), [], []
        for upload in uploads:
            name = display_name(upload.filename)
            try:
                await run_in_threadpool(precheck, name, upload.data, config.max_upload_bytes)
            except InputError as err:
                refused.append({"name": name, "problems": [problem_json(p) for p in err.problems]})
                continue
            ids.append(
                jobs.submit("solve", owner, name, upload.data, options=solve_options(form))["id"]
            )
        batch_id = secrets.token_urlsafe(32)
        record = {"id": batch_id, "owner": owner, "created": time.time(), "jobs": ids,
                  "refused": refused}  # fmt: skip
        write_json(batches / f"{batch_id}.json", record)
        return RedirectResponse(f"/batch/{batch_id}", status_code=303)

    def batch_for(request: Request, batch_id: str) -> dict[str, Any]:
        record = read_json(batches / f"{batch_id}.json") if valid_id(batch_id) else None
        if not isinstance(record, dict) or (
            record.get("owner") != owner_of(request) and not request.state.admin
        ):
            raise _Refused(404, "Batch tidak ditemukan", "batch not found")
        return record

    @app.get("/batch/{batch_id}", response_class=HTMLResponse, include_in_schema=False)
    async def batch_view(request: Request, batch_id: str) -> Response:
        record = batch_for(request, batch_id)
        members = [
            jobs.get(job_id) or {"id": job_id, "status": "removed"} for job_id in record["jobs"]
        ]
        return page(
            request,
            "batch_view.html",
            {
                "batch": record,
                "members": members,
                "active": any(m["status"] in ACTIVE for m in members),
                "rosters": sum(1 for m in members if (m.get("result") or {}).get("roster")),
            },
        )

    @app.get("/batch/{batch_id}/rosters.zip", include_in_schema=False)
    async def batch_zip(request: Request, batch_id: str) -> Response:
        record = batch_for(request, batch_id)

        def build() -> bytes:
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zipped:
                for n, job_id in enumerate(record["jobs"], start=1):
                    job = jobs.get(job_id) or {}
                    result = job.get("result") or {}
                    path = jobs.file(job_id, str(result.get("roster_path") or ""))
                    if result.get("roster_path") and path is not None:
                        zipped.write(path, f"{n:02d}-{result['roster']}")
            return out.getvalue()

        data = await run_in_threadpool(build)
        return Response(
            data,
            media_type="application/zip",
            headers={"Content-Disposition": 'attachment; filename="jadwal-batch.zip"'},
        )

    @app.get("/validasi", response_class=HTMLResponse, include_in_schema=False)
    async def validate_page(request: Request) -> Response:
        return page(request, "validasi.html", {"mb": config.max_upload_bytes / MB})

    @app.get("/kasus", response_class=HTMLResponse, include_in_schema=False)
    async def case_page(request: Request) -> Response:
        scopes = [s.value for s in ContactScope]
        return page(request, "kasus.html", {"mb": config.max_upload_bytes / MB, "scopes": scopes})

    @app.get("/ketahanan", response_class=HTMLResponse, include_in_schema=False)
    async def resilience_page(request: Request) -> Response:
        scopes = [s.value for s in ContactScope]
        return page(
            request, "ketahanan.html", {"mb": config.max_upload_bytes / MB, "scopes": scopes}
        )

    @app.get("/replan", response_class=HTMLResponse, include_in_schema=False)
    async def replan_page(request: Request) -> Response:
        return page(request, "replan.html", {"mb": config.max_upload_bytes / MB})

    @app.get("/periksa", response_class=HTMLResponse, include_in_schema=False)
    async def check_page(request: Request) -> Response:
        return page(request, "periksa.html", {"mb": config.max_upload_bytes / MB})

    @app.get("/jobs/{job_id}", response_class=HTMLResponse, include_in_schema=False)
    async def job_page(request: Request, job_id: str, unit: str | None = None) -> Response:
        job = job_for(request, job_id)
        result = job.get("result") or {}
        days = result.get("day_counts") or {}
        chosen = unit if unit in days else _busiest(days, result)
        chart = unit_chart(days[chosen]) if chosen else None
        return page(
            request,
            "job.html",
            {
                "job": job,
                "result": result,
                "active": job["status"] in ACTIVE,
                "units": sorted(days),
                "chosen": chosen,
                "chart": chart,
            },
        )

    @app.post("/jobs/{job_id}/stop", include_in_schema=False)
    async def stop_job(request: Request, job_id: str) -> Response:
        job_for(request, job_id)
        check_csrf(request, await form_of(request))
        jobs.stop(job_id)
        return RedirectResponse(f"/jobs/{job_id}", status_code=303)

    @app.post("/jobs/{job_id}/delete", include_in_schema=False)
    async def delete_job(request: Request, job_id: str) -> Response:
        job_for(request, job_id)
        check_csrf(request, await form_of(request))
        await run_in_threadpool(jobs.delete, job_id)
        return RedirectResponse("/", status_code=303)

    @app.get("/jobs/{job_id}/roster.xlsx", include_in_schema=False)
    async def roster_page(request: Request, job_id: str) -> Response:
        return roster_file(job_for(request, job_id))

    @app.get("/jobs/{job_id}/per-unit.zip", include_in_schema=False)
    async def units_zip(request: Request, job_id: str) -> Response:
        job = job_for(request, job_id)
        result = job.get("result") or {}
        path = (
            jobs.file(job_id, str(result.get("units_zip") or ""))
            if result.get("units_zip")
            else None
        )
        if path is None:
            raise _Refused(404, "Tidak ada workbook per unit", "no per-unit workbooks")
        stem = Path(str(result.get("roster") or "jadwal")).stem
        return FileResponse(path, media_type="application/zip", filename=f"{stem}-per-unit.zip")

    def roster_file(job: dict[str, Any]) -> Response:
        result = job.get("result") or {}
        where = result.get("roster_path")
        path = jobs.file(job["id"], str(where)) if where else None
        if path is None:
            raise _Refused(
                404 if job["status"] not in ACTIVE else 409,
                "Belum ada jadwal untuk pekerjaan ini",
                "there is no roster for this job (yet)",
            )
        return FileResponse(path, media_type=XLSX_TYPE, filename=str(result.get("roster")))

    @app.get("/template.xlsx", include_in_schema=False)
    async def template(request: Request) -> Response:
        path = config.data_dir / "template-giliran.xlsx"
        if not path.is_file():
            await run_in_threadpool(service.write_template, path)
        return FileResponse(path, media_type=XLSX_TYPE, filename="template-giliran.xlsx")

    @app.get("/contoh-kota.xlsx", include_in_schema=False)
    async def example(request: Request) -> Response:
        if not EXAMPLE.is_file():
            raise _Refused(404, "Contoh tidak tersedia", "the example is not installed")
        return FileResponse(EXAMPLE, media_type=XLSX_TYPE, filename=EXAMPLE.name)

    @app.get("/lang/{code}", include_in_schema=False)
    async def language(request: Request, code: str, next: str = "/") -> Response:
        response = RedirectResponse(_local(next), status_code=303)
        if code in i18n.LANGUAGES:
            response.set_cookie(LANG_COOKIE, code, samesite="lax", max_age=365 * 24 * 3600)
        return response

    @app.get("/login", response_class=HTMLResponse, include_in_schema=False)
    async def login_page(request: Request, next: str = "/") -> Response:
        return page(request, "login.html", {"next": _local(next), "wrong": False})

    @app.post("/login", include_in_schema=False)
    async def login(request: Request) -> Response:
        form = await form_of(request)
        check_csrf(request, form)
        target = _local(form.fields.get("next", "/"))
        if not token_ok(form.fields.get("token", "").strip()):
            return page(request, "login.html", {"next": target, "wrong": True}, status=403)
        response = RedirectResponse(target, status_code=303)
        assert config.token is not None
        response.set_cookie(
            TOKEN_COOKIE, config.token, httponly=True, samesite="lax", max_age=30 * 24 * 3600
        )
        return response

    @app.get("/api", response_class=HTMLResponse, include_in_schema=False)
    async def api_page(request: Request) -> Response:
        return page(request, "api.html", {"schema": app.openapi()})

    # -- the HTTP API ---------------------------------------------------------------------

    def public(job: dict[str, Any]) -> dict[str, Any]:
        result = dict(job.get("result") or {})
        result.pop("roster_path", None)
        result.pop("day_counts", None)
        done = bool(result.get("roster"))
        return {
            "id": job["id"],
            "kind": job["kind"],
            "name": job["name"],
            "status": job["status"],
            "created": job["created"],
            "started": job.get("started"),
            "finished": job.get("finished"),
            "position": job.get("position"),
            "queue_length": job.get("queue_length"),
            "elapsed_s": job.get("elapsed_s"),
            "progress": job.get("progress"),
            "summary": result or None,
            "roster_url": f"/api/jobs/{job['id']}/roster.xlsx" if done else None,
        }

    @app.post(
        "/api/jobs",
        status_code=201,
        tags=["jobs"],
        summary="Unggah workbook / upload a workbook",
        responses=_errors(400, 413, 415, 422),
    )
    async def api_submit(request: Request) -> Response:
        """Multipart form: field `file` (the staff workbook, .xlsx); optional `kind`
        (`solve`, default; `explain`; `validate`), `per_unit` (`1`), `language` (`id`, `en`,
        `id+en`), `preset` (a preset id from `giliran presets`, in place of the workbook's).
        For `kind=check` send `roster` and `input` instead; `kind=kasus` (a positive case) also
        `nip`, `tanggal` (YYYY-MM-DD), optional `lingkup`, `tutup_hari`, `karantina_hari`,
        `isolasi_hari`; `kind=replan` optionally `dari` (YYYY-MM-DD). Returns the job (`id`,
        `status`)."""
        form = await form_of(request)
        kind = form.fields.get("kind", "solve")
        if kind not in KINDS:
            raise _Refused(400, f"Jenis tidak dikenal: {kind}", f"unknown kind: {kind}")
        job = await submit(request, kind, form)
        view = jobs.get(job["id"]) or job
        return JSONResponse(
            public(view), status_code=201, headers={"Location": f"/api/jobs/{job['id']}"}
        )

    @app.get(
        "/api/jobs", tags=["jobs"], summary="Daftar pekerjaan / list the jobs", responses=_errors()
    )
    async def api_list(request: Request) -> dict[str, Any]:
        """The jobs of this session (every job with the access token), newest first."""
        owner = None if request.state.admin else owner_of(request)
        return {"jobs": [public(jobs.get(j["id"]) or j) for j in jobs.of(owner)]}

    @app.get(
        "/api/jobs/{job_id}",
        tags=["jobs"],
        summary="Status pekerjaan / a job's status",
        responses=_errors(404),
    )
    async def api_job(request: Request, job_id: str) -> dict[str, Any]:
        """`status`: queued, running, stopping, done, invalid, failed, stopped, interrupted;
        `position` in the queue; `progress` (phase, elapsed_s, done, total, objective, gap);
        `summary` once finished (verdict, rules, violations, explanation, problems)."""
        return public(job_for(request, job_id))

    @app.get(
        "/api/jobs/{job_id}/roster.xlsx",
        tags=["jobs"],
        summary="Unduh jadwal / download the roster",
        response_class=FileResponse,
        responses=_errors(404, 409),
    )
    async def api_roster(request: Request, job_id: str) -> Response:
        return roster_file(job_for(request, job_id))

    @app.post(
        "/api/jobs/{job_id}/stop",
        tags=["jobs"],
        summary="Hentikan / stop (keep the best roster)",
        responses=_errors(404),
    )
    async def api_stop(request: Request, job_id: str) -> dict[str, Any]:
        job_for(request, job_id)
        jobs.stop(job_id)
        return public(job_for(request, job_id))

    @app.delete(
        "/api/jobs/{job_id}",
        status_code=204,
        tags=["jobs"],
        summary="Batalkan dan hapus / cancel and remove",
        responses=_errors(404),
    )
    async def api_delete(request: Request, job_id: str) -> Response:
        job_for(request, job_id)
        await run_in_threadpool(jobs.delete, job_id)
        return Response(status_code=204)

    return app


def _field_error(name: str, text_id: str, text_en: str) -> _Refused:
    problem = InputProblem("formulir / form", None, name, text_id, text_en)
    return _Refused(400, text_id, text_en, [problem])


def _date(text: str, name: str, required: bool) -> str | None:
    text = text.strip()
    if not text and not required:
        return None
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise _field_error(
            name,
            f"tanggal harus berbentuk YYYY-MM-DD: '{text}'",
            f"the date must be written YYYY-MM-DD: '{text}'",
        ) from None


def _days(text: str, name: str, default: int | None) -> int | None:
    text = text.strip()
    if not text:
        return default
    if not text.isdigit() or not 1 <= int(text) <= 366:
        raise _field_error(
            name,
            f"jumlah hari harus 1 sampai 366: '{text}'",
            f"the number of days must be 1 to 366: '{text}'",
        )
    return int(text)


def _busiest(days: dict[str, list[dict[str, Any]]], result: dict[str, Any]) -> str | None:
    """The unit shown first: the one with the most unmet rules, else the first."""
    if not days:
        return None
    counts: dict[str, int] = {}
    for v in result.get("violations") or []:
        unit = str(v.get("scope", "")).split(" / ")[0]
        if unit in days:
            counts[unit] = counts.get(unit, 0) + 1
    if counts:
        return max(counts, key=lambda u: (counts[u], u))
    return sorted(days)[0]


def _when(timestamp: object) -> str:
    try:
        return dt.datetime.fromtimestamp(float(str(timestamp))).strftime("%Y-%m-%d %H:%M")
    except (TypeError, ValueError, OverflowError, OSError):
        return ""


def _local(target: str) -> str:
    """A redirect target of this site only (a path, never another host)."""
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target
