"""Close contacts of a positive case, read off a published roster (no Excel, no solver).

Definition (documented in README "Kasus positif"; source: KMK HK.01.07/MENKES/413/2020, whose
contact window runs from 2 days before symptom onset or, without symptoms, before the specimen
date): a close contact of a case is every other employee who works in the **same building** and
the **same scope** as the case and who was on site (``WFO``) on a day in
``[date − window_days, date]`` on which the case was on site too — with start waves (``Gelombang``),
in a wave whose hours overlap the case's wave (waves apart in time never meet). The scope is
chosen by the user:

- ``seksi``: same unit kerja, bidang and seksi;
- ``bidang`` (default): same unit kerja and bidang;
- ``unit``: same unit kerja;
- ``gedung``: anyone in the building.

The roster is the only evidence used: the model of "same office, same day" that the 2021 working
definition of the Health Minister gives ("same house, same office, shared meal or same car"),
restricted to the people HR can actually name from the roster. Days of the window that the roster
does not cover are reported, never guessed.

This module shares only data classes with the solver; the resilience report and the outbreak
re-plan both use it, so the contacts in ``Kontak Erat`` and in ``Ketahanan`` are the same.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from models.domain import Cell, Employee, Problem, Roster

__all__ = [
    "CONTACT_WINDOW_DAYS",
    "Contact",
    "ContactIndex",
    "ContactScope",
    "ContactTrace",
]

#: Days before the case's date that the contact window reaches back (KMK 413/2020).
CONTACT_WINDOW_DAYS = 2


class ContactScope(StrEnum):
    """Who counts as sharing the office with a case (``--lingkup``)."""

    SEKSI = "seksi"
    BIDANG = "bidang"
    UNIT = "unit"
    GEDUNG = "gedung"


@dataclass(frozen=True, slots=True)
class Contact:
    """One close contact: who, through which case(s), on which shared on-site days."""

    nip: str
    cases: tuple[str, ...]  # NIPs of the cases they shared days with, sorted
    shared_days: tuple[dt.date, ...]  # sorted

    @property
    def last_shared(self) -> dt.date:
        return self.shared_days[-1]


@dataclass(frozen=True)
class ContactTrace:
    """The contacts of one or more cases tested positive on ``on``."""

    cases: tuple[str, ...]
    on: dt.date
    scope: ContactScope
    window: tuple[dt.date, ...]  # calendar days examined, oldest first
    #: weekdays of the window the roster does not cover (before its first date): unknown, said so
    uncovered: tuple[dt.date, ...]
    contacts: tuple[Contact, ...]  # sorted by NIP

    @property
    def nips(self) -> frozenset[str]:
        return frozenset(c.nip for c in self.contacts)


class ContactIndex:
    """Who was on site where on which day, built once per roster; cheap contact look-ups.

    ``groups[(building, scope key)][day][wave]`` is the set of NIPs on site there that day in
    that start wave (wave 0 without waves or where the roster gives none). A case's contacts on
    ``on`` are the union, over the window days the case was on site, of the group's on-site sets
    in the waves that meet the case's wave, minus the cases themselves.
    """

    def __init__(
        self, problem: Problem, roster: Roster, scope: ContactScope = ContactScope.BIDANG
    ) -> None:
        self.problem = problem
        self.roster = roster
        self.scope = scope
        self._by_nip: dict[str, Employee] = {e.nip: e for e in problem.employees}
        self._day_index = {d: i for i, d in enumerate(roster.dates)}
        self._group_of: dict[str, tuple[str, ...]] = {}
        self._on_site: dict[tuple[str, ...], dict[dt.date, dict[int, set[str]]]] = defaultdict(
            lambda: defaultdict(lambda: defaultdict(set))
        )
        waves = problem.policy.waves if problem.policy.has_waves else ()
        #: wave number -> the wave numbers whose hours overlap it (0 = unknown: meets every wave)
        self._meets: dict[int, tuple[int, ...]] = {0: tuple(range(len(waves) + 1))}
        for i, w in enumerate(waves, start=1):
            self._meets[i] = (0, *(j for j, v in enumerate(waves, start=1) if v.overlaps(w)))
        for emp in problem.employees:
            cells = roster.cells.get(emp.nip)
            if cells is None:
                continue
            key = self.group_key(emp)
            self._group_of[emp.nip] = key
            row = roster.waves.get(emp.nip) if waves else None
            for i, (day, cell) in enumerate(zip(roster.dates, cells, strict=True)):
                if cell is Cell.WFO:
                    wave = row[i] if row and row[i] in self._meets else 0
                    self._on_site[key][day][wave].add(emp.nip)

    def group_key(self, emp: Employee) -> tuple[str, ...]:
        """The (building, scope) group an employee shares an office with."""
        building = self.problem.building_of(emp)
        if self.scope is ContactScope.GEDUNG:
            return (building,)
        if self.scope is ContactScope.UNIT:
            return (building, emp.unit)
        if self.scope is ContactScope.BIDANG:
            return (building, emp.unit, emp.bidang)
        return (building, emp.unit, emp.bidang, emp.seksi)

    def met(self, nip: str, day: dt.date) -> set[str]:
        """Everyone ``nip`` met on site on ``day``: their group, in the waves that meet theirs
        (``nip`` included; empty when ``nip`` was not on site). The set may be the index's own:
        do not modify it."""
        if not self.on_site(nip, day):
            return set()
        by_wave = self._on_site.get(self._group_of[nip], {}).get(day, {})
        meets = self._meets.get(self._wave(nip, day), self._meets[0])
        present = [by_wave[w] for w in meets if w in by_wave]
        if len(present) == 1:
            return present[0]
        return set().union(*present)

    def meeting_key(self, nip: str, day: dt.date) -> tuple[str | int, ...]:
        """Equal for two employees on site on ``day`` exactly when ``met`` gives both the same
        set: their group and wave (the resilience report computes each such set once)."""
        return (*self._group_of[nip], self._wave(nip, day))

    def _wave(self, nip: str, day: dt.date) -> int:
        row = self.roster.waves.get(nip)
        wave = row[self._day_index[day]] if row and day in self._day_index else 0
        return wave if wave in self._meets else 0

    def window(self, on: dt.date, window_days: int = CONTACT_WINDOW_DAYS) -> tuple[dt.date, ...]:
        return tuple(on - dt.timedelta(days=k) for k in range(window_days, -1, -1))

    def on_site(self, nip: str, day: dt.date) -> bool:
        i = self._day_index.get(day)
        return i is not None and self.roster.cells[nip][i] is Cell.WFO

    def trace(
        self, cases: Iterable[str], on: dt.date, window_days: int = CONTACT_WINDOW_DAYS
    ) -> ContactTrace:
        """The close contacts of ``cases`` (NIPs in the roster) tested positive on ``on``."""
        case_list = tuple(sorted(set(cases)))
        unknown = [n for n in case_list if n not in self._group_of]
        if unknown:
            raise KeyError(unknown[0])
        window = self.window(on, window_days)
        first = self.roster.dates[0] if self.roster.dates else on
        uncovered = tuple(d for d in window if d < first and d.weekday() < 5)
        shared: dict[str, dict[str, set[dt.date]]] = defaultdict(lambda: defaultdict(set))
        excluded = set(case_list)
        for case in case_list:
            for day in window:
                for nip in self.met(case, day):
                    if nip not in excluded:
                        shared[nip][case].add(day)
        contacts = tuple(
            Contact(
                nip,
                tuple(sorted(by_case)),
                tuple(sorted(set().union(*by_case.values()))),
            )
            for nip, by_case in sorted(shared.items())
        )
        return ContactTrace(case_list, on, self.scope, window, uncovered, contacts)

    def contact_count(self, case: str, on: dt.date, window_days: int = CONTACT_WINDOW_DAYS) -> int:
        """How many close contacts one case on ``on`` would have (for the resilience report)."""
        seen: set[str] = set()
        for day in self.window(on, window_days):
            seen |= self.met(case, day)
        seen.discard(case)
        return len(seen)
