"""The posterior file behind every run: the shipped one, or ``posterior=<file>``.

A calibration (``python -m sim.calibrate``) leaves its posterior as weighted particles;
the one in ``data/posterior/`` (see its PROVENANCE) is every run's default, and
``posterior=none`` runs on the model's assumed parameters instead. This module finds,
reads and checks the file; :mod:`sim.config.calibrated` draws a run's particle from it.
Parameters that describe the 2010 population or the survey respondents
(``population.*``, ``observation.*``) have no meaning for one scenario and are not applied.
"""

from __future__ import annotations

import dataclasses
from functools import cache
from pathlib import Path

import numpy as np

from sim.config.errors import ConfigError
from sim.config.files import read_csv
from sim.config.overrides import with_values
from sim.config.paths import in_checkout
from sim.config.schema import SimConfig

NOT_SCENARIO = ("population.", "observation.")
BOOKKEEPING = ("weight", "generation")
NONE = ("none", "null", "")  # posterior=none: the model's assumed parameters
SHIPPED = "data/posterior/posterior.csv"  # the survey-calibrated default (data/posterior/)
STREAM = 0x506F7374  # separates the posterior draw from the model's own random numbers


@cache
def load(path: str):
    """The posterior's particles (scenario parameters and weight); ConfigError if unusable."""
    import pandas as pd  # only where a posterior is used: a run without one starts faster

    table = read_csv(Path(path).expanduser(), "posterior file",
                     "give the posterior.csv of a calibration (python -m sim.calibrate)")
    names = [c for c in table.columns if c not in BOOKKEEPING and not c.startswith(NOT_SCENARIO)]
    if "weight" not in table or table.empty or not names:
        raise ConfigError(f"posterior={path!r} is not allowed: a posterior.csv needs particles "
                          "with a weight column and at least one scenario parameter")
    text = [c for c in [*names, "weight"] if not pd.api.types.is_numeric_dtype(table[c])]
    if text:
        raise ConfigError(f"posterior={path!r} is not allowed: the columns {', '.join(text)} "
                          "hold values that are not numbers")
    if not (np.isfinite(table["weight"]).all() and (table["weight"] >= 0).all()
            and table["weight"].sum() > 0):
        raise ConfigError(f"posterior={path!r} is not allowed: weights must be non-negative "
                          "numbers, not all zero")
    return table[[*names, "weight"]]


def resolve(text: str | None) -> str | None:
    """``posterior=`` as given: ``none`` (or null) for the model's assumptions, else the
    file, relative to the working directory or else to the checkout (the shipped one)."""
    if text is None or str(text).strip().lower() in NONE:
        return None
    return str(in_checkout(str(text)).resolve())


def absent(cfg: SimConfig, name: str) -> bool:
    """A parameter of a project this scenario's plan does not have (plan=none, a plan of
    one's own): there is nothing for it to set."""
    parts = name.split(".")
    return parts[:2] == ["plan", "projects"] and parts[2] not in cfg.plan.projects


def check(cfg: SimConfig) -> None:
    """The posterior file is usable and its parameters set this scenario; ConfigError
    naming the file otherwise (before any job runs; :mod:`sim.config.calibrated` draws)."""
    if cfg.posterior is None:
        return
    particle = load(cfg.posterior).drop(columns="weight").iloc[0].astype(float)
    try:
        with_values(dataclasses.replace(cfg, posterior=None),
                    {k: v for k, v in particle.items() if not absent(cfg, k)})
    except ConfigError as exc:
        raise ConfigError(f"posterior={cfg.posterior!r} is not allowed: {exc}") from None
