"""``giliran batch``: one roster per agency workbook and one combined summary."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from click.testing import CliRunner

from optimizer.app.batch import SUMMARY_NAME
from optimizer.cli import main
from optimizer.demo.generator import generate_city
from optimizer.io.input_workbook import write_input_workbook
from optimizer.io.roster_reader import read_roster


def test_batch_solves_every_workbook_and_summarises(tmp_path: Path) -> None:
    inbox = tmp_path / "masuk"
    inbox.mkdir()
    for seed in (1, 2):
        write_input_workbook(generate_city(seed=seed, staff=150), inbox / f"opd-{seed}.xlsx")
    (inbox / "rusak.xlsx").write_text("bukan excel", encoding="utf-8")
    (inbox / "~$opd-1.xlsx").write_bytes(b"lock file")  # Excel's lock file: skipped
    out = tmp_path / "keluar"
    result = CliRunner().invoke(main, ["batch", str(inbox), "-o", str(out), "--workers", "2"])
    assert result.exit_code == 3, result.output  # the worst outcome among the workbooks
    assert "[3] rusak.xlsx" in result.output
    assert "3 file, 2 memenuhi semua aturan / meet every rule" in result.output
    rosters = sorted(p.name for p in out.glob("opd-*-jadwal-*.xlsx"))
    assert rosters == ["opd-1-jadwal-2026-11-30.xlsx", "opd-2-jadwal-2026-11-30.xlsx"]
    for name in rosters:
        assert read_roster(out / name).cells
    rows = list(openpyxl.load_workbook(out / SUMMARY_NAME, read_only=True).active.values)
    assert [r[0] for r in rows[1:]] == ["opd-1.xlsx", "opd-2.xlsx", "rusak.xlsx"]
    assert [r[2] for r in rows[1:]] == [0, 0, 3]


def test_batch_of_an_empty_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["batch", str(tmp_path)])
    assert result.exit_code == 2
    assert "no workbooks (.ods, .xls, .xlsm, .xlsx) in" in result.stderr


def test_batch_says_which_files_it_skipped_and_why(tmp_path: Path) -> None:
    inbox = tmp_path / "masuk"
    inbox.mkdir()
    write_input_workbook(generate_city(seed=1, staff=60), inbox / "OPD-A.XLSX")
    (inbox / "~$OPD-A.XLSX").write_bytes(b"lock")
    (inbox / "pegawai.csv").write_text("NIP,Nama", encoding="utf-8")
    (inbox / "arsip").mkdir()
    out = tmp_path / "keluar"
    result = CliRunner().invoke(main, ["batch", str(inbox), "-o", str(out)])
    assert result.exit_code == 0, result.output + result.stderr
    skipped = [line for line in result.stderr.splitlines() if line.startswith("Dilewati")]
    assert skipped == [
        "Dilewati / skipped: arsip: folder, bukan file (tidak dibuka) / a folder, not a file "
        "(not opened)",
        "Dilewati / skipped: pegawai.csv: bukan workbook (yang dibaca: .ods, .xls, .xlsm, .xlsx) "
        "/ not a workbook (read: .ods, .xls, .xlsm, .xlsx)",
        "Dilewati / skipped: ~$OPD-A.XLSX: file kunci Excel (workbook sedang dibuka) / Excel's "
        "lock file (open workbook)",
    ]
    assert "[0] OPD-A.XLSX" in result.output
