"""What the independent checker reports about a roster (consumed by the writer and the CLI)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

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
    unknown cell). ``hard`` is True for the rules that may never bend (availability, caps, roster
    shape).
    """

    rule: str
    hard: bool
    scope: str  # unit, "unit / bidang / seksi", building name, or NIP
    date: dt.date | None
    required: str  # e.g. "<= 9", ">= 2", "WFH"
    actual: str
    reason_id: str
    reason_en: str


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
