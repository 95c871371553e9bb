"""The one way every file is written: to a temporary file next to it, then moved into place.

A roster, a per-unit roster, a template or a batch summary is written to a temporary file in
the same folder, flushed to disk (``fsync``) and renamed over the target (``os.replace``, atomic
on one file system). An interrupted or failed write never leaves a half-written file, and an
existing file stays as it was until the new one is complete. A replaced file keeps its mode; a
new one gets the usual ``0666 & ~umask``.

Every temporary file being written is also kept in a process-wide registry, so that a process
told to quit at once (a second Ctrl-C or SIGTERM, ``optimizer.app.runtime``) can remove them with
``abandon_temporaries()`` before it exits: no temporary file survives a signal Python can see.
"""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

#: Guards ``_PENDING`` and every creation and rename of a temporary file.
_LOCK = threading.Lock()
#: The temporary files this process is writing right now.
_PENDING: set[Path] = set()


@contextmanager
def atomic_output(path: Path) -> Iterator[Path]:
    """Yield a temporary path next to ``path``; on success move it over ``path`` atomically.

    On any exception the temporary file is removed and an existing ``path`` stays as it was.
    """
    with _LOCK:
        with tempfile.NamedTemporaryFile(
            dir=path.parent, prefix=f".{path.stem}-", suffix=".xlsx", delete=False
        ) as handle:
            tmp = Path(handle.name)
        _PENDING.add(tmp)
    try:
        yield tmp
        _sync(tmp)
        os.chmod(tmp, _target_mode(path))
        with _LOCK:
            os.replace(tmp, path)
            _PENDING.discard(tmp)
    except BaseException:
        with _LOCK:
            _PENDING.discard(tmp)
            with suppress(OSError):
                tmp.unlink()
        raise


def abandon_temporaries(timeout_s: float = 5.0) -> list[Path]:
    """Remove every temporary file this process is writing; for a process about to exit at once.

    The registry's lock is taken and deliberately never given back, so that no other thread of
    this process can create a new temporary file or rename one into place afterwards (a thread
    that tries waits until the process exits). Returns the files removed.
    """
    _LOCK.acquire(timeout=timeout_s)  # each holder only creates or renames one file
    removed = []
    for tmp in sorted(_PENDING):
        with suppress(OSError):
            tmp.unlink()
            removed.append(tmp)
    _PENDING.clear()
    return removed


def _sync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _target_mode(path: Path) -> int:
    """Keep the mode of the file being replaced; a new file gets the usual 0666 & ~umask."""
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
