"""Read a roster workbook written by Giliran (sheet ``Jadwal``) back into a ``Roster``.

Used to re-check a roster someone edited by hand (``giliran periksa``), to trace contacts from a
published roster, and by the round-trip tests. A roster is an upload like any other, so it is read
through the same hardened reader as input workbooks (``optimizer.io.reader``: size, zip-bomb, row
and column limits before anything is parsed). The header row is the first row with a cell
``NIP``; the date columns are the headers after ``Seksi`` (or the last named column before them)
up to ``Jumlah WFO``, each an Excel date or a ``YYYY-MM-DD`` text. Other columns (``No.``,
``Jabatan``, …) are located by name and otherwise left alone, except ``Kohort`` (cohort mode:
``A``, ``B``, … read into ``Roster.cohorts``; an empty cell is no cohort). The table ends at
the first row
without a NIP (a daily total or a signature block may follow).

A ``WFO-N`` cell (written with start waves) reads as ``WFO`` in wave N (``Roster.waves``).

``read_located_roster`` keeps where each cell is (sheet, Excel row, column letter, NIP, name,
date) and reports what it cannot read instead of stopping: unknown codes, a NIP that is not text,
a NIP twice. ``read_roster`` is the strict form: any such problem is an ``InputError``.

A roster of several weeks also has one sheet per week (``Minggu 1``, ``Minggu 2``, …, written
for printing). ``Jadwal`` is the roster; the week sheets are copies of its columns. They are read
too and compared with ``Jadwal`` cell by cell: a week sheet that disagrees (a hand edit made in
one sheet only, a NIP or a date that ``Jadwal`` does not have) is reported with both cells
(``WeekMismatch``), never taken silently, and never taken over ``Jadwal``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import cast

from models.domain import Cell, Roster
from optimizer.errors import InputError, InputProblem
from optimizer.io.reader import Source, column_letter, read_workbook

SHEET = "Jadwal"
WEEK_SHEET = re.compile(r"Minggu ([1-9][0-9]?)")
TEAM = "Tim"  # the team column of a roster with the weekly A/B pattern
FIXED = ("NIP", "Nama", "Unit Kerja", "Bidang", "Seksi", "Kohort")
COHORT = "Kohort"  # cohort mode: A, B, … (empty = in no cohort)
TOTAL = "Jumlah WFO"
#: ``WFO-1`` … ``WFO-9``: on site in that start wave (the checker tells which the input allows)
MAX_WAVE_CODE = 9
CODES = ", ".join(c.value for c in Cell) + ", WFO-1, WFO-2, …"


def _problem(
    row: int | None, column: str | None, text_id: str, text_en: str, sheet: str = SHEET
) -> InputError:
    return InputError([InputProblem(sheet, row, column, text_id, text_en)])


def _as_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


@dataclass(frozen=True, order=True)
class CellRef:
    """Where one cell of the roster is, as HR sees it: ``Jadwal!F7`` and whose, which date."""

    sheet: str
    row: int  # Excel row (1-based)
    column: str  # column letter
    nip: str = ""
    name: str = ""
    date: dt.date | None = None

    @property
    def ref(self) -> str:
        return f"{self.column}{self.row}"

    def render(self) -> str:
        who = f", NIP {self.nip}" + (f" ({self.name})" if self.name else "") if self.nip else ""
        when = f", {self.date.isoformat()}" if self.date else ""
        return f"sheet '{self.sheet}' sel/cell {self.ref}{who}{when}"


@dataclass(frozen=True)
class RosterRow:
    """One employee's row in ``Jadwal``."""

    nip: str
    name: str
    row: int  # Excel row


@dataclass(frozen=True)
class WeekMismatch:
    """A cell of a week's sheet that is not what ``Jadwal`` says (``jadwal`` None: Jadwal has no
    such row or date)."""

    week: CellRef
    jadwal: CellRef | None
    week_value: str
    jadwal_value: str

    def texts(self) -> tuple[str, str]:
        """The problem, in Indonesian and English."""
        where = f"sheet '{self.week.sheet}' sel/cell {self.week.ref}"
        if self.jadwal is None:
            return (
                f"{where} ({self.week_value}) tidak ada di Jadwal ({self.jadwal_value}); sheet "
                "mingguan hanya salinan Jadwal",
                f"{where} ({self.week_value}) is not in Jadwal ({self.jadwal_value}); the week "
                "sheets are copies of Jadwal",
            )
        return (
            f"{where} berisi {self.week_value}, tetapi Jadwal sel {self.jadwal.ref} berisi "
            f"{self.jadwal_value}; yang berlaku Jadwal (sheet mingguan hanya salinan)",
            f"{where} holds {self.week_value} but Jadwal cell {self.jadwal.ref} holds "
            f"{self.jadwal_value}; Jadwal is the roster (the week sheets are copies)",
        )


@dataclass
class LocatedRoster:
    """A roster read back with the place of every cell.

    ``roster.cells`` holds, where a cell's text is not a code, that text itself (the independent
    checker reports such a cell as an unknown cell of the row, and counts it as nobody on site):
    nothing is guessed. ``unknown`` lists those cells; ``problems`` everything else that could not
    be read (a NIP stored as a number, a NIP twice).
    """

    roster: Roster
    rows: dict[str, RosterRow]
    columns: dict[dt.date, str]  # date -> column letter (the first column of that date)
    header_row: int
    nip_column: str = "A"
    name_column: str | None = None
    unknown: list[tuple[CellRef, str]] = field(default_factory=list)
    problems: list[InputProblem] = field(default_factory=list)
    #: the Tim column of a roster with the weekly pattern (NIP -> cell text) and its letter
    teams: dict[str, str] = field(default_factory=dict)
    team_column: str | None = None
    #: week sheets read and compared with Jadwal (their names), and every cell that disagrees
    weeks: list[str] = field(default_factory=list)
    week_mismatches: list[WeekMismatch] = field(default_factory=list)

    def cell(self, nip: str, day: dt.date) -> CellRef | None:
        where, column = self.rows.get(nip), self.columns.get(day)
        if where is None or column is None:
            return None
        return CellRef(SHEET, where.row, column, nip, where.name, day)

    def header(self, day: dt.date) -> CellRef | None:
        column = self.columns.get(day)
        return None if column is None else CellRef(SHEET, self.header_row, column, date=day)


@dataclass
class _Table:
    """The roster table of one sheet, as written: dates, rows by NIP, raw cell texts."""

    dates: list[tuple[int, dt.date]]  # (0-based column, date)
    header_row: int  # Excel row
    nip_col: int
    name_col: int | None
    team_col: int | None = None
    rows: dict[str, RosterRow] = field(default_factory=dict)
    teams: dict[str, str] = field(default_factory=dict)  # NIP -> the Tim cell, when written
    texts: dict[str, list[str]] = field(default_factory=dict)  # NIP -> cell text per date
    problems: list[InputProblem] = field(default_factory=list)


@dataclass(frozen=True)
class _Header:
    """Where a roster table's header is and what it says."""

    row: int  # 0-based index of the header row in the sheet's rows
    names: list[str]  # the header cells as text
    nip_col: int
    name_col: int | None
    first: int  # the first date column
    dates: list[tuple[int, dt.date]]  # (0-based column, date)


def _header(sheet: str, rows: Sequence[Sequence[object]]) -> _Header:
    """The header of the roster table of ``rows``; ``InputError`` without one, or when a date
    column's header is no date."""
    header_at = next(
        (i for i, r in enumerate(rows) if any(str(v).strip() == FIXED[0] for v in r)), None
    )
    if header_at is None:
        raise _problem(None, "NIP", "Baris judul tidak ditemukan", "header row not found", sheet)
    header = [str(v).strip() for v in rows[header_at]]
    named = [header.index(n) for n in FIXED if n in header]
    first = max(named) + 1
    dates: list[tuple[int, dt.date]] = []
    col = first
    while col < len(header) and header[col] != TOTAL and header[col] != "":
        day = _as_date(rows[header_at][col])
        if day is None:
            raise _problem(
                header_at + 1,
                column_letter(col),
                f"Judul kolom '{header[col]}' bukan tanggal",
                f"column header '{header[col]}' is not a date",
                sheet,
            )
        dates.append((col, day))
        col += 1
    name_col = header.index("Nama") if "Nama" in header else None
    return _Header(header_at, header, header.index("NIP"), name_col, first, dates)


def _table(sheet: str, rows: Sequence[Sequence[object]]) -> _Table:
    """The roster table of ``rows`` (see the module docstring); ``InputError`` without one."""
    found = _header(sheet, rows)
    header_at, header, nip_col, name_col = found.row, found.names, found.nip_col, found.name_col
    first, dates = found.first, found.dates
    team_col = header.index(TEAM) if TEAM in header[:first] else None
    out = _Table(dates, header_at + 1, nip_col, name_col, team_col)
    for _row, row, nip, _name in _staff_rows(
        rows, header_at, nip_col, name_col, sheet, out.rows, out.problems
    ):
        if team_col is not None:
            team = row[team_col] if team_col < len(row) else None
            out.teams[nip] = "" if team is None else str(team).strip()
        out.texts[nip] = [
            str(row[j]).strip() if j < len(row) and row[j] is not None else "" for j, _ in dates
        ]
    return out


def _code(text: str) -> str:
    return "".join(text.upper().split())


def _week_number(name: str) -> int:
    found = WEEK_SHEET.fullmatch(name)
    return int(found[1]) if found else 0


def _compare_week(
    name: str, week: _Table, jadwal: _Table, out: LocatedRoster
) -> list[WeekMismatch]:
    """Every cell of the week sheet ``name`` that is not Jadwal's (codes compared upper-case,
    without spaces, as they are read)."""
    found: list[WeekMismatch] = []
    at = {day: k for k, (_, day) in enumerate(jadwal.dates)}
    out.problems += week.problems
    for nip, texts in week.texts.items():
        where = week.rows[nip]
        mine = jadwal.texts.get(nip)
        for (j, day), raw in zip(week.dates, texts, strict=True):
            ref = CellRef(name, where.row, column_letter(j), nip, where.name, day)
            k = at.get(day)
            if mine is None or k is None:
                what = "NIP" if mine is None else "tanggal / date"
                found.append(WeekMismatch(ref, None, raw or "-", f"{what} -"))
                if mine is None:
                    break  # one finding for a row Jadwal does not have
                continue
            if _code(raw) != _code(mine[k]):
                found.append(WeekMismatch(ref, out.cell(nip, day), raw or "-", mine[k] or "-"))
    return found


def read_located_roster(source: Source) -> LocatedRoster:
    """The roster of ``source`` with cell locations; ``InputError`` only when the file cannot be
    used at all (not a workbook, no ``Jadwal`` sheet, no header, a date header that is no date)."""
    sheets = read_workbook(
        source, wanted=lambda name: name == SHEET or WEEK_SHEET.fullmatch(name) is not None
    )
    if SHEET not in sheets:
        raise _problem(
            None,
            None,
            f"Sheet '{SHEET}' tidak ada; ini bukan jadwal dari Giliran",
            f"there is no sheet '{SHEET}'; this is not a roster written by Giliran",
        )
    rows = sheets[SHEET]
    found = _header(SHEET, rows)
    header_at, header, nip_col, name_col = found.row, found.names, found.nip_col, found.name_col
    dates = found.dates
    cohort_col = header.index(COHORT) if COHORT in header else None
    codes = {c.value: c for c in Cell}
    wave_codes = {f"WFO-{w}": w for w in range(1, MAX_WAVE_CODE + 1)}
    columns: dict[dt.date, str] = {}
    for j, day in dates:
        columns.setdefault(day, column_letter(j))
    out = LocatedRoster(
        Roster(tuple(d for _, d in dates), {}),
        {},
        columns,
        header_at + 1,
        column_letter(nip_col),
        None if name_col is None else column_letter(name_col),
    )
    cells: dict[str, tuple[Cell, ...]] = {}
    waves: dict[str, tuple[int, ...]] = {}
    cohorts: dict[str, int] = {}
    for excel_row, row, nip, name in _staff_rows(
        rows, header_at, nip_col, name_col, SHEET, out.rows, out.problems
    ):
        if cohort_col is not None and cohort_col < len(row):
            label = "" if row[cohort_col] is None else str(row[cohort_col]).strip().upper()
            if len(label) == 1 and "A" <= label <= "Z":
                cohorts[nip] = ord(label) - ord("A") + 1
            elif label:
                out.problems.append(
                    InputProblem(
                        SHEET,
                        excel_row,
                        COHORT,
                        f"Kohort '{label}' tidak dikenal (A, B, …); baris ini tidak dibaca",
                        f"unknown cohort '{label}' (A, B, …); this row is not read",
                    )
                )
                del out.rows[nip]
                continue
        values: list[Cell] = []
        in_wave: list[int] = []
        for j, day in dates:
            raw = str(row[j]).strip() if j < len(row) and row[j] is not None else ""
            code = "".join(raw.upper().split())
            cell = codes.get(code)
            wave = wave_codes.get(code, 0)
            if wave:
                cell = Cell.WFO
            if cell is None:
                where = CellRef(SHEET, excel_row, column_letter(j), nip, name, day)
                out.unknown.append((where, raw))
                values.append(cast(Cell, raw))  # reported, never guessed (see the class)
            else:
                values.append(cell)
            in_wave.append(wave)
        cells[nip] = tuple(values)
        if any(in_wave):
            waves[nip] = tuple(in_wave)
    # Rows without any wave keep an all-zero entry when others have one, so that every row of a
    # roster with waves is known to the checker the same way.
    if waves:
        for nip, row_cells in cells.items():
            waves.setdefault(nip, (0,) * len(row_cells))
    out.roster = Roster(out.roster.dates, cells, waves, cohorts)
    weeks = sorted((n for n in sheets if WEEK_SHEET.fullmatch(n)), key=_week_number)
    header = [str(v).strip() for v in rows[header_at]]
    if weeks or TEAM in header:
        table = _table(SHEET, rows)
        if table.team_col is not None:
            out.teams, out.team_column = table.teams, column_letter(table.team_col)
        for name in weeks:
            out.weeks.append(name)
            out.week_mismatches += _compare_week(name, _table(name, sheets[name]), table, out)
    return out


def read_roster(source: Source) -> Roster:
    """The roster in the ``Jadwal`` sheet of ``source`` (a path or bytes read); ``InputError``
    when the file cannot be used, is not a roster, or has a cell it cannot read."""
    located = read_located_roster(source)
    problems = list(located.problems)
    for where, raw in located.unknown:
        problems.append(
            InputProblem(
                SHEET,
                where.row,
                where.column,
                f"Isi sel '{raw}' tidak dikenal (kode yang berlaku: {CODES})",
                f"unknown cell value '{raw}' (valid codes: {CODES})",
            )
        )
    for mismatch in located.week_mismatches:
        text_id, text_en = mismatch.texts()
        where = mismatch.week
        problems.append(InputProblem(where.sheet, where.row, where.column, text_id, text_en))
    if problems:
        raise InputError(problems)
    return located.roster


def _staff_rows(
    rows: Sequence[Sequence[object]],
    header_at: int,
    nip_col: int,
    name_col: int | None,
    sheet: str,
    seen: dict[str, RosterRow],
    problems: list[InputProblem],
) -> Iterator[tuple[int, Sequence[object], str, str]]:
    """The rows of a roster table below its header, as (Excel row, cells, NIP, name), up to the
    first row without a NIP; a numeric or repeated NIP is reported and its row not read. Each
    row given is recorded in ``seen``."""
    for excel_row, row in enumerate(rows[header_at + 1 :], start=header_at + 2):
        raw_nip = row[nip_col] if nip_col < len(row) else ""
        if raw_nip is None or (isinstance(raw_nip, str) and not raw_nip.strip()):
            return  # end of the table (a total row or a signature block may follow)
        if not isinstance(raw_nip, str):
            problems.append(
                InputProblem(
                    sheet,
                    excel_row,
                    "NIP",
                    f"NIP tersimpan sebagai angka ({raw_nip!r}), bukan teks; baris ini tidak "
                    "dibaca",
                    f"the NIP is stored as a number ({raw_nip!r}), not text; this row is not read",
                    "Format kolom NIP sebagai Teks dan ketik ulang NIP-nya",
                    "Format the NIP column as Text and type the NIP again",
                )
            )
            continue
        nip = raw_nip.strip()
        name = str(row[name_col]).strip() if name_col is not None and name_col < len(row) else ""
        if nip in seen:
            problems.append(
                InputProblem(
                    sheet,
                    excel_row,
                    "NIP",
                    f"NIP {nip} muncul lagi (pertama di baris {seen[nip].row}); baris ini "
                    "tidak dibaca",
                    f"NIP {nip} appears again (first in row {seen[nip].row}); this row is not read",
                )
            )
            continue
        seen[nip] = RosterRow(nip, name, excel_row)
        yield excel_row, row, nip, name
