"""Cohort mode (``Kohort``): cohorts never mix, the rest of the rules still hold where they can,
nothing changes without it, the roster carries each cohort and ``periksa`` catches a mix."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.calendar import build_calendar
from models.domain import CohortLevel, Employee, Policy, Problem, Representation, Roster, Unit
from models.registry import RuleId
from models.rules import RULES
from models.solve import SolveParams, SolveStatus, build_model, components
from optimizer.analysis.checker import check
from optimizer.analysis.contacts import ContactScope
from optimizer.analysis.resilience import ResilienceOptions, resilience
from optimizer.app import service
from optimizer.app.runtime import solve
from optimizer.app.service import PlanOptions
from optimizer.cli import main
from optimizer.io.input_workbook import write_input_workbook
from optimizer.io.roster_reader import read_roster
from tests.test_properties import organisations

MONDAY = dt.date(2026, 11, 30)
UNIT = "Dinas Arsip"
EXAMPLE = Path(__file__).resolve().parent.parent / "input_templates" / "contoh-kota.xlsx"


def _never_mix(problem: Problem, roster: Roster) -> None:
    """Recomputed here from the definition: per group and day, one cohort on site at most; every
    non-vulnerable employee who can be on site has a cohort 1…K; near-equal sizes."""
    k_count = problem.policy.cohorts
    fixed = build_calendar(problem).fixed
    groups: dict[tuple[str, ...], list[Employee]] = defaultdict(list)
    for emp in problem.employees:
        if emp.vulnerable or all(c is not None for c in fixed[emp.nip]):
            assert emp.nip not in roster.cohorts
            continue
        key: tuple[str, ...] = (emp.unit, emp.bidang)
        if problem.policy.cohort_level is CohortLevel.SECTION:
            key = (*key, emp.seksi)
        groups[key].append(emp)
    for members in groups.values():
        sizes = defaultdict(int)
        for emp in members:
            assert 1 <= roster.cohorts[emp.nip] <= k_count
            sizes[roster.cohorts[emp.nip]] += 1
        assert all(sizes[k] >= len(members) // k_count for k in range(1, k_count + 1))
        for i in range(len(roster.dates)):
            present = {
                roster.cohorts[e.nip] for e in members if roster.cells[e.nip][i].value == "WFO"
            }
            assert len(present) <= 1


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(organisations(), st.sampled_from([2, 3]), st.sampled_from(list(CohortLevel)))
def test_cohorts_never_mix_on_random_problems(
    problem: Problem, k_count: int, level: CohortLevel
) -> None:
    policy = dataclasses.replace(problem.policy, cohorts=k_count, cohort_level=level)
    problem = dataclasses.replace(problem, policy=policy)
    result = solve(problem, SolveParams(time_limit_s=20))
    assert result.status is SolveStatus.OPTIMAL
    assert result.roster is not None
    _never_mix(problem, result.roster)
    report = check(problem, result.roster)
    assert report.hard_violations == []  # the checker agrees (cohorts included)
    said = {(s.rule, s.scope, s.day) for s in result.shortfalls}
    assert said == {(v.rule, v.scope, v.date) for v in report.violations}


def _office(cohorts: int, people: int = 8, cap: int = 50) -> Problem:
    """``people`` staff in two seksi of one bidang; cap ``cap``%."""
    staff = tuple(
        Employee(
            f"198501012010011{i + 1:03d}",
            f"Pegawai {i}",
            UNIT,
            "Bidang Umum",
            f"Seksi {1 + i % 2}",
            always_on_site=i == 0,
        )
        for i in range(people)
    )
    return Problem(
        Policy(
            start=MONDAY,
            cap_pct=Decimal(cap),
            representation=Representation.SECTION,
            national_holidays=False,
            cohorts=cohorts,
        ),
        (Unit(UNIT, "Gedung Arsip"),),
        staff,
    )


def test_hand_case_two_cohorts_per_seksi() -> None:
    problem = _office(2)
    result = solve(problem, SolveParams(time_limit_s=20))
    roster = result.roster
    assert result.status is SolveStatus.OPTIMAL and roster is not None
    assert check(problem, roster).ok  # cap 4 a day, every seksi represented, duty met
    _never_mix(problem, roster)
    by_seksi: dict[str, list[int]] = defaultdict(list)
    for emp in problem.employees:
        by_seksi[emp.seksi].append(roster.cohorts[emp.nip])
    assert {s: sorted(v) for s, v in by_seksi.items()} == {
        "Seksi 1": [1, 1, 2, 2],
        "Seksi 2": [1, 1, 2, 2],
    }
    # Mon/Wed/Fri belong to cohort A, Tue/Thu to B: only that cohort is ever on site.
    for emp in problem.employees:
        days = [i for i, c in enumerate(roster.cells[emp.nip]) if c.value == "WFO"]
        owner = 1 if roster.cohorts[emp.nip] == 1 else 2
        assert all(i % 2 == owner - 1 for i in days)
    # The front-line employee is on site every day of their own cohort, and only then.
    first = problem.employees[0]
    k = roster.cohorts[first.nip]
    assert [c.value for c in roster.cells[first.nip]][k - 1 :: 2] == ["WFO"] * len(
        range(k - 1, 5, 2)
    )


def test_without_kohort_the_model_is_unchanged() -> None:
    for k_count in (0, 1):
        problem = _office(k_count)
        (component,) = components(problem)
        ctx, _ = build_model(problem, component)
        assert not ctx.cohort_split
        cohort_rule = next(r for r in RULES if RuleId.COHORTS in r.families)
        before = len(ctx.model.proto.variables), len(ctx.model.proto.constraints)
        assert cohort_rule(ctx) == []
        assert (len(ctx.model.proto.variables), len(ctx.model.proto.constraints)) == before
    plain = solve(_office(0), SolveParams(time_limit_s=20))
    one = solve(_office(1), SolveParams(time_limit_s=20))
    assert plain.roster is not None and one.roster is not None
    assert plain.roster.cells == one.roster.cells and plain.roster.cohorts == {}
    assert plain.objective == one.objective


def test_caps_and_representation_still_met_where_possible() -> None:
    # 12 staff, cap 25% = 3 a day, two seksi: with two cohorts per seksi every seksi still has
    # someone each day and the cap is used each day.
    problem = _office(2, people=12, cap=25)
    result = solve(problem, SolveParams(time_limit_s=20))
    assert result.roster is not None
    report = check(problem, result.roster)
    assert report.ok
    per_day = [
        sum(1 for e in problem.employees if result.roster.cells[e.nip][i].value == "WFO")
        for i in range(5)
    ]
    assert per_day == [3] * 5


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("kohort")
    source = folder / "input.xlsx"
    write_input_workbook(_office(2), source)
    out = folder / "jadwal.xlsx"
    outcome = service.plan(source, PlanOptions(output=out, time_limit_s=20))
    assert outcome.report.ok and outcome.resilience is not None  # Ketahanan in cohort mode
    return source, out


def test_roster_carries_the_cohorts_and_reads_them_back(written: tuple[Path, Path]) -> None:
    source, out = written
    book = openpyxl.load_workbook(out, read_only=True)
    assert "Ketahanan" in book.sheetnames
    roster = read_roster(out)
    problem, _ = service.validate(source)
    assert len(roster.cohorts) == 8
    _never_mix(problem, roster)
    result = CliRunner().invoke(main, ["periksa", str(out), "--input", str(source)])
    assert result.exit_code == 0, result.output


def test_periksa_catches_a_hand_edit_that_mixes_cohorts(
    written: tuple[Path, Path], tmp_path: Path
) -> None:
    source, out = written
    book = openpyxl.load_workbook(out)
    ws = book["Jadwal"]
    header = next(r for r in ws.iter_rows() if any(c.value == "NIP" for c in r))
    col = {c.value: c.column_letter for c in header}
    monday = next(c.column_letter for c in header if isinstance(c.value, dt.datetime))
    row = next(
        r
        for r in range(header[0].row + 1, ws.max_row + 1)
        if ws[f"{col['Kohort']}{r}"].value == "B" and ws[f"{monday}{r}"].value == "WFH"
    )
    ws[f"{monday}{row}"].value = "WFO"  # a cohort-B member on cohort A's Monday
    edited = tmp_path / "edited.xlsx"
    book.save(edited)
    result = CliRunner().invoke(main, ["periksa", str(edited), "--input", str(source)])
    assert result.exit_code == 4
    assert "Kohort tidak bercampur / Cohorts never mix" in result.output
    assert f"sel/cell {monday}{row}" in result.output
    ws[f"{col['Kohort']}{row}"].value = "Q"  # a label that is no cohort of two
    book.save(edited)
    found = service.check_roster(edited, source)
    assert any(b.rule == RuleId.COHORTS.value for b in found.broken)


def test_ketahanan_cli_and_a_roster_of_another_input(
    written: tuple[Path, Path], tmp_path: Path
) -> None:
    source, out = written
    ok = CliRunner().invoke(main, ["ketahanan", str(out), "--input", str(source)])
    assert ok.exit_code == 0, ok.output
    assert "worst-case quarantined" in ok.output
    other = tmp_path / "other.xlsx"
    write_input_workbook(_office(2, people=6), other)
    bad = CliRunner().invoke(main, ["resilience", str(out), "--input", str(other)])
    assert bad.exit_code == 3
    assert "sheet 'Jadwal'" in bad.output and "NIP" in bad.output
    assert list(tmp_path.iterdir()) == [other]  # nothing written


def test_cohort_mode_lowers_the_worst_case_on_the_shipped_example() -> None:
    problem, _ = service.validate(EXAMPLE)
    figures = []
    for k_count in (0, 2):
        policy = dataclasses.replace(problem.policy, cohorts=k_count)
        case = dataclasses.replace(problem, policy=policy)
        result = solve(case, SolveParams(time_limit_s=60))
        assert result.status is SolveStatus.OPTIMAL and result.roster is not None
        assert check(case, result.roster).ok
        res = resilience(case, result.roster, ResilienceOptions(scope=ContactScope.BIDANG))
        figures.append((res.worst_quarantined, res.average_quarantined, res.at_risk))
    (worst0, avg0, risk0), (worst2, avg2, risk2) = figures
    assert worst2 < worst0 and avg2 < avg0 and risk2 < risk0


def test_ketahanan_sheet_is_printable(written: tuple[Path, Path]) -> None:
    _, out = written
    ws = openpyxl.load_workbook(out)["Ketahanan"]
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.paperSize == 9  # A4
    # one page wide (fitToWidth 1 is the default XlsxWriter leaves out), as tall as needed
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.fitToWidth in (None, 1) and ws.page_setup.fitToHeight == 0
    assert "1:" in str(ws.print_title_rows)
    values = [row[0] for row in ws.iter_rows(values_only=True) if row and row[0]]
    assert any("Karantina terbanyak" in str(v) for v in values)
    assert any("Subunit berisiko" in str(v) for v in values)
