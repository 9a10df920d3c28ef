"""``python -m sim.app``: the model live in the browser, for a class (Mesa's visualisation).

The page shows the real model (:class:`sim.model.Municipality`), one run or two side by
side: "compare with" runs the same organisation (same seed) under a second strategy, so
a class sees the same people diverge. Controls set strategy, leadership, key figures,
size and seed; buttons strike events during a run. A value the model does not accept
shows as a message on the page.

    python -m sim.app                    # http://localhost:8765, this computer only
    python -m sim.app --host 0.0.0.0     # deliberately open to the class network
    solara run sim.app                   # the same page through solara's own command
"""

from __future__ import annotations

import argparse
import io
import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager

import mesa

try:  # the demo's packages are an optional extra
    import solara
    from mesa.visualization.solara_viz import ModelController, ModelCreator
    from mesa.visualization.utils import force_update, update_counter
except ImportError as exc:
    raise SystemExit(f"The classroom demo needs its extra: .venv/bin/pip install -e '.[app]' "
                     f"({exc})") from None

from sim.app_figures import (
    layout,
    legend_html,
    organisation_figure,
    stage_counts,
    timeline_figure,
)
from sim.config import CONFIG_DIR, ConfigError, EventConfig, load_config
from sim.model import Municipality

STRATEGIES = {"weten": "knowing (weten)", "moeten": "must (moeten)",
              "willen": "wanting (willen)", "leren": "learning (leren)",
              "mix": "mix (national shares)"}
SIZES = tuple(sorted(p.stem for p in (CONFIG_DIR / "organisation").glob("size_*.yaml")))
MAX_STAFF = 5000  # beyond this a frame takes seconds: not a classroom demo any more
# A frame shows two weeks; the timelines are redrawn every eight. Drawing them takes
# about 0.2 s here, the organisation 0.06 s: this keeps playing at several frames a
# second and a ten-year run to about a minute (benchmarks/bench_app.py).
WEEKS_PER_FRAME = 2
TIMELINE_EVERY = 8
PLAY_INTERVAL_MS = 50
# What the buttons strike, the same for both runs so the comparison stays fair.
EVENTS = {
    "Budget cut": EventConfig(type="budget_cut", size=0.25),
    "National delay": EventConfig(type="national_delay", block="wabo", weeks=26),
    "Election": EventConfig(type="election", board_commitment=0.2),  # a sceptical college
}
EXPLANATIONS = """
**Stages**: denial, resistance, exploration ("what does it mean for me?"), commitment.
**Key figures** are ambassadors who pull the cart; the **board** is the college and top
management. **Play** shows two weeks per frame (change "weeks per frame"), **Step** one
frame; the timelines below the organisation are redrawn every eight weeks.

- **Strategy**: how the plan is carried out: *knowing* informs and convinces, *must*
  instructs and holds to account, *wanting* lets staff participate and rewards,
  *learning* lets them try and shape it; *mix* combines them like Dutch municipalities did.
- **Compare with**: a second run of the *same* organisation under another strategy.
- **Board commitment**: how visibly the college and top management back the plan.
- **Middle-management commitment**: how much managers carry the plan to their teams.
- **Key-figure share**: share of staff who are ambassadors pulling the cart.
- **Size**: municipality size class (inhabitants); **staff** overrides the number of people.
- **Seed**: the dice; the same seed gives the same organisation and the same run.
- **Events**: strike next week in both runs: a 25% budget cut, a national building block
  (permit law) delayed by half a year, an election bringing a sceptical college.
"""


def _whole_number(name: str, text: str, low: int, high: int) -> int:
    try:
        value = int(str(text).strip())
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        raise ConfigError(f"{name}={text!r} is not allowed: must be a whole number from "
                          f"{low} to {high}")
    return value


class Lesson(mesa.Model):
    """One municipality, or the same one under two strategies, stepping week by week."""

    def __init__(self, strategy: str = "weten", compare_with: str = "none",
                 board_commitment: float = 0.5, middle_management_commitment: float = 0.5,
                 key_figure_share: float = 0.05, size: str = "size_25_50k", staff: str = "",
                 seed: str = "0"):
        super().__init__()
        self.runs: list[Municipality] = []
        self.titles: list[str] = []
        self.layouts = []
        self.error: str | None = None
        try:
            overrides = [f"organisation={size}",
                         f"leadership.board_commitment={board_commitment}",
                         f"leadership.middle_management_commitment={middle_management_commitment}",
                         f"organisation.key_figure_share={key_figure_share}",
                         f"seed={_whole_number('seed', seed, 0, 2**32 - 1)}"]
            if str(staff).strip():
                count = _whole_number("staff", staff, 10, MAX_STAFF)
                overrides.append(f"organisation.staff={count}")
            strategies = [strategy] + ([compare_with] if compare_with != "none" else [])
            for name in strategies:
                run = Municipality(load_config([*overrides, f"strategy={name}"]))
                self.runs.append(run)
                self.titles.append(STRATEGIES[name])
                self.layouts.append(layout(run.organisation, len(run.board_commitments)))
        except ConfigError as exc:
            self.error = str(exc)
            self.running = False

    @property
    def week(self) -> int:
        return self.runs[0].week if self.runs else 0

    def step(self) -> None:
        for run in self.runs:
            run.step()
        self.running = all(run.running for run in self.runs)

    def announce(self, label: str) -> None:
        """Strike one of :data:`EVENTS` next week in every run."""
        for run in self.runs:
            run.announce(label.lower().replace(" ", "_").replace(":", ""), EVENTS[label])


def counts_text(lesson: Lesson) -> str:
    """The stage counts printed on the page (one line per run)."""
    return "\n\n".join(
        f"**{title}**, week {run.week}: " + ", ".join(
            f"{stage} {count}" for stage, count in stage_counts(run).items())
        for title, run in zip(lesson.titles, lesson.runs, strict=True))


@solara.component
def Dashboard(lesson: Lesson):
    """The main area: the organisation, three plots, the event buttons, how to read it."""
    update_counter.get()  # Mesa's controller bumps it after every step and reset
    if lesson.error:
        solara.Error(f"Cannot build this municipality: {lesson.error}. Change the value and "
                     "press Reset.")
        return
    solara.Markdown(counts_text(lesson))
    solara.HTML(unsafe_innerHTML=legend_html())
    # Drawn again only when the week or the events change, not on every re-render; the
    # timelines (three panels of axes and text, the costliest image) every few weeks.
    events = len(lesson.runs[0].event_log)
    Picture(lambda: organisation_figure(lesson.runs, lesson.titles, lesson.layouts),
            [lesson, lesson.week, events])
    Picture(lambda: timeline_figure(lesson.runs, lesson.titles),
            [lesson, lesson.week // TIMELINE_EVERY, events])
    with solara.Columns([1, 1]):
        Events(lesson)
        solara.Markdown(EXPLANATIONS)


@solara.component
def Picture(draw, dependencies: list):
    """A matplotlib figure as an image, drawn (built and rendered) only when
    ``dependencies`` change."""
    def render() -> bytes:
        buffer = io.BytesIO()
        draw().savefig(buffer, format="png", dpi=80)
        return buffer.getvalue()

    solara.Image(solara.use_memo(render, dependencies))


@solara.component
def Events(lesson: Lesson):
    update_counter.get()  # the list of struck events follows the weeks

    def strike(label: str) -> None:
        lesson.announce(label)
        force_update()

    with solara.Card("Events (strike next week)"):
        with solara.Row():
            for label in EVENTS:
                solara.Button(label, on_click=lambda label=label: strike(label),
                              disabled=not lesson.running)
        struck = [f"week {e['week']}: {e['name'].replace('_', ' ')}"
                  for e in lesson.runs[0].event_log]
        solara.Text("Struck so far: " + ("; ".join(struck) or "none"))


MODEL_PARAMS = {
    "strategy": {"type": "Select", "value": "weten", "values": list(STRATEGIES),
                 "label": "Strategy (weten = knowing, moeten = must, willen = wanting, "
                          "leren = learning)"},
    "compare_with": {"type": "Select", "value": "none", "values": ["none", *STRATEGIES],
                     "label": "Compare with a second strategy (same organisation)"},
    "board_commitment": {"type": "SliderFloat", "value": 0.5, "min": 0.0, "max": 1.0,
                         "step": 0.05, "label": "Board commitment"},
    "middle_management_commitment": {"type": "SliderFloat", "value": 0.5, "min": 0.0,
                                     "max": 1.0, "step": 0.05,
                                     "label": "Middle-management commitment"},
    "key_figure_share": {"type": "SliderFloat", "value": 0.05, "min": 0.0, "max": 0.3,
                         "step": 0.01, "label": "Key-figure share of staff"},
    "size": {"type": "Select", "value": "size_25_50k", "values": list(SIZES),
             "label": "Size class (inhabitants)"},
    "staff": {"type": "InputText", "value": "", "label": "Staff (empty: the size class's)"},
    "seed": {"type": "InputText", "value": "0", "label": "Seed (same seed, same organisation)"},
}

@solara.component
def Page():
    """Mesa's controller (reset, play, step) and parameter inputs in the sidebar, the
    lesson's own full-width dashboard in the main area (SolaraViz's grid would squeeze
    two organisations side by side into half the screen)."""
    first = solara.use_memo(Lesson, [])
    lesson = solara.use_reactive(first)
    parameters = solara.use_reactive({})
    play_interval = solara.use_reactive(PLAY_INTERVAL_MS)
    render_interval = solara.use_reactive(WEEKS_PER_FRAME)
    use_threads = solara.use_reactive(False)
    with solara.AppBar():
        solara.AppBarTitle("Taking up the realisation plan")
    with solara.Sidebar(), solara.Column():
        with solara.Card("Run: Reset applies the settings"):
            ModelController(lesson, model_parameters=parameters, play_interval=play_interval,
                            render_interval=render_interval, use_threads=use_threads)
            solara.SliderInt("Weeks per frame", value=render_interval, min=1, max=26)
        with solara.Card("Settings"):
            ModelCreator(lesson, MODEL_PARAMS, model_parameters=parameters)
    Dashboard(lesson.value)


@contextmanager
def serving(port: int | None = None, timeout: float = 60.0):
    """The app in a child process on ``port`` (a free one if None), yielding its URL once
    it answers (for the browser test and the benchmark)."""
    if port is None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
    process = subprocess.Popen([sys.executable, "-m", "sim.app", "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://localhost:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                urllib.request.urlopen(url, timeout=1)
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    process.kill()
                    raise RuntimeError("the app did not start: " + process.stdout.read()) from None
                time.sleep(0.5)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m sim.app", description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="localhost",
                        help="interface to listen on; 0.0.0.0 opens it to the network "
                             "(default: localhost, this computer only)")
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args(argv)
    # A classroom page phones nobody: no usage telemetry, no version check on PyPI.
    os.environ.setdefault("SOLARA_TELEMETRY_MIXPANEL_ENABLE", "False")
    from solara.__main__ import main as solara_main

    sys.argv = ["solara", "run", "sim.app", "--host", args.host, "--port", str(args.port),
                "--production", "--no-open", "--no-check-version"]
    solara_main()


if __name__ == "__main__":
    main()
