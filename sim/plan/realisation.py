"""The realisation plan: projects delivered on a schedule by the people who carry them.

Each week the capacity freed for the plan is spent on the active projects of each
department, in proportion to how engaged its people are (committed staff deliver,
staff in denial do not). Project hours that are not replaced land on top of the
regular work and raise workload, which feeds back into resistance. The board drops
a project after sustained delay (the municipality scales its ambition down) and a
large budget cut stops the plan.
"""

from __future__ import annotations

import numpy as np

from sim.config.schema import PlanConfig
from sim.config.vocabulary import FUNCTIONS
from sim.model.organisation import Organisation

# Share of the freed hours that become project progress, by stage (assumption):
# assigned work gets done even in denial, but badly; committed people deliver fully.
PRODUCTIVITY = np.array([0.3, 0.3, 0.7, 1.0])


def departments_of(functions: list[str], n_departments: int) -> np.ndarray:
    """Departments doing these functions (function k sits in department k mod D)."""
    involved = np.zeros(n_departments, bool)
    for f in functions:
        if f == "all":
            involved[:] = True
        else:
            involved[FUNCTIONS.index(f) % n_departments] = True
    return involved


class RealisationPlan:
    """Progress of every project, week by week, and what it does to workload."""

    def __init__(self, cfg: PlanConfig, org: Organisation, base_workload: np.ndarray):
        self.cfg = cfg
        self.names = tuple(cfg.projects)
        projects = list(cfg.projects.values())
        self.labels = tuple(p.label or n for n, p in zip(self.names, projects, strict=True))
        self.department = org.department
        staff_per_dept = np.bincount(org.department, minlength=org.n_departments)
        self.involved = np.zeros((org.n_departments, len(projects)), bool)  # department x project
        for j, p in enumerate(projects):
            self.involved[:, j] = departments_of(p.functions, org.n_departments)
        self.effort = np.array([p.effort for p in projects]) * cfg.ambition * (
            staff_per_dept @ self.involved)
        self.start = np.array([p.start_week for p in projects])
        self.end = np.array([p.end_week for p in projects])
        self.block = np.array([p.national_block for p in projects], dtype=object)
        self.progress = np.zeros(len(projects))
        self.delivered_week = np.full(len(projects), -1)
        self.dropped_week = np.full(len(projects), -1)
        self.waiting_until = np.zeros(len(projects), int)
        self.capacity = cfg.capacity
        self.attention = 1.0  # share of attention left for the plan (a merger draws it away)
        self.base_workload = base_workload.copy()
        self.behind_weeks = 0
        self.stopped_week: int | None = None
        self.delivered_at: int | None = None if self.names else 0
        self._planned_week, self._planned = None, None
        self.schedule_end = int(self.end.max()) if len(self.end) else 0
        self._final_status: tuple | None = None
        self._active: np.ndarray | None = None  # projects worked on, as of the last week
        self.finished = False  # no open project left: nothing more to spend or carry

    @property
    def open(self) -> np.ndarray:
        """Projects neither delivered nor dropped."""
        return (self.delivered_week < 0) & (self.dropped_week < 0)

    @property
    def delivered(self) -> bool:
        """All projects that were kept are delivered (a stopped plan never is)."""
        return self.delivered_at is not None and self.stopped_week is None

    def _completed(self) -> bool:
        """No project open, and some kept (or there were none to begin with)."""
        kept = self.dropped_week < 0
        return not self.open.any() and (kept.any() or len(kept) == 0)

    @property
    def scaled_down_week(self) -> int | None:
        dropped = self.dropped_week[self.dropped_week >= 0]
        return int(dropped.min()) if len(dropped) else None

    def waiting(self, week: int) -> np.ndarray:
        """Projects that would run but wait for a delayed national building block."""
        return self.open & (self.start < week) & (self.waiting_until >= week)

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

    def advance(self, week: int, stage: np.ndarray, workload: np.ndarray) -> None:
        """Spend week ``week``'s capacity; set everyone's workload for the week."""
        if self.finished:
            return
        if not self.open.any():
            workload[:] = self.base_workload
            self.finished = True
            return
        active = self.open & (self.start < week) & (self.waiting_until < week)
        if self._active is None or not np.array_equal(active, self._active):
            self._work_on(active, workload)
        engaged = np.bincount(self.department, weights=PRODUCTIVITY[stage],
                              minlength=len(self.involved))
        self.progress[active] += self.capacity * self.attention * (engaged @ self._share)
        done = active & (self.progress >= self.effort)
        self.delivered_week[done] = week
        if self.open.any() and not self.on_schedule(week):
            self.behind_weeks += 1
            if self.behind_weeks >= self.cfg.drop_after_weeks:
                self.drop_least_advanced(week)
        else:
            self.behind_weeks = 0
        if self.delivered_at is None and self.stopped_week is None and self._completed():
            self.delivered_at = week

    def _work_on(self, active: np.ndarray, workload: np.ndarray) -> None:
        """Projects ``active`` are now worked on (kept until that set or the capacity
        changes): how each department divides its hours over them, and everyone's
        workload, raised in the departments that carry one."""
        self._active = active
        per_dept = self.involved[:, active].sum(axis=1)
        self._share = self.involved[:, active] / np.maximum(per_dept, 1)[:, None]
        busy = (per_dept > 0)[self.department]
        workload[:] = self.base_workload + busy * (self.capacity * (1 - self.cfg.replacement))

    def drop_least_advanced(self, week: int) -> None:
        """The board scales the ambition down: the least advanced open project goes."""
        candidates = np.flatnonzero(self.open)
        worst = candidates[np.argmin(self.progress[candidates] / self.effort[candidates])]
        self.dropped_week[worst] = week
        self.behind_weeks = 0

    def cut_budget(self, week: int, size: float) -> None:
        """Less capacity for the plan; above ``stop_above_cut`` the plan stops."""
        self.capacity *= 1.0 - size
        self._active = None  # the workload follows the new capacity
        if size > self.cfg.stop_above_cut:
            self.dropped_week[self.open] = week
            self.stopped_week = week

    def delay(self, block: str, until: int) -> None:
        """Projects on a national building block wait until week ``until``."""
        hit = self.block == block
        self.waiting_until[hit] = np.maximum(self.waiting_until[hit], until)

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
