"""The classroom page's controls: the settings (choices, whole numbers and levers, each
showing its value) and the guide through a lesson's steps.

Settings are a reactive mapping (sim/app/classroom.py SETTINGS); the run uses them from
the next Reset, so that a run is always one scenario from its start.
"""

from __future__ import annotations

from collections.abc import Callable

import solara

from sim.app.classroom import CHOICES, LEVERS, TEXTS, scenario_settings
from sim.app.lessons import Lesson
from sim.reporting.labels import term

# The settings' tabs: what a municipality is, who leads it, the five forces, resistance.
TABS = {
    "page.municipality": ("scenario", "strategy", "compare_with", "organisation",
                          "organisation.staff", "seed"),
    "page.leaders": ("leadership.board_commitment", "leadership.middle_management_commitment",
                     "organisation.key_figure_share"),
    "page.forces": ("forces.urgency", "forces.ambition", "forces.planning",
                    "forces.interaction", "forces.leadership"),
    "page.handling": ("resistance_handling.conversation", "resistance_handling.observation",
                      "resistance_handling.waiting"),
}
CHOICE_WORDS = {"scenario": "page.scenario", "strategy": "page.strategy",
                "compare_with": "page.compare_with", "organisation": "page.size",
                "organisation.staff": "page.staff", "seed": "page.seed"}


def lever_value(name: str, value: float) -> str:
    """A lever's value as the page prints it: shares of staff in %, the rest 0.00-1.00."""
    return f"{value:.0%}" if name.endswith("_share") else f"{value:.2f}"


def choice_word(name: str, value: str, language: str) -> str:
    """A choice in words: 'size_25_50k' -> '25,000-50,000 inhabitants'."""
    if name == "scenario":
        return term(f"scenario.{value}", language)
    if name == "compare_with" and value == "none":
        return term("page.no_comparison", language)
    return term(value, language)


@solara.component
def Setting(name: str, settings: solara.Reactive[dict], language: str):
    """One setting: a choice, a whole number or a lever with its value in the label."""
    value = settings.value[name]

    def set_value(new) -> None:
        if name == "scenario":  # the sliders take the scenario's values; seed and
            keep = {k: settings.value[k] for k in ("compare_with", "seed")}  # comparison stay
            settings.value = {**scenario_settings(new), **keep}
        else:
            settings.value = {**settings.value, name: new}

    if name in CHOICES:
        solara.v.Select(label=term(CHOICE_WORDS[name], language), v_model=value,
                        on_v_model=set_value, items=[
                            {"text": choice_word(name, c, language), "value": c}
                            for c in CHOICES[name]], class_="setting", hide_details=True)
    elif name in TEXTS:
        solara.InputText(term(CHOICE_WORDS[name], language), value=str(value),
                         on_value=set_value, continuous_update=False, classes=["setting"])
    else:
        low, high, step = LEVERS[name]
        with solara.Column(gap="0px", classes=["setting", "lever"]):
            solara.Text(f"{term(name, language)}: {lever_value(name, value)}",
                        classes=["lever-label"])
            solara.SliderFloat("", value=value, on_value=set_value, min=low, max=high,
                               step=step)


@solara.component
def Settings(settings: solara.Reactive[dict], language: str):
    """The settings in four tabs, so each tab's levers show at once."""
    with solara.lab.Tabs(dark=False, grow=True):
        for tab, names in TABS.items():
            with solara.lab.Tab(term(tab, language)):
                with solara.Column(gap="4px"):
                    for name in names:
                        Setting(name, settings, language)


@solara.component
def LessonGuide(lessons: list[Lesson], chosen: solara.Reactive[int], step: int,
                go: Callable[[int, int], None], language: str):
    """Choose a lesson and click through its steps; ``go(lesson, step)`` applies one."""
    if not lessons:
        return
    lesson = lessons[chosen.value]
    solara.v.Select(label=term("page.lesson", language), v_model=chosen.value,
                    on_v_model=lambda i: go(i, 0), hide_details=True, items=[
                        {"text": each.title[language], "value": i}
                        for i, each in enumerate(lessons)])
    with solara.Row(classes=["lesson-steps"]):
        solara.Button(term("page.previous", language), disabled=step <= 0,
                      on_click=lambda: go(chosen.value, step - 1))
        solara.Text(term("page.lesson_step", language).format(
            n=step + 1, total=len(lesson.steps)), classes=["lesson-count"])
        solara.Button(term("page.next", language), disabled=step >= len(lesson.steps) - 1,
                      on_click=lambda: go(chosen.value, step + 1), color="primary")
