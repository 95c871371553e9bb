"""Regulation presets: the table, choosing one in Kebijakan, overrides, dates, the CLI."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from models.domain import Cell, Problem, Sector, cap_count
from optimizer.app import service
from optimizer.app.service import PlanOptions
from optimizer.cli import main
from optimizer.errors import InputError
from optimizer.io.input_workbook import write_input_workbook
from optimizer.io.presets import PresetDataError, find, parse_presets, presets
from optimizer.io.validate import load_problem
from tests.xlsx_util import small_sheets, write_small

EXAMPLE = Path(__file__).resolve().parent.parent / "input_templates" / "contoh-kota.xlsx"
#: The instruments the issue names; each must have at least one preset.
REQUIRED_INSTRUMENTS = (
    "SE MenPAN-RB 67/2020",
    "SE MenPAN-RB 14/2021",
    "SE MenPAN-RB 19/2021",
    "SE MenPAN-RB 24/2021",
    "SE MenPAN-RB 25/2021",
    "SE MenPAN-RB 05/2022",
    "SE MenPAN-RB 06/2022",
    "Pergub DKI Jakarta 88/2020",
    "SE Wali Kota Balikpapan 800/0504/Org",
)


def _with_parameters(**rows: object) -> dict[str, list[list[object]]]:
    sheets = small_sheets()
    policy = sheets["Kebijakan"]
    for name, value in rows.items():
        label = name.replace("_", " ")
        existing = [r for r in policy[1:] if r[0] == label]
        if existing:
            existing[0][1] = value
        else:
            policy.append([label, value, ""])
    return sheets


# -- the table --------------------------------------------------------------------------------


def test_every_preset_loads_and_cites_a_source() -> None:
    table = presets()
    assert len(table) >= 20
    for preset in table.values():
        assert preset.source.strip() and preset.instrument.strip() and preset.notes.strip()
        assert preset.confidence in {"H", "M", "U"}
        assert preset.caps and all(0 <= v <= 100 for v in preset.caps.values())
        assert preset.effective_to is None or preset.effective_to >= preset.effective_from
    instruments = " ".join(p.instrument for p in table.values())
    for instrument in REQUIRED_INSTRUMENTS:
        assert instrument in instruments, instrument
    for zone in ("tanpa-kasus", "risiko-rendah", "risiko-sedang", "risiko-tinggi"):
        assert f"SE67-{zone}" in table
    for level in (1, 2, 3, 4):
        assert any(p.region == "Jawa-Bali" and p.level == str(level) for p in table.values())


def test_three_presets_checked_by_hand() -> None:
    """Against shared/notes/regulations.md, line by line."""
    high = find("SE67-risiko-tinggi")
    assert high is not None
    assert high.caps == {
        "cap_pct": Decimal(25),
        "essential_cap_pct": Decimal(25),
        "critical_cap_pct": Decimal(100),
    }
    assert high.instrument_date == dt.date(2020, 9, 4) and high.confidence == "H"
    outside = find("ppkm-4-luar-jawa-bali")  # case does not matter
    assert outside is not None and outside.id == "PPKM-4-luar-jawa-bali"
    assert outside.caps == {
        "cap_pct": Decimal(25),
        "essential_cap_pct": Decimal(50),
        "critical_cap_pct": Decimal(100),
    }
    assert outside.closure_days == 5 and outside.confidence == "M"
    assert not outside.dates_confirmed and "day not confirmed" in outside.dated
    dki = find("DKI-PSBB-2020")
    assert dki is not None
    assert dki.caps == {"cap_pct": Decimal(25)}  # the sectors it does not name are not set
    assert dki.closure_days == 3 and dki.office_hours == "08:00-13:30"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[preset]]\nid = "x"\n', "missing"),
        (
            '[[preset]]\nid="x"\nname="n"\ninstrument="i"\ninstrument_date=2020-01-01\n'
            'effective_from=2020-01-01\nregion="r"\nlevel="l"\nconfidence="H"\nsource="s"\n'
            'notes="n"\n',
            "sets no cap",
        ),
        (
            '[[preset]]\nid="x"\nname="n"\ninstrument="i"\ninstrument_date=2020-01-01\n'
            'effective_from=2020-01-01\nregion="r"\nlevel="l"\nconfidence="sure"\nsource="s"\n'
            'notes="n"\ncap_non_essential=25\n',
            "confidence",
        ),
        (
            '[[preset]]\nid="x"\nname="n"\ninstrument="i"\ninstrument_date=2020-01-01\n'
            'effective_from=2020-01-01\nregion="r"\nlevel="l"\nconfidence="H"\nsource="s"\n'
            'notes="n"\ncap_non_essential=125\n',
            "not a percentage",
        ),
    ],
)
def test_a_malformed_table_is_refused(text: str, message: str) -> None:
    with pytest.raises(PresetDataError, match=message):
        parse_presets(text)


# -- choosing a preset in Kebijakan ---------------------------------------------------------------


def test_a_preset_sets_the_caps_the_sheet_does_not(tmp_path: Path) -> None:
    sheets = _with_parameters(Preset="PPKM-4-luar-jawa-bali", **{"Kuota WFO (%)": None})
    sheets["Kebijakan"] = [r for r in sheets["Kebijakan"] if not str(r[0]).startswith("Kuota")]
    problem, _ = load_problem(write_small(tmp_path / "p.xlsx", sheets))
    policy = problem.policy
    assert policy.preset == "PPKM-4-luar-jawa-bali"
    assert (policy.cap_pct, policy.essential_cap_pct, policy.critical_cap_pct) == (25, 50, 100)


def test_a_cap_written_in_the_sheet_overrides_the_preset(tmp_path: Path) -> None:
    sheets = _with_parameters(Preset="SE67-risiko-tinggi", **{"Kuota WFO (%)": 30})
    sheets["Kebijakan"] = [
        r for r in sheets["Kebijakan"] if r[0] not in ("Kuota WFO Esensial (%)",)
    ]
    problem, _ = load_problem(write_small(tmp_path / "p.xlsx", sheets))
    assert problem.policy.cap_pct == 30  # the sheet wins
    assert problem.policy.essential_cap_pct == 25  # the preset fills what the sheet leaves out


def test_dates_outside_the_preset_give_a_warning(tmp_path: Path) -> None:
    sheets = _with_parameters(Preset="PPKM-darurat")  # July 2021; the small roster is 2026
    problem, warnings = load_problem(write_small(tmp_path / "p.xlsx", sheets))
    assert problem.policy.preset == "PPKM-darurat"
    (warning,) = [w for w in warnings if "preset" in w.message_en]
    assert warning.sheet == "Kebijakan" and warning.warning
    assert "falls outside the period of preset PPKM-darurat" in warning.message_en
    inside = _with_parameters(Preset="PPKM-darurat", Mulai=dt.date(2021, 7, 5))
    _, warnings = load_problem(write_small(tmp_path / "q.xlsx", inside))
    assert not [w for w in warnings if "preset" in w.message_en]


def test_an_unknown_preset_is_an_error_listing_the_close_ones(tmp_path: Path) -> None:
    sheets = _with_parameters(Preset="PPKM-4-luar-jawa")
    with pytest.raises(InputError) as caught:
        load_problem(write_small(tmp_path / "p.xlsx", sheets))
    (error,) = caught.value.errors
    assert error.sheet == "Kebijakan" and error.column == "Nilai"
    assert "unknown preset: 'PPKM-4-luar-jawa'" in error.message_en
    assert "PPKM-4-luar-jawa-bali" in error.message_en


# -- the shipped example with a preset ----------------------------------------------------------


@pytest.mark.parametrize("preset_id", ["PPKM-4-luar-jawa-bali", "SE67-risiko-tinggi"])
def test_the_example_solves_under_a_preset(tmp_path: Path, preset_id: str) -> None:
    example, _ = load_problem(EXAMPLE)
    policy = dataclasses.replace(example.policy, preset=preset_id)
    path = tmp_path / "contoh.xlsx"
    write_input_workbook(dataclasses.replace(example, policy=policy), path)
    book = openpyxl.load_workbook(path)  # the example writes its caps: remove them
    ws = book["Kebijakan"]
    for row in list(ws.iter_rows(min_row=2)):
        if str(row[0].value).startswith("Kuota WFO"):
            row[1].value = None
    book.save(path)
    outcome = service.plan(path, PlanOptions(output=tmp_path / "jadwal.xlsx"))
    preset = find(preset_id)
    assert preset is not None
    got = outcome.problem.policy
    for field, cap in preset.caps.items():
        assert getattr(got, field) == cap
    assert outcome.result.roster is not None
    problem: Problem = outcome.problem
    on_site: dict[str, int] = {}
    for emp in problem.employees:
        for cell in outcome.result.roster.cells[emp.nip][:1]:
            on_site[emp.unit] = on_site.get(emp.unit, 0) + (cell is Cell.WFO)
    for unit in problem.units:
        headcount = sum(1 for e in problem.employees if e.unit == unit.name)
        limit = cap_count(problem.unit_cap_pct(unit), headcount)
        assert on_site.get(unit.name, 0) <= limit
        if unit.cap_pct is None and unit.sector is Sector.NON_ESSENTIAL:
            assert problem.unit_cap_pct(unit) == preset.caps["cap_pct"]
    ringkasan = openpyxl.load_workbook(tmp_path / "jadwal.xlsx", read_only=True)["Ringkasan"]
    texts = [str(c) for row in ringkasan.iter_rows(values_only=True) for c in row if c]
    assert any(t.startswith(f"{preset_id}: ") for t in texts)
    assert any(preset.source in t for t in texts)


# -- the CLI ------------------------------------------------------------------------------------


def test_giliran_presets_lists_and_shows() -> None:
    listed = CliRunner().invoke(main, ["presets"])
    assert listed.exit_code == 0
    for preset in presets().values():
        assert preset.id in listed.output
    shown = CliRunner().invoke(main, ["presets", "dki-psbb-2020"])
    assert shown.exit_code == 0
    assert "Pergub DKI Jakarta 88/2020" in shown.output and "3 hari / days" in shown.output
    unknown = CliRunner().invoke(main, ["presets", "PPKM-9"])
    assert unknown.exit_code == 2
    assert "unknown preset: PPKM-9" in unknown.stderr


# -- a preset chosen outside the workbook (--preset, the upload page) ---------------------------


def test_a_chosen_preset_takes_the_place_of_the_sheets_row_with_a_warning(tmp_path: Path) -> None:
    path = write_small(tmp_path / "p.xlsx", _with_parameters(Preset="SE67-risiko-tinggi"))
    sheets_only, _ = load_problem(path)
    problem, warnings = load_problem(path, preset="ppkm-4-luar-jawa-bali")  # case ignored
    assert sheets_only.policy.preset == "SE67-risiko-tinggi"
    assert problem.policy.preset == "PPKM-4-luar-jawa-bali"
    (warning,) = [w for w in warnings if "replaced by the chosen preset" in w.message_en]
    assert (warning.sheet, warning.column, warning.warning) == ("Kebijakan", "Nilai", True)
    assert "'SE67-risiko-tinggi'" in warning.message_en
    # a cap written in the sheet still beats the chosen preset
    capped = _with_parameters(**{"Kuota WFO (%)": 30})
    capped["Kebijakan"] = [r for r in capped["Kebijakan"] if r[0] != "Kuota WFO Esensial (%)"]
    problem, _ = load_problem(write_small(tmp_path / "q.xlsx", capped), preset="SE67-risiko-tinggi")
    assert problem.policy.cap_pct == 30 and problem.policy.essential_cap_pct == 25


def test_solve_with_a_chosen_preset_and_an_unknown_one(tmp_path: Path) -> None:
    sheets = _with_parameters(**{"Kuota WFO (%)": None})
    sheets["Kebijakan"] = [r for r in sheets["Kebijakan"] if not str(r[0]).startswith("Kuota")]
    path = write_small(tmp_path / "p.xlsx", sheets)
    out = tmp_path / "jadwal.xlsx"
    ok = CliRunner().invoke(main, ["solve", str(path), "-o", str(out), "--preset", "PPKM-darurat"])
    # PPKM Darurat: non-essential offices 100% WFH, so the representation rules bend (exit 4)
    assert ok.exit_code == 4, ok.output
    ringkasan = openpyxl.load_workbook(out, read_only=True)["Ringkasan"]
    texts = [str(c) for row in ringkasan.iter_rows(values_only=True) for c in row if c]
    assert any(t.startswith("PPKM-darurat: ") for t in texts)
    other = tmp_path / "lain.xlsx"
    bad = CliRunner().invoke(
        main, ["solve", str(path), "-o", str(other), "--preset", "PPKM-4-luar-jawa"]
    )
    assert bad.exit_code == 2
    assert "unknown preset: 'PPKM-4-luar-jawa'" in bad.output
    assert "PPKM-4-luar-jawa-bali" in bad.output
    assert not other.exists()
