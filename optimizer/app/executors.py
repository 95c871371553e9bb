"""Where components are solved: here, in local processes, or on a Ray cluster.

The runtime (``optimizer.app.runtime.solve``) takes any object with ``Executor.map``
semantics. Ray is an optional extra (``pip install 'giliran[ray]'``): ``RayExecutor`` sends each
component to the cluster at ``address`` (``auto``, ``local`` for a Ray instance started here, or
``HOST:PORT`` of a running head node). The problem is put in the object store once; every task
solves one component exactly as it would be solved locally, so the roster is the same.
"""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from models.domain import Problem


class ExecutorError(Exception):
    """The requested executor cannot be used (not installed, cluster unreachable)."""


class RayExecutor:
    """``Executor.map`` over a Ray cluster."""

    def __init__(self, address: str | None = None, workers: int | None = None) -> None:
        try:
            import ray
        except ImportError as err:  # pragma: no cover - depends on the installation
            raise ExecutorError(
                "Ray belum terpasang: pip install 'giliran[ray]' / Ray is not installed: "
                "pip install 'giliran[ray]'"
            ) from err
        self._ray = ray
        self._started_here = not ray.is_initialized()
        if self._started_here:
            options: dict[str, Any] = {
                "include_dashboard": False,
                "log_to_driver": False,
                "configure_logging": False,
            }
            if address in (None, "", "local"):
                if workers:
                    options["num_cpus"] = workers
            else:
                options["address"] = address
                _reachable(address)
            try:
                ray.init(**options)
            except Exception as err:
                raise ExecutorError(
                    f"Tidak dapat terhubung ke Ray di {address} / cannot connect to Ray at "
                    f"{address}: {err}"
                ) from err
        self._shared: dict[int, Any] = {}

    def _share(self, value: Any) -> Any:
        """Large arguments (the problem) go to the object store once, not once per task."""
        if isinstance(value, Problem):
            key = id(value)
            if key not in self._shared:
                self._shared[key] = self._ray.put(value)
            return self._shared[key]
        return value

    def map(self, fn: Callable[..., Any], *iterables: Iterable[Any]) -> Iterator[Any]:
        remote = self._ray.remote(num_cpus=1)(fn)
        refs = [
            remote.remote(*(self._share(a) for a in args)) for args in zip(*iterables, strict=True)
        ]
        for ref in refs:
            yield self._ray.get(ref)

    def shutdown(self) -> None:
        if self._started_here:
            self._ray.shutdown()
        self._shared.clear()


def _reachable(address: str) -> None:
    """Fail fast on a ``HOST:PORT`` nobody listens on (Ray itself retries for minutes)."""
    host, sep, port = address.rpartition(":")
    if not sep or not port.isdigit():
        return  # e.g. "auto" or "ray://…": let Ray resolve it
    try:
        socket.create_connection((host, int(port)), timeout=5).close()
    except OSError as err:
        raise ExecutorError(
            f"Tidak dapat terhubung ke Ray di {address} / cannot connect to Ray at {address}: {err}"
        ) from err


def make_executor(kind: str, address: str | None, workers: int) -> RayExecutor | None:
    """``None`` for the built-in local path (``--workers`` processes), else the executor."""
    if kind == "local":
        return None
    if kind == "ray":
        return RayExecutor(address, workers)
    raise ExecutorError(f"Executor tidak dikenal / unknown executor: {kind}")
