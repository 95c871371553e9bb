"""The ``giliran`` console script: stop signals are handled from the first moment.

Importing the command line (OR-Tools, XlsxWriter, the service) takes about a second and a half,
and Python's defaults during that time would print a ``KeyboardInterrupt`` traceback on Ctrl-C
or end silently with 143 on SIGTERM. Nothing has been read or written yet then, so this entry
point first makes SIGINT, SIGTERM and SIGHUP end the process with the documented code 130 and
one line, then imports the command line, whose runtime installs the real handlers (stop the
search, write the best roster so far).
"""

from __future__ import annotations

import os
import signal
import sys
from types import FrameType

STOPPED = 130  # optimizer.errors.ExitCode.STOPPED (not imported: that would load the package)


def _before_start(signum: int, frame: FrameType | None) -> None:
    sys.stderr.write(
        "Dihentikan sebelum mulai; tidak ada yang ditulis. / "
        "Stopped before starting; nothing was written.\n"
    )
    sys.stderr.flush()
    os._exit(STOPPED)


def main() -> None:
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _before_start)
    from optimizer.cli import main as cli_main

    # Imported: from here the command's own handling applies (the runtime's stop handlers
    # while a job runs; Ctrl-C elsewhere is caught by the command line and exits 130).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGHUP, signal.SIG_DFL)
    cli_main()
