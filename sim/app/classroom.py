"""The classroom's model: one municipality, or the same one under two strategies, stepping
week by week, with events struck in both at once so the comparison stays fair.

The page's settings are a flat mapping (what a lesson step sets too): a scenario, the
strategy, a second strategy to compare with, the size class, staff and seed, and the
levers by their setting name (``forces.urgency``). A scenario supplies the starting
values of the others (:func:`scenario_settings`), so the sliders always show what runs.
"""

from __future__ import annotations

import dataclasses
import os
import threading
from pathlib import Path

import mesa

from sim.config import calibrated, posterior
from sim.config.compose import load_config
from sim.config.errors import ConfigError
from sim.config.keys import options
from sim.config.overrides import with_values
from sim.config.paths import in_checkout
from sim.config.schema import EventConfig, SimConfig
from sim.config.vocabulary import SIZE_CLASSES, STRATEGIES
from sim.model.municipality import Municipality
from sim.reporting.labels import term

SIZES = tuple(SIZE_CLASSES)
STRATEGY_CHOICES = (*STRATEGIES, "mix")
SCENARIOS = ("none", *options("scenario"))
MAX_STAFF = 5000  # beyond this a frame takes seconds: not a classroom demo any more
# Sliders: setting -> (low, high, step). Defaults come from the composed config.
LEVERS = {
    "leadership.board_commitment": (0.0, 1.0, 0.05),
    "leadership.middle_management_commitment": (0.0, 1.0, 0.05),
    "organisation.key_figure_share": (0.0, 0.3, 0.01),
    "forces.urgency": (0.0, 1.0, 0.05),
    "forces.ambition": (0.0, 1.0, 0.05),
    "forces.planning": (0.0, 1.0, 0.05),
    "forces.interaction": (0.0, 1.0, 0.05),
    "forces.leadership": (0.0, 1.0, 0.05),
    "resistance_handling.conversation": (0.0, 1.0, 0.05),
    "resistance_handling.observation": (0.0, 1.0, 0.05),
    "resistance_handling.waiting": (0.0, 1.0, 0.05),
}
CHOICES = {"scenario": SCENARIOS, "strategy": STRATEGY_CHOICES,
           "compare_with": ("none", *STRATEGY_CHOICES), "organisation": SIZES}
TEXTS = {"organisation.staff": (10, MAX_STAFF), "seed": (0, 2**32 - 1)}  # whole numbers
SETTINGS = (*CHOICES, *TEXTS, *LEVERS)
# What the buttons strike (the same in both runs so the comparison stays fair); the page
# says what each does (labels.py, "page.<type>").
EVENTS = {
    "budget_cut": EventConfig(type="budget_cut", size=0.25),
    "national_delay": EventConfig(type="national_delay", block="wabo", weeks=26),
    "election": EventConfig(type="election", board_commitment=0.2),
    "merger": EventConfig(type="merger", weeks=52),
    "key_figures_leave": EventConfig(type="key_figures_leave", count=5),
    "key_figures_arrive": EventConfig(type="key_figures_arrive", count=5),
    "quick_win": EventConfig(type="quick_win", size=0.15),
    "coordinator_leaves": EventConfig(type="coordinator_leaves", weeks=26, quality=0.6),
    "external_support_starts": EventConfig(type="external_support_starts"),
    "external_support_ends": EventConfig(type="external_support_ends"),
}
# Advisers the "advisers start" button engages where a scenario brings none: the
# population's, for municipalities that cannot go alone (docs/model.md, section 8).
ADVISERS = {"capacity": 0.03, "knowledge": 0.2, "distrust": 0.002}
POSTERIOR_FILE = in_checkout(posterior.SHIPPED).resolve()
POSTERIOR_VARIABLE = "SIM_APP_POSTERIOR"  # set by python -m sim.app --posterior


def calibration() -> Path | None:
    """The posterior the page runs on: the one given (``none``: the assumptions), else the
    shipped one, else none."""
    given = os.environ.get(POSTERIOR_VARIABLE)
    if given:
        return None if posterior.resolve(given) is None else Path(given)
    return POSTERIOR_FILE if POSTERIOR_FILE.exists() else None


def _whole_number(name: str, text: str, low: int, high: int) -> int:
    try:
        value = int(str(text).strip())
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        raise ConfigError(f"{name}={text!r} is not allowed: must be a whole number from "
                          f"{low} to {high}")
    return value


def check_settings(settings: dict) -> None:
    """ConfigError for a setting the page does not have or a value it does not allow."""
    for name, value in settings.items():
        if name in CHOICES:
            if value not in CHOICES[name]:
                raise ConfigError(f"{name}={value!r} is not allowed: the choices are "
                                  f"{', '.join(CHOICES[name])}")
        elif name in LEVERS:
            low, high, _ = LEVERS[name]
            if isinstance(value, bool) or not isinstance(value, int | float) \
                    or not low <= value <= high:
                raise ConfigError(f"{name}={value!r} is not allowed: must be a number from "
                                  f"{low:g} to {high:g}")
        elif name in TEXTS:
            if name != "organisation.staff" or str(value).strip():
                _whole_number(name, value, *TEXTS[name])
        else:
            raise ConfigError(f"{name!r} is not a setting of the page; the settings are "
                              f"{', '.join(SETTINGS)}")


def _scenario(name: str) -> list[str]:
    return [] if name == "none" else [f"scenario={name}"]


def scenario_settings(name: str = "none") -> dict:
    """Every setting as a scenario (or the defaults, ``none``) starts it."""
    check_settings({"scenario": name})
    cfg = load_config(_scenario(name))
    size = {label: group for group, label in SIZE_CLASSES.items()}[cfg.organisation.size_class]
    levers = {}
    for lever in LEVERS:
        section, field = lever.split(".")
        levers[lever] = getattr(getattr(cfg, section), field)
    return {"scenario": name, "strategy": cfg.strategy.name, "compare_with": "none",
            "organisation": size, "organisation.staff": "", "seed": "0", **levers}


def compose(settings: dict, strategy: str) -> SimConfig:
    """One run's scenario: the settings under ``strategy`` (and the posterior, if any).
    A strategy other than the scenario's own replaces it whole: a scenario's mix keeps its
    weights, and another strategy does not inherit them."""
    check_settings(settings)
    seed = _whole_number("seed", settings["seed"], *TEXTS["seed"])
    calibrated = calibration()
    cfg = load_config([*_scenario(settings["scenario"]), f"organisation={settings['organisation']}",
                       f"seed={seed}", f"posterior={calibrated or 'none'}"])
    if strategy != cfg.strategy.name:  # not the scenario's own (a mix may have its weights)
        cfg = dataclasses.replace(cfg, strategy=load_config([f"strategy={strategy}"]).strategy)
    values = {lever: settings[lever] for lever in LEVERS}
    if str(settings["organisation.staff"]).strip():
        values["organisation.staff"] = _whole_number(
            "organisation.staff", settings["organisation.staff"], *TEXTS["organisation.staff"])
    cfg = with_values(cfg, values)
    if not (cfg.support.capacity or cfg.support.knowledge or cfg.support.distrust):
        cfg = dataclasses.replace(cfg, support=dataclasses.replace(
            cfg.support, engaged=False, **ADVISERS))
    return cfg


class Classroom(mesa.Model):
    """One municipality, or the same one under two strategies, stepping week by week.

    Playing steps it in a thread while the buttons announce events: a lock keeps a
    week and an announcement apart."""

    def __init__(self, settings: dict | None = None):
        super().__init__()
        self.settings = {**scenario_settings(), **(settings or {})}
        self.runs: list[Municipality] = []
        self.drawn: dict[str, float] = {}  # the posterior particle the runs use, if any
        self.error: str | None = None
        self._lock = threading.Lock()
        try:
            strategies = [self.settings["strategy"]]
            if self.settings.get("compare_with", "none") != "none":
                strategies.append(self.settings["compare_with"])
            for strategy in strategies:
                cfg, self.drawn = calibrated.draw(compose(self.settings, strategy))
                self.runs.append(Municipality(cfg))
        except ConfigError as exc:
            self.runs, self.error = [], str(exc)
            self.running = False

    @property
    def week(self) -> int:
        return self.runs[0].week if self.runs else 0

    def titles(self, language: str = "en") -> list[str]:
        """The runs' strategies in words; a mix with its shares ('mix: 70% must, ...')."""
        titles = []
        for run in self.runs:
            strategy = run.config.strategy
            parts = sorted(((w, p) for p, w in strategy.weights.items() if w > 0), reverse=True)
            total = sum(w for w, _ in parts)
            titles.append(f"{strategy.name}: " + ", ".join(
                f"{w / total:.0%} {term(p, language)}" for w, p in parts) if parts
                else term(strategy.name, language))
        return titles

    def step(self) -> None:
        with self._lock:
            for run in self.runs:
                run.step()
            self.running = all(run.running for run in self.runs)

    def announce(self, event: str) -> None:
        """Strike one of :data:`EVENTS` next week in every run."""
        with self._lock:
            for run in self.runs:
                run.announce(event, EVENTS[event])
