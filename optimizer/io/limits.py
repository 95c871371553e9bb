"""Size limits on input workbooks, checked before any cell is parsed (see docs/robustness.md).

The defaults fit a real office many times over (the 60,000-staff test city is a 3.5 MB file that
unpacks to 38 MB, 60,001 rows by 11 columns) while bounding what a hostile file can cost (the
measured figures are in docs/robustness.md).

Only the upload size is meant to be tuned, with the environment variable ``GILIRAN_MAX_UPLOAD_MB``
(for example on the server behind a web page) or with ``configure(Limits(...))`` from Python.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, replace

MB = 1024 * 1024
ENV_MAX_UPLOAD_MB = "GILIRAN_MAX_UPLOAD_MB"


@dataclass(frozen=True)
class Limits:
    """What ``optimizer.io.reader`` accepts; each limit is checked before a sheet is parsed."""

    max_file_bytes: int = 50 * MB  # the .xlsx file itself
    max_zip_entries: int = 2_000  # parts inside the zip (a workbook has a few dozen)
    max_unpacked_bytes: int = 500 * MB  # total declared uncompressed size of every part
    max_compression_ratio: float = 200.0  # a part packed tighter than this is a zip bomb …
    ratio_checked_from_bytes: int = 4 * MB  # … when it unpacks to at least this many bytes
    max_rows: int = 300_000  # last row holding a value, per sheet read (200,000 staff + headers)
    max_columns: int = 500  # last column holding a value, per sheet read
    max_cells: int = 10_000_000  # rows x columns of a sheet as read (about 450 MB in memory)
    max_text_chars: int = 100_000_000  # text of the cells read, when shared texts could multiply it
    max_shared_string_bytes: int = 256 * 1024  # one shared text, in bytes of XML
    max_shared_strings: int = 2_000_000  # distinct shared texts (200,000 staff: about 400,000)
    max_cell_chars: int = 32_767  # one cell's text (Excel's own limit)
    max_problem_cells: int = 20  # formula/error cells listed one by one before a summary


DEFAULT = Limits()
_configured: Limits | None = None


def configure(limits: Limits | None) -> None:
    """Use ``limits`` for every later read (``None``: back to the defaults and the environment)."""
    global _configured
    _configured = limits


def current() -> Limits:
    """The limits in force: ``configure``'s, else the defaults with ``GILIRAN_MAX_UPLOAD_MB``."""
    if _configured is not None:
        return _configured
    upload_mb = _positive_number(os.environ.get(ENV_MAX_UPLOAD_MB, ""))
    if upload_mb is None:
        return DEFAULT
    return replace(DEFAULT, max_file_bytes=int(upload_mb * MB))


def _positive_number(text: str) -> float | None:
    """A positive finite number written in ``text`` (decimal comma allowed), else None."""
    try:
        number = float(text.strip().replace(",", "."))
    except ValueError:
        return None
    return number if math.isfinite(number) and number > 0 else None
