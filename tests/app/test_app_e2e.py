"""The classroom page in a real browser at projector size: Debian's headless Chromium
driven by Playwright, 1280x720 (and 1920x1080).

The server is started as a teacher would (``python -m sim.app``, here with a lesson folder
holding the shipped lesson and a broken one); the browser may reach only localhost (every
other address goes to a dead proxy), so the page must render offline. CI installs chromium
with apt (.ci/run); Playwright never downloads a browser. Screenshots are kept in the
test's temporary directory (printed) to look at.
"""

from __future__ import annotations

import re
import shutil

import pytest

pytest.importorskip("solara", reason="the classroom demo's extra (.[app]) is not installed")
pytest.importorskip("bqplot", reason="the classroom demo's extra (.[app]) is not installed")
pytest.importorskip("playwright", reason="playwright is not installed (the test extra)")

from playwright.sync_api import expect  # noqa: E402

from sim.app.classroom import EVENTS, LEVERS, Classroom  # noqa: E402
from sim.app.controls import TABS  # noqa: E402
from sim.app.figures import stage_counts  # noqa: E402
from sim.app.lessons import LESSON_DIR, load  # noqa: E402
from sim.app.server import serving  # noqa: E402
from sim.model.states import STAGES  # noqa: E402
from sim.reporting.labels import term  # noqa: E402

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium on this machine "
                                "(apt-get install chromium); CI installs it")
LESSON = LESSON_DIR / "board_and_strategy.yaml"
PROJECTORS = [(1280, 720), (1920, 1080)]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    lessons = tmp_path_factory.mktemp("lessons")
    shutil.copy(LESSON, lessons)
    (lessons / "broken.yaml").write_text("title: Broken\nsteps: [\n")
    with serving("--lessons", str(lessons)) as url:
        yield url


@pytest.fixture
def page(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--proxy-server=127.0.0.1:9"])
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.goto(server)
        page.get_by_role("button", name="Step").wait_for(timeout=60_000)
        yield page
        browser.close()


def in_view(page, locator) -> bool:
    """Whether the element is on the screen as it stands, without scrolling."""
    box = locator.bounding_box()
    size = page.viewport_size
    return (box is not None and page.evaluate("window.scrollY") == 0 and box["y"] >= 0
            and box["x"] >= 0 and box["y"] + box["height"] <= size["height"]
            and box["x"] + box["width"] <= size["width"])


def font_px(locator) -> float:
    return float(locator.evaluate("e => getComputedStyle(e).fontSize").removesuffix("px"))


def shows_counts(page, counts: dict[str, int], panel: int = 0) -> None:
    """The panel's stage counts become ``counts`` (the browser may get them a moment
    after the week)."""
    expect(page.locator(f".panel-{panel} .counts")).to_contain_text(re.compile(
        ".*".join(rf"{term(s)} {counts[s]}\b" for s in STAGES)))


def step(page, week: int) -> None:
    """Press Step (a frame of one week) and wait for the page to show ``week``."""
    page.get_by_role("button", name="Step", exact=True).click()
    page.locator(".week", has_text=f"Week {week} ").wait_for(timeout=30_000)


def shot(page, tmp_path, name: str) -> None:
    page.screenshot(path=tmp_path / name)
    print(f"screenshot: {tmp_path / name}")


def test_a_class_sees_everything_and_every_event_leaves_its_mark(page, tmp_path):
    events = page.locator(".events button")
    assert events.count() == len(EVENTS)
    for width, height in PROJECTORS:
        page.set_viewport_size({"width": width, "height": height})
        for tab, settings in TABS.items():  # every slider's value, tab by tab
            page.get_by_role("tab", name=term(tab)).click()
            for lever in (s for s in settings if s in LEVERS):
                label = page.locator(".lever-label", has_text=re.compile(
                    rf"^{re.escape(term(lever))}: \d"))
                label.wait_for(timeout=10_000)
                assert in_view(page, label), (width, lever)
        page.get_by_role("tab", name=term("page.leaders")).click()
        page.get_by_text("board commitment: 0.50").wait_for(timeout=10_000)
        for what in (page.locator(".week"), page.locator(".panel-0 .counts"),
                     page.locator(".organisation"), *events.all()):
            assert in_view(page, what), (width, height, what)
        shot(page, tmp_path, f"start_{width}.png")
    page.set_viewport_size({"width": 1280, "height": 720})
    for readable in (".lever-label", ".legend", ".counts", ".events button",
                     ".timeline .tick text"):
        assert font_px(page.locator(readable).first) >= 16, readable
    assert page.locator(".week").inner_text() == "Week 0 · 1 January 2009"

    for week in (1, 2, 3):
        step(page, week)
    model = Classroom()
    for _ in range(3):
        model.step()
    shows_counts(page, stage_counts(model.runs[0]))

    page.get_by_text("1 week a frame").click()  # events two months apart: marks apart
    page.get_by_role("option", name="8 weeks a frame").click()
    for n, event in enumerate(EVENTS, start=1):  # each strikes next week
        page.get_by_role("button", name=term(event).capitalize(), exact=True).click()
        step(page, 3 + 8 * n)
    numbers = [str(n) for n in range(1, len(EVENTS) + 1)]
    timelines = page.locator(".panel-0 .timeline")
    assert timelines.count() == 3
    for timeline in timelines.all():  # a numbered mark per event on every timeline
        expect(timeline.locator("text.label")).to_have_text(numbers)
    struck = page.locator(".panel-0 .struck").inner_text()
    weeks = [4 + 8 * (n - 1) for n in range(1, len(EVENTS) + 1)]
    assert all(f"{n}. week {w} " in struck for n, w in enumerate(weeks, start=1))
    assert "10. week 76 (17 June 2010): advisers leave" in struck
    shot(page, tmp_path, "events.png")


def test_a_lesson_in_two_languages(page, tmp_path):
    lesson = load(LESSON)
    problem = page.locator(".lesson-problem")
    assert "broken.yaml is not valid YAML on line 3" in problem.inner_text()
    page.get_by_role("button", name="Lesson", exact=True).click()
    page.get_by_role("tab", name="Leaders").click()
    for n, say in enumerate(lesson.steps):
        if n:
            page.get_by_role("button", name="Next", exact=True).click()
        page.locator(".lesson-say", has_text=say.say["en"]).wait_for(timeout=30_000)
        assert in_view(page, page.locator(".lesson-say"))
        page.get_by_text(f"Step {n + 1} of {len(lesson.steps)}").wait_for(timeout=10_000)
        board = lesson.settings(n)["leadership.board_commitment"]
        page.get_by_text(f"board commitment: {board:.2f}").wait_for(timeout=10_000)
        if n == 2:  # "must" against "knowing": two panels, the difference in words
            assert page.locator(".panel-1 .counts").inner_text().startswith("knowing")
            for week in range(1, 6):
                step(page, week)
            model = Classroom(lesson.settings(n))
            for _ in range(5):
                model.step()
            for i, run in enumerate(model.runs):
                shows_counts(page, stage_counts(run), panel=i)
            assert re.fullmatch(r".+ (is \d+ weeks behind|and) .+ committed.*",
                                page.locator(".difference").inner_text())
            shot(page, tmp_path, "compare.png")
    assert set(LEVERS) <= set(lesson.settings(0))

    page.get_by_role("button", name="NL", exact=True).click()
    page.locator(".lesson-say", has_text=lesson.steps[-1].say["nl"]).wait_for(timeout=30_000)
    page.get_by_role("button", name="▶ Afspelen").wait_for(timeout=10_000)
    page.get_by_role("tab", name="Leiding").wait_for(timeout=10_000)
    assert "ontkenning" in page.locator(".panel-0 .counts").inner_text()
    shot(page, tmp_path, "dutch.png")


def test_a_scenario_sets_the_sliders_and_a_wrong_value_shows_a_message(page):
    page.get_by_label("Scenario", exact=False).first.click(force=True)
    page.get_by_role("option", name="an inspired mayor").click()
    page.get_by_role("tab", name="Leaders").click()
    page.get_by_text("board commitment: 0.90").wait_for(timeout=10_000)
    page.get_by_role("tab", name="Municipality").click()
    seed = page.get_by_label("Seed", exact=False)
    seed.fill("abc")
    seed.press("Enter")
    page.get_by_role("button", name="Reset").click()
    message = page.locator(".build-error")
    message.wait_for(timeout=30_000)
    assert "seed='abc' is not allowed: must be a whole number" in message.inner_text()
    assert "Traceback" not in page.inner_text("body")
