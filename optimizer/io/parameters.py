"""The policy parameters of sheet ``Kebijakan``: one declaration per parameter.

``PARAMETERS`` is the only place a parameter is spelled out. Derived from it: the Kebijakan rows
and drop-downs of the template and the example (``optimizer.io.input_workbook``), the names the
validator accepts, how it parses each value and the ``Policy`` it builds
(``optimizer.io.validate``), and the parameter rows of the roster's ``Ringkasan`` sheet
(``optimizer.io.writer``). Defaults are not repeated here: they are ``models.domain.Policy``'s.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Generic, TypeVar, cast

from models.domain import CohortLevel, Policy, Representation, Sex, TimeRange
from optimizer.io import presets as preset_table
from optimizer.io.cells import (
    MAX_COUNT,
    YES_NO,
    BadValue,
    choice,
    clean_text,
    excel_number,
    excel_percent,
    parse_date,
    parse_percent,
    parse_positive,
    parse_yes_no,
    show,
    whole,
    yes_no,
)
from optimizer.io.waves import (
    parse_office_hours,
    parse_priority,
    parse_waves,
    priority_text,
    waves_text,
)

T = TypeVar("T")

#: A value written into a cell of an input workbook.
CellValue = str | int | float | dt.date | None

START = "Mulai"  # the one policy parameter without a default
#: The longest roster (the policy of the pandemic rules allows up to 8 weeks ahead); 60,000 staff
#: over 26 weeks took 180 s and 2.1 GB before this cap.
MAX_WEEKS = 8
#: The longest time limit accepted (a whole day): a longer one, or ``1e99999`` read as
#: infinity, would make a run that never ends by itself.
MAX_TIME_LIMIT_S = 24 * 3600.0


def parse_time_limit(value: object) -> float:
    """A time limit in seconds: a number above 0, at most ``MAX_TIME_LIMIT_S``."""
    seconds = parse_positive(value)
    if not math.isfinite(seconds) or seconds > MAX_TIME_LIMIT_S:
        raise BadValue(
            f"Batas waktu {show(value)[:100]} detik terlalu besar; paling lama "
            f"{MAX_TIME_LIMIT_S:.0f} detik (24 jam)",
            f"the time limit of {show(value)[:100]} seconds is too long; at most "
            f"{MAX_TIME_LIMIT_S:.0f} seconds (24 hours)",
            "Tulis angka detik dari 1 sampai 86400, mis. 60.",
            "Write a number of seconds from 1 to 86400, e.g. 60.",
        )
    return seconds


parse_representation = choice(
    {
        **dict.fromkeys(("seksi", "section"), Representation.SECTION),
        **dict.fromkeys(("bidang", "division"), Representation.DIVISION),
        **dict.fromkeys(("tidak", "tidakada", "none", "no"), Representation.NONE),
    },
    "Representasi",
    "representation",
    "Seksi, Bidang, Tidak (Section, Division, None)",
)
REPRESENTATIONS = tuple(r.value for r in Representation)
parse_cohort_level = choice(
    {
        **dict.fromkeys(("seksi", "section"), CohortLevel.SECTION),
        **dict.fromkeys(("bidang", "division"), CohortLevel.DIVISION),
    },
    "Tingkat Kohort",
    "cohort level",
    "Seksi, Bidang (Section, Division)",
)
COHORT_LEVELS = tuple(c.value for c in CohortLevel)
#: The most cohorts a subunit is split into (a working week has five days).
MAX_COHORTS = 5


def parse_preset(value: object) -> str:
    """A preset id from the shipped table (case and spaces ignored); "" for an empty cell."""
    text = clean_text(value)
    if not text:
        return ""
    found = preset_table.find(text)
    if found is not None:
        return found.id
    close = preset_table.close_to(text)
    hint = ", ".join(close) if close else "-"
    raise BadValue(
        f"Preset tidak dikenal: '{show(value)}' (yang mirip: {hint})",
        f"unknown preset: '{show(value)}' (similar: {hint})",
        "Tulis salah satu id dari `giliran presets`, atau kosongkan.",
        "Write one of the ids listed by `giliran presets`, or leave it empty.",
    )


_POLICY_FIELDS = {f.name: f for f in dataclasses.fields(Policy)}


def _same(value: T) -> T:
    return value


def _representation(value: Representation) -> str:
    return value.value


def _cohort_level(value: CohortLevel) -> str:
    return value.value


@dataclass(frozen=True)
class Parameter(Generic[T]):
    """One policy parameter: a row of the Kebijakan sheet and the ``Policy`` field it sets."""

    name: str  # canonical (Indonesian) name, as the template writes it
    aliases: tuple[str, ...]  # other names accepted; the first is the English alias shown
    field: str  # the Policy field it sets
    parse: Callable[[object], T]  # cell value → field value (raises BadValue)
    to_cell: Callable[[T], CellValue]  # field value → the Nilai cell (parses back to it)
    to_summary: Callable[[T], object]  # field value → the value shown in Ringkasan
    summary_label: str  # label of its row in the roster's Ringkasan sheet
    note: str  # Keterangan in the template; "{default}" stands for the default as written
    choices: tuple[str, ...] = ()  # drop-down list of the Nilai cell
    least: int | None = None  # whole numbers from this value up (drop-down validation)

    @property
    def alias(self) -> str:
        """The English alias (Petunjuk sheet, messages)."""
        return self.aliases[0]

    @property
    def default(self) -> T | None:
        """``Policy``'s default for the field; None when it has none (Mulai)."""
        found = _POLICY_FIELDS[self.field].default
        return None if found is dataclasses.MISSING else cast(T, found)

    @property
    def required(self) -> bool:
        """A parameter without a default must be given (Mulai); one whose default is None not."""
        return _POLICY_FIELDS[self.field].default is dataclasses.MISSING

    def cell(self, policy: Policy | None) -> CellValue:
        """The Nilai cell for ``policy``, or for the blank template (the default; Mulai empty)."""
        value = self.default if policy is None else cast(T, getattr(policy, self.field))
        return None if value is None else self.to_cell(value)

    def template_note(self) -> str:
        """The Keterangan cell: ``note`` with the default filled in."""
        return self.note.format(default=self.cell(None))

    def summary(self, policy: Policy) -> object:
        """The value shown in the Ringkasan sheet for ``policy``."""
        return self.to_summary(cast(T, getattr(policy, self.field)))


PARAMETERS: tuple[Parameter[Any], ...] = (
    Parameter[dt.date](
        name=START,
        aliases=("Start",),
        field="start",
        parse=parse_date,
        to_cell=_same,
        to_summary=_same,
        summary_label="Mulai / start",
        note="Wajib: tanggal pertama jadwal / required: first date of the roster (YYYY-MM-DD).",
    ),
    Parameter[int](
        name="Jumlah Minggu",
        aliases=("Weeks",),
        field="weeks",
        parse=whole(1, MAX_WEEKS),
        to_cell=_same,
        to_summary=_same,
        summary_label="Jumlah minggu / weeks",
        note="Jumlah minggu / number of weeks, 1–8 (bawaan/default {default}).",
        least=1,
    ),
    Parameter[Decimal](
        name="Kuota WFO (%)",
        aliases=("Office Cap (%)",),
        field="cap_pct",
        parse=parse_percent,
        to_cell=excel_percent,
        to_summary=_same,
        summary_label="Kuota WFO (%) / office cap (%)",
        note="Kuota unit non-esensial / cap of non-essential units (bawaan/default {default}).",
    ),
    Parameter[Decimal](
        name="Kuota WFO Esensial (%)",
        aliases=("Essential Office Cap (%)",),
        field="essential_cap_pct",
        parse=parse_percent,
        to_cell=excel_percent,
        to_summary=_same,
        summary_label="Kuota WFO esensial (%) / essential office cap (%)",
        note="Kuota unit esensial / cap of essential units (bawaan/default {default}).",
    ),
    Parameter[Decimal](
        name="Kuota WFO Kritikal (%)",
        aliases=("Critical Office Cap (%)",),
        field="critical_cap_pct",
        parse=parse_percent,
        to_cell=excel_percent,
        to_summary=_same,
        summary_label="Kuota WFO kritikal (%) / critical office cap (%)",
        note="Kuota unit kritikal / cap of critical units (bawaan/default {default}).",
    ),
    Parameter[int](
        name="Minimal per Subunit",
        aliases=("Min per Subunit",),
        field="min_per_subunit",
        parse=whole(0, MAX_COUNT),
        to_cell=_same,
        to_summary=_same,
        summary_label="Minimal per subunit / min per subunit",
        note="Minimal WFO per bidang/seksi per hari / least on site per division or section "
        "per day (bawaan/default {default}).",
        least=0,
    ),
    Parameter[Representation](
        name="Representasi",
        aliases=("Representation",),
        field="representation",
        parse=parse_representation,
        to_cell=_representation,
        to_summary=_representation,
        summary_label="Representasi / representation",
        note="Seksi = setiap bidang dan seksi; Bidang = bidang saja; Tidak = tanpa / Seksi = "
        "every division and section; Bidang = divisions only; Tidak = none.",
        choices=REPRESENTATIONS,
    ),
    Parameter[bool](
        name="Libur Nasional",
        aliases=("National Holidays",),
        field="national_holidays",
        parse=parse_yes_no,
        to_cell=yes_no,
        to_summary=_same,
        summary_label="Libur nasional / national holidays",
        note="Ya = libur nasional dan cuti bersama diliburkan / Yes = national holidays and "
        "joint leave days are days off.",
        choices=YES_NO,
    ),
    Parameter[float](
        name="Batas Waktu (detik)",
        aliases=("Time Limit (s)",),
        field="time_limit_s",
        parse=parse_time_limit,
        to_cell=excel_number,
        to_summary=_same,
        summary_label="Batas waktu di Kebijakan (detik) / policy time limit (s)",
        note="Batas waktu seluruh proses / time limit of the whole run in seconds, at most 86400 "
        "(bawaan/default {default}).",
    ),
    Parameter[dt.date](
        name="Tanggal Penetapan",
        aliases=("Decree Date",),
        field="decree_date",
        parse=parse_date,
        to_cell=_same,
        to_summary=_same,
        summary_label="Tanggal penetapan / decree date",
        note="Tanggal jadwal ditandatangani (kosong = diisi tangan) / the date the roster is "
        "signed (empty = filled in by hand).",
    ),
    Parameter[int](
        name="Minimal Hari WFO Pimpinan",
        aliases=("Leader Min Office Days",),
        field="leader_min_days",
        parse=whole(0, 5 * MAX_WEEKS),
        to_cell=_same,
        to_summary=_same,
        summary_label="Minimal hari WFO pimpinan / leader min office days",
        note="Hari WFO paling sedikit bagi pegawai bertanda Pimpinan / least office days of "
        "staff marked Pimpinan (bawaan/default {default}).",
        least=0,
    ),
    Parameter[str](
        name="Preset",
        aliases=("Regulation Preset",),
        field="preset",
        parse=parse_preset,
        to_cell=lambda text: text or None,  # "" (no preset) is an empty cell
        to_summary=_same,
        summary_label="Preset regulasi / regulation preset",
        note="Kosong, atau id aturan dari `giliran presets`, mis. PPKM-4-luar-jawa-bali; kuota "
        "yang ditulis di sheet ini menggantikan kuota preset / empty, or a rule id from "
        "`giliran presets`, e.g. PPKM-4-luar-jawa-bali; caps written in this sheet override it.",
    ),
    Parameter[tuple[TimeRange, ...]](
        name="Gelombang",
        aliases=("Waves", "Gelombang Masuk", "Start Waves"),
        field="waves",
        parse=parse_waves,
        to_cell=lambda waves: waves_text(waves) or None,
        to_summary=lambda waves: waves_text(waves) or "-",
        summary_label="Gelombang masuk / start waves",
        note="Kosong = satu kelompok sehari; atau jam tiap gelombang, mis. 07:00-11:30; "
        "12:00-16:30 (paling banyak 4): tiap pegawai WFO mendapat satu gelombang dan kuota gedung "
        "berlaku untuk yang hadir bersamaan (SE Gugus Tugas 8/2020) / empty = one group a day; "
        "or the hours of each wave (at most 4): each on-site employee gets one wave and the "
        "building cap counts the people present at the same time.",
    ),
    Parameter[bool](
        name="Kuota Unit per Gelombang",
        aliases=("Unit Cap per Wave",),
        field="unit_cap_per_wave",
        parse=parse_yes_no,
        to_cell=yes_no,
        to_summary=_same,
        summary_label="Kuota unit per gelombang / unit cap per wave",
        note="Ya = kuota unit juga menghitung yang hadir bersamaan (per gelombang), bukan per "
        "hari / Yes = the unit cap also counts the people present at the same time (per wave), "
        "not per day (bawaan/default {default}).",
        choices=YES_NO,
    ),
    Parameter[Sex | None](
        name="Prioritas Gelombang 1",
        aliases=("First Wave Priority",),
        field="wave_priority",
        parse=parse_priority,
        to_cell=lambda sex: None if sex is None else priority_text(sex),
        to_summary=priority_text,
        summary_label="Prioritas gelombang 1 / first-wave priority",
        note="Kosong, Perempuan atau Laki-laki: kelompok ini mendapat gelombang 1 lebih dahulu "
        "(dari kolom Jenis Kelamin, atau digit ke-15 NIP PNS) / empty, Perempuan (women) or "
        "Laki-laki (men): this group gets the first wave first (from the Jenis Kelamin column "
        "or the PNS NIP's 15th digit).",
    ),
    Parameter[TimeRange | None](
        name="Jam Kantor",
        aliases=("Office Hours",),
        field="office_hours",
        parse=parse_office_hours,
        to_cell=lambda hours: None if hours is None else hours.label.replace("–", "-"),
        to_summary=lambda hours: "-" if hours is None else hours.label,
        summary_label="Jam kantor / office hours",
        note="Jam kerja di kantor, ditulis di kepala jadwal, mis. 08:00-13:30 (DKI 2020) / "
        "office hours shown in the roster header, e.g. 08:00-13:30.",
    ),
    Parameter[int](
        name="Kohort",
        aliases=("Cohorts",),
        field="cohorts",
        parse=whole(0, MAX_COHORTS),
        to_cell=_same,
        to_summary=_same,
        summary_label="Kohort / cohorts",
        note="Jumlah kohort (tim A/B) per seksi atau bidang yang tidak pernah WFO pada hari yang "
        "sama; 0 = mati / number of cohorts (A/B teams) per section or division never on site "
        "on the same day; 0 = off (bawaan/default {default}).",
        least=0,
    ),
    Parameter[CohortLevel](
        name="Tingkat Kohort",
        aliases=("Cohort Level",),
        field="cohort_level",
        parse=parse_cohort_level,
        to_cell=_cohort_level,
        to_summary=_cohort_level,
        summary_label="Kohort per / cohorts per (level)",
        note="Seksi = staf tiap seksi dibagi menjadi kohort; Bidang = staf tiap bidang / Seksi = "
        "each section's staff is split into cohorts; Bidang = each division's staff.",
        choices=COHORT_LEVELS,
    ),
)


def build_policy(start: dt.date, values: Mapping[str, object]) -> Policy:
    """The policy starting on ``start``; ``values`` (Policy field → value parsed by that field's
    parameter) replace the defaults, and a field not in ``values`` keeps ``Policy``'s default."""
    given: dict[str, Any] = dict(values)
    return Policy(start=start, **given)
