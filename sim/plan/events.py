"""Events around the plan: budget cuts, national delays, elections, mergers, key figures
leaving or arriving, quick wins, the e-coordinator leaving, external advisers coming and
going.

Events go on Mesa's own event list (``model.schedule_event``) half a week before
the week they strike, so their effect shows from that week's update and row on.
Mesa holds its callbacks weakly, so the model keeps the planned events alive.
Everything random about an event is drawn when it is planned, from the run's stream
for events: the week of one with a ``chance_per_year`` (it strikes at most once), a new
board's commitment and spread, who of the key figures leaves (by a random key per
person), a successor's quality. What an event does thus never depends on what else the
run has drawn meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from sim.config.schema import EventConfig, SimConfig
from sim.model.agents import BOARD_SPREAD
from sim.model.dynamics import WeeklyUpdate
from sim.model.organisation import Organisation, Role
from sim.model.people import People
from sim.plan.calendar import WEEKS_PER_YEAR
from sim.plan.realisation import RealisationPlan


class Struck(Protocol):
    """What events act on (a Struck provides it)."""

    config: SimConfig
    events_rng: np.random.Generator
    board_commitments: np.ndarray
    people: People
    organisation: Organisation
    plan: RealisationPlan
    update: WeeklyUpdate
    event_log: list[dict]

    def schedule_event(self, function: Callable, *, at: float) -> object: ...
    def set_board_commitment(self, level: float, spread: np.ndarray) -> None: ...
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
class Chance:
    """What is random about one event, drawn when it is planned."""

    level: float  # a new board's commitment (elections without one set)
    spread: np.ndarray  # the board members around it
    keys: np.ndarray  # per position: who goes first (key figures leaving or arriving)
    quality: float  # a successor's (coordinator_leaves without one set)

    @classmethod
    def draw(cls, cfg: EventConfig, staff: int, board_size: int,
             rng: np.random.Generator) -> Chance:
        level, spread, keys, quality = cfg.board_commitment, np.zeros(0), np.zeros(0), cfg.quality
        if cfg.type == "election":
            level = float(rng.uniform()) if level is None else level
            spread = rng.normal(0.0, BOARD_SPREAD, board_size)
        elif cfg.type.startswith("key_figures"):
            keys = rng.random(staff)
        elif cfg.type == "coordinator_leaves" and quality is None:
            quality = float(rng.uniform())
        return cls(level=level, spread=spread, keys=keys, quality=quality)


@dataclass
class PlannedEvent:
    """A configured event with the week it will strike and its chance draws."""

    model: Struck
    name: str
    cfg: EventConfig
    week: int
    chance: Chance

    def strike(self) -> None:
        detail = EFFECTS[self.cfg.type](self.model, self.cfg, self.week, self.chance)
        self.model.event_log.append(
            {"week": self.week, "name": self.name, "type": self.cfg.type, **detail})


def plan(model: Struck, name: str, cfg: EventConfig, week: int | None) -> PlannedEvent | None:
    """Draw an event's chances and put it on the model's event list (None: it does not
    strike within the horizon)."""
    chance = Chance.draw(cfg, model.people.size, len(model.board_commitments), model.events_rng)
    if week is None:
        return None
    planned = PlannedEvent(model, name, cfg, week, chance)
    model.schedule_event(planned.strike, at=week - 0.5)
    return planned


def schedule(model: Struck) -> list[PlannedEvent]:
    """Put every configured event on the model's event list; return them (keep them)."""
    planned = []
    for name, cfg in model.config.events.items():
        week = event_week(cfg, model.events_rng, model.config.horizon_weeks)
        event = plan(model, name, cfg, week)
        if event is not None:
            planned.append(event)
    return planned


def budget_cut(model: Struck, cfg: EventConfig, week: int, chance: Chance) -> dict:
    """Less capacity for the plan; paid forms (rewards) shrink with the budget."""
    stopped = model.plan.cut_budget(week, cfg.size)
    model.update.cut_paid_forms(cfg.size)
    model.disappoint(stopped)
    return {"size": cfg.size, "plan_stopped": model.plan.stopped_week == week}


def national_delay(model: Struck, cfg: EventConfig, week: int, chance: Chance) -> dict:
    """The block comes later: dependent projects wait longer, and support erodes in their
    departments while they wait."""
    model.plan.delay(cfg.block, week, cfg.weeks)
    return {"block": cfg.block, "weeks": cfg.weeks}


def election(model: Struck, cfg: EventConfig, week: int, chance: Chance) -> dict:
    """A new college: its commitment is set, or drawn anew."""
    model.set_board_commitment(chance.level, chance.spread)
    return {"board_commitment": round(float(chance.level), 3)}


def merger(model: Struck, cfg: EventConfig, week: int, chance: Chance) -> dict:
    """A long period of uncertainty about one's position; attention leaves the plan."""
    model.set_merger(True)
    model.schedule_event(model.end_merger, at=week + cfg.weeks - 0.5)
    return {"weeks": cfg.weeks}


def first_by_key(candidates: np.ndarray, count: int, keys: np.ndarray) -> np.ndarray:
    """``count`` of the candidate positions, those with the lowest random keys: a random
    choice drawn when the event was planned."""
    return candidates[np.argsort(keys[candidates], kind="stable")[:count]]


def key_figures_leave(model: Struck, cfg: EventConfig, week: int, chance: Chance) -> dict:
    """Ambassadors leave; newcomers take their places as ordinary employees."""
    leaving = np.flatnonzero(model.organisation.role == Role.KEY_FIGURE)
    chosen = first_by_key(leaving, cfg.count, chance.keys)
    model.replace_staff(chosen, np.full(len(chosen), Role.EMPLOYEE))
    return {"count": len(chosen)}


def key_figures_arrive(model: Struck, cfg: EventConfig, week: int, chance: Chance) -> dict:
    """New ambassadors are hired into employees' places."""
    employees = np.flatnonzero(model.organisation.role == Role.EMPLOYEE)
    chosen = first_by_key(employees, cfg.count, chance.keys)
    model.replace_staff(chosen, np.full(len(chosen), Role.KEY_FIGURE))
    return {"count": len(chosen)}


def quick_win(model: Struck, cfg: EventConfig, week: int, chance: Chance) -> dict:
    """A visible result: everyone sees the change work, doubt gives way."""
    model.people.see_result(np.arange(model.people.size), cfg.size)
    return {"size": cfg.size}


def coordinator_leaves(model: Struck, cfg: EventConfig, week: int, chance: Chance) -> dict:
    """Nobody steers the plan until a successor starts, of the given or a drawn quality."""
    model.coordinator_vacancy(week + cfg.weeks, chance.quality)
    return {"weeks": cfg.weeks, "successor_quality": round(chance.quality, 3)}


def external_support_starts(model: Struck, cfg: EventConfig, week: int,
                            chance: Chance) -> dict:
    """Advisers from outside bring hours and knowledge, and push the change as outsiders."""
    model.set_support(True)
    return {}


def external_support_ends(model: Struck, cfg: EventConfig, week: int,
                          chance: Chance) -> dict:
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
