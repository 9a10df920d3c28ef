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

from dataclasses import dataclass, field
from datetime import date

import numpy as np

from sim.config.schema import PlanConfig
from sim.config.vocabulary import FUNCTIONS
from sim.model.organisation import Organisation, Role
from sim.plan.calendar import weeks_after

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


def steering(quality: float) -> float:
    """Share of the freed hours a coordinator of this quality turns into project work
    (assumption: without anyone steering, half is lost to coordination)."""
    return 0.5 + 0.5 * quality


def know_how(knowledge: float) -> float:
    """Progress per hour worked at this knowledge (assumption: half without any)."""
    return 0.5 + 0.5 * min(knowledge, 1.0)


@dataclass
class WeekNews:
    """What the plan did this week that people notice."""

    delivered: list[int] = field(default_factory=list)  # projects delivered
    dropped: list[int] = field(default_factory=list)  # projects dropped
    joined: list[int] = field(default_factory=list)  # departments that joined the change


class RealisationPlan:
    """Progress of every project, week by week, and what it does to workload."""

    def __init__(self, cfg: PlanConfig, org: Organisation, base_workload: np.ndarray,
                 coordinator_quality: float, knowledge: float):
        self.cfg = cfg
        self.names = tuple(project_order(cfg))  # priority order: the leading theme first
        projects = [cfg.projects[name] for name in self.names]
        self.labels = tuple(p.label or n for n, p in zip(self.names, projects, strict=True))
        self.department = org.department
        self.role = org.role  # the organisation's own array: newcomers' roles show here
        staff_per_dept = np.bincount(org.department, minlength=org.n_departments)
        self.involved = np.zeros((org.n_departments, len(projects)), bool)  # department x project
        for j, p in enumerate(projects):
            self.involved[:, j] = departments_of(p.functions, org.n_departments)
        self.effort = np.array([p.effort for p in projects]) * cfg.ambition * (
            staff_per_dept @ self.involved)
        # The theme's projects take the plan's start slots in order, keeping their durations.
        self.start = np.array(sorted(p.start_week for p in cfg.projects.values()), dtype=int)
        self.end = self.start + np.array([p.end_week - p.start_week for p in projects], int)
        self.block = np.array([p.national_block for p in projects], dtype=object)
        self.mandatory = np.array([p.mandatory for p in projects], dtype=bool)
        start_date = date.fromisoformat(cfg.start_date)
        self.available = np.array([
            weeks_after(start_date, date.fromisoformat(cfg.national_blocks[b].available))
            if b else -NEVER for b in self.block], dtype=int)  # first week the block is usable
        self.progress = np.zeros(len(projects))
        self.delivered_week = np.full(len(projects), -1)
        self.dropped_week = np.full(len(projects), -1)
        self.capacity = cfg.capacity  # the municipality's own; budget cuts shrink it
        self.support_capacity = 0.0  # advisers' hours while they are engaged
        self.coordinator = coordinator_quality
        self.knowledge = knowledge
        self.attention = 1.0  # share of attention left for the plan (a merger draws it away)
        self.base_workload = base_workload.copy()
        self.behind_weeks = 0
        self.stopped_week: int | None = None
        self.delivered_at: int | None = None if self.names else 0
        self._planned_week, self._planned = None, None
        self.schedule_end = int(self.end.max()) if len(self.end) else 0
        self._final_status: tuple | None = None
        self._active: np.ndarray | None = None  # projects worked on, as of the last week
        self._settings: tuple | None = None  # capacity and coordinator behind the division
        self.finished = False  # no open project left: nothing more to spend or carry
        self.join_week = self._join_weeks(org.n_departments)
        self.joined_departments = np.zeros(org.n_departments, bool)

    def _join_weeks(self, n_departments: int) -> np.ndarray:
        """Week after which each department joins the change: all at once, or in turn,
        those of the leading project first."""
        if self.cfg.rollout == "big_bang" or not self.names:
            return np.zeros(n_departments, int)
        first = self.involved[:, 0]
        order = np.concatenate([np.flatnonzero(first), np.flatnonzero(~first)])
        weeks = np.empty(n_departments, int)
        weeks[order] = np.arange(n_departments) * self.cfg.rollout_weeks
        return weeks

    @property
    def open(self) -> np.ndarray:
        """Projects neither delivered nor dropped."""
        return (self.delivered_week < 0) & (self.dropped_week < 0)

    @property
    def delivered(self) -> bool:
        """All projects that were kept are delivered (a stopped plan never is)."""
        return self.delivered_at is not None and self.stopped_week is None

    @property
    def scaled_down(self) -> bool:
        """Some project was dropped: what is delivered is less than the original plan."""
        return bool((self.dropped_week >= 0).any())

    def _completed(self) -> bool:
        """No project open, and some kept (or there were none to begin with)."""
        kept = self.dropped_week < 0
        return not self.open.any() and (kept.any() or len(kept) == 0)

    @property
    def scaled_down_week(self) -> int | None:
        dropped = self.dropped_week[self.dropped_week >= 0]
        return int(dropped.min()) if len(dropped) else None

    def cap(self, week: int) -> np.ndarray:
        """Progress each project can reach by now: all of it once its block is usable."""
        before = self.available >= week
        return self.effort * np.where(before, self.cfg.before_block_share, 1.0)

    def waiting(self, week: int) -> np.ndarray:
        """Projects that have done what they can and wait for their national block."""
        return (self.open & (self.start < week) & (self.available >= week)
                & (self.progress >= self.cap(week)))

    def waiting_people(self, week: int) -> np.ndarray | None:
        """Staff in departments whose project waits for a national building block (None
        when no project waits)."""
        if self.finished:
            return None
        waiting = self.waiting(week)
        return self.involved[:, waiting].any(axis=1)[self.department] if waiting.any() else None

    def planned(self, week: int) -> np.ndarray:
        """Effort the schedule foresaw by the end of ``week``, per project."""
        if week != self._planned_week:  # asked several times a week
            self._planned_week = week
            self._planned = self.effort * np.clip((week - self.start) / (self.end - self.start),
                                                  0.0, 1.0)
        return self._planned

    def on_schedule(self, week: int) -> bool:
        kept = self.dropped_week < 0
        planned = self.planned(week)[kept].sum()
        return bool(self.progress[kept].sum() >= (1 - self.cfg.schedule_tolerance) * planned)

    def live_people(self) -> np.ndarray:
        """Per person: are new systems live in their department (a project of theirs
        delivered)? Without projects, the new way of working itself is live everywhere."""
        if not self.names:
            return np.ones(len(self.department))
        delivered = self.delivered_week >= 0
        return self.involved[:, delivered].any(axis=1)[self.department].astype(float)

    def joined_people(self) -> np.ndarray:
        """Per person: has their department joined the change?"""
        return self.joined_departments[self.department]

    def advance(self, week: int, stage: np.ndarray, workload: np.ndarray) -> WeekNews:
        """Spend week ``week``'s capacity; set everyone's workload for the week."""
        news = WeekNews()
        joining = ~self.joined_departments & (self.join_week < week)
        if joining.any():
            self.joined_departments |= joining
            news.joined = np.flatnonzero(joining).tolist()
        if self.finished:
            return news
        if not self.open.any():
            workload[:] = self.base_workload
            self.finished = True
            self._active = np.zeros(len(self.names), bool)
            return news
        cap = self.cap(week)
        active = self.open & (self.start < week) & (self.progress < cap)
        settings = (self.capacity, self.support_capacity, self.coordinator, self.knowledge,
                    self.attention)
        if (self._active is None or not np.array_equal(active, self._active)
                or settings != self._settings or joining.any()):
            self._work_on(active, workload, settings)
        pull = np.where(self.role == Role.KEY_FIGURE, self.cfg.key_figure_pull, 1.0)
        engaged = np.bincount(self.department, weights=PRODUCTIVITY[stage] * pull,
                              minlength=len(self.involved)) * self.joined_departments
        self.progress[active] += self._rate * (engaged @ self._share)[active]
        np.minimum(self.progress, cap, out=self.progress, where=active)
        done = active & (self.progress >= self.effort)
        self.delivered_week[done] = week
        news.delivered = np.flatnonzero(done).tolist()
        if self.open.any() and not self.on_schedule(week):
            self.behind_weeks += 1
            if self.behind_weeks >= self.cfg.drop_after_weeks:
                dropped = self.drop_least_advanced(week)
                news.dropped += [] if dropped is None else [dropped]
        else:
            self.behind_weeks = 0
        if self.delivered_at is None and self.stopped_week is None and self._completed():
            self.delivered_at = week
        return news

    def _work_on(self, active: np.ndarray, workload: np.ndarray, settings: tuple) -> None:
        """Projects ``active`` are now worked on (kept until that set, the capacity, the
        coordinator, the knowledge or the attention change): how each department divides
        its hours over them, and everyone's workload, raised in the departments that carry
        one.

        A department gives ``1 - q`` of its hours evenly to its active projects and ``q``
        to the first of them in the plan's order, q the coordinator's quality: a good
        coordinator finishes one thing at a time.
        """
        self._active, self._settings = active, settings
        capacity, support, coordinator, knowledge, attention = settings
        involved = self.involved & active & self.joined_departments[:, None]
        per_dept = involved.sum(axis=1)
        even = involved / np.maximum(per_dept, 1)[:, None]
        first = np.zeros_like(even)
        has = per_dept > 0
        first[has, np.argmax(involved[has], axis=1)] = 1.0
        self._share = (1.0 - coordinator) * even + coordinator * first
        self._rate = ((capacity + support) * attention * steering(coordinator)
                      * know_how(knowledge))
        busy = (per_dept > 0)[self.department]
        workload[:] = self.base_workload + busy * (
            capacity * (1 - self.cfg.replacement) + self.cfg.training * self.cfg.training_hours)

    def rebuilding_people(self) -> np.ndarray:
        """Per person: is a project worked on in their department this week? Without
        projects, the new way of working is the rebuild itself, everywhere."""
        if not self.names:
            return np.ones(len(self.department))
        if self._active is None or not self._active.any():
            return np.zeros(len(self.department))
        busy = self.involved[:, self._active].any(axis=1) & self.joined_departments
        return busy[self.department].astype(float)

    def drop_least_advanced(self, week: int) -> int | None:
        """The board scales the ambition down: the least advanced open project that is
        not a legal duty goes."""
        candidates = np.flatnonzero(self.open & ~self.mandatory)
        if not len(candidates):  # only legal duties left: nothing the board can drop
            self.behind_weeks = 0
            return None
        worst = candidates[np.argmin(self.progress[candidates] / self.effort[candidates])]
        self.dropped_week[worst] = week
        self.behind_weeks = 0
        return int(worst)

    def cut_budget(self, week: int, size: float) -> list[int]:
        """Less capacity for the plan; above ``stop_above_cut`` the plan stops. Returns
        the projects dropped."""
        self.capacity *= 1.0 - size
        if size > self.cfg.stop_above_cut:
            stopped = np.flatnonzero(self.open).tolist()
            self.dropped_week[stopped] = week
            self.stopped_week = week
            return stopped
        return []

    def delay(self, block: str, week: int, weeks: int) -> None:
        """A national building block is postponed by ``weeks`` (from now, if it was due)."""
        hit = self.block == block
        self.available[hit] = np.maximum(self.available[hit], week) + weeks

    def people_of(self, projects: list[int]) -> np.ndarray:
        """Staff in the departments of these projects."""
        return np.flatnonzero(self.involved[:, projects].any(axis=1)[self.department])

    def shares(self, week: int) -> tuple[float, float]:
        """Planned and delivered effort by now, as shares of the whole original plan."""
        total = self.effort.sum()
        if total == 0:
            return 1.0, 1.0
        return (float(self.planned(week).sum() / total),
                float(np.minimum(self.progress, self.effort).sum() / total))

    def status(self, week: int) -> tuple[float, float, bool, int]:
        """The week's record: planned and delivered shares, on schedule, projects
        dropped. Constant once no project is open and the schedule has run out."""
        if self._final_status is not None:
            return self._final_status
        status = (*self.shares(week), self.on_schedule(week),
                  int(np.count_nonzero(self.dropped_week >= 0)))
        if self.finished and week >= self.schedule_end:
            self._final_status = status
        return status

    def summary(self) -> dict:
        def week_or_none(w):
            return int(w) if w >= 0 else None
        return {
            name: {"label": label, "delivered_week": week_or_none(d),
                   "dropped_week": week_or_none(x)}
            for name, label, d, x in zip(self.names, self.labels, self.delivered_week,
                                         self.dropped_week, strict=True)
        }
