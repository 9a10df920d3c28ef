"""A scenario file from anywhere on disk: ``scenario=path/to/file.yaml``.

The file is read through the checked loader (:mod:`sim.config.files`), its keys are
checked against the schema (naming the file and the nearest valid keys), and it is
registered with Hydra's config store as ``scenario=file/<its name>``: a group of its own,
so it is always this file, even when a shipped scenario has the same name, and nothing
is copied to disk (sweep workers get the store with their job).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from pathlib import Path

from hydra.core.config_store import ConfigStore
from omegaconf import OmegaConf
from omegaconf.errors import OmegaConfBaseException

from sim.config.errors import ConfigError
from sim.config.files import parse_yaml, read_text
from sim.config.keys import check_tree, groups, no_such_choice, options
from sim.config.paths import CONFIG_DIR

GROUP = "file"  # scenario=file/<name>
PACKAGE_LINE = "# @package _global_"
MAX_EVENTS = 1000  # more make composing slow, and are not a course of events one plans for
SUFFIXES = (".yaml", ".yml")

_registered: dict[str, Path] = {}  # scenario choice (file/<name>) -> the file


def _package_line(text: str) -> bool:
    """Whether the file's leading comments put its keys at the top of the scenario."""
    for line in text.splitlines():
        if not line.strip():
            continue
        if not line.startswith("#"):
            return False
        if re.fullmatch(r"#\s*@package\s+_global_\s*", line.strip()):
            return True
    return False


def _check_defaults(defaults) -> None:
    """A scenario's defaults list switches shipped groups: ``override /strategy: moeten``."""
    form = "a list of choices such as 'defaults: [{override /strategy: moeten}]'"
    if not isinstance(defaults, list):
        raise ConfigError(f"defaults={defaults!r} is not allowed: it must be {form}")
    for entry in defaults:
        if entry == "_self_":
            continue
        key, value = next(iter(entry.items())) if isinstance(entry, Mapping) \
            and len(entry) == 1 else (None, None)
        group = str(key).removeprefix("override").strip().lstrip("/")
        if not (isinstance(key, str) and key.startswith("override ") and isinstance(value, str)):
            raise ConfigError(f"defaults: {entry!r} is not allowed: it must be {form}")
        if group not in groups():
            near = difflib.get_close_matches(group, sorted(groups()), n=1)
            raise ConfigError(f"defaults: {entry!r} is not allowed: {group} is not a group of "
                              f"the scenario; the groups are {', '.join(sorted(groups()))}"
                              + (f"; did you mean {near[0]}?" if near else ""))
        if value not in options(group):
            raise ConfigError(f"defaults: {no_such_choice(group, value, options(group))}")


def load(path: Path) -> str:
    """The text of a scenario file, checked; ConfigError naming the file otherwise."""
    what = "scenario file"
    text = read_text(path, what)
    data = parse_yaml(text, what, path)
    if data is None:
        raise ConfigError(f"{what} {path} is empty: a scenario file starts with "
                          f"'{PACKAGE_LINE}' and sets the values that differ from the defaults")
    if not isinstance(data, Mapping):
        raise ConfigError(f"{what} {path} must be a mapping of settings (key: value), not a "
                          f"{type(data).__name__}")
    if not _package_line(text):
        raise ConfigError(f"{what} {path} lacks the line '{PACKAGE_LINE}' at its top: add it "
                          "as the first line (without it, its keys would be read as keys "
                          "under 'scenario')")
    try:
        check_tree(data)
        _check_defaults(data.get("defaults", []))
    except ConfigError as exc:
        raise ConfigError(f"{exc} (in {what} {path})") from None
    events = data.get("events")
    if isinstance(events, Mapping) and len(events) > MAX_EVENTS:
        raise ConfigError(f"events: {len(events)} events in {what} {path}; a scenario takes "
                          f"at most {MAX_EVENTS}")
    return text


def register(path: Path) -> str:
    """Check the file and register it; returns its scenario choice, ``file/<name>``."""
    path = Path(path).expanduser().resolve()
    text = load(path)
    stem = re.sub(r"[^A-Za-z0-9_-]", "_", path.stem)
    name, n = f"{GROUP}/{stem}", 1
    while _registered.get(name, path) != path:
        n += 1
        name = f"{GROUP}/{stem}_{n}"
    try:
        node = OmegaConf.create(text)
    except OmegaConfBaseException as exc:
        raise ConfigError(f"scenario file {path}: {str(exc).splitlines()[0]}") from None
    ConfigStore.instance().store(group=f"scenario/{GROUP}", name=name.partition("/")[2],
                                 node=node, package="_global_")
    _registered[name] = path
    return name


def resolve_argv(arguments: list[str]) -> list[str]:
    """The command-line arguments with every scenario file (a value ending in .yaml)
    registered and replaced by its scenario choice; a comma list may mix names and files."""
    out = []
    for arg in arguments:
        key, sep, value = arg.partition("=")
        items = value.split(",")
        if sep and key.lstrip("+") == "scenario" and any(v.endswith(SUFFIXES) for v in items):
            value = ",".join(register(Path(v)) if v.endswith(SUFFIXES) else v for v in items)
            arg = f"{key}={value}"
        out.append(arg)
    return out


def source(config_path: str) -> Path | None:
    """The file a composed config came from (``scenario/file/x``, ``strategy/weten``, ...)."""
    if config_path.startswith(f"scenario/{GROUP}/"):
        return _registered.get(config_path.partition("/")[2])
    path = CONFIG_DIR / f"{config_path}.yaml"
    return path if path.is_file() else None
