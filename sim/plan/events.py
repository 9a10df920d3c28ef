"""Events around the plan: budget cuts, national delays, elections, mergers, key figures
leaving or arriving, quick wins, the e-coordinator leaving, external advisers coming and
going.

An event strikes before the weekly update of its week, so its effect shows from that
week's record on (:func:`sim.engine.step.run`). Everything random about an event is drawn
when it is planned, from the run's stream for events: the week of one with a
``chance_per_year`` (it strikes at most once), a new board's commitment and spread, who
of the key figures leaves (by a random key per position), a successor's quality. What an
event does thus never depends on what else the run has drawn meanwhile. Event kinds are
numbered in the order of sim.config.vocabulary.EVENT_TYPES (compiled code keeps numbers;
checked at the end of the module).
"""

from __future__ import annotations

from dataclasses import dataclass

import numba
import numpy as np

from sim.config.schema import EventConfig
from sim.config.vocabulary import EVENT_TYPES
from sim.model.agents import BOARD_SPREAD
from sim.model.dynamics import ATTENTION, EXTRA_THREAT, KNOWLEDGE, OUTSIDER_DISTRUST
from sim.model.newcomers import EMPLOYEE, KEY_FIGURE, replace_staff
from sim.model.people import disappoint, see_result
from sim.plan.calendar import WEEKS_PER_YEAR
from sim.plan.realisation import is_open, people_of

(BUDGET_CUT, NATIONAL_DELAY, ELECTION, MERGER, KEY_FIGURES_LEAVE, KEY_FIGURES_ARRIVE,
 QUICK_WIN, COORDINATOR_LEAVES, SUPPORT_STARTS, SUPPORT_ENDS) = range(10)
KIND = {name: i for i, name in enumerate(EVENT_TYPES)}


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


@numba.njit(cache=True)
def set_support(P, Tw, t, engaged):
    """External advisers engaged or not: their hours, their knowledge, and the distrust
    an outsider pushing the change meets."""
    s = Tw.support[t]
    Tw.support_engaged[t] = engaged
    P.support_capacity[t] = s[0] if engaged else 0.0
    Tw.situation[t, KNOWLEDGE] = min(Tw.own_knowledge[t] + (s[1] if engaged else 0.0), 1.0)
    Tw.situation[t, OUTSIDER_DISTRUST] = s[2] if engaged else 0.0


@numba.njit(cache=True)
def set_merger(P, Tw, t, merging):
    """During a merger attention leaves the plan and everyone fears for their position."""
    st = P.settings[t]
    Tw.situation[t, ATTENTION] = 1.0 - st.merger_distraction * merging
    Tw.situation[t, EXTRA_THREAT] = st.merger_threat * merging


@numba.njit(cache=True)
def first_by_key(S, E, x, a, b, role):
    """Positions of ``role`` in the town, those with the lowest keys drawn for event x first."""
    candidates = np.flatnonzero(S.role[a:b] == role)
    keys = E.keys[E.keys0[x]:E.keys0[x + 1]]
    order = np.argsort(keys[candidates], kind="mergesort")
    return candidates[order[:E.count[x]]] + a


@numba.njit(cache=True)
def strike(S, N, Tw, P, F, E, Q, R, t, x, w):
    """Event x strikes town t in week w (sim.plan.events describes each kind). False when
    newcomers ran out (the event is struck again once more are drawn)."""
    a, b = Tw.p0[t], Tw.p0[t + 1]
    kind = E.kind[x]
    if kind == BUDGET_CUT:
        size = E.size[x]
        P.capacity[t] *= 1.0 - size
        stopped = np.empty(P.n_projects[t], np.int64)
        k = 0
        if size > P.settings[t].stop_above_cut:
            for j in range(P.n_projects[t]):
                if is_open(P, t, j):
                    P.dropped_week[t, j] = w
                    stopped[k] = j
                    k += 1
            P.stopped_week[t] = w
        for f in range(F.f0[t], F.f0[t + 1]):
            if F.paid[f]:
                F.weight[f] *= 1.0 - size
        if k:
            who = np.empty(b - a, np.int64)
            m = people_of(S, P, t, a, b - a, stopped[:k], who)
            disappoint(S.drivers, who[:m], P.settings[t].drop_disappointment)
        E.detail[x] = 1.0 if P.stopped_week[t] == w else 0.0
    elif kind == NATIONAL_DELAY:
        for j in range(P.n_projects[t]):
            if P.block[t, j] == E.block[x]:
                P.available[t, j] = max(P.available[t, j], w) + E.weeks[x]
    elif kind == ELECTION:
        spread = E.spread[E.spread0[x]:E.spread0[x + 1]]
        for m in range(Tw.b0[t], Tw.b0[t + 1]):
            Tw.board[m] = min(max(E.level[x] + spread[m - Tw.b0[t]], 0.0), 1.0)
    elif kind == MERGER:
        set_merger(P, Tw, t, True)
        Tw.merger_until[t] = w + E.weeks[x]
    elif kind == KEY_FIGURES_LEAVE or kind == KEY_FIGURES_ARRIVE:
        leaving = kind == KEY_FIGURES_LEAVE
        who = first_by_key(S, E, x, a, b, KEY_FIGURE if leaving else EMPLOYEE)
        roles = np.full(len(who), EMPLOYEE if leaving else KEY_FIGURE, np.int64)
        if not replace_staff(S, N, Tw, Q, R, t, who, roles):
            return False
        E.detail[x] = len(who)
    elif kind == QUICK_WIN:
        see_result(S.drivers, S.evidence, np.arange(a, b), E.size[x])
    elif kind == COORDINATOR_LEAVES:
        P.coordinator[t] = 0.0
        Tw.successor_quality[t] = E.quality[x]
        Tw.successor_week[t] = w + E.weeks[x]
    elif kind == SUPPORT_STARTS:
        set_support(P, Tw, t, True)
    elif kind == SUPPORT_ENDS:
        set_support(P, Tw, t, False)
    E.struck[x] = True
    return True


def details(kind: str, cfg: EventConfig, chance: Chance, detail: float) -> dict:
    """What the event log says of a struck event besides its week, name and type."""
    if kind == "budget_cut":
        return {"size": cfg.size, "plan_stopped": bool(detail)}
    if kind == "national_delay":
        return {"block": cfg.block, "weeks": cfg.weeks}
    if kind == "election":
        return {"board_commitment": round(float(chance.level), 3)}
    if kind == "merger":
        return {"weeks": cfg.weeks}
    if kind.startswith("key_figures"):
        return {"count": int(detail)}
    if kind == "quick_win":
        return {"size": cfg.size}
    if kind == "coordinator_leaves":
        return {"weeks": cfg.weeks, "successor_quality": round(chance.quality, 3)}
    return {}


if [KIND[k] for k in ("budget_cut", "national_delay", "election", "merger",
                      "key_figures_leave", "key_figures_arrive", "quick_win",
                      "coordinator_leaves", "external_support_starts",
                      "external_support_ends")] != list(range(10)):
    raise ImportError("sim.config.vocabulary.EVENT_TYPES changed: update sim/plan/events.py")
