"""Regulation presets: the caps of the pandemic-era instruments, read from ``presets.toml``.

HR thinks "we are at PPKM level 4 outside Java–Bali", not in percentages. A preset names one
instrument × region × level (or zone) and the caps it sets per sector; the Kebijakan parameter
``Preset`` selects one, and every cap written in the sheet overrides it (the roster says which).
The table is data shipped with the package (``optimizer/io/presets.toml``): each row cites its
source and the confidence of that source (H / M / U, as in the project's regulation notes), and
a figure that is not confirmed says so wherever it is shown.
"""

from __future__ import annotations

import datetime as dt
import difflib
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib.resources import files
from typing import Any

from models.domain import Policy

#: Policy fields a preset can set, with the preset key that holds each value.
CAP_FIELDS = {
    "cap_pct": "cap_non_essential",
    "essential_cap_pct": "cap_essential",
    "critical_cap_pct": "cap_critical",
}
CONFIDENCE = {
    "H": ("beberapa sumber sepakat", "several sources agree"),
    "M": ("satu sumber sekunder", "one secondary source"),
    "U": ("belum dikonfirmasi", "not confirmed"),
}
_REQUIRED: tuple[str, ...] = ("id", "name", "instrument", "instrument_date", "effective_from")
_REQUIRED += ("region", "level", "confidence", "source", "notes")
_OPTIONAL: tuple[str, ...] = (
    "effective_to",
    "closure_days",
    "office_hours",
    "vaccinated_first",
    "leaders_on_site",
)
_OPTIONAL += ("dates_confirmed", "max_age_on_site", "vaccinated_only")
_KNOWN = frozenset(_REQUIRED + _OPTIONAL + tuple(CAP_FIELDS.values()))


class PresetDataError(ValueError):
    """The shipped preset table is malformed (a bug in the data file, caught by the tests)."""


@dataclass(frozen=True)
class Preset:
    """One row of the preset table."""

    id: str
    name: str
    instrument: str
    instrument_date: dt.date
    effective_from: dt.date
    effective_to: dt.date | None
    region: str
    level: str
    caps: dict[str, Decimal]  # Policy field (cap_pct, …) -> percent; sectors not named: absent
    closure_days: int | None  # building closure after a case (feeds the outbreak workflow)
    office_hours: str
    vaccinated_first: bool
    leaders_on_site: bool
    confidence: str  # H, M or U
    source: str
    notes: str
    dates_confirmed: bool = True  # False: the month is reported, the day is not
    max_age_on_site: int = 0  # staff older than this work from home (0 = the rule is off)
    vaccinated_only: bool = False  # only vaccinated staff on site

    def rules(self, max_weeks: int = 8) -> dict[str, object]:
        """The optional rules the preset switches on, as Policy field → value (a parameter
        written in Kebijakan overrides each). ``leaders_on_site`` asks every available leader
        on site every day (``Minimal Hari WFO Pimpinan`` = every weekday of the longest
        roster, ``max_weeks`` = ``parameters.MAX_WEEKS``; the rule itself caps it at the days
        a leader is available)."""
        out: dict[str, object] = {}
        if self.leaders_on_site:
            out["leader_min_days"] = 5 * max_weeks
        if self.max_age_on_site:
            out["max_age_on_site"] = self.max_age_on_site
        if self.vaccinated_only:
            out["vaccinated_only"] = True
        return out

    @property
    def dated(self) -> str:
        """The instrument's date as far as it is known."""
        if self.dates_confirmed:
            return self.instrument_date.isoformat()
        return f"{self.instrument_date:%Y-%m}, tanggal belum dikonfirmasi / day not confirmed"

    def covers(self, first: dt.date, last: dt.date) -> bool:
        """Is every date from ``first`` to ``last`` within the preset's effective period?"""
        return self.effective_from <= first and (
            self.effective_to is None or last <= self.effective_to
        )

    @property
    def period(self) -> str:
        end = self.effective_to.isoformat() if self.effective_to else "…"
        unsure = "" if self.dates_confirmed else " (perkiraan / approximate)"
        return f"{self.effective_from.isoformat()} – {end}{unsure}"

    @property
    def confidence_text(self) -> str:
        id_text, en_text = CONFIDENCE[self.confidence]
        return f"{self.confidence} ({id_text} / {en_text})"


def _date(row: dict[str, Any], key: str) -> dt.date:
    value = row[key]
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise PresetDataError(f"preset {row.get('id')}: {key} must be a date, not {value!r}")
    return value


def _preset(row: dict[str, Any]) -> Preset:
    missing = [k for k in _REQUIRED if k not in row]
    unknown = sorted(set(row) - _KNOWN)
    if missing or unknown:
        raise PresetDataError(f"preset {row.get('id')}: missing {missing}, unknown {unknown}")
    caps: dict[str, Decimal] = {}
    for field, key in CAP_FIELDS.items():
        if key in row:
            value = Decimal(str(row[key]))
            if not 0 <= value <= 100:
                raise PresetDataError(f"preset {row['id']}: {key} = {value} is not a percentage")
            caps[field] = value
    if not caps:
        raise PresetDataError(f"preset {row['id']}: sets no cap")
    if row["confidence"] not in CONFIDENCE:
        raise PresetDataError(f"preset {row['id']}: confidence must be H, M or U")
    if not str(row["source"]).strip():
        raise PresetDataError(f"preset {row['id']}: no source")
    end = _date(row, "effective_to") if "effective_to" in row else None
    start = _date(row, "effective_from")
    if end is not None and end < start:
        raise PresetDataError(f"preset {row['id']}: ends before it starts")
    age = row.get("max_age_on_site", 0)
    if not isinstance(age, int) or isinstance(age, bool) or not 0 <= age <= 100:
        raise PresetDataError(f"preset {row['id']}: max_age_on_site must be a whole number 0–100")
    closure = row.get("closure_days")
    if closure is not None and (not isinstance(closure, int) or closure < 1):
        raise PresetDataError(f"preset {row['id']}: closure_days must be a whole number ≥ 1")
    return Preset(
        id=str(row["id"]),
        name=str(row["name"]),
        instrument=str(row["instrument"]),
        instrument_date=_date(row, "instrument_date"),
        effective_from=start,
        effective_to=end,
        region=str(row["region"]),
        level=str(row["level"]),
        caps=caps,
        closure_days=closure,
        office_hours=str(row.get("office_hours", "")),
        vaccinated_first=bool(row.get("vaccinated_first", False)),
        leaders_on_site=bool(row.get("leaders_on_site", False)),
        confidence=str(row["confidence"]),
        source=str(row["source"]),
        notes=str(row["notes"]),
        dates_confirmed=bool(row.get("dates_confirmed", True)),
        max_age_on_site=age,
        vaccinated_only=bool(row.get("vaccinated_only", False)),
    )


def parse_presets(text: str) -> dict[str, Preset]:
    """The presets of a table in the ``presets.toml`` format, by id (ids compared as written)."""
    data = tomllib.loads(text)
    out: dict[str, Preset] = {}
    for row in data.get("preset", []):
        preset = _preset(row)
        if _key(preset.id) in {_key(k) for k in out}:
            raise PresetDataError(f"preset {preset.id} is listed twice")
        out[preset.id] = preset
    return out


@cache
def presets() -> dict[str, Preset]:
    """The shipped presets, by id, in table order."""
    text = files("optimizer.io").joinpath("presets.toml").read_text(encoding="utf-8")
    return parse_presets(text)


def _key(text: str) -> str:
    return "".join(text.split()).casefold()


def find(preset_id: str) -> Preset | None:
    """The preset called ``preset_id`` (case and spaces ignored), or ``None``."""
    wanted = _key(preset_id)
    return next((p for p in presets().values() if _key(p.id) == wanted), None)


def close_to(preset_id: str, limit: int = 5) -> list[str]:
    """Ids that look like ``preset_id`` (for a "did you mean" message)."""
    ids = list(presets())
    by_key = {_key(i): i for i in ids}
    found = difflib.get_close_matches(_key(preset_id), list(by_key), n=limit, cutoff=0.5)
    return [by_key[k] for k in found]


def _both(text_id: str, text_en: str) -> str:
    return f"{text_id} / {text_en}"


def summary_pairs(
    policy: Policy, say: Callable[[str, str], str] = _both
) -> list[tuple[str, object]]:
    """What the roster's Ringkasan says about the preset in force: which, its source and
    confidence, and each cap it sets with the value used (a cap written in Kebijakan wins).

    Labels are ``"Indonesian / English"``; values that are Giliran's own words are put through
    ``say(indonesian, english)`` (the roster's language), the preset's own texts are shown as
    written in the table."""
    preset = find(policy.preset) if policy.preset else None
    if preset is None:
        return []
    id_conf, en_conf = CONFIDENCE[preset.confidence]
    dated = preset.instrument_date.isoformat()
    if not preset.dates_confirmed:
        day = say("tanggal belum dikonfirmasi", "day not confirmed")
        dated = f"{preset.instrument_date:%Y-%m}, {day}"
    period = preset.period.removesuffix(" (perkiraan / approximate)")
    if not preset.dates_confirmed:
        period += f" ({say('perkiraan', 'approximate')})"
    pairs: list[tuple[str, object]] = [
        ("Preset", f"{preset.id}: {preset.name}"),
        ("Dasar hukum / instrument", f"{preset.instrument} ({dated})"),
        ("Masa berlaku / in force", period),
        ("Wilayah, level / region, level", f"{preset.region}, {preset.level}"),
        ("Sumber / source", preset.source),
        ("Keyakinan / confidence", f"{preset.confidence} ({say(id_conf, en_conf)})"),
        ("Catatan / notes", preset.notes),
    ]
    labels = {
        "cap_pct": "Kuota WFO non-esensial / non-essential cap",
        "essential_cap_pct": "Kuota WFO esensial / essential cap",
        "critical_cap_pct": "Kuota WFO kritikal / critical cap",
    }
    for name, cap in preset.caps.items():
        used = getattr(policy, name)
        if used == cap:
            value = f"{cap}% ({say('dari preset', 'from the preset')})"
        else:
            value = (
                f"{used}% ({say('diubah di Kebijakan', 'overridden in Kebijakan')}; preset {cap}%)"
            )
        pairs.append((labels[name], value))
    if preset.closure_days:
        pairs.append(
            ("Penutupan setelah kasus (hari) / closure after a case (days)", preset.closure_days)
        )
    if preset.office_hours:
        pairs.append(("Jam kantor / office hours", preset.office_hours))
    rule_labels = {
        "leader_min_days": "Minimal hari WFO pimpinan / leader min office days",
        "max_age_on_site": "Usia maks WFO / max age on site",
        "vaccinated_only": "Hanya tervaksinasi WFO / vaccinated only on site",
    }
    for name, wanted in preset.rules().items():
        used = getattr(policy, name)
        shown = (
            say("setiap hari tersedia", "every available day")
            if name == "leader_min_days"
            else wanted
        )
        if name == "vaccinated_only":
            shown = say("Ya", "yes")
        if used == wanted:
            value = f"{shown} ({say('dari preset', 'from the preset')})"
        else:
            value = (
                f"{used} ({say('diubah di Kebijakan', 'overridden in Kebijakan')}; preset {shown})"
            )
        pairs.append((rule_labels[name], value))
    if preset.vaccinated_first:
        pairs.append(
            ("Prioritas / priority", say("pegawai tervaksin lebih dulu", "vaccinated first"))
        )
    return pairs
