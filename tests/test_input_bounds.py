"""What docs/robustness.md promises about hostile inputs (issue 11 §5): the shared-strings table
is bounded, DTDs are refused where Giliran reads and never expanded elsewhere, and only a
regular file is read (a FIFO would hang)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from optimizer.errors import InputError
from optimizer.io.limits import Limits
from optimizer.io.reader import read_workbook
from tests.test_robustness import crafted
from tests.xlsx_util import small_sheets, write_xlsx

ROOT = Path(__file__).resolve().parent.parent


def _rewrite(path: Path, part: str, new: bytes) -> Path:
    with zipfile.ZipFile(path) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    assert part in parts
    parts[part] = new
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def _part(path: Path, part: str) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read(part)


def _with_shared_strings(path: Path, texts: list[str]) -> Path:
    """A one-sheet workbook whose cells A1, A2, … use the shared texts ``texts``."""
    cells = "".join(
        f'<row r="{i}"><c r="A{i}" t="s"><v>{i - 1}</v></c></row>' for i in range(1, len(texts) + 1)
    )
    return crafted(path, {"Pegawai": cells}, texts)


def test_a_shared_strings_table_over_the_limit_is_refused_before_calamine(
    tmp_path: Path,
) -> None:
    path = _with_shared_strings(tmp_path / "teks.xlsx", [f"t{i}" for i in range(50)])
    sheets = read_workbook(path, limits=Limits(max_shared_strings=50))  # at the limit: read
    assert sheets["Pegawai"][49] == ["t49"]
    with pytest.raises(InputError) as caught:
        read_workbook(path, limits=Limits(max_shared_strings=49))
    (problem,) = caught.value.problems
    assert problem.message_en == (
        "the workbook holds more than 49 distinct texts (its shared-strings table)"
    )


def test_prefixed_shared_strings_are_counted_too(tmp_path: Path) -> None:
    """``<x:si>`` items escape the streaming count (Excel's spelling) but not the exact one."""
    path = _with_shared_strings(tmp_path / "awalan.xlsx", ["a"])
    items = b"".join(b"<x:si><x:t>%d</x:t></x:si>" % i for i in range(60))
    sst = b'<x:sst xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">%s</x:sst>'
    _rewrite(path, "xl/sharedStrings.xml", sst % items)
    with pytest.raises(InputError, match="more than 59 distinct texts"):
        read_workbook(path, limits=Limits(max_shared_strings=59))


def test_a_hostile_table_of_millions_of_texts_is_refused_with_the_default_limits(
    tmp_path: Path,
) -> None:
    path = _with_shared_strings(tmp_path / "banyak.xlsx", ["a"])
    items = b"".join(b"<si><t>%x</t></si>" % i for i in range(2_000_001))  # no zip bomb
    sst = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">%s</sst>'
    _rewrite(path, "xl/sharedStrings.xml", sst % items)
    with pytest.raises(InputError, match="more than 2,000,000 distinct texts"):
        read_workbook(path)


DTD = b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'


def _with_dtd(data: bytes) -> bytes:
    """``data`` with a DTD declaring entities before its root element."""
    if data.startswith(b"<?xml"):
        end = data.index(b"?>") + 2
        return data[:end] + DTD + data[end:]
    return DTD + data


@pytest.mark.parametrize("part", ["xl/sharedStrings.xml", "xl/workbook.xml"])
def test_a_dtd_in_a_part_giliran_reads_is_refused(tmp_path: Path, part: str) -> None:
    path = _with_shared_strings(tmp_path / "dtd.xlsx", ["a", "b"])
    _rewrite(path, part, _with_dtd(_part(path, part)))
    with pytest.raises(InputError, match=f"part {re.escape(part)} holds XML declarations"):
        read_workbook(path)


def test_a_dtd_in_the_styles_is_refused_since_they_are_read(tmp_path: Path) -> None:
    """The reader reads xl/styles.xml itself (a cell formatted as a percentage)."""
    path = write_xlsx(tmp_path / "dtd.xlsx", small_sheets())
    _rewrite(path, "xl/styles.xml", _with_dtd(_part(path, "xl/styles.xml")))
    with pytest.raises(InputError, match=r"part xl/styles\.xml holds XML declarations"):
        read_workbook(path)


@pytest.mark.parametrize("part", ["[Content_Types].xml", "docProps/app.xml"])
def test_a_dtd_elsewhere_is_accepted_and_never_expanded(tmp_path: Path, part: str) -> None:
    """As docs/robustness.md says: parts Giliran does not read are not checked, and calamine
    does not expand an entity in them (the cells read are exactly the same)."""
    path = write_xlsx(tmp_path / "dtd.xlsx", small_sheets())
    expected = read_workbook(path)
    _rewrite(path, part, _with_dtd(_part(path, part)))
    assert read_workbook(path) == expected


def test_a_fifo_is_refused_at_once_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipa.xlsx"
    os.mkfifo(fifo)
    process = subprocess.run(  # a separate process: without the check, reading would hang
        [sys.executable, "-m", "optimizer.cli", "validate", str(fifo)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        check=False,
    )
    assert process.returncode == 3
    assert f"'{fifo}' is not a regular file (e.g. a pipe/FIFO or a device)" in process.stderr


def test_a_device_is_refused_too() -> None:
    with pytest.raises(InputError, match="is not a regular file"):
        read_workbook(Path("/dev/zero"))
