"""Start waves, office hours and the sex of an employee, as HR write them.

``Gelombang`` (waves) is a list of time ranges, ``07:00-11:30; 12:00-16:30`` (SE Gugus Tugas
8/2020 staggered the start of the working day); ``Jam Kantor`` one range. Times are ``HH:MM`` or
``HH.MM`` (the Indonesian way), ranges joined by ``-``, ``–`` or ``s.d.``, waves separated by
``;``, ``,`` or a new line. ``Jenis Kelamin`` is ``L``/``P`` (Laki-laki / Perempuan, also
Pria/Wanita, Male/Female); without it, an 18-digit PNS NIP gives the sex in its 15th digit.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re

from models.domain import Sex, TimeRange
from optimizer.io.cells import BadValue, choice, clean_text, show

#: The most start waves accepted: the circular has two; four already split a day in short turns.
MAX_WAVES = 4

_TIME = r"([0-2]?[0-9])\s*[:.]\s*([0-5][0-9])"
_RANGE = re.compile(rf"^{_TIME}\s*(?:-|–|—|s\.?\s*d\.?|s/d|sampai|to)\s*{_TIME}$", re.IGNORECASE)
_SPLIT = re.compile(r"[;,\n]+")

_RANGE_HELP = (
    "Tulis jam mulai dan selesai, mis. 07:00-15:00 (jam 00:00–24:00, selesai sesudah mulai).",
    "Write the start and end time, e.g. 07:00-15:00 (hours 00:00–24:00, end after start).",
)


def _minutes(hours: str, minutes: str) -> int | None:
    h, m = int(hours), int(minutes)
    if h > 24 or (h == 24 and m):
        return None
    return 60 * h + m


def parse_range(value: object) -> TimeRange:
    """One time range, ``07:00-15:00``; an Excel time cell is refused (a range needs two)."""
    if isinstance(value, dt.time | dt.datetime | int | float):
        raise BadValue(
            f"'{show(value)}' bukan rentang jam",
            f"'{show(value)}' is not a time range",
            *_RANGE_HELP,
        )
    text = clean_text(value)
    found = _RANGE.match(text)
    start = end = None
    if found is not None:
        start = _minutes(found.group(1), found.group(2))
        end = _minutes(found.group(3), found.group(4))
    if start is None or end is None:
        raise BadValue(
            f"Rentang jam tidak dapat dibaca: '{text[:60]}'",
            f"cannot read the time range '{text[:60]}'",
            *_RANGE_HELP,
        )
    if end <= start:
        raise BadValue(
            f"Jam selesai {text[:60]} tidak sesudah jam mulai (gelombang malam tidak didukung)",
            f"the end of {text[:60]} is not after its start (overnight waves are not supported)",
            *_RANGE_HELP,
        )
    return TimeRange(start, end)


def parse_office_hours(value: object) -> TimeRange | None:
    """``Jam Kantor``: one range, or nothing for an empty cell."""
    return parse_range(value) if clean_text(value) else None


def parse_waves(value: object) -> tuple[TimeRange, ...]:
    """``Gelombang``: up to ``MAX_WAVES`` ranges in order of their start, none twice."""
    text = clean_text(value) if not isinstance(value, str) else value
    parts = [p.strip() for p in _SPLIT.split(text) if p.strip()]
    waves: list[TimeRange] = []
    for number, part in enumerate(parts, start=1):
        try:
            waves.append(parse_range(part))
        except BadValue as bad:
            raise BadValue(
                f"Gelombang {number}: {bad.message_id}",
                f"wave {number}: {bad.message_en}",
                "Tulis gelombang dipisah titik koma, mis. 07:00-11:30; 12:00-16:30.",
                "Separate the waves with semicolons, e.g. 07:00-11:30; 12:00-16:30.",
            ) from None
    if len(waves) > MAX_WAVES:
        raise BadValue(
            f"{len(waves)} gelombang terlalu banyak; paling banyak {MAX_WAVES}",
            f"{len(waves)} waves are too many; at most {MAX_WAVES}",
            "Gabungkan gelombang yang berdekatan.",
            "Merge waves that are close together.",
        )
    for number, (before, after) in enumerate(itertools.pairwise(waves), start=2):
        if after == before:
            raise BadValue(
                f"Gelombang {number} sama dengan gelombang {number - 1} ({after.label})",
                f"wave {number} is the same as wave {number - 1} ({after.label})",
                "Hapus gelombang yang ganda.",
                "Delete the duplicate wave.",
            )
        if after.start <= before.start:
            raise BadValue(
                f"Gelombang {number} ({after.label}) mulai tidak sesudah gelombang {number - 1} "
                f"({before.label})",
                f"wave {number} ({after.label}) does not start after wave {number - 1} "
                f"({before.label})",
                "Urutkan gelombang menurut jam mulainya: gelombang 1 paling pagi.",
                "Order the waves by their start: wave 1 is the earliest.",
            )
    return tuple(waves)


def waves_text(waves: tuple[TimeRange, ...]) -> str:
    """The waves as the Kebijakan cell writes them (parses back to the same waves)."""
    return "; ".join(w.label.replace("–", "-") for w in waves)


def overlapping(waves: tuple[TimeRange, ...]) -> list[tuple[int, int, TimeRange]]:
    """Pairs of waves (1-based) that are in the building at the same time, with the overlap."""
    out = []
    for i, a in enumerate(waves):
        for j in range(i + 1, len(waves)):
            b = waves[j]
            if a.overlaps(b):
                out.append((i + 1, j + 1, TimeRange(max(a.start, b.start), min(a.end, b.end))))
    return out


parse_sex = choice(
    {
        **dict.fromkeys(("l", "lk", "lakilaki", "laki", "pria", "male", "m"), Sex.MALE),
        **dict.fromkeys(("p", "pr", "perempuan", "wanita", "female", "f", "w"), Sex.FEMALE),
    },
    "Jenis kelamin",
    "sex",
    "L (Laki-laki) atau P (Perempuan)",
)


def parse_priority(value: object) -> Sex | None:
    """``Prioritas Gelombang 1``: Perempuan or Laki-laki (empty: no priority)."""
    if not clean_text(value) or clean_text(value).casefold() in ("tidak", "tidak ada", "none"):
        return None
    return parse_sex(value)


def priority_text(sex: Sex | None) -> str:
    """The Kebijakan cell of ``Prioritas Gelombang 1``: Tidak, Perempuan or Laki-laki."""
    return "Tidak" if sex is None else "Perempuan" if sex is Sex.FEMALE else "Laki-laki"


PNS_NIP = re.compile(r"^[0-9]{18}$")


def nip_sex(nip: str) -> tuple[Sex | None, str, str]:
    """The sex a PNS NIP records (15th digit: 1 male, 2 female), or why it gives none.

    A PNS NIP (Perka BKN; ``docs/input-format.md``): birth date YYYYMMDD, TMT CPNS YYYYMM, the
    sex digit, a 3-digit sequence; printed with spaces as often as not. A PPPK number puts "2"
    and a period digit where the TMT month is (it reads as month 21–29): its sex digit is
    reported in one secondary source only, so it is not used. Any other id gives nothing.
    Returns (sex or None, reason id, reason en); the reasons are "" when the sex was found.
    """
    compact = nip.replace(" ", "").replace(".", "").replace("-", "")
    if not PNS_NIP.match(compact):
        return None, "bukan NIP PNS 18 digit", "not an 18-digit PNS NIP"
    month = int(compact[12:14])
    if 21 <= month <= 29:
        return (
            None,
            "nomor PPPK (letak digit jenis kelaminnya belum terkonfirmasi)",
            "a PPPK number (where it holds the sex is not confirmed)",
        )
    try:
        dt.date(int(compact[:4]), int(compact[4:6]), int(compact[6:8]))
    except ValueError:
        return None, "tanggal lahir di NIP tidak mungkin", "the NIP's birth date is impossible"
    if not 1 <= month <= 12:
        return None, "TMT di NIP tidak mungkin", "the NIP's TMT month is impossible"
    digit = compact[14]
    if digit == "1":
        return Sex.MALE, "", ""
    if digit == "2":
        return Sex.FEMALE, "", ""
    return (
        None,
        f"digit jenis kelamin NIP adalah {digit}, bukan 1 atau 2",
        f"the NIP's sex digit is {digit}, not 1 or 2",
    )
