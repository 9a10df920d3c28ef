"""The people of the municipality as Mesa agents: the model's public face.

Staff agents hold no state of their own: they read and write the model's arrays
(:class:`sim.people.People`), so that a week is one array update while code that
works with agents (``model.agents_by_type[Employee].select(...)``, the browser demo,
tests) sees ordinary Mesa agents.
"""

from __future__ import annotations

from typing import Any, Protocol

import mesa
import numpy as np

from sim.model.organisation import Organisation
from sim.model.people import People
from sim.model.states import CAUSES, NO_RESISTANCE, Stage, board_stage


class StaffArrays(Protocol):
    """What the agents read and write: the model's arrays (a Municipality provides them)."""

    people: People
    organisation: Organisation
    staff: list[Person]
    board_commitments: np.ndarray
    plan: Any  # sim.plan.realisation.RealisationPlan: the coordinator's quality
    main_cause: np.ndarray  # per person, as of the last recorded week; -1: no resistance


class Person(mesa.Agent):
    """A member of staff, row ``index`` of the model's state arrays."""

    model: StaffArrays

    def __init__(self, model: StaffArrays, index: int):
        super().__init__(model)
        self.index = index

    @property
    def stage(self) -> Stage:
        return Stage(int(self.model.people.stage[self.index]))

    @stage.setter
    def stage(self, value: Stage) -> None:
        self.model.people.stage[self.index] = Stage(value)
        self.model.people.weeks_in_stage[self.index] = 0

    @property
    def drivers(self) -> dict[str, float]:
        """Resistance drivers by cause, each in [0, 1]."""
        row = self.model.people.drivers[:, self.index]
        return {cause: float(v) for cause, v in zip(CAUSES, row, strict=True)}

    def set_driver(self, cause: str, value: float) -> None:
        self.model.people.drivers[CAUSES.index(cause), self.index] = min(max(value, 0.0), 1.0)

    @property
    def main_cause(self) -> str:
        """The cause of resistance that weighs most for this person, or 'no_resistance'
        (as of the last recorded week)."""
        i = self.model.main_cause[self.index]
        return CAUSES[i] if i >= 0 else NO_RESISTANCE

    @property
    def openness(self) -> float:
        return float(self.model.people.openness[self.index])

    @property
    def workload(self) -> float:
        return float(self.model.people.workload[self.index])

    @property
    def tenure(self) -> float:
        return float(self.model.people.tenure[self.index])

    @property
    def department(self) -> int:
        return int(self.model.organisation.department[self.index])

    @property
    def team(self) -> int:
        return int(self.model.organisation.team[self.index])

    @property
    def manager(self) -> Person | None:
        """Direct superior; None for department heads, who report to the board."""
        m = int(self.model.organisation.manager[self.index])
        return self.model.staff[m] if m >= 0 else None

    @property
    def colleagues(self) -> list[Person]:
        """Informal ties: the colleagues this person talks to."""
        return [self.model.staff[j] for j in self.model.organisation.colleagues(self.index)]


class Employee(Person):
    """Staff whose daily work changes: front office, KCC, back-office specialists, archive."""


class KeyFigure(Person):
    """Culture carrier or ambassador: not necessarily a manager; pulls the cart."""


class Manager(Person):
    """Department head or team leader: translates the plan to the team, can carry or block it."""


class Coordinator(mesa.Agent):
    """The e-coordinator (programme manager): coordinates the plan with the municipal
    secretary; how well they steer the hours and order the projects is their quality."""

    model: StaffArrays

    @property
    def quality(self) -> float:
        """Quality of steering, in [0, 1]; 0 while the post is vacant."""
        return float(self.model.plan.coordinator)


BOARD_SPREAD = 0.05  # individual spread of board members around the board's commitment


class Board(mesa.Agent):
    """Member of the college (mayor, aldermen) or top management; sets visible commitment."""

    def __init__(self, model: StaffArrays, index: int):
        super().__init__(model)
        self.index = index

    @property
    def commitment(self) -> float:
        """Visible commitment to the plan, in [0, 1]."""
        return float(self.model.board_commitments[self.index])

    @commitment.setter
    def commitment(self, value: float) -> None:
        self.model.board_commitments[self.index] = min(max(value, 0.0), 1.0)

    @property
    def stage(self) -> Stage:
        """The stage this member's commitment shows as (quarters of [0, 1])."""
        return Stage(int(board_stage(self.commitment)))


__all__ = ["Board", "Coordinator", "Employee", "KeyFigure", "Manager", "Person"]
