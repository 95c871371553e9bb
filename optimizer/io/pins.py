"""Pinned cells: sheet ``Kunci`` (alias ``Lock``) of an input workbook (issue 14 section 2).

HR fix a cell by hand ("this person is on site on Thursday, whatever happens") by listing it in
``Kunci``: one row per cell, columns ``NIP`` (text), ``Tanggal`` (date) and ``Status`` (``WFO``
or ``WFH``; also ``Kantor``/``Rumah``). ``giliran kasus`` and ``giliran replan`` keep every pinned
cell exactly; a pin that breaks a never-bending rule is an error naming its row
(``optimizer.analysis.outbreak.check_pins``). ``giliran solve`` does not read the sheet (its
warning says so: nothing in an input is silently ignored). Documented in docs/input-format.md.
"""

from __future__ import annotations

from collections.abc import Sequence

from models.domain import Cell
from optimizer.analysis.outbreak import Pin
from optimizer.errors import UNUSED_SHEET, InputError, InputProblem
from optimizer.io.cells import BadValue, clean_text, key, parse_date
from optimizer.io.reader import Source, read_workbook
from optimizer.io.validate import parse_nip

SHEET_NAMES = ("kunci", "lock", "pin", "pins")
COLUMNS = {
    "NIP": ("nip", "employeeid"),
    "Tanggal": ("tanggal", "date", "tgl"),
    "Status": ("status", "kode", "code", "cell"),
}
STATUS_WORDS = {
    "wfo": Cell.WFO,
    "kantor": Cell.WFO,
    "office": Cell.WFO,
    "wfh": Cell.WFH,
    "rumah": Cell.WFH,
    "home": Cell.WFH,
}


def is_pin_sheet(name: str) -> bool:
    return key(name) in SHEET_NAMES


def drop_pin_sheet_warning(warnings: Sequence[InputProblem]) -> list[InputProblem]:
    """The validator's warnings without "sheet Kunci is not read" (a re-plan reads it)."""
    return [w for w in warnings if not (w.kind == UNUSED_SHEET and is_pin_sheet(w.sheet))]


def read_pins(source: Source) -> list[Pin]:
    """Every pinned cell of ``source``'s ``Kunci`` sheet (none without one); ``InputError``
    listing every row that cannot be read."""
    sheets = read_workbook(source, wanted=is_pin_sheet)
    found = [(name, rows) for name, rows in sheets.items() if is_pin_sheet(name) and rows]
    pins: list[Pin] = []
    problems: list[InputProblem] = []
    for name, rows in found:
        header_at = next(
            (i for i, r in enumerate(rows) if any(key(clean_text(v)) == "nip" for v in r)), None
        )
        if header_at is None:
            problems.append(
                InputProblem(
                    name,
                    None,
                    "NIP",
                    "Baris judul (NIP, Tanggal, Status) tidak ditemukan",
                    "header row (NIP, Tanggal, Status) not found",
                )
            )
            continue
        header = [key(clean_text(v)) for v in rows[header_at]]
        cols: dict[str, int] = {}
        for canonical, words in COLUMNS.items():
            at = next((j for j, h in enumerate(header) if h in words), None)
            if at is None:
                problems.append(
                    InputProblem(
                        name,
                        header_at + 1,
                        canonical,
                        f"Kolom '{canonical}' tidak ada",
                        f"column '{canonical}' is missing",
                    )
                )
            else:
                cols[canonical] = at
        if len(cols) < len(COLUMNS):
            continue
        seen: dict[tuple[str, object], int] = {}
        for excel_row, row in enumerate(rows[header_at + 1 :], start=header_at + 2):
            values = {c: (row[j] if j < len(row) else None) for c, j in cols.items()}
            if all(v is None or clean_text(v) == "" for v in values.values()):
                continue
            try:
                nip = parse_nip(values["NIP"])
                if not isinstance(values["NIP"], str):
                    raise BadValue(
                        "NIP tersimpan sebagai angka, bukan teks",
                        "the NIP is stored as a number, not text",
                        "Format kolom NIP sebagai Teks dan ketik ulang NIP-nya",
                        "Format the NIP column as Text and type the NIP again",
                    )
                day = parse_date(values["Tanggal"])
                cell = STATUS_WORDS.get(key(clean_text(values["Status"])))
                if cell is None:
                    raise BadValue(
                        f"Status tidak dikenal: '{clean_text(values['Status'])}'",
                        f"unknown status: '{clean_text(values['Status'])}'",
                        "Tulis WFO atau WFH.",
                        "Write WFO or WFH.",
                    )
            except BadValue as err:
                problems.append(
                    InputProblem(
                        name,
                        excel_row,
                        None,
                        err.message_id,
                        err.message_en,
                        err.fix_id,
                        err.fix_en,
                    )
                )
                continue
            first = seen.get((nip, day))
            if first is not None:
                problems.append(
                    InputProblem(
                        name,
                        excel_row,
                        "NIP",
                        f"NIP {nip} pada {day.isoformat()} sudah dikunci di baris {first}",
                        f"NIP {nip} on {day.isoformat()} is already pinned in row {first}",
                    )
                )
                continue
            seen[nip, day] = excel_row
            pins.append(Pin(nip, day, cell, name, excel_row))
    if problems:
        raise InputError(problems)
    return pins


__all__ = ["drop_pin_sheet_warning", "is_pin_sheet", "read_pins"]
