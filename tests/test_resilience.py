"""The resilience report computed by hand on a small roster (optimizer/analysis/resilience.py)."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from models.domain import Absence, AbsenceType, Cell, Employee, Policy, Problem, Roster, Unit
from optimizer.analysis.contacts import ContactIndex, ContactScope
from optimizer.analysis.resilience import ResilienceOptions, resilience

MON = dt.date(2026, 11, 30)
DAYS = tuple(MON + dt.timedelta(days=i) for i in range(5))  # Mon … Fri
W, H, C = Cell.WFO, Cell.WFH, Cell.LEAVE
S1 = ("Dinas A", "Bidang X", "Seksi 1")
S2 = ("Dinas A", "Bidang X", "Seksi 2")
BX = ("Dinas A", "Bidang X", "")
BY = ("Dinas A", "Bidang Y", "")
S3 = ("Dinas A", "Bidang Y", "Seksi 3")


def _problem() -> Problem:
    people = (
        Employee("1", "Satu", "Dinas A", "Bidang X", "Seksi 1"),
        Employee("2", "Dua", "Dinas A", "Bidang X", "Seksi 1"),
        Employee("3", "Tiga", "Dinas A", "Bidang X", "Seksi 2"),
        Employee("4", "Empat", "Dinas A", "Bidang Y", "Seksi 3"),
    )
    leave = (Absence("2", DAYS[3], DAYS[4], AbsenceType.LEAVE),)  # 2 is on leave Thu, Fri
    return Problem(
        Policy(start=MON, national_holidays=False),
        (Unit("Dinas A", "Gedung 1"),),
        people,
        absences=leave,
    )


def _roster() -> Roster:
    return Roster(
        DAYS,
        {
            "1": (W, H, H, H, H),
            "2": (W, H, H, C, C),
            "3": (H, W, H, H, H),
            "4": (H, H, W, H, H),
        },
    )


def test_figures_by_hand() -> None:
    res = resilience(_problem(), _roster())
    # 4 possible cases × 5 test dates; only 1 and 2 share a day (Mon): 1 contact when the
    # window [date − 2, date] holds Monday (tested Mon, Tue, Wed), else none.
    assert (res.cases, res.scenarios) == (4, 20)
    assert res.total_quarantined == 6
    assert res.worst_quarantined == 1
    assert res.average_quarantined == pytest.approx(0.3)
    assert res.per_day[DAYS[0]] == (4, 1, 2)
    assert res.per_day[DAYS[3]] == (4, 0, 0)
    risks = {r.key: r for r in res.subunits}
    # Bidang X keeps 3 (or 1, 2) whatever happens; the one-person subunits go with their member.
    assert set(risks) == {S1, S2, BY, S3}
    assert res.subunit_count == 5
    # Seksi 1: case 1 any day (isolated 10 days; tested Mon–Wed 2 is quarantined too, and from
    # Thursday 2 is on leave anyway), case 2 Mon–Wed (1 quarantined); case 2 on Thu/Fri: 1 stays.
    assert risks[S1].scenarios == 8
    assert risks[S1].worst_days == DAYS
    assert (risks[S1].worst_case, risks[S1].worst_on) == ("1", MON)
    assert risks[S2].scenarios == 5 and risks[S3].scenarios == 5 and risks[BY].scenarios == 5
    assert res.scenarios_losing_cover == 5 + 3 + 5 + 5
    worst = res.worst[0]
    assert (worst.nip, worst.on, worst.quarantined) == ("1", MON, 1)
    assert dict(worst.lost) == {S1: DAYS}


def test_lengths_are_options() -> None:
    # Contacts quarantined 1 day only: case 1 on Monday leaves seksi 1 bare on Monday (both
    # out), then Thu and Fri (1 isolated, 2 on leave); Tue and Wed 2 is back.
    res = resilience(_problem(), _roster(), ResilienceOptions(quarantine_days=1))
    risk = {r.key: r for r in res.subunits}
    assert risk[S1].worst_days == (DAYS[0], DAYS[3], DAYS[4])
    assert (risk[S1].worst_case, risk[S1].worst_on) == ("1", MON)
    # Cases isolated 1 day, contacts 5: case 1 on Monday leaves seksi 1 bare on Monday only (2
    # quarantined, 1 back on Tuesday); case 2 on Monday takes Mon (both out), Thu and Fri (1
    # quarantined, 2 on leave).
    short = resilience(_problem(), _roster(), ResilienceOptions(isolation_days=1))
    one = {r.key: r for r in short.subunits}
    assert one[S1].worst_days == (DAYS[0], DAYS[3], DAYS[4])
    assert (one[S1].worst_case, one[S1].worst_on) == ("2", MON)
    lost = {(s.nip, s.on): dict(s.lost) for s in short.worst}
    assert lost["1", MON][S1] == (DAYS[0],)
    assert set(one) == {S1, S2, BY, S3}
    assert one[S2].worst_days == (DAYS[0],)  # 3 alone, isolated 1 day


def test_scope_seksi_and_matches_contact_index() -> None:
    problem, roster = _problem(), _roster()
    res = resilience(problem, roster, ResilienceOptions(scope=ContactScope.SEKSI))
    assert res.total_quarantined == 6  # 1 and 2 share a seksi too


def test_agrees_with_contacts_on_random_rosters() -> None:
    rng = random.Random(7)
    people = tuple(
        Employee(str(i), f"P{i}", "Dinas A", f"B{i % 3}", f"S{i % 5}") for i in range(30)
    )
    problem = Problem(
        Policy(start=MON, national_holidays=False), (Unit("Dinas A", "Gedung 1"),), people
    )
    for _ in range(5):
        roster = Roster(DAYS, {e.nip: tuple(rng.choice((W, H)) for _ in DAYS) for e in people})
        for scope in ContactScope:
            res = resilience(problem, roster, ResilienceOptions(scope=scope))
            index = ContactIndex(problem, roster, scope)
            expected = [
                index.contact_count(e.nip, d)
                for e in people
                if any(c is W for c in roster.cells[e.nip])
                for d in DAYS
            ]
            assert res.total_quarantined == sum(expected)
            assert res.worst_quarantined == max(expected)
