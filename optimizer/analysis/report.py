"""What the independent checker reports about a roster (consumed by the writer and the CLI)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from models.domain import Cell, Employee, Problem, Roster, cap_count

# The names of the rules (pure data, no solver code), re-exported for the independent checker,
# which imports only ``models.domain`` and this module.
from models.registry import RULES as RULES
from models.registry import RuleId as RuleId


@dataclass(frozen=True)
class Violation:
    """A rule the roster does not meet.

    ``rule`` is the ``RuleId`` (``models.registry``) of a rule, never of a goal: ``availability``
    (WFO on a holiday, absence, closure or vulnerable), ``unit_cap``, ``building_cap`` (never
    broken in a valid roster), ``essential_minimum``, ``always_on_site``, ``represent_bidang``,
    ``represent_seksi``, ``roster_shape`` (an employee missing or extra, a wrong date set, an
    unknown cell), ``wave`` (an on-site cell without exactly one start wave). ``hard`` is True
    for the rules that may never bend (availability, caps, start waves, roster shape).
    """

    rule: str
    hard: bool
    scope: str  # unit, "unit / bidang / seksi", building name, or NIP
    date: dt.date | None
    required: str  # e.g. "<= 9", ">= 2", "WFH"
    actual: str
    reason_id: str
    reason_en: str
    #: a cap of people present at the same time: the start waves (1-based) it counts
    waves: tuple[int, ...] = ()


@dataclass(frozen=True)
class DayCount:
    """On-site count of one unit or building on one date (sheet ``Rekap Harian``)."""

    kind: str  # "Unit" or "Gedung"
    name: str
    date: dt.date
    staff: int  # headcount of the unit/building
    available: int  # staff who could be on site that day
    on_site: int
    cap: int | None
    minimum: int | None
    status: str  # see STATUS_* below
    #: "" for the whole day; with start waves, the waves present at once (``"1"``, ``"1+2"``)
    #: whose on-site count ``cap`` limits
    wave: str = ""


STATUS_HOLIDAY = "LIBUR"
STATUS_CLOSED = "TUTUP"
STATUS_OK = "OK"
STATUS_FULL = "PENUH"  # exactly at cap
STATUS_OVER = "MELEBIHI KUOTA"
STATUS_UNDER_MIN = "KURANG MINIMUM"


@dataclass(frozen=True)
class Coverage:
    """Representation of one bidang or seksi on one date (sheet ``Cakupan``)."""

    unit: str
    bidang: str
    seksi: str  # "" for a bidang row
    date: dt.date
    members: int
    eligible: int
    required: int
    present: int
    status: str  # COVERED / NOT_COVERED / NOBODY_ELIGIBLE / HOLIDAY


COVERED = "TERWAKILI"
NOT_COVERED = "TIDAK TERWAKILI"
NOBODY_ELIGIBLE = "TIDAK ADA YANG BISA HADIR"


@dataclass(frozen=True)
class FairnessRow:
    """Spread of office days among comparable flexible staff of a unit."""

    unit: str
    available_days: int
    people: int
    min_days: int
    max_days: int
    exceptions: tuple[str, ...] = ()  # NIPs above the band because they alone cover a subunit
    with_history: bool = False  # min/max count earlier rosters' office days too (--riwayat)


@dataclass
class CheckReport:
    violations: list[Violation] = field(default_factory=list)
    day_counts: list[DayCount] = field(default_factory=list)
    coverage: list[Coverage] = field(default_factory=list)
    fairness: list[FairnessRow] = field(default_factory=list)

    @property
    def hard_violations(self) -> list[Violation]:
        return [v for v in self.violations if v.hard]

    @property
    def ok(self) -> bool:
        return not self.violations


@dataclass(frozen=True)
class ZeroOfficeDays:
    """A non-vulnerable employee with no office day in the roster, and why (sheet ``Ringkasan``).

    Computed from the problem and the roster alone (not from the solver), so a hand-edited roster
    gets the same list.
    """

    employee: Employee
    available_days: int  # working days they could have been on site
    reason_id: str
    reason_en: str


def zero_office_days(problem: Problem, roster: Roster) -> list[ZeroOfficeDays]:
    """Every non-vulnerable employee of ``problem`` with 0 office days in ``roster``, in input
    order, with the reason: no working day, always away, building closed, a 0 cap, the cap filled
    on each of their days (by front-line staff or not), or — if none of these — the rota left them
    out although room was left."""
    working = [i for i, d in enumerate(roster.dates) if d not in problem.holiday_names]
    away: dict[str, set[int]] = defaultdict(set)
    for a in problem.absences:
        away[a.nip].update(i for i in working if a.start <= roster.dates[i] <= a.end)
    shut: dict[str, set[int]] = defaultdict(set)
    for c in problem.closures:
        shut[c.building].update(i for i in working if c.start <= roster.dates[i] <= c.end)
    unit_staff: dict[str, int] = defaultdict(int)
    building_staff: dict[str, int] = defaultdict(int)
    unit_on: dict[str, list[int]] = defaultdict(lambda: [0] * len(roster.dates))
    unit_duty_on: dict[str, list[int]] = defaultdict(lambda: [0] * len(roster.dates))
    building_on: dict[str, list[int]] = defaultdict(lambda: [0] * len(roster.dates))
    for emp in problem.employees:
        building = problem.building_of(emp)
        unit_staff[emp.unit] += 1
        building_staff[building] += 1
        for i, cell in enumerate(roster.cells.get(emp.nip, ())):
            if cell is Cell.WFO:
                unit_on[emp.unit][i] += 1
                building_on[building][i] += 1
                if emp.always_on_site:
                    unit_duty_on[emp.unit][i] += 1
    out: list[ZeroOfficeDays] = []
    for emp in problem.employees:
        if emp.vulnerable or emp.nip not in roster.cells or roster.office_days(emp.nip) > 0:
            continue
        building = problem.building_of(emp)
        gone, closed = away[emp.nip], shut[building]
        free = [i for i in working if i not in gone and i not in closed]
        unit_cap = cap_count(problem.unit_cap_pct(problem.unit(emp.unit)), unit_staff[emp.unit])
        limit = _building_limit(problem, building, building_staff[building])
        n = len(free)
        if not working:
            why = ("tidak ada hari kerja dalam periode", "no working day in the period")
        elif not free and not (set(working) - closed):
            why = (f"gedung '{building}' tutup pada semua hari kerja",
                   f"building '{building}' is closed on every working day")  # fmt: skip
        elif not free and not (set(working) - gone):
            why = ("cuti/sakit/dinas luar/isolasi pada semua hari kerja",
                   "on leave, sick, travelling or isolating on every working day")  # fmt: skip
        elif not free:
            why = ("tidak hadir atau gedung tutup pada semua hari kerja",
                   "away or building closed on every working day")  # fmt: skip
        elif unit_cap == 0:
            why = ("kuota WFO unit 0 orang", "the unit's office cap is 0 people")
        elif all(unit_duty_on[emp.unit][i] >= unit_cap for i in free):
            why = (f"kuota unit ({unit_cap} orang) sudah terisi petugas Wajib WFO pada {n} hari "
                   "tersedianya",
                   f"the unit cap ({unit_cap} people) is filled by front-line staff on their "
                   f"{n} available days")  # fmt: skip
        elif all(unit_on[emp.unit][i] >= unit_cap for i in free):
            why = (f"kuota unit ({unit_cap} orang) penuh pada {n} hari tersedianya",
                   f"the unit cap ({unit_cap} people) is full on their {n} available days",
                   )  # fmt: skip
        elif limit is not None and all(building_on[building][i] >= limit for i in free):
            why = (f"kuota gedung '{building}' ({limit} orang) penuh pada {n} hari tersedianya",
                   f"building '{building}' is full ({limit} people) on their {n} available days",
                   )  # fmt: skip
        else:
            why = (f"tidak mendapat giliran walau kuota masih tersisa ({n} hari tersedia)",
                   f"not given a turn although the cap left room ({n} days available)")  # fmt: skip
        out.append(ZeroOfficeDays(emp, n, *why))
    return out


def _building_limit(problem: Problem, name: str, staff: int) -> int | None:
    building = problem.building(name)
    limits = [building.seats] if building.seats is not None else []
    if building.cap_pct is not None:
        limits.append(cap_count(building.cap_pct, staff))
    return min(limits) if limits else None
