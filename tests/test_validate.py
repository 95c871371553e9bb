"""The input workbook reader and validator: round trips, accepted spellings, located errors."""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from xlsx_util import NIP_1, NIP_2, NIP_3, START, Rows, small_sheets, write_small, write_xlsx

from models.domain import AbsenceType, Representation, Sector
from optimizer.demo.generator import generate_city
from optimizer.errors import InputError, InputProblem
from optimizer.io.holidays_id import national_holidays
from optimizer.io.input_workbook import (
    EXAMPLE_NAME,
    TEMPLATE_NAME,
    TEMPLATES_DIR,
    write_input_workbook,
)
from optimizer.io.validate import (
    load_problem,
    parse_date,
    parse_percent,
    parse_weekdays,
    parse_yes_no,
    problem_from_sheets,
)

Location = tuple[str, int | None, str | None]


def errors_of(sheets: dict[str, Rows]) -> list[InputProblem]:
    with pytest.raises(InputError) as caught:
        problem_from_sheets(sheets)
    return caught.value.errors


def file_errors(path: Path) -> list[InputProblem]:
    with pytest.raises(InputError) as caught:
        load_problem(path)
    return caught.value.errors


def locations(problems: list[InputProblem]) -> list[Location]:
    return [(p.sheet, p.row, p.column) for p in problems]


def only_error(sheets: dict[str, Rows]) -> InputProblem:
    found = errors_of(sheets)
    assert len(found) == 1, [p.render() for p in found]
    return found[0]


# --------------------------------------------------------------------------------------------
# Whole workbooks
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("seed", "staff", "weeks"), [(1, 120, 1), (7, 300, 2), (2026, 600, 4)])
def test_round_trip_of_generated_cities(tmp_path: Path, seed: int, staff: int, weeks: int) -> None:
    original = generate_city(seed=seed, staff=staff, weeks=weeks)
    path = tmp_path / "kota.xlsx"
    write_input_workbook(original, path)
    problem, warnings = load_problem(path)
    assert warnings == []
    assert problem.policy == original.policy
    assert problem.units == original.units
    assert problem.employees == original.employees
    assert problem.buildings == original.buildings
    assert problem.absences == original.absences
    assert problem.closures == original.closures
    assert problem.holidays == original.holidays
    assert problem == original  # the organisation name comes back from the Petunjuk sheet


def test_round_trip_keeps_extra_holidays_and_nameless_problem(tmp_path: Path) -> None:
    base = generate_city(seed=3, staff=150, weeks=5)  # 2026-11-30 … includes Christmas
    assert base.holidays, "the horizon should hold national holidays"
    extra = (dt.date(2026, 12, 2), "Hari ulang tahun kota")
    original = dataclasses.replace(base, holidays=tuple(sorted((*base.holidays, extra))), name="")
    path = tmp_path / "tanpa-nama.xlsx"
    write_input_workbook(original, path)
    problem, _ = load_problem(path)
    assert problem.holidays == original.holidays
    assert problem.name == "tanpa-nama"  # no organisation: the file stem
    assert dataclasses.replace(problem, name="") == original


def test_shipped_example_loads_quickly_without_problems() -> None:
    path = TEMPLATES_DIR / EXAMPLE_NAME
    load_problem(path)  # warm up imports and the holiday table
    started = time.perf_counter()
    problem, warnings = load_problem(path)
    elapsed = time.perf_counter() - started
    assert warnings == []
    assert len(problem.employees) == 2500
    assert problem == generate_city()
    assert elapsed < 1.0


def test_blank_template_reports_what_is_missing() -> None:
    found = file_errors(TEMPLATES_DIR / TEMPLATE_NAME)
    assert locations(found) == [
        ("Pegawai", None, None),
        ("Unit", None, None),
        ("Kebijakan", 2, "Nilai"),
    ]
    assert "pegawai" in found[0].message_id
    assert "Mulai" in found[2].message_id


def test_small_workbook_file(tmp_path: Path) -> None:
    problem, warnings = load_problem(write_small(tmp_path / "kecil.xlsx"))
    assert warnings == []
    assert problem.name == "kecil"
    assert [e.nip for e in problem.employees] == [NIP_1, NIP_2, NIP_3]
    budi, siti, andi = problem.employees
    assert budi.preferred_weekdays == {0, 3} and budi.vaccinated and not budi.always_on_site
    assert siti.always_on_site and andi.vulnerable and andi.building == "Gedung UPT"
    assert problem.unit("Dinas B").sector is Sector.ESSENTIAL
    assert problem.unit("Dinas B").cap_pct == Decimal(40)
    assert problem.unit("Dinas B").min_per_day == 1
    assert problem.unit("Dinas A").min_per_day is None
    assert problem.building("Gedung A").seats == 10
    assert problem.absences[0].kind is AbsenceType.LEAVE
    assert problem.closures[0].building == "Gedung B"
    assert problem.holidays == ((dt.date(2026, 12, 4), "Libur daerah"),)
    assert problem.policy.representation is Representation.SECTION


def test_holidays_merge_national_and_workbook_days() -> None:
    sheets = small_sheets()
    sheets["Kebijakan"][2][1] = 5  # five weeks: up to 2027-01-03
    sheets["Libur"].append([dt.date(2026, 12, 25), "Natal (duplikat)"])
    sheets["Libur"].append(["2026-12-31", "Tutup buku"])
    problem, _ = problem_from_sheets(sheets)
    national = national_holidays(problem.dates)
    assert national and set(national) <= set(problem.holidays)
    assert problem.holiday_names[dt.date(2026, 12, 25)] == dict(national)[dt.date(2026, 12, 25)]
    assert problem.holiday_names[dt.date(2026, 12, 31)] == "Tutup buku"
    days = [d for d, _ in problem.holidays]
    assert days == sorted(set(days))


def test_national_holidays_can_be_switched_off() -> None:
    sheets = small_sheets()
    sheets["Kebijakan"][2][1] = 5
    sheets["Kebijakan"][8][1] = "Tidak"
    problem, _ = problem_from_sheets(sheets)
    assert problem.holidays == ((dt.date(2026, 12, 4), "Libur daerah"),)


# --------------------------------------------------------------------------------------------
# Accepted spellings
# --------------------------------------------------------------------------------------------


def test_english_sheet_and_column_aliases() -> None:
    sheets = small_sheets()
    aliases = {
        "Pegawai": ("Employees", ["Employee ID", "Name", "Unit", "Division", "Section",
                                  "Position", "Building", "Vulnerable", "Always On Site",
                                  "Vaccinated", "Preferred Office Days"]),
        "Unit": ("Units", ["Unit", "Building", "Sector", "Office Cap (%)", "Min On Site per Day"]),
        "Gedung": ("Buildings", ["Building", "Seats", "Office Cap (%)"]),
        "Ketidakhadiran": ("Absences", ["Employee ID", "From", "To", "Type"]),
        "Penutupan": ("Closures", ["Building", "From", "To", "Reason"]),
        "Libur": ("Holidays", ["Date", "Description"]),
        "Kebijakan": ("Policy", ["Parameter", "Value", "Notes"]),
    }  # fmt: skip
    english: dict[str, Rows] = {}
    for name, (alias, header) in aliases.items():
        english[alias] = [header, *sheets[name][1:]]
    english["Units"][2][2] = "ESSENTIAL"
    english["Absences"][1][3] = "Leave"
    for row, name in zip(english["Policy"][1:], ["Start", "Weeks", "Office Cap (%)",
                         "Essential Office Cap (%)", "Critical Office Cap (%)",
                         "Min per Subunit", "Representation", "National Holidays",
                         "Time Limit (s)"], strict=True):  # fmt: skip
        row[0] = name
    english["Policy"][7][1] = "Section"
    english["Policy"][8][1] = "Yes"
    assert problem_from_sheets(english) == problem_from_sheets(small_sheets())


def test_names_match_ignoring_case_and_spaces() -> None:
    sheets = small_sheets()
    sheets[" pegawai\xa0"] = sheets.pop("Pegawai")
    sheets[" pegawai\xa0"][0][2] = "unit\xa0 KERJA "
    sheets["KEBIJAKAN"] = sheets.pop("Kebijakan")
    sheets["KEBIJAKAN"][2][0] = "jumlah  minggu"
    problem, _ = problem_from_sheets(sheets)
    assert [e.unit for e in problem.employees] == ["Dinas A", "Dinas A", "Dinas B"]


def test_header_below_a_title_and_extra_columns() -> None:
    sheets = small_sheets()
    staff = sheets["Pegawai"]
    for row in staff:
        row.append("catatan")  # an unknown extra column
    sheets["Pegawai"] = [["Daftar Pegawai 2026"], [], *staff]
    sheets["Pegawai"].insert(4, ["", "", "", ""])  # an empty row between employees
    problem, _ = problem_from_sheets(sheets)
    assert len(problem.employees) == 3
    sheets["Pegawai"][3][2] = "Dinas X"  # Excel row 4 now
    assert locations([only_error(sheets)]) == [("Pegawai", 4, "Unit Kerja")]


def test_header_row_written_in_the_file_is_reported(tmp_path: Path) -> None:
    sheets = small_sheets()
    sheets["Pegawai"][0][2] = "unit kerja"
    sheets["Pegawai"][1][2] = "Dinas Tidak Ada"
    found = file_errors(write_small(tmp_path / "x.xlsx", sheets))
    assert locations(found) == [("Pegawai", 2, "unit kerja")]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("Ya", True), ("YA", True), ("ya ", True), (" yes", True), ("Y", True), ("1", True),
     (True, True), (1.0, True), ("TRUE", True), ("Tidak", False), ("tidak ", False),
     ("No", False), ("n", False), ("0", False), (False, False), (0.0, False)],
)  # fmt: skip
def test_yes_no_spellings(value: object, expected: bool) -> None:
    assert parse_yes_no(value) is expected


def test_yes_no_cells_in_a_workbook(tmp_path: Path) -> None:
    sheets = small_sheets()
    sheets["Pegawai"][1][7:10] = ["tidak", "TIDAK ", "YA"]
    sheets["Pegawai"][2][7:10] = ["", "ya ", True]
    sheets["Pegawai"][3][7:10] = ["Yes", False, "no"]
    problem, _ = load_problem(write_small(tmp_path / "yn.xlsx", sheets))
    flags = [(e.vulnerable, e.always_on_site, e.vaccinated) for e in problem.employees]
    assert flags == [(False, False, True), (False, True, True), (True, False, False)]


@pytest.mark.parametrize("value", [25, 25.0, 0.25, "25", "25%", " 25 % ", "0,25", "25,0"])
def test_percentages_give_decimal_25(value: object) -> None:
    assert parse_percent(value) == Decimal(25)
    assert str(parse_percent(value)) == "25"


def test_percentage_edge_cases() -> None:
    assert parse_percent("25,5") == Decimal("25.5")
    assert parse_percent(0.255) == Decimal("25.5")
    assert parse_percent(0) == Decimal(0)
    assert parse_percent(1) == Decimal(100)  # a number in (0, 1] is a fraction
    assert parse_percent("1%") == Decimal(1)
    assert parse_percent(100) == Decimal(100)


def test_percentage_cells_in_a_workbook(tmp_path: Path) -> None:
    sheets = small_sheets()
    sheets["Unit"][1][3] = 0.25  # an Excel percentage cell
    sheets["Unit"][2][3] = "25%"
    sheets["Gedung"][1][2] = 25
    problem, _ = load_problem(write_small(tmp_path / "pct.xlsx", sheets))
    assert [u.cap_pct for u in problem.units] == [Decimal(25), Decimal(25)]
    assert problem.buildings[0].cap_pct == Decimal(25)


@pytest.mark.parametrize(
    "value",
    ["30/11/2026", "30-11-2026", "30.11.2026", "2026-11-30", " 2026-11-30 ",
     "2026-11-30 00:00:00", dt.date(2026, 11, 30), dt.datetime(2026, 11, 30, 8, 0)],
)  # fmt: skip
def test_date_formats(value: object) -> None:
    assert parse_date(value) == dt.date(2026, 11, 30)


def test_text_dates_in_a_workbook(tmp_path: Path) -> None:
    sheets = small_sheets()
    sheets["Kebijakan"][1][1] = "30/11/2026"
    sheets["Ketidakhadiran"][1][1:3] = ["01/12/2026", "2026-12-02"]
    problem, _ = load_problem(write_small(tmp_path / "tgl.xlsx", sheets))
    assert problem.policy.start == START
    assert (problem.absences[0].start, problem.absences[0].end) == (
        dt.date(2026, 12, 1),
        dt.date(2026, 12, 2),
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [("Sen, Kam", {0, 3}), ("Mon, Thu", {0, 3}), ("Senin dan Kamis", {0, 3}),
     ("Selasa; Jum'at", {1, 4}), ("rab/JUM", {2, 4}), ("Monday, Friday", {0, 4}),
     ("Sel Rab", {1, 2}), ("Tuesday,Wednesday", {1, 2})],
)  # fmt: skip
def test_preferred_weekdays(value: str, expected: set[int]) -> None:
    assert parse_weekdays(value) == expected


def test_nip_text_is_normalised() -> None:
    sheets = small_sheets()
    sheets["Pegawai"][1][0] = "'198001012005011001"
    sheets["Pegawai"][2][0] = "19820202 200602 2 002"
    sheets["Pegawai"][3][0] = "\xa0PPPK-0042 "
    sheets["Ketidakhadiran"][1][0] = " 198001012005011001"
    problem, _ = problem_from_sheets(sheets)
    assert [e.nip for e in problem.employees] == [NIP_1, NIP_2, "PPPK-0042"]
    assert problem.absences[0].nip == NIP_1


def test_free_text_is_collapsed() -> None:
    sheets = small_sheets()
    sheets["Pegawai"][1][1] = "  Budi\xa0\xa0 Santoso "
    sheets["Pegawai"][1][3] = "Bidang  Satu"
    problem, _ = problem_from_sheets(sheets)
    assert problem.employees[0].name == "Budi Santoso"
    assert problem.employees[0].bidang == "Bidang Satu"


# --------------------------------------------------------------------------------------------
# Errors, each at its exact place
# --------------------------------------------------------------------------------------------


def test_numeric_nip(tmp_path: Path) -> None:
    sheets = small_sheets()
    sheets["Pegawai"][2][0] = int(NIP_2)  # typed into a General cell: Excel keeps 15 digits
    found = file_errors(write_xlsx(tmp_path / "angka.xlsx", sheets))
    assert locations(found) == [("Pegawai", 3, "NIP")]
    assert "15" in found[0].message_id and "15" in found[0].message_en
    assert "Teks" in found[0].fix_id and "Text" in found[0].fix_en
    assert "'" in found[0].fix_en


def test_numeric_nip_in_absences() -> None:
    sheets = small_sheets()
    sheets["Ketidakhadiran"][1][0] = 12345.0
    assert locations(errors_of(sheets)) == [("Ketidakhadiran", 2, "NIP")]


def test_duplicate_nip_names_both_rows() -> None:
    sheets = small_sheets()
    sheets["Pegawai"][3][0] = NIP_1
    error = only_error(sheets)
    assert (error.sheet, error.row, error.column) == ("Pegawai", 4, "NIP")
    assert "2" in error.message_id and "4" in error.message_id
    assert "rows 2 and 4" in error.message_en


def test_unknown_unit() -> None:
    sheets = small_sheets()
    sheets["Pegawai"][3][2] = "Dinas Z"
    error = only_error(sheets)
    assert (error.sheet, error.row, error.column) == ("Pegawai", 4, "Unit Kerja")
    assert "Unit Kerja 'Dinas Z' tidak ada di sheet 'Unit'" in error.message_id
    assert "unit 'Dinas Z' is not listed in sheet 'Unit'" in error.message_en


@pytest.mark.parametrize("value", ["dua puluh", "150", -5, "25%%", "nan", True])
def test_bad_percentage(value: object) -> None:
    sheets = small_sheets()
    sheets["Unit"][2][3] = value
    error = only_error(sheets)
    assert (error.sheet, error.row, error.column) == ("Unit", 3, "Kuota WFO (%)")
    assert "Persentase tidak valid" in error.message_id
    assert "invalid percentage" in error.message_en
    assert "25%" in error.fix_id and "25%" in error.fix_en


def test_bad_policy_percentage() -> None:
    sheets = small_sheets()
    sheets["Kebijakan"][3][1] = "dua puluh lima"
    assert locations([only_error(sheets)]) == [("Kebijakan", 4, "Nilai")]


def test_missing_sheet_lists_the_sheets_found() -> None:
    sheets = small_sheets()
    del sheets["Unit"]
    error = only_error(sheets)  # no cascade of unknown-unit errors
    assert (error.sheet, error.row, error.column) == ("Unit", None, None)
    assert "'Pegawai', 'Gedung'" in error.message_en


def test_missing_required_column() -> None:
    sheets = small_sheets()
    for row in sheets["Pegawai"]:
        del row[1]  # Nama
    error = only_error(sheets)
    assert (error.sheet, error.row, error.column) == ("Pegawai", 1, "Nama")
    assert "Nama" in error.message_id and "Name" in error.message_en


def test_missing_required_column_below_a_title() -> None:
    sheets = small_sheets()
    sheets["Unit"] = [["Daftar unit"], *([r[0], r[2]] for r in sheets["Unit"])]  # no Gedung
    assert locations([only_error(sheets)]) == [("Unit", 2, "Gedung")]


def test_no_header_row() -> None:
    sheets = small_sheets()
    sheets["Gedung"] = [["Nama gedung", "Kursi"], ["Gedung A", 10]]
    assert locations([only_error(sheets)]) == [("Gedung", None, None)]


def test_bad_date() -> None:
    sheets = small_sheets()
    sheets["Ketidakhadiran"][1][1] = "besok"
    error = only_error(sheets)
    assert (error.sheet, error.row, error.column) == ("Ketidakhadiran", 2, "Mulai")
    assert "YYYY-MM-DD" in error.fix_en and "30/11/2026" in error.fix_id


@pytest.mark.parametrize("value", ["31/02/2026", "2026-13-01", "30 Nov", 46356.0, "11/30/2026"])
def test_other_bad_dates(value: object) -> None:
    sheets = small_sheets()
    sheets["Penutupan"][1][2] = value
    assert locations([only_error(sheets)]) == [("Penutupan", 2, "Selesai")]


def test_end_before_start() -> None:
    sheets = small_sheets()
    sheets["Ketidakhadiran"][1][1:3] = [dt.date(2026, 12, 3), dt.date(2026, 12, 1)]
    error = only_error(sheets)
    assert (error.sheet, error.row, error.column) == ("Ketidakhadiran", 2, "Selesai")


def test_unknown_absence_type() -> None:
    sheets = small_sheets()
    sheets["Ketidakhadiran"][1][3] = "Liburan"
    error = only_error(sheets)
    assert (error.sheet, error.row, error.column) == ("Ketidakhadiran", 2, "Jenis")
    assert "Dinas Luar" in error.fix_id


@pytest.mark.parametrize(
    ("label", "kind"),
    [("cuti", AbsenceType.LEAVE), ("SAKIT", AbsenceType.SICK), ("DL", AbsenceType.DUTY_TRAVEL),
     ("Dinas Luar", AbsenceType.DUTY_TRAVEL), ("Duty Travel", AbsenceType.DUTY_TRAVEL),
     ("isolation", AbsenceType.ISOLATION), ("Sick", AbsenceType.SICK)],
)  # fmt: skip
def test_absence_types(label: str, kind: AbsenceType) -> None:
    sheets = small_sheets()
    sheets["Ketidakhadiran"][1][3] = label
    problem, _ = problem_from_sheets(sheets)
    assert problem.absences[0].kind is kind


def test_unknown_absence_nip() -> None:
    sheets = small_sheets()
    sheets["Ketidakhadiran"].append(["199912312020121999", START, START, "Sakit"])
    assert locations([only_error(sheets)]) == [("Ketidakhadiran", 3, "NIP")]


def test_unknown_closure_building() -> None:
    sheets = small_sheets()
    sheets["Penutupan"][1][0] = "Gedung Z"
    error = only_error(sheets)
    assert (error.sheet, error.row, error.column) == ("Penutupan", 2, "Gedung")


def test_closure_of_an_employee_building_is_known() -> None:
    sheets = small_sheets()
    sheets["Penutupan"][1][0] = "gedung upt"
    problem, _ = problem_from_sheets(sheets)
    assert problem.closures[0].building == "Gedung UPT"


def test_vulnerable_and_always_on_site() -> None:
    sheets = small_sheets()
    sheets["Pegawai"][3][7:9] = ["Ya", "Ya"]
    error = only_error(sheets)
    assert (error.sheet, error.row, error.column) == ("Pegawai", 4, "Wajib WFO")


def test_bad_values_in_other_columns() -> None:
    sheets = small_sheets()
    sheets["Pegawai"][1][7] = "mungkin"
    sheets["Pegawai"][1][10] = "Sabtu"
    sheets["Unit"][1][2] = "Penting"
    sheets["Unit"][1][4] = 2.5
    sheets["Gedung"][1][1] = -3
    sheets["Kebijakan"][2][1] = 0
    sheets["Kebijakan"][7][1] = "Semua"
    sheets["Kebijakan"][9][1] = "lama"
    assert locations(errors_of(sheets)) == [
        ("Pegawai", 2, "Rentan"),
        ("Pegawai", 2, "Hari WFO Pilihan"),
        ("Unit", 2, "Sektor"),
        ("Unit", 2, "Minimal WFO per Hari"),
        ("Gedung", 2, "Kapasitas"),
        ("Kebijakan", 3, "Nilai"),
        ("Kebijakan", 8, "Nilai"),
        ("Kebijakan", 10, "Nilai"),
    ]


def test_required_cells() -> None:
    sheets = small_sheets()
    sheets["Pegawai"][2][1] = "  "
    sheets["Unit"][2][1] = None
    assert locations(errors_of(sheets)) == [("Pegawai", 3, "Nama"), ("Unit", 3, "Gedung")]


def test_missing_start_parameter() -> None:
    sheets = small_sheets()
    del sheets["Kebijakan"][1]
    error = only_error(sheets)
    assert (error.sheet, error.row, error.column) == ("Kebijakan", None, "Nilai")
    assert "Mulai" in error.message_id


def test_duplicate_unit() -> None:
    sheets = small_sheets()
    sheets["Unit"].append(["dinas a", "Gedung C", "", "", ""])
    error = only_error(sheets)
    assert (error.sheet, error.row, error.column) == ("Unit", 4, "Unit Kerja")
    assert "rows 2 and 4" in error.message_en


def test_every_error_is_reported_at_once() -> None:
    sheets = small_sheets()
    sheets["Pegawai"][1][0] = 198001012005011001.0
    sheets["Pegawai"][3][2] = "Dinas Z"
    sheets["Unit"][1][3] = "banyak"
    sheets["Ketidakhadiran"][1][3] = "Liburan"
    sheets["Penutupan"][1][1] = "kemarin"
    sheets["Kebijakan"][2][1] = "satu"
    sheets["Kebijakan"].append(["Warna", "biru", ""])  # a warning, listed too
    with pytest.raises(InputError) as caught:
        problem_from_sheets(sheets)
    problems = caught.value.problems
    assert locations(caught.value.errors) == [
        ("Pegawai", 2, "NIP"),
        ("Pegawai", 4, "Unit Kerja"),
        ("Unit", 2, "Kuota WFO (%)"),
        # no follow-on error for the absence of the NIP that Pegawai could not read
        ("Ketidakhadiran", 2, "Jenis"),
        ("Penutupan", 2, "Mulai"),
        ("Kebijakan", 3, "Nilai"),
    ]
    warnings = [(p.sheet, p.row) for p in problems if p.warning]
    assert warnings == [("Unit", 3), ("Kebijakan", 11)]  # Dinas B lost its only employee
    text = str(caught.value)
    assert text.count("KESALAHAN/ERROR") == 6 and "PERINGATAN/WARNING" in text


# --------------------------------------------------------------------------------------------
# Warnings
# --------------------------------------------------------------------------------------------


def test_warnings_do_not_stop_the_run() -> None:
    sheets = small_sheets()
    sheets["Kebijakan"][1][1] = dt.date(2026, 12, 1)  # a Tuesday
    sheets["Kebijakan"].append(["Warna Seragam", "biru", ""])
    sheets["Ketidakhadiran"].append([NIP_2, dt.date(2027, 3, 1), dt.date(2027, 3, 2), "Cuti"])
    sheets["Penutupan"].append(["Gedung A", dt.date(2026, 1, 5), dt.date(2026, 1, 6), ""])
    sheets["Libur"].append([dt.date(2026, 12, 5), "Sabtu"])
    sheets["Unit"].append(["Dinas Kosong", "Gedung A", "", "", ""])
    problem, warnings = problem_from_sheets(sheets)
    assert all(w.warning for w in warnings)
    assert [(w.sheet, w.row) for w in warnings] == [
        ("Unit", 4),
        ("Ketidakhadiran", 3),
        ("Penutupan", 3),
        ("Libur", 3),
        ("Kebijakan", 2),
        ("Kebijakan", 11),
    ]
    assert problem.policy.start == dt.date(2026, 12, 1)
    assert len(problem.absences) == 1 and len(problem.closures) == 1
    assert [u.name for u in problem.units][-1] == "Dinas Kosong"


# --------------------------------------------------------------------------------------------
# Files that are not usable workbooks
# --------------------------------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    error = file_errors(tmp_path / "tidak-ada.xlsx")[0]
    assert "File tidak ditemukan" in error.message_id and "file not found" in error.message_en


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "kosong.xlsx"
    path.write_bytes(b"")
    error = file_errors(path)[0]
    assert "0 byte" in error.message_id and "empty" in error.message_en


def test_text_renamed_to_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "pegawai.xlsx"
    path.write_text("NIP,Nama\n198001012005011001,Budi\n", encoding="utf-8")
    error = file_errors(path)[0]
    assert (error.sheet, error.row, error.column) == ("pegawai.xlsx", None, None)
    assert "bukan workbook Excel" in error.message_id
    assert ".xlsx" in error.fix_en


@pytest.mark.parametrize("suffix", [".csv", ".xlsb", ".numbers"])
def test_other_formats_are_refused_with_a_conversion_hint(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"pegawai{suffix}"
    write_small(tmp_path / "asli.xlsx").rename(path)  # even a real workbook under that name
    error = file_errors(path)[0]
    assert suffix in error.message_id and suffix in error.message_en
    assert "Simpan ulang sebagai .xlsx (Excel Workbook)" in error.fix_id
    assert "Save it again as .xlsx (Excel Workbook)" in error.fix_en


def test_damaged_ole2_file_renamed_to_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "lama.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    error = file_errors(path)[0]
    assert (error.sheet, error.row, error.column) == ("lama.xlsx", None, None)
    assert "rusak" in error.message_id and "damaged" in error.message_en


def test_password_protected_workbook_has_its_own_message(tmp_path: Path) -> None:
    path = tmp_path / "rahasia.xlsx"
    stream = "EncryptedPackage".encode("utf-16-le")
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + stream + bytes(64))
    error = file_errors(path)[0]
    assert "kata sandi" in error.message_id and "password" in error.message_en
    assert ".xls" not in error.message_en


def test_damaged_zip(tmp_path: Path) -> None:
    good = write_small(tmp_path / "utuh.xlsx").read_bytes()
    path = tmp_path / "rusak.xlsx"
    path.write_bytes(good[: len(good) // 2])
    error = file_errors(path)[0]
    assert "rusak" in error.message_id and "damaged" in error.message_en


def test_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "arsip.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("data.txt", "halo")
    error = file_errors(path)[0]
    assert "zip" in error.message_en


def test_folder_instead_of_file(tmp_path: Path) -> None:
    error = file_errors(tmp_path)[0]
    assert "folder" in error.message_en


# --------------------------------------------------------------------------------------------
# Robustness: any cell value gives a problem or an InputError, never a crash
# --------------------------------------------------------------------------------------------

CELL_VALUES = st.one_of(
    st.none(),
    st.text(max_size=12),
    st.sampled_from(["", " ", "Ya", "0,5", "25%", "30/02/2026", "2026-11-30", "nan", "-1", "'"]),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(),
    st.datetimes(),
    st.times(),
)
SHEET_NAMES = sorted(small_sheets())


@settings(max_examples=300, deadline=None)
@given(
    edits=st.lists(
        st.tuples(
            st.sampled_from(SHEET_NAMES), st.integers(0, 12), st.integers(0, 12), CELL_VALUES
        ),
        max_size=6,
    )
)
def test_any_cell_value_is_handled(edits: list[tuple[str, int, int, object]]) -> None:
    sheets = small_sheets()
    for name, r, c, value in edits:
        rows = sheets[name]
        while len(rows) <= r:
            rows.append([])
        while len(rows[r]) <= c:
            rows[r].append("")
        rows[r][c] = value
    try:
        problem, warnings = problem_from_sheets(sheets)
    except InputError as err:
        assert err.errors
        assert all(p.message_id and p.message_en for p in err.problems)
    else:
        assert problem.employees and all(w.warning for w in warnings)
