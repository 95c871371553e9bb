"""Property tests: every roster the solver returns passes the independent checker.

Random small organisations (units, buildings with seats and caps, bidang/seksi, vulnerable and
front-line staff, absences, closures, holidays, every representation mode, the weekly A/B
pattern, the age limit and vaccinated-only rules) are solved and
re-checked: no never-broken rule may fail, and the rules the solver says it had to bend are
exactly the ones the checker finds unmet.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.domain import (
    Absence,
    AbsenceType,
    Building,
    Closure,
    Employee,
    Pattern,
    Policy,
    Problem,
    Representation,
    Sector,
    Unit,
)
from models.solve import SolveParams, SolveStatus
from models.teams import assign_teams
from optimizer.analysis.checker import check
from optimizer.app.runtime import solve

MONDAY = dt.date(2026, 11, 30)


@st.composite
def organisations(draw: st.DrawFn) -> Problem:
    n_buildings = draw(st.integers(1, 3))
    buildings = [f"Gedung {i}" for i in range(n_buildings)]
    building_rows = tuple(
        Building(
            name,
            seats=draw(st.none() | st.integers(0, 12)),
            cap_pct=draw(st.none() | st.sampled_from([Decimal(10), Decimal(25), Decimal(50)])),
        )
        for name in buildings
    )
    units = []
    for i in range(draw(st.integers(1, 4))):
        units.append(
            Unit(
                f"Unit {i}",
                draw(st.sampled_from(buildings)),
                draw(st.sampled_from(list(Sector))),
                cap_pct=draw(st.none() | st.sampled_from([Decimal(0), Decimal(20), Decimal(75)])),
                min_per_day=draw(st.none() | st.integers(1, 4)),
            )
        )
    employees = []
    for i in range(draw(st.integers(1, 30))):
        unit = draw(st.sampled_from(units))
        bidang = draw(st.sampled_from(["", "Bidang A", "Bidang B"]))
        seksi = draw(st.sampled_from(["", "Seksi 1", "Seksi 2"]))
        vulnerable = draw(st.booleans().map(lambda b: b and draw(st.integers(0, 4)) == 0))
        employees.append(
            Employee(
                nip=f"19900101202001{i:04d}",
                name=f"Pegawai {i}",
                unit=unit.name,
                bidang=bidang,
                seksi=seksi,
                building=draw(st.sampled_from(["", "", "", *buildings])),
                vulnerable=vulnerable,
                always_on_site=not vulnerable and draw(st.integers(0, 6)) == 0,
                vaccinated=draw(st.booleans()),
                preferred_weekdays=frozenset(draw(st.sets(st.integers(0, 4), max_size=2))),
                leader=draw(st.integers(0, 4)) == 0,
                birth_date=dt.date(draw(st.integers(1960, 1990)), 12, draw(st.integers(1, 7))),
            )
        )
    weeks = draw(st.integers(1, 2))
    dates = [MONDAY + dt.timedelta(days=d) for d in range(7 * weeks)]
    absences = tuple(
        Absence(
            e.nip,
            start := draw(st.sampled_from(dates)),
            start + dt.timedelta(days=draw(st.integers(0, 4))),
            draw(st.sampled_from(list(AbsenceType))),
        )
        for e in employees
        if draw(st.integers(0, 5)) == 0
    )
    closures = tuple(
        Closure(
            b, start := draw(st.sampled_from(dates)), start + dt.timedelta(days=2), "disinfeksi"
        )
        for b in buildings
        if draw(st.integers(0, 3)) == 0
    )
    holidays = tuple(
        (d, "Libur") for d in sorted(draw(st.sets(st.sampled_from(dates), max_size=2)))
    )
    policy = Policy(
        start=MONDAY,
        weeks=weeks,
        min_per_subunit=draw(st.integers(0, 2)),
        representation=draw(st.sampled_from(list(Representation))),
        leader_min_days=draw(st.sampled_from([0, 1, 3, 10])),
        pattern=draw(st.sampled_from(list(Pattern))),
        max_age_on_site=draw(st.sampled_from([0, 0, 40, 55])),
        vaccinated_only=draw(st.integers(0, 3)) == 0,
    )
    return assign_teams(
        Problem(
            policy,
            tuple(units),
            tuple(employees),
            building_rows,
            absences,
            closures,
            holidays,
        )
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(organisations(), st.integers(0, 3))
def test_every_roster_passes_the_independent_checker(problem: Problem, seed: int) -> None:
    result = solve(problem, SolveParams(time_limit_s=20, seed=seed))
    assert result.status is SolveStatus.OPTIMAL
    assert result.roster is not None
    report = check(problem, result.roster)
    assert report.hard_violations == []
    solver_said = Counter((s.rule, s.scope, s.day) for s in result.shortfalls)
    checker_found = Counter((v.rule, v.scope, v.date) for v in report.violations)
    assert solver_said.keys() == checker_found.keys()
