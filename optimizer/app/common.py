"""What the application's entry points share: their exceptions and the package's version.

Defined here (and re-exported by ``optimizer.app.service``) so that ``optimizer.app.replan``
raises the very exceptions the front ends catch without importing the service back.
"""

from __future__ import annotations

import math
from importlib.metadata import PackageNotFoundError, version

from optimizer.io.parameters import MAX_TIME_LIMIT_S

__all__ = [
    "CheckerDisagrees",
    "OptionError",
    "OutputError",
    "check_run_options",
    "package_version",
]


class OutputError(Exception):
    """The roster could not be written where asked (bad path, no permission, disk full)."""


class OptionError(ValueError):
    """An option out of its documented range (a time limit, a number of workers)."""


class CheckerDisagrees(RuntimeError):
    """The independent checker found a never-broken rule broken: a bug, nothing is written."""


def package_version() -> str:
    try:
        return version("giliran")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "0+unknown"


def check_run_options(time_limit_s: float | None, workers: int) -> None:
    """``OptionError`` for a time limit or a number of workers out of its documented range."""
    if time_limit_s is not None and not (
        math.isfinite(time_limit_s) and 0 < time_limit_s <= MAX_TIME_LIMIT_S
    ):
        raise OptionError(
            f"Batas waktu harus lebih dari 0 dan paling lama {MAX_TIME_LIMIT_S:.0f} detik: "
            f"{time_limit_s} / the time limit must be above 0 and at most "
            f"{MAX_TIME_LIMIT_S:.0f} seconds: {time_limit_s}"
        )
    if workers < 1:
        raise OptionError(
            f"Jumlah proses harus paling sedikit 1: {workers} / "
            f"the number of workers must be at least 1: {workers}"
        )
