"""One small hand-built office per rule family of the model (``models.rules``)."""

from __future__ import annotations

import datetime as dt
import multiprocessing
from decimal import Decimal
from typing import Any

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
    cap_count,
)
from models.registry import Tier
from models.rules import RULES
from models.solve import SolveParams, SolveStatus, components
from optimizer.analysis.checker import check
from optimizer.app.runtime import solve

MONDAY = dt.date(2026, 11, 30)
WEEK = [MONDAY + dt.timedelta(days=i) for i in range(5)]


def staff(unit: str, n: int, start: int = 0, **kw: object) -> list[Employee]:
    return [
        Employee(f"1990{start + i:014d}", f"Pegawai {start + i}", unit, **kw)  # type: ignore[arg-type]
        for i in range(n)
    ]


def policy(**kw: object) -> Policy:
    return Policy(start=MONDAY, **kw)  # type: ignore[arg-type]


def run(problem: Problem) -> Roster:
    result = solve(problem, SolveParams(time_limit_s=20))
    assert result.status is SolveStatus.OPTIMAL
    assert result.roster is not None
    return result.roster


def on_site(roster: Roster, people: list[Employee], day: int) -> int:
    return sum(roster.cells[e.nip][day] is Cell.WFO for e in people)


def test_rules_are_registered_in_order_with_docstrings() -> None:
    names = [r.__name__ for r in RULES]
    assert names == [
        "cohorts",
        "unit_cap",
        "building_cap",
        "essential_minimum",
        "always_on_site",
        "leader_on_site",
        "representation",
        "stability",
        "quota_use",
        "fairness",
        "preferences",
        "wave_priority",
    ]
    assert all(r.__doc__ and len(r.__doc__) > 80 for r in RULES)


def test_cap_count_floors_but_keeps_one() -> None:
    assert cap_count(Decimal(25), 36) == 9
    assert cap_count(Decimal(25), 3) == 1
    assert cap_count(Decimal(0), 30) == 0
    assert cap_count(Decimal("29"), 100) == 29  # no float rounding: 0.29 * 100 = 28.999…
    assert cap_count(Decimal(50), 0) == 0


def test_unit_cap_is_met_and_used_as_target() -> None:
    people = staff("Dinas A", 20)
    problem = Problem(policy(), (Unit("Dinas A", "G"),), tuple(people))
    roster = run(problem)
    assert [on_site(roster, people, d) for d in range(5)] == [5] * 5


def test_unit_cap_override_and_sector_caps() -> None:
    a, b, c = staff("A", 10), staff("B", 10, 100), staff("C", 10, 200)
    units = (
        Unit("A", "G1", Sector.ESSENTIAL),
        Unit("B", "G2", Sector.CRITICAL),
        Unit("C", "G3", cap_pct=Decimal(10)),
    )
    roster = run(Problem(policy(), units, tuple(a + b + c)))
    assert on_site(roster, a, 0) == 5
    assert on_site(roster, b, 0) == 10
    assert on_site(roster, c, 0) == 1


def test_building_cap_limits_units_sharing_a_building() -> None:
    a, b = staff("A", 20), staff("B", 20, 100)
    problem = Problem(
        policy(),
        (Unit("A", "Balai Kota"), Unit("B", "Balai Kota")),
        tuple(a + b),
        buildings=(Building("Balai Kota", seats=6),),
    )
    roster = run(problem)
    for d in range(5):
        assert on_site(roster, a + b, d) == 6


def test_essential_minimum_outranks_fairness_and_closure_waives_it() -> None:
    people = staff("Dinkes", 8)
    problem = Problem(
        policy(),
        (Unit("Dinkes", "G", Sector.ESSENTIAL, min_per_day=3),),
        tuple(people),
        closures=(Closure("G", WEEK[2], WEEK[2], "disinfeksi"),),
    )
    result = solve(problem)
    assert result.roster is not None
    assert all(on_site(result.roster, people, d) >= 3 for d in (0, 1, 3, 4))
    assert on_site(result.roster, people, 2) == 0
    assert not result.shortfalls


def test_essential_minimum_shortfall_is_reported_when_staff_are_away() -> None:
    people = staff("Dinkes", 4)
    absences = tuple(Absence(e.nip, WEEK[0], WEEK[0], AbsenceType.SICK) for e in people[:3])
    problem = Problem(
        policy(essential_cap_pct=Decimal(100)),
        (Unit("Dinkes", "G", Sector.ESSENTIAL, min_per_day=2),),
        tuple(people),
        absences=absences,
    )
    result = solve(problem)
    assert [(s.rule, s.day, s.missing) for s in result.shortfalls] == [
        ("essential_minimum", WEEK[0], 1)
    ]


def test_always_on_site_staff_come_every_available_day() -> None:
    duty = staff("Satpol PP", 2, always_on_site=True)
    others = staff("Satpol PP", 10, 100)
    problem = Problem(
        policy(),
        (Unit("Satpol PP", "G"),),
        tuple(duty + others),
        absences=(Absence(duty[0].nip, WEEK[1], WEEK[1], AbsenceType.LEAVE),),
    )
    roster = run(problem)
    assert roster.cells[duty[0].nip] == (Cell.WFO, Cell.LEAVE, Cell.WFO, Cell.WFO, Cell.WFO)
    assert roster.cells[duty[1].nip] == (Cell.WFO,) * 5
    assert all(on_site(roster, duty + others, d) <= 3 for d in range(5))


def test_always_on_site_above_cap_bends_and_is_reported() -> None:
    duty = staff("Satpol PP", 4, always_on_site=True)
    problem = Problem(policy(), (Unit("Satpol PP", "G"),), tuple(duty))
    result = solve(problem)
    assert result.roster is not None
    assert all(on_site(result.roster, duty, d) == 1 for d in range(5))
    assert {s.rule for s in result.shortfalls} == {"always_on_site"}
    assert sum(s.missing for s in result.shortfalls) == 15


def test_every_bidang_and_seksi_is_represented() -> None:
    people = [
        *staff("Dinas", 4, 0, bidang="Sekretariat", seksi="Umum"),
        *staff("Dinas", 4, 10, bidang="Sekretariat", seksi="Keuangan"),
        *staff("Dinas", 4, 20, bidang="Bina Marga", seksi="Jalan"),
        *staff("Dinas", 4, 30, bidang="Bina Marga", seksi="Jembatan"),
    ]
    roster = run(Problem(policy(), (Unit("Dinas", "G"),), tuple(people)))
    for d in range(5):
        for k in range(4):
            assert on_site(roster, people[4 * k : 4 * k + 4], d) >= 1


def test_representation_by_bidang_only_or_none() -> None:
    # 4 seksi in 2 bidang and a cap of 2 (25% of 8): only the bidang level can be met.
    people = [
        e
        for b in range(2)
        for s in range(2)
        for e in staff("Dinas", 2, 100 * b + 10 * s, bidang=f"Bidang {b}", seksi=f"Seksi {b}.{s}")
    ]
    expected = {
        Representation.SECTION: {"represent_seksi"},
        Representation.DIVISION: set(),
        Representation.NONE: set(),
    }
    for mode, rules in expected.items():
        problem = Problem(policy(representation=mode), (Unit("Dinas", "G"),), tuple(people))
        result = solve(problem)
        assert {s.rule for s in result.shortfalls} == rules
        assert result.roster is not None
        if mode is Representation.DIVISION:
            for d in range(5):
                assert on_site(result.roster, people[:4], d) == 1
                assert on_site(result.roster, people[4:], d) == 1


def test_representation_beyond_cap_bends_at_seksi_tier_first() -> None:
    # 12 seksi in 3 bidang, cap 25% of 36 = 9: the bidang are covered, 3 seksi a day are not.
    people = [
        e
        for b in range(3)
        for s in range(4)
        for e in staff("Dinas X", 3, 100 * b + 10 * s, bidang=f"Bidang {b}", seksi=f"Seksi {b}.{s}")
    ]
    result = solve(Problem(policy(), (Unit("Dinas X", "G"),), tuple(people)))
    assert result.status is SolveStatus.OPTIMAL
    assert {s.rule for s in result.shortfalls} == {"represent_seksi"}
    assert result.tier_values[Tier.REPRESENT_SEKSI] == 3 * 5
    assert result.tier_values[Tier.REPRESENT_BIDANG] == 0


def test_unavailable_people_are_never_on_site() -> None:
    people = staff("Dinas", 8)
    vulnerable = staff("Dinas", 1, 50, vulnerable=True)
    problem = Problem(
        policy(),
        (Unit("Dinas", "G"),),
        tuple(people + vulnerable),
        absences=(Absence(people[0].nip, WEEK[0], WEEK[4], AbsenceType.ISOLATION),),
        closures=(Closure("G", WEEK[3], WEEK[4]),),
        holidays=((WEEK[0], "Libur"),),
    )
    roster = run(problem)
    assert roster.cells[vulnerable[0].nip] == (Cell.HOLIDAY,) + (Cell.WFH,) * 2 + (Cell.CLOSED,) * 2
    assert roster.cells[people[0].nip] == (Cell.HOLIDAY,) + (Cell.ISOLATION,) * 4
    for e in people[1:]:
        assert roster.cells[e.nip][0] is Cell.HOLIDAY
        assert roster.cells[e.nip][3:] == (Cell.CLOSED, Cell.CLOSED)


def test_periods_reaching_far_outside_the_horizon_are_clipped() -> None:
    # Found by fuzzing: an absence to 9999-12-31 overflowed the date arithmetic.
    people = staff("Dinas", 4)
    problem = Problem(
        policy(),
        (Unit("Dinas", "G"),),
        tuple(people),
        absences=(
            Absence(people[0].nip, dt.date(1, 1, 1), WEEK[1], AbsenceType.LEAVE),
            Absence(people[1].nip, WEEK[3], dt.date(9999, 12, 31), AbsenceType.SICK),
        ),
        closures=(Closure("G", dt.date(9999, 1, 1), dt.date(9999, 12, 31)),),
    )
    roster = run(problem)
    assert roster.cells[people[0].nip][:2] == (Cell.LEAVE, Cell.LEAVE)
    assert roster.cells[people[1].nip][3:] == (Cell.SICK, Cell.SICK)
    assert check(problem, roster).hard_violations == []


def test_fairness_counts_differ_by_at_most_one_and_vaccinated_first() -> None:
    vaccinated = staff("Dinas", 3, 0, vaccinated=True)
    others = staff("Dinas", 9, 100)
    roster = run(Problem(policy(), (Unit("Dinas", "G"),), tuple(vaccinated + others)))
    counts = {e.nip: roster.office_days(e.nip) for e in vaccinated + others}
    assert sum(counts.values()) == 15  # cap 3 × 5 days
    assert max(counts.values()) - min(counts.values()) <= 1
    assert all(counts[e.nip] == 2 for e in vaccinated)


def test_preferred_days_are_honoured() -> None:
    monday = staff("Dinas", 4, 0, preferred_weekdays=frozenset({0}))
    thursday = staff("Dinas", 4, 10, preferred_weekdays=frozenset({3}))
    roster = run(Problem(policy(), (Unit("Dinas", "G"),), tuple(monday + thursday)))
    assert on_site(roster, monday, 0) == 2
    assert on_site(roster, thursday, 3) == 2


def test_components_split_on_shared_buildings() -> None:
    problem = Problem(
        policy(),
        (Unit("A", "G1"), Unit("B", "G1"), Unit("C", "G2"), Unit("D", "G3")),
        (*staff("A", 2), *staff("B", 2, 10), *staff("C", 2, 20), *staff("D", 1, 30, building="G2")),
    )
    assert [[u.name for u in c.units] for c in components(problem)] == [["A", "B"], ["C", "D"]]


def test_same_seed_same_roster_and_parallel_equals_sequential() -> None:
    people = staff("A", 30, bidang="B", seksi="S") + staff("B", 30, 100, building="G2")
    problem = Problem(policy(weeks=2), (Unit("A", "G1"), Unit("B", "G3")), tuple(people))
    first = solve(problem, SolveParams(seed=7))
    again = solve(problem, SolveParams(seed=7))
    parallel = solve(problem, SolveParams(seed=7, workers=2))
    assert first.roster == again.roster == parallel.roster


def _solve_in_child(problem: Problem, queue: Any) -> None:
    queue.put(solve(problem, SolveParams(seed=7, workers=2)).roster)


def test_workers_inside_a_daemonic_process_solve_in_process() -> None:
    # Found by fuzzing: the CLI run inside a pool worker (daemonic) may not start its own pool.
    people = staff("A", 30, bidang="B", seksi="S") + staff("B", 30, 100, building="G2")
    problem = Problem(policy(), (Unit("A", "G1"), Unit("B", "G3")), tuple(people))
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_solve_in_child, args=(problem, queue), daemon=True)
    child.start()
    roster = queue.get(timeout=60)
    child.join(timeout=60)
    assert child.exitcode == 0
    assert roster == solve(problem, SolveParams(seed=7)).roster
