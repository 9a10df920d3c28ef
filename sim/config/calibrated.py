"""A run's calibrated parameters: one particle of its posterior, drawn by its own seed.

Each run draws one particle by weight from a generator seeded by the run's seed (a stream
of its own, so the model's randomness is untouched) and takes the particle's values where
the run still has the model's defaults: what a scenario, an override or a sweep sets
itself stays as set, and parameters of the 2010 population, its respondents or projects
the plan lacks are not applied (:func:`not_applied` names them all).
"""

from __future__ import annotations

import dataclasses
from functools import cache
from pathlib import Path

import numpy as np

from sim.config.compose import load_config
from sim.config.errors import ConfigError
from sim.config.files import read_csv
from sim.config.overrides import value_of, with_values
from sim.config.posterior import BOOKKEEPING, NOT_SCENARIO, STREAM, absent, load
from sim.config.schema import SimConfig


@cache
def _defaults() -> SimConfig:
    """The model's own settings, before any scenario or override."""
    return load_config(["posterior=none"])


def _kept(cfg: SimConfig, name: str) -> bool:
    """The run keeps its own value: the setting does not exist in its plan, or the
    scenario, an override or a sweep set it away from the model's default (a scenario's
    "old wounds" stay old wounds; a swept value is what the sweep asks about)."""
    if absent(cfg, name):
        return True
    try:
        return value_of(cfg, name) != value_of(_defaults(), name)
    except (AttributeError, KeyError, TypeError):
        return False  # not a setting: with_values names it


def not_applied(cfg: SimConfig) -> list[str]:
    """The posterior's parameters this run does not take from it: those of the 2010
    population and its respondents, those of projects its plan does not have, and those
    the scenario sets itself."""
    if cfg.posterior is None:
        return []
    return [c for c in read_csv(Path(cfg.posterior).expanduser(), "posterior file").columns
            if c not in BOOKKEEPING and (c.startswith(NOT_SCENARIO) or _kept(cfg, c))]


def draw(cfg: SimConfig) -> tuple[SimConfig, dict[str, float]]:
    """The scenario with one posterior particle's parameters, and what was drawn."""
    if cfg.posterior is None:
        return cfg, {}
    table = load(cfg.posterior)
    weights = table["weight"].to_numpy()
    particle = int(np.random.default_rng([cfg.seed, STREAM]).choice(
        len(table), p=weights / weights.sum()))
    values = {k: v for k, v in table.drop(columns="weight").iloc[particle].astype(float).items()
              if not _kept(cfg, k)}
    try:
        drawn = with_values(dataclasses.replace(cfg, posterior=None), values)
    except ConfigError as exc:
        raise ConfigError(f"posterior={cfg.posterior!r} is not allowed: {exc}") from None
    return drawn, {"posterior_particle": particle, **values}
