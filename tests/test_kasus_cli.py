"""``giliran kasus`` and ``giliran replan`` on the shipped example (issue 14), end to end.

Everything the commands write is read back with openpyxl and compared with counts made here,
independently of Giliran: the close contacts counted by hand from the published ``Jadwal`` and
the input's ``Pegawai``/``Unit`` sheets, the changed cells counted cell by cell, and a lower
bound on the cells any re-plan must change (every seksi or bidang that lost all its people on
site needs one more person). Error cases exit 3 and write nothing.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections import defaultdict
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner, Result

from optimizer.cli import main

EXAMPLE = Path(__file__).resolve().parent.parent / "input_templates" / "contoh-kota.xlsx"
MONDAY = dt.date(2026, 11, 30)
TUESDAY = MONDAY + dt.timedelta(days=1)  # the second working day of the example
NOTHING_WRITTEN = "nothing was written."


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


# -- reading workbooks independently ------------------------------------------------------------


def jadwal(path: Path) -> dict[str, dict[dt.date, str]]:
    """NIP -> date -> code, straight from sheet Jadwal."""
    book = openpyxl.load_workbook(path, read_only=True)
    rows = list(book["Jadwal"].iter_rows(values_only=True))
    at = next(i for i, r in enumerate(rows) if "NIP" in r)
    head = rows[at]
    nip = head.index("NIP")
    dates = [(j, v.date()) for j, v in enumerate(head) if isinstance(v, dt.datetime)]
    out: dict[str, dict[dt.date, str]] = {}
    for r in rows[at + 1 :]:
        if not r[nip]:
            break
        out[str(r[nip])] = {d: str(r[j]) for j, d in dates}
    return out


def staff_of(path: Path) -> dict[str, dict[str, Any]]:
    book = openpyxl.load_workbook(path, read_only=True)
    units = {r[0]: r[1] for r in list(book["Unit"].iter_rows(values_only=True))[1:] if r[0]}
    out = {}
    for r in list(book["Pegawai"].iter_rows(values_only=True))[1:]:
        if r[0]:
            out[str(r[0])] = {
                "unit": r[2],
                "bidang": r[3] or "",
                "seksi": r[4] or "",
                "building": r[6] or units[r[2]],
                "vulnerable": r[7] == "Ya",
            }
    return out


def sheet_rows(path: Path, name: str) -> list[tuple[Any, ...]]:
    book = openpyxl.load_workbook(path, read_only=True)
    return [r for r in list(book[name].iter_rows(values_only=True))[1:] if any(r)]


def summary(path: Path) -> dict[str, Any]:
    book = openpyxl.load_workbook(path, read_only=True)
    return {r[0]: r[1] for r in book["Ringkasan"].iter_rows(values_only=True) if r and r[0]}


def manual_contacts(
    roster: dict[str, dict[dt.date, str]], staff: dict[str, dict[str, Any]], case: str, on: dt.date
) -> set[str]:
    """Same building, unit and bidang; on site on a day of [on − 2, on] the case was on site."""
    days = [on - dt.timedelta(days=k) for k in (2, 1, 0)]
    case_days = [d for d in days if roster[case].get(d) == "WFO"]
    me = staff[case]
    return {
        n
        for n, e in staff.items()
        if n != case
        and (e["building"], e["unit"], e["bidang"]) == (me["building"], me["unit"], me["bidang"])
        and any(roster[n].get(d) == "WFO" for d in case_days)
    }


def needed_changes(
    old: dict[str, dict[dt.date, str]],
    new: dict[str, dict[dt.date, str]],
    staff: dict[str, dict[str, Any]],
    first: dt.date,
) -> int:
    """A lower bound on the WFO/WFH cells any re-plan must change: per day, every seksi (and
    every bidang none of whose seksi is short) that was covered and lost all its people on site
    while someone could still come needs one more person, and one person covers one seksi."""
    groups: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for n, e in staff.items():
        if e["bidang"]:
            groups[e["unit"], e["bidang"], ""].append(n)
        if e["seksi"]:
            groups[e["unit"], e["bidang"], e["seksi"]].append(n)
    total = 0
    for day in sorted(next(iter(old.values()))):
        if day < first:
            continue
        short = {
            k
            for k, members in groups.items()
            if any(old[n][day] == "WFO" for n in members)
            and not any(old[n][day] == "WFO" == new[n][day] for n in members)
            and any(new[n][day] in ("WFO", "WFH") and not staff[n]["vulnerable"] for n in members)
        }
        seksi = {k for k in short if k[2]}
        total += len(seksi) + sum(
            1 for k in short if not k[2] and not any(s[:2] == k[:2] for s in seksi)
        )
    return total


def differences(
    old: dict[str, dict[dt.date, str]], new: dict[str, dict[dt.date, str]]
) -> list[tuple[str, dt.date, str, str]]:
    return [(n, d, old[n][d], new[n][d]) for n in old for d in old[n] if old[n][d] != new[n][d]]


# -- fixtures -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("published")
    out = folder / "jadwal.xlsx"
    result = run("solve", EXAMPLE, "-o", out, "--workers", "1", "-q")
    assert result.exit_code == 0, result.output + result.stderr
    return out


@pytest.fixture(scope="module")
def case_nip(published: Path) -> str:
    """The first employee on site on Monday and Tuesday with a colleague of their bidang."""
    roster, staff = jadwal(published), staff_of(EXAMPLE)
    return next(
        n
        for n in roster
        if roster[n][MONDAY] == roster[n][TUESDAY] == "WFO"
        and manual_contacts(roster, staff, n, TUESDAY)
    )


@pytest.fixture(scope="module")
def first_case(published: Path, case_nip: str) -> Path:
    out = published.parent / "kasus-1.xlsx"
    result = run(
        "kasus",
        published,
        "--input",
        EXAMPLE,
        "--nip",
        case_nip,
        "--tanggal",
        TUESDAY.isoformat(),
        "-o",
        out,
        "--workers",
        "1",
    )
    assert result.exit_code == 0, result.output + result.stderr
    assert "Semua aturan terpenuhi / every rule is met." in result.output
    return out


# -- a case on the second working day ----------------------------------------------------------


def test_a_case_on_the_second_working_day(published: Path, case_nip: str, first_case: Path) -> None:
    old, new, staff = jadwal(published), jadwal(first_case), staff_of(EXAMPLE)
    contacts = manual_contacts(old, staff, case_nip, TUESDAY)
    listed = sheet_rows(first_case, "Kontak Erat")
    assert {str(r[0]) for r in listed} == contacts
    for row in listed:  # NIP, name, unit, bidang, case, shared days, quarantine until
        assert (
            row[2] == staff[str(row[0])]["unit"] and (row[3] or "") == staff[str(row[0])]["bidang"]
        )
        assert str(row[4]) == case_nip
    building = staff[case_nip]["building"]
    closed = {TUESDAY + dt.timedelta(days=k) for k in range(3)}  # 3 calendar days by default
    for n, cells in new.items():
        assert cells[MONDAY] == old[n][MONDAY]  # the day before the case: exactly as published
        for day, code in cells.items():
            if day < TUESDAY:
                continue
            if n == case_nip:
                assert code == "ISOLASI"  # 10 days: the rest of the week
            elif n in contacts:
                if day <= TUESDAY + dt.timedelta(days=3):
                    assert code == "KARANTINA", (n, day)
            elif staff[n]["building"] == building and day in closed:
                assert code in ("TUTUP", "CUTI", "SAKIT", "DL", "ISOLASI"), (n, day, code)
    diff = differences(old, new)
    assert diff and all(d >= TUESDAY for _, d, _, _ in diff)
    changes = sheet_rows(first_case, "Perubahan")
    assert sorted((str(r[0]), r[2].date(), r[3], r[4]) for r in changes) == sorted(diff)
    chosen = sum(1 for _, _, a, b in diff if {a, b} == {"WFO", "WFH"})
    assert chosen == needed_changes(old, new, staff, TUESDAY)
    pairs = summary(first_case)
    assert pairs["Kontak erat / close contacts"] == len(contacts)
    assert pairs["Sel diubah / cells changed"] == len(diff)
    assert any(str(k).startswith("Penutupan / closure: " + building) for k in pairs)


def test_a_wider_case_changes_only_as_many_cells_as_needed(published: Path, case_nip: str) -> None:
    """The whole building as the scope and a one-day closure: colleagues must stand in for
    the quarantined contacts later in the week, and the re-plan changes no more cells than the
    lower bound counted here."""
    out = published.parent / "kasus-gedung.xlsx"
    result = run(
        "case",
        published,
        "--input",
        EXAMPLE,
        "--nip",
        case_nip,
        "--tanggal",
        TUESDAY.isoformat(),
        "--lingkup",
        "gedung",
        "--tutup-hari",
        "1",
        "-o",
        out,
        "--workers",
        "1",
    )
    assert result.exit_code == 0, result.output + result.stderr
    old, new, staff = jadwal(published), jadwal(out), staff_of(EXAMPLE)
    diff = differences(old, new)
    chosen = sum(1 for _, _, a, b in diff if {a, b} == {"WFO", "WFH"})
    needed = needed_changes(old, new, staff, TUESDAY)
    assert needed > 0
    assert chosen == needed
    assert all(d >= TUESDAY for _, d, _, _ in diff)


def test_a_second_case_on_the_replanned_roster(first_case: Path, case_nip: str) -> None:
    roster, staff = jadwal(first_case), staff_of(EXAMPLE)
    wednesday = TUESDAY + dt.timedelta(days=1)
    building = staff[case_nip]["building"]
    second = next(
        n
        for n in roster
        if staff[n]["building"] != building and roster[n][TUESDAY] == roster[n][wednesday] == "WFO"
    )
    out = first_case.parent / "kasus-2.xlsx"
    result = run(
        "kasus",
        first_case,
        "--input",
        EXAMPLE,
        "--nip",
        second,
        "--tanggal",
        wednesday.isoformat(),
        "-o",
        out,
        "--workers",
        "1",
    )
    assert result.exit_code == 0, result.output + result.stderr
    new = jadwal(out)
    assert {str(r[0]) for r in sheet_rows(out, "Kontak Erat")} == manual_contacts(
        roster, staff, second, wednesday
    )
    for n, cells in new.items():
        for day in (MONDAY, TUESDAY):
            assert cells[day] == roster[n][day]
        # the first case's events carry over: isolation and the first closure
        if n == case_nip:
            assert all(cells[d] == "ISOLASI" for d in cells if d >= TUESDAY)
    assert all(d >= wednesday for _, d, _, _ in differences(roster, new))
    # an essential unit in the closed building: explained, with the way out the roster verified
    book = openpyxl.load_workbook(EXAMPLE, read_only=True)
    essential = [
        r[0]
        for r in list(book["Unit"].iter_rows(values_only=True))[1:]
        if r[0] and r[4] and r[1] == staff[second]["building"]
    ]
    explained = [str(r[1]) + " " + str(r[3]) for r in sheet_rows(out, "Penjelasan")]
    for unit in essential:
        assert any(unit in row and "esensial" in row.lower() for row in explained), explained
    assert essential, "the example's second case should be in an essential unit's building"
    # the first building stays closed through Thursday
    thursday = TUESDAY + dt.timedelta(days=2)
    assert all(new[n][thursday] != "WFO" for n in new if staff[n]["building"] == building)


# -- errors: exit 3, nothing written -------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("--nip", "199901012020011999", "--tanggal", "2026-12-01"), "199901012020011999"),
        (("--tanggal", "2026-12-05"), "2026-12-05 tidak ada di jadwal"),
        (("--tanggal", "2027-01-05"), "tidak ada di jadwal"),
    ],
)
def test_case_errors_exit_3_and_write_nothing(
    published: Path, case_nip: str, tmp_path: Path, args: tuple[str, ...], needle: str
) -> None:
    if "--nip" not in args:
        args = ("--nip", case_nip, *args)
    out = tmp_path / "new.xlsx"
    result = run("kasus", published, "--input", EXAMPLE, *args, "-o", out, "--workers", "1")
    assert result.exit_code == 3, result.output + result.stderr
    assert needle in result.stderr and NOTHING_WRITTEN in result.stderr
    assert "Traceback" not in result.stderr
    assert not list(tmp_path.iterdir())


def test_a_case_in_a_building_already_closed(
    first_case: Path, case_nip: str, tmp_path: Path
) -> None:
    staff = staff_of(EXAMPLE)
    colleague = next(
        n
        for n, e in staff.items()
        if n != case_nip and e["building"] == staff[case_nip]["building"]
    )
    out = tmp_path / "new.xlsx"
    result = run(
        "kasus",
        first_case,
        "--input",
        EXAMPLE,
        "--nip",
        colleague,
        "--tanggal",
        "2026-12-02",
        "-o",
        out,
    )
    assert result.exit_code == 3 and "sudah ditutup" in result.stderr
    assert not list(tmp_path.iterdir())


def test_a_case_on_a_holiday(published: Path, case_nip: str, tmp_path: Path) -> None:
    holiday_input = tmp_path / "input-libur.xlsx"
    book = openpyxl.load_workbook(EXAMPLE)
    book["Libur"].append([dt.datetime(2026, 12, 3), "Libur uji"])
    book.save(holiday_input)
    out = tmp_path / "new.xlsx"
    result = run(
        "kasus",
        published,
        "--input",
        holiday_input,
        "--nip",
        case_nip,
        "--tanggal",
        "2026-12-03",
        "-o",
        out,
    )
    # the roster has no holiday on 2026-12-03 while this input has: the roster does not match
    # it, or (if it did) the date is a holiday; either way exit 3 and nothing written
    assert result.exit_code == 3, result.output + result.stderr
    assert "libur" in result.stderr.lower()
    assert not out.exists()


def test_a_roster_that_does_not_match_the_input(
    published: Path, case_nip: str, tmp_path: Path
) -> None:
    other = tmp_path / "input-lain.xlsx"
    book = openpyxl.load_workbook(EXAMPLE)
    ws = book["Pegawai"]
    ws.append(["199912312025011001", "Pegawai Baru", ws.cell(2, 3).value])
    book.save(other)
    out = tmp_path / "new.xlsx"
    result = run(
        "kasus",
        published,
        "--input",
        other,
        "--nip",
        case_nip,
        "--tanggal",
        "2026-12-01",
        "-o",
        out,
    )
    assert result.exit_code == 3 and "199912312025011001" in result.stderr
    assert "tidak cocok" in result.stderr
    assert not out.exists()
    # the input itself is never the output
    result = run(
        "kasus",
        published,
        "--input",
        EXAMPLE,
        "--nip",
        case_nip,
        "--tanggal",
        "2026-12-01",
        "-o",
        published,
        "--force",
    )
    assert result.exit_code == 2


# -- replan: an updated input, pins ------------------------------------------------------------


def test_replan_keeps_pins_and_past_days(published: Path, tmp_path: Path) -> None:
    roster, staff = jadwal(published), staff_of(EXAMPLE)
    wednesday = TUESDAY + dt.timedelta(days=1)
    sick = next(n for n in roster if roster[n][wednesday] == "WFO" and not staff[n]["vulnerable"])
    updated = tmp_path / "input-baru.xlsx"
    book = openpyxl.load_workbook(EXAMPLE)
    book["Ketidakhadiran"].append(
        [sick, dt.datetime(2026, 12, 2), dt.datetime(2026, 12, 4), "Sakit"]
    )
    # pin: someone of the sick person's seksi who was at home on Wednesday stays at home
    mate = next(
        n
        for n, e in staff.items()
        if n != sick
        and (e["unit"], e["bidang"], e["seksi"])
        == (staff[sick]["unit"], staff[sick]["bidang"], staff[sick]["seksi"])
        and roster[n][wednesday] == "WFH"
    )
    pins = book.create_sheet("Kunci")
    pins.append(["NIP", "Tanggal", "Status"])
    pins.append([mate, dt.datetime(2026, 12, 2), "WFH"])
    book.save(updated)
    out = tmp_path / "replan.xlsx"
    result = run(
        "replan", published, "--input", updated, "--dari", "2026-12-02", "-o", out, "--workers", "1"
    )
    assert result.exit_code in (0, 4), result.output + result.stderr
    new = jadwal(out)
    assert new[mate][wednesday] == "WFH"
    assert all(new[sick][d] == "SAKIT" for d in new[sick] if d >= wednesday)
    diff = differences(roster, new)
    assert diff and all(d >= wednesday for _, d, _, _ in diff)
    assert len(sheet_rows(out, "Perubahan")) == len(diff)
    assert "sheet 'Kunci' tidak dibaca" not in result.stderr
    # a WFO pin on the sick person's day breaks availability: exit 3, named, nothing written
    book = openpyxl.load_workbook(updated)
    book["Kunci"].append([sick, dt.datetime(2026, 12, 3), "WFO"])
    bad = tmp_path / "input-salah.xlsx"
    book.save(bad)
    out2 = tmp_path / "replan-2.xlsx"
    result = run("replan", published, "--input", bad, "--dari", "2026-12-02", "-o", out2)
    assert result.exit_code == 3, result.output + result.stderr
    assert "sheet 'Kunci', baris/row 3" in result.stderr and "SAKIT" in result.stderr
    assert not out2.exists()


def test_replan_default_start_is_the_first_broken_day(published: Path, tmp_path: Path) -> None:
    roster = jadwal(published)
    thursday = TUESDAY + dt.timedelta(days=2)
    away = next(n for n in roster if roster[n][thursday] == "WFO")
    updated = tmp_path / "input-dl.xlsx"
    book = openpyxl.load_workbook(EXAMPLE)
    book["Ketidakhadiran"].append(
        [away, dt.datetime(2026, 12, 3), dt.datetime(2026, 12, 3), "Dinas Luar"]
    )
    book.save(updated)
    out = tmp_path / "replan.xlsx"
    result = run("replan", published, "--input", updated, "-o", out, "--workers", "1")
    assert result.exit_code == 0, result.output + result.stderr
    assert "2026-12-03" in result.output
    new = jadwal(out)
    assert new[away][thursday] == "DL"
    assert all(d >= thursday for _, d, _, _ in differences(roster, new))
    shutil.rmtree(tmp_path)


def test_the_service_takes_bytes_and_writes_nothing_when_asked(
    published: Path, case_nip: str, first_case: Path
) -> None:
    """What a web page would call: uploads as bytes in, the outcome out, no file written."""
    from optimizer.app.service import CaseOptions, InputFile, report_case

    outcome = report_case(
        InputFile("jadwal.xlsx", published.read_bytes()),
        InputFile("input.xlsx", EXAMPLE.read_bytes()),
        CaseOptions(nips=(case_nip,), on=TUESDAY, write=False),
    )
    assert outcome.output is None
    assert outcome.report.ok
    assert {c.nip for c in outcome.contacts} == {
        str(r[0]) for r in sheet_rows(first_case, "Kontak Erat")
    }
    assert len(outcome.changes) == len(sheet_rows(first_case, "Perubahan"))


def test_a_roster_of_other_dates_does_not_match(
    published: Path, case_nip: str, tmp_path: Path
) -> None:
    other = tmp_path / "input-minggu-2.xlsx"
    book = openpyxl.load_workbook(EXAMPLE)
    book["Kebijakan"]["B2"] = dt.datetime(2026, 12, 7)
    book.save(other)
    out = tmp_path / "new.xlsx"
    result = run(
        "kasus",
        published,
        "--input",
        other,
        "--nip",
        case_nip,
        "--tanggal",
        "2026-12-08",
        "-o",
        out,
    )
    assert result.exit_code == 3, result.output + result.stderr
    assert "tanggal jadwal (2026-11-30 – 2026-12-04 (5))" in result.stderr
    assert not list(tmp_path.glob("new*"))


def test_periksa_reads_the_events_of_a_replanned_roster(first_case: Path, published: Path) -> None:
    result = run("periksa", first_case, "--input", EXAMPLE)
    assert result.exit_code == 0, result.output + result.stderr
    assert "taken as events" in result.stderr
    # a roster that was not re-planned is checked as before (no events read from it)
    plain = run("periksa", published, "--input", EXAMPLE)
    assert plain.exit_code == 0 and "taken as events" not in plain.stderr


@pytest.mark.parametrize(("parameter", "value"), [("Kohort", 2)])
def test_cohorts_are_not_replanned_yet(
    published: Path, case_nip: str, tmp_path: Path, parameter: str, value: object
) -> None:
    """A re-plan would mix the cohorts of the days kept: refused, exit 3 (start waves are
    re-planned: tests/test_replan_waves.py)."""
    other = tmp_path / "input-lain.xlsx"
    book = openpyxl.load_workbook(EXAMPLE)
    sheet = book["Kebijakan"]
    (row,) = [r for r in sheet.iter_rows(min_row=2) if r[0].value == parameter]
    row[1].value = value
    book.save(other)
    out = tmp_path / "new.xlsx"
    result = run(
        "kasus", published, "--input", other, "--nip", case_nip, "--tanggal", "2026-12-01",
        "-o", out,
    )  # fmt: skip
    assert result.exit_code == 3, result.output + result.stderr
    assert f"'{parameter}'" in result.stderr and "Kebijakan" in result.stderr
    assert not out.exists()


def test_a_case_without_contacts_says_so(published: Path, tmp_path: Path) -> None:
    """An empty Kontak Erat sheet says why it is empty (the definition HR can check)."""
    roster, staff = jadwal(published), staff_of(EXAMPLE)
    lonely = next(
        n
        for n in sorted(staff)
        if roster[n].get(TUESDAY) == "WFO" and not manual_contacts(roster, staff, n, TUESDAY)
    )
    out = tmp_path / "sendiri.xlsx"
    result = run(
        "kasus", published, "--input", EXAMPLE, "--nip", lonely, "--tanggal", TUESDAY.isoformat(),
        "-o", out,
    )  # fmt: skip
    assert result.exit_code == 0, result.output + result.stderr
    (row,) = sheet_rows(out, "Kontak Erat")  # below the header: one line, no contact
    assert str(row[0]).startswith("Tidak ada kontak erat") and "no close contacts" in str(row[0])
