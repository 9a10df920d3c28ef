"""The Municipality: a Mesa model of one organisation taking up its realisation plan."""

from __future__ import annotations

import mesa
import numpy as np

from sim.config.schema import EventConfig, SimConfig
from sim.model.adoption import AdoptionWatch
from sim.model.agents import (
    BOARD_SPREAD,
    Board,
    Coordinator,
    Employee,
    KeyFigure,
    Manager,
    Person,
)
from sim.model.dynamics import (
    ATTENTION,
    EROSION,
    EXTRA_THREAT,
    JOINED,
    KNOWLEDGE,
    LIVE,
    OUTSIDER_DISTRUST,
    REBUILDING,
    TRAINING,
    WeeklyUpdate,
    main_causes,
)
from sim.model.history import MAIN_CAUSES, History
from sim.model.organisation import Role, build_organisation
from sim.model.people import Arrivals, Draws, People
from sim.model.states import Cause, Stage
from sim.model.strategy import Strategy
from sim.model.turnover import Turnover
from sim.plan import events
from sim.plan.calendar import WEEKS_PER_YEAR
from sim.plan.realisation import RealisationPlan, WeekNews

AGENT_CLASS = {Role.EMPLOYEE: Employee, Role.KEY_FIGURE: KeyFigure, Role.MANAGER: Manager}


def streams(seed: int) -> tuple[np.random.Generator, ...]:
    """The run's random streams, one per purpose: building the organisation and its
    people, the weekly dice, newcomers, events. Each purpose draws from its own, so what
    one draws never shifts another's numbers (a run stepped week by week and one run at
    once, alone or beside other runs, draw the same)."""
    return tuple(np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(4))


class Municipality(mesa.Model):
    """One municipality's staff and board, week by week, from the start of the plan.

    Week 0 is the state when the plan starts; each ``step()`` is one week: some staff
    leave and newcomers take their places, the plan's projects advance with the people's
    engagement (and what they deliver or drop is noticed), then everyone's drivers and
    stage move. The model stops at ``horizon_weeks`` (or at adoption with
    ``stop_at_adoption``).
    """

    def __init__(self, config: SimConfig):
        build, self.dice, arrivals, self.events_rng = streams(config.seed)
        super().__init__(rng=config.seed)  # Mesa's own; the model draws from its streams
        self.config = config
        self.week = 0
        self.organisation = build_organisation(config.organisation, build)
        mmc = config.leadership.middle_management_commitment
        draws = Draws.draw(self.organisation.size, mmc, build)
        self.people = People.initial(self.organisation, config, draws, build)
        self.turnover = Turnover.from_config(config.organisation)
        self.leaving_week = self._weeks_to_stay(self.people.tenure, draws)  # from week 0
        self.arrivals = Arrivals(mmc, arrivals)
        self.leavers = 0
        self.strategy = Strategy.from_config(config.strategy)
        self.update = WeeklyUpdate(self.organisation, self.people, self.strategy, config)
        self.board_commitments = np.clip(
            config.leadership.board_commitment
            + build.normal(0.0, BOARD_SPREAD, config.organisation.board_size), 0.0, 1.0)
        self.board = [Board(self, i) for i in range(config.organisation.board_size)]
        self.staff: list[Person] = [
            AGENT_CLASS[Role(r)](self, i) for i, r in enumerate(self.organisation.role)
        ]
        self.plan = RealisationPlan(config.plan, self.organisation, self.people.workload,
                                    config.coordinator.quality, config.organisation.knowledge)
        self.coordinator = Coordinator(self)
        self._successor = config.coordinator.quality
        s = config.support
        self.set_support(s.engaged and (s.capacity > 0 or s.knowledge > 0 or s.distrust > 0))
        self.update.context[LIVE] = self.plan.live_people()
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
        ``dynamics.main_cause_threshold``; their main cause is their largest driver. Staff
        of departments the change has not reached yet (stepwise rollout) do not resist it.
        """
        main = main_causes(self.people.drivers, self.people.stage,
                           self.config.dynamics.main_cause_threshold)
        if self.config.plan.rollout == "stepwise":
            main[~self.plan.joined_people()] = -1
        return main

    def set_board_commitment(self, level: float, spread: np.ndarray) -> None:
        """A (new) board with this commitment, its members spread around it."""
        self.board_commitments[:] = np.clip(level + spread, 0.0, 1.0)

    def set_merger(self, merging: bool) -> None:
        """During a merger attention leaves the plan and everyone fears for their position."""
        d = self.config.dynamics
        self.update.situation[ATTENTION] = self.plan.attention = (
            1.0 - d.merger_distraction * merging)
        self.update.situation[EXTRA_THREAT] = d.merger_threat * merging

    def end_merger(self) -> None:
        self.set_merger(False)

    def set_support(self, engaged: bool) -> None:
        """External advisers engaged or not: their hours, their knowledge, and the distrust
        an outsider pushing the change meets."""
        s = self.config.support
        self.support_engaged = engaged
        self.plan.support_capacity = s.capacity * engaged
        self.plan.knowledge = self.update.situation[KNOWLEDGE] = min(
            self.config.organisation.knowledge + s.knowledge * engaged, 1.0)
        self.update.situation[OUTSIDER_DISTRUST] = s.distrust * engaged

    def coordinator_vacancy(self, until_week: int, successor: float) -> None:
        """The e-coordinator leaves: nobody steers until the successor starts."""
        self.plan.coordinator = 0.0
        self._successor = successor
        self.schedule_event(self._successor_starts, at=until_week - 0.5)

    def _successor_starts(self) -> None:
        self.plan.coordinator = self._successor

    def replace_staff(self, who: np.ndarray, roles: np.ndarray,
                      draws: Draws | None = None) -> Draws:
        """Newcomers in roles ``roles`` take over positions ``who`` (and their ties)."""
        draws = self.arrivals.next(len(who)) if draws is None else draws
        org = self.organisation
        key_figures_changed = bool(((org.role[who] == Role.KEY_FIGURE)
                                    != (roles == Role.KEY_FIGURE)).any())
        org.role[who] = roles
        self.people.renew(who, org, self.config, draws)
        self.leaving_week[who] = self.week + 1 + self._weeks_to_stay(self.people.tenure[who],
                                                                     draws)
        for i, role in zip(who.tolist(), roles.tolist(), strict=True):
            self.staff[i].remove()
            self.staff[i] = AGENT_CLASS[role](self, i)
        self.update.staff_changed(org, self.people, who, key_figures_changed)
        self.history.roles_changed(org.role, who)
        return draws

    def _weeks_to_stay(self, tenure: np.ndarray, draws: Draws) -> np.ndarray:
        """How many more weeks each of these people will stay (at least one)."""
        years = np.minimum(self.turnover.years_to_stay(tenure, draws.stay), 1e6)
        return np.maximum(np.ceil(years * WEEKS_PER_YEAR), 1).astype(np.int64)

    def _turnover(self, week: int) -> None:
        """Some staff leave; newcomers take their positions. Managers' positions stay
        managers'; any other newcomer is a key figure as often as staff at the start were."""
        self.people.tenure += 1.0 / WEEKS_PER_YEAR
        leaving = np.flatnonzero(self.leaving_week == week)
        if not len(leaving):
            return
        self.leavers += len(leaving)
        draws = self.arrivals.next(len(leaving))
        roles = self.organisation.role[leaving].copy()
        key_figure = draws.uniform[1] < self.config.organisation.key_figure_share
        roles[roles != Role.MANAGER] = Role.EMPLOYEE
        roles[(roles != Role.MANAGER) & key_figure] = Role.KEY_FIGURE
        self.replace_staff(leaving, roles, draws)

    def disappoint(self, projects: list[int]) -> None:
        """Projects dropped: a broken promise to the people who worked on them."""
        if projects:
            self.people.disappoint(self.plan.people_of(projects),
                                   self.config.plan.drop_disappointment)

    def _notice(self, news: WeekNews) -> None:
        """What people notice of the plan this week: delivered projects are visible
        results, dropped ones broken promises; a department joining the change (stepwise)
        is shown what is in it for them."""
        if news.delivered:
            self.people.see_result(self.plan.people_of(news.delivered),
                                   self.config.plan.visible_result)
            self.update.context[LIVE] = self.plan.live_people()
        self.disappoint(news.dropped)
        if news.joined:
            self.update.context[JOINED] = self.plan.joined_people()
            if self.config.plan.rollout == "stepwise":
                who = np.flatnonzero(np.isin(self.organisation.department, news.joined))
                keep = 1.0 - self.config.plan.what_is_in_it
                self.people.drivers[Cause.DOUBT_ABOUT_CHANGE, who] *= keep
                self.people.drivers[Cause.CONFLICTING_INTERESTS, who] *= keep

    def announce(self, name: str, event: EventConfig) -> None:
        """An event that strikes next week, decided during the run (the classroom's
        buttons); it takes the same path as a configured one."""
        self.planned_events.append(events.plan(self, name, event, self.week + 1))  # Mesa
        # holds its callbacks weakly: the model keeps them

    def timeseries(self):
        """The weekly table of the run so far (pandas), events included."""
        return self.history.frame(self.event_log)

    def step(self) -> None:
        """One week."""
        week = self.week + 1
        if self.config.organisation.turnover:
            self._turnover(week)
        self._notice(self.plan.advance(week, self.people.stage, self.people.workload))
        context = self.update.context
        waiting = self.plan.waiting_people(week)
        context[EROSION] = 0.0 if waiting is None else self.config.dynamics.delay_erosion * waiting
        context[REBUILDING] = self.plan.rebuilding_people()
        context[TRAINING] = self.config.plan.training * context[REBUILDING]
        self.update(self.people, self.board_commitment, self.dice.random(self.people.size))
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
        adopted = self.adoption.adopted
        return {
            "seed": cfg.seed,
            "strategy": cfg.strategy.name,
            "strategy_label": self.strategy.label,
            "size_class": cfg.organisation.size_class,
            "staff": self.people.size,
            "board_commitment": cfg.leadership.board_commitment,
            "board_visible_commitment": self.board_commitment,
            "middle_management_commitment": cfg.leadership.middle_management_commitment,
            "adopted": adopted,
            # Adopted as planned, or only after the board scaled the plan down.
            "adopted_plan": (("scaled_down" if plan.scaled_down else "original")
                             if adopted else None),
            "time_to_adoption_weeks": self.adoption.week,
            "censored": not adopted,
            "commitment_week": self.adoption.commitment_week,
            "plan_delivered_week": plan.delivered_at,
            "binding": self.adoption.binding(plan.delivered_at),
            "plan_start_date": cfg.plan.start_date,
            "plan_theme": cfg.plan.theme,
            "on_schedule": plan.on_schedule(self.week),
            "plan_delivered_share": plan.shares(self.week)[1],
            "ambition_scaled_down_week": plan.scaled_down_week,
            "plan_stopped_week": plan.stopped_week,
            "projects": plan.summary(),
            "events": self.event_log,
            "staff_left": self.leavers,
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
