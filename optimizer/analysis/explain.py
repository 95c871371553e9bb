"""Explain, in plain words, why some rules could not all be met, and what would fix it.

For each rule the roster had to bend, ``explain`` names the smallest set of facts that forces it
(a minimal conflict found with CP-SAT assumption literals, see ``models.conflicts``), groups the
same conflict over several days into one finding, and computes the smallest change that removes
it — the least unit cap or building capacity that works, a lower minimum, representation at
bidang level — each checked by solving the changed problem again. "Terima kekurangan / accept
the gap" is always an option.

Subunits whose members can never be on site (all vulnerable, away or behind a closed door) are
not conflicts — the rule asks nothing of them — but HR needs to hear about them too: they are
listed as findings of their own.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from models.calendar import Calendar, build_calendar
from models.conflicts import Conflict, DayModel, Requirement, find_conflicts
from models.domain import (
    Building,
    Cell,
    Employee,
    Policy,
    Problem,
    Representation,
    Unit,
    cap_count,
    waves_apart,
)
from models.registry import RULES, RuleId, Tier
from models.rules import HARD_AND_TIERED
from models.rules.minimums import subunits
from models.solve import (
    ComponentResult,
    Result,
    Shortfall,
    SolveParams,
    components,
    solve_component,
)
from models.stop import Stop
from models.variables import Component
from optimizer.errors import InputProblem
from optimizer.model_export import memfd_export

#: Kind of finding for a subunit nobody can attend: not a rule that bends (it asks nothing).
NOBODY_ELIGIBLE_FINDING = "nobody_eligible"
#: The phrase naming each kind of finding (Indonesian, English): the rules of the model that can
#: be part of a conflict (caps and tiered rules, phrased as in ``models.registry``), and subunits
#: nobody can attend.
RULE_LABELS: dict[str, tuple[str, str]] = {
    **{
        r: (RULES[r].short_id, RULES[r].short_en) for rule in HARD_AND_TIERED for r in rule.families
    },
    NOBODY_ELIGIBLE_FINDING: (
        "subunit tanpa pegawai yang dapat hadir",
        "subunit nobody can attend",
    ),
}

ACCEPT_ID = "Terima kekurangan ini (jadwal tetap berlaku, kekurangan tercatat)"
ACCEPT_EN = "Accept the gap (the roster stands; the shortfall is on record)"


@dataclass(frozen=True)
class Suggestion:
    """A change that would resolve a finding; ``verified`` = re-solved, the conflict is gone."""

    text_id: str
    text_en: str
    verified: bool
    change: str = ""  # machine-readable, e.g. "unit_cap_pct:Dinas X=34"
    changed: Problem | None = field(default=None, compare=False, repr=False)  # with it applied
    #: the sector cap of the regulation in force that this suggestion goes beyond (a unit cap
    #: above it), or None; such a suggestion says so and comes after those within the cap
    above_regulation: Decimal | None = None


@dataclass(frozen=True)
class Finding:
    """One conflict (possibly on several dates) and what would resolve it."""

    number: int
    rule: str  # the rule that bends (a ``RuleId``), or ``NOBODY_ELIGIBLE_FINDING``
    tier: int
    owner: str  # the unit (or, for a building's capacity, the building) where it happens
    scopes: tuple[str, ...]  # the rule instances that bend (subunits, NIPs, units)
    dates: tuple[dt.date, ...]
    facts: tuple[str, ...]  # the minimal conflict, one fact per element
    reason_id: str
    reason_en: str
    suggestions: tuple[Suggestion, ...]
    violations: int  # unmet rule instances this finding explains
    units: tuple[str, ...] = ()  # units concerned (for per-unit workbooks)


@dataclass
class Explanation:
    findings: list[Finding] = field(default_factory=list)
    wall_time_s: float = 0.0
    checks: int = 0  # feasibility checks (small CP-SAT solves)
    resolves: int = 0  # component re-solves to verify suggestions
    stopped: bool = False  # cut short by a stop request: the findings so far, not all of them

    @property
    def empty(self) -> bool:
        return not self.findings


# ---------------------------------------------------------------------------------------------
# Facts about the problem
# ---------------------------------------------------------------------------------------------


class Facts:
    """Headcounts, caps and owners, computed once."""

    def __init__(self, problem: Problem, calendar: Calendar) -> None:
        self.problem = problem
        self.calendar = calendar
        self.by_nip = {e.nip: e for e in problem.employees}
        self.unit_staff: dict[str, list[Employee]] = defaultdict(list)
        self.building_staff: dict[str, list[Employee]] = defaultdict(list)
        for e in problem.employees:
            self.unit_staff[e.unit].append(e)
            self.building_staff[problem.building_of(e)].append(e)

    def owner(self, req: Requirement | Shortfall) -> str:
        """The unit a rule instance belongs to (a building for building caps)."""
        if req.rule in (RuleId.ALWAYS_ON_SITE, RuleId.LEADER_ON_SITE):
            emp = self.by_nip.get(req.scope)
            return emp.unit if emp else req.scope
        return req.scope.split(" / ")[0]

    def unit_cap(self, unit: str) -> tuple[Decimal, int, int]:
        u = self.problem.unit(unit)
        pct = self.problem.unit_cap_pct(u)
        n = len(self.unit_staff[unit])
        return pct, n, cap_count(pct, n)

    def building_limit(self, name: str) -> tuple[int | None, int | None, Decimal | None, int]:
        """(limit, seats, cap %, staff) of a building."""
        b = self.problem.building(name)
        n = len(self.building_staff[name])
        limits = []
        if b.seats is not None:
            limits.append(b.seats)
        if b.cap_pct is not None:
            limits.append(cap_count(b.cap_pct, n))
        return (min(limits) if limits else None), b.seats, b.cap_pct, n

    def unavailable(self, staff: Iterable[Employee], day: dt.date) -> dict[str, int]:
        """Why staff cannot be on site on ``day``: counts per reason code (see ``REASONS``)."""
        i = self.calendar.dates.index(day)
        out: dict[str, int] = defaultdict(int)
        for e in staff:
            cell = self.calendar.fixed[e.nip][i]
            if cell is None or cell is Cell.HOLIDAY:
                continue
            if cell is Cell.CLOSED:
                out["closed"] += 1
            elif cell is Cell.WFH:
                out["vulnerable"] += 1
            else:
                out[cell.value] += 1
        return dict(out)


REASONS: dict[str, tuple[str, str]] = {
    "closed": ("gedung ditutup", "building closed"),
    "vulnerable": ("rentan", "vulnerable"),
    "CUTI": ("cuti", "on leave"),
    "SAKIT": ("sakit", "sick"),
    "DL": ("dinas luar", "on duty travel"),
    "ISOLASI": ("isolasi", "in isolation"),
    "KARANTINA": ("karantina", "in quarantine"),
}


def _why(away: dict[str, int]) -> tuple[str, str]:
    items = sorted(away.items())
    text_id = ", ".join(f"{n} {REASONS[k][0]}" for k, n in items) or "-"
    text_en = ", ".join(f"{n} {REASONS[k][1]}" for k, n in items) or "-"
    return text_id, text_en


def _pct(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _dates_text(dates: Iterable[dt.date]) -> str:
    return ", ".join(d.isoformat() for d in sorted(dates))


# ---------------------------------------------------------------------------------------------
# Explaining
# ---------------------------------------------------------------------------------------------


@dataclass
class _Group:
    """Conflicts that are the same conflict on different days."""

    component: Component
    rule: RuleId
    tier: int
    owner: str
    caps: tuple[tuple[RuleId, str], ...]  # (rule, scope) of never-broken elements
    building: bool = False  # a building's capacity is involved: the owner is the building
    conflicts: list[Conflict] = field(default_factory=list)
    broken: list[Shortfall] = field(default_factory=list)
    models: dict[dt.date, DayModel] = field(default_factory=dict)
    needs: dict[tuple[str, str], int | None] = field(default_factory=dict)  # cache

    @property
    def dates(self) -> tuple[dt.date, ...]:
        return tuple(sorted({c.day for c in self.conflicts}))

    def covers(self, unit: str) -> bool:
        """Does a rule instance of ``unit`` (in this component) belong to this group?"""
        return self.building or unit == self.owner


def explain(
    problem: Problem,
    result: Result,
    *,
    verify: bool = True,
    time_limit_s: float = 30.0,
    calendar: Calendar | None = None,
    stop: Stop | None = None,
) -> Explanation:
    """Findings for every rule ``result`` had to bend, and for subunits nobody can attend.

    Suggestions are verified within ``time_limit_s`` in all (each re-solve at most
    ``VERIFY_LIMIT_S``); a ``stop`` request ends the explanation early with what it has
    (``Explanation.stopped``).
    """
    started = time.monotonic()
    budget = _Budget(started + time_limit_s, stop)
    calendar = calendar or build_calendar(problem)
    facts = Facts(problem, calendar)
    out = Explanation()
    broken_keys = {(s.rule, s.scope, s.day): s for s in result.shortfalls}
    by_place: dict[tuple[str, dt.date], list[Shortfall]] = defaultdict(list)
    comps = {c.key: c for c in components(problem)}
    comp_of_unit = {u.name: c for c in comps.values() for u in c.units}
    for s in result.shortfalls:
        if s.day is not None:
            by_place[comp_of_unit[facts.owner(s)].key, s.day].append(s)

    def family(r: Requirement) -> object:
        return facts.owner(r)

    def is_broken(r: Requirement) -> bool:
        return (r.rule, r.scope, r.day) in broken_keys

    groups: dict[tuple[object, ...], _Group] = {}
    for (key, day), shortfalls in sorted(by_place.items()):
        if budget.stopped:
            break
        comp = comps[key]
        model = DayModel(problem, calendar, comp, calendar.dates.index(day))
        conflicts = find_conflicts(model, is_broken, family)
        out.checks += model.solves
        explained: set[tuple[RuleId, str, dt.date | None]] = set()
        for conflict in conflicts:
            g = conflict.given_up
            caps = tuple(sorted((r.rule, r.scope) for r in conflict.elements if r.never_broken))
            in_building = [scope for rule, scope in caps if rule == RuleId.BUILDING_CAP]
            owner = in_building[0] if in_building else facts.owner(g)
            gkey = (key, g.rule, owner, caps)
            group = groups.setdefault(
                gkey, _Group(comp, g.rule, g.tier, owner, caps, bool(in_building))
            )
            group.conflicts.append(conflict)
            group.models[day] = model
            for s in shortfalls:
                k = (s.rule, s.scope, s.day)
                if k not in explained and s.rule == g.rule and group.covers(facts.owner(s)):
                    group.broken.append(s)
                    explained.add(k)
        for s in shortfalls:  # bent only because of a conflict listed under another rule
            k = (s.rule, s.scope, s.day)
            if k not in explained and conflicts:
                first = conflicts[0]
                caps = tuple(sorted((r.rule, r.scope) for r in first.elements if r.never_broken))
                in_building = [scope for rule, scope in caps if rule == RuleId.BUILDING_CAP]
                owner = in_building[0] if in_building else facts.owner(first.given_up)
                groups[key, first.given_up.rule, owner, caps].broken.append(s)
                explained.add(k)

    ordered = sorted(groups.values(), key=lambda g: (g.tier, g.owner, g.rule, g.caps))
    for group in ordered:
        finding = _finding(len(out.findings) + 1, group, facts, problem, calendar)
        suggestions: list[Suggestion] = []
        if verify:
            for text_id, text_en, change, changed in _candidates(group, facts, problem):
                if budget.over:
                    break
                ok = _resolves(changed, group, facts, result.shortfalls, budget)
                out.resolves += 1
                if ok:
                    suggestions.append(_suggestion(text_id, text_en, change, changed, problem))
        # Alternatives within the regulation's cap first (issue 12 §1); order otherwise kept.
        suggestions.sort(key=lambda s: s.above_regulation is not None)
        suggestions.append(Suggestion(ACCEPT_ID, ACCEPT_EN, True, "accept"))
        out.findings.append(dataclasses.replace(finding, suggestions=tuple(suggestions)))

    out.findings += _leader_findings(problem, result, facts, verify, budget, out)
    out.findings.sort(key=lambda f: f.tier)  # a leader's finding (tier 3) among the others
    out.findings = [dataclasses.replace(f, number=i) for i, f in enumerate(out.findings, 1)]
    baseline = {(s.rule, s.scope, s.day) for s in result.shortfalls}
    nobody = _nobody_eligible(problem, calendar, facts, len(out.findings), baseline, verify, budget)
    for finding in nobody:
        out.findings.append(finding)
        out.resolves += 1 if verify else 0
    if problem.policy.cohorts > 1:
        out.findings = [_with_cohorts(f, problem) for f in out.findings]
    out.stopped = budget.stopped
    out.wall_time_s = time.monotonic() - started
    return out


def _with_cohorts(finding: Finding, problem: Problem) -> Finding:
    """Cohort mode: the day models hold the cohort separation as a condition that never bends
    (``models.rules.cohorts``) but do not name it; each finding says so, so that its numbers
    are not read as the whole story."""
    k = problem.policy.cohorts
    level = problem.policy.cohort_level.value.lower()
    text_id = (
        f" Kohort {k} per {level} berlaku: setiap hari hanya satu kohort tiap {level} yang "
        "boleh hadir (tidak pernah dilonggarkan); Kohort yang lebih kecil dapat mengurangi "
        "kekurangan ini (belum diverifikasi)."
    )
    text_en = (
        f" {k} cohorts per {level} are in force: each day only one cohort of each {level} may "
        "be on site (never relaxed); fewer cohorts may reduce this gap (not verified)."
    )
    fact = f"pemisahan kohort ({k} per {level}) / cohort separation ({k} per {level})"
    return dataclasses.replace(
        finding,
        facts=(*finding.facts, fact),
        reason_id=finding.reason_id + text_id,
        reason_en=finding.reason_en + text_en,
    )


#: Longest single re-solve when a suggestion is verified (within the explanation's own limit).
VERIFY_LIMIT_S = 20.0


@dataclass(frozen=True)
class _Budget:
    """The explanation's deadline and stop token, shared by every verifying re-solve."""

    deadline: float
    stop: Stop | None

    @property
    def stopped(self) -> bool:
        return self.stop is not None and self.stop.requested

    @property
    def over(self) -> bool:
        return self.stopped or time.monotonic() > self.deadline

    def solve(self, problem: Problem, comp: Component, calendar: Calendar) -> ComponentResult:
        """Solve one component of a changed problem, as the roster was solved."""
        deadline = min(time.monotonic() + VERIFY_LIMIT_S, self.deadline)
        params = SolveParams(time_limit_s=VERIFY_LIMIT_S, model_export=memfd_export)
        return solve_component(problem, comp, params, deadline, calendar, self.stop)


def _suggestion(
    text_id: str, text_en: str, change: str, changed: Problem, problem: Problem
) -> Suggestion:
    """A verified suggestion, marked when it raises a unit cap above its sector's cap."""
    above: Decimal | None = None
    if change.startswith("unit_cap_pct:"):
        name, _, value = change.removeprefix("unit_cap_pct:").rpartition("=")
        sector_cap = problem.policy.sector_cap(problem.unit(name).sector)
        if Decimal(value) > sector_cap:
            above = sector_cap
            text_id += f" (melebihi batas regulasi {_pct(sector_cap)}%)"
            text_en += f" (above the regulation's {_pct(sector_cap)}% cap)"
    return Suggestion(text_id, text_en, True, change, changed, above)


def _person(emp: Employee) -> str:
    return f"{emp.name} (NIP {emp.nip})"


def _fact(req: Requirement, facts: Facts) -> str:
    label_id, label_en = RULE_LABELS[req.rule]
    if req.rule in (RuleId.ALWAYS_ON_SITE, RuleId.LEADER_ON_SITE):
        emp = facts.by_nip.get(req.scope)
        if emp is not None:
            return f"{label_id} / {label_en}: {_person(emp)}"
    if req.rule == RuleId.UNIT_CAP:
        pct, n, cap = facts.unit_cap(req.scope)
        return f"{label_id} / {label_en}: {req.scope} ≤ {cap} ({_pct(pct)}% × {n})"
    if req.rule == RuleId.BUILDING_CAP:
        limit, _, _, _ = facts.building_limit(req.scope)
        return f"{label_id} / {label_en}: {req.scope} ≤ {limit}"
    return f"{label_id} / {label_en}: {req.scope}"


def _need(group: _Group, day: dt.date) -> tuple[list[Requirement], int]:
    """Requirements of the group's kind in its owner on ``day``, and how many there are."""
    model = group.models[day]
    wanted = [
        r
        for r in model.requirements
        if not r.never_broken and r.tier <= group.tier and group.covers(_owner_of(model, r))
    ]
    same = [r for r in wanted if r.rule == group.rule]
    return wanted, len(same)


def _owner_of(model: DayModel, req: Requirement) -> str:
    if req.rule in (RuleId.ALWAYS_ON_SITE, RuleId.LEADER_ON_SITE):
        for e in model.component.employees:
            if e.nip == req.scope:
                return e.unit
    return req.scope.split(" / ")[0]


def _staff_for(cap: tuple[RuleId, str], model: DayModel, facts: Facts) -> list[Employee]:
    rule, scope = cap
    if rule == RuleId.UNIT_CAP:
        return [e for e in model.component.employees if e.unit == scope]
    return [e for e in model.component.employees if facts.problem.building_of(e) == scope]


def _least_needed(group: _Group, cap: tuple[RuleId, str], facts: Facts) -> int | None:
    """The fewest people on site under ``cap`` that lets the group's rules hold, over its dates."""
    if cap not in group.needs:
        group.needs[cap] = _compute_least_needed(group, cap, facts)
    return group.needs[cap]


def _compute_least_needed(group: _Group, cap: tuple[RuleId, str], facts: Facts) -> int | None:
    worst = 0
    for day in group.dates:
        model = group.models[day]
        wanted, _ = _need(group, day)
        others = [r for r in model.requirements if r.never_broken and (r.rule, r.scope) != cap]
        least = model.least_on_site(_staff_for(cap, model, facts), [*wanted, *others])
        if least is None:
            return None
        worst = max(worst, least)
    return worst


def duty_breakdown(
    staff: Sequence[Employee], policy: Policy, free: Callable[[Employee], bool]
) -> tuple[list[Employee], list[tuple[str, int]]]:
    """What a day's need on site is made of: front-line staff, then subunits they leave bare.

    Returns the front-line (Wajib WFO) staff of ``staff`` who can come (``free``), and each
    bidang or seksi that still needs people once they are on site, with how many (a bidang
    counts the people its seksi already add). Exact for the nested bidang ⊃ seksi structure, so
    ``validate`` (a full working day) and ``explain`` (the conflict's day) give the same numbers
    for the same conflict.
    """
    duty = [e for e in staff if e.always_on_site and free(e)]
    need = policy.min_per_subunit
    lacking: list[tuple[str, int]] = []
    if need <= 0:
        return duty, lacking
    groups = subunits(tuple(staff), policy.representation)
    added: dict[tuple[str, str], int] = defaultdict(int)
    # Seksi first (their people also count for their bidang), then bidang.
    for key in sorted(groups, key=lambda k: (k[2] == "", k)):
        unit, bidang, seksi = key
        eligible = [m for m in groups[key] if free(m)]
        present = sum(1 for m in eligible if m.always_on_site)
        if not seksi:
            present += added[unit, bidang]
        missing = min(need, len(eligible)) - present
        if missing > 0:
            lacking.append((" / ".join(p for p in key if p), missing))
            if seksi:
                added[unit, bidang] += missing
    return duty, lacking


def _free_on(calendar: Calendar, day: int) -> Callable[[Employee], bool]:
    return lambda e: calendar.is_free(e, day)


def _breakdown_text(
    duty: int, lacking: list[tuple[str, int]], limit: int, seats: bool
) -> tuple[str, str]:
    """ "22 Wajib WFO + 1 untuk Seksi 1.2 = 23 > 22 kursi" (Indonesian, English)."""
    rest = sum(n for _, n in lacking)
    names = ", ".join(scope for scope, _ in lacking[:3]) + (" …" if len(lacking) > 3 else "")
    unit_id, unit_en = ("kursi", "seats") if seats else ("orang", "people")
    text_id = f"{duty} Wajib WFO"
    text_en = f"{duty} always-on-site"
    if rest:
        text_id += f" + {rest} untuk {names}"
        text_en += f" + {rest} for {names}"
    total = duty + rest
    sign = ">" if total > limit else "≤"
    return (
        f"{text_id} = {total} {sign} {limit} {unit_id}",
        f"{text_en} = {total} {sign} {limit} {unit_en}",
    )


def _kind_phrase(rule: RuleId, count: int, need: int) -> tuple[str, str]:
    if rule == RuleId.REPRESENT_SEKSI:
        return (
            f"{count} seksi perlu terwakili setiap hari (paling sedikit {need} orang)",
            f"{count} sections need someone on site each day (at least {need} people)",
        )
    if rule == RuleId.REPRESENT_BIDANG:
        return (
            f"{count} bidang perlu terwakili setiap hari (paling sedikit {need} orang)",
            f"{count} divisions need someone on site each day (at least {need} people)",
        )
    if rule == RuleId.ALWAYS_ON_SITE:
        return (
            f"{count} pegawai Wajib WFO perlu hadir (paling sedikit {need} orang)",
            f"{count} always-on-site staff must attend (at least {need} people)",
        )
    if count > 1:
        return (
            f"minimal WFO harian {count} unit memerlukan paling sedikit {need} orang",
            f"the daily minimums of {count} units need at least {need} people",
        )
    return (
        f"minimal WFO harian memerlukan paling sedikit {need} orang",
        f"the daily essential minimum needs at least {need} people",
    )


def _finding(
    number: int, group: _Group, facts: Facts, problem: Problem, calendar: Calendar
) -> Finding:
    first = group.dates[0]
    _, count = _need(group, first)
    elements = sorted({r for c in group.conflicts for r in c.elements})
    fact_lines = tuple(dict.fromkeys(_fact(r, facts) for r in elements))
    scopes = tuple(sorted({s.scope for s in group.broken}))
    if group.caps:
        cap = group.caps[0]
        need = _least_needed(group, cap, facts)
        need_text = _kind_phrase(group.rule, count, need if need is not None else count)
        if cap[0] == RuleId.UNIT_CAP:
            pct, n, limit = facts.unit_cap(cap[1])
            cap_id = f"kuota WFO {_pct(pct)}% dari {n} pegawai = {limit} orang"
            cap_en = f"the {_pct(pct)}% cap of {n} staff allows {limit}"
        else:
            blimit, seats, bpct, n = facts.building_limit(cap[1])
            parts_id, parts_en = [], []
            if seats is not None:
                parts_id.append(f"{seats} kursi")
                parts_en.append(f"{seats} seats")
            if bpct is not None:
                parts_id.append(f"kuota {_pct(bpct)}% dari {n} pegawai")
                parts_en.append(f"a {_pct(bpct)}% cap of {n} staff")
            cap_id = f"gedung {cap[1]} hanya memuat {blimit} orang ({', '.join(parts_id)})"
            cap_en = f"building {cap[1]} holds only {blimit} ({', '.join(parts_en)})"
            apart = _apart(problem, True)
            if apart > 1 and blimit is not None:
                cap_id = (
                    f"gedung {cap[1]} hanya memuat {blimit} orang bersamaan "
                    f"({', '.join(parts_id)}), {apart * blimit} sehari dalam {apart} gelombang"
                )
                cap_en = (
                    f"building {cap[1]} holds only {blimit} at a time ({', '.join(parts_en)}), "
                    f"{apart * blimit} a day in {apart} waves"
                )
        if len(group.caps) > 1:
            extra = "; ".join(_fact(Requirement(0, r, s, first), facts) for r, s in group.caps[1:])
            cap_id += f"; juga {extra}"
            cap_en += f"; also {extra}"
        where_id = f"Gedung {group.owner}" if group.building else group.owner
        where_en = f"Building {group.owner}" if group.building else group.owner
        reason_id = f"{where_id}: {need_text[0]}, tetapi {cap_id}."
        reason_en = f"{where_en}: {need_text[1]}, but {cap_en}."
        made_of = _made_of(group, cap, facts, calendar, first)
        if made_of is not None:
            (text_id, text_en), bare = made_of
            reason_id += f" Kebutuhan: {text_id}."
            reason_en += f" The need: {text_en}."
            if bare:
                reason_id += f" Tidak terwakili: {', '.join(bare)}."
                reason_en += f" Going without: {', '.join(bare)}."
    else:
        staff = facts.unit_staff[group.owner]
        away = facts.unavailable(staff, first)
        free = len(staff) - sum(away.values())
        why_id, why_en = _why(away)
        if group.rule == RuleId.ESSENTIAL_MINIMUM:
            unit = problem.unit(group.owner)
            reason_id = (
                f"{group.owner}: minimal {unit.min_per_day} orang WFO per hari, tetapi hanya "
                f"{free} dari {len(staff)} pegawai dapat hadir ({why_id})."
            )
            reason_en = (
                f"{group.owner}: at least {unit.min_per_day} on site per day, but only {free} of "
                f"{len(staff)} staff can attend ({why_en})."
            )
        else:
            reason_id = f"{group.owner}: aturan lain yang lebih penting tidak menyisakan tempat."
            reason_en = f"{group.owner}: more important rules leave no room."
    return Finding(
        number,
        group.rule,
        group.tier,
        group.owner,
        scopes,
        group.dates,
        fact_lines,
        reason_id,
        reason_en,
        (),
        len(group.broken),
        tuple(sorted({facts.owner(s) for s in group.broken} | ({group.owner} - {""})))
        if not group.building
        else tuple(u.name for u in group.component.units),
    )


def _cap_staff(cap: tuple[RuleId, str], facts: Facts) -> tuple[list[Employee], int | None, bool]:
    """The staff under a cap, its limit, and whether the limit is seats."""
    rule, scope = cap
    if rule == RuleId.UNIT_CAP:
        _, _, limit = facts.unit_cap(scope)
        return facts.unit_staff[scope], limit, False
    blimit, seats, _, _ = facts.building_limit(scope)
    return facts.building_staff[scope], blimit, seats is not None and seats == blimit


def _made_of(
    group: _Group, cap: tuple[RuleId, str], facts: Facts, calendar: Calendar, day: dt.date
) -> tuple[tuple[str, str], list[str]] | None:
    """When front-line staff are part of the conflict: what the need is made of, and the
    subunits that go without on ``day`` (the ones the roster leaves bare)."""
    if not any(r.rule == RuleId.ALWAYS_ON_SITE for c in group.conflicts for r in c.elements):
        return None
    staff, limit, seats = _cap_staff(cap, facts)
    if limit is None:
        return None
    i = calendar.dates.index(day)
    duty, lacking = duty_breakdown(staff, facts.problem.policy, _free_on(calendar, i))
    if not lacking:  # front-line staff alone: the headline already says it all
        return None
    bare = sorted({s.scope for s in group.broken if s.day == day and s.rule != "always_on_site"})
    return _breakdown_text(len(duty), lacking, limit, seats), bare


# ---------------------------------------------------------------------------------------------
# Suggestions, each verified by solving the changed problem again
# ---------------------------------------------------------------------------------------------

Candidate = tuple[str, str, str, Problem]


def _with_unit(problem: Problem, name: str, **changes: object) -> Problem:
    units = tuple(
        dataclasses.replace(u, **changes) if u.name == name else u  # type: ignore[arg-type]
        for u in problem.units
    )
    return dataclasses.replace(problem, units=units)


def _with_building(problem: Problem, name: str, **changes: object) -> Problem:
    listed = [b.name for b in problem.buildings]
    buildings = list(problem.buildings)
    if name not in listed:
        buildings.append(Building(name))
    buildings = [
        dataclasses.replace(b, **changes) if b.name == name else b  # type: ignore[arg-type]
        for b in buildings
    ]
    return dataclasses.replace(problem, buildings=tuple(buildings))


def _least_pct(need: int, headcount: int) -> int | None:
    for pct in range(1, 101):
        if cap_count(Decimal(pct), headcount) >= need:
            return pct
    return None


def _apart(problem: Problem, building: bool) -> int:
    """How many times a cap fits in one day with the policy's start waves (1 without, or for
    a unit cap counted per day)."""
    policy = problem.policy
    if not policy.has_waves or not (building or policy.unit_cap_per_wave):
        return 1
    return waves_apart(policy.waves)


def _candidates(group: _Group, facts: Facts, problem: Problem) -> list[Candidate]:
    out: list[Candidate] = []
    for cap in group.caps:
        need = _least_needed(group, cap, facts)
        if need is None:
            continue
        rule, scope = cap
        # With start waves a cap holds for the people present at once: a day needs only the
        # share of one of the waves that do not overlap.
        need = -(-need // _apart(problem, rule != RuleId.UNIT_CAP))
        if rule == RuleId.UNIT_CAP:
            pct, n, _ = facts.unit_cap(scope)
            least = _least_pct(need, n)
            if least is not None and Decimal(least) > pct:
                out.append(
                    (
                        f"Naikkan kuota WFO {scope} menjadi {least}% ({need} orang)",
                        f"Raise the office cap of {scope} to {least}% ({need} people)",
                        f"unit_cap_pct:{scope}={least}",
                        _with_unit(problem, scope, cap_pct=Decimal(least)),
                    )
                )
        else:
            _, seats, bpct, n = facts.building_limit(scope)
            changed = problem
            parts_id, parts_en, change = [], [], []
            if seats is not None and seats < need:
                changed = _with_building(changed, scope, seats=need)
                parts_id.append(f"kapasitas menjadi {need} kursi")
                parts_en.append(f"seats to {need}")
                change.append(f"seats={need}")
            if bpct is not None and cap_count(bpct, n) < need:
                least = _least_pct(need, n)
                if least is None:
                    continue
                changed = _with_building(changed, scope, cap_pct=Decimal(least))
                parts_id.append(f"kuota gedung menjadi {least}%")
                parts_en.append(f"the building cap to {least}%")
                change.append(f"cap_pct={least}")
            if parts_id:
                out.append(
                    (
                        f"Naikkan {' dan '.join(parts_id)} di gedung {scope}",
                        f"Raise {' and '.join(parts_en)} in building {scope}",
                        f"building:{scope}:{','.join(change)}",
                        changed,
                    )
                )
    out += _release_duty(group, facts, problem)
    policy = problem.policy
    represent = (RuleId.REPRESENT_SEKSI, RuleId.REPRESENT_BIDANG)
    if group.rule in represent and policy.min_per_subunit > 1:
        # From the staff count up every value asks the same (all members): start below it.
        top = min(policy.min_per_subunit, len(problem.employees))
        for need in range(top - 1, 0, -1):
            out.append(
                (
                    f"Turunkan 'Minimal per Subunit' menjadi {need}",
                    f"Lower 'Min per Subunit' to {need}",
                    f"min_per_subunit={need}",
                    dataclasses.replace(
                        problem, policy=dataclasses.replace(policy, min_per_subunit=need)
                    ),
                )
            )
    if group.rule == RuleId.REPRESENT_SEKSI and policy.representation is Representation.SECTION:
        out.append(
            (
                "Atur keterwakilan per bidang saja ('Representasi' = Bidang)",
                "Represent divisions only ('Representation' = Bidang)",
                "representation=Bidang",
                dataclasses.replace(
                    problem,
                    policy=dataclasses.replace(policy, representation=Representation.DIVISION),
                ),
            )
        )
    if group.rule == RuleId.ESSENTIAL_MINIMUM and not group.building:
        unit = problem.unit(group.owner)
        most = _most_possible(group, facts)
        if unit.min_per_day and most is not None and most < unit.min_per_day:
            out.append(
                (
                    f"Turunkan 'Minimal WFO per Hari' {group.owner} menjadi {most}",
                    f"Lower the daily minimum of {group.owner} to {most}",
                    f"min_per_day:{group.owner}={most}",
                    _with_unit(problem, group.owner, min_per_day=most or None),
                )
            )
    return _dedupe(out)


def _release_duty(group: _Group, facts: Facts, problem: Problem) -> list[Candidate]:
    """ "Let N named front-line staff work from home on these days", N = the need above the cap.

    Offered when front-line staff are part of the conflict; the staff chosen are those whose
    seksi keeps the most other front-line members (so that it stays represented), then by NIP.
    """
    if not group.caps or not any(
        r.rule == RuleId.ALWAYS_ON_SITE for c in group.conflicts for r in c.elements
    ):
        return []
    staff, limit, _ = _cap_staff(group.caps[0], facts)
    if limit is None:
        return []
    calendar = facts.calendar
    days = [calendar.dates.index(d) for d in group.dates]
    worst = 0
    for i in days:
        duty, lacking = duty_breakdown(staff, problem.policy, _free_on(calendar, i))
        worst = max(worst, len(duty) + sum(n for _, n in lacking) - limit)
    duty = [e for e in staff if e.always_on_site and all(calendar.is_free(e, i) for i in days)]
    if worst <= 0 or worst > len(duty):
        return []
    per_seksi: dict[tuple[str, str, str], int] = defaultdict(int)
    for e in duty:
        per_seksi[e.unit, e.bidang, e.seksi] += 1
    chosen = sorted(duty, key=lambda e: (-per_seksi[e.unit, e.bidang, e.seksi], e.nip))[:worst]
    nips = {e.nip for e in chosen}
    changed = dataclasses.replace(
        problem,
        employees=tuple(
            dataclasses.replace(e, always_on_site=False) if e.nip in nips else e
            for e in problem.employees
        ),
    )
    names = ", ".join(_person(e) for e in chosen)
    when = _dates_text(group.dates)
    return [
        (
            f"Izinkan {worst} pegawai Wajib WFO bekerja dari rumah pada {when}: {names}",
            f"Let {worst} front-line staff work from home on {when}: {names}",
            f"release_duty:{','.join(sorted(nips))}",
            changed,
        )
    ]


def _dedupe(items: list[Candidate]) -> list[Candidate]:
    seen: set[str] = set()
    out = []
    for item in items:
        if item[2] not in seen:
            seen.add(item[2])
            out.append(item)
    return out


def _most_possible(group: _Group, facts: Facts) -> int | None:
    """The most staff of the owner unit on site on the worst date, under every cap."""
    worst: int | None = None
    for day in group.dates:
        model = group.models[day]
        caps = [r for r in model.requirements if r.never_broken]
        staff = [e for e in model.component.employees if e.unit == group.owner]
        most = model.most_on_site(staff, caps)
        if most is None:
            return None
        worst = most if worst is None else min(worst, most)
    return worst


def _resolves(
    changed: Problem,
    group: _Group,
    facts: Facts,
    before: Iterable[Shortfall],
    budget: _Budget,
) -> bool:
    """Solve the group's component of the changed problem again: is the conflict gone?

    It must be gone on every date of the finding, without more shortfalls of more important
    rules in the component than the roster had before (no fix that breaks a higher tier).
    """
    calendar = build_calendar(changed)
    units = {u.name for u in group.component.units}
    dates = set(group.dates)

    def higher(shortfalls: Iterable[Shortfall]) -> int:
        return sum(
            s.missing
            for s in shortfalls
            if s.tier < group.tier and s.day in dates and facts.owner(s) in units
        )

    allowed = higher(before)
    for comp in components(changed):
        if not units & {u.name for u in comp.units}:
            continue
        res = budget.solve(changed, comp, calendar)
        if budget.stopped or res.status.value in ("NO_SOLUTION", "INTERRUPTED"):
            return False  # (a search cut short proves nothing)
        if any(
            s.rule == group.rule and s.day in dates and group.covers(facts.owner(s))
            for s in res.shortfalls
        ):
            return False
        if higher(res.shortfalls) > allowed:
            return False  # fixed by breaking something more important
    return True


def _leader_findings(
    problem: Problem,
    result: Result,
    facts: Facts,
    verify: bool,
    budget: _Budget,
    explanation: Explanation,
) -> list[Finding]:
    """One finding per leader short of office days (a rule over the horizon, not of one day).

    Only rules above it (essential minimums, front-line duty) and the caps can keep a leader
    away, so the reason names the unit's cap; the suggestion is the largest 'Minimal Hari WFO
    Pimpinan' every leader of the unit can have, verified by solving the unit's component again.
    """
    out: list[Finding] = []
    least = problem.policy.leader_min_days
    short = [s for s in result.shortfalls if s.rule == RuleId.LEADER_ON_SITE]
    for s in short:
        emp = facts.by_nip.get(s.scope)
        if emp is None:
            continue
        free = len(facts.calendar.free_days(emp))
        need = min(least, free)
        got = need - s.missing
        pct, n, cap = facts.unit_cap(emp.unit)
        reason_id = (
            f"{emp.unit}: Pimpinan {_person(emp)} perlu {need} hari WFO, tetapi hanya mendapat "
            f"{got}: pada hari ia dapat hadir, kuota WFO {_pct(pct)}% dari {n} pegawai = {cap} "
            "orang per hari (atau kapasitas gedung) terpakai untuk minimal WFO esensial, pegawai "
            "Wajib WFO dan pimpinan lain."
        )
        reason_en = (
            f"{emp.unit}: leader {_person(emp)} needs {need} office days but gets {got}: on the "
            f"days they can come, the {_pct(pct)}% cap of {n} staff = {cap} a day (or the "
            "building's capacity) is taken by essential minimums, front-line staff and other "
            "leaders."
        )
        suggestions: list[Suggestion] = []
        if verify and 0 < got < least and not budget.over:
            changed = dataclasses.replace(
                problem, policy=dataclasses.replace(problem.policy, leader_min_days=got)
            )
            explanation.resolves += 1
            if _leader_resolves(changed, emp, result.shortfalls, facts, budget):
                suggestions.append(
                    Suggestion(
                        f"Turunkan 'Minimal Hari WFO Pimpinan' menjadi {got}",
                        f"Lower 'Leader min office days' to {got}",
                        True,
                        f"leader_min_days={got}",
                        changed,
                    )
                )
        suggestions.append(Suggestion(ACCEPT_ID, ACCEPT_EN, True, "accept"))
        label_id, label_en = RULE_LABELS[RuleId.LEADER_ON_SITE]
        out.append(
            Finding(
                0,
                RuleId.LEADER_ON_SITE,
                int(Tier.LEADER_ON_SITE),
                emp.unit,
                (emp.nip,),
                (),
                (
                    f"{label_id} / {label_en}: {_person(emp)} ≥ {need}",
                    f"{RULE_LABELS[RuleId.UNIT_CAP][0]} / {RULE_LABELS[RuleId.UNIT_CAP][1]}: "
                    f"{emp.unit} ≤ {cap} ({_pct(pct)}% × {n})",
                ),
                reason_id,
                reason_en,
                tuple(suggestions),
                1,
                (emp.unit,),
            )
        )
    return out


def _leader_resolves(
    changed: Problem, emp: Employee, before: Iterable[Shortfall], facts: Facts, budget: _Budget
) -> bool:
    """Re-solve the leader's component: no leader short there, no more important rule worse."""
    calendar = build_calendar(changed)
    for comp in components(changed):
        units = {u.name for u in comp.units}
        if emp.unit not in units:
            continue

        def higher(shortfalls: Iterable[Shortfall], units: set[str] = units) -> int:
            return sum(
                s.missing
                for s in shortfalls
                if s.tier < Tier.LEADER_ON_SITE and facts.owner(s) in units
            )

        res = budget.solve(changed, comp, calendar)
        if budget.stopped or res.status.value in ("NO_SOLUTION", "INTERRUPTED"):
            return False
        if any(s.rule == RuleId.LEADER_ON_SITE for s in res.shortfalls):
            return False
        return higher(res.shortfalls) <= higher(before)
    return False


# ---------------------------------------------------------------------------------------------
# Subunits nobody can attend, and conflicts visible without solving
# ---------------------------------------------------------------------------------------------


def _nobody_eligible(
    problem: Problem,
    calendar: Calendar,
    facts: Facts,
    start: int,
    baseline: set[tuple[RuleId, str, dt.date | None]],
    verify: bool,
    budget: _Budget,
) -> list[Finding]:
    out: list[Finding] = []
    if problem.policy.min_per_subunit <= 0:
        return out
    holidays = problem.holiday_names
    for (unit, bidang, seksi), members in sorted(
        subunits(problem.employees, problem.policy.representation).items()
    ):
        working = [(i, d) for i, d in enumerate(calendar.dates) if d not in holidays]
        empty_days = [
            d for i, d in working if all(calendar.fixed[e.nip][i] is not None for e in members)
        ]
        # Only structural gaps: a subunit nobody can attend on any working day (all vulnerable,
        # all away, or behind a long closure). A day or two of leave is only shown in Cakupan.
        if not empty_days or len(empty_days) < len(working):
            continue
        scope = " / ".join(p for p in (unit, bidang, seksi) if p)
        all_vulnerable = all(e.vulnerable for e in members)
        kind_id = "seksi" if seksi else "bidang"
        kind_en = "section" if seksi else "division"
        if all_vulnerable:
            why_id = f"semua {len(members)} anggotanya rentan (tidak pernah WFO)"
            why_en = f"all {len(members)} of its members are vulnerable (never on site)"
        else:
            reasons_id, reasons_en = _why(facts.unavailable(members, empty_days[0]))
            why_id = f"tidak ada anggota yang dapat hadir ({reasons_id})"
            why_en = f"none of its members can attend ({reasons_en})"
        suggestions: list[Suggestion] = []
        mover = _mover(problem, calendar, unit, (bidang, seksi), empty_days) if verify else None
        if mover is not None:
            emp, origin = mover
            moved = dataclasses.replace(emp, bidang=bidang, seksi=seksi)
            changed = dataclasses.replace(
                problem,
                employees=tuple(moved if e.nip == emp.nip else e for e in problem.employees),
            )
            if _move_helps(changed, unit, scope, empty_days, baseline, budget):
                suggestions.append(
                    Suggestion(
                        f"Pindahkan 1 pegawai yang tidak rentan ke {kind_id} ini, mis. "
                        f"{emp.name} (NIP {emp.nip}) dari {origin}",
                        f"Move one non-vulnerable employee into this {kind_en}, e.g. "
                        f"{emp.name} (NIP {emp.nip}) from {origin}",
                        True,
                        f"move:{emp.nip}->{scope}",
                        changed,
                    )
                )
        suggestions.append(Suggestion(ACCEPT_ID, ACCEPT_EN, True, "accept"))
        out.append(
            Finding(
                start + len(out) + 1,
                NOBODY_ELIGIBLE_FINDING,
                int(Tier.QUOTA_AND_FAIRNESS),  # below every rule: it asks nothing
                unit,
                (scope,),
                tuple(empty_days),
                (f"{kind_id} / {kind_en}: {scope}",),
                f"{scope}: {kind_id} ini tidak terwakili pada {len(empty_days)} hari kerja karena "
                f"{why_id}.",
                f"{scope}: this {kind_en} is not represented on {len(empty_days)} working day(s) "
                f"because {why_en}.",
                tuple(suggestions),
                0,
            )
        )
    return out


def _mover(
    problem: Problem,
    calendar: Calendar,
    unit: str,
    target: tuple[str, str],
    days: list[dt.date],
) -> tuple[Employee, str] | None:
    """A flexible colleague, available on ``days``, from the unit's largest other subunit."""
    index = [calendar.dates.index(d) for d in days]
    groups: dict[tuple[str, str], list[Employee]] = defaultdict(list)
    for e in problem.employees:
        if e.unit == unit and (e.bidang, e.seksi) != target and e.flexible:
            groups[e.bidang, e.seksi].append(e)
    for (bidang, seksi), members in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        if len(members) < 2:
            continue
        for e in sorted(members, key=lambda e: e.nip):
            if all(calendar.fixed[e.nip][i] is None for i in index):
                origin = " / ".join(p for p in (bidang, seksi) if p) or unit
                return e, origin
    return None


def _move_helps(
    changed: Problem,
    unit: str,
    scope: str,
    days: list[dt.date],
    baseline: set[tuple[RuleId, str, dt.date | None]],
    budget: _Budget,
) -> bool:
    """Re-solve after the move: the subunit is covered and no other rule is newly broken."""
    calendar = build_calendar(changed)
    for comp in components(changed):
        if unit not in {u.name for u in comp.units}:
            continue
        res = budget.solve(changed, comp, calendar)
        if budget.stopped or res.status.value in ("NO_SOLUTION", "INTERRUPTED"):
            return False
        for s in res.shortfalls:
            if s.scope == scope or (s.rule, s.scope, s.day) not in baseline:
                return False
    return True


def foreseeable_conflicts(problem: Problem) -> list[InputProblem]:
    """Conflicts visible without solving: a unit whose rules need more people than its cap.

    The count is a lower bound (each seksi needs its own people; a bidang is covered by its
    seksi), so a warning here is a certain conflict on every full working day.
    """
    warnings: list[InputProblem] = []
    need = problem.policy.min_per_subunit
    rep = problem.policy.representation
    by_unit: dict[str, list[Employee]] = defaultdict(list)
    for e in problem.employees:
        by_unit[e.unit].append(e)
    for unit in problem.units:
        staff = by_unit.get(unit.name, [])
        if not staff:
            continue
        pct = problem.unit_cap_pct(unit)
        cap = cap_count(pct, len(staff))
        if problem.policy.unit_cap_per_wave and problem.policy.has_waves:
            cap *= waves_apart(problem.policy.waves)  # the cap holds per set of waves at once
        lower = _lower_bound(staff, rep, need)
        duty = sum(1 for e in staff if e.always_on_site)
        minimum = unit.min_per_day or 0
        checks = [
            (duty, "pegawai Wajib WFO", "always-on-site staff"),
            (minimum, "minimal WFO per hari", "the daily minimum"),
        ]
        if not duty:
            checks.insert(
                0, (lower, "keterwakilan bidang/seksi", "division/section representation")
            )
        for required, what_id, what_en in checks:
            if required > cap:
                warnings.append(
                    _unit_warning(unit, required, cap, pct, len(staff), what_id, what_en)
                )
        if duty and duty <= cap:
            # With front-line staff, representation is counted together with them, as explain
            # counts it (the same numbers for the same conflict).
            warnings += _duty_warning("Unit", f"Unit '{unit.name}'", staff, problem, cap, False)
    building_staff: dict[str, list[Employee]] = defaultdict(list)
    for e in problem.employees:
        building_staff[problem.building_of(e)].append(e)
    for name, staff in building_staff.items():
        facts_limit = _static_building_limit(problem, name, len(staff))
        if facts_limit is None:
            continue
        limit, seats = facts_limit
        if problem.policy.has_waves:  # the limit holds per set of waves present at once
            limit *= waves_apart(problem.policy.waves)
        warnings += _duty_warning("Gedung", f"Gedung '{name}'", staff, problem, limit, seats)
    return warnings


def _static_building_limit(problem: Problem, name: str, n: int) -> tuple[int, bool] | None:
    b = problem.building(name)
    limits = []
    if b.seats is not None:
        limits.append(b.seats)
    if b.cap_pct is not None:
        limits.append(cap_count(b.cap_pct, n))
    if not limits:
        return None
    return min(limits), b.seats is not None and b.seats == min(limits)


def _duty_warning(
    sheet: str, where: str, staff: list[Employee], problem: Problem, limit: int, seats: bool
) -> list[InputProblem]:
    """Front-line staff plus the subunits they leave bare need more than ``limit`` (§3b)."""
    duty, lacking = duty_breakdown(staff, problem.policy, lambda e: not e.vulnerable)
    if not duty or len(duty) + sum(n for _, n in lacking) <= limit:
        return []
    text_id, text_en = _breakdown_text(len(duty), lacking, limit, seats)
    bare = ", ".join(scope for scope, _ in lacking)
    return [
        InputProblem(
            sheet,
            None,
            None,
            f"{where}: kebutuhan WFO per hari {text_id}; {bare} tidak akan terwakili",
            f"{where}: the daily need on site is {text_en}; {bare} will go without",
            "Jalankan 'giliran explain' untuk saran",
            "Run 'giliran explain' for suggestions",
            warning=True,
        )
    ]


def _lower_bound(staff: list[Employee], rep: Representation, need: int) -> int:
    if rep is Representation.NONE or need <= 0:
        return 0
    eligible = [e for e in staff if not e.vulnerable]
    per_bidang: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for e in eligible:
        if e.bidang or e.seksi:
            per_bidang[e.bidang][e.seksi if rep is Representation.SECTION else ""] += 1
    total = 0
    for bidang, seksi_counts in per_bidang.items():
        in_seksi = sum(min(need, n) for s, n in seksi_counts.items() if s)
        whole = sum(seksi_counts.values())
        total += max(in_seksi, min(need, whole) if bidang else 0)
    return total


def _unit_warning(
    unit: Unit, required: int, cap: int, pct: Decimal, n: int, what_id: str, what_en: str
) -> InputProblem:
    return InputProblem(
        "Unit",
        None,
        None,
        f"Unit '{unit.name}': {what_id} memerlukan paling sedikit {required} orang WFO per "
        f"hari, tetapi kuota WFO {_pct(pct)}% dari {n} pegawai = {cap} orang; sebagian aturan "
        "tidak akan terpenuhi",
        f"unit '{unit.name}': {what_en} needs at least {required} on site per day, but the "
        f"{_pct(pct)}% cap of {n} staff allows {cap}; some rules will not be met",
        "Naikkan 'Kuota WFO (%)' unit ini atau jalankan 'giliran explain' untuk saran",
        "Raise the unit's 'Office Cap (%)' or run 'giliran explain' for suggestions",
        warning=True,
    )


def summary_lines(
    explanation: Explanation, limit: int = 10, every_suggestion: bool = False
) -> list[str]:
    """A short summary: one block per finding with its first (or every) suggestion."""
    lines = [
        f"Penjelasan / explanation: {len(explanation.findings)} temuan/findings "
        f"({explanation.wall_time_s:.1f} s)"
    ]
    for f in explanation.findings[:limit]:
        lines.append(f"  [{f.number}] {f.reason_id}")
        lines.append(f"      {f.reason_en}")
        lines.append(f"      tanggal/dates: {_dates_text(f.dates)}")
        shown = f.suggestions if every_suggestion else f.suggestions[:1]
        for s in shown:
            lines.append(f"      saran/suggestion: {s.text_id} / {s.text_en}")
    if len(explanation.findings) > limit:
        lines.append(f"  … {len(explanation.findings) - limit} temuan lagi / more findings")
    return lines
