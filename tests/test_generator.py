"""The seeded example city: deterministic, realistic in structure, and feasible at every size."""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from collections import Counter, defaultdict
from decimal import Decimal

import pytest

from models.domain import AbsenceType, Employee, Problem, Representation, Sector, cap_count
from optimizer.demo.generator import (
    BALAI_KOTA,
    DEFAULT_START,
    feasibility_margins,
    generate_city,
    national_holidays,
)

ESSENTIAL_UNITS = (
    "Dinas Kesehatan",
    "Dinas Perhubungan",
    "Satuan Polisi Pamong Praja",
    "Badan Penanggulangan Bencana Daerah",
    "Dinas Lingkungan Hidup",
    "Dinas Pekerjaan Umum dan Penataan Ruang",
    "Dinas Perumahan dan Kawasan Permukiman",
    "Dinas Komunikasi dan Informatika",
    "Dinas Perdagangan",
)


@pytest.fixture(scope="module")
def city() -> Problem:
    return generate_city()


def by_unit(problem: Problem) -> dict[str, list[Employee]]:
    staff: dict[str, list[Employee]] = defaultdict(list)
    for emp in problem.employees:
        staff[emp.unit].append(emp)
    return staff


def test_same_seed_gives_an_equal_problem() -> None:
    assert generate_city(seed=7, staff=400) == generate_city(seed=7, staff=400)


def test_different_seeds_give_different_problems() -> None:
    first, second = generate_city(seed=1, staff=400), generate_city(seed=2, staff=400)
    assert first != second
    assert {e.nip for e in first.employees} != {e.nip for e in second.employees}


@pytest.mark.parametrize("staff", [20, 57, 300, 2500, 10_000])
def test_exact_headcount_and_unique_nips(staff: int) -> None:
    problem = generate_city(staff=staff)
    assert len(problem.employees) == staff
    assert len({e.nip for e in problem.employees}) == staff
    units = {u.name for u in problem.units}
    assert all(e.unit in units for e in problem.employees)


def test_too_few_staff_is_refused() -> None:
    with pytest.raises(ValueError, match="at least"):
        generate_city(staff=5)


def test_nips_follow_the_real_layout(city: Problem) -> None:
    pppk = 0
    for emp in city.employees:
        nip = emp.nip
        assert len(nip) == 18 and nip.isdigit(), nip
        birth = dt.date(int(nip[:4]), int(nip[4:6]), int(nip[6:8]))  # a real date
        appointed_year, code = int(nip[8:12]), int(nip[12:14])
        assert birth.year + 18 <= appointed_year < DEFAULT_START.year, nip
        assert 1 <= code <= 12 or code == 21, nip  # TMT month, or the PPPK code
        pppk += code == 21
        assert nip[14] in "12", nip  # sex
        assert 1 <= int(nip[15:]) <= 999, nip
    assert 0.05 < pppk / len(city.employees) < 0.25


def test_about_forty_units_of_every_kind(city: Problem) -> None:
    names = [u.name for u in city.units]
    assert 35 <= len(names) <= 45
    assert "Sekretariat Daerah" in names
    assert sum(n.startswith("Kecamatan ") for n in names) >= 5
    assert sum(n.startswith("Dinas ") for n in names) >= 15
    assert sum(n.startswith("Badan ") for n in names) >= 4
    critical = [u.name for u in city.units if u.sector is Sector.CRITICAL]
    assert any(n.startswith("RSUD") for n in critical)
    assert any(n.startswith("Puskesmas") for n in critical)


def test_essential_units_have_a_minimum_within_their_cap(city: Problem) -> None:
    staff = by_unit(city)
    for name in ESSENTIAL_UNITS:
        unit = city.unit(name)
        assert unit.sector is Sector.ESSENTIAL
        assert unit.min_per_day is not None and unit.min_per_day >= 1
        assert unit.min_per_day <= cap_count(city.unit_cap_pct(unit), len(staff[name]))


def test_structure_has_bidang_seksi_and_units_without_seksi(city: Problem) -> None:
    staff = by_unit(city)
    setda = staff["Sekretariat Daerah"]
    assert len({e.bidang for e in setda if e.bidang.startswith("Bagian ")}) >= 5
    dinas = staff["Dinas Kesehatan"]
    assert any(e.bidang == "Sekretariat" and e.seksi for e in dinas)
    assert 3 <= len({e.bidang for e in dinas if e.bidang.startswith("Bidang ")}) <= 4
    kecamatan = [u for u in staff if u.startswith("Kecamatan ")]
    for name in kecamatan:  # seksi directly in the unit
        assert all(not e.bidang for e in staff[name])
        assert any(e.seksi for e in staff[name])
    assert any(all(not e.seksi for e in members) for members in staff.values())
    assert any(all(not e.bidang and not e.seksi for e in members) for members in staff.values())


def test_buildings_shared_and_overridden(city: Problem) -> None:
    homes = Counter(u.building for u in city.units)
    assert homes[BALAI_KOTA] >= 3
    balai = city.building(BALAI_KOTA)
    assert balai.seats is not None and balai.cap_pct is not None
    shared_by_two = [b for b, n in homes.items() if n == 2]
    assert shared_by_two
    assert all(u.name.startswith("Dinas ") for u in city.units if u.building in shared_by_two)
    away = [e for e in city.employees if e.building and e.building != city.unit(e.unit).building]
    assert 0 < len(away) < len(city.employees) // 10


def test_cap_overrides_present(city: Problem) -> None:
    assert sum(u.cap_pct is not None for u in city.units) >= 2


def test_people_attributes_in_plausible_shares(city: Problem) -> None:
    n = len(city.employees)
    vulnerable = sum(e.vulnerable for e in city.employees)
    assert 0.03 * n <= vulnerable <= 0.05 * n
    assert 0.80 <= sum(e.vaccinated for e in city.employees) / n <= 0.90
    assert 0.15 <= sum(bool(e.preferred_weekdays) for e in city.employees) / n <= 0.25
    assert all(d in range(5) for e in city.employees for d in e.preferred_weekdays)
    front_line = [e for e in city.employees if e.always_on_site]
    assert front_line
    assert not any(e.vulnerable for e in front_line)
    assert all(city.unit(e.unit).sector is not Sector.NON_ESSENTIAL for e in front_line)
    assert len({e.name for e in city.employees}) > n // 2


def test_absences_and_one_three_day_closure_in_the_horizon(city: Problem) -> None:
    dates = set(city.dates)
    # quarantine (KARANTINA) comes from `giliran kasus`, not from the demo data
    assert {a.kind for a in city.absences} == set(AbsenceType) - {AbsenceType.QUARANTINE}
    assert all(a.start in dates and a.start <= a.end for a in city.absences)
    nips = {e.nip for e in city.employees}
    assert all(a.nip in nips for a in city.absences)
    (closure,) = city.closures
    assert (closure.end - closure.start).days == 2
    assert closure.start in dates and closure.end in dates
    in_building = [e for e in city.employees if city.building_of(e) == closure.building]
    assert 0 < len(in_building) <= 60  # a small building


def test_policy_defaults(city: Problem) -> None:
    policy = city.policy
    assert policy.start == dt.date(2026, 11, 30) and policy.start.weekday() == 0
    assert policy.weeks == 1
    caps = (policy.cap_pct, policy.essential_cap_pct, policy.critical_cap_pct)
    assert caps == (Decimal(25), Decimal(50), Decimal(100))
    assert policy.min_per_subunit == 1
    assert policy.representation is Representation.SECTION
    assert policy.national_holidays
    assert city.holidays == ()  # no national holiday in the week of 30 November 2026


def test_national_holidays_and_cuti_bersama_in_longer_horizons() -> None:
    problem = generate_city(staff=300, weeks=4)
    off = problem.holiday_names
    assert dt.date(2026, 12, 25) in off and dt.date(2026, 12, 24) in off  # Natal + cuti bersama
    assert len(problem.working_dates) == 20 - 2
    assert national_holidays([dt.date(2026, 12, 28)]) == ()


@pytest.mark.parametrize(
    ("seed", "staff", "weeks"),
    [(2026, 300, 1), (2026, 2500, 1), (2026, 10_000, 1), (1, 50, 1), (3, 300, 2), (9, 1234, 1)],
)
def test_every_rule_can_be_met(seed: int, staff: int, weeks: int) -> None:
    assert feasibility_margins(generate_city(seed=seed, staff=staff, weeks=weeks)) == []


def test_feasibility_margins_reports_a_cap_below_the_minimum(city: Problem) -> None:
    unit = city.unit("Satuan Polisi Pamong Praja")
    broken = dataclasses.replace(unit, min_per_day=10_000)
    units = tuple(broken if u is unit else u for u in city.units)
    problems = feasibility_margins(dataclasses.replace(city, units=units))
    assert any("Satuan Polisi Pamong Praja" in p and "10000" in p for p in problems)


def test_feasibility_margins_reports_a_building_too_small(city: Problem) -> None:
    buildings = tuple(
        dataclasses.replace(b, seats=1) if b.name == BALAI_KOTA else b for b in city.buildings
    )
    problems = feasibility_margins(dataclasses.replace(city, buildings=buildings))
    assert any(BALAI_KOTA in p for p in problems)


def test_feasibility_margins_reports_too_few_available_staff(city: Problem) -> None:
    unit = city.unit("Dinas Perdagangan")
    cap = cap_count(city.unit_cap_pct(unit), sum(e.unit == unit.name for e in city.employees))
    employees = tuple(
        dataclasses.replace(e, vulnerable=True) if e.unit == unit.name else e
        for e in city.employees
    )
    problems = feasibility_margins(dataclasses.replace(city, employees=employees))
    assert cap >= 1
    assert any("Dinas Perdagangan" in p and "tersedia" in p for p in problems)


def test_sixty_thousand_staff_quickly() -> None:
    began = time.perf_counter()
    problem = generate_city(staff=60_000)
    elapsed = time.perf_counter() - began
    assert len(problem.employees) == 60_000
    assert elapsed < 10, f"generating 60,000 staff took {elapsed:.1f} s"
