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
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

#: Guards ``_PENDING`` and every creation and rename of a temporary file.
_LOCK = threading.Lock()
#: The temporary files this process is writing right now.
_PENDING: set[Path] = set()
#: The empty placeholders this process has claimed and not yet written over (name -> its file).
_PLACEHOLDERS: dict[Path, FileId] = {}


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
            _PLACEHOLDERS.pop(path, None)  # written over: no longer a placeholder
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
    for path, placeholder in sorted(_PLACEHOLDERS.items()):
        if FileId.of(path) == placeholder:  # still the empty file claimed, never a roster
            with suppress(OSError):
                path.unlink()
                removed.append(path)
    _PLACEHOLDERS.clear()
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


# --------------------------------------------------------------------------------------------
# Claiming an output name: never overwrite without being asked, never the input
# --------------------------------------------------------------------------------------------

#: What a temporary file adds to a name: ``.<stem>-`` + 8 random characters + ``.xlsx``.
TEMP_NAME_EXTRA = len(".-") + 8 + len(".xlsx")
#: Room kept for a version number (``-2`` … ``-9999``) when the name is already taken.
VERSION_ROOM = len("-9999")
OUTPUT_SUFFIX = ".xlsx"


class OutputRefused(Exception):
    """An output path that cannot or may not be written (message: Indonesian / English)."""


@dataclass(frozen=True)
class FileId:
    """A file as the system knows it (device, inode): the same file under any path or link."""

    device: int
    inode: int

    @staticmethod
    def of(path: Path) -> FileId | None:
        """The file at ``path`` (links followed), or None when there is none."""
        try:
            info = os.stat(path)
        except (OSError, ValueError):
            return None
        return FileId(info.st_dev, info.st_ino)


@dataclass(frozen=True)
class Claim:
    """An output name reserved for this run; ``placeholder`` is the empty file holding it."""

    path: Path
    placeholder: FileId | None  # None: nothing created (``force`` over an existing name)

    def release(self) -> None:
        """Remove the placeholder if it is still there (the write did not happen)."""
        with _LOCK:
            _PLACEHOLDERS.pop(self.path, None)
        if self.placeholder is not None and FileId.of(self.path) == self.placeholder:
            with suppress(OSError):
                self.path.unlink()


def claim(path: Path, force: bool = False, never: Iterable[FileId] = ()) -> Claim:
    """Reserve ``path`` for a new file, atomically, before it is written.

    Without ``force`` an existing file is never touched: the first free name of ``path``,
    ``<stem>-2.xlsx``, ``<stem>-3.xlsx``, … is taken by creating an empty placeholder with
    ``O_CREAT | O_EXCL``, so that two runs at the same time can never take the same name (the
    atomic write then replaces the placeholder). With ``force`` an existing file at ``path`` is
    replaced when the write completes. Either way no file in ``never`` (the input, compared by
    device and inode, so a link or another spelling of its path is caught too) is replaced.
    Raises ``OutputRefused`` for a name that may not be used, ``OSError`` when the folder
    cannot be written.
    """
    forbidden = set(never)
    if force:
        if FileId.of(path) in forbidden:
            raise _refuse_input(path)
        return Claim(path, None)
    n = 1
    while True:
        candidate = path if n == 1 else path.with_name(f"{path.stem}-{n}{path.suffix}")
        with _LOCK:  # (a process about to quit removes its placeholders: see above)
            try:
                fd = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            except FileExistsError:
                n += 1
                continue
            try:
                info = os.fstat(fd)
            finally:
                os.close(fd)
            placeholder = FileId(info.st_dev, info.st_ino)
            _PLACEHOLDERS[candidate] = placeholder
        return Claim(candidate, placeholder)


def check_output_path(
    path: Path, extra: int = 0, what: tuple[str, str] = ("jadwal", "roster")
) -> None:
    """Refuse, before any work is done, an output path that could not be written.

    An empty name, a name not ending in ``.xlsx`` (any case), a name that would be too long
    for the file system once the temporary suffix (and ``extra`` characters, e.g. a unit's
    name) is added, an existing folder of that name, or a folder that cannot be created or
    written to. Raises ``OutputRefused`` with an Indonesian and English message naming ``what``
    is written (Indonesian, English).
    """
    name = path.name
    what_id, what_en = what
    if not name or name in (".", ".."):
        raise OutputRefused(
            f"Nama file {what_id} kosong; sebutkan file .xlsx, mis. -o jadwal.xlsx / "
            f"the {what_en} file name is empty; name an .xlsx file, e.g. -o jadwal.xlsx"
        )
    if path.suffix.casefold() != OUTPUT_SUFFIX:
        shown = path.suffix or "(tanpa akhiran / no suffix)"
        raise OutputRefused(
            f"File {what_id} harus berakhiran .xlsx, bukan {shown}: {path} / "
            f"the {what_en} file must end in .xlsx, not {shown}: {path}"
        )
    folder = path.parent
    existing = _nearest_existing(folder)
    name_max = _name_max(existing)
    # the longest name written for it: a versioned name's temporary file (plus ``extra``)
    room = name_max - (VERSION_ROOM + TEMP_NAME_EXTRA + extra) + len(OUTPUT_SUFFIX)
    size = len(os.fsencode(name))
    if size > room:
        raise OutputRefused(
            f"Nama file {what_id} terlalu panjang ({size} byte; paling banyak {room} byte): "
            f"{name} / the {what_en} file name is too long ({size} bytes; at most {room}): {name}"
        )
    if path.is_dir():
        raise OutputRefused(
            f"Tidak dapat menulis {what_id} ke {path}: itu sebuah folder / "
            f"cannot write the {what_en} to {path}: it is a folder"
        )
    if not existing.is_dir():
        raise OutputRefused(
            f"Tidak dapat menulis {what_id} ke {path}: {existing} bukan folder / "
            f"cannot write the {what_en} to {path}: {existing} is not a folder"
        )
    if not os.access(existing, os.W_OK | os.X_OK):
        raise OutputRefused(
            f"Tidak dapat menulis {what_id} ke {path}: tidak ada izin menulis di {existing} / "
            f"cannot write the {what_en} to {path}: no permission to write in {existing}"
        )


def _nearest_existing(folder: Path) -> Path:
    """``folder`` or its nearest ancestor that exists (as a file or a folder)."""
    current = folder if str(folder) else Path(".")
    while not current.exists() and current != current.parent:
        current = current.parent
    return current


def _name_max(folder: Path) -> int:
    try:
        return os.pathconf(folder if folder.is_dir() else folder.parent, "PC_NAME_MAX")
    except (OSError, ValueError):
        return 255


def _refuse_input(path: Path) -> OutputRefused:
    return OutputRefused(
        f"Jadwal tidak boleh menimpa file input {path} / the roster may not overwrite the input "
        f"file {path}"
    )
