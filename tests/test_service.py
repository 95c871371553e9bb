"""The application service: path or bytes in, typed events out, a stop token, a typed outcome."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from models.domain import Problem
from models.solve import SolveParams, SolveStatus
from models.stop import Stop
from optimizer.analysis.explain import explain
from optimizer.app import service
from optimizer.app.events import Phase, Progress
from optimizer.app.runtime import solve
from optimizer.app.service import Event, InputFile, InputWarning, PlanOptions, Verdict
from optimizer.errors import InputError
from optimizer.io.input_workbook import write_input_workbook
from optimizer.io.roster_reader import read_roster


def _ringkasan(path: Path) -> dict[str, object]:
    ws = openpyxl.load_workbook(path, read_only=True)["Ringkasan"]
    rows = ws.iter_rows(values_only=True)
    return {str(r[0]): r[1] for r in rows if len(r) > 1 and r[0] is not None}


def test_bytes_and_path_give_the_same_roster(city_xlsx: Path, tmp_path: Path) -> None:
    data = city_xlsx.read_bytes()
    from_path = service.plan(city_xlsx, PlanOptions(output=tmp_path / "a.xlsx"))
    upload = InputFile("unggahan.xlsx", data)
    from_bytes = service.plan(upload, PlanOptions(output=tmp_path / "b.xlsx"))
    assert from_path.result.roster == from_bytes.result.roster
    assert from_path.verdict is from_bytes.verdict is Verdict.ALL_MET
    assert from_bytes.input_sha256 == hashlib.sha256(data).hexdigest()
    assert _ringkasan(tmp_path / "b.xlsx")["SHA-256"] == hashlib.sha256(data).hexdigest()
    assert read_roster(tmp_path / "b.xlsx") == from_bytes.result.roster


def test_events_come_in_phase_order_with_component_progress(
    city_xlsx: Path, tmp_path: Path
) -> None:
    events: list[Event] = []
    outcome = service.plan(city_xlsx, PlanOptions(output=tmp_path / "r.xlsx"), events.append)
    progress = [e for e in events if isinstance(e, Progress)]
    phases = [e.phase for e in progress]
    first_seen = list(dict.fromkeys(phases))
    assert first_seen == [
        Phase.READ,
        Phase.SOLVE,
        Phase.CHECK,
        Phase.EXPLAIN,
        Phase.WRITE,
        Phase.DONE,
    ]
    solving = [e for e in progress if e.phase is Phase.SOLVE and e.total]
    n = len(outcome.result.components)
    assert [e.done for e in solving] == list(range(1, n + 1))
    assert {e.total for e in solving} == {n}
    last = solving[-1]
    assert last.objective == pytest.approx(outcome.result.objective)
    assert last.bound == pytest.approx(outcome.result.bound)
    assert last.gap == pytest.approx(outcome.result.gap)
    elapsed = [e.elapsed_s for e in progress]
    assert elapsed == sorted(elapsed)


def test_warnings_are_events_and_part_of_the_outcome(tmp_path: Path, city: Problem) -> None:
    # A roster that starts on a Tuesday is valid, with a warning.
    tuesday = city.policy.start + dt.timedelta(days=1)
    path = tmp_path / "w.xlsx"
    write_input_workbook(
        dataclasses.replace(city, policy=dataclasses.replace(city.policy, start=tuesday)), path
    )
    events: list[Event] = []
    outcome = service.plan(path, PlanOptions(write=False), events.append)
    sent = [e.problem for e in events if isinstance(e, InputWarning)]
    assert sent == outcome.warnings
    assert any("not a Monday" in w.message_en for w in sent)
    # Warnings come before the solve starts (a long solve must not hide them).
    first_solve = next(i for i, e in enumerate(events) if getattr(e, "phase", None) is Phase.SOLVE)
    assert all(isinstance(e, Progress) for e in events[first_solve:])


def test_without_writing_nothing_is_written(city_xlsx: Path, tmp_path: Path) -> None:
    out_dir = tmp_path / "keluar"
    outcome = service.plan(city_xlsx, PlanOptions(write=False, output_dir=out_dir))
    assert outcome.output is None and outcome.unit_outputs == []
    assert outcome.explanation is not None
    assert not out_dir.exists()


def test_a_stop_before_solving_writes_nothing(city_xlsx: Path, tmp_path: Path) -> None:
    stop = Stop()
    stop.request()  # e.g. SIGTERM while the file is still being read
    with pytest.raises(service.Stopped):
        service.plan(city_xlsx, PlanOptions(output=tmp_path / "s.xlsx"), stop=stop)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kota.xlsx"]


def test_a_stop_during_the_solve_gives_the_safe_roster_and_no_explanation(
    city_xlsx: Path, tmp_path: Path
) -> None:
    stop = Stop()

    def stop_when_solving(event: Event) -> None:
        if isinstance(event, Progress) and event.phase is Phase.SOLVE:
            stop.request()

    outcome = service.plan(
        city_xlsx, PlanOptions(output=tmp_path / "s.xlsx"), stop_when_solving, stop
    )
    assert outcome.status is SolveStatus.INTERRUPTED
    assert outcome.verdict is Verdict.INTERRUPTED
    assert outcome.result.roster is not None
    assert outcome.explanation is None  # an interrupted roster is not explained
    assert outcome.output == tmp_path / "s.xlsx"
    assert outcome.report.hard_violations == []


def test_the_input_is_read_once_a_changed_file_does_not_change_the_run(
    city_xlsx: Path, tmp_path: Path
) -> None:
    original = city_xlsx.read_bytes()

    def vandal(event: Event) -> None:
        if isinstance(event, Progress) and event.phase is Phase.SOLVE and not event.total:
            city_xlsx.unlink()  # deleted while the solve runs

    outcome = service.plan(city_xlsx, PlanOptions(output=tmp_path / "r.xlsx"), vandal)
    assert outcome.output == tmp_path / "r.xlsx"
    assert _ringkasan(tmp_path / "r.xlsx")["SHA-256"] == hashlib.sha256(original).hexdigest()


def test_a_bad_upload_is_an_input_error_naming_the_upload() -> None:
    with pytest.raises(InputError) as err:
        service.plan(InputFile("data.xlsx", b"bukan excel"))
    assert err.value.errors[0].sheet == "data.xlsx"


def _overcommitted(city: Problem) -> Problem:
    """The city with the non-essential cap at 5%: representation must bend in many units."""
    return dataclasses.replace(city, policy=dataclasses.replace(city.policy, cap_pct=Decimal(5)))


def test_explain_honours_the_stop_token(city: Problem) -> None:
    problem = _overcommitted(city)
    result = solve(problem, SolveParams(time_limit_s=20))
    assert result.shortfalls, "the test needs rules that bend"
    full = explain(problem, result)
    assert full.findings and not full.stopped
    stop = Stop()
    stop.request()
    cut = explain(problem, result, stop=stop)
    assert cut.stopped
    assert len(cut.findings) < len(full.findings)
    # Nothing was re-solved after the stop: no suggestion but "accept the gap" is verified.
    assert all(s.change == "accept" for f in cut.findings for s in f.suggestions if s.verified)
