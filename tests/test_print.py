"""The roster prints as a short document: print setup of every sheet, and the page count.

The print setup is checked in the written XML (A4 landscape, one page wide, header rows repeated,
page numbers, margins). The page count is measured by rendering the workbook of a 160-person,
two-week roster with LibreOffice (``soffice --headless --convert-to pdf``); the test is skipped
when LibreOffice is not installed (CI: ``apt-get install -y libreoffice-calc-nogui``).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from models.domain import Problem
from models.solve import Result, SolveParams
from optimizer.analysis.checker import check
from optimizer.analysis.explain import explain
from optimizer.app.runtime import solve
from optimizer.demo.generator import generate_city
from optimizer.io.writer import RunInfo, write_roster, write_unit_rosters

#: Pages of the 160-person × 2-week roster (8 units, with its Penjelasan): measured 11 with
#: LibreOffice 7.4 before the week sheets; the openpyxl writer it replaced printed the same
#: roster on 61 pages, and its print setup fails ``_print_setup_problems`` on 39 counts. The
#: sheets Minggu 1 and Minggu 2 (each the week's 5 dates of all 160 staff and the signature
#: blocks, printable on its own) add 4 pages each: measured 19.
MAX_PAGES = 20
STAFF, WEEKS = 160, 2
INFO = RunInfo("kota.xlsx", "ab" * 32, 0, 30.0, 1, dt.datetime(2026, 11, 29, 8, 0), "test")


@pytest.fixture(scope="module")
def case() -> tuple[Problem, Result]:
    problem = generate_city(2026, STAFF, WEEKS)
    result = solve(problem, SolveParams(time_limit_s=30))
    assert result.roster is not None
    return problem, result


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory, case: tuple[Problem, Result]) -> Path:
    problem, result = case
    assert result.roster is not None
    path = tmp_path_factory.mktemp("print") / "jadwal.xlsx"
    explanation = explain(problem, result, time_limit_s=10)
    write_roster(path, problem, result, check(problem, result.roster), INFO, explanation)
    return path


def _attrs(element: str) -> dict[str, str]:
    return dict(re.findall(r'([\w:]+)="([^"]*)"', element))


def _sheets(path: Path) -> list[tuple[str, str]]:
    """(sheet name, its XML) in workbook order (whichever library wrote the file)."""
    with zipfile.ZipFile(path) as z:
        book = z.read("xl/workbook.xml").decode()
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
        targets = {
            a["Id"]: a["Target"] for a in map(_attrs, re.findall(r"<Relationship [^>]*>", rels))
        }
        out = []
        for sheet in map(_attrs, re.findall(r"<sheet [^>]*>", book)):
            target = targets[sheet["r:id"]].lstrip("/")
            target = target if target.startswith("xl/") else f"xl/{target}"
            out.append((sheet["name"], z.read(target).decode()))
    assert out, "no sheets found"
    return out


def _print_setup_problems(path: Path) -> list[str]:
    """What is missing from the print setup of each sheet (empty when every sheet prints well)."""
    with zipfile.ZipFile(path) as z:
        book = z.read("xl/workbook.xml").decode()
    titles = set(re.findall(r'<definedName name="_xlnm.Print_Titles" localSheetId="(\d+)"', book))
    missing = []
    for i, (name, xml) in enumerate(_sheets(path)):
        setup = re.search(r"<pageSetup [^>]*/>", xml)
        attrs = dict(re.findall(r'(\w+)="([^"]*)"', setup.group(0))) if setup else {}
        checks = {
            "A4": attrs.get("paperSize") == "9",
            "landscape": attrs.get("orientation") == "landscape",
            "one page wide": '<pageSetUpPr fitToPage="1"/>' in xml
            and attrs.get("fitToWidth", "1") == "1"
            and attrs.get("fitToHeight") == "0",
            "printOptions": re.search(r"<printOptions [^>]*/>", xml) is not None,
            "margins": re.search(r'<pageMargins left="0.4" right="0.4"', xml) is not None,
            "page numbers": re.search(r"<oddFooter>[^<]*&amp;P[^<]*&amp;N", xml) is not None,
            "header rows repeated": str(i) in titles,
        }
        missing += [f"{name}: {what}" for what, ok in checks.items() if not ok]
    return missing


def test_every_sheet_prints_a4_landscape_one_page_wide_with_titles_and_page_numbers(
    workbook: Path,
) -> None:
    names = [name for name, _ in _sheets(workbook)]
    assert names == [
        "Jadwal",
        "Minggu 1",
        "Minggu 2",
        "Rekap Harian",
        "Cakupan",
        "Pelanggaran",
        "Ringkasan",
        "Penjelasan",
    ]
    assert _print_setup_problems(workbook) == []


def test_per_unit_workbooks_print_well_too(tmp_path: Path, case: tuple[Problem, Result]) -> None:
    problem, result = case
    assert result.roster is not None
    paths = write_unit_rosters(tmp_path, "j", problem, result, check(problem, result.roster), INFO)
    assert len(paths) == len(problem.units)
    for path in paths:
        assert _print_setup_problems(path) == [], path.name


def test_jadwal_repeats_its_header_and_rekap_prints_only_its_table(workbook: Path) -> None:
    with zipfile.ZipFile(workbook) as z:
        book = z.read("xl/workbook.xml").decode()
    assert '<definedName name="_xlnm.Print_Titles" localSheetId="0">Jadwal!$5:$6' in book
    for sheet in (1, 2):  # Minggu 1, Minggu 2
        titles = f"localSheetId=\"{sheet}\">'Minggu {sheet}'!$5:$6"
        assert titles in book
    assert '<definedName name="_xlnm.Print_Area" localSheetId="3">\'Rekap Harian\'!$A$1:$I$' in (
        book
    )


def _pdf_pages(pdf: Path) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_a_160_person_two_week_roster_prints_on_few_pages(workbook: Path, tmp_path: Path) -> None:
    profile = tmp_path / "lo-profile"  # a private profile: no clash with another soffice
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
         "pdf", "--outdir", str(tmp_path), str(workbook)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    pages = _pdf_pages(tmp_path / "jadwal.pdf")
    assert 5 <= pages <= MAX_PAGES  # at least one page per sheet, and few in all


def test_giliran_solve_bahasa_id_prints_indonesian_labels_only(tmp_path: Path) -> None:
    import openpyxl
    from click.testing import CliRunner

    from optimizer.cli import main
    from tests.xlsx_util import write_small

    source = write_small(tmp_path / "kecil.xlsx")
    out = tmp_path / "jadwal.xlsx"
    result = CliRunner().invoke(
        main, ["solve", str(source), "-o", str(out), "--bahasa", "id", "-q", "--workers", "1"]
    )
    assert result.exit_code in (0, 4), result.output
    book = openpyxl.load_workbook(out)
    assert book["Ringkasan"]["A1"].value.startswith("Ringkasan — ")
    assert [c.value for c in book["Pelanggaran"][1]][-1] == "Alasan"
    jadwal = [c.value for row in book["Jadwal"].iter_rows(max_row=4) for c in row if c.value]
    assert "Keterangan:" in jadwal and "WFO: di kantor" in jadwal
