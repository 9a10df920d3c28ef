"""The model as an EMA Workbench model (the ``analysis`` extra), so a researcher can use the
Workbench's samplers, evaluators and analyses on it.

Uncertainties and levers are named as on our command line with ``__`` for the dots (EMA
Workbench wants Python identifiers: ``leadership__board_commitment``, ``strategy``) and
declared from our config schema: a number gets the schema's allowed range
unless a narrower one is given, ``strategy`` and ``organisation`` their config groups'
choices, a setting with choices those choices. Replications are our replicates: replicate
``r`` runs with seed ``seed * replicates + r``, the same seeds at every experiment (common
random numbers, as in our sweeps), so an experiment reproduces the sweep job with the same
settings and ``seed``. Outcomes per experiment: the share adopted, the restricted mean weeks
to adoption (a censored run counts its horizon), the mean committed share at the end, and
each replicate's weeks to adoption (NaN: censored).

    from ema_workbench import SequentialEvaluator
    model = ema_model({"leadership.board_commitment": None, "forces.urgency": (0.2, 0.8)},
                      levers={"strategy": ["weten", "willen"]}, replicates=20)
    with SequentialEvaluator(model) as evaluator:
        experiments, outcomes = evaluator.perform_experiments(scenarios=50, policies=4)
"""

from __future__ import annotations

import dataclasses
import functools
import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from sim.config.compose import load_config
from sim.config.errors import ConfigError
from sim.config.overrides import with_values
from sim.config.paths import CONFIG_DIR
from sim.config.schema import SimConfig
from sim.model.municipality import simulate

GROUPS = ("strategy", "organisation")  # config groups: chosen by name


def _field(name: str) -> dataclasses.Field:
    """The schema's field of a dotted setting (its type and allowed range or choices)."""
    node: Any = SimConfig()  # required values are "???" placeholders: it builds
    field = None
    for part in name.split("."):
        fields = {f.name: f for f in dataclasses.fields(node)} if dataclasses.is_dataclass(
            node) else {}
        if part not in fields:
            raise ConfigError(f"{name}: no such setting in the scenario schema")
        field, node = fields[part], getattr(node, part)
    return field


def identifier(name: str) -> str:
    """'leadership.board_commitment' -> 'leadership__board_commitment' (EMA's names)."""
    return name.replace(".", "__")


def _categories(name: str, choices: Sequence):
    from ema_workbench import CategoricalParameter, Constant

    if len(choices) == 1:  # EMA wants two or more: a single choice is a constant
        return Constant(name, choices[0])
    return CategoricalParameter(name, list(choices))


def parameter(name: str, bounds: Sequence | None = None):
    """An EMA parameter for a setting, its range or choices from the schema unless given."""
    from ema_workbench import IntegerParameter, RealParameter

    if name in GROUPS:
        return _categories(name, bounds or sorted(p.stem for p in (CONFIG_DIR / name).glob(
            "*.yaml")))
    field = _field(name)
    if "choices" in field.metadata:
        return _categories(identifier(name), bounds or field.metadata["choices"])
    if "range" not in field.metadata:
        raise ConfigError(f"{name}: not a number with a range, a choice or a config group")
    low, high = bounds if bounds else field.metadata["range"]
    if math.isinf(high):
        raise ConfigError(f"{name}: the schema has no upper bound; give one, e.g. (0, 10)")
    if field.type in (int, "int"):
        return IntegerParameter(identifier(name), int(low), int(high))
    return RealParameter(identifier(name), float(low), float(high))


@functools.lru_cache(maxsize=64)
def _composed(overrides: tuple[str, ...]) -> SimConfig:
    return load_config(list(overrides))


def run(overrides: tuple[str, ...] = (), seed: int = 0, **values) -> dict[str, float]:
    """One replicate: the scenario of ``overrides`` with ``values`` set, run with ``seed``."""
    values = {k.replace("__", "."): v for k, v in values.items()}
    chosen = tuple(f"{k}={v}" for k, v in sorted(values.items()) if isinstance(v, str))
    numbers = {k: v for k, v in values.items() if not isinstance(v, str)}
    cfg = with_values(_composed((*overrides, *chosen)), numbers)
    summary = simulate(dataclasses.replace(cfg, seed=seed)).summary()
    week = summary["time_to_adoption_weeks"]
    return {"adopted": float(summary["adopted"]),
            "weeks_to_horizon": float(summary["horizon_weeks"] if week is None else week),
            "time_to_adoption_weeks": np.nan if week is None else float(week),
            "final_commitment_share": float(summary["final_commitment_share"])}


def ema_model(uncertainties: dict[str, Sequence | None], levers: dict[str, Sequence | None] = {},  # noqa: B006
              replicates: int = 10, seed: int = 0, overrides: Sequence[str] = (),
              name: str = "nupsim"):
    """A ReplicatorModel of the scenario ``overrides`` (Hydra overrides, as on the command
    line); each mapping gives a setting's bounds (or choices), or None for the schema's."""
    from ema_workbench import ArrayOutcome, Constant, ReplicatorModel, ScalarOutcome

    model = ReplicatorModel(name, function=functools.partial(run, tuple(overrides)))
    declared = {n: parameter(n, b) for n, b in {**uncertainties, **levers}.items()}
    fixed = {n for n, p in declared.items() if isinstance(p, Constant)}
    model.uncertainties = [declared[n] for n in uncertainties if n not in fixed]
    model.levers = [declared[n] for n in levers if n not in fixed]
    model.constants = [declared[n] for n in fixed]
    model.outcomes = [
        ScalarOutcome("share_adopted", variable_name="adopted", function=np.mean),
        ScalarOutcome("restricted_mean_weeks", variable_name="weeks_to_horizon",
                      function=np.mean),
        ScalarOutcome("final_commitment_share", function=np.mean),
        ArrayOutcome("time_to_adoption_weeks", function=np.asarray),
    ]
    model.replications = [{"seed": seed * replicates + r} for r in range(replicates)]
    return model
