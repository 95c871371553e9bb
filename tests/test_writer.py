"""Round trip of the output workbook: write it, read it back with openpyxl, compare."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import stat
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import xlsxwriter
from openpyxl.worksheet.worksheet import Worksheet

from models.domain import (
    Absence,
    AbsenceType,
    Cell,
    Closure,
    Employee,
    Policy,
    Problem,
    Roster,
    Unit,
)
from models.solve import Result, SolveParams, SolveStatus
from optimizer.analysis.explain import Explanation, Finding, Suggestion
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
    zero_office_days,
)
from optimizer.app.runtime import solve
from optimizer.io import writer
from optimizer.io.roster_reader import read_roster
from optimizer.io.titles import default_title
from optimizer.io.writer import (
    CAKUPAN_HEADER_ROW,
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
        Employee(
            "199001012015011001",
            "Ani",
            DINKES,
            "Bidang P2P",
            "Seksi Surveilans",
            position="Kepala Dinas",
            leader=True,
        ),
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
        if row[1].value is None:
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
    assert header[:n] == [
        "No.", "NIP", "Nama", "Jabatan", "Pimpinan", "Unit Kerja", "Bidang", "Seksi"
    ]  # fmt: skip
    assert [_as_date(v) for v in header[n:-1]] == list(result.roster.dates)
    assert header[-1] == JADWAL_TOTAL_COLUMN == "Jumlah WFO"
    assert ws["A1"].value == "Jadwal WFO/WFH / WFO/WFH roster — Pemerintah Kota Contoh"


def test_jadwal_has_every_employee_once_with_the_roster_cells(
    book: Any, problem: Problem, result: Result
) -> None:
    roster = result.roster
    assert roster is not None
    rows = _table_rows(book["Jadwal"])
    assert [r[1].value for r in rows] == [e.nip for e in problem.employees]
    assert [r[0].value for r in rows] == list(range(1, len(problem.employees) + 1))
    n = len(JADWAL_FIXED_COLUMNS)
    for row, emp in zip(rows, problem.employees, strict=True):
        assert row[1].data_type == "s"
        expected = [emp.name, emp.position or None, "★" if emp.leader else None, emp.unit,
                    emp.bidang or None, emp.seksi or None]  # fmt: skip
        assert [c.value for c in row[2:n]] == expected
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
    assert fills["WFO"] == {"FFC6EFCE"}
    legend = [c.value for row in ws.iter_rows(min_row=3, max_row=4) for c in row if c.value]
    codes = ("WFO:", "WFH:", "CUTI:", "SAKIT:", "DL:", "ISOLASI:", "KARANTINA:", "LIBUR:", "TUTUP:")
    assert sorted(str(v).split()[0] for v in legend if str(v).startswith(codes)) == sorted(codes)
    assert ws.freeze_panes == f"I{JADWAL_HEADER_ROW + 1}"
    last_row = JADWAL_HEADER_ROW + len(rows)
    assert ws.auto_filter.ref == f"A{JADWAL_HEADER_ROW}:N{last_row}"
    assert ws.page_setup.orientation == "landscape"
    assert ws.column_dimensions["C"].width >= 20


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
    # chart data next to the table: the organisation's on-site total and cap per date, then
    # the same per unit (one chart each)
    assert rows[0][10:14] == ["Unit", "Hari / Day", "Hadir (WFO)", "Kuota / cap"]
    totals = [r[10:14] for r in rows[1:6]]
    monday = [d for d in report.day_counts if d.kind == "Unit" and d.date == MONDAY]
    assert totals[0] == ["Seluruh unit / all units", "Sen 30/11", sum(d.on_site for d in monday), 2]
    assert totals[2][3] == 0  # the holiday has no cap
    assert [r[10] for r in rows[6:16]] == [DINKES] * 5 + [BAPPEDA] * 5
    with zipfile.ZipFile(written) as z:
        charts = sorted(n for n in z.namelist() if n.startswith("xl/charts/chart"))
        assert len(charts) == 3  # the organisation and each of its two units
        xmls = [z.read(n).decode() for n in charts]
    for xml in xmls:
        assert re.search(r"<(c:)?barChart>", xml) and re.search(r"<(c:)?lineChart>", xml)
        assert '<c:smooth val="1"/>' not in xml  # a straight cap line: no overshoot
    assert any("'Rekap Harian'!$M$2:$M$6" in xml for xml in xmls)
    assert any("'Rekap Harian'!$N$7:$N$11" in xml for xml in xmls)


def test_cakupan_is_a_subunit_by_date_grid(book: Any, result: Result) -> None:
    assert result.roster is not None
    rows = _rows(book["Cakupan"], CAKUPAN_HEADER_ROW)
    header = rows[0]
    assert header[:4] == ["Unit Kerja", "Bidang", "Seksi", "Anggota"]
    assert [_as_date(v) for v in header[4:-1]] == list(result.roster.dates)
    assert header[-1] == "Hari tidak terwakili / days not covered"
    # one row per subunit; the report's rows are all on Monday (other dates stay empty)
    assert [r[:5] for r in rows[1:]] == [
        [DINKES, "Bidang P2P", "Seksi Surveilans", 2, "1/1"],
        [DINKES, "Sekretariat", None, 1, "–"],
        [BAPPEDA, "Bidang Ekonomi", None, 4, "1/1"],
    ]
    assert [r[-1] for r in rows[1:]] == [0, 0, 0]
    cells = book["Cakupan"][CAKUPAN_HEADER_ROW + 1]
    assert cells[4].fill.fgColor.rgb == "FFC6EFCE"  # covered: green


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
    assert first[2] == 5 and second[2] == "-"  # tier of a rule that may bend; hard rules: none
    assert first[3] == f"{DINKES} / Bidang P2P / Seksi Imunisasi"
    assert second[3] == f"Budi ({PHONE_LIKE})"  # people are named, not only their NIP
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
    assert len(tier_keys) == 8
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
    by_nip = {r[1].value: r for r in rows}
    injected = by_nip["199001012015011002"][2]
    assert injected.value == INJECTED and injected.data_type == "s"
    phone = by_nip[PHONE_LIKE][1]
    assert phone.value == PHONE_LIKE and phone.data_type == "s"
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            assert all(c.data_type != "f" for c in row), sheet.title
    with zipfile.ZipFile(written) as z:
        assert all(b"<f>" not in z.read(n) for n in z.namelist() if n.startswith("xl/worksheets"))


RAW_XML = "<r><t>x</t></r>"  # what XlsxWriter would copy into the XML unescaped


def test_text_shaped_like_raw_xml_is_written_as_that_text(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    writer.write_table(path, "T", ["Nama"], [[RAW_XML], ["<r>"]])
    ws = openpyxl.load_workbook(path)["T"]
    assert [ws.cell(2, 1).value, ws.cell(3, 1).value] == [RAW_XML, "<r>"]
    with zipfile.ZipFile(path) as z:
        assert b"<r><t>x</t></r>" not in z.read("xl/worksheets/sheet1.xml")


def test_plain_text_drops_characters_xml_cannot_hold() -> None:
    assert writer.plain_text("A\x01B\x1fC\tD") == "ABC\tD"
    assert writer.plain_text("x" * 40_000) == "x" * 32_767


def test_workbook_never_turns_strings_into_formulas_numbers_or_links(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    writer.write_table(path, "T", ["a", "b", "c"], [["=1+2", "0123", "http://x.example"]])
    ws = openpyxl.load_workbook(path)["T"]
    cells = next(iter(ws.iter_rows(min_row=2)))
    assert [(c.value, c.data_type) for c in cells] == [
        ("=1+2", "s"), ("0123", "s"), ("http://x.example", "s")
    ]  # fmt: skip
    assert ws.cell(2, 3).hyperlink is None
    book = writer._new_workbook(tmp_path / "o.xlsx")  # the options every roster is written with
    assert (book.strings_to_formulas, book.strings_to_numbers, book.strings_to_urls) == (
        False, False, False
    )  # fmt: skip
    assert book.constant_memory is True
    book.close()


def _write_then_fail(
    monkeypatch: pytest.MonkeyPatch, path: Path, problem: Problem, result: Result,
    report: CheckReport, info: RunInfo,
) -> None:  # fmt: skip
    real_close = xlsxwriter.Workbook.close

    def broken_close(self: xlsxwriter.Workbook) -> None:
        real_close(self)
        with open(self.filename, "r+b") as fh:  # half the file is there when the disk fills up
            fh.truncate(100)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(xlsxwriter.Workbook, "close", broken_close)
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
        assert [r[1].value for r in rows] == [e.nip for e in problem.employees if e.unit == unit]
        assert unit in ws["A1"].value
        below = [
            c.value
            for row in ws.iter_rows(min_row=JADWAL_HEADER_ROW + len(rows) + 1)
            for c in row
            if isinstance(c.value, str)
        ]
        # daily total and cap rows, then the signature block: no decree date in the policy,
        # so the date is left to be filled in by hand (never the day the file was made)
        assert below == [
            "Jumlah WFO per hari / on site per day", "Kuota unit / unit cap",
            "Balikpapan, …………………………", f"Kepala {unit},",
            "(……………………………………………)", "NIP. ……………………………",
        ]  # fmt: skip
        rekap = _rows(wb["Rekap Harian"])[1:]
        assert {r[1] for r in rekap if r[1] is not None} == {unit}
        assert {r[0] for r in _rows(wb["Cakupan"], CAKUPAN_HEADER_ROW + 1)} == {unit}
        scopes = [r[3] for r in _rows(wb["Pelanggaran"])[1:]]
        if unit == DINKES:
            assert scopes == [f"{DINKES} / Bidang P2P / Seksi Imunisasi", f"Budi ({PHONE_LIKE})"]
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
    assert f"{writer.SIGNATURE_PLACE_BLANK}, {writer.SIGNATURE_DATE_BLANK}" in values


def test_slugs_are_safe_and_unique() -> None:
    assert slugify("Dinas Pekerjaan Umum & Penataan Ruang") == "dinas-pekerjaan-umum-penataan-ruang"
    assert slugify("Kecamatan Balikpapan Kota/../x") == "kecamatan-balikpapan-kota-x"
    assert slugify("Ümlaut Éé") == "umlaut-ee"
    assert slugify("///") == "unit"
    assert unique_slugs(["A B", "a-b", "A  B", "c"]) == ["a-b", "a-b-2", "a-b-3", "c"]


# -- Issue 12: the roster a head of office signs ------------------------------------------------

TITLES = [
    ("Kecamatan Balikpapan Kota", "Camat Balikpapan Kota"),
    ("kecamatan  Balikpapan Utara", "Camat Balikpapan Utara"),
    ("Kelurahan Klandasan Ilir", "Lurah Klandasan Ilir"),
    ("Sekretariat Daerah", "Sekretaris Daerah"),
    ("Sekretariat Daerah Kota Balikpapan", "Sekretaris Daerah Kota Balikpapan"),
    ("Sekretariat DPRD", "Sekretaris DPRD"),
    ("Inspektorat", "Inspektur"),
    ("Inspektorat Daerah", "Inspektur Daerah"),
    ("Dinas Kesehatan", "Kepala Dinas Kesehatan"),
    ("Badan Kepegawaian dan Pengembangan SDM", "Kepala Badan Kepegawaian dan Pengembangan SDM"),
    ("RSUD Kanujoso Djatiwibowo", "Direktur RSUD Kanujoso Djatiwibowo"),
    ("Rumah Sakit Umum Daerah Beriman", "Direktur Rumah Sakit Umum Daerah Beriman"),
    ("Satuan Polisi Pamong Praja", "Kepala Satuan Polisi Pamong Praja"),
    ("Satpol PP", "Kepala Satuan Polisi Pamong Praja"),
    ("Kantor Kesatuan Bangsa", "Kepala Kantor Kesatuan Bangsa"),
    ("Puskesmas Sepinggan", "Kepala Puskesmas Sepinggan"),
]


@pytest.mark.parametrize(("unit", "title"), TITLES)
def test_default_signatory_title(unit: str, title: str) -> None:
    assert default_title(unit) == title
    assert not default_title(unit).startswith(("Kepala Kecamatan", "Kepala Sekretariat"))


def test_signature_block_uses_the_unit_signatory_place_and_decree_date() -> None:
    unit = Unit(
        "Kecamatan Balikpapan Kota", "Kantor Camat", signatory_name="Drs. H. Abdul Rahman",
        signatory_nip="197001011990031001", place="Balikpapan",
    )  # fmt: skip
    dated = Problem(Policy(MONDAY, decree_date=dt.date(2026, 11, 27)), (unit,), ())
    assert writer.signature_lines(unit, dated, "Samarinda") == [
        "Balikpapan, 27 November 2026", "Camat Balikpapan Kota,", "", "", "",
        "Drs. H. Abdul Rahman", "NIP. 197001011990031001",
    ]  # fmt: skip
    titled = Unit("Dinas Kesehatan", "G", signatory_title="Plt. Kepala Dinas Kesehatan")
    undated = Problem(Policy(MONDAY), (titled,), ())
    assert writer.signature_lines(titled, undated, "Samarinda") == [
        "Samarinda, …………………………", "Plt. Kepala Dinas Kesehatan,", "", "", "",
        "(……………………………………………)", "NIP. ……………………………",
    ]  # fmt: skip


def test_whole_workbook_signs_for_every_unit(book: Any) -> None:
    values = [c.value for row in book["Jadwal"].iter_rows() for c in row]
    assert values.count("Balikpapan, …………………………") == 2
    assert "Kepala Dinas Kesehatan," in values
    assert f"Kepala {BAPPEDA}," in values


def test_jadwal_marks_leaders_names_holidays_and_totals_each_day(
    book: Any, problem: Problem, result: Result
) -> None:
    roster = result.roster
    assert roster is not None
    ws = book["Jadwal"]
    rows = _table_rows(ws)
    leaders = [r[1].value for r in rows if r[4].value == "★"]
    assert leaders == ["199001012015011001"]
    n = len(JADWAL_FIXED_COLUMNS)
    holiday_col = n + roster.dates.index(HOLIDAY)
    assert ws.cell(JADWAL_HEADER_ROW - 1, holiday_col + 1).value == "Hari Libur Uji"
    total = [c.value for c in ws[JADWAL_HEADER_ROW + len(rows) + 1]]
    assert total[2] == "Jumlah WFO per hari / on site per day"
    expected = [sum(roster.cells[e.nip][j] is Cell.WFO for e in problem.employees)
                for j in range(len(roster.dates))]  # fmt: skip
    assert total[n:-1] == expected
    assert total[-1] == sum(expected) == sum(roster.office_days(e.nip) for e in problem.employees)


def test_closed_building_days_are_written_as_tutup_and_read_back(
    tmp_path: Path, problem: Problem, result: Result, report: CheckReport, info: RunInfo
) -> None:
    roster = result.roster
    assert roster is not None
    closed_day = roster.dates.index(MONDAY + dt.timedelta(days=1))
    cells = {
        nip: tuple(Cell.CLOSED if j == closed_day and nip.startswith("1985") else c
                   for j, c in enumerate(row))
        for nip, row in roster.cells.items()
    }  # fmt: skip
    closed = dataclasses.replace(result, roster=Roster(roster.dates, cells))
    path = tmp_path / "tutup.xlsx"
    write_roster(path, problem, closed, report, info)
    ws = openpyxl.load_workbook(path)["Jadwal"]
    col = len(JADWAL_FIXED_COLUMNS) + closed_day
    tutup = [r[col] for r in _table_rows(ws) if str(r[1].value).startswith("1985")]
    assert [c.value for c in tutup] == ["TUTUP"] * 4
    assert {c.fill.fgColor.rgb for c in tutup} == {"FFFCE4D6"}
    assert read_roster(path) == Roster(roster.dates, cells)


def _zero_case() -> tuple[Problem, Roster]:
    """Seven staff without an office day for as many reasons (and one front-line colleague)."""
    emps = (
        Employee("A1", "Petugas", "Dinas A", always_on_site=True),
        Employee("A2", "Ayu", "Dinas A", position="Sekretaris", leader=True),
        Employee("A3", "Rentan", "Dinas A", vulnerable=True),
        Employee("A4", "Cuti", "Dinas A"),
        Employee("B1", "Bayu", "Kecamatan B"),
        Employee("C1", "Citra", "Dinas C"),
        Employee("D1", "Dodi", "Dinas D"),
        Employee("D2", "Dewi", "Dinas D"),
    )
    problem = Problem(
        policy=Policy(MONDAY),
        units=(Unit("Dinas A", "GA"), Unit("Kecamatan B", "GB"),
               Unit("Dinas C", "GC", cap_pct=Decimal(0)),
               Unit("Dinas D", "GD", cap_pct=Decimal(50))),
        employees=emps,
        absences=(Absence("A4", MONDAY, MONDAY + dt.timedelta(days=4), AbsenceType.LEAVE),),
        closures=(Closure("GB", MONDAY, MONDAY + dt.timedelta(days=4), "Disinfeksi"),),
    )  # fmt: skip
    dates = problem.dates
    wfh = (Cell.WFH,) * 5
    cells = {
        "A1": (Cell.WFO,) * 5, "A2": wfh, "A3": wfh, "A4": (Cell.LEAVE,) * 5,
        "B1": (Cell.CLOSED,) * 5, "C1": wfh, "D1": (Cell.WFO, *(Cell.WFH,) * 4), "D2": wfh,
    }  # fmt: skip
    return problem, Roster(dates, cells)


def test_zero_office_days_are_listed_with_the_reason() -> None:
    problem, roster = _zero_case()
    got = [(z.employee.nip, z.available_days, z.reason_id, z.reason_en)
           for z in zero_office_days(problem, roster)]  # fmt: skip
    assert got == [
        ("A2", 5, "kuota unit (1 orang) sudah terisi petugas Wajib WFO pada 5 hari tersedianya",
         "the unit cap (1 people) is filled by front-line staff on their 5 available days"),
        ("A4", 0, "cuti/sakit/dinas luar/isolasi pada semua hari kerja",
         "on leave, sick, travelling or isolating on every working day"),
        ("B1", 0, "gedung 'GB' tutup pada semua hari kerja",
         "building 'GB' is closed on every working day"),
        ("C1", 5, "kuota WFO unit 0 orang", "the unit's office cap is 0 people"),
        ("D2", 5, "tidak mendapat giliran walau kuota masih tersisa (5 hari tersedia)",
         "not given a turn although the cap left room (5 days available)"),
    ]  # fmt: skip


def test_ringkasan_opens_with_a_plain_summary_and_lists_zero_office_days(tmp_path: Path) -> None:
    problem, roster = _zero_case()
    result = Result(SolveStatus.OPTIMAL, roster, [], 0.5, SolveParams())
    info = RunInfo("z.xlsx", "00" * 32, 0, 10.0, 1, dt.datetime(2026, 11, 29), "9", language="id")
    path = tmp_path / "z.xlsx"
    write_roster(path, problem, result, CheckReport(), info)  # the writer alone, no checker
    rows = _rows(openpyxl.load_workbook(path)["Ringkasan"])
    assert rows[0][0] == "Ringkasan — Seluruh unit / all units"
    sentences = [r[0] for r in rows[1:8]]
    assert sentences[0] == "Periode: 30 November 2026 – 4 Desember 2026, 5 hari kerja."
    assert sentences[1] == "4 unit kerja (Dinas A, Kecamatan B, Dinas C, Dinas D), 8 pegawai."
    assert sentences[2] == "Semua aturan terpenuhi."
    assert sentences[3] == (
        "Paling jarang ke kantor: 0 hari — Ayu (A2), Cuti (A4), Bayu (B1) dan 2 lainnya. "
        "Paling sering: 5 hari — Petugas (A1)."
    )
    assert "Pegawai (tidak rentan) tanpa hari WFO: 5 — daftar dan alasannya di bawah." in sentences
    start = next(i for i, r in enumerate(rows) if r[0] == "Nama")
    assert rows[start][:7] == [
        "Nama", "NIP", "Jabatan", "Unit Kerja", "Bidang/Seksi", "Hari Tersedia", "Alasan"
    ]  # fmt: skip
    listed = [(r[0], r[1], r[2], r[3], r[5]) for r in rows[start + 1 : start + 6]]
    assert listed == [
        ("Ayu (Pimpinan)", "A2", "Sekretaris", "Dinas A", 5), ("Cuti", "A4", None, "Dinas A", 0),
        ("Bayu", "B1", None, "Kecamatan B", 0), ("Citra", "C1", None, "Dinas C", 5),
        ("Dewi", "D2", None, "Dinas D", 5),
    ]  # fmt: skip
    assert rows[start + 3][6] == "gedung 'GB' tutup pada semua hari kerja"
    assert rows[start + 6][0] is None  # nobody else: not the vulnerable A3, not A1 or D1


ENGLISH = ("Legend", "working days", "every rule", "Summary", "Fairness", "Reason", " staff",
           "at the office", "on site per day", "Page ")  # fmt: skip


def test_indonesian_only_workbook_has_no_english_labels(
    tmp_path: Path, problem: Problem, result: Result, report: CheckReport, info: RunInfo
) -> None:
    path = tmp_path / "id.xlsx"
    write_roster(path, problem, result, report, dataclasses.replace(info, language="id"))
    book = openpyxl.load_workbook(path)
    texts = [
        (ws.title, c.value)
        for ws in book.worksheets
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str) and c.value not in {v.reason_en for v in _violations()}
    ]
    assert [t for t in texts if any(word in t[1] for word in ENGLISH)] == []
    assert book["Jadwal"]["A1"].value == "Jadwal WFO/WFH — Pemerintah Kota Contoh"
    assert [c.value for c in book["Pelanggaran"][1]][-1] == "Alasan"  # no Reason column
    with zipfile.ZipFile(path) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "Halaman &amp;P dari &amp;N" in sheet and "Page &amp;P" not in sheet


def test_english_workbook_keeps_the_data_and_the_jadwal_contract(
    tmp_path: Path, problem: Problem, result: Result, report: CheckReport, info: RunInfo
) -> None:
    path = tmp_path / "en.xlsx"
    write_roster(path, problem, result, report, dataclasses.replace(info, language="en"))
    book = openpyxl.load_workbook(path)
    assert book["Jadwal"]["A1"].value == "WFO/WFH roster — Pemerintah Kota Contoh"
    assert [c.value for c in book["Pelanggaran"][1]][-1] == "Reason"
    assert read_roster(path) == result.roster


def test_unknown_language_is_refused(
    tmp_path: Path, problem: Problem, result: Result, report: CheckReport, info: RunInfo
) -> None:
    with pytest.raises(ValueError, match="language"):
        write_roster(tmp_path / "x.xlsx", problem, result, report,
                     dataclasses.replace(info, language="jv"))  # fmt: skip
    assert list(tmp_path.iterdir()) == []


def test_penjelasan_names_people_not_only_nips(
    tmp_path: Path, problem: Problem, result: Result, report: CheckReport, info: RunInfo
) -> None:
    finding = Finding(
        1, "always_on_site", 2, DINKES, (PHONE_LIKE,), (MONDAY,),
        (f"Pegawai {PHONE_LIKE} wajib WFO", "Pegawai 199001012015011001 (Ani) sakit"),
        "alasan", "reason",
        (Suggestion(f"Izinkan {PHONE_LIKE} WFH", f"Let {PHONE_LIKE} WFH", True),),
        1,
    )  # fmt: skip
    path = tmp_path / "p.xlsx"
    write_roster(path, problem, result, report, info, Explanation([finding]))
    row = _rows(openpyxl.load_workbook(path)["Penjelasan"])[1]
    assert row[6] == f"Budi ({PHONE_LIKE})"
    assert (
        row[9] == f"Pegawai Budi ({PHONE_LIKE}) wajib WFO\nPegawai 199001012015011001 (Ani) sakit"
    )
    assert row[10] == f"1. Izinkan Budi ({PHONE_LIKE}) WFH / Let Budi ({PHONE_LIKE}) WFH"
