"""Validate an input workbook and build the ``Problem`` it describes.

The contract is the one ``optimizer.io.input_workbook`` writes (sheets and columns) with the
policy parameters declared in ``optimizer.io.parameters``; ``docs/input-format.md`` documents it.
Sheet names, column headers and parameter names match case-insensitively and ignoring spaces; the
English aliases and the words HR use (``Bagian``, ``Komorbid``, SIASN/SIMPEG export headers …)
are accepted too, and so is a combined header such as ``Bidang/Bagian``. The header row is the
first of the first ``HEADER_SCAN_ROWS`` rows that holds every required header, so a title above
it is fine; a two-row header (group headings above) and a numbering row ``(1) (2) (3)`` below it
are understood. A value merged down a block of rows applies to every row of the block. Fully
empty rows are skipped. Every other column is listed in a warning (with "did you mean"), and a
column whose header suggests a rule but is not recognised is an error: nothing that could change
who is on site is ignored silently.

Every problem is collected, located by sheet, Excel row and column as written in the file, with
an Indonesian and an English message and a fix. When any error is found ``InputError`` is raised
with all of them (warnings included); otherwise the problem and the warnings are returned.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import itertools
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypeVar

from models.domain import (
    Absence,
    AbsenceType,
    Building,
    Closure,
    Employee,
    Pattern,
    Policy,
    Problem,
    Sector,
    Unit,
)
from models.teams import assign_teams
from optimizer.errors import UNUSED_COLUMN, UNUSED_SHEET, InputError, InputProblem
from optimizer.io import presets as preset_table
from optimizer.io.cells import (
    AMBIGUOUS_PERCENT_EN,
    AMBIGUOUS_PERCENT_ID,
    MAX_COUNT,
    BadValue,
    ambiguous_percent,
    choice,
    clean_text,
    key,
    parse_date,
    parse_percent,
    parse_yes_no,
    show,
    whole,
)
from optimizer.io.holidays_id import national_holidays
from optimizer.io.input_workbook import (
    ABSENCE_LABELS,
    GEDUNG,
    KEBIJAKAN,
    KETIDAKHADIRAN,
    LIBUR,
    PEGAWAI,
    PENUTUPAN,
    RULE_WORDS,
    SHEETS,
    UNIT,
    UNUSED_COLUMNS,
    Sheet,
)
from optimizer.io.parameters import MAX_WEEKS, PARAMETERS, START, build_policy, parse_preset
from optimizer.io.reader import SheetLayout, Source, column_letter, read_workbook_layout
from optimizer.io.waves import nip_sex, overlapping, parse_sex

T = TypeVar("T")

HEADER_SCAN_ROWS = 10  # the header row must be among the first rows of a sheet
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100  # plausible years for the roster start
NIP_DIGITS_KEPT = 15  # Excel keeps 15 significant digits of a number
INSTRUCTIONS_SHEETS = ("petunjuk", "instructions")
ORGANISATION_LABELS = ("organisasi", "organisation", "organization")
DEFAULT_HOLIDAY_TEXT = "Libur"

# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------


def load_problem(source: Source, preset: str = "") -> tuple[Problem, list[InputProblem]]:
    """Read and validate the workbook ``source`` (a path, or bytes already read): the problem
    and the warnings.

    Raises ``InputError`` listing every error (and warning) when the workbook cannot be used.
    ``Problem.name`` is the organisation named in the ``Petunjuk`` sheet, else the file stem.
    ``preset`` (a preset id chosen outside the workbook, e.g. on the upload page) takes the place
    of the ``Preset`` row of ``Kebijakan``, with a warning when that row named another one; the
    parameters written in the sheet still override the preset.
    """
    sheets, layouts = read_workbook_layout(source, wanted=_is_read)
    return problem_from_sheets(sheets, name=source.stem, layouts=layouts, preset=preset)


def problem_from_sheets(
    sheets: Mapping[str, Sequence[Sequence[object]]],
    name: str = "",
    layouts: Mapping[str, SheetLayout] | None = None,
    preset: str = "",
) -> tuple[Problem, list[InputProblem]]:
    """Validate raw sheets (sheet name → rows of cell values; row 0 is Excel row 1).

    ``name`` is used when the ``Petunjuk`` sheet names no organisation; ``layouts`` (from
    ``read_workbook_layout``) gives merged ranges, hidden rows and percentage formats;
    ``preset`` as for ``load_problem``. Raises ``InputError`` when any error is found.
    """
    validator = _Validator(sheets, layouts or {}, preset)
    problem = validator.run(name)
    problems = validator.sorted_problems()
    if problem is None or any(not p.warning for p in problems):
        raise InputError(problems)
    return problem, problems


# --------------------------------------------------------------------------------------------
# Cell values
# --------------------------------------------------------------------------------------------


def is_blank(value: object) -> bool:
    return value == "" or value is None or (isinstance(value, str) and value.isspace())


NIP_FIX_ID = (
    "Format kolom NIP sebagai Teks (Format Cells > Text) lalu ketik ulang NIP-nya, atau awali "
    "dengan tanda petik satu, mis. '198001012005011001."
)
NIP_FIX_EN = (
    "Format the NIP column as Text (Format Cells > Text) and retype the NIP, or start it with an "
    "apostrophe, e.g. '198001012005011001."
)


def parse_nip(value: object) -> str:
    """A NIP: text only; a leading apostrophe and the spaces inside a number are removed."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise BadValue(
            f"NIP tidak valid: '{show(value)}'",
            f"invalid NIP: '{show(value)}'",
            NIP_FIX_ID,
            NIP_FIX_EN,
        )
    if not isinstance(value, str):
        return _numeric_nip(value)
    text = clean_text(value)
    if text[:1] in ("'", "’", "‘"):
        text = text[1:].strip()
    compact = text.replace(" ", "")
    if compact.isdigit():
        return compact
    if not text:
        raise BadValue("NIP kosong", "the NIP is empty", NIP_FIX_ID, NIP_FIX_EN)
    return text


def _numeric_nip(value: int | float) -> str:
    """Always raises: a NIP typed into a number cell, shown as Excel shows it (15 digits)."""
    shown = show(value)
    if math.isfinite(value):
        kept = Decimal(f"{value:.{NIP_DIGITS_KEPT}g}")
        shown = f"{kept:f}" if kept != kept.to_integral_value() else str(int(kept))
    digits = sum(c.isdigit() for c in shown)
    lost = (
        f" (Excel hanya menyimpan {NIP_DIGITS_KEPT} digit, sehingga digit sesudahnya menjadi 0)",
        f" (Excel keeps only {NIP_DIGITS_KEPT} digits, so the digits after them became 0)",
    )
    extra_id, extra_en = lost if digits > NIP_DIGITS_KEPT else ("", "")
    raise BadValue(
        f"NIP {shown} tersimpan sebagai angka, bukan teks{extra_id}; angka 0 di depan juga hilang",
        f"NIP {shown} is stored as a number, not text{extra_en}; leading zeros are lost too",
        NIP_FIX_ID,
        NIP_FIX_EN,
    )


WEEKDAY_WORDS = {
    **dict.fromkeys(("sen", "senin", "mon", "monday"), 0),
    **dict.fromkeys(("sel", "selasa", "tue", "tues", "tuesday"), 1),
    **dict.fromkeys(("rab", "rabu", "wed", "weds", "wednesday"), 2),
    **dict.fromkeys(("kam", "kamis", "thu", "thur", "thurs", "thursday"), 3),
    **dict.fromkeys(("jum", "jumat", "fri", "friday"), 4),
}
WEEKEND_WORDS = frozenset(
    {"sab", "sabtu", "min", "mgg", "minggu", "ahad", "sat", "saturday", "sun", "sunday"}
)
WEEKDAY_SEPARATORS = re.compile(r"[\s,;/&+]+")
WEEKDAY_FILLERS = frozenset({"", "dan", "and"})
WEEKDAYS_FIX_ID = "Tulis hari Senin–Jumat dipisah koma, mis. 'Sen, Kam' atau 'Senin, Kamis'."
WEEKDAYS_FIX_EN = "Write Monday–Friday days separated by commas, e.g. 'Sen, Kam' or 'Mon, Thu'."


def parse_weekdays(value: object) -> frozenset[int]:
    """'Sen, Kam' / 'Mon, Thu' / 'Senin dan Kamis' → {0, 3} (0 = Monday)."""
    text = clean_text(value).casefold()
    days: set[int] = set()
    for raw in WEEKDAY_SEPARATORS.split(text):
        word = raw.strip(".").replace("'", "").replace("’", "")
        if word in WEEKDAY_FILLERS:
            continue
        day = WEEKDAY_WORDS.get(word)
        if day is not None:
            days.add(day)
        elif word in WEEKEND_WORDS:
            raise BadValue(
                f"Hari '{raw}' bukan hari kerja; hari WFO hanya Senin–Jumat",
                f"'{raw}' is not a working day; office days are Monday–Friday only",
                WEEKDAYS_FIX_ID,
                WEEKDAYS_FIX_EN,
            )
        else:
            raise BadValue(
                f"Nama hari tidak dikenal: '{raw}'",
                f"unknown day name: '{raw}'",
                WEEKDAYS_FIX_ID,
                WEEKDAYS_FIX_EN,
            )
    return frozenset(days)


parse_sector = choice(
    {
        **dict.fromkeys(("nonesensial", "nonessential", "noncritical"), Sector.NON_ESSENTIAL),
        **dict.fromkeys(("esensial", "essential"), Sector.ESSENTIAL),
        **dict.fromkeys(("kritikal", "kritis", "critical"), Sector.CRITICAL),
    },
    "Sektor",
    "sector",
    "Non-esensial, Esensial, Kritikal (Non-essential, Essential, Critical)",
)
#: The kinds of absence HR write, by matching key. Every kind of cuti (annual, big, maternity,
#: important reasons, unpaid), CT and izin are leave; cuti sakit is sickness; tugas luar and dinas
#: luar kota are duty travel; isoman (isolasi mandiri) is isolation; karantina (a close contact)
#: is quarantine (``KARANTINA``, issue 14).
ABSENCE_WORDS = {
    **dict.fromkeys(
        ("leave", "cutitahunan", "ct", "cutibesar", "cb", "cutimelahirkan", "cm",
         "cutibersalin", "cutialasanpenting", "cap", "cltn", "cutidiluartanggungannegara",
         "cutibersama", "izin", "ijin", "annualleave", "maternityleave"),
        AbsenceType.LEAVE,
    ),
    **dict.fromkeys(("sick", "sickleave", "cutisakit", "cs", "sakit"), AbsenceType.SICK),
    **dict.fromkeys(
        ("dutytravel", "tugasluar", "dinasluarkota", "dinasluardaerah", "dinasluarnegeri",
         "perjalanandinas"),
        AbsenceType.DUTY_TRAVEL,
    ),
    **dict.fromkeys(
        ("isolation", "isoman", "isolasimandiri", "selfisolation"),
        AbsenceType.ISOLATION,
    ),
    **dict.fromkeys(("karantina", "quarantine", "karantinamandiri"), AbsenceType.QUARANTINE),
}  # fmt: skip
parse_absence_type = choice(
    {
        **{key(label): kind for kind, label in ABSENCE_LABELS.items()},
        **{key(kind.value): kind for kind in AbsenceType},
        **ABSENCE_WORDS,
    },
    "Jenis ketidakhadiran",
    "absence type",
    ", ".join(ABSENCE_LABELS.values()) + " (Leave, Sick, Duty Travel, Isolation)",
)


def parse_text(value: object) -> str:
    return clean_text(value)


def memo(parse: Callable[[object], T]) -> Callable[[object], T]:
    """``parse`` remembering its results for text cells (columns with many repeated values)."""
    cache: dict[str, T] = {}

    def parsed(value: object) -> T:
        if isinstance(value, str):
            found = cache.get(value)
            if found is None:
                found = cache[value] = parse(value)
            return found
        return parse(value)

    return parsed


# --------------------------------------------------------------------------------------------
# NIP structure
# --------------------------------------------------------------------------------------------

NIP_LENGTH = 18
OTHER_ID: tuple[bool, str, str] = (False, "", "")  # an id that is no NIP at all (allowed)
LOOKALIKE_DIGITS = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1", "i": "1"})
SCIENTIFIC = re.compile(r"[0-9](?:[.,][0-9]+)?[eE]\+?[0-9]{1,2}")
EARLIEST_BIRTH_YEAR, LATEST_BIRTH_YEAR = 1930, 2015
PPPK_MONTHS = range(21, 30)  # a PPPK number: TMT year, then "2" and the period digit


def _valid_date(text: str) -> dt.date | None:
    try:
        return dt.date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return None


def nip_problem(nip: str) -> tuple[bool, str, str] | None:
    """What is wrong with a NIP, as (is an error, message id, message en); None when it is a
    well-formed PNS NIP or PPPK number; ``OTHER_ID`` for another kind of id.

    A PNS NIP is 18 digits: birth date YYYYMMDD, TMT CPNS YYYYMM, sex (1 or 2), a 3-digit
    sequence (from 001). A PPPK number puts "2" and a period digit where the TMT month is, so it
    reads as month 21–29 (docs/input-format.md). Errors: 17 or 19 digits, letters in place of
    digits (O for 0, l/I for 1), digits lost through a number format (``…000``, ``1.98E+17``).
    Warnings: 18 digits that are neither a PNS NIP nor a PPPK number.
    """
    if len(nip) == NIP_LENGTH and nip.isdigit():
        return _nip_layout(nip)
    compact = nip.replace(" ", "").replace(".", "").replace("-", "")
    if SCIENTIFIC.fullmatch(nip.replace(" ", "")):
        return (
            True,
            f"NIP '{nip}' tertulis dalam notasi ilmiah: digit-digitnya sudah hilang",
            f"NIP '{nip}' is written in scientific notation: its digits are lost",
        )
    if not compact.isdigit():
        fixed = compact.translate(LOOKALIKE_DIGITS)
        if fixed.isdigit() and len(fixed) == NIP_LENGTH and sum(c.isdigit() for c in compact) > 12:
            return (
                True,
                f"NIP '{nip}' berisi huruf di tempat angka (O untuk 0, l/I untuk 1?); mungkin "
                f"maksudnya {fixed}",
                f"NIP '{nip}' holds letters in place of digits (O for 0, l/I for 1?); perhaps "
                f"{fixed} was meant",
            )
        return OTHER_ID
    if len(compact) in (NIP_LENGTH - 1, NIP_LENGTH + 1):
        return (
            True,
            f"NIP {compact} terdiri dari {len(compact)} digit; NIP PNS/PPPK 18 digit",
            f"NIP {compact} has {len(compact)} digits; a PNS/PPPK NIP has 18",
        )
    if len(compact) != NIP_LENGTH:
        return OTHER_ID
    return _nip_layout(compact)


def _nip_layout(compact: str) -> tuple[bool, str, str] | None:
    """``nip_problem`` of 18 digits."""
    if compact.endswith("000"):
        return (
            True,
            f"NIP {compact} berakhir 000: digit terakhirnya mungkin hilang karena sel berformat "
            "angka (Excel hanya menyimpan 15 digit)",
            f"NIP {compact} ends in 000: its last digits were probably lost through a number "
            "format (Excel keeps 15 digits)",
        )
    born, month_born, day_born = int(compact[:4]), int(compact[4:6]), int(compact[6:8])
    birth_ok = EARLIEST_BIRTH_YEAR <= born <= LATEST_BIRTH_YEAR and (
        (1 <= month_born <= 12 and 1 <= day_born <= 28) or _valid_date(compact[:8]) is not None
    )
    year, month, sex = int(compact[8:12]), int(compact[12:14]), compact[14]
    tmt_ok = (1 <= month <= 12 or month in PPPK_MONTHS) and year >= born + 14
    if birth_ok and tmt_ok and sex in "12":
        return None
    wrong: list[tuple[str, str]] = []
    if not birth_ok:
        wrong.append((f"tanggal lahir {compact[:8]}", f"birth date {compact[:8]}"))
    if not tmt_ok:
        wrong.append((f"TMT {compact[8:14]}", f"TMT {compact[8:14]}"))
    if sex not in "12":
        wrong.append((f"digit jenis kelamin {sex}", f"sex digit {sex}"))
    return (
        False,
        f"NIP {compact} tidak sesuai susunan NIP PNS/PPPK ({', '.join(w[0] for w in wrong)} "
        "tidak mungkin)",
        f"NIP {compact} does not follow the PNS/PPPK NIP layout (impossible "
        f"{', '.join(w[1] for w in wrong)})",
    )


def nip_birth_date(nip: str) -> tuple[dt.date | None, tuple[str, str]]:
    """The birth date held by an 18-digit PNS NIP (its first 8 digits, YYYYMMDD), or ``None``
    and why not (Indonesian, English). A PPPK number is not a PNS NIP: its digits are not read.
    """
    if len(nip) != NIP_LENGTH or not nip.isdigit():
        return None, (
            f"'{nip}' bukan NIP PNS 18 digit",
            f"'{nip}' is not an 18-digit PNS NIP",
        )
    if int(nip[12:14]) in PPPK_MONTHS:
        return None, (
            f"{nip} adalah nomor PPPK, bukan NIP PNS; digitnya tidak dibaca sebagai tanggal lahir",
            f"{nip} is a PPPK number, not a PNS NIP; its digits are not read as a birth date",
        )
    born = _valid_date(nip[:8])
    if born is None or not EARLIEST_BIRTH_YEAR <= born.year <= LATEST_BIRTH_YEAR:
        return None, (
            f"8 digit pertama NIP {nip} ({nip[:8]}) bukan tanggal lahir yang mungkin",
            f"the first 8 digits of NIP {nip} ({nip[:8]}) are no possible birth date",
        )
    return born, ("", "")


def index_is_blank(table: Table, cells: Sequence[object], column: str) -> bool:
    """Whether ``column``'s cell of the row is empty (or the column is absent)."""
    return is_blank(table.value(cells, column))


class _Spellings:
    """Bidang and seksi names matched like unit names: case and spaces do not count, the first
    spelling seen is kept; names that differ only slightly are noted for a warning."""

    def __init__(self) -> None:
        self.first: dict[tuple[str, ...], tuple[str, int]] = {}  # key → (spelling, row)
        self.columns: dict[tuple[str, ...], tuple[Table, str]] = {}

    def add(self, table: Table, column: str, group: tuple[str, ...], text: str, row: int) -> None:
        """``text`` is the first spelling of ``group`` (a key), in ``column`` of ``row``."""
        self.first[group] = (text, row)
        self.columns[group] = (table, column)

    def report_near_twins(self, validator: _Validator) -> None:
        """A warning for each pair of names in one unit (and bidang) that differ only slightly."""
        by_parent: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
        for group in self.first:
            by_parent.setdefault(group[:-1], []).append(group)
        for groups in by_parent.values():
            if len(groups) < 2 or len(groups) > MAX_COMPARED_NAMES:
                continue
            for a, b in itertools.combinations(groups, 2):
                (name_a, row_a), (name_b, row_b) = self.first[a], self.first[b]
                if not _near_twins(name_a, name_b):
                    continue
                table, column = self.columns[b]
                validator.report(
                    table.sheet,
                    row_b,
                    table.header(column),
                    (
                        f"'{name_b}' (baris {row_b}) dan '{name_a}' (baris {row_a}) hampir sama "
                        f"tetapi dihitung sebagai dua {column.lower()} berbeda",
                        f"'{name_b}' (row {row_b}) and '{name_a}' (row {row_a}) are almost the "
                        f"same but count as two different {column.lower()} groups",
                    ),
                    (
                        "Bila keduanya sama, samakan ejaannya.",
                        "If they are the same, spell them the same way.",
                    ),
                    warning=True,
                )


MAX_COMPARED_NAMES = 300  # names compared pairwise within one unit (or bidang)
NAME_INDEX = re.compile(r"\d+|\b[ivxl]+\b|\b[a-z]\b")


def _near_twins(a: str, b: str) -> bool:
    """Two names that differ only slightly (not only by a number or a letter index: Seksi 1.1
    and Seksi 1.2, Seksi Pelayanan I and II, Subbagian A and B are different groups)."""
    a, b = " ".join(a.casefold().split()), " ".join(b.casefold().split())
    if NAME_INDEX.sub("", a) == NAME_INDEX.sub("", b):
        return False
    ka, kb = key(a), key(b)
    return min(len(ka), len(kb)) >= NEAR_TWIN_LENGTH and _one_edit_apart(ka, kb)


NEAR_TWIN_LENGTH = 6  # shorter names (Umum, TU) differ by one letter on purpose too


def _one_edit_apart(a: str, b: str) -> bool:
    """``a`` and ``b`` differ by one letter added, removed, changed, or two swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    if len(a) == len(b):
        swapped = a[start : start + 2] == b[start : start + 2][::-1]
        return a[start + 1 :] == b[start + 1 :] or (swapped and a[start + 2 :] == b[start + 2 :])
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    return longer[start + 1 :] == shorter[start:]


# --------------------------------------------------------------------------------------------
# Sheets and header rows
# --------------------------------------------------------------------------------------------

SHEET_KEYS = {k: sheet for sheet in SHEETS for k in (key(sheet.name), key(sheet.alias))}


def _is_read(sheet_name: str) -> bool:
    """Sheets worth reading: the contract's and the instructions (for the organisation)."""
    k = key(sheet_name)
    return k in SHEET_KEYS or k in INSTRUCTIONS_SHEETS


@dataclass
class Table:
    """A contract sheet found in the workbook: where its header is and its data rows."""

    spec: Sheet
    sheet: str  # name as written in the file
    header_row: int  # Excel row number
    columns: dict[str, int]  # canonical header → 0-based column index
    headers: dict[str, str]  # canonical header → header as written
    rows: list[tuple[int, Sequence[object]]] = field(default_factory=list)  # (Excel row, cells)
    percent_cells: frozenset[tuple[int, int]] = frozenset()  # (row, column) formatted as percent

    def header(self, canonical: str) -> str:
        return self.headers.get(canonical, canonical)

    def value(self, cells: Sequence[object], canonical: str) -> object:
        index = self.columns.get(canonical)
        if index is None or index >= len(cells):
            return ""
        return cells[index]


def _column_keys(spec: Sheet) -> dict[str, str]:
    keys: dict[str, str] = {}
    for col in spec.columns:
        for name in (col.header, col.alias, *col.aliases):
            keys.setdefault(key(name), col.header)
    return keys


COLUMN_KEYS = {sheet.name: _column_keys(sheet) for sheet in SHEETS}
UNUSED_KEYS = frozenset(key(name) for name in UNUSED_COLUMNS)
NUMBERING = re.compile(r"\(?\s*\d{1,3}\s*\)?\.?")
MAX_LISTED_ROWS = 20  # rows named one by one in a message
#: Words in the name of a sheet not read that suggest a contract sheet (checked in order).
SHEET_WORDS = (
    ("ketidakhadiran", KETIDAKHADIRAN.name), ("absen", KETIDAKHADIRAN.name),
    ("cuti", KETIDAKHADIRAN.name), ("izin", KETIDAKHADIRAN.name), ("leave", KETIDAKHADIRAN.name),
    ("penutupan", PENUTUPAN.name), ("tutup", PENUTUPAN.name), ("closure", PENUTUPAN.name),
    ("libur", LIBUR.name), ("holiday", LIBUR.name), ("kebijakan", KEBIJAKAN.name),
    ("policy", KEBIJAKAN.name), ("parameter", KEBIJAKAN.name), ("pegawai", PEGAWAI.name),
    ("employee", PEGAWAI.name), ("staff", PEGAWAI.name),
    ("gedung", GEDUNG.name), ("building", GEDUNG.name), ("unit", UNIT.name), ("opd", UNIT.name),
)  # fmt: skip


def match_header(spec: Sheet, text: str) -> str | None:
    """The canonical column a header means (``Bagian``, ``Bidang/Bagian``, ``NIP:``), or None.

    A combined header (parts separated by ``/``) means a column when every part means it.
    """
    keys = COLUMN_KEYS[spec.name]
    k = key(text)
    found = keys.get(k) or keys.get(k.rstrip(".:*"))
    if found is not None or "/" not in k:
        return found
    parts = {keys.get(part.strip(".:*")) for part in k.split("/") if part}
    if len(parts) == 1 and None not in parts:
        return parts.pop()
    return None


def rule_hint(spec: Sheet, text: str) -> str | None:
    """The column of ``spec`` (or, on Pegawai, the sheet Ketidakhadiran) that a header
    suggesting a rule probably means, else None."""
    k = key(text)
    headers = {c.header for c in spec.columns}
    if spec is PEGAWAI:
        headers.add(KETIDAKHADIRAN.name)
    for word, meant in RULE_WORDS:
        if word in k and meant in headers:
            return meant
    return None


def _fill_merged(
    rows: Sequence[Sequence[object]], merged: Sequence[tuple[int, int, int, int]]
) -> tuple[list[Sequence[object]], set[tuple[int, int]]]:
    """The rows with each merged value copied down its block (first column of the range only).

    Only rows that exist are filled (a merge reaching below the data adds no rows); also returns
    the cells filled so (row, column), so that a merged value alone does not make a data row.
    """
    out: list[Sequence[object]] = list(rows)
    filled: set[tuple[int, int]] = set()
    budget = sum(len(r) for r in rows)  # overlapping hostile merges cannot make it quadratic
    for r0, c0, r1, _ in merged:
        if r1 <= r0 or r0 >= len(out) or c0 >= len(out[r0]) or is_blank(out[r0][c0]):
            continue
        value = out[r0][c0]
        for r in range(r0 + 1, min(r1, len(out) - 1) + 1):
            budget -= 1
            if budget < 0:
                return out, filled
            row = list(out[r])
            if len(row) <= c0:
                row.extend([""] * (c0 + 1 - len(row)))
            if is_blank(row[c0]):
                row[c0] = value
                filled.add((r, c0))
            out[r] = row
    return out, filled


def _header_texts(rows: Sequence[Sequence[object]], index: int) -> list[str]:
    """Row ``index`` as headers; a blank cell takes the text above it (a two-row header)."""
    cells = rows[index]
    above = rows[index - 1] if index > 0 else ()
    texts: list[str] = []
    for c, cell in enumerate(cells):
        text = clean_text(cell) if isinstance(cell, str) else ""
        if not text and c < len(above) and isinstance(above[c], str):
            text = clean_text(above[c])
        texts.append(text)
    return texts


def _is_numbering(cells: Sequence[object]) -> bool:
    """A row numbering the columns under the header: (1) (2) (3) … or 1 2 3 …, increasing."""
    numbers: list[int] = []
    for cell in cells:
        if is_blank(cell):
            continue
        if isinstance(cell, bool):
            return False
        if isinstance(cell, int | float) and float(cell).is_integer() and 0 < cell < 1000:
            numbers.append(int(cell))
        elif isinstance(cell, str) and NUMBERING.fullmatch(cell.strip()):
            numbers.append(int("".join(ch for ch in cell if ch.isdigit())))
        else:
            return False
    return len(numbers) >= 2 and all(a < b for a, b in itertools.pairwise(numbers))


def _listed(rows: Sequence[int]) -> str:
    shown = ", ".join(str(r) for r in rows[:MAX_LISTED_ROWS])
    return shown + (f" … (+{len(rows) - MAX_LISTED_ROWS})" if len(rows) > MAX_LISTED_ROWS else "")


# --------------------------------------------------------------------------------------------
# Policy parameters
# --------------------------------------------------------------------------------------------

PARAMETER_PARSERS: dict[str, Callable[[object], object]] = {p.name: p.parse for p in PARAMETERS}
POLICY_FIELDS = {p.name: p.field for p in PARAMETERS}
PARAMETER_KEYS = {key(k): p.name for p in PARAMETERS for k in (p.name, *p.aliases)}
PARAMETER_ALIASES = {p.name: p.alias for p in PARAMETERS}

# --------------------------------------------------------------------------------------------
# The validator
# --------------------------------------------------------------------------------------------

_FAILED = object()
NO_DAYS: frozenset[int] = frozenset()
DAY_ID = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
DAY_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
Horizon = tuple[dt.date, dt.date]


class _Validator:
    """Checks every sheet, collecting every problem; ``run`` builds the problem if it can."""

    def __init__(
        self,
        sheets: Mapping[str, Sequence[Sequence[object]]],
        layouts: Mapping[str, SheetLayout] | None = None,
        preset: str = "",
    ) -> None:
        self.sheets = sheets
        self.layouts = layouts or {}
        #: a preset chosen outside the workbook (already a known id), "" = the sheet's own
        self.preset_choice = parse_preset(preset) if preset else ""
        self.problems: list[InputProblem] = []
        self.sheet_order = {name: i for i, name in enumerate(sheets)}
        self.errors = 0
        self.buildings_known = True  # every unit's and employee's building could be read
        self.staff_nips_known = True  # every NIP in Pegawai could be read
        #: Pegawai rows whose sex neither Jenis Kelamin nor the NIP gives, and why (id, en)
        self.unknown_sex: list[tuple[int, str, str]] = []
        self.sex_mismatch: list[int] = []  # rows whose Jenis Kelamin contradicts the NIP

    # -- reporting ------------------------------------------------------------------------------
    def report(
        self,
        sheet: str,
        row: int | None,
        column: str | None,
        message: tuple[str, str],
        fix: tuple[str, str] = ("", ""),
        warning: bool = False,
        kind: str = "",
    ) -> None:
        problem = InputProblem(
            sheet, row, column, message[0], message[1], fix[0], fix[1], warning, kind
        )
        self.problems.append(problem)
        if not warning:
            self.errors += 1

    def sorted_problems(self) -> list[InputProblem]:
        """Problems in workbook order: by sheet as it appears in the file, then by row."""
        last = len(self.sheet_order)
        return sorted(
            self.problems, key=lambda p: (self.sheet_order.get(p.sheet, last), p.row or 0)
        )

    def field(
        self,
        table: Table,
        row: int,
        cells: Sequence[object],
        column: str,
        parse: Callable[[object], T],
        default: T,
        required: bool = False,
    ) -> T:
        """The parsed value of one cell; ``default`` when blank or wrong (the error is noted)."""
        index = table.columns.get(column)
        value = cells[index] if index is not None and index < len(cells) else ""
        if value == "" or value is None or (isinstance(value, str) and value.isspace()):
            if required:
                self.report(
                    table.sheet,
                    row,
                    table.header(column),
                    (f"Kolom '{column}' wajib diisi", f"column '{column}' is required"),
                    (
                        "Isi sel ini (nilai yang digabung/merge ke bawah berlaku untuk setiap "
                        "baris gabungannya). Bila baris ini memang bukan data, kosongkan barisnya.",
                        "Fill in this cell (a value merged down a block of rows applies to every "
                        "row of the block). If this row holds no data, clear it.",
                    ),
                )
            return default
        try:
            return parse(value)
        except BadValue as bad:
            self.report(
                table.sheet,
                row,
                table.header(column),
                (bad.message_id, bad.message_en),
                (bad.fix_id, bad.fix_en),
            )
            return default

    def percent(
        self,
        table: Table,
        row: int,
        cells: Sequence[object],
        column: str,
        parse: Callable[[object], T],
        default: T,
    ) -> T:
        """``field`` for a percentage, refusing a bare 1 (1% or 100%?) unless the cell is
        formatted as a percentage in Excel (then it shows 100%)."""
        value = table.value(cells, column)
        index = table.columns.get(column)
        formatted = index is not None and (row - 1, index) in table.percent_cells
        if ambiguous_percent(value) and not (formatted and not isinstance(value, str)):
            self.report(
                table.sheet,
                row,
                table.header(column),
                (
                    f"Nilai '{show(value)}' di kolom '{table.header(column)}' bisa berarti 1% "
                    "atau 100%",
                    f"the value '{show(value)}' in column '{table.header(column)}' could mean 1% "
                    "or 100%",
                ),
                (AMBIGUOUS_PERCENT_ID, AMBIGUOUS_PERCENT_EN),
            )
            return default
        return self.field(table, row, cells, column, parse, default)

    # -- sheets and headers ---------------------------------------------------------------------
    def find_sheets(self) -> dict[str, tuple[str, Sequence[Sequence[object]]]]:
        """Canonical sheet name → (name as written, rows); reports missing required sheets."""
        found: dict[str, tuple[str, Sequence[Sequence[object]]]] = {}
        unread: list[str] = []
        for written, rows in self.sheets.items():
            spec = SHEET_KEYS.get(key(written))
            if spec is None:
                if key(written) not in INSTRUCTIONS_SHEETS:
                    unread.append(written)
                continue
            if spec.name in found:
                first = found[spec.name][0]
                self.report(
                    written,
                    None,
                    None,
                    (
                        f"Sheet ini diabaikan karena sheet '{first}' sudah dipakai sebagai "
                        f"'{spec.name}'",
                        f"this sheet is ignored because sheet '{first}' is already used as "
                        f"'{spec.name}'",
                    ),
                    ("Gabungkan isinya ke satu sheet.", "Merge their contents into one sheet."),
                    warning=True,
                )
                continue
            found[spec.name] = (written, rows)
        for written in unread:
            self._unread_sheet(written, found)
        listed = ", ".join(f"'{name}'" for name in self.sheets) or "-"
        for spec in SHEETS:
            if spec.required and spec.name not in found:
                self.report(
                    spec.name,
                    None,
                    None,
                    (
                        f"Sheet '{spec.name}' tidak ada. Sheet yang ada: {listed}",
                        f"sheet '{spec.name}' ({spec.alias}) is missing. Sheets found: {listed}",
                    ),
                    (
                        f"Tambahkan sheet '{spec.name}' (atau ganti nama sheet yang sesuai); "
                        "contohnya ada di template.xlsx.",
                        f"Add a sheet named '{spec.name}' (or rename the right sheet); "
                        "template.xlsx shows how.",
                    ),
                )
        return found

    def _unread_sheet(self, written: str, found: Mapping[str, object]) -> None:
        """A sheet Giliran does not read: a warning, or an error when its name suggests a
        contract sheet the workbook lacks (its data would otherwise be ignored)."""
        k = key(written)
        meant = next((name for word, name in SHEET_WORDS if word in k), None)
        if meant is not None and meant not in found:
            self.report(
                written,
                None,
                None,
                (
                    f"Sheet '{written}' tidak dibaca, padahal namanya menunjukkan isi sheet "
                    f"'{meant}', yang tidak ada",
                    f"sheet '{written}' is not read, but its name suggests the contents of sheet "
                    f"'{meant}', which is missing",
                ),
                (
                    f"Ganti nama sheet ini menjadi '{meant}' (kolomnya seperti di template.xlsx).",
                    f"Rename this sheet '{meant}' (with the columns of template.xlsx).",
                ),
            )
            return
        self.report(
            written,
            None,
            None,
            (f"Sheet '{written}' tidak dibaca", f"sheet '{written}' is not read"),
            (
                "Sheet yang dibaca: " + ", ".join(s.name for s in SHEETS) + ".",
                "Sheets read: " + ", ".join(f"{s.name} ({s.alias})" for s in SHEETS) + ".",
            ),
            warning=True,
            kind=UNUSED_SHEET,
        )

    def table(self, spec: Sheet, written: str, rows: Sequence[Sequence[object]]) -> Table | None:
        """Locate the header row and the data rows; reports missing required columns and every
        column that is not used (an error when its header suggests a rule)."""
        layout = self.layouts.get(written, SheetLayout())
        filled: set[tuple[int, int]] = set()
        if layout.merged:
            rows, filled = _fill_merged(rows, layout.merged)
        required = [c.header for c in spec.columns if c.required]
        best: tuple[int, dict[str, int], dict[str, str]] | None = None
        texts_of: dict[int, list[str]] = {}
        scan = min(len(rows), HEADER_SCAN_ROWS)
        for index in range(scan):
            texts_of[index] = _header_texts(rows, index)
            columns, headers = self._match(spec, texts_of[index])
            if all(h in columns for h in required):
                best = (index, columns, headers)
                if index + 1 < scan:  # a two-row header: the lower row names more columns
                    texts_of[index + 1] = _header_texts(rows, index + 1)
                    lower = self._match(spec, texts_of[index + 1])
                    if all(h in lower[0] for h in required) and len(lower[0]) > len(columns):
                        best = (index + 1, *lower)
                break
            if columns and (best is None or len(columns) > len(best[1])):
                best = (index, columns, headers)
        if best is None:
            expected = ", ".join(required)
            self.report(
                written,
                None,
                None,
                (
                    f"Baris judul kolom tidak ditemukan di {HEADER_SCAN_ROWS} baris pertama "
                    f"(kolom wajib: {expected})",
                    f"no header row found in the first {HEADER_SCAN_ROWS} rows "
                    f"(required columns: {expected})",
                ),
                (
                    "Tulis judul kolom pada satu baris di atas data, seperti di template.xlsx.",
                    "Write the column headers in one row above the data, as in template.xlsx.",
                ),
            )
            return None
        index, columns, headers = best
        missing = [h for h in required if h not in columns]
        for header in missing:
            alias = next(c.alias for c in spec.columns if c.header == header)
            self.report(
                written,
                index + 1,
                header,
                (
                    f"Kolom wajib '{header}' tidak ada di sheet '{written}'",
                    f"required column '{header}' ({alias}) is missing from sheet '{written}'",
                ),
                (
                    f"Tambahkan kolom berjudul '{header}' pada baris judul (baris {index + 1}).",
                    f"Add a column headed '{header}' to the header row (row {index + 1}).",
                ),
            )
        if missing:
            return None
        table = Table(spec, written, index + 1, columns, headers)
        table.percent_cells = layout.percent_cells if layout.formats_known else frozenset()
        first = index + 1
        if first < len(rows) and _is_numbering(rows[first]):
            first += 1
        known = sorted(columns.values())
        for number, cells in enumerate(rows[first:], start=first + 1):
            width = len(cells)
            for i in known:
                if i < width and not is_blank(cells[i]) and (number - 1, i) not in filled:
                    table.rows.append((number, cells))
                    break
        self._unused_columns(table, texts_of[index], rows[first:])
        self._hidden_rows(table, layout)
        return table

    def _match(self, spec: Sheet, texts: Sequence[str]) -> tuple[dict[str, int], dict[str, str]]:
        """Canonical header → column index, and → the header as written (first one wins)."""
        columns: dict[str, int] = {}
        headers: dict[str, str] = {}
        for col_index, text in enumerate(texts):
            canonical = match_header(spec, text) if text else None
            if canonical is not None and canonical not in columns:
                columns[canonical] = col_index
                headers[canonical] = text
        return columns, headers

    def _unused_columns(
        self, table: Table, texts: Sequence[str], data: Sequence[Sequence[object]]
    ) -> None:
        """Every column of the sheet that is not read: a warning naming it (with a "did you
        mean"), or an error when it names a known column twice or its header suggests a rule."""
        used = set(table.columns.values())
        known = [c.header for c in table.spec.columns]
        spelled = {k: c for k, c in COLUMN_KEYS[table.spec.name].items()}
        row = table.header_row
        for c, text in enumerate(texts):
            if c in used:
                continue
            letter = column_letter(c)
            if not text:
                if any(c < len(cells) and not is_blank(cells[c]) for cells in data):
                    self.report(
                        table.sheet,
                        row,
                        letter,
                        (
                            f"Kolom {letter} berisi data tetapi tidak berjudul; kolom ini tidak "
                            "dibaca",
                            f"column {letter} holds data but has no header; it is not read",
                        ),
                        (
                            f"Beri judul kolom, mis. salah satu dari: {', '.join(known)}; atau "
                            "hapus kolomnya bila tidak diperlukan.",
                            f"Give it a header, e.g. one of: {', '.join(known)}; or delete the "
                            "column if it is not needed.",
                        ),
                        warning=True,
                        kind=UNUSED_COLUMN,
                    )
                continue
            twin = match_header(table.spec, text)
            if twin is not None:
                self.report(
                    table.sheet,
                    row,
                    text,
                    (
                        f"Kolom '{text}' (kolom {letter}) berarti '{twin}', yang sudah dibaca dari "
                        f"kolom '{table.header(twin)}'",
                        f"column '{text}' (column {letter}) means '{twin}', which is already "
                        f"read from column '{table.header(twin)}'",
                    ),
                    (
                        "Sisakan satu kolom untuk setiap data: gabungkan isinya atau hapus salah "
                        "satu.",
                        "Keep one column for each item: merge their contents or delete one.",
                    ),
                )
                continue
            k = key(text)
            if k in UNUSED_KEYS:
                self.report(
                    table.sheet,
                    row,
                    text,
                    (
                        f"Kolom '{text}' (kolom {letter}) tidak dipakai Giliran",
                        f"column '{text}' (column {letter}) is not used by Giliran",
                    ),
                    ("Tidak perlu diubah.", "Nothing to change."),
                    warning=True,
                    kind=UNUSED_COLUMN,
                )
                continue
            hint = rule_hint(table.spec, text)
            close = difflib.get_close_matches(k, list(spelled), n=1, cutoff=0.75)
            guess = spelled[close[0]] if close else None
            if hint is not None:
                guess = hint
                where_id = f"sheet '{hint}'" if hint == KETIDAKHADIRAN.name else f"kolom '{guess}'"
                where_en = f"sheet '{hint}'" if hint == KETIDAKHADIRAN.name else f"column '{guess}'"
                self.report(
                    table.sheet,
                    row,
                    text,
                    (
                        f"Kolom '{text}' (kolom {letter}) tampak seperti aturan penjadwalan "
                        f"tetapi tidak dikenal; mungkin maksudnya {where_id}",
                        f"column '{text}' (column {letter}) looks like a scheduling rule but is "
                        f"not recognised; it probably means {where_en}",
                    ),
                    (
                        f"Ganti judulnya menjadi '{guess}' bila itu maksudnya (lihat "
                        "docs/input-format.md); bila bukan, ganti judulnya atau hapus kolomnya.",
                        f"Rename the header to '{guess}' if that is what it means (see "
                        "docs/input-format.md); if not, rename or delete the column.",
                    )
                    if hint != KETIDAKHADIRAN.name
                    else (
                        "Catat ketidakhadiran di sheet Ketidakhadiran (NIP, Mulai, Selesai, "
                        "Jenis), lalu hapus kolom ini.",
                        "Record absences in sheet Ketidakhadiran (NIP, Mulai, Selesai, Jenis), "
                        "then delete this column.",
                    ),
                )
                continue
            mean_id = f"; mungkin maksudnya '{guess}'?" if guess else ""
            mean_en = f"; did you mean '{guess}'?" if guess else ""
            self.report(
                table.sheet,
                row,
                text,
                (
                    f"Kolom '{text}' (kolom {letter}) tidak dikenal dan tidak dibaca{mean_id}",
                    f"column '{text}' (column {letter}) is unknown and not read{mean_en}",
                ),
                (
                    f"Kolom yang dikenal: {', '.join(known)}.",
                    f"Known columns: {', '.join(known)}.",
                ),
                warning=True,
                kind=UNUSED_COLUMN,
            )

    def _hidden_rows(self, table: Table, layout: SheetLayout) -> None:
        """A warning listing the data rows hidden in Excel: they are read like the others."""
        if not layout.hidden_rows:
            return
        hidden = set(layout.hidden_rows)
        rows = [number for number, _ in table.rows if number in hidden]
        if rows:
            self.report(
                table.sheet,
                rows[0],
                None,
                (
                    f"Baris tersembunyi {_listed(rows)} tetap dibaca seperti baris lain",
                    f"hidden rows {_listed(rows)} are read like every other row",
                ),
                (
                    "Bila baris itu tidak berlaku lagi, hapus atau kosongkan barisnya.",
                    "If those rows no longer apply, delete or clear them.",
                ),
                warning=True,
            )

    # -- the whole workbook ---------------------------------------------------------------------
    def run(self, name: str) -> Problem | None:
        found = self.find_sheets()
        tables: dict[str, Table | None] = {
            spec.name: self.table(spec, *found[spec.name]) if spec.name in found else None
            for spec in SHEETS
        }
        policy = self.policy(tables[KEBIJAKAN.name])
        buildings, names = self.buildings(tables[GEDUNG.name])
        units = self.units(tables[UNIT.name], names)
        priority = policy is not None and policy.has_waves and policy.wave_priority is not None
        employees = self.employees(
            tables[PEGAWAI.name], units, names, sex_from_nip=priority, policy=policy
        )
        self.report_unknown_sex(tables[PEGAWAI.name], policy)
        horizon = _horizon(policy)
        absences = self.absences(tables[KETIDAKHADIRAN.name], employees, horizon)
        closures = self.closures(tables[PENUTUPAN.name], names, horizon)
        extra = self.holidays(tables[LIBUR.name], horizon)
        self.unused_units(tables[UNIT.name], units, employees)
        if self.errors or policy is None or units is None or employees is None:
            return None
        dates = Problem(policy=policy, units=(), employees=()).dates
        days_off = dict(national_holidays(dates)) if policy.national_holidays else {}
        for day, text in extra:
            days_off.setdefault(day, text)
        return assign_teams(
            Problem(
                policy=policy,
                units=tuple(u for u, _ in units.values()),
                employees=tuple(employees.values()),
                buildings=buildings,
                absences=absences,
                closures=closures,
                holidays=tuple(sorted(days_off.items())),
                name=self.organisation() or name,
            )
        )

    def organisation(self) -> str:
        """The organisation named in the instructions sheet (as ``write_input_workbook`` does)."""
        for written, rows in self.sheets.items():
            if key(written) not in INSTRUCTIONS_SHEETS:
                continue
            for cells in rows[:HEADER_SCAN_ROWS]:
                if len(cells) >= 2 and isinstance(cells[0], str):
                    label = key(cells[0])
                    if any(label.startswith(word) for word in ORGANISATION_LABELS):
                        return clean_text(cells[1])
        return ""

    # -- Kebijakan ------------------------------------------------------------------------------
    def policy(self, table: Table | None) -> Policy | None:
        if table is None:
            return None
        values: dict[str, object] = {}
        seen: dict[str, int] = {}
        start_row: int | None = None
        for row, cells in table.rows:
            raw_name = table.value(cells, "Parameter")
            name = PARAMETER_KEYS.get(key(clean_text(raw_name)))
            if name is None:
                self._unknown_parameter(table, row, cells, raw_name)
                continue
            if name in seen:
                self.report(
                    table.sheet,
                    row,
                    table.header("Parameter"),
                    (
                        f"Parameter '{name}' ditulis dua kali (baris {seen[name]} dan {row})",
                        f"parameter '{name}' is given twice (rows {seen[name]} and {row})",
                    ),
                    ("Hapus salah satu baris.", "Delete one of the rows."),
                )
                continue
            seen[name] = row
            if name == START:
                start_row = row
                if is_blank(table.value(cells, "Nilai")):
                    continue  # reported below
            parse = PARAMETER_PARSERS[name]
            if parse is parse_percent:
                parsed = self.percent(table, row, cells, "Nilai", parse, _FAILED)
            else:
                parsed = self.field(table, row, cells, "Nilai", parse, _FAILED)
            if parsed is not _FAILED:
                values[POLICY_FIELDS[name]] = parsed
        start = values.pop("start", None)
        if start is None and (start_row is None or start_row not in self._error_rows(table)):
            self.report(
                table.sheet,
                start_row,
                table.header("Nilai"),
                (
                    f"Parameter '{START}' (tanggal pertama jadwal) wajib diisi",
                    f"parameter '{START}' ({PARAMETER_ALIASES[START]}: the first date of the "
                    "roster) is required",
                ),
                (
                    f"Isi baris '{START}' dengan tanggal hari Senin, mis. 2026-11-30.",
                    f"Fill in the '{START}' row with a Monday, e.g. 2026-11-30.",
                ),
            )
        if not isinstance(start, dt.date):
            return None
        if not EARLIEST_YEAR <= start.year <= LATEST_YEAR:
            self.report(
                table.sheet,
                start_row,
                table.header("Nilai"),
                (
                    f"Tahun {start.year} tidak wajar untuk tanggal mulai",
                    f"{start.year} is not a plausible year for the start date",
                ),
                (
                    f"Isi tanggal antara {EARLIEST_YEAR} dan {LATEST_YEAR}.",
                    f"Enter a date between {EARLIEST_YEAR} and {LATEST_YEAR}.",
                ),
            )
            return None
        if start.weekday() != 0:
            self.report(
                table.sheet,
                start_row,
                table.header("Nilai"),
                (
                    f"Tanggal mulai {start.isoformat()} adalah hari {DAY_ID[start.weekday()]}, "
                    "bukan Senin; jadwal tetap dimulai pada tanggal itu",
                    f"the start date {start.isoformat()} is a {DAY_EN[start.weekday()]}, not a "
                    "Monday; the roster still starts on that date",
                ),
                ("Biasanya jadwal dimulai hari Senin.", "Rosters usually start on a Monday."),
                warning=True,
            )
        if self.preset_choice:
            self._choose_preset(table, seen.get("Preset"), values)
        self._apply_preset(table, seen.get("Preset"), start, values)
        policy = build_policy(start, values)
        self._wave_checks(table, seen, policy)
        if policy.has_waves and policy.cohorts > 1:
            self.report(
                table.sheet,
                seen.get("Kohort"),
                table.header("Nilai"),
                (
                    "'Kohort' dan 'Gelombang' belum dapat dipakai bersama dalam satu jadwal",
                    "'Kohort' (cohorts) and 'Gelombang' (start waves) cannot be used together in "
                    "one roster yet",
                ),
                (
                    "Pakai salah satu: kosongkan 'Gelombang' atau isi 'Kohort' dengan 0.",
                    "Use one of them: leave 'Gelombang' empty or set 'Kohort' to 0.",
                ),
            )
            return None
        if policy.pattern is Pattern.AB_WEEKLY and policy.cohorts > 1:
            self.report(
                table.sheet,
                seen.get("Pola"),
                table.header("Nilai"),
                (
                    "'Pola = AB-mingguan' dan 'Kohort' sama-sama membagi seksi menjadi tim; "
                    "pakai salah satu",
                    "'Pola = AB-mingguan' (weekly teams) and 'Kohort' (cohorts) both split each "
                    "seksi into teams; use one of them",
                ),
                (
                    "Tulis Tidak di 'Pola', atau 0 di 'Kohort'.",
                    "Write Tidak in 'Pola', or 0 in 'Kohort'.",
                ),
            )
            return None
        return policy

    def _wave_checks(self, table: Table, seen: dict[str, int], policy: Policy) -> None:
        """Warnings about start waves that do not do what they might seem to."""
        sheet, column = table.sheet, table.header("Nilai")
        for a, b, both in overlapping(policy.waves):
            self.report(
                sheet,
                seen.get("Gelombang"),
                column,
                (
                    f"Gelombang {a} dan {b} bertumpang pada {both.label}: yang hadir bersamaan "
                    "dihitung bersama terhadap kuota gedung, jadi kuota itu tidak bertambah",
                    f"waves {a} and {b} overlap from {both.label}: the people present at the same "
                    "time count together against the building cap, so it does not grow",
                ),
                (
                    "Bila gelombang dimaksudkan untuk melipatgandakan kapasitas, buat gelombang "
                    "yang tidak bertumpang (mis. 07:00-11:30; 12:00-16:30).",
                    "For waves that multiply the capacity, make them not overlap (e.g. "
                    "07:00-11:30; 12:00-16:30).",
                ),
                warning=True,
            )
        alone = len(policy.waves) < 2
        for name, used in (
            ("Prioritas Gelombang 1", policy.wave_priority is not None),
            ("Kuota Unit per Gelombang", policy.unit_cap_per_wave),
        ):
            if used and alone:
                self.report(
                    sheet,
                    seen.get(name),
                    column,
                    (
                        f"'{name}' tidak berpengaruh tanpa paling sedikit dua gelombang",
                        f"'{name}' has no effect without at least two waves",
                    ),
                    (
                        "Isi parameter 'Gelombang', atau kosongkan baris ini.",
                        "Fill in the 'Gelombang' parameter, or clear this row.",
                    ),
                    warning=True,
                )

    def report_unknown_sex(self, table: Table | None, policy: Policy | None) -> None:
        """With first-wave priority: who cannot get it because their sex is not known, and
        where the Jenis Kelamin column and the NIP disagree."""
        if table is None or policy is None:
            return
        if self.sex_mismatch:
            rows = self.sex_mismatch
            self.report(
                table.sheet,
                rows[0],
                table.header("Jenis Kelamin"),
                (
                    f"Jenis Kelamin berbeda dengan digit ke-15 NIP di {len(rows)} baris "
                    f"({_listed(rows)}); yang dipakai kolom Jenis Kelamin",
                    f"Jenis Kelamin differs from the NIP's 15th digit in {len(rows)} rows "
                    f"({_listed(rows)}); the Jenis Kelamin column is used",
                ),
                ("Periksa kedua nilai itu.", "Check both values."),
                warning=True,
            )
        if not policy.has_waves or policy.wave_priority is None or not self.unknown_sex:
            return
        rows = [row for row, _, _ in self.unknown_sex]
        reasons_id = sorted({why for _, why, _ in self.unknown_sex})
        reasons_en = sorted({why for _, _, why in self.unknown_sex})
        self.report(
            table.sheet,
            rows[0],
            table.header("Jenis Kelamin") if "Jenis Kelamin" in table.columns else None,
            (
                f"Jenis kelamin {len(rows)} pegawai tidak diketahui (baris {_listed(rows)}: "
                f"{'; '.join(reasons_id)}); mereka tidak mendapat prioritas gelombang 1",
                f"the sex of {len(rows)} employees is not known (rows {_listed(rows)}: "
                f"{'; '.join(reasons_en)}); they get no first-wave priority",
            ),
            (
                "Isi kolom 'Jenis Kelamin' (L/P) untuk mereka.",
                "Fill in the 'Jenis Kelamin' column (L/P) for them.",
            ),
            warning=True,
        )

    def _choose_preset(self, table: Table, row: int | None, values: dict[str, object]) -> None:
        """The preset chosen outside the workbook replaces the sheet's ``Preset`` row (said)."""
        written = values.get("preset")
        chosen = self.preset_choice
        if isinstance(written, str) and written and written != chosen:
            self.report(
                table.sheet,
                row,
                table.header("Nilai"),
                (
                    f"Preset '{written}' di sheet ini diganti dengan preset pilihan '{chosen}'",
                    f"preset '{written}' of this sheet is replaced by the chosen preset '{chosen}'",
                ),
                (
                    "Kosongkan pilihan preset agar preset di sheet yang berlaku.",
                    "Leave the preset choice empty to use the sheet's preset.",
                ),
                warning=True,
            )
        values["preset"] = chosen

    def _apply_preset(
        self, table: Table, row: int | None, start: dt.date, values: dict[str, object]
    ) -> None:
        """Caps of the chosen preset for every cap the sheet does not set itself."""
        preset_id = values.get("preset")
        preset = preset_table.find(preset_id) if isinstance(preset_id, str) and preset_id else None
        if preset is None:
            return
        for name, cap in preset.caps.items():
            values.setdefault(name, cap)
        for name, value in preset.rules(MAX_WEEKS).items():
            values.setdefault(name, value)
        weeks = values.get("weeks", Policy(start=start).weeks)
        last = start + dt.timedelta(days=7 * (weeks if isinstance(weeks, int) else 1) - 1)
        if not preset.covers(start, last):
            self.report(
                table.sheet,
                row,
                table.header("Nilai"),
                (
                    f"Jadwal {start.isoformat()} – {last.isoformat()} berada di luar masa "
                    f"berlaku preset {preset.id} ({preset.period}, {preset.instrument})",
                    f"the roster {start.isoformat()} – {last.isoformat()} falls outside the period "
                    f"of preset {preset.id} ({preset.period}, {preset.instrument})",
                ),
                (
                    "Periksa apakah aturan itu masih berlaku, atau pilih preset lain.",
                    "Check that the rule still applies, or choose another preset.",
                ),
                warning=True,
            )

    def _error_rows(self, table: Table) -> set[int]:
        return {p.row for p in self.problems if p.sheet == table.sheet and p.row is not None}

    def _unknown_parameter(
        self, table: Table, row: int, cells: Sequence[object], raw_name: object
    ) -> None:
        known = ", ".join(p.name for p in PARAMETERS)
        if is_blank(raw_name):
            if is_blank(table.value(cells, "Nilai")):
                return  # only a note in the Keterangan column
            message = (
                "Nilai tanpa nama parameter diabaikan",
                "a value without a parameter name is ignored",
            )
        else:
            message = (
                f"Parameter '{clean_text(raw_name)}' tidak dikenal dan diabaikan",
                f"unknown parameter '{clean_text(raw_name)}' is ignored",
            )
        self.report(
            table.sheet,
            row,
            table.header("Parameter"),
            message,
            (f"Parameter yang dikenal: {known}.", f"Known parameters: {known}."),
            warning=True,
        )

    # -- Gedung ---------------------------------------------------------------------------------
    def buildings(self, table: Table | None) -> tuple[tuple[Building, ...], dict[str, str]]:
        """The listed buildings, and every known building name: key → name as first written."""
        names: dict[str, str] = {}
        buildings: list[Building] = []
        if table is None:
            return (), names
        first_row: dict[str, int] = {}
        whole0 = whole(0, MAX_COUNT)
        for row, cells in table.rows:
            name = self.field(table, row, cells, "Gedung", parse_text, "", required=True)
            seats = self.field(table, row, cells, "Kapasitas", whole0, None)
            cap = self.percent(table, row, cells, "Kuota WFO (%)", parse_percent, None)
            if not name:
                continue
            k = key(name)
            if k in first_row:
                self._duplicate(table, row, "Gedung", name, first_row[k])
                continue
            first_row[k] = row
            names[k] = name
            buildings.append(Building(name, seats, cap))
        return tuple(buildings), names

    def _duplicate(self, table: Table, row: int, column: str, name: str, first: int) -> None:
        self.report(
            table.sheet,
            row,
            table.header(column),
            (
                f"'{name}' ganda: sudah ada di baris {first} (dan baris {row})",
                f"'{name}' is listed twice: in rows {first} and {row}",
            ),
            (
                "Hapus baris ganda atau beri nama yang berbeda.",
                "Delete the duplicate row or use different names.",
            ),
        )

    # -- Unit -----------------------------------------------------------------------------------
    def units(
        self, table: Table | None, buildings: dict[str, str]
    ) -> dict[str, tuple[Unit, int]] | None:
        """Units by key, with their row; None when the sheet could not be read."""
        if table is None:
            self.buildings_known = False
            return None
        units: dict[str, tuple[Unit, int]] = {}
        whole0 = whole(0, MAX_COUNT)
        for row, cells in table.rows:
            name = self.field(table, row, cells, "Unit Kerja", parse_text, "", required=True)
            building = self.field(table, row, cells, "Gedung", parse_text, "", required=True)
            sector = self.field(table, row, cells, "Sektor", parse_sector, Sector.NON_ESSENTIAL)
            cap = self.percent(table, row, cells, "Kuota WFO (%)", parse_percent, None)
            minimum = self.field(table, row, cells, "Minimal WFO per Hari", whole0, None)
            signatory = self.field(table, row, cells, "Nama Penandatangan", parse_text, "")
            title = self.field(table, row, cells, "Jabatan Penandatangan", parse_text, "")
            signatory_nip = self.field(table, row, cells, "NIP Penandatangan", parse_nip, "")
            place = self.field(table, row, cells, "Tempat", parse_text, "")
            if building:
                building = buildings.setdefault(key(building), building)
            else:
                self.buildings_known = False
            if not name:
                continue
            k = key(name)
            if k in units:
                self._duplicate(table, row, "Unit Kerja", name, units[k][1])
                continue
            unit = Unit(name, building, sector, cap, minimum or None)
            if signatory or title or signatory_nip or place:
                unit = dataclasses.replace(
                    unit,
                    signatory_name=signatory,
                    signatory_title=title,
                    signatory_nip=signatory_nip,
                    place=place,
                )
            units[k] = (unit, row)
        if not table.rows:
            self.report(
                table.sheet,
                None,
                None,
                ("Sheet ini belum berisi unit kerja", "this sheet lists no units"),
                (
                    "Isi satu baris per unit kerja di bawah judul kolom.",
                    "Add one row per unit below the headers.",
                ),
            )
        return units

    def unused_units(
        self,
        table: Table | None,
        units: dict[str, tuple[Unit, int]] | None,
        employees: dict[str, Employee] | None,
    ) -> None:
        if table is None or not units or not employees:
            return
        used = {e.unit for e in employees.values()}
        for unit, row in units.values():
            if unit.name not in used:
                self.report(
                    table.sheet,
                    row,
                    table.header("Unit Kerja"),
                    (
                        f"Unit '{unit.name}' tidak punya pegawai di sheet Pegawai",
                        f"unit '{unit.name}' has no employees in sheet Pegawai",
                    ),
                    (
                        "Periksa ejaan nama unit di sheet Pegawai, atau hapus baris ini.",
                        "Check the unit's spelling in sheet Pegawai, or delete this row.",
                    ),
                    warning=True,
                )

    # -- Pegawai --------------------------------------------------------------------------------
    def employees(
        self,
        table: Table | None,
        units: dict[str, tuple[Unit, int]] | None,
        buildings: dict[str, str],
        sex_from_nip: bool = False,
        policy: Policy | None = None,
    ) -> dict[str, Employee] | None:
        """Employees by NIP (in file order); None when the sheet could not be read.

        ``sex_from_nip``: an employee without ``Jenis Kelamin`` gets the sex of their PNS NIP
        (only when a rule needs it: first-wave priority)."""
        if table is None:
            self.buildings_known = False
            return None
        ages = policy is not None and policy.max_age_on_site > 0
        vaccinated_only = policy is not None and policy.vaccinated_only
        if vaccinated_only and "Vaksin" not in table.columns:
            self.report(
                table.sheet,
                None,
                "Vaksin",
                (
                    "'Hanya Tervaksinasi WFO = Ya' membutuhkan kolom Vaksin; tanpa kolom itu "
                    "tidak ada yang boleh WFO",
                    "'Hanya Tervaksinasi WFO = Ya' (vaccinated only) needs the Vaksin column; "
                    "without it nobody could be on site",
                ),
                (
                    "Tambahkan kolom Vaksin (Ya/Tidak), atau tulis Tidak di Kebijakan.",
                    "Add the Vaksin column (Ya/Tidak), or write Tidak in Kebijakan.",
                ),
            )
        employees: dict[str, Employee] = {}
        rows_of: dict[str, int] = {}
        unit_sheet = self._sheet_name(UNIT)
        check_units = bool(units)
        unit_column = table.header("Unit Kerja")
        field = self.field
        text = memo(parse_text)  # unit, bidang, seksi, … repeat a lot
        yes_no = memo(parse_yes_no)
        weekdays = memo(parse_weekdays)
        groups = _Spellings()
        spelled = groups.first
        odd_ids: list[int] = []  # rows whose NIP is another kind of id
        has_leader = "Pimpinan" in table.columns
        keys: dict[str, str] = {}

        def key_of(text: str) -> str:
            found = keys.get(text)
            if found is None:
                found = keys[text] = key(text)
            return found

        for row, cells in table.rows:
            nip = field(table, row, cells, "NIP", parse_nip, "", required=True)
            if not nip:
                self.staff_nips_known = False
            name = field(table, row, cells, "Nama", parse_text, "", required=True)
            unit_name = field(table, row, cells, "Unit Kerja", text, "", required=True)
            bidang = field(table, row, cells, "Bidang", text, "")
            seksi = field(table, row, cells, "Seksi", text, "")
            position = field(table, row, cells, "Jabatan", text, "")
            building = field(table, row, cells, "Gedung", text, "")
            vulnerable = field(table, row, cells, "Rentan", yes_no, False)
            always = field(table, row, cells, "Wajib WFO", yes_no, False)
            vaccinated = field(table, row, cells, "Vaksin", yes_no, False)
            preferred = field(table, row, cells, "Hari WFO Pilihan", weekdays, NO_DAYS)
            leader = has_leader and field(table, row, cells, "Pimpinan", yes_no, False)
            written_sex = field(table, row, cells, "Jenis Kelamin", parse_sex, None)
            birth: dt.date | None = None
            if ages and not vulnerable and not (vaccinated_only and not vaccinated):
                birth = self.birth_date(table, row, cells, nip)
            if vulnerable and always:
                self.report(
                    table.sheet,
                    row,
                    table.header("Wajib WFO"),
                    (
                        "Pegawai tidak bisa sekaligus Rentan = Ya dan Wajib WFO = Ya",
                        "an employee cannot be both Vulnerable (Rentan) and Always On Site "
                        "(Wajib WFO)",
                    ),
                    (
                        "Pilih salah satu: Rentan (tidak pernah WFO) atau Wajib WFO (setiap hari).",
                        "Choose one: Vulnerable (never on site) or Always On Site (every day).",
                    ),
                )
            if unit_name and check_units:
                assert units is not None
                found = units.get(key(unit_name))
                if found is None:
                    self.report(
                        table.sheet,
                        row,
                        unit_column,
                        (
                            f"Unit Kerja '{unit_name}' tidak ada di sheet {unit_sheet}",
                            f"unit '{unit_name}' is not listed in sheet {unit_sheet}",
                        ),
                        (
                            f"Tambahkan unit itu di sheet {unit_sheet}, atau perbaiki ejaannya.",
                            f"Add that unit to sheet {unit_sheet}, or correct its spelling.",
                        ),
                    )
                else:
                    unit_name = found[0].name
            if building:
                building = buildings.setdefault(key(building), building)
            if bidang or seksi:
                unit_key = key_of(unit_name)
                if bidang:
                    group: tuple[str, ...] = (unit_key, key_of(bidang))
                    seen = spelled.get(group)
                    if seen is None:
                        groups.add(table, "Bidang", group, bidang, row)
                    else:
                        bidang = seen[0]
                if seksi:
                    group = (unit_key, key_of(bidang), key_of(seksi))
                    seen = spelled.get(group)
                    if seen is None:
                        groups.add(table, "Seksi", group, seksi, row)
                    else:
                        seksi = seen[0]
            if not nip:
                continue
            self.check_nip(table, row, nip, odd_ids)
            first = rows_of.get(nip)
            if first is not None:
                self.report(
                    table.sheet,
                    row,
                    table.header("NIP"),
                    (
                        f"NIP {nip} ganda: dipakai di baris {first} dan baris {row}",
                        f"duplicate NIP {nip}: used in rows {first} and {row}",
                    ),
                    (
                        "Setiap pegawai satu baris saja; periksa NIP kedua pegawai itu.",
                        "One row per employee; check both employees' NIPs.",
                    ),
                )
                continue
            rows_of[nip] = row
            sex = written_sex
            if sex_from_nip:
                from_nip, why_id, why_en = nip_sex(nip)
                if sex is not None and from_nip is not None and sex is not from_nip:
                    self.sex_mismatch.append(row)
                sex = sex or from_nip
                if sex is None:
                    self.unknown_sex.append((row, why_id, why_en))
            employees[nip] = Employee(
                nip=nip,
                name=name,
                unit=unit_name,
                bidang=bidang,
                seksi=seksi,
                position=position,
                building=building,
                vulnerable=vulnerable,
                always_on_site=always,
                vaccinated=vaccinated,
                preferred_weekdays=preferred,
                leader=leader,
                sex=sex,
                birth_date=birth,
            )
        groups.report_near_twins(self)
        self.report_other_ids(table, odd_ids)
        if not table.rows:
            self.report(
                table.sheet,
                None,
                None,
                ("Sheet ini belum berisi pegawai", "this sheet lists no employees"),
                (
                    "Isi satu baris per pegawai di bawah judul kolom.",
                    "Add one row per employee below the headers.",
                ),
            )
        return employees

    def birth_date(
        self, table: Table, row: int, cells: Sequence[object], nip: str
    ) -> dt.date | None:
        """The birth date for ``Usia Maks WFO``: ``Tanggal Lahir``, else the first 8 digits of
        an 18-digit PNS NIP. Never guessed: a PPPK number, another id or an impossible date in
        the NIP with no ``Tanggal Lahir`` is an error at the row."""
        written = self.field(table, row, cells, "Tanggal Lahir", parse_date, None)
        from_nip, why = nip_birth_date(nip)
        if written is not None:
            if from_nip is not None and from_nip != written:
                self.report(
                    table.sheet,
                    row,
                    table.header("Tanggal Lahir"),
                    (
                        f"Tanggal Lahir {written.isoformat()} berbeda dengan tanggal lahir di NIP "
                        f"({from_nip.isoformat()}); Tanggal Lahir yang dipakai",
                        f"Tanggal Lahir {written.isoformat()} differs from the birth date in the "
                        f"NIP ({from_nip.isoformat()}); Tanggal Lahir is used",
                    ),
                    ("Periksa keduanya.", "Check both."),
                    warning=True,
                )
            return written
        if from_nip is not None:
            return from_nip
        if index_is_blank(table, cells, "Tanggal Lahir") and nip:
            self.report(
                table.sheet,
                row,
                table.header("Tanggal Lahir") if "Tanggal Lahir" in table.columns else "NIP",
                (
                    f"Usia Maks WFO diisi, tetapi usia pegawai {nip} tidak diketahui: {why[0]}",
                    f"Usia Maks WFO (max age on site) is set, but the age of employee {nip} is "
                    f"unknown: {why[1]}",
                ),
                (
                    "Isi kolom Tanggal Lahir (YYYY-MM-DD) untuk pegawai ini.",
                    "Fill in the Tanggal Lahir (birth date) column for this employee.",
                ),
            )
        return None

    def check_nip(self, table: Table, row: int, nip: str, odd_ids: list[int]) -> None:
        """Report a NIP that a typing or number-format accident damaged (an error), or that is
        no PNS or PPPK NIP (a warning; other ids are allowed and listed in ``odd_ids``)."""
        found = nip_problem(nip)
        if found is None:
            return
        if found is OTHER_ID:
            odd_ids.append(row)
            return
        error, message_id, message_en = found
        self.report(
            table.sheet,
            row,
            table.header("NIP"),
            (message_id, message_en),
            (
                "Salin NIP dari SK atau SIASN dan tulis sebagai teks (18 digit).",
                "Copy the NIP from the decree or SIASN and write it as text (18 digits).",
            ),
            warning=not error,
        )

    def report_other_ids(self, table: Table, rows: list[int]) -> None:
        if rows:
            self.report(
                table.sheet,
                rows[0],
                table.header("NIP"),
                (
                    f"{len(rows)} pegawai memakai nomor selain NIP 18 digit (baris "
                    f"{_listed(rows)}); nomor itu dipakai apa adanya sebagai tanda pengenal",
                    f"{len(rows)} employees have an id other than an 18-digit NIP (rows "
                    f"{_listed(rows)}); it is used as it is to identify them",
                ),
                (
                    "Boleh untuk pegawai non-ASN; untuk PNS/PPPK tulis NIP 18 digit.",
                    "Fine for non-civil-servant staff; for PNS/PPPK write the 18-digit NIP.",
                ),
                warning=True,
            )

    def _sheet_name(self, spec: Sheet) -> str:
        for written in self.sheets:
            if SHEET_KEYS.get(key(written)) is spec:
                return f"'{written}'"
        return f"'{spec.name}'"

    # -- Ketidakhadiran, Penutupan, Libur -------------------------------------------------------
    def period(
        self, table: Table, row: int, cells: Sequence[object]
    ) -> tuple[dt.date, dt.date] | None:
        """Mulai and Selesai of a row, Selesai not before Mulai; None if wrong (noted)."""
        start = self.field(table, row, cells, "Mulai", parse_date, None, required=True)
        end = self.field(table, row, cells, "Selesai", parse_date, None, required=True)
        if start is None or end is None:
            return None
        if end < start:
            self.report(
                table.sheet,
                row,
                table.header("Selesai"),
                (
                    f"Tanggal selesai {end.isoformat()} sebelum tanggal mulai {start.isoformat()}",
                    f"the end date {end.isoformat()} is before the start date {start.isoformat()}",
                ),
                (
                    "Periksa kedua tanggal (Selesai ikut dihitung dan tidak boleh sebelum Mulai).",
                    "Check both dates (Selesai is inclusive and cannot be before Mulai).",
                ),
            )
            return None
        return start, end

    def outside(
        self, table: Table, row: int, first: dt.date, last: dt.date, horizon: Horizon | None
    ) -> bool:
        """True (with a warning) when ``first``–``last`` misses the roster's dates entirely."""
        if horizon is None or (last >= horizon[0] and first <= horizon[1]):
            return False
        self.report(
            table.sheet,
            row,
            None,
            (
                f"Tanggal {_span(first, last)} di luar periode jadwal "
                f"{_span(*horizon)}; baris ini diabaikan",
                f"{_span(first, last)} is outside the roster period {_span(*horizon)}; this row "
                "is ignored",
            ),
            (
                "Periksa tanggalnya, atau parameter Mulai dan Jumlah Minggu di sheet Kebijakan.",
                "Check the dates, or the Mulai and Jumlah Minggu parameters in sheet Kebijakan.",
            ),
            warning=True,
        )
        return True

    def absences(
        self, table: Table | None, employees: dict[str, Employee] | None, horizon: Horizon | None
    ) -> tuple[Absence, ...]:
        if table is None:
            return ()
        absences: list[Absence] = []
        staff_sheet = self._sheet_name(PEGAWAI)
        for row, cells in table.rows:
            nip = self.field(table, row, cells, "NIP", parse_nip, "", required=True)
            if nip and employees is not None and nip not in employees and self.staff_nips_known:
                self.report(
                    table.sheet,
                    row,
                    table.header("NIP"),
                    (
                        f"NIP {nip} tidak ada di sheet {staff_sheet}",
                        f"NIP {nip} is not listed in sheet {staff_sheet}",
                    ),
                    (
                        f"Periksa NIP-nya, atau tambahkan pegawai itu di sheet {staff_sheet}.",
                        f"Check the NIP, or add that employee to sheet {staff_sheet}.",
                    ),
                )
                nip = ""
            period = self.period(table, row, cells)
            kind = self.field(table, row, cells, "Jenis", parse_absence_type, None, required=True)
            if not nip or period is None or kind is None:
                continue
            if not self.outside(table, row, *period, horizon):
                absences.append(Absence(nip, period[0], period[1], kind))
        return tuple(absences)

    def closures(
        self, table: Table | None, buildings: dict[str, str], horizon: Horizon | None
    ) -> tuple[Closure, ...]:
        if table is None:
            return ()
        closures: list[Closure] = []
        for row, cells in table.rows:
            name = self.field(table, row, cells, "Gedung", parse_text, "", required=True)
            period = self.period(table, row, cells)
            reason = self.field(table, row, cells, "Alasan", parse_text, "")
            if name and self.buildings_known:
                known = buildings.get(key(name))
                if known is None:
                    self.report(
                        table.sheet,
                        row,
                        table.header("Gedung"),
                        (
                            f"Gedung '{name}' tidak dikenal: bukan gedung unit, gedung pegawai, "
                            "atau gedung di sheet Gedung",
                            f"building '{name}' is unknown: not a unit's building, an employee's "
                            "building or listed in sheet Gedung",
                        ),
                        (
                            "Tulis nama gedung persis seperti di sheet Unit atau Gedung.",
                            "Write the building name exactly as in sheet Unit or Gedung.",
                        ),
                    )
                    continue
                name = known
            if not name or period is None:
                continue
            if not self.outside(table, row, *period, horizon):
                closures.append(Closure(name, period[0], period[1], reason))
        return tuple(closures)

    def holidays(self, table: Table | None, horizon: Horizon | None) -> list[tuple[dt.date, str]]:
        """The Libur rows on weekdays inside the horizon (first row per date)."""
        if table is None:
            return []
        days: dict[dt.date, str] = {}
        for row, cells in table.rows:
            day = self.field(table, row, cells, "Tanggal", parse_date, None, required=True)
            text = self.field(table, row, cells, "Keterangan", parse_text, "")
            if day is None or self.outside(table, row, day, day, horizon):
                continue
            if day.weekday() >= 5:
                self.report(
                    table.sheet,
                    row,
                    table.header("Tanggal"),
                    (
                        f"Tanggal {day.isoformat()} jatuh pada akhir pekan; baris ini diabaikan",
                        f"{day.isoformat()} is on a weekend; this row is ignored",
                    ),
                    ("Hanya hari Senin–Jumat yang dijadwalkan.", "Only Monday–Friday is rostered."),
                    warning=True,
                )
                continue
            days.setdefault(day, text or DEFAULT_HOLIDAY_TEXT)
        return list(days.items())


def _horizon(policy: Policy | None) -> Horizon | None:
    """First and last calendar day of the roster."""
    if policy is None:
        return None
    return policy.start, policy.start + dt.timedelta(days=7 * policy.weeks - 1)


def _span(first: dt.date, last: dt.date) -> str:
    return first.isoformat() if first == last else f"{first.isoformat()} – {last.isoformat()}"
