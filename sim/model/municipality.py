"""The Municipality: a Mesa model of one organisation taking up its realisation plan."""

from __future__ import annotations

import mesa
import numpy as np

from sim.config.schema import EventConfig, SimConfig
from sim.model.adoption import AdoptionWatch
from sim.model.agents import Board, Employee, KeyFigure, Manager, Person
from sim.model.dynamics import WeeklyUpdate, main_causes
from sim.model.history import MAIN_CAUSES, History
from sim.model.organisation import Role, build_organisation
from sim.model.people import People
from sim.model.states import Stage
from sim.model.strategy import Strategy
from sim.plan import events
from sim.plan.realisation import RealisationPlan

AGENT_CLASS = {Role.EMPLOYEE: Employee, Role.KEY_FIGURE: KeyFigure, Role.MANAGER: Manager}
BOARD_SPREAD = 0.05  # individual spread of board members around the board's commitment


class Municipality(mesa.Model):
    """One municipality's staff and board, week by week, from the start of the plan.

    Week 0 is the state when the plan starts; each ``step()`` is one week: the plan's
    projects advance with the people's engagement, then everyone's drivers and stage
    move. The model stops at ``horizon_weeks`` (or at adoption with ``stop_at_adoption``).
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
        self.plan = RealisationPlan(config.plan, self.organisation, self.people.workload)
        self.adoption = AdoptionWatch(
            config.adoption, self.organisation.department, self.organisation.n_departments)
        self.event_log: list[dict] = []
        self.planned_events = events.schedule(self)
        self.history = History(config.horizon_weeks, self.organisation.role,
                               self.organisation.department,
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
        return main_causes(self.people.drivers, self.people.stage,
                           self.config.dynamics.main_cause_threshold)

    def set_board_commitment(self, level: float) -> None:
        """A (new) board with this commitment, its members spread around it."""
        spread = self.rng.normal(0.0, BOARD_SPREAD, len(self.board))
        self.board_commitments[:] = np.clip(level + spread, 0.0, 1.0)

    def set_merger(self, merging: bool) -> None:
        """During a merger attention leaves the plan and everyone fears for their position."""
        d = self.config.dynamics
        self.update.attention = self.plan.attention = 1.0 - d.merger_distraction * merging
        self.update.extra_threat = d.merger_threat * merging

    def end_merger(self) -> None:
        self.set_merger(False)

    def replace_staff(self, who: np.ndarray, role: Role, stage: Stage) -> None:
        """Newcomers in role ``role`` take over positions ``who`` (and their ties)."""
        self.organisation.role[who] = role
        openness = self.rng.beta(6.0, 2.0, len(who)) if role == Role.KEY_FIGURE else (
            self.rng.beta(2.0, 2.0, len(who)))
        self.people.renew(who, openness, stage, self.config)
        for i in who:
            self.staff[i].remove()
            self.staff[i] = AGENT_CLASS[role](self, int(i))
        self.update.staff_changed(self.organisation, self.people)
        self.history.roles_changed(self.organisation.role)

    def announce(self, name: str, event: EventConfig) -> None:
        """An event that strikes next week, decided during the run (the classroom's
        buttons); it takes the same path as a configured one."""
        planned = events.PlannedEvent(self, name, event, self.week + 1)
        self.planned_events.append(planned)  # Mesa holds its callbacks weakly
        self.schedule_event(planned.strike, at=planned.week - 0.5)

    def timeseries(self):
        """The weekly table of the run so far (pandas), events included."""
        return self.history.frame(self.event_log)

    def step(self) -> None:
        """One week."""
        week = self.week + 1
        self.plan.advance(week, self.people.stage, self.people.workload)
        waiting = self.plan.waiting_people(week)
        erosion = self.config.dynamics.delay_erosion
        self.update.erosion[:] = 0.0 if waiting is None else erosion * waiting
        self.update(self.people, self.board_commitment, self.rng.random(self.people.size))
        self.week = week
        self.adoption.update(week, self.people.stage, self.plan.delivered)
        self._record()
        if self.week >= self.config.horizon_weeks or (
            self.config.stop_at_adoption and self.adoption.adopted
        ):
            self.running = False

    def _record(self) -> None:
        self.main_cause = self.main_cause_index()
        self.history.record(
            self.people.stage, self.main_cause, self.people.drivers,
            self.board_commitments, self.update.maturity, self.plan.status(self.week))

    def summary(self) -> dict:
        """The run's outcome in plain numbers (what ``summary.json`` holds)."""
        until = self.adoption.week if self.adoption.adopted else self.week
        shares = self.history.main_cause_shares(until)
        mean_causes = {c: float(s) for c, s in zip(MAIN_CAUSES, shares, strict=True)}
        plan = self.plan
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
            "commitment_week": self.adoption.commitment_week,
            "plan_delivered_week": plan.delivered_at,
            "binding": self.adoption.binding(plan.delivered_at),
            "plan_theme": cfg.plan.theme,
            "on_schedule": plan.on_schedule(self.week),
            "plan_delivered_share": plan.shares(self.week)[1],
            "ambition_scaled_down_week": plan.scaled_down_week,
            "plan_stopped_week": plan.stopped_week,
            "projects": plan.summary(),
            "events": self.event_log,
            "horizon_weeks": cfg.horizon_weeks,
            "weeks_run": self.week,
            "final_commitment_share": self.committed_share,
            "main_resistance_causes": mean_causes,
        }


def simulate(config: SimConfig) -> Municipality:
    """Build the municipality and run it to its horizon (or to adoption)."""
    model = Municipality(config)
    model.run_model()
    return model
