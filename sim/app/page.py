"""The classroom page (Solara, Mesa's visualisation): the organisation, its stages, causes
and plan over time, the controls and the event buttons.

    python -m sim.app                    # http://localhost:8765, this computer only
    solara run sim.app.page              # the same page through solara's own command
"""

from __future__ import annotations

import io

import solara  # the demo's packages are an optional extra: pip install -e '.[app]'
from mesa.visualization.solara_viz import ModelController, ModelCreator
from mesa.visualization.utils import force_update, update_counter

from sim.app.classroom import EVENTS, SIZES, Classroom
from sim.app.figures import legend_html, organisation_figure, stage_counts, timeline_figure
from sim.reporting.labels import STRATEGY_LABELS

# A frame shows two weeks; the timelines, the costliest image, are redrawn every eight
# (frames per second: benchmarks/bench_app.py).
WEEKS_PER_FRAME = 2
TIMELINE_EVERY = 8
PLAY_INTERVAL_MS = 50

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



def counts_text(lesson: Classroom) -> str:
    """The stage counts printed on the page (one line per run)."""
    return "\n\n".join(
        f"**{title}**, week {run.week}: " + ", ".join(
            f"{stage} {count}" for stage, count in stage_counts(run).items())
        for title, run in zip(lesson.titles, lesson.runs, strict=True))


@solara.component
def Dashboard(lesson: Classroom):
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
def Events(lesson: Classroom):
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
    "strategy": {"type": "Select", "value": "weten", "values": list(STRATEGY_LABELS),
                 "label": "Strategy (weten = knowing, moeten = must, willen = wanting, "
                          "leren = learning)"},
    "compare_with": {"type": "Select", "value": "none", "values": ["none", *STRATEGY_LABELS],
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
    first = solara.use_memo(Classroom, [])
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


