"""Guided lessons: a short sequence of steps a teacher clicks through, from YAML files in
``configs/lesson/`` (or ``python -m sim.app --lessons <dir>``), so a teacher can write
their own.

A step sets the page's settings, starting from the defaults (or from its scenario's
values), so a step shows the same run whatever was on the page before; and it says in one
sentence what to watch. A lesson file is read through the checked loader; whatever is
wrong with it becomes one message naming the file and the step::

    title: {en: The board and the plan, nl: Het bestuur en het plan}
    steps:
      - say:
          en: A weak board that informs and explains ("knowing"). Watch denial linger.
          nl: Een zwak bestuur dat informeert en uitlegt ("weten"). Kijk hoe lang ontkenning blijft.
        settings: {strategy: weten, leadership.board_commitment: 0.2}
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sim.app.classroom import SETTINGS, check_settings, scenario_settings
from sim.config.errors import ConfigError
from sim.config.files import FileError, load_yaml
from sim.config.paths import CONFIG_DIR
from sim.reporting.labels import LANGUAGES

LESSON_DIR = CONFIG_DIR / "lesson"
LESSONS_VARIABLE = "SIM_APP_LESSONS"  # set by python -m sim.app --lessons
WHAT = "lesson file"
KEYS = {"title", "steps"}
STEP_KEYS = {"say", "settings"}


def lesson_dir() -> Path:
    return Path(os.environ.get(LESSONS_VARIABLE) or LESSON_DIR)


@dataclass(frozen=True)
class Step:
    say: dict[str, str]  # language -> the sentence
    settings: dict  # what the step sets; the rest as its scenario (or the defaults) has it


@dataclass(frozen=True)
class Lesson:
    name: str  # the file's name without .yaml
    title: dict[str, str]
    steps: tuple[Step, ...]

    def settings(self, step: int) -> dict:
        """Every setting of the page at ``step`` (0-based)."""
        chosen = self.steps[step].settings
        return {**scenario_settings(chosen.get("scenario", "none")), **chosen}


def _text(value, where: str) -> dict[str, str]:
    """A sentence in every language: one string for all, or one per language."""
    if isinstance(value, str) and value.strip():
        return dict.fromkeys(LANGUAGES, value.strip())
    if isinstance(value, Mapping) and set(value) == set(LANGUAGES) and all(
            isinstance(v, str) and v.strip() for v in value.values()):
        return {language: value[language].strip() for language in LANGUAGES}
    raise ConfigError(f"{where} must be a sentence, or one per language ("
                      f"{', '.join(LANGUAGES)}), not {value!r}")


def _step(raw, n: int) -> Step:
    where = f"step {n}"
    if not isinstance(raw, Mapping):
        raise ConfigError(f"{where} must be a mapping with say and settings, not {raw!r}")
    unknown = set(raw) - STEP_KEYS
    if unknown or "say" not in raw:
        raise ConfigError(f"{where} has the keys {', '.join(map(str, raw))}; a step has say "
                          "(required) and settings")
    settings = raw.get("settings") or {}
    if not isinstance(settings, Mapping):
        raise ConfigError(f"{where}: settings must be a mapping such as "
                          f"{{strategy: weten}}; the settings are {', '.join(SETTINGS)}")
    try:
        check_settings(dict(settings))
    except ConfigError as exc:
        raise ConfigError(f"{where}: {exc}") from None
    return Step(_text(raw["say"], f"{where}: say"), dict(settings))


def load(path: Path) -> Lesson:
    """A lesson file, checked; FileError naming the file and what is wrong otherwise."""
    data = load_yaml(path, WHAT)
    try:
        if not isinstance(data, Mapping) or set(data) != KEYS:
            raise ConfigError("must be a mapping with a title and steps, not "
                              + (f"the keys {', '.join(map(str, data))}"
                                 if isinstance(data, Mapping) else repr(data)))
        if not isinstance(data["steps"], list) or not data["steps"]:
            raise ConfigError("steps must be a list of at least one step")
        steps = tuple(_step(raw, n) for n, raw in enumerate(data["steps"], start=1))
        return Lesson(path.stem, _text(data["title"], "title"), steps)
    except ConfigError as exc:
        raise FileError(WHAT, path, f"is not a lesson: {exc}", "correct it there") from None


def load_all(directory: Path) -> tuple[list[Lesson], list[str]]:
    """Every lesson in ``directory`` (by file name), and a message per file that is not one."""
    lessons, problems = [], []
    for path in sorted(directory.glob("*.yaml")):
        try:
            lessons.append(load(path))
        except ConfigError as exc:
            problems.append(str(exc))
    return lessons, problems
