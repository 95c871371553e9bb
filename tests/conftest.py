"""Fixtures shared by the tests that run whole workbooks through the service or the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.domain import Problem
from optimizer.demo.generator import generate_city
from optimizer.io.input_workbook import write_input_workbook


@pytest.fixture(scope="module")
def city() -> Problem:
    """A seeded 300-person city (about a dozen units), small enough to solve in a second."""
    return generate_city(seed=7, staff=300)


@pytest.fixture()
def city_xlsx(tmp_path: Path, city: Problem) -> Path:
    """``city`` as an input workbook in the test's own folder."""
    path = tmp_path / "kota.xlsx"
    write_input_workbook(city, path)
    return path
