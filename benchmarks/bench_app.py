"""Frames per second of the classroom demo, on the server and as a browser sees them.

    .venv/bin/python benchmarks/bench_app.py [--seconds 15] [--no-browser]

Server side: a frame is WEEKS_PER_FRAME model weeks and the organisation chart, plus the
timelines every TIMELINE_EVERY weeks (PNG at the page's resolution). Browser side: the
page is played in headless Chromium for ``--seconds`` and the weeks shown are counted
(network limited to localhost).
"""

from __future__ import annotations

import argparse
import io
import re
import shutil
import time

from sim.app.classroom import Classroom
from sim.app.figures import organisation_figure, timeline_figure
from sim.app.page import TIMELINE_EVERY, WEEKS_PER_FRAME
from sim.app.server import serving

CASES = [("300", "none"), ("300", "moeten"), ("2000", "none")]


def server_side(staff: str, compare: str, frames: int = 16) -> float:
    """Frames per second as the page draws them: WEEKS_PER_FRAME weeks and the
    organisation every frame, the timelines every TIMELINE_EVERY weeks."""
    lesson = Classroom(staff=staff, compare_with=compare)
    for _ in range(52):  # a year in: curves have some length
        lesson.step()
    tic = time.perf_counter()
    for _ in range(frames):
        for _ in range(WEEKS_PER_FRAME):
            lesson.step()
        figures = [organisation_figure(lesson.runs, lesson.titles, lesson.layouts)]
        if lesson.week % TIMELINE_EVERY < WEEKS_PER_FRAME:
            figures.append(timeline_figure(lesson.runs, lesson.titles))
        for fig in figures:
            fig.savefig(io.BytesIO(), format="png", dpi=80)
    return frames / (time.perf_counter() - tic)


def in_browser(staff: str, compare: str, seconds: float) -> float:
    from playwright.sync_api import sync_playwright

    with serving() as url:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=[
                "--no-sandbox", "--disable-gpu", "--proxy-server=127.0.0.1:9"])
            page = browser.new_page(viewport={"width": 1600, "height": 1200})
            page.goto(url)
            page.get_by_role("button", name="Step").wait_for(timeout=60_000)
            page.get_by_role("textbox", name="Staff (empty").fill(staff)
            page.get_by_role("textbox", name="Staff (empty").press("Enter")
            if compare != "none":
                page.get_by_label("Compare with", exact=False).click(force=True)
                page.get_by_role("option", name=compare, exact=True).click()
            page.get_by_role("button", name="Reset").click()
            page.get_by_text(re.compile(r", week 0: denial")).first.wait_for(timeout=60_000)
            play = page.get_by_role("button", name="▶")
            play.click()
            time.sleep(seconds)
            text = page.get_by_text(re.compile(r", week \d+: denial")).first.inner_text()
            weeks = int(re.search(r"week (\d+)", text).group(1))
            browser.close()
    return weeks / seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    for staff, compare in CASES:
        rate = server_side(staff, compare)
        line = f"{staff} staff, compare with {compare}: server {rate:.1f} frames/s"
        if not args.no_browser and shutil.which("chromium"):
            weeks = in_browser(staff, compare, args.seconds)
            line += (f"; browser, playing: {weeks:.1f} weeks/s = "
                     f"{weeks / WEEKS_PER_FRAME:.1f} frames/s of {WEEKS_PER_FRAME} weeks")
        print(line, flush=True)


if __name__ == "__main__":
    main()
