"""The ``giliran`` command line: exact exit codes and messages, help text, round trips."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner, Result

from models.domain import Problem, Representation
from optimizer.analysis.checker import check
from optimizer.cli import main
from optimizer.io.input_workbook import write_input_workbook
from optimizer.io.roster_reader import read_roster
from optimizer.io.validate import load_problem
from tests.xlsx_util import NIP_1, NIP_2, small_sheets, write_xlsx

EXAMPLE = Path(__file__).resolve().parent.parent / "input_templates" / "contoh-kota.xlsx"
NOTHING_WRITTEN = "nothing was written."


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def _assert_invalid(result: Result, out_dir: Path, *needles: str) -> None:
    assert result.exit_code == 3, result.output + result.stderr
    assert "Traceback" not in result.stderr
    for needle in needles:
        assert needle in result.stderr, result.stderr
    assert NOTHING_WRITTEN in result.stderr
    assert not list(out_dir.glob("*jadwal*.xlsx"))


# -- help ------------------------------------------------------------------------------------


def test_every_command_has_help_text() -> None:
    top = run("--help")
    assert top.exit_code == 0
    assert "Kode keluar / Exit codes" in top.output
    for name, command in main.commands.items():  # type: ignore[attr-defined]
        assert command.help, f"command {name} has no help text"
        result = run(name, "--help")
        assert result.exit_code == 0, name
        for param in command.params:
            if isinstance(param, __import__("click").Option):
                assert param.help, f"option {param.name} of {name} has no help text"


def test_exit_codes_are_documented_in_help_and_readme() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    help_text = run("solve", "--help").output
    for code in range(7):
        assert f"  {code}  " in help_text
        assert f"| {code} |" in readme


# -- solve -----------------------------------------------------------------------------------


def test_solve_writes_a_roster_that_reads_back_and_passes_the_checker(
    tmp_path: Path, city: Problem, city_xlsx: Path
) -> None:
    out = tmp_path / "jadwal.xlsx"
    before = city_xlsx.read_bytes()
    result = run("solve", city_xlsx, "-o", out)
    assert result.exit_code == 0, result.output + result.stderr
    assert "Semua aturan terpenuhi / every rule is met." in result.output
    assert city_xlsx.read_bytes() == before  # the input is never modified
    roster = read_roster(out)
    assert set(roster.cells) == {e.nip for e in city.employees}
    assert roster.dates == city.dates
    assert check(city, roster).ok
    book = openpyxl.load_workbook(out, read_only=True)
    assert book.sheetnames == [
        "Jadwal",
        "Rekap Harian",
        "Cakupan",
        "Pelanggaran",
        "Ringkasan",
        "Penjelasan",
    ]


def test_same_input_and_seed_give_the_same_roster(tmp_path: Path, city_xlsx: Path) -> None:
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    assert run("solve", city_xlsx, "-o", a, "--seed", "3", "-q").exit_code == 0
    assert run("solve", city_xlsx, "-o", b, "--seed", "3", "-q", "--workers", "2").exit_code == 0
    assert read_roster(a) == read_roster(b)


def test_default_output_goes_to_outputs(
    tmp_path: Path, city_xlsx: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("solve", city_xlsx, "-q")
    assert result.exit_code == 0
    assert (tmp_path / "outputs" / "kota-jadwal-2026-11-30.xlsx").is_file()


def test_per_unit_workbooks(tmp_path: Path, city: Problem, city_xlsx: Path) -> None:
    out = tmp_path / "o" / "jadwal.xlsx"
    assert run("solve", city_xlsx, "-o", out, "--per-unit", "-q").exit_code == 0
    units_with_staff = {e.unit for e in city.employees}
    assert len(list(out.parent.glob("jadwal-*.xlsx"))) == len(units_with_staff)


def test_rules_that_collide_exit_4_with_findings(tmp_path: Path, city: Problem) -> None:
    tight = dataclasses.replace(city, policy=dataclasses.replace(city.policy, cap_pct=Decimal(5)))
    path = tmp_path / "ketat.xlsx"
    write_input_workbook(tight, path)
    out = tmp_path / "ketat-jadwal.xlsx"
    result = run("solve", path, "-o", out)
    assert result.exit_code == 4, result.output + result.stderr
    assert "Aturan tidak terpenuhi / rules not met" in result.output
    assert "Penjelasan / explanation:" in result.stderr
    assert "saran/suggestion: Naikkan kuota WFO" in result.stderr
    roster = read_roster(out)
    assert check(tight, roster).hard_violations == []
    rows = list(openpyxl.load_workbook(out, read_only=True)["Penjelasan"].values)
    assert rows[0][0] == "No" and len(rows) > 1


def test_explain_prints_findings_without_writing(tmp_path: Path, city: Problem) -> None:
    tight = dataclasses.replace(city, policy=dataclasses.replace(city.policy, cap_pct=Decimal(5)))
    path = tmp_path / "ketat.xlsx"
    write_input_workbook(tight, path)
    before = set(tmp_path.iterdir())
    result = run("explain", path)
    assert result.exit_code == 4
    assert "[1] " in result.output and "saran/suggestion:" in result.output
    assert set(tmp_path.iterdir()) == before


def test_feasible_explain_exits_0(city_xlsx: Path) -> None:
    result = run("explain", city_xlsx)
    assert result.exit_code == 0
    assert "0 temuan/findings" in result.output


def test_unwritable_output_is_a_usage_error(tmp_path: Path, city_xlsx: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run("solve", city_xlsx, "-o", blocker / "jadwal.xlsx", "-q")
    assert result.exit_code == 2
    assert "cannot write the roster to" in result.stderr
    assert "Traceback" not in result.stderr


# -- validate and template ---------------------------------------------------------------------


def test_validate_the_shipped_example() -> None:
    result = run("validate", EXAMPLE)
    assert result.exit_code == 0
    assert result.output.startswith("Input valid: 2500 pegawai/employees, 41 unit")


def test_validate_warns_about_conflicts_it_can_see(tmp_path: Path, city: Problem) -> None:
    tight = dataclasses.replace(
        city,
        policy=dataclasses.replace(
            city.policy, cap_pct=Decimal(5), representation=Representation.SECTION
        ),
    )
    path = tmp_path / "ketat.xlsx"
    write_input_workbook(tight, path)
    result = run("validate", path)
    assert result.exit_code == 0
    assert "PERINGATAN/WARNING: sheet 'Unit'" in result.stderr
    assert "some rules will not be met" in result.stderr


def test_template_writes_the_blank_template(tmp_path: Path) -> None:
    out = tmp_path / "t" / "templat.xlsx"
    result = run("template", "-o", out)
    assert result.exit_code == 0
    book = openpyxl.load_workbook(out)
    assert {"Pegawai", "Unit", "Kebijakan"} <= set(book.sheetnames)


# -- bad input: exit 3, located message, nothing written --------------------------------------


def test_numeric_nip(tmp_path: Path) -> None:
    sheets = small_sheets()
    sheets["Pegawai"][1][0] = 198001012005011001  # what Excel makes of a typed NIP
    path = write_xlsx(tmp_path / "in.xlsx", sheets)
    result = run("solve", path, "-o", tmp_path / "jadwal.xlsx")
    _assert_invalid(
        result,
        tmp_path,
        "KESALAHAN/ERROR: sheet 'Pegawai', baris/row 2, kolom/column 'NIP': NIP "
        "198001012005011000 tersimpan sebagai angka, bukan teks (Excel hanya menyimpan 15 digit, "
        "sehingga digit sesudahnya menjadi 0)",
        "NIP 198001012005011000 is stored as a number, not text",
        "Perbaikan/Fix: Format kolom NIP sebagai Teks",
        "1 kesalahan pada input; tidak ada yang ditulis. / 1 error(s) in the input;",
    )


def test_duplicate_nip(tmp_path: Path) -> None:
    sheets = small_sheets()
    sheets["Pegawai"][2][0] = NIP_1
    path = write_xlsx(tmp_path / "in.xlsx", sheets)
    result = run("solve", path, "-o", tmp_path / "jadwal.xlsx")
    _assert_invalid(result, tmp_path, "sheet 'Pegawai', baris/row 3, kolom/column 'NIP'")
    assert "2" in result.stderr  # names the first row too


def test_unknown_unit(tmp_path: Path) -> None:
    sheets = small_sheets()
    sheets["Pegawai"][2][2] = "Dinas Tidak Ada"
    path = write_xlsx(tmp_path / "in.xlsx", sheets)
    result = run("solve", path, "-o", tmp_path / "jadwal.xlsx")
    _assert_invalid(
        result,
        tmp_path,
        "sheet 'Pegawai', baris/row 3, kolom/column 'Unit Kerja'",
        "Dinas Tidak Ada",
    )


def test_bad_percentage(tmp_path: Path) -> None:
    sheets = small_sheets()
    sheets["Unit"][2][3] = "dua puluh"
    path = write_xlsx(tmp_path / "in.xlsx", sheets)
    result = run("solve", path, "-o", tmp_path / "jadwal.xlsx")
    _assert_invalid(result, tmp_path, "sheet 'Unit', baris/row 3, kolom/column 'Kuota WFO (%)'")


def test_missing_sheet(tmp_path: Path) -> None:
    sheets = small_sheets()
    del sheets["Kebijakan"]
    path = write_xlsx(tmp_path / "in.xlsx", sheets)
    result = run("solve", path, "-o", tmp_path / "jadwal.xlsx")
    _assert_invalid(result, tmp_path, "Kebijakan")


def test_not_an_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "in.xlsx"
    path.write_text("NIP;Nama\n198001012005011001;Budi\n", encoding="utf-8")
    result = run("solve", path, "-o", tmp_path / "jadwal.xlsx")
    _assert_invalid(result, tmp_path, ".xlsx")


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "in.xlsx"
    path.write_bytes(b"")
    result = run("solve", path, "-o", tmp_path / "jadwal.xlsx")
    _assert_invalid(result, tmp_path)


def test_missing_file(tmp_path: Path) -> None:
    result = run("solve", tmp_path / "tidak-ada.xlsx", "-o", tmp_path / "jadwal.xlsx")
    _assert_invalid(result, tmp_path, "tidak-ada.xlsx")


def test_validate_lists_every_problem_at_once(tmp_path: Path) -> None:
    sheets = small_sheets()
    sheets["Pegawai"][1][0] = 198001012005011001
    sheets["Pegawai"][3][2] = "Dinas Tidak Ada"
    sheets["Unit"][2][3] = "dua puluh"
    path = write_xlsx(tmp_path / "in.xlsx", sheets)
    result = run("validate", path)
    assert result.exit_code == 3
    assert result.stderr.count("KESALAHAN/ERROR") == 3
    assert "3 kesalahan pada input" in result.stderr


def test_input_round_trip_of_the_shipped_example(tmp_path: Path) -> None:
    problem, _ = load_problem(EXAMPLE)
    again = tmp_path / "again.xlsx"
    write_input_workbook(problem, again)
    assert load_problem(again)[0] == problem


def test_written_roster_dates_are_the_horizon(tmp_path: Path, city: Problem) -> None:
    two = dataclasses.replace(city, policy=dataclasses.replace(city.policy, weeks=2))
    path = tmp_path / "dua.xlsx"
    write_input_workbook(two, path)
    out = tmp_path / "dua-jadwal.xlsx"
    assert run("solve", path, "-o", out, "-q").exit_code == 0
    roster = read_roster(out)
    assert roster.dates[0] == dt.date(2026, 11, 30) and len(roster.dates) == 10
    assert NIP_2 not in roster.cells


def test_an_existing_roster_is_never_overwritten_without_force(
    tmp_path: Path, city_xlsx: Path
) -> None:
    out = tmp_path / "jadwal.xlsx"
    out.write_bytes(b"old roster")
    first = run("solve", city_xlsx, "-o", out)
    assert first.exit_code == 0
    assert out.read_bytes() == b"old roster"
    assert f"roster written: {tmp_path / 'jadwal-2.xlsx'}" in first.output
    assert run("solve", city_xlsx, "-o", out, "-q").exit_code == 0
    assert (tmp_path / "jadwal-3.xlsx").is_file()
    assert run("solve", city_xlsx, "-o", out, "--force", "-q").exit_code == 0
    assert read_roster(out) == read_roster(tmp_path / "jadwal-2.xlsx")


def test_the_roster_never_replaces_the_input(tmp_path: Path, city_xlsx: Path) -> None:
    before = city_xlsx.read_bytes()
    result = run("solve", city_xlsx, "-o", city_xlsx, "--force")
    assert result.exit_code == 2
    assert "may not overwrite the input file" in result.stderr
    assert city_xlsx.read_bytes() == before
