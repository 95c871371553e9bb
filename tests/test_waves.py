"""Staggered start waves (Gelombang): parsing, the per-wave caps, one wave per person, priority.

SE Gugus Tugas 8/2020 staggered the start of the working day (wave 1 from 07:00, wave 2 from
10:00); Pergub DKI 88/2020 counts the people in a workplace "at the same time". With waves the
building cap holds for the people present together: waves that do not overlap each get the whole
cap, so a capped building serves more people a day without more people at once.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_properties import organisations
from xlsx_util import small_sheets, write_small

from models.domain import (
    Building,
    Cell,
    Employee,
    Policy,
    Problem,
    Roster,
    Sex,
    TimeRange,
    Unit,
    simultaneous_waves,
    waves_apart,
)
from models.registry import RuleId
from models.solve import SolveParams, SolveStatus
from optimizer.analysis.checker import check
from optimizer.analysis.explain import explain, foreseeable_conflicts
from optimizer.app import service
from optimizer.app.runtime import solve
from optimizer.app.service import PlanOptions
from optimizer.errors import InputError
from optimizer.io.cells import BadValue
from optimizer.io.input_workbook import write_input_workbook
from optimizer.io.roster_reader import read_roster
from optimizer.io.validate import load_problem
from optimizer.io.waves import nip_sex, parse_range, parse_waves

MONDAY = dt.date(2026, 11, 30)
#: Two waves that do not overlap (a morning and an afternoon turn) ...
APART = (TimeRange(7 * 60, 11 * 60 + 30), TimeRange(12 * 60, 16 * 60 + 30))
#: ... and the circular's two 8-hour waves, which share 10:00–15:00.
CIRCULAR = (TimeRange(7 * 60, 15 * 60), TimeRange(10 * 60, 18 * 60))

MALE_NIP = "198609262015051001"  # born 1986-09-26, TMT 2015-05, sex 1, no. 001
FEMALE_NIP = "199001012019032002"


def _office(
    waves: tuple[TimeRange, ...] = (),
    priority: Sex | None = None,
    seats: int = 5,
    staff: int = 40,
    unit_cap_per_wave: bool = False,
) -> Problem:
    """One unit of ``staff`` in one building of ``seats`` seats; the unit cap is 100%, so the
    building is what limits; half the staff are women."""
    people = tuple(
        Employee(
            f"19900101202001{1 + i % 2}{i + 1:03d}",
            f"Pegawai {i}",
            "Dinas Uji",
            sex=Sex.FEMALE if i % 2 else Sex.MALE,
        )
        for i in range(staff)
    )
    policy = Policy(
        start=MONDAY,
        cap_pct=Decimal(100),
        min_per_subunit=0,
        national_holidays=False,
        waves=waves,
        wave_priority=priority,
        unit_cap_per_wave=unit_cap_per_wave,
    )
    return Problem(
        policy, (Unit("Dinas Uji", "Gedung Uji"),), people, (Building("Gedung Uji", seats),)
    )


def _solved(problem: Problem) -> Roster:
    result = solve(problem, SolveParams(time_limit_s=20))
    assert result.status is SolveStatus.OPTIMAL
    assert result.roster is not None
    report = check(problem, result.roster)
    assert report.violations == [], [v.reason_en for v in report.violations]
    return result.roster


def _per_day(roster: Roster) -> list[int]:
    return [sum(row[i] is Cell.WFO for row in roster.cells.values()) for i in range(5)]


def _per_wave(roster: Roster, n: int) -> list[list[int]]:
    """On site per date and wave (1-based waves in columns 0 … n-1)."""
    out = [[0] * n for _ in roster.dates]
    for nip, row in roster.cells.items():
        for i, cell in enumerate(row):
            if cell is Cell.WFO:
                out[i][roster.waves[nip][i] - 1] += 1
    return out


# -- the hand cases -------------------------------------------------------------------------


def test_two_waves_double_the_daily_capacity_of_a_capped_building() -> None:
    plain = _solved(_office())
    assert _per_day(plain) == [5, 5, 5, 5, 5]  # 5 seats, 40 staff: 5 a day
    assert plain.waves == {}
    waved = _solved(_office(APART))
    assert _per_day(waved) == [10, 10, 10, 10, 10]  # twice as many a day ...
    assert _per_wave(waved, 2) == [[5, 5]] * 5  # ... and never more than 5 at once
    for nip, row in waved.cells.items():  # exactly one wave on an office day, none otherwise
        for cell, wave in zip(row, waved.waves[nip], strict=True):
            assert (wave in (1, 2)) if cell is Cell.WFO else wave == 0


def test_overlapping_waves_share_the_cap_during_the_overlap() -> None:
    """07:00–15:00 and 10:00–18:00 are both in the building from 10:00 to 15:00: 5 at most."""
    assert simultaneous_waves(CIRCULAR) == ((0, 1),)
    assert simultaneous_waves(APART) == ((0,), (1,))
    three = (TimeRange(420, 600), TimeRange(540, 780), TimeRange(720, 900))
    assert simultaneous_waves(three) == ((0, 1), (1, 2))
    roster = _solved(_office(CIRCULAR))
    assert _per_day(roster) == [5, 5, 5, 5, 5]
    assert all(sum(day) == 5 for day in _per_wave(roster, 2))


def test_the_unit_cap_counts_per_day_unless_asked_per_wave() -> None:
    """A 25% unit cap of 40 staff is 10 a day; per wave it is 10 in each wave (room for 20)."""
    base = dataclasses.replace(
        _office(APART, seats=100), units=(Unit("Dinas Uji", "Gedung Uji", cap_pct=Decimal(25)),)
    )
    assert _per_day(_solved(base)) == [10] * 5
    per_wave = dataclasses.replace(
        base, policy=dataclasses.replace(base.policy, unit_cap_per_wave=True)
    )
    roster = _solved(per_wave)
    assert _per_day(roster) == [20] * 5
    assert _per_wave(roster, 2) == [[10, 10]] * 5


def test_one_wave_changes_nothing() -> None:
    plain = solve(_office(), SolveParams(time_limit_s=20))
    one = solve(_office((TimeRange(420, 900),)), SolveParams(time_limit_s=20))
    assert one.roster == plain.roster and one.objective == plain.objective


def test_first_wave_priority_goes_to_women_where_the_caps_allow() -> None:
    problem = _office(APART, Sex.FEMALE, staff=20)
    roster = _solved(problem)
    sex = {e.nip: e.sex for e in problem.employees}
    by_wave = Counter((sex[nip], w) for nip, row in roster.waves.items() for w in row if w)
    # 10 a day over 5 days: 5 a day in each wave; women take every first-wave place.
    assert by_wave[Sex.FEMALE, 1] == 25 and by_wave[Sex.MALE, 1] == 0
    assert by_wave[Sex.MALE, 2] + by_wave[Sex.FEMALE, 2] == 25
    # A preference only: office days are as evenly shared as without it (2 or 3 each).
    plain = _solved(_office(APART, staff=20))
    for r in (roster, plain):
        assert {row.count(Cell.WFO) for row in r.cells.values()} == {2, 3}
    assert _per_day(plain) == _per_day(roster) == [10] * 5


def test_without_priority_the_waves_are_not_given_by_sex() -> None:
    problem = _office(APART, staff=20)
    roster = _solved(problem)
    firsts = sum(w == 1 for row in roster.waves.values() for w in row)
    assert firsts == 25


def test_waves_are_even_where_no_cap_binds() -> None:
    """No cap binds (100 seats, 100% unit cap): 10 a day split 5 + 5, not as the solver left it."""
    roster = _solved(_office(APART, seats=100, staff=10))
    assert _per_day(roster) == [10] * 5
    assert _per_wave(roster, 2) == [[5, 5]] * 5
    three = (*APART, TimeRange(17 * 60, 19 * 60))
    assert _per_wave(_solved(_office(three, seats=100, staff=9)), 3) == [[3, 3, 3]] * 5


def test_evening_out_keeps_the_priority_group_in_the_first_wave() -> None:
    """12 staff, 6 women, all on site: the women stay in wave 1 although it is not smaller."""
    problem = _office(APART, Sex.FEMALE, seats=100, staff=12)
    roster = _solved(problem)
    sex = {e.nip: e.sex for e in problem.employees}
    for i in range(5):
        first = {sex[n] for n, row in roster.waves.items() if row[i] == 1}
        assert first == {Sex.FEMALE}
    assert _per_wave(roster, 2) == [[6, 6]] * 5


# -- the checker on hand-made rosters ---------------------------------------------------------


def _full_roster(problem: Problem, waves_of: dict[str, int]) -> Roster:
    """Everybody in ``waves_of`` on site every day in that wave, the others at home."""
    dates = problem.dates
    cells = {
        e.nip: ((Cell.WFO if e.nip in waves_of else Cell.WFH),) * len(dates)
        for e in problem.employees
    }
    waves = {e.nip: (waves_of.get(e.nip, 0),) * len(dates) for e in problem.employees}
    return Roster(dates, cells, waves)


def test_checker_counts_each_wave_against_the_cap() -> None:
    problem = _office(APART)
    nips = [e.nip for e in problem.employees]
    fine = _full_roster(problem, {**dict.fromkeys(nips[:5], 1), **dict.fromkeys(nips[5:10], 2)})
    assert check(problem, fine).violations == []
    six = _full_roster(problem, {**dict.fromkeys(nips[:6], 1), **dict.fromkeys(nips[6:10], 2)})
    over = check(problem, six).violations
    assert {(v.rule, v.scope, v.waves, v.actual) for v in over} == {
        (RuleId.BUILDING_CAP, "Gedung Uji", (1,), "6")
    }
    assert len(over) == 5  # every day
    assert "pada saat yang sama (gelombang 1: 07:00–11:30)" in over[0].reason_id
    # Overlapping waves: 5 + 5 are in the building together from 10:00.
    overlapping = dataclasses.replace(
        problem, policy=dataclasses.replace(problem.policy, waves=CIRCULAR)
    )
    together = check(overlapping, fine).violations
    assert {(v.rule, v.waves, v.actual) for v in together} == {(RuleId.BUILDING_CAP, (1, 2), "10")}


def test_checker_wants_exactly_one_valid_wave_on_an_office_day() -> None:
    problem = _office(APART)
    nips = [e.nip for e in problem.employees]
    roster = _full_roster(problem, dict.fromkeys(nips[:4], 1))
    dates = roster.dates
    bad = dict(roster.waves)
    bad[nips[0]] = (3, *bad[nips[0]][1:])  # a wave that does not exist
    bad[nips[1]] = (0, *bad[nips[1]][1:])  # on site without a wave
    bad[nips[10]] = (2, *bad[nips[10]][1:])  # at home with a wave
    found = check(problem, Roster(dates, roster.cells, bad)).violations
    assert {(v.rule, v.scope, v.date, v.actual) for v in found} == {
        (RuleId.WAVE, nips[0], MONDAY, "WFO-3"),
        (RuleId.WAVE, nips[1], MONDAY, "WFO"),
        (RuleId.WAVE, nips[10], MONDAY, "WFH (2)"),
    }
    assert len(found) == 3
    assert all(v.hard for v in found)
    # Without waves in the input a roster that gives some is wrong too.
    plain = _office()
    flagged = check(plain, roster).violations
    assert {v.rule for v in flagged} == {RuleId.WAVE}


def test_an_unknown_wave_counts_in_every_wave() -> None:
    """A WFO cell whose wave is missing could be in any wave: it counts against each."""
    problem = _office(APART)
    nips = [e.nip for e in problem.employees]
    full = {**dict.fromkeys(nips[:5], 1), **dict.fromkeys(nips[5:10], 2)}
    roster = _full_roster(problem, {**full, nips[10]: 0})
    cells = {**roster.cells, nips[10]: (Cell.WFO,) * 5}
    found = check(problem, Roster(roster.dates, cells, roster.waves)).violations
    caps = {(v.waves, v.actual) for v in found if v.rule is RuleId.BUILDING_CAP}
    assert caps == {((1,), "6"), ((2,), "6")}


# -- property test --------------------------------------------------------------------------


@st.composite
def waved(draw: st.DrawFn) -> Problem:
    problem = draw(organisations())
    waves = draw(st.sampled_from([APART, CIRCULAR, (*APART, TimeRange(17 * 60, 19 * 60))]))
    policy = dataclasses.replace(
        problem.policy,
        waves=waves,
        unit_cap_per_wave=draw(st.booleans()),
        wave_priority=draw(st.sampled_from([None, Sex.FEMALE, Sex.MALE])),
    )
    people = tuple(
        dataclasses.replace(e, sex=draw(st.sampled_from([None, Sex.MALE, Sex.FEMALE])))
        for e in problem.employees
    )
    return dataclasses.replace(problem, policy=policy, employees=people)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(waved(), st.integers(0, 2))
def test_waves_never_exceed_the_cap_nor_put_anyone_in_two_waves(
    problem: Problem, seed: int
) -> None:
    result = solve(problem, SolveParams(time_limit_s=20, seed=seed))
    assert result.status is SolveStatus.OPTIMAL
    roster = result.roster
    assert roster is not None
    report = check(problem, roster)
    assert report.hard_violations == []
    solver_said = Counter((s.rule, s.scope, s.day) for s in result.shortfalls)
    assert (
        solver_said.keys() == Counter((v.rule, v.scope, v.date) for v in report.violations).keys()
    )
    # Recounted here as well: one wave per office day, and per building at most its limit
    # among the waves that are in it together.
    n = len(problem.policy.waves)
    sets = simultaneous_waves(problem.policy.waves)
    by_building: dict[str, list[str]] = {}
    for e in problem.employees:
        by_building.setdefault(problem.building_of(e), []).append(e.nip)
        for cell, wave in zip(roster.cells[e.nip], roster.waves[e.nip], strict=True):
            assert (1 <= wave <= n) if cell is Cell.WFO else wave == 0
    for b in problem.buildings:
        staff = by_building.get(b.name, [])
        limits = [x for x in (b.seats,) if x is not None]
        if b.cap_pct is not None and staff:
            limits.append(max(1, int(b.cap_pct * len(staff) / 100)) if b.cap_pct > 0 else 0)
        if not limits:
            continue
        for i in range(len(roster.dates)):
            for together in sets:
                present = sum(
                    roster.cells[nip][i] is Cell.WFO and roster.waves[nip][i] - 1 in together
                    for nip in staff
                )
                assert present <= min(limits)


# -- parsing ------------------------------------------------------------------------------------


def test_wave_text_is_parsed() -> None:
    assert parse_waves("07:00-15:00; 10:00-18:00") == CIRCULAR
    assert parse_waves("07.00 – 11.30\n12.00 s.d. 16.30") == APART
    assert parse_waves("") == ()
    assert parse_range("8:00-13:30") == TimeRange(480, 810)
    assert parse_range("00:00-24:00") == TimeRange(0, 1440)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("07:00-25:00", "cannot read the time range '07:00-25:00'"),
        ("07:00", "cannot read the time range '07:00'"),
        ("7-15", "cannot read"),
        ("15:00-07:00", "is not after its start"),
        ("07:00-11:00; 07:00-11:00", "wave 2 is the same as wave 1"),
        ("10:00-14:00; 07:00-11:00", "wave 2 (07:00–11:00) does not start after wave 1"),
        ("06:00-07:00; 07:00-08:00; 08:00-09:00; 09:00-10:00; 10:00-11:00", "5 waves are too many"),
    ],
)
def test_bad_waves_are_refused(text: str, says: str) -> None:
    with pytest.raises(BadValue) as bad:
        parse_waves(text)
    assert says in bad.value.message_en
    assert bad.value.message_id and bad.value.fix_id and bad.value.fix_en


def _kebijakan(sheets: dict[str, list[list[object]]], *rows: list[object]) -> int:
    """Append parameter rows; the Excel row of the first one."""
    first = len(sheets["Kebijakan"]) + 1
    sheets["Kebijakan"].extend(rows)
    return first


def test_a_wave_error_names_sheet_row_and_column(tmp_path: Path) -> None:
    sheets = small_sheets()
    row = _kebijakan(sheets, ["Gelombang", "07:00-11:30; 12:60-16:30", ""])
    with pytest.raises(InputError) as err:
        load_problem(write_small(tmp_path / "w.xlsx", sheets))
    (problem,) = err.value.problems
    assert (problem.sheet, problem.row, problem.column) == ("Kebijakan", row, "Nilai")
    assert problem.message_id.startswith("Gelombang 2: Rentang jam tidak dapat dibaca")
    assert problem.message_en.startswith("wave 2: cannot read the time range")


def test_overlapping_waves_are_read_with_a_warning(tmp_path: Path) -> None:
    sheets = small_sheets()
    row = _kebijakan(sheets, ["Gelombang", "07:00-15:00; 10:00-18:00", ""])
    problem, warnings = load_problem(write_small(tmp_path / "w.xlsx", sheets))
    assert problem.policy.waves == CIRCULAR
    (warning,) = [w for w in warnings if w.sheet == "Kebijakan"]
    assert warning.row == row and warning.warning
    assert "waves 1 and 2 overlap from 10:00–15:00" in warning.message_en


def test_priority_without_waves_is_warned_about(tmp_path: Path) -> None:
    sheets = small_sheets()
    row = _kebijakan(sheets, ["Prioritas Gelombang 1", "Perempuan", ""])
    problem, warnings = load_problem(write_small(tmp_path / "w.xlsx", sheets))
    assert problem.policy.wave_priority is Sex.FEMALE
    (warning,) = [w for w in warnings if w.sheet == "Kebijakan"]
    assert warning.row == row and "has no effect without at least two waves" in warning.message_en


# -- sex: the Jenis Kelamin column and the NIP's 15th digit -------------------------------------


def test_the_nip_sex_digit() -> None:
    assert nip_sex(MALE_NIP)[0] is Sex.MALE
    assert nip_sex("19860926 201505 1 001")[0] is Sex.MALE  # printed with spaces
    assert nip_sex(FEMALE_NIP)[0] is Sex.FEMALE
    pppk, why_id, why_en = nip_sex("198609262021212001")  # TMT month 21: a PPPK number
    assert pppk is None and "PPPK" in why_id and "PPPK" in why_en
    assert nip_sex("198609262015053001")[0] is None  # sex digit 3
    assert "sex digit is 3" in nip_sex("198609262015053001")[2]
    assert nip_sex("198602302015051001")[0] is None  # 30 February
    assert nip_sex("198609262015131001")[0] is None  # TMT month 13
    assert nip_sex("K-00123")[0] is None  # another kind of id
    assert nip_sex("19860926201505100")[2] == "not an 18-digit PNS NIP"


def _staff_sheets(*extra: tuple[str, str, str]) -> dict[str, list[list[object]]]:
    """The small workbook with a Jenis Kelamin column, two disjoint waves and women first;
    ``extra`` = (NIP, name, Jenis Kelamin) rows in Dinas A."""
    sheets = small_sheets()
    staff = sheets["Pegawai"]
    staff[0].append("Jenis Kelamin")
    for row in staff[1:]:
        row.append("")
    for nip, name, sex in extra:
        staff.append([nip, name, "Dinas A", "", "", "", "", "Tidak", "Tidak", "", "", sex])
    _kebijakan(
        sheets,
        ["Gelombang", "07:00-11:30; 12:00-16:30", ""],
        ["Prioritas Gelombang 1", "Perempuan", ""],
    )
    return sheets


def test_sex_comes_from_the_column_else_from_the_pns_nip(tmp_path: Path) -> None:
    sheets = _staff_sheets(
        (FEMALE_NIP, "Rina", ""),  # from the NIP
        ("198609262015051002", "Dewi", "P"),  # the column wins over the NIP (warned)
        ("198609262021212003", "Tono", ""),  # PPPK: unknown (warned)
        ("199103032016011004", "Agus", "Laki-laki"),
    )
    problem, warnings = load_problem(write_small(tmp_path / "w.xlsx", sheets))
    sex = {e.name: e.sex for e in problem.employees}
    assert sex["Rina"] is Sex.FEMALE and sex["Dewi"] is Sex.FEMALE
    assert sex["Tono"] is None and sex["Agus"] is Sex.MALE
    assert sex["Budi Santoso"] is Sex.MALE  # 198001012005011001 and an empty cell
    texts = [w.message_en for w in warnings if w.sheet == "Pegawai"]
    assert any("differs from the NIP's 15th digit in 1 rows (6)" in t for t in texts), texts
    assert any("the sex of 1 employees is not known (rows 7: a PPPK number" in t for t in texts), (
        texts
    )


def test_a_bad_jenis_kelamin_is_a_located_error(tmp_path: Path) -> None:
    sheets = _staff_sheets(("199103032016011004", "Agus", "X"))
    with pytest.raises(InputError) as err:
        load_problem(write_small(tmp_path / "w.xlsx", sheets))
    (problem,) = err.value.problems
    assert (problem.sheet, problem.row, problem.column) == ("Pegawai", 5, "Jenis Kelamin")
    assert "unknown sex: 'X'" in problem.message_en


# -- writing, reading back, periksa -------------------------------------------------------------


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Problem, Path, Path]:
    folder = tmp_path_factory.mktemp("waves")
    problem = dataclasses.replace(
        _office(APART, Sex.FEMALE, seats=3, staff=12),
        policy=dataclasses.replace(
            _office().policy,
            waves=APART,
            wave_priority=Sex.FEMALE,
            office_hours=TimeRange(420, 990),
        ),
    )
    source = folder / "input.xlsx"
    write_input_workbook(problem, source)
    out = folder / "jadwal.xlsx"
    outcome = service.plan(source, PlanOptions(output=out, time_limit_s=20))
    assert outcome.report.ok
    return problem, source, out


def test_the_roster_shows_the_waves_and_reads_back(written: tuple[Problem, Path, Path]) -> None:
    _, source, out = written
    ws = openpyxl.load_workbook(out)["Jadwal"]
    texts = [str(c.value) for row in ws.iter_rows(max_row=6) for c in row if c.value]
    assert any("Jam kantor / office hours 07:00–16:30" in t for t in texts), texts
    assert "WFO-1: masuk / hours 07:00–11:30" in texts
    assert "WFO-2: masuk / hours 12:00–16:30" in texts
    codes = Counter(str(c.value) for row in ws.iter_rows(min_row=7) for c in row)
    assert codes["WFO-1"] == codes["WFO-2"] == 15 and codes["WFO"] == 0
    labels = [str(c.value) for row in ws.iter_rows() for c in row if c.value]
    assert "Jumlah WFO gelombang 1 / on site in wave 1" in labels
    roster = read_roster(out)
    assert check(load_problem(source)[0], roster).violations == []
    assert {w for row in roster.waves.values() for w in row} == {0, 1, 2}
    rekap = openpyxl.load_workbook(out)["Rekap Harian"]
    names = [r[1] for r in rekap.iter_rows(min_row=2, values_only=True)]
    assert "Gedung Uji · gelombang / wave 1" in names
    ringkasan = [
        str(c)
        for r in openpyxl.load_workbook(out)["Ringkasan"].iter_rows(values_only=True)
        for c in r
        if c
    ]
    assert any(
        "Most in one capped building: 6 people in a day, 3 at the same time" in t for t in ringkasan
    )
    assert "07:00-11:30; 12:00-16:30" in ringkasan


def test_periksa_catches_a_hand_edit_that_breaks_a_wave_cap(
    written: tuple[Problem, Path, Path], tmp_path: Path
) -> None:
    _, source, out = written
    book = openpyxl.load_workbook(out)
    ws = book["Jadwal"]
    header = next(r for r in ws.iter_rows() if any(c.value == "NIP" for c in r))
    monday = next(c.column_letter for c in header if isinstance(c.value, dt.datetime))
    first = header[0].row + 1
    rows = range(first, first + 12)
    home = next(r for r in rows if ws[f"{monday}{r}"].value == "WFH")
    ws[f"{monday}{home}"].value = "WFO-2"  # a fourth person in wave 2 on Monday
    edited = tmp_path / "edited.xlsx"
    book.save(edited)
    found = service.check_roster(edited, source)
    (broken,) = found.broken
    assert (broken.rule, broken.scope, broken.date) == ("building_cap", "Gedung Uji", MONDAY)
    assert len(broken.cells) == 4  # the wave-2 cells of Monday, not the wave-1 ones
    assert all(ws[c.ref].value in ("WFO-2",) or c.ref == f"{monday}{home}" for c in broken.cells)
    # A cell in a wave that does not exist.
    ws[f"{monday}{home}"].value = "WFO-3"
    book.save(edited)
    (broken,) = [b for b in service.check_roster(edited, source).broken if b.rule == "wave"]
    assert [c.ref for c in broken.cells] == [f"{monday}{home}"]


def test_waves_apart_counts_the_waves_that_do_not_overlap() -> None:
    assert waves_apart(()) == 1
    assert waves_apart(APART) == 2 and waves_apart(CIRCULAR) == 1
    three = (TimeRange(420, 600), TimeRange(540, 780), TimeRange(720, 900))
    assert waves_apart(three) == 2  # 1 and 3 apart, 2 overlaps both


def test_validation_sees_the_room_waves_give() -> None:
    """6 front-line staff and 5 seats: a certain conflict without waves, none with two apart."""
    base = _office(seats=5, staff=6)
    duty = tuple(dataclasses.replace(e, always_on_site=True) for e in base.employees)
    plain = dataclasses.replace(base, employees=duty)
    assert [w.sheet for w in foreseeable_conflicts(plain)] == ["Gedung"]
    waved = dataclasses.replace(plain, policy=dataclasses.replace(plain.policy, waves=APART))
    assert foreseeable_conflicts(waved) == []
    assert _per_day(_solved(waved)) == [6] * 5


def test_an_explanation_counts_the_room_of_the_waves() -> None:
    """5 seksi need 5 a day; 2 seats in each of two waves hold 4 a day: 3 seats are enough."""
    base = _office(APART, seats=2, staff=15)
    people = tuple(
        dataclasses.replace(e, seksi=f"Seksi {i % 5}") for i, e in enumerate(base.employees)
    )
    problem = dataclasses.replace(
        base, employees=people, policy=dataclasses.replace(base.policy, min_per_subunit=1)
    )
    result = solve(problem, SolveParams(time_limit_s=20))
    assert result.roster is not None and check(problem, result.roster).hard_violations == []
    (finding,) = explain(problem, result).findings
    assert "holds only 2 at a time (2 seats), 4 a day in 2 waves" in finding.reason_en
    first = finding.suggestions[0]
    assert first.text_en == "Raise seats to 3 in building Gedung Uji" and first.verified
    assert first.changed is not None
    fixed = solve(first.changed, SolveParams(time_limit_s=20))
    assert fixed.roster is not None and check(first.changed, fixed.roster).violations == []
