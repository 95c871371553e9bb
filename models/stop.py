"""A request to stop solving, made from another thread (a signal handler, a web request).

This is the cancel token of the application service: whoever runs a solve creates one, passes it
down, and calls ``request()`` to stop. The CP-SAT search (or GLOP's LP) under way stops at once
and keeps the best roster it has; components not solved yet get the safe fallback roster
(everybody who can works from home), which breaks no never-broken rule — the checker then lists
what it leaves unmet. No process handling here: only a flag and the solvers watching it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol


class Stoppable(Protocol):
    """A solver that can be told to stop from another thread (CP-SAT, or GLOP via a wrapper)."""

    def stop_search(self) -> None: ...


class Stop:
    """A thread-safe stop request, honoured by every solve and explanation that is given it."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._lock = threading.Lock()
        self._solvers: set[Stoppable] = set()

    def request(self) -> None:
        self._event.set()
        with self._lock:
            for solver in self._solvers:
                solver.stop_search()

    @property
    def requested(self) -> bool:
        return self._event.is_set()

    @contextmanager
    def watching(self, solver: Stoppable) -> Iterator[None]:
        with self._lock:
            self._solvers.add(solver)
        try:
            if self._event.is_set():  # asked to stop before this solver started
                solver.stop_search()
            yield
        finally:
            with self._lock:
                self._solvers.discard(solver)
