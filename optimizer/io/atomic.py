"""The one way every file is written: to a temporary file next to it, then moved into place.

A roster, a per-unit roster, a template or a batch summary is written to a temporary file in
the same folder, flushed to disk (``fsync``) and renamed over the target (``os.replace``, atomic
on one file system). An interrupted or failed write never leaves a half-written file, and an
existing file stays as it was until the new one is complete. A replaced file keeps its mode; a
new one gets the usual ``0666 & ~umask``.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path


@contextmanager
def atomic_output(path: Path) -> Iterator[Path]:
    """Yield a temporary path next to ``path``; on success move it over ``path`` atomically.

    On any exception the temporary file is removed and an existing ``path`` stays as it was.
    """
    with tempfile.NamedTemporaryFile(
        dir=path.parent, prefix=f".{path.stem}-", suffix=".xlsx", delete=False
    ) as handle:
        tmp = Path(handle.name)
    try:
        yield tmp
        _sync(tmp)
        os.chmod(tmp, _target_mode(path))
        os.replace(tmp, path)
    except BaseException:
        with suppress(OSError):
            tmp.unlink()
        raise


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
