"""Resilience of a roster: what every possible single positive case would take out of action.

No Excel, no solver: pure analysis of a ``Roster`` against its ``Problem`` (sheet ``Ketahanan``,
``giliran ketahanan``). Definitions (README "Ketahanan / resilience"):

* **Scenarios.** Every employee who is on site (``WFO``) at least once in the roster, tested
  positive on every working day of the roster: one scenario per (employee, test date).
* **Quarantined.** The case's close contacts, exactly as ``optimizer.analysis.contacts`` defines
  them (same building and scope, on site on a day of ``[date − 2, date]`` on which the case was
  too; KMK HK.01.07/MENKES/413/2020). The case itself is isolated, not counted as quarantined.
* **Out of action.** The case is isolated for ``isolation_days`` calendar days from the test date
  (default 10: KMK 4641/2021, SE HK.02.01/MENKES/18/2022), each contact quarantined for
  ``quarantine_days`` calendar days from the test date (default 5: the 2022 rule; SE 1391/2021
  had 10).
* **A subunit loses all cover** on a working day of the roster when it has at least one member who
  could be on site that day (not on holiday, absent, in a closed building or vulnerable: the
  roster's availability) and every such member is isolated or quarantined that day. Subunits are
  every bidang (unit, bidang) and every seksi (unit, bidang, seksi), whatever ``Representasi``
  says; only days inside the roster's horizon are counted (later days are not known).

The figures: worst case (most people quarantined by one case), the average over all scenarios,
and the subunits at risk (those losing all cover in at least one scenario), each with the days it
would lose at worst.

Efficiency: a case's contacts are the union of the sets of people it met on the window days it
was on site (``ContactIndex.met``), minus itself. Scenarios with the same test date and the same
(day, whom one meets that day: ``ContactIndex.meeting_key``) pairs in the window share that
union, so it is computed once per such key (a few per group and day), and the cover test runs
once per key, not once per case: 60,000 staff × 5 days take about a second.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections import defaultdict
from collections.abc import Hashable
from dataclasses import dataclass, field

from models.calendar import build_calendar
from models.domain import Cell, Employee, Problem, Roster
from optimizer.analysis.contacts import CONTACT_WINDOW_DAYS, ContactIndex, ContactScope

__all__ = [
    "DEFAULT_ISOLATION_DAYS",
    "DEFAULT_QUARANTINE_DAYS",
    "Resilience",
    "ResilienceOptions",
    "Scenario",
    "SubunitRisk",
    "resilience",
]

#: Isolation of a case, calendar days (KMK 4641/2021; SE HK.02.01/MENKES/18/2022: at least 10).
DEFAULT_ISOLATION_DAYS = 10
#: Quarantine of a close contact, calendar days (the Mar 2022 rule; SE 1391/2021 had 10).
DEFAULT_QUARANTINE_DAYS = 5
#: How many of the worst scenarios the report lists.
WORST_LISTED = 20

SubunitKey = tuple[str, str, str]  # (unit, bidang, seksi); seksi "" = the bidang itself


@dataclass(frozen=True)
class ResilienceOptions:
    scope: ContactScope = ContactScope.BIDANG
    isolation_days: int = DEFAULT_ISOLATION_DAYS
    quarantine_days: int = DEFAULT_QUARANTINE_DAYS
    window_days: int = CONTACT_WINDOW_DAYS


@dataclass(frozen=True)
class Scenario:
    """One case on one test date: how many quarantined, which subunits lose cover, how long."""

    nip: str
    on: dt.date
    quarantined: int
    #: subunits losing all cover, each with the working days it is without cover
    lost: tuple[tuple[SubunitKey, tuple[dt.date, ...]], ...] = ()

    @property
    def subunit_days(self) -> int:
        return sum(len(days) for _, days in self.lost)


@dataclass
class SubunitRisk:
    """A subunit that loses all cover in at least one scenario."""

    key: SubunitKey
    members: int
    scenarios: int = 0  # scenarios in which it loses all cover
    worst_days: tuple[dt.date, ...] = ()  # the longest loss of cover, in one scenario
    worst_case: str = ""  # NIP of the case of that scenario
    worst_on: dt.date | None = None

    @property
    def level(self) -> str:
        return "seksi" if self.key[2] else "bidang"

    @property
    def scope(self) -> str:
        return " / ".join(p for p in self.key if p)


@dataclass
class Resilience:
    options: ResilienceOptions
    dates: tuple[dt.date, ...]  # test dates (working days of the roster)
    staff: int  # employees in the problem
    cases: int  # employees on site at least once (possible cases)
    scenarios: int
    total_quarantined: int  # summed over scenarios
    worst: list[Scenario] = field(default_factory=list)  # most quarantined first
    subunits: list[SubunitRisk] = field(default_factory=list)  # most exposed first
    subunit_count: int = 0  # bidang and seksi in the problem
    #: per test date: (scenarios, worst quarantined, summed quarantined)
    per_day: dict[dt.date, tuple[int, int, int]] = field(default_factory=dict)
    scenarios_losing_cover: int = 0

    @property
    def worst_quarantined(self) -> int:
        return self.worst[0].quarantined if self.worst else 0

    @property
    def average_quarantined(self) -> float:
        return self.total_quarantined / self.scenarios if self.scenarios else 0.0

    @property
    def at_risk(self) -> int:
        return len(self.subunits)


def _subunits(emp: Employee) -> list[SubunitKey]:
    keys: list[SubunitKey] = []
    if emp.bidang:
        keys.append((emp.unit, emp.bidang, ""))
    if emp.seksi:
        keys.append((emp.unit, emp.bidang, emp.seksi))
    return keys


def resilience(
    problem: Problem, roster: Roster, options: ResilienceOptions | None = None
) -> Resilience:
    """Every single-case scenario of ``roster`` (see the module docstring)."""
    options = options or ResilienceOptions()
    index = ContactIndex(problem, roster, options.scope)
    calendar = build_calendar(problem)
    holidays = problem.holiday_names
    cal_index = {d: i for i, d in enumerate(calendar.dates)}
    test_dates = tuple(d for d in roster.dates if d not in holidays and d.weekday() < 5)

    # eligible[u][d]: members of subunit u who could be on site on working day d
    eligible: dict[SubunitKey, dict[dt.date, set[str]]] = defaultdict(lambda: defaultdict(set))
    subunits_of: dict[str, list[SubunitKey]] = {}
    members: dict[SubunitKey, int] = defaultdict(int)
    for emp in problem.employees:
        keys = _subunits(emp)
        subunits_of[emp.nip] = keys
        for key in keys:
            members[key] += 1
        fixed = calendar.fixed.get(emp.nip)
        if fixed is None:
            continue
        for d in test_dates:
            i = cal_index.get(d)
            if i is not None and fixed[i] is None:
                for key in keys:
                    eligible[key][d].add(emp.nip)

    on_site_days: dict[str, frozenset[dt.date]] = {}
    for emp in problem.employees:
        cells = roster.cells.get(emp.nip)
        if cells is None:
            continue
        days = frozenset(d for d, c in zip(roster.dates, cells, strict=False) if c is Cell.WFO)
        if days:
            on_site_days[emp.nip] = days

    def out_days(start: dt.date, length: int) -> list[dt.date]:
        end = start + dt.timedelta(days=length)
        return [d for d in test_dates if start <= d < end]

    iso, quar = options.isolation_days, options.quarantine_days
    both = min(iso, quar)
    # key (test date, {(window day the case was on site, whom it met then)}) -> (union, lost
    # subunits while all of the union are out)
    cache: dict[
        tuple[dt.date, frozenset[tuple[dt.date, Hashable]]],
        tuple[frozenset[str], dict[SubunitKey, list[dt.date]]],
    ] = {}

    def lost_while(out: frozenset[str], days: list[dt.date]) -> dict[SubunitKey, list[dt.date]]:
        touched = {key for nip in out for key in subunits_of.get(nip, ())}
        lost: dict[SubunitKey, list[dt.date]] = {}
        for key in touched:
            by_day = eligible.get(key)
            if by_day is None:
                continue
            gone = [d for d in days if (e := by_day.get(d)) and e <= out]
            if gone:
                lost[key] = gone
        return lost

    tails = {  # days on which only the case (or only the contacts) are out
        t: [d for d in out_days(t, max(iso, quar)) if d not in set(out_days(t, both))]
        for t in test_dates
    }
    windows = {t: frozenset(index.window(t, options.window_days)) for t in test_dates}
    risks: dict[SubunitKey, SubunitRisk] = {}
    scenarios: list[Scenario] = []
    per_day: dict[dt.date, list[int]] = {d: [0, 0, 0] for d in test_dates}
    total = 0
    losing = 0
    for emp in problem.employees:
        mine = on_site_days.get(emp.nip)
        if mine is None:
            continue
        meets = {d: index.meeting_key(emp.nip, d) for d in mine}
        for t in test_dates:
            window = windows[t] & mine
            if window:  # the case is in the union: every case with this key has the same
                met_key: tuple[dt.date, frozenset[tuple[dt.date, Hashable]]] = (
                    t,
                    frozenset((d, meets[d]) for d in window),
                )
                hit = cache.get(met_key)
                if hit is None:
                    union: set[str] = set()
                    for d in window:
                        union |= index.met(emp.nip, d)
                    frozen = frozenset(union)
                    hit = (frozen, lost_while(frozen, out_days(t, both)))
                    cache[met_key] = hit
            else:  # not on site in the window: no contacts, only the case is out
                alone = frozenset((emp.nip,))
                hit = (alone, lost_while(alone, out_days(t, both)))
            union_set, lost_all = hit
            quarantined = len(union_set) - (emp.nip in union_set)
            lost = lost_all
            if iso != quar:
                tail = tails[t]
                if tail:
                    lost = {k: list(v) for k, v in lost_all.items()}
                    out = frozenset((emp.nip,)) if iso > quar else union_set - {emp.nip}
                    for k, gone in lost_while(out, tail).items():
                        lost.setdefault(k, []).extend(gone)
            total += quarantined
            stats = per_day[t]
            stats[0] += 1
            stats[1] = max(stats[1], quarantined)
            stats[2] += quarantined
            ordered = tuple((k, tuple(sorted(v))) for k, v in sorted(lost.items()))
            if ordered:
                losing += 1
            for k, span in ordered:
                risk = risks.get(k)
                if risk is None:
                    risk = risks[k] = SubunitRisk(k, members[k])
                risk.scenarios += 1
                if len(span) > len(risk.worst_days):
                    risk.worst_days, risk.worst_case, risk.worst_on = span, emp.nip, t
            scenarios.append(Scenario(emp.nip, t, quarantined, ordered))
    worst = heapq.nsmallest(
        WORST_LISTED, scenarios, key=lambda s: (-s.quarantined, -s.subunit_days, s.on, s.nip)
    )
    order = {u.name: i for i, u in enumerate(problem.units)}
    subunit_list = sorted(
        risks.values(),
        key=lambda r: (-len(r.worst_days), -r.scenarios, order.get(r.key[0], len(order)), r.key),
    )
    return Resilience(
        options,
        test_dates,
        len(problem.employees),
        len(on_site_days),
        len(scenarios),
        total,
        worst,
        subunit_list,
        len(members),
        {d: (s[0], s[1], s[2]) for d, s in per_day.items()},
        losing,
    )


def _who(problem: Problem, nip: str) -> str:
    emp = next((e for e in problem.employees if e.nip == nip), None)
    return f"{emp.name} ({nip})" if emp is not None and emp.name else nip


def summary_pairs(res: Resilience, problem: Problem) -> list[tuple[str, str, object]]:
    """The headline figures: (label in Indonesian, label in English, value)."""
    opts = res.options
    worst = res.worst[0] if res.worst else None
    bidang = sum(1 for r in res.subunits if r.level == "bidang")
    return [
        ("Lingkup kontak erat", "close-contact scope", f"{opts.scope.value} (+ gedung / building)"),
        ("Isolasi kasus (hari)", "isolation of the case (days)", opts.isolation_days),
        ("Karantina kontak (hari)", "quarantine of contacts (days)", opts.quarantine_days),
        ("Pegawai yang bisa menjadi kasus", "staff who can be a case (on site ≥ 1 day)", res.cases),
        ("Skenario (kasus × hari kerja)", "scenarios (case × working day)", res.scenarios),
        ("Karantina terbanyak (satu kasus)", "worst-case quarantined (one case)",
         res.worst_quarantined),
        ("Kasus terburuk", "worst case",
         f"{_who(problem, worst.nip)}, {worst.on.isoformat()}" if worst else "–"),
        ("Rata-rata dikarantina per kasus", "average quarantined per case",
         round(res.average_quarantined, 2)),
        ("Subunit berisiko (tanpa cover di ≥ 1 skenario)", "subunits at risk (no cover in ≥ 1 "
         "scenario)", f"{res.at_risk} / {res.subunit_count} (bidang {bidang}, seksi "
         f"{res.at_risk - bidang})"),
        ("Skenario dengan subunit tanpa cover", "scenarios leaving a subunit without cover",
         res.scenarios_losing_cover),
    ]  # fmt: skip


def summary_lines(res: Resilience, problem: Problem, shown: int = 10) -> list[str]:
    """What ``giliran ketahanan`` prints: figures, subunits most at risk, worst cases."""
    out = [f"{label_id} / {label_en}: {value}" for label_id, label_en, value in summary_pairs(
        res, problem)]  # fmt: skip
    if res.subunits:
        out.append(
            "Subunit paling berisiko / subunits most at risk (hari tanpa cover terlama / "
            "longest days without cover):"
        )
        for r in res.subunits[:shown]:
            days = ", ".join(d.isoformat() for d in r.worst_days)
            out.append(
                f"  {r.level} {r.scope} ({r.members}): {len(r.worst_days)} hari/days ({days}); "
                f"{r.scenarios} skenario/scenarios; mis./e.g. {_who(problem, r.worst_case)} "
                f"{r.worst_on.isoformat() if r.worst_on else ''}"
            )
        if len(res.subunits) > shown:
            out.append(f"  … {len(res.subunits) - shown} lagi / more")
    out.append("Skenario terburuk / worst scenarios:")
    for s in res.worst[:shown]:
        out.append(
            f"  {_who(problem, s.nip)} {s.on.isoformat()}: {s.quarantined} dikarantina / "
            f"quarantined; {len(s.lost)} subunit tanpa cover / without cover"
        )
    return out
