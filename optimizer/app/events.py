"""Typed progress events of a run, for any front end (a terminal line, a web page's live view).

The service (``optimizer.app.service.plan``) sends a ``Progress`` at the start of each phase and
after each solved component. Events are plain frozen data: a web server can serialise them, a
CLI can print them; neither needs to know how the run works.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Phase(Enum):
    """What a run is doing, in the order it does it (data flows one way)."""

    READ = "read"  # reading and validating the workbook
    SOLVE = "solve"  # solving the components
    CHECK = "check"  # the independent checker re-verifies the roster
    EXPLAIN = "explain"  # explaining the rules that had to bend
    WRITE = "write"  # writing the roster workbook(s)
    DONE = "done"


@dataclass(frozen=True)
class Progress:
    """Where a run stands.

    ``done``/``total`` count solved components (0/0 outside ``Phase.SOLVE``). ``objective`` and
    ``bound`` sum the goal objective and its proved bound over the components solved so far;
    ``gap`` is their relative gap (``None`` before any component is solved).
    """

    phase: Phase
    elapsed_s: float
    done: int = 0
    total: int = 0
    objective: float | None = None
    bound: float | None = None

    @property
    def gap(self) -> float | None:
        if self.objective is None or self.bound is None:
            return None
        return abs(self.objective - self.bound) / max(1.0, abs(self.objective))
