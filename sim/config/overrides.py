"""Settings by dotted name (``plan.capacity``): what sensitivity samples, posterior particles
and the synthetic population set in a composed scenario."""

from __future__ import annotations

import dataclasses
from typing import Any

from sim.config.errors import ConfigError
from sim.config.schema import SimConfig
from sim.config.validation import validate


def _replace(node: Any, parts: list[str], value: float) -> Any:
    """A copy of ``node`` (a dataclass, or a mapping such as the plan's projects) with the
    setting at ``parts`` changed."""
    head, *rest = parts
    if isinstance(node, dict):
        names = list(node)
    else:
        names = [f.name for f in dataclasses.fields(node)] if dataclasses.is_dataclass(
            node) else []
    if head not in names:
        raise ConfigError(f"no setting {head!r} here" + (
            f"; the settings are {', '.join(names)}" if names else ""))
    current = node[head] if isinstance(node, dict) else getattr(node, head)
    if rest:
        new = _replace(current, rest, value)
    elif isinstance(current, bool) or not isinstance(current, int | float):
        raise ConfigError(f"{head}={current!r} is not a numeric setting")
    else:
        new = int(round(value)) if isinstance(current, int) else float(value)
    if isinstance(node, dict):
        return {**node, head: new}
    return dataclasses.replace(node, **{head: new})


def with_values(cfg: SimConfig, values: dict[str, float], check: bool = True) -> SimConfig:
    """The scenario with dotted parameters set (integers rounded); validated unless the
    caller knows the values are in range (``check=False``)."""
    for name, value in values.items():
        try:
            cfg = _replace(cfg, name.split("."), value)
        except ConfigError as exc:
            raise ConfigError(f"{name}: {exc}") from None
    if values and check:
        validate(cfg)
    return cfg


def value_of(cfg: SimConfig, name: str) -> Any:
    """The setting at a dotted name (``plan.projects.base_registries.effort``)."""
    node: Any = cfg
    for part in name.split("."):
        node = node[part] if isinstance(node, dict) else getattr(node, part)
    return node
