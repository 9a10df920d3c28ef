"""Ranges, choices and cross-checks of a scenario: a wrong one fails before anything runs,
with a message naming the key, the value and what is allowed."""

from __future__ import annotations

import math
from dataclasses import fields, is_dataclass
from datetime import date
from typing import Any

from sim.config.errors import ConfigError
from sim.config.schema import PlanConfig, SimConfig, StrategyConfig, StrategyProfile
from sim.config.vocabulary import FUNCTIONS, THEMES
from sim.model.states import CAUSES
from sim.model.turnover import Turnover


def fail(path: str, value: Any, rule: str) -> None:
    raise ConfigError(f"{path}={value!r} is not allowed: {rule}")


def _check_field(path: str, value: Any, meta: dict) -> None:
    if "range" in meta:
        lo, hi = meta["range"]
        if isinstance(value, float) and not math.isfinite(value):
            fail(path, value, "must be a finite number")
        if not lo <= value <= hi:
            upper = "" if hi == math.inf else f", at most {hi}"
            fail(path, value, f"must be at least {lo}{upper}")
    if "choices" in meta and value not in meta["choices"]:
        fail(path, value, f"must be one of {', '.join(meta['choices'])}")


def _check_causes(path: str, mapping: dict[str, float], lo: float, hi: float) -> None:
    for cause, v in mapping.items():
        if cause not in CAUSES:
            fail(f"{path}.{cause}", v, f"unknown cause; known causes: {', '.join(CAUSES)}")
        if not lo <= v <= hi:
            fail(f"{path}.{cause}", v, f"must be between {lo} and {hi}")


def _check_profile(path: str, profile: StrategyProfile) -> None:
    for name, form in profile.forms.items():
        validate(form, f"{path}.forms.{name}")  # weight, channel, stage push, gate
        _check_causes(f"{path}.forms.{name}.effects", form.effects, -1.0, 1.0)
        _check_causes(f"{path}.forms.{name}.backfire_above", form.backfire_above, 0.0, 1.0)
        for cause, threshold in form.backfire_above.items():
            if form.effects.get(cause, 0.0) >= 0:
                fail(f"{path}.forms.{name}.backfire_above.{cause}", threshold,
                     "a form can only backfire on a driver it lowers (a negative effect)")
    if profile.forms and sum(f.weight for f in profile.forms.values()) <= 0:
        fail(f"{path}.forms", "all weights 0", "at least one form needs a positive weight")


def _check_strategy(path: str, strategy: StrategyConfig) -> None:
    _check_profile(path, strategy)
    for name, part in strategy.parts.items():
        _check_profile(f"{path}.parts.{name}", part)
    for name, w in strategy.weights.items():
        if name not in strategy.parts:
            allowed = ", ".join(strategy.parts) or "none (this strategy has no parts to mix)"
            fail(f"{path}.weights.{name}", w, f"not a part of this mix; parts: {allowed}")
        if not 0 <= w <= 1e6:
            fail(f"{path}.weights.{name}", w, "must be a non-negative weight")
    if strategy.parts and strategy.forms:
        fail(f"{path}.forms", list(strategy.forms), "a mix takes its forms from its parts")
    if strategy.parts and sum(strategy.weights.values()) <= 0:
        fail(f"{path}.weights", dict(strategy.weights), "a mix needs a positive weight")


def check_date(path: str, text: Any) -> date:
    """A config date, YYYY-MM-DD."""
    try:
        return date.fromisoformat(str(text))
    except ValueError:
        fail(path, text, "must be a date, YYYY-MM-DD")


def _check_plan(plan: PlanConfig) -> None:
    check_date("plan.start_date", plan.start_date)
    for name, block in plan.national_blocks.items():
        check_date(f"plan.national_blocks.{name}.available", block.available)
    for name, project in plan.projects.items():
        path = f"plan.projects.{name}"
        validate(project, path)
        for function in project.functions:
            if function != "all" and function not in FUNCTIONS:
                fail(f"{path}.functions", function,
                      f"must be 'all' or one of {', '.join(FUNCTIONS)}")
        if project.end_week <= project.start_week:
            fail(f"{path}.end_week", project.end_week,
                  f"must come after start_week ({project.start_week})")
        if project.national_block and project.national_block not in plan.national_blocks:
            fail(f"{path}.national_block", project.national_block,
                  "must be one of plan.national_blocks: "
                  f"{', '.join(plan.national_blocks) or 'none configured'}")
    for theme, order in plan.order.items():
        path = f"plan.order.{theme}"
        if theme not in THEMES:
            fail(path, list(order), f"unknown theme; themes: {', '.join(THEMES)}")
        for name in order:
            if name not in plan.projects:
                fail(path, name, f"not a project of the plan: {', '.join(plan.projects)}")
        if len(set(order)) != len(order):
            fail(path, list(order), "names a project twice")


def _check_events(cfg: SimConfig) -> None:
    blocks = sorted({p.national_block for p in cfg.plan.projects.values() if p.national_block})
    for name, event in cfg.events.items():
        path = f"events.{name}"
        validate(event, path)
        if (event.week is None) == (event.chance_per_year is None):
            fail(path, f"week={event.week}, chance_per_year={event.chance_per_year}",
                  "give either a week or a chance_per_year")
        if event.week is not None and not 1 <= event.week <= cfg.horizon_weeks:
            fail(f"{path}.week", event.week,
                  f"must be within the horizon, 1 to {cfg.horizon_weeks}")
        if event.chance_per_year is not None and not 0 < event.chance_per_year <= 1:
            fail(f"{path}.chance_per_year", event.chance_per_year, "must be in (0, 1]")
        if event.type in ("budget_cut", "quick_win") and event.size <= 0:
            fail(f"{path}.size", event.size, f"a {event.type} needs a size in (0, 1]")
        if event.type in ("national_delay", "merger") and event.weeks <= 0:
            fail(f"{path}.weeks", event.weeks, f"a {event.type} needs a duration in weeks")
        if event.type == "national_delay" and event.block not in blocks:
            fail(f"{path}.block", event.block,
                  f"must be a national building block of the plan: {', '.join(blocks) or 'none'}")
        if event.type.startswith("key_figures") and event.count <= 0:
            fail(f"{path}.count", event.count, "must be at least 1")
        if event.board_commitment is not None and not 0 <= event.board_commitment <= 1:
            fail(f"{path}.board_commitment", event.board_commitment, "must be in [0, 1]")
        if event.quality is not None and not 0 <= event.quality <= 1:
            fail(f"{path}.quality", event.quality, "must be in [0, 1]")
        if event.type == "coordinator_leaves" and event.weeks <= 0:
            fail(f"{path}.weeks", event.weeks, "the coordinator's post is vacant for at "
                  "least a week")
        support = cfg.support
        if event.type == "external_support_starts" and not (
                support.capacity or support.knowledge or support.distrust):
            fail(path, event.type, "set what the advisers bring first: support.capacity, "
                  "support.knowledge or support.distrust above 0")


def _check_numeric_key(cfg: SimConfig, path: str, dotted: str) -> None:
    node: Any = cfg
    for part in dotted.split("."):
        if not is_dataclass(node) or not hasattr(node, part):
            fail(path, dotted, "not a parameter of the scenario")
        node = getattr(node, part)
    if isinstance(node, bool) or not isinstance(node, int | float):
        fail(path, dotted, "not a numeric parameter")


def validate(obj: Any, path: str = "") -> None:
    """Check every range, choice and cause name in a config object tree; raise ConfigError."""
    if isinstance(obj, StrategyConfig):
        _check_strategy(path, obj)
        return
    if isinstance(obj, PlanConfig):
        _check_plan(obj)
    for f in fields(obj):
        value = getattr(obj, f.name)
        key = f"{path}.{f.name}" if path else f.name
        if is_dataclass(value):
            validate(value, key)
        elif value is not None:
            _check_field(key, value, f.metadata)
    if isinstance(obj, SimConfig):
        org = obj.organisation
        Turnover.from_config(org)  # the leaving rates must fit a constant headcount
        if 2 * org.departments > org.staff:
            fail("organisation.departments", org.departments,
                  f"at most half the staff count ({org.staff}): a head and a member each")
        _check_events(obj)
        last_seed = (obj.seed + 1) * obj.replicates - 1  # experiments.replicates' seeds
        if last_seed > 2**32 - 1:
            fail("seed", obj.seed, f"with replicates={obj.replicates} the last replicate's "
                  f"seed {last_seed} exceeds 2**32-1")
        sens = obj.sensitivity
        if sens.chunk >= sens.chunks:
            fail("sensitivity.chunk", sens.chunk,
                  f"must be below sensitivity.chunks={sens.chunks}")
        for name, bounds in sens.parameters.items():
            _check_numeric_key(obj, f"sensitivity.parameters.{name}", name)
            if len(bounds) != 2 or not bounds[0] < bounds[1]:
                fail(f"sensitivity.parameters.{name}", list(bounds),
                      "must be [low, high] with low < high")


