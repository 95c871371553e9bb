"""Minimal-change re-plans (issue 14): the model against brute force on tiny instances.

Every roster of a tiny instance (4 people × 3 working days, and a few like it) is enumerated; the
independent checker scores each (never-bending rules first, then the rule tiers, then the changed
cells); the re-plan must reach the lexicographic optimum, keep the days before it exactly, and
honour closures, isolation, quarantine and pins. Nothing here uses the model to judge the model.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import random
from collections import Counter
from decimal import Decimal

import pytest

from models.calendar import build_calendar
from models.domain import (
    Absence,
    AbsenceType,
    Cell,
    Closure,
    Employee,
    Policy,
    Problem,
    Representation,
    Roster,
    Unit,
)
from models.registry import RULES, Tier
from models.solve import SolveParams, components, solve_here
from optimizer.analysis.checker import check
from optimizer.analysis.contacts import ContactScope
from optimizer.analysis.outbreak import (
    Pin,
    case_events,
    changed_cells,
    check_pins,
    merge_roster,
    replan_problem,
    settled_components,
    with_events,
)
from optimizer.app.replan import solve_replan
from optimizer.demo.generator import generate_city

MONDAY = dt.date(2026, 11, 30)
PARAMS = SolveParams(time_limit_s=20, lp_warm_start=False)


def tiny(seed: int, people: int = 4, days: int = 3, leader_days: int = 0) -> Problem:
    """One unit, one or two bidang, seksi of 1–3 people, a 50% cap; ``days`` working days."""
    rng = random.Random(seed)
    staff = []
    for i in range(people):
        bidang = f"B{i % 2 + 1}" if people > 3 else "B1"
        seksi = f"S{rng.randint(1, 2)}"
        staff.append(
            Employee(
                f"1990010120200110{i:02d}",
                f"Pegawai {i}",
                "Dinas",
                bidang,
                seksi,
                vaccinated=rng.random() < 0.5,
                preferred_weekdays=frozenset({rng.randint(0, 4)})
                if rng.random() < 0.5
                else frozenset(),
                leader=leader_days > 0 and i == 0,
            )
        )
    off = tuple(
        (MONDAY + dt.timedelta(days=d), "Libur uji") for d in range(days, 5)
    )  # the last weekdays are holidays: ``days`` working days
    return Problem(
        Policy(
            MONDAY,
            cap_pct=Decimal(50),
            representation=Representation.SECTION,
            leader_min_days=leader_days,
        ),
        (Unit("Dinas", "Gedung A"),),
        tuple(staff),
        holidays=off,
        name="tiny",
    )


def published_of(problem: Problem) -> Roster:
    result = solve_here(problem, PARAMS)
    assert result.roster is not None
    return result.roster


def replan_of(
    event: Problem, published: Roster, first: dt.date, pins: tuple[Pin, ...] = ()
) -> Roster:
    """The re-plan as the service makes it (settled components kept without a solve)."""
    _sub, result = solve_replan(event, published, first, pins, PARAMS)
    assert result.roster is not None
    return result.roster


def replan_in_full(event: Problem, published: Roster, first: dt.date) -> Roster:
    """The re-plan with every component solved (no shortcut)."""
    result = solve_here(replan_problem(event, published, first), PARAMS)
    assert result.roster is not None
    return merge_roster(event, published, result.roster, first)


def score(problem: Problem, published: Roster, roster: Roster) -> tuple[int, ...] | None:
    """(shortfall per rule tier 1–5, changed cells), by the checker; None if a hard rule breaks."""
    report = check(problem, roster)
    if report.hard_violations:
        return None
    tiers = Counter(RULES[v.rule].tier for v in report.violations)  # each here is short by 1
    changed = sum(
        a is not b
        for nip in roster.cells
        for a, b in zip(published.cells[nip], roster.cells[nip], strict=True)
    )
    return (*(tiers.get(t, 0) for t in Tier if t.is_rule), changed)


def every_roster(problem: Problem, published: Roster, first: dt.date) -> list[Roster]:
    """Every roster keeping the days before ``first``: each free cell WFO or WFH."""
    calendar = build_calendar(problem)
    free = [
        (e.nip, i)
        for e in problem.employees
        for i, day in enumerate(problem.dates)
        if day >= first and calendar.fixed[e.nip][i] is None
    ]
    out = []
    for choice in itertools.product((Cell.WFO, Cell.WFH), repeat=len(free)):
        cells = {
            e.nip: [
                published.cells[e.nip][i] if d < first else (calendar.fixed[e.nip][i] or Cell.WFH)
                for i, d in enumerate(problem.dates)
            ]
            for e in problem.employees
        }
        for (nip, i), c in zip(free, choice, strict=True):
            cells[nip][i] = c
        out.append(Roster(problem.dates, {n: tuple(r) for n, r in cells.items()}))
    return out


def best(problem: Problem, published: Roster, first: dt.date) -> tuple[int, ...]:
    scores = [score(problem, published, r) for r in every_roster(problem, published, first)]
    return min(s for s in scores if s is not None)


def events_for(problem: Problem, rng: random.Random) -> Problem:
    """A random event: someone sick, someone quarantined, or the building closed one day."""
    day2 = MONDAY + dt.timedelta(days=1)
    nips = [e.nip for e in problem.employees]
    kind = rng.choice(["sick", "two_away", "closed"])
    if kind == "sick":
        return with_events(
            problem, (), [Absence(rng.choice(nips), day2, day2 + dt.timedelta(1), AbsenceType.SICK)]
        )
    if kind == "two_away":
        a, b = rng.sample(nips, 2)
        return with_events(
            problem,
            (),
            [
                Absence(a, day2, day2, AbsenceType.ISOLATION),
                Absence(b, day2, day2 + dt.timedelta(1), AbsenceType.QUARANTINE),
            ],
        )
    return with_events(problem, [Closure("Gedung A", day2, day2)], ())


@pytest.mark.parametrize("seed", range(12))
def test_changed_cells_are_minimal_against_brute_force(seed: int) -> None:
    rng = random.Random(seed)
    people, days = [(4, 3), (4, 3), (5, 3), (3, 4)][seed % 4]
    problem = tiny(seed, people, days, leader_days=2 if seed % 3 == 0 else 0)
    published = published_of(problem)
    event = events_for(problem, rng)
    first = MONDAY + dt.timedelta(days=1)
    roster = replan_of(event, published, first)
    got = score(event, published, roster)
    assert got is not None, "a never-bending rule broke"
    assert got == best(event, published, first), (seed, got)
    for nip, cells in roster.cells.items():  # the day before ``first`` is exactly as published
        assert cells[0] is published.cells[nip][0]


def test_replan_without_events_changes_nothing() -> None:
    problem = tiny(1)
    published = published_of(problem)
    roster = replan_of(problem, published, MONDAY + dt.timedelta(days=1))
    assert roster.cells == published.cells


def test_a_case_closes_isolates_and_quarantines() -> None:
    base = tiny(2, people=4, days=3)
    problem = dataclasses.replace(base, policy=dataclasses.replace(base.policy, cap_pct=75))
    published = published_of(problem)
    day2 = MONDAY + dt.timedelta(days=1)
    # the case: someone on site on Monday with a colleague of the same bidang
    by_bidang = {
        e.nip: [o.nip for o in problem.employees if o.bidang == e.bidang and o.nip != e.nip]
        for e in problem.employees
    }
    case = next(
        n
        for n, cells in published.cells.items()
        if cells[0] is Cell.WFO and any(published.cells[o][0] is Cell.WFO for o in by_bidang[n])
    )
    closures, absences, _trace, contacts = case_events(
        problem, published, [case], day2, 1, 5, 10, ContactScope.BIDANG
    )
    expected = {
        o
        for o in by_bidang[case]
        for i in (0, 1)
        if published.cells[o][i] is Cell.WFO and published.cells[case][i] is Cell.WFO
    }
    assert {c.nip for c in contacts} == expected
    event = with_events(problem, closures, absences)
    roster = replan_of(event, published, day2)
    assert roster.cells[case][1:3] == (Cell.ISOLATION, Cell.ISOLATION)
    for row in contacts:
        assert row.quarantine_until == row.shared_days[-1] + dt.timedelta(days=4)
        assert roster.cells[row.nip][1:3] == (Cell.QUARANTINE, Cell.QUARANTINE)
    for nip, cells in roster.cells.items():
        assert cells[0] is published.cells[nip][0]
        if nip != case and nip not in expected:
            assert cells[1] is Cell.CLOSED  # the building is closed on the day of the case
    assert not check(event, roster).hard_violations
    reasons = {(c.nip, c.day): c for c in changed_cells(event, published, roster, contacts, [case])}
    assert all(c.day >= day2 for c in reasons.values())
    assert sum(
        a is not b
        for n in roster.cells
        for a, b in zip(roster.cells[n], published.cells[n], strict=True)
    ) == len(reasons)


def test_pinned_cells_are_kept_and_a_pin_that_breaks_a_rule_is_named() -> None:
    problem = tiny(4, people=4, days=3)
    published = published_of(problem)
    day2, day3 = MONDAY + dt.timedelta(days=1), MONDAY + dt.timedelta(days=2)
    nips = [e.nip for e in problem.employees]
    flip = {n: Cell.WFH if published.cells[n][1] is Cell.WFO else Cell.WFO for n in nips}
    wfo_pin = next(n for n in nips if flip[n] is Cell.WFO)
    wfh_pin = next(n for n in nips if flip[n] is Cell.WFH)
    pins = (Pin(wfo_pin, day2, Cell.WFO, row=2), Pin(wfh_pin, day2, Cell.WFH, row=3))
    assert check_pins(problem, published, pins, day2) == []
    roster = replan_of(problem, published, day2, pins)
    assert roster.cells[wfo_pin][1] is Cell.WFO and roster.cells[wfh_pin][1] is Cell.WFH
    assert score(problem, published, roster) is not None
    # a WFO pin on a day the employee is sick breaks availability: named with its row
    sick = with_events(problem, (), [Absence(wfo_pin, day3, day3, AbsenceType.SICK)])
    found = check_pins(sick, published, (Pin(wfo_pin, day3, Cell.WFO, row=7),), day2)
    assert len(found) == 1 and found[0].sheet == "Kunci" and found[0].row == 7
    assert "SAKIT" in found[0].message_id
    # more WFO pins than the unit's 50% cap of 4 (= 2)
    over = tuple(Pin(n, day3, Cell.WFO, row=i + 2) for i, n in enumerate(nips[:3]))
    found = check_pins(problem, published, over, day2)
    assert len(found) == 1 and "kuota WFO unit" in found[0].message_id
    # a pin before the re-plan's first day that differs from the published roster
    past = Pin(nips[0], MONDAY, flip[nips[0]], row=9)
    found = check_pins(problem, published, (past,), day2)
    assert len(found) == 1 and found[0].row == 9


def test_past_days_never_change_even_when_a_rule_breaks_on_them() -> None:
    """An absence added on a frozen day cannot be undone: the re-plan keeps the day."""
    problem = tiny(5)
    published = published_of(problem)
    on_site = next(n for n, c in published.cells.items() if c[0] is Cell.WFO)
    event = with_events(problem, (), [Absence(on_site, MONDAY, MONDAY, AbsenceType.SICK)])
    roster = replan_of(event, published, MONDAY + dt.timedelta(days=1))
    assert [c[0] for c in roster.cells.values()] == [c[0] for c in published.cells.values()]
    broken = [v for v in check(event, roster).hard_violations]
    assert broken and all(v.date == MONDAY for v in broken)


def test_stability_keeps_the_staff_classes_of_the_remaining_days() -> None:
    """Frozen days are days off of the re-plan problem: staff who differ only there (and in
    their office-day counts) stay one class."""
    problem = dataclasses.replace(tiny(6, people=4, days=3))
    published = published_of(problem)
    sub = replan_problem(problem, published, MONDAY + dt.timedelta(days=2))
    assert all(not any(p.wfo[:2]) for p in sub.published)
    assert {d for d, name in sub.holidays if name.startswith("Sudah terbit")} == {
        MONDAY,
        MONDAY + dt.timedelta(days=1),
    }


def test_settled_components_are_the_optimum_a_full_solve_finds() -> None:
    """Keeping the components the event does not touch as published (no solve) gives exactly
    the roster a solve of every component gives."""
    city = generate_city(seed=7, staff=400)
    published = published_of(city)
    on = city.working_dates[1]
    case = next(n for n, c in published.cells.items() if c[0] is Cell.WFO and c[1] is Cell.WFO)
    closures, absences, _trace, _contacts = case_events(
        city, published, [case], on, 3, 5, 10, ContactScope.GEDUNG
    )
    event = with_events(city, closures, absences)
    settled = settled_components(event, published, on)
    assert 0 < len(settled) < len(components(city))
    _sub, result = solve_replan(event, published, on, (), PARAMS)
    assert result.roster is not None
    assert result.roster.cells == replan_in_full(event, published, on).cells
    assert {r.proof for r in result.components if r.key in settled} == {"published"}
