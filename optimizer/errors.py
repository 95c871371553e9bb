"""User-facing problems and exit codes (documented in the CLI help and the README)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0  # roster meets every rule
    INTERNAL = 1  # a bug: please report it
    USAGE = 2  # wrong command-line use (click's own code)
    INVALID_INPUT = 3  # the workbook has problems; nothing was written
    RULES_NOT_MET = 4  # roster written, but some rules could not be met (listed)
    NO_SOLUTION = 5  # no roster found within the time limit
    OUT_OF_MEMORY = 6  # not enough memory: fewer workers or a shorter horizon may do
    STOPPED = 130  # stopped by a signal with nothing written (a second signal, or before solving)


#: ``InputProblem.kind`` of the warning about a column the reader does not use (``column`` is the
#: header as written, or the column letter when it has none); the roster lists them in Ringkasan.
UNUSED_COLUMN = "unused_column"
#: ``InputProblem.kind`` of the warning about a sheet the reader does not read (``sheet`` names it).
UNUSED_SHEET = "unused_sheet"


OUT_OF_MEMORY_MESSAGE = (
    "Memori tidak cukup; coba lebih sedikit proses (--workers) atau jadwal yang lebih pendek / "
    "not enough memory; try fewer workers (--workers) or a smaller horizon"
)


class OutOfMemory(Exception):
    """The run needed more memory than the machine (or its limit) gives: exit code 6."""

    def __init__(self, detail: str = "") -> None:
        self.detail = detail
        super().__init__(OUT_OF_MEMORY_MESSAGE + (f" ({detail})" if detail else ""))


@dataclass(frozen=True)
class InputProblem:
    """One problem in an input workbook, located as precisely as possible.

    ``row`` is the Excel row number (1-based, as HR sees it), ``column`` the header text as written
    in the file (or the canonical name when the column is missing). Messages are Indonesian first
    with the English text alongside; ``fix`` says how to repair it.
    """

    sheet: str
    row: int | None
    column: str | None
    message_id: str
    message_en: str
    fix_id: str = ""
    fix_en: str = ""
    warning: bool = False  # warnings are printed but do not stop the run
    kind: str = ""  # what it is about, for front ends that list some apart (UNUSED_COLUMN)

    def location(self) -> str:
        parts = [f"sheet '{self.sheet}'"]
        if self.row is not None:
            parts.append(f"baris/row {self.row}")
        if self.column:
            parts.append(f"kolom/column '{self.column}'")
        return ", ".join(parts)

    def render(self) -> str:
        kind = "PERINGATAN/WARNING" if self.warning else "KESALAHAN/ERROR"
        text = f"{kind}: {self.location()}: {self.message_id} / {self.message_en}"
        if self.fix_id or self.fix_en:
            text += f"\n    Perbaikan/Fix: {self.fix_id} / {self.fix_en}"
        return text


class InputError(Exception):
    """Raised when a workbook cannot be used; carries every problem found at once."""

    def __init__(self, problems: list[InputProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(p.render() for p in problems))

    @property
    def errors(self) -> list[InputProblem]:
        return [p for p in self.problems if not p.warning]
