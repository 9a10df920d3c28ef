"""The classroom page in a real browser: Debian's headless Chromium driven by Playwright.

The server is started as a teacher would (``python -m sim.app``); the browser may reach
only localhost (every other address goes to a dead proxy), so the page must render
offline. CI installs chromium with apt (.ci/run); Playwright never downloads a browser.
"""

from __future__ import annotations

import re
import shutil

import pytest

pytest.importorskip("solara", reason="the classroom demo's extra (.[app]) is not installed")
pytest.importorskip("playwright", reason="playwright is not installed (the test extra)")

from sim.app.classroom import Classroom  # noqa: E402
from sim.app.figures import stage_counts  # noqa: E402
from sim.app.page import WEEKS_PER_FRAME  # noqa: E402
from sim.app.server import serving  # noqa: E402

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium on this machine "
                                "(apt-get install chromium); CI installs it")
COUNTS = re.compile(r"(?P<title>[^,]+), week (?P<week>\d+): denial (?P<denial>\d+), resistance "
                    r"(?P<resistance>\d+), exploration (?P<exploration>\d+), commitment "
                    r"(?P<commitment>\d+)")


@pytest.fixture(scope="module")
def server():
    with serving() as url:
        yield url


@pytest.fixture
def page(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--proxy-server=127.0.0.1:9"])
        page = browser.new_page(viewport={"width": 1600, "height": 1200})
        page.goto(server)
        page.get_by_role("button", name="Step").wait_for(timeout=60_000)
        yield page
        browser.close()


def shown_counts(page) -> list[dict]:
    text = page.get_by_text(re.compile(r", week \d+: denial")).all_inner_texts()
    return [COUNTS.search(t).groupdict() for t in text]


def wait_for_week(page, week: int) -> None:
    page.get_by_text(re.compile(rf", week {week}: denial")).first.wait_for(timeout=30_000)


def test_the_page_steps_the_real_model(page, tmp_path):
    page.get_by_label("Strategy", exact=False).first.click(force=True)
    page.get_by_role("option", name="moeten", exact=True).click()
    page.get_by_role("button", name="Reset").click()
    page.get_by_text(re.compile(r"must \(moeten\), week 0:")).wait_for(timeout=30_000)
    for frame in (1, 2, 3):  # Step shows the next frame, WEEKS_PER_FRAME weeks on
        page.get_by_role("button", name="Step").click()
        wait_for_week(page, frame * WEEKS_PER_FRAME)
    (shown,) = shown_counts(page)
    model = Classroom(strategy="moeten")
    for _ in range(3 * WEEKS_PER_FRAME):
        model.step()
    assert shown["title"] == "must (moeten)" and shown["week"] == str(3 * WEEKS_PER_FRAME)
    assert {k: int(v) for k, v in shown.items() if k not in ("title", "week")} == stage_counts(
        model.runs[0])
    page.get_by_role("button", name="Budget cut").click()
    page.get_by_role("button", name="Step").click()
    wait_for_week(page, 4 * WEEKS_PER_FRAME)
    struck = page.get_by_text(re.compile("Struck so far"))
    assert struck.inner_text() == f"Struck so far: week {3 * WEEKS_PER_FRAME + 1}: budget cut"
    page.screenshot(path=tmp_path / "app.png", full_page=True)
    print(f"screenshot: {tmp_path / 'app.png'}")


def test_a_wrong_value_shows_a_message_on_the_page(page):
    seed = page.get_by_label("Seed", exact=False)
    seed.fill("abc")
    seed.press("Enter")
    page.get_by_role("button", name="Reset").click()
    message = page.get_by_text(re.compile("Cannot build this municipality"))
    message.wait_for(timeout=30_000)
    assert "seed='abc' is not allowed: must be a whole number" in message.inner_text()
    assert "Traceback" not in page.inner_text("body")
