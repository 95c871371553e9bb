"""Write input workbooks: a ``Problem`` as an HR staff workbook, and the blank template.

Both follow the input contract (docs/input-format.md): sheets ``Pegawai``, ``Unit``, ``Gedung``,
``Ketidakhadiran``, ``Penutupan``, ``Libur`` and ``Kebijakan`` with their Indonesian headers, plus a
``Petunjuk`` sheet of instructions (Indonesian with English alongside). Every text value is written
as a string cell (NIPs keep their leading zeros and nothing starting with ``=`` becomes a formula);
NIP columns are formatted as text; drop-down lists guard Ya/Tidak, sector, absence type and the
policy choices. Files are written atomically (a temporary file in the same folder, then
``os.replace``).

``python -m optimizer.io.input_workbook`` regenerates ``input_templates/template.xlsx`` and
``input_templates/contoh-kota.xlsx`` (the seeded example city of ``optimizer.demo.generator``,
written by ``python -m optimizer.demo.examples``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from models.domain import (
    WEEKDAY_NAMES_ID,
    Absence,
    AbsenceType,
    Building,
    Closure,
    Employee,
    Policy,
    Problem,
    Sector,
    Unit,
)
from optimizer.io.atomic import atomic_output
from optimizer.io.cells import YES_NO, excel_percent, yes_no
from optimizer.io.holidays_id import national_holidays
from optimizer.io.parameters import PARAMETERS, START, CellValue

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "input_templates"
TEMPLATE_NAME = "template.xlsx"
EXAMPLE_NAME = "contoh-kota.xlsx"

DATE_FORMAT = "yyyy-mm-dd"
TEXT_FORMAT = "@"
LAST_ROW = 1_048_576  # validations and formats cover the whole column
ABSENCE_LABELS = {
    AbsenceType.LEAVE: "Cuti",
    AbsenceType.SICK: "Sakit",
    AbsenceType.DUTY_TRAVEL: "Dinas Luar",
    AbsenceType.ISOLATION: "Isolasi",
}

Value = CellValue

# --------------------------------------------------------------------------------------------
# The contract: sheets and columns
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column of an input sheet, as documented in the Petunjuk sheet."""

    header: str
    alias: str
    required: bool
    note_id: str
    note_en: str
    width: int = 16
    choices: tuple[str, ...] = ()  # drop-down list
    whole: bool = False  # whole numbers ≥ 0 only
    text: bool = False  # formatted as text ('@')
    aliases: tuple[str, ...] = ()  # other headers HR use for it (SIASN/SIMPEG exports, …)


@dataclass(frozen=True)
class Sheet:
    name: str
    alias: str
    required: bool
    note_id: str
    note_en: str
    columns: tuple[Column, ...]


SECTORS = tuple(s.value for s in Sector)
DATE_FROM = ("Tanggal Mulai", "Tgl Mulai", "Dari", "Dari Tanggal", "Mulai Tanggal", "Start")
DATE_TO = ("Tanggal Selesai", "Tgl Selesai", "Sampai", "Sampai Dengan", "s.d.", "s/d", "Hingga",
           "End")  # fmt: skip
ABSENCE_TYPES = tuple(ABSENCE_LABELS.values())

PEGAWAI = Sheet(
    "Pegawai",
    "Employees",
    True,
    "Satu baris per pegawai.",
    "One row per employee.",
    (
        Column(
            "NIP", "Employee ID", True,
            "Nomor unik, diisi sebagai teks (18 digit untuk PNS; PPPK dan pegawai lain boleh "
            "memakai nomor lain). Jangan diisi sebagai angka.",
            "Unique id, entered as text (18 digits for PNS; PPPK and other staff may use other "
            "ids). Do not enter it as a number.",
            width=22, text=True, aliases=("NIP Baru", "nipBaru"),
        ),
        Column("Nama", "Name", True, "Nama pegawai.", "Employee name.", width=34,
               aliases=("Nama Pegawai", "Nama Lengkap")),
        Column(
            "Unit Kerja", "Unit", True,
            "Perangkat daerah (OPD); harus tercantum di lembar Unit. Ekspor SIASN/SIMPEG: UNOR "
            "INDUK.",
            "Agency (OPD); must be listed in the Unit sheet. SIASN/SIMPEG exports: UNOR INDUK.",
            width=40,
            aliases=("OPD", "Perangkat Daerah", "Satuan Kerja", "Satker", "SKPD", "Unor Induk",
                     "unorIndukNama", "Nama Unor Induk"),
        ),
        Column("Bidang", "Division", False, "Bidang atau bagian.", "Division (bidang/bagian).",
               width=34, aliases=("Bagian", "Bidang/Bagian", "Bagian/Bidang")),
        Column(
            "Seksi", "Section", False,
            "Seksi / subbagian / subbidang, di dalam bidangnya (atau langsung di unit). Ekspor "
            "SIASN/SIMPEG: NAMA UNOR.",
            "Section / sub-division, inside its bidang (or directly in the unit). SIASN/SIMPEG "
            "exports: NAMA UNOR.",
            width=34,
            aliases=("Subbagian", "Sub Bagian", "Subbidang", "Sub Bidang", "Subbag", "Subbid",
                     "Sub Bagian/Seksi", "Seksi/Sub Bagian", "Seksi/Subbagian", "Subbagian/Seksi",
                     "Nama Unor", "Unor", "unorNama"),
        ),
        Column("Jabatan", "Position", False, "Nama jabatan.", "Job title.", width=34,
               aliases=("Nama Jabatan", "jabatanNama")),
        Column(
            "Gedung", "Building", False,
            "Diisi bila pegawai bekerja di gedung lain dari gedung unitnya (mis. UPT).",
            "Fill in when the employee works in another building than the unit's (e.g. a UPT).",
            width=30,
        ),
        Column(
            "Rentan", "Vulnerable", False,
            "Ya = tidak pernah WFO (komorbid, hamil, dan sebagainya).",
            "Yes = never on site (comorbid, pregnant, …).",
            width=10, choices=YES_NO, aliases=("Komorbid", "Comorbid"),
        ),
        Column(
            "Wajib WFO", "Always On Site", False,
            "Ya = WFO setiap hari kerja selama tersedia (tugas pelayanan langsung).",
            "Yes = on site every working day they are available (front-line duty).",
            width=12, choices=YES_NO,
        ),
        Column(
            "Vaksin", "Vaccinated", False,
            "Ya = sudah divaksin; mendapat hari kantor lebih dahulu (preferensi).",
            "Yes = vaccinated; gets office days first (soft priority).",
            width=10, choices=YES_NO,
        ),
        Column(
            "Hari WFO Pilihan", "Preferred Office Days", False,
            "Hari kantor yang diinginkan, mis. 'Sen, Kam' (preferensi).",
            "Preferred office days, e.g. 'Mon, Thu' (soft).",
            width=18,
        ),
        Column(
            "Pimpinan", "Leader", False,
            "Ya = pimpinan unit (kepala, sekretaris, kepala bidang …): mendapat paling sedikit "
            "'Minimal Hari WFO Pimpinan' hari kantor (SE MenPAN-RB 19/2020).",
            "Yes = a head of the unit (head, secretary, head of division …): gets at least "
            "'Minimal Hari WFO Pimpinan' office days (SE MenPAN-RB 19/2020).",
            width=11, choices=YES_NO,
        ),
        Column(
            "Jenis Kelamin", "Sex", False,
            "L (laki-laki) atau P (perempuan); kosong = dari digit ke-15 NIP PNS. Dipakai untuk "
            "'Prioritas Gelombang 1'.",
            "L (male) or P (female); empty = from the PNS NIP's 15th digit. Used by "
            "'Prioritas Gelombang 1' (first-wave priority).",
            width=9, choices=("L", "P"), aliases=("jenisKelamin", "L/P", "JK", "Sex", "Gender"),
        ),
    ),
)  # fmt: skip

UNIT = Sheet(
    "Unit",
    "Units",
    True,
    "Satu baris per unit kerja (OPD, kecamatan, RSUD, …).",
    "One row per unit (agency, district office, hospital, …).",
    (
        Column("Unit Kerja", "Unit", True, "Nama unit, unik.", "Unit name, unique.", width=40),
        Column(
            "Gedung", "Building", True, "Gedung kantor unit.", "The unit's office building.",
            width=34,
        ),
        Column(
            "Sektor", "Sector", False,
            "Non-esensial (bawaan), Esensial atau Kritikal; menentukan kuota WFO.",
            "Non-essential (default), Essential or Critical; sets the office cap.",
            width=14, choices=SECTORS,
        ),
        Column(
            "Kuota WFO (%)", "Office Cap (%)", False,
            "Mengganti kuota sektor untuk unit ini (mis. 40 atau 40%).",
            "Overrides the sector cap for this unit (e.g. 40 or 40%).",
            width=14,
        ),
        Column(
            "Minimal WFO per Hari", "Min On Site per Day", False,
            "Jumlah minimal pegawai WFO setiap hari kerja (unit esensial).",
            "Least number of staff on site each working day (essential units).",
            width=20, whole=True,
        ),
        Column(
            "Nama Penandatangan", "Signatory Name", False,
            "Pejabat yang menandatangani jadwal unit ini (kosong = diisi tangan).",
            "The official who signs this unit's roster (empty = filled in by hand).",
            width=34,
        ),
        Column(
            "Jabatan Penandatangan", "Signatory Title", False,
            "Jabatannya, mis. 'Camat Balikpapan Kota' (kosong = dari nama unit).",
            "Their title, e.g. 'Camat Balikpapan Kota' (empty = derived from the unit's name).",
            width=34,
        ),
        Column(
            "NIP Penandatangan", "Signatory NIP", False, "NIP pejabat itu (teks).",
            "That official's NIP (text).", width=22, text=True,
        ),
        Column(
            "Tempat", "Place", False, "Tempat penandatanganan (kota), mis. Balikpapan.",
            "Where the roster is signed (city), e.g. Balikpapan.", width=18,
        ),
    ),
)  # fmt: skip

GEDUNG = Sheet(
    "Gedung",
    "Buildings",
    False,
    "Opsional: kapasitas dan kuota per gedung.",
    "Optional: seats and caps per building.",
    (
        Column("Gedung", "Building", True, "Nama gedung, unik.", "Building name, unique.",
               width=40),
        Column(
            "Kapasitas", "Seats", False,
            "Jumlah kursi setelah penjagaan jarak.",
            "Seats left after physical distancing.",
            width=12, whole=True,
        ),
        Column(
            "Kuota WFO (%)", "Office Cap (%)", False,
            "Batas pegawai gedung ini yang WFO pada waktu yang sama.",
            "Cap on the building's own staff on site at the same time.",
            width=14,
        ),
    ),
)  # fmt: skip

KETIDAKHADIRAN = Sheet(
    "Ketidakhadiran",
    "Absences",
    False,
    "Opsional: cuti, sakit, dinas luar, isolasi.",
    "Optional: leave, sickness, duty travel, isolation.",
    (
        Column("NIP", "Employee ID", True, "NIP pegawai (teks).", "Employee id (text).",
               width=22, text=True),
        Column("Mulai", "From", True, "Tanggal mulai.", "First day.", width=12,
               aliases=DATE_FROM),
        Column("Selesai", "To", True, "Tanggal selesai (ikut dihitung).", "Last day (inclusive).",
               width=12, aliases=DATE_TO),
        Column("Jenis", "Type", True,
               "Cuti, Sakit, Dinas Luar atau Isolasi (juga: Cuti Tahunan, Cuti Besar, Cuti "
               "Melahirkan, Cuti Alasan Penting, CT, Izin = Cuti; Cuti Sakit = Sakit; Tugas Luar, "
               "Dinas Luar Kota, DL = Dinas Luar; Isoman = Isolasi; Karantina).",
               "Leave, Sick, Duty Travel or Isolation (also the kinds of leave HR write, listed "
               "in docs/input-format.md).", width=14, choices=ABSENCE_TYPES,
               aliases=("Jenis Cuti", "Jenis Ketidakhadiran", "Jenis Absen", "Kode")),
    ),
)  # fmt: skip

PENUTUPAN = Sheet(
    "Penutupan",
    "Closures",
    False,
    "Opsional: gedung ditutup (mis. disinfeksi 3×24 jam); pegawainya WFH.",
    "Optional: buildings closed (e.g. 3×24 h disinfection); their staff work from home.",
    (
        Column("Gedung", "Building", True, "Gedung yang ditutup.", "Closed building.", width=40),
        Column("Mulai", "From", True, "Tanggal mulai.", "First day.", width=12,
               aliases=DATE_FROM),
        Column("Selesai", "To", True, "Tanggal selesai (ikut dihitung).", "Last day (inclusive).",
               width=12, aliases=DATE_TO),
        Column("Alasan", "Reason", False, "Alasan penutupan.", "Reason.", width=60),
    ),
)  # fmt: skip

LIBUR = Sheet(
    "Libur",
    "Holidays",
    False,
    "Opsional: hari libur tambahan. Libur nasional dan cuti bersama sudah otomatis bila "
    "'Libur Nasional' = Ya.",
    "Optional: extra days off. National holidays and joint leave days are added automatically "
    "when 'National Holidays' = Yes.",
    (
        Column("Tanggal", "Date", True, "Tanggal libur.", "Day off.", width=12,
               aliases=("Tgl", "Tanggal Libur")),
        Column("Keterangan", "Description", False, "Keterangan.", "Description.", width=40),
    ),
)  # fmt: skip

KEBIJAKAN = Sheet(
    "Kebijakan",
    "Policy",
    True,
    "Parameter jadwal: satu baris per parameter (kolom Parameter dan Nilai).",
    "Roster parameters: one row per parameter (columns Parameter and Value).",
    (
        Column("Parameter", "Parameter", True, "Nama parameter.", "Parameter name.", width=26),
        Column("Nilai", "Value", True, "Nilai parameter.", "Parameter value.", width=14),
        Column("Keterangan", "Notes", False, "Penjelasan (tidak dibaca).",
               "Explanation (not read).", width=90),
    ),
)  # fmt: skip

SHEETS = (PEGAWAI, UNIT, GEDUNG, KETIDAKHADIRAN, PENUTUPAN, LIBUR, KEBIJAKAN)

#: Headers HR files carry that Giliran knows and deliberately does not use (listed in a warning
#: as not used, never an error): numbering, and the SIASN/SIMPEG fields no rule needs.
UNUSED_COLUMNS = (
    "No", "No.", "Nomor", "No Urut", "NIP Lama",
    "nipLama", "Gol", "Golongan", "Gol Akhir", "Gol. Ruang", "golRuangAkhir", "Pangkat",
    "Pangkat/Gol", "Eselon", "Jenis Jabatan", "jenisJabatan", "Gelar Depan", "Gelar Belakang",
    "gelarDepan", "gelarBelakang", "Tempat Lahir", "Tanggal Lahir", "tglLahir", "Agama",
    "Pendidikan", "Instansi Kerja", "instansiKerjaNama", "Lokasi Kerja", "lokasiKerja",
    "Kedudukan PNS", "kedudukanPnsNama", "Status Pegawai", "Keterangan", "Catatan", "No HP",
    "Email", "Alamat",
)  # fmt: skip

#: Words in a header that suggest a rule: an unrecognised column holding one of them is an
#: error naming the known column it probably means (a hidden rule must not be ignored). Checked
#: in this order on the matching key of the header; the first hit naming a column of the sheet
#: (or, on Pegawai, the Ketidakhadiran sheet) counts.
RULE_WORDS = (
    ("subbag", "Seksi"), ("subbid", "Seksi"), ("seksi", "Seksi"), ("section", "Seksi"),
    ("bidang", "Bidang"), ("bagian", "Bidang"), ("division", "Bidang"),
    ("rentan", "Rentan"), ("vulnerab", "Rentan"), ("komorbid", "Rentan"),
    ("comorbid", "Rentan"), ("hamil", "Rentan"), ("pregnan", "Rentan"), ("lansia", "Rentan"),
    ("wajib", "Wajib WFO"), ("frontline", "Wajib WFO"), ("front-line", "Wajib WFO"),
    ("petugas", "Wajib WFO"), ("layanan", "Wajib WFO"), ("piket", "Wajib WFO"),
    ("onsite", "Wajib WFO"), ("pimpinan", "Pimpinan"), ("leader", "Pimpinan"),
    ("kepala", "Pimpinan"), ("kepala", "Nama Penandatangan"),
    ("pejabat", "Nama Penandatangan"), ("vaksin", "Vaksin"), ("vaccin", "Vaksin"),
    ("gedung", "Gedung"),
    ("building", "Gedung"), ("kantor", "Gedung"), ("unit", "Unit Kerja"), ("opd", "Unit Kerja"),
    ("satker", "Unit Kerja"), ("unor", "Unit Kerja"), ("hariwfo", "Hari WFO Pilihan"),
    ("wfo", "Wajib WFO"), ("wfh", "Rentan"), ("cuti", "Ketidakhadiran"),
    ("sakit", "Ketidakhadiran"), ("izin", "Ketidakhadiran"), ("isoman", "Ketidakhadiran"),
    ("isolasi", "Ketidakhadiran"), ("dinasluar", "Ketidakhadiran"),
    ("penandatangan", "Nama Penandatangan"), ("kuota", "Kuota WFO (%)"),
    ("quota", "Kuota WFO (%)"), ("minimal", "Minimal WFO per Hari"), ("sektor", "Sektor"),
    ("sector", "Sektor"), ("esensial", "Sektor"), ("kritikal", "Sektor"),
    ("kapasitas", "Kapasitas"), ("kursi", "Kapasitas"), ("seat", "Kapasitas"),
)  # fmt: skip


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------


def write_input_workbook(problem: Problem, path: Path) -> None:
    """Write ``problem`` as an input workbook at ``path`` (atomically)."""
    wb = _new_workbook()
    _write_instructions(wb, problem.name)
    _write_sheet(wb, PEGAWAI, (_employee_row(e) for e in problem.employees))
    _write_sheet(wb, UNIT, (_unit_row(u) for u in problem.units))
    _write_sheet(wb, GEDUNG, (_building_row(b) for b in problem.buildings))
    _write_sheet(wb, KETIDAKHADIRAN, (_absence_row(a) for a in problem.absences))
    _write_sheet(wb, PENUTUPAN, (_closure_row(c) for c in problem.closures))
    _write_sheet(wb, LIBUR, ([d, text] for d, text in _workbook_holidays(problem)))
    _write_policy(wb, problem.policy)
    _save_atomically(wb, path)


def write_template(path: Path) -> None:
    """Write the blank input template at ``path`` (atomically)."""
    wb = _new_workbook()
    _write_instructions(wb, "")
    for sheet in SHEETS[:-1]:
        _write_sheet(wb, sheet, ())
    _write_policy(wb, None)
    _save_atomically(wb, path)


# --------------------------------------------------------------------------------------------
# Rows
# --------------------------------------------------------------------------------------------


def _employee_row(emp: Employee) -> list[Value]:
    days = ", ".join(WEEKDAY_NAMES_ID[d] for d in sorted(emp.preferred_weekdays))
    return [
        emp.nip,
        emp.name,
        emp.unit,
        emp.bidang or None,
        emp.seksi or None,
        emp.position or None,
        emp.building or None,
        yes_no(emp.vulnerable),
        yes_no(emp.always_on_site),
        yes_no(emp.vaccinated),
        days or None,
        yes_no(emp.leader),
        None if emp.sex is None else emp.sex.value,
    ]


def _unit_row(unit: Unit) -> list[Value]:
    return [
        unit.name,
        unit.building,
        unit.sector.value,
        excel_percent(unit.cap_pct),
        unit.min_per_day,
        unit.signatory_name or None,
        unit.signatory_title or None,
        unit.signatory_nip or None,
        unit.place or None,
    ]


def _building_row(building: Building) -> list[Value]:
    return [building.name, building.seats, excel_percent(building.cap_pct)]


def _absence_row(absence: Absence) -> list[Value]:
    label = ABSENCE_LABELS.get(absence.kind, absence.kind.value.capitalize())  # Karantina
    return [absence.nip, absence.start, absence.end, label]


def _closure_row(closure: Closure) -> list[Value]:
    return [closure.building, closure.start, closure.end, closure.reason or None]


def _workbook_holidays(problem: Problem) -> list[tuple[dt.date, str]]:
    """The problem's days off that the national calendar does not already give."""
    national = set(national_holidays(problem.dates)) if problem.policy.national_holidays else set()
    return [(d, text) for d, text in problem.holidays if (d, text) not in national]


# --------------------------------------------------------------------------------------------
# Sheets
# --------------------------------------------------------------------------------------------

HEADER_FONT = Font(bold=True, color="FFFFFF")
REQUIRED_FILL = PatternFill("solid", fgColor="1F4E78")
OPTIONAL_FILL = PatternFill("solid", fgColor="5B9BD5")
TITLE_FONT = Font(bold=True, size=14)
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="center")


def _new_workbook() -> Workbook:
    wb = Workbook()
    if wb.active is not None:
        wb.remove(wb.active)
    wb.properties.creator = "Giliran"
    return wb


def _put(ws: Worksheet, row: int, column: int, value: Value, text: bool = False) -> Cell | None:
    """Write ``value`` into a cell: strings stay strings, dates get a date format."""
    if value is None:
        return None
    cell = ws.cell(row=row, column=column, value=value)
    assert isinstance(cell, Cell)  # these sheets have no merged cells
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula, whatever the text starts with
    elif isinstance(value, dt.date):
        cell.number_format = DATE_FORMAT
    if text:
        cell.number_format = TEXT_FORMAT
    return cell


def _put_row(ws: Worksheet, row: int, values: Sequence[Value]) -> list[Cell]:
    """Write a row of values from column A; returns the cells written."""
    cells = (_put(ws, row, i, v) for i, v in enumerate(values, start=1))
    return [c for c in cells if c is not None]


def _style_header(cells: Iterable[Cell], required: Iterable[bool]) -> None:
    for cell, needed in zip(cells, required, strict=True):
        cell.font = HEADER_FONT
        cell.fill = REQUIRED_FILL if needed else OPTIONAL_FILL
        cell.alignment = HEADER_ALIGNMENT


def _start_sheet(wb: Workbook, sheet: Sheet) -> Worksheet:
    """A sheet with its header, column widths, text formats, drop-downs and a frozen header."""
    ws: Worksheet = wb.create_sheet(sheet.name)
    header = _put_row(ws, 1, [col.header for col in sheet.columns])
    _style_header(header, (col.required for col in sheet.columns))
    for i, col in enumerate(sheet.columns, start=1):
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = col.width
        if col.text:
            ws.column_dimensions[letter].number_format = TEXT_FORMAT
        area = f"{letter}2:{letter}{LAST_ROW}"
        if col.choices:
            ws.add_data_validation(_choice_validation(col.header, col.choices, area))
        elif col.whole:
            ws.add_data_validation(_whole_validation(col.header, area))
    ws.freeze_panes = "A2"
    return ws


def _write_sheet(wb: Workbook, sheet: Sheet, rows: Iterable[Sequence[Value]]) -> None:
    ws = _start_sheet(wb, sheet)
    text_columns = [col.text for col in sheet.columns]
    last_row = 1
    for last_row, values in enumerate(rows, start=2):
        for column, (value, text) in enumerate(zip(values, text_columns, strict=True), start=1):
            _put(ws, last_row, column, value, text)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(sheet.columns))}{last_row}"


def _write_policy(wb: Workbook, policy: Policy | None) -> None:
    ws = _start_sheet(wb, KEBIJAKAN)
    for row, param in enumerate(PARAMETERS, start=2):
        _put_row(ws, row, [param.name, param.cell(policy), param.template_note()])
        if param.name == START:
            ws.cell(row=row, column=2).number_format = DATE_FORMAT  # also while still empty
        if param.choices:
            ws.add_data_validation(_choice_validation(param.name, param.choices, f"B{row}"))
        elif param.least is not None:
            ws.add_data_validation(_whole_validation(param.name, f"B{row}", param.least))


def _choice_validation(label: str, choices: tuple[str, ...], area: str) -> DataValidation:
    listed = ", ".join(choices)
    dv = DataValidation(
        type="list",
        formula1='"' + ",".join(choices) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=label,
        error=f"Pilih salah satu / choose one of: {listed}",
        showInputMessage=True,
        promptTitle=label,
        prompt=f"Pilih / choose: {listed}",
    )
    dv.add(area)
    return dv


def _whole_validation(label: str, area: str, least: int = 0) -> DataValidation:
    dv = DataValidation(
        type="whole",
        operator="greaterThanOrEqual",
        formula1=str(least),
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=label,
        error=f"Isi bilangan bulat ≥ {least} / enter a whole number ≥ {least}",
    )
    dv.add(area)
    return dv


# --------------------------------------------------------------------------------------------
# Petunjuk (instructions)
# --------------------------------------------------------------------------------------------

GENERAL_NOTES = (
    ("Isi lembar Pegawai, Unit dan Kebijakan (wajib); lembar lain boleh kosong.",
     "Fill in the Pegawai, Unit and Kebijakan sheets (required); the others may stay empty."),
    ("Nama lembar dan kolom boleh huruf besar/kecil; nama di kolom Alias juga diterima. Kolom "
     "lain tidak dibaca dan disebutkan dalam peringatan; kolom yang tampak seperti aturan (mis. "
     "Komorbid, Petugas Layanan) tetapi tidak dikenal adalah kesalahan.",
     "Sheet and column names are case-insensitive; the names in the Alias column are accepted "
     "too. Other columns are not read and are listed in a warning; a column that looks like a "
     "rule (e.g. Comorbid, Front-line) but is not recognised is an error."),
    ("NIP selalu teks: kolom NIP sudah berformat teks. Bila menempel dari berkas lain, tempel "
     "sebagai nilai (Paste Values) dan pastikan angka 0 di depan tidak hilang.",
     "NIP is always text: the NIP column is formatted as text. When pasting from another file, "
     "paste values and check that leading zeros are kept."),
    ("Tanggal sebagai tanggal Excel atau teks YYYY-MM-DD, DD/MM/YYYY atau '26 Juli 2021'.",
     "Dates as Excel dates or YYYY-MM-DD, DD/MM/YYYY or '26 Juli 2021' text."),
    ("Persentase boleh ditulis 25, 25% atau 0,25 berformat persen; tulis 1% atau 100, bukan 1.",
     "Percentages may be written 25, 25% or as an Excel percentage (0.25); write 1% or 100, "
     "not 1."),
    ("Sel yang digabung (merge) ke bawah berlaku untuk setiap baris gabungannya; judul dua baris "
     "dan baris penomoran (1) (2) (3) di bawah judul juga dimengerti.",
     "A cell merged down a block of rows applies to every row of the block; two-row headers and "
     "a numbering row (1) (2) (3) below the header are understood too."),
    ("Ya/Tidak dipilih dari daftar; kosong berarti Tidak.",
     "Ya/Tidak (Yes/No) come from the drop-down; empty means No."),
    ("Judul kolom biru tua = wajib, biru muda = opsional.",
     "Dark blue headers = required, light blue = optional."),
    ("Periksa berkas dengan: giliran validate BERKAS.xlsx; buat jadwal dengan: giliran solve "
     "BERKAS.xlsx",
     "Check the file with: giliran validate FILE.xlsx; build the roster with: giliran solve "
     "FILE.xlsx"),
)  # fmt: skip
INSTRUCTION_HEADERS = ("Lembar / Sheet", "Kolom / Column", "Alias (English)", "Wajib / Required",
                       "Keterangan", "Description")  # fmt: skip
INSTRUCTION_WIDTHS = (18, 26, 24, 16, 70, 70)


def _write_instructions(wb: Workbook, organisation: str) -> None:
    ws = wb.create_sheet("Petunjuk")
    for i, width in enumerate(INSTRUCTION_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    for cell in _put_row(ws, 1, ["Petunjuk pengisian / How to fill in the Giliran input workbook"]):
        cell.font = TITLE_FONT
    row = 2  # the organisation names the roster and its signatory's title: a row to fill in
    label = _put_row(ws, row, ["Organisasi / Organisation", organisation or None])
    label[0].font = BOLD
    row += 2
    for note_id, note_en in GENERAL_NOTES:
        _wrap(_put_row(ws, row, [None, None, None, None, note_id, note_en]))
        row += 1
    row += 1
    _style_header(_put_row(ws, row, INSTRUCTION_HEADERS), [True] * len(INSTRUCTION_HEADERS))
    ws.freeze_panes = f"A{row + 1}"
    for values, bold in _instruction_rows():
        row += 1
        cells = _put_row(ws, row, values)
        _wrap(cells)
        if bold:
            for cell in cells:
                cell.font = BOLD


def _instruction_rows() -> Iterable[tuple[list[Value], bool]]:
    """(sheet, column, alias, required, keterangan, description) rows; sheet rows in bold."""

    def required(flag: bool) -> str:
        return "Ya / Yes" if flag else "Tidak / No"

    for sheet in SHEETS:
        yield [sheet.name, None, sheet.alias, required(sheet.required), sheet.note_id,
               sheet.note_en], True  # fmt: skip
        for col in sheet.columns:
            alias = "; ".join((col.alias, *col.aliases))
            yield [sheet.name, col.header, alias, required(col.required), col.note_id,
                   col.note_en], False  # fmt: skip
    for param in PARAMETERS:
        yield [KEBIJAKAN.name, f"Parameter: {param.name}", param.alias,
               required(param.required), param.template_note(), None], False  # fmt: skip


def _wrap(cells: Iterable[Cell]) -> None:
    for cell in cells:
        cell.alignment = WRAP


# --------------------------------------------------------------------------------------------
# Saving
# --------------------------------------------------------------------------------------------


def _save_atomically(wb: Workbook, path: Path) -> None:
    with atomic_output(path) as tmp:
        wb.save(tmp)
