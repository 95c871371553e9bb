"""The chart of the result page: on-site headcount vs cap per day for one unit, as inline SVG data.

The geometry is computed here and drawn by the template (no script, no image file): one bar per
date (on site), a mark for the cap and one for the staff who could be on site.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 14, 46


@dataclass(frozen=True)
class Bar:
    x: float
    width: float
    y: float
    height: float
    on_site: int
    cap: int | None
    cap_y: float | None
    available: int
    available_y: float
    label: str  # the date, short ("" when the dates are too dense to name each)
    value_label: bool  # room to write the count above the bar
    date: str
    over: bool
    closed: bool


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: list[Bar]
    ticks: list[tuple[float, int]]  # (y, value)
    left: int
    right: int
    baseline: float


def unit_chart(days: list[dict[str, Any]]) -> Chart:
    """The chart of one unit's ``day_counts`` (see ``optimizer.web.worker.outcome_json``)."""
    top = max([1] + [int(d["on_site"]) for d in days] + [int(d["cap"] or 0) for d in days]
              + [int(d["available"]) for d in days])  # fmt: skip
    step = _step(top)
    top = ((top + step - 1) // step) * step
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    base = TOP + plot_h

    def y(value: float) -> float:
        return round(base - plot_h * value / top, 1)

    slot = plot_w / max(1, len(days))
    width = round(min(48.0, slot * 0.6), 1)
    every = max(1, math.ceil(44 / slot))  # a date label needs about 44 px
    bars = []
    for i, d in enumerate(days):
        on, cap = int(d["on_site"]), d["cap"]
        x = round(LEFT + slot * i + (slot - width) / 2, 1)
        bars.append(
            Bar(
                x=x,
                width=width,
                y=y(on),
                height=round(base - y(on), 1),
                on_site=on,
                cap=cap,
                cap_y=y(cap) if cap is not None else None,
                available=int(d["available"]),
                available_y=y(int(d["available"])),
                label=str(d["date"])[5:] if i % every == 0 else "",
                value_label=slot >= 26,
                date=str(d["date"]),
                over=cap is not None and on > cap,
                closed=d.get("status") in ("LIBUR", "TUTUP"),
            )
        )
    ticks = [(y(v), v) for v in range(0, top + 1, step)]
    return Chart(WIDTH, HEIGHT, bars, ticks, LEFT, WIDTH - RIGHT, base)


def _step(top: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000):
        if top / step <= 6:
            return step
    return 10_000
