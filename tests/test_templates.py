"""The shipped input workbooks: in step with the code, and shaped as the input contract says."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from models.domain import Absence, AbsenceType, Employee
from optimizer.demo.examples import regenerate
from optimizer.demo.generator import generate_city
from optimizer.io import input_workbook
from optimizer.io.input_workbook import (
    EXAMPLE_NAME,
    TEMPLATE_NAME,
    TEMPLATES_DIR,
    write_input_workbook,
    write_template,
)

REGENERATE = "run `python -m optimizer.demo.examples` to regenerate"
SHEETS = ["Petunjuk", "Pegawai", "Unit", "Gedung", "Ketidakhadiran", "Penutupan", "Libur",
          "Kebijakan"]  # fmt: skip
HEADERS = {
    "Pegawai": ["NIP", "Nama", "Unit Kerja", "Bidang", "Seksi", "Jabatan", "Gedung", "Rentan",
                "Wajib WFO", "Vaksin", "Hari WFO Pilihan", "Pimpinan", "Jenis Kelamin"],
    "Unit": ["Unit Kerja", "Gedung", "Sektor", "Kuota WFO (%)", "Minimal WFO per Hari",
             "Nama Penandatangan", "Jabatan Penandatangan", "NIP Penandatangan", "Tempat"],
    "Gedung": ["Gedung", "Kapasitas", "Kuota WFO (%)"],
    "Ketidakhadiran": ["NIP", "Mulai", "Selesai", "Jenis"],
    "Penutupan": ["Gedung", "Mulai", "Selesai", "Alasan"],
    "Libur": ["Tanggal", "Keterangan"],
    "Kebijakan": ["Parameter", "Nilai", "Keterangan"],
}  # fmt: skip


def sheet_values(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every sheet's rows of values, without trailing empty cells and rows."""
    wb = load_workbook(path, read_only=True)
    try:
        sheets = {}
        for ws in wb.worksheets:
            rows = [_trim(row) for row in ws.iter_rows(values_only=True)]
            while rows and not rows[-1]:
                rows.pop()
            sheets[ws.title] = rows
        return sheets
    finally:
        wb.close()


def _trim(row: tuple[Any, ...]) -> tuple[Any, ...]:
    values = list(row)
    while values and values[-1] is None:
        values.pop()
    return tuple(values)


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return regenerate(tmp_path_factory.mktemp("templates"))


@pytest.mark.parametrize("name", [TEMPLATE_NAME, EXAMPLE_NAME])
def test_committed_workbook_matches_the_code(name: str, regenerated: tuple[Path, Path]) -> None:
    committed_path = TEMPLATES_DIR / name
    assert committed_path.exists(), f"{committed_path} is missing: {REGENERATE}"
    fresh = sheet_values(next(p for p in regenerated if p.name == name))
    committed = sheet_values(committed_path)
    assert list(committed) == list(fresh), f"{name}: sheets differ; {REGENERATE}"
    for sheet, rows in fresh.items():
        old = committed[sheet]
        assert len(old) == len(rows), f"{name}/{sheet}: row count differs; {REGENERATE}"
        for number, (was, now) in enumerate(zip(old, rows, strict=True), start=1):
            assert was == now, f"{name}/{sheet} row {number}: {was!r} != {now!r}; {REGENERATE}"


def test_template_has_the_contract_sheets_and_headers() -> None:
    values = sheet_values(TEMPLATES_DIR / TEMPLATE_NAME)
    assert list(values) == SHEETS
    for sheet, headers in HEADERS.items():
        assert list(values[sheet][0]) == headers, sheet
    for sheet in ("Pegawai", "Unit", "Gedung", "Ketidakhadiran", "Penutupan", "Libur"):
        assert len(values[sheet]) == 1, f"{sheet} should hold only its header"


def test_template_policy_rows_hold_the_defaults() -> None:
    rows = sheet_values(TEMPLATES_DIR / TEMPLATE_NAME)["Kebijakan"][1:]
    policy = {row[0]: (row[1] if len(row) > 1 else None) for row in rows}
    assert policy == {
        "Mulai": None,
        "Jumlah Minggu": 1,
        "Kuota WFO (%)": 25,
        "Kuota WFO Esensial (%)": 50,
        "Kuota WFO Kritikal (%)": 100,
        "Minimal per Subunit": 1,
        "Representasi": "Seksi",
        "Libur Nasional": "Ya",
        "Batas Waktu (detik)": 60,
        "Tanggal Penetapan": None,
        "Minimal Hari WFO Pimpinan": 0,
        "Preset": None,
        "Gelombang": None,
        "Kuota Unit per Gelombang": "Tidak",
        "Prioritas Gelombang 1": None,
        "Jam Kantor": None,
        "Kohort": 0,
        "Tingkat Kohort": "Seksi",
    }


def _validations(ws: Any) -> dict[str, str]:
    """Validated range (first cell's column letter for whole columns) -> formula1."""
    found = {}
    for dv in ws.data_validations.dataValidation:
        for area in str(dv.sqref).split():
            found[area] = dv.formula1
    return found


def test_template_has_drop_downs_text_nip_and_frozen_headers() -> None:
    wb = load_workbook(TEMPLATES_DIR / TEMPLATE_NAME)
    pegawai = _validations(wb["Pegawai"])
    for column in ("H", "I", "J"):  # Rentan, Wajib WFO, Vaksin
        assert pegawai[f"{column}2:{column}1048576"] == '"Ya,Tidak"'
    assert _validations(wb["Unit"])["C2:C1048576"] == '"Non-esensial,Esensial,Kritikal"'
    assert _validations(wb["Ketidakhadiran"])["D2:D1048576"] == '"Cuti,Sakit,Dinas Luar,Isolasi"'
    policy = _validations(wb["Kebijakan"])
    assert policy["B8"] == '"Seksi,Bidang,Tidak"'  # Representasi
    assert policy["B9"] == '"Ya,Tidak"'  # Libur Nasional
    for sheet in ("Pegawai", "Ketidakhadiran"):
        assert wb[sheet].column_dimensions["A"].number_format == "@", sheet
    for sheet in HEADERS:
        ws = wb[sheet]
        assert ws.freeze_panes == "A2", sheet
        assert ws["A1"].font.bold, sheet
        assert (ws.column_dimensions["A"].width or 0) > 10, sheet


def test_example_nips_are_text_cells(regenerated: tuple[Path, Path]) -> None:
    example = next(p for p in regenerated if p.name == EXAMPLE_NAME)
    wb = load_workbook(example)
    ws = wb["Pegawai"]
    nips = [row[0] for row in ws.iter_rows(min_row=2)]
    assert len(nips) == 2500
    assert all(c.data_type == "s" and c.number_format == "@" for c in nips)
    expected = [e.nip for e in generate_city().employees]
    assert [c.value for c in nips] == expected


def test_example_holds_the_generated_city(regenerated: tuple[Path, Path]) -> None:
    city = generate_city()
    values = sheet_values(next(p for p in regenerated if p.name == EXAMPLE_NAME))
    assert len(values["Unit"]) - 1 == len(city.units)
    assert len(values["Gedung"]) - 1 == len(city.buildings)
    assert len(values["Ketidakhadiran"]) - 1 == len(city.absences)
    (closure,) = values["Penutupan"][1:]
    assert closure[0] == city.closures[0].building
    assert closure[1].date() == city.closures[0].start
    assert values["Libur"] == [("Tanggal", "Keterangan")]
    policy = {row[0]: row[1] for row in values["Kebijakan"][1:]}
    assert policy["Mulai"] == dt.datetime(2026, 11, 30)
    first = values["Pegawai"][1]
    emp = city.employees[0]
    assert first[:3] == (emp.nip, emp.name, emp.unit)


def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    city = generate_city(staff=30)
    tricky = Employee(nip="=1+1", name='=HYPERLINK("x")', unit=city.units[0].name)
    problem = dataclasses.replace(city, employees=(*city.employees, tricky))
    path = tmp_path / "tricky.xlsx"
    write_input_workbook(problem, path)
    last = load_workbook(path)["Pegawai"][len(problem.employees) + 1]
    assert (last[0].value, last[0].data_type) == ("=1+1", "s")
    assert (last[1].value, last[1].data_type) == ('=HYPERLINK("x")', "s")
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Pegawai").to_python()
    assert rows[-1][:2] == ["=1+1", '=HYPERLINK("x")']


def test_only_workbook_specific_holidays_are_written(tmp_path: Path) -> None:
    city = generate_city(staff=30, weeks=4)
    assert dt.date(2026, 12, 25) in city.holiday_names
    extra = (dt.date(2026, 12, 7), "Hari jadi Kota Contoh")
    problem = dataclasses.replace(city, holidays=tuple(sorted((*city.holidays, extra))))
    path = tmp_path / "libur.xlsx"
    write_input_workbook(problem, path)
    rows = sheet_values(path)["Libur"]
    assert rows == [("Tanggal", "Keterangan"), (dt.datetime(2026, 12, 7), "Hari jadi Kota Contoh")]


def test_absence_types_use_the_contract_words(tmp_path: Path) -> None:
    city = generate_city(staff=30)
    nip = city.employees[0].nip
    day = city.policy.start
    absences = tuple(Absence(nip, day, day, kind) for kind in AbsenceType)
    path = tmp_path / "absen.xlsx"
    write_input_workbook(dataclasses.replace(city, absences=absences), path)
    kinds = [row[3] for row in sheet_values(path)["Ketidakhadiran"][1:]]
    assert kinds == ["Cuti", "Sakit", "Dinas Luar", "Isolasi", "Karantina"]


def test_writes_replace_the_file_atomically(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "template.xlsx"
    path.write_bytes(b"old contents")
    write_template(path)
    assert sheet_values(path)["Pegawai"][0][0] == "NIP"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["template.xlsx"]
    before = path.read_bytes()

    def broken_save(self: object, filename: object) -> None:
        Path(str(filename)).write_bytes(b"partial")
        raise OSError("disk full")

    monkeypatch.setattr(input_workbook.Workbook, "save", broken_save)
    with pytest.raises(OSError, match="disk full"):
        write_input_workbook(generate_city(staff=30), path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["template.xlsx"]
