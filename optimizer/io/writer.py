"""Write the roster workbook (sheets Jadwal, Rekap Harian, Cakupan, Pelanggaran, Ringkasan,
Penjelasan): a document a head of office can print and sign.

The workbook is built with XlsxWriter in ``constant_memory`` mode: each row is written to disk as
soon as the next one starts, so 60,000 staff × 20 dates stay fast and small in memory (measured
side by side with the former openpyxl writer: ``python3 -m benchmarks.writer``). In that mode rows
of a sheet are written strictly top to bottom; everything else (print setup, charts, filters,
frozen panes) may be set at any time.

Safety: every string that comes from the input (names, units, NIPs, reasons) is written with
``write_string`` (never ``write``), and the workbook is opened with ``strings_to_formulas``,
``strings_to_numbers`` and ``strings_to_urls`` off, so a name such as ``=HYPERLINK(...)`` can never
become a formula, a NIP never a number. No cell holds a formula. Every file is written atomically
(``atomic_output``): a temporary file in the same folder, then ``os.replace``.

Printing: every sheet is A4 landscape, one page wide, with its header rows repeated on every page
and "Halaman N dari M" in the footer. ``language`` (``RunInfo.language``: ``id``, ``en`` or
``id+en``) chooses the language of the labels; data from the input is written as it is.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import textwrap
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

import xlsxwriter
from xlsxwriter.exceptions import FileCreateError
from xlsxwriter.utility import xl_rowcol_to_cell_fast
from xlsxwriter.worksheet import Worksheet

from models.domain import WEEKDAY_NAMES_ID, Employee, Pattern, Policy, Problem, Unit, week_team
from models.domain import Cell as RosterCell
from models.registry import RULES, TIER_NAMES, RuleId, Tier
from models.rules.cohorts import cohort_label
from models.solve import Result, SolveStatus
from optimizer.analysis import report as rp
from optimizer.analysis.explain import RULE_LABELS as EXPLAIN_LABELS
from optimizer.analysis.explain import Explanation, Finding
from optimizer.analysis.history import HistoryTable, history_table
from optimizer.analysis.report import (
    CheckReport,
    Coverage,
    DayCount,
    FairnessRow,
    Violation,
    ZeroOfficeDays,
    zero_office_days,
)
from optimizer.analysis.resilience import Resilience
from optimizer.analysis.resilience import summary_pairs as resilience_pairs
from optimizer.errors import UNUSED_COLUMN, UNUSED_SHEET, InputProblem
from optimizer.io.atomic import atomic_output
from optimizer.io.parameters import PARAMETERS
from optimizer.io.presets import find as find_preset
from optimizer.io.presets import summary_pairs as preset_summary
from optimizer.io.titles import default_title

# XlsxWriter ships no type information: its worksheets, formats and charts are typed loosely.
Sheet = Any
Fmt = Any
_T = TypeVar("_T")

SHEET_JADWAL = "Jadwal"
SHEET_REKAP = "Rekap Harian"
SHEET_CAKUPAN = "Cakupan"
SHEET_PELANGGARAN = "Pelanggaran"
SHEET_RINGKASAN = "Ringkasan"
SHEET_PENJELASAN = "Penjelasan"
SHEET_KETAHANAN = "Ketahanan"  # only when asked for (``write_roster(resilience=...)``)
SHEET_NAMES = (SHEET_JADWAL, SHEET_REKAP, SHEET_CAKUPAN, SHEET_PELANGGARAN, SHEET_RINGKASAN)
LANGUAGES = ("id", "en", "id+en")
NO_FINDING_TEXT = "Semua aturan terpenuhi / every rule is met"

JADWAL_HEADER_ROW = 6  # 1-based row of the Jadwal header (title, legend, holidays above it)
JADWAL_FIXED_COLUMNS = (
    "No.",
    "NIP",
    "Nama",
    "Jabatan",
    "Pimpinan",
    "Unit Kerja",
    "Bidang",
    "Seksi",
)
#: With ``Pola = AB-mingguan`` a ``Tim`` column (A, B, or empty) follows ``Pimpinan``.
JADWAL_TEAM_COLUMN = "Tim"
JADWAL_TOTAL_COLUMN = "Jumlah WFO"
JADWAL_COHORT_COLUMN = "Kohort"  # after Seksi, only in cohort mode (Kohort ≥ 2)
#: Distinct texts whose cell XML a roster sheet keeps (``_RosterSheet.text_xml``).
TEXT_XML_CACHE = 50_000
#: One sheet per calendar week of a multi-week roster (``Minggu 1``, ``Minggu 2``, …): a copy of
#: that week's columns of ``Jadwal``, printable on its own; ``Jadwal`` remains the roster.
WEEK_SHEET = "Minggu {number}"
SHEET_RIWAYAT = "Riwayat"
LEADER_MARK = "★"
JADWAL_DAILY_TOTAL = "Jumlah WFO per hari / on site per day"
JADWAL_DAILY_CAP = "Kuota unit / unit cap"
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
CHART_COLUMNS = ("Unit", "Hari / Day", "Hadir (WFO)", "Kuota / cap")
CAKUPAN_HEADER_ROW = 3  # 1-based
CAKUPAN_FIXED_COLUMNS = ("Unit Kerja", "Bidang", "Seksi", "Anggota")
CAKUPAN_TOTAL_COLUMN = "Hari tidak terwakili / days not covered"
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
SIGNATURE_DATE_BLANK = "…………………………"
SIGNATURE_NAME_BLANK = "(……………………………………………)"
SIGNATURE_NIP_LINE = "NIP. ……………………………"

MAX_CELL_CHARS = 32_767  # Excel's limit for the text of one cell
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
DATE_FORMAT = "yyyy-mm-dd"
HEADER_DATE_FORMAT = "[$-421]ddd dd/mm"  # e.g. "Sen 06/01" (421 = Indonesian); year in the title

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
    (RosterCell.QUARANTINE, "KARANTINA: karantina kontak / contact quarantine"),
    (RosterCell.HOLIDAY, "LIBUR: hari libur / holiday"),
    (RosterCell.CLOSED, "TUTUP: gedung tutup, kerja di rumah / building closed, work from home"),
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
    place: str = ""  # town for the signature line when a unit gives none; blank if ""
    language: str = "id+en"  # labels: "id", "en" or "id+en" (see LANGUAGES)
    #: the input's warnings (columns and sheets not used, …): listed in Ringkasan, because
    #: nothing in an input may be silently ignored
    warnings: tuple[InputProblem, ...] = ()


@dataclass(frozen=True)
class ExtraSheet:
    """A plain table sheet added to a roster (``Kontak Erat``, ``Perubahan``: issue 14).

    Headers are bilingual labels (``"Indonesian / English"``, picked by the language); every
    value is written as what it is (text as plain text, never a formula; dates as dates).
    """

    name: str
    columns: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]
    widths: tuple[float, ...] = ()
    #: said under the header when there are no rows ("Indonesian / English"), "" = nothing
    empty: str = ""


@dataclass(frozen=True)
class Addendum:
    """What a re-plan adds to its roster (``giliran kasus`` / ``replan``, issue 14).

    ``changed`` cells (NIP, date) are highlighted in ``Jadwal``; ``summary`` is a first section
    of ``Ringkasan``; ``sheets`` follow the usual ones.
    """

    changed: frozenset[tuple[str, dt.date]] = frozenset()
    title: str = "Penjadwalan ulang / Re-plan"
    summary: tuple[tuple[str, object], ...] = ()
    sheets: tuple[ExtraSheet, ...] = ()


@dataclass(frozen=True)
class _Lang:
    """Chooses the language of a label; data from the input never goes through it."""

    code: str = "id+en"

    def __call__(self, text_id: str, text_en: str) -> str:
        if self.code == "id":
            return text_id
        if self.code == "en":
            return text_en
        return f"{text_id} / {text_en}"

    def pick(self, both: str) -> str:
        """One side of a ``"Indonesian / English"`` label (the whole label for ``id+en``)."""
        text_id, sep, text_en = both.partition(" / ")
        if not sep or self.code == "id+en":
            return both
        return text_id if self.code == "id" else text_en


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
    resilience: Resilience | None = None,
    addendum: Addendum | None = None,
) -> None:
    """Write the whole roster workbook to ``path`` (atomically).

    With an ``explanation`` (rules that had to bend), a ``Penjelasan`` sheet lists its findings;
    with a ``resilience`` report, a ``Ketahanan`` sheet shows it;
    with an ``addendum`` (a re-plan), its changed cells are highlighted and its sheets added.
    """
    scope = _Scope.whole(problem, result, report)
    scope = dataclasses.replace(scope, resilience=resilience)
    if explanation is not None:
        scope = dataclasses.replace(scope, findings=list(explanation.findings))
    if addendum is not None:
        scope = dataclasses.replace(scope, addendum=addendum)
    _check_language(info)
    with atomic_output(path) as tmp:
        _build_workbook(tmp, scope, info)


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

    Each holds only that unit's staff and rows, and the signature block of the unit's head under
    the Jadwal. Units without staff get no file. ``claim`` turns each wanted path into the path to
    write (the application reserves a free name there, ``optimizer.io.atomic.claim``). Returns
    the paths written, in unit order.
    """
    _check_language(info)
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
            _build_workbook(tmp, scope, info)
        written.append(path)
    return written


def plain_text(value: object) -> str:
    """``value`` as the text of one cell: characters XML cannot hold dropped, cut to Excel's
    limit of 32,767 characters. Written with ``write_string`` it is never a formula."""
    text = str(value)
    if not text.isprintable():  # rare: only then look for what XML cannot hold
        text = _ILLEGAL_XML.sub("", text)
    return text[:MAX_CELL_CHARS]


def write_table(
    path: Path, sheet: str, columns: Sequence[str], rows: Iterable[Sequence[object]]
) -> None:
    """A plain one-sheet table (bold header, frozen, filtered, printable), written atomically.

    Strings are written as plain text (never formulas); numbers as numbers.
    """
    with atomic_output(path) as tmp:
        book = _new_workbook(tmp)
        try:
            bold = book.add_format({"bold": True})
            ws = book.add_worksheet(sheet)
            ws.freeze_panes(1, 0)
            for c, name in enumerate(columns):
                ws.write_string(0, c, plain_text(name), bold)
            count = 0
            for r, row in enumerate(rows, start=1):
                for c, value in enumerate(row):
                    _write_value(ws, r, c, value)
                count += 1
            ws.autofilter(0, 0, max(1, count), max(0, len(columns) - 1))
            _print_setup(ws, _Lang(), sheet, 0, 0)
        finally:
            _close(book)


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


def tanggal_id(day: dt.date) -> str:
    """A date written the Indonesian way, e.g. ``6 Januari 2025``."""
    return f"{day.day} {MONTHS_ID[day.month - 1]} {day.year}"


def signature_lines(unit: Unit, problem: Problem, place: str = "") -> list[str]:
    """The signature block of ``unit``'s head: place and date, title, room to sign, name, NIP.

    The place is the unit's ``Tempat`` (else ``place``, else a dotted line); the date is the
    policy's ``Tanggal Penetapan``, else a dotted line to fill in by hand (never the day the file
    was made). The title is the unit's ``Jabatan Penandatangan``, else derived from its name
    (``optimizer.io.titles``).
    """
    where = unit.place or place or SIGNATURE_PLACE_BLANK
    decree = problem.policy.decree_date
    when = tanggal_id(decree) if decree is not None else SIGNATURE_DATE_BLANK
    title = unit.signatory_title or default_title(unit.name)
    name = unit.signatory_name or SIGNATURE_NAME_BLANK
    nip = f"NIP. {unit.signatory_nip}" if unit.signatory_nip else SIGNATURE_NIP_LINE
    return [f"{where}, {when}", f"{title},", "", "", "", name, nip]


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
    zero_days: list[ZeroOfficeDays] = field(default_factory=list)  # of these employees
    history: HistoryTable | None = None  # with --riwayat: office days over history + roster
    resilience: Resilience | None = None  # None = no Ketahanan sheet
    addendum: Addendum | None = None  # a re-plan's highlights and sheets (issue 14)

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
            zero_days=_zero_days(problem, result),
            history=_history(problem, result, report),
        )

    @staticmethod
    def per_unit(problem: Problem, result: Result, report: CheckReport) -> list[_Scope]:
        staff: dict[str, list[Employee]] = defaultdict(list)
        for emp in problem.employees:
            staff[emp.unit].append(emp)
        counts = _group((d for d in report.day_counts if d.kind == "Unit"), lambda d: d.name)
        coverage = _group(report.coverage, lambda c: c.unit)
        fairness = _group(report.fairness, lambda f: f.unit)
        zero = _group(_zero_days(problem, result), lambda z: z.employee.unit)  # once, not per unit
        history = _history(problem, result, report)
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
                    zero_days=zero.get(unit.name, []),
                    history=None
                    if history is None
                    else HistoryTable(
                        tuple(p for p in history.people if p.employee.unit == unit.name),
                        tuple(s for s in history.spreads if s.unit == unit.name),
                        history.week_starts,
                    ),
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

    @property
    def units(self) -> list[Unit]:
        """The units this workbook is about, in input order (those with staff)."""
        if self.unit is not None:
            return [self.unit]
        with_staff = {e.unit for e in self.employees}
        return [u for u in self.problem.units if u.name in with_staff]


def _history(problem: Problem, result: Result, report: CheckReport) -> HistoryTable | None:
    if not problem.history or result.roster is None:
        return None
    exceptions = frozenset(nip for f in report.fairness for nip in f.exceptions)
    return history_table(problem, result.roster, exceptions)


def _zero_days(problem: Problem, result: Result) -> list[ZeroOfficeDays]:
    return zero_office_days(problem, result.roster) if result.roster is not None else []


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


def _check_language(info: RunInfo) -> None:
    if info.language not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}: {info.language!r}")


# ---------------------------------------------------------------------------------------------
# Formats (one XlsxWriter format per look, created once per workbook)
# ---------------------------------------------------------------------------------------------

_CELL_COLOURS = {  # fill, font
    RosterCell.WFO: ("C6EFCE", "006100"),
    RosterCell.WFH: ("DDEBF7", "1F4E78"),
    RosterCell.LEAVE: ("FFEB9C", "7F6000"),
    RosterCell.SICK: ("FFC7CE", "9C0006"),
    RosterCell.DUTY_TRAVEL: ("E4DFEC", "5B3F86"),
    RosterCell.ISOLATION: ("F8CBAD", "833C0B"),
    RosterCell.QUARANTINE: ("F4B084", "7B2C00"),
    RosterCell.HOLIDAY: ("D9D9D9", "404040"),
    RosterCell.CLOSED: ("FCE4D6", "843C0C"),
}
#: ``WFO-1`` … ``WFO-4``: greens that stay apart on screen and in grey print (light → dark fill)
_WAVE_COLOURS = (
    ("C6EFCE", "006100"),
    ("8FD19E", "003300"),
    ("E2F0D9", "375623"),
    ("5FB870", "000000"),
)
_GREY = ("D9D9D9", "404040")
_STATUS_COLOURS = {
    rp.STATUS_OK: ("C6EFCE", "006100"),
    rp.STATUS_FULL: ("DDEBF7", "1F4E78"),
    rp.STATUS_OVER: ("FFC7CE", "9C0006"),
    rp.STATUS_UNDER_MIN: ("FFC7CE", "9C0006"),
    rp.STATUS_HOLIDAY: _GREY,
    rp.STATUS_CLOSED: _GREY,  # a closure is planned, not a warning
    rp.COVERED: ("C6EFCE", "006100"),
    rp.NOT_COVERED: ("FFC7CE", "9C0006"),
    rp.NOBODY_ELIGIBLE: ("FFEB9C", "7F6000"),
}
_HARD_COLOURS = ("FFC7CE", "9C0006")
_SOFT_COLOURS = ("FFEB9C", "7F6000")
_OK_COLOURS = ("C6EFCE", "006100")
_BORDER = {"border": 1, "border_color": "#808080"}


class _Formats:
    def __init__(self, book: Any) -> None:
        add = book.add_format
        header = {
            "bold": True,
            "font_color": "#FFFFFF",
            "bg_color": "#305496",
            "align": "center",
            "valign": "vcenter",
            "text_wrap": True,
            **_BORDER,
        }
        self.title = add({"bold": True, "font_size": 14})
        self.subtitle = add({"italic": True, "font_color": "#404040"})
        self.sentence = add({"font_size": 11})
        self.header = add(header)
        self.header_date = add({**header, "num_format": HEADER_DATE_FORMAT})
        self.section = add({"bold": True, "font_color": "#1F3864", "bg_color": "#D9E1F2"})
        self.text = add({"num_format": "@", **_BORDER})
        self.plain = add({})
        self.cell = add(_BORDER)
        self.wrap = add({"text_wrap": True, "valign": "top", **_BORDER})
        self.date = add({"num_format": DATE_FORMAT, "align": "left", **_BORDER})
        self.date_plain = add({"num_format": DATE_FORMAT, "align": "left"})
        self.percent = add({"num_format": "0.00%", "align": "left"})
        self.number = add({"align": "left"})
        self.count = add({"align": "center", **_BORDER})
        self.total = add({"bold": True, "align": "center", "bg_color": "#F2F2F2", **_BORDER})
        self.total_label = add({"bold": True, "bg_color": "#F2F2F2", **_BORDER})
        self.holiday_name = add(
            {"italic": True, "font_size": 8, "text_wrap": True, "align": "center",
             "valign": "bottom", "font_color": "#404040"}
        )  # fmt: skip
        self.signature = add({"align": "center"})
        self.signature_name = add({"align": "center", "bold": True, "underline": True})
        self.legend = add({"font_size": 9, "shrink": True})
        self.codes = {c: self._coloured(book, colours) for c, colours in _CELL_COLOURS.items()}
        self.wave_codes = {
            w: self._coloured(book, colours) for w, colours in enumerate(_WAVE_COLOURS, start=1)
        }
        self.legend_waves = {
            w: self._coloured(book, colours, size=9, align="left")
            for w, colours in enumerate(_WAVE_COLOURS, start=1)
        }
        self.legend_codes = {
            c: self._coloured(book, colours, size=9, align="left")
            for c, colours in _CELL_COLOURS.items()
        }
        self.status = {s: self._coloured(book, colours) for s, colours in _STATUS_COLOURS.items()}
        self.hard = self._coloured(book, _HARD_COLOURS)
        self.soft = self._coloured(book, _SOFT_COLOURS)
        self.good = self._coloured(book, _OK_COLOURS, bold=True)
        self._book = book
        self._changed: dict[RosterCell, Fmt] = {}

    def changed(self, cell: RosterCell) -> Fmt:
        """The look of a cell a re-plan changed: its code's colours, bold, a thick red border."""
        if cell not in self._changed:
            fill, font = _CELL_COLOURS[cell]
            self._changed[cell] = self._book.add_format(
                {"bg_color": f"#{fill}", "font_color": f"#{font}", "bold": True,
                 "align": "center", "border": 2, "border_color": "#C00000"}
            )  # fmt: skip
        return self._changed[cell]

    @staticmethod
    def _coloured(
        book: Any, colours: tuple[str, str], bold: bool = False, size: int = 11, align: str = ""
    ) -> Fmt:
        fill, font = colours
        return book.add_format(
            {
                "bg_color": f"#{fill}",
                "font_color": f"#{font}",
                "bold": bold,
                "font_size": size,
                "align": align or "center",
                **_BORDER,
            }
        )

    def for_status(self, status: str) -> Fmt:
        return self.status.get(status, self.cell)


class _RosterSheet(Worksheet):  # type: ignore[misc]
    """The Jadwal sheet (and each week's sheet): its roster codes (most of its cells) written
    from pre-built XML.

    XlsxWriter builds the XML of every cell afresh (escaping, attribute lists); a code cell is
    always one of eight strings in one of eight formats, so its XML is built once
    (``code_xml``, keyed by XlsxWriter's cell record) and every other cell goes the usual way,
    except the texts of ``repeated`` columns (Jabatan, Unit Kerja, Bidang, Seksi: a few hundred
    distinct values repeated on every row and in every week's sheet), whose XML XlsxWriter builds
    once per distinct value into ``text_xml`` (shared by the sheets of one workbook).
    Measured at 60,000 staff × 1 week: see ``benchmarks/writer.py``.
    """

    code_xml: dict[tuple[str, Any], str]
    text_xml: dict[Any, str]
    repeated: frozenset[int] = frozenset()

    def _write_cell(self, row: int, col: int, cell: Any) -> None:
        if type(cell).__name__ != "String":
            super()._write_cell(row, col, cell)
            return
        suffix = self.code_xml.get(cell)
        if suffix is None and col in self.repeated and cell.format is not None:
            suffix = self.text_xml.get(cell)
            if suffix is None:
                suffix = self._built(row, col, cell)
        if suffix is None:
            super()._write_cell(row, col, cell)
        else:
            self.fh.write(f'<c r="{xl_rowcol_to_cell_fast(row, col)}"{suffix}')

    def _built(self, row: int, col: int, cell: Any) -> str | None:
        """The XML XlsxWriter writes for ``cell`` after its reference, kept in ``text_xml``."""
        sheet: Any = self  # XlsxWriter's file handle is untyped
        real, capture = sheet.fh, io.StringIO()
        sheet.fh = capture
        try:
            super()._write_cell(row, col, cell)
        finally:
            sheet.fh = real
        text = capture.getvalue()
        start = f'<c r="{xl_rowcol_to_cell_fast(row, col)}"'
        if not text.startswith(start):
            real.write(text)  # never seen; written as XlsxWriter made it
            return None
        suffix = text[len(start) :]
        if len(self.text_xml) < TEXT_XML_CACHE:
            self.text_xml[cell] = suffix
        return suffix


# ---------------------------------------------------------------------------------------------
# Small cell helpers
# ---------------------------------------------------------------------------------------------


def _new_workbook(path: Path) -> Any:
    return xlsxwriter.Workbook(
        str(path),
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
            "default_date_format": DATE_FORMAT,
        },
    )


def _text(ws: Sheet, row: int, col: int, value: object, fmt: Fmt = None) -> None:
    """Write ``value`` as plain text (never a formula, never a number); "" is a blank cell.

    XlsxWriter copies a string shaped ``<r>…</r>`` into the XML unescaped (it takes it for one
    of its own rich strings); such a text is written as plain fragments instead, which are
    escaped, so the cell holds exactly the text and the file stays valid.
    """
    text = plain_text(value)
    if text.startswith("<r>") and text.endswith("</r>"):
        parts = (text[:1], text[1:2], text[2:])  # XlsxWriter wants three fragments or more
        ws.write_rich_string(row, col, *parts, *([fmt] if fmt is not None else []))
    elif text:
        ws.write_string(row, col, text, fmt)
    elif fmt is not None:
        ws.write_blank(row, col, None, fmt)


def _write_value(ws: Sheet, row: int, col: int, value: object, fmt: Fmt = None) -> None:
    """A value produced by Giliran: text as text, numbers as numbers, dates as dates."""
    if value is None:
        if fmt is not None:
            ws.write_blank(row, col, None, fmt)
    elif isinstance(value, bool):
        _text(ws, row, col, "Ya / yes" if value else "Tidak / no", fmt)
    elif isinstance(value, int | float):
        ws.write_number(row, col, value, fmt)
    elif isinstance(value, Decimal):
        ws.write_number(
            row, col, int(value) if value == value.to_integral_value() else float(value), fmt
        )
    elif isinstance(value, dt.date):
        ws.write_datetime(row, col, value, fmt)
    else:
        _text(ws, row, col, value, fmt)


def _header(ws: Sheet, row: int, names: Iterable[str], fmt: Fmt, first_col: int = 0) -> None:
    for c, name in enumerate(names, start=first_col):
        _text(ws, row, c, name, fmt)


def _set_widths(ws: Sheet, widths: Sequence[float]) -> None:
    for i, width in enumerate(widths):
        ws.set_column(i, i, width)


def _footer_escape(text: str) -> str:
    return text.replace("&", "&&")[:80]


def _print_setup(
    ws: Sheet, lang: _Lang, title: str, first_title_row: int, last_title_row: int
) -> None:
    """A4 landscape, one page wide, header rows repeated, page numbers (rows are 0-based)."""
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)  # one page wide, as many pages tall as needed
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.center_horizontally()
    ws.repeat_rows(first_title_row, last_title_row)
    page = lang("Halaman &P dari &N", "Page &P of &N")
    ws.set_header(f"&L&8{_footer_escape(title)}")
    ws.set_footer(f"&L&8Giliran&R&8{page}")


def _weekday_label(day: dt.date) -> str:
    return f"{WEEKDAY_NAMES_ID[day.weekday()]} {day:%d/%m}"


def _naive(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone().replace(tzinfo=None) if moment.tzinfo else moment


def _person(emp: Employee) -> str:
    return f"{emp.name} ({emp.nip})" if emp.name else emp.nip


_TOKEN = re.compile(r"[+\w][\w.+-]*")


def _name_people(text: str, by_nip: dict[str, Employee]) -> str:
    """``text`` with each NIP of ``by_nip`` written as "Name (NIP)" (unless already named)."""

    def named(m: re.Match[str]) -> str:
        emp = by_nip.get(m.group(0))
        if emp is None or not emp.name or text.startswith(f" ({emp.name}", m.end()):
            return m.group(0)
        return _person(emp)

    return _TOKEN.sub(named, text)


# ---------------------------------------------------------------------------------------------
# The workbook
# ---------------------------------------------------------------------------------------------


def _build_workbook(path: Path, scope: _Scope, info: RunInfo) -> None:
    if scope.result.roster is None:
        raise ValueError("no roster to write (the solver found none)")
    lang = _Lang(info.language)
    book = _new_workbook(path)
    try:
        fmt = _Formats(book)
        codes = [(c.value, look) for c, look in fmt.codes.items()]
        codes += [(wave_code(w), look) for w, look in fmt.wave_codes.items()]
        code_xml = {
            (value, look): f' s="{look._get_xf_index()}" t="inlineStr"><is><t>{value}</t></is></c>'
            for value, look in codes
        }
        text_xml: dict[Any, str] = {}
        jadwal = book.add_worksheet(SHEET_JADWAL, worksheet_class=_RosterSheet)
        jadwal.code_xml, jadwal.text_xml = code_xml, text_xml
        roster = scope.result.roster
        _write_jadwal(jadwal, fmt, scope, info, lang, roster.dates)
        weeks = roster_weeks(roster.dates)
        if len(weeks) > 1:
            for number, week in enumerate(weeks, start=1):
                sheet = book.add_worksheet(
                    WEEK_SHEET.format(number=number), worksheet_class=_RosterSheet
                )
                sheet.code_xml, sheet.text_xml = code_xml, text_xml
                _write_jadwal(sheet, fmt, scope, info, lang, week, number)
        _write_rekap(book, book.add_worksheet(SHEET_REKAP), fmt, scope, lang)
        _write_cakupan(book.add_worksheet(SHEET_CAKUPAN), fmt, scope, lang)
        _write_pelanggaran(book.add_worksheet(SHEET_PELANGGARAN), fmt, scope, lang)
        _write_ringkasan(book.add_worksheet(SHEET_RINGKASAN), fmt, scope, info, lang)
        if scope.findings is not None:
            _write_penjelasan(book.add_worksheet(SHEET_PENJELASAN), fmt, scope, lang)
        if scope.resilience is not None:
            ketahanan = book.add_worksheet(SHEET_KETAHANAN)
            _write_ketahanan(ketahanan, fmt, scope, scope.resilience, lang)
        if scope.history is not None:
            _write_riwayat(book.add_worksheet(SHEET_RIWAYAT), fmt, scope, lang)
        for extra in scope.addendum.sheets if scope.addendum is not None else ():
            _write_extra(book.add_worksheet(extra.name), fmt, scope, lang, extra)
    except BaseException:
        book.fileclosed = True  # nothing is assembled; atomic_output removes the file
        raise
    _close(book)


def _close(book: Any) -> None:
    """Assemble and save the workbook; a failure to write it (a full disk, no permission) is
    the ``OSError`` it is (XlsxWriter wraps it in its own ``FileCreateError``)."""
    try:
        book.close()
    except FileCreateError as err:
        cause = err.args[0] if err.args and isinstance(err.args[0], OSError) else None
        if cause is not None:
            raise cause from None
        raise OSError(str(err)) from None


# -- Jadwal -------------------------------------------------------------------------------------


def roster_weeks(dates: Sequence[dt.date]) -> list[tuple[dt.date, ...]]:
    """The roster's dates, one tuple per calendar week (Monday to Sunday), in order."""
    weeks: dict[tuple[int, int], list[dt.date]] = {}
    for day in dates:
        year, week, _ = day.isocalendar()
        weeks.setdefault((year, week), []).append(day)
    return [tuple(w) for w in weeks.values()]


def jadwal_columns(problem: Problem) -> tuple[str, ...]:
    """The named columns of ``Jadwal`` (and of each week's sheet) before the dates: ``Tim``
    after ``Pimpinan`` with the weekly pattern, ``Kohort`` after ``Seksi`` in cohort mode."""
    columns: tuple[str, ...] = JADWAL_FIXED_COLUMNS
    if problem.policy.pattern is Pattern.AB_WEEKLY:
        at = columns.index("Pimpinan") + 1
        columns = (*columns[:at], JADWAL_TEAM_COLUMN, *columns[at:])
    if problem.policy.cohorts > 1:
        columns = (*columns, JADWAL_COHORT_COLUMN)
    return columns


_JADWAL_WIDTHS = {
    "No.": 5,
    "NIP": 20,
    "Nama": 28,
    "Jabatan": 24,
    "Pimpinan": 9,
    JADWAL_TEAM_COLUMN: 5,
    "Unit Kerja": 26,
    "Bidang": 22,
    "Seksi": 22,
    JADWAL_COHORT_COLUMN: 8,
}


def _write_jadwal(
    ws: Sheet,
    fmt: _Formats,
    scope: _Scope,
    info: RunInfo,
    lang: _Lang,
    dates: Sequence[dt.date],
    week: int | None = None,
) -> None:
    """The roster over ``dates``: the whole horizon (sheet Jadwal) or one week (``week``)."""
    roster = scope.result.roster
    assert roster is not None
    at = {d: i for i, d in enumerate(roster.dates)}
    positions = [at[d] for d in dates]
    whole = week is None or len(positions) == len(roster.dates)
    fixed = jadwal_columns(scope.problem)
    col = {name: i for i, name in enumerate(fixed)}
    ws.repeated = frozenset(col[c] for c in ("Jabatan", "Unit Kerja", "Bidang", "Seksi"))
    team_col = col.get(JADWAL_TEAM_COLUMN)
    cohort_col = col.get(JADWAL_COHORT_COLUMN)
    n_fixed = len(fixed)
    total_col = n_fixed + len(dates)
    header_row = JADWAL_HEADER_ROW - 1
    _set_widths(ws, [_JADWAL_WIDTHS[c] for c in fixed] + [10] * len(dates) + [10])
    ws.freeze_panes(header_row + 1, n_fixed)
    title = (
        scope.title if week is None else f"{scope.title} — " + lang("Minggu", "Week") + f" {week}"
    )
    _print_setup(ws, lang, title, header_row - 1, header_row)

    _jadwal_title_block(ws, fmt, scope, info, lang, dates, week, n_fixed)
    _header(ws, header_row, fixed, fmt.header)
    for j, day in enumerate(dates):
        ws.write_datetime(header_row, n_fixed + j, day, fmt.header_date)
    _text(ws, header_row, total_col, JADWAL_TOTAL_COLUMN, fmt.header)
    ws.set_row(header_row, 30)

    codes = [(c.value, fmt.codes[c]) for c in RosterCell]
    code_of = {c: codes[i] for i, c in enumerate(RosterCell)}
    per_day = [0] * len(dates)
    c_unit, c_bidang, c_seksi = col["Unit Kerja"], col["Bidang"], col["Seksi"]
    n_waves = len(scope.problem.policy.waves) if scope.problem.policy.has_waves else 0
    wave_of = {w: (wave_code(w), fmt.wave_codes[w]) for w in range(1, n_waves + 1)}
    per_wave = [[0] * len(dates) for _ in range(n_waves)]
    row = header_row
    changed = scope.addendum.changed if scope.addendum is not None else frozenset()
    for number, emp in enumerate(scope.employees, start=1):
        row += 1
        cells = roster.cells.get(emp.nip, ())
        waves = roster.waves.get(emp.nip, ()) if n_waves else ()
        if not whole and cells:
            cells = tuple(cells[i] for i in positions)
            waves = tuple(waves[i] for i in positions) if waves else ()
        ws.write_number(row, 0, number, fmt.count)
        _text(ws, row, 1, emp.nip, fmt.text)
        _text(ws, row, 2, emp.name, fmt.cell)
        _text(ws, row, c_unit, emp.unit, fmt.cell)
        # empty cells are not written (a quarter of the cells of a one-week roster)
        if emp.position:
            _text(ws, row, 3, emp.position, fmt.cell)
        if emp.leader:
            ws.write_string(row, 4, LEADER_MARK, fmt.count)
        if team_col is not None and emp.team:
            ws.write_string(row, team_col, emp.team, fmt.count)
        if emp.bidang:
            _text(ws, row, c_bidang, emp.bidang, fmt.cell)
        if emp.seksi:
            _text(ws, row, c_seksi, emp.seksi, fmt.cell)
        if cohort_col is not None and emp.nip in roster.cohorts:
            ws.write_string(row, cohort_col, cohort_label(roster.cohorts[emp.nip]), fmt.count)
        office = 0
        for j, cell in enumerate(cells):
            value, look = code_of[cell]
            if cell is RosterCell.WFO:
                office += 1
                per_day[j] += 1
                wave = waves[j] if j < len(waves) else 0
                if wave in wave_of:
                    value, look = wave_of[wave]
                    per_wave[wave - 1][j] += 1
            if changed and (emp.nip, dates[j]) in changed:
                look = fmt.changed(cell)
            ws.write_string(row, n_fixed + j, value, look)
        ws.write_number(row, total_col, office, fmt.count)
    last_row = row
    ws.autofilter(header_row, 0, max(last_row, header_row), total_col)

    row += 1
    _text(ws, row, 2, lang.pick(JADWAL_DAILY_TOTAL), fmt.total_label)
    for j, count in enumerate(per_day):
        ws.write_number(row, n_fixed + j, count, fmt.total)
    ws.write_number(row, total_col, sum(per_day), fmt.total)
    for w, counts in enumerate(per_wave, start=1):
        row += 1
        label = lang(f"Jumlah WFO gelombang {w}", f"on site in wave {w}")
        _text(ws, row, 2, label, fmt.total_label)
        for j, count in enumerate(counts):
            ws.write_number(row, n_fixed + j, count, fmt.total)
        ws.write_number(row, total_col, sum(counts), fmt.total)
    if scope.unit is not None:
        caps = {d.date: d.cap for d in scope.day_counts if d.kind == "Unit" and d.cap is not None}
        row += 1
        _text(ws, row, 2, lang.pick(JADWAL_DAILY_CAP), fmt.total_label)
        for j, day in enumerate(dates):
            cap = caps.get(day)
            if cap is not None and day not in scope.problem.holiday_names:
                ws.write_number(row, n_fixed + j, cap, fmt.total)
    _signature_blocks(ws, fmt, scope, info, row + 2, total_col, n_fixed)


def _jadwal_title_block(
    ws: Sheet,
    fmt: _Formats,
    scope: _Scope,
    info: RunInfo,
    lang: _Lang,
    dates: Sequence[dt.date],
    week: int | None,
    n_fixed: int,
) -> None:
    """Rows above the header: title, period, legend (two rows), holiday names over the dates.

    A week's sheet says which week it is; with the weekly pattern the period line says which
    team is on site that week (the whole roster: in which weeks)."""
    holidays = scope.problem.holiday_names
    working = [d for d in dates if d not in holidays]
    teams = ""
    if scope.problem.policy.pattern is Pattern.AB_WEEKLY and dates:
        weeks = roster_weeks(dates)
        if len(weeks) == 1:
            teams = " · " + lang(
                f"Tim {week_team(dates[0])} WFO minggu ini", f"team {week_team(dates[0])} on site"
            )
        else:
            order = ", ".join(
                f"{lang('minggu', 'week')} {i}: {lang('Tim', 'team')} {week_team(w[0])}"
                for i, w in enumerate(weeks, start=1)
            )
            teams = f" · {order}"
    period = (
        lang("Periode", "Period")
        + f": {tanggal_id(dates[0])} – {tanggal_id(dates[-1])} · {len(working)} "
        + lang("hari kerja", "working days")
        + f" · {len(scope.employees)} "
        + lang("pegawai", "staff")
        + teams
        + f" · Giliran {info.version}"
        if dates
        else lang("Periode kosong", "empty period")
    )
    hours = office_hours(scope.problem.policy)
    if hours:
        period += " · " + lang("Jam kantor", "office hours") + f" {hours}"
    policy = scope.problem.policy
    if policy.cohorts > 1 and dates:
        level = policy.cohort_level.value.lower()
        period += " · " + lang(
            f"Kohort {policy.cohorts} per {level}: kohort berbeda tidak pernah WFO pada hari yang "
            "sama",
            f"{policy.cohorts} cohorts per {level}: different cohorts are never on site on the "
            "same day",
        )
    which = "" if week is None else " — " + lang("Minggu", "Week") + f" {week}"
    heading = lang("Jadwal WFO/WFH", "WFO/WFH roster") + f" — {scope.title}{which}"
    _text(ws, 0, 0, heading, fmt.title)
    _text(ws, 1, 0, period, fmt.subtitle)
    _text(ws, 2, 1, lang("Keterangan", "Legend") + ":", fmt.section)
    # two rows of five codes, in the wide columns (the Tim and Kohort columns are narrow)
    fixed = jadwal_columns(scope.problem)
    slots = tuple(fixed.index(c) for c in ("Nama", "Jabatan", "Unit Kerja", "Bidang", "Seksi"))
    for i, (code, label) in enumerate(LEGEND):
        _text(ws, 2 + i // 5, slots[i % 5], lang.pick(label), fmt.legend_codes[code])
    _text(ws, 3, 1, f"{LEADER_MARK} = " + lang("Pimpinan", "leader"), fmt.legend)
    policy = scope.problem.policy
    if policy.has_waves:
        _text(ws, 4, 1, lang("Gelombang", "Waves") + ":", fmt.section)
        for w, wave in enumerate(policy.waves, start=1):
            text = f"{wave_code(w)}: " + lang("masuk", "hours") + f" {wave.label}"
            _text(ws, 4, slots[w - 1], text, fmt.legend_waves[w])
    named = [(j, holidays[d]) for j, d in enumerate(dates) if d in holidays]
    if named:
        _text(ws, 4, n_fixed - 1, lang("Hari libur", "Holiday") + ":", fmt.holiday_name)
        ws.set_row(4, 36)
    for j, name in named:
        _text(ws, 4, n_fixed + j, name, fmt.holiday_name)


def wave_code(wave: int) -> str:
    """The roster code of an office day in start wave ``wave`` (1-based): ``WFO-1``."""
    return f"{RosterCell.WFO.value}-{wave}"


def office_hours(policy: Policy) -> str:
    """The office hours for the roster header: ``Jam Kantor``, else the preset's, else ""."""
    if policy.office_hours is not None:
        return policy.office_hours.label
    preset = find_preset(policy.preset) if policy.preset else None
    return preset.office_hours.replace("-", "–") if preset and preset.office_hours else ""


def _signature_blocks(
    ws: Sheet,
    fmt: _Formats,
    scope: _Scope,
    info: RunInfo,
    first_row: int,
    total_col: int,
    n_fixed: int,
) -> None:
    """Signature blocks under the table: the unit's head in a unit's workbook; in the whole
    organisation's workbook one block per unit, three side by side."""
    units = scope.units
    if scope.unit is None and len(units) > 1:
        anchors = [2, 5, max(n_fixed, total_col - 2)]
        # The blocks start on a page of their own, so that no block is split across pages.
        ws.set_h_pagebreaks([first_row])
    else:
        anchors = [max(n_fixed, total_col - 2)]
    row = first_row
    for start in range(0, len(units), len(anchors)):
        band = [
            signature_lines(u, scope.problem, info.place) for u in units[start:][: len(anchors)]
        ]
        for i in range(len(band[0])):
            for lines, col in zip(band, anchors, strict=False):
                line = lines[i]
                if line:
                    look = fmt.signature_name if i == len(lines) - 2 else fmt.signature
                    _text(ws, row, col, line, look if len(anchors) == 1 else fmt.plain)
            row += 1
        row += 1


# -- Rekap Harian -------------------------------------------------------------------------------


def _write_rekap(book: Any, ws: Sheet, fmt: _Formats, scope: _Scope, lang: _Lang) -> None:
    """The daily counts, and beside them (not printed) the data of one chart per unit."""
    side = len(REKAP_COLUMNS) + 1  # one empty column between the table and the chart data
    _set_widths(ws, [9, 40, 12, 10, 10, 12, 9, 10, 18, 3, 36, 12, 12, 12])
    ws.freeze_panes(1, 0)
    blocks = _chart_blocks(scope, lang)
    side_rows = [
        (who, _weekday_label(d), on, cap) for who, days in blocks for d, (on, cap) in days.items()
    ]
    _header(ws, 0, REKAP_COLUMNS, fmt.header)
    _header(ws, 0, [lang.pick(c) for c in CHART_COLUMNS], fmt.header, side)
    counts = scope.day_counts
    for i in range(max(len(counts), len(side_rows))):
        r = i + 1
        if i < len(counts):
            d = counts[i]
            _text(ws, r, 0, d.kind, fmt.cell)
            if d.wave:  # the people present at the same time in these start waves
                name = f"{d.name} · " + lang("gelombang", "wave") + f" {d.wave}"
                _text(ws, r, 1, name, fmt.cell)
            else:
                _text(ws, r, 1, d.name, fmt.cell)
            ws.write_datetime(r, 2, d.date, fmt.date)
            for c, value in enumerate((d.staff, d.available, d.on_site, d.cap, d.minimum), 3):
                _write_value(ws, r, c, value, fmt.count)
            _text(ws, r, 8, d.status, fmt.for_status(d.status))
        if i < len(side_rows):
            who, label, on, cap = side_rows[i]
            _text(ws, r, side, who)
            _text(ws, r, side + 1, label)
            ws.write_number(r, side + 2, on)
            ws.write_number(r, side + 3, cap)
    last = max(1, len(counts))
    ws.autofilter(0, 0, last, len(REKAP_COLUMNS) - 1)
    ws.print_area(0, 0, last, len(REKAP_COLUMNS) - 1)
    _print_setup(ws, lang, scope.title, 0, 0)
    first = 1
    for k, (who, days) in enumerate(blocks):
        n = len(days)
        if n:
            chart = _headcount_chart(book, lang, who, first, first + n - 1, side)
            ws.insert_chart(1 + 20 * k, side + 5, chart)
        first += n


def _chart_blocks(scope: _Scope, lang: _Lang) -> list[tuple[str, dict[dt.date, tuple[int, int]]]]:
    """Per chart (the organisation, then each unit): per date, on site and the cap."""
    unit_counts = [c for c in scope.day_counts if c.kind == "Unit"]
    per_unit = _group(unit_counts, lambda c: c.name)
    blocks = []
    if scope.unit is None:
        blocks.append((lang("Seluruh unit", "all units"), _daily_totals(unit_counts)))
    blocks += [(u.name, _daily_totals(per_unit[u.name])) for u in scope.units if u.name in per_unit]
    return blocks


def _daily_totals(counts: Iterable[DayCount]) -> dict[dt.date, tuple[int, int]]:
    """Per date: on-site staff summed over the counts, and their caps (0 on a holiday)."""
    out: dict[dt.date, tuple[int, int]] = {}
    for d in sorted(counts, key=lambda c: c.date):
        on, cap = out.get(d.date, (0, 0))
        counted_cap = d.cap if d.cap is not None and d.status != rp.STATUS_HOLIDAY else 0
        # A cap per set of start waves present together: the day's room is their sum (exact for
        # waves that do not overlap); the people are counted on the day's row only.
        out[d.date] = (on + (0 if d.wave else d.on_site), cap + counted_cap)
    return out


def _headcount_chart(book: Any, lang: _Lang, who: str, first: int, last: int, side: int) -> Any:
    """On site (columns) against the cap (a straight line, never smoothed) of one block."""
    sheet = SHEET_REKAP
    cats = [sheet, first, side + 1, last, side + 1]
    bar = book.add_chart({"type": "column"})
    bar.add_series(
        {
            "name": lang("Hadir (WFO)", "On site (WFO)"),
            "categories": cats,
            "values": [sheet, first, side + 2, last, side + 2],
            "fill": {"color": "#70AD47"},
        }
    )
    line = book.add_chart({"type": "line"})
    line.add_series(
        {
            "name": lang("Kuota", "Cap"),
            "categories": cats,
            "values": [sheet, first, side + 3, last, side + 3],
            "line": {"color": "#C00000", "width": 2.25},
            "marker": {"type": "square", "size": 5},
            "smooth": False,
        }
    )
    bar.combine(line)
    bar.set_title(
        {"name": lang("Hadir vs kuota", "On site vs cap") + f" — {plain_text(who)[:80]}",
         "name_font": {"size": 11}}
    )  # fmt: skip
    bar.set_y_axis({"name": lang("Pegawai", "staff"), "min": 0})
    bar.set_x_axis({"name": lang("Hari", "day")})
    bar.set_legend({"position": "bottom"})
    bar.set_size({"width": 560, "height": 300})
    return bar


# -- Cakupan ------------------------------------------------------------------------------------


def _write_cakupan(ws: Sheet, fmt: _Formats, scope: _Scope, lang: _Lang) -> None:
    """A bidang/seksi × date grid: present/required per day, coloured by whether it is met."""
    roster = scope.result.roster
    assert roster is not None
    dates = roster.dates
    n_fixed = len(CAKUPAN_FIXED_COLUMNS)
    header_row = CAKUPAN_HEADER_ROW - 1
    _set_widths(ws, [30, 28, 28, 9] + [10] * len(dates) + [14])
    ws.freeze_panes(header_row + 1, n_fixed)
    _print_setup(ws, lang, scope.title, header_row, header_row)
    _text(ws, 0, 0, lang("Keterwakilan bidang/seksi", "Representation of divisions/sections")
          + f" — {scope.title}", fmt.title)  # fmt: skip
    _text(ws, 1, 0, lang(
        "Isi sel: hadir/wajib hadir · TUTUP: gedung tutup · LIBUR: hari libur · "
        "–: tidak ada yang bisa hadir",
        "Cell: present/required · TUTUP: building closed · LIBUR: holiday · "
        "–: nobody can attend",
    ), fmt.subtitle)  # fmt: skip
    _header(ws, header_row, CAKUPAN_FIXED_COLUMNS, fmt.header)
    for j, day in enumerate(dates):
        ws.write_datetime(header_row, n_fixed + j, day, fmt.header_date)
    _text(ws, header_row, n_fixed + len(dates), lang.pick(CAKUPAN_TOTAL_COLUMN), fmt.header)
    column = {d: j for j, d in enumerate(dates)}
    closed = _closed_units(scope)
    grid: dict[tuple[str, str, str], list[Coverage]] = {}
    for c in scope.coverage:
        grid.setdefault((c.unit, c.bidang, c.seksi), []).append(c)
    row = header_row
    for (unit, bidang, seksi), days in grid.items():
        row += 1
        _text(ws, row, 0, unit, fmt.cell)
        _text(ws, row, 1, bidang, fmt.cell)
        _text(ws, row, 2, seksi, fmt.cell)
        ws.write_number(row, 3, days[0].members, fmt.count)
        missed = 0
        for c in days:
            at = column.get(c.date)
            if at is None:
                continue
            text, status = _coverage_cell(c, (unit, c.date) in closed)
            missed += status == rp.NOT_COVERED
            look = fmt.status[rp.STATUS_CLOSED] if text == "TUTUP" else fmt.for_status(status)
            _text(ws, row, n_fixed + at, text, look)
        ws.write_number(row, n_fixed + len(dates), missed, fmt.count)
    if not grid:
        _text(ws, header_row + 1, 0, lang("Tidak ada bidang/seksi", "no divisions or sections"))
    ws.autofilter(header_row, 0, max(row, header_row), n_fixed + len(dates))


def _coverage_cell(c: Coverage, closed: bool) -> tuple[str, str]:
    if c.status == rp.STATUS_HOLIDAY:
        return "LIBUR", rp.STATUS_HOLIDAY
    if c.status == rp.NOBODY_ELIGIBLE:
        return ("TUTUP", rp.STATUS_CLOSED) if closed else ("–", rp.NOBODY_ELIGIBLE)
    return f"{c.present}/{c.required}", c.status


def _closed_units(scope: _Scope) -> set[tuple[str, dt.date]]:
    """(unit, date) where the unit's own building is closed."""
    dates = scope.problem.dates
    out: set[tuple[str, dt.date]] = set()
    for unit in scope.units:
        for c in scope.problem.closures:
            if c.building == unit.building:
                out.update((unit.name, d) for d in dates if c.start <= d <= c.end)
    return out


# -- Pelanggaran --------------------------------------------------------------------------------


def _write_pelanggaran(ws: Sheet, fmt: _Formats, scope: _Scope, lang: _Lang) -> None:
    columns = list(PELANGGARAN_COLUMNS)
    widths = [44, 30, 9, 40, 12, 12, 12, 60, 60]
    keep = [i for i, c in enumerate(columns) if _keeps(lang, c)]
    _set_widths(ws, [widths[i] for i in keep])
    ws.freeze_panes(1, 0)
    _print_setup(ws, lang, scope.title, 0, 0)
    _header(ws, 0, [columns[i] for i in keep], fmt.header)
    if not scope.violations:
        _text(ws, 1, 0, lang.pick(NO_VIOLATION_TEXT), fmt.good)
    for r, v in enumerate(scope.violations, start=1):
        rule_label = RULE_LABELS.get(v.rule, v.rule)
        values: list[tuple[object, Fmt]] = [
            (lang.pick(rule_label), fmt.wrap),
            (lang.pick(HARD_LABEL if v.hard else SOFT_LABEL), fmt.hard if v.hard else fmt.soft),
            (RULE_TIERS.get(v.rule, "-"), fmt.count),
            (_name_people(v.scope, scope.by_nip), fmt.wrap),
            (v.date, fmt.date),
            (v.required, fmt.cell),
            (v.actual, fmt.cell),
            (v.reason_id, fmt.wrap),
            (v.reason_en, fmt.wrap),
        ]
        for c, i in enumerate(keep):
            value, look = values[i]
            if isinstance(value, str):
                _text(ws, r, c, value, look)
            else:
                _write_value(ws, r, c, value, look)
    ws.autofilter(0, 0, max(1, len(scope.violations)), len(keep) - 1)


def _keeps(lang: _Lang, column: str) -> bool:
    """Whether a column is shown: ``Alasan`` only with Indonesian, ``Reason`` only with English."""
    if column == "Alasan":
        return lang.code != "en"
    if column == "Reason":
        return lang.code != "id"
    return True


# -- Penjelasan ---------------------------------------------------------------------------------

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


def _write_penjelasan(ws: Sheet, fmt: _Formats, scope: _Scope, lang: _Lang) -> None:
    """One row per finding: why a rule had to bend, the minimal conflict, verified suggestions.
    People are named (name and NIP), not only NIPs."""
    findings = scope.findings or []
    columns = list(PENJELASAN_COLUMNS)
    widths = [6, 30, 8, 30, 24, 11, 40, 60, 60, 60, 70]
    keep = [i for i, c in enumerate(columns) if _keeps(lang, c)]
    _set_widths(ws, [widths[i] for i in keep])
    ws.freeze_panes(1, 0)
    _print_setup(ws, lang, scope.title, 0, 0)
    _header(
        ws, 0, [c if c == "Unit / Gedung" else lang.pick(c) for c in (columns[i] for i in keep)],
        fmt.header,
    )  # fmt: skip
    if not findings:
        _text(ws, 1, 0, lang.pick(NO_FINDING_TEXT), fmt.good)
    people = scope.by_nip
    for r, f in enumerate(findings, start=1):
        untested = lang("belum diuji", "untested")
        suggestions = "\n".join(
            f"{i}. {lang(s.text_id, s.text_en)}" + ("" if s.verified else f" ({untested})")
            for i, s in enumerate(f.suggestions, start=1)
        )
        label_id, label_en = EXPLAIN_LABELS.get(f.rule, (f.rule, f.rule))
        values: list[object] = [
            f.number,
            lang(label_id, label_en),
            f.tier,
            f.owner,
            ", ".join(d.isoformat() for d in f.dates),
            f.violations,
            "; ".join(_name_people(s, people) for s in f.scopes),
            _name_people(f.reason_id, people),
            _name_people(f.reason_en, people),
            "\n".join(_name_people(x, people) for x in f.facts),
            _name_people(suggestions, people),
        ]
        for c, i in enumerate(keep):
            value = values[i]
            if isinstance(value, int):
                ws.write_number(r, c, value, fmt.count)
            else:
                _text(ws, r, c, value, fmt.wrap)
    ws.autofilter(0, 0, max(1, len(findings)), len(keep) - 1)


# -- Ringkasan ----------------------------------------------------------------------------------

Pair = tuple[str, object]

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
ZERO_DAYS_COLUMNS = (
    "Nama",
    "NIP",
    "Jabatan",
    "Unit Kerja",
    "Bidang/Seksi",
    "Hari Tersedia / available days",
    "Alasan / reason",
)


@dataclass(frozen=True)
class _Percent:
    fraction: float


class _Rows:
    """Rows of a sheet written top to bottom (the order constant_memory mode needs)."""

    def __init__(self, ws: Sheet) -> None:
        self.ws = ws
        self.row = 0

    def line(self, *values: object, fmt: Fmt = None) -> None:
        for c, value in enumerate(values):
            if isinstance(value, str):
                _text(self.ws, self.row, c, value, fmt)
            else:
                _write_value(self.ws, self.row, c, value, fmt)
        self.row += 1

    def skip(self) -> None:
        self.row += 1


def _write_ringkasan(ws: Sheet, fmt: _Formats, scope: _Scope, info: RunInfo, lang: _Lang) -> None:
    _set_widths(ws, [62, 40, 28, 30, 30, 14, 60])
    _print_setup(ws, lang, scope.title, 0, 0)
    out = _Rows(ws)
    out.line(lang("Ringkasan", "Summary") + f" — {scope.title}", fmt=fmt.title)
    zero = scope.zero_days
    for sentence in _plain_summary(scope, lang, zero):
        out.line(sentence, fmt=fmt.sentence)
    out.skip()
    _zero_days_rows(out, fmt, lang, zero)
    out.skip()
    _warning_rows(out, fmt, lang, info.warnings)
    out.skip()
    out.line(lang.pick("Keterangan / Item"), lang.pick("Nilai / Value"), fmt=fmt.header)
    sections = _summary_sections(scope, info)
    if scope.addendum is not None and scope.addendum.summary:
        sections.insert(0, (scope.addendum.title, list(scope.addendum.summary)))
    preset = preset_summary(scope.problem.policy, lang)
    if preset:  # right after the parameters it sets
        sections.insert(3, ("Preset regulasi / Regulation preset", preset))
    for section, pairs in sections:
        out.skip()
        out.line(lang.pick(section), "", fmt=fmt.section)
        for key, value in pairs:
            _text(ws, out.row, 0, lang.pick(key))
            _summary_value(ws, out.row, fmt, lang, value)
            out.skip()
    out.skip()
    _fairness_rows(out, fmt, lang, scope)
    out.skip()
    _exception_rows(out, fmt, lang, scope)


def _write_extra(ws: Sheet, fmt: _Formats, scope: _Scope, lang: _Lang, extra: ExtraSheet) -> None:
    """A re-plan's table sheet: header, rows, frozen, filtered, printable."""
    _set_widths(ws, list(extra.widths) or [20] * len(extra.columns))
    _print_setup(ws, lang, scope.title, 0, 0)
    _header(ws, 0, [lang.pick(c) for c in extra.columns], fmt.header)
    ws.freeze_panes(1, 0)
    for r, values in enumerate(extra.rows, start=1):
        for c, value in enumerate(values):
            if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
                ws.write_datetime(r, c, value, fmt.date)
            elif isinstance(value, str):
                _text(ws, r, c, value, fmt.text)
            else:
                _write_value(ws, r, c, value, fmt.cell)
    if not extra.rows and extra.empty:
        _text(ws, 1, 0, lang.pick(extra.empty), fmt.cell)
    ws.autofilter(0, 0, max(1, len(extra.rows)), max(0, len(extra.columns) - 1))


def _plain_summary(scope: _Scope, lang: _Lang, zero: list[ZeroOfficeDays]) -> list[str]:
    """The summary a head of office reads first: period, units, rules, fairness, least/most."""
    problem, roster = scope.problem, scope.result.roster
    assert roster is not None
    dates = roster.dates
    out: list[str] = []
    if dates:
        out.append(
            lang("Periode", "Period")
            + f": {tanggal_id(dates[0])} – {tanggal_id(dates[-1])}, "
            + f"{len(problem.working_dates)} "
            + lang("hari kerja", "working days")
            + "."
        )
    units = scope.units
    names = ", ".join(u.name for u in units[:6]) + (", …" if len(units) > 6 else "")
    out.append(
        f"{len(units)} " + lang("unit kerja", "units") + f" ({names}), "
        f"{len(scope.employees)} " + lang("pegawai", "staff") + "."
    )
    out += _wave_summary(scope, lang)
    broken = scope.violations
    if not broken:
        out.append(lang("Semua aturan terpenuhi.", "Every rule is met."))
    else:
        hard = sum(v.hard for v in broken)
        out.append(
            lang(
                f"{len(broken)} aturan tidak terpenuhi ({hard} keras); "
                "lihat sheet Pelanggaran dan Penjelasan.",
                f"{len(broken)} rules not met ({hard} hard); "
                "see sheets Pelanggaran and Penjelasan.",
            )
        )
    if scope.fairness:
        worst = max(scope.fairness, key=lambda f: f.max_days - f.min_days)
        spread = worst.max_days - worst.min_days
        out.append(
            lang(
                f"Pemerataan: di antara pegawai fleksibel yang sebanding, selisih hari WFO "
                f"paling besar {spread} hari ({worst.unit}).",
                f"Fairness: among comparable flexible staff, office days differ by at most "
                f"{spread} ({worst.unit}).",
            )
        )
    if scope.history is not None and scope.history.spreads:
        spreads = scope.history.spreads
        total = max(x.total for x in spreads)
        now = max(x.now for x in spreads)
        weekly = max((w for x in spreads for w in x.weeks), default=now)
        out.append(
            lang(
                f"Riwayat (--riwayat): selisih hari WFO riwayat + jadwal ini paling besar "
                f"{total} hari, jadwal ini {now}, per minggu {weekly}; per pegawai di sheet "
                f"{SHEET_RIWAYAT}.",
                f"History (--riwayat): office days over history + this roster differ by at "
                f"most {total}, this roster {now}, per week {weekly}; per person in sheet "
                f"{SHEET_RIWAYAT}.",
            )
        )
    policy = problem.policy
    optional = policy.max_age_on_site > 0 or policy.vaccinated_only
    kept_home = {
        e.nip
        for e in (scope.employees if optional else ())
        if not e.vulnerable and any(policy.home_reason(e, d) for d in problem.working_dates)
    }
    if kept_home:
        rules = []
        if policy.max_age_on_site:
            rules.append(f"Usia Maks WFO {policy.max_age_on_site}")
        if policy.vaccinated_only:
            rules.append("Hanya Tervaksinasi WFO")
        out.append(
            lang(
                f"{len(kept_home)} pegawai WFH (seluruhnya atau sebagian periode) karena "
                f"{', '.join(rules)}.",
                f"{len(kept_home)} staff work from home (all or part of the period) because of "
                f"{', '.join(rules)}.",
            )
        )
    counted = [
        (roster.office_days(e.nip), e)
        for e in scope.employees
        if not e.vulnerable and e.nip in roster.cells
    ]
    if counted:
        low = min(n for n, _ in counted)
        high = max(n for n, _ in counted)
        lows = [e for n, e in counted if n == low]
        highs = [e for n, e in counted if n == high]
        out.append(
            lang("Paling jarang ke kantor", "Fewest office days")
            + f": {low} "
            + lang("hari", "days")
            + f" — {_few_people(lows, lang)}. "
            + lang("Paling sering", "Most")
            + f": {high} "
            + lang("hari", "days")
            + f" — {_few_people(highs, lang)}."
        )
    out.append(
        lang(
            f"Pegawai (tidak rentan) tanpa hari WFO: {len(zero)}"
            + (" — daftar dan alasannya di bawah." if zero else "."),
            f"Non-vulnerable staff with no office day: {len(zero)}"
            + (" — listed below with the reason." if zero else "."),
        )
    )
    return out


def _wave_summary(scope: _Scope, lang: _Lang) -> list[str]:
    """With start waves: the waves, how many came in each, the most on site a day and at once."""
    policy, roster = scope.problem.policy, scope.result.roster
    if not policy.has_waves or roster is None:
        return []
    nips = [e.nip for e in scope.employees]
    per_wave = [0] * len(policy.waves)
    for nip in nips:
        for w in roster.waves.get(nip, ()):
            if 1 <= w <= len(per_wave):
                per_wave[w - 1] += 1
    listed = "; ".join(
        f"{wave_code(w)} {wave.label} ({per_wave[w - 1]})"
        for w, wave in enumerate(policy.waves, start=1)
    )
    at_once = [c for c in scope.day_counts if c.kind == "Gedung" and c.wave]
    capped = {c.name for c in at_once}  # buildings with a cap: counted per wave
    day_rows = [c for c in scope.day_counts if c.name in capped and c.kind == "Gedung"]
    day_rows = [c for c in day_rows if not c.wave]
    text = [
        lang(
            f"Gelombang masuk (jumlah hari WFO): {listed}. Kuota gedung berlaku untuk yang hadir "
            "bersamaan (Pergub DKI 88/2020); kuota unit "
            + ("juga per gelombang." if policy.unit_cap_per_wave else "per hari."),
            f"Start waves (office days): {listed}. Building caps count the people present at "
            "the same time (Pergub DKI 88/2020); unit caps count "
            + ("per wave too." if policy.unit_cap_per_wave else "per day."),
        )
    ]
    if at_once and day_rows:
        day_most = max(c.on_site for c in day_rows)
        once_most = max(c.on_site for c in at_once)
        text.append(
            lang(
                f"Paling banyak di satu gedung berkuota: {day_most} orang dalam sehari, "
                f"{once_most} orang bersamaan.",
                f"Most in one capped building: {day_most} people in a day, {once_most} at the "
                "same time.",
            )
        )
    return text


def _few_people(people: list[Employee], lang: _Lang) -> str:
    shown = ", ".join(_person(e) for e in people[:3])
    if len(people) > 3:
        shown += lang(f" dan {len(people) - 3} lainnya", f" and {len(people) - 3} more")
    return shown


WARNING_COLUMNS = ("Sheet", "Baris / row", "Kolom / column", "Peringatan / warning")


def _warning_rows(
    out: _Rows, fmt: _Formats, lang: _Lang, warnings: tuple[InputProblem, ...]
) -> None:
    """The input's warnings, unused columns and sheets first (they are easy to overlook)."""
    out.line(
        lang("Peringatan input (kolom/sheet yang tidak dipakai dan lainnya)",
             "Input warnings (columns and sheets not used, and others)"),
        fmt=fmt.section,
    )  # fmt: skip
    out.line(*(lang.pick(c) for c in WARNING_COLUMNS), fmt=fmt.header)
    if not warnings:
        out.line("", "", "", lang("Tidak ada", "none"))
    first = (UNUSED_COLUMN, UNUSED_SHEET)
    ordered = sorted(warnings, key=lambda w: (w.kind not in first, w.sheet, w.row or 0))
    ws = out.ws
    for w in ordered:
        _text(ws, out.row, 0, w.sheet, fmt.cell)
        if w.row is not None:
            ws.write_number(out.row, 1, w.row, fmt.count)
        _text(ws, out.row, 2, w.column or "", fmt.cell)
        _text(ws, out.row, 3, lang(w.message_id, w.message_en), fmt.wrap)
        out.skip()


def _zero_days_rows(out: _Rows, fmt: _Formats, lang: _Lang, zero: list[ZeroOfficeDays]) -> None:
    out.line(
        lang("Pegawai tanpa hari WFO (tidak rentan)", "Staff with no office day (not vulnerable)"),
        fmt=fmt.section,
    )
    out.line(*(lang.pick(c) for c in ZERO_DAYS_COLUMNS), fmt=fmt.header)
    if not zero:
        out.line("", lang("Tidak ada", "none"))
    ws = out.ws
    for z in zero:
        e = z.employee
        name = f"{e.name} ({lang('Pimpinan', 'leader')})" if e.leader else e.name
        sub = " / ".join(p for p in (e.bidang, e.seksi) if p)
        for c, value in enumerate((name, e.nip, e.position, e.unit, sub)):
            _text(ws, out.row, c, value, fmt.text if c == 1 else fmt.cell)
        ws.write_number(out.row, 5, z.available_days, fmt.count)
        _text(ws, out.row, 6, lang(z.reason_id, z.reason_en), fmt.wrap)
        out.skip()


def _summary_value(ws: Sheet, row: int, fmt: _Formats, lang: _Lang, value: object) -> None:
    if value is None:
        _text(ws, row, 1, "–")
    elif isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        ws.write_datetime(row, 1, value, fmt.date_plain)
    elif isinstance(value, _Percent):
        ws.write_number(row, 1, value.fraction, fmt.percent)
    elif isinstance(value, bool):
        _text(ws, row, 1, lang("Ya", "yes") if value else lang("Tidak", "no"))
    elif isinstance(value, int | float | Decimal):
        _write_value(ws, row, 1, value, fmt.number)
    elif isinstance(value, str):
        _text(ws, row, 1, lang.pick(value) if " / " in value else value)
    else:
        _text(ws, row, 1, value)


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


def _fairness_rows(out: _Rows, fmt: _Formats, lang: _Lang, scope: _Scope) -> None:
    out.line(lang("Pemerataan hari WFO", "Fairness of office days"), fmt=fmt.section)
    if any(f.with_history for f in scope.fairness):
        out.line(
            lang(
                "Min/maks menghitung hari WFO di jadwal sebelumnya (--riwayat) ditambah jadwal "
                "ini, dikurangi riwayat terkecil",
                "Min/max count the office days of the earlier rosters (--riwayat) plus this "
                "roster, less the smallest history",
            )
        )
    out.line(*(lang.pick(c) for c in FAIRNESS_COLUMNS), fmt=fmt.header)
    for f in scope.fairness:
        out.line(
            f.unit,
            f.available_days,
            f.people,
            f.min_days,
            f.max_days,
            f.max_days - f.min_days,
            len(f.exceptions),
            fmt=fmt.cell,
        )
    if not scope.fairness:
        out.line(lang("Tidak ada data", "no data"))


RIWAYAT_SPREAD_COLUMNS = ("Unit Kerja", "Pegawai fleksibel / flexible staff")
RIWAYAT_PERSON_COLUMNS = ("No.", "NIP", "Nama", "Unit Kerja", "Bidang/Seksi")


def _write_riwayat(ws: Sheet, fmt: _Formats, scope: _Scope, lang: _Lang) -> None:
    """Office days per person over the earlier rosters (--riwayat) and this one, and the spread
    among comparable flexible staff per unit: per week, over this roster, over both."""
    table = scope.history
    assert table is not None
    weeks = len(table.week_starts)
    week_labels = [
        lang("Minggu", "Week") + f" {k} ({start:%d/%m})"
        for k, start in enumerate(table.week_starts, start=1)
    ]
    now_label = lang("Jadwal ini", "this roster")
    earlier_label = lang("Riwayat", "history")
    total_label = lang("Riwayat + jadwal ini", "history + this roster")
    team = scope.problem.policy.pattern is Pattern.AB_WEEKLY
    _set_widths(ws, [30, 20, 30, 28, 28, *([14] * (weeks + 4))])
    _print_setup(ws, lang, scope.title, 0, 0)
    out = _Rows(ws)
    out.line(lang("Riwayat hari WFO", "Office days over time") + f" — {scope.title}", fmt=fmt.title)
    note = lang(
        "Hari WFO di jadwal sebelumnya (--riwayat) dan di jadwal ini. Selisih = hari WFO "
        "terbanyak dikurangi tersedikit di antara pegawai fleksibel satu unit dengan jumlah "
        "hari tersedia yang sama (per minggu: hari tersedia minggu itu), tanpa pengecualian "
        "pemerataan (satu-satunya yang bisa hadir di subunitnya, pimpinan). Pegawai baru "
        "dihitung dengan median rekan satu unit (*).",
        "Office days in the earlier rosters (--riwayat) and in this one. Spread = most "
        "office days less fewest among flexible staff of a unit with the same number of "
        "available days (per week: available days of that week), leaving out the fairness "
        "exceptions (the only member of a subunit who can come, leaders). New staff count "
        "as the median of their unit's colleagues (*).",
    )
    for line in textwrap.wrap(note, 120):  # short lines: the page stays as wide as the table
        out.line(line, fmt=fmt.sentence)
    out.skip()
    out.line(lang("Selisih per unit", "Spread per unit"), fmt=fmt.section)
    spread_header = [lang.pick(c) for c in RIWAYAT_SPREAD_COLUMNS]
    spread_header += (week_labels if weeks > 1 else []) + [now_label, total_label]
    ws.set_row(out.row, 45)  # three lines of header text (rows are written top to bottom)
    out.line(*spread_header, fmt=fmt.header)
    for s in table.spreads:
        values: list[object] = [s.unit, s.people, *(s.weeks if weeks > 1 else ()), s.now, s.total]
        out.line(*values, fmt=fmt.cell)
    if not table.spreads:
        out.line(lang("Tidak ada data", "no data"))
    out.skip()
    out.line(lang("Hari WFO per pegawai", "Office days per person"), fmt=fmt.section)
    header = [*RIWAYAT_PERSON_COLUMNS, *([JADWAL_TEAM_COLUMN] if team else []), earlier_label]
    header += (week_labels if weeks > 1 else []) + [now_label, total_label]
    ws.set_row(out.row, 45)
    out.line(*header, fmt=fmt.header)
    first = out.row
    for number, p in enumerate(table.people, start=1):
        e = p.employee
        row = out.row
        ws.write_number(row, 0, number, fmt.count)
        _text(ws, row, 1, e.nip, fmt.text)
        _text(ws, row, 2, e.name, fmt.cell)
        _text(ws, row, 3, e.unit, fmt.cell)
        _text(ws, row, 4, " / ".join(x for x in (e.bidang, e.seksi) if x), fmt.cell)
        col = 5
        if team:
            _text(ws, row, col, e.team, fmt.count)
            col += 1
        if p.imputed:
            _text(ws, row, col, f"{p.earlier}*", fmt.count)
        else:
            ws.write_number(row, col, p.earlier, fmt.count)
        col += 1
        for days in p.weeks if weeks > 1 else ():
            ws.write_number(row, col, days, fmt.count)
            col += 1
        ws.write_number(row, col, p.now, fmt.count)
        ws.write_number(row, col + 1, p.total, fmt.count)
        out.skip()
    ws.freeze_panes(first, 3)
    ws.repeat_rows(first - 1, first - 1)
    ws.print_area(0, 0, max(out.row - 1, first), len(header) - 1)


def _exception_rows(out: _Rows, fmt: _Formats, lang: _Lang, scope: _Scope) -> None:
    out.line(
        lang("Pegawai yang harus lebih sering hadir", "Staff who had to come more often"),
        fmt=fmt.section,
    )
    out.line(*EXCEPTION_COLUMNS, fmt=fmt.header)
    roster = scope.result.roster
    reason = lang(
        "satu-satunya yang bisa hadir di subunitnya", "only eligible member of their subunit"
    )
    nips = [nip for f in scope.fairness for nip in f.exceptions]
    for nip in nips:
        emp = scope.by_nip.get(nip)
        days = roster.office_days(nip) if roster is not None and nip in roster.cells else 0
        if emp is None:
            out.line(nip, "", "", "", "", days, reason, fmt=fmt.cell)
        else:
            out.line(nip, emp.name, emp.unit, emp.bidang, emp.seksi, days, reason, fmt=fmt.cell)
    if not nips:
        out.line(lang("Tidak ada", "none"))


# -- Ketahanan ----------------------------------------------------------------------------------

KETAHANAN_RISK_COLUMNS = (
    "Unit Kerja",
    "Bidang",
    "Seksi",
    "Tingkat / Level",
    "Anggota / Members",
    "Skenario / Scenarios",
    "Hari tanpa cover (terlama) / days without cover (longest)",
    "Kasus contoh / example case",
    "Tanggal positif / tested on",
)
KETAHANAN_WORST_COLUMNS = (
    "NIP",
    "Nama",
    "Unit Kerja",
    "Bidang / Seksi",
    "Tanggal positif / tested on",
    "Dikarantina / quarantined",
    "Subunit tanpa cover / subunits without cover",
)
KETAHANAN_NOTES = (
    ("Setiap pegawai yang WFO ≥ 1 hari dianggap positif pada setiap hari kerja.",
     "Every employee on site on ≥ 1 day is taken as positive on every working day."),
    ("Kontak erat: gedung dan lingkup sama, WFO pada hari yang sama dalam [tanggal − 2, "
     "tanggal] (KMK HK.01.07/MENKES/413/2020).",
     "Close contacts: same building and scope, on site on a shared day within [date − 2, "
     "date]."),
    ("Subunit tanpa cover: semua anggota yang bisa hadir sedang isolasi atau karantina.",
     "A subunit without cover: every member who could be on site is isolated or quarantined."),
)  # fmt: skip
#: Subunits at risk listed in the sheet (all are counted in the summary).
KETAHANAN_RISKS_LISTED = 500


def _write_ketahanan(ws: Sheet, fmt: _Formats, scope: _Scope, res: Resilience, lang: _Lang) -> None:
    """Resilience to one positive case: the figures, per test date, the subunits at risk, the
    worst scenarios (definitions: ``optimizer.analysis.resilience``)."""
    problem = scope.problem
    _set_widths(ws, [36, 36, 36, 12, 12, 12, 26, 44, 14])
    _print_setup(ws, lang, scope.title, 0, 0)
    out = _Rows(ws)
    out.line(lang("Ketahanan terhadap satu kasus positif", "Resilience to one positive case")
             + f" — {scope.title}", fmt=fmt.title)  # fmt: skip
    for text_id, text_en in KETAHANAN_NOTES:
        out.line(lang(text_id, text_en), fmt=fmt.subtitle)
    out.skip()
    _text(ws, out.row, 0, lang.pick("Keterangan / Item"), fmt.header)
    _text(ws, out.row, 3, lang.pick("Nilai / Value"), fmt.header)
    out.skip()
    cohorts = problem.policy.cohorts
    pairs = [*resilience_pairs(res, problem)]
    pairs.append(("Kohort", "cohorts",
                  f"{cohorts} ({problem.policy.cohort_level.value})" if cohorts > 1
                  else lang("tidak", "off")))  # fmt: skip
    for label_id, label_en, value in pairs:  # the label runs over the empty columns 1–2
        _text(ws, out.row, 0, lang(label_id, label_en), fmt.plain)
        _write_value(ws, out.row, 3, value, fmt.number)
        out.skip()
    out.skip()
    out.line(lang("Per tanggal positif", "Per test date"), fmt=fmt.section)
    out.line(lang("Tanggal", "Date"), lang("Skenario", "Scenarios"),
             lang("Karantina terbanyak", "Most quarantined"),
             lang("Rata-rata dikarantina", "Average quarantined"), fmt=fmt.header)  # fmt: skip
    ws.set_row(out.row - 1, 30)
    for day, (count, most, total) in res.per_day.items():
        ws.write_datetime(out.row, 0, day, fmt.date)
        ws.write_number(out.row, 1, count, fmt.count)
        ws.write_number(out.row, 2, most, fmt.count)
        ws.write_number(out.row, 3, round(total / count, 2) if count else 0, fmt.count)
        out.skip()
    out.skip()
    out.line(
        lang("Subunit berisiko (kehilangan semua cover)", "Subunits at risk (losing all cover)"),
        fmt=fmt.section,
    )
    out.line(*(lang.pick(c) for c in KETAHANAN_RISK_COLUMNS), fmt=fmt.header)
    ws.set_row(out.row - 1, 45)
    if not res.subunits:
        out.line(lang("Tidak ada", "none"), fmt=fmt.good)
    by_nip = scope.by_nip
    for r in res.subunits[:KETAHANAN_RISKS_LISTED]:
        unit, bidang, seksi = r.key
        for c, value in enumerate((unit, bidang, seksi, r.level)):
            _text(ws, out.row, c, value, fmt.cell)
        ws.write_number(out.row, 4, r.members, fmt.count)
        ws.write_number(out.row, 5, r.scenarios, fmt.count)
        first, last = r.worst_days[0], r.worst_days[-1]
        span = _weekday_label(first) + (f" – {_weekday_label(last)}" if last != first else "")
        _text(ws, out.row, 6, f"{len(r.worst_days)}: {span}", fmt.cell)
        _text(ws, out.row, 7, _name_people(r.worst_case, by_nip), fmt.cell)
        _write_value(ws, out.row, 8, r.worst_on, fmt.date)
        out.skip()
    if len(res.subunits) > KETAHANAN_RISKS_LISTED:
        more = len(res.subunits) - KETAHANAN_RISKS_LISTED
        out.line(lang(f"… {more} subunit lagi", f"… {more} more subunits"))
    out.skip()
    out.line(lang("Skenario terburuk", "Worst scenarios"), fmt=fmt.section)
    out.line(*(lang.pick(c) for c in KETAHANAN_WORST_COLUMNS), fmt=fmt.header)
    ws.set_row(out.row - 1, 45)
    for sc in res.worst:
        emp = by_nip.get(sc.nip)
        sub = " / ".join(p for p in (emp.bidang, emp.seksi) if p) if emp else ""
        _text(ws, out.row, 0, sc.nip, fmt.text)
        _text(ws, out.row, 1, emp.name if emp else "", fmt.cell)
        _text(ws, out.row, 2, emp.unit if emp else "", fmt.cell)
        _text(ws, out.row, 3, sub, fmt.cell)
        ws.write_datetime(out.row, 4, sc.on, fmt.date)
        ws.write_number(out.row, 5, sc.quarantined, fmt.count)
        lost = "; ".join(
            f"{' / '.join(p for p in key[1:] if p)} ({len(days)})" for key, days in sc.lost
        )
        _text(ws, out.row, 6, lost or "–", fmt.cell)
        out.skip()
    ws.print_area(0, 0, max(out.row, 1), len(KETAHANAN_RISK_COLUMNS) - 1)
