"""Indonesian national holidays and cuti bersama (joint leave days), from the ``holidays`` library.

Shared by the example generator and the workbook reader so that a generated problem and the same
problem read back from its workbook get exactly the same days off.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import holidays as holidays_lib


def national_holidays(dates: Iterable[dt.date]) -> tuple[tuple[dt.date, str], ...]:
    """Indonesian public holidays and cuti bersama (joint leave days) among ``dates``."""
    wanted = sorted(set(dates))
    if not wanted:
        return ()
    table = _table(wanted[0].year, wanted[-1].year)
    return tuple((d, str(table[d])) for d in wanted if d in table)


@lru_cache(maxsize=16)
def _table(first_year: int, last_year: int) -> Any:
    """The holiday table for the years ``first_year`` to ``last_year`` (built once per span)."""
    return holidays_lib.country_holidays(
        "ID",
        years=range(first_year, last_year + 1),
        categories=("public", "government"),
        language="id",
    )
