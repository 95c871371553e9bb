"""Read a roster workbook written by Giliran (sheet ``Jadwal``) back into a ``Roster``.

Used to re-check a roster someone edited by hand, and by the round-trip tests. The header row is
the first row whose first cell is ``NIP``; date columns follow ``Seksi`` up to ``Jumlah WFO``;
each header is an Excel date or a ``YYYY-MM-DD`` text.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from python_calamine import CalamineWorkbook

from models.domain import Cell, Roster
from optimizer.errors import InputError, InputProblem

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


def read_roster(path: Path) -> Roster:
    """The roster in ``path``'s ``Jadwal`` sheet; ``InputError`` when it is not one."""
    try:
        book = CalamineWorkbook.from_path(str(path))
        rows = book.get_sheet_by_name(SHEET).to_python(skip_empty_area=False)
    except Exception as err:
        raise _problem(
            None,
            None,
            f"Sheet '{SHEET}' tidak dapat dibaca ({err})",
            f"sheet '{SHEET}' cannot be read ({err})",
        ) from err
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
