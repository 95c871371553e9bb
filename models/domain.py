"""Domain objects of a WFO/WFH rostering problem (pure data, no I/O).

Everything here is a frozen dataclass or an enum. The Excel reader in ``optimizer`` builds these
objects after validation; the solver in ``models`` and the independent checker in ``optimizer``
both read them. Derived facts that the solver needs (who is available when) live in
``models.calendar`` so that the checker can recompute them on its own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from fractions import Fraction


class Sector(Enum):
    """Service sector of a unit kerja (PPKM: non-essential / essential / critical)."""

    NON_ESSENTIAL = "Non-esensial"
    ESSENTIAL = "Esensial"
    CRITICAL = "Kritikal"


class Representation(Enum):
    """Which sub-units must be represented on site each working day (SE Wali Kota Balikpapan)."""

    SECTION = "Seksi"  # every bidang and every seksi
    DIVISION = "Bidang"  # every bidang only
    NONE = "Tidak"  # no representation rule


class Pattern(Enum):
    """A fixed rhythm of office weeks (``Pola`` in Kebijakan)."""

    NONE = "Tidak"  # no pattern: the roster chooses every office day
    AB_WEEKLY = "AB-mingguan"  # team A on site in A weeks, team B in B weeks (``week_team``)


#: Monday of an "A" week: weeks alternate A, B, A, … from here without a break, so successive
#: rosters keep the rhythm (2024-01-01 is ISO week 1; through 2026 the A weeks are the odd ISO
#: weeks; ISO years of 53 weeks would repeat a parity, this count does not).
TEAM_EPOCH = dt.date(2024, 1, 1)
TEAMS = ("A", "B")


def week_team(day: dt.date) -> str:
    """The team whose week ``day`` falls in (weeks run Monday to Sunday): ``"A"`` or ``"B"``."""
    monday = day - dt.timedelta(days=day.weekday())
    return TEAMS[((monday - TEAM_EPOCH).days // 7) % 2]


def age_on(birth: dt.date, day: dt.date) -> int:
    """Age in completed years on ``day`` of someone born on ``birth``."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


class CohortLevel(Enum):
    """Whose staff are split into cohorts in cohort mode (``Tingkat Kohort``)."""

    SECTION = "Seksi"  # every seksi's staff (the default)
    DIVISION = "Bidang"  # every bidang's staff


class AbsenceType(Enum):
    """Reasons an employee is away; the value is the code written in the roster."""

    LEAVE = "CUTI"
    SICK = "SAKIT"
    DUTY_TRAVEL = "DL"
    ISOLATION = "ISOLASI"
    QUARANTINE = "KARANTINA"  # close contact of a positive case (``giliran kasus``)


class Cell(Enum):
    """What one roster cell says for one employee on one date."""

    WFO = "WFO"
    WFH = "WFH"
    LEAVE = "CUTI"
    SICK = "SAKIT"
    DUTY_TRAVEL = "DL"
    ISOLATION = "ISOLASI"
    QUARANTINE = "KARANTINA"  # close contact of a positive case, quarantined at home
    HOLIDAY = "LIBUR"
    CLOSED = (
        "TUTUP"  # the employee's building is closed (e.g. 3×24 h disinfection): works from home
    )

    @staticmethod
    def of_absence(kind: AbsenceType) -> Cell:
        return Cell(kind.value)


WEEKDAY_NAMES_ID = ("Sen", "Sel", "Rab", "Kam", "Jum", "Sab", "Min")


class Sex(Enum):
    """Jenis kelamin as HR sheets write it (L = laki-laki, P = perempuan)."""

    MALE = "L"
    FEMALE = "P"


@dataclass(frozen=True, slots=True, order=True)
class TimeRange:
    """A span of one day, ``start`` to ``end`` in minutes after midnight (``end`` > ``start``).

    A start wave (gelombang, SE Gugus Tugas 8/2020) or the office hours.
    """

    start: int
    end: int

    def overlaps(self, other: TimeRange) -> bool:
        return self.start < other.end and other.start < self.end

    @property
    def label(self) -> str:
        """``07:00–15:00``."""
        return f"{_clock(self.start)}–{_clock(self.end)}"


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def waves_apart(waves: tuple[TimeRange, ...]) -> int:
    """How many times a cap of people present at once fits in one day: the most waves that do
    not overlap one another (1 without waves). A cap per set of waves present together lets at
    most this many × the cap on site in a day (interval graphs are perfect, so the bound is
    met)."""
    count, end = 0, -1
    for wave in sorted(waves, key=lambda w: w.end):
        if wave.start >= end:
            count, end = count + 1, wave.end
    return max(1, count)


def simultaneous_waves(waves: tuple[TimeRange, ...]) -> tuple[tuple[int, ...], ...]:
    """The sets of waves (0-based indexes) whose staff are in the building at the same time.

    A cap on the people present "at the same time and place" (Pergub DKI 88/2020) holds for
    each of these sets: waves that do not overlap in time each get the whole cap; two waves that
    overlap share it during the overlap. Intervals meet all at once exactly at some wave's
    start, so the sets are, for each wave, the waves running at its start; only the maximal
    ones are kept, in order of their first wave. Without waves: ``()``.
    """
    found: list[tuple[int, ...]] = []
    for w in waves:
        at = tuple(i for i, v in enumerate(waves) if v.start <= w.start < v.end)
        found.append(at)
    maximal = [s for s in found if not any(set(s) < set(t) for t in found)]
    return tuple(dict.fromkeys(maximal))


@dataclass(frozen=True, slots=True)
class Employee:
    """One member of staff (PNS, PPPK or other), identified by NIP (always text)."""

    nip: str
    name: str
    unit: str
    bidang: str = ""
    seksi: str = ""
    position: str = ""
    building: str = ""  # override of the unit's building; "" = the unit's building
    vulnerable: bool = False  # Rentan: never on site
    always_on_site: bool = False  # Wajib WFO: on site every available working day
    vaccinated: bool = False
    preferred_weekdays: frozenset[int] = frozenset()  # 0 = Monday … 4 = Friday
    leader: bool = (
        False  # Pimpinan: a head of the unit (leaders-on-site rule, SE MenPAN-RB 19/2020)
    )
    #: Tim of the weekly pattern (``Pola = AB-mingguan``): "A", "B", or "" (no team: the pattern
    #: is off, or the employee is vulnerable, front-line, a leader or never allowed on site)
    team: str = ""
    #: Tanggal Lahir (or the birth date of an 18-digit PNS NIP), read when ``Usia Maks WFO`` is on
    birth_date: dt.date | None = None
    sex: Sex | None = None  # Jenis Kelamin, or the PNS NIP's sex digit; None = not known

    @property
    def flexible(self) -> bool:
        """Flexible staff are the ones whose office days the roster chooses."""
        return not self.vulnerable and not self.always_on_site


@dataclass(frozen=True, slots=True)
class Unit:
    """A unit kerja (OPD, kecamatan, …) with its home building and sector."""

    name: str
    building: str
    sector: Sector = Sector.NON_ESSENTIAL
    cap_pct: Decimal | None = None  # override of the policy cap for the sector, in percent
    min_per_day: int | None = None  # essential minimum on site per working day
    signatory_name: str = ""  # the official who signs the unit's roster ("" = a line to fill in)
    signatory_title: str = ""  # their title ("" = derived from the unit's name)
    signatory_nip: str = ""  # their NIP (text)
    place: str = ""  # where the roster is signed (city), "" = a line to fill in


@dataclass(frozen=True, slots=True)
class Building:
    """A building (gedung) where staff work; caps apply to everybody who works in it."""

    name: str
    seats: int | None = None  # seats left after physical distancing
    cap_pct: Decimal | None = None  # cap on the building's own staff on site, in percent


@dataclass(frozen=True, slots=True)
class Absence:
    """An employee away from ``start`` to ``end`` inclusive."""

    nip: str
    start: dt.date
    end: dt.date
    kind: AbsenceType


@dataclass(frozen=True, slots=True)
class Closure:
    """A building closed from ``start`` to ``end`` inclusive (e.g. 3×24 h disinfection)."""

    building: str
    start: dt.date
    end: dt.date
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Policy:
    """Roster-wide parameters (sheet ``Kebijakan``)."""

    start: dt.date
    weeks: int = 1
    cap_pct: Decimal = Decimal(25)
    essential_cap_pct: Decimal = Decimal(50)
    critical_cap_pct: Decimal = Decimal(100)
    min_per_subunit: int = 1
    representation: Representation = Representation.SECTION
    national_holidays: bool = True
    time_limit_s: float = 60.0
    decree_date: dt.date | None = None  # Tanggal Penetapan: the date the roster is signed
    leader_min_days: int = 0  # office days each available leader gets at least (0 = no rule)
    preset: str = (
        ""  # the regulation preset whose caps apply (optimizer/io/presets.toml), "" = none
    )
    pattern: Pattern = Pattern.NONE  # Pola: a fixed rhythm of office weeks
    max_age_on_site: int = 0  # Usia Maks WFO: older staff work from home (0 = no rule)
    vaccinated_only: bool = False  # Hanya Tervaksinasi WFO: unvaccinated staff work from home

    def home_reason(self, emp: Employee, day: dt.date) -> tuple[str, str] | None:
        """Why the optional rules keep ``emp`` at home on ``day`` (Indonesian, English), if so.

        ``Hanya Tervaksinasi WFO`` keeps staff without ``Vaksin = Ya`` at home; ``Usia Maks WFO``
        keeps at home whoever is older than it (completed years on that day); an unknown birth
        date is refused by the validator, never guessed.
        """
        if self.vaccinated_only and not emp.vaccinated:
            return ("belum tervaksinasi (Hanya Tervaksinasi WFO)",
                    "not vaccinated (vaccinated-only on site)")  # fmt: skip
        if self.max_age_on_site and emp.birth_date is not None:
            age = age_on(emp.birth_date, day)
            if age > self.max_age_on_site:
                return (f"usia {age} tahun > Usia Maks WFO {self.max_age_on_site}",
                        f"aged {age} > max age on site {self.max_age_on_site}")  # fmt: skip
        return None

    def off_week(self, emp: Employee, day: dt.date) -> bool:
        """Is ``day`` outside the office weeks of ``emp``'s team (``Pola = AB-mingguan``)?"""
        return self.pattern is Pattern.AB_WEEKLY and bool(emp.team) and week_team(day) != emp.team

    #: start waves (Gelombang, SE Gugus Tugas 8/2020), in order of their start; () = no waves:
    #: one on-site group per day, exactly as before waves existed
    waves: tuple[TimeRange, ...] = ()
    #: the unit cap counts per wave too (like the building cap), not per day
    unit_cap_per_wave: bool = False
    #: staff of this sex get the first wave first (Prioritas Gelombang 1); None = no priority
    wave_priority: Sex | None = None
    office_hours: TimeRange | None = None  # Jam Kantor, shown in the roster header

    @property
    def has_waves(self) -> bool:
        """Two or more waves: each on-site employee is given one (one wave changes nothing)."""
        return len(self.waves) > 1

    #: Kohort: K ≥ 2 splits the flexible staff of every seksi (or bidang) into K cohorts never on
    #: site on the same day (models/rules/cohorts.py); 0 or 1 = off
    cohorts: int = 0
    cohort_level: CohortLevel = CohortLevel.SECTION

    def sector_cap(self, sector: Sector) -> Decimal:
        return {
            Sector.NON_ESSENTIAL: self.cap_pct,
            Sector.ESSENTIAL: self.essential_cap_pct,
            Sector.CRITICAL: self.critical_cap_pct,
        }[sector]


def cap_count(pct: Decimal, headcount: int) -> int:
    """⌊pct% × headcount⌋, but at least 1 when pct > 0 (and 0 when nobody is counted)."""
    if pct <= 0 or headcount <= 0:
        return 0
    value = Fraction(pct) * headcount / 100
    return max(1, int(value))  # int() floors a non-negative Fraction


@dataclass(frozen=True, slots=True)
class Published:
    """One employee's row of a published roster that a re-plan keeps where it can (issue 14).

    ``wfo[i]`` / ``pinned[i]``: on site / pinned (``Kunci``) on ``Problem.dates[i]`` in the
    published roster; both are False on the days frozen before the re-plan's first day, so that
    staff who differ only there stay interchangeable. ``done`` and ``available`` count the office
    days and the available days on those frozen days (the leaders' rule runs over the horizon).
    With start waves, ``wave[i]`` is the published wave (1-based) of an on-site day, 0 elsewhere
    and on the frozen days; ``()`` without waves.
    """

    nip: str
    wfo: tuple[bool, ...]
    pinned: tuple[bool, ...] = ()
    done: int = 0
    available: int = 0
    keep: bool = True  # False: staff new to the roster, only their pins are kept
    wave: tuple[int, ...] = ()


@dataclass(frozen=True)
class Problem:
    """A complete, validated rostering problem.

    ``holidays`` holds every day off inside the horizon (national holidays, cuti bersama and the
    workbook's own ``Libur`` rows) with its description.
    """

    policy: Policy
    units: tuple[Unit, ...]
    employees: tuple[Employee, ...]
    buildings: tuple[Building, ...] = ()
    absences: tuple[Absence, ...] = ()
    closures: tuple[Closure, ...] = ()
    holidays: tuple[tuple[dt.date, str], ...] = ()
    name: str = ""
    #: office days of each NIP in the published rosters before this one (``--riwayat``), already
    #: shifted so that the smallest is 0 (only differences matter to the fairness goal)
    history: tuple[tuple[str, int], ...] = ()
    #: what was taken off every history to make the smallest 0 (history_days + offset = the
    #: office days counted in the earlier rosters), and the NIPs in no earlier roster (new
    #: staff, counted as the median of their unit's colleagues)
    history_offset: int = 0
    history_imputed: tuple[str, ...] = ()
    #: the published roster a re-plan changes as little as possible (``giliran kasus`` /
    #: ``replan``, ``models.rules.stability``); empty for an ordinary solve
    published: tuple[Published, ...] = ()
    _unit_index: dict[str, Unit] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _building_index: dict[str, Building] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _history_index: dict[str, int] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    _published_index: dict[str, Published] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        self._unit_index.update((u.name, u) for u in self.units)
        self._building_index.update((b.name, b) for b in self.buildings)
        self._history_index.update(self.history)
        self._published_index.update((p.nip, p) for p in self.published)

    # -- look-ups -------------------------------------------------------------------------------
    def unit(self, name: str) -> Unit:
        return self._unit_index[name]

    def building(self, name: str) -> Building:
        """The building called ``name``; one not listed in ``Gedung`` has no seats or cap."""
        return self._building_index.get(name) or Building(name)

    def building_of(self, emp: Employee) -> str:
        """The building an employee works in: their own override, else their unit's."""
        return emp.building or self.unit(emp.unit).building

    def history_days(self, nip: str) -> int:
        """Office days ``nip`` had in the rosters before this one (0 without history)."""
        return self._history_index.get(nip, 0)

    def published_row(self, nip: str) -> Published | None:
        """``nip``'s row of the published roster being re-planned (None: not re-planning)."""
        return self._published_index.get(nip)

    def unit_cap_pct(self, unit: Unit) -> Decimal:
        return unit.cap_pct if unit.cap_pct is not None else self.policy.sector_cap(unit.sector)

    # -- calendar -------------------------------------------------------------------------------
    @property
    def dates(self) -> tuple[dt.date, ...]:
        """Monday–Friday dates of the horizon, holidays included."""
        first = self.policy.start
        days = (first + dt.timedelta(days=i) for i in range(7 * self.policy.weeks))
        return tuple(d for d in days if d.weekday() < 5)

    @property
    def holiday_names(self) -> dict[dt.date, str]:
        return dict(self.holidays)

    @property
    def working_dates(self) -> tuple[dt.date, ...]:
        """Dates on which people work (weekdays that are not holidays)."""
        off = self.holiday_names
        return tuple(d for d in self.dates if d not in off)


@dataclass(frozen=True)
class Roster:
    """The answer: one cell per employee (by NIP) per date of the horizon."""

    dates: tuple[dt.date, ...]
    cells: dict[str, tuple[Cell, ...]]  # NIP -> one cell per date, in ``dates`` order
    #: NIP -> the start wave (1, 2, …) of each date, 0 where not on site; empty without waves
    waves: dict[str, tuple[int, ...]] = field(default_factory=dict)
    #: cohort mode: NIP -> cohort number 1…K (employees in no cohort are not listed)
    cohorts: dict[str, int] = field(default_factory=dict)

    def cell(self, nip: str, day: dt.date) -> Cell:
        return self.cells[nip][self.dates.index(day)]

    def wave(self, nip: str, day: dt.date) -> int:
        """The wave of ``nip`` on ``day`` (1-based), 0 when none is recorded."""
        row = self.waves.get(nip)
        return row[self.dates.index(day)] if row else 0

    def office_days(self, nip: str) -> int:
        return sum(1 for c in self.cells[nip] if c is Cell.WFO)
