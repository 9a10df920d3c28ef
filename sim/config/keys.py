"""The scenario's keys, read from its schema: which exist, what type each takes, the
nearest ones to a misspelt key, and the first key of a settings tree the schema lacks.

Hydra refuses an unknown key in a plain override but accepts one added with ``+``
(``+leadership.board_comitment=0.9``) and drops it: :func:`check_tree` finds it, in the
composed scenario and in a scenario file, and the message suggests what was meant.
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Mapping
from dataclasses import is_dataclass
from functools import cache
from typing import Any

from sim.config.errors import ConfigError
from sim.config.paths import CONFIG_DIR
from sim.config.schema import SimConfig

# Keys of a scenario file that are Hydra's, not the scenario's.
HYDRA_KEYS = ("defaults", "hydra")


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _unwrap(tp: Any) -> Any:
    """``X | None`` -> ``X``."""
    args = [a for a in typing.get_args(tp) if a is not type(None)]
    if isinstance(tp, types.UnionType) or typing.get_origin(tp) is typing.Union:
        return args[0] if len(args) == 1 else tp
    return tp


def _values_of(tp: Any) -> Any:
    """The value type of ``dict[str, X]``, else None."""
    if typing.get_origin(tp) is dict:
        return typing.get_args(tp)[1]
    return None


def type_at(key: str, root: type = SimConfig) -> Any:
    """The schema type of a dotted key (Any where the schema leaves it open), or None."""
    tp: Any = root
    for part in key.split("."):
        tp = _unwrap(tp)
        if is_dataclass(tp):
            tp = _hints(tp).get(part)
        elif _values_of(tp) is not None:
            tp = _values_of(tp)
        elif tp is not Any:
            return None
        if tp is None:
            return None
    return _unwrap(tp)


def describe(tp: Any) -> str:
    """What a value of schema type ``tp`` must be, in words."""
    if tp is bool:
        return "true or false"
    if tp is int:
        return "a whole number"
    if tp is float:
        return "a number"
    if tp is str:
        return "text"
    if is_dataclass(tp):
        return f"a mapping of its settings ({', '.join(_hints(tp))})"
    if _values_of(tp) is not None:
        return "a mapping of names to values"
    if typing.get_origin(tp) is list:
        return "a list"
    return "another kind of value"


@cache
def dotted_keys(cls: type = SimConfig, prefix: str = "") -> tuple[str, ...]:
    """Every key through nested settings (not into named entries such as events)."""
    keys = []
    for name, tp in _hints(cls).items():
        keys.append(prefix + name)
        if is_dataclass(_unwrap(tp)):
            keys += dotted_keys(_unwrap(tp), f"{prefix}{name}.")
    return tuple(keys)


@cache
def groups() -> frozenset[str]:
    """Scenario keys chosen from a config group (``strategy=leren``), not set as values."""
    return frozenset(p.name for p in CONFIG_DIR.iterdir() if p.is_dir()) & set(_hints(SimConfig))


def options(group: str) -> list[str]:
    """The shipped choices of a config group (``strategy``: leren, mix, ...)."""
    return sorted(p.stem for p in (CONFIG_DIR / group).glob("*.yaml"))


def no_such_choice(group: str, name: str, choices: list[str]) -> str:
    """The message for a group choice that does not exist, with the nearest one."""
    near = difflib.get_close_matches(name, choices, n=1)
    files = " or a scenario file's path ending in .yaml" if group == "scenario" else ""
    return (f"{group}={name} is not allowed: no such choice; the choices are "
            f"{', '.join(choices)}{files}" + (f"; did you mean {near[0]}?" if near else ""))


def unknown(key: str) -> str:
    """The message for a key the scenario does not have, with the nearest ones."""
    parent, _, name = key.rpartition(".")
    owner = type_at(parent) if parent else SimConfig
    siblings = list(_hints(owner)) if is_dataclass(owner) else []
    near = [f"{parent}.{n}" if parent else n
            for n in difflib.get_close_matches(name, siblings, n=2, cutoff=0.7)]
    near = near or difflib.get_close_matches(key, dotted_keys(), n=2, cutoff=0.8)
    if near:
        hint = f"did you mean {' or '.join(near)}?"
    elif siblings:
        hint = f"the settings here are {', '.join(siblings)}"
    else:
        hint = "configs/config.yaml lists the settings"
    return f"{key} is not a setting of the scenario; {hint}"


def check_tree(tree: Mapping, cls: type = SimConfig, prefix: str = "") -> None:
    """Raise ConfigError for the first key of ``tree`` the schema lacks, or a mapping of
    settings given as a single value (``strategy: leren`` chooses no group)."""
    hints = _hints(cls)
    for key, value in tree.items():
        path = f"{prefix}{key}"
        if not prefix and key in HYDRA_KEYS:
            continue
        if key not in hints:
            raise ConfigError(unknown(path))
        tp = _unwrap(hints[key])
        if not (is_dataclass(tp) or _values_of(tp) is not None) or value is None:
            continue
        if not isinstance(value, Mapping):
            if not prefix and key in groups() and isinstance(value, str):
                raise ConfigError(
                    f"{key}: {value} chooses a {key} with a plain key, which sets nothing; "
                    f"choose it in the defaults list: 'defaults: [{{override /{key}: {value}}}]'")
            raise ConfigError(f"{path}={value!r} is not allowed: must be {describe(tp)}")
        if is_dataclass(tp):
            check_tree(value, tp, f"{path}.")
        elif is_dataclass(_unwrap(_values_of(tp))):
            for name, entry in value.items():
                if isinstance(entry, Mapping):
                    check_tree(entry, _unwrap(_values_of(tp)), f"{path}.{name}.")
