"""What the application's entry points share: their exceptions and the package's version.

Defined here (and re-exported by ``optimizer.app.service``) so that ``optimizer.app.replan``
raises the very exceptions the front ends catch without importing the service back.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

__all__ = ["CheckerDisagrees", "OptionError", "OutputError", "package_version"]


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
