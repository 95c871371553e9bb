"""The outbreak workflow and other re-plans of a published roster (issue 14), without Excel.

``giliran kasus`` (a positive case) and ``giliran replan`` (other events: new absences, closures,
staff moved or added) both come down to the same minimal-change re-plan:

1. the **event problem**: the input's problem plus the events (the case's building closed, the
   case isolated, its close contacts quarantined) and the outbreak codes the published roster
   already carries from an earlier ``kasus`` (``TUTUP``, ``ISOLASI``, ``KARANTINA`` cells that
   the input does not explain: an event once reported stays until its end), so that a re-planned
   roster is itself a valid ROSTER for the next ``kasus``;
2. the **re-plan problem** solved by the usual model: the days before the re-plan's first day
   are frozen — they are made days off of the re-plan problem, so they have no variables and,
   being the same for everybody, do not split staff classes — each employee's office days on
   them are carried as fairness history (``Problem.history``, in the class key like
   ``--riwayat``), and the published cells of the remaining days are part of the class key
   (``Problem.published``), so that the stability goal (``models.rules.stability``, tier 6:
   above every other goal, below every rule) counts changed cells exactly;
3. the **merged roster**: the frozen days exactly as published (cells and start waves), the
   remaining days from the re-plan; it is checked by the independent checker against the event
   problem (every rule, over the whole horizon).

Components the events leave untouched need no solve (``settled_components``): where the
published roster breaks no rule from the first re-planned day on, it is the unique lexicographic
optimum (every shortfall 0, 0 changed cells). A positive case touches the component of one
building, so a re-plan solves one component of many (``optimizer.app.replan.solve_replan``).

With start waves (``Policy.waves``) the published wave of each remaining on-site day is part of
``Published`` (``wave``) and so of the class key; stability counts a move to another wave as a
changed cell, and ``changed_cells`` lists it (``WFO-1`` → ``WFO-2``). Cohorts are refused
(``optimizer.app.replan.refuse_unsupported``).

Decisions for the partial horizon (documented in README "Kasus positif"):

- fairness over the horizon continues each person's count from their office days on the frozen
  days (history); the per-week evenness of several-week rosters counts only the remaining days
  of the week the re-plan starts in; quota use and representation are per day and need nothing;
- the leaders' rule runs over the whole horizon: office and available days on the frozen days
  count (``Published.done`` / ``available``);
- staff in the input but not in the published roster (``replan`` only) have nothing to keep:
  their frozen days read what the input makes them (a day off, an absence) or ``WFH``;
- pinned cells (``Kunci``) are kept exactly; a pin that breaks a never-bending rule (a ``WFO``
  pin on a day off, an absence, a closed building, a vulnerable employee's day; more ``WFO`` pins
  than a unit's or a building's cap) is an error naming it, found here before solving.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from models.calendar import Calendar, build_calendar
from models.domain import (
    Absence,
    AbsenceType,
    Cell,
    Closure,
    Problem,
    Published,
    Roster,
    cap_count,
)
from models.solve import components
from models.variables import Component
from optimizer.analysis.checker import check
from optimizer.analysis.contacts import ContactIndex, ContactScope, ContactTrace
from optimizer.analysis.explain import Finding, Suggestion
from optimizer.errors import InputProblem

__all__ = [
    "CARRIED",
    "FROZEN_NAME",
    "Change",
    "ContactRow",
    "Pin",
    "carried_events",
    "case_events",
    "changed_cells",
    "check_pins",
    "closure_findings",
    "frozen_violations",
    "merge_roster",
    "replan_problem",
    "roster_mismatch",
    "settled_components",
]

#: The name of a frozen day in the re-plan problem (never shown: those cells are replaced).
FROZEN_NAME = "Sudah terbit / already published"
#: Codes of an earlier ``kasus`` that a published roster carries into the next re-plan.
CARRIED = (Cell.CLOSED, Cell.ISOLATION, Cell.QUARANTINE)

#: Where problems about the command's own options are reported (``InputProblem.sheet``).
OPTIONS = "baris perintah / command line"


@dataclass(frozen=True, slots=True)
class Pin:
    """A cell HR fixed by hand (sheet ``Kunci``): kept exactly by every re-plan."""

    nip: str
    day: dt.date
    cell: Cell  # WFO or WFH
    sheet: str = "Kunci"
    row: int | None = None  # Excel row


@dataclass(frozen=True, slots=True)
class ContactRow:
    """One line of sheet ``Kontak Erat``."""

    nip: str
    cases: tuple[str, ...]
    shared_days: tuple[dt.date, ...]
    quarantine_until: dt.date


@dataclass(frozen=True, slots=True)
class Change:
    """One cell of the published roster that the re-plan changed (sheet ``Perubahan``)."""

    nip: str
    day: dt.date
    before: str
    after: str
    reason_id: str
    reason_en: str


def _problem(
    text_id: str,
    text_en: str,
    sheet: str = OPTIONS,
    row: int | None = None,
    column: str | None = None,
) -> InputProblem:
    return InputProblem(sheet, row, column, text_id, text_en)


# ---------------------------------------------------------------------------------------------
# The published roster against the input
# ---------------------------------------------------------------------------------------------


def roster_mismatch(problem: Problem, roster: Roster, same_staff: bool) -> list[InputProblem]:
    """Why ``roster`` is not a roster of ``problem``: other dates, or (``same_staff``) others
    staff. Empty when it matches."""
    found: list[InputProblem] = []
    if roster.dates != problem.dates:

        def span(ds: Sequence[dt.date]) -> str:
            return f"{ds[0].isoformat()} – {ds[-1].isoformat()} ({len(ds)})" if ds else "-"

        found.append(
            _problem(
                f"tanggal jadwal ({span(roster.dates)}) tidak sama dengan periode input "
                f"({span(problem.dates)}); jadwal ini bukan jadwal dari input ini",
                f"the roster's dates ({span(roster.dates)}) differ from the input's period "
                f"({span(problem.dates)}); this roster was not made from this input",
                sheet="Jadwal",
            )
        )
    allowed = len(problem.policy.waves) if problem.policy.has_waves else 0
    beyond = sorted(n for n, row in roster.waves.items() if any(w > allowed for w in row))
    if beyond:
        top = max(w for n in beyond for w in roster.waves[n])
        found.append(
            _problem(
                f"jadwal memakai gelombang masuk sampai WFO-{top} (mis. NIP {beyond[0]}), "
                f"input menetapkan {allowed} gelombang ('Gelombang'); jadwal ini bukan jadwal "
                "dari input ini",
                f"the roster uses start waves up to WFO-{top} (e.g. NIP {beyond[0]}), the input "
                f"sets {allowed} waves ('Gelombang'); this roster was not made from this input",
                sheet="Jadwal",
            )
        )
    if same_staff:
        staff = {e.nip for e in problem.employees}
        listed = set(roster.cells)
        for label_id, label_en, nips in (
            ("tidak ada di input", "not in the input", sorted(listed - staff)),
            ("tidak ada di jadwal", "not in the roster", sorted(staff - listed)),
        ):
            if nips:
                shown = ", ".join(nips[:5]) + (" …" if len(nips) > 5 else "")
                found.append(
                    _problem(
                        f"{len(nips)} NIP {label_id}: {shown}; jadwal dan input tidak cocok",
                        f"{len(nips)} NIPs {label_en}: {shown}; the roster does not match "
                        "the input",
                        sheet="Jadwal",
                        column="NIP",
                    )
                )
    return found


def carried_events(problem: Problem, roster: Roster) -> tuple[list[Closure], list[Absence]]:
    """The outbreak codes of ``roster`` that ``problem`` does not explain, as events.

    A ``TUTUP`` cell closes its employee's building that day; an ``ISOLASI`` or ``KARANTINA``
    cell is a one-day absence of that kind (consecutive days merged). Other codes (leave, sick,
    duty travel, holidays) follow the input.
    """
    calendar = build_calendar(problem)
    index = {d: i for i, d in enumerate(problem.dates)}
    closed: dict[str, set[dt.date]] = defaultdict(set)
    away: dict[tuple[str, AbsenceType], list[dt.date]] = defaultdict(list)
    for emp in problem.employees:
        cells = roster.cells.get(emp.nip)
        if cells is None:
            continue
        fixed = calendar.fixed[emp.nip]
        for day, cell in zip(roster.dates, cells, strict=True):
            i = index.get(day)
            if i is None or cell not in CARRIED or fixed[i] is cell:
                continue
            if cell is Cell.CLOSED:
                closed[problem.building_of(emp)].add(day)
            else:
                away[emp.nip, AbsenceType(cell.value)].append(day)
    closures = [
        Closure(b, start, end, "dari jadwal terbit / from the published roster")
        for b in sorted(closed)
        for start, end in _runs(sorted(closed[b]), problem.dates)
    ]
    absences = [
        Absence(nip, start, end, kind)
        for (nip, kind), days in sorted(away.items(), key=lambda kv: (kv[0][0], kv[0][1].value))
        for start, end in _runs(sorted(days), problem.dates)
    ]
    return closures, absences


def _runs(days: list[dt.date], dates: Sequence[dt.date]) -> list[tuple[dt.date, dt.date]]:
    """Consecutive roster dates of ``days`` as (first, last) runs."""
    pos = {d: i for i, d in enumerate(dates)}
    out: list[tuple[dt.date, dt.date]] = []
    for day in days:
        if out and pos[day] == pos[out[-1][1]] + 1:
            out[-1] = (out[-1][0], day)
        else:
            out.append((day, day))
    return out


def with_events(
    problem: Problem, closures: Iterable[Closure], absences: Iterable[Absence]
) -> Problem:
    """``problem`` with more closures and absences; the events' absences come first, so that
    an isolation or a quarantine is what the cell says even on a day of leave."""
    return dataclasses.replace(
        problem,
        closures=(*problem.closures, *closures),
        absences=(*absences, *problem.absences),
    )


# ---------------------------------------------------------------------------------------------
# A positive case
# ---------------------------------------------------------------------------------------------


def case_problems(
    problem: Problem, roster: Roster, cases: Sequence[str], on: dt.date
) -> list[InputProblem]:
    """Why the case(s) cannot be reported as given: an unknown NIP, a date outside the roster,
    a holiday, a day the case's building is already closed."""
    found: list[InputProblem] = []
    staff = {e.nip: e for e in problem.employees}
    for nip in cases:
        if nip not in staff or nip not in roster.cells:
            found.append(
                _problem(
                    f"NIP {nip} tidak ada di input dan jadwal",
                    f"NIP {nip} is not in the input and the roster",
                    column="--nip",
                )
            )
    if on not in problem.dates:
        first, last = problem.dates[0], problem.dates[-1]
        weekend = " (akhir pekan / a weekend)" if on.weekday() >= 5 and first <= on <= last else ""
        found.append(
            _problem(
                f"tanggal {on.isoformat()}{weekend} tidak ada di jadwal "
                f"({first.isoformat()} – {last.isoformat()}, Senin–Jumat)",
                f"the date {on.isoformat()}{weekend} is not in the roster "
                f"({first.isoformat()} – {last.isoformat()}, Monday to Friday)",
                column="--tanggal",
            )
        )
        return found
    holiday = problem.holiday_names.get(on)
    if holiday is not None:
        found.append(
            _problem(
                f"tanggal {on.isoformat()} adalah hari libur ({holiday}); tidak ada yang di "
                "kantor, laporkan kasus pada hari kerja",
                f"{on.isoformat()} is a holiday ({holiday}); nobody is at the office, report "
                "the case on a working day",
                column="--tanggal",
            )
        )
    closed = build_calendar(problem).closed
    for nip in cases:
        emp = staff.get(nip)
        if emp is None:
            continue
        building = problem.building_of(emp)
        if on in closed.get(building, ()):
            found.append(
                _problem(
                    f"gedung {building} (NIP {nip}) sudah ditutup pada {on.isoformat()}; "
                    "laporkan kasus pada hari gedungnya buka",
                    f"building {building} (NIP {nip}) is already closed on {on.isoformat()}; "
                    "report the case on a day its building is open",
                    column="--tanggal",
                )
            )
    return found


def case_events(
    problem: Problem,
    roster: Roster,
    cases: Sequence[str],
    on: dt.date,
    closure_days: int,
    quarantine_days: int,
    isolation_days: int,
    scope: ContactScope,
) -> tuple[list[Closure], list[Absence], ContactTrace, list[ContactRow]]:
    """The events of the case(s): closures, isolation, quarantine, and the contacts.

    - the building of every case is closed from ``on`` for ``closure_days`` calendar days
      (Pergub DKI 88/2020 art. 9(2)(f): at least 3×24 hours);
    - every case is isolated (``ISOLASI``) from ``on`` for ``isolation_days`` calendar days;
    - every close contact (``optimizer.analysis.contacts``, KMK 413/2020) is quarantined
      (``KARANTINA``) for ``quarantine_days`` calendar days counted from the last day they
      shared with a case (day 1 = that day; KMK 413/2020 counts quarantine from the last
      contact), from ``on`` at the earliest: earlier days are published and frozen.
    """
    trace = ContactIndex(problem, roster, scope).trace(cases, on)
    staff = {e.nip: e for e in problem.employees}
    day = dt.timedelta(days=1)
    label = ", ".join(trace.cases)
    closures = [
        Closure(
            building,
            on,
            on + (closure_days - 1) * day,
            f"Kasus positif / positive case NIP {label} ({closure_days} hari/days)",
        )
        for building in sorted({problem.building_of(staff[n]) for n in trace.cases})
    ]
    absences = [
        Absence(nip, on, on + (isolation_days - 1) * day, AbsenceType.ISOLATION)
        for nip in trace.cases
    ]
    rows: list[ContactRow] = []
    for contact in trace.contacts:
        until = max(on, contact.last_shared + (quarantine_days - 1) * day)
        rows.append(ContactRow(contact.nip, contact.cases, contact.shared_days, until))
        absences.append(Absence(contact.nip, on, until, AbsenceType.QUARANTINE))
    return closures, absences, trace, rows


# ---------------------------------------------------------------------------------------------
# Pins
# ---------------------------------------------------------------------------------------------


def check_pins(
    problem: Problem, roster: Roster, pins: Sequence[Pin], first: dt.date
) -> list[InputProblem]:
    """Every pin that breaks a never-bending rule of ``problem`` (the event problem), or that
    contradicts a frozen day of ``roster``; each named with its sheet and row."""
    found: list[InputProblem] = []
    staff = {e.nip: e for e in problem.employees}
    calendar = build_calendar(problem)
    index = {d: i for i, d in enumerate(problem.dates)}
    on_site: list[Pin] = []
    for pin in pins:
        where = f"NIP {pin.nip}, {pin.day.isoformat()} = {pin.cell.value}"
        if pin.nip not in staff:
            found.append(
                _pin(pin, f"{where}: NIP tidak ada di input", f"{where}: NIP not in the input")
            )
            continue
        i = index.get(pin.day)
        if i is None:
            found.append(
                _pin(
                    pin,
                    f"{where}: tanggal di luar periode jadwal",
                    f"{where}: date outside the roster's period",
                )
            )
            continue
        if pin.day < first:
            published = roster.cells.get(pin.nip)
            was = published[roster.dates.index(pin.day)] if published else None
            if was is not None and was is not pin.cell:
                found.append(
                    _pin(
                        pin,
                        f"{where}: hari ini sebelum tanggal mulai penjadwalan ulang "
                        f"({first.isoformat()}) dan jadwal terbit berisi {was.value}; hari yang "
                        "sudah lewat tidak diubah",
                        f"{where}: this day is before the re-plan's first day "
                        f"({first.isoformat()}) and the published roster says {was.value}; past "
                        "days are not changed",
                    )
                )
            continue
        fixed = calendar.fixed[pin.nip][i]
        if pin.cell is Cell.WFO:
            if fixed is not None:
                found.append(
                    _pin(
                        pin,
                        f"{where}: melanggar aturan ketersediaan (tidak pernah dilonggarkan): "
                        f"hari itu {fixed.value}",
                        f"{where}: breaks the availability rule (never bends): that day is "
                        f"{fixed.value}",
                    )
                )
            else:
                on_site.append(pin)
    found += _pin_caps(problem, on_site)
    return found


def _pin(pin: Pin, text_id: str, text_en: str) -> InputProblem:
    return InputProblem(pin.sheet, pin.row, "Status", text_id, text_en)


def _pin_caps(problem: Problem, on_site: list[Pin]) -> list[InputProblem]:
    """More WFO pins on one day than a unit's or a building's cap allows."""
    found: list[InputProblem] = []
    staff = {e.nip: e for e in problem.employees}
    unit_size = Counter(e.unit for e in problem.employees)
    building_size = Counter(problem.building_of(e) for e in problem.employees)
    by_unit: dict[tuple[str, dt.date], list[Pin]] = defaultdict(list)
    by_building: dict[tuple[str, dt.date], list[Pin]] = defaultdict(list)
    for pin in on_site:
        emp = staff[pin.nip]
        by_unit[emp.unit, pin.day].append(pin)
        by_building[problem.building_of(emp), pin.day].append(pin)
    for (unit, day), pins in sorted(by_unit.items()):
        cap = cap_count(problem.unit_cap_pct(problem.unit(unit)), unit_size[unit])
        if len(pins) > cap:
            found.append(
                _cap_problem(
                    pins, f"kuota WFO unit {unit}", f"the office cap of unit {unit}", cap, day
                )
            )
    for (name, day), pins in sorted(by_building.items()):
        b = problem.building(name)
        limits = [b.seats] if b.seats is not None else []
        if b.cap_pct is not None:
            limits.append(cap_count(b.cap_pct, building_size[name]))
        if limits and len(pins) > min(limits):
            found.append(
                _cap_problem(
                    pins, f"kuota gedung {name}", f"the cap of building {name}", min(limits), day
                )
            )
    return found


def _cap_problem(
    pins: list[Pin], what_id: str, what_en: str, cap: int, day: dt.date
) -> InputProblem:
    rows = ", ".join(str(p.row) for p in pins if p.row is not None)
    nips = ", ".join(p.nip for p in pins)
    return InputProblem(
        pins[0].sheet,
        pins[0].row,
        "Status",
        f"{len(pins)} sel WFO dikunci pada {day.isoformat()} (NIP {nips}; baris {rows}) melebihi "
        f"{what_id} ({cap} orang; tidak pernah dilonggarkan)",
        f"{len(pins)} WFO cells pinned on {day.isoformat()} (NIP {nips}; rows {rows}) exceed "
        f"{what_en} ({cap} people; never bends)",
    )


# ---------------------------------------------------------------------------------------------
# The re-plan problem, the merged roster, the changes
# ---------------------------------------------------------------------------------------------


def replan_problem(
    problem: Problem,
    published: Roster,
    first: dt.date,
    pins: Sequence[Pin] = (),
    only: Sequence[Component] | None = None,
) -> Problem:
    """The problem solved by a re-plan from ``first`` (see the module docstring).

    ``problem`` is the event problem; ``published`` the roster being re-planned (its dates are
    ``problem.dates``). Days before ``first`` become days off named ``FROZEN_NAME``. With
    ``only`` (components of ``problem``), the problem of those components alone; the history
    is shifted by the same amount as for the whole problem, so each is solved as in the whole.
    """
    dates = problem.dates
    k = sum(1 for d in dates if d < first)  # the frozen dates are the first k
    frozen = [d for d in dates[:k] if d not in problem.holiday_names]
    calendar = build_calendar(problem)
    by_nip: dict[str, dict[int, Cell]] = {}
    for p in pins:
        by_nip.setdefault(p.nip, {})[dates.index(p.day)] = p.cell
    wfo = Cell.WFO
    none_pinned = (False,) * len(dates)
    shared: dict[tuple[bool, ...], tuple[bool, ...]] = {}  # one tuple per pattern (memory)
    with_waves = problem.policy.has_waves
    shared_waves: dict[tuple[int, ...], tuple[int, ...]] = {}
    rows: list[Published] = []
    history: list[tuple[str, int]] = []
    staff = problem.employees if only is None else tuple(e for c in only for e in c.employees)
    for emp in staff:
        cells = published.cells.get(emp.nip)
        pinned = by_nip.get(emp.nip)
        keep = cells is not None
        if cells is None:  # new staff: nothing to keep but their pins
            if pinned is None:
                continue
            cells = (Cell.WFH,) * len(dates)
        row = [False] * k + [c is wfo for c in cells[k:]]
        pin_row = none_pinned
        if pinned is not None:
            flags = [False] * len(dates)
            for i, cell in pinned.items():
                if i >= k:
                    row[i] = cell is wfo
                    flags[i] = True
            pin_row = tuple(flags)
        key = tuple(row)
        wave_row: tuple[int, ...] = ()
        if with_waves:
            given = published.waves.get(emp.nip) if keep else None
            # the published wave of a day still on site as published (0 on the frozen days)
            wave_key = tuple(
                given[i] if given is not None and i >= k and row[i] and cells[i] is wfo else 0
                for i in range(len(dates))
            )
            wave_row = shared_waves.setdefault(wave_key, wave_key)
        done = cells[:k].count(wfo)
        available = calendar.fixed[emp.nip][:k].count(None)
        rows.append(
            Published(
                emp.nip, shared.setdefault(key, key), pin_row, done, available, keep, wave_row
            )
        )
        if keep:
            history.append((emp.nip, done))
    # only differences matter to fairness: shifted so that the least history of the whole
    # problem is 0 (the same shift with ``only``)
    low = min(
        (
            cells[:k].count(wfo)
            for e in problem.employees
            if (cells := published.cells.get(e.nip)) is not None
        ),
        default=0,
    )
    return dataclasses.replace(
        problem,
        units=problem.units if only is None else tuple(u for c in only for u in c.units),
        employees=staff,
        holidays=tuple(sorted((*problem.holidays, *((d, FROZEN_NAME) for d in frozen)))),
        history=tuple((nip, h - low) for nip, h in history),
        published=tuple(rows),
    )


def merge_roster(problem: Problem, published: Roster, replanned: Roster, first: dt.date) -> Roster:
    """The frozen days of ``published``, the others from ``replanned`` (same dates); with start
    waves, the waves likewise (frozen days keep their published waves)."""
    calendar: Calendar | None = None
    dates = problem.dates
    k = sum(1 for d in dates if d < first)  # the frozen dates are the first k
    cells: dict[str, tuple[Cell, ...]] = {}
    waves: dict[str, tuple[int, ...]] = {}
    none = (0,) * len(dates)
    for emp in problem.employees:
        new = replanned.cells[emp.nip]
        old = published.cells.get(emp.nip)
        if old is None:  # staff new to the roster: their frozen days were not rostered
            calendar = calendar or build_calendar(problem)
            fixed = calendar.fixed[emp.nip]
            old = tuple(f if f is not None else Cell.WFH for f in fixed)
        cells[emp.nip] = old[:k] + new[k:] if k else new
        if problem.policy.has_waves:
            old_w = published.waves.get(emp.nip, none)
            new_w = replanned.waves.get(emp.nip, none)
            waves[emp.nip] = old_w[:k] + new_w[k:] if k else new_w
    return Roster(dates, cells, waves)


def _label(cell: Cell, wave: int) -> str:
    """A cell as the roster shows it: ``WFO-2`` for on site in wave 2, else its code."""
    return f"{cell.value}-{wave}" if cell is Cell.WFO and wave else cell.value


def changed_cells(
    problem: Problem,
    published: Roster,
    merged: Roster,
    contacts: Sequence[ContactRow] = (),
    cases: Sequence[str] = (),
) -> list[Change]:
    """Every cell of ``merged`` that differs from ``published``, with its reason."""
    by_contact = {c.nip: c for c in contacts}
    case_list = ", ".join(cases)
    out: list[Change] = []
    none = (0,) * len(problem.dates)
    for emp in problem.employees:
        old = published.cells.get(emp.nip)
        new = merged.cells[emp.nip]
        if old is None:
            continue
        old_w = published.waves.get(emp.nip, none)
        new_w = merged.waves.get(emp.nip, none)
        for day, o, n, ow, nw in zip(problem.dates, old, new, old_w, new_w, strict=True):
            before, after = _label(o, ow), _label(n, nw)
            if before == after:
                continue
            if o is n:  # the same cell, another start wave
                reason = (
                    f"dijadwalkan ulang: gelombang masuk {ow or '-'} → {nw or '-'} (kuota per "
                    "gelombang, aturan tetap terpenuhi)",
                    f"re-planned: start wave {ow or '-'} → {nw or '-'} (caps per wave, the rules "
                    "still hold)",
                )
            else:
                reason = _reason(n, emp.nip, by_contact, case_list, problem.building_of(emp))
            out.append(Change(emp.nip, day, before, after, *reason))
    return out


def _reason(
    cell: Cell, nip: str, contacts: dict[str, ContactRow], cases: str, building: str
) -> tuple[str, str]:
    if cell is Cell.CLOSED:
        return (
            f"gedung {building} ditutup untuk disinfeksi (Pergub DKI 88/2020)",
            f"building {building} closed for disinfection (Pergub DKI 88/2020)",
        )
    if cell is Cell.ISOLATION:
        if cases and nip in cases.split(", "):
            return "kasus positif: isolasi", "positive case: isolation"
        return "isolasi", "isolation"
    if cell is Cell.QUARANTINE:
        row = contacts.get(nip)
        if row is not None:
            return (
                f"kontak erat NIP {', '.join(row.cases)}: karantina s.d. "
                f"{row.quarantine_until.isoformat()} (KMK 413/2020)",
                f"close contact of NIP {', '.join(row.cases)}: quarantine until "
                f"{row.quarantine_until.isoformat()} (KMK 413/2020)",
            )
        return "karantina", "quarantine"
    if cell is Cell.WFO:
        return (
            "dijadwalkan ulang: masuk kantor agar aturan tetap terpenuhi (keterwakilan, minimal "
            "layanan, kuota)",
            "re-planned: on site so that the rules still hold (representation, service minimum, "
            "quota)",
        )
    if cell is Cell.WFH:
        return (
            "dijadwalkan ulang: kerja di rumah (kuota, pemerataan)",
            "re-planned: works from home (caps, fair share)",
        )
    return (
        f"input: {cell.value} (ketidakhadiran, libur atau penutupan dari input)",
        f"input: {cell.value} (an absence, holiday or closure of the input)",
    )


def frozen_violations(
    report_violations: Iterable[tuple[str, str, dt.date | None, str, str]], first: dt.date
) -> list[InputProblem]:
    """Never-bending rules broken on frozen days (``(rule, scope, date, id, en)``): the updated
    input changed the past, which a re-plan from ``first`` cannot undo."""
    return [
        InputProblem(
            "Jadwal",
            None,
            scope,
            f"{rule} {scope} {day.isoformat()}: {text_id}; hari ini sebelum {first.isoformat()} "
            "dan tidak diubah (pakai --dari lebih awal)",
            f"{rule} {scope} {day.isoformat()}: {text_en}; this day is before "
            f"{first.isoformat()} and is not changed (use an earlier --dari)",
        )
        for rule, scope, day, text_id, text_en in report_violations
        if day is not None and day < first
    ]


def settled_components(
    problem: Problem,
    published: Roster,
    first: dt.date,
    pins: Sequence[Pin] = (),
    comps: Sequence[Component] | None = None,
) -> frozenset[str]:
    """Keys of the components (``models.solve.components``) whose published cells are already
    the re-plan's exact optimum, so that they need no solve.

    When the published roster, from ``first`` on, breaks no rule of ``problem`` (the event
    problem) in a component — no never-bending rule, no shortfall of any tier, checked by the
    independent checker — then it is optimal for tiers 1–5 (every shortfall is 0) and for the
    stability goal (0 changed cells), and it is the only roster with 0 changed cells: the
    lexicographic optimum, whatever the goals below say. Components with staff new to the
    roster or with a pin that differs from the published cell are never settled (their
    published cells do not fix everything), nor is any component a violation cannot be placed
    in.
    """
    comps = components(problem) if comps is None else comps
    owner: dict[str, str] = {}
    for comp in comps:
        for unit in comp.units:
            owner[unit.name] = owner[unit.building] = comp.key
        for emp in comp.employees:
            owner[emp.nip] = owner[problem.building_of(emp)] = comp.key
    touched: set[str] = set()
    rows: dict[str, tuple[Cell, ...]] = {}
    for emp in problem.employees:
        cells = published.cells.get(emp.nip)
        if cells is None:
            touched.add(owner[emp.nip])
            cells = tuple(Cell.WFH for _ in problem.dates)
        rows[emp.nip] = cells
    for pin in pins:
        cells = published.cells.get(pin.nip)
        if pin.nip in owner and (
            cells is None or cells[problem.dates.index(pin.day)] is not pin.cell
        ):
            touched.add(owner[pin.nip])
    for v in check(problem, Roster(problem.dates, rows, published.waves)).violations:
        if v.date is not None and v.date < first:
            continue
        key = owner.get(v.scope) or owner.get(v.scope.split(" / ")[0])
        if key is None:
            return frozenset()
        touched.add(key)
    return frozenset(c.key for c in comps) - touched


def closure_findings(
    problem: Problem, roster: Roster, first: dt.date, number: int = 1
) -> list[Finding]:
    """Essential units whose building is closed on days from ``first`` on, as explanations.

    The essential minimum does not apply on a day the unit's building is closed (the rule's
    definition, ``models.rules.minimums.essential_minimum``): a closed building cannot hold the
    minimum, and the roster keeps the never-bending rules (availability: nobody on site in a
    closed building). The finding says so, with the way out the roster already verified (the
    independent checker passed it): the unit's staff who work in another, open building and how
    many of them are on site each closed day. When the unit has nobody elsewhere, the
    suggestion (give some staff another building in ``Gedung`` and run ``giliran replan``) is
    listed as not verified.
    """
    closed = build_calendar(problem).closed
    out: list[Finding] = []
    for unit in problem.units:
        if not unit.min_per_day:
            continue
        days = tuple(sorted(d for d in closed.get(unit.building, ()) if d >= first))
        days = tuple(d for d in days if d not in problem.holiday_names)
        if not days:
            continue
        staff = [e for e in problem.employees if e.unit == unit.name]
        elsewhere = [
            e
            for e in staff
            if problem.building_of(e) != unit.building
            and not any(d in closed.get(problem.building_of(e), ()) for d in days)
        ]
        index = {d: i for i, d in enumerate(roster.dates)}
        on_site = [
            sum(1 for e in elsewhere if roster.cells[e.nip][index[d]] is Cell.WFO) for d in days
        ]
        span = f"{days[0].isoformat()} – {days[-1].isoformat()}"
        if elsewhere and any(on_site):
            shown = ", ".join(f"{d.isoformat()}: {n}" for d, n in zip(days, on_site, strict=True))
            buildings = ", ".join(sorted({problem.building_of(e) for e in elsewhere}))
            suggestion = Suggestion(
                f"Layanan tetap berjalan dari gedung lain unit ini ({buildings}): "
                f"{len(elsewhere)} pegawai di sana, yang di kantor: {shown} (jadwal ini, "
                "diperiksa pemeriksa independen)",
                f"The service goes on from the unit's other building(s) ({buildings}): "
                f"{len(elsewhere)} staff there, on site: {shown} (this roster, checked by the "
                "independent checker)",
                True,
                f"elsewhere:{unit.name}={len(elsewhere)}",
            )
        else:
            suggestion = Suggestion(
                f"Tidak ada pegawai {unit.name} di gedung lain yang buka; pindahkan sementara "
                "sebagian pegawai ke gedung lain (kolom Gedung di sheet Pegawai) lalu jalankan "
                "'giliran replan', atau layani dari rumah selama penutupan",
                f"No staff of {unit.name} work in another open building; move some staff to "
                "another building for now (column Gedung of sheet Pegawai) and run 'giliran "
                "replan', or serve from home during the closure",
                False,
                f"move:{unit.name}",
            )
        out.append(
            Finding(
                number + len(out),
                "essential_minimum",
                1,
                unit.name,
                (unit.name,),
                days,
                (
                    f"gedung {unit.building} ditutup {span} (Pergub DKI 88/2020 art. 9(2)(f)) / "
                    f"building {unit.building} closed {span}",
                    f"minimal {unit.min_per_day} orang/hari / minimum {unit.min_per_day} a day",
                ),
                f"{unit.name}: minimal layanan esensial {unit.min_per_day} orang/hari tidak "
                f"dapat dipenuhi di gedung {unit.building} yang ditutup; tidak ada yang di kantor "
                "di gedung itu (aturan yang tidak pernah dilonggarkan tetap berlaku)",
                f"{unit.name}: the essential-service minimum of {unit.min_per_day} a day cannot "
                f"be met in the closed building {unit.building}; nobody is on site there (the "
                "never-bending rules hold)",
                (suggestion,),
                len(days),
                (unit.name,),
            )
        )
    return out
