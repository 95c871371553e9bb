"""Teams of the weekly pattern (``Pola = AB-mingguan``): who is team A and who is team B.

Pure and deterministic (same staff, same teams): within each seksi (or bidang, or unit, for
staff without one) the flexible staff are sorted by what makes them interchangeable (building,
vaccination, preferred days) and then by NIP, and dealt A, B, A, B, … so the two teams of a
seksi differ by at most one person, and so do the two halves of each group of look-alike staff
(the staff classes of ``models.variables``, which the team then splits in two). Where a seksi
has an odd number of members the extra person goes to A and B in turn, seksi after seksi, so a
unit's teams stay even too.

Not in a team (on site in any week, by their own rules): vulnerable staff (never on site),
front-line staff (``Wajib WFO``: every day), leaders (``Pimpinan``: the leaders-on-site rule,
SE MenPAN-RB 19/2020) and, with ``Hanya Tervaksinasi WFO``, staff not vaccinated (never on site).
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict

from models.domain import TEAMS, Employee, Pattern, Problem


def in_a_team(problem: Problem, emp: Employee) -> bool:
    """Whether the pattern puts ``emp`` in a team."""
    if problem.policy.pattern is not Pattern.AB_WEEKLY:
        return False
    if emp.vulnerable or emp.always_on_site or emp.leader:
        return False
    return not (problem.policy.vaccinated_only and not emp.vaccinated)


def assign_teams(problem: Problem) -> Problem:
    """``problem`` with each employee's ``team`` set by the pattern (all "" when it is off)."""
    groups: dict[tuple[str, str, str], list[Employee]] = defaultdict(list)
    for emp in problem.employees:
        if in_a_team(problem, emp):
            groups[emp.unit, emp.bidang, emp.seksi].append(emp)
    team: dict[str, str] = {}
    odd = 0
    for members in groups.values():
        members.sort(
            key=lambda e: (
                problem.building_of(e),
                e.vaccinated,
                tuple(sorted(e.preferred_weekdays)),
                e.nip,
            )
        )
        first = odd % 2 if len(members) % 2 else 0
        odd += len(members) % 2
        for i, emp in enumerate(members):
            team[emp.nip] = TEAMS[(i + first) % 2]
    employees = tuple(
        e if e.team == team.get(e.nip, "") else dataclasses.replace(e, team=team.get(e.nip, ""))
        for e in problem.employees
    )
    return dataclasses.replace(problem, employees=employees)
