"""Output names are claimed safely (issue 11 §2): never overwrite without --force, never the
input (by device and inode), one name per run even when runs overlap, -o checked first."""

from __future__ import annotations

import errno
import gc
import io
import os
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from models.domain import Problem
from optimizer.app import service
from optimizer.app.service import OutputError, PlanOptions
from optimizer.cli import main
from optimizer.io.atomic import FileId, OutputRefused, check_output_path, claim
from optimizer.io.roster_reader import read_roster
from optimizer.io.writer import unique_slugs


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def _first_slug(city: Problem) -> str:
    with_staff = {e.unit for e in city.employees}
    units = [u.name for u in city.units if u.name in with_staff]
    return unique_slugs(units)[0]


# -- claim -------------------------------------------------------------------------------------


def test_claims_of_one_name_before_anything_is_written_get_distinct_names(
    tmp_path: Path,
) -> None:
    wanted = tmp_path / "jadwal.xlsx"
    first, second, third = (claim(wanted) for _ in range(3))
    assert [first.path, second.path, third.path] == [
        wanted,
        tmp_path / "jadwal-2.xlsx",
        tmp_path / "jadwal-3.xlsx",
    ]
    assert wanted.read_bytes() == b""  # the placeholder holding the name
    first.release()
    assert not wanted.exists()
    wanted.write_bytes(b"written meanwhile")
    second.release()  # only a placeholder is ever removed, never a file written since
    assert wanted.read_bytes() == b"written meanwhile"
    assert not (tmp_path / "jadwal-2.xlsx").exists()


def test_force_claims_the_name_itself_but_never_the_input_under_another_path(
    tmp_path: Path,
) -> None:
    source = tmp_path / "input.xlsx"
    source.write_bytes(b"input")
    link = tmp_path / "link.xlsx"
    os.link(source, link)
    symlink = tmp_path / "sym.xlsx"
    symlink.symlink_to(source)
    never = [FileId.of(source)]
    assert None not in never
    for other in (source, link, symlink, tmp_path / "." / "input.xlsx"):
        with pytest.raises(OutputRefused, match="may not overwrite the input file"):
            claim(other, force=True, never=[i for i in never if i is not None])
    existing = tmp_path / "old.xlsx"
    existing.write_bytes(b"old")
    taken = claim(existing, force=True)
    assert taken.path == existing and taken.placeholder is None
    taken.release()
    assert existing.read_bytes() == b"old"


# -- -o checked before the input is read ---------------------------------------------------------


@pytest.mark.parametrize(
    ("output", "needle"),
    [
        ("", "the roster file name is empty"),
        ("roster.csv", "must end in .xlsx, not .csv"),
        ("roster", "must end in .xlsx, not (tanpa akhiran / no suffix)"),
        ("a" * 240 + ".xlsx", "the roster file name is too long (245 bytes; at most 240)"),
    ],
)
def test_a_bad_output_name_is_refused_before_the_input_is_read(
    tmp_path: Path, output: str, needle: str
) -> None:
    missing = tmp_path / "tidak-ada.xlsx"  # not even read: the output is checked first
    result = CliRunner().invoke(main, ["solve", str(missing), "-o", output])
    assert result.exit_code == 2, result.output + result.stderr
    assert needle in result.stderr
    assert "file not found" not in result.stderr
    assert "Traceback" not in result.stderr and "Internal error" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_an_output_folder_that_cannot_be_made_is_refused_before_reading(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run("solve", tmp_path / "tidak-ada.xlsx", "-o", blocker / "sub" / "jadwal.xlsx")
    assert result.exit_code == 2
    assert f"cannot write the roster to {blocker / 'sub' / 'jadwal.xlsx'}: {blocker} is not a" in (
        result.stderr
    )
    assert "file not found" not in result.stderr


def test_the_suffix_is_matched_case_insensitively(tmp_path: Path) -> None:
    check_output_path(tmp_path / "JADWAL.XLSX")
    check_output_path(tmp_path / "new" / "deeper" / "j.Xlsx")
    with pytest.raises(OutputRefused, match="it is a folder"):
        (tmp_path / "dir.xlsx").mkdir()
        check_output_path(tmp_path / "dir.xlsx")


def test_per_unit_names_too_long_are_refused_before_reading(tmp_path: Path) -> None:
    name = "b" * 180 + ".xlsx"  # fine alone, too long with a unit's name added
    check_output_path(tmp_path / name)
    result = run("solve", tmp_path / "tidak-ada.xlsx", "-o", tmp_path / name, "--per-unit")
    assert result.exit_code == 2
    assert "the roster file name is too long" in result.stderr


# -- per-unit files: the same rules as the roster ------------------------------------------------


def test_per_unit_files_never_overwrite_without_force(
    tmp_path: Path, city: Problem, city_xlsx: Path
) -> None:
    slug = _first_slug(city)
    taken = tmp_path / f"jadwal-{slug}.xlsx"
    taken.write_bytes(b"someone else's file")
    result = run("solve", city_xlsx, "-o", tmp_path / "jadwal.xlsx", "--per-unit")
    assert result.exit_code == 0, result.output + result.stderr
    assert taken.read_bytes() == b"someone else's file"
    versioned = tmp_path / f"jadwal-{slug}-2.xlsx"
    assert f"  per unit: {versioned}" in result.output
    assert read_roster(versioned).cells  # a complete roster under the free name


def test_per_unit_files_never_replace_the_input(
    tmp_path: Path, city: Problem, city_xlsx: Path
) -> None:
    """The red-team case: input ``jadwal-<unit>.xlsx``, ``-o jadwal.xlsx --per-unit``."""
    slug = _first_slug(city)
    source = tmp_path / f"jadwal-{slug}.xlsx"
    city_xlsx.rename(source)
    before = source.read_bytes()
    refused = run("solve", source, "-o", tmp_path / "jadwal.xlsx", "--per-unit", "--force")
    assert refused.exit_code == 2
    assert f"may not overwrite the input file {source}" in refused.stderr
    assert source.read_bytes() == before
    assert not list(tmp_path.glob(".*"))  # no temporary file left behind
    (tmp_path / "jadwal.xlsx").unlink()  # the roster itself was written before the refusal
    kept = run("solve", source, "-o", tmp_path / "jadwal.xlsx", "--per-unit")
    assert kept.exit_code == 0
    assert source.read_bytes() == before
    assert (tmp_path / f"jadwal-{slug}-2.xlsx").is_file()


def test_a_hard_link_to_the_input_is_the_input(tmp_path: Path, city_xlsx: Path) -> None:
    link = tmp_path / "salinan.xlsx"
    os.link(city_xlsx, link)
    before = city_xlsx.read_bytes()
    result = run("solve", city_xlsx, "-o", link, "--force")
    assert result.exit_code == 2
    assert "may not overwrite the input file" in result.stderr
    assert city_xlsx.read_bytes() == before


# -- runs at the same time -----------------------------------------------------------------------


def test_runs_writing_at_the_same_time_get_three_names(
    tmp_path: Path, city_xlsx: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Three runs to one ``-o`` whose writes overlap: three files, three names, each reported.

    The overlap is made exact: each run's write starts the next run, whose name is chosen and
    whose roster is written before the first one's is (as when three runs end together).
    """
    real_write = service.write_roster
    out = tmp_path / "jadwal.xlsx"
    outputs: list[Path | None] = []

    def overlapping(path: Path, *args: Any, **kwargs: Any) -> None:
        if len(outputs) < 2:
            slot = len(outputs)
            outputs.append(None)
            outputs[slot] = service.plan(city_xlsx, PlanOptions(output=out)).output
        real_write(path, *args, **kwargs)

    monkeypatch.setattr(service, "write_roster", overlapping)
    first = service.plan(city_xlsx, PlanOptions(output=out)).output
    assert sorted(str(p) for p in [first, *outputs]) == [
        str(tmp_path / "jadwal-2.xlsx"),
        str(tmp_path / "jadwal-3.xlsx"),
        str(out),
    ]
    for path in [first, *outputs]:
        assert path is not None and read_roster(path).cells


def test_quiet_still_prints_the_versioned_name(tmp_path: Path, city_xlsx: Path) -> None:
    out = tmp_path / "jadwal.xlsx"
    out.write_bytes(b"old")
    result = run("solve", city_xlsx, "-o", out, "-q")
    assert result.exit_code == 0
    assert result.output == f"Jadwal ditulis / roster written: {tmp_path / 'jadwal-2.xlsx'}\n"
    again = run("solve", city_xlsx, "-o", tmp_path / "baru.xlsx", "-q")
    assert again.output == ""  # written where asked: nothing to say


# -- a full disk -----------------------------------------------------------------------------


class _FullDisk(io.RawIOBase):
    """A file on a disk that fills up after ``room`` bytes (as a small tmpfs does)."""

    def __init__(self, raw: Any, room: int) -> None:
        self.raw, self.room = raw, room

    def writable(self) -> bool:
        return True

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = 0) -> int:
        return int(self.raw.seek(offset, whence))

    def tell(self) -> int:
        return int(self.raw.tell())

    def readinto(self, buffer: Any) -> int:
        return int(self.raw.readinto(buffer))

    def write(self, data: Any) -> int:
        if self.raw.tell() + len(data) > self.room:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return int(self.raw.write(data))

    def close(self) -> None:
        self.raw.close()
        super().close()


def test_a_full_disk_is_one_clean_message_and_leaves_nothing(
    tmp_path: Path, city_xlsx: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_open = io.open

    def open_on_full_disk(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if mode == "w+b" and str(file).endswith(".xlsx"):  # the roster's zip file
            return io.BufferedRandom(_FullDisk(real_open(file, "w+b", buffering=0), 20_000))
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(zipfile.io, "open", open_on_full_disk)
    out_dir = tmp_path / "out"
    code, stderr = cli_with_unraisable_fatal(("solve", city_xlsx, "-o", out_dir / "jadwal.xlsx"))
    assert code == 2, stderr
    assert stderr.strip() == (
        f"Tidak dapat menulis jadwal ke {out_dir / 'jadwal.xlsx'} / cannot write the roster to "
        f"{out_dir / 'jadwal.xlsx'}: No space left on device"
    )
    assert list(out_dir.iterdir()) == []  # no placeholder, no temporary file


def cli_with_unraisable_fatal(args: tuple[str | Path, ...]) -> tuple[int, str]:
    """The CLI's exit code and stderr; what the failed run leaves behind is then collected, and
    nothing may print "Exception ignored" (an unraisable exception) meanwhile."""
    seen: list[str] = []
    old_hook = sys.unraisablehook
    sys.unraisablehook = lambda u: seen.append(f"{u.exc_type.__name__}: {u.exc_value}")
    try:
        result = run(*args)
        code, stderr = result.exit_code, result.stderr
        del result  # (its exception chain holds the frames of the failed write)
        gc.collect()
    finally:
        sys.unraisablehook = old_hook
    assert seen == []
    return code, stderr


def test_service_refuses_a_bad_output_with_output_error(tmp_path: Path, city_xlsx: Path) -> None:
    with pytest.raises(OutputError, match=r"must end in \.xlsx, not \.ods"):
        service.plan(city_xlsx, PlanOptions(output=tmp_path / "x.ods"))


@pytest.mark.parametrize(
    ("output", "needle"),
    [("", "the template file name is empty"), ("t.csv", "the template file must end in .xlsx")],
)
def test_the_template_output_is_checked_too(output: str, needle: str) -> None:
    result = CliRunner().invoke(main, ["template", "-o", output])
    assert result.exit_code == 2
    assert needle in result.stderr
    assert "Traceback" not in result.stderr and "Internal error" not in result.stderr
