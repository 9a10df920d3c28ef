"""Both reports in a real browser: Debian's headless Chromium driven by Playwright renders
them from disk, on screen and as printed on A4; one is printed to PDF. CI installs
chromium with apt (.ci/run); Playwright never downloads a browser. The screenshots and the
PDF are kept in the test's temporary directory, to look at."""

from __future__ import annotations

import re
import shutil

import pytest

pytest.importorskip("playwright", reason="playwright is not installed (the test extra)")

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium on this machine "
                                "(apt-get install chromium); CI installs it")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-sync"]
A4_TEXT_WIDTH = 703  # px at 96 dpi: 210 mm less the print stylesheet's 2 x 12 mm margins
WIDER_THAN_THE_PAGE = """Array.from(document.querySelectorAll('img, table, p, h1, h2'))
    .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
    .map(e => e.tagName + ': ' + (e.alt || e.textContent).slice(0, 60))"""


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


def test_both_reports_render_and_one_prints_to_a4(reports, browser, tmp_path):
    page = browser.new_page(viewport={"width": 1100, "height": 1400})
    for language, (run_dir, _, _, _) in reports.items():
        page.set_viewport_size({"width": 1100, "height": 1400})
        page.emulate_media(media="screen")
        page.goto((run_dir / "report.html").as_uri())
        assert page.evaluate("document.documentElement.lang") == language
        assert page.evaluate("Array.from(document.images).every(i => i.complete && "
                             "i.naturalWidth > 0)"), "every figure is embedded and decodes"
        page.screenshot(path=tmp_path / f"report_{language}.png", full_page=True)
        page.emulate_media(media="print")
        page.set_viewport_size({"width": A4_TEXT_WIDTH, "height": 1000})
        assert page.evaluate(WIDER_THAN_THE_PAGE) == [], "nothing is cut at the page's edge"
        assert page.evaluate("Array.from(document.querySelectorAll('figure')).every(f => "
                             "getComputedStyle(f).breakInside === 'avoid')"), \
            "a figure is never split over two pages"
        page.screenshot(path=tmp_path / f"report_{language}_print.png", full_page=True)
    pdf = page.pdf(format="A4", print_background=True)  # the Dutch one, as printed
    (tmp_path / "report_nl.pdf").write_bytes(pdf)
    assert pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) >= 3
