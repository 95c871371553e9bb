"""The rule registry (``models.registry``): one name, tier and label per rule, used everywhere."""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import pytest

import models.registry as registry
from models.calendar import build_calendar
from models.domain import Cell, Problem, Roster, Sex, TimeRange
from models.registry import (
    CHECKED,
    GOALS,
    NEVER_BENDS,
    RULES,
    TIER_NAMES,
    RuleId,
    Tier,
    rank,
    spec,
)
from models.rules import GOALS as GOAL_FUNCTIONS
from models.rules import HARD_AND_TIERED
from models.rules import RULES as MODEL_RULES
from models.solve import build_model, components
from models.variables import HardRule, ModelContext, Term
from optimizer.analysis import checker, explain
from optimizer.analysis.report import Violation
from optimizer.demo.generator import generate_city
from optimizer.io import writer

#: The names as they appear in reports and sheets today: a RuleId's value must never change.
NAMES = [
    "roster_shape",
    "availability",
    "unit_cap",
    "building_cap",
    "wave",
    "cohorts",
    "essential_minimum",
    "always_on_site",
    "leader_on_site",
    "represent_bidang",
    "represent_seksi",
    "stability",
    "quota_use",
    "fairness",
    "preferred_day",
    "wave_priority",
]
#: The labels of sheet Pelanggaran, word for word.
WRITER_LABELS = {
    "availability": "Ketersediaan pegawai / Availability",
    "unit_cap": "Kuota WFO unit kerja / Unit office cap",
    "building_cap": "Kuota gedung / Building cap",
    "wave": "Gelombang masuk / Start wave",
    "cohorts": "Kohort tidak bercampur / Cohorts never mix",
    "essential_minimum": "Minimal WFO unit esensial / Essential minimum on site",
    "always_on_site": "Wajib WFO / Always on site",
    "leader_on_site": "Pimpinan hadir / Leaders on site",
    "represent_bidang": "Keterwakilan bidang / Division representation",
    "represent_seksi": "Keterwakilan seksi / Section representation",
    "roster_shape": "Bentuk jadwal / Roster shape",
}
#: The phrases of the explanations (sheet Penjelasan), word for word.
EXPLAIN_LABELS = {
    "unit_cap": ("kuota WFO unit", "unit office cap"),
    "building_cap": ("kapasitas gedung", "building capacity"),
    "cohorts": ("pemisahan kohort", "cohort separation"),
    "essential_minimum": ("minimal WFO unit esensial", "essential minimum"),
    "always_on_site": ("tugas Wajib WFO", "always-on-site duty"),
    "leader_on_site": ("kehadiran pimpinan", "leaders on site"),
    "represent_bidang": ("keterwakilan bidang", "division representation"),
    "represent_seksi": ("keterwakilan seksi", "section representation"),
    "nobody_eligible": ("subunit tanpa pegawai yang dapat hadir", "subunit nobody can attend"),
}
#: The objective parts of sheet Ringkasan, word for word.
TIER_TEXT = {
    Tier.ESSENTIAL_MINIMUM: "Kekurangan minimal WFO esensial / essential-minimum shortfall",
    Tier.ALWAYS_ON_SITE: "Kekurangan Wajib WFO / always-on-site shortfall",
    Tier.LEADER_ON_SITE: "Kekurangan hari WFO pimpinan / leader office-day shortfall",
    Tier.REPRESENT_BIDANG: "Kekurangan keterwakilan bidang / division-representation shortfall",
    Tier.REPRESENT_SEKSI: "Kekurangan keterwakilan seksi / section-representation shortfall",
    Tier.STABILITY: "Perubahan jadwal terbit (berbobot) / "
    "changes to the published roster (weighted)",
    Tier.QUOTA_AND_FAIRNESS: "Pemakaian kuota dan pemerataan / quota use and fairness",
    Tier.PREFERENCE: "Hari pilihan dan vaksinasi / preferred days and vaccination",
}


@pytest.fixture(scope="module", params=["waves", "cohorts"])
def city(request: pytest.FixtureRequest) -> Problem:
    """A generated city with one leader (Pimpinan) per unit and, in turn, two start waves with a
    first-wave priority or two cohorts per seksi (they do not combine), so that every family is
    used."""
    base = generate_city(seed=3, staff=150)
    first = {}
    for e in base.employees:
        if e.flexible:
            first.setdefault(e.unit, e.nip)
    leaders = set(first.values())
    return dataclasses.replace(
        base,
        policy=dataclasses.replace(
            base.policy,
            leader_min_days=2,
            waves=(TimeRange(7 * 60, 11 * 60), TimeRange(12 * 60, 16 * 60)),
            wave_priority=Sex.FEMALE,
        )
        if request.param == "waves"
        else dataclasses.replace(base.policy, leader_min_days=2, cohorts=2),
        employees=tuple(
            dataclasses.replace(e, leader=e.nip in leaders, sex=(Sex.FEMALE, Sex.MALE)[i % 2])
            for i, e in enumerate(base.employees)
        ),
    )


# -- the registry itself ------------------------------------------------------------------------


def test_every_rule_id_has_a_spec_in_report_order() -> None:
    assert [r.value for r in RuleId] == NAMES
    assert list(RULES) == list(RuleId)
    for rule, s in RULES.items():
        assert s.id is rule
        assert spec(rule) is s
        assert spec(rule.value) is s
        assert rank(rule) == rank(rule.value) == NAMES.index(rule.value)
        assert s.label_id and s.label_en and s.short_id and s.short_en
        assert len(s.regulation) > 20, rule
    assert rank("no_such_rule") == len(RULES)
    with pytest.raises(ValueError):
        spec("no_such_rule")
    assert tuple(RuleId)[:11] == CHECKED
    assert GOALS == (
        RuleId.STABILITY,
        RuleId.QUOTA_USE,
        RuleId.FAIRNESS,
        RuleId.PREFERRED_DAY,
        RuleId.WAVE_PRIORITY,
    )
    assert RuleId.UNIT_CAP == "unit_cap" and f"{RuleId.UNIT_CAP}" == "unit_cap"


def test_tiers_and_bending_agree() -> None:
    assert {
        RuleId.ROSTER_SHAPE,
        RuleId.AVAILABILITY,
        RuleId.UNIT_CAP,
        RuleId.BUILDING_CAP,
        RuleId.WAVE,
        RuleId.COHORTS,
    } == NEVER_BENDS
    for rule, s in RULES.items():
        assert (s.tier is None) == (rule in NEVER_BENDS) == (not s.bends), rule
        if s.tier is not None:
            assert s.tier.is_rule == s.is_rule, rule
    used = {s.tier for s in RULES.values() if s.tier is not None}
    assert used == set(Tier)
    assert set(TIER_NAMES) == set(Tier)
    assert [int(t) for t in Tier] == [1, 2, 3, 4, 5, 6, 7, 8]
    assert [t for t in Tier if t.is_rule] == [
        Tier.ESSENTIAL_MINIMUM,
        Tier.ALWAYS_ON_SITE,
        Tier.LEADER_ON_SITE,
        Tier.REPRESENT_BIDANG,
        Tier.REPRESENT_SEKSI,
    ]


def test_specs_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        RULES[RuleId.UNIT_CAP].label_id = "x"  # type: ignore[misc]


def test_registry_imports_only_the_standard_library() -> None:
    tree = ast.parse(Path(registry.__file__).read_text(encoding="utf-8"))
    modules: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            modules.add(node.module or "")
    assert modules <= {"__future__", "dataclasses", "enum", "typing"}


# -- the model ----------------------------------------------------------------------------------


def test_rule_functions_are_registered_with_their_families() -> None:
    assert [r.families for r in MODEL_RULES] == [
        (RuleId.COHORTS,),
        (RuleId.UNIT_CAP,),
        (RuleId.BUILDING_CAP,),
        (RuleId.ESSENTIAL_MINIMUM,),
        (RuleId.ALWAYS_ON_SITE,),
        (RuleId.LEADER_ON_SITE,),
        (RuleId.REPRESENT_BIDANG, RuleId.REPRESENT_SEKSI),
        (RuleId.STABILITY,),
        (RuleId.QUOTA_USE,),
        (RuleId.FAIRNESS,),
        (RuleId.PREFERRED_DAY,),
        (RuleId.WAVE_PRIORITY,),
    ]
    rules = {f for r in HARD_AND_TIERED for f in r.families}
    goals = {f for r in GOAL_FUNCTIONS for f in r.families}
    assert all(RULES[f].is_rule for f in rules)
    assert goals == set(GOALS)
    # Only availability and the one wave per person (built into the decisions) and roster shape
    # (checker only) have none.
    assert set(RuleId) - rules - goals == {
        RuleId.ROSTER_SHAPE,
        RuleId.AVAILABILITY,
        RuleId.WAVE,
    }


def test_each_rule_function_produces_only_its_families(city: Problem) -> None:
    calendar = build_calendar(city)
    for component in components(city):
        for rule in MODEL_RULES:
            ctx = ModelContext(city, calendar, component)
            terms = rule(ctx)
            produced = {t.rule for t in terms} | {h.rule for h in ctx.hard_rules}
            assert produced <= set(rule.families), rule.__name__


def test_every_family_the_model_produces_is_registered_with_its_tier(city: Problem) -> None:
    calendar = build_calendar(city)
    terms: list[Term] = []
    hard: list[HardRule] = []
    split = 0
    for component in components(city):
        ctx, found = build_model(city, component, calendar)
        terms += found
        hard += ctx.hard_rules
        split += len(ctx.cohort_split)
    assert terms and hard
    for term in terms:
        assert isinstance(term.rule, RuleId)
        s = RULES[term.rule]
        assert s.bends and s.tier is term.tier, (term.rule, term.tier)
    for h in hard:
        assert isinstance(h.rule, RuleId)
        assert h.rule in NEVER_BENDS and RULES[h.rule].is_rule
    produced = {t.rule for t in terms} | {h.rule for h in hard}
    # stability only a re-plan has (tests/test_outbreak.py)
    expected = {f for r in MODEL_RULES for f in r.families} - _NOT_IN[_variant(city)]
    expected -= {RuleId.STABILITY}
    if city.policy.cohorts > 1:
        # Cohorts are constraints only (no term, no labelled cap): seen in the splits they make.
        assert split > 0
        produced |= {RuleId.COHORTS}
    assert produced == expected  # the city has every family its variant can have


#: The families a city with start waves, or with cohorts, cannot have (the two do not combine).
_NOT_IN = {
    "waves": {RuleId.COHORTS},
    "cohorts": {RuleId.WAVE, RuleId.WAVE_PRIORITY},
}


def _variant(city: Problem) -> str:
    return "waves" if city.policy.has_waves else "cohorts"


# -- the checker --------------------------------------------------------------------------------


def _reported(problem: Problem, roster: Roster) -> list[Violation]:
    return checker.check(problem, roster).violations


def test_every_rule_the_checker_reports_is_registered(city: Problem) -> None:
    assert checker.RULE_ORDER == CHECKED
    assert checker.HARD_RULES == NEVER_BENDS
    dates = city.dates
    everyone_in = Roster(dates, {e.nip: (Cell.WFO,) * len(dates) for e in city.employees})
    everyone_out = Roster(dates, {e.nip: (Cell.WFH,) * len(dates) for e in city.employees})
    rest = city.employees[1:]  # the first employee is missing
    misshapen = Roster(
        dates[:-1],
        {**{e.nip: (Cell.WFH,) * (len(dates) - 1) for e in rest}, "000": (Cell.WFH,)},
    )
    violations = [
        *_reported(city, everyone_in),
        *_reported(city, everyone_out),
        *_reported(city, misshapen),
    ]
    for v in violations:
        assert isinstance(v.rule, RuleId)
        assert RULES[v.rule].is_rule
        assert v.hard == (v.rule in NEVER_BENDS)
    assert {v.rule for v in violations} == set(CHECKED) - _NOT_IN[_variant(city)]


# -- the writer and the explanations ------------------------------------------------------------


def test_writer_labels_come_from_the_registry() -> None:
    assert {r: f"{spec(r).label_id} / {spec(r).label_en}" for r in CHECKED} == writer.RULE_LABELS
    assert writer.RULE_LABELS == WRITER_LABELS
    assert {
        r: int(t) for r in CHECKED if (t := spec(r).tier) is not None and t.is_rule
    } == writer.RULE_TIERS
    assert writer.RULE_TIERS == {
        "essential_minimum": 1,
        "always_on_site": 2,
        "leader_on_site": 3,
        "represent_bidang": 4,
        "represent_seksi": 5,
    }
    assert {t: f"{a} / {b}" for t, (a, b) in TIER_NAMES.items()} == writer.TIER_LABELS
    assert writer.TIER_LABELS == TIER_TEXT


def test_explain_labels_come_from_the_registry() -> None:
    model_rules = [f for r in HARD_AND_TIERED for f in r.families]
    for rule in model_rules:
        assert explain.RULE_LABELS[rule] == (spec(rule).short_id, spec(rule).short_en)
    assert explain.RULE_LABELS == EXPLAIN_LABELS
