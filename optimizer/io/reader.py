"""Read the raw cells of an input workbook (``.xlsx``, ``.xls`` or ``.ods``) with python-calamine,
safely.

``read_workbook`` returns every worksheet as a list of rows of raw cell values, keeping the cell
types Excel stored: ``str``, ``float`` (calamine gives every number as a float), ``bool``,
``datetime.date`` / ``datetime.datetime`` (date-formatted cells), ``datetime.time`` and
``datetime.timedelta``. Empty cells are ``""``. Row 0 is Excel row 1 and column 0 is column A,
whatever the used area of the sheet is. A formula cell gives the value Excel saved with it (what
HR sees).

Before calamine parses anything the file is checked (``optimizer.io.limits``, docs/robustness.md):
it must be a real .xlsx by content, within the upload size, and its zip directory must not
describe a zip bomb (too many parts, too much unpacked data, a part packed too tightly). XML that
declares a DTD or entities is refused in every part read here (Excel never writes one); calamine
expands none in the parts only it reads (styles). Only a regular file is opened. The
extent of every sheet read (its last row and column holding a value) is measured from the sheet's
XML, because calamine allocates the whole rectangle up to the last cell: a 5 KB file with one
value in cell XFD1048576 would otherwise take hundreds of gigabytes. Formula cells without a
saved result and cells holding an Excel error (``#N/A`` …) are refused, naming each cell, because
calamine would read them as empty.

``read_workbook_layout`` also gives each sheet's layout: its merged ranges (``.xlsx`` and
``.xls``; calamine gives none for ``.ods``), the
rows hidden in Excel and the cells formatted as percentages (``.xlsx`` only, from the XML that
is scanned anyway). ``.xls`` (not a zip) is checked for its size, and each sheet's extent is
checked against the limits once calamine has opened it, before its cells become Python values;
``.ods`` gets the zip checks and the same extent check (docs/robustness.md says what is and is not
checked for them).

Every problem the user can cause (a missing, empty, damaged, oversized or hostile file, or a file
in another format) is raised as ``InputError`` with an Indonesian and English message and a fix;
no traceback escapes. Interpreting the cells is ``optimizer.io.validate``'s job.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import stat
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

from python_calamine import CalamineSheet, CalamineWorkbook, SheetTypeEnum

from optimizer.errors import InputError, InputProblem, OutOfMemory
from optimizer.io.limits import ENV_MAX_UPLOAD_MB, Limits
from optimizer.io.limits import current as current_limits

CellValue = str | int | float | bool | dt.date | dt.datetime | dt.time | dt.timedelta
RawSheet = list[list[CellValue]]

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, or an encrypted (password) .xlsx
CENTRAL_HEADER = b"PK\x01\x02"  # signature of one entry of a zip's central directory
MAX_INDEX_PART_BYTES = 16 * 1024 * 1024  # xl/workbook.xml and its relationships (Excel: a few KB)
WORKBOOK_PART = "xl/workbook.xml"
WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"
CONTENT_TYPES = "[Content_Types].xml"
SHARED_STRINGS = "xl/sharedStrings.xml"

SAVE_AS_XLSX_ID = (
    "Buka file di Excel lalu simpan ulang sebagai .xlsx: File > Simpan Sebagai > "
    "'Excel Workbook (*.xlsx)'."
)
SAVE_AS_XLSX_EN = (
    "Open the file in Excel and save it again as .xlsx: File > Save As > 'Excel Workbook (*.xlsx)'."
)
TEXT_SUFFIXES = frozenset({".csv", ".tsv", ".txt"})
OTHER_SPREADSHEETS = {
    ".xlsb": ("Format Excel biner (.xlsb)", "the binary Excel format (.xlsb)"),
    ".numbers": ("Format Apple Numbers (.numbers)", "the Apple Numbers format (.numbers)"),
}
#: The suffixes of the workbooks Giliran reads (case-insensitive); the batch lists folders by it.
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
#: The same as a set (compared case-insensitively): what ``giliran batch`` takes from a folder.
INPUT_SUFFIXES = frozenset(WORKBOOK_SUFFIXES)
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
ODS_CONTENT = "content.xml"
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")  # OLE2 stream of a password .xlsx
STYLES_PART = "xl/styles.xml"
BUILTIN_PERCENT_FORMATS = frozenset({9, 10})


@dataclass(frozen=True)
class SheetLayout:
    """What the cells alone do not say about a sheet.

    ``merged``: merged ranges as (first row, first column, last row, last column), 0-based and
    inclusive. ``hidden_rows``: Excel row numbers hidden in Excel (``.xlsx`` only).
    ``percent_cells``: (row, column), 0-based, of the cells formatted as a percentage;
    ``formats_known`` says whether formats could be read at all (``.xlsx`` only).
    """

    merged: tuple[tuple[int, int, int, int], ...] = ()
    hidden_rows: tuple[int, ...] = ()
    percent_cells: frozenset[tuple[int, int]] = frozenset()
    formats_known: bool = False


@dataclass(frozen=True)
class InputFile:
    """The bytes of an input as they were read (a file, or an upload), under a display name.

    Everything downstream (validation, the input's SHA-256 in the roster) works from these bytes,
    so a file changed or deleted while a run goes on cannot change what the run used.
    """

    name: str  # the file name shown in messages (an upload's name, or the path)
    data: bytes

    @property
    def stem(self) -> str:
        return Path(self.name).stem

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


Source = Path | InputFile


def read_input(source: Source, limits: Limits | None = None) -> InputFile:
    """The bytes of ``source`` after the checks that need no unzipping (size, kind).

    Raises ``InputError`` for a missing, empty, oversized or non-xlsx file.
    """
    limits = limits or current_limits()
    if isinstance(source, InputFile):
        path = Path(source.name)
        _check_bytes(path, source.data, limits)
        return source
    return InputFile(str(source), _read_file(source, limits))


def read_workbook(
    source: Source, wanted: Callable[[str], bool] | None = None, limits: Limits | None = None
) -> dict[str, RawSheet]:
    """Every sheet of the workbook ``source``: sheet name (as written) → rows of cell values.

    ``source`` is a path or an ``InputFile`` (bytes already read, e.g. an upload). When
    ``wanted`` is given, only the sheets it accepts are read; the others (and chart sheets) are
    still listed, with no rows, so that messages can name every sheet in the file. ``limits``
    defaults to ``optimizer.io.limits.current()``. Raises ``InputError`` for a file that cannot
    be used.
    """
    return read_workbook_layout(source, wanted, limits)[0]


def read_workbook_layout(
    source: Source, wanted: Callable[[str], bool] | None = None, limits: Limits | None = None
) -> tuple[dict[str, RawSheet], dict[str, SheetLayout]]:
    """``read_workbook``'s sheets, and the layout of each sheet read (``SheetLayout``)."""
    limits = limits or current_limits()
    given = read_input(source, limits)
    path, data = Path(given.name), given.data
    text_bounds: dict[str, int] = {}
    scans: dict[str, SheetScan] = {}
    xlsx = False
    if data.startswith(OLE2_MAGIC):
        _check_ole2(path, data)
        bounded = False
    else:
        archive = _open_zip(path, data, limits)
        if _is_ods(archive):
            _read_part(path, archive, ODS_CONTENT)  # no DTD; sizes bounded by the zip checks
            bounded = False
        else:
            xlsx = bounded = True
            listed = _listed_sheets(path, archive)
            percent_styles = _percent_styles(path, archive)
            text_bounds = _check_sheets(
                path, archive, listed, wanted, limits, scans, percent_styles
            )
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as err:  # calamine's errors all mean "this file cannot be read"
        raise _file_error(path, *_damaged(err)) from None
    except BaseException as err:
        if not _is_panic(err):
            raise
        raise _file_error(path, *_damaged(err)) from None
    try:
        names = [str(meta.name) for meta in workbook.sheets_metadata]
        if xlsx and names != [sheet.name for sheet in listed]:  # never seen; checked anyway
            raise _file_error(path, *_damaged(ValueError("daftar sheet / sheet list")))
        sheets: dict[str, RawSheet] = {}
        layouts: dict[str, SheetLayout] = {}
        budget = _TextBudget(limits.max_text_chars)
        for meta in workbook.sheets_metadata:
            name = str(meta.name)
            is_worksheet = meta.typ == SheetTypeEnum.WorkSheet
            if not is_worksheet or (wanted is not None and not wanted(name)) or name in sheets:
                sheets.setdefault(name, [])
                continue
            sheet = workbook.get_sheet_by_name(name)
            if not bounded and sheet.end is not None:  # end: the last cell, 0-based from A1
                _check_extent(name, sheet.end[0] + 1, sheet.end[1] + 1, limits)
            rows = _rows(path, sheet, name, budget, text_bounds.get(name))
            sheets[name] = _clean_text(name, rows, limits)
            scan = scans.get(name)
            layouts[name] = SheetLayout(
                merged=_merged(sheet.merged_cell_ranges),
                hidden_rows=tuple(scan.hidden_rows) if scan else (),
                percent_cells=scan.percent_cells if scan else frozenset(),
                formats_known=xlsx,
            )
        return sheets, layouts
    except InputError:
        raise
    except Exception as err:
        raise _file_error(path, *_damaged(err)) from None
    except BaseException as err:
        if not _is_panic(err):
            raise
        raise _file_error(path, *_damaged(err)) from None
    finally:
        workbook.close()


# --------------------------------------------------------------------------------------------
# The file itself, before it is unzipped
# --------------------------------------------------------------------------------------------


def _read_file(path: Path, limits: Limits) -> bytes:
    """The bytes of ``path``; refuses, with a clear message, every file that is not an .xlsx."""
    try:
        if not path.exists():
            raise _file_error(
                path,
                f"File tidak ditemukan: {path}",
                f"file not found: {path}",
                "Periksa nama file dan foldernya.",
                "Check the file name and its folder.",
            )
        if path.is_dir():
            raise _file_error(
                path,
                f"'{path}' adalah folder, bukan file",
                f"'{path}' is a folder, not a file",
                "Sebutkan file .xlsx di dalam folder itu.",
                "Name the .xlsx file inside that folder.",
            )
        if not stat.S_ISREG(path.stat().st_mode):  # a FIFO, a device, a socket: reading hangs
            raise _file_error(
                path,
                f"'{path}' bukan file biasa (mis. pipa/FIFO atau perangkat)",
                f"'{path}' is not a regular file (e.g. a pipe/FIFO or a device)",
                "Simpan workbook sebagai file .xlsx biasa lalu sebutkan file itu.",
                "Save the workbook as an ordinary .xlsx file and name that file.",
            )
        with path.open("rb") as handle:
            head = handle.read(8)
            suffix = path.suffix.casefold()
            _check_kind(path, head, suffix)
            handle.seek(0)
            data = handle.read(limits.max_file_bytes + 1)  # a growing file cannot slip past
    except OSError as err:
        raise _file_error(
            path,
            f"File tidak dapat dibuka ({err.strerror or err})",
            f"the file cannot be opened ({err.strerror or err})",
            "Tutup file itu di Excel atau program lain, periksa izin aksesnya, lalu coba lagi.",
            "Close it in Excel or any other program, check its permissions, and try again.",
        ) from None
    _check_size(path, data, limits, _size_on_disk(path, len(data)))
    return data


def _size_on_disk(path: Path, read: int) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return read


def _check_bytes(path: Path, data: bytes, limits: Limits) -> None:
    """Refuse bytes that are no xlsx (checked by content and name), or too many."""
    _check_kind(path, data[:8], path.suffix.casefold())
    _check_size(path, data, limits, len(data))


def _check_ole2(path: Path, data: bytes) -> None:
    """Refuse a password-protected workbook (an OLE2 file holding an ``EncryptedPackage``)."""
    if ENCRYPTED_STREAM in data:
        raise _file_error(
            path,
            "File ini dilindungi kata sandi (terenkripsi), sehingga isinya tidak dapat dibaca",
            "this file is protected by a password (encrypted), so its contents cannot be read",
            "Buka di Excel, hapus kata sandinya (File > Info > Protect Workbook > Encrypt with "
            "Password, kosongkan), lalu simpan ulang sebagai .xlsx.",
            "Open it in Excel, remove the password (File > Info > Protect Workbook > Encrypt "
            "with Password, clear it), then save it again as .xlsx.",
        )


def _is_ods(archive: zipfile.ZipFile) -> bool:
    """An OpenDocument spreadsheet: its ``mimetype`` part says so, and it has ``content.xml``."""
    names = archive.NameToInfo
    if "mimetype" not in names or ODS_CONTENT not in names or WORKBOOK_PART in names:
        return False
    if archive.getinfo("mimetype").file_size > 1024:
        return False
    try:
        return archive.read("mimetype").strip() == ODS_MIMETYPE
    except Exception:  # a damaged mimetype part: treated as not an .ods (refused below)
        return False


def _check_extent(name: str, rows: int, columns: int, limits: Limits) -> None:
    """Refuse a sheet (of an .xls or .ods) whose extent is over the limits."""
    problems = list(_size_problems(name, SheetScan(rows, columns), limits))
    if problems:
        raise InputError(problems)


def _merged(
    ranges: list[tuple[tuple[int, int], tuple[int, int]]] | None,
) -> tuple[tuple[int, int, int, int], ...]:
    """calamine's merged ranges ``((r0, c0), (r1, c1))`` as ``(r0, c0, r1, c1)``."""
    return tuple((a[0], a[1], b[0], b[1]) for a, b in ranges or ())


def _check_size(path: Path, data: bytes, limits: Limits, count: int) -> None:
    """Refuse more bytes than ``limits`` allow (``count``: the size to report)."""
    if len(data) > limits.max_file_bytes:
        size, limit = _size(count), _size(limits.max_file_bytes)
        size_id, limit_id = _size(count, True), _size(limits.max_file_bytes, True)
        raise _file_error(
            path,
            f"File terlalu besar ({size_id}); batasnya {limit_id}",
            f"the file is too large ({size}); the limit is {limit}",
            "Hapus sheet, gambar atau baris yang tidak perlu lalu simpan ulang; atau minta admin "
            f"menaikkan batas (variabel lingkungan {ENV_MAX_UPLOAD_MB}).",
            "Delete the sheets, pictures or rows that are not needed and save again; or ask the "
            f"administrator to raise the limit (environment variable {ENV_MAX_UPLOAD_MB}).",
        )


def _check_kind(path: Path, head: bytes, suffix: str) -> None:
    """Refuse empty files, other formats (by name or by content) and non-zip content."""
    if not head:
        raise _file_error(
            path,
            "File kosong (0 byte); mungkin tersalin tidak lengkap",
            "the file is empty (0 bytes); it may have been copied incompletely",
            "Salin ulang file aslinya, atau simpan ulang dari Excel sebagai .xlsx.",
            "Copy the original file again, or save it again from Excel as .xlsx.",
        )
    if suffix in TEXT_SUFFIXES:
        raise _file_error(
            path,
            f"File {suffix} (teks/CSV) tidak didukung; Giliran membaca workbook .xlsx",
            f"{suffix} (text/CSV) files are not supported; Giliran reads .xlsx workbooks",
            "Simpan ulang sebagai .xlsx (Excel Workbook): buka di Excel, File > Simpan Sebagai "
            "> 'Excel Workbook (*.xlsx)'. Atau salin isinya ke template.xlsx.",
            "Save it again as .xlsx (Excel Workbook): open it in Excel, File > Save As > 'Excel "
            "Workbook (*.xlsx)'. Or copy its contents into template.xlsx.",
        )
    if suffix in OTHER_SPREADSHEETS:
        label_id, label_en = OTHER_SPREADSHEETS[suffix]
        raise _file_error(
            path,
            f"{label_id} tidak didukung; Giliran membaca workbook .xlsx",
            f"{label_en} is not supported; Giliran reads .xlsx workbooks",
            "Simpan ulang sebagai .xlsx (Excel Workbook): di Excel File > Simpan Sebagai > "
            "'Excel Workbook (*.xlsx)'; di LibreOffice File > Simpan Sebagai > 'Excel 2007-365 "
            "(.xlsx)'.",
            "Save it again as .xlsx (Excel Workbook): in Excel File > Save As > 'Excel Workbook "
            "(*.xlsx)'; in LibreOffice File > Save As > 'Excel 2007-365 (.xlsx)'.",
        )
    if head.startswith(OLE2_MAGIC):
        return  # an .xls, or a password-protected workbook: told apart once it is read
    if not head.startswith(ZIP_MAGIC):
        raise _file_error(
            path,
            "File ini bukan workbook Excel .xlsx (mungkin teks/CSV yang diberi nama .xlsx)",
            "this file is not an .xlsx Excel workbook (perhaps text or CSV renamed to .xlsx)",
            SAVE_AS_XLSX_ID,
            SAVE_AS_XLSX_EN,
        )


# --------------------------------------------------------------------------------------------
# The zip directory: read, never inflated
# --------------------------------------------------------------------------------------------


def _open_zip(path: Path, data: bytes, limits: Limits) -> zipfile.ZipFile:
    """The zip archive, once its directory shows an intact, reasonably sized Excel workbook."""
    headers = data.count(CENTRAL_HEADER)  # every directory entry starts so: bound before parsing
    if headers > limits.max_zip_entries:
        raise _file_error(path, *_bomb(f"{_id(headers)} bagian", f"{headers:,} parts"))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except Exception as err:  # BadZipFile, NotImplementedError (odd zip versions), OSError …
        raise _file_error(path, *_damaged(err)) from None
    if len(infos) > limits.max_zip_entries:
        raise _file_error(path, *_bomb(f"{_id(len(infos))} bagian", f"{len(infos):,} parts"))
    names = [info.filename for info in infos]
    if len(set(names)) != len(names):
        raise _file_error(path, *_damaged(ValueError("nama bagian ganda / duplicate part names")))
    unpacked = sum(info.file_size for info in infos)
    if unpacked > limits.max_unpacked_bytes:
        size, size_id = _size(unpacked), _size(unpacked, True)
        raise _file_error(path, *_bomb(f"isi {size_id} setelah dibuka", f"{size} once unpacked"))
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        large = info.file_size >= limits.ratio_checked_from_bytes
        if large and ratio > limits.max_compression_ratio:
            raise _file_error(
                path,
                *_bomb(
                    f"bagian {info.filename} dipadatkan {_id(ratio)}:1",
                    f"part {info.filename} is packed {ratio:,.0f}:1",
                ),
            )
    ods = WORKBOOK_PART not in names and _is_ods(archive)
    if WORKBOOK_PART not in names and not ods:
        _not_a_workbook(path, archive, set(names))
    for info in infos:
        if info.flag_bits & 0x1:
            raise _file_error(
                path,
                "Isi file ini terenkripsi",
                "the contents of this file are encrypted",
                "Buka di Excel, hapus kata sandinya, lalu simpan ulang sebagai .xlsx.",
                "Open it in Excel, remove the password, then save it again as .xlsx.",
            )
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            detail = f"metode kompresi {info.compress_type} / compression method"
            raise _file_error(path, *_damaged(ValueError(detail)))
    if CONTENT_TYPES not in names and not ods:
        raise _file_error(path, *_damaged(ValueError(f"{CONTENT_TYPES} tidak ada / is missing")))
    return archive


def _not_a_workbook(path: Path, archive: zipfile.ZipFile, names: set[str]) -> None:
    """Always raises: the zip holds something else than an Excel workbook."""
    mimetype = b""
    if "mimetype" in names and archive.getinfo("mimetype").file_size <= 1024:
        try:
            mimetype = archive.read("mimetype")[:100]
        except Exception:  # a damaged mimetype part only loses the better message
            mimetype = b""
    if b"opendocument" in mimetype:
        what_id, what_en = (
            "dokumen OpenDocument bukan spreadsheet (.odt/.odp …)",
            ("an OpenDocument file that is no spreadsheet (.odt/.odp …)"),
        )
    elif "xl/workbook.bin" in names:
        what_id, what_en = "workbook Excel biner (.xlsb)", "a binary Excel workbook (.xlsb)"
    elif "word/document.xml" in names:
        what_id, what_en = "dokumen Word", "a Word document"
    elif "ppt/presentation.xml" in names:
        what_id, what_en = "presentasi PowerPoint", "a PowerPoint presentation"
    else:
        what_id, what_en = "arsip zip biasa", "an ordinary zip archive"
    raise _file_error(
        path,
        f"File ini bukan workbook Excel .xlsx, melainkan {what_id}",
        f"this file is not an .xlsx Excel workbook but {what_en}",
        SAVE_AS_XLSX_ID,
        SAVE_AS_XLSX_EN,
    )


def _read_part(path: Path, archive: zipfile.ZipFile, name: str) -> bytes:
    """One part, unpacked (its size was bounded by the directory checks), without any DTD."""
    try:
        with archive.open(name) as part:  # in steps: a lying directory cannot make it balloon
            data = b"".join(iter(lambda: part.read(1 << 20), b""))
    except Exception as err:  # bad CRC, truncated data, a lying directory …
        raise _file_error(path, *_damaged(err)) from None
    if b"<!" in data and _DTD.search(data):
        raise _file_error(
            path,
            f"Bagian {name} berisi deklarasi XML (DTD/ENTITY) yang tidak pernah ditulis Excel; "
            "file ini mungkin dibuat untuk menyerang",
            f"part {name} holds XML declarations (DTD/ENTITY) that Excel never writes; the file "
            "may have been crafted as an attack",
            SAVE_AS_XLSX_ID,
            SAVE_AS_XLSX_EN,
        )
    return data


_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


# --------------------------------------------------------------------------------------------
# Which part holds which sheet (as calamine resolves it)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ListedSheet:
    name: str
    part: str | None  # the zip entry calamine reads for this sheet (None: not resolvable)


def _listed_sheets(path: Path, archive: zipfile.ZipFile) -> list[ListedSheet]:
    """The sheets named in xl/workbook.xml, in order, with the part each one is read from."""
    workbook = _parse_xml(path, archive, WORKBOOK_PART)
    targets: dict[str, str] = {}
    if WORKBOOK_RELS in archive.NameToInfo:
        for rel in _parse_xml(path, archive, WORKBOOK_RELS).iter():
            if _local(rel.tag) == "Relationship":
                targets[rel.get("Id", "")] = rel.get("Target", "")
    listed: list[ListedSheet] = []
    for element in workbook.iter():
        if _local(element.tag) != "sheet":
            continue
        ids = [value for key, value in element.attrib.items() if key.endswith("}id")]
        target = targets.get(ids[-1]) if ids else None
        listed.append(ListedSheet(element.get("name", ""), _part_path(target)))
    return listed


def _part_path(target: str | None) -> str | None:
    """A relationship target as calamine turns it into a zip entry name."""
    if target is None:
        return None
    if target.startswith("/xl/"):
        return target[1:]
    if target.startswith("xl/"):
        return target
    return f"xl/{target}"


def _parse_xml(path: Path, archive: zipfile.ZipFile, name: str) -> ElementTree.Element:
    size = archive.getinfo(name).file_size
    if size > MAX_INDEX_PART_BYTES:  # a tree of it would take ten times that in memory
        raise _file_error(path, *_bomb(f"{name}: {_size(size, True)}", f"{name}: {_size(size)}"))
    data = _read_part(path, archive, name)  # no DTD, hence no entity to expand
    try:
        return ElementTree.fromstring(data)
    except Exception as err:  # ParseError, an unknown encoding (LookupError) …
        _raise_if_out_of_memory(err)
        raise _file_error(path, *_damaged(ValueError(f"{name}: {err}"))) from None


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


# --------------------------------------------------------------------------------------------
# The sheets to be read: their extent, formulas without results and error cells
# --------------------------------------------------------------------------------------------


@dataclass
class SheetScan:
    """What a sheet's XML holds, measured before calamine reads it."""

    rows: int = 0  # last row holding a value (1-based; 0 when the sheet is empty)
    columns: int = 0  # last column holding a value (1-based)
    cells: int = 0  # cells written in the XML (a bound on the cells with text)
    unsaved_formulas: list[tuple[str, str]] = field(default_factory=list)  # (cell, formula)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (cell, #N/A …)
    more_cells: int = 0  # such cells beyond the ones listed
    hidden_rows: list[int] = field(default_factory=list)  # Excel rows hidden (``hidden="1"``)
    percent_cells: frozenset[tuple[int, int]] = frozenset()  # (row, column) shown as percent


class _Unusual(Exception):
    """The sheet XML is shaped as no spreadsheet program writes it: refuse rather than guess."""


def _check_sheets(
    path: Path,
    archive: zipfile.ZipFile,
    listed: list[ListedSheet],
    wanted: Callable[[str], bool] | None,
    limits: Limits,
    scans: dict[str, SheetScan] | None = None,
    percent_styles: frozenset[int] = frozenset(),
) -> dict[str, int]:
    """Refuse the workbook when a sheet to be read is too large or holds unusable cells.

    Returns, for each sheet to be read, a bound on the characters its cells can copy from the
    shared texts (the multiplier a hostile file would use to fill the memory).
    """
    longest = 0
    if SHARED_STRINGS in archive.NameToInfo:
        _count_shared_strings(path, archive, limits)  # before the part is held in memory
        longest = _check_shared_strings(path, _read_part(path, archive, SHARED_STRINGS), limits)
    text: dict[str, int] = {}
    problems: list[InputProblem] = []
    cells: list[InputProblem] = []
    more = 0  # formula/error cells not listed one by one
    seen: set[str] = set()
    for sheet in listed:
        if sheet.name in seen or (wanted is not None and not wanted(sheet.name)):
            continue
        seen.add(sheet.name)
        if sheet.part is None or sheet.part not in archive.NameToInfo:
            raise _file_error(path, *_damaged(ValueError(f"sheet '{sheet.name}'")))
        data = _read_part(path, archive, sheet.part)
        try:
            scan = scan_sheet_xml(data, limits)
        except _Unusual as err:
            raise _file_error(
                path,
                f"Isi sheet '{sheet.name}' tidak tersusun seperti yang ditulis Excel ({err}), "
                "sehingga tidak dapat dibaca dengan aman",
                f"sheet '{sheet.name}' is not laid out as Excel writes it ({err}), so it cannot "
                "be read safely",
                SAVE_AS_XLSX_ID,
                SAVE_AS_XLSX_EN,
            ) from None
        # inline text is in the XML once (bounded by the unpacked size); shared texts multiply
        text[sheet.name] = scan.cells * longest
        if b"hidden" in data:
            scan.hidden_rows = [int(r) for r in _HIDDEN_ROW.findall(data)[: limits.max_rows]]
        if percent_styles and b" s=" in data:
            scan.percent_cells = _percent_cells(data, percent_styles)
        if scans is not None:
            scans[sheet.name] = scan
        problems.extend(_size_problems(sheet.name, scan, limits))
        cells.extend(_cell_problems(sheet.name, scan))
        more += scan.more_cells
    if len(cells) > limits.max_problem_cells:
        more += len(cells) - limits.max_problem_cells
        cells = cells[: limits.max_problem_cells]
    if more and cells:
        last = cells[-1]
        cells.append(
            InputProblem(
                last.sheet,
                None,
                None,
                f"… dan {_id(more)} sel lain seperti itu",
                f"… and {more} more such cells",
                last.fix_id,
                last.fix_en,
            )
        )
    if problems or cells:
        raise InputError(problems + cells)
    return text


def _size_problems(sheet: str, scan: SheetScan, limits: Limits) -> Iterable[InputProblem]:
    fix = (
        "Hapus baris dan kolom kosong atau tidak terpakai di bawah dan di kanan data (pilih, klik "
        "kanan > Hapus), atau pindahkan data lain ke file terpisah, lalu simpan ulang.",
        "Delete the empty or unused rows and columns below and to the right of the data (select, "
        "right-click > Delete), or move other data to a separate file, then save again.",
    )
    if scan.rows > limits.max_rows:
        yield InputProblem(
            sheet,
            None,
            None,
            f"Sheet '{sheet}' berisi data sampai baris {_id(scan.rows)}; batasnya "
            f"{_id(limits.max_rows)} baris",
            f"sheet '{sheet}' has data down to row {scan.rows:,}; the limit is "
            f"{limits.max_rows:,} rows",
            *fix,
        )
    if scan.columns > limits.max_columns:
        letter = column_letter(scan.columns - 1)
        yield InputProblem(
            sheet,
            None,
            None,
            f"Sheet '{sheet}' berisi data sampai kolom {letter} (kolom ke-{_id(scan.columns)}); "
            f"batasnya {_id(limits.max_columns)} kolom",
            f"sheet '{sheet}' has data up to column {letter} (column {scan.columns:,}); the limit "
            f"is {limits.max_columns:,} columns",
            *fix,
        )
    elif scan.rows <= limits.max_rows and scan.rows * scan.columns > limits.max_cells:
        yield InputProblem(
            sheet,
            None,
            None,
            f"Sheet '{sheet}' terlalu besar: {_id(scan.rows)} baris x {_id(scan.columns)} kolom; "
            f"batasnya {_id(limits.max_cells)} sel",
            f"sheet '{sheet}' is too large: {scan.rows:,} rows x {scan.columns:,} columns; the "
            f"limit is {limits.max_cells:,} cells",
            *fix,
        )


def _cell_problems(sheet: str, scan: SheetScan) -> Iterable[InputProblem]:
    for cell, formula in scan.unsaved_formulas:
        row, column = _split_ref(cell)
        shown = formula if len(formula) <= 60 else formula[:57] + "..."
        yield InputProblem(
            sheet,
            row,
            column,
            f"Sel {cell} berisi rumus ={shown} tetapi hasilnya tidak tersimpan di file (file "
            "dibuat oleh program selain Excel?)",
            f"cell {cell} holds the formula ={shown} but its result is not saved in the file "
            "(was it made by a program other than Excel?)",
            "Buka file di Excel lalu simpan ulang (Excel menyimpan hasil rumus), atau ganti rumus "
            "dengan nilainya: Salin, lalu Tempel Spesial > Nilai.",
            "Open the file in Excel and save it again (Excel saves formula results), or replace "
            "the formula by its value: Copy, then Paste Special > Values.",
        )
    for cell, error in scan.errors:
        row, column = _split_ref(cell)
        yield InputProblem(
            sheet,
            row,
            column,
            f"Sel {cell} berisi kesalahan Excel {error}",
            f"cell {cell} holds the Excel error {error}",
            "Perbaiki rumusnya (mis. VLOOKUP yang tidak menemukan nilai) atau isi nilai yang "
            "benar; bila kolom itu tidak dipakai Giliran, kosongkan atau hapus kolomnya.",
            "Fix the formula (e.g. a VLOOKUP that finds nothing) or enter the right value; if "
            "Giliran does not use that column, clear or delete it.",
        )


def _split_ref(cell: str) -> tuple[int | None, str | None]:
    match = _REF.fullmatch(cell.encode())
    if match is None:
        return None, None
    return int(match.group(2)), match.group(1).decode().upper()


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _column_number(letters: bytes) -> int:
    """b"A" → 0, b"AA" → 26 (case-insensitive, as calamine reads it)."""
    if len(letters) > 8:
        return 10**12
    number = 0
    for byte in letters.upper():
        number = number * 26 + byte - 64
    return number - 1


def _count_shared_strings(path: Path, archive: zipfile.ZipFile, limits: Limits) -> None:
    """Refuse a shared-strings table of too many items while streaming it (1 MB at a time).

    Items are counted as Excel writes them (``</si>`` and ``<si/>``, a lower bound): a hostile
    table is refused before it is unpacked into memory. The exact count follows in
    ``_check_shared_strings``.
    """
    items, tail = 0, b""
    try:
        with archive.open(SHARED_STRINGS) as part:
            while chunk := part.read(1 << 20):
                window = tail + chunk
                items += window.count(b"</si>") + window.count(b"<si/>")
                tail = window[-5:]
                items -= tail.count(b"</si>") + tail.count(b"<si/>")  # counted again next time
                if items > limits.max_shared_strings:
                    raise _too_many_shared_strings(path, limits)
    except InputError:
        raise
    except Exception as err:  # bad CRC, truncated data …: said as such by _read_part next
        _raise_if_out_of_memory(err)


def _too_many_shared_strings(path: Path, limits: Limits) -> InputError:
    return _file_error(
        path,
        f"Workbook berisi lebih dari {_id(limits.max_shared_strings)} teks berbeda (tabel teks "
        "bersama / shared strings)",
        f"the workbook holds more than {limits.max_shared_strings:,} distinct texts (its "
        "shared-strings table)",
        "Hapus sheet atau kolom teks yang tidak perlu, lalu simpan ulang sebagai .xlsx.",
        "Delete the sheets or text columns that are not needed, then save again as .xlsx.",
    )


def _check_shared_strings(path: Path, data: bytes, limits: Limits) -> int:
    """A bound on the longest shared text, in bytes of XML (at least its characters).

    There may be at most ``limits.max_shared_strings`` of them (calamine keeps every one in
    memory before the first cell is read; counting stops past the limit). None may be longer
    than Excel allows: each cell using it gets its own copy once read. An
    item ends at the first ``</si>`` after its start (calamine's rule), so it lies between two
    consecutive ends: the longest such stretch bounds every item.
    """
    longest = previous = 0
    for items, end in enumerate(_SI_END.finditer(data), 1):
        longest = max(longest, end.end() - previous)
        previous = end.end()
        if items > limits.max_shared_strings:  # stop counting: calamine would hold them all
            raise _too_many_shared_strings(path, limits)
    if _SI_START.search(data, previous):  # an item left open runs to the end of the part
        longest = max(longest, len(data) - previous)
    if longest > limits.max_shared_string_bytes:
        raise _file_error(
            path,
            f"Workbook berisi teks sepanjang {_id(longest)} byte; Excel hanya mengizinkan 32.767 "
            "karakter per sel",
            f"the workbook holds a text of {longest:,} bytes; Excel allows only 32,767 characters "
            "per cell",
            SAVE_AS_XLSX_ID,
            SAVE_AS_XLSX_EN,
        )
    return longest


_HIDDEN_ROW = re.compile(rb'<row r="([0-9]{1,7})"[^>]*? hidden="(?:1|true)"')
_STYLED_CELL = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"[^>]*? s="([0-9]{1,6})"')
_PERCENT_CODE = re.compile(r'^(?:[^"\\]|"[^"]*"|\\.)*%')  # a % outside quotes and escapes


def _percent_styles(path: Path, archive: zipfile.ZipFile) -> frozenset[int]:
    """Indexes of the cell formats (``cellXfs``) that show a number as a percentage."""
    if STYLES_PART not in archive.NameToInfo:
        return frozenset()
    root = _parse_xml(path, archive, STYLES_PART)
    codes: dict[int, str] = {}
    percent: set[int] = set()
    for element in root.iter():
        if _local(element.tag) == "numFmt":
            number = element.get("numFmtId", "")
            if number.isdigit():
                codes[int(number)] = element.get("formatCode", "")
        elif _local(element.tag) == "cellXfs":
            for index, xf in enumerate(x for x in element if _local(x.tag) == "xf"):
                number = xf.get("numFmtId", "0")
                fmt = int(number) if number.isdigit() else 0
                if fmt in BUILTIN_PERCENT_FORMATS or _PERCENT_CODE.match(codes.get(fmt, "")):
                    percent.add(index)
    return frozenset(percent)


def _percent_cells(data: bytes, styles: frozenset[int]) -> frozenset[tuple[int, int]]:
    """(row, column), 0-based, of the cells of a sheet's XML whose format is a percentage."""
    wanted = {str(i).encode() for i in styles}
    return frozenset(
        (int(row) - 1, _column_number(column))
        for column, row, style in _STYLED_CELL.findall(data)
        if style in wanted
    )


_SI_START = re.compile(rb"<(?:[^\s/<>]*:)?si[\s/>]")
_SI_END = re.compile(rb"</(?:[^\s/<>]*:)?si\s*>|<(?:[^\s/<>]*:)?si(?:\s[^<>]*)?/>")


# -- measuring a sheet's XML -------------------------------------------------------------------

_REF = re.compile(rb"([A-Za-z]+)0*([1-9][0-9]*)")
_PLAIN_CELL = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"(?: (?!r=)[a-z]{1,8}="[^"<>]*")* ?/?>')
_PREFIXED_C = re.compile(rb"<[^\s/<>!?]*:c[\s/>]")
_ODD_C = re.compile(rb"<c[>/\t\n\r]")
_F_TAG = re.compile(rb"<f[\s/>]")
_ERROR = re.compile(rb"(?<=[\s\"'])t\s*=\s*[\"']e[\"']")
_FORMULA_OR_ERROR = re.compile(rb"<f[\s/>]|(?<=[\s\"'])t\s*=\s*[\"']e[\"']")
_CELL = re.compile(rb"<c\s+r\s*=\s*\"([A-Za-z]+[0-9]+)\"([^>]*)(?<!/)>(.*?)</c\s*>", re.S)
_TYPE = re.compile(rb"(?<=[\s\"'])t\s*=\s*[\"']([^\"']*)[\"']")
_FORMULA = re.compile(rb"<f(?:\s[^>]*)?(?:/>|>(.*?)</f\s*>)", re.S)
_VALUE = re.compile(rb"<v(?:\s[^>]*)?(?:/>|>(.*?)</v\s*>)", re.S)


def scan_sheet_xml(data: bytes, limits: Limits | None = None) -> SheetScan:
    """Measure a worksheet part: its extent as calamine will allocate it, and unusable cells.

    The extent is found quickly when every cell names its position (``<c r="B7" …>``, as Excel,
    LibreOffice and openpyxl write): the largest row and column named anywhere bound it. Otherwise
    (or when that bound is over a limit: cells formatted but left empty far below the data are
    not values) the XML is walked as calamine walks it. Raises ``_Unusual`` for XML shaped so
    that the walk could disagree with calamine.
    """
    scan = _fast_extent(data, limits or current_limits()) or _walk(data)
    formulas = _F_TAG.search(data)
    errors = (b'"e"' in data or b"'e'" in data) and _ERROR.search(data)
    if formulas or errors:
        _formulas_and_errors(data, scan, (limits or current_limits()).max_problem_cells)
    return scan


def _fast_extent(data: bytes, limits: Limits) -> SheetScan | None:
    """The extent from the cells' own addresses, when every cell is written as Excel writes it.

    Every ``<c`` must open a tag of the plain form ``<c r="B7" s="1" t="s">`` (``r`` first and
    only once, no ``>`` inside values): then each cell's position is its ``r`` and the largest
    ones bound the extent (cells formatted but empty included). Else None: walk the XML. The
    part is taken in slices cut just before a ``<c ``, so that memory stays small.
    """
    if b":c" in data and _PREFIXED_C.search(data):
        return None
    cells = data.count(b"<c ")
    if _ODD_C.search(data):
        return None
    found = rows = columns = 0
    start = 0
    while start < len(data):
        cut = data.find(b"<c ", start + _SLICE)
        end = len(data) if cut < 0 else cut
        refs = _PLAIN_CELL.findall(data, start, end)
        found += len(refs)
        if refs:
            rows = max(rows, max(_row_number(n) for n in {row for _, row in refs}))
            columns = max(columns, max(_column_number(c) + 1 for c in {col for col, _ in refs}))
        start = end
    if found != cells:
        return None
    if rows > limits.max_rows or columns > limits.max_columns or rows * columns > limits.max_cells:
        return None  # maybe only formatted empty cells: walk the XML to be exact
    return SheetScan(rows, columns, cells)


_SLICE = 4 * 1024 * 1024


def _row_number(digits: bytes) -> int:
    """b"12" → 12; absurdly long numbers (which int() would refuse) are simply huge."""
    return int(digits) if len(digits) <= 12 else 10**12


_TOKEN = re.compile(
    rb"<(?:!--.*?--|!\[CDATA\[.*?\]\]|\?.*?\?"
    rb"|(/?)([^\s/<>!?\"'=]+)((?:\s+[^\s/<>\"'=]+\s*=\s*(?:\"[^\"<]*\"|'[^'<]*'))*)\s*(/?))>",
    re.S,
)
_ATTRIBUTE = re.compile(rb"([^\s/<>\"'=]+)\s*=\s*(?:\"([^\"<]*)\"|'([^'<]*)')")


def _walk(data: bytes) -> SheetScan:
    """Exact extent of the cells holding a value, following calamine's rules.

    Rows and cells without ``r`` continue from the previous one; ``<row/>`` and ``<c/>`` count
    as opened and closed; only the first ``sheetData`` is read. A cell holds a value when it has
    a ``<v>`` or ``<is>`` (even an empty one: erring on the large side is safe).
    """
    scan = SheetScan()
    pos = 0
    in_sheet_data = done = in_cell = valued = False
    row_index = col_index = cell_row = cell_col = 0
    while not done:
        start = data.find(b"<", pos)
        if start < 0:
            break
        token = _TOKEN.match(data, start)
        if token is None:
            raise _Unusual(f"XML tidak dikenal / unreadable XML at byte {start}")
        pos = token.end()
        raw_name = token.group(2)
        if raw_name is None:
            continue  # comment, CDATA, processing instruction
        name = raw_name.rpartition(b":")[2]
        closing, attributes, empty = token.group(1), token.group(3), token.group(4)
        if closing and (attributes or empty):
            raise _Unusual(f"tag penutup / closing tag at byte {start}")
        if not in_sheet_data:
            if name == b"sheetData" and not closing:
                in_sheet_data, done = True, bool(empty)
            continue
        if in_cell:
            if name in (b"row", b"sheetData") or (name == b"c" and not closing):
                raise _Unusual(f"sel bersarang / nested cell at byte {start}")
            if name == b"c":
                in_cell = False
                col_index += 1
                if valued:
                    scan.rows = max(scan.rows, cell_row + 1)
                    scan.columns = max(scan.columns, cell_col + 1)
            elif not closing and name in (b"v", b"is"):
                valued = True
            continue
        if closing:
            if name == b"row":
                row_index, col_index = row_index + 1, 0
            elif name == b"sheetData":
                done = True
            continue
        if name == b"row":
            r = _attribute(attributes, b"r")
            if r is not None:
                if not r.isdigit() or _row_number(r) == 0:
                    raise _Unusual(f"nomor baris / row number {r[:20]!r}")
                row_index = _row_number(r) - 1
            if empty:
                row_index, col_index = row_index + 1, 0
        elif name == b"c":
            scan.cells += 1
            r = _attribute(attributes, b"r")
            if r is None:
                cell_row, cell_col = row_index, col_index
            else:
                ref = _REF.fullmatch(r)
                if ref is None:
                    raise _Unusual(f"alamat sel / cell reference {r[:20]!r}")
                cell_row, cell_col = _row_number(ref.group(2)) - 1, _column_number(ref.group(1))
                col_index = cell_col
            if empty:
                col_index += 1
            else:
                in_cell, valued = True, False
        elif name == b"sheetData":
            raise _Unusual(f"sheetData bersarang / nested sheetData at byte {start}")
    return scan


def _attribute(attributes: bytes, key: bytes) -> bytes | None:
    """The last value of attribute ``key`` (calamine keeps the last one)."""
    found = None
    for match in _ATTRIBUTE.finditer(attributes):
        if match.group(1) == key:
            found = match.group(2) if match.group(2) is not None else match.group(3)
    return found


def _formulas_and_errors(data: bytes, scan: SheetScan, listed: int) -> None:
    """Formula cells without a saved result, and cells holding an Excel error (``t="e"``).

    Only cells written as Excel writes them (``<c r="B7" …>…</c>``) are recognised: this check
    is about honest files made by other programs, not about hostile ones.
    """
    seen: set[int] = set()
    for hit in _FORMULA_OR_ERROR.finditer(data):
        start = data.rfind(b"<c ", 0, hit.start())
        if start < 0 or start in seen:
            continue
        cell = _CELL.match(data, start)
        if cell is None or cell.end() <= hit.start():
            continue
        seen.add(start)
        attributes, inner = cell.group(2), cell.group(3)
        kind = _TYPE.search(attributes)
        cell_type = kind.group(1) if kind else b"n"
        value = _VALUE.search(inner)
        text = (value.group(1) or b"") if value else None
        ref = cell.group(1).decode().upper()
        full = len(scan.errors) + len(scan.unsaved_formulas) >= listed
        if cell_type == b"e" and text:
            if full:
                scan.more_cells += 1
            else:
                scan.errors.append((ref, _unescape(text[:200])))
            continue
        formula = _FORMULA.search(inner)
        if formula is None:
            continue
        if text is None or (not text and cell_type not in (b"str", b"inlineStr")):
            if full:
                scan.more_cells += 1
            else:
                scan.unsaved_formulas.append((ref, _unescape((formula.group(1) or b"")[:200])))


def _unescape(text: bytes) -> str:
    decoded = text.decode("utf-8", "replace")
    for entity, char in (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&apos;", "'")):
        decoded = decoded.replace(entity, char)
    return decoded.replace("&amp;", "&").strip()


# --------------------------------------------------------------------------------------------
# Reading the rows
# --------------------------------------------------------------------------------------------


class _TextBudget:
    """Characters of text left for the cells still to be read."""

    def __init__(self, chars: int) -> None:
        self.limit = chars
        self.left = chars


def _rows(
    path: Path, sheet: CalamineSheet, name: str, budget: _TextBudget, bound: int | None
) -> RawSheet:
    """The sheet's rows from A1 (as ``to_python(skip_empty_area=False)``), text within budget.

    When the text its cells can copy from the shared texts (``bound``) fits the budget, it is
    read in one go; otherwise row by row, counting every text, so that a few long texts shared
    by many cells cannot fill the memory.
    """
    if bound is not None and bound <= budget.left:
        budget.left -= bound
        return sheet.to_python(skip_empty_area=False)
    start = sheet.start
    pad: list[CellValue] = [""] * (start[1] if start else 0)
    rows: RawSheet = []
    for row in sheet.iter_rows():
        budget.left -= sum([len(v) for v in row if v.__class__ is str])
        if budget.left < 0:
            raise _file_error(
                path,
                f"Sheet '{name}' (dan sheet sebelumnya) berisi lebih dari {_id(budget.limit)} "
                "karakter teks",
                f"sheet '{name}' (with the sheets before it) holds more than {budget.limit:,} "
                "characters of text",
                "Hapus teks panjang atau sheet yang tidak perlu, lalu simpan ulang.",
                "Delete long texts or sheets that are not needed, then save again.",
            )
        rows.append(pad + row if pad else row)
    return rows


_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean_text(sheet: str, rows: RawSheet, limits: Limits) -> RawSheet:
    """Text as HR sees it, which the roster can hold: without the invisible control characters
    XML cannot hold (calamine decodes Excel's ``_x0001_`` escapes into them; they would be
    dropped when the roster is written, and a NIP would then no longer match). A text longer
    than Excel allows (32,767 characters) is refused, naming the cell: written back it would be
    cut, and a cut NIP would match no one.
    """
    texts = [v for row in rows for v in row if v.__class__ is str]
    if not texts:
        return rows
    if _UNWRITABLE.search("".join(texts)):
        rows = [[_UNWRITABLE.sub("", v) if isinstance(v, str) else v for v in row] for row in rows]
        texts = [v for row in rows for v in row if v.__class__ is str]
    if max(map(len, texts)) <= limits.max_cell_chars:
        return rows
    problems: list[InputProblem] = []
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, str) and len(value) > limits.max_cell_chars:
                cell = f"{column_letter(c)}{r + 1}"
                problems.append(
                    InputProblem(
                        sheet,
                        r + 1,
                        column_letter(c),
                        f"Sel {cell} berisi teks {_id(len(value))} karakter; Excel hanya "
                        f"mengizinkan {_id(limits.max_cell_chars)}",
                        f"cell {cell} holds a text of {len(value):,} characters; Excel allows "
                        f"only {limits.max_cell_chars:,}",
                        "Perpendek teks di sel itu.",
                        "Shorten the text in that cell.",
                    )
                )
    raise InputError(problems[: limits.max_problem_cells])


# --------------------------------------------------------------------------------------------
# Messages
# --------------------------------------------------------------------------------------------


def _size(count: int, indonesian: bool = False) -> str:
    """A size as people read it: 12.3 MB, 640 KB, 90 byte (12,3 MB in Indonesian)."""
    if count >= 1024 * 1024:
        text = f"{count / (1024 * 1024):,.1f} MB"
    elif count >= 1024:
        text = f"{count / 1024:,.0f} KB"
    else:
        text = f"{count} byte"
    return _swap_separators(text) if indonesian else text


def _id(number: float) -> str:
    """A whole number written the Indonesian way: 200.000 (a comma would read as decimals)."""
    return _swap_separators(f"{number:,.0f}")


def _swap_separators(text: str) -> str:
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def _is_panic(err: BaseException) -> bool:
    """A Rust panic inside calamine (pyo3's PanicException derives from BaseException)."""
    return type(err).__name__ == "PanicException"


#: How an allocation failure shows in a message from calamine (Rust) or Python.
_MEMORY_WORDS = ("memory allocation", "out of memory", "cannot allocate memory", "alloc failed")


def _raise_if_out_of_memory(err: BaseException) -> None:
    """A good file read without enough memory is not a damaged file: raise ``OutOfMemory``."""
    text = str(err).casefold()
    if isinstance(err, MemoryError) or any(word in text for word in _MEMORY_WORDS):
        raise OutOfMemory(str(err).strip().splitlines()[0][:200] if text.strip() else "")


def _damaged(err: BaseException) -> tuple[str, str, str, str]:
    """The message for a file that cannot be read (raises ``OutOfMemory`` for a memory error,
    which every "cannot be read" path passes through here)."""
    _raise_if_out_of_memory(err)
    detail = str(err).strip().splitlines()[0][:200] if str(err).strip() else type(err).__name__
    return (
        f"File rusak atau tidak dapat dibaca sebagai .xlsx ({detail})",
        f"the file is damaged or cannot be read as .xlsx ({detail})",
        "Salin ulang file aslinya, atau buka di Excel (Excel dapat memperbaikinya) lalu simpan "
        "ulang sebagai .xlsx.",
        "Copy the original file again, or open it in Excel (which can repair it) and save it "
        "again as .xlsx.",
    )


def _bomb(what_id: str, what_en: str) -> tuple[str, str, str, str]:
    return (
        f"File ini terlalu besar atau tidak wajar setelah dibuka ({what_id}); mungkin 'zip bomb'",
        f"this file is too large or abnormal once unpacked ({what_en}); possibly a 'zip bomb'",
        "Simpan ulang dari Excel sebagai .xlsx hanya dengan sheet yang diperlukan, atau pakai "
        "template.xlsx.",
        "Save it again from Excel as .xlsx with only the sheets needed, or use template.xlsx.",
    )


def _file_error(
    path: Path, message_id: str, message_en: str, fix_id: str, fix_en: str
) -> InputError:
    """An ``InputError`` about the whole file (the file name stands in for the sheet)."""
    return InputError([InputProblem(path.name, None, None, message_id, message_en, fix_id, fix_en)])
