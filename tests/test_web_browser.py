"""The web page in a real headless Chromium (Playwright driving Debian's /usr/bin/chromium).

No browser is downloaded: ``.ci/run`` installs Debian's ``chromium`` when it is missing. Without
it these tests skip on a workstation, and fail under CI (``CI=true``). Screenshots of the main
pages are saved under ``outputs/screenshots/`` (not committed).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from optimizer.io.roster_reader import read_roster
from tests.web_util import (
    EXAMPLE,
    ROOT,
    Server,
    conflicted_workbook,
    numeric_nip_workbook,
    small_workbook,
)

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = ROOT / "outputs" / "screenshots"

if not CHROMIUM.exists():
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"{CHROMIUM} is missing under CI (.ci/run installs it)", pytrace=False)
    pytest.skip(f"{CHROMIUM} is not installed", allow_module_level=True)

try:
    from playwright import sync_api
except ImportError:  # the test extra installs it
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        raise
    pytest.skip("playwright is not installed", allow_module_level=True)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = Server(tmp_path_factory.mktemp("browser") / "data", workers=2)
    yield running
    running.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        yield launched
        launched.close()


@pytest.fixture()
def page(browser: object, server: Server) -> Iterator[object]:
    context = browser.new_context(  # type: ignore[attr-defined]
        base_url=server.url, accept_downloads=True, viewport={"width": 1200, "height": 900}
    )
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    yield tab
    context.close()
    # the strict CSP would report every inline script or style as a console error
    assert [e for e in errors if "Content Security Policy" in e] == []


def shot(tab: object, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]


def test_upload_the_example_watch_it_and_download_the_roster(page: object, tmp_path: Path) -> None:
    tab = page
    tab.goto("/")  # type: ignore[attr-defined]
    assert tab.locator("html").get_attribute("lang") == "id"  # type: ignore[attr-defined]
    shot(tab, "beranda-id")
    tab.set_input_files("#file", str(EXAMPLE))  # type: ignore[attr-defined]
    tab.click("#submit")  # type: ignore[attr-defined]
    tab.wait_for_url(re.compile(r"/jobs/[\w-]{43}$"))  # type: ignore[attr-defined]
    # live progress, then the result (the page reloads itself when the job is done)
    verdict = tab.locator("#verdict")  # type: ignore[attr-defined]
    verdict.wait_for(timeout=90_000)
    assert verdict.get_attribute("data-verdict") == "all_met"
    assert tab.locator("#rules tr").count() > 5  # type: ignore[attr-defined]
    assert tab.locator("#chart rect.bar").count() >= 5  # type: ignore[attr-defined]
    shot(tab, "hasil")
    with tab.expect_download() as info:  # type: ignore[attr-defined]
        tab.click("#dl-roster")  # type: ignore[attr-defined]
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    assert saved.name.startswith("contoh-kota-jadwal-")
    wb = openpyxl.load_workbook(saved, read_only=True)
    assert "Jadwal" in wb.sheetnames
    assert wb["Jadwal"].max_row > 2500
    with tab.expect_download() as zipped:  # type: ignore[attr-defined]
        tab.click("#dl-units")  # type: ignore[attr-defined]
    assert zipped.value.suggested_filename.endswith("-per-unit.zip")
    # the chart of another unit
    options = tab.locator("#unit option").all_inner_texts()  # type: ignore[attr-defined]
    tab.select_option("#unit", options[-1])  # type: ignore[attr-defined]
    tab.click("#chart-card button")  # type: ignore[attr-defined]
    assert options[-1] in (tab.locator("#chart title").first.text_content() or "")  # type: ignore[attr-defined]


def test_a_bad_upload_shows_the_problems(page: object, tmp_path: Path) -> None:
    tab = page
    fake = tmp_path / "bukan.xlsx"
    fake.write_text("NIP;Nama\n1;Ani\n")
    tab.goto("/")  # type: ignore[attr-defined]
    tab.set_input_files("#file", str(fake))  # type: ignore[attr-defined]
    tab.click("#submit")  # type: ignore[attr-defined]
    table = tab.locator("#problems")  # type: ignore[attr-defined]
    table.wait_for()
    assert "bukan workbook Excel" in table.inner_text()
    shot(tab, "unggahan-ditolak")
    bad, _ = numeric_nip_workbook(small_workbook(tmp_path / "kecil.xlsx"), tmp_path / "nip.xlsx")
    tab.goto("/")  # type: ignore[attr-defined]
    tab.set_input_files("#file", str(bad))  # type: ignore[attr-defined]
    tab.click("#submit")  # type: ignore[attr-defined]
    table.wait_for(timeout=60_000)
    rows = table.locator("tbody tr")
    assert rows.count() >= 1
    assert "Pegawai" in rows.first.inner_text()
    shot(tab, "masalah-input")


def test_stop_keeps_the_best_roster(page: object, tmp_path: Path) -> None:
    tab = page
    big = small_workbook(tmp_path / "kota-besar.xlsx", seed=5, staff=8_000, weeks=4)
    tab.goto("/")  # type: ignore[attr-defined]
    tab.set_input_files("#file", str(big))  # type: ignore[attr-defined]
    tab.uncheck("input[name=per_unit]")  # type: ignore[attr-defined]
    tab.click("#submit")  # type: ignore[attr-defined]
    # wait until at least one component is solved (the script updates the page live)
    tab.wait_for_function(  # type: ignore[attr-defined]
        "() => { const c = document.getElementById('components');"
        " return c && parseInt(c.textContent) >= 1; }",
        timeout=60_000,
    )
    shot(tab, "proses")
    tab.click("#stop")  # type: ignore[attr-defined]
    verdict = tab.locator("#verdict")  # type: ignore[attr-defined]
    verdict.wait_for(timeout=90_000)
    assert verdict.get_attribute("data-verdict") == "interrupted"
    assert tab.locator("#dl-roster").count() == 1  # type: ignore[attr-defined]
    shot(tab, "dihentikan")


def test_the_english_toggle(page: object) -> None:
    tab = page
    tab.goto("/periksa")  # type: ignore[attr-defined]
    assert "Periksa jadwal yang diedit" in tab.content()  # type: ignore[attr-defined]
    tab.click("#lang-toggle")  # type: ignore[attr-defined]
    tab.wait_for_url(re.compile(r"/periksa$"))  # type: ignore[attr-defined]
    assert tab.locator("html").get_attribute("lang") == "en"  # type: ignore[attr-defined]
    assert "Re-check a hand-edited roster" in tab.content()  # type: ignore[attr-defined]
    tab.goto("/")  # type: ignore[attr-defined]
    assert "Build a roster" in tab.content()  # type: ignore[attr-defined]
    shot(tab, "home-en")
    tab.goto("/explain")  # type: ignore[attr-defined]
    shot(tab, "explain-en")
    tab.goto("/api")  # type: ignore[attr-defined]
    shot(tab, "api-en")
    tab.click("#lang-toggle")  # type: ignore[attr-defined]
    assert "Bahasa Indonesia" not in tab.locator("#lang-toggle").inner_text()  # type: ignore[attr-defined]


def test_unmet_rules_and_the_explain_page(page: object, tmp_path: Path) -> None:
    tab = page
    book = conflicted_workbook(tmp_path / "konflik.xlsx")
    tab.goto("/")  # type: ignore[attr-defined]
    tab.set_input_files("#file", str(book))  # type: ignore[attr-defined]
    tab.click("#submit")  # type: ignore[attr-defined]
    verdict = tab.locator("#verdict")  # type: ignore[attr-defined]
    verdict.wait_for(timeout=60_000)
    assert verdict.get_attribute("data-verdict") == "rules_not_met"
    assert "Sekretariat Daerah" in tab.locator("#findings").inner_text()  # type: ignore[attr-defined]
    shot(tab, "hasil-tidak-terpenuhi")
    tab.goto("/explain")  # type: ignore[attr-defined]
    tab.set_input_files("#file", str(book))  # type: ignore[attr-defined]
    tab.click("#submit")  # type: ignore[attr-defined]
    findings = tab.locator("#findings")  # type: ignore[attr-defined]
    findings.wait_for(timeout=60_000)
    assert "20%" in findings.inner_text()
    shot(tab, "penjelasan")


def test_the_page_works_without_javascript(browser: object, server: Server, tmp_path: Path) -> None:
    context = browser.new_context(base_url=server.url, java_script_enabled=False)  # type: ignore[attr-defined]
    tab = context.new_page()
    try:
        tab.goto("/")
        tab.set_input_files("#file", str(small_workbook(tmp_path / "tanpa-js.xlsx", seed=3)))
        tab.click("#submit")
        # the progress page refreshes itself (<noscript> meta refresh) until the result is there
        tab.locator("#verdict").wait_for(timeout=60_000)
        assert tab.locator("#verdict").get_attribute("data-verdict") == "all_met"
        assert tab.locator("#dl-roster").count() == 1
        tab.click("#lang-toggle")
        assert "Every rule is met" in tab.content()
    finally:
        context.close()


def test_many_workbooks_at_once(page: object, tmp_path: Path) -> None:
    tab = page
    books = [small_workbook(tmp_path / f"opd-{i}.xlsx", seed=10 + i) for i in range(3)]
    fake = tmp_path / "catatan.xlsx"
    fake.write_text("bukan workbook")
    tab.goto("/batch")  # type: ignore[attr-defined]
    tab.set_input_files("#files", [str(b) for b in [*books, fake]])  # type: ignore[attr-defined]
    tab.click("#submit")  # type: ignore[attr-defined]
    tab.locator("#dl-all").wait_for(timeout=90_000)  # type: ignore[attr-defined]
    # the page refreshes itself until every job is done
    tab.wait_for_function(  # type: ignore[attr-defined]
        "() => !document.querySelector('meta[http-equiv=refresh]')", timeout=90_000
    )
    assert tab.locator("#batch tbody tr").count() == 4  # type: ignore[attr-defined]
    assert "catatan.xlsx" in tab.locator("#problems").first.inner_text()  # type: ignore[attr-defined]
    shot(tab, "banyak-file")


def test_recheck_a_roster(page: object, tmp_path: Path) -> None:
    tab = page
    book = small_workbook(tmp_path / "opd-periksa.xlsx", seed=4)
    tab.goto("/")  # type: ignore[attr-defined]
    tab.set_input_files("#file", str(book))  # type: ignore[attr-defined]
    tab.click("#submit")  # type: ignore[attr-defined]
    tab.locator("#dl-roster").wait_for(timeout=60_000)  # type: ignore[attr-defined]
    with tab.expect_download() as info:  # type: ignore[attr-defined]
        tab.click("#dl-roster")  # type: ignore[attr-defined]
    roster = tmp_path / "jadwal.xlsx"
    info.value.save_as(roster)
    wb = openpyxl.load_workbook(roster)
    ws = wb["Jadwal"]
    nip = next(c for r in ws.iter_rows(max_row=12) for c in r if c.value == "NIP")
    ws.cell(row=nip.row + 1, column=nip.column).value = "123456789012345678"
    wb.save(roster)
    tab.goto("/periksa")  # type: ignore[attr-defined]
    tab.set_input_files("#roster", str(roster))  # type: ignore[attr-defined]
    tab.set_input_files("#input", str(book))  # type: ignore[attr-defined]
    tab.click("#submit")  # type: ignore[attr-defined]
    verdict = tab.locator("#verdict")  # type: ignore[attr-defined]
    verdict.wait_for(timeout=60_000)
    assert verdict.get_attribute("data-verdict") == "rules_not_met"
    assert "123456789012345678" in tab.content()  # type: ignore[attr-defined]
    shot(tab, "periksa")


def test_a_positive_case_and_the_resilience_report(page: object, tmp_path: Path) -> None:
    tab = page
    book = small_workbook(tmp_path / "opd-kasus.xlsx", seed=6)
    tab.goto("/")  # type: ignore[attr-defined]
    tab.set_input_files("#file", str(book))  # type: ignore[attr-defined]
    tab.click("#submit")  # type: ignore[attr-defined]
    tab.locator("#dl-roster").wait_for(timeout=60_000)  # type: ignore[attr-defined]
    with tab.expect_download() as info:  # type: ignore[attr-defined]
        tab.click("#dl-roster")  # type: ignore[attr-defined]
    published = tmp_path / "terbit.xlsx"
    info.value.save_as(published)
    roster = read_roster(published)
    nip = next(n for n, c in roster.cells.items() if c[0].value == c[1].value == "WFO")
    tab.goto("/kasus")  # type: ignore[attr-defined]
    tab.set_input_files("#roster", str(published))  # type: ignore[attr-defined]
    tab.set_input_files("#input", str(book))  # type: ignore[attr-defined]
    tab.fill("#nip", nip)  # type: ignore[attr-defined]
    tab.fill("#tanggal", roster.dates[1].isoformat())  # type: ignore[attr-defined]
    tab.click("#submit")  # type: ignore[attr-defined]
    tab.locator("#replan").wait_for(timeout=60_000)  # type: ignore[attr-defined]
    assert nip in tab.locator("#replan").inner_text()  # type: ignore[attr-defined]
    assert tab.locator("#dl-roster").count() == 1  # type: ignore[attr-defined]
    shot(tab, "kasus")
    tab.goto("/ketahanan")  # type: ignore[attr-defined]
    tab.set_input_files("#roster", str(published))  # type: ignore[attr-defined]
    tab.set_input_files("#input", str(book))  # type: ignore[attr-defined]
    tab.click("#submit")  # type: ignore[attr-defined]
    tab.locator("#figures").wait_for(timeout=60_000)  # type: ignore[attr-defined]
    shot(tab, "ketahanan")
