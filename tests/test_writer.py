"""Round trip of the output workbook: write it, read it back with openpyxl, compare."""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from models.domain import Absence, AbsenceType, Cell, Employee, Policy, Problem, Roster, Unit
from models.solve import Result, SolveParams, SolveStatus
from optimizer.analysis.report import (
    COVERED,
    NOBODY_ELIGIBLE,
    STATUS_FULL,
    STATUS_HOLIDAY,
    STATUS_OK,
    CheckReport,
    Coverage,
    DayCount,
    FairnessRow,
    Violation,
)
from optimizer.app.runtime import solve
from optimizer.io import writer
from optimizer.io.writer import (
    JADWAL_FIXED_COLUMNS,
    JADWAL_HEADER_ROW,
    JADWAL_TOTAL_COLUMN,
    NO_VIOLATION_TEXT,
    SHEET_NAMES,
    RunInfo,
    slugify,
    unique_slugs,
    write_roster,
    write_unit_rosters,
)

MONDAY = dt.date(2026, 11, 30)
HOLIDAY = MONDAY + dt.timedelta(days=2)  # Wednesday
INJECTED = '=HYPERLINK("http://x","y")'
PHONE_LIKE = "+62811"

DINKES = "Dinas Kesehatan"
BAPPEDA = "Badan Perencanaan Pembangunan Daerah"


def _employees() -> tuple[Employee, ...]:
    dinkes = [
        Employee("199001012015011001", "Ani", DINKES, "Bidang P2P", "Seksi Surveilans"),
        Employee("199001012015011002", INJECTED, DINKES, "Bidang P2P", "Seksi Surveilans"),
        Employee(PHONE_LIKE, "Budi", DINKES, "Bidang P2P", "Seksi Imunisasi"),
        Employee("199001012015011004", "Citra", DINKES, "Sekretariat", "", vulnerable=True),
    ]
    bappeda = [
        Employee(f"19850202201001200{i}", f"Pegawai {i}", BAPPEDA, "Bidang Ekonomi")
        for i in range(4)
    ]
    return (*dinkes, *bappeda)


@pytest.fixture(scope="module")
def problem() -> Problem:
    return Problem(
        policy=Policy(start=MONDAY),
        units=(Unit(DINKES, "Gedung A"), Unit(BAPPEDA, "Gedung B")),
        employees=_employees(),
        absences=(Absence("199001012015011001", MONDAY, MONDAY, AbsenceType.SICK),),
        holidays=((HOLIDAY, "Hari Libur Uji"), (MONDAY - dt.timedelta(days=3), "Di luar")),
        name="Pemerintah Kota Contoh",
    )


@pytest.fixture(scope="module")
def result(problem: Problem) -> Result:
    res = solve(problem, SolveParams(time_limit_s=20))
    assert res.status is SolveStatus.OPTIMAL
    assert res.roster is not None
    return res


def _violations() -> list[Violation]:
    return [
        Violation(
            "represent_seksi",
            False,
            f"{DINKES} / Bidang P2P / Seksi Imunisasi",
            MONDAY,
            ">= 1",
            "0",
            "Seksi tidak terwakili",
            "Section not represented",
        ),
        Violation(
            "availability",
            True,
            PHONE_LIKE,
            HOLIDAY,
            "LIBUR",
            "WFO",
            "=1+1",
            "Works on a holiday",
        ),
        Violation("unit_cap", True, BAPPEDA, MONDAY, "<= 1", "2", "Melebihi kuota", "Over cap"),
    ]


def _report(problem: Problem, roster: Roster) -> CheckReport:
    counts = []
    for unit in problem.units:
        staff = [e for e in problem.employees if e.unit == unit.name]
        for i, day in enumerate(roster.dates):
            on = sum(roster.cells[e.nip][i] is Cell.WFO for e in staff)
            status = STATUS_HOLIDAY if day == HOLIDAY else (STATUS_FULL if on else STATUS_OK)
            counts.append(
                DayCount("Unit", unit.name, day, len(staff), len(staff), on, 1, None, status)
            )
    counts.append(DayCount("Gedung", "Gedung A", MONDAY, 4, 3, 1, 2, None, STATUS_OK))
    coverage = [
        Coverage(DINKES, "Bidang P2P", "Seksi Surveilans", MONDAY, 2, 1, 1, 1, COVERED),
        Coverage(DINKES, "Sekretariat", "", MONDAY, 1, 0, 0, 0, NOBODY_ELIGIBLE),
        Coverage(BAPPEDA, "Bidang Ekonomi", "", MONDAY, 4, 4, 1, 1, COVERED),
    ]
    fairness = [
        FairnessRow(DINKES, 4, 2, 1, 2, exceptions=(PHONE_LIKE,)),
        FairnessRow(BAPPEDA, 4, 4, 1, 1),
    ]
    return CheckReport(_violations(), counts, coverage, fairness)


@pytest.fixture(scope="module")
def report(problem: Problem, result: Result) -> CheckReport:
    assert result.roster is not None
    return _report(problem, result.roster)


@pytest.fixture(scope="module")
def info() -> RunInfo:
    return RunInfo(
        input_name="kota.xlsx",
        input_sha256="ab" * 32,
        seed=7,
        time_limit_s=20.0,
        workers=1,
        started_at=dt.datetime(2026, 11, 29, 8, 30),
        version="9.9.9",
        place="Balikpapan",
    )


@pytest.fixture(scope="module")
def written(
    tmp_path_factory: pytest.TempPathFactory,
    problem: Problem,
    result: Result,
    report: CheckReport,
    info: RunInfo,
) -> Path:
    path = tmp_path_factory.mktemp("out") / "jadwal.xlsx"
    write_roster(path, problem, result, report, info)
    return path


@pytest.fixture(scope="module")
def book(written: Path) -> Any:
    return openpyxl.load_workbook(written)


def _rows(ws: Worksheet, first: int = 1) -> list[list[Any]]:
    return [list(r) for r in ws.iter_rows(min_row=first, values_only=True)]


def _as_date(value: Any) -> dt.date:
    assert isinstance(value, dt.datetime), value
    return value.date()


def _table_rows(ws: Worksheet) -> list[tuple[Any, ...]]:
    """Jadwal rows under the header, up to the first row without a NIP."""
    out = []
    for row in ws.iter_rows(min_row=JADWAL_HEADER_ROW + 1):
        if row[0].value is None:
            break
        out.append(row)
    return out


# -- Jadwal -------------------------------------------------------------------------------------


def test_sheet_names_in_order(book: Any) -> None:
    assert tuple(book.sheetnames) == SHEET_NAMES
    assert SHEET_NAMES == ("Jadwal", "Rekap Harian", "Cakupan", "Pelanggaran", "Ringkasan")


def test_jadwal_header_has_fixed_columns_dates_and_total(book: Any, result: Result) -> None:
    assert result.roster is not None
    ws = book["Jadwal"]
    header = [c.value for c in ws[JADWAL_HEADER_ROW]]
    n = len(JADWAL_FIXED_COLUMNS)
    assert header[:n] == ["NIP", "Nama", "Unit Kerja", "Bidang", "Seksi"]
    assert [_as_date(v) for v in header[n:-1]] == list(result.roster.dates)
    assert header[-1] == JADWAL_TOTAL_COLUMN == "Jumlah WFO"
    assert ws["A1"].value == "Jadwal WFO/WFH — Pemerintah Kota Contoh"


def test_jadwal_has_every_employee_once_with_the_roster_cells(
    book: Any, problem: Problem, result: Result
) -> None:
    roster = result.roster
    assert roster is not None
    rows = _table_rows(book["Jadwal"])
    assert [r[0].value for r in rows] == [e.nip for e in problem.employees]
    n = len(JADWAL_FIXED_COLUMNS)
    for row, emp in zip(rows, problem.employees, strict=True):
        assert row[0].data_type == "s"
        expected = [emp.name, emp.unit, emp.bidang or None, emp.seksi or None]
        assert [c.value for c in row[1:n]] == expected
        assert [c.value for c in row[n:-1]] == [c.value for c in roster.cells[emp.nip]]
        assert row[-1].value == roster.office_days(emp.nip)
    holiday_col = n + roster.dates.index(HOLIDAY)
    assert {r[holiday_col].value for r in rows} == {"LIBUR"}
    assert rows[0][n].value == "SAKIT"  # the absence on Monday


def test_jadwal_cells_are_coloured_per_status_and_sheet_is_set_up(book: Any) -> None:
    ws = book["Jadwal"]
    rows = _table_rows(ws)
    n = len(JADWAL_FIXED_COLUMNS)
    fills: dict[str, set[str]] = {}
    for row in rows:
        for c in row[n:-1]:
            fills.setdefault(c.value, set()).add(c.fill.fgColor.rgb)
    assert all(len(colours) == 1 for colours in fills.values())
    assert fills["WFO"] != fills["WFH"] != fills["LIBUR"]
    assert fills["WFO"] == {"00C6EFCE"}
    legend = [c.value for row in ws.iter_rows(min_row=3, max_row=4) for c in row if c.value]
    assert (
        sum(
            str(v).startswith(("WFO", "WFH", "CUTI", "SAKIT", "DL", "ISOLASI", "LIBUR"))
            for v in legend
        )
        == 7
    )
    assert ws.freeze_panes == f"F{JADWAL_HEADER_ROW + 1}"
    last_row = JADWAL_HEADER_ROW + len(rows)
    assert ws.auto_filter.ref == f"A{JADWAL_HEADER_ROW}:K{last_row}"
    assert ws.page_setup.orientation == "landscape"
    assert ws.column_dimensions["B"].width >= 20


# -- Rekap Harian, Cakupan, Pelanggaran ---------------------------------------------------------


def test_rekap_harian_rows_and_chart(book: Any, written: Path, report: CheckReport) -> None:
    ws = book["Rekap Harian"]
    rows = _rows(ws)
    assert rows[0][:9] == [
        "Jenis",
        "Nama",
        "Tanggal",
        "Pegawai",
        "Tersedia",
        "Hadir (WFO)",
        "Kuota",
        "Minimum",
        "Status",
    ]
    body = [r[:9] for r in rows[1 : 1 + len(report.day_counts)]]
    expected = [
        [d.kind, d.name, d.date, d.staff, d.available, d.on_site, d.cap, d.minimum, d.status]
        for d in report.day_counts
    ]
    assert [[*r[:2], _as_date(r[2]), *r[3:]] for r in body] == expected
    # chart data: organisation on-site total and cap per date, next to the table
    totals = [r[10:13] for r in rows[1:6]]
    monday = [d for d in report.day_counts if d.kind == "Unit" and d.date == MONDAY]
    assert totals[0] == ["Sen 30/11", sum(d.on_site for d in monday), 2]
    assert totals[2][2] == 0  # the holiday has no cap
    with zipfile.ZipFile(written) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        assert len(charts) == 1
        xml = z.read(charts[0]).decode()
    assert re.search(r"<(c:)?barChart>", xml) and re.search(r"<(c:)?lineChart>", xml)
    assert "'Rekap Harian'!$L$2:$L$6" in xml


def test_cakupan_rows(book: Any, report: CheckReport) -> None:
    rows = _rows(book["Cakupan"])
    assert rows[0] == [
        "Unit Kerja",
        "Bidang",
        "Seksi",
        "Tanggal",
        "Anggota",
        "Bisa Hadir",
        "Wajib Hadir",
        "Hadir",
        "Status",
    ]
    got = [[*r[:3], _as_date(r[3]), *r[4:]] for r in rows[1:]]
    assert got == [
        [c.unit, c.bidang or None, c.seksi or None, c.date, c.members, c.eligible, c.required,
         c.present, c.status]
        for c in report.coverage
    ]  # fmt: skip


def test_pelanggaran_rows(book: Any) -> None:
    rows = _rows(book["Pelanggaran"])
    assert rows[0] == [
        "Aturan",
        "Sifat",
        "Tingkat",
        "Lingkup",
        "Tanggal",
        "Syarat",
        "Aktual",
        "Alasan",
        "Reason",
    ]
    assert len(rows) == 1 + len(_violations())
    first, second, _ = rows[1:]
    assert first[0] == "Keterwakilan seksi / Section representation"
    assert "may bend" in first[1] and "hard" in second[1]
    assert first[2] == 4 and second[2] == "-"  # tier of a rule that may bend; hard rules: none
    assert first[3] == f"{DINKES} / Bidang P2P / Seksi Imunisasi"
    assert _as_date(first[4]) == MONDAY
    assert first[5:] == [">= 1", "0", "Seksi tidak terwakili", "Section not represented"]
    assert second[7] == "=1+1"  # a reason that looks like a formula stays text


def test_pelanggaran_says_so_when_nothing_is_broken(
    tmp_path: Path, problem: Problem, result: Result, report: CheckReport, info: RunInfo
) -> None:
    clean = CheckReport([], report.day_counts, report.coverage, report.fairness)
    path = tmp_path / "ok.xlsx"
    write_roster(path, problem, result, clean, info)
    rows = _rows(openpyxl.load_workbook(path)["Pelanggaran"])
    assert rows[0][0] == "Aturan"
    assert rows[1][0] == NO_VIOLATION_TEXT
    assert len(rows) == 2


# -- Ringkasan ----------------------------------------------------------------------------------


def _pairs(ws: Worksheet) -> dict[str, Any]:
    return {r[0]: r[1] for r in ws.iter_rows(values_only=True) if r and r[0] is not None}


def test_ringkasan_has_status_sizes_parameters_input_and_holidays(
    book: Any, problem: Problem, result: Result
) -> None:
    pairs = _pairs(book["Ringkasan"])
    assert pairs["Status solver / solver status"].startswith("OPTIMAL")
    assert pairs["Pegawai / employees"] == len(problem.employees)
    assert pairs["Unit kerja / units"] == 2
    assert pairs["Gedung / buildings"] == 2
    assert pairs["Hari kerja / working days"] == 4
    assert pairs["Variabel / variables"] == result.num_variables
    assert pairs["Seed"] == 7
    assert pairs["Kuota WFO (%) / office cap (%)"] == 25
    assert pairs["Representasi / representation"] == "Seksi"
    assert pairs["Nama berkas / file name"] == "kota.xlsx"
    assert pairs["SHA-256"] == "ab" * 32
    assert pairs[f"{HOLIDAY.isoformat()} (Rab)"] == "Hari Libur Uji"
    assert not any(str(k).startswith("2026-11-27") for k in pairs)  # outside the horizon
    tier_keys = [k for k in pairs if str(k).startswith("Tingkat ")]
    assert len(tier_keys) == 6
    assert sum(pairs[k] for k in tier_keys) == sum(result.tier_values.values())


def test_ringkasan_lists_fairness_and_staff_who_come_more_often(book: Any) -> None:
    rows = _rows(book["Ringkasan"])
    units = [r for r in rows if r[0] == DINKES]
    assert units and units[0][1:7] == [4, 2, 1, 2, 1, 1]
    exception = [r for r in rows if r[0] == PHONE_LIKE]
    assert len(exception) == 1
    assert exception[0][1:5] == ["Budi", DINKES, "Bidang P2P", "Seksi Imunisasi"]


# -- Safety: formula injection, atomic writes ---------------------------------------------------


def test_input_text_never_becomes_a_formula(book: Any, written: Path) -> None:
    ws = book["Jadwal"]
    rows = _table_rows(ws)
    by_nip = {r[0].value: r for r in rows}
    injected = by_nip["199001012015011002"][1]
    assert injected.value == INJECTED and injected.data_type == "s"
    phone = by_nip[PHONE_LIKE][0]
    assert phone.value == PHONE_LIKE and phone.data_type == "s"
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            assert all(c.data_type != "f" for c in row), sheet.title
    with zipfile.ZipFile(written) as z:
        assert all(b"<f>" not in z.read(n) for n in z.namelist() if n.startswith("xl/worksheets"))


def test_text_cell_drops_characters_xml_cannot_hold(tmp_path: Path) -> None:
    book = openpyxl.Workbook(write_only=True)
    ws = book.create_sheet("x")
    cell = writer.text_cell(ws, "A\x01B\x1fC")
    assert cell.value == "ABC" and cell.data_type == "s"
    assert writer.text_cell(ws, "=1+2").data_type == "s"


def _write_then_fail(
    monkeypatch: pytest.MonkeyPatch, path: Path, problem: Problem, result: Result,
    report: CheckReport, info: RunInfo,
) -> None:  # fmt: skip
    real_save = ExcelWriter.save

    def broken_save(self: ExcelWriter) -> None:
        real_save(self)
        filename = self._archive.filename
        with open(filename, "r+b") as fh:  # half the file is there when the disk fills up
            fh.truncate(100)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(ExcelWriter, "save", broken_save)
    with pytest.raises(OSError, match="No space left"):
        write_roster(path, problem, result, report, info)


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    problem: Problem,
    result: Result,
    report: CheckReport,
    info: RunInfo,
) -> None:
    path = tmp_path / "jadwal.xlsx"
    write_roster(path, problem, result, report, info)
    before = path.read_bytes()
    _write_then_fail(monkeypatch, path, problem, result, report, info)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["jadwal.xlsx"]
    openpyxl.load_workbook(path)  # still a valid workbook


def test_a_failure_while_building_sheets_writes_nothing(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    problem: Problem,
    result: Result,
    report: CheckReport,
    info: RunInfo,
) -> None:
    def boom(*_: object) -> None:
        raise RuntimeError("bug in a sheet")

    monkeypatch.setattr(writer, "_write_cakupan", boom)
    path = tmp_path / "new.xlsx"
    with pytest.raises(RuntimeError, match="bug in a sheet"):
        write_roster(path, problem, result, report, info)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_written_file_gets_ordinary_permissions(written: Path) -> None:
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(written.stat().st_mode) == 0o666 & ~umask


def test_writing_without_a_roster_is_refused(
    tmp_path: Path, problem: Problem, result: Result, report: CheckReport, info: RunInfo
) -> None:
    empty = Result(SolveStatus.NO_SOLUTION, None, [], 1.0, result.params)
    with pytest.raises(ValueError, match="no roster"):
        write_roster(tmp_path / "x.xlsx", problem, empty, report, info)
    assert list(tmp_path.iterdir()) == []


# -- Per-unit workbooks -------------------------------------------------------------------------


def test_per_unit_workbooks_hold_only_their_unit_and_a_signature_block(
    tmp_path: Path, problem: Problem, result: Result, report: CheckReport, info: RunInfo
) -> None:
    paths = write_unit_rosters(tmp_path, "jadwal", problem, result, report, info)
    assert [p.name for p in paths] == [
        "jadwal-dinas-kesehatan.xlsx",
        "jadwal-badan-perencanaan-pembangunan-daerah.xlsx",
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in paths)
    for path, unit in zip(paths, (DINKES, BAPPEDA), strict=True):
        wb = openpyxl.load_workbook(path)
        assert tuple(wb.sheetnames) == SHEET_NAMES
        ws = wb["Jadwal"]
        rows = _table_rows(ws)
        assert [r[0].value for r in rows] == [e.nip for e in problem.employees if e.unit == unit]
        assert unit in ws["A1"].value
        below = [
            c.value
            for row in ws.iter_rows(min_row=JADWAL_HEADER_ROW + len(rows) + 1)
            for c in row
            if c.value is not None
        ]
        assert below == ["Balikpapan, 29 November 2026", f"Kepala {unit},",
                         "(……………………………………………)", "NIP. ……………………………"]  # fmt: skip
        rekap = _rows(wb["Rekap Harian"])[1:]
        assert {r[1] for r in rekap if r[1] is not None} == {unit}
        assert {r[0] for r in _rows(wb["Cakupan"])[1:]} == {unit}
        scopes = [r[3] for r in _rows(wb["Pelanggaran"])[1:]]
        if unit == DINKES:
            assert scopes == [f"{DINKES} / Bidang P2P / Seksi Imunisasi", PHONE_LIKE]
        else:
            assert scopes == [BAPPEDA]
        assert _pairs(wb["Ringkasan"])["Pegawai / employees"] == len(rows)


def test_unit_without_staff_gets_no_file(
    tmp_path: Path, problem: Problem, result: Result, report: CheckReport, info: RunInfo
) -> None:
    bigger = Problem(
        policy=problem.policy,
        units=(*problem.units, Unit("Kantor Kosong", "Gedung C")),
        employees=problem.employees,
        holidays=problem.holidays,
    )
    paths = write_unit_rosters(tmp_path, "j", bigger, result, report, info)
    assert [p.name for p in paths] == [
        "j-dinas-kesehatan.xlsx",
        "j-badan-perencanaan-pembangunan-daerah.xlsx",
    ]


def test_signature_place_is_dotted_when_unknown(
    tmp_path: Path, problem: Problem, result: Result, report: CheckReport, info: RunInfo
) -> None:
    anonymous = RunInfo(**{**info.__dict__, "place": ""})
    path = write_unit_rosters(tmp_path, "j", problem, result, report, anonymous)[0]
    values = [c.value for row in openpyxl.load_workbook(path)["Jadwal"].iter_rows() for c in row]
    assert f"{writer.SIGNATURE_PLACE_BLANK}, 29 November 2026" in values


def test_slugs_are_safe_and_unique() -> None:
    assert slugify("Dinas Pekerjaan Umum & Penataan Ruang") == "dinas-pekerjaan-umum-penataan-ruang"
    assert slugify("Kecamatan Balikpapan Kota/../x") == "kecamatan-balikpapan-kota-x"
    assert slugify("Ümlaut Éé") == "umlaut-ee"
    assert slugify("///") == "unit"
    assert unique_slugs(["A B", "a-b", "A  B", "c"]) == ["a-b", "a-b-2", "a-b-3", "c"]
