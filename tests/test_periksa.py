"""``giliran periksa`` (alias ``check``): re-check a hand-edited roster, cell by cell.

A small office is solved and written; the written roster is then edited the way HR would (one
cell at a time, in Excel terms) and re-checked against its input. Every broken rule must come with
the exact cells that break it, and the exit code must say whether every rule holds (0), some do
not (4), or a file cannot be used (3).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner, Result

from models.domain import Closure, Employee, Policy, Problem, Representation, Unit
from optimizer.app import service
from optimizer.app.service import PlanOptions
from optimizer.cli import main
from optimizer.io.input_workbook import write_input_workbook

MONDAY = dt.date(2026, 11, 30)
TUESDAY, FRIDAY = MONDAY + dt.timedelta(days=1), MONDAY + dt.timedelta(days=4)
UNIT = "Dinas Arsip"


def _people() -> list[Employee]:
    return [
        Employee(f"198501012010011{i + 1:03d}", f"Pegawai {i}", UNIT, seksi=f"Seksi {1 + i // 4}")
        for i in range(8)
    ]


def _problem() -> Problem:
    """8 staff, cap 25% = 2 a day, two seksi of four: each day one of each on site; Friday the
    building is closed (TUTUP)."""
    return Problem(
        Policy(
            start=MONDAY,
            representation=Representation.SECTION,
            min_per_subunit=1,
            national_holidays=False,
        ),
        (Unit(UNIT, "Gedung Arsip"),),
        tuple(_people()),
        closures=(Closure("Gedung Arsip", FRIDAY, FRIDAY, "disinfeksi"),),
    )


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("periksa")
    source = folder / "input.xlsx"
    write_input_workbook(_problem(), source)
    out = folder / "jadwal.xlsx"
    outcome = service.plan(source, PlanOptions(output=out, time_limit_s=20))
    assert outcome.report.ok
    return source, out


class Sheet:
    """The written ``Jadwal`` sheet: NIP → Excel row, date → column letter."""

    def __init__(self, path: Path) -> None:
        self.book = openpyxl.load_workbook(path)
        self.ws = self.book["Jadwal"]
        header = next(r for r in self.ws.iter_rows() if any(c.value == "NIP" for c in r))
        self.header_row = header[0].row
        self.nip_col = next(c.column_letter for c in header if c.value == "NIP")
        self.columns: dict[dt.date, str] = {}
        for c in header:
            value = c.value
            if isinstance(value, dt.datetime):
                self.columns[value.date()] = c.column_letter
        self.rows: dict[str, int] = {}
        for r in range(self.header_row + 1, self.ws.max_row + 1):
            nip = self.ws[f"{self.nip_col}{r}"].value
            if not nip:
                break
            self.rows[str(nip)] = r

    def ref(self, nip: str, day: dt.date) -> str:
        return f"{self.columns[day]}{self.rows[nip]}"

    def code(self, nip: str, day: dt.date) -> str:
        return str(self.ws[self.ref(nip, day)].value)

    def put(self, nip: str, day: dt.date, code: str) -> None:
        self.ws[self.ref(nip, day)].value = code

    def save(self, path: Path) -> Path:
        self.book.save(path)
        return path


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def _with(seksi: int, code: str, sheet: Sheet, day: dt.date) -> list[str]:
    return [
        e.nip for e in _people() if e.seksi == f"Seksi {seksi}" and sheet.code(e.nip, day) == code
    ]


def test_an_untouched_roster_passes_with_exit_0(written: tuple[Path, Path]) -> None:
    source, roster = written
    sheet = Sheet(roster)
    assert [sheet.code(e.nip, FRIDAY) for e in _people()] == ["TUTUP"] * 8
    result = run("periksa", roster, "--input", source)
    assert result.exit_code == 0, result.output
    assert "Semua aturan terpenuhi / every rule is met." in result.output
    assert run("check", roster, "--input", source).exit_code == 0


def test_one_more_wfo_than_the_unit_cap_lists_every_wfo_cell_of_that_day(
    written: tuple[Path, Path], tmp_path: Path
) -> None:
    source, roster = written
    sheet = Sheet(roster)
    extra = _with(1, "WFH", sheet, MONDAY)[0]
    sheet.put(extra, MONDAY, "WFO")
    edited = sheet.save(tmp_path / "edited.xlsx")
    found = service.check_roster(edited, source)
    assert [(b.rule, b.scope, b.date) for b in found.broken] == [("unit_cap", UNIT, MONDAY)]
    on_site = _with(1, "WFO", sheet, MONDAY) + _with(2, "WFO", sheet, MONDAY)
    assert len(on_site) == 3
    (broken,) = found.broken
    assert sorted(c.ref for c in broken.cells) == sorted(sheet.ref(n, MONDAY) for n in on_site)
    assert {(c.nip, c.date, c.sheet) for c in broken.cells} == {
        (n, MONDAY, "Jadwal") for n in on_site
    }
    result = run("periksa", edited, "--input", source)
    assert result.exit_code == 4
    assert f"sel/cell {sheet.ref(extra, MONDAY)}, NIP {extra}" in result.output
    assert "kuota 2" in result.output


def test_the_only_wfo_of_a_seksi_changed_to_wfh_lists_the_seksi_cells(
    written: tuple[Path, Path], tmp_path: Path
) -> None:
    source, roster = written
    sheet = Sheet(roster)
    (only,) = _with(2, "WFO", sheet, TUESDAY)
    sheet.put(only, TUESDAY, "WFH")
    edited = sheet.save(tmp_path / "edited.xlsx")
    found = service.check_roster(edited, source)
    assert [(b.rule, b.scope, b.date) for b in found.broken] == [
        ("represent_seksi", f"{UNIT} / Seksi 2", TUESDAY)
    ]
    members = [e.nip for e in _people() if e.seksi == "Seksi 2"]
    assert [c.ref for c in found.broken[0].cells] == sorted(
        (sheet.ref(n, TUESDAY) for n in members), key=lambda r: (len(r), r)
    )
    assert run("check", edited, "--input", source).exit_code == 4


def test_closed_day_to_wfo_unknown_code_and_changed_nip_are_reported_not_guessed(
    written: tuple[Path, Path], tmp_path: Path
) -> None:
    source, roster = written
    sheet = Sheet(roster)
    people = _people()
    sheet.put(people[0].nip, FRIDAY, "WFO")  # TUTUP -> WFO
    sheet.put(people[1].nip, MONDAY, "MASUK")  # not a code
    changed_row = sheet.rows[people[2].nip]
    sheet.ws[f"{sheet.nip_col}{changed_row}"].value = "198501012010019999"
    edited = sheet.save(tmp_path / "edited.xlsx")
    found = service.check_roster(edited, source)
    got = {(b.rule, b.scope, b.date): [c.ref for c in b.cells] for b in found.broken}
    assert got[("availability", people[0].nip, FRIDAY)] == [sheet.ref(people[0].nip, FRIDAY)]
    assert got[("roster_shape", people[1].nip, None)] == [sheet.ref(people[1].nip, MONDAY)]
    assert got[("roster_shape", "198501012010019999", None)] == [f"{sheet.nip_col}{changed_row}"]
    assert got[("roster_shape", people[2].nip, None)] == []  # missing from the roster: named
    availability = next(b for b in found.broken if b.rule == "availability")
    assert "TUTUP" in availability.reason_id and "ditutup" in availability.reason_id
    result = run("periksa", edited, "--input", source)
    assert result.exit_code == 4
    assert "'MASUK'" in result.output


def test_a_date_outside_the_horizon_is_reported_at_its_header(
    written: tuple[Path, Path], tmp_path: Path
) -> None:
    source, roster = written
    sheet = Sheet(roster)
    column = sheet.columns[FRIDAY]
    sheet.ws[f"{column}{sheet.header_row}"].value = dt.datetime(2026, 12, 7)
    edited = sheet.save(tmp_path / "edited.xlsx")
    found = service.check_roster(edited, source)
    shape = next(b for b in found.broken if b.scope == "Jadwal")
    assert [c.ref for c in shape.cells] == [f"{column}{sheet.header_row}"]
    assert "2026-12-07" in shape.reason_id


def test_a_file_that_is_not_a_roster_exits_3(written: tuple[Path, Path]) -> None:
    source, _ = written
    result = run("periksa", source, "--input", source)
    assert result.exit_code == 3
    assert "Sheet 'Jadwal' tidak ada" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_name_that_differs_from_the_input_is_reported_at_its_cell(
    written: tuple[Path, Path], tmp_path: Path
) -> None:
    source, roster = written
    sheet = Sheet(roster)
    nip = _people()[3].nip
    name_col = next(c.column_letter for c in sheet.ws[sheet.header_row] if c.value == "Nama")
    sheet.ws[f"{name_col}{sheet.rows[nip]}"].value = "Orang Lain"
    edited = sheet.save(tmp_path / "edited.xlsx")
    found = service.check_roster(edited, source)
    assert [(b.rule, b.scope, [c.ref for c in b.cells]) for b in found.broken] == [
        ("roster_shape", nip, [f"{name_col}{sheet.rows[nip]}"])
    ]
    assert "'Orang Lain'" in found.broken[0].reason_id
    result = run("periksa", edited, "--input", source)
    assert result.exit_code == 4
    assert "Bentuk jadwal / Roster shape" in result.output
