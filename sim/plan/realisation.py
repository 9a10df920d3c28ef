"""The realisation plan: projects delivered on a schedule by the people who carry them.

Each week the capacity freed for the plan is spent on the active projects of each
department, in proportion to how engaged its people are (committed staff deliver,
staff in denial hardly do; key figures pull the cart), how well the e-coordinator steers
the hours and how much knowledge the organisation (and its advisers) bring. The leading
theme decides which projects go first; the coordinator decides how much each department
concentrates on its first project. A project that waits for a national building block can do most of
its work but cannot be delivered before the block is in force or usable. Project hours
that are not replaced, and training, land on top of the regular work and raise
workload, which feeds back into resistance. The board drops a project after sustained
delay (the municipality scales its ambition down) and a large budget cut stops the
plan. Departments join the change all at once or one after another (``rollout``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numba
import numpy as np

from sim.config.schema import PlanConfig
from sim.config.vocabulary import FUNCTIONS
from sim.model.dynamics import (
    ATTENTION,
    EROSION,
    JOINED,
    KNOWLEDGE,
    LIVE,
    REBUILDING,
    TRAINING,
)
from sim.model.organisation import Organisation
from sim.model.people import disappoint, see_result
from sim.plan.calendar import weeks_after
from sim.weekly import weekly

KEY_FIGURE = 1  # Role.KEY_FIGURE (compiled code keeps numbers)
DOUBT, CONFLICTING = 0, 3  # driver rows (sim.model.states.Cause)
# Share of the freed hours that become project progress, by stage (assumption):
# assigned work gets done even in denial, but badly; committed people deliver fully.
PRODUCTIVITY = np.array([0.3, 0.3, 0.7, 1.0])
NEVER = 10**9  # a week after any horizon


def departments_of(functions: list[str], n_departments: int) -> np.ndarray:
    """Departments doing these functions (function k sits in department k mod D)."""
    involved = np.zeros(n_departments, bool)
    for f in functions:
        if f == "all":
            involved[:] = True
        else:
            involved[FUNCTIONS.index(f) % n_departments] = True
    return involved


def project_order(cfg: PlanConfig) -> list[str]:
    """The projects in the order the leading theme gives them (configured order otherwise)."""
    order = list(cfg.order.get(cfg.theme, ()))
    return order + [name for name in cfg.projects if name not in order]


@numba.njit(cache=True)
def steering(quality):
    """Share of the freed hours a coordinator of this quality turns into project work
    (assumption: without anyone steering, half is lost to coordination)."""
    return 0.5 + 0.5 * quality


@numba.njit(cache=True)
def know_how(knowledge):
    """Progress per hour worked at this knowledge (assumption: half without any)."""
    return 0.5 + 0.5 * min(knowledge, 1.0)


@dataclass(frozen=True)
class PlanLayout:
    """A municipality's plan as drawn up: its projects in the order the leading theme
    gives them, their efforts, slots, blocks, departments and legal duties, and when each
    department joins the change."""

    names: tuple[str, ...]
    labels: tuple[str, ...]
    involved: np.ndarray  # department x project
    effort: np.ndarray
    start: np.ndarray
    end: np.ndarray
    block: tuple[str, ...]  # "" for none
    mandatory: np.ndarray
    available: np.ndarray  # first week each project's block is usable (-NEVER: none)
    join_week: np.ndarray  # per department: the week after which it joins

    @classmethod
    def of(cls, cfg: PlanConfig, org: Organisation) -> PlanLayout:
        names = tuple(project_order(cfg))  # priority order: the leading theme first
        projects = [cfg.projects[name] for name in names]
        staff_per_dept = np.bincount(org.department, minlength=org.n_departments)
        involved = np.zeros((org.n_departments, len(projects)), bool)
        for j, p in enumerate(projects):
            involved[:, j] = departments_of(p.functions, org.n_departments)
        # The theme's projects take the plan's start slots in order, keeping their durations.
        start = np.array(sorted(p.start_week for p in cfg.projects.values()), dtype=np.int64)
        start_date = date.fromisoformat(cfg.start_date)
        block = tuple(p.national_block for p in projects)
        return cls(
            names=names, labels=tuple(p.label or n for n, p in zip(names, projects, strict=True)),
            involved=involved,
            effort=np.array([p.effort for p in projects]) * cfg.ambition * (
                staff_per_dept @ involved),
            start=start,
            end=start + np.array([p.end_week - p.start_week for p in projects], np.int64),
            block=block, mandatory=np.array([p.mandatory for p in projects], dtype=bool),
            available=np.array([
                weeks_after(start_date, date.fromisoformat(cfg.national_blocks[b].available))
                if b else -NEVER for b in block], dtype=np.int64),
            join_week=join_weeks(cfg, involved))


def join_weeks(cfg: PlanConfig, involved: np.ndarray) -> np.ndarray:
    """Week after which each department joins the change: all at once, or in turn, those
    of the leading project first."""
    n_departments = involved.shape[0]
    if cfg.rollout == "big_bang" or not involved.shape[1]:
        return np.zeros(n_departments, np.int64)
    first = involved[:, 0]
    order = np.concatenate([np.flatnonzero(first), np.flatnonzero(~first)])
    weeks = np.empty(n_departments, np.int64)
    weeks[order] = np.arange(n_departments) * cfg.rollout_weeks
    return weeks


class PlanView:
    """A municipality's plan as it stands, read from a batch's arrays (town ``t``)."""

    def __init__(self, plans, towns, layout: PlanLayout, t: int, department: np.ndarray):
        self._p, self._towns, self._t, self._department = plans, towns, t, department
        k, d = len(layout.names), layout.involved.shape[0]
        self.layout = layout
        self.names, self.labels, self.block = layout.names, layout.labels, layout.block
        self.involved = plans.involved[t, :d, :k]
        self.effort, self.start, self.end = (plans.effort[t, :k], plans.start[t, :k],
                                             plans.end[t, :k])
        self.mandatory, self.available = plans.mandatory[t, :k], plans.available[t, :k]
        self.progress = plans.progress[t, :k]
        self.delivered_week, self.dropped_week = (plans.delivered_week[t, :k],
                                                  plans.dropped_week[t, :k])

    @property
    def coordinator(self) -> float:
        """The e-coordinator's quality (0 while the post is vacant)."""
        return float(self._p.coordinator[self._t])

    @property
    def capacity(self) -> float:
        return float(self._p.capacity[self._t])

    @property
    def rate(self) -> float:
        """Progress per hour of engaged staff this week: capacity (advisers' included),
        attention, steering and know-how."""
        p, t = self._p, self._t
        situation = self._towns.situation[t]
        return float((p.capacity[t] + p.support_capacity[t]) * situation[ATTENTION]
                     * steering(p.coordinator[t]) * know_how(situation[KNOWLEDGE]))

    @property
    def delivered_at(self) -> int | None:
        week = int(self._p.delivered_at[self._t])
        return None if week < 0 else week

    @property
    def stopped_week(self) -> int | None:
        week = int(self._p.stopped_week[self._t])
        return None if week < 0 else week

    @property
    def delivered(self) -> bool:
        """All projects that were kept are delivered (a stopped plan never is)."""
        return self.delivered_at is not None and self.stopped_week is None

    @property
    def scaled_down(self) -> bool:
        """Some project was dropped: what is delivered is less than the original plan."""
        return bool((self.dropped_week >= 0).any())

    @property
    def scaled_down_week(self) -> int | None:
        dropped = self.dropped_week[self.dropped_week >= 0]
        return int(dropped.min()) if len(dropped) else None

    def on_schedule(self, week: int) -> bool:
        return bool(on_schedule(self._p, self._t, week))

    def shares(self, week: int) -> tuple[float, float]:
        """Planned and delivered effort by now, as shares of the whole original plan."""
        return plan_shares(self._p, self._t, week)

    def people_of(self, projects: list[int]) -> np.ndarray:
        """Staff (positions in the municipality) in the departments of these projects."""
        return np.flatnonzero(self.involved[:, list(projects)].any(axis=1)[self._department])

    def summary(self) -> dict:
        def week_or_none(w):
            return int(w) if w >= 0 else None
        return {
            name: {"label": label, "delivered_week": week_or_none(d),
                   "dropped_week": week_or_none(x)}
            for name, label, d, x in zip(self.names, self.labels, self.delivered_week,
                                         self.dropped_week, strict=True)
        }


# -- the plan's week, compiled, on a batch's arrays (sim.engine.batch) ---------------------

@numba.njit(cache=True)
def is_open(P, t, j):
    return (P.delivered_week[t, j] < 0) & (P.dropped_week[t, j] < 0)


@numba.njit(cache=True)
def cap(P, t, j, w):
    """Progress project j can reach by week w: all of it once its block is usable."""
    before = P.available[t, j] >= w
    return P.effort[t, j] * (P.settings[t].before_block_share if before else 1.0)


@numba.njit(cache=True)
def planned(P, t, j, w):
    span = P.end[t, j] - P.start[t, j]
    return P.effort[t, j] * min(max((w - P.start[t, j]) / span, 0.0), 1.0)


@numba.njit(cache=True)
def on_schedule(P, t, w):
    done = 0.0
    due = 0.0
    for j in range(P.n_projects[t]):
        if P.dropped_week[t, j] < 0:
            done += P.progress[t, j]
            due += planned(P, t, j, w)
    return done >= (1.0 - P.settings[t].schedule_tolerance) * due


@numba.njit(cache=True)
def plan_shares(P, t, w):
    """Planned and delivered effort by now, as shares of the whole original plan."""
    total = 0.0
    due = 0.0
    done = 0.0
    for j in range(P.n_projects[t]):
        total += P.effort[t, j]
        due += planned(P, t, j, w)
        done += min(P.progress[t, j], P.effort[t, j])
    if total == 0:
        return 1.0, 1.0
    return due / total, done / total


@numba.njit(cache=True)
def drop_least_advanced(P, t, w):
    """The board scales the ambition down: the least advanced open project that is not a
    legal duty goes (-1: only legal duties left)."""
    worst, lowest = -1, np.inf
    for j in range(P.n_projects[t]):
        if is_open(P, t, j) and not P.mandatory[t, j]:
            ratio = P.progress[t, j] / P.effort[t, j]
            if ratio < lowest:
                worst, lowest = j, ratio
    P.behind[t] = 0
    if worst >= 0:
        P.dropped_week[t, worst] = w
    return worst


@weekly
def advance_plan(S, P, X, situation, t, a, n, w):
    """Spend week w's capacity (sim.plan.realisation describes the rules); set everyone's
    workload. Fills the departments that joined, the projects delivered and dropped
    (``X.joined_now``, ``X.delivered_now``, ``X.dropped_now``), and returns how many of
    each."""
    joined_now, delivered_now, dropped_now = X.joined_now, X.delivered_now, X.dropped_now
    n_dept = 0
    while n_dept < P.department_size.shape[1] and P.department_size[t, n_dept] > 0:
        n_dept += 1
    joins = 0
    for d in range(n_dept):
        if not P.joined[t, d] and P.join_week[t, d] < w:
            P.joined[t, d] = True
            joined_now[joins] = d
            joins += 1
    if P.finished[t]:
        return joins, 0, 0
    k = P.n_projects[t]
    any_open = False
    for j in range(k):
        any_open = any_open or is_open(P, t, j)
    if not any_open:
        for i in range(n):
            S.workload[a + i] = S.base_workload[a + i]
        P.finished[t] = True
        P.active[t, :] = False
        return joins, 0, 0
    st = P.settings[t]
    for j in range(k):
        P.active[t, j] = (is_open(P, t, j) and P.start[t, j] < w
                          and P.progress[t, j] < cap(P, t, j, w))
    q = P.coordinator[t]
    rate = ((P.capacity[t] + P.support_capacity[t]) * situation[ATTENTION] * steering(q)
            * know_how(situation[KNOWLEDGE]))
    engaged, gain, busy = X.engaged[:n_dept], X.gain[:k], X.busy[:n_dept]
    engaged[:] = 0.0
    gain[:] = 0.0
    busy[:] = False
    for i in range(n):
        pull = st.key_figure_pull if S.role[a + i] == KEY_FIGURE else 1.0
        engaged[S.department[a + i]] += PRODUCTIVITY[S.stage[a + i]] * pull
    for d in range(n_dept):
        if not P.joined[t, d]:
            continue
        m, first = 0, -1
        for j in range(k):
            if P.involved[t, d, j] and P.active[t, j]:
                m += 1
                if first < 0:
                    first = j
        if m == 0:
            continue
        busy[d] = True
        for j in range(k):
            if P.involved[t, d, j] and P.active[t, j]:
                share = (1.0 - q) / m + (q if j == first else 0.0)
                gain[j] += engaged[d] * share
    delivered = 0
    for j in range(k):
        if P.active[t, j]:
            P.progress[t, j] = min(P.progress[t, j] + rate * gain[j], cap(P, t, j, w))
            if P.progress[t, j] >= P.effort[t, j]:
                P.delivered_week[t, j] = w
                delivered_now[delivered] = j
                delivered += 1
    dropped = 0
    any_open = False
    for j in range(k):
        any_open = any_open or is_open(P, t, j)
    if any_open and not on_schedule(P, t, w):
        P.behind[t] += 1
        if P.behind[t] >= st.drop_after_weeks:
            j = drop_least_advanced(P, t, w)
            if j >= 0:
                dropped_now[0] = j
                dropped = 1
    else:
        P.behind[t] = 0
    if P.delivered_at[t] < 0 and P.stopped_week[t] < 0:
        kept, still_open = False, False
        for j in range(k):
            kept = kept or P.dropped_week[t, j] < 0
            still_open = still_open or is_open(P, t, j)
        if not still_open and (kept or k == 0):
            P.delivered_at[t] = w
    extra = P.capacity[t] * (1.0 - st.replacement) + st.training * st.training_hours
    for i in range(n):
        S.workload[a + i] = S.base_workload[a + i] + (extra if busy[S.department[a + i]]
                                                      else 0.0)
    return joins, delivered, dropped


@weekly
def plan_context(S, P, X, t, a, n, w):
    """Per person this week: support eroding while one's project waits for its block,
    one's department being rebuilt (a project worked on), and training there."""
    k = P.n_projects[t]
    st = P.settings[t]
    waiting, rebuilding = X.waiting, X.rebuilding
    waiting[:] = False
    for d in range(P.department_size.shape[1]):
        rebuilding[d] = k == 0
        if P.finished[t]:
            continue
        for j in range(k):
            if not P.involved[t, d, j]:
                continue
            if (is_open(P, t, j) and P.start[t, j] < w and P.available[t, j] >= w
                    and P.progress[t, j] >= cap(P, t, j, w)):
                waiting[d] = True
            if P.active[t, j] and P.joined[t, d]:
                rebuilding[d] = True
    for i in range(n):
        d = S.department[a + i]
        S.context[EROSION, a + i] = st.delay_erosion if waiting[d] else 0.0
        S.context[REBUILDING, a + i] = 1.0 if rebuilding[d] else 0.0
        S.context[TRAINING, a + i] = st.training if rebuilding[d] else 0.0


@weekly
def update_live(S, P, t, a, n):
    """New systems live where a project of one's department is delivered (everywhere
    without projects: the new way of working is the change itself)."""
    k = P.n_projects[t]
    for i in range(n):
        live = k == 0
        for j in range(k):
            if P.delivered_week[t, j] >= 0 and P.involved[t, S.department[a + i], j]:
                live = True
        S.context[LIVE, a + i] = 1.0 if live else 0.0


@weekly
def people_of(S, P, t, a, n, projects, out):
    """Staff (rows of the batch) in the departments of these projects: how many, their
    rows at the start of ``out``."""
    k = 0
    for i in range(a, a + n):
        d = S.department[i]
        for j in projects:
            if P.involved[t, d, j]:
                out[k] = i
                k += 1
                break
    return k


@weekly
def notice(S, P, X, t, a, n, joins, delivered, dropped):
    """What people notice of the plan this week (its ``joins`` departments joined,
    ``delivered`` and ``dropped`` projects, in ``X`` as advance_plan left them): a
    delivered project is a visible result where its systems go live, a dropped one a
    broken promise, and a department joining the change (stepwise rollout) is shown what
    is in it for it."""
    st = P.settings[t]
    if delivered:
        k = people_of(S, P, t, a, n, X.delivered_now[:delivered], X.people)
        see_result(S.drivers, S.evidence, X.people[:k], st.visible_result)
        update_live(S, P, t, a, n)
    if dropped:
        k = people_of(S, P, t, a, n, X.dropped_now[:dropped], X.people)
        disappoint(S.drivers, X.people[:k], st.drop_disappointment)
    joined_now = X.joined_now
    if joins:
        for i in range(n):
            S.context[JOINED, a + i] = 1.0 if P.joined[t, S.department[a + i]] else 0.0
        if st.stepwise > 0:
            keep = 1.0 - st.what_is_in_it
            for i in range(n):
                for m in range(joins):
                    if S.department[a + i] == joined_now[m]:
                        S.drivers[DOUBT, a + i] *= keep
                        S.drivers[CONFLICTING, a + i] *= keep
