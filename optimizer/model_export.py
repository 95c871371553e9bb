"""Serialise a CP-SAT model in memory, for the LP warm start of ``models.warmstart``.

OR-Tools 9.15's Python model wraps a C++ proto that offers no in-memory serialisation, and reading
it field by field from Python costs ~10 µs a value (0.65 s for one 17,000-variable component).
Writing it to an anonymous in-memory file (``memfd``, Linux) and reading the bytes back takes
0.02 s. Nothing touches the disk. The pure core (``models``) does no I/O, so this lives here and
is handed to it as ``SolveParams.model_export``; it is a module-level function so that it travels
to worker processes and Ray tasks by name.
"""

from __future__ import annotations

import os

from ortools.sat.python import cp_model


def memfd_export(model: cp_model.CpModel) -> bytes | None:
    """The model as ``CpModelProto`` bytes, or ``None`` where no in-memory file is available."""
    if not hasattr(os, "memfd_create"):  # pragma: no cover - Linux only; no hint elsewhere
        return None
    fd = os.memfd_create("giliran-model", os.MFD_CLOEXEC)
    try:
        if not model.export_to_file(f"/proc/self/fd/{fd}"):
            return None
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError:  # pragma: no cover - e.g. /proc not mounted
        return None
    finally:
        os.close(fd)
