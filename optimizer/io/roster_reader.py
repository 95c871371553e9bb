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
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import cast

from models.domain import Cell, Roster
from optimizer.errors import InputError, InputProblem
from optimizer.io.reader import Source, column_letter, read_workbook

SHEET = "Jadwal"
FIXED = ("NIP", "Nama", "Unit Kerja", "Bidang", "Seksi", "Kohort")
COHORT = "Kohort"  # cohort mode: A, B, … (empty = in no cohort)
TOTAL = "Jumlah WFO"
#: ``WFO-1`` … ``WFO-9``: on site in that start wave (the checker tells which the input allows)
MAX_WAVE_CODE = 9
CODES = ", ".join(c.value for c in Cell) + ", WFO-1, WFO-2, …"


def _problem(row: int | None, column: str | None, text_id: str, text_en: str) -> InputError:
    return InputError([InputProblem(SHEET, row, column, text_id, text_en)])


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

    def cell(self, nip: str, day: dt.date) -> CellRef | None:
        where, column = self.rows.get(nip), self.columns.get(day)
        if where is None or column is None:
            return None
        return CellRef(SHEET, where.row, column, nip, where.name, day)

    def header(self, day: dt.date) -> CellRef | None:
        column = self.columns.get(day)
        return None if column is None else CellRef(SHEET, self.header_row, column, date=day)


def read_located_roster(source: Source) -> LocatedRoster:
    """The roster of ``source`` with cell locations; ``InputError`` only when the file cannot be
    used at all (not a workbook, no ``Jadwal`` sheet, no header, a date header that is no date)."""
    sheets = read_workbook(source, wanted=lambda name: name == SHEET)
    if SHEET not in sheets:
        raise _problem(
            None,
            None,
            f"Sheet '{SHEET}' tidak ada; ini bukan jadwal dari Giliran",
            f"there is no sheet '{SHEET}'; this is not a roster written by Giliran",
        )
    rows = sheets[SHEET]
    header_at = next(
        (i for i, r in enumerate(rows) if any(str(v).strip() == FIXED[0] for v in r)), None
    )
    if header_at is None:
        raise _problem(None, "NIP", "Baris judul tidak ditemukan", "header row not found")
    header = [str(v).strip() for v in rows[header_at]]
    nip_col = header.index("NIP")
    name_col = header.index("Nama") if "Nama" in header else None
    cohort_col = header.index(COHORT) if COHORT in header else None
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
            )
        dates.append((col, day))
        col += 1
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
    for excel_row, row in enumerate(rows[header_at + 1 :], start=header_at + 2):
        raw_nip = row[nip_col] if nip_col < len(row) else ""
        if raw_nip is None or (isinstance(raw_nip, str) and not raw_nip.strip()):
            break  # end of the table (a total row or a signature block may follow)
        if not isinstance(raw_nip, str):
            out.problems.append(
                InputProblem(
                    SHEET,
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
        if nip in out.rows:
            out.problems.append(
                InputProblem(
                    SHEET,
                    excel_row,
                    "NIP",
                    f"NIP {nip} muncul lagi (pertama di baris {out.rows[nip].row}); baris ini "
                    "tidak dibaca",
                    f"NIP {nip} appears again (first in row {out.rows[nip].row}); this row is "
                    "not read",
                )
            )
            continue
        out.rows[nip] = RosterRow(nip, name, excel_row)
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
    if problems:
        raise InputError(problems)
    return located.roster
