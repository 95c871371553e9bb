"""The independent checker on tiny hand-built offices: every rule, passing and failing."""

from __future__ import annotations

import ast
import datetime as dt
from decimal import Decimal
from pathlib import Path

from models.domain import (
    Absence,
    AbsenceType,
    Building,
    Cell,
    Closure,
    Employee,
    Policy,
    Problem,
    Representation,
    Roster,
    Sector,
    Unit,
)
from optimizer.analysis import checker
from optimizer.analysis.checker import check
from optimizer.analysis.report import (
    COVERED,
    NOBODY_ELIGIBLE,
    NOT_COVERED,
    STATUS_CLOSED,
    STATUS_FULL,
    STATUS_HOLIDAY,
    STATUS_OK,
    STATUS_OVER,
    STATUS_UNDER_MIN,
    CheckReport,
    Coverage,
    DayCount,
    FairnessRow,
)

MONDAY = dt.date(2026, 11, 30)
WEEK = [MONDAY + dt.timedelta(days=i) for i in range(5)]
MON, TUE, WED, THU, FRI = WEEK
UNIT = "Dinas Pendidikan"
GEDUNG = "Gedung Balai Kota"

CODES = {
    "W": Cell.WFO,
    "H": Cell.WFH,
    "L": Cell.HOLIDAY,
    "C": Cell.LEAVE,
    "S": Cell.SICK,
    "D": Cell.DUTY_TRAVEL,
    "I": Cell.ISOLATION,
    "T": Cell.CLOSED,
}


def nip(i: int) -> str:
    return f"19900101202001{i:04d}"


def emp(i: int, unit: str = UNIT, **kw: object) -> Employee:
    return Employee(nip(i), f"Pegawai {i}", unit, **kw)  # type: ignore[arg-type]


def policy(**kw: object) -> Policy:
    kw.setdefault("representation", Representation.NONE)
    return Policy(start=MONDAY, **kw)  # type: ignore[arg-type]


def office(
    employees: list[Employee],
    *,
    units: tuple[Unit, ...] | None = None,
    pol: Policy | None = None,
    **kw: object,
) -> Problem:
    return Problem(
        pol or policy(),
        units or (Unit(UNIT, GEDUNG, Sector.CRITICAL),),  # critical: cap 100%
        tuple(employees),
        **kw,  # type: ignore[arg-type]
    )


def roster(problem: Problem, rows: dict[str, str], default: str = "HHHHH") -> Roster:
    """Rows as code strings (W, H, L, C, S, D, I, T), by NIP; unlisted employees get ``default``."""
    cells = {e.nip: tuple(CODES[c] for c in rows.get(e.nip, default)) for e in problem.employees}
    return Roster(problem.dates, cells)


def keys(report: CheckReport) -> list[tuple[str, str, dt.date | None, bool]]:
    return [(v.rule, v.scope, v.date, v.hard) for v in report.violations]


# -- availability -------------------------------------------------------------------------------


def test_holiday_must_be_libur() -> None:
    problem = office([emp(1)], holidays=((WED, "Hari Guru"),))
    assert check(problem, roster(problem, {}, "HHLHH")).ok
    report = check(problem, roster(problem, {}, "HHWHH"))
    assert keys(report) == [("availability", nip(1), WED, True)]
    (v,) = report.violations
    assert (v.required, v.actual) == ("LIBUR", "WFO")
    assert "Hari Guru" in v.reason_id and "holiday" in v.reason_en


def test_absence_must_show_its_code_and_first_listed_absence_wins() -> None:
    absences = (
        Absence(nip(1), TUE, WED, AbsenceType.SICK),
        Absence(nip(1), MON, FRI, AbsenceType.LEAVE),
    )
    problem = office([emp(1)], absences=absences)
    assert check(problem, roster(problem, {}, "CSSCC")).ok
    report = check(problem, roster(problem, {}, "CCSCW"))
    assert keys(report) == [
        ("availability", nip(1), TUE, True),
        ("availability", nip(1), FRI, True),
    ]
    assert [(v.required, v.actual) for v in report.violations] == [
        ("SAKIT", "CUTI"),
        ("CUTI", "WFO"),
    ]


def test_closed_building_means_tutup_but_not_for_staff_of_another_building() -> None:
    people = [emp(1), emp(2, building="Gedung Lain"), emp(3, vulnerable=True)]
    problem = office(people, closures=(Closure(GEDUNG, MON, TUE, "disinfeksi"),))
    # Issue 12: a closed-building day reads TUTUP (for vulnerable staff too), not plain WFH.
    rows = {nip(1): "TTHHH", nip(2): "WWHHH", nip(3): "TTHHH"}
    assert check(problem, roster(problem, rows)).ok
    report = check(problem, roster(problem, {**rows, nip(1): "TWHHH", nip(3): "HTHHH"}))
    assert keys(report) == [
        ("availability", nip(3), MON, True),
        ("availability", nip(1), TUE, True),
    ]
    assert [(v.required, v.actual) for v in report.violations] == [
        ("TUTUP", "WFH"),
        ("TUTUP", "WFO"),
    ]
    assert "ditutup" in report.violations[1].reason_id


def test_vulnerable_staff_are_never_on_site() -> None:
    problem = office([emp(1, vulnerable=True)])
    assert check(problem, roster(problem, {})).ok
    report = check(problem, roster(problem, {}, "HHHWH"))
    assert keys(report) == [("availability", nip(1), THU, True)]


def test_free_day_must_be_wfo_or_wfh() -> None:
    problem = office([emp(1)])
    report = check(problem, roster(problem, {}, "LHHHH"))
    assert keys(report) == [("availability", nip(1), MON, True)]
    assert (report.violations[0].required, report.violations[0].actual) == ("WFO/WFH", "LIBUR")


# -- caps ---------------------------------------------------------------------------------------


def test_unit_cap_keeps_at_least_one() -> None:
    units = (Unit(UNIT, GEDUNG, cap_pct=Decimal(25)),)  # 25% of 3 staff = 0.75 → 1
    problem = office([emp(1), emp(2), emp(3)], units=units)
    assert check(problem, roster(problem, {nip(1): "WHWHW", nip(2): "HWHWH"})).ok
    report = check(problem, roster(problem, {nip(1): "WHHHH", nip(2): "WHHHH"}))
    assert keys(report) == [("unit_cap", UNIT, MON, True)]
    v = report.violations[0]
    assert (v.required, v.actual) == ("<= 1", "2")
    assert v.reason_id == f"Unit '{UNIT}' hadir 2 orang pada Sen 2026-11-30, kuota 1"
    assert v.reason_en == f"Unit '{UNIT}' has 2 on site on Mon 2026-11-30, cap 1"


def test_unit_cap_uses_the_sector_cap() -> None:
    units = (Unit(UNIT, GEDUNG, Sector.NON_ESSENTIAL),)  # policy 25% of 8 = 2
    problem = office([emp(i) for i in range(8)], units=units)
    assert check(problem, roster(problem, {nip(0): "WWWWW", nip(1): "WWWWW"})).ok
    three = {nip(0): "WWWWW", nip(1): "WWWWW", nip(2): "HHHHW"}
    assert keys(check(problem, roster(problem, three))) == [("unit_cap", UNIT, FRI, True)]


def test_building_seats_count_everyone_who_works_there() -> None:
    units = (Unit("Unit A", GEDUNG, Sector.CRITICAL), Unit("Unit B", "Gedung B", Sector.CRITICAL))
    people = [
        emp(1, "Unit A"),
        emp(2, "Unit A"),
        emp(3, "Unit B", building=GEDUNG),
        emp(4, "Unit B"),
    ]
    problem = office(people, units=units, buildings=(Building(GEDUNG, seats=2),))
    ok_rows = {nip(1): "WWWWW", nip(3): "WWWWW", nip(4): "WWWWW"}
    assert check(problem, roster(problem, ok_rows)).ok
    report = check(problem, roster(problem, {**ok_rows, nip(2): "HHWHH"}))
    assert keys(report) == [("building_cap", GEDUNG, WED, True)]
    assert (report.violations[0].required, report.violations[0].actual) == ("<= 2", "3")


def test_building_cap_percentage_and_seats_take_the_smaller() -> None:
    people = [emp(i) for i in range(8)]
    buildings = (Building(GEDUNG, seats=5, cap_pct=Decimal(25)),)  # min(5, 25% of 8 = 2)
    problem = office(people, buildings=buildings)
    assert check(problem, roster(problem, {nip(0): "WWWWW", nip(1): "WWWWW"})).ok
    rows = {nip(0): "WWWWW", nip(1): "WWWWW", nip(2): "WHHHH"}
    report = check(problem, roster(problem, rows))
    assert keys(report) == [("building_cap", GEDUNG, MON, True)]
    assert report.violations[0].required == "<= 2"


# -- soft rules ---------------------------------------------------------------------------------


def test_essential_minimum_is_skipped_on_a_closed_day() -> None:
    units = (Unit(UNIT, GEDUNG, Sector.ESSENTIAL, min_per_day=2),)  # cap 50% of 4 = 2
    people = [emp(i) for i in range(4)]
    problem = office(people, units=units, closures=(Closure(GEDUNG, TUE, TUE),))
    rows = {nip(0): "WTWWW", nip(1): "WTWWW"}
    assert check(problem, roster(problem, rows, "HTHHH")).ok
    report = check(problem, roster(problem, {nip(0): "WTWWW", nip(1): "WTHWW"}, "HTHHH"))
    assert keys(report) == [("essential_minimum", UNIT, WED, False)]
    v = report.violations[0]
    assert (v.required, v.actual) == (">= 2", "1")


def test_always_on_site_only_on_days_they_are_free() -> None:
    person = emp(1, always_on_site=True)
    problem = office([person], absences=(Absence(nip(1), TUE, TUE, AbsenceType.DUTY_TRAVEL),))
    assert check(problem, roster(problem, {}, "WDWWW")).ok
    report = check(problem, roster(problem, {}, "HDWWW"))
    assert keys(report) == [("always_on_site", nip(1), MON, False)]
    assert (report.violations[0].required, report.violations[0].actual) == ("WFO", "WFH")


def _represented_office(representation: Representation) -> Problem:
    people = [
        emp(1, bidang="Bidang PAUD", seksi="Seksi Kurikulum"),
        emp(2, bidang="Bidang PAUD", seksi="Seksi Kurikulum"),
        emp(3, bidang="Bidang PAUD", seksi="Seksi Sarpras"),
        emp(4, seksi="Seksi Umum"),  # a seksi directly in the unit
        emp(5),  # neither bidang nor seksi: represents nothing
    ]
    return office(people, pol=policy(representation=representation, min_per_subunit=1))


def test_represent_bidang_and_seksi_scopes() -> None:
    problem = _represented_office(Representation.SECTION)
    good = {nip(1): "WHWHW", nip(2): "HWHWH", nip(3): "WWWWW", nip(4): "WWWWW"}
    assert check(problem, roster(problem, good)).ok
    report = check(problem, roster(problem, {**good, nip(1): "HHWHW", nip(4): "WWWWH"}))
    assert keys(report) == [
        ("represent_seksi", f"{UNIT} / Bidang PAUD / Seksi Kurikulum", MON, False),
        ("represent_seksi", f"{UNIT} / Seksi Umum", FRI, False),
    ]
    lazy = check(problem, roster(problem, {nip(4): "WWWWH"}))
    assert sorted(keys(lazy)) == sorted(
        {("represent_bidang", f"{UNIT} / Bidang PAUD", d, False) for d in WEEK}
        | {("represent_seksi", f"{UNIT} / Bidang PAUD / Seksi Kurikulum", d, False) for d in WEEK}
        | {("represent_seksi", f"{UNIT} / Bidang PAUD / Seksi Sarpras", d, False) for d in WEEK}
        | {("represent_seksi", f"{UNIT} / Seksi Umum", FRI, False)}
    )
    v = next(v for v in lazy.violations if v.rule == "represent_bidang")
    assert (v.required, v.actual) == (">= 1", "0")


def test_division_representation_ignores_seksi() -> None:
    problem = _represented_office(Representation.DIVISION)
    report = check(problem, roster(problem, {nip(1): "WWWWH"}))
    assert keys(report) == [("represent_bidang", f"{UNIT} / Bidang PAUD", FRI, False)]
    assert {(c.bidang, c.seksi) for c in report.coverage} == {("Bidang PAUD", "")}


def test_no_representation_checks_when_switched_off() -> None:
    for pol in (
        policy(representation=Representation.NONE, min_per_subunit=1),
        policy(representation=Representation.SECTION, min_per_subunit=0),
    ):
        problem = office([emp(1, bidang="Bidang PAUD", seksi="Seksi Kurikulum")], pol=pol)
        report = check(problem, roster(problem, {}))
        assert report.ok
        assert report.coverage == []


def test_nobody_eligible_is_coverage_not_a_violation() -> None:
    people = [emp(1, bidang="Sekretariat"), emp(2, bidang="Bidang SD")]
    pol = policy(representation=Representation.DIVISION, min_per_subunit=2)
    problem = office(
        people,
        pol=pol,
        absences=(Absence(nip(1), MON, TUE, AbsenceType.ISOLATION),),
        holidays=((FRI, "Libur"),),
    )
    report = check(problem, roster(problem, {nip(1): "IIWWL", nip(2): "WWWWL"}))
    assert report.ok
    sekretariat = [c for c in report.coverage if c.bidang == "Sekretariat"]
    assert sekretariat == [
        Coverage(UNIT, "Sekretariat", "", MON, 1, 0, 0, 0, NOBODY_ELIGIBLE),
        Coverage(UNIT, "Sekretariat", "", TUE, 1, 0, 0, 0, NOBODY_ELIGIBLE),
        Coverage(UNIT, "Sekretariat", "", WED, 1, 1, 1, 1, COVERED),
        Coverage(UNIT, "Sekretariat", "", THU, 1, 1, 1, 1, COVERED),
        Coverage(UNIT, "Sekretariat", "", FRI, 1, 0, 0, 0, STATUS_HOLIDAY),
    ]
    report = check(problem, roster(problem, {nip(1): "IIHWL", nip(2): "WWWWL"}))
    assert keys(report) == [("represent_bidang", f"{UNIT} / Sekretariat", WED, False)]
    assert [c.status for c in report.coverage if c.date == WED] == [COVERED, NOT_COVERED]


# -- roster shape -------------------------------------------------------------------------------


def test_missing_and_extra_employees() -> None:
    problem = office([emp(1), emp(2)])
    full = roster(problem, {})
    cells = dict(full.cells)
    del cells[nip(2)]
    cells["X1"] = full.cells[nip(1)]
    report = check(problem, Roster(full.dates, cells))
    assert keys(report) == [
        ("roster_shape", nip(2), None, True),
        ("roster_shape", "X1", None, True),
    ]
    assert report.hard_violations == report.violations


def test_wrong_dates_and_bad_rows() -> None:
    problem = office([emp(1), emp(2), emp(3)])
    full = roster(problem, {})
    report = check(problem, Roster(full.dates[:4], {n: r[:4] for n, r in full.cells.items()}))
    assert keys(report) == [("roster_shape", checker.ROSTER_SCOPE, None, True)]
    cells = dict(full.cells)
    cells[nip(2)] = full.cells[nip(2)][:3]
    cells[nip(3)] = (*full.cells[nip(3)][:4], "WFO")  # type: ignore[arg-type]
    report = check(problem, Roster(full.dates, cells))
    assert keys(report) == [
        ("roster_shape", nip(2), None, True),
        ("roster_shape", nip(3), None, True),
    ]
    assert report.violations[1].actual == "'WFO'"


# -- summaries ----------------------------------------------------------------------------------


def test_day_count_statuses() -> None:
    units = (Unit(UNIT, GEDUNG, cap_pct=Decimal(50), min_per_day=2),)  # cap 2 of 4
    people = [emp(i) for i in range(4)]
    problem = office(
        people,
        units=units,
        holidays=((WED, "Libur"),),
        closures=(Closure(GEDUNG, THU, THU),),
    )
    rows = {nip(0): "WWLTW", nip(1): "WWLTH", nip(2): "HWLTH"}
    report = check(problem, roster(problem, rows, "HHLTH"))
    unit_rows = [d for d in report.day_counts if d.kind == "Unit"]
    assert [d.status for d in unit_rows] == [
        STATUS_FULL,
        STATUS_OVER,
        STATUS_HOLIDAY,
        STATUS_CLOSED,
        STATUS_UNDER_MIN,
    ]
    assert unit_rows[0] == DayCount("Unit", UNIT, MON, 4, 4, 2, 2, 2, STATUS_FULL)
    assert unit_rows[3] == DayCount("Unit", UNIT, THU, 4, 0, 0, 2, 2, STATUS_CLOSED)
    building_rows = [d for d in report.day_counts if d.kind == "Gedung"]
    assert [(d.name, d.on_site, d.cap, d.minimum) for d in building_rows] == [
        (GEDUNG, 2, None, None),
        (GEDUNG, 3, None, None),
        (GEDUNG, 0, None, None),
        (GEDUNG, 0, None, None),
        (GEDUNG, 1, None, None),
    ]
    assert [d.status for d in building_rows] == [
        STATUS_OK,
        STATUS_OK,
        STATUS_HOLIDAY,
        STATUS_CLOSED,
        STATUS_OK,
    ]
    assert keys(report) == [
        ("unit_cap", UNIT, TUE, True),
        ("essential_minimum", UNIT, FRI, False),
    ]


def test_fairness_rows_and_exceptions() -> None:
    people = [
        emp(1, bidang="Bidang SD"),
        emp(2, bidang="Bidang SD"),
        emp(3, bidang="Bidang SD"),
        emp(4, bidang="Bidang SMP"),  # sole member: must come every day
        emp(5, bidang="Bidang SD"),  # on leave Friday: four free days
        emp(6, bidang="Bidang SD", vulnerable=True),
        emp(7, bidang="Bidang SD", always_on_site=True),
    ]
    problem = office(
        people,
        pol=policy(representation=Representation.DIVISION, min_per_subunit=1),
        absences=(Absence(nip(5), FRI, FRI, AbsenceType.LEAVE),),
    )
    rows = {
        nip(1): "WWWWH",  # above the band but never alone
        nip(2): "HHHHW",
        nip(3): "HHHHW",
        nip(4): "WWWWW",
        nip(5): "WHHHC",
        nip(7): "WWWWW",
    }
    report = check(problem, roster(problem, rows))
    assert report.ok
    assert report.fairness == [
        FairnessRow(UNIT, 4, 1, 1, 1, ()),
        FairnessRow(UNIT, 5, 4, 1, 5, (nip(4),)),
    ]


def test_violations_are_sorted_by_rule_then_date_then_scope() -> None:
    units = (Unit(UNIT, GEDUNG, cap_pct=Decimal(25), min_per_day=1),)
    problem = office([emp(1), emp(2, vulnerable=True), emp(3)], units=units)
    rows = {nip(1): "WHHHH", nip(2): "HHWHH", nip(3): "WHHHH"}
    report = check(problem, roster(problem, rows))
    assert keys(report) == [
        ("availability", nip(2), WED, True),
        ("unit_cap", UNIT, MON, True),
        ("essential_minimum", UNIT, TUE, False),
        ("essential_minimum", UNIT, THU, False),
        ("essential_minimum", UNIT, FRI, False),
    ]


# -- leaders (Pimpinan) ------------------------------------------------------------------------


def test_leader_needs_the_least_of_n_and_the_days_available() -> None:
    people = [
        emp(1, leader=True),
        emp(2, leader=True),
        emp(3),
        emp(4, leader=True, vulnerable=True),
    ]
    absences = (Absence(nip(2), MON, WED, AbsenceType.LEAVE),)  # two days available
    problem = office(people, pol=policy(leader_min_days=3), absences=absences)
    ok = {nip(1): "WHWHW", nip(2): "CCCWW"}
    assert check(problem, roster(problem, ok)).ok
    report = check(problem, roster(problem, {nip(1): "WHHHW", nip(2): "CCCWH"}))
    assert keys(report) == [
        ("leader_on_site", nip(1), None, False),
        ("leader_on_site", nip(2), None, False),
    ]
    assert [(v.required, v.actual) for v in report.violations] == [(">= 3", "2"), (">= 2", "1")]
    assert "Pimpinan" in report.violations[0].reason_id
    # 0 switches the rule off; a non-leader never counts.
    off = office(people, absences=absences)
    assert check(off, roster(off, {nip(1): "HHHHH", nip(2): "CCCHH"})).ok


def test_leaders_above_the_fairness_band_are_exceptions() -> None:
    people = [emp(1, leader=True), emp(2), emp(3)]
    problem = office(people, pol=policy(leader_min_days=3))
    report = check(problem, roster(problem, {nip(1): "WWWHH", nip(2): "WHHHH", nip(3): "HWHHH"}))
    assert report.ok
    assert report.fairness == [FairnessRow(UNIT, 5, 3, 1, 3, (nip(1),))]


# -- independence and integration ---------------------------------------------------------------


def test_checker_imports_no_solver_code() -> None:
    tree = ast.parse(Path(checker.__file__).read_text(encoding="utf-8"))
    modules: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, "no relative imports"
            modules.add(node.module or "")
    ours = {m for m in modules if m.split(".")[0] in {"models", "optimizer", "ortools"}}
    assert ours == {"models.domain", "optimizer.analysis.report"}


def test_solver_roster_passes_the_checker() -> None:
    from models.solve import SolveParams, SolveStatus
    from optimizer.app.runtime import solve
    from optimizer.demo.generator import generate_city

    problem = generate_city(seed=3, staff=150)
    result = solve(problem, SolveParams(time_limit_s=20))
    assert result.status is SolveStatus.OPTIMAL
    assert result.roster is not None
    report = check(problem, result.roster)
    assert report.ok, report.violations[:5]
    assert result.shortfalls == []
    units = {d.name for d in report.day_counts if d.kind == "Unit"}
    assert units == {u.name for u in problem.units}
    buildings = {problem.building_of(e) for e in problem.employees}
    assert len(report.day_counts) == len(problem.dates) * (len(units) + len(buildings))
