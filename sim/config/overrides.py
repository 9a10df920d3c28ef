"""Settings by dotted name (``plan.capacity``): what sensitivity samples, posterior particles
and the synthetic population set in a composed scenario."""

from __future__ import annotations

import dataclasses
from typing import Any

from sim.config.errors import ConfigError
from sim.config.schema import SimConfig
from sim.config.validation import validate


def _replace(node: Any, parts: list[str], value: float) -> Any:
    head, *rest = parts
    names = [f.name for f in dataclasses.fields(node)] if dataclasses.is_dataclass(node) else []
    if head not in names:
        raise ConfigError(f"no setting {head!r} here" + (
            f"; the settings are {', '.join(names)}" if names else ""))
    current = getattr(node, head)
    if rest:
        new = _replace(current, rest, value)
    else:
        new = int(round(value)) if isinstance(current, int) else float(value)
    return dataclasses.replace(node, **{head: new})


def with_values(cfg: SimConfig, values: dict[str, float]) -> SimConfig:
    """The scenario with dotted parameters set (integers rounded); validated."""
    for name, value in values.items():
        try:
            cfg = _replace(cfg, name.split("."), value)
        except ConfigError as exc:
            raise ConfigError(f"{name}: {exc}") from None
    if values:
        validate(cfg)
    return cfg
