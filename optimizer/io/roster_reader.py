"""Read a roster workbook written by Giliran (sheet ``Jadwal``) back into a ``Roster``.

Used to re-check a roster someone edited by hand, to trace contacts from a published roster, and
by the round-trip tests. A roster is an upload like any other, so it is read through the same
hardened reader as input workbooks (``optimizer.io.reader``: size, zip-bomb, row and column
limits before anything is parsed). The header row is the first row with ``NIP`` in one of its
first two cells (rosters before issue 12 start with ``NIP``, later ones with ``No.``); date
columns follow ``Seksi`` up to ``Jumlah WFO``; each header is an Excel date or a ``YYYY-MM-DD``
text. The table ends at the first row without a NIP (a daily total and signatures follow).
"""

from __future__ import annotations

import datetime as dt

from models.domain import Cell, Roster
from optimizer.errors import InputError, InputProblem
from optimizer.io.reader import Source, read_workbook

SHEET = "Jadwal"
FIXED = ("NIP", "Nama", "Unit Kerja", "Bidang", "Seksi")
LAST_FIXED = "Seksi"
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
    header_at = next(
        (i for i, r in enumerate(rows) if any(str(v).strip() == FIXED[0] for v in r[:2])), None
    )
    if header_at is None:
        raise _problem(None, "NIP", "Baris judul tidak ditemukan", "header row not found")
    header = rows[header_at]
    names = [str(v).strip() for v in header]
    nip_col = names.index(FIXED[0])
    first_date = names.index(LAST_FIXED) + 1 if LAST_FIXED in names else len(FIXED)
    dates: list[dt.date] = []
    col = first_date
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
        nip = row[nip_col] if len(row) > nip_col else ""
        if not isinstance(nip, str) or not nip.strip():
            break  # end of the table (a daily total and a signature block may follow)
        values: list[Cell] = []
        for j, day in enumerate(dates):
            at = first_date + j
            raw = str(row[at]).strip() if len(row) > at else ""
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
