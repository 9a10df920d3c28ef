"""The Municipality: a Mesa model of one organisation taking up its realisation plan."""

from __future__ import annotations

import mesa
import numpy as np

from sim.adoption import AdoptionWatch
from sim.agents import Board, Employee, KeyFigure, Manager, Person
from sim.config import SimConfig
from sim.dynamics import WeeklyUpdate
from sim.organisation import Role, build_organisation
from sim.people import People
from sim.states import Stage
from sim.strategy import Strategy
from sim.timeseries import MAIN_CAUSES, History

AGENT_CLASS = {Role.EMPLOYEE: Employee, Role.KEY_FIGURE: KeyFigure, Role.MANAGER: Manager}
BOARD_SPREAD = 0.05  # individual spread of board members around the board's commitment


class Municipality(mesa.Model):
    """One municipality's staff and board, week by week, from the start of the plan.

    Week 0 is the state when the plan starts; each ``step()`` is one week. The
    model stops at ``horizon_weeks`` (or at adoption with ``stop_at_adoption``).
    """

    def __init__(self, config: SimConfig):
        super().__init__(rng=config.seed)
        self.config = config
        self.week = 0
        self.organisation = build_organisation(config.organisation, self.rng)
        self.people = People.initial(self.organisation, config, self.rng)
        self.strategy = Strategy.from_config(config.strategy)
        self.update = WeeklyUpdate(self.organisation, self.people, self.strategy, config)
        self.board_commitments = np.clip(
            config.leadership.board_commitment
            + self.rng.normal(0.0, BOARD_SPREAD, config.organisation.board_size), 0.0, 1.0)
        self.board = [Board(self, i) for i in range(config.organisation.board_size)]
        self.staff: list[Person] = [
            AGENT_CLASS[Role(r)](self, i) for i, r in enumerate(self.organisation.role)
        ]
        self.adoption = AdoptionWatch(
            config.adoption, self.organisation.department, self.organisation.n_departments)
        role_order = np.select([self.organisation.role == Role.MANAGER,
                                self.organisation.role == Role.KEY_FIGURE], [0, 1], 2)
        self.history = History(config.horizon_weeks, role_order, self.organisation.department,
                               config.organisation.board_size)
        self._record()

    @property
    def board_commitment(self) -> float:
        """The board's visible commitment: the mean of its members'."""
        return float(self.board_commitments.mean())

    @property
    def committed_share(self) -> float:
        return np.count_nonzero(self.people.stage == Stage.COMMITMENT) / self.people.size

    def main_cause_index(self) -> np.ndarray:
        """Per person, the index of the cause that weighs most, -1 for no resistance.

        A person resists when not (yet) committed and some driver reaches
        ``dynamics.main_cause_threshold``; their main cause is their largest driver.
        """
        D = self.people.drivers
        main = D.argmax(axis=0)
        resists = (D.max(axis=0) >= self.config.dynamics.main_cause_threshold) & (
            self.people.stage < Stage.COMMITMENT)
        return np.where(resists, main, -1)

    def step(self) -> None:
        """One week."""
        self.update(self.people, self.board_commitment, self.rng.random(self.people.size))
        self.week += 1
        self.adoption.update(self.week, self.people.stage)
        self._record()
        if self.week >= self.config.horizon_weeks or (
            self.config.stop_at_adoption and self.adoption.adopted
        ):
            self.running = False

    def _record(self) -> None:
        self.history.record(self.people.stage, self.main_cause_index(), self.people.drivers,
                            self.board_commitments, self.update.maturity)

    def summary(self) -> dict:
        """The run's outcome in plain numbers (what ``summary.json`` holds)."""
        until = self.adoption.week if self.adoption.adopted else self.week
        main = self.history.frame().loc[:until, [f"main_{c}" for c in MAIN_CAUSES]].mean()
        mean_causes = {c: float(main[f"main_{c}"]) for c in MAIN_CAUSES}
        cfg = self.config
        return {
            "seed": cfg.seed,
            "strategy": cfg.strategy.name,
            "strategy_label": self.strategy.label,
            "size_class": cfg.organisation.size_class,
            "staff": self.people.size,
            "board_commitment": cfg.leadership.board_commitment,
            "board_visible_commitment": self.board_commitment,
            "middle_management_commitment": cfg.leadership.middle_management_commitment,
            "adopted": self.adoption.adopted,
            "time_to_adoption_weeks": self.adoption.week,
            "censored": not self.adoption.adopted,
            "horizon_weeks": cfg.horizon_weeks,
            "weeks_run": self.week,
            "final_commitment_share": self.committed_share,
            "main_resistance_causes": mean_causes,
        }
