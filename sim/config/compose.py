"""Composing a scenario: Hydra's config tree with overrides, turned into a checked
:class:`~sim.config.schema.SimConfig`; and the shipped YAML files, checked before Hydra
reads them."""

from __future__ import annotations

from dataclasses import fields
from functools import cache
from pathlib import Path
from typing import Any

from omegaconf import DictConfig, OmegaConf
from omegaconf.errors import OmegaConfBaseException

from sim.config import posterior
from sim.config.errors import ConfigError
from sim.config.explain import explain, omegaconf_message
from sim.config.files import load_yaml
from sim.config.keys import check_tree
from sim.config.paths import CONFIG_DIR
from sim.config.schema import ENSEMBLE_RUNS, EventConfig, SimConfig, register
from sim.config.validation import fail, validate


def check_yaml(directory: Path = CONFIG_DIR) -> None:
    """Parse every YAML file under ``directory`` through the checked loader (Hydra's own
    reader is unbounded); a malformed one is named with its line."""
    for path in sorted(directory.rglob("*.yaml")):
        load_yaml(path, "config file")


@cache
def _event_schema() -> DictConfig:
    return OmegaConf.structured(EventConfig)


def _as_event(name: str, raw: Any) -> EventConfig:
    path = f"events.{name}"
    if isinstance(raw, EventConfig):
        return raw
    if not isinstance(raw, dict):
        fail(path, raw, "must be a mapping with a type and a week or a chance_per_year")
    allowed = [f.name for f in fields(EventConfig)]
    for key, value in raw.items():
        if key not in allowed:
            fail(f"{path}.{key}", value, f"unknown key; allowed: {', '.join(allowed)}")
    try:
        return OmegaConf.to_object(OmegaConf.merge(_event_schema(), raw))
    except OmegaConfBaseException as exc:  # omegaconf names the key and the expected type
        raise ConfigError(omegaconf_message(exc, f"{path}.", EventConfig)) from None


def to_sim_config(cfg: DictConfig, scenario_run: bool = False) -> SimConfig:
    """Turn a composed Hydra config into a validated :class:`SimConfig`. Unset
    ``replicates`` become an ensemble of ENSEMBLE_RUNS for a scenario run (``python -m
    sim`` without ``-m``, ``python -m sim.compare``), one run per job of a sweep and for
    callers of the model."""
    check_tree(OmegaConf.to_container(cfg, resolve=False))  # keys added with + (Hydra drops them)
    try:
        sim_cfg = OmegaConf.to_object(cfg)
    except OmegaConfBaseException as exc:  # missing or mistyped values
        raise ConfigError(explain(exc)) from None
    if not isinstance(sim_cfg, SimConfig):
        raise ConfigError("the config does not follow the sim schema (defaults: sim_schema)")
    sim_cfg.events = {name: _as_event(name, raw) for name, raw in sim_cfg.events.items()}
    if sim_cfg.replicates is None:
        sim_cfg.replicates = ENSEMBLE_RUNS if scenario_run else 1
    validate(sim_cfg)
    sim_cfg.posterior = posterior.resolve(sim_cfg.posterior)
    if sim_cfg.posterior is not None:
        posterior.check(sim_cfg)  # a bad file or parameter fails here, before any job
    return sim_cfg


def load_config(overrides: list[str] | tuple[str, ...] = (), scenario_run: bool = False
                ) -> SimConfig:
    """Compose ``configs/config.yaml`` with Hydra-style overrides (also inside another
    Hydra app on the same config directory, such as ``python -m sim.calibrate``);
    ``scenario_run`` as in :func:`to_sim_config`."""
    from hydra import compose, initialize_config_dir
    from hydra.core.global_hydra import GlobalHydra

    register()
    if GlobalHydra.instance().is_initialized():
        return to_sim_config(compose(config_name="config", overrides=list(overrides)),
                             scenario_run)
    with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3"):
        cfg = compose(config_name="config", overrides=list(overrides))
    return to_sim_config(cfg, scenario_run)
