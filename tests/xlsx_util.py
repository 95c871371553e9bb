"""Helpers for tests: small input workbooks as rows, and writing them as real .xlsx files."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell

Rows = list[list[object]]

NIP_1 = "198001012005011001"
NIP_2 = "198202022006022002"
NIP_3 = "199003032015031003"
START = dt.date(2026, 11, 30)  # a Monday

SMALL: dict[str, Rows] = {
    "Pegawai": [
        ["NIP", "Nama", "Unit Kerja", "Bidang", "Seksi", "Jabatan", "Gedung", "Rentan",
         "Wajib WFO", "Vaksin", "Hari WFO Pilihan"],
        [NIP_1, "Budi Santoso", "Dinas A", "Bidang Satu", "Seksi Satu", "Analis", "", "Tidak",
         "Tidak", "Ya", "Sen, Kam"],
        [NIP_2, "Siti Aminah", "Dinas A", "Bidang Satu", "", "Pengadministrasi", "", "Tidak",
         "Ya", "Ya", ""],
        [NIP_3, "Andi Wijaya", "Dinas B", "", "", "", "Gedung UPT", "Ya", "Tidak", "Tidak", ""],
    ],
    "Unit": [
        ["Unit Kerja", "Gedung", "Sektor", "Kuota WFO (%)", "Minimal WFO per Hari"],
        ["Dinas A", "Gedung A", "Non-esensial", "", ""],
        ["Dinas B", "Gedung B", "Esensial", 40, 1],
    ],
    "Gedung": [
        ["Gedung", "Kapasitas", "Kuota WFO (%)"],
        ["Gedung A", 10, 30],
    ],
    "Ketidakhadiran": [
        ["NIP", "Mulai", "Selesai", "Jenis"],
        [NIP_1, dt.date(2026, 12, 1), dt.date(2026, 12, 2), "Cuti"],
    ],
    "Penutupan": [
        ["Gedung", "Mulai", "Selesai", "Alasan"],
        ["Gedung B", dt.date(2026, 12, 3), dt.date(2026, 12, 3), "Disinfeksi"],
    ],
    "Libur": [
        ["Tanggal", "Keterangan"],
        [dt.date(2026, 12, 4), "Libur daerah"],
    ],
    "Kebijakan": [
        ["Parameter", "Nilai", "Keterangan"],
        ["Mulai", START, "tanggal pertama"],
        ["Jumlah Minggu", 1, ""],
        ["Kuota WFO (%)", 25, ""],
        ["Kuota WFO Esensial (%)", 50, ""],
        ["Kuota WFO Kritikal (%)", 100, ""],
        ["Minimal per Subunit", 1, ""],
        ["Representasi", "Seksi", ""],
        ["Libur Nasional", "Ya", ""],
        ["Batas Waktu (detik)", 60, ""],
    ],
}  # fmt: skip


def small_sheets() -> dict[str, Rows]:
    """A fresh deep copy of a small valid workbook (3 employees, 2 units), free to modify."""
    return copy.deepcopy(SMALL)


def write_xlsx(
    path: Path,
    sheets: Mapping[str, Sequence[Sequence[object]]],
    text_columns: Mapping[str, Sequence[int]] | None = None,
) -> Path:
    """Write ``sheets`` (name → rows, row 0 = Excel row 1) as an .xlsx file.

    Strings are written as string cells (never formulas), ``None`` and ``""`` as empty cells,
    numbers as numbers: a NIP given as an ``int`` becomes a numeric cell, as Excel would make it.
    Columns in ``text_columns`` (sheet → 0-based column indexes) are formatted as text ("@").
    """
    text_columns = text_columns or {}
    wb = Workbook()
    if wb.active is not None:
        wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        as_text = set(text_columns.get(name, ()))
        for r, values in enumerate(rows, start=1):
            for c, value in enumerate(values, start=1):
                if value is None or value == "":
                    continue
                cell = ws.cell(row=r, column=c, value=value)
                assert isinstance(cell, Cell)
                if isinstance(value, str):
                    cell.data_type = "s"
                elif isinstance(value, dt.date):
                    cell.number_format = "yyyy-mm-dd"
                if c - 1 in as_text:
                    cell.number_format = "@"
    wb.save(path)
    return path


def write_small(path: Path, sheets: Mapping[str, Sequence[Sequence[object]]] | None = None) -> Path:
    """``sheets`` (default: the small workbook) as an .xlsx with NIP columns formatted as text."""
    return write_xlsx(
        path,
        small_sheets() if sheets is None else sheets,
        {"Pegawai": [0], "Ketidakhadiran": [0]},
    )
