"""Each rule family on its own (``tests.verifier``): what it forces, forbids or penalises.

``tests/test_rules.py`` solves with every rule on; here every other family is off, so each test
pins one family's own effect in exact numbers. Days are indices into the week of ``MONDAY``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest

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
    Sector,
    Unit,
)
from models.registry import Tier
from models.rules.caps import building_cap, unit_cap
from models.rules.goals import fairness, preferences, quota_use
from models.rules.minimums import (
    always_on_site,
    essential_minimum,
    leader_on_site,
    representation,
)
from tests.verifier import Verifier, off_site, on_site

MONDAY = dt.date(2026, 11, 30)
WEEK = [MONDAY + dt.timedelta(days=i) for i in range(5)]
ALL_DAYS = range(5)


def staff(unit: str, n: int, start: int = 0, **kw: object) -> list[Employee]:
    return [
        Employee(f"1990{start + i:014d}", f"Pegawai {start + i}", unit, **kw)  # type: ignore[arg-type]
        for i in range(n)
    ]


def one_each(unit: str, n: int, start: int = 0, **kw: object) -> list[Employee]:
    """``n`` staff in ``n`` different seksi: classes of one, so each is decided on their own."""
    return [e for i in range(n) for e in staff(unit, 1, start + i, seksi=f"Seksi {i}", **kw)]


def office(units: tuple[Unit, ...], people: list[Employee], **kw: object) -> Problem:
    """A one-week problem; keyword arguments go to ``Policy`` or ``Problem`` by name."""
    policy_kw = {k: kw.pop(k) for k in list(kw) if k in Policy.__dataclass_fields__}
    return Problem(Policy(start=MONDAY, **policy_kw), units, tuple(people), **kw)  # type: ignore[arg-type]


# -- the harness itself ---------------------------------------------------------------------------


def test_verifier_adds_only_the_rules_it_is_given() -> None:
    people = staff("Dinas", 4)  # cap 25% of 4 = 1
    problem = office((Unit("Dinas", "G"),), people)
    assert Verifier(problem).allows(on_site(people, days=ALL_DAYS))
    assert Verifier(problem, quota_use).allows(on_site(people, days=ALL_DAYS))
    assert Verifier(problem, unit_cap).forbids(on_site(people[:2], day=0))
    assert Verifier(problem).shortfall(off_site(people, days=ALL_DAYS)) == 0


def test_verifier_fixes_members_of_a_class_by_its_count() -> None:
    people = staff("Dinas", 4)  # one class of four
    problem = office((Unit("Dinas", "G"),), people)
    monday = {**on_site(people[:2], day=0), **off_site(people[2:], day=0)}
    best = Verifier(problem, quota_use).best_roster(monday)
    assert [best.on_site(people, d) for d in ALL_DAYS] == [2, 4, 4, 4, 4]
    assert best.counts[0, 0] == 2
    with pytest.raises(KeyError):
        Verifier(problem).allows({("no such NIP", 0): True})


# -- availability ---------------------------------------------------------------------------------


def test_availability_fixes_cells_and_leaves_no_variable() -> None:
    free, sick = staff("Dinas", 2), staff("Dinas", 1, 10)
    vulnerable = staff("Dinas", 1, 20, vulnerable=True)
    problem = office(
        (Unit("Dinas", "G"),),
        free + sick + vulnerable,
        absences=(Absence(sick[0].nip, WEEK[2], WEEK[2], AbsenceType.SICK),),
        closures=(Closure("G", WEEK[3], WEEK[3], "disinfeksi"),),
        holidays=((WEEK[0], "Libur"),),
    )
    v = Verifier(problem)
    h, s, wfh, shut = Cell.HOLIDAY, Cell.SICK, Cell.WFH, Cell.CLOSED
    # Issue 12: a closed-building day is TUTUP (vulnerable staff too), not plain WFH.
    assert v.calendar.fixed[free[0].nip] == (h, None, None, shut, None)
    assert v.calendar.fixed[sick[0].nip] == (h, None, s, shut, None)
    assert v.calendar.fixed[vulnerable[0].nip] == (h, wfh, wfh, shut, wfh)
    assert [v.has_variable(free[0].nip, d) for d in ALL_DAYS] == [False, True, True, False, True]
    assert [v.has_variable(sick[0].nip, d) for d in ALL_DAYS] == [False, True, False, False, True]
    assert not any(v.has_variable(vulnerable[0].nip, d) for d in ALL_DAYS)
    # With no rule at all, only a fixed cell stops anybody from being on site.
    assert v.allows(on_site(free + sick, days=(1, 4)))
    assert v.forbids(on_site(free[:1], day=0))  # holiday
    assert v.forbids(on_site(sick, day=2))  # sick
    assert v.forbids(on_site(free[:1], day=3))  # building closed
    assert v.forbids(on_site(vulnerable, day=1))  # vulnerable
    assert v.allows(off_site(vulnerable, days=ALL_DAYS))


# -- caps -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sector", "cap_pct", "headcount", "cap"),
    [
        (Sector.NON_ESSENTIAL, None, 10, 2),  # ⌊25% × 10⌋ = 2
        (Sector.NON_ESSENTIAL, None, 3, 1),  # ⌊0.75⌋ = 0, but at least 1
        (Sector.ESSENTIAL, None, 9, 4),  # ⌊50% × 9⌋ = 4
        (Sector.CRITICAL, Decimal(20), 10, 2),  # the unit's own cap overrides its sector's
        (Sector.NON_ESSENTIAL, Decimal(0), 5, 0),  # 0% means nobody
    ],
)
def test_unit_cap_forbids_one_above_the_cap_count(
    sector: Sector, cap_pct: Decimal | None, headcount: int, cap: int
) -> None:
    people = one_each("Dinas", headcount)
    v = Verifier(office((Unit("Dinas", "G", sector, cap_pct),), people), unit_cap)
    for day in ALL_DAYS:
        assert v.allows(on_site(people[:cap], day=day))
        assert v.forbids(on_site(people[: cap + 1], day=day))
    assert v.allows(on_site(people[:cap], days=ALL_DAYS))


def test_unit_cap_headcount_includes_staff_who_cannot_come() -> None:
    present = staff("Dinas", 4)
    away = staff("Dinas", 4, 10, vulnerable=True)  # 8 in the unit: cap 2, not ⌊25% × 4⌋ = 1
    v = Verifier(office((Unit("Dinas", "G"),), present + away), unit_cap)
    assert v.allows(on_site(present[:2], day=0))
    assert v.forbids(on_site(present[:3], day=0))


def test_building_cap_by_seats_covers_every_unit_in_the_building() -> None:
    a, b = staff("A", 4), staff("B", 4, 10)
    annex = staff("A", 2, 20, building="Annex")  # A's staff working elsewhere do not count
    problem = office(
        (Unit("A", "Balai Kota", cap_pct=Decimal(100)), Unit("B", "Balai Kota")),
        a + b + annex,
        buildings=(Building("Balai Kota", seats=3),),
    )
    v = Verifier(problem, building_cap)
    assert v.allows(on_site(a[:2] + b[:1] + annex, day=0))
    assert v.forbids(on_site(a[:2] + b[:2], day=0))
    assert v.forbids(on_site(b, day=4))
    # The unit cap of B (1 of 4) is another family: off here.
    assert v.allows(on_site(b[:3], day=4))


@pytest.mark.parametrize(
    ("seats", "cap_pct", "headcount", "limit"),
    [
        (None, Decimal(10), 25, 2),  # ⌊10% × 25⌋ = 2
        (None, Decimal(10), 5, 1),  # ⌊0.5⌋ = 0, but at least 1
        (5, Decimal(10), 25, 2),  # the smaller of seats and percentage
        (1, Decimal(50), 10, 1),
    ],
)
def test_building_cap_by_percentage_and_seats(
    seats: int | None, cap_pct: Decimal, headcount: int, limit: int
) -> None:
    people = one_each("Dinas", headcount)
    problem = office(
        (Unit("Dinas", "Gedung", Sector.CRITICAL),),
        people,
        buildings=(Building("Gedung", seats=seats, cap_pct=cap_pct),),
    )
    v = Verifier(problem, building_cap)
    assert v.allows(on_site(people[:limit], day=2))
    assert v.forbids(on_site(people[: limit + 1], day=2))


# -- minimums -------------------------------------------------------------------------------------


def test_essential_minimum_penalises_need_minus_present() -> None:
    people = staff("Dinkes", 5)
    problem = office((Unit("Dinkes", "G", Sector.ESSENTIAL, min_per_day=3),), people)
    v = Verifier(problem, essential_minimum)
    one_on_monday = {**on_site(people[:1], day=0), **off_site(people[1:], day=0)}
    assert v.penalises(one_on_monday, by=2, tier=Tier.ESSENTIAL_MINIMUM)
    assert v.penalises(off_site(people, days=ALL_DAYS), by=3 * 5)
    assert v.penalises(on_site(people[:3], days=ALL_DAYS), by=0)
    assert v.penalises({}, by=0)


def test_essential_minimum_is_skipped_on_a_closed_day_and_a_holiday() -> None:
    people = staff("Dinkes", 5)
    problem = office(
        (Unit("Dinkes", "G", Sector.ESSENTIAL, min_per_day=3),),
        people,
        closures=(Closure("G", WEEK[2], WEEK[2], "disinfeksi"),),
        holidays=((WEEK[1], "Libur"),),
    )
    v = Verifier(problem, essential_minimum)
    assert v.penalises(off_site(people, days=ALL_DAYS), by=3 * 3)  # Mon, Thu, Fri only


def test_essential_minimum_bends_when_staff_are_away() -> None:
    people = staff("Dinkes", 4)
    problem = office(
        (Unit("Dinkes", "G", Sector.ESSENTIAL, min_per_day=3),),
        people,
        absences=tuple(Absence(e.nip, WEEK[0], WEEK[0], AbsenceType.SICK) for e in people[:3]),
    )
    assert Verifier(problem, essential_minimum).shortfall() == 2  # 1 of 3 on Monday


def test_always_on_site_penalises_one_per_missed_available_day() -> None:
    duty = staff("Satpol PP", 2, always_on_site=True)
    other = staff("Satpol PP", 3, 10)
    problem = office(
        (Unit("Satpol PP", "G"),),
        duty + other,
        absences=(Absence(duty[0].nip, WEEK[1], WEEK[1], AbsenceType.LEAVE),),
    )
    v = Verifier(problem, always_on_site)
    assert v.penalises(off_site(duty, days=ALL_DAYS), by=4 + 5, tier=Tier.ALWAYS_ON_SITE)
    assert v.penalises(off_site(duty[1:], day=2), by=1)
    assert v.penalises(off_site(other, days=ALL_DAYS), by=0)
    assert v.best_roster().wfo >= {(duty[0].nip, d) for d in (0, 2, 3, 4)} | {
        (duty[1].nip, d) for d in ALL_DAYS
    }


def _bidang_with_two_seksi(mode: Representation) -> tuple[Verifier, list[Employee], list[Employee]]:
    s1 = staff("Dinas", 2, 0, bidang="Bina Marga", seksi="Jalan")
    s2 = staff("Dinas", 2, 10, bidang="Bina Marga", seksi="Jembatan")
    problem = office((Unit("Dinas", "G"),), s1 + s2, representation=mode, min_per_subunit=1)
    return Verifier(problem, representation), s1, s2


def test_leader_on_site_penalises_each_missing_office_day_over_the_horizon() -> None:
    # Two leaders (one away Mon–Wed: two days available), one non-leader, one vulnerable leader.
    head, deputy = staff("Kecamatan", 1, leader=True), staff("Kecamatan", 1, 1, leader=True)
    other = staff("Kecamatan", 1, 2)
    frail = staff("Kecamatan", 1, 3, leader=True, vulnerable=True)
    problem = office(
        (Unit("Kecamatan", "G"),),
        head + deputy + other + frail,
        leader_min_days=3,
        absences=(Absence(deputy[0].nip, WEEK[0], WEEK[2], AbsenceType.LEAVE),),
    )
    v = Verifier(problem, leader_on_site)
    # 3 missing for the head, min(3, 2) = 2 for the deputy; never for the vulnerable leader.
    assert v.penalises(off_site(head + deputy, days=ALL_DAYS), by=3 + 2, tier=Tier.LEADER_ON_SITE)
    assert v.penalises({**on_site(head, days=(0, 4)), **off_site(head, days=(1, 2, 3))}, by=1)
    assert v.penalises(on_site(head, days=(0, 2, 4)), by=0)
    assert v.penalises(off_site(other, days=ALL_DAYS), by=0)
    assert v.penalises({}, by=0)
    # Leaders are classes of one when the rule is on (their duty is personal), as before when off.
    ctx, _ = v.build()
    assert [c.size for c in ctx.classes] == [1, 1, 1]
    off = dataclasses.replace(
        problem, policy=dataclasses.replace(problem.policy, leader_min_days=0)
    )
    assert Verifier(off, leader_on_site).penalises(off_site(head + deputy, days=ALL_DAYS), by=0)


def test_leader_on_site_counts_toward_the_unit_cap() -> None:
    # Cap 25% of 4 = 1 a day; two leaders asking 3 days each need 6 of the 5 seats: 1 short.
    leaders = staff("Dinas", 2, leader=True)
    problem = office((Unit("Dinas", "G"),), leaders + staff("Dinas", 2, 10), leader_min_days=3)
    v = Verifier(problem, unit_cap, leader_on_site)
    assert v.shortfall(tier=Tier.LEADER_ON_SITE) == 1
    assert v.forbids(on_site(leaders, day=0))


def test_representation_bidang_at_tier_4_and_seksi_at_tier_5() -> None:
    v, s1, s2 = _bidang_with_two_seksi(Representation.SECTION)
    nobody = off_site(s1 + s2, day=0)
    assert v.penalises(nobody, by=1, tier=Tier.REPRESENT_BIDANG)
    assert v.penalises(nobody, by=2, tier=Tier.REPRESENT_SEKSI)
    assert v.penalises(nobody, by=3)
    only_jalan = {**on_site(s1[:1], day=0), **off_site(s2, day=0)}
    assert v.penalises(only_jalan, by=0, tier=Tier.REPRESENT_BIDANG)
    assert v.penalises(only_jalan, by=1, tier=Tier.REPRESENT_SEKSI)
    assert v.penalises({}, by=0)


@pytest.mark.parametrize(
    ("mode", "bidang", "seksi"),
    [(Representation.DIVISION, 1, 0), (Representation.NONE, 0, 0)],
)
def test_representation_of_seksi_only_with_representasi_seksi(
    mode: Representation, bidang: int, seksi: int
) -> None:
    v, s1, s2 = _bidang_with_two_seksi(mode)
    nobody = off_site(s1 + s2, day=0)
    assert v.penalises(nobody, by=bidang, tier=Tier.REPRESENT_BIDANG)
    assert v.penalises(nobody, by=seksi, tier=Tier.REPRESENT_SEKSI)


def test_representation_minimum_is_capped_at_the_eligible_members() -> None:
    # A seksi directly in the unit: 3 members, one vulnerable, one sick on Monday; closed Friday.
    sick, well = staff("Dinas", 1, 0, seksi="Umum"), staff("Dinas", 1, 1, seksi="Umum")
    vulnerable = staff("Dinas", 1, 2, seksi="Umum", vulnerable=True)
    problem = office(
        (Unit("Dinas", "G"),),
        sick + well + vulnerable,
        min_per_subunit=2,
        absences=(Absence(sick[0].nip, WEEK[0], WEEK[0], AbsenceType.SICK),),
        closures=(Closure("G", WEEK[4], WEEK[4]),),
    )
    v = Verifier(problem, representation)
    # Monday needs 1 (one eligible), Tuesday–Thursday 2, Friday nothing (nobody eligible).
    everyone_off = off_site(sick + well, days=ALL_DAYS)
    assert v.penalises(everyone_off, by=1 + 3 * 2, tier=Tier.REPRESENT_SEKSI)
    only_well = {**on_site(well, days=range(4)), **off_site(sick, days=ALL_DAYS)}
    assert v.penalises(only_well, by=0 + 3 * 1)
    assert v.forbids(on_site(well, day=4))  # closed: no variable
    assert v.penalises({}, by=0)


# -- goals ----------------------------------------------------------------------------------------


def test_quota_use_alone_fills_every_available_cell() -> None:
    free = staff("Dinas", 1)
    sick = staff("Dinas", 1, 1)
    vulnerable = staff("Dinas", 1, 2, vulnerable=True)
    annex = staff("Dinas", 1, 3, building="Annex")
    on_leave = staff("Dinas", 1, 4)
    problem = office(
        (Unit("Dinas", "G"),),
        free + sick + vulnerable + annex + on_leave,
        absences=(
            Absence(sick[0].nip, WEEK[2], WEEK[2], AbsenceType.SICK),
            Absence(on_leave[0].nip, WEEK[0], WEEK[4], AbsenceType.LEAVE),
        ),
        closures=(Closure("Annex", WEEK[3], WEEK[4]),),
        holidays=((WEEK[1], "Libur"),),
    )
    best = Verifier(problem, quota_use).best_roster()
    expected = {
        *((free[0].nip, d) for d in (0, 2, 3, 4)),
        *((sick[0].nip, d) for d in (0, 3, 4)),
        *((annex[0].nip, d) for d in (0, 2)),
    }
    assert best.wfo == expected
    # Reward per office day: 5 × (2 × 4 free days − 1) + 3 = 38.
    assert best.objective == -38 * len(expected)


def test_fairness_shares_office_days_within_one_of_each_other() -> None:
    people = one_each("Dinas", 8)  # cap 25% × 8 = 2 a day: 10 office days for 8 people
    problem = office((Unit("Dinas", "G"),), people)
    best = Verifier(problem, unit_cap, quota_use, fairness).best_roster()
    assert sorted(best.office_days(e) for e in people) == [1] * 6 + [2] * 2
    # Quota 10 × −48; fairness 6 × 5 (one day) + 2 × (5 + 15) (two days).
    assert best.objective == -480 + 70
    two_take_all = on_site(people[:2], days=ALL_DAYS)
    assert Verifier(problem, unit_cap, quota_use, fairness).cost(two_take_all) == -480 + 2 * 125
    # Without fairness the same unfair roster is as good as any.
    without = Verifier(problem, unit_cap, quota_use)
    assert without.cost(two_take_all) == without.cost() == -480


def test_fairness_gives_the_extra_day_to_vaccinated_staff_first() -> None:
    vaccinated = one_each("Dinas", 2, vaccinated=True)
    others = one_each("Dinas", 6, 10)
    problem = office((Unit("Dinas", "G"),), vaccinated + others)
    best = Verifier(problem, unit_cap, quota_use, fairness).best_roster()
    assert [best.office_days(e) for e in vaccinated] == [2, 2]
    assert [best.office_days(e) for e in others] == [1] * 6
    assert best.objective == -480 + 6 * 5 + 2 * (4 + 14)


def test_preferences_alone_choose_the_preferred_weekdays() -> None:
    monday = staff("Dinas", 1, 0, preferred_weekdays=frozenset({0}))
    thu_fri = staff("Dinas", 1, 1, preferred_weekdays=frozenset({3, 4}))
    problem = office((Unit("Dinas", "G"),), monday + thu_fri, holidays=((WEEK[4], "Libur"),))
    v = Verifier(problem, preferences)
    best = v.best_roster()
    assert {(monday[0].nip, 0), (thu_fri[0].nip, 3)} <= best.wfo
    assert best.objective == -2  # Friday is a holiday: no office day to prefer
    assert v.cost(off_site(monday, day=0)) == -1


def test_preferences_decide_who_takes_the_one_seat_of_a_day() -> None:
    monday = staff("Dinas", 1, 0, preferred_weekdays=frozenset({0}))
    thursday = staff("Dinas", 1, 1, preferred_weekdays=frozenset({3}))
    problem = office((Unit("Dinas", "G"),), monday + thursday)  # cap 25% × 2 → 1
    best = Verifier(problem, unit_cap, preferences).best_roster()
    assert (monday[0].nip, 0) in best.wfo and (thursday[0].nip, 0) not in best.wfo
    assert (thursday[0].nip, 3) in best.wfo and (monday[0].nip, 3) not in best.wfo
    assert best.objective == -2
