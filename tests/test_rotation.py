"""Rotation over weeks: the weekly A/B pattern, per-week sheets, the Riwayat sheet, and the
optional rules that keep staff at home (Usia Maks WFO, Hanya Tervaksinasi WFO)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from xlsx_util import NIP_1, NIP_3, small_sheets, write_small

from models.calendar import build_calendar
from models.domain import (
    Cell,
    Employee,
    Pattern,
    Policy,
    Problem,
    Representation,
    Roster,
    Unit,
    week_team,
)
from models.registry import RuleId
from models.rules.caps import unit_cap
from models.rules.goals import fairness, quota_use
from models.rules.minimums import representation
from models.solve import SolveParams
from models.teams import assign_teams
from models.variables import Component, ModelContext
from optimizer.analysis.checker import check
from optimizer.analysis.history import HistorySource, history_table, with_history
from optimizer.app import service
from optimizer.app.runtime import solve
from optimizer.app.service import PlanOptions
from optimizer.cli import main
from optimizer.demo.generator import generate_city
from optimizer.errors import InputError
from optimizer.io import presets as preset_table
from optimizer.io.input_workbook import write_input_workbook
from optimizer.io.roster_reader import read_located_roster, read_roster
from optimizer.io.validate import load_problem, nip_birth_date
from tests.test_print import _print_setup_problems
from tests.verifier import Verifier, on_site

MONDAY = dt.date(2026, 11, 30)  # an A week (week_team)
WEEK_1, WEEK_2 = range(5), range(5, 10)


def _people(n: int, seksi: str = "Seksi 1", first: int = 0, **kw: object) -> list[Employee]:
    return [
        Employee(f"1990010120200110{i:02d}", f"Pegawai {i}", "Dinas", seksi=seksi, **kw)  # type: ignore[arg-type]
        for i in range(first, first + n)
    ]


def _without_pattern(problem: Problem) -> Problem:
    policy = dataclasses.replace(problem.policy, pattern=Pattern.NONE)
    return assign_teams(dataclasses.replace(problem, policy=policy))


def _problem(people: list[Employee], weeks: int = 2, cap: int = 50, **policy: object) -> Problem:
    settings: dict[str, object] = {"min_per_subunit": 0, "pattern": Pattern.AB_WEEKLY}
    settings.update(policy)
    base = Policy(start=MONDAY, weeks=weeks, cap_pct=cap, **settings)  # type: ignore[arg-type]
    return assign_teams(Problem(base, (Unit("Dinas", "G"),), tuple(people)))


# -- the weeks -----------------------------------------------------------------------------------


def test_weeks_alternate_without_a_break_across_years() -> None:
    assert week_team(MONDAY) == "A" and week_team(MONDAY + dt.timedelta(days=6)) == "A"
    assert week_team(MONDAY + dt.timedelta(days=7)) == "B"
    # 2026 has 53 ISO weeks: ISO week 53 and week 1 of 2027 are both odd, the teams still swap.
    assert dt.date(2026, 12, 28).isocalendar()[1] == 53
    assert week_team(dt.date(2026, 12, 28)) != week_team(dt.date(2027, 1, 4))
    mondays = [dt.date(2024, 1, 1) + dt.timedelta(weeks=k) for k in range(300)]
    assert all(week_team(a) != week_team(b) for a, b in itertools.pairwise(mondays))


# -- teams ---------------------------------------------------------------------------------------


def test_teams_split_each_seksi_evenly_and_leave_out_who_is_not_flexible() -> None:
    staff = [*_people(5, "Seksi 1"), *_people(3, "Seksi 2", first=5)]
    special = [
        Employee("197001012000011001", "Rentan", "Dinas", seksi="Seksi 1", vulnerable=True),
        Employee("197001012000011002", "Petugas", "Dinas", seksi="Seksi 1", always_on_site=True),
        Employee("197001012000011003", "Kepala", "Dinas", seksi="Seksi 1", leader=True),
    ]
    problem = _problem([*staff, *special])
    teams = {e.nip: e.team for e in problem.employees}
    assert [teams[e.nip] for e in special] == ["", "", ""]
    for seksi in ("Seksi 1", "Seksi 2"):
        members = [e.team for e in problem.employees if e.seksi == seksi and e.team]
        assert abs(members.count("A") - members.count("B")) <= 1, seksi
    # Odd seksi give the extra person to A and B in turn: the unit's teams are even (8 = 4 + 4).
    everyone = [e.team for e in problem.employees if e.team]
    assert everyone.count("A") == everyone.count("B") == 4
    assert assign_teams(problem) == problem  # deterministic
    off = dataclasses.replace(
        problem, policy=dataclasses.replace(problem.policy, pattern=Pattern.NONE)
    )
    assert all(not e.team for e in assign_teams(off).employees)


def test_each_team_is_on_site_only_in_its_own_weeks() -> None:
    people = _people(4)  # cap 50% of 4 = 2 a day
    problem = _problem(people)
    a_team = [e for e in problem.employees if e.team == "A"]
    b_team = [e for e in problem.employees if e.team == "B"]
    assert len(a_team) == len(b_team) == 2
    v = Verifier(problem, unit_cap, quota_use, fairness)
    assert v.forbids(on_site(a_team[:1], day=WEEK_2[0]))  # no variable: never on site then
    assert v.forbids(on_site(b_team[:1], day=WEEK_1[0]))
    assert v.allows(on_site(a_team, days=WEEK_1))
    best = v.best_roster()
    for e in a_team:
        assert all((e.nip, d) not in best.wfo for d in WEEK_2)
        assert best.office_days(e) == 5
    for e in b_team:
        assert all((e.nip, d) not in best.wfo for d in WEEK_1)
        assert best.office_days(e) == 5


def test_the_team_is_part_of_the_class_key_and_classes_stay_whole() -> None:
    people = _people(6)  # six look-alike people: without the pattern one class of six
    problem = _problem(people)
    ctx = ModelContext(
        problem, build_calendar(problem), Component(problem.units, problem.employees)
    )
    assert sorted(c.size for c in ctx.classes) == [3, 3]
    assert all(len({m.team for m in c.members}) == 1 for c in ctx.classes)
    plain = dataclasses.replace(
        problem, policy=dataclasses.replace(problem.policy, pattern=Pattern.NONE)
    )
    plain = assign_teams(plain)
    ctx = ModelContext(plain, build_calendar(plain), Component(plain.units, plain.employees))
    assert [c.size for c in ctx.classes] == [6]


def test_representation_applies_within_each_week() -> None:
    # Two in a seksi: one per team. Each week its only eligible member must come every day.
    people = _people(2)
    problem = _problem(people, cap=100, min_per_subunit=1)
    v = Verifier(problem, unit_cap, representation)
    a, b = sorted(problem.employees, key=lambda e: e.team)
    assert v.shortfall(on_site([a], days=WEEK_1) | on_site([b], days=WEEK_2)) == 0
    assert v.penalises({(a.nip, 0): False}, by=1)
    report = check(problem, Roster(problem.dates, {
        a.nip: (Cell.WFO,) * 5 + (Cell.WFH,) * 5, b.nip: (Cell.WFH,) * 5 + (Cell.WFO,) * 5,
    }))  # fmt: skip
    assert report.violations == []


def test_the_checker_reports_a_team_on_site_in_the_other_teams_week() -> None:
    problem = _problem(_people(2), cap=100)
    a, b = sorted(problem.employees, key=lambda e: e.team)
    wfo, wfh = Cell.WFO, Cell.WFH
    roster = Roster(problem.dates, {a.nip: (wfo,) * 6 + (wfh,) * 4, b.nip: (wfh,) * 10})
    (found,) = check(problem, roster).violations
    assert (found.rule, found.hard, found.scope, found.date) == (
        RuleId.WEEKLY_PATTERN, True, a.nip, MONDAY + dt.timedelta(days=7),
    )  # fmt: skip
    assert "team A" in found.reason_en and "team B's week" in found.reason_en
    # A flexible employee without a team under the pattern is reported too.
    teamless = dataclasses.replace(problem, employees=(dataclasses.replace(a, team=""), b))
    rules = {
        v.rule
        for v in check(
            teamless, Roster(problem.dates, {a.nip: (wfh,) * 10, b.nip: (wfh,) * 10})
        ).violations
    }
    assert rules == {RuleId.WEEKLY_PATTERN}


def test_a_city_with_the_pattern_solves_and_every_team_keeps_its_weeks() -> None:
    city = generate_city(seed=3, staff=300, weeks=2)
    policy = dataclasses.replace(city.policy, pattern=Pattern.AB_WEEKLY)
    problem = assign_teams(dataclasses.replace(city, policy=policy))
    result = solve(problem, SolveParams(time_limit_s=60))
    assert result.roster is not None
    report = check(problem, result.roster)
    assert not report.hard_violations
    teams = [e for e in problem.employees if e.team]
    assert len(teams) > 200
    for e in teams:
        for day, cell in zip(result.roster.dates, result.roster.cells[e.nip], strict=True):
            assert cell is not Cell.WFO or week_team(day) == e.team


# -- age and vaccination -------------------------------------------------------------------------


def test_birth_dates_come_from_pns_nips_only() -> None:
    assert nip_birth_date("198703152010011002") == (dt.date(1987, 3, 15), ("", ""))
    born, why = nip_birth_date("198703152021211002")  # TMT month 21: a PPPK number
    assert born is None and "PPPK" in why[1] and "not a PNS NIP" in why[1]
    born, why = nip_birth_date("198713322010011002")  # month 13
    assert born is None and "19871332" in why[1]
    born, why = nip_birth_date("198702302010011002")  # 30 February
    assert born is None and "no possible birth date" in why[1]
    assert nip_birth_date("K-0012")[0] is None


def _kebijakan(sheets: dict[str, list[list[object]]], **rows: object) -> None:
    for name, value in rows.items():
        sheets["Kebijakan"].append([name.replace("_", " "), value, ""])


def test_usia_maks_wfo_reads_ages_and_refuses_to_guess(tmp_path: Path) -> None:
    sheets = small_sheets()
    _kebijakan(sheets, **{"Usia Maks WFO": 44})
    problem, _ = load_problem(write_small(tmp_path / "ok.xlsx", sheets))
    ages = {e.nip: e.birth_date for e in problem.employees}
    assert ages[NIP_1] == dt.date(1980, 1, 1)  # from the NIP
    assert ages[NIP_3] is None  # vulnerable: never on site, no age needed
    calendar = build_calendar(problem)
    assert calendar.free_days(problem.employees[0]) == []  # 46 years old > 44: at home
    # A PPPK number and an impossible date: errors at the row; Tanggal Lahir settles both.
    sheets["Pegawai"][1][0] = sheets["Ketidakhadiran"][1][0] = "198001012021211001"
    sheets["Pegawai"][2][0] = "198213022006022002"
    with pytest.raises(InputError) as err:
        load_problem(write_small(tmp_path / "bad.xlsx", sheets))
    texts = [p for p in err.value.problems if "age of employee" in p.message_en]
    assert [(p.sheet, p.row, p.column) for p in texts] == [
        ("Pegawai", 2, "NIP"),
        ("Pegawai", 3, "NIP"),
    ]
    assert "PPPK number, not a PNS NIP" in texts[0].message_en
    assert "19821302" in texts[1].message_en
    sheets["Pegawai"][0].append("Tanggal Lahir")
    sheets["Pegawai"][1].append(dt.date(1990, 6, 1))
    sheets["Pegawai"][2].append(dt.date(1950, 6, 1))
    sheets["Pegawai"][3].append("")
    problem, _ = load_problem(write_small(tmp_path / "dates.xlsx", sheets))
    assert [e.birth_date for e in problem.employees][:2] == [
        dt.date(1990, 6, 1),
        dt.date(1950, 6, 1),
    ]


def test_someone_reaching_the_age_limit_works_from_home_from_their_birthday() -> None:
    born = dt.date(1981, 12, 2)  # 45 on Wednesday 2026-12-02
    emp = Employee("K-1", "Pegawai", "Dinas", birth_date=born)
    other = Employee("K-2", "Rekan", "Dinas", birth_date=dt.date(1990, 1, 1))
    policy = Policy(start=MONDAY, cap_pct=100, min_per_subunit=0, max_age_on_site=44)  # type: ignore[arg-type]
    problem = Problem(policy, (Unit("Dinas", "G"),), (emp, other))
    assert build_calendar(problem).free_days(emp) == [0, 1]
    result = solve(problem, SolveParams(time_limit_s=10))
    assert result.roster is not None
    assert result.roster.cells["K-1"][2:] == (Cell.WFH,) * 3
    assert check(problem, result.roster).violations == []
    forced = Roster(problem.dates, {"K-1": (Cell.WFO,) * 5, "K-2": (Cell.WFO,) * 5})
    found = [v for v in check(problem, forced).violations if v.scope == "K-1"]
    assert [v.rule for v in found] == [RuleId.AVAILABILITY] * 3
    assert "aged 45 > max age on site 44" in found[0].reason_en


def test_vaccinated_only_keeps_the_others_at_home(tmp_path: Path) -> None:
    sheets = small_sheets()
    _kebijakan(sheets, **{"Hanya Tervaksinasi WFO": "Ya"})
    problem, _ = load_problem(write_small(tmp_path / "v.xlsx", sheets))
    result = solve(problem, SolveParams(time_limit_s=10))
    assert result.roster is not None
    unvaccinated = [e for e in problem.employees if not e.vaccinated and not e.vulnerable]
    assert all(Cell.WFO not in result.roster.cells[e.nip] for e in unvaccinated)
    assert check(problem, result.roster).violations == [] or all(
        v.rule != RuleId.AVAILABILITY for v in check(problem, result.roster).violations
    )
    for row in sheets["Pegawai"]:
        del row[9]  # no Vaksin column: nobody could come
    with pytest.raises(InputError) as err:
        load_problem(write_small(tmp_path / "no-column.xlsx", sheets))
    assert any("needs the Vaksin column" in p.message_en for p in err.value.problems)


def test_a_preset_switches_the_optional_rules_on_and_the_sheet_overrides_them() -> None:
    row = dict(
        id="UJI", name="Uji", instrument="SE Uji", instrument_date=dt.date(2021, 7, 1),
        effective_from=dt.date(2021, 7, 1), region="Uji", level="4", cap_non_essential=25,
        confidence="U", source="uji", notes="uji", leaders_on_site=True, max_age_on_site=50,
        vaccinated_only=True,
    )  # fmt: skip
    text = "[[preset]]\n" + "\n".join(
        f"{k} = {str(v).lower() if isinstance(v, bool) else repr(v) if isinstance(v, str) else v}"
        for k, v in row.items()
    )
    (preset,) = preset_table.parse_presets(text).values()
    assert preset.rules() == {"leader_min_days": 40, "max_age_on_site": 50, "vaccinated_only": True}
    with pytest.raises(preset_table.PresetDataError):
        preset_table.parse_presets(text.replace("max_age_on_site = 50", "max_age_on_site = 500"))


def test_no_shipped_preset_claims_an_age_limit_without_a_source() -> None:
    # The regulation notes give no age figure: no preset may switch the age rule on.
    assert all(p.max_age_on_site == 0 for p in preset_table.presets().values())


# -- per-week sheets and Riwayat -----------------------------------------------------------------


@pytest.fixture(scope="module")
def two_weeks(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("rotation")
    city = generate_city(seed=5, staff=160, weeks=2)
    policy = dataclasses.replace(city.policy, pattern=Pattern.AB_WEEKLY)
    source = folder / "kota.xlsx"
    write_input_workbook(dataclasses.replace(city, policy=policy), source)
    outcome = service.plan(source, PlanOptions(output=folder / "jadwal.xlsx"))
    assert outcome.output is not None
    return source, outcome.output


def test_a_two_week_roster_has_one_sheet_per_week_equal_to_jadwal(
    two_weeks: tuple[Path, Path],
) -> None:
    roster_path = two_weeks[1]
    book = openpyxl.load_workbook(roster_path, read_only=True)
    assert book.sheetnames[:3] == ["Jadwal", "Minggu 1", "Minggu 2"]
    jadwal = read_roster(roster_path)
    located = read_located_roster(roster_path)
    assert located.weeks == ["Minggu 1", "Minggu 2"] and located.week_mismatches == []
    for number, sheet in ((1, "Minggu 1"), (2, "Minggu 2")):
        rows = list(book[sheet].iter_rows(values_only=True))
        header = rows[5]
        assert header[5] == "Tim" and header[:5] == ("No.", "NIP", "Nama", "Jabatan", "Pimpinan")
        dates = [c.date() for c in header if isinstance(c, dt.datetime)]
        assert len(dates) == 5 and all(week_team(d) == week_team(dates[0]) for d in dates)
        first = jadwal.dates.index(dates[0])
        for row in rows[6:]:
            if not row[1]:
                break
            assert list(row[9:14]) == [c.value for c in jadwal.cells[row[1]][first : first + 5]]
        assert str(rows[0][0]).endswith(f"Minggu / Week {number}")
        assert f"Tim {week_team(dates[0])} WFO minggu ini" in str(rows[1][0])


def test_a_week_sheet_edited_alone_is_reported_with_both_cells(
    two_weeks: tuple[Path, Path], tmp_path: Path
) -> None:
    source, roster_path = two_weeks
    book = openpyxl.load_workbook(roster_path)
    ws = book["Minggu 2"]
    cell = ws.cell(row=7, column=10)  # first employee, first date of week 2
    was = cell.value
    cell.value = "WFH" if was == "WFO" else "WFO"
    edited = tmp_path / "diedit.xlsx"
    book.save(edited)
    located = read_located_roster(edited)
    (mismatch,) = located.week_mismatches
    assert (mismatch.week.sheet, mismatch.week.ref) == ("Minggu 2", "J7")
    assert mismatch.jadwal is not None and mismatch.jadwal.sheet == "Jadwal"
    assert mismatch.jadwal.ref == "O7"  # Jadwal: 9 named columns, week 2 starts at its 6th date
    with pytest.raises(InputError):
        read_roster(edited)  # the strict form (--riwayat) never takes it silently
    result = CliRunner().invoke(main, ["periksa", str(edited), "--input", str(source)])
    assert result.exit_code == 4, result.output
    assert "sheet 'Minggu 2' sel/cell J7" in result.output
    assert "sheet 'Jadwal' sel/cell O7" in result.output


def test_history_over_weeks_evens_out_on_a_hand_case() -> None:
    people = _people(2, vaccinated=False)
    a, b = people
    policy = Policy(start=MONDAY, weeks=2, cap_pct=50, min_per_subunit=0)  # type: ignore[arg-type]
    problem = Problem(policy, (Unit("Dinas", "G"),), tuple(people))
    earlier = Roster(
        tuple(MONDAY - dt.timedelta(days=7 - i) for i in range(5)),
        {a.nip: (Cell.WFO,) * 4 + (Cell.WFH,), b.nip: (Cell.WFH,) * 4 + (Cell.WFO,)},
    )
    problem, _ = with_history(problem, [HistorySource("lalu.xlsx", earlier)])
    result = solve(problem, SolveParams(time_limit_s=10))
    assert result.roster is not None
    table = history_table(problem, result.roster)
    by_nip = {p.employee.nip: p for p in table.people}
    # 10 office days (one a day): a had 4, b 1. Totals 7 + 7 (a 3, b 7) and 8 + 7 (a 4, b 6)
    # cost the same over the horizon; per week 2 + 2 / 3 + 3 beats 1 + 2 / 4 + 3, so a 4, b 6.
    assert (by_nip[a.nip].earlier, by_nip[b.nip].earlier) == (4, 1)
    assert by_nip[a.nip].now + by_nip[b.nip].now == 10
    assert abs(by_nip[a.nip].total - by_nip[b.nip].total) <= 1
    (spread,) = table.spreads
    assert spread.total <= 1 and spread.weeks[0] <= 1 and spread.weeks[1] <= 1
    assert (by_nip[a.nip].weeks, by_nip[b.nip].weeks) == ((2, 2), (3, 3))
    assert (spread.weeks, spread.now, spread.total) == ((1, 1), 2, 1)


def test_a_second_roster_with_riwayat_has_the_riwayat_sheet(
    two_weeks: tuple[Path, Path], tmp_path: Path
) -> None:
    source, first = two_weeks
    problem, _ = load_problem(source)
    later = dataclasses.replace(problem.policy, start=problem.policy.start + dt.timedelta(days=14))
    second_in = tmp_path / "kota-2.xlsx"
    write_input_workbook(dataclasses.replace(problem, policy=later), second_in)
    outcome = service.plan(second_in, PlanOptions(output=tmp_path / "j2.xlsx", history=(first,)))
    assert outcome.output is not None
    book = openpyxl.load_workbook(outcome.output, read_only=True)
    assert "Riwayat" in book.sheetnames
    rows = list(book["Riwayat"].iter_rows(values_only=True))
    texts = [str(c) for r in rows for c in r if c is not None]
    assert any("Spread per unit" in t for t in texts) and any("Minggu / Week 2" in t for t in texts)
    header = next(r for r in rows if r[0] == "No.")
    at = rows.index(header)
    before = read_roster(first)
    first_row = rows[at + 1]
    nip = first_row[1]
    assert first_row[header.index("Riwayat / history")] == before.office_days(nip)
    summary = [str(c) for r in book["Ringkasan"].iter_rows(values_only=True) for c in r if c]
    assert any(t.startswith("Riwayat (--riwayat)") for t in summary)
    assert "Riwayat" not in openpyxl.load_workbook(first, read_only=True).sheetnames
    assert _print_setup_problems(outcome.output) == []  # A4 landscape, titles, page numbers


@pytest.mark.parametrize("representation_rule", [Representation.SECTION])
def test_the_shipped_example_over_four_weeks_with_history(
    tmp_path: Path, representation_rule: Representation
) -> None:
    """4 weeks of the shipped example after 4 weeks of history: the figures of the closing
    note (python3 -m pytest tests/test_rotation.py -k shipped -s prints them)."""
    base, _ = load_problem(Path("input_templates/contoh-kota.xlsx"))

    def written(start: dt.date, name: str) -> Path:
        policy = dataclasses.replace(base.policy, start=start, weeks=4)
        path = tmp_path / name
        write_input_workbook(dataclasses.replace(base, policy=policy), path)
        return path

    november = service.plan(
        written(dt.date(2026, 11, 2), "nov.xlsx"), PlanOptions(output=tmp_path / "j-nov.xlsx")
    )
    assert november.output is not None
    december_in = written(dt.date(2026, 11, 30), "des.xlsx")
    december = service.plan(
        december_in, PlanOptions(output=tmp_path / "j-des.xlsx", history=(november.output,))
    )
    without = service.plan(december_in, PlanOptions(output=tmp_path / "j-des-0.xlsx"))
    assert december.result.roster is not None and without.result.roster is not None
    assert not december.report.violations
    history = [HistorySource("nov", read_roster(november.output))]
    without_problem, _ = with_history(without.problem, history)
    tables = {}
    for label, problem, outcome in (
        ("riwayat", december.problem, december), ("tanpa", without_problem, without),
    ):  # fmt: skip
        exceptions = frozenset(n for f in outcome.report.fairness for n in f.exceptions)
        tables[label] = history_table(problem, outcome.result.roster, exceptions)  # type: ignore[arg-type]
    for label, table in tables.items():
        weekly = [max(s.weeks[k] for s in table.spreads) for k in range(4)]
        print(label, "per week", weekly, "horizon", max(s.now for s in table.spreads),
              "history + horizon", max(s.total for s in table.spreads),
              "units at most 1 apart over history + horizon",
              sum(s.total <= 1 for s in table.spreads), "of", len(table.spreads))  # fmt: skip
    mine = tables["riwayat"]
    assert all(w <= 2 for s in mine.spreads for w in s.weeks)
    assert sum(s.total for s in mine.spreads) < sum(s.total for s in tables["tanpa"].spreads)


def test_an_edited_tim_cell_is_reported_not_taken(
    two_weeks: tuple[Path, Path], tmp_path: Path
) -> None:
    source, roster_path = two_weeks
    book = openpyxl.load_workbook(roster_path)
    ws = book["Jadwal"]
    assert ws.cell(row=6, column=6).value == "Tim"
    row = next(r for r in range(7, ws.max_row) if ws.cell(row=r, column=6).value in ("A", "B"))
    was = ws.cell(row=row, column=6).value
    ws.cell(row=row, column=6).value = "B" if was == "A" else "A"
    edited = tmp_path / "tim-diedit.xlsx"
    book.save(edited)
    result = CliRunner().invoke(main, ["periksa", str(edited), "--input", str(source)])
    assert result.exit_code == 4, result.output
    assert f"sheet 'Jadwal' sel/cell F{row}" in result.output
    assert "teams are set from the input" in result.output


def test_ringkasan_says_why_a_team_or_an_excluded_person_has_no_office_day() -> None:
    from optimizer.analysis.report import zero_office_days

    problem = _problem(_people(2), weeks=1, cap=100)  # one A week: team B never comes
    result = solve(problem, SolveParams(time_limit_s=10))
    assert result.roster is not None
    (zero,) = zero_office_days(problem, result.roster)
    assert zero.employee.team == "B" and "no working day of a team B week" in zero.reason_en
    old = Employee("K-9", "Senior", "Dinas", birth_date=dt.date(1950, 1, 1))
    policy = Policy(start=MONDAY, cap_pct=100, min_per_subunit=0, max_age_on_site=60)  # type: ignore[arg-type]
    aged = Problem(policy, (Unit("Dinas", "G"),), (old, *_people(1)))
    result = solve(aged, SolveParams(time_limit_s=10))
    assert result.roster is not None
    (zero,) = zero_office_days(aged, result.roster)
    assert zero.employee.nip == "K-9" and "aged 76 > max age on site 60" in zero.reason_en


def test_a_preset_with_the_flags_sets_the_policy_and_kebijakan_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = """
[[preset]]
id = "UJI-4"
name = "Uji"
instrument = "SE Uji"
instrument_date = 2026-11-01
effective_from = 2026-11-01
region = "Uji"
level = "4"
cap_non_essential = 25
confidence = "U"
source = "uji"
notes = "uji"
leaders_on_site = true
max_age_on_site = 58
vaccinated_only = true
"""
    table = preset_table.parse_presets(text)
    monkeypatch.setattr(preset_table, "presets", lambda: table)
    sheets = small_sheets()
    _kebijakan(sheets, Preset="UJI-4")
    policy = load_problem(write_small(tmp_path / "p.xlsx", sheets))[0].policy
    assert (policy.leader_min_days, policy.max_age_on_site, policy.vaccinated_only) == (
        40, 58, True,
    )  # fmt: skip
    pairs = dict(preset_table.summary_pairs(policy))
    assert pairs["Minimal hari WFO pimpinan / leader min office days"] == (
        "setiap hari tersedia / every available day (dari preset / from the preset)"
    )
    _kebijakan(sheets, **{"Minimal Hari WFO Pimpinan": 2, "Hanya Tervaksinasi WFO": "Tidak"})
    policy = load_problem(write_small(tmp_path / "q.xlsx", sheets))[0].policy
    assert (policy.leader_min_days, policy.max_age_on_site, policy.vaccinated_only) == (
        2, 58, False,
    )  # fmt: skip
    pairs = dict(preset_table.summary_pairs(policy))
    assert "overridden in Kebijakan" in str(
        pairs["Hanya tervaksinasi WFO / vaccinated only on site"]
    )


def test_a_re_plan_keeps_the_weekly_pattern_and_its_week_sheets(
    two_weeks: tuple[Path, Path], tmp_path: Path
) -> None:
    source, roster_path = two_weeks
    problem, _ = load_problem(source)
    published = read_roster(roster_path)
    tuesday = MONDAY + dt.timedelta(days=1)
    case = next(n for n, cells in published.cells.items() if cells[1] is Cell.WFO)
    out = tmp_path / "kasus.xlsx"
    args = ["kasus", str(roster_path), "--input", str(source), "--nip", case]
    args += ["--tanggal", tuesday.isoformat(), "-o", str(out), "--workers", "1"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code in (0, 4), result.output
    located = read_located_roster(out)
    assert located.weeks == ["Minggu 1", "Minggu 2"] and located.week_mismatches == []
    teams = {e.nip: e.team for e in problem.employees}
    for nip, cells in located.roster.cells.items():
        for day, cell in zip(located.roster.dates, cells, strict=True):
            assert cell is not Cell.WFO or not teams[nip] or week_team(day) == teams[nip]
    checked = CliRunner().invoke(main, ["periksa", str(out), "--input", str(source)])
    assert "weekly A/B pattern" not in checked.output
