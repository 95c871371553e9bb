"""Never crash, never lose data: hostile and odd input files, formula injection, kill -9.

See docs/robustness.md for the limits and guarantees these tests pin down.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import shutil
import signal
import struct
import subprocess
import sys
import threading
import time
import zipfile
import zlib
from collections.abc import Mapping
from pathlib import Path

import openpyxl
import openpyxl.reader.excel as excel_reader
import pytest
from click.testing import CliRunner, Result
from openpyxl.cell.cell import Cell
from python_calamine import CalamineWorkbook

from optimizer.analysis.checker import check
from optimizer.cli import main
from optimizer.demo.generator import generate_city
from optimizer.errors import InputError, InputProblem
from optimizer.io import limits as limits_module
from optimizer.io.input_workbook import write_input_workbook
from optimizer.io.limits import ENV_MAX_UPLOAD_MB, MB, Limits
from optimizer.io.reader import read_workbook
from optimizer.io.roster_reader import read_roster
from optimizer.io.validate import load_problem, problem_from_sheets
from tests.xlsx_util import NIP_1, NIP_2, NIP_3, small_sheets, write_small

ROOT = Path(__file__).resolve().parent.parent

# --------------------------------------------------------------------------------------------
# Helpers: hand-made workbooks (what openpyxl cannot write) and running the CLI
# --------------------------------------------------------------------------------------------

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
    'openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
    '"application/xml"/></Types>'
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.'
    'org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)


def crafted_parts(sheets: Mapping[str, str], shared: list[str] | None = None) -> dict[str, bytes]:
    """The parts of a minimal workbook whose sheets hold the given ``<sheetData>`` content."""
    names = list(sheets)
    listed = "".join(
        f'<sheet name="{n}" sheetId="{i}" r:id="rId{i}"/>' for i, n in enumerate(names, 1)
    )
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{REL_NS}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, len(names) + 1)
    )
    parts = {
        "[Content_Types].xml": CONTENT_TYPES.encode(),
        "_rels/.rels": ROOT_RELS.encode(),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">'
            f"<sheets>{listed}</sheets></workbook>"
        ).encode(),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            f'openxmlformats.org/package/2006/relationships">{rels}</Relationships>'
        ).encode(),
    }
    for i, name in enumerate(names, 1):
        parts[f"xl/worksheets/sheet{i}.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN_NS}">'
            f"<sheetData>{sheets[name]}</sheetData></worksheet>"
        ).encode()
    if shared is not None:
        items = "".join(f"<si><t>{s}</t></si>" for s in shared)
        parts["xl/sharedStrings.xml"] = f'<sst xmlns="{MAIN_NS}">{items}</sst>'.encode()
    return parts


def zip_parts(path: Path, parts: Mapping[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def crafted(path: Path, sheets: Mapping[str, str], shared: list[str] | None = None) -> Path:
    return zip_parts(path, crafted_parts(sheets, shared))


def inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def problems_of(path: Path, limits: Limits | None = None) -> list[InputProblem]:
    with pytest.raises(InputError) as caught:
        read_workbook(path, limits=limits)
    return caught.value.problems


def replace_in_parts(path: Path, old: bytes, new: bytes) -> Path:
    """Rewrite the zip at ``path`` with ``old`` replaced by ``new`` in every part."""
    with zipfile.ZipFile(path) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    assert any(old in data for data in parts.values()), old
    return zip_parts(path, {n: data.replace(old, new) for n, data in parts.items()})


def set_formula(path: Path, placeholder: int, cell_xml: str) -> Path:
    """Replace the number cell holding ``placeholder`` by ``cell_xml`` (its address kept)."""
    with zipfile.ZipFile(path) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    pattern = re.compile(
        rb'<c r="([A-Z]+[0-9]+)"[^>]*><v>' + str(placeholder).encode() + b"</v></c>"
    )
    found = 0
    for name, data in parts.items():
        parts[name], n = pattern.subn(
            lambda m: cell_xml.format(ref=m.group(1).decode()).encode(), data
        )
        found += n
    assert found == 1, found
    return zip_parts(path, parts)


def run_cli(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def employees_of(path: Path) -> list[str]:
    problem, _ = load_problem(path)
    return [e.nip for e in problem.employees]


# --------------------------------------------------------------------------------------------
# The file itself: a real .xlsx by content, within the size limits
# --------------------------------------------------------------------------------------------


def test_openpyxl_is_protected_by_defusedxml() -> None:
    assert openpyxl.DEFUSEDXML is True  # openpyxl parses through defusedxml when it is installed


def test_input_is_read_by_calamine_not_openpyxl(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("openpyxl must not read input workbooks")

    monkeypatch.setattr(openpyxl, "load_workbook", refuse)
    monkeypatch.setattr(excel_reader, "load_workbook", refuse)
    assert employees_of(write_small(tmp_path / "kecil.xlsx")) == [NIP_1, NIP_2, NIP_3]


def test_a_zip_without_content_types_is_not_a_workbook(tmp_path: Path) -> None:
    parts = crafted_parts({"Pegawai": inline("A1", "NIP")})
    del parts["[Content_Types].xml"]
    problem = problems_of(zip_parts(tmp_path / "x.xlsx", parts))[0]
    assert "[Content_Types].xml" in problem.message_en and "damaged" in problem.message_en


def test_a_zip_without_workbook_part_is_named_for_what_it_is(tmp_path: Path) -> None:
    parts = crafted_parts({"Pegawai": inline("A1", "NIP")})
    del parts["xl/workbook.xml"]
    parts["word/document.xml"] = b"<w/>"
    problem = problems_of(zip_parts(tmp_path / "x.xlsx", parts))[0]
    assert "Word document" in problem.message_en and "Simpan" in problem.fix_id


@pytest.mark.parametrize("suffix", [".xlsb", ".numbers", ".csv", ".tsv", ".txt"])
def test_other_formats_are_refused_with_how_to_convert(tmp_path: Path, suffix: str) -> None:
    path = write_small(tmp_path / "asli.xlsx").rename(tmp_path / f"pegawai{suffix}")
    problem = problems_of(path)[0]
    assert suffix in problem.message_id and suffix in problem.message_en
    assert "Simpan ulang sebagai .xlsx" in problem.fix_id
    assert "Save it again as .xlsx" in problem.fix_en


def test_the_upload_size_is_capped(tmp_path: Path) -> None:
    path = write_small(tmp_path / "kecil.xlsx")
    small = Limits(max_file_bytes=path.stat().st_size - 1)
    problem = problems_of(path, small)[0]
    assert "terlalu besar" in problem.message_id and "too large" in problem.message_en
    assert ENV_MAX_UPLOAD_MB in problem.fix_en
    assert read_workbook(path, limits=Limits(max_file_bytes=path.stat().st_size))


def test_the_upload_limit_comes_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_small(tmp_path / "kecil.xlsx")
    assert limits_module.current().max_file_bytes == 50 * MB
    monkeypatch.setenv(ENV_MAX_UPLOAD_MB, "0,001")  # 1 KB; a decimal comma is fine
    assert limits_module.current().max_file_bytes == int(0.001 * MB)
    with pytest.raises(InputError, match="the limit is 1 KB"):
        load_problem(path)
    monkeypatch.setenv(ENV_MAX_UPLOAD_MB, "lima puluh")  # unreadable: the default applies
    assert limits_module.current() == Limits()
    limits_module.configure(Limits(max_file_bytes=10))  # the web page's own setting wins
    try:
        with pytest.raises(InputError, match="too large"):
            load_problem(path)
    finally:
        limits_module.configure(None)
    assert load_problem(path)


def test_too_many_zip_parts_is_refused(tmp_path: Path) -> None:
    parts = crafted_parts({"Pegawai": inline("A1", "NIP")})
    parts.update({f"xl/media/image{i}.png": b"" for i in range(2_000)})
    problem = problems_of(zip_parts(tmp_path / "banyak.xlsx", parts))[0]
    assert "2,00" in problem.message_en and "zip bomb" in problem.message_en


def hand_zip(entries: list[tuple[str, bytes, int]], crc_of_declared: bool = False) -> bytes:
    """A zip written by hand: (name, content, declared uncompressed size) per part."""
    out, directory = bytearray(), bytearray()
    for name, content, declared in entries:
        packer = zlib.compressobj(6, zlib.DEFLATED, -15)
        packed = packer.compress(content) + packer.flush()
        crc = zlib.crc32(content[:declared] if crc_of_declared else content)
        offset, encoded = len(out), name.encode()
        out += struct.pack(
            "<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(packed), declared,
            len(encoded), 0,
        ) + encoded + packed  # fmt: skip
        directory += struct.pack(
            "<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, crc, len(packed), declared,
            len(encoded), 0, 0, 0, 0, 0, offset,
        ) + encoded  # fmt: skip
    start = len(out)
    n = len(entries)
    out += directory + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, n, n, len(directory), start, 0)
    return bytes(out)


def test_a_directory_declaring_600_mb_is_refused_without_unpacking(tmp_path: Path) -> None:
    parts = crafted_parts({"Pegawai": inline("A1", "NIP")})
    entries = [(n, data, len(data)) for n, data in parts.items()]
    entries.append(("xl/media/big.bin", b"\0" * 1000, 600 * MB))  # the directory lies
    path = tmp_path / "besar.xlsx"
    path.write_bytes(hand_zip(entries))
    started = time.monotonic()
    problem = problems_of(path)[0]
    assert time.monotonic() - started < 1
    assert "600.0 MB once unpacked" in problem.message_en and "zip bomb" in problem.message_en


def test_a_part_packed_tighter_than_200_to_1_is_a_zip_bomb(tmp_path: Path) -> None:
    parts = crafted_parts({"Pegawai": inline("A1", "NIP")})
    parts["xl/media/zeros.bin"] = bytes(8 * MB)  # 8 MB of zeros pack about 1000:1
    problem = problems_of(zip_parts(tmp_path / "bom.xlsx", parts))[0]
    assert "xl/media/zeros.bin is packed" in problem.message_en
    assert "zip bomb" in problem.message_en


def test_a_part_larger_than_its_declared_size_is_refused_quickly(tmp_path: Path) -> None:
    parts = crafted_parts({"Pegawai": '<c r="A1" t="s"><v>0</v></c>'}, shared=["NIP"])
    entries = [(n, data, len(data)) for n, data in parts.items()]
    name, data, _ = entries[-1]  # the shared strings claim 10 bytes but unpack to 50 MB
    entries[-1] = (name, data.replace(b"NIP", b"N" * (50 * MB)), 10)
    path = tmp_path / "bohong.xlsx"
    path.write_bytes(hand_zip(entries, crc_of_declared=True))
    started = time.monotonic()
    assert "damaged" in problems_of(path)[0].message_en
    assert time.monotonic() - started < 2


def test_duplicate_part_names_are_refused(tmp_path: Path) -> None:
    parts = crafted_parts({"Pegawai": inline("A1", "NIP")})
    path = tmp_path / "ganda.xlsx"
    with zipfile.ZipFile(path, "w") as archive, pytest.warns(UserWarning):
        for name, data in parts.items():
            archive.writestr(name, data)
        archive.writestr("xl/worksheets/sheet1.xml", parts["xl/worksheets/sheet1.xml"])
    assert "duplicate part names" in problems_of(path)[0].message_en


def test_an_unknown_xml_encoding_is_refused(tmp_path: Path) -> None:
    """Found by the long fuzz run (2026-11-26): a flipped byte made 'UTF-8' read 'UXF-8'."""
    parts = crafted_parts({"Pegawai": inline("A1", "NIP")})
    rels = parts["xl/_rels/workbook.xml.rels"]
    parts["xl/_rels/workbook.xml.rels"] = rels.replace(b"UTF-8", b"UXF-8")
    assert "unknown encoding" in problems_of(zip_parts(tmp_path / "x.xlsx", parts))[0].message_en


def test_unusual_compression_is_refused(tmp_path: Path) -> None:
    parts = crafted_parts({"Pegawai": inline("A1", "NIP")})
    path = tmp_path / "bzip.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_BZIP2) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    assert "compression method" in problems_of(path)[0].message_en


# --------------------------------------------------------------------------------------------
# XML: no entity is ever expanded; calamine never allocates a huge sheet
# --------------------------------------------------------------------------------------------

LOL = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    + f']><sst xmlns="{MAIN_NS}"><si><t>&lol9;</t></si></sst>'
)


def test_billion_laughs_in_shared_strings_is_refused_quickly(tmp_path: Path) -> None:
    parts = crafted_parts({"Pegawai": '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'})
    parts["xl/sharedStrings.xml"] = LOL.encode()
    path = zip_parts(tmp_path / "lol.xlsx", parts)
    started = time.monotonic()
    problem = problems_of(path)[0]
    assert "DTD/ENTITY" in problem.message_en and "xl/sharedStrings.xml" in problem.message_en
    # calamine itself would not expand it either: it stops at the unknown entity at once
    with pytest.raises(Exception, match="unrecognized entity"):
        CalamineWorkbook.from_path(str(path))
    assert time.monotonic() - started < 1


def test_a_dtd_in_the_workbook_part_is_refused(tmp_path: Path) -> None:
    parts = crafted_parts({"Pegawai": inline("A1", "NIP")})
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(
        b"?>", b'?><!DOCTYPE w [<!ENTITY e SYSTEM "file:///etc/passwd">]>', 1
    )
    problem = problems_of(zip_parts(tmp_path / "xxe.xlsx", parts))[0]
    assert "DTD/ENTITY" in problem.message_en and "xl/workbook.xml" in problem.message_en


def test_one_value_in_the_last_cell_is_refused_before_calamine_allocates(tmp_path: Path) -> None:
    # 5 KB on disk; calamine would allocate 1,048,576 x 16,384 cells (hundreds of gigabytes)
    sheet = inline("A1", "NIP") + '<c r="XFD1048576"><v>1</v></c>'
    path = crafted(tmp_path / "jauh.xlsx", {"Pegawai": sheet})
    started = time.monotonic()
    problems = problems_of(path)
    assert time.monotonic() - started < 1
    assert [p.sheet for p in problems] == ["Pegawai", "Pegawai"]
    rows = Limits().max_rows
    assert f"down to row 1,048,576; the limit is {rows:,} rows" in problems[0].message_en
    assert f"sampai baris 1.048.576; batasnya {rows:,} baris".replace(",", ".") in (
        problems[0].message_id
    )
    assert "up to column XFD (column 16,384); the limit is 500 columns" in problems[1].message_en


HOSTILE_SHEETS = {
    "second r wins": '<row r="1"><c r="A1" r="ZZZ900000"><v>1</v></c></row>',
    "no space before r": '<row r="1"><c r="A1"r="ZZZ900000"><v>1</v></c></row>',
    "cells without address": "<row><c><v>1</v></c>" + "<c><v>2</v></c>" * 600 + "</row>",
    "rows without address": '<row r="900000"></row><row><c><v>1</v></c></row>',
    "lower case": '<row r="1"><c r="zzz900000"><v>1</v></c></row>',
    "prefixed": '<x:row xmlns:x="urn:x" r="1"><x:c r="ZZZ900000"><x:v>1</x:v></x:c></x:row>',
    "huge numbers": '<row r="1"><c r="A' + "9" * 5000 + '"><v>1</v></c></row>',
    "gt in a value": '<row r="1"><c a=">" r="ZZZ900000"><v>1</v></c></row>',
    "row zero": '<row r="0"><c><v>1</v></c></row>',
    "dollar": '<row r="1"><c r="$A$1"><v>1</v></c></row>',
    "nested cell": '<row r="1"><c r="A1"><v>1<c r="ZZZ900000"/></v></c></row>',
    "comment": '<row r="1"><!-- <c r="ZZZ900000"><v>1</v></c> --><c r="B2"><v>1</v></c></row>',
}


def test_hostile_sheet_xml_is_refused_or_read_within_limits(tmp_path: Path) -> None:
    """Each variant is read in a child process limited to 2 GB: a regression fails, not OOMs."""
    paths = {k: crafted(tmp_path / f"h{i}.xlsx", {"Pegawai": v}) for i, (k, v) in
             enumerate(HOSTILE_SHEETS.items())}  # fmt: skip
    script = (
        "import json, resource, sys\n"
        "from pathlib import Path\n"
        "resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))\n"
        "from optimizer.io.reader import read_workbook\n"
        "from optimizer.errors import InputError\n"
        "out = {}\n"
        "for key, path in json.loads(sys.argv[1]).items():\n"
        "    try:\n"
        "        rows = read_workbook(Path(path))['Pegawai']\n"
        "        out[key] = ['read', len(rows), max((len(r) for r in rows), default=0)]\n"
        "    except InputError as err:\n"
        "        out[key] = ['refused', err.problems[0].message_en]\n"
        "print(json.dumps(out))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script, json.dumps({k: str(p) for k, p in paths.items()})],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    outcome = json.loads(proc.stdout)
    for key, verdict in outcome.items():
        if verdict[0] == "read":
            assert verdict[1] <= Limits().max_rows and verdict[2] <= 500, (key, verdict)
    assert outcome["comment"] == ["read", 2, 2]  # a comment is not a cell
    for key in ("second r wins", "rows without address", "lower case", "prefixed"):
        assert outcome[key][0] == "refused" and "the limit is" in outcome[key][1], key
    assert outcome["cells without address"] == ["refused", outcome["cells without address"][1]]
    assert "column 601" in outcome["cells without address"][1]


def test_formatted_empty_cells_far_below_the_data_are_not_data(tmp_path: Path) -> None:
    """HR formats whole columns down to row 1,048,576: styled empty cells are not values."""
    path = write_small(tmp_path / "format.xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book["Pegawai"]
    for row in (5_000, 250_000, 1_048_576):
        for column in (1, 2, 700):
            sheet.cell(row=row, column=column).number_format = "@"
    book.save(path)
    assert employees_of(path) == [NIP_1, NIP_2, NIP_3]


def test_row_column_and_cell_limits_name_the_sheet(tmp_path: Path) -> None:
    path = write_small(tmp_path / "kecil.xlsx")
    rows = problems_of(path, Limits(max_rows=3))
    assert any("sheet 'Pegawai' has data down to row 4; the limit is 3 rows" in p.message_en
               for p in rows)  # fmt: skip
    assert all(p.sheet != "Unit" for p in rows)
    columns = problems_of(path, Limits(max_columns=10))[0]
    assert columns.sheet == "Pegawai" and "up to column K (column 11)" in columns.message_en
    cells = problems_of(path, Limits(max_cells=40))[0]
    assert cells.sheet == "Pegawai" and "4 rows x 11 columns" in cells.message_en
    assert "Hapus baris dan kolom kosong" in cells.fix_id
    last = Limits().max_rows
    at_limit = f'<row r="{last}"><c r="A{last}"><v>1</v></c></row>'
    assert (
        len(read_workbook(crafted(tmp_path / "batas.xlsx", {"Pegawai": at_limit}))["Pegawai"])
        == last
    )
    over = f'<row r="{last + 1}"><c r="A{last + 1}"><v>1</v></c></row>'
    message = problems_of(crafted(tmp_path / "lewat.xlsx", {"Pegawai": over}))[0].message_en
    assert f"down to row {last + 1:,}" in message


def test_text_is_read_row_by_row_when_it_could_exceed_the_budget(tmp_path: Path) -> None:
    shared = ["NIP", "x" * 5_000]
    cells = "".join(f'<row r="{r}"><c r="B{r}" t="s"><v>1</v></c><c r="D{r}"><v>{r}</v></c></row>'
                    for r in range(3, 40))  # fmt: skip
    sheet = '<row r="2"><c r="C2" t="s"><v>0</v></c></row>' + cells
    path = crafted(tmp_path / "teks.xlsx", {"Pegawai": sheet}, shared)
    in_one_go = read_workbook(path)["Pegawai"]
    calamine = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Pegawai")
    assert in_one_go == calamine.to_python(skip_empty_area=False)
    assert in_one_go[2][:2] == ["", "x" * 5_000] and in_one_go[1][2] == "NIP"
    # a budget under the bound but over the real text: row by row, same rows
    row_by_row = read_workbook(path, limits=Limits(max_text_chars=200_000))["Pegawai"]
    assert row_by_row == in_one_go
    with pytest.raises(InputError, match="more than 100,000 characters of text"):
        read_workbook(path, limits=Limits(max_text_chars=100_000))


def test_a_shared_text_longer_than_excel_allows_is_refused(tmp_path: Path) -> None:
    sheet = '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
    path = crafted(tmp_path / "panjang.xlsx", {"Pegawai": sheet}, ["y" * 300_000])
    assert "32,767 characters" in problems_of(path)[0].message_en


def test_a_cell_text_longer_than_excel_allows_is_refused_naming_the_cell(tmp_path: Path) -> None:
    # (openpyxl itself cuts texts to 32,767 characters: the file is made by hand)
    sheet = inline("A1", "NIP") + f'<row r="3">{inline("B3", "x" * 40_000)}</row>'
    problem = problems_of(crafted(tmp_path / "nama.xlsx", {"Pegawai": sheet}))[0]
    assert (problem.sheet, problem.row, problem.column) == ("Pegawai", 3, "B")
    assert "40,000 characters" in problem.message_en and "32,767" in problem.message_en
    assert "40.000 karakter" in problem.message_id


def test_a_long_text_that_is_mostly_control_characters_is_not_too_long(tmp_path: Path) -> None:
    """Found by the long fuzz run (2026-11-26): the length was taken before the cleaning."""
    text = "_x000B_x" * 20_000  # 160,000 characters of XML, 20,000 once read and cleaned
    sheet = inline("A1", "NIP") + f'<row r="2">{inline("B2", text)}</row>'
    rows = read_workbook(crafted(tmp_path / "x.xlsx", {"Pegawai": sheet}))["Pegawai"]
    assert rows[1][1] == "x" * 20_000


def test_invisible_control_characters_are_removed(tmp_path: Path) -> None:
    """Excel writes a control character as _x0001_; the roster could not hold it (NIP mismatch)."""
    sheets = small_sheets()
    sheets["Pegawai"][1][0] = "ZZNIPZZ"
    sheets["Pegawai"][2][1] = "Siti ZZNAMEZZ"
    path = write_small(tmp_path / "kontrol.xlsx", sheets)
    replace_in_parts(path, b"ZZNIPZZ", NIP_1.encode() + b"_x0001_")
    replace_in_parts(path, b"ZZNAMEZZ", b"_x000B_Aminah_x001F_")
    problem, _ = load_problem(path)
    assert problem.employees[0].nip == NIP_1 and problem.employees[1].name == "Siti Aminah"
    out = tmp_path / "jadwal.xlsx"
    result = run_cli("solve", path, "-o", out, "--time-limit", "5")
    assert result.exit_code in (0, 4), result.output
    assert not check(problem, read_roster(out)).hard_violations


def test_an_absurd_minimum_per_day_is_refused_not_an_internal_error(tmp_path: Path) -> None:
    sheets = small_sheets()
    sheets["Unit"][2][4] = 2**63  # Minimal WFO per Hari of Dinas B
    path = write_small(tmp_path / "besar.xlsx", sheets)
    result = CliRunner().invoke(main, ["solve", str(path), "-o", str(tmp_path / "j.xlsx")])
    assert result.exit_code == 3, result.output
    assert "Minimal WFO per Hari" in result.output


def test_a_number_of_thousands_of_digits_is_refused_not_a_crash() -> None:
    sheets = small_sheets()
    sheets["Kebijakan"][2][1] = "1e5000"  # Jumlah Minggu
    with pytest.raises(InputError, match="outside 1–8"):
        problem_from_sheets(sheets)


# --------------------------------------------------------------------------------------------
# Formulas: the saved result is what HR sees; no saved result or an error is named
# --------------------------------------------------------------------------------------------


def test_formula_cells_give_the_result_excel_saved(tmp_path: Path) -> None:
    sheets = small_sheets()
    sheets["Pegawai"][1][9] = 900001  # Vaksin of Budi
    sheets["Pegawai"][3][9] = 900002  # Vaksin of Andi (Tidak as typed)
    sheets["Kebijakan"][2][1] = 900003  # Jumlah Minggu
    sheets["Unit"][2][3] = 900004  # Kuota WFO (%) of Dinas B
    path = write_small(tmp_path / "rumus.xlsx", sheets)
    set_formula(path, 900001, '<c r="{ref}" t="str"><f>IF(1=1,"Tidak","Ya")</f><v>Tidak</v></c>')
    set_formula(path, 900002, '<c r="{ref}" t="str"><f>UPPER("ya")</f><v>YA</v></c>')
    set_formula(path, 900003, '<c r="{ref}"><f>1+1</f><v>2</v></c>')
    set_formula(path, 900004, '<c r="{ref}"><f>30+5</f><v>35</v></c>')
    problem, _ = load_problem(path)
    budi, _, andi = problem.employees
    assert not budi.vaccinated and andi.vaccinated
    assert problem.policy.weeks == 2
    assert problem.units[1].cap_pct == 35


def test_a_formula_without_saved_result_is_named(tmp_path: Path) -> None:
    """openpyxl (and other programs) write formulas without results; calamine would read ''."""
    book = openpyxl.load_workbook(write_small(tmp_path / "tanpa.xlsx"))
    book["Pegawai"]["H2"] = '=IF(1=1,"Ya","Tidak")'
    book["Unit"]["D2"] = "=10+15"
    book.save(tmp_path / "tanpa.xlsx")
    problems = problems_of(tmp_path / "tanpa.xlsx")
    located = [(p.sheet, p.row, p.column) for p in problems]
    assert located == [("Pegawai", 2, "H"), ("Unit", 2, "D")]
    assert 'cell H2 holds the formula =IF(1=1,"Ya","Tidak") but its result is not saved' in (
        problems[0].message_en
    )
    assert "Tempel Spesial > Nilai" in problems[0].fix_id


def test_an_excel_error_cell_is_named(tmp_path: Path) -> None:
    sheets = small_sheets()
    sheets["Pegawai"][2][4] = 900005  # Seksi of Siti: a VLOOKUP that found nothing
    path = write_small(tmp_path / "galat.xlsx", sheets)
    set_formula(path, 900005, '<c r="{ref}" t="e"><f>VLOOKUP(A3,X!A:B,2,0)</f><v>#N/A</v></c>')
    problem = problems_of(path)[0]
    assert (problem.sheet, problem.row, problem.column) == ("Pegawai", 3, "E")
    assert "cell E3 holds the Excel error #N/A" in problem.message_en


def test_many_formula_cells_are_summarised(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(write_small(tmp_path / "banyak.xlsx"))
    for row in range(10, 40):
        book["Pegawai"][f"M{row}"] = "=1"
    book.save(tmp_path / "banyak.xlsx")
    problems = problems_of(tmp_path / "banyak.xlsx")
    assert len(problems) == 21 and "and 10 more such cells" in problems[-1].message_en


# --------------------------------------------------------------------------------------------
# What real HR files look like
# --------------------------------------------------------------------------------------------


def test_header_below_a_merged_title_and_trailing_empty_rows(tmp_path: Path) -> None:
    sheets = small_sheets()
    sheets["Pegawai"][:0] = [["DAFTAR PEGAWAI DINAS A"], ["Per 1 November 2026"], []]
    sheets["Pegawai"] += [["", " ", "\xa0"], [], [None, None]] * 20
    path = write_small(tmp_path / "judul.xlsx", sheets)
    book = openpyxl.load_workbook(path)
    book["Pegawai"].merge_cells("A1:K1")
    book["Pegawai"].merge_cells("A2:K2")
    for row in range(100, 2_000, 7):  # borders drawn far below the table
        book["Pegawai"].cell(row=row, column=3).number_format = "0"
    book.save(path)
    assert employees_of(path) == [NIP_1, NIP_2, NIP_3]


def test_hidden_sheets_are_still_read(tmp_path: Path) -> None:
    path = write_small(tmp_path / "sembunyi.xlsx")
    book = openpyxl.load_workbook(path)
    book["Pegawai"].sheet_state = "hidden"
    book["Kebijakan"].sheet_state = "veryHidden"
    book.active = 1
    book.save(path)
    problem, _ = load_problem(path)
    assert len(problem.employees) == 3 and problem.policy.cap_pct == 25


def test_spaces_non_breaking_spaces_and_case(tmp_path: Path) -> None:
    sheets = small_sheets()
    pegawai = sheets.pop("Pegawai")
    pegawai[0][2] = "\xa0Unit\xa0 Kerja "  # header
    pegawai[1][2] = "  dinas\xa0a "  # unit, another spelling
    pegawai[1][1] = "\xa0Budi\xa0\xa0Santoso "
    pegawai[1][7:10] = ["tidak", "TIDAK", " ya\xa0"]
    pegawai[2][7:10] = ["TiDaK", "YA", "Ya"]
    pegawai[3][7:10] = ["ya", "tidak", "yA"]
    sheets[" pegawai\xa0"] = pegawai
    path = write_small(tmp_path / "spasi.xlsx", sheets)
    problem, _ = load_problem(path)
    budi, siti, andi = problem.employees
    assert budi.unit == "Dinas A" and budi.name == "Budi Santoso" and budi.vaccinated
    assert siti.always_on_site and siti.vaccinated and not siti.vulnerable
    assert andi.vulnerable and andi.vaccinated


def test_apostrophe_prefixed_nip_text(tmp_path: Path) -> None:
    sheets = small_sheets()
    sheets["Pegawai"][1][0] = "'" + NIP_1  # the apostrophe typed into the text itself
    sheets["Ketidakhadiran"][1][0] = "’" + NIP_1  # a curly one, from a word processor
    path = write_small(tmp_path / "petik.xlsx", sheets)
    book = openpyxl.load_workbook(path)
    cell = book["Pegawai"]["A3"]  # Excel's own way: the apostrophe is a cell style, not text
    assert isinstance(cell, Cell) and cell.value == NIP_2
    cell.quotePrefix = True
    book.save(path)
    problem, _ = load_problem(path)
    assert [e.nip for e in problem.employees] == [NIP_1, NIP_2, NIP_3]
    assert problem.absences[0].nip == NIP_1


def test_dates_typed_as_text_day_first(tmp_path: Path) -> None:
    sheets = small_sheets()
    sheets["Kebijakan"][1][1] = "30/11/2026"
    sheets["Ketidakhadiran"][1][1:3] = ["01/12/2026", "2/12/2026"]
    sheets["Penutupan"][1][1:3] = ["03-12-2026", "03.12.2026"]
    sheets["Libur"][1][0] = "04/12/2026"
    problem, _ = load_problem(write_small(tmp_path / "tanggal.xlsx", sheets))
    assert problem.policy.start == dt.date(2026, 11, 30)
    absence = problem.absences[0]
    assert (absence.start, absence.end) == (dt.date(2026, 12, 1), dt.date(2026, 12, 2))
    assert problem.closures[0].start == problem.closures[0].end == dt.date(2026, 12, 3)
    assert dt.date(2026, 12, 4) in dict(problem.holidays)


# --------------------------------------------------------------------------------------------
# Writing: input text never becomes a formula
# --------------------------------------------------------------------------------------------

INJECTED = (
    '=HYPERLINK("http://x","klik")',
    "+6281234567890",
    "@SUM(A1)",
    "-1+1",
    "=1+1",
    "\t=cmd|' /C calc'!A0",
)
TRAPS = {*(t.strip() for t in INJECTED), "=Gedung"}


def test_formula_like_text_is_a_plain_string_in_every_output_sheet(tmp_path: Path) -> None:
    sheets = small_sheets()
    pegawai = sheets["Pegawai"]
    pegawai[1][1], pegawai[2][1], pegawai[3][1] = INJECTED[0], INJECTED[1], INJECTED[2]
    pegawai[1][3], pegawai[1][4], pegawai[1][5] = INJECTED[3], INJECTED[4], INJECTED[5]
    pegawai[3][6] = "=Gedung"  # building of Andi (also named in other sheets)
    path = write_small(tmp_path / "injeksi.xlsx", sheets)
    out = tmp_path / "out" / "jadwal.xlsx"
    result = run_cli("solve", path, "-o", out, "--per-unit", "--time-limit", "5")
    assert result.exit_code in (0, 4), result.output
    written = sorted(out.parent.glob("*.xlsx"))
    assert len(written) == 3  # the roster and one per unit
    found: set[str] = set()
    for roster in written:
        book = openpyxl.load_workbook(roster)
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (roster.name, sheet.title, cell.coordinate)
                    if isinstance(cell.value, str) and cell.value.strip() in TRAPS:
                        assert cell.data_type == "s"
                        found.add(cell.value.strip())
        with zipfile.ZipFile(roster) as archive:
            for name in archive.namelist():
                if name.startswith("xl/worksheets/"):
                    assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)
    assert found >= {t.strip() for t in INJECTED[:5]}  # the Jadwal columns, at least


# --------------------------------------------------------------------------------------------
# kill -9 while writing: the output is the old file or a complete new one, never broken
# --------------------------------------------------------------------------------------------


def _fingerprint(path: Path) -> tuple[str, int]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


@pytest.fixture(scope="module")
def city_60k(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("kota") / "kota-60000.xlsx"
    write_input_workbook(generate_city(seed=1, staff=60_000), path)
    return path


def _old_roster(folder: Path) -> Path:
    """A valid roster of another (small) problem, standing in for last month's file."""
    source = write_small(folder / "lama.xlsx")
    old = folder / "jadwal-lama.xlsx"
    result = run_cli("solve", source, "-o", old, "--time-limit", "5")
    assert result.exit_code in (0, 4), result.output
    return old


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def _solve_and_kill(
    city: Path, out: Path, when: str, delay: float, verdicts: dict[str, str]
) -> None:
    """Run ``giliran solve --force`` into ``out``; SIGKILL it during the write phase."""
    old_inode = out.stat().st_ino
    process = subprocess.Popen(
        [sys.executable, "-m", "optimizer.cli", "solve", str(city), "-o", str(out),
         "--force", "--time-limit", "120", "-q"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 900
        while process.poll() is None and time.monotonic() < deadline:
            temps = list(out.parent.glob(f".{out.stem}-*.xlsx"))
            growing = any(_size(t) > 0 for t in temps)  # the zip is being written
            replaced = out.stat().st_ino != old_inode
            if (
                (when == "temp" and temps)
                or (when == "growing" and growing)
                or (when == "replaced" and replaced)
            ):
                time.sleep(delay)
                process.send_signal(signal.SIGKILL)
                break
            time.sleep(0.01)
        process.wait(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.stderr is not None
    stderr = process.stderr.read().decode(errors="replace")
    verdicts[f"{when}+{delay}"] = f"exit {process.returncode}: {stderr[-500:]}"


def test_kill_9_while_writing_leaves_the_old_file_or_a_complete_new_one(
    tmp_path: Path, city_60k: Path
) -> None:
    before = _fingerprint(city_60k)
    old = _old_roster(tmp_path)
    old_bytes = old.read_bytes()
    # in the write phase: building the workbook, writing the zip, just after the rename
    moments = [("temp", 0.2), ("growing", 0.0), ("replaced", 0.0)]
    outs: list[Path] = []
    for i in range(len(moments)):
        folder = tmp_path / f"run{i}"
        folder.mkdir()
        outs.append(folder / "jadwal.xlsx")
        shutil.copy2(old, outs[-1])
    verdicts: dict[str, str] = {}
    threads = [
        threading.Thread(target=_solve_and_kill, args=(city_60k, out, when, delay, verdicts))
        for out, (when, delay) in zip(outs, moments, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    problem, _ = load_problem(city_60k)
    outcomes = []
    for out, moment in zip(outs, moments, strict=True):
        assert out.exists(), (moment, verdicts)
        if out.read_bytes() == old_bytes:
            outcomes.append("old")
        else:  # a complete new roster: it reads back and meets every hard rule
            roster = read_roster(out)
            assert len(roster.cells) == 60_000
            assert not check(problem, roster).hard_violations
            outcomes.append("new")
        leftovers = {p.name for p in out.parent.iterdir()} - {out.name}
        # SIGKILL leaves the temporary file behind: hidden, and never named like the output
        assert all(re.fullmatch(r"\.jadwal[-.][\w.]+\.(xlsx|tmp)", n) for n in leftovers), leftovers
    assert outcomes == ["old", "old", "new"], (outcomes, verdicts)
    assert _fingerprint(city_60k) == before  # the input is never written to


# -- published rosters are uploads too: the same guards ------------------------------------------


def test_a_roster_is_read_through_the_hardened_reader(tmp_path: Path) -> None:
    from optimizer.io.reader import InputFile
    from optimizer.io.roster_reader import read_roster

    parts = crafted_parts({"Jadwal": inline("A1", "NIP")})
    parts["xl/media/zeros.bin"] = bytes(8 * MB)  # a zip bomb named like a roster
    bomb = zip_parts(tmp_path / "jadwal.xlsx", parts)
    with pytest.raises(InputError) as caught:
        read_roster(bomb)
    assert "zip bomb" in caught.value.problems[0].message_en
    with pytest.raises(InputError) as caught:
        read_roster(InputFile("unggahan.xlsx", b"bukan excel"))
    assert caught.value.problems[0].sheet == "unggahan.xlsx"
    other = zip_parts(tmp_path / "lain.xlsx", crafted_parts({"Pegawai": inline("A1", "NIP")}))
    with pytest.raises(InputError) as caught:
        read_roster(other)
    assert "there is no sheet 'Jadwal'" in caught.value.problems[0].message_en
