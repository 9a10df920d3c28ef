"""Events around the plan: budget cuts, national delays, elections, mergers, key figures
leaving or arriving, quick wins, the e-coordinator leaving, external advisers coming and
going.

Events go on Mesa's own event list (``model.schedule_event``) half a week before
the week they strike, so their effect shows from that week's update and row on.
Mesa holds its callbacks weakly, so the model keeps the planned events alive.
Events with a ``chance_per_year`` strike at most once, in a week drawn at the start
of the run from the run's own random generator.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from sim.config.schema import EventConfig, SimConfig
from sim.model.dynamics import WeeklyUpdate
from sim.model.organisation import Organisation, Role
from sim.model.people import People
from sim.plan.calendar import WEEKS_PER_YEAR
from sim.plan.realisation import RealisationPlan


class Struck(Protocol):
    """What events act on (a Struck provides it)."""

    config: SimConfig
    rng: np.random.Generator
    people: People
    organisation: Organisation
    plan: RealisationPlan
    update: WeeklyUpdate
    event_log: list[dict]

    def schedule_event(self, function: Callable, *, at: float) -> object: ...
    def set_board_commitment(self, level: float) -> None: ...
    def set_merger(self, merging: bool) -> None: ...
    def end_merger(self) -> None: ...
    def replace_staff(self, who: np.ndarray, roles: np.ndarray) -> None: ...
    def coordinator_vacancy(self, until_week: int, successor: float) -> None: ...
    def set_support(self, engaged: bool) -> None: ...
    def disappoint(self, projects: list[int]) -> None: ...


def event_week(cfg: EventConfig, rng: np.random.Generator, horizon: int) -> int | None:
    """The week an event strikes: as scheduled, or drawn from its yearly chance."""
    if cfg.week is not None:
        return cfg.week
    weekly = 1.0 - (1.0 - cfg.chance_per_year) ** (1.0 / WEEKS_PER_YEAR)
    week = int(rng.geometric(weekly))
    return week if week <= horizon else None


@dataclass
class PlannedEvent:
    """A configured event with the week it will strike."""

    model: Struck
    name: str
    cfg: EventConfig
    week: int

    def strike(self) -> None:
        detail = EFFECTS[self.cfg.type](self.model, self.cfg, self.week)
        self.model.event_log.append(
            {"week": self.week, "name": self.name, "type": self.cfg.type, **detail})


def schedule(model: Struck) -> list[PlannedEvent]:
    """Put every configured event on the model's event list; return them (keep them)."""
    planned = []
    for name, cfg in model.config.events.items():
        week = event_week(cfg, model.rng, model.config.horizon_weeks)
        if week is not None:
            planned.append(PlannedEvent(model, name, cfg, week))
            model.schedule_event(planned[-1].strike, at=week - 0.5)
    return planned


def budget_cut(model: Struck, cfg: EventConfig, week: int) -> dict:
    """Less capacity for the plan; paid forms (rewards) shrink with the budget."""
    stopped = model.plan.cut_budget(week, cfg.size)
    model.update.cut_paid_forms(cfg.size)
    model.disappoint(stopped)
    return {"size": cfg.size, "plan_stopped": model.plan.stopped_week == week}


def national_delay(model: Struck, cfg: EventConfig, week: int) -> dict:
    """The block comes later: dependent projects wait longer, and support erodes in their
    departments while they wait."""
    model.plan.delay(cfg.block, week, cfg.weeks)
    return {"block": cfg.block, "weeks": cfg.weeks}


def election(model: Struck, cfg: EventConfig, week: int) -> dict:
    """A new college: its commitment is set, or drawn anew."""
    level = cfg.board_commitment if cfg.board_commitment is not None else model.rng.uniform()
    model.set_board_commitment(level)
    return {"board_commitment": round(float(level), 3)}


def merger(model: Struck, cfg: EventConfig, week: int) -> dict:
    """A long period of uncertainty about one's position; attention leaves the plan."""
    model.set_merger(True)
    model.schedule_event(model.end_merger, at=week + cfg.weeks - 0.5)
    return {"weeks": cfg.weeks}


def key_figures_leave(model: Struck, cfg: EventConfig, week: int) -> dict:
    """Ambassadors leave; newcomers take their places as ordinary employees."""
    leaving = np.flatnonzero(model.organisation.role == Role.KEY_FIGURE)
    chosen = model.rng.choice(leaving, min(cfg.count, len(leaving)), replace=False)
    model.replace_staff(chosen, np.full(len(chosen), Role.EMPLOYEE))
    return {"count": len(chosen)}


def key_figures_arrive(model: Struck, cfg: EventConfig, week: int) -> dict:
    """New ambassadors are hired into employees' places."""
    employees = np.flatnonzero(model.organisation.role == Role.EMPLOYEE)
    chosen = model.rng.choice(employees, min(cfg.count, len(employees)), replace=False)
    model.replace_staff(chosen, np.full(len(chosen), Role.KEY_FIGURE))
    return {"count": len(chosen)}


def quick_win(model: Struck, cfg: EventConfig, week: int) -> dict:
    """A visible result: everyone sees the change work, doubt gives way."""
    model.people.see_result(np.arange(model.people.size), cfg.size)
    return {"size": cfg.size}


def coordinator_leaves(model: Struck, cfg: EventConfig, week: int) -> dict:
    """Nobody steers the plan until a successor starts, of the given or a drawn quality."""
    successor = cfg.quality if cfg.quality is not None else float(model.rng.uniform())
    model.coordinator_vacancy(week + cfg.weeks, successor)
    return {"weeks": cfg.weeks, "successor_quality": round(successor, 3)}


def external_support_starts(model: Struck, cfg: EventConfig, week: int) -> dict:
    """Advisers from outside bring hours and knowledge, and push the change as outsiders."""
    model.set_support(True)
    return {}


def external_support_ends(model: Struck, cfg: EventConfig, week: int) -> dict:
    """The advisers leave: their hours and knowledge go with them."""
    model.set_support(False)
    return {}


EFFECTS = {
    "budget_cut": budget_cut,
    "national_delay": national_delay,
    "election": election,
    "merger": merger,
    "key_figures_leave": key_figures_leave,
    "key_figures_arrive": key_figures_arrive,
    "quick_win": quick_win,
    "coordinator_leaves": coordinator_leaves,
    "external_support_starts": external_support_starts,
    "external_support_ends": external_support_ends,
}
