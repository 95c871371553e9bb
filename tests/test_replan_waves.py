"""Re-plans of a roster with start waves (``Gelombang``): past days keep their cells and waves,
later days keep their waves where they can, every wave change is listed, the checker agrees."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner, Result

from models.domain import Cell, Problem, Roster, TimeRange
from models.solve import SolveParams, solve_here
from optimizer.analysis.checker import check
from optimizer.analysis.contacts import ContactScope
from optimizer.analysis.outbreak import (
    case_events,
    changed_cells,
    replan_problem,
    roster_mismatch,
    with_events,
)
from optimizer.app.replan import solve_replan
from optimizer.cli import main
from optimizer.demo.generator import generate_city
from optimizer.io.input_workbook import write_input_workbook
from optimizer.io.roster_reader import read_roster

#: Two waves that do not overlap (a morning and an afternoon turn).
APART = (TimeRange(7 * 60, 11 * 60 + 30), TimeRange(12 * 60, 16 * 60 + 30))
PARAMS = SolveParams(time_limit_s=20, lp_warm_start=False, workers=1)


def city_with_waves() -> Problem:
    city = generate_city(seed=7, staff=400)
    return dataclasses.replace(city, policy=dataclasses.replace(city.policy, waves=APART))


@pytest.fixture(scope="module")
def replanned() -> tuple[Problem, Roster, Roster, dt.date]:
    city = city_with_waves()
    result = solve_here(city, PARAMS)
    assert result.roster is not None
    published = result.roster
    assert {w for row in published.waves.values() for w in row} == {0, 1, 2}
    on = city.working_dates[2]
    i = city.dates.index(on)
    case = next(
        n
        for n, c in published.cells.items()
        if c[i - 1] is Cell.WFO and c[i] is Cell.WFO and published.waves[n][i] == 2
    )
    closures, absences, _trace, _rows = case_events(
        city, published, [case], on, 3, 5, 10, ContactScope.GEDUNG
    )
    event = with_events(city, closures, absences)
    _sub, replan = solve_replan(event, published, on, (), PARAMS)
    assert replan.roster is not None
    return event, published, replan.roster, on


def test_past_days_keep_their_cells_and_waves(
    replanned: tuple[Problem, Roster, Roster, dt.date],
) -> None:
    event, published, merged, on = replanned
    k = event.dates.index(on)
    assert k > 0
    for nip, cells in published.cells.items():
        assert merged.cells[nip][:k] == cells[:k]
        assert merged.waves[nip][:k] == published.waves[nip][:k]


def test_only_forced_days_change_their_wave_and_every_change_is_listed(
    replanned: tuple[Problem, Roster, Roster, dt.date],
) -> None:
    event, published, merged, on = replanned
    assert check(event, merged).ok
    changes = changed_cells(event, published, merged)
    listed = {(c.nip, c.day) for c in changes}
    k = event.dates.index(on)
    moved = [
        (nip, day)
        for nip, cells in published.cells.items()
        for i, day in enumerate(event.dates)
        if cells[i] is Cell.WFO is merged.cells[nip][i]
        and published.waves[nip][i] != merged.waves[nip][i]
    ]
    assert all(event.dates.index(day) >= k for _nip, day in moved)
    assert set(moved) <= listed  # a wave change is a listed change ...
    for c in changes:
        if (c.nip, c.day) in moved:
            assert c.before.startswith("WFO-") and c.after.startswith("WFO-")
            assert c.before != c.after and "gelombang" in c.reason_id
    # ... and none is needed here: the two waves do not overlap, each has the whole cap, so the
    # remaining staff fit their published waves and the stability goal moves nobody (a count)
    assert len(moved) == 0
    # the stability goal counts the changed cells of the re-plan problem exactly
    sub = replan_problem(event, published, on)
    assert sub.published and all(len(r.wave) == len(event.dates) for r in sub.published)


def test_replan_without_events_changes_no_wave() -> None:
    city = city_with_waves()
    result = solve_here(city, PARAMS)
    assert result.roster is not None
    published = result.roster
    on = city.working_dates[1]
    # solve every component (no shortcut): the model itself must keep every wave
    full = solve_here(replan_problem(city, published, on), PARAMS)
    assert full.roster is not None
    for nip, cells in published.cells.items():
        assert full.roster.cells[nip][1:] == cells[1:]
        assert full.roster.waves[nip][1:] == published.waves[nip][1:]


def test_a_wave_change_is_a_listed_change(
    replanned: tuple[Problem, Roster, Roster, dt.date],
) -> None:
    """Moving someone from WFO-1 to WFO-2 (same cell) is a change, with its reason."""
    event, published, merged, on = replanned
    k = event.dates.index(on)
    nip, i = next(
        (n, i)
        for n, row in sorted(merged.waves.items())
        for i in range(k, len(event.dates))
        if row[i] == 1 and published.waves[n][i] == 1
    )
    row = list(merged.waves[nip])
    row[i] = 2
    moved = Roster(merged.dates, merged.cells, {**merged.waves, nip: tuple(row)})
    extra = {(c.nip, c.day, c.before, c.after) for c in changed_cells(event, published, moved)}
    extra -= {(c.nip, c.day, c.before, c.after) for c in changed_cells(event, published, merged)}
    assert extra == {(nip, event.dates[i], "WFO-1", "WFO-2")}
    (change,) = [
        c for c in changed_cells(event, published, moved) if (c.nip, c.day) == (nip, event.dates[i])
    ]
    assert "gelombang masuk 1 → 2" in change.reason_id and "start wave 1 → 2" in change.reason_en


def test_a_roster_with_more_waves_than_the_input_does_not_match(
    replanned: tuple[Problem, Roster, Roster, dt.date],
) -> None:
    """Waves the input no longer has would be lost on the kept days: an error, not a guess."""
    event, published, _merged, _on = replanned
    assert roster_mismatch(event, published, True) == []
    single = dataclasses.replace(event, policy=dataclasses.replace(event.policy, waves=()))
    (problem,) = roster_mismatch(single, published, True)
    assert "WFO-2" in problem.message_en and "'Gelombang'" in problem.message_id


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def label(roster: Roster, nip: str, i: int) -> str:
    cell, wave = roster.cells[nip][i], roster.waves.get(nip, ())
    return f"WFO-{wave[i]}" if cell is Cell.WFO and wave and wave[i] else cell.value


def test_kasus_on_a_roster_with_waves(tmp_path: Path) -> None:
    """``giliran kasus`` on a roster with waves: exit 0, past days as published (cells and
    waves), every difference (a wave change too) one row of ``Perubahan``, the cells the
    re-plan chose (``WFO-1`` ↔ ``WFH``) counted as such in ``Ringkasan``."""
    city = city_with_waves()
    source = tmp_path / "input.xlsx"
    write_input_workbook(city, source)
    published = tmp_path / "jadwal.xlsx"
    result = run("solve", source, "-o", published, "--workers", "1", "-q")
    assert result.exit_code == 0, result.output + result.stderr
    old = read_roster(published)
    tuesday = city.working_dates[1]
    t = city.dates.index(tuesday)
    case = next(n for n, c in sorted(old.cells.items()) if c[t] is Cell.WFO)
    out = tmp_path / "kasus.xlsx"
    result = run(
        "kasus", published, "--input", source, "--nip", case, "--tanggal", tuesday.isoformat(),
        "-o", out, "--workers", "1", "--tutup-hari", "1", "--lingkup", "unit",
    )  # fmt: skip
    assert result.exit_code == 0, result.output + result.stderr
    new = read_roster(out)
    assert new.waves  # the re-planned roster still shows its waves
    diff = sorted(
        (nip, day, label(old, nip, i), label(new, nip, i))
        for nip in old.cells
        for i, day in enumerate(city.dates)
        if label(old, nip, i) != label(new, nip, i)
    )
    assert diff and all(day >= tuesday for _n, day, _a, _b in diff)
    book = openpyxl.load_workbook(out, read_only=True)
    rows = [r for r in list(book["Perubahan"].iter_rows(values_only=True))[1:] if any(r)]
    assert sorted((str(r[0]), r[2].date(), r[3], r[4]) for r in rows) == diff
    pairs = {r[0]: r[1] for r in book["Ringkasan"].iter_rows(values_only=True) if r and r[0]}
    assert pairs["Sel diubah / cells changed"] == len(diff)

    def chosen(code: str) -> bool:  # on site in any wave, or at home: the model's choice
        return code == "WFH" or code.startswith("WFO-")

    picked = sum(1 for _n, _d, a, b in diff if chosen(a) and chosen(b))
    assert picked > 0  # a one-day closure, a unit's contacts: somebody else must come in
    assert pairs["  oleh penjadwalan ulang / chosen by the re-plan"] == picked
