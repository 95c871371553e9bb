"""Input files as HR really make them (issue 12 §1–§2): nothing silently ignored, the words HR
and SIASN/SIMPEG exports use, merged cells, two-row headers, .xls/.ods, typed values, NIPs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from office_formats import SMALL_ODS, SMALL_XLS, write_ods
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from xlsx_util import NIP_1, NIP_2, NIP_3, Rows, small_sheets, write_small

from models.domain import AbsenceType, Sex
from optimizer.demo.generator import generate_city
from optimizer.errors import UNUSED_COLUMN, UNUSED_SHEET, InputError, InputProblem
from optimizer.io.cells import BadValue
from optimizer.io.reader import WORKBOOK_SUFFIXES, read_workbook_layout
from optimizer.io.validate import (
    OTHER_ID,
    load_problem,
    nip_problem,
    parse_absence_type,
    parse_date,
    parse_yes_no,
    problem_from_sheets,
)

Location = tuple[str, int | None, str | None]


def problems_of(sheets: dict[str, Rows]) -> list[InputProblem]:
    """Every problem (errors and warnings), whether or not the workbook could be used."""
    try:
        return problem_from_sheets(sheets)[1]
    except InputError as caught:
        return caught.problems


def where(problems: list[InputProblem], warning: bool | None = None) -> list[Location]:
    return [(p.sheet, p.row, p.column) for p in problems if warning is None or p.warning == warning]


def save(path: Path, sheets: dict[str, Rows], edit: object = None) -> Workbook:
    """The sheets as an openpyxl workbook (text as text), for tests that add merges or formats."""
    wb = Workbook()
    if wb.active is not None:
        wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r, values in enumerate(rows, start=1):
            for c, value in enumerate(values, start=1):
                if value is None or value == "":
                    continue
                cell = ws.cell(row=r, column=c, value=value)
                assert isinstance(cell, Cell)
                if isinstance(value, str):
                    cell.data_type = "s"
    return wb


# --------------------------------------------------------------------------------------------
# §1 Nothing is silently ignored
# --------------------------------------------------------------------------------------------


def balikpapan_style() -> dict[str, Rows]:
    """The Pegawai sheet headed as the BKPSDM officer headed it (issue 12 §1)."""
    sheets = small_sheets()
    sheets["Pegawai"] = [
        ["NIP", "Nama Pegawai", "OPD", "Bagian", "Subbagian", "Komorbid", "Petugas Layanan"],
        [NIP_1, "Budi Santoso", "Dinas A", "Bagian Umum", "Subbagian TU", "Ya", "Tidak"],
        [NIP_2, "Siti Aminah", "Dinas A", "Bagian Umum", "Subbagian Keuangan", "Tidak", "Ya"],
        [NIP_3, "Andi Wijaya", "Dinas B", "", "", "Tidak", "Tidak"],
    ]
    return sheets


def test_a_column_that_suggests_a_rule_is_an_error_not_ignored() -> None:
    found = problems_of(balikpapan_style())
    errors = [p for p in found if not p.warning]
    assert where(errors) == [("Pegawai", 1, "Petugas Layanan")]
    assert "'Wajib WFO'" in errors[0].message_id and "'Wajib WFO'" in errors[0].message_en
    assert "kolom G" in errors[0].message_id


def test_hr_words_for_hierarchy_unit_name_and_vulnerable_are_read() -> None:
    sheets = balikpapan_style()
    sheets["Pegawai"][0][6] = "Wajib WFO"
    problem, warnings = problem_from_sheets(sheets)
    assert warnings == []
    budi, siti, andi = problem.employees
    assert (budi.name, budi.unit, budi.bidang, budi.seksi) == (
        "Budi Santoso", "Dinas A", "Bagian Umum", "Subbagian TU"
    )  # fmt: skip
    assert (budi.vulnerable, siti.vulnerable, siti.always_on_site) == (True, False, True)
    assert (andi.bidang, andi.seksi) == ("", "")


def test_every_unused_column_is_listed_with_did_you_mean() -> None:
    sheets = small_sheets()
    staff = sheets["Pegawai"]
    staff[0][5] = "Jabtan"  # a typo of Jabatan
    for row, extra in zip(staff, (["No", "Agama", "", "Hobi"], [1, "Islam", "x", "catur"],
                                  [2, "Hindu", "", ""], [3, "", "", ""]), strict=True):  # fmt: skip
        row.extend(extra)
    problem, warnings = problem_from_sheets(sheets)
    assert [e.position for e in problem.employees] == ["", "", ""]  # Jabtan is not read
    assert where(warnings) == [
        ("Pegawai", 1, "Jabtan"),
        ("Pegawai", 1, "No"),
        ("Pegawai", 1, "Agama"),
        ("Pegawai", 1, "N"),  # column N holds data but has no header
        ("Pegawai", 1, "Hobi"),
    ]
    jabtan, number, sex, headless, hobby = warnings
    assert "did you mean 'Jabatan'?" in jabtan.message_en
    assert "mungkin maksudnya 'Jabatan'?" in jabtan.message_id
    assert number.message_en == "column 'No' (column L) is not used by Giliran"
    assert sex.message_en == "column 'Agama' (column M) is not used by Giliran"
    assert headless.message_en == "column N holds data but has no header; it is not read"
    assert hobby.message_en == "column 'Hobi' (column O) is unknown and not read"
    assert {w.kind for w in warnings} == {UNUSED_COLUMN}  # what the roster lists in Ringkasan


def test_unused_columns_reach_the_service_warnings(tmp_path: Path) -> None:
    sheets = small_sheets()
    for row, value in zip(sheets["Pegawai"], ["Keterangan", "pindahan", "", ""], strict=True):
        row.append(value)
    _, warnings = load_problem(write_small(tmp_path / "x.xlsx", sheets))
    assert where(warnings) == [("Pegawai", 1, "Keterangan")]


def test_the_roster_lists_the_unused_columns_in_ringkasan(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from optimizer.app import service
    from optimizer.app.service import PlanOptions

    sheets = small_sheets()
    for row, value in zip(sheets["Pegawai"], ["Keterangan", "pindahan", "", ""], strict=True):
        row.append(value)
    path = write_small(tmp_path / "x.xlsx", sheets)
    outcome = service.plan(path, PlanOptions(output=tmp_path / "jadwal.xlsx"))
    (unused,) = [w for w in outcome.warnings if w.kind == UNUSED_COLUMN]
    rows = [r for r in load_workbook(tmp_path / "jadwal.xlsx", read_only=True)["Ringkasan"].values]
    listed = [r for r in rows if r[:3] == ("Pegawai", 1, "Keterangan")]
    assert len(listed) == 1
    assert unused.message_id in str(listed[0][3]) and unused.message_en in str(listed[0][3])


@pytest.mark.parametrize(
    ("header", "meant"),
    [("Rentan/Komorbid", None), ("Status Vaksin", "Vaksin"), ("Ibu Hamil", "Rentan"),
     ("Sub Bidang", None), ("Seksi/Subbag", None), ("Kepala Unit", "Pimpinan"),
     ("Bidang/Seksi", "Seksi"), ("Lokasi Gedung", "Gedung"), ("Cuti", "Ketidakhadiran")],
)  # fmt: skip
def test_rule_like_headers(header: str, meant: str | None) -> None:
    sheets = small_sheets()
    for row, value in zip(sheets["Pegawai"], [header, "", "", ""], strict=True):
        row.append(value)
    found = problems_of(sheets)
    if meant is None:  # a combined or HR header of a known column: read, nothing reported
        # ... but it is the second column meaning the same thing: an error naming both
        assert where(found) == [("Pegawai", 1, header)]
        assert "already read from column" in found[0].message_en
    else:
        assert where(found, warning=False) == [("Pegawai", 1, header)]
        assert f"'{meant}'" in found[0].message_en


def test_two_columns_meaning_the_same_are_an_error() -> None:
    sheets = small_sheets()
    for row, value in zip(sheets["Pegawai"], ["Bagian", "Bagian Lain", "", ""], strict=True):
        row.append(value)
    (error,) = problems_of(sheets)
    assert (error.sheet, error.row, error.column, error.warning) == ("Pegawai", 1, "Bagian", False)
    assert error.message_en == (
        "column 'Bagian' (column L) means 'Bidang', which is already read from column 'Bidang'"
    )


def test_siasn_simpeg_export_headers() -> None:
    sheets = small_sheets()
    sheets["Pegawai"] = [
        ["NO", "NIP BARU", "NIP LAMA", "NAMA", "JENIS KELAMIN", "NAMA JABATAN", "UNOR INDUK",
         "NAMA UNOR", "GOL AKHIR"],
        [1, NIP_1, "010101010", "Budi Santoso", "L", "Analis", "Dinas A", "Seksi Satu", "III/a"],
        [2, NIP_2, "010101011", "Siti Aminah", "P", "Pengadministrasi", "Dinas A", "", "II/c"],
        [3, NIP_3, "010101012", "Andi Wijaya", "L", "", "Dinas B", "", "III/b"],
    ]  # fmt: skip
    problem, warnings = problem_from_sheets(sheets)
    budi = problem.employees[0]
    assert (budi.nip, budi.name, budi.unit, budi.seksi, budi.position) == (
        NIP_1, "Budi Santoso", "Dinas A", "Seksi Satu", "Analis"
    )  # fmt: skip
    assert where(warnings) == [("Pegawai", 1, h) for h in ("NO", "NIP LAMA", "GOL AKHIR")]
    assert [e.sex for e in problem.employees] == [Sex.MALE, Sex.FEMALE, Sex.MALE]  # JENIS KELAMIN
    assert all(w.message_en.endswith("is not used by Giliran") for w in warnings)


def test_seksi_spelled_in_another_case_is_one_seksi() -> None:
    sheets = small_sheets()
    staff = sheets["Pegawai"]
    staff[1][4] = "seksi kesejahteraan  sosial"
    staff[2][4] = "Seksi Kesejahteraan Sosial"
    staff[2][3] = " BIDANG SATU"
    problem, warnings = problem_from_sheets(sheets)
    assert warnings == []
    first, second = problem.employees[:2]
    assert (second.bidang, second.seksi) == ("Bidang Satu", "seksi kesejahteraan sosial")
    assert (first.bidang, first.seksi) == (second.bidang, second.seksi)


def test_names_one_letter_apart_are_warned_about() -> None:
    sheets = small_sheets()
    staff = sheets["Pegawai"]
    staff[1][4] = "Seksi Kesejahteraan Sosial"
    staff[2][4] = "Seksi Kesejahtraan Sosial"
    _, warnings = problem_from_sheets(sheets)
    (warning,) = warnings
    assert where(warnings) == [("Pegawai", 3, "Seksi")]
    assert warning.message_en == (
        "'Seksi Kesejahtraan Sosial' (row 3) and 'Seksi Kesejahteraan Sosial' (row 2) are almost "
        "the same but count as two different seksi groups"
    )


@pytest.mark.parametrize(
    ("a", "b"),
    [("Seksi 1.1", "Seksi 1.2"), ("Seksi Pelayanan I", "Seksi Pelayanan II"),
     ("Subbagian A", "Subbagian B"), ("Seksi Angkutan Orang", "Seksi Angkutan Barang")],
)  # fmt: skip
def test_numbered_or_different_names_are_not_near_twins(a: str, b: str) -> None:
    sheets = small_sheets()
    sheets["Pegawai"][1][4], sheets["Pegawai"][2][4] = a, b
    assert problem_from_sheets(sheets)[1] == []


@pytest.mark.parametrize("cap", [1, 1.0, "1", "1,0"])
def test_a_bare_1_as_cap_is_an_error_asking_which(cap: object) -> None:
    for sheet, row, column, header in (("Unit", 1, 3, "Kuota WFO (%)"),
                                       ("Gedung", 1, 2, "Kuota WFO (%)"),
                                       ("Kebijakan", 3, 1, "Nilai")):  # fmt: skip
        sheets = small_sheets()
        sheets[sheet][row][column] = cap
        found = problems_of(sheets)
        assert where(found, warning=False) == [(sheet, row + 1, header)], sheet
        assert "could mean 1% or 100%" in found[0].message_en
        assert "1%" in found[0].fix_id and "100" in found[0].fix_id


def test_one_percent_written_with_its_sign_is_one_percent() -> None:
    sheets = small_sheets()
    sheets["Unit"][1][3] = "1%"
    problem, _ = problem_from_sheets(sheets)
    assert problem.units[0].cap_pct == Decimal(1)


def test_a_percentage_cell_showing_100_percent_is_100(tmp_path: Path) -> None:
    sheets = small_sheets()
    sheets["Unit"][1][3] = 1
    wb = save(tmp_path / "x.xlsx", sheets)
    wb["Unit"]["D2"].number_format = "0%"
    wb["Pegawai"].column_dimensions["A"].number_format = "@"
    wb.save(tmp_path / "x.xlsx")
    problem, _ = load_problem(tmp_path / "x.xlsx")
    assert problem.units[0].cap_pct == Decimal(100)
    wb["Unit"]["D2"].number_format = "General"
    wb.save(tmp_path / "y.xlsx")
    with pytest.raises(InputError) as caught:
        load_problem(tmp_path / "y.xlsx")
    assert where(caught.value.errors) == [("Unit", 2, "Kuota WFO (%)")]


# --------------------------------------------------------------------------------------------
# §2 Files as HR really make them
# --------------------------------------------------------------------------------------------


def test_unit_and_bidang_merged_down_apply_to_every_row(tmp_path: Path) -> None:
    sheets = small_sheets()
    staff = sheets["Pegawai"]
    staff[2][2] = staff[2][3] = ""  # Dinas A and Bidang Satu only in the first row of the block
    staff.append([""] * len(staff[0]))  # a blank row below, inside the merge
    wb = save(tmp_path / "x.xlsx", sheets)
    wb["Pegawai"].merge_cells("C2:C3")
    wb["Pegawai"].merge_cells("D2:D5")  # reaches below the data: adds no employee
    wb.save(tmp_path / "x.xlsx")
    problem, warnings = load_problem(tmp_path / "x.xlsx")
    assert warnings == []
    assert [(e.unit, e.bidang) for e in problem.employees] == [
        ("Dinas A", "Bidang Satu"), ("Dinas A", "Bidang Satu"), ("Dinas B", "Bidang Satu")
    ]  # fmt: skip


def test_the_reader_gives_merged_ranges(tmp_path: Path) -> None:
    wb = save(tmp_path / "x.xlsx", small_sheets())
    wb["Pegawai"].merge_cells("C2:C3")
    wb["Unit"].merge_cells("A1:B1")
    wb.save(tmp_path / "x.xlsx")
    _, layouts = read_workbook_layout(tmp_path / "x.xlsx")
    assert layouts["Pegawai"].merged == ((1, 2, 2, 2),)
    assert layouts["Unit"].merged == ((0, 0, 0, 1),)


def test_a_required_cell_left_empty_does_not_advise_deleting_the_row() -> None:
    sheets = small_sheets()
    sheets["Pegawai"][2][2] = ""
    found = problems_of(sheets)
    assert where(found) == [("Pegawai", 3, "Unit Kerja")]
    assert "hapus seluruh barisnya" not in found[0].fix_id
    assert "delete" not in found[0].fix_en


def two_row_header() -> dict[str, Rows]:
    sheets = small_sheets()
    header, *data = sheets["Pegawai"]
    groups = ["NIP", "Nama", "Unit Kerja", "Organisasi", "", "Jabatan", "Gedung", "Status",
              "", "", "Hari WFO Pilihan"]  # fmt: skip
    lower = ["", "", "", "Bidang", "Seksi", "", "", "Rentan", "Wajib WFO", "Vaksin", ""]
    numbering = [f"({i})" for i in range(1, len(header) + 1)]
    sheets["Pegawai"] = [["DAFTAR PEGAWAI"], groups, lower, numbering, *data]
    return sheets


def test_two_row_header_and_numbering_row() -> None:
    problem, warnings = problem_from_sheets(two_row_header())
    assert problem == problem_from_sheets(small_sheets())[0]
    assert warnings == []


def test_two_row_header_with_merged_headings(tmp_path: Path) -> None:
    sheets = two_row_header()
    sheets["Pegawai"][2][:3] = ["", "", ""]
    wb = save(tmp_path / "x.xlsx", sheets)
    ws = wb["Pegawai"]
    for merged in ("A2:A3", "B2:B3", "C2:C3", "D2:E2", "H2:J2", "K2:K3"):
        ws.merge_cells(merged)
    ws.column_dimensions["A"].number_format = "@"
    wb.save(tmp_path / "x.xlsx")
    problem, warnings = load_problem(tmp_path / "x.xlsx")
    assert problem == problem_from_sheets(small_sheets(), name="x")[0]
    assert warnings == []


def test_hidden_rows_are_read_and_said_so(tmp_path: Path) -> None:
    wb = save(tmp_path / "x.xlsx", small_sheets())
    wb["Pegawai"].row_dimensions[3].hidden = True
    wb.save(tmp_path / "x.xlsx")
    problem, warnings = load_problem(tmp_path / "x.xlsx")
    assert len(problem.employees) == 3
    assert where(warnings) == [("Pegawai", 3, None)]
    assert warnings[0].message_en == "hidden rows 3 are read like every other row"


@pytest.mark.parametrize("fixture", [SMALL_XLS, SMALL_ODS])
def test_xls_and_ods_are_read_directly(fixture: Path) -> None:
    problem, warnings = load_problem(fixture)
    assert warnings == []
    assert problem == problem_from_sheets(small_sheets(), name="small")[0]


def test_ods_written_now_is_read(tmp_path: Path) -> None:
    sheets = small_sheets()
    sheets["Pegawai"][3][2] = "Dinas X"
    with pytest.raises(InputError) as caught:
        load_problem(write_ods(tmp_path / "pegawai.ods", sheets))
    assert where(caught.value.errors) == [("Pegawai", 4, "Unit Kerja")]


def test_ods_sheet_beyond_the_row_limit_is_refused(tmp_path: Path) -> None:
    from optimizer.io.limits import Limits, configure

    configure(Limits(max_rows=3))
    try:
        with pytest.raises(InputError) as caught:
            load_problem(write_ods(tmp_path / "besar.ods", small_sheets()))
    finally:
        configure(None)
    assert "the limit is 3 rows" in caught.value.errors[0].message_en


def test_workbook_suffixes() -> None:
    assert WORKBOOK_SUFFIXES == (".xlsx", ".xlsm", ".xls", ".ods")


@pytest.mark.parametrize(
    ("label", "kind"),
    [("Cuti Tahunan", AbsenceType.LEAVE), ("Cuti Sakit", AbsenceType.SICK),
     ("Cuti Melahirkan", AbsenceType.LEAVE), ("Cuti Besar", AbsenceType.LEAVE),
     ("Cuti Alasan Penting", AbsenceType.LEAVE), ("CT", AbsenceType.LEAVE),
     ("Izin", AbsenceType.LEAVE), ("Isoman", AbsenceType.ISOLATION),
     ("Tugas Luar", AbsenceType.DUTY_TRAVEL), ("Dinas Luar Kota", AbsenceType.DUTY_TRAVEL),
     ("dinas-luar-kota", AbsenceType.DUTY_TRAVEL), ("Karantina", AbsenceType.QUARANTINE)],
)  # fmt: skip
def test_absence_kinds_hr_type(label: str, kind: AbsenceType) -> None:
    assert parse_absence_type(label) is kind


@pytest.mark.parametrize(
    "text",
    ["26 Juli 2021", "26-07-2021", "26/07/2021", "26 Jul 2021", "26 July 2021", "26-Jul-2021",
     "26 jul. 2021", "26.07.2021"],
)  # fmt: skip
def test_dates_people_type(text: str) -> None:
    assert parse_date(text) == dt.date(2021, 7, 26)


@pytest.mark.parametrize("text", ["31 Juni 2021", "26 Juliii 2021", "26 2021"])
def test_impossible_typed_dates_are_refused(text: str) -> None:
    with pytest.raises(BadValue, match="invalid date"):
        parse_date(text)


@pytest.mark.parametrize("mark", ["✓", "√", "✔", " ✓ "])
def test_tick_marks_mean_yes(mark: str) -> None:
    assert parse_yes_no(mark) is True


@pytest.mark.parametrize("mark", ["x", "v", "-"])
def test_unclear_marks_are_not_guessed(mark: str) -> None:
    with pytest.raises(BadValue, match="is not Ya"):
        parse_yes_no(mark)


# --------------------------------------------------------------------------------------------
# NIP
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "nip",
    [NIP_1, NIP_2, NIP_3, "198609262015051001", "199501012023212001"],  # last: PPPK
)
def test_well_formed_pns_and_pppk_nips(nip: str) -> None:
    assert nip_problem(nip) is None


@pytest.mark.parametrize(
    ("nip", "error", "says"),
    [("19800101200501100", True, "has 17 digits"),
     ("1980010120050110011", True, "has 19 digits"),
     ("19800101200501100O", True, "perhaps 198001012005011000 was meant"),
     ("198OO1012005011001", True, "perhaps 198001012005011001 was meant"),
     ("198001012005011000", True, "ends in 000"),
     ("1.98001E+17", True, "scientific notation"),
     ("198013012005011001", False, "impossible birth date 19801301"),
     ("198001012005131001", False, "impossible TMT 200513"),
     ("198001011990011001", False, "impossible TMT 199001"),
     ("198001012005013001", False, "impossible sex digit 3")],
)  # fmt: skip
def test_damaged_nips(nip: str, error: bool, says: str) -> None:
    found = nip_problem(nip)
    assert found is not None and found is not OTHER_ID
    assert found[0] is error
    assert says in found[2]


@pytest.mark.parametrize("nip", ["PTT-001", "THL 12", "12345", "3171012345678901"])
def test_other_ids_are_allowed(nip: str) -> None:
    assert nip_problem(nip) is OTHER_ID


def test_nip_problems_name_the_cell() -> None:
    sheets = small_sheets()
    sheets["Pegawai"][1][0] = "19800101200501100"
    sheets["Pegawai"][2][0] = "PTT-002"
    sheets["Pegawai"][3][0] = "PTT-003"
    sheets["Ketidakhadiran"][1][0] = "19800101200501100"
    found = problems_of(sheets)
    assert where(found, warning=False) == [("Pegawai", 2, "NIP")]
    assert where(found, warning=True) == [("Pegawai", 3, "NIP")]
    assert found[1].message_en == (
        "2 employees have an id other than an 18-digit NIP (rows 3, 4); it is used as it is to "
        "identify them"
    )


def test_generated_nips_are_well_formed() -> None:
    city = generate_city(seed=3, staff=800, weeks=1)
    assert [e.nip for e in city.employees if nip_problem(e.nip) is not None] == []


# --------------------------------------------------------------------------------------------
# New columns: Pimpinan, the unit's signatory and place
# --------------------------------------------------------------------------------------------


def test_leader_and_signatory_columns_are_read() -> None:
    sheets = small_sheets()
    for row, value in zip(sheets["Pegawai"], ["Pimpinan", "Ya", "", "Tidak"], strict=True):
        row.append(value)
    unit = sheets["Unit"]
    unit[0] += ["Nama Penandatangan", "Jabatan Penandatangan", "NIP Penandatangan", "Tempat"]
    unit[1] += ["Dr. Andi Sofyan", "Kepala Dinas A", NIP_1, " Balikpapan "]
    unit[2] += ["", "", "", ""]
    problem, warnings = problem_from_sheets(sheets)
    assert warnings == []
    assert [e.leader for e in problem.employees] == [True, False, False]
    a, b = problem.units
    assert (a.signatory_name, a.signatory_title, a.signatory_nip, a.place) == (
        "Dr. Andi Sofyan", "Kepala Dinas A", NIP_1, "Balikpapan"
    )  # fmt: skip
    assert (b.signatory_name, b.signatory_title, b.signatory_nip, b.place) == ("", "", "", "")


def test_leader_and_signatory_round_trip(tmp_path: Path) -> None:
    import dataclasses

    from optimizer.io.input_workbook import write_input_workbook

    city = generate_city(seed=5, staff=150, weeks=1)
    first = dataclasses.replace(city.employees[0], leader=True)
    unit = dataclasses.replace(
        city.units[0], signatory_name="Ir. Rahmat", signatory_title="Camat Balikpapan Kota",
        signatory_nip="197001011995031002", place="Balikpapan",
    )  # fmt: skip
    edited = dataclasses.replace(
        city, employees=(first, *city.employees[1:]), units=(unit, *city.units[1:])
    )
    write_input_workbook(edited, tmp_path / "kota.xlsx")
    problem, warnings = load_problem(tmp_path / "kota.xlsx")
    assert warnings == []
    assert problem == edited


def test_ods_with_a_dtd_is_refused(tmp_path: Path) -> None:
    import zipfile

    path = write_ods(tmp_path / "x.ods", small_sheets())
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["content.xml"] = parts["content.xml"].replace(
        b"?>", b'?><!DOCTYPE x [<!ENTITY a "aaaa">]>', 1
    )
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    with pytest.raises(InputError) as caught:
        load_problem(path)
    assert "DTD/ENTITY" in caught.value.errors[0].message_en


def test_an_opendocument_text_file_is_not_a_spreadsheet(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "surat.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    with pytest.raises(InputError) as caught:
        load_problem(path)
    assert "OpenDocument file that is no spreadsheet" in caught.value.errors[0].message_en


def test_the_blank_template_has_an_organisation_row() -> None:
    from openpyxl import load_workbook

    from optimizer.io.input_workbook import TEMPLATE_NAME, TEMPLATES_DIR

    ws = load_workbook(TEMPLATES_DIR / TEMPLATE_NAME)["Petunjuk"]
    assert (ws["A2"].value, ws["B2"].value) == ("Organisasi / Organisation", None)


def test_validate_refuses_the_balikpapan_sheet_and_lists_unused_columns(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from optimizer.cli import main

    path = write_small(tmp_path / "bpp.xlsx", balikpapan_style())
    result = CliRunner().invoke(main, ["validate", str(path)], catch_exceptions=False)
    assert result.exit_code == 3
    assert "kolom/column 'Petugas Layanan'" in result.output
    assert "Semua aturan" not in result.output
    sheets = balikpapan_style()
    sheets["Pegawai"][0][6] = "Wajib WFO"
    for row, value in zip(sheets["Pegawai"], ["Golongan", "III/a", "II/c", "III/b"], strict=True):
        row.append(value)
    path = write_small(tmp_path / "bpp2.xlsx", sheets)
    result = CliRunner().invoke(main, ["validate", str(path)], catch_exceptions=False)
    assert result.exit_code == 0
    assert "column 'Golongan' (column H) is not used by Giliran" in result.output
    assert "1 peringatan/warnings" in result.output


def test_absence_sheet_headers_hr_write() -> None:
    sheets = small_sheets()
    sheets["Ketidakhadiran"] = [
        ["No", "NIP", "Nama", "Tanggal Mulai", "s/d", "Jenis Cuti"],
        [1, NIP_1, "Budi Santoso", "1 Desember 2026", "02-12-2026", "Cuti Tahunan"],
    ]
    problem, warnings = problem_from_sheets(sheets)
    assert problem.absences == problem_from_sheets(small_sheets())[0].absences
    assert where(warnings) == [("Ketidakhadiran", 1, "No"), ("Ketidakhadiran", 1, "Nama")]


def test_a_head_of_unit_column_in_the_unit_sheet_names_the_signatory_column() -> None:
    sheets = small_sheets()
    for row, value in zip(sheets["Unit"], ["Kepala OPD", "Dr. A", "Ir. B"], strict=True):
        row.append(value)
    (error,) = problems_of(sheets)
    assert (error.sheet, error.row, error.column, error.warning) == ("Unit", 1, "Kepala OPD", False)
    assert "it probably means column 'Nama Penandatangan'" in error.message_en


def test_a_sheet_named_like_a_missing_contract_sheet_is_an_error() -> None:
    sheets = small_sheets()
    sheets["Data Cuti"] = sheets.pop("Ketidakhadiran")
    (error,) = problems_of(sheets)
    assert (error.sheet, error.row, error.column, error.warning) == ("Data Cuti", None, None, False)
    assert error.message_en == (
        "sheet 'Data Cuti' is not read, but its name suggests the contents of sheet "
        "'Ketidakhadiran', which is missing"
    )


def test_other_sheets_are_listed_as_not_read() -> None:
    sheets = small_sheets()
    sheets["Rekap Cuti"] = [["ringkasan"]]  # Ketidakhadiran exists: only not read
    sheets["Catatan"] = [["apa saja"]]
    _, warnings = problem_from_sheets(sheets)
    assert where(warnings) == [("Rekap Cuti", None, None), ("Catatan", None, None)]
    assert [w.message_en for w in warnings] == [
        "sheet 'Rekap Cuti' is not read", "sheet 'Catatan' is not read"
    ]  # fmt: skip
    assert {w.kind for w in warnings} == {UNUSED_SHEET}
