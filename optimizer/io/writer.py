"""Write the roster workbook (sheets Jadwal, Rekap Harian, Cakupan, Pelanggaran, Ringkasan).

The layout is the documented output contract (issue 2, section 3). Workbooks are built with
openpyxl in write-only mode, which streams rows to disk, so that 60,000 staff × 20 dates stay
fast and small in memory. In that mode rows are appended top to bottom and everything written in
the sheet header (column widths, frozen panes, fit-to-page) must be set before the first row.

Every string that comes from the input (names, units, NIPs, reasons) goes through ``text_cell``,
which forces the cell to be a string: a name such as ``=HYPERLINK(...)`` can never become a
formula. Every file is written atomically (``atomic_output``): a temporary file in the same
folder, then ``os.replace``; a failure leaves the previous file untouched and no temporary file.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata
import zipfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from models.domain import WEEKDAY_NAMES_ID, Employee, Problem, Unit
from models.domain import Cell as RosterCell
from models.registry import RULES, TIER_NAMES, RuleId, Tier
from models.solve import Result, SolveStatus
from optimizer.analysis import report as rp
from optimizer.analysis.explain import RULE_LABELS as EXPLAIN_LABELS
from optimizer.analysis.explain import Explanation, Finding
from optimizer.analysis.report import CheckReport, Coverage, DayCount, FairnessRow, Violation
from optimizer.io.atomic import atomic_output
from optimizer.io.parameters import PARAMETERS

# openpyxl's type stubs declare almost none of the attributes a write-only worksheet really has
# (column_dimensions, auto_filter, page_setup, …), so the sheets are typed loosely here.
Sheet = Any
_T = TypeVar("_T")

SHEET_JADWAL = "Jadwal"
SHEET_REKAP = "Rekap Harian"
SHEET_CAKUPAN = "Cakupan"
SHEET_PELANGGARAN = "Pelanggaran"
SHEET_RINGKASAN = "Ringkasan"
SHEET_PENJELASAN = "Penjelasan"
SHEET_NAMES = (SHEET_JADWAL, SHEET_REKAP, SHEET_CAKUPAN, SHEET_PELANGGARAN, SHEET_RINGKASAN)
PENJELASAN_COLUMNS = (
    "No",
    "Aturan",
    "Tingkat",
    "Unit / Gedung",
    "Tanggal",
    "Jumlah Pelanggaran",
    "Lingkup",
    "Alasan",
    "Reason",
    "Konflik Minimal / Minimal Conflict",
    "Saran / Suggestions",
)
NO_FINDING_TEXT = "Semua aturan terpenuhi / every rule is met"

JADWAL_HEADER_ROW = 5  # 1-based row of the Jadwal header (title block and legend above it)
JADWAL_FIXED_COLUMNS = ("NIP", "Nama", "Unit Kerja", "Bidang", "Seksi")
JADWAL_TOTAL_COLUMN = "Jumlah WFO"
REKAP_COLUMNS = (
    "Jenis",
    "Nama",
    "Tanggal",
    "Pegawai",
    "Tersedia",
    "Hadir (WFO)",
    "Kuota",
    "Minimum",
    "Status",
)
CAKUPAN_COLUMNS = (
    "Unit Kerja",
    "Bidang",
    "Seksi",
    "Tanggal",
    "Anggota",
    "Bisa Hadir",
    "Wajib Hadir",
    "Hadir",
    "Status",
)
PELANGGARAN_COLUMNS = (
    "Aturan",
    "Sifat",
    "Tingkat",
    "Lingkup",
    "Tanggal",
    "Syarat",
    "Aktual",
    "Alasan",
    "Reason",
)
NO_VIOLATION_TEXT = "Tidak ada pelanggaran / No rule broken"
SIGNATURE_PLACE_BLANK = "……………………"
SIGNATURE_NIP_LINE = "NIP. ……………………………"

MAX_CELL_CHARS = 32_767  # Excel's limit for the text of one cell
DATE_FORMAT = "yyyy-mm-dd"
HEADER_DATE_FORMAT = "[$-421]ddd dd/mm/yyyy"  # e.g. "Sen 06/01/2025" (421 = Indonesian)

MONTHS_ID = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)

#: Label of each rule the checker reports (sheet ``Pelanggaran``), from ``models.registry``.
RULE_LABELS: dict[str, str] = {r: spec.label for r, spec in RULES.items() if spec.is_rule}
#: Priority tier of each rule that may bend (1 = most important); never-broken rules have none.
RULE_TIERS: dict[str, int] = {
    r: int(spec.tier) for r, spec in RULES.items() if spec.is_rule and spec.tier is not None
}
HARD_LABEL = "Keras (tidak boleh dilanggar) / hard"
SOFT_LABEL = "Dapat dilonggarkan / may bend"

#: What each tier's part of the objective measures (sheet ``Ringkasan``).
TIER_LABELS: dict[Tier, str] = {
    t: f"{name_id} / {name_en}" for t, (name_id, name_en) in TIER_NAMES.items()
}
STATUS_LABELS = {
    SolveStatus.OPTIMAL: "OPTIMAL — terbukti optimal / proved optimal",
    SolveStatus.FEASIBLE: "FEASIBLE — layak, belum terbukti optimal / feasible, not proved optimal",
    SolveStatus.NO_SOLUTION: "NO_SOLUTION — tidak ada jadwal dalam batas waktu / no roster in time",
    SolveStatus.INTERRUPTED: "INTERRUPTED — dihentikan; jadwal terbaik sejauh ini, bagian yang "
    "belum selesai semua WFH / stopped on request; best roster so far, unsolved parts all WFH",
}
LEGEND = (
    (RosterCell.WFO, "WFO: di kantor / at the office"),
    (RosterCell.WFH, "WFH: di rumah / at home"),
    (RosterCell.LEAVE, "CUTI: cuti / leave"),
    (RosterCell.SICK, "SAKIT: sakit / sick"),
    (RosterCell.DUTY_TRAVEL, "DL: dinas luar / duty travel"),
    (RosterCell.ISOLATION, "ISOLASI: isolasi / isolation"),
    (RosterCell.HOLIDAY, "LIBUR: hari libur / holiday"),
)


@dataclass(frozen=True)
class RunInfo:
    """How the run that produced the roster was made (sheet ``Ringkasan``)."""

    input_name: str
    input_sha256: str
    seed: int
    time_limit_s: float
    workers: int
    started_at: dt.datetime
    version: str  # version of the giliran package
    place: str = ""  # town for the signature line ("Balikpapan, 6 Januari 2025"); blank if ""


# ---------------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------------


def write_roster(
    path: Path,
    problem: Problem,
    result: Result,
    report: CheckReport,
    info: RunInfo,
    explanation: Explanation | None = None,
) -> None:
    """Write the whole roster workbook to ``path`` (atomically).

    With an ``explanation`` (rules that had to bend), a ``Penjelasan`` sheet lists its findings.
    """
    scope = _Scope.whole(problem, result, report)
    if explanation is not None:
        scope = dataclasses.replace(scope, findings=list(explanation.findings))
    with atomic_output(path) as tmp:
        _save(_build_workbook(scope, info), tmp)


def write_unit_rosters(
    folder: Path,
    stem: str,
    problem: Problem,
    result: Result,
    report: CheckReport,
    info: RunInfo,
    explanation: Explanation | None = None,
    claim: Callable[[Path], Path] | None = None,
) -> list[Path]:
    """One workbook per unit kerja with staff: ``<stem>-<slug of unit>.xlsx`` in ``folder``.

    Each holds only that unit's staff and rows, and a signature block for the Kepala under the
    Jadwal. Units without staff get no file. ``claim`` turns each wanted path into the path to
    write (the application reserves a free name there, ``optimizer.io.atomic.claim``). Returns
    the paths written, in unit order.
    """
    scopes = _Scope.per_unit(problem, result, report)
    if explanation is not None:
        scopes = [
            dataclasses.replace(
                s,
                findings=[
                    f for f in explanation.findings if s.unit is not None and f.owner == s.unit.name
                ],
            )
            for s in scopes
        ]
    names = unique_slugs([s.unit.name for s in scopes if s.unit is not None])
    written: list[Path] = []
    for scope, slug in zip(scopes, names, strict=True):
        path = folder / f"{stem}-{slug}.xlsx"
        if claim is not None:
            path = claim(path)
        with atomic_output(path) as tmp:
            _save(_build_workbook(scope, info), tmp)
        written.append(path)
    return written


def _save(book: Workbook, path: Path) -> None:
    """Save ``book`` as ``Workbook.save`` does; when saving fails (a full disk), let go of it
    cleanly.

    Left to the garbage collector, the zip file would try to flush its buffer to the full disk
    again, and each write-only worksheet not yet saved (a suspended row generator and a
    temporary file) would write to its closed file: Python printed five "Exception ignored …"
    tracebacks after the real message. Here the zip file is closed without another write, the
    generators are closed quietly and their temporary files removed.
    """
    if book.write_only and not book.worksheets:
        book.create_sheet()
    # openpyxl's own ``save_workbook``, with the zip file in hand: on a failure it is let go
    # here (its buffer cannot be flushed to a full disk), not complained about by ``__del__``
    archive = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    book.properties.modified = dt.datetime.now(tz=dt.UTC).replace(tzinfo=None)
    try:
        ExcelWriter(book, archive).save()
    except BaseException:
        handle, archive.fp = archive.fp, None  # ZipFile.close() is then a no-op
        with suppress(Exception):
            if handle is not None:
                handle.close()
        for ws in book.worksheets:
            rows, writer = getattr(ws, "_rows", None), getattr(ws, "_writer", None)
            with suppress(Exception):
                if rows is not None:
                    rows.close()
            if rows is not None:
                ws._rows = None  # type: ignore[attr-defined]
            with suppress(Exception):
                if writer is not None:
                    writer.cleanup()
        raise


def text_cell(ws: Sheet, value: object, style: str | None = None) -> Cell:
    """A cell that always holds ``value`` as plain text (never a formula).

    openpyxl turns a string starting with ``=`` into a formula; forcing ``data_type`` back to
    ``"s"`` writes it as an inline string. Characters XML cannot hold are dropped and the text is
    cut to Excel's limit of 32,767 characters.
    """
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))[:MAX_CELL_CHARS]
    cell = WriteOnlyCell(ws, text)
    cell.data_type = "s"
    if style is not None:
        cell.style = style
    return cell


def write_table(
    path: Path, sheet: str, columns: Sequence[str], rows: Iterable[Sequence[object]]
) -> None:
    """A plain one-sheet table (bold header, frozen, filtered), written atomically.

    Strings are written as plain text (never formulas); numbers as numbers.
    """
    book = Workbook(write_only=True)
    ws = book.create_sheet(sheet)
    ws.freeze_panes = "A2"
    header = []
    for name in columns:
        cell = text_cell(ws, name)
        cell.font = Font(bold=True)
        header.append(cell)
    ws.append(header)
    count = 0
    for row in rows:
        ws.append([text_cell(ws, v) if isinstance(v, str) else v for v in row])
        count += 1
    ws.auto_filter.ref = f"A1:{get_column_letter(max(1, len(columns)))}{max(1, count) + 1}"
    with atomic_output(path) as tmp:
        _save(book, tmp)


def slugify(name: str) -> str:
    """A file-name-safe slug: ASCII letters and digits joined by ``-`` (``"unit"`` if empty)."""
    ascii_only = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_only.lower()).strip("-")
    return slug[:60].rstrip("-") or "unit"


#: The most a per-unit file name adds to the roster's stem: ``-`` and a slug (``unique_slugs``).
PER_UNIT_NAME_EXTRA = 1 + 60 + len("-9999")


def unique_slugs(names: Sequence[str]) -> list[str]:
    """Slugs of ``names``, with ``-2``, ``-3``, … added where two names give the same slug."""
    used: set[str] = set()
    out: list[str] = []
    for name in names:
        base = slug = slugify(name)
        n = 2
        while slug in used:
            slug, n = f"{base}-{n}", n + 1
        used.add(slug)
        out.append(slug)
    return out


# ---------------------------------------------------------------------------------------------
# What one workbook shows: the whole organisation or one unit
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Scope:
    problem: Problem
    result: Result
    report: CheckReport
    unit: Unit | None  # None = the whole organisation
    employees: tuple[Employee, ...]
    day_counts: list[DayCount]
    coverage: list[Coverage]
    violations: list[Violation]
    fairness: list[FairnessRow]
    by_nip: dict[str, Employee] = field(default_factory=dict)
    findings: list[Finding] | None = None  # None = not explained (no Penjelasan sheet)

    @staticmethod
    def whole(problem: Problem, result: Result, report: CheckReport) -> _Scope:
        return _Scope(
            problem,
            result,
            report,
            None,
            problem.employees,
            report.day_counts,
            report.coverage,
            report.violations,
            report.fairness,
            {e.nip: e for e in problem.employees},
        )

    @staticmethod
    def per_unit(problem: Problem, result: Result, report: CheckReport) -> list[_Scope]:
        staff: dict[str, list[Employee]] = defaultdict(list)
        for emp in problem.employees:
            staff[emp.unit].append(emp)
        counts = _group((d for d in report.day_counts if d.kind == "Unit"), lambda d: d.name)
        coverage = _group(report.coverage, lambda c: c.unit)
        fairness = _group(report.fairness, lambda f: f.unit)
        scopes = []
        for unit in problem.units:
            people = staff.get(unit.name)
            if not people:
                continue
            by_nip = {e.nip: e for e in people}
            buildings = {problem.building_of(e) for e in people}
            scopes.append(
                _Scope(
                    problem,
                    result,
                    report,
                    unit,
                    tuple(people),
                    counts.get(unit.name, []),
                    coverage.get(unit.name, []),
                    [v for v in report.violations if _concerns(v, unit.name, by_nip, buildings)],
                    fairness.get(unit.name, []),
                    by_nip,
                )
            )
        return scopes

    @property
    def title(self) -> str:
        if self.unit is None:
            return self.problem.name or "Seluruh unit / all units"
        if self.problem.name:
            return f"{self.unit.name} — {self.problem.name}"
        return self.unit.name


def _group(items: Iterable[_T], key: Callable[[_T], str]) -> dict[str, list[_T]]:
    out: dict[str, list[_T]] = defaultdict(list)
    for item in items:
        out[key(item)].append(item)
    return out


def _concerns(v: Violation, unit: str, nips: dict[str, Employee], buildings: set[str]) -> bool:
    """Whether a violation belongs in the workbook of ``unit``."""
    if v.scope == unit or v.scope.startswith(unit + " / ") or v.scope in nips:
        return True
    return v.rule == RuleId.BUILDING_CAP and v.scope in buildings


# ---------------------------------------------------------------------------------------------
# Styles (named styles: quick to apply per cell and reusable by people editing the roster)
# ---------------------------------------------------------------------------------------------

S_TITLE = "Giliran judul"
S_SUBTITLE = "Giliran keterangan"
S_HEADER = "Giliran kepala kolom"
S_HEADER_DATE = "Giliran kepala tanggal"
S_SECTION = "Giliran bagian"
S_TEXT = "Giliran teks"
S_DATE = "Giliran tanggal"
S_PERCENT = "Giliran persen"
S_NUMBER = "Giliran angka"

_CELL_COLOURS = {  # fill, font
    RosterCell.WFO: ("C6EFCE", "006100"),
    RosterCell.WFH: ("DDEBF7", "1F4E78"),
    RosterCell.LEAVE: ("FFEB9C", "7F6000"),
    RosterCell.SICK: ("FFC7CE", "9C0006"),
    RosterCell.DUTY_TRAVEL: ("E4DFEC", "5B3F86"),
    RosterCell.ISOLATION: ("F8CBAD", "833C0B"),
    RosterCell.HOLIDAY: ("D9D9D9", "404040"),
}
_STATUS_COLOURS = {
    rp.STATUS_OK: ("C6EFCE", "006100"),
    rp.STATUS_FULL: ("DDEBF7", "1F4E78"),
    rp.STATUS_OVER: ("FFC7CE", "9C0006"),
    rp.STATUS_UNDER_MIN: ("FFC7CE", "9C0006"),
    rp.STATUS_HOLIDAY: ("D9D9D9", "404040"),
    rp.STATUS_CLOSED: ("F8CBAD", "833C0B"),
    rp.COVERED: ("C6EFCE", "006100"),
    rp.NOT_COVERED: ("FFC7CE", "9C0006"),
    rp.NOBODY_ELIGIBLE: ("FFEB9C", "7F6000"),
}
_HARD_COLOURS = ("FFC7CE", "9C0006")
_SOFT_COLOURS = ("FFEB9C", "7F6000")
_OK_COLOURS = ("C6EFCE", "006100")


def cell_style(cell: RosterCell) -> str:
    return f"Giliran {cell.value}"


def status_style(status: str) -> str:
    return f"Giliran status {status}" if status in _STATUS_COLOURS else S_TEXT


def _coloured(name: str, colours: tuple[str, str], bold: bool = False) -> NamedStyle:
    fill, font = colours
    return NamedStyle(
        name=name,
        fill=PatternFill("solid", fgColor=fill),
        font=Font(color=font, bold=bold),
        alignment=Alignment(horizontal="center"),
    )


def _install_styles(book: Workbook) -> None:
    thin = Side(style="thin", color="808080")
    header = dict(
        font=Font(bold=True, color="FFFFFF"),
        fill=PatternFill("solid", fgColor="305496"),
        border=Border(left=thin, right=thin, top=thin, bottom=thin),
        alignment=Alignment(horizontal="center", vertical="center", wrap_text=True),
    )
    styles = [
        NamedStyle(name=S_TITLE, font=Font(bold=True, size=14)),
        NamedStyle(name=S_SUBTITLE, font=Font(italic=True, color="404040")),
        NamedStyle(name=S_HEADER, **header),  # type: ignore[arg-type]
        NamedStyle(name=S_HEADER_DATE, number_format=HEADER_DATE_FORMAT, **header),  # type: ignore[arg-type]
        NamedStyle(
            name=S_SECTION,
            font=Font(bold=True, color="1F3864"),
            fill=PatternFill("solid", fgColor="D9E1F2"),
        ),
        NamedStyle(name=S_TEXT, number_format="@"),
        NamedStyle(name=S_DATE, number_format=DATE_FORMAT, alignment=Alignment(horizontal="left")),
        NamedStyle(name=S_PERCENT, number_format="0.00%", alignment=Alignment(horizontal="left")),
        NamedStyle(name=S_NUMBER, alignment=Alignment(horizontal="left")),
    ]
    styles += [_coloured(cell_style(c), colours) for c, colours in _CELL_COLOURS.items()]
    styles += [_coloured(status_style(s), colours) for s, colours in _STATUS_COLOURS.items()]
    styles += [
        _coloured("Giliran keras", _HARD_COLOURS),
        _coloured("Giliran lunak", _SOFT_COLOURS),
        _coloured("Giliran baik", _OK_COLOURS, bold=True),
    ]
    for style in styles:
        book.add_named_style(style)


# ---------------------------------------------------------------------------------------------
# Small cell helpers
# ---------------------------------------------------------------------------------------------


def _styled(ws: Sheet, value: object, style: str) -> Cell:
    """A styled cell for a value produced by Giliran itself (number, date); text uses text_cell."""
    if isinstance(value, str):
        return text_cell(ws, value, style)
    cell = WriteOnlyCell(ws, _excel_value(value))
    cell.style = style
    return cell


def _excel_value(value: object) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _date(ws: Sheet, day: dt.date | None) -> Cell | None:
    return None if day is None else _styled(ws, day, S_DATE)


def _header_row(ws: Sheet, names: Iterable[str]) -> list[Cell]:
    return [text_cell(ws, n, S_HEADER) for n in names]


def _set_widths(ws: Sheet, widths: Sequence[float]) -> None:
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width


def _finish_table(ws: Sheet, n_columns: int, header_row: int, last_row: int) -> None:
    """Autofilter over the table (header row included)."""
    last = get_column_letter(n_columns)
    ws.auto_filter.ref = f"A{header_row}:{last}{max(last_row, header_row)}"


def _weekday_label(day: dt.date) -> str:
    return f"{WEEKDAY_NAMES_ID[day.weekday()]} {day:%d/%m}"


def tanggal_id(day: dt.date) -> str:
    """A date written the Indonesian way, e.g. ``6 Januari 2025``."""
    return f"{day.day} {MONTHS_ID[day.month - 1]} {day.year}"


def _yes_no(flag: bool) -> str:
    return "Ya / yes" if flag else "Tidak / no"


def _naive(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone().replace(tzinfo=None) if moment.tzinfo else moment


# ---------------------------------------------------------------------------------------------
# The workbook
# ---------------------------------------------------------------------------------------------


def _build_workbook(scope: _Scope, info: RunInfo) -> Workbook:
    book = Workbook(write_only=True)
    _install_styles(book)
    try:
        _write_jadwal(book.create_sheet(SHEET_JADWAL), scope, info)
        _write_rekap(book.create_sheet(SHEET_REKAP), scope)
        _write_cakupan(book.create_sheet(SHEET_CAKUPAN), scope)
        _write_pelanggaran(book.create_sheet(SHEET_PELANGGARAN), scope)
        _write_ringkasan(book.create_sheet(SHEET_RINGKASAN), scope, info)
        if scope.findings is not None:
            _write_penjelasan(book.create_sheet(SHEET_PENJELASAN), scope.findings)
    except BaseException:
        for ws in book.worksheets:  # end the row streams openpyxl keeps open per sheet
            with suppress(Exception):
                ws.close()
        raise
    return book


# -- Jadwal -------------------------------------------------------------------------------------


def _write_jadwal(ws: Sheet, scope: _Scope, info: RunInfo) -> None:
    roster = scope.result.roster
    if roster is None:
        raise ValueError("no roster to write (the solver found none)")
    dates = roster.dates
    n_cols = len(JADWAL_FIXED_COLUMNS) + len(dates) + 1
    first_date_col = len(JADWAL_FIXED_COLUMNS) + 1
    _set_widths(ws, [22, 30, 30, 26, 26] + [15] * len(dates) + [12])
    ws.freeze_panes = f"{get_column_letter(first_date_col)}{JADWAL_HEADER_ROW + 1}"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_title_rows = f"{JADWAL_HEADER_ROW}:{JADWAL_HEADER_ROW}"

    for title_row in _jadwal_title_block(ws, scope, info, dates):
        ws.append(title_row)
    header = _header_row(ws, JADWAL_FIXED_COLUMNS)
    header += [_styled(ws, d, S_HEADER_DATE) for d in dates]
    header.append(text_cell(ws, JADWAL_TOTAL_COLUMN, S_HEADER))
    ws.append(header)

    # One styled cell per code, reused: openpyxl's write-only sheet places and writes each cell
    # as the row streams out, so sharing is safe, and it saves building ~300,000 styled cells
    # for a province (measured: writing the roster of 30,000 staff went from 8.9 s to 7.1 s).
    codes = {c: text_cell(ws, c.value, cell_style(c)) for c in RosterCell}
    for emp in scope.employees:
        cells = roster.cells.get(emp.nip, ())
        row: list[Cell | int | None] = [
            text_cell(ws, emp.nip, S_TEXT),
            text_cell(ws, emp.name),
            text_cell(ws, emp.unit),
            text_cell(ws, emp.bidang),
            text_cell(ws, emp.seksi),
        ]
        row += [codes[c] for c in cells]
        row += [None] * (len(dates) - len(cells))
        row.append(sum(1 for c in cells if c is RosterCell.WFO))
        ws.append(row)
    last_row = JADWAL_HEADER_ROW + len(scope.employees)
    _finish_table(ws, n_cols, JADWAL_HEADER_ROW, last_row)
    if scope.unit is not None:
        col = max(first_date_col, n_cols - 2)
        for line in _signature_lines(scope.unit, info):
            ws.append([None] * (col - 1) + [text_cell(ws, line) if line else None])


def _jadwal_title_block(
    ws: Sheet, scope: _Scope, info: RunInfo, dates: Sequence[dt.date]
) -> list[list[Cell | None]]:
    """Rows 1 … JADWAL_HEADER_ROW − 1: title, period, legend (two rows)."""
    working = [d for d in dates if d not in scope.problem.holiday_names]
    period = (
        f"Periode / Period: {tanggal_id(dates[0])} – {tanggal_id(dates[-1])} · "
        f"{len(working)} hari kerja / working days · {len(scope.employees)} pegawai / staff · "
        f"dibuat / generated {dt.datetime.now():%Y-%m-%d %H:%M} · Giliran {info.version}"
        if dates
        else "Periode kosong / empty period"
    )
    legend = [text_cell(ws, label, cell_style(c)) for c, label in LEGEND]
    rows: list[list[Cell | None]] = [
        [text_cell(ws, f"Jadwal WFO/WFH — {scope.title}", S_TITLE)],
        [text_cell(ws, period, S_SUBTITLE)],
        [text_cell(ws, "Keterangan / Legend:", S_SECTION), *legend[:4]],
        [None, *legend[4:]],
    ]
    assert len(rows) == JADWAL_HEADER_ROW - 1
    return rows


def _signature_lines(unit: Unit, info: RunInfo) -> list[str]:
    place = info.place or SIGNATURE_PLACE_BLANK
    return [
        "",
        "",
        f"{place}, {tanggal_id(_naive(info.started_at).date())}",
        f"Kepala {unit.name},",
        "",
        "",
        "",
        "(……………………………………………)",
        SIGNATURE_NIP_LINE,
    ]


# -- Rekap Harian -------------------------------------------------------------------------------


def _write_rekap(ws: Sheet, scope: _Scope) -> None:
    side_col = len(REKAP_COLUMNS) + 2  # one empty column between the table and the chart data
    _set_widths(ws, [9, 40, 12, 10, 10, 12, 9, 10, 18, 3, 14, 14, 14])
    ws.freeze_panes = "A2"
    totals = _daily_totals(scope.day_counts)
    side_header = ["Hari / Day", "Hadir (WFO) total", "Kuota total / cap"]
    side_rows = [[_weekday_label(d), on, cap] for d, (on, cap) in totals.items()]
    main_rows = [_rekap_row(ws, d) for d in scope.day_counts]
    ws.append([*_header_row(ws, REKAP_COLUMNS), None, *_header_row(ws, side_header)])
    for i in range(max(len(main_rows), len(side_rows))):
        main: list[Any] = main_rows[i] if i < len(main_rows) else [None] * len(REKAP_COLUMNS)
        side: list[Any] = []
        if i < len(side_rows):
            label, on, cap = side_rows[i]
            side = [text_cell(ws, label), on, cap]
        ws.append([*main, None, *side] if side else main)
    _finish_table(ws, len(REKAP_COLUMNS), 1, 1 + len(main_rows))
    if side_rows:
        chart = _headcount_chart(ws, side_col, len(side_rows), scope)
        ws.add_chart(chart, f"{get_column_letter(side_col)}{len(side_rows) + 4}")


def _rekap_row(ws: Sheet, d: DayCount) -> list[Any]:
    return [
        text_cell(ws, d.kind),
        text_cell(ws, d.name),
        _date(ws, d.date),
        d.staff,
        d.available,
        d.on_site,
        d.cap,
        d.minimum,
        text_cell(ws, d.status, status_style(d.status)),
    ]


def _daily_totals(counts: Iterable[DayCount]) -> dict[dt.date, tuple[int, int]]:
    """Per date: unit on-site staff summed over units, and their caps (0 on a holiday)."""
    out: dict[dt.date, tuple[int, int]] = {}
    for d in sorted((c for c in counts if c.kind == "Unit"), key=lambda c: c.date):
        on, cap = out.get(d.date, (0, 0))
        counted_cap = d.cap if d.cap is not None and d.status != rp.STATUS_HOLIDAY else 0
        out[d.date] = (on + d.on_site, cap + counted_cap)
    return out


def _headcount_chart(ws: Sheet, side_col: int, n: int, scope: _Scope) -> BarChart:
    who = "seluruh unit / all units" if scope.unit is None else scope.unit.name
    bar = BarChart()
    bar.type = "col"
    bar.title = f"Hadir (WFO) vs kuota per hari — {who}"
    bar.y_axis.title = "Pegawai / staff"
    bar.x_axis.title = "Hari / day"
    bar.add_data(
        Reference(ws, min_col=side_col + 1, min_row=1, max_row=1 + n), titles_from_data=True
    )
    bar.set_categories(Reference(ws, min_col=side_col, min_row=2, max_row=1 + n))
    line = LineChart()
    line.add_data(
        Reference(ws, min_col=side_col + 2, min_row=1, max_row=1 + n), titles_from_data=True
    )
    line.set_categories(Reference(ws, min_col=side_col, min_row=2, max_row=1 + n))
    bar += line
    # openpyxl ≥ 3.1 hides the axes unless told otherwise.
    bar.x_axis.delete = False
    bar.y_axis.delete = False
    bar.legend.position = "b"
    bar.width = max(16, round(1.6 * n))  # cm
    bar.height = 9
    return bar


# -- Cakupan ------------------------------------------------------------------------------------


def _write_cakupan(ws: Sheet, scope: _Scope) -> None:
    _set_widths(ws, [36, 32, 32, 12, 10, 11, 12, 9, 28])
    ws.freeze_panes = "A2"
    ws.append(_header_row(ws, CAKUPAN_COLUMNS))
    for c in scope.coverage:
        ws.append(
            [
                text_cell(ws, c.unit),
                text_cell(ws, c.bidang),
                text_cell(ws, c.seksi),
                _date(ws, c.date),
                c.members,
                c.eligible,
                c.required,
                c.present,
                text_cell(ws, c.status, status_style(c.status)),
            ]
        )
    _finish_table(ws, len(CAKUPAN_COLUMNS), 1, 1 + len(scope.coverage))


# -- Pelanggaran --------------------------------------------------------------------------------


def _write_pelanggaran(ws: Sheet, scope: _Scope) -> None:
    _set_widths(ws, [44, 30, 9, 40, 12, 12, 12, 60, 60])
    ws.freeze_panes = "A2"
    ws.append(_header_row(ws, PELANGGARAN_COLUMNS))
    if not scope.violations:
        ws.append([text_cell(ws, NO_VIOLATION_TEXT, "Giliran baik")])
    for v in scope.violations:
        ws.append(
            [
                text_cell(ws, RULE_LABELS.get(v.rule, v.rule)),
                text_cell(
                    ws,
                    HARD_LABEL if v.hard else SOFT_LABEL,
                    "Giliran keras" if v.hard else "Giliran lunak",
                ),
                RULE_TIERS.get(v.rule, "-"),
                text_cell(ws, v.scope),
                _date(ws, v.date),
                text_cell(ws, v.required),
                text_cell(ws, v.actual),
                text_cell(ws, v.reason_id),
                text_cell(ws, v.reason_en),
            ]
        )
    _finish_table(ws, len(PELANGGARAN_COLUMNS), 1, 1 + max(1, len(scope.violations)))


# -- Penjelasan ---------------------------------------------------------------------------------


def _write_penjelasan(ws: Sheet, findings: list[Finding]) -> None:
    """One row per finding: why a rule had to bend, the minimal conflict, verified suggestions."""
    _set_widths(ws, [6, 34, 9, 34, 26, 12, 50, 70, 70, 70, 80])
    ws.freeze_panes = "A2"
    ws.append(_header_row(ws, PENJELASAN_COLUMNS))
    if not findings:
        ws.append([text_cell(ws, NO_FINDING_TEXT, "Giliran baik")])
    for f in findings:
        suggestions = "\n".join(
            f"{i}. {s.text_id} / {s.text_en}" + ("" if s.verified else " (belum diuji / untested)")
            for i, s in enumerate(f.suggestions, start=1)
        )
        ws.append(
            [
                f.number,
                text_cell(ws, EXPLAIN_LABELS.get(f.rule, (f.rule, f.rule))[0]),
                f.tier,
                text_cell(ws, f.owner),
                text_cell(ws, ", ".join(d.isoformat() for d in f.dates)),
                f.violations,
                text_cell(ws, "; ".join(f.scopes)),
                text_cell(ws, f.reason_id),
                text_cell(ws, f.reason_en),
                text_cell(ws, "\n".join(f.facts)),
                text_cell(ws, suggestions),
            ]
        )
    _finish_table(ws, len(PENJELASAN_COLUMNS), 1, 1 + max(1, len(findings)))


# -- Ringkasan ----------------------------------------------------------------------------------


def _write_ringkasan(ws: Sheet, scope: _Scope, info: RunInfo) -> None:
    _set_widths(ws, [58, 40, 26, 26, 16, 16, 16, 40])
    ws.freeze_panes = "A2"
    ws.append(_header_row(ws, ["Keterangan / Item", "Nilai / Value"]))
    for section, pairs in _summary_sections(scope, info):
        ws.append([])
        ws.append([text_cell(ws, section, S_SECTION), text_cell(ws, "", S_SECTION)])
        for key, value in pairs:
            ws.append([text_cell(ws, key), _summary_value(ws, value)])
    ws.append([])
    for row in _fairness_rows(ws, scope):
        ws.append(row)
    ws.append([])
    for row in _exception_rows(ws, scope):
        ws.append(row)


Pair = tuple[str, object]


def _summary_value(ws: Sheet, value: object) -> Cell:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return _styled(ws, value, S_DATE)
    if isinstance(value, _Percent):
        return _styled(ws, value.fraction, S_PERCENT)
    if isinstance(value, bool):
        return text_cell(ws, _yes_no(value))
    if isinstance(value, int | float | Decimal):
        return _styled(ws, value, S_NUMBER)
    return text_cell(ws, value)


@dataclass(frozen=True)
class _Percent:
    fraction: float


def _summary_sections(scope: _Scope, info: RunInfo) -> list[tuple[str, list[Pair]]]:
    return [
        ("Hasil solver (seluruh organisasi) / Solver result (whole organisation)",
         _result_pairs(scope, info)),
        ("Ukuran / Size", _size_pairs(scope)),
        ("Parameter yang dipakai / Parameters used", _parameter_pairs(scope, info)),
        ("Berkas masukan / Input file", [
            ("Nama berkas / file name", info.input_name),
            ("SHA-256", info.input_sha256),
        ]),
        ("Hari libur dilewati / Holidays skipped", _holiday_pairs(scope.problem)),
        ("Penutupan gedung / Building closures", _closure_pairs(scope)),
    ]  # fmt: skip


def _result_pairs(scope: _Scope, info: RunInfo) -> list[Pair]:
    result = scope.result
    tiers = result.tier_values
    wall = (
        _naive(dt.datetime.now(info.started_at.tzinfo)) - _naive(info.started_at)
    ).total_seconds()
    n_broken = len(scope.violations)
    pairs: list[Pair] = [
        ("Status solver / solver status", STATUS_LABELS[result.status]),
        (
            "Semua aturan terpenuhi / every rule met",
            "Ya / yes" if n_broken == 0 else f"Tidak / no ({n_broken} pelanggaran / broken)",
        ),
    ]
    pairs += [(f"Tingkat {t.value}: {TIER_LABELS[t]}", tiers[t]) for t in Tier]
    pairs += [
        ("Nilai objektif / objective", result.objective),
        ("Batas terbaik / best bound", result.bound),
        ("Selisih / gap", _Percent(result.gap)),
        ("Waktu solver (detik) / solve time (s)", round(result.wall_time_s, 3)),
        ("Waktu total (detik) / wall time (s)", round(wall, 3)),
        ("Jumlah pemecahan CP-SAT / CP-SAT solves", sum(c.solves for c in result.components)),
    ]
    return pairs


def _size_pairs(scope: _Scope) -> list[Pair]:
    problem, result = scope.problem, scope.result
    units = [scope.unit] if scope.unit is not None else list(problem.units)
    buildings = {u.building for u in units} | {problem.building_of(e) for e in scope.employees}
    return [
        ("Pegawai / employees", len(scope.employees)),
        ("Unit kerja / units", len(units)),
        ("Gedung / buildings", len(buildings)),
        ("Komponen (seluruh organisasi) / components (whole organisation)",
         len(result.components)),
        ("Variabel / variables", result.num_variables),
        ("Kendala / constraints", result.num_constraints),
        ("Tanggal / dates", len(problem.dates)),
        ("Hari kerja / working days", len(problem.working_dates)),
    ]  # fmt: skip


def _parameter_pairs(scope: _Scope, info: RunInfo) -> list[Pair]:
    policy = scope.problem.policy
    pairs: list[Pair] = [(p.summary_label, p.summary(policy)) for p in PARAMETERS]
    pairs += [
        ("Batas waktu dipakai (detik) / time limit used (s)", info.time_limit_s),
        ("Seed", info.seed),
        ("Proses paralel / workers", info.workers),
        ("Worker CP-SAT per komponen / CP-SAT workers per component",
         scope.result.params.cp_workers),
        ("Versi Giliran / version", info.version),
        ("Mulai dijalankan / run started", f"{_naive(info.started_at):%Y-%m-%d %H:%M:%S}"),
    ]  # fmt: skip
    if scope.unit is not None:
        unit = scope.unit
        pairs += [
            ("Sektor unit / unit sector", unit.sector.value),
            ("Kuota WFO unit (%) / unit office cap (%)", scope.problem.unit_cap_pct(unit)),
            ("Minimal WFO per hari / min on site per day", unit.min_per_day or "-"),
        ]
    return pairs


def _holiday_pairs(problem: Problem) -> list[Pair]:
    in_horizon = set(problem.dates)
    days = sorted((d, name) for d, name in problem.holidays if d in in_horizon)
    if not days:
        return [("Tidak ada / none", "")]
    return [(f"{d.isoformat()} ({WEEKDAY_NAMES_ID[d.weekday()]})", name) for d, name in days]


def _closure_pairs(scope: _Scope) -> list[Pair]:
    problem = scope.problem
    first, last = problem.dates[0], problem.dates[-1]
    buildings = {problem.building_of(e) for e in scope.employees}
    shown = [
        c
        for c in problem.closures
        if c.start <= last and c.end >= first and (scope.unit is None or c.building in buildings)
    ]
    if not shown:
        return [("Tidak ada / none", "")]
    return [
        (c.building, f"{c.start.isoformat()} – {c.end.isoformat()}  {c.reason}".strip())
        for c in shown
    ]


FAIRNESS_COLUMNS = (
    "Unit Kerja",
    "Hari Tersedia / available days",
    "Pegawai / staff",
    "Min Hari WFO / min office days",
    "Maks Hari WFO / max office days",
    "Selisih / spread",
    "Pengecualian / exceptions",
)
EXCEPTION_COLUMNS = ("NIP", "Nama", "Unit Kerja", "Bidang", "Seksi", "Jumlah WFO", "Alasan")


def _fairness_rows(ws: Sheet, scope: _Scope) -> list[list[Any]]:
    rows: list[list[Any]] = [
        [text_cell(ws, "Pemerataan hari WFO / Fairness of office days", S_SECTION)],
        _header_row(ws, FAIRNESS_COLUMNS),
    ]
    for f in scope.fairness:
        rows.append(
            [
                text_cell(ws, f.unit),
                f.available_days,
                f.people,
                f.min_days,
                f.max_days,
                f.max_days - f.min_days,
                len(f.exceptions),
            ]
        )
    if not scope.fairness:
        rows.append([text_cell(ws, "Tidak ada data / no data")])
    return rows


def _exception_rows(ws: Sheet, scope: _Scope) -> list[list[Any]]:
    title = "Pegawai yang harus lebih sering hadir / Staff who had to come more often"
    rows: list[list[Any]] = [
        [text_cell(ws, title, S_SECTION)],
        _header_row(ws, EXCEPTION_COLUMNS),
    ]
    roster = scope.result.roster
    reason = "satu-satunya yang bisa hadir di subunitnya / only eligible member of their subunit"
    nips = [nip for f in scope.fairness for nip in f.exceptions]
    for nip in nips:
        emp = scope.by_nip.get(nip)
        days = roster.office_days(nip) if roster is not None and nip in roster.cells else 0
        rows.append(
            [
                text_cell(ws, nip, S_TEXT),
                text_cell(ws, emp.name if emp else ""),
                text_cell(ws, emp.unit if emp else ""),
                text_cell(ws, emp.bidang if emp else ""),
                text_cell(ws, emp.seksi if emp else ""),
                days,
                text_cell(ws, reason),
            ]
        )
    if not nips:
        rows.append([text_cell(ws, "Tidak ada / none")])
    return rows
