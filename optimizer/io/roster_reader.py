"""Read a roster workbook written by Giliran (sheet ``Jadwal``) back into a ``Roster``.

Used to re-check a roster someone edited by hand, to trace contacts from a published roster, and
by the round-trip tests. A roster is an upload like any other, so it is read through the same
hardened reader as input workbooks (``optimizer.io.reader``: size, zip-bomb, row and column
limits before anything is parsed). The header row is the first row whose first cell is ``NIP``;
date columns follow ``Seksi`` up to ``Jumlah WFO``; each header is an Excel date or a
``YYYY-MM-DD`` text.
"""

from __future__ import annotations

import datetime as dt

from models.domain import Cell, Roster
from optimizer.errors import InputError, InputProblem
from optimizer.io.reader import Source, read_workbook

SHEET = "Jadwal"
FIXED = ("NIP", "Nama", "Unit Kerja", "Bidang", "Seksi")
TOTAL = "Jumlah WFO"


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


def read_roster(source: Source) -> Roster:
    """The roster in the ``Jadwal`` sheet of ``source`` (a path or bytes read); ``InputError``
    when the file cannot be used or is not a roster."""
    sheets = read_workbook(source, wanted=lambda name: name == SHEET)
    if SHEET not in sheets:
        raise _problem(
            None,
            None,
            f"Sheet '{SHEET}' tidak ada; ini bukan jadwal dari Giliran",
            f"there is no sheet '{SHEET}'; this is not a roster written by Giliran",
        )
    rows = sheets[SHEET]
    header_at = next((i for i, r in enumerate(rows) if r and str(r[0]).strip() == FIXED[0]), None)
    if header_at is None:
        raise _problem(None, "NIP", "Baris judul tidak ditemukan", "header row not found")
    header = rows[header_at]
    dates: list[dt.date] = []
    col = len(FIXED)
    while col < len(header) and str(header[col]).strip() != TOTAL:
        day = _as_date(header[col])
        if day is None:
            raise _problem(
                header_at + 1,
                str(header[col]),
                "Judul kolom bukan tanggal",
                "column header is not a date",
            )
        dates.append(day)
        col += 1
    codes = {c.value: c for c in Cell}
    cells: dict[str, tuple[Cell, ...]] = {}
    for offset, row in enumerate(rows[header_at + 1 :], start=header_at + 2):
        nip = row[0] if row else ""
        if not isinstance(nip, str) or not nip.strip():
            break  # end of the table (a signature block may follow)
        values: list[Cell] = []
        for j, day in enumerate(dates):
            raw = str(row[len(FIXED) + j]).strip() if len(row) > len(FIXED) + j else ""
            if raw not in codes:
                raise _problem(
                    offset,
                    day.isoformat(),
                    f"Isi sel '{raw}' tidak dikenal",
                    f"unknown cell value '{raw}'",
                )
            values.append(codes[raw])
        cells[nip.strip()] = tuple(values)
    return Roster(tuple(dates), cells)
