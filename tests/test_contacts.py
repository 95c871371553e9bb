"""Close contacts read off a roster, computed by hand (optimizer/analysis/contacts.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from models.domain import Cell, Employee, Policy, Problem, Roster, TimeRange, Unit
from optimizer.analysis.contacts import ContactIndex, ContactScope

MON = dt.date(2026, 11, 30)
DAYS = tuple(MON + dt.timedelta(days=i) for i in range(5))  # Mon … Fri
W, H = Cell.WFO, Cell.WFH


def _problem() -> Problem:
    units = (Unit("Dinas A", "Gedung 1"), Unit("Dinas B", "Gedung 1"))
    people = (
        Employee("1", "Case", "Dinas A", "Bidang X", "Seksi 1"),
        Employee("2", "Same seksi", "Dinas A", "Bidang X", "Seksi 1"),
        Employee("3", "Same bidang", "Dinas A", "Bidang X", "Seksi 2"),
        Employee("4", "Other bidang", "Dinas A", "Bidang Y", "Seksi 3"),
        Employee("5", "Other unit, same building", "Dinas B", "Bidang X", "Seksi 1"),
        Employee("6", "Other building", "Dinas A", "Bidang X", "Seksi 1", building="G2"),
        Employee("7", "Same seksi, never together", "Dinas A", "Bidang X", "Seksi 1"),
    )
    return Problem(Policy(start=MON), units, people)


def _roster() -> Roster:
    cells = {
        "1": (W, H, W, W, H),  # the case: on site Mon, Wed, Thu
        "2": (W, W, H, W, W),  # shares Mon and Thu
        "3": (H, H, W, H, H),  # shares Wed
        "4": (W, W, W, W, W),  # shares every day, other bidang
        "5": (W, W, W, W, W),  # other unit, same building
        "6": (W, W, W, W, W),  # other building
        "7": (H, W, H, H, W),  # on site only when the case is not
    }
    return Roster(DAYS, cells)


def test_bidang_scope_window_of_two_days_before() -> None:
    index = ContactIndex(_problem(), _roster(), ContactScope.BIDANG)
    trace = index.trace(["1"], DAYS[3])  # positive on Thursday: window Tue, Wed, Thu
    assert [d.weekday() for d in trace.window] == [1, 2, 3]
    assert [(c.nip, [d.weekday() for d in c.shared_days]) for c in trace.contacts] == [
        ("2", [3]),  # Monday is outside the window
        ("3", [2]),
    ]
    assert trace.uncovered == ()
    assert index.contact_count("1", DAYS[3]) == 2


@pytest.mark.parametrize(
    ("scope", "expected"),
    [
        (ContactScope.SEKSI, ["2"]),
        (ContactScope.BIDANG, ["2", "3"]),
        (ContactScope.UNIT, ["2", "3", "4"]),
        (ContactScope.GEDUNG, ["2", "3", "4", "5"]),
    ],
)
def test_scopes(scope: ContactScope, expected: list[str]) -> None:
    trace = ContactIndex(_problem(), _roster(), scope).trace(["1"], DAYS[3])
    assert [c.nip for c in trace.contacts] == expected


def test_monday_case_window_reaches_before_the_roster() -> None:
    trace = ContactIndex(_problem(), _roster()).trace(["1"], DAYS[0])
    assert [c.nip for c in trace.contacts] == ["2"]
    assert trace.uncovered == ()  # Saturday and Sunday are no working days
    trace = ContactIndex(_problem(), _roster()).trace(["1"], DAYS[1])  # Tue: window Sun–Tue
    assert [c.nip for c in trace.contacts] == ["2"]


def test_two_cases_are_not_each_others_contacts() -> None:
    trace = ContactIndex(_problem(), _roster()).trace(["1", "2"], DAYS[3])
    assert [(c.nip, c.cases) for c in trace.contacts] == [("3", ("1",)), ("7", ("2",))]


def test_unknown_case() -> None:
    with pytest.raises(KeyError):
        ContactIndex(_problem(), _roster()).trace(["99"], DAYS[3])


def test_waves_apart_in_time_never_meet() -> None:
    """With start waves, only people in a wave whose hours overlap the case's wave are contacts."""
    apart = (TimeRange(7 * 60, 11 * 60 + 30), TimeRange(12 * 60, 16 * 60 + 30))
    overlapping = (TimeRange(7 * 60, 15 * 60), TimeRange(10 * 60, 18 * 60))
    base = _problem()
    roster = _roster()
    waves = {nip: tuple(1 if c is W else 0 for c in row) for nip, row in roster.cells.items()}
    waves["2"] = tuple(2 if c is W else 0 for c in roster.cells["2"])  # "2" always in wave 2
    in_waves = Roster(roster.dates, roster.cells, waves)
    for hours, expected in ((apart, ["3"]), (overlapping, ["2", "3"])):
        problem = replace(base, policy=replace(base.policy, waves=hours))
        trace = ContactIndex(problem, in_waves).trace(["1"], DAYS[3])
        assert [c.nip for c in trace.contacts] == expected
        assert ContactIndex(problem, in_waves).contact_count("1", DAYS[3]) == len(expected)
