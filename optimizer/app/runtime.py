"""Where a problem's components are solved, and every bit of process handling that takes.

The pure core (``models.solve``) solves one component and merges results; this module decides
where the components run: in this process one after another, in local worker processes
(``SolveParams.workers > 1``), or on any executor with ``Executor.map`` semantics (a Ray
cluster, ``optimizer.app.executors``). Signals, worker start-up and shutdown live here and
nowhere else, so that a front end (the CLI, a web server) never deals with processes itself:

* ``run_stoppable(job, stop, notice)`` runs a job while the main thread handles SIGINT, SIGTERM
  and SIGHUP: the first asks the job to stop (``stop.request()``: the searches stop, the best
  roster so far is written); the second removes the temporary files being written, ends every
  worker and raises ``Aborted`` at once.
* ``run_isolated(job, items, workers, stop)`` runs ``job(item, stop)`` for each item in worker
  processes, one item at a time each (components of one problem, workbooks of a batch): a
  worker that dies (kill -9, the out-of-memory killer) costs its own item only
  (``ProcessEnded``) and is replaced; the others go on.
* Every worker leaves the stop signals to its parent, does not hold the parent's stdin, stdout
  or stderr (a caller waiting on those pipes is not blocked by a worker), and dies with its
  parent whatever kills it: ``PR_SET_PDEATHSIG`` on Linux (immediate) and a watchdog thread
  (within 0.1 s, everywhere) that ends it when its parent changes. After a kill -9 of the parent
  no worker goes on to write anything.

Each component is solved the same way wherever it runs, so the roster does not depend on where.
"""

from __future__ import annotations

import contextlib
import ctypes
import dataclasses
import multiprocessing
import multiprocessing.connection
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from types import FrameType
from typing import Any, Generic, Protocol, TypeVar

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
    solve_component,
    solve_here,
    solve_part,
)
from models.stop import Stop
from models.variables import Component
from optimizer.errors import ExitCode
from optimizer.io.atomic import abandon_temporaries
from optimizer.model_export import memfd_export

A = TypeVar("A")
R = TypeVar("R")
T = TypeVar("T")

#: The signals that stop a run: Ctrl-C, what systemd, docker and web servers send, a hang-up.
STOP_SIGNALS: tuple[signal.Signals, ...] = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)
#: How a worker process starts: ``fork`` where there is one (fast, and the worker's parent is
#: this process, which the death watch relies on), else ``spawn``.
_CONTEXT: Any = multiprocessing.get_context(
    "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
)
#: How often a worker looks at its parent and at the stop and abort requests.
_WATCH_S = 0.1
#: After a stop request, how long a component's worker may take to hand back its best roster.
COMPONENT_GRACE_S = 3.0
_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


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

    Components are solved here one after another, or with ``params.workers > 1`` in that many
    local worker processes (``run_isolated``; after a stop request each has
    ``COMPONENT_GRACE_S`` to hand back its best roster), or by any ``executor`` (e.g. a Ray
    cluster) that runs ``solve_part``. A worker that dies raises ``WorkerEnded``.
    ``on_component(result, done, total, elapsed_s)`` is called after each component, in
    component order; ``stop`` ends the run early with the best roster so far. ``deadline``
    (``time.monotonic()``; default ``params.time_limit_s`` from now) is the run's one deadline,
    shared by every component wherever it runs: a component picked up after it has no roster.
    """
    params = with_defaults(params or SolveParams(time_limit_s=problem.policy.time_limit_s))
    comps = components(problem)
    n = len(comps)
    in_pool = params.workers > 1 and n > 1 and not multiprocessing.current_process().daemon
    # (A daemonic process, e.g. a worker running giliran, may not start workers of its own.)
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
        # Each part gets the run's deadline itself (one monotonic clock for every process of
        # the machine), not the time left at submission: a part waiting for a free worker must
        # not start a fresh clock.
        jobs = [(part_of(problem, c), params, deadline) for c in comps]
        done: list[ComponentResult | None] = [None] * n
        reported = [0]

        def finished(i: int, outcome: ComponentResult | ProcessEnded) -> None:
            if isinstance(outcome, ProcessEnded):
                raise WorkerEnded(comps[i].key, outcome)
            done[i] = outcome
            while reported[0] < n and (result := done[reported[0]]) is not None:
                record(result)  # in component order, as the progress events promise
                reported[0] += 1

        # Largest components first, so that the last one to finish is a small one.
        order = sorted(range(n), key=lambda i: -len(comps[i].employees))
        run_isolated(
            _solve_part_until_stopped,
            jobs,
            min(params.workers, n, available_cores()),
            stop,
            finished,
            order=order,
            grace_s=COMPONENT_GRACE_S,
        )
        for comp, result in zip(comps[reported[0] :], done[reported[0] :], strict=True):
            record(result if result is not None else fallback_component(comp, started))
    return merge(problem, results, params, started, stop)


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


def _solve_part_until_stopped(
    job: tuple[Problem, SolveParams, float], stop: Stop
) -> ComponentResult:
    """``solve_part`` in a worker, honouring the stop request its parent passes on."""
    part, params, deadline = job  # the run's deadline on the machine's monotonic clock
    (component,) = components(part)
    return solve_component(part, component, params, deadline, stop=stop)


class WorkerEnded(RuntimeError):
    """The worker process solving a component ended without a result (killed, out of memory)."""

    def __init__(self, key: str, ended: ProcessEnded) -> None:
        self.ended = ended
        super().__init__(
            f"komponen/component {key}: {ended.describe()}; coba --workers lebih sedikit / "
            "try fewer --workers"
        )


# -- Stop signals ------------------------------------------------------------------------------


class Aborted(Exception):
    """A second stop signal: temporary files were removed and every worker ended; quit now."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        super().__init__(signal.Signals(signum).name)


#: Told about each stop signal: its number and whether it is the first (stop) or not (abort).
SignalNotice = Callable[[int, bool], None]


def run_stoppable(job: Callable[[], T], stop: Stop, notice: SignalNotice | None = None) -> T:
    """Run ``job`` in a helper thread while the main thread handles the stop signals.

    The first SIGINT, SIGTERM or SIGHUP calls ``notice(signum, True)`` and ``stop.request()``:
    the job's searches stop and it goes on to write what it has. The next one calls
    ``notice(signum, False)``, removes the temporary files being written, ends every worker
    process (a batch worker removes its own temporary files first) and raises ``Aborted``; the
    caller should then leave at once (``os._exit``: the job's thread is still running). The
    previous handlers are restored on return. Away from the main thread (a web server's request
    thread) signals cannot be handled: ``job`` just runs.
    """
    if threading.current_thread() is not threading.main_thread():
        return job()
    box: dict[str, Any] = {}
    done = threading.Event()
    received: list[int] = []

    def target() -> None:
        try:
            box["value"] = job()
        except BaseException as err:
            box["error"] = err
        finally:
            done.set()

    def handler(signum: int, frame: FrameType | None) -> None:
        received.append(signum)  # handled by the loop below, outside the signal handler

    previous = {s: signal.signal(s, handler) for s in STOP_SIGNALS}
    try:
        thread = threading.Thread(target=target, name="giliran-job", daemon=True)
        thread.start()
        handled = 0
        while not done.wait(_WATCH_S):
            while handled < len(received):
                signum, first = received[handled], handled == 0
                handled += 1
                if notice is not None:
                    notice(signum, first)
                if first:
                    stop.request()
                else:
                    quit_now()
                    raise Aborted(signum)
    finally:
        for s, h in previous.items():
            signal.signal(s, h)
    if "error" in box:
        raise box["error"]
    return box["value"]  # type: ignore[no-any-return]


def quit_now(grace_s: float = 3.0) -> None:
    """Before leaving at once: remove this process's temporary files and end every worker.

    Workers that write files (a batch) are asked to remove their temporary files and exit, and
    get ``grace_s`` to do so; whatever is still alive then is killed.
    """
    abandon_temporaries()
    with _LIVE_LOCK:
        live = list(_LIVE.values())
    for worker in live:
        worker.abort.set()
    deadline = time.monotonic() + grace_s
    pending = [w.process.sentinel for w in live]
    while pending and (left := deadline - time.monotonic()) > 0:
        ready = multiprocessing.connection.wait(pending, timeout=left)
        pending = [s for s in pending if s not in ready]
    for worker in live:
        _kill(worker.process)


# -- Worker processes --------------------------------------------------------------------------


@dataclass(frozen=True)
class ProcessEnded:
    """An item whose worker process ended without handing back a result."""

    exitcode: int | None  # negative: killed by that signal (e.g. -9, the out-of-memory killer)

    def describe(self) -> str:
        code = self.exitcode
        if code is not None and code < 0:
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = str(-code)
            return f"proses berakhir (sinyal {name}) / process ended (signal {name})"
        return f"proses berakhir (kode {code}) / process ended (code {code})"


class _Live(Generic[A]):
    """A worker process of this one: its pipe, the item it is on, how to tell it to quit."""

    def __init__(self, process: BaseProcess, conn: Connection, abort: Any) -> None:
        self.process = process
        self.conn = conn
        self.abort = abort  # a multiprocessing Event: remove your temporary files and exit
        self.index: int | None = None  # the item it is working on


#: Every worker process alive, for ``quit_now`` (a second signal).
_LIVE: dict[int, _Live[Any]] = {}
_LIVE_LOCK = threading.Lock()


def run_isolated(
    job: Callable[[A, Stop], R],
    items: Sequence[A],
    workers: int,
    stop: Stop | None = None,
    on_done: Callable[[int, R | ProcessEnded], None] | None = None,
    *,
    order: Iterable[int] | None = None,
    grace_s: float | None = None,
) -> list[R | ProcessEnded | None]:
    """``job(item, stop)`` for every item in up to ``workers`` worker processes, one item at a
    time each (started in ``order``, default item order); the results in item order.

    An item whose worker dies gets ``ProcessEnded``; a new worker takes the next item and the
    others go on. An exception raised by ``job`` is raised here (after every worker has been
    ended). ``on_done(index, result)`` is called as each item finishes. After ``stop`` is
    requested no new item starts (its result stays ``None``), the running ones are told to stop
    (their ``Stop`` is requested) and get ``grace_s`` (``None``: all the time they need) to hand
    back what they have; those still running then are killed and their result stays ``None``.
    """
    waiting = list(order if order is not None else range(len(items)))
    results: list[R | ProcessEnded | None] = [None] * len(items)
    pool: list[_Live[A]] = []
    stop_event, abort = _CONTEXT.Event(), _CONTEXT.Event()
    stopped_at: float | None = None
    try:
        while waiting or any(w.index is not None for w in pool):
            if stop is not None and stop.requested and stopped_at is None:
                stopped_at = time.monotonic()
                stop_event.set()
                waiting.clear()
            if (
                stopped_at is not None
                and grace_s is not None
                and time.monotonic() - stopped_at > grace_s
            ):
                break  # the finally below kills the rest
            for worker in [w for w in pool if w.index is None] + [None] * workers:
                if not waiting:
                    break
                if worker is None:
                    if len(pool) >= max(1, workers):
                        break
                    worker = _start(job, stop_event, abort)
                    pool.append(worker)
                worker.index = waiting.pop(0)
                with contextlib.suppress(OSError):  # it died: its sentinel says so below
                    worker.conn.send((worker.index, items[worker.index]))
            handles: list[Any] = [w.conn for w in pool] + [w.process.sentinel for w in pool]
            ready = set(multiprocessing.connection.wait(handles, timeout=_WATCH_S))
            for worker in list(pool):
                if worker.conn not in ready and worker.process.sentinel not in ready:
                    continue
                index, outcome = _receive(worker)
                if index is None:  # it ended idle, or its result is lost with it
                    pool.remove(worker)
                    _end(worker)
                    if worker.index is None:
                        continue
                    index = worker.index
                worker.index = None
                if isinstance(outcome, _Raised):
                    raise outcome.error
                results[index] = outcome
                if on_done is not None:
                    on_done(index, outcome)
    finally:
        for worker in pool:
            _end(worker)
    return results


@dataclass(frozen=True)
class _Raised:
    error: BaseException


def _start(job: Callable[[A, Stop], R], stop_event: Any, abort: Any) -> _Live[A]:
    mine, theirs = _CONTEXT.Pipe(duplex=True)
    process = _CONTEXT.Process(
        target=_worker_main,
        args=(job, theirs, os.getpid(), stop_event, abort),
        name="giliran-worker",
        daemon=True,  # (a daemonic process starts no workers of its own: see ``solve``)
    )
    process.start()
    theirs.close()
    worker: _Live[A] = _Live(process, mine, abort)
    with _LIVE_LOCK:
        _LIVE[process.pid or 0] = worker
    return worker


def _receive(worker: _Live[A]) -> tuple[int | None, Any]:
    """The item index and result a worker handed back, or ``(None, ProcessEnded)`` if it died."""
    try:
        if worker.conn.poll():
            index, ok, value = worker.conn.recv()
            return index, value if ok else _Raised(value)
    except (EOFError, OSError):
        pass
    except Exception as err:  # a result that cannot be unpickled
        return worker.index, _Raised(err)
    worker.process.join(timeout=10)
    return None, ProcessEnded(worker.process.exitcode)


def _end(worker: _Live[A]) -> None:
    """Let a worker go: ask an idle one to exit, kill a busy or stuck one."""
    if worker.index is None and worker.process.is_alive():
        with contextlib.suppress(OSError):
            worker.conn.send(None)
        worker.process.join(timeout=5)
    _kill(worker.process)
    worker.conn.close()
    with _LIVE_LOCK:
        _LIVE.pop(worker.process.pid or 0, None)


def _kill(process: BaseProcess) -> None:
    with contextlib.suppress(Exception):
        process.kill()
    with contextlib.suppress(Exception):
        process.join(timeout=5)


def _worker_main(
    job: Callable[[A, Stop], R], conn: Connection, parent: int, stop_event: Any, abort: Any
) -> None:
    """A worker process: detach, watch the parent, run the items it is sent, hand back each."""
    stop = Stop()
    _become_worker(parent, lambda: _watch(parent, stop, stop_event, abort))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            break
        if message is None:
            break
        index, item = message
        try:
            reply: tuple[int, bool, Any] = (index, True, job(item, stop))
        except BaseException as err:
            reply = (index, False, err)
        try:
            conn.send(reply)
        except Exception as err:  # the error or the result cannot be pickled
            conn.send((index, False, RuntimeError(f"{type(err).__name__}: {err}")))
    conn.close()
    os._exit(0)


def _become_worker(parent: int, watch: Callable[[], None]) -> None:
    """Leave stop signals to the parent, let go of its terminal pipes, die with it."""
    for s in STOP_SIGNALS:
        signal.signal(s, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the death signal was set up
        os._exit(int(ExitCode.STOPPED))
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    os.close(devnull)
    threading.Thread(target=watch, name="giliran-watchdog", daemon=True).start()


def _watch(parent: int, stop: Stop, stop_event: Any, abort: Any) -> None:
    """In a worker: pass the parent's stop request on; quit when told to or when it is gone."""
    while True:
        if os.getppid() != parent or abort.is_set():
            abandon_temporaries()
            os._exit(int(ExitCode.STOPPED))
        if stop_event.is_set() and not stop.requested:
            stop.request()
        time.sleep(_WATCH_S)
