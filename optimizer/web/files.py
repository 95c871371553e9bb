"""Small file helpers of the web layer: JSON state written atomically, safe display names."""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any

#: Characters kept in an uploaded file's display name (never used as a path on the server).
_UNSAFE = re.compile(r"[^\w .()+-]", re.UNICODE)
MAX_NAME_CHARS = 100


def write_json(path: Path, value: Any) -> None:
    """Write ``value`` as JSON to ``path`` atomically (a reader sees the old or the new file)."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(value, out, ensure_ascii=False, default=str)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def read_json(path: Path) -> Any:
    """The JSON in ``path``, or ``None`` when it is missing or unreadable."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def display_name(given: str | None, default: str = "unggahan.xlsx") -> str:
    """A client's file name reduced to a harmless display name: its last part, safe characters.

    The name is only shown and used as the stem of the roster's name; the file itself is always
    stored under a fixed name in the job's folder.
    """
    name = (given or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE.sub("_", name).strip(" .")
    if len(name) > MAX_NAME_CHARS:
        stem, dot, suffix = name.rpartition(".")
        keep = MAX_NAME_CHARS - len(suffix) - 1
        name = f"{stem[:keep]}.{suffix}" if dot and len(suffix) <= 8 else name[:MAX_NAME_CHARS]
    return name or default
