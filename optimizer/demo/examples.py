"""Regenerate the shipped workbooks in ``input_templates/``: the blank template and the example.

``python -m optimizer.demo.examples [FOLDER]``. The example is the seeded demo city of
``optimizer.demo.generator``; a test fails when the shipped files drift from it. Nothing at run
time imports this package.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from optimizer.demo.generator import generate_city
from optimizer.io.input_workbook import (
    EXAMPLE_NAME,
    TEMPLATE_NAME,
    TEMPLATES_DIR,
    write_input_workbook,
    write_template,
)


def regenerate(folder: Path = TEMPLATES_DIR) -> tuple[Path, Path]:
    """Write the shipped template and example workbook into ``folder``; returns their paths."""
    template = folder / TEMPLATE_NAME
    example = folder / EXAMPLE_NAME
    write_template(template)
    write_input_workbook(generate_city(), example)
    return template, example


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m optimizer.demo.examples [FOLDER]``: regenerate the shipped workbooks."""
    args = list(sys.argv[1:] if argv is None else argv)
    folder = Path(args[0]) if args else TEMPLATES_DIR
    for written in regenerate(folder):
        print(f"Ditulis / written: {written}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
