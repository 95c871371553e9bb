"""Validate an input workbook and build the ``Problem`` it describes.

The contract is the one ``optimizer.io.input_workbook`` writes (sheets and columns) with the
policy parameters declared in ``optimizer.io.parameters``; ``docs/input-format.md`` documents it.
Sheet names, column headers and parameter names match case-insensitively and ignoring spaces; the
English aliases are accepted too. The header row is the first of the first ``HEADER_SCAN_ROWS``
rows that holds every required header, so a title above it is fine. Extra columns and fully empty
rows are ignored.

Every problem is collected, located by sheet, Excel row and column as written in the file, with
an Indonesian and an English message and a fix. When any error is found ``InputError`` is raised
with all of them (warnings included); otherwise the problem and the warnings are returned.
"""

from __future__ import annotations

import datetime as dt
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
    Policy,
    Problem,
    Sector,
    Unit,
)
from optimizer.errors import InputError, InputProblem
from optimizer.io import presets as preset_table
from optimizer.io.cells import (
    MAX_COUNT,
    BadValue,
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
    SHEETS,
    UNIT,
    Sheet,
)
from optimizer.io.parameters import PARAMETERS, START, build_policy
from optimizer.io.reader import Source, read_workbook

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


def load_problem(source: Source) -> tuple[Problem, list[InputProblem]]:
    """Read and validate the workbook ``source`` (a path, or bytes already read): the problem
    and the warnings.

    Raises ``InputError`` listing every error (and warning) when the workbook cannot be used.
    ``Problem.name`` is the organisation named in the ``Petunjuk`` sheet, else the file stem.
    """
    sheets = read_workbook(source, wanted=_is_read)
    return problem_from_sheets(sheets, name=source.stem)


def problem_from_sheets(
    sheets: Mapping[str, Sequence[Sequence[object]]], name: str = ""
) -> tuple[Problem, list[InputProblem]]:
    """Validate raw sheets (sheet name → rows of cell values; row 0 is Excel row 1).

    ``name`` is used when the ``Petunjuk`` sheet names no organisation. Raises ``InputError``
    when any error is found.
    """
    validator = _Validator(sheets)
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
parse_absence_type = choice(
    {
        **{key(label): kind for kind, label in ABSENCE_LABELS.items()},
        **{key(kind.value): kind for kind in AbsenceType},
        "leave": AbsenceType.LEAVE,
        "sick": AbsenceType.SICK,
        "sickleave": AbsenceType.SICK,
        "dutytravel": AbsenceType.DUTY_TRAVEL,
        "isolation": AbsenceType.ISOLATION,
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
        keys.setdefault(key(col.header), col.header)
        keys.setdefault(key(col.alias), col.header)
    return keys


COLUMN_KEYS = {sheet.name: _column_keys(sheet) for sheet in SHEETS}

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

    def __init__(self, sheets: Mapping[str, Sequence[Sequence[object]]]) -> None:
        self.sheets = sheets
        self.problems: list[InputProblem] = []
        self.sheet_order = {name: i for i, name in enumerate(sheets)}
        self.errors = 0
        self.buildings_known = True  # every unit's and employee's building could be read
        self.staff_nips_known = True  # every NIP in Pegawai could be read

    # -- reporting ------------------------------------------------------------------------------
    def report(
        self,
        sheet: str,
        row: int | None,
        column: str | None,
        message: tuple[str, str],
        fix: tuple[str, str] = ("", ""),
        warning: bool = False,
    ) -> None:
        problem = InputProblem(sheet, row, column, message[0], message[1], fix[0], fix[1], warning)
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
                        "Isi sel ini, atau hapus seluruh barisnya.",
                        "Fill in this cell or delete the whole row.",
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

    # -- sheets and headers ---------------------------------------------------------------------
    def find_sheets(self) -> dict[str, tuple[str, Sequence[Sequence[object]]]]:
        """Canonical sheet name → (name as written, rows); reports missing required sheets."""
        found: dict[str, tuple[str, Sequence[Sequence[object]]]] = {}
        for written, rows in self.sheets.items():
            spec = SHEET_KEYS.get(key(written))
            if spec is None:
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

    def table(self, spec: Sheet, written: str, rows: Sequence[Sequence[object]]) -> Table | None:
        """Locate the header row and the data rows; reports missing required columns."""
        keys = COLUMN_KEYS[spec.name]
        required = [c.header for c in spec.columns if c.required]
        best: tuple[int, dict[str, int], dict[str, str]] | None = None
        for index, cells in enumerate(rows[:HEADER_SCAN_ROWS]):
            columns: dict[str, int] = {}
            headers: dict[str, str] = {}
            for col_index, cell in enumerate(cells):
                if not isinstance(cell, str):
                    continue
                canonical = keys.get(key(cell))
                if canonical is not None and canonical not in columns:
                    columns[canonical] = col_index
                    headers[canonical] = clean_text(cell)
            if all(h in columns for h in required):
                best = (index, columns, headers)
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
        known = sorted(columns.values())
        for number, cells in enumerate(rows[index + 1 :], start=index + 2):
            width = len(cells)
            for i in known:
                if i < width and not is_blank(cells[i]):
                    table.rows.append((number, cells))
                    break
        return table

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
        employees = self.employees(tables[PEGAWAI.name], units, names)
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
        return Problem(
            policy=policy,
            units=tuple(u for u, _ in units.values()),
            employees=tuple(employees.values()),
            buildings=buildings,
            absences=absences,
            closures=closures,
            holidays=tuple(sorted(days_off.items())),
            name=self.organisation() or name,
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
            parsed = self.field(table, row, cells, "Nilai", PARAMETER_PARSERS[name], _FAILED)
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
        self._apply_preset(table, seen.get("Preset"), start, values)
        return build_policy(start, values)

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
            cap = self.field(table, row, cells, "Kuota WFO (%)", parse_percent, None)
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
            cap = self.field(table, row, cells, "Kuota WFO (%)", parse_percent, None)
            minimum = self.field(table, row, cells, "Minimal WFO per Hari", whole0, None)
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
            units[k] = (Unit(name, building, sector, cap, minimum or None), row)
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
    ) -> dict[str, Employee] | None:
        """Employees by NIP (in file order); None when the sheet could not be read."""
        if table is None:
            self.buildings_known = False
            return None
        employees: dict[str, Employee] = {}
        rows_of: dict[str, int] = {}
        unit_sheet = self._sheet_name(UNIT)
        check_units = bool(units)
        unit_column = table.header("Unit Kerja")
        field = self.field
        text = memo(parse_text)  # unit, bidang, seksi, … repeat a lot
        yes_no = memo(parse_yes_no)
        weekdays = memo(parse_weekdays)

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
            if not nip:
                continue
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
            )
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
