"""Where a problem's components are solved, and every bit of process handling that takes.

The pure core (``models.solve``) solves one component and merges results; this module decides
where the components run: in this process one after another, in a local pool of worker
processes (``SolveParams.workers > 1``), or on any executor with ``Executor.map`` semantics (a
Ray cluster, ``optimizer.app.executors``). Worker start-up (signals), the daemon check and
stopping workers on a stop request live here and nowhere else, so that a front end (the CLI, a
web server) never deals with processes itself.

Each component is solved the same way wherever it runs, so the roster does not depend on where.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import signal
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any, Protocol

from models.domain import Problem
from models.solve import (
    ComponentCallback,
    ComponentResult,
    Result,
    SolveParams,
    components,
    fallback_component,
    merge,
    part_of,
    solve_here,
    solve_part,
)
from models.stop import Stop
from models.variables import Component
from optimizer.model_export import memfd_export


class MapExecutor(Protocol):
    """Anything with ``concurrent.futures.Executor.map`` semantics (results in input order)."""

    def map(self, fn: Callable[..., Any], *iterables: Iterable[Any]) -> Iterator[Any]: ...


def available_cores() -> int:
    """The CPU cores this process may run on (its affinity, e.g. a container's share)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # not Linux
        return max(1, os.cpu_count() or 1)


def with_defaults(params: SolveParams) -> SolveParams:
    """``params`` with this platform's model export for the LP warm start filled in."""
    if params.lp_warm_start and params.model_export is None:
        return dataclasses.replace(params, model_export=memfd_export)
    return params


def solve(
    problem: Problem,
    params: SolveParams | None = None,
    on_component: ComponentCallback | None = None,
    executor: MapExecutor | None = None,
    stop: Stop | None = None,
    deadline: float | None = None,
) -> Result:
    """Solve every component and merge them into one roster.

    Components are solved here one after another, or with ``params.workers > 1`` in a local
    process pool, or by any ``executor`` (e.g. a Ray cluster) that runs ``solve_part``.
    ``on_component(result, done, total, elapsed_s)`` is called after each component, in
    component order; ``stop`` ends the run early with the best roster so far. ``deadline``
    (``time.monotonic()``; default ``params.time_limit_s`` from now) is the run's one deadline,
    shared by every component wherever it runs: a component picked up after it has no roster.
    """
    params = with_defaults(params or SolveParams(time_limit_s=problem.policy.time_limit_s))
    comps = components(problem)
    n = len(comps)
    in_pool = params.workers > 1 and n > 1 and not multiprocessing.current_process().daemon
    # (A daemonic process, e.g. a pool worker running giliran, may not start a pool.)
    late = deadline is not None and time.monotonic() >= deadline  # nothing will be solved
    if late or ((executor is None or n <= 1) and not in_pool):
        return solve_here(problem, params, stop, on_component, deadline)

    started = time.monotonic()
    deadline = started + params.time_limit_s if deadline is None else deadline
    results: list[ComponentResult] = []

    def record(result: ComponentResult) -> None:
        results.append(result)
        if on_component:
            on_component(result, len(results), n, time.monotonic() - started)

    if executor is not None:
        parts = [part_of(problem, c) for c in comps]
        # another machine has another monotonic clock: the same deadline on the wall clock
        wall = time.time() + (deadline - time.monotonic())
        outcomes = executor.map(solve_part, parts, [params] * n, [wall] * n, ["wall"] * n)
        _collect(outcomes, comps, record, stop, started)
    else:
        # (never more processes than components to solve, or than cores to run them)
        processes = min(params.workers, n, available_cores())
        pool = ProcessPoolExecutor(max_workers=processes, initializer=_init_worker)
        try:
            # Largest components first, so that the last one to finish is a small one. Each
            # gets the run's deadline itself (not the time left at submission: a component
            # waiting in the queue must not start a fresh clock).
            order = sorted(range(n), key=lambda i: -len(comps[i].employees))
            submitted = {
                i: pool.submit(solve_part, part_of(problem, comps[i]), params, deadline)
                for i in order
            }
            futures = [submitted[i] for i in range(n)]
            _collect((_wait(f, stop) for f in futures), comps, record, stop, started)
        finally:
            _shutdown(pool, stop)
    return merge(problem, results, params, started, stop)


def _init_worker() -> None:
    """Pool worker start: leave Ctrl-C to the parent, which stops the run."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _shutdown(pool: ProcessPoolExecutor, stop: Stop | None) -> None:
    """Close the pool: wait for it normally; after a stop request, end its workers at once."""
    pool.shutdown(wait=stop is None or not stop.requested, cancel_futures=True)
    if stop is not None and stop.requested:
        for process in list(getattr(pool, "_processes", {}).values()):
            process.terminate()


def _wait(future: Future[ComponentResult], stop: Stop | None) -> ComponentResult | None:
    """The future's result, or ``None`` as soon as a stop is requested."""
    while True:
        try:
            return future.result(timeout=0.2)
        except FutureTimeout:
            if stop is not None and stop.requested:
                return None


def _collect(
    outcomes: Iterator[ComponentResult | None],
    comps: list[Component],
    record: Callable[[ComponentResult], None],
    stop: Stop | None,
    started: float,
) -> None:
    """Take results in component order; after a stop request, fallbacks for the rest."""
    for comp in comps:
        result = None if stop is not None and stop.requested else next(outcomes)
        record(result if result is not None else fallback_component(comp, started))
