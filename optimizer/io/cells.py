"""Cell values of the input workbook: reading what people type, and writing values back.

The parsers turn a raw cell value (text, number, date or bool, as ``optimizer.io.reader`` gives
it) into a domain value or raise ``BadValue`` with an Indonesian and an English message and fix;
the validator adds where the cell is. The writers give the plainest Excel cell for a value, so
that what is written reads back as the same value. Both the policy parameters
(``optimizer.io.parameters``) and the other columns of the validator use them.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import TypeVar

T = TypeVar("T")

YES, NO = "Ya", "Tidak"
YES_NO = (YES, NO)

# --------------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------------


def key(text: str) -> str:
    """Matching key of a sheet, column, parameter or choice: no whitespace at all, case-folded."""
    return "".join(text.split()).casefold()


class BadValue(Exception):
    """A cell value that cannot be used; the validator adds where it is."""

    def __init__(self, message_id: str, message_en: str, fix_id: str, fix_en: str) -> None:
        super().__init__(message_en)
        self.message_id = message_id
        self.message_en = message_en
        self.fix_id = fix_id
        self.fix_en = fix_en


def show(value: object) -> str:
    """A cell value as HR would recognise it in a message."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e21:
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def clean_text(value: object) -> str:
    """Free text: surrounding space removed, inner runs of spaces (incl. \\xa0) collapsed."""
    if isinstance(value, str):
        if "\u200b" in value or "\ufeff" in value:
            value = value.replace("\u200b", "").replace("\ufeff", "")
        return " ".join(value.split())
    if value is None:
        return ""
    return " ".join(show(value).split())


YES_WORDS = frozenset({"ya", "y", "yes", "1", "true", "benar", "iya", "✓", "✔", "√", "☑"})
NO_WORDS = frozenset({"tidak", "tdk", "no", "n", "0", "false", "salah", "bukan"})


def parse_yes_no(value: object) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return value == 1
    if isinstance(value, str):
        word = key(value)
        if word in YES_WORDS:
            return True
        if word in NO_WORDS:
            return False
    raise BadValue(
        f"Nilai '{show(value)}' bukan Ya atau Tidak",
        f"'{show(value)}' is not Ya (yes) or Tidak (no)",
        f"Isi {YES} atau {NO} (kosong berarti {NO}).",
        f"Enter {YES} (yes) or {NO} (no); empty means no.",
    )


PERCENT_FIX_ID = "Tulis persentase 0–100, mis. 25 atau 25% (desimal boleh 25,5)."
PERCENT_FIX_EN = "Write a percentage from 0 to 100, e.g. 25 or 25% (decimals like 25.5 are fine)."


def parse_percent(value: object) -> Decimal:
    """A percentage 0–100 as a Decimal.

    ``25``, ``"25"``, ``"25%"``, ``"25,5"`` and an Excel percentage cell (0.25) all work: a number
    written without ``%`` above 0 and at most 1 is a fraction (0.25 → 25, 1 → 100); write ``1%``
    for one percent.
    """
    literal = False
    number: Decimal | None = None
    if isinstance(value, bool):
        number = None
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value)) if math.isfinite(value) else None
    elif isinstance(value, str):
        text = "".join(value.split())
        literal = text.endswith("%")
        text = text.removesuffix("%").replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            number = None
    if number is None or not number.is_finite():
        raise BadValue(
            f"Persentase tidak valid: '{show(value)}'",
            f"invalid percentage: '{show(value)}'",
            PERCENT_FIX_ID,
            PERCENT_FIX_EN,
        )
    if not literal and 0 < number <= 1:
        number *= 100
    if number < 0 or number > 100:
        raise BadValue(
            f"Persentase tidak valid: '{show(value)}' (harus 0–100)",
            f"invalid percentage: '{show(value)}' (must be 0–100)",
            PERCENT_FIX_ID,
            PERCENT_FIX_EN,
        )
    return tidy_decimal(number)


def ambiguous_percent(value: object) -> bool:
    """A percentage written so that it may mean 1% or 100%: a bare 1 (number or text, no ``%``).

    ``parse_percent`` reads it as 100% (an Excel percentage cell showing 100% holds 1); where the
    cell is not formatted as a percentage the validator asks which one was meant.
    """
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return value == 1
    if isinstance(value, str):
        text = "".join(value.split()).replace(",", ".")
        return not text.endswith("%") and _number(text) == 1
    return False


AMBIGUOUS_PERCENT_ID = (
    "Tulis 1% (satu persen) atau 100 (seratus persen); angka 1 saja tidak jelas maksudnya."
)
AMBIGUOUS_PERCENT_EN = "Write 1% (one percent) or 100 (one hundred percent); a bare 1 is unclear."


def tidy_decimal(number: Decimal) -> Decimal:
    """25.00 → 25, 25.50 → 25.5 (equal values, plainer form)."""
    if number == number.to_integral_value():
        return Decimal(int(number))
    return number.normalize()


def _number(value: object) -> Decimal | None:
    """A finite number from a numeric cell or text (decimal comma allowed), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value)) if math.isfinite(value) else None
    if isinstance(value, str):
        try:
            number = Decimal("".join(value.split()).replace(",", "."))
        except InvalidOperation:
            return None
        return number if number.is_finite() else None
    return None


#: Largest head count accepted (minimums, seats): far above any office, far below what would
#: overflow the solver (found by fuzzing: 2**63 reached OR-Tools as a variable bound).
MAX_COUNT = 1_000_000


def whole(least: int, most: int | None = None) -> Callable[[object], int]:
    """A parser of whole numbers from ``least`` (to ``most``): 3, 3.0 and "3" all give 3."""
    span_id = f"≥ {least}" if most is None else f"{least}–{most}"

    def parse(value: object) -> int:
        number = _number(value)
        # Compare before converting: int(Decimal("1e999999999")) would never end (fuzzing).
        if (
            number is not None
            and number.is_finite()
            and (number < least or (most is not None and number > most))
        ):
            raise BadValue(
                f"Nilai {show(value)[:100]} di luar batas {span_id}",
                f"value {show(value)[:100]} is outside {span_id}",
                f"Tulis bilangan bulat {span_id}.",
                f"Write a whole number {span_id}.",
            )
        if number is None or not number.is_finite() or number != number.to_integral_value():
            raise BadValue(
                f"Harus bilangan bulat {span_id}: '{show(value)[:100]}'",
                f"must be a whole number {span_id}: '{show(value)[:100]}'",
                f"Tulis bilangan bulat {span_id}, mis. {max(least, 1)}.",
                f"Write a whole number {span_id}, e.g. {max(least, 1)}.",
            )
        result = int(number)
        if result < least or (most is not None and result > most):
            raise BadValue(
                f"Nilai {result} di luar batas {span_id}",
                f"value {result} is outside {span_id}",
                f"Tulis bilangan bulat {span_id}.",
                f"Write a whole number {span_id}.",
            )
        return result

    return parse


def parse_positive(value: object) -> float:
    number = _number(value)
    if number is None or number <= 0:
        raise BadValue(
            f"Harus angka lebih dari 0: '{show(value)}'",
            f"must be a number above 0: '{show(value)}'",
            "Tulis angka positif, mis. 60.",
            "Write a positive number, e.g. 60.",
        )
    return float(number)


DMY_DATE = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})")
NAMED_MONTH_DATE = re.compile(r"(\d{1,2})[\s\-/.]*([^\W\d_]+)\.?[\s\-/.,]*(\d{4})")
MONTHS = {
    **dict.fromkeys(("januari", "january", "jan"), 1),
    **dict.fromkeys(("februari", "pebruari", "february", "feb", "peb"), 2),
    **dict.fromkeys(("maret", "march", "mar"), 3),
    **dict.fromkeys(("april", "apr"), 4),
    **dict.fromkeys(("mei", "may"), 5),
    **dict.fromkeys(("juni", "june", "jun"), 6),
    **dict.fromkeys(("juli", "july", "jul"), 7),
    **dict.fromkeys(("agustus", "august", "agu", "agt", "aug", "ags"), 8),
    **dict.fromkeys(("september", "sept", "sep"), 9),
    **dict.fromkeys(("oktober", "october", "okt", "oct"), 10),
    **dict.fromkeys(("november", "nopember", "nov", "nop"), 11),
    **dict.fromkeys(("desember", "december", "des", "dec"), 12),
}
DATE_FIX_ID = (
    "Isi tanggal Excel, atau teks YYYY-MM-DD (mis. 2026-11-30), DD/MM/YYYY (mis. 30/11/2026) "
    "atau '30 November 2026'."
)
DATE_FIX_EN = (
    "Enter an Excel date, or text YYYY-MM-DD (e.g. 2026-11-30), DD/MM/YYYY (e.g. 30/11/2026) "
    "or '30 November 2026'."
)


def parse_date(value: object) -> dt.date:
    """An Excel date cell, or text ``YYYY-MM-DD``, ``DD/MM/YYYY``, ``DD-MM-YYYY``, ``DD.MM.YYYY``
    or with the month named in Indonesian or English (``26 Juli 2021``, ``26 Jul 2021``,
    ``26-Jul-2021``)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        match = DMY_DATE.fullmatch(text)
        named = None if match else NAMED_MONTH_DATE.fullmatch(text)
        try:
            if match:
                day, month, year = (int(g) for g in match.groups())
                return dt.date(year, month, day)
            if named and named.group(2).casefold() in MONTHS:
                month = MONTHS[named.group(2).casefold()]
                return dt.date(int(named.group(3)), month, int(named.group(1)))
            if len(text) >= 10 and text[4] == "-":
                return dt.datetime.fromisoformat(text).date()
        except ValueError:
            pass
    elif isinstance(value, int | float) and not isinstance(value, bool):
        raise BadValue(
            f"Angka {show(value)} bukan tanggal",
            f"the number {show(value)} is not a date",
            "Format sel sebagai Tanggal (Format Cells > Date) atau tulis teks YYYY-MM-DD.",
            "Format the cell as a Date (Format Cells > Date) or write YYYY-MM-DD text.",
        )
    raise BadValue(
        f"Tanggal tidak valid: '{show(value)}'",
        f"invalid date: '{show(value)}'",
        DATE_FIX_ID,
        DATE_FIX_EN,
    )


def choice(
    words: Mapping[str, T], label_id: str, label_en: str, listed: str
) -> Callable[[object], T]:
    """A parser that looks the cell's key up in ``words``."""

    def parse(value: object) -> T:
        found = words.get(key(clean_text(value)).replace("-", "").replace("_", ""))
        if found is None:
            raise BadValue(
                f"{label_id} tidak dikenal: '{show(value)}'",
                f"unknown {label_en}: '{show(value)}'",
                f"Pilih salah satu: {listed}.",
                f"Choose one of: {listed}.",
            )
        return found

    return parse


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------


def yes_no(flag: bool) -> str:
    return YES if flag else NO


def excel_number(value: Decimal | float | None) -> int | float | None:
    """A Decimal or float as the plainest Excel number (40, not 40.0)."""
    if value is None:
        return None
    number = Decimal(str(value)) if isinstance(value, float) else value
    return int(number) if number == number.to_integral_value() else float(number)


def excel_percent(value: Decimal | None) -> int | float | str | None:
    """A percentage as a number, except 0 < p ≤ 1, written "1%" (a bare 1 reads as 100%)."""
    if value is not None and 0 < value <= 1:
        return f"{excel_number(value)}%"
    return excel_number(value)
