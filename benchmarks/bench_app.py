"""Frames per second of the classroom demo, as a browser shows them.

    .venv/bin/python benchmarks/bench_app.py [--seconds 10]

The page is played in headless Chromium (network limited to localhost) at 1280x720 with
300 staff, 2,000 staff, and 300 staff in compare mode. A frame counts when the browser
shows both a new week and a redrawn timeline (sampled at every animation frame). The
page plays at most FRAMES_PER_SECOND frames a second (sim/app/page.py), so that is the
ceiling here; the server's cost of a frame (model weeks and the charts' new data, no
browser) shows the room left under it. Ends with one line: fps_300=... fps_2000=...
fps_compare=...
"""

from __future__ import annotations

import argparse
import shutil
import time

from sim.app.charts import OrganisationChart, SharedScales, Timelines
from sim.app.classroom import Classroom
from sim.app.page import FRAMES_PER_SECOND, ORGANISATION_PX, WEEKS_PER_FRAME
from sim.app.server import serving

CASES = {"300": ("300", "none"), "2000": ("2000", "none"), "compare": ("300", "moeten")}
# Counts, at every animation frame, the frames whose week and timeline both changed.
SAMPLER = """() => {
  window.bench = {week: 0, line: 0}; let week = '', line = '';
  const look = () => {
    const w = document.querySelector('.week');
    if (w && w.textContent !== week) { window.bench.week++; week = w.textContent; }
    const d = Array.from(document.querySelectorAll('.panel-0 .timeline path.line'),
                         l => l.getAttribute('d')).join();
    if (d !== line) { window.bench.line++; line = d; }
    requestAnimationFrame(look);
  };
  look();
}"""


def server_frame_ms(staff: str, compare: str, frames: int = 50) -> float:
    """Milliseconds the server spends on a frame: the weeks and the charts' new data."""
    lesson = Classroom({"organisation.staff": staff, "compare_with": compare})
    for _ in range(52):  # a year in: the timelines have some length
        lesson.step()
    scales = SharedScales()
    size = ORGANISATION_PX[len(lesson.runs)]
    charts = [(OrganisationChart(run, *size), Timelines(scales, "200px")) for run in lesson.runs]
    tic = time.perf_counter()
    for _ in range(frames):
        for _ in range(WEEKS_PER_FRAME):
            lesson.step()
        scales.follow(lesson.runs)
        for run, (organisation, timelines) in zip(lesson.runs, charts, strict=True):
            organisation.show(run)
            timelines.show(run)
    return 1000 * (time.perf_counter() - tic) / frames


def choose(page, label: str, option: str) -> None:
    page.get_by_label(label, exact=False).first.click(force=True)
    page.get_by_role("option", name=option, exact=True).click()


def in_browser(url: str, staff: str, compare: str, seconds: float) -> float:
    """Frames a second the browser shows while the page plays."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=[
            "--no-sandbox", "--disable-gpu", "--proxy-server=127.0.0.1:9"])
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.goto(url)
        page.get_by_role("button", name="Step").wait_for(timeout=60_000)
        staff_box = page.get_by_label("Staff", exact=False)
        staff_box.fill(staff)
        staff_box.press("Enter")
        if compare != "none":
            choose(page, "Compare with", "must")
        page.get_by_role("button", name="Reset").click()
        panels = 2 if compare != "none" else 1
        page.locator(f".panel-{panels - 1} .counts").wait_for(timeout=60_000)
        page.get_by_role("button", name="▶ Play").click()
        time.sleep(1.0)  # warm up
        page.evaluate(SAMPLER)
        time.sleep(seconds)
        counted = page.evaluate("window.bench")
        page.get_by_role("button", name="⏸ Pause").click()
        browser.close()
    return min(counted["week"], counted["line"]) / seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    if shutil.which("chromium") is None:
        raise SystemExit("no chromium on this machine: apt-get install chromium")
    rates = {}
    with serving() as url:
        for name, (staff, compare) in CASES.items():
            cost = server_frame_ms(staff, compare)
            rates[name] = in_browser(url, staff, compare, args.seconds)
            print(f"{staff} staff, compare with {compare}: {rates[name]:.1f} frames/s in the "
                  f"browser (at most {FRAMES_PER_SECOND}), {WEEKS_PER_FRAME} week(s) a frame; "
                  f"the server spends {cost:.0f} ms on a frame", flush=True)
    print(" ".join(f"fps_{name}={rate:.1f}" for name, rate in rates.items()))


if __name__ == "__main__":
    main()
