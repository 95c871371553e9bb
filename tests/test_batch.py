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
    assert "no .xlsx files in" in result.stderr
