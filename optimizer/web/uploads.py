"""A multipart form read from the request stream, its size capped while it streams.

Starlette's own form parsing spools a whole upload before the endpoint sees it; here the body is
read chunk by chunk (``request.stream()``) and fed to python-multipart's streaming parser, and
the request is refused (413) as soon as the file, or the body, goes over the cap. A declared
``Content-Length`` over the cap is refused before a byte is read.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from urllib.parse import parse_qs

from python_multipart.multipart import MultipartParser, parse_options_header

from optimizer.errors import InputProblem

#: Bytes a form may carry besides its files (field values, part headers, boundaries).
FORM_OVERHEAD = 64 * 1024
MAX_FIELD_BYTES = 4 * 1024
MAX_PARTS = 8  # fields and files of one form (a batch form: ``max_files`` more)


@dataclass
class Upload:
    filename: str
    data: bytes


@dataclass
class Form:
    fields: dict[str, str] = field(default_factory=dict)
    files: dict[str, Upload] = field(default_factory=dict)  # the first file of each field
    every_file: list[tuple[str, Upload]] = field(default_factory=list)  # (field, file), in order


class FormRefused(Exception):
    """The request is no form that can be used: ``status`` and a bilingual problem."""

    def __init__(self, status: int, problem: InputProblem) -> None:
        self.status = status
        self.problem = problem
        super().__init__(problem.message_en)


def _problem(message_id: str, message_en: str, fix_id: str = "", fix_en: str = "") -> InputProblem:
    return InputProblem("(unggahan / upload)", None, None, message_id, message_en, fix_id, fix_en)


def too_large(limit: int) -> FormRefused:
    mb = limit / (1024 * 1024)
    return FormRefused(
        413,
        _problem(
            f"File terlalu besar; batasnya {mb:g} MB",
            f"the file is too large; the limit is {mb:g} MB",
            "Hapus sheet, gambar atau baris yang tidak perlu lalu simpan ulang; atau minta admin "
            "menaikkan batas (variabel lingkungan GILIRAN_MAX_UPLOAD_MB).",
            "Delete the sheets, pictures or rows that are not needed and save again; or ask the "
            "administrator to raise the limit (environment variable GILIRAN_MAX_UPLOAD_MB).",
        ),
    )


def too_many(limit: int) -> FormRefused:
    return FormRefused(
        413,
        _problem(
            f"Terlalu banyak file dalam satu unggahan; paling banyak {limit}",
            f"too many files in one upload; at most {limit}",
            "Unggah sisanya dalam kiriman berikutnya.",
            "Upload the others in another go.",
        ),
    )


def not_a_form() -> FormRefused:
    return FormRefused(
        415,
        _problem(
            "Permintaan ini bukan formulir unggahan (multipart/form-data)",
            "this request is not an upload form (multipart/form-data)",
        ),
    )


async def read_form(
    content_type: str | None,
    content_length: str | None,
    chunks: AsyncIterator[bytes],
    max_file_bytes: int,
    max_files: int = 2,
) -> Form:
    """Parse a ``multipart/form-data`` (or a file-less urlencoded) body; ``FormRefused`` when it
    is neither or too large."""
    kind, params = parse_options_header(content_type)
    if kind == b"application/x-www-form-urlencoded":  # a form without files (Stop, Delete)
        return await _read_fields(chunks)
    boundary = params.get(b"boundary")
    if kind != b"multipart/form-data" or not boundary:
        raise not_a_form()
    max_body = max_file_bytes * max_files + FORM_OVERHEAD  # a re-check form carries two
    if content_length is not None:
        try:
            declared = int(content_length)
        except ValueError:
            declared = 0
        if declared > max_body:
            raise too_large(max_file_bytes)
    form = Form()
    state: dict[str, object] = {}
    headers: list[tuple[bytes, bytes]] = []
    header = [b"", b""]
    parts = [0]
    errors: list[FormRefused] = []

    def on_part_begin() -> None:
        parts[0] += 1
        headers.clear()
        state.update(name=None, filename=None, buf=bytearray())
        if parts[0] > MAX_PARTS + max_files:
            errors.append(not_a_form())

    def on_header_field(data: bytes, start: int, end: int) -> None:
        header[0] += data[start:end]

    def on_header_value(data: bytes, start: int, end: int) -> None:
        header[1] += data[start:end]

    def on_header_end() -> None:
        headers.append((header[0].lower(), header[1]))
        header[0], header[1] = b"", b""

    def on_headers_finished() -> None:
        for key, value in headers:
            if key == b"content-disposition":
                _, options = parse_options_header(value)
                name = options.get(b"name")
                filename = options.get(b"filename")
                state["name"] = name.decode("utf-8", "replace") if name is not None else None
                state["filename"] = (
                    filename.decode("utf-8", "replace") if filename is not None else None
                )

    def on_part_data(data: bytes, start: int, end: int) -> None:
        buf = state["buf"]
        assert isinstance(buf, bytearray)
        buf += data[start:end]
        limit = max_file_bytes if state.get("filename") is not None else MAX_FIELD_BYTES
        if len(buf) > limit and not errors:
            errors.append(too_large(max_file_bytes))

    def on_part_end() -> None:
        name, buf = state.get("name"), state.get("buf")
        if not isinstance(name, str) or not isinstance(buf, bytearray) or errors:
            return
        filename = state.get("filename")
        if isinstance(filename, str):
            upload = Upload(filename, bytes(buf))
            if len(form.every_file) >= max_files:
                errors.append(too_many(max_files))
                return
            form.files.setdefault(name, upload)
            form.every_file.append((name, upload))
        else:
            form.fields[name] = buf.decode("utf-8", "replace")

    parser = MultipartParser(
        boundary,
        {
            "on_part_begin": on_part_begin,
            "on_part_data": on_part_data,
            "on_part_end": on_part_end,
            "on_header_field": on_header_field,
            "on_header_value": on_header_value,
            "on_header_end": on_header_end,
            "on_headers_finished": on_headers_finished,
        },
    )
    seen = 0
    async for chunk in chunks:
        seen += len(chunk)
        if seen > max_body:
            raise too_large(max_file_bytes)
        try:
            parser.write(chunk)
        except Exception:
            raise not_a_form() from None
        if errors:
            raise errors[0]
    try:
        parser.finalize()
    except Exception:
        raise not_a_form() from None
    if errors:
        raise errors[0]
    return form


async def _read_fields(chunks: AsyncIterator[bytes]) -> Form:
    body = bytearray()
    async for chunk in chunks:
        body += chunk
        if len(body) > FORM_OVERHEAD:
            raise too_large(FORM_OVERHEAD)
    fields = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
    return Form(fields={k: v[0] for k, v in fields.items() if len(v[0]) <= MAX_FIELD_BYTES})
