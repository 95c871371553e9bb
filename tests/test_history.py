"""Fairness over weeks: per-week sharing, and history carried over from published rosters."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from models.domain import Cell, Employee, Policy, Problem, Representation, Roster, Unit
from models.rules.caps import unit_cap
from models.rules.goals import fairness, quota_use
from models.solve import SolveParams
from optimizer.analysis.checker import check
from optimizer.analysis.history import HistorySource, with_history
from optimizer.app import service
from optimizer.app.runtime import solve
from optimizer.app.service import PlanOptions
from optimizer.cli import main
from optimizer.demo.generator import generate_city
from optimizer.io.input_workbook import write_input_workbook
from optimizer.io.roster_reader import read_roster
from tests.verifier import Verifier, on_site

MONDAY = dt.date(2026, 11, 30)
WEEK_1, WEEK_2 = range(5), range(5, 10)


def _people(n: int) -> list[Employee]:
    """``n`` staff of one unit, each in a seksi of their own (classes of one)."""
    return [
        Employee(f"1990010120200110{i:02d}", f"Pegawai {i}", "Dinas", seksi=f"Seksi {i}")
        for i in range(n)
    ]


def _problem(people: list[Employee], weeks: int, cap: int = 50, **kw: object) -> Problem:
    policy = Policy(start=MONDAY, weeks=weeks, cap_pct=cap, min_per_subunit=0)  # type: ignore[arg-type]
    return Problem(policy, (Unit("Dinas", "G"),), tuple(people), **kw)  # type: ignore[arg-type]


# -- per week ------------------------------------------------------------------------------------


def test_over_two_weeks_office_days_are_also_shared_within_each_week() -> None:
    people = _people(4)  # cap 50% of 4 = 2 a day: 20 office days, 5 each
    problem = _problem(people, weeks=2)
    v = Verifier(problem, unit_cap, quota_use, fairness)
    lopsided = {**on_site(people[:2], days=WEEK_1), **on_site(people[2:], days=WEEK_2)}
    best = v.best_roster()
    assert sorted(best.office_days(e) for e in people) == [5, 5, 5, 5]
    for e in people:  # nobody has all their days in one week
        per_week = [sum((e.nip, d) in best.wfo for d in w) for w in (WEEK_1, WEEK_2)]
        assert sorted(per_week) == [2, 3], (e.nip, per_week)
    # Per week: 5 days in one week cost 5 × (1+3+5+7+9) = 125 a person; 2 + 3 cost
    # 5 × (1+3) + 5 × (1+3+5) = 65. The horizon's own cost is the same for both.
    assert v.cost(lopsided) - best.objective == 4 * (125 - 65)


def test_one_week_rosters_have_no_weekly_term() -> None:
    people = _people(4)
    problem = _problem(people, weeks=1)
    v = Verifier(problem, unit_cap, quota_use, fairness)
    # 10 office days, cap 2 a day; the reward and the horizon rounds alone (as before).
    best = v.best_roster()
    assert sorted(best.office_days(e) for e in people) == [2, 2, 3, 3]


# -- history --------------------------------------------------------------------------------------


def test_whoever_came_less_recently_comes_more_now() -> None:
    a, b = _people(2)  # cap 50% of 2 = 1 a day: 5 office days between two people
    history = ((a.nip, 3), (b.nip, 0))
    problem = _problem([a, b], weeks=1, history=history)
    result = solve(problem, SolveParams(time_limit_s=10))
    assert result.roster is not None
    assert (result.roster.office_days(a.nip), result.roster.office_days(b.nip)) == (1, 4)
    (row,) = check(problem, result.roster).fairness
    assert (row.min_days, row.max_days, row.with_history) == (4, 4, True)
    plain = solve(dataclasses.replace(problem, history=()), SolveParams(time_limit_s=10))
    assert plain.roster is not None
    assert sorted(plain.roster.office_days(n) for n in (a.nip, b.nip)) == [2, 3]


def test_history_rules_overlap_new_staff_and_leavers() -> None:
    people = _people(3)
    problem = _problem(people, weeks=1)
    earlier_dates = tuple(MONDAY - dt.timedelta(days=7 - i) for i in range(5))
    overlap_dates = (*earlier_dates[1:], MONDAY)  # the last date is the new roster's first
    wfo, wfh = Cell.WFO, Cell.WFH
    first = HistorySource(
        "minggu-1.xlsx",
        _roster(
            earlier_dates, {people[0].nip: [wfo] * 5, people[1].nip: [wfo, wfh, wfh, wfh, wfh]}
        ),
    )
    second = HistorySource(
        "minggu-2.xlsx", _roster(overlap_dates, {people[0].nip: [wfo] * 5, "keluar": [wfo] * 5})
    )
    with_it, warnings = with_history(problem, [first, second])
    # people[0]: 5 + 4 (the overlapping Monday not counted); people[1]: 1; people[2] is new and
    # gets the median of its unit's colleagues (low median of 9 and 1 = 1); then shifted by 1.
    assert dict(with_it.history) == {people[0].nip: 8, people[1].nip: 0, people[2].nip: 0}
    texts = " | ".join(w.message_en for w in warnings)
    assert "1 dates of this roster" in texts and "are not counted" in texts
    assert "1 employees of the history are not in the input" in texts
    assert "1 employees are in no earlier roster" in texts
    assert all(w.warning for w in warnings)


def _roster(dates: tuple[dt.date, ...], cells: dict[str, list[Cell]]) -> Roster:
    return Roster(dates, {nip: tuple(row) for nip, row in cells.items()})


def test_a_second_week_with_riwayat_evens_out_the_totals(tmp_path: Path) -> None:
    generated = generate_city(seed=4, staff=160)
    # Without representation, so that no sole member of a seksi must come every day.
    no_rep = dataclasses.replace(generated.policy, representation=Representation.NONE)
    city = dataclasses.replace(generated, policy=no_rep)
    week_1 = tmp_path / "minggu-1.xlsx"
    write_input_workbook(city, week_1)
    first = service.plan(week_1, PlanOptions(output=tmp_path / "jadwal-1.xlsx"))
    assert first.output is not None
    next_policy = dataclasses.replace(city.policy, start=city.policy.start + dt.timedelta(days=7))
    week_2 = tmp_path / "minggu-2.xlsx"
    write_input_workbook(dataclasses.replace(city, policy=next_policy), week_2)
    options = PlanOptions(output=tmp_path / "jadwal-2.xlsx", history=(first.output,))
    second = service.plan(week_2, options)
    assert second.result.roster is not None
    before = read_roster(first.output)
    # Among flexible staff of a unit free on every day of both weeks, the totals over both
    # weeks differ by at most one (whoever had more in week 1 has fewer in week 2).
    groups: dict[str, list[int]] = defaultdict(list)
    for emp in second.problem.employees:
        row_1, row_2 = before.cells[emp.nip], second.result.roster.cells[emp.nip]
        if emp.flexible and all(c in (Cell.WFO, Cell.WFH) for c in (*row_1, *row_2)):
            groups[emp.unit].append(sum(c is Cell.WFO for c in (*row_1, *row_2)))
    spreads = {u: max(t) - min(t) for u, t in groups.items() if len(t) > 1}
    assert spreads and max(spreads.values()) <= 1, spreads
    assert second.report.fairness and all(r.with_history for r in second.report.fairness)
    ringkasan = openpyxl.load_workbook(tmp_path / "jadwal-2.xlsx", read_only=True)["Ringkasan"]
    texts = [str(c) for row in ringkasan.iter_rows(values_only=True) for c in row if c]
    assert any("plus this roster" in t for t in texts)


def test_a_history_file_that_is_no_roster_is_refused(tmp_path: Path, city_xlsx: Path) -> None:
    bogus = tmp_path / "bukan-jadwal.xlsx"
    bogus.write_bytes(b"bukan excel")
    result = CliRunner().invoke(
        main, ["solve", str(city_xlsx), "-o", str(tmp_path / "j.xlsx"), "--riwayat", str(bogus)]
    )
    assert result.exit_code == 3, result.output
    assert "bukan-jadwal.xlsx" in result.stderr
    assert not (tmp_path / "j.xlsx").exists()


@pytest.mark.parametrize("flag", ["--riwayat", "--history"])
def test_the_cli_takes_earlier_rosters(tmp_path: Path, city_xlsx: Path, flag: str) -> None:
    first = tmp_path / "j1.xlsx"
    assert CliRunner().invoke(main, ["solve", str(city_xlsx), "-o", str(first)]).exit_code == 0
    result = CliRunner().invoke(
        main, ["solve", str(city_xlsx), "-o", str(tmp_path / "j2.xlsx"), flag, str(first)]
    )
    # The same dates: every date overlaps, nothing is counted, and the run says so.
    assert result.exit_code == 0, result.output
    assert "are not counted" in result.stderr
