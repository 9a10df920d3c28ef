"""The classroom page (Solara): laid out for a projector, 1280x720 and up. What a class must
see sits above the fold: the week and its date, the event buttons, the organisation and
its stage counts; the timelines follow below them, every frame.

    python -m sim.app                    # http://localhost:8765, this computer only
    solara run sim.app.page              # the same page through solara's own command

Play steps the model in a thread, a frame of ``weeks per frame`` weeks at a time, at most
FRAMES_PER_SECOND a second (frames per second in the browser: benchmarks/bench_app.py).
"""

from __future__ import annotations

import time

import solara  # the demo's packages are an optional extra: pip install -e '.[app]'

from sim.app import readout
from sim.app.charts import STAGE_PALETTE, OrganisationChart, SharedScales, Timelines
from sim.app.classroom import EVENTS, Classroom, calibration, scenario_settings
from sim.app.controls import LessonGuide, Settings
from sim.app.figures import stage_counts
from sim.app.lessons import lesson_dir, load_all
from sim.model.states import CAUSES
from sim.reporting.figures import CAUSE_COLOURS
from sim.reporting.labels import LANGUAGES, term

FRAMES_PER_SECOND = 15  # a cap: the class should see the weeks go by, not a blur
WEEKS_PER_FRAME = 1
SPEEDS = (1, 2, 4, 8)  # weeks per frame
ORGANISATION_PX = {1: (900, 220), 2: (440, 200)}  # chart size at 1280x720, by panels
HEIGHTS = {1: ("28vh", "24vh"), 2: ("27vh", "22vh")}  # organisation, a timeline

CSS = """
.v-application, .v-btn, .v-label, .v-input input, .v-select__selection, .v-list-item__title,
.v-tab, .setting, .v-alert { font-size: 16px !important; }
.v-btn, .v-tab { text-transform: none !important; letter-spacing: normal !important; }
.v-tab { min-width: 0 !important; padding: 0 6px !important; }
.v-slide-group__prev, .v-slide-group__next { display: none !important; }
.v-window-item, .v-window__container { transition: none !important; }  /* tabs show at once */
.header { align-items: center; gap: 12px; padding: 4px 12px; background: #f2f2f2; }
.header .title { font-size: 20px; font-weight: bold; margin-right: auto; }
.week { font-size: 24px; font-weight: bold; }
.counts { font-size: 18px; font-weight: bold; display: flex; flex-wrap: wrap; }
.counts span { margin-right: 14px; white-space: nowrap; }
.legend { font-size: 16px; display: flex; flex-wrap: wrap; }
.legend span { margin-right: 12px; white-space: nowrap; }
.say { font-size: 20px; font-weight: bold; padding: 4px 8px; background: #fff8d6; }
.events { display: grid; grid-template-columns: repeat(5, 1fr); gap: 6px; }
.events .v-btn { width: 100%; height: auto !important; min-height: 36px; }
.events .v-btn__content { white-space: normal; flex-shrink: 1; }
.chart-title { font-size: 16px; font-weight: bold; }
.lever-label { font-size: 16px; margin-bottom: -10px; }
.bqplot .axis text, .bqplot .tick text { font-size: 16px !important; }
"""


def coloured(items: list[tuple[str, str]]) -> str:
    """A legend line: (colour, text) pairs as coloured dots with their words (HTML)."""
    return "".join(f'<span><span style="color:{c}">&#9679;</span> {t}</span>' for c, t in items)


@solara.component
def Header(lesson: Classroom, frame: int, playing: solara.Reactive[bool],
           speed: solara.Reactive[int], language: solara.Reactive[str], step, reset,
           changed: bool):
    """Play, Step, Reset, the speed, the week and its date (as of ``frame``), the language.
    (Components that show the run take the frame: the run changes, not its identity.)"""
    words = language.value
    with solara.Row(classes=["header"]):
        solara.Text(term("page.title", words), classes=["title"])
        solara.Button(("⏸ " + term("page.pause", words)) if playing.value else
                      ("▶ " + term("page.play", words)), color="primary",
                      on_click=lambda: playing.set(not playing.value),
                      disabled=not lesson.running)
        solara.Button(term("page.step", words), on_click=step,
                      disabled=playing.value or not lesson.running)
        reset_button = solara.Button(term("page.reset", words), on_click=reset,
                                     color="warning" if changed else None)
        if changed:
            solara.Tooltip(term("page.settings_changed", words), children=[reset_button])
        solara.v.Select(v_model=speed.value, on_v_model=speed.set, hide_details=True,
                        dense=True, style_="max-width: 190px", items=[
                            {"text": f"{n} {term('page.week' if n == 1 else 'page.weeks', words)} "
                                     f"{term('page.a_frame', words)}", "value": n}
                            for n in SPEEDS])
        if lesson.runs:
            run = lesson.runs[0]
            solara.Text(f"{term('page.week', words).capitalize()} {run.week} · "
                        f"{readout.when(run, run.week, words)}", classes=["week"])
        solara.ToggleButtonsSingle(value=language, classes=["language"], children=[
            solara.Button(code.upper(), value=code) for code in LANGUAGES])


@solara.component
def Events(lesson: Classroom, frame: int, strike, language: str):
    """A button per event type; each strikes next week in every run."""
    with solara.Div(classes=["events"]):
        for event in EVENTS:
            solara.Tooltip(term(f"page.{event}", language), children=[solara.Button(
                term(event, language).capitalize(), on_click=lambda e=event: strike(e),
                disabled=not lesson.running, classes=["event"])])


@solara.component
def Panel(lesson: Classroom, i: int, organisation: OrganisationChart, timelines: Timelines,
          frame: int, language: str):
    """One run (drawn for ``frame``): its title and stage counts, the organisation, the
    three timelines."""
    run, panels = lesson.runs[i], len(lesson.runs)
    counts = stage_counts(run)
    solara.HTML(tag="div", classes=["counts"], unsafe_innerHTML=(
        f"<span>{lesson.titles(language)[i]}</span>" + coloured(
            [(c, f"{term(s, language)} {counts[s]}")
             for (s, c) in zip(counts, STAGE_PALETTE, strict=True)])))
    solara.Column(children=[organisation.figure], classes=["organisation"])
    solara.Text(term("page.roles", language), classes=["legend"])
    struck = readout.struck(run, language)
    charts = [
        ("page.stages", timelines.stages, coloured(
            [(c, term(s, language)) for s, c in zip(counts, STAGE_PALETTE, strict=True)])),
        ("page.causes", timelines.causes, coloured(
            [(CAUSE_COLOURS[c], term(CAUSES[c], language))
             for c in timelines.shown_causes])),
        ("page.plan", timelines.plan, coloured(
            [("#777777", term("page.planned", language)),
             ("#0072B2", term("page.delivered", language))])),
    ]
    # Side by side for one run; one under the other in a panel of compare mode.
    with (solara.Columns([1, 1, 1], gutters_dense=True) if panels == 1 else solara.Column()):
        for title, timeline, legend in charts:
            with solara.Column(gap="0px", classes=["timeline", title.split(".")[1]]):
                solara.Text(term(title, language), classes=["chart-title"])
                solara.Column(children=[timeline.figure])
                solara.HTML(tag="div", classes=["legend"], unsafe_innerHTML=legend)
    solara.Text(f"{term('page.struck', language).capitalize()}: "
                + ("; ".join(struck) or term("page.none_yet", language)), classes=["struck"])


@solara.component
def Dashboard(lesson: Classroom, frame: int, language: str):
    """The runs side by side, drawn for this frame, and how far one trails the other."""
    panels = len(lesson.runs)

    def build():
        scales = SharedScales()
        width, height = ORGANISATION_PX[panels]
        organisation_height, timeline_height = HEIGHTS[panels]
        charts = [(OrganisationChart(run, width, height), Timelines(scales, timeline_height))
                  for run in lesson.runs]
        for organisation, _ in charts:
            organisation.figure.layout.height = organisation_height
        return scales, charts

    scales, charts = solara.use_memo(build, [lesson])

    def draw() -> None:  # after the render: the charts are widgets of their own
        scales.follow(lesson.runs)
        for run, (organisation, timelines) in zip(lesson.runs, charts, strict=True):
            organisation.show(run)
            timelines.show(run)

    solara.use_effect(draw, [lesson, frame])
    if panels == 2:
        solara.Text(readout.difference(lesson, language), classes=["difference", "say"])
    with solara.Columns([1] * panels):
        for i, (organisation, timelines) in enumerate(charts):
            with solara.Column(gap="2px", classes=[f"panel-{i}"]):
                Panel(lesson, i, organisation, timelines, frame, language)


@solara.component
def Page():
    """The header, the settings or a lesson on the left, the runs on the right."""
    language = solara.use_reactive("en")
    settings = solara.use_reactive(solara.use_memo(scenario_settings, []))
    lesson = solara.use_reactive(solara.use_memo(lambda: Classroom(settings.value), []))
    playing = solara.use_reactive(False)
    frame = solara.use_reactive(0)  # bumped after every frame and every change
    speed = solara.use_reactive(WEEKS_PER_FRAME)
    mode = solara.use_reactive("free")
    chosen, lesson_step = solara.use_reactive(0), solara.use_reactive(0)
    lessons, problems = solara.use_memo(lambda: load_all(lesson_dir()), [])
    words = language.value

    def advance() -> None:
        for _ in range(speed.value):
            lesson.value.step()
        frame.value += 1

    def play() -> None:
        playing_now = lesson.value  # a Reset during play replaces it: then play stops
        while playing.value and lesson.value is playing_now and playing_now.running:
            started = time.perf_counter()
            advance()
            time.sleep(max(0.0, 1 / FRAMES_PER_SECOND - (time.perf_counter() - started)))
        playing.value = False

    solara.lab.use_task(play, dependencies=[playing.value], prefer_threaded=True)

    def reset() -> None:
        playing.value = False
        lesson.value = Classroom(settings.value)
        frame.value += 1

    def go(which: int, step: int) -> None:
        chosen.value, lesson_step.value = which, step
        settings.value = lessons[which].settings(step)
        reset()

    def strike(event: str) -> None:
        lesson.value.announce(event)
        frame.value += 1

    solara.Style(CSS)
    Header(lesson.value, frame.value, playing, speed, language, advance, reset,
           changed=settings.value != lesson.value.settings)
    with solara.Row(style={"align-items": "flex-start", "padding": "4px 8px"}):
        with solara.Column(style={"width": "350px", "flex": "0 0 350px"}, gap="6px"):
            solara.ToggleButtonsSingle(value=mode, on_value=lambda m: (
                go(chosen.value, 0) if m == "lesson" and lessons else None), children=[
                solara.Button(term("page.free", words), value="free"),
                solara.Button(term("page.lesson", words), value="lesson")])
            for problem in problems:
                solara.Error(problem, classes=["lesson-problem"])
            if mode.value == "lesson":
                if not lessons:
                    solara.Warning(term("page.no_lessons", words).format(path=lesson_dir()))
                LessonGuide(lessons, chosen, lesson_step.value, go, words)
            Settings(settings, words).key("settings")  # keeps its tab when a lesson opens
            solara.Text(readout.calibration_note(lesson.value, calibration(), words),
                        classes=["calibration"])
        with solara.Column(style={"flex": "1 1 auto", "min-width": "0"}, gap="6px"):
            if mode.value == "lesson" and lessons:
                step = lessons[chosen.value].steps[lesson_step.value]
                solara.Text(step.say[words], classes=["say", "lesson-say"])
            if lesson.value.runs and not lesson.value.running:
                solara.Text(term("page.ended", words), classes=["say", "ended"])
            Events(lesson.value, frame.value, strike, words)
            if lesson.value.error:
                solara.Error(f"{term('page.cannot_build', words)}: {lesson.value.error}",
                             classes=["build-error"])
            else:
                Dashboard(lesson.value, frame.value, words)
