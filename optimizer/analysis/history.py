"""Office days from published rosters, carried into the next roster (``--riwayat``).

Fairness over weeks needs memory: whoever had fewer office days recently should get more now.
The office days each employee had in earlier published rosters (only the dates *before* the new
roster starts) become ``Problem.history``; the fairness goal then continues each person's count
(``models.rules.goals.fairness``). Rules:

- a roster date on or after the new roster's start overlaps it and is not counted (a warning);
- an employee of the new input who is in no earlier roster (new staff) gets the median history of
  their unit's colleagues, so they are neither favoured nor held back (a warning counts them);
- an employee of the rosters who is not in the new input has left: not used (a warning counts);
- only differences matter to the fairness goal, so the smallest history is shifted to 0.
"""

from __future__ import annotations

import dataclasses
import statistics
from collections import defaultdict
from collections.abc import Sequence

from models.domain import Cell, Problem, Roster
from optimizer.errors import InputProblem


@dataclasses.dataclass(frozen=True)
class HistorySource:
    """One published roster, and the name to show in messages (its file name)."""

    name: str
    roster: Roster


def with_history(
    problem: Problem, sources: Sequence[HistorySource]
) -> tuple[Problem, list[InputProblem]]:
    """``problem`` with the office days of ``sources`` as its history, and the warnings."""
    if not sources:
        return problem, []
    warnings: list[InputProblem] = []
    start = problem.policy.start
    days: dict[str, int] = defaultdict(int)
    seen: set[str] = set()
    for source in sources:
        overlap = [d for d in source.roster.dates if d >= start]
        if overlap:
            warnings.append(
                InputProblem(
                    source.name,
                    None,
                    None,
                    f"{len(overlap)} tanggal jadwal ini ({overlap[0].isoformat()} dst.) tidak "
                    f"sebelum jadwal baru ({start.isoformat()}); tanggal itu tidak dihitung",
                    f"{len(overlap)} dates of this roster ({overlap[0].isoformat()} on) are not "
                    f"before the new roster ({start.isoformat()}); they are not counted",
                    warning=True,
                )
            )
        keep = [i for i, d in enumerate(source.roster.dates) if d < start]
        for nip, cells in source.roster.cells.items():
            seen.add(nip)
            days[nip] += sum(1 for i in keep if cells[i] is Cell.WFO)
    staff = {e.nip: e for e in problem.employees}
    left = sorted(seen - set(staff))
    if left:
        warnings.append(
            InputProblem(
                sources[0].name,
                None,
                "NIP",
                f"{len(left)} pegawai di riwayat tidak ada di input (mis. {left[0]}); "
                "riwayatnya tidak dipakai",
                f"{len(left)} employees of the history are not in the input (e.g. {left[0]}); "
                "their history is not used",
                warning=True,
            )
        )
    by_unit: dict[str, list[int]] = defaultdict(list)
    for nip, emp in staff.items():
        if nip in seen:
            by_unit[emp.unit].append(days[nip])
    new = [nip for nip in staff if nip not in seen]
    everyone = [days[n] for n in staff if n in seen]
    for nip in new:
        peers = by_unit.get(staff[nip].unit) or everyone or [0]
        days[nip] = int(statistics.median_low(peers))
    if new:
        warnings.append(
            InputProblem(
                sources[0].name,
                None,
                "NIP",
                f"{len(new)} pegawai tidak ada di riwayat (pegawai baru?, mis. {new[0]}); "
                "dihitung dengan median rekan satu unit",
                f"{len(new)} employees are in no earlier roster (new staff?, e.g. {new[0]}); "
                "they count as the median of their unit's colleagues",
                warning=True,
            )
        )
    low = min((days[n] for n in staff), default=0)
    history = tuple((nip, days[nip] - low) for nip in staff)
    return dataclasses.replace(problem, history=history), warnings
