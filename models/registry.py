"""The one list of rules and goals: their names, tiers, labels and where they come from.

Pure data (standard library only): the model (``models.rules``), the independent checker, the
writer and the explanations all name rules by ``RuleId`` and take tiers and labels from here, so a
rule is renamed, re-tiered or relabelled in one place. Nothing here decides whether a roster meets
a rule: that logic lives in the model and, independently, in the checker.

``RULES`` is in report order: the rules the checker verifies (as listed in ``Pelanggaran``), then
the goals the model optimises. Availability and roster shape have no rule function in the model:
availability is built into the decisions (a fixed cell has no variable, see ``models.calendar``)
and the shape of a roster is only something a roster read back from a workbook can get wrong.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum, StrEnum


class Tier(IntEnum):
    """Priority of a rule that may bend; each tier outweighs every later one (issue: rule tiers).

    Rules that never bend (holidays, absences, closures, vulnerable staff, unit and building caps)
    have no tier: they are constraints, not terms.
    """

    ESSENTIAL_MINIMUM = 1
    ALWAYS_ON_SITE = 2
    LEADER_ON_SITE = 3
    REPRESENT_BIDANG = 4
    REPRESENT_SEKSI = 5
    #: a re-plan (``giliran kasus`` / ``replan``) changes the published roster as little as
    #: possible: above every other goal, below every rule (rules still bend only when they must)
    STABILITY = 6
    QUOTA_AND_FAIRNESS = 7
    PREFERENCE = 8

    @property
    def is_rule(self) -> bool:
        """Tiers 1–5 are rules (a shortfall is a violation); 6–8 are goals."""
        return self <= Tier.REPRESENT_SEKSI


class RuleId(StrEnum):
    """The name of a rule or goal; its value is the name used in reports, sheets and tests."""

    ROSTER_SHAPE = "roster_shape"
    AVAILABILITY = "availability"
    UNIT_CAP = "unit_cap"
    BUILDING_CAP = "building_cap"
    WAVE = "wave"
    COHORTS = "cohorts"
    ESSENTIAL_MINIMUM = "essential_minimum"
    ALWAYS_ON_SITE = "always_on_site"
    LEADER_ON_SITE = "leader_on_site"
    REPRESENT_BIDANG = "represent_bidang"
    REPRESENT_SEKSI = "represent_seksi"
    STABILITY = "stability"
    QUOTA_USE = "quota_use"
    FAIRNESS = "fairness"
    PREFERRED_DAY = "preferred_day"
    WAVE_PRIORITY = "wave_priority"


@dataclass(frozen=True)
class RuleSpec:
    """What is known about one rule or goal, apart from how it is enforced or checked.

    ``label_id`` / ``label_en`` name it in the written roster (sheet ``Pelanggaran``, written
    ``"label_id / label_en"``); ``short_id`` / ``short_en`` are the lower-case phrases of the
    explanations (``Penjelasan``, ``giliran explain``). ``goal`` is True for what makes a valid
    roster a good one (optimised, never reported as a violation); every other entry is a rule,
    which the checker verifies and reports.
    """

    id: RuleId
    tier: Tier | None  # None: the rule never bends
    bends: bool  # False: never broken in a valid roster (hard)
    label_id: str
    label_en: str
    short_id: str
    short_en: str
    regulation: str
    goal: bool = False

    @property
    def is_rule(self) -> bool:
        """Checked and reported (hard or tiered), as opposed to a goal."""
        return not self.goal

    @property
    def label(self) -> str:
        """The bilingual label of the written roster."""
        return f"{self.label_id} / {self.label_en}"


_SPECS = (
    RuleSpec(
        RuleId.ROSTER_SHAPE,
        None,
        False,
        "Bentuk jadwal",
        "Roster shape",
        "bentuk jadwal",
        "roster shape",
        "Output contract (issue 2): one row per employee, one cell per working date",
    ),
    RuleSpec(
        RuleId.AVAILABILITY,
        None,
        False,
        "Ketersediaan pegawai",
        "Availability",
        "ketersediaan pegawai",
        "availability",
        "Pergub DKI 33/2020 and SE BKD (Jakarta 2020); SE Wali Kota Balikpapan 800/0504/Org "
        "(2021): nobody on site on holidays, while absent, while the building is closed for "
        "disinfection, or ever when vulnerable",
    ),
    RuleSpec(
        RuleId.UNIT_CAP,
        None,
        False,
        "Kuota WFO unit kerja",
        "Unit office cap",
        "kuota WFO unit",
        "unit office cap",
        "SE MenPAN-RB 58/2020 and 67/2020: zone caps per unit kerja (100/75/50/25%); PPKM: "
        "non-essential 25%, essential 50%, critical 100%",
    ),
    RuleSpec(
        RuleId.BUILDING_CAP,
        None,
        False,
        "Kuota gedung",
        "Building cap",
        "kapasitas gedung",
        "building capacity",
        "Pergub DKI 88/2020 (Jakarta 2020): at most 25% of staff at the same time and place; "
        "seats after distancing",
    ),
    # Start waves (Gelombang): with two or more waves every on-site employee has exactly one,
    # and nobody has one on a day they are not on site. The caps of "the same time and place"
    # are checked per set of waves present at once under UNIT_CAP / BUILDING_CAP.
    RuleSpec(
        RuleId.WAVE,
        None,
        False,
        "Gelombang masuk",
        "Start wave",
        "gelombang masuk",
        "start wave",
        "SE Gugus Tugas Percepatan Penanganan COVID-19 8/2020 (14 Jun 2020, Jabodetabek; "
        "confidence H: republika, jpnn, liputan6, alinea): staggered starts, wave 1 from "
        "07:00-07:30, wave 2 from 10:00-10:30, 8-hour days, to thin out commuter trains; each "
        "on-site employee in exactly one wave",
    ),
    # Cohorts (A/B teams) never bend when the policy asks for them (Kohort ≥ 2): a case then
    # sends at most one cohort of a subunit into quarantine. Vulnerable staff are in no cohort;
    # front-line (Wajib WFO) staff are on duty on their own cohort's days (models/rules/cohorts.py).
    RuleSpec(
        RuleId.COHORTS,
        None,
        False,
        "Kohort tidak bercampur",
        "Cohorts never mix",
        "pemisahan kohort",
        "cohort separation",
        "Inmendagri 14/2021 (PPKM Mikro): alternating work times (pengaturan waktu kerja "
        "secara bergantian); Condeco-style odd/even (A/B) teams: the staff of each seksi (or "
        "bidang) split into K cohorts of near-equal size that are never on site on the same day",
    ),
    RuleSpec(
        RuleId.ESSENTIAL_MINIMUM,
        Tier.ESSENTIAL_MINIMUM,
        True,
        "Minimal WFO unit esensial",
        "Essential minimum on site",
        "minimal WFO unit esensial",
        "essential minimum",
        "SE Wali Kota Balikpapan 800/0504/Org (2021, PPKM level 4): essential agencies keep "
        "services running with the staff available",
    ),
    RuleSpec(
        RuleId.ALWAYS_ON_SITE,
        Tier.ALWAYS_ON_SITE,
        True,
        "Wajib WFO",
        "Always on site",
        "tugas Wajib WFO",
        "always-on-site duty",
        "Front-line duty (Wajib WFO in the staff sheet; PPKM: critical services stay on site), "
        "on site every working day the employee is available",
    ),
    # Leaders on site (tier 3). Below the essential minimum and front-line duty: those keep a
    # service to citizens running on the very day, while a leader's office days are a share over
    # the whole horizon that can move to another day. Above representation: it comes from a
    # national circular (SE MenPAN-RB 19/2020, which kept the top two structural levels on site
    # while everybody else worked from home), above the city's circular on representation, and it
    # costs at most one seat a day per leader, usually in the leader's own bidang or seksi.
    RuleSpec(
        RuleId.LEADER_ON_SITE,
        Tier.LEADER_ON_SITE,
        True,
        "Pimpinan hadir",
        "Leaders on site",
        "kehadiran pimpinan",
        "leaders on site",
        "SE MenPAN-RB 19/2020 (16 Mar 2020; confidence H, news.ddtc.co.id): the top two "
        "structural levels stay on site; here each available Pimpinan has at least "
        "'Minimal Hari WFO Pimpinan' office days over the horizon (or every day they are "
        "available, if fewer)",
    ),
    RuleSpec(
        RuleId.REPRESENT_BIDANG,
        Tier.REPRESENT_BIDANG,
        True,
        "Keterwakilan bidang",
        "Division representation",
        "keterwakilan bidang",
        "division representation",
        "SE Wali Kota Balikpapan 800/0504/Org (2021): every bagian/bidang represented each day",
    ),
    RuleSpec(
        RuleId.REPRESENT_SEKSI,
        Tier.REPRESENT_SEKSI,
        True,
        "Keterwakilan seksi",
        "Section representation",
        "keterwakilan seksi",
        "section representation",
        "SE Wali Kota Balikpapan 800/0504/Org (2021): every subbagian/seksi represented each day",
    ),
    RuleSpec(
        RuleId.STABILITY,
        Tier.STABILITY,
        True,
        "Perubahan minimal",
        "Minimal change",
        "perubahan jadwal terbit",
        "changes to the published roster",
        "Giliran (issue 14): a re-plan after a positive case (Pergub DKI 88/2020 art. 9(2)(f) "
        "closure, KMK HK.01.07/MENKES/413/2020 contacts) or another event keeps the days before "
        "it as published and changes as few later cells as the rules allow",
        goal=True,
    ),
    RuleSpec(
        RuleId.QUOTA_USE,
        Tier.QUOTA_AND_FAIRNESS,
        True,
        "Pemakaian kuota",
        "Quota use",
        "pemakaian kuota",
        "quota use",
        "Balikpapan 2021: 25% WFO, 75% WFH (the cap is a target, not only a limit)",
        goal=True,
    ),
    RuleSpec(
        RuleId.FAIRNESS,
        Tier.QUOTA_AND_FAIRNESS,
        True,
        "Pemerataan",
        "Fairness",
        "pemerataan hari kantor",
        "fair share of office days",
        "SE MenPAN-RB: office days shared evenly among comparable staff, vaccinated first",
        goal=True,
    ),
    RuleSpec(
        RuleId.PREFERRED_DAY,
        Tier.PREFERENCE,
        True,
        "Hari WFO pilihan",
        "Preferred office day",
        "hari WFO pilihan",
        "preferred office day",
        "Giliran: the employee's Hari WFO Pilihan, honoured where possible",
        goal=True,
    ),
    RuleSpec(
        RuleId.WAVE_PRIORITY,
        Tier.PREFERENCE,
        True,
        "Prioritas gelombang 1",
        "First-wave priority",
        "prioritas gelombang 1",
        "first-wave priority",
        "MenPAN-RB Tjahjo Kumolo following SE Gugus Tugas 8/2020 (14-15 Jun 2020; kumparan, "
        "liputan6 4279580; confidence H for the report, no text of an instrument seen): female "
        "ASN are given the first shift; here the group named in 'Prioritas Gelombang 1' gets "
        "the first wave where the caps allow",
        goal=True,
    ),
)

#: Every rule and goal, in report order (the checker's rules first, then the goals).
RULES: dict[RuleId, RuleSpec] = {s.id: s for s in _SPECS}
#: The rules the checker verifies and reports, in report order.
CHECKED: tuple[RuleId, ...] = tuple(r for r, s in RULES.items() if s.is_rule)
#: The goals the model optimises (never reported as violations).
GOALS: tuple[RuleId, ...] = tuple(r for r, s in RULES.items() if s.goal)
#: Rules never broken in a valid roster.
NEVER_BENDS: frozenset[RuleId] = frozenset(r for r, s in RULES.items() if not s.bends)

#: What each tier's objective part measures, as written in ``Ringkasan`` (Indonesian, English).
TIER_NAMES: dict[Tier, tuple[str, str]] = {
    Tier.ESSENTIAL_MINIMUM: ("Kekurangan minimal WFO esensial", "essential-minimum shortfall"),
    Tier.ALWAYS_ON_SITE: ("Kekurangan Wajib WFO", "always-on-site shortfall"),
    Tier.LEADER_ON_SITE: ("Kekurangan hari WFO pimpinan", "leader office-day shortfall"),
    Tier.REPRESENT_BIDANG: (
        "Kekurangan keterwakilan bidang",
        "division-representation shortfall",
    ),
    Tier.REPRESENT_SEKSI: ("Kekurangan keterwakilan seksi", "section-representation shortfall"),
    # the term's value is the changed cells times the weight that puts it above every other goal
    # (``models.rules.stability.lexicographic``); the count itself is in the re-plan's summary
    Tier.STABILITY: (
        "Perubahan jadwal terbit (berbobot)",
        "changes to the published roster (weighted)",
    ),
    Tier.QUOTA_AND_FAIRNESS: ("Pemakaian kuota dan pemerataan", "quota use and fairness"),
    Tier.PREFERENCE: ("Hari pilihan dan vaksinasi", "preferred days and vaccination"),
}

_RANK: dict[str, int] = {r.value: i for i, r in enumerate(RULES)}


def spec(rule: str) -> RuleSpec:
    """The spec of ``rule`` (a ``RuleId`` or its value); ``ValueError`` for an unknown name."""
    return RULES[RuleId(rule)]


def rank(rule: str) -> int:
    """Position of ``rule`` in report order; names not in the registry sort last."""
    return _RANK.get(rule, len(_RANK))


__all__ = [
    "CHECKED",
    "GOALS",
    "NEVER_BENDS",
    "RULES",
    "TIER_NAMES",
    "RuleId",
    "RuleSpec",
    "Tier",
    "rank",
    "spec",
]
