"""``olygraph serve`` in a real browser: headless Chromium (Debian's ``chromium``, or
Playwright's own build) driven by Playwright, against a real ``olygraph serve`` on a free port.

It opens the seed's event page, reads the 16 result rows and both discrepancies, follows a link
to an athlete and back, runs a named query from the query page, and keeps a screenshot of the
event page (``out/screenshots/event.png``, and one per step in pytest's tmp dir). Skipped when
no browser can be started, unless ``CI`` is set: there scripts/test installs ``chromium`` and a
missing browser fails the run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from servers import _stop, _wait, free_port

ROOT = Path(__file__).resolve().parents[1]
EVENT_PATH = "/olygraph/id/event/1928-summer/cycling/mens-track-time-trial"


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set: scripts/test must install chromium and playwright)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install -e '.[test]')")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    with sync_playwright() as p:
        try:
            started = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        except Error as err:
            _unavailable(f"no headless Chromium could be started: {str(err).splitlines()[0]}")
        yield started
        started.close()


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    port = free_port()
    script = Path(sys.executable).with_name("olygraph")
    process = subprocess.Popen(
        [str(script), "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait(process, url + "/", 60, "olygraph serve")
        yield url
    finally:
        _stop(process)


def test_event_page_in_a_browser(browser: Any, server: str, tmp_path: Path) -> None:
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.goto(server + EVENT_PATH)
    assert "Men's track time trial" in page.locator("h1").inner_text()
    rows = page.locator("table.results tbody tr")
    assert rows.count() == 16
    first = rows.nth(0).locator("td")
    assert [first.nth(i).inner_text().strip() for i in range(4)] == [
        "1", "Willy Hansen", "DEN", "1:14.2",
    ]  # fmt: skip
    discrepancies = page.locator("section.discrepancy")
    assert discrepancies.count() == 2
    claims = discrepancies.nth(0).locator("tbody tr")
    texts = [claims.nth(i).inner_text() for i in range(claims.count())]
    assert any("1:14.2" in t and "seed.txt:51" in t for t in texts)
    assert any("1:14.4" in t and "seed.txt:10" in t for t in texts)
    assert "1:15.2" in discrepancies.nth(1).inner_text()
    assert page.locator("svg.chart").count() >= 2  # marks of the round, record progression
    shot = ROOT / "out" / "screenshots" / "event.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shot), full_page=True)
    page.screenshot(path=str(tmp_path / "event.png"), full_page=True)
    assert shot.stat().st_size > 20_000

    rows.nth(0).locator("td").nth(1).locator("a").click()
    page.wait_for_url("**/athlete/den/willy-hansen")
    assert page.locator("h1").inner_text() == "Willy Hansen"
    assert "Gold" in page.locator("table.data").first.inner_text()
    page.screenshot(path=str(tmp_path / "athlete.png"), full_page=True)
    page.go_back()
    page.wait_for_url("**" + EVENT_PATH)
    assert page.locator("table.results tbody tr").count() == 16

    page.goto(server + "/query")
    page.locator("#q-medal-table button").click()
    page.wait_for_url("**/query?name=medal-table*")
    table = page.locator("#result-table tbody tr")
    assert table.count() == 3
    assert [table.nth(i).locator("td").nth(1).inner_text() for i in range(3)] == [
        "DEN", "NED", "AUS",
    ]  # fmt: skip
    page.screenshot(path=str(tmp_path / "query.png"), full_page=True)
    page.close()
