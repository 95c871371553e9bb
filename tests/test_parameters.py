"""The parameter table: one declaration per Kebijakan parameter, and everything derived from it."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from xlsx_util import small_sheets, write_small

from models.domain import (
    CohortLevel,
    Employee,
    Policy,
    Problem,
    Representation,
    Sex,
    TimeRange,
    Unit,
)
from models.solve import SolveParams
from optimizer.analysis.report import CheckReport
from optimizer.app.runtime import solve
from optimizer.demo.generator import generate_city
from optimizer.errors import InputError
from optimizer.io.cells import BadValue
from optimizer.io.input_workbook import TEMPLATE_NAME, TEMPLATES_DIR, write_input_workbook
from optimizer.io.parameters import PARAMETERS, START, Parameter, build_policy
from optimizer.io.validate import (
    PARAMETER_ALIASES,
    PARAMETER_KEYS,
    PARAMETER_PARSERS,
    POLICY_FIELDS,
    key,
    load_problem,
)
from optimizer.io.writer import RunInfo, write_roster

#: Policy fields that are deliberately not parameters of the Kebijakan sheet (none today).
NOT_IN_SHEET: frozenset[str] = frozenset()

#: One value per field that differs from Policy's default (and is exact in binary floating point,
#: so that the Ringkasan number reads back equal).
OTHER_VALUES: dict[str, object] = {
    "start": dt.date(2026, 12, 7),
    "weeks": 2,
    "cap_pct": Decimal("0.5"),
    "essential_cap_pct": Decimal("37.5"),
    "critical_cap_pct": Decimal(90),
    "min_per_subunit": 0,
    "representation": Representation.DIVISION,
    "national_holidays": False,
    "time_limit_s": 12.5,
    "decree_date": dt.date(2026, 11, 27),
    "leader_min_days": 2,
    "preset": "PPKM-1-jawa-bali-2022",  # in force with no end date: no period warning
    "waves": (TimeRange(420, 690), TimeRange(720, 990)),
    "unit_cap_per_wave": True,
    "wave_priority": Sex.FEMALE,
    "office_hours": TimeRange(480, 810),
    "cohorts": 2,
    "cohort_level": CohortLevel.DIVISION,
}

#: Values each field must survive being written into a cell and read back.
ROUND_TRIP_VALUES: dict[str, list[object]] = {
    "start": [dt.date(2026, 11, 30), dt.date(2027, 1, 4)],
    "weeks": [1, 2, 8],
    "cap_pct": [Decimal(0), Decimal("0.5"), Decimal(1), Decimal("1.5"), Decimal("25.5"),
                Decimal(100)],
    "essential_cap_pct": [Decimal(0), Decimal(50), Decimal("33.3")],
    "critical_cap_pct": [Decimal(100), Decimal("0.25")],
    "min_per_subunit": [0, 1, 5],
    "representation": list(Representation),
    "national_holidays": [True, False],
    "time_limit_s": [0.25, 1.0, 60.0, 12.5, 3600.0, 86400.0],
    "decree_date": [dt.date(2026, 11, 27)],
    "leader_min_days": [0, 1, 3],
    "preset": ["", "PPKM-4-luar-jawa-bali"],
    "waves": [(), (TimeRange(420, 900),), (TimeRange(420, 690), TimeRange(720, 990)),
              tuple(TimeRange(6 * 60 + 3 * k * 60, 8 * 60 + 3 * k * 60) for k in range(4))],
    "unit_cap_per_wave": [True, False],
    "wave_priority": [None, Sex.FEMALE, Sex.MALE],
    "office_hours": [None, TimeRange(480, 810), TimeRange(0, 1440)],
    "cohorts": [0, 2, 3],
    "cohort_level": list(CohortLevel),
}  # fmt: skip

POLICY = Policy(start=dt.date(2026, 11, 30))
#: Parameters that only act with two or more start waves (alone they are warned about)
WITH_WAVES = ("unit_cap_per_wave", "wave_priority")
CHANGES = {f: v for f, v in OTHER_VALUES.items() if f != "start"}  # all but Mulai
IDS = [p.field for p in PARAMETERS]


def by_field(field: str) -> Parameter[Any]:
    (found,) = (p for p in PARAMETERS if p.field == field)
    return found


# --------------------------------------------------------------------------------------------
# The table itself
# --------------------------------------------------------------------------------------------


def test_every_policy_field_has_exactly_one_parameter() -> None:
    fields = [f.name for f in dataclasses.fields(Policy)]
    declared = [p.field for p in PARAMETERS]
    assert sorted(declared) == sorted(set(fields) - NOT_IN_SHEET)
    assert len(set(declared)) == len(declared)
    assert sorted(OTHER_VALUES) == sorted(declared) == sorted(ROUND_TRIP_VALUES)


def test_names_and_aliases_are_unique_matching_keys() -> None:
    keys = [key(name) for p in PARAMETERS for name in (p.name, *p.aliases)]
    assert len(set(keys)) == len(keys)
    assert all(p.aliases for p in PARAMETERS)  # the first alias is the English one


@pytest.mark.parametrize("param", PARAMETERS, ids=IDS)
def test_default_is_the_policy_default(param: Parameter[Any]) -> None:
    if param.field == "start":
        assert param.default is None and param.required and param.name == START
        assert param.cell(None) is None  # the template leaves Mulai empty
    else:
        assert param.default == getattr(POLICY, param.field)
        assert type(param.default) is type(getattr(POLICY, param.field))
        assert not param.required
        if param.default is None:  # an optional value with no default (Tanggal Penetapan)
            assert param.cell(None) is None  # the template leaves it empty
        else:
            assert param.parse(param.cell(None)) == param.default
    assert OTHER_VALUES[param.field] != getattr(POLICY, param.field)


def test_only_mulai_is_required() -> None:
    assert [p.name for p in PARAMETERS if p.required] == [START]


@pytest.mark.parametrize("param", PARAMETERS, ids=IDS)
def test_value_written_to_a_cell_parses_back(param: Parameter[Any]) -> None:
    for value in ROUND_TRIP_VALUES[param.field]:
        cell = param.to_cell(value)
        assert param.parse(cell) == value, (value, cell)
        policy = dataclasses.replace(POLICY, **{param.field: value})
        assert param.cell(policy) == cell


@pytest.mark.parametrize("param", [p for p in PARAMETERS if p.choices], ids=lambda p: p.field)
def test_every_choice_is_accepted_and_every_value_is_a_choice(param: Parameter[Any]) -> None:
    for choice in param.choices:
        assert param.to_cell(param.parse(choice)) == choice
    for value in ROUND_TRIP_VALUES[param.field]:
        assert param.to_cell(value) in param.choices


@pytest.mark.parametrize("param", [p for p in PARAMETERS if p.least is not None],
                         ids=lambda p: p.field)  # fmt: skip
def test_least_agrees_with_the_parser(param: Parameter[Any]) -> None:
    assert param.least is not None
    assert param.parse(param.least) == param.least
    with pytest.raises(BadValue):
        param.parse(param.least - 1)


def test_build_policy_keeps_defaults_and_takes_values() -> None:
    assert build_policy(POLICY.start, {}) == POLICY
    built = build_policy(POLICY.start, CHANGES)
    assert built == dataclasses.replace(POLICY, **CHANGES)
    with pytest.raises(TypeError):
        build_policy(POLICY.start, {"colour": "blue"})


# --------------------------------------------------------------------------------------------
# The validator
# --------------------------------------------------------------------------------------------


def test_validator_tables_come_from_the_parameters() -> None:
    assert {p.name: p.parse for p in PARAMETERS} == PARAMETER_PARSERS
    assert {p.name: p.field for p in PARAMETERS} == POLICY_FIELDS
    assert {p.name: p.aliases[0] for p in PARAMETERS} == PARAMETER_ALIASES
    assert set(PARAMETER_KEYS.values()) == {p.name for p in PARAMETERS}


NAMES = [(p, name) for p in PARAMETERS for name in (p.name, *p.aliases)]


@pytest.mark.parametrize(("param", "name"), NAMES, ids=[n for _, n in NAMES])
def test_every_name_and_alias_is_accepted(tmp_path: Path, param: Parameter[Any], name: str) -> None:
    sheets = small_sheets()
    rows = [r for r in sheets["Kebijakan"][1:] if r[0] == param.name]
    if not rows:  # a parameter the small workbook leaves out
        sheets["Kebijakan"].append([param.name, None, ""])
        rows = sheets["Kebijakan"][-1:]
    (row,) = rows
    value = OTHER_VALUES[param.field]
    row[0], row[1] = name, param.to_cell(value)
    given = {param.field}
    if param.field in WITH_WAVES:  # no effect without waves (warned about): give two
        sheets["Kebijakan"].append(["Gelombang", "07:00-11:30; 12:00-16:30", ""])
        given.add("waves")
    problem, warnings = load_problem(write_small(tmp_path / "alias.xlsx", sheets))
    assert getattr(problem.policy, param.field) == value
    assert not any(p.sheet == "Kebijakan" for p in warnings), [p.render() for p in warnings]
    untouched = {p.field for p in PARAMETERS} - given
    assert all(getattr(problem.policy, f) == getattr(POLICY, f) for f in untouched)


# --------------------------------------------------------------------------------------------
# The template and the example
# --------------------------------------------------------------------------------------------


def test_template_kebijakan_rows_are_the_table() -> None:
    wb = openpyxl.load_workbook(TEMPLATES_DIR / TEMPLATE_NAME)
    ws = wb["Kebijakan"]
    rows = [tuple(r) for r in ws.iter_rows(min_row=2, max_col=3, values_only=True)]
    assert rows == [(p.name, p.cell(None), p.template_note()) for p in PARAMETERS]
    assert "bawaan/default 25)" in by_field("cap_pct").template_note()
    assert "bawaan/default 60)" in by_field("time_limit_s").template_note()
    validations = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    for row, p in enumerate(PARAMETERS, start=2):
        dv = validations.get(f"B{row}")
        if p.choices:
            assert dv is not None and dv.type == "list"
            assert dv.formula1 == '"' + ",".join(p.choices) + '"'
        elif p.least is not None:
            assert dv is not None and dv.type == "whole" and dv.formula1 == str(p.least)
        else:
            assert dv is None
    petunjuk = [r for r in wb["Petunjuk"].iter_rows(values_only=True) if r[0] == "Kebijakan"]
    assert [r[1:5] for r in petunjuk if str(r[1]).startswith("Parameter: ")] == [
        (f"Parameter: {p.name}", p.alias, "Ya / Yes" if p.required else "Tidak / No",
         p.template_note())
        for p in PARAMETERS
    ]  # fmt: skip


#: Start waves and cohorts do not combine in one roster (validation refuses it): each is read
#: back without the other.
WAVE_FIELDS = frozenset({"waves", "unit_cap_per_wave", "wave_priority"})
COHORT_FIELDS = frozenset({"cohorts", "cohort_level"})


@pytest.mark.parametrize("without", [WAVE_FIELDS, COHORT_FIELDS], ids=["cohorts", "waves"])
def test_example_kebijakan_rows_hold_the_policy(tmp_path: Path, without: frozenset[str]) -> None:
    city = generate_city(staff=30)
    policy = build_policy(city.policy.start, {f: v for f, v in CHANGES.items() if f not in without})
    path = tmp_path / "contoh.xlsx"
    write_input_workbook(dataclasses.replace(city, policy=policy), path)
    ws = openpyxl.load_workbook(path)["Kebijakan"]
    rows = [tuple(r) for r in ws.iter_rows(min_row=2, max_col=3, values_only=True)]
    expected = [(p.name, p.cell(policy), p.template_note()) for p in PARAMETERS]

    def as_read(value: object) -> object:  # openpyxl reads dates back as datetimes
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return dt.datetime.combine(value, dt.time())
        return value

    assert rows == [(name, as_read(value), note) for name, value, note in expected]
    assert load_problem(path)[0].policy == policy


def test_cohorts_and_waves_together_are_refused(tmp_path: Path) -> None:
    city = generate_city(staff=30)
    policy = build_policy(city.policy.start, CHANGES)
    path = tmp_path / "contoh.xlsx"
    write_input_workbook(dataclasses.replace(city, policy=policy), path)
    with pytest.raises(InputError) as caught:
        load_problem(path)
    (problem,) = [p for p in caught.value.problems if not p.warning]
    assert (problem.sheet, problem.column) == ("Kebijakan", "Nilai")
    assert "Kohort" in problem.message_id and "Gelombang" in problem.message_id


# --------------------------------------------------------------------------------------------
# The roster's Ringkasan sheet
# --------------------------------------------------------------------------------------------


def _as_written(value: object) -> object:
    """A Ringkasan value as openpyxl reads it back."""
    if isinstance(value, bool):
        return "Ya / yes" if value else "Tidak / no"
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time())
    return value


def test_ringkasan_parameter_rows_come_from_the_table(tmp_path: Path) -> None:
    policy = build_policy(POLICY.start, CHANGES)
    units = (Unit("Dinas A", "Gedung A"),)
    staff = tuple(
        Employee(f"19900101201501100{i}", f"Pegawai {i}", "Dinas A", "Bidang Satu")
        for i in range(4)
    )
    problem = Problem(policy=policy, units=units, employees=staff)
    result = solve(problem, SolveParams(time_limit_s=10))
    info = RunInfo(
        input_name="x.xlsx",
        input_sha256="ab" * 32,
        seed=0,
        time_limit_s=10.0,
        workers=1,
        started_at=dt.datetime(2026, 11, 29, 8, 30),
        version="9.9.9",
        place="Balikpapan",
    )
    path = tmp_path / "jadwal.xlsx"
    write_roster(path, problem, result, CheckReport([], [], [], []), info)
    rows = [r[:2] for r in openpyxl.load_workbook(path)["Ringkasan"].iter_rows(values_only=True)]
    first = rows.index(("Parameter yang dipakai / Parameters used", None)) + 1
    shown = rows[first : first + len(PARAMETERS) + 1]
    assert shown[:-1] == [(p.summary_label, _as_written(p.summary(policy))) for p in PARAMETERS]
    assert shown[-1] == ("Batas waktu dipakai (detik) / time limit used (s)", 10)
    assert dict(shown)["Representasi / representation"] == "Bidang"
    assert dict(shown)["Kuota WFO (%) / office cap (%)"] == 0.5
