"""Mutations of valid input workbooks, at the sheet level and at the byte level.

Everything is driven by a ``random.Random`` so that a case is reproduced from its seed, and so that
Hypothesis can drive the same code through ``st.randoms()``.

* ``base_workbooks()``: valid workbooks as sheets (name → rows of raw cell values): the small
  three-person workbook of the tests and a few small generated cities.
* ``mutate_sheets``: drop, rename, shuffle and duplicate columns; delete, duplicate, empty and
  rename sheets; random cell values (numbers, NaN/inf, huge and odd unicode text, booleans, dates
  far out of range, times, empty); duplicate, delete and blank rows; titles above the header.
* ``write_fast`` (a small xlsx writer that can write what openpyxl refuses: NaN, dates before
  1900, raw control characters, hidden sheets, shared strings, cached formulas, error cells,
  formatted empty cells far below) and ``write_openpyxl`` (real openpyxl files).
* ``mutate_bytes``: truncated zips, flipped bytes in the file or in one XML part, parts removed,
  duplicated or replaced, hostile XML snippets, lying zip directories.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import math
import random
import re
import struct
import tempfile
import warnings
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

Rows = list[list[object]]
Sheets = dict[str, Rows]

# --------------------------------------------------------------------------------------------
# Valid starting points
# --------------------------------------------------------------------------------------------


def base_workbooks(cities: tuple[tuple[int, int], ...] = ((3, 40), (5, 24))) -> list[Sheets]:
    """The small test workbook and small generated cities (seed, staff), as raw sheets."""
    from optimizer.demo.generator import generate_city
    from optimizer.io.input_workbook import write_input_workbook
    from optimizer.io.reader import read_workbook
    from tests.xlsx_util import small_sheets

    bases: list[Sheets] = [small_sheets()]
    with tempfile.TemporaryDirectory() as folder:
        for seed, staff in cities:
            path = Path(folder) / f"kota-{seed}.xlsx"
            write_input_workbook(generate_city(seed=seed, staff=staff), path)
            raw = read_workbook(path)
            bases.append({name: [list(row) for row in rows] for name, rows in raw.items()})
    return bases


def value_pool(bases: list[Sheets]) -> list[object]:
    """Every distinct non-empty cell value of the bases: recombined, they stay nearly valid."""
    seen: dict[str, object] = {}
    for sheets in bases:
        for rows in sheets.values():
            for row in rows:
                for value in row:
                    if value not in ("", None):
                        seen.setdefault(f"{type(value).__name__}:{value!r}", value)
    return list(seen.values())


# --------------------------------------------------------------------------------------------
# Random cell values
# --------------------------------------------------------------------------------------------

WORDS = (
    "Ya", "YA", "ya", " ya ", "Ya\xa0", "Tidak", "TIDAK", "tdk", "Yes", "no", "1", "0", "benar",
    "Sen", "Senin", "Sen, Kam", "Mon, Thu", "Sabtu", "Senin dan Jumat", "Sen;;Kam", "Kam,",
    "25", "25%", "0,5", "25,5 %", "100", "101", "-1", "1e3", "nan", "inf", "-inf", "NaN",
    "30/02/2026", "2026-11-30", "31/12/9999", "01/01/0001", "2026-11-30T08:00:00", "12/31/2026",
    "30/11/2026", "1/12/2026", "0000-00-00", "2026-13-01", "99999-01-01", "'", "''",
    "'198001012005011001", "198001012005011001", "1980 0101 2005 011001",
    "Seksi", "Bidang", "Tidak Ada", "Esensial", "Non-esensial", "Kritikal", "Cuti", "Sakit",
    "Dinas Luar", "Isolasi", "Libur", "#N/A", "#REF!", "=1+1", '=HYPERLINK("http://x","klik")',
    "+62811234567", "@SUM(A1)", "-1+1", "\t=cmd|' /C calc'!A0",
)  # fmt: skip
UNICODE = (
    "محمد بن عبد الله",  # Arabic (right to left)
    "שלום",  # Hebrew
    "\u202eRLO\u202c",  # right-to-left override
    "👩‍💻🇮🇩",  # emoji, ZWJ sequence, flag
    "Zoë Ñandú",
    "e\u0301\u0301\u0301",  # combining marks
    "\u200b\ufeff",  # zero width space, BOM
    "Dinas\xa0A",  # non-breaking space
    "ＤＩＮＡＳ",  # full width
    "漢字かなカナ",
    "\U0001d4d0\U0001d4d1",  # astral plane
)
CONTROL = "".join(chr(c) for c in range(32)) + "\x7f\ufffe\uffff"
FAR_DATES = (
    dt.date(1, 1, 1), dt.date(1899, 12, 30), dt.date(1899, 12, 31), dt.date(1900, 1, 1),
    dt.date(1900, 2, 28), dt.date(1900, 3, 1), dt.date(1904, 1, 1), dt.date(1999, 12, 31),
    dt.date(2100, 12, 31), dt.date(2101, 1, 1), dt.date(9999, 12, 31),
    dt.datetime(1, 1, 1, 0, 0), dt.datetime(9999, 12, 31, 23, 59, 59, 999999),
)  # fmt: skip
START = dt.date(2026, 11, 30)


def random_text(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.3:
        return rng.choice(WORDS)
    if roll < 0.5:
        return rng.choice(UNICODE)
    if roll < 0.6:
        return "".join(rng.choice(CONTROL) for _ in range(rng.randint(1, 5)))
    if roll < 0.7:
        size = rng.choice((1_000, 32_767, 32_768, 40_000))
        return (rng.choice(WORDS + UNICODE) * (size // 2 + 1))[:size]
    alphabet = "abcXYZ019 ,;/-_'%.\xa0" + "".join(UNICODE)
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))


def random_value(rng: random.Random, pool: list[object] | None = None) -> object:
    """A cell value of any kind Excel (or a hostile writer) could put in a cell."""
    kind = rng.randrange(12)
    if kind == 0:
        return rng.choice((None, "", " ", "\xa0", "\t"))
    if kind == 1:
        return rng.choice((0, 1, 2, 5, 7, 26, 27, 100, -1, -(10**20), 10**20, 2**53 + 1, 2**63))
    if kind == 2:
        specials = (math.nan, math.inf, -math.inf, -0.0, 1e308, 5e-324, 0.25, 1.0, 0.001, 1e15)
        return rng.choice(specials) if rng.random() < 0.6 else rng.uniform(-1e6, 1e6)
    if kind == 3:
        return rng.random() < 0.5
    if kind == 4:
        return rng.choice(FAR_DATES)
    if kind == 5:
        day = START + dt.timedelta(days=rng.randint(-400, 400))
        if rng.random() < 0.3:
            return dt.datetime.combine(day, dt.time(rng.randrange(24), rng.randrange(60)))
        return day
    if kind == 6:
        return rng.choice((dt.time(0, 0), dt.time(8, 30), dt.time(23, 59, 59)))
    if kind == 7:
        return rng.choice((dt.timedelta(0), dt.timedelta(hours=36), dt.timedelta(days=-3)))
    if kind in (8, 9) and pool:
        return rng.choice(pool)
    return random_text(rng)


# --------------------------------------------------------------------------------------------
# Sheet-level mutations
# --------------------------------------------------------------------------------------------

SHEET_NAME_VARIANTS = (
    "Pegawai (2)", " pegawai ", "PEGAWAI", "Employees", "Unit", "units", "Kebijakan", "Policy",
    "Petunjuk", "Libur", "Sheet1", "", "x" * 31, "a/b", "[x]", "Gedung", "Ketidakhadiran",
    "Penutupan", "Closures", "Holidays", "Peg\u200bawai", "Pegawai\xa0",
)  # fmt: skip


def _sheet(rng: random.Random, sheets: Sheets) -> str | None:
    return rng.choice(list(sheets)) if sheets else None


def _width(rows: Rows) -> int:
    return max((len(r) for r in rows), default=0)


def _pad(rows: Rows, width: int) -> None:
    for row in rows:
        row.extend([""] * (width - len(row)))


def set_cells(rng: random.Random, sheets: Sheets, pool: list[object]) -> None:
    name = _sheet(rng, sheets)
    if name is None:
        return
    rows = sheets[name]
    for _ in range(rng.randint(1, 4)):
        r = rng.randrange(len(rows) + 3) if rng.random() < 0.9 else rng.randrange(60)
        c = rng.randrange(_width(rows) + 2)
        while len(rows) <= r:
            rows.append([])
        while len(rows[r]) <= c:
            rows[r].append("")
        rows[r][c] = random_value(rng, pool)


def drop_column(rng: random.Random, sheets: Sheets, pool: list[object]) -> None:
    name = _sheet(rng, sheets)
    if name is None or not _width(sheets[name]):
        return
    j = rng.randrange(_width(sheets[name]))
    for row in sheets[name]:
        if j < len(row):
            del row[j]


def rename_column(rng: random.Random, sheets: Sheets, pool: list[object]) -> None:
    name = _sheet(rng, sheets)
    if name is None or not sheets[name] or not sheets[name][0]:
        return
    header = sheets[name][0]
    j = rng.randrange(len(header))
    old = header[j]
    choices: list[object] = [
        str(old).upper(),
        f"  {old} ",
        str(old).replace(" ", "\xa0"),
        rng.choice([h for h in header if h] or [""]),
        random_value(rng, pool),
        "",
    ]
    header[j] = rng.choice(choices)


def shuffle_columns(rng: random.Random, sheets: Sheets, pool: list[object]) -> None:
    name = _sheet(rng, sheets)
    if name is None:
        return
    rows = sheets[name]
    width = _width(rows)
    _pad(rows, width)
    order = list(range(width))
    rng.shuffle(order)
    sheets[name] = [[row[j] for j in order] for row in rows]


def duplicate_column(rng: random.Random, sheets: Sheets, pool: list[object]) -> None:
    name = _sheet(rng, sheets)
    if name is None or not _width(sheets[name]):
        return
    rows = sheets[name]
    _pad(rows, _width(rows))
    j, k = rng.randrange(_width(rows)), rng.randrange(_width(rows) + 1)
    for row in rows:
        row.insert(k, row[j])


def delete_sheet(rng: random.Random, sheets: Sheets, pool: list[object]) -> None:
    name = _sheet(rng, sheets)
    if name is not None:
        del sheets[name]


def duplicate_sheet(rng: random.Random, sheets: Sheets, pool: list[object]) -> None:
    name = _sheet(rng, sheets)
    if name is None:
        return
    copy_name = rng.choice((*SHEET_NAME_VARIANTS, name.upper(), f" {name}", f"{name} (2)"))
    if copy_name not in sheets:
        items = list(sheets.items())
        items.insert(rng.randrange(len(items) + 1), (copy_name, copy.deepcopy(sheets[name])))
        sheets.clear()
        sheets.update(items)


def empty_sheet(rng: random.Random, sheets: Sheets, pool: list[object]) -> None:
    name = _sheet(rng, sheets)
    if name is not None:
        choices: list[Rows] = [[], [[]], sheets[name][:1], [[""] * 5 for _ in range(3)]]
        sheets[name] = rng.choice(choices)


def rename_sheet(rng: random.Random, sheets: Sheets, pool: list[object]) -> None:
    name = _sheet(rng, sheets)
    if name is None:
        return
    new = rng.choice((*SHEET_NAME_VARIANTS, random_text(rng)[:40]))
    if new not in sheets:
        sheets.update({(new if k == name else k): v for k, v in list(sheets.items())})
        del sheets[name]


def duplicate_rows(rng: random.Random, sheets: Sheets, pool: list[object]) -> None:
    name = _sheet(rng, sheets)
    if name is None or not sheets[name]:
        return
    rows = sheets[name]
    for _ in range(rng.randint(1, 3)):
        row = copy.deepcopy(rng.choice(rows))
        rows.insert(rng.randrange(len(rows) + 1), row)


def delete_rows(rng: random.Random, sheets: Sheets, pool: list[object]) -> None:
    name = _sheet(rng, sheets)
    if name is None or not sheets[name]:
        return
    rows = sheets[name]
    for _ in range(rng.randint(1, min(3, len(rows)))):
        del rows[rng.randrange(len(rows))]


def blank_rows(rng: random.Random, sheets: Sheets, pool: list[object]) -> None:
    """Blank or whitespace rows inside the data, or many trailing ones."""
    name = _sheet(rng, sheets)
    if name is None:
        return
    rows = sheets[name]
    blank: list[object] = [rng.choice(("", " ", "\xa0", None))] * rng.randint(0, 12)
    if rng.random() < 0.5:
        rows.extend(list(blank) for _ in range(rng.randint(1, 300)))
    else:
        rows.insert(rng.randrange(len(rows) + 1), list(blank))


def title_rows(rng: random.Random, sheets: Sheets, pool: list[object]) -> None:
    """Title rows above the header (more than 10 push the header out of sight)."""
    name = _sheet(rng, sheets)
    if name is None:
        return
    for _ in range(rng.choice((1, 2, 9, 10, 11))):
        sheets[name].insert(0, [rng.choice(("", "DAFTAR PEGAWAI", random_text(rng)))])


def far_dates(rng: random.Random, sheets: Sheets, pool: list[object]) -> None:
    """Every date of one sheet moved far out of range (or to the edges of Excel's calendar)."""
    name = _sheet(rng, sheets)
    if name is None:
        return
    shift = dt.timedelta(days=rng.choice((-800_000, -36_500, -1, 1, 366, 36_500, 2_900_000)))
    for row in sheets[name]:
        for j, value in enumerate(row):
            if isinstance(value, dt.date):
                try:
                    row[j] = value + shift
                except OverflowError:
                    row[j] = rng.choice(FAR_DATES)


def copy_values_across(rng: random.Random, sheets: Sheets, pool: list[object]) -> None:
    """A value of one row copied into another row of the same column (duplicate NIPs …)."""
    name = _sheet(rng, sheets)
    if name is None or len(sheets[name]) < 3:
        return
    rows = sheets[name]
    a, b = rng.randrange(1, len(rows)), rng.randrange(1, len(rows))
    if rows[a] and rows[b]:
        j = rng.randrange(min(len(rows[a]), len(rows[b])) or 1)
        if j < len(rows[a]) and j < len(rows[b]):
            rows[b][j] = rows[a][j]


def wide_or_long(rng: random.Random, sheets: Sheets, pool: list[object]) -> None:
    """Rarely: a very wide row or many copies of the data rows (a larger solve)."""
    name = _sheet(rng, sheets)
    if name is None or not sheets[name]:
        return
    rows = sheets[name]
    if rng.random() < 0.3:
        rows.append(["x"] * rng.choice((50, 499, 501, 700)))
    elif len(rows) > 1:
        body = rows[1:]
        rows.extend(copy.deepcopy(rng.choice(body)) for _ in range(rng.randint(10, 200)))


def policy_edges(rng: random.Random, sheets: Sheets, pool: list[object]) -> None:
    """Edge values for the Kebijakan parameters (weeks 0/26/27, caps 0/100, far start dates,
    start waves, cohorts, the weekly pattern, age limits, presets)."""
    for name, rows in sheets.items():
        if name.strip().casefold() not in ("kebijakan", "policy"):
            continue
        for row in rows[1:]:
            if len(row) > 1 and rng.random() < 0.4:
                row[1] = rng.choice(
                    (0, 1, 26, 27, 0.0001, 100, 101, "0%", "100%", -5, 1e9, "Bidang", "Tidak",
                     dt.date(2000, 1, 3), dt.date(2100, 12, 27), dt.date(1999, 12, 27),
                     dt.date(2026, 12, 1), random_value(rng, pool),
                     # the parameters of start waves, cohorts, the weekly pattern, age limits
                     "07:00-11:30; 12:00-16:30", "07:00-15:00; 10:00-18:00", "10:00-08:00",
                     "07:00-09:00;07:00-09:00", "25:00-26:00", "Perempuan", "L", 2, 3, 6,
                     "AB-mingguan", "Ya", 55, 17, 120, "PPKM-4-luar-jawa-bali", "SE67-x")
                )  # fmt: skip


TWEAKS: tuple[Callable[[str], str], ...] = (
    str.upper,
    str.lower,
    lambda t: f" {t}\xa0",
    lambda t: t.replace(" ", "\xa0"),
    lambda t: f"{t}\u200b",
    lambda t: f"{t}\x01",
    lambda t: f"\x0b{t}\x1f",
    lambda t: f"{t} 👩‍💻",
    lambda t: f"\u202e{t}",
    lambda t: f"={t}",
    lambda t: f"+{t}",
    lambda t: f"@{t}",
    lambda t: f"-{t}",
    lambda t: f'=HYPERLINK("http://x","{t}")',
    lambda t: f"'{t}",
    lambda t: t * 3,
    lambda t: (t + " ") * (33_000 // (len(t) + 1) + 1),
    lambda t: t[: len(t) // 2],
)


def tweak_text(rng: random.Random, sheets: Sheets, pool: list[object]) -> None:
    """A text of the data changed as people and programs change text (mostly still valid)."""
    staff = [k for k in sheets if k.strip().casefold() in ("pegawai", "employees")]
    name = rng.choice(staff) if staff and rng.random() < 0.5 else _sheet(rng, sheets)
    if name is None:
        return
    first_column = rng.random() < 0.5  # identifiers: NIP, unit, building, parameter names
    spots = [
        (r, c)
        for r, row in enumerate(sheets[name][1:], start=1)
        for c, value in enumerate(row)
        if isinstance(value, str) and value and (c == 0 or not first_column)
    ]
    for _ in range(rng.randint(1, 3)):
        if spots:
            r, c = rng.choice(spots)
            row = sheets[name][r]
            row[c] = rng.choice(TWEAKS)(str(row[c]))


Mutation = Callable[[random.Random, Sheets, list[object]], None]
MUTATIONS: tuple[tuple[Mutation, float], ...] = (
    (set_cells, 8.0),
    (tweak_text, 4.0),
    (drop_column, 1.0),
    (rename_column, 1.0),
    (shuffle_columns, 1.0),
    (duplicate_column, 0.5),
    (delete_sheet, 0.7),
    (duplicate_sheet, 0.5),
    (empty_sheet, 0.5),
    (rename_sheet, 0.5),
    (duplicate_rows, 1.5),
    (delete_rows, 1.0),
    (blank_rows, 1.0),
    (title_rows, 0.7),
    (far_dates, 0.7),
    (copy_values_across, 1.5),
    (wide_or_long, 0.3),
    (policy_edges, 1.0),
)


def mutate_sheets(
    sheets: Sheets, rng: random.Random, pool: list[object], count: int | None = None
) -> list[str]:
    """Apply ``count`` (default 1–4) random mutations in place; returns their names."""
    done: list[str] = []
    functions = [m for m, _ in MUTATIONS]
    weights = [w for _, w in MUTATIONS]
    for _ in range(rng.randint(1, 4) if count is None else count):
        mutation = rng.choices(functions, weights)[0]
        mutation(rng, sheets, pool)
        done.append(mutation.__name__)
    return done


# --------------------------------------------------------------------------------------------
# Writing mutated sheets as .xlsx
# --------------------------------------------------------------------------------------------

EPOCH = dt.datetime(1899, 12, 30)
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
STYLES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b'<numFmts count="1"><numFmt numFmtId="164" formatCode="[h]:mm:ss"/></numFmts>'
    b'<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    b'<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
    b'<borders count="1"><border/></borders>'
    b'<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    b'<cellXfs count="6"><xf numFmtId="0" xfId="0"/>'
    b'<xf numFmtId="14" xfId="0" applyNumberFormat="1"/>'
    b'<xf numFmtId="22" xfId="0" applyNumberFormat="1"/><xf numFmtId="21" xfId="0" '
    b'applyNumberFormat="1"/><xf numFmtId="164" xfId="0" applyNumberFormat="1"/>'
    b'<xf numFmtId="49" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>'
)
NS = (
    'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)


def column_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _text(value: str, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.5:  # as Excel writes them: _x0001_
        value = _ILLEGAL_XML.sub(lambda m: f"_x{ord(m.group()):04X}_", value)
    elif roll < 0.995:  # rarely kept raw: the file is then invalid XML
        value = _ILLEGAL_XML.sub("", value)
    return escape(value.encode("utf-8", "surrogatepass").decode("utf-8", "replace"))


def _serial(value: dt.date | dt.datetime) -> float:
    moment = value if isinstance(value, dt.datetime) else dt.datetime.combine(value, dt.time())
    delta = moment - EPOCH
    return delta.days + delta.seconds / 86_400 + delta.microseconds / 86_400e6


def _number(value: float) -> str:
    return repr(float(value)) if isinstance(value, float) else str(value)


def _cell_xml(ref: str, value: object, rng: random.Random, shared: dict[str, int] | None) -> str:
    if value is None or value == "":
        return f'<c r="{ref}" s="1"/>' if rng.random() < 0.01 else ""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, dt.datetime | dt.date):
        date_style = 2 if isinstance(value, dt.datetime) else 1
        return f'<c r="{ref}" s="{date_style}"><v>{_serial(value)!r}</v></c>'
    if isinstance(value, dt.time):
        fraction = (value.hour * 3600 + value.minute * 60 + value.second) / 86_400
        return f'<c r="{ref}" s="3"><v>{fraction!r}</v></c>'
    if isinstance(value, dt.timedelta):
        return f'<c r="{ref}" s="4"><v>{value.total_seconds() / 86_400!r}</v></c>'
    if isinstance(value, int | float):
        if rng.random() < 0.02:  # a formula with its cached result, as Excel saves it
            return f'<c r="{ref}"><f>0+{_number(value)}</f><v>{_number(value)}</v></c>'
        return f'<c r="{ref}"><v>{_number(value)}</v></c>'
    text = str(value)
    if text.startswith("#") and rng.random() < 0.3:  # an error value
        return f'<c r="{ref}" t="e"><v>{_text(text, rng)}</v></c>'
    style = ' s="5"' if rng.random() < 0.1 else ""
    if shared is not None:
        position = shared.setdefault(text, len(shared))
        return f'<c r="{ref}" t="s"{style}><v>{position}</v></c>'
    inner = f'<is><t xml:space="preserve">{_text(text, rng)}</t></is>'
    return f'<c r="{ref}" t="inlineStr"{style}>{inner}</c>'


def _sheet_xml(rows: Rows, rng: random.Random, shared: dict[str, int] | None) -> bytes:
    parts = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet {NS}><sheetData>']
    for r, row in enumerate(rows, start=1):
        cells = "".join(
            _cell_xml(f"{column_letters(c)}{r}", value, rng, shared) for c, value in enumerate(row)
        )
        if cells:
            parts.append(f'<row r="{r}">{cells}</row>')
    if rng.random() < 0.03:  # formatted but empty cells far below the data
        far = rng.choice((5_000, 199_999, 1_048_576))
        parts.append(
            f'<row r="{far}"><c r="{column_letters(rng.randrange(30))}{far}" s="1"/></row>'
        )
    parts.append("</sheetData></worksheet>")
    return "".join(parts).encode("utf-8", "surrogatepass")


def write_fast(sheets: Sheets, rng: random.Random) -> bytes:
    """A minimal .xlsx of ``sheets``, as a spreadsheet program could write it."""
    shared: dict[str, int] | None = {} if rng.random() < 0.4 else None
    names = list(sheets)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for i in range(1, len(names) + 1)
        )
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.'
            'openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType='
            '"application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="'
            'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            f"{overrides}</Types>",
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
            'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>',
        )
        states = [rng.choice(("", "", "", ' state="hidden"')) for _ in names]
        sheet_list = "".join(
            f'<sheet name={quoteattr(_ILLEGAL_XML.sub("", name))} sheetId="{i}" '
            f'r:id="rId{i}"{state}/>'
            for i, (name, state) in enumerate(zip(names, states, strict=True), start=1)
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook {NS}>'
            f"<sheets>{sheet_list}</sheets></workbook>",
        )
        rels = "".join(
            f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/'
            f'2006/relationships/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(names) + 1)
        )
        styles_id = len(names) + 1
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            f'openxmlformats.org/package/2006/relationships">{rels}<Relationship Id="rId'
            f'{styles_id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/styles" Target="styles.xml"/></Relationships>',
        )
        archive.writestr("xl/styles.xml", STYLES)
        for i, name in enumerate(names, start=1):
            archive.writestr(f"xl/worksheets/sheet{i}.xml", _sheet_xml(sheets[name], rng, shared))
        if shared is not None:
            items = "".join(
                f'<si><t xml:space="preserve">{_text(text, rng)}</t></si>' for text in shared
            )
            archive.writestr(
                "xl/sharedStrings.xml",
                f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst {NS} count='
                f'"{len(shared)}" uniqueCount="{len(shared)}">{items}</sst>'.encode(
                    "utf-8", "surrogatepass"
                ),
            )
    return buffer.getvalue()


def write_openpyxl(sheets: Sheets) -> bytes:
    """``sheets`` written by openpyxl; values openpyxl refuses are written as their text."""
    from tests.xlsx_util import write_xlsx

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "case.xlsx"
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                write_xlsx(path, {_safe_title(k): v for k, v in sheets.items()})
        except Exception:
            plain = {
                _safe_title(k): [[_plain(v) for v in row] for row in rows]
                for k, rows in sheets.items()
            }
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                write_xlsx(path, plain)
        return path.read_bytes()


def _safe_title(name: str) -> str:
    """openpyxl only writes sheet titles Excel accepts."""
    title = re.sub(r"[\\/*?:\[\]]", "_", _ILLEGAL_XML.sub("", name))[:31]
    return title or "Sheet"


def _plain(value: object) -> object:
    if isinstance(value, str):
        return _ILLEGAL_XML.sub("", value)
    if isinstance(value, float) and not math.isfinite(value):
        return repr(value)
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 2**63:
        return str(value)
    if isinstance(value, dt.date) and value.year < 1900:
        return value.isoformat()
    if isinstance(value, dt.timedelta | dt.time):
        return str(value)
    return value


def write_any(sheets: Sheets, rng: random.Random) -> bytes:
    return write_openpyxl(sheets) if rng.random() < 0.25 else write_fast(sheets, rng)


# --------------------------------------------------------------------------------------------
# Byte-level mutations
# --------------------------------------------------------------------------------------------

HOSTILE = (
    b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>',
    b'<c r="A1" r="ZZ99999"><v>1</v></c>',
    b"<row><c><v>1</v></c><c><v>2</v></c></row>",
    b'<row r="0"><c r="A0"><v>1</v></c></row>',
    b'<c r="$A$1"><v>1</v></c>',
    b'<x:c xmlns:x="urn:x" r="B9"><x:v>1</x:v></x:c>',
    b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>',
    b"&b;&#0;&#xFFFF;",
    b'<c r="A1" t="s"><v>99999999</v></c>',
    b'<c r="A1" t="e"><v>#N/A</v></c>',
    b'<c r="A1"><f>SUM(B1:B9)</f></c>',
    b'<c r="A1" t="d"><v>9999-99-99</v></c>',
    b'<c r="A1" t="b"><v>7</v></c>',
    b'<c r="A1" t="n"><v>1e999</v></c>',
    b"<![CDATA[<c r='XFD9'>]]>",
    b'<!-- <c r="XFD1048576"><v>1</v></c> -->',
    b"\xff\xfe\x00<",
)


def mutate_bytes(data: bytes, rng: random.Random) -> bytes:
    """A damaged or hostile variant of the .xlsx bytes ``data``."""
    roll = rng.random()
    if roll < 0.15:
        return data[: rng.randrange(len(data) + 1)]
    if roll < 0.3:
        out = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            out[rng.randrange(len(out))] = rng.randrange(256)
        return bytes(out)
    return _mutate_parts(data, rng)


def _mutate_parts(data: bytes, rng: random.Random) -> bytes:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = [(info.filename, archive.read(info)) for info in archive.infolist()]
    except Exception:
        return data
    if not parts:
        return data
    roll = rng.random()
    i = rng.randrange(len(parts))
    name, content = parts[i]
    if roll < 0.5:
        xml = [j for j, (n, _) in enumerate(parts) if n.endswith((".xml", ".rels"))]
        i = rng.choice(xml) if xml else i
        name, content = parts[i]
        parts[i] = (name, _mutate_xml(content, rng))
    elif roll < 0.6:
        del parts[i]
    elif roll < 0.7:
        parts.insert(rng.randrange(len(parts) + 1), (name, _mutate_xml(content, rng)))
    elif roll < 0.8:
        j = rng.randrange(len(parts))
        parts[i], parts[j] = (name, parts[j][1]), (parts[j][0], content)
    elif roll < 0.9:
        parts[i] = (name, content * rng.randint(2, 50))
    else:
        return _lying_zip(parts, rng)
    buffer = io.BytesIO()
    method = zipfile.ZIP_STORED if rng.random() < 0.2 else zipfile.ZIP_DEFLATED
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names are the point
        with zipfile.ZipFile(buffer, "w", method) as archive:
            for part_name, part in parts:
                archive.writestr(part_name, part)
    return buffer.getvalue()


def _mutate_xml(content: bytes, rng: random.Random) -> bytes:
    out = bytearray(content)
    roll = rng.random()
    if not out or roll < 0.25:
        at = rng.randrange(len(out) + 1)
        return bytes(out[:at] + rng.choice(HOSTILE) + out[at:])
    if roll < 0.45:
        for _ in range(rng.randint(1, 5)):
            out[rng.randrange(len(out))] = rng.randrange(256)
        return bytes(out)
    if roll < 0.6:
        a = rng.randrange(len(out))
        del out[a : a + rng.randint(1, 200)]
        return bytes(out)
    if roll < 0.75:
        a = rng.randrange(len(out))
        return bytes(out[:a] + out[a : a + rng.randint(1, 400)] * rng.randint(2, 20) + out[a:])
    if roll < 0.9:  # a cell or row address made huge, zero or strange
        new = rng.choice((b"1048577", b"0", b"99999999999", b"4294967296", b"007", b"-1"))
        return re.sub(
            rb'(r=")([A-Z]*)(\d+)',
            lambda m: m.group(1) + m.group(2) + new,
            content,
            count=rng.randint(1, 3),
        )
    return re.sub(
        rb"<v>[^<]*</v>",
        lambda m: rng.choice((b"<v>nan</v>", b"<v></v>", b"<v>1e400</v>", b"<v>-0</v>")),
        content,
        count=5,
    )


def _lying_zip(parts: list[tuple[str, bytes]], rng: random.Random) -> bytes:
    """A zip written by hand whose directory lies about sizes (or holds a zip-bomb part)."""
    out = bytearray()
    directory = bytearray()
    entries = list(parts)
    if rng.random() < 0.3:  # a part of zeros packed far tighter than any spreadsheet
        entries.append(("xl/media/zeros.bin", bytes(rng.choice((5, 9)) * 1024 * 1024)))
    for name, content in entries:
        packer = zlib.compressobj(6, zlib.DEFLATED, -15)
        packed = packer.compress(content) + packer.flush()
        declared = len(content)
        if rng.random() < 0.3:
            declared = rng.choice((0, 1, max(0, declared - 1), declared + 1, 2**31, 600 * 2**20))
        crc = zlib.crc32(content) if rng.random() < 0.9 else rng.randrange(2**32)
        offset = len(out)
        encoded = name.encode()
        flags = 1 if rng.random() < 0.02 else 0
        out += struct.pack(
            "<IHHHHHIIIHH", 0x04034B50, 20, flags, 8, 0, 0, crc, len(packed), declared % 2**32,
            len(encoded), 0,
        ) + encoded + packed  # fmt: skip
        directory += struct.pack(
            "<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, flags, 8, 0, 0, crc, len(packed),
            declared % 2**32, len(encoded), 0, 0, 0, 0, 0, offset,
        ) + encoded  # fmt: skip
    start = len(out)
    out += directory
    out += struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(directory), start, 0
    )
    return bytes(out)
