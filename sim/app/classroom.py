"""The classroom's model: one municipality, or the same one under two strategies, stepping
week by week, with events struck in both at once so the comparison stays fair."""

from __future__ import annotations

import mesa

from sim.app.figures import layout
from sim.config.compose import load_config
from sim.config.errors import ConfigError
from sim.config.schema import EventConfig
from sim.config.vocabulary import SIZE_CLASSES
from sim.model.municipality import Municipality
from sim.reporting.labels import STRATEGY_LABELS

SIZES = tuple(SIZE_CLASSES)
MAX_STAFF = 5000  # beyond this a frame takes seconds: not a classroom demo any more
# What the buttons strike, the same for both runs so the comparison stays fair.
EVENTS = {
    "Budget cut": EventConfig(type="budget_cut", size=0.25),
    "National delay": EventConfig(type="national_delay", block="wabo", weeks=26),
    "Election": EventConfig(type="election", board_commitment=0.2),  # a sceptical college
}


def _whole_number(name: str, text: str, low: int, high: int) -> int:
    try:
        value = int(str(text).strip())
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        raise ConfigError(f"{name}={text!r} is not allowed: must be a whole number from "
                          f"{low} to {high}")
    return value


class Classroom(mesa.Model):
    """One municipality, or the same one under two strategies, stepping week by week."""

    def __init__(self, strategy: str = "weten", compare_with: str = "none",
                 board_commitment: float = 0.5, middle_management_commitment: float = 0.5,
                 key_figure_share: float = 0.05, size: str = "size_25_50k", staff: str = "",
                 seed: str = "0"):
        super().__init__()
        self.runs: list[Municipality] = []
        self.titles: list[str] = []
        self.layouts = []
        self.error: str | None = None
        try:
            overrides = [f"organisation={size}",
                         f"leadership.board_commitment={board_commitment}",
                         f"leadership.middle_management_commitment={middle_management_commitment}",
                         f"organisation.key_figure_share={key_figure_share}",
                         f"seed={_whole_number('seed', seed, 0, 2**32 - 1)}"]
            if str(staff).strip():
                count = _whole_number("staff", staff, 10, MAX_STAFF)
                overrides.append(f"organisation.staff={count}")
            strategies = [strategy] + ([compare_with] if compare_with != "none" else [])
            for name in strategies:
                run = Municipality(load_config([*overrides, f"strategy={name}"]))
                self.runs.append(run)
                self.titles.append(STRATEGY_LABELS[name])
                self.layouts.append(layout(run.organisation, len(run.board_commitments)))
        except ConfigError as exc:
            self.error = str(exc)
            self.running = False

    @property
    def week(self) -> int:
        return self.runs[0].week if self.runs else 0

    def step(self) -> None:
        for run in self.runs:
            run.step()
        self.running = all(run.running for run in self.runs)

    def announce(self, label: str) -> None:
        """Strike one of :data:`EVENTS` next week in every run."""
        for run in self.runs:
            run.announce(label.lower().replace(" ", "_").replace(":", ""), EVENTS[label])


