"""The per-week record of a run: stage shares per role, drivers and main causes.

Each week only the raw state is kept (everyone's stage and main cause as small
integers, the mean drivers, the board's commitment); the shares per role, cause and
department are derived for all weeks at once in :meth:`History.frame`. That keeps
recording to a few array copies a week, where Mesa's DataCollector would call a
Python reporter per column per week and cost more than the week's update itself.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.model.dynamics import JOINED, MATURITY
from sim.model.states import CAUSES, NO_RESISTANCE, STAGES, Stage, board_stage
from sim.plan.realisation import on_schedule, plan_shares
from sim.weekly import weekly

ROLES = ("board", "manager", "key_figure", "employee", "staff")
# Staff roles in the order of ROLES[1:4], indexed by sim.organisation.Role.
ROLE_ORDER = np.array([2, 1, 0], np.int8)  # EMPLOYEE -> 2, KEY_FIGURE -> 1, MANAGER -> 0
ROLE_CODE = (ROLE_ORDER * 4).astype(np.int8)  # what a role adds to a stage's code
PLAN_COLUMNS = ("plan_planned", "plan_delivered", "on_schedule", "projects_dropped")
MAIN_CAUSES = (*CAUSES, NO_RESISTANCE)


def stage_column(role: str, stage: str) -> str:
    return f"{role}_{stage}"


class History:
    """The weekly record of one run (rows 0 to ``weeks - 1`` filled so far), and the tidy
    table derived from it. The engine writes the rows (:func:`sim.engine.step.record_week`);
    these are views of its arrays."""

    def __init__(self, code: np.ndarray, main_cause: np.ndarray, drivers: np.ndarray,
                 board: np.ndarray, maturity: np.ndarray, plan: np.ndarray,
                 department: np.ndarray, filled):
        self.code = code  # (rows, n): 4 * role (ROLE_ORDER) + stage
        self.main_cause = main_cause  # (rows, n): -1 no resistance
        self.drivers = drivers  # (rows, causes): mean over staff
        self.board = board  # (rows, board members)
        self.maturity = maturity
        self.plan = plan  # (rows, PLAN_COLUMNS)
        self.department = department
        self._filled = filled  # the engine's count of rows filled (a one-element view)

    @property
    def weeks(self) -> int:
        """Rows filled: weeks 0 to weeks - 1."""
        return int(self._filled[0])

    @property
    def stage(self) -> np.ndarray:
        return self.code[: self.weeks] % 4

    def _shares(self, codes: np.ndarray, n_codes: int, weights=None) -> np.ndarray:
        """Per week, the share of people in each code (codes: weeks x people)."""
        weeks, n = codes.shape
        flat = (np.arange(weeks)[:, None] * n_codes + codes).ravel()
        counts = np.bincount(flat, weights=weights, minlength=weeks * n_codes)
        return counts.reshape(weeks, n_codes).astype(float)

    def committed_share(self) -> np.ndarray:
        return np.mean(self.stage == Stage.COMMITMENT, axis=1)

    def frame(self, events: list[dict] = ()) -> pd.DataFrame:
        """One row per week: shares of each stage per role, mean drivers, main causes,
        the plan's progress, and the events that struck that week."""
        w = self.weeks
        code = self.code[:w].astype(np.intp)
        stage = code % 4
        n = stage.shape[1]
        by_role = self._shares(code, 12).reshape(w, 3, 4)
        by_role /= np.maximum(by_role.sum(axis=2, keepdims=True), 1)
        staff = self._shares(stage, 4) / n
        board = self._shares(board_stage(self.board[:w]), 4) / self.board.shape[1]
        main = self._shares(self.main_cause[:w].astype(np.intp) + 1, len(MAIN_CAUSES)) / n
        committed = stage == Stage.COMMITMENT
        n_dep = self.department.max() + 1
        dep_size = np.bincount(self.department, minlength=n_dep)
        dep_committed = self._shares(np.broadcast_to(self.department, stage.shape), n_dep,
                                     weights=committed.ravel()) / dep_size
        columns = {
            "week": np.arange(w),
            "board_mean_commitment": self.board[:w].mean(axis=1),
            "system_maturity": self.maturity[:w],
            "committed_share": staff[:, Stage.COMMITMENT],
            "min_department_committed": dep_committed.min(axis=1),
        }
        for i, s in enumerate(STAGES):
            columns[stage_column("board", s)] = board[:, i]
            for r, role in enumerate(ROLES[1:4]):
                columns[stage_column(role, s)] = by_role[:, r, i]
            columns[stage_column("staff", s)] = staff[:, i]
        for i, c in enumerate(CAUSES):
            columns[f"mean_{c}"] = self.drivers[:w, i]
        for i, c in enumerate((NO_RESISTANCE, *CAUSES)):
            columns[f"main_{c}"] = main[:, i]
        for i, c in enumerate(PLAN_COLUMNS):
            columns[c] = self.plan[:w, i]
        frame = pd.DataFrame(columns).astype({"on_schedule": bool, "projects_dropped": int})
        names = pd.Series("", index=frame.index, dtype=object)
        for e in events:
            if e["week"] < w:
                names[e["week"]] = ";".join(filter(None, [names[e["week"]], e["name"]]))
        frame["events"] = names
        return frame


@weekly
def record_week(S, Tw, P, R, t, w, stepwise):
    """Weeks per main cause (found by :func:`sim.model.dynamics.week`, at week 0 by
    ``main_causes``; none for those a stepwise rollout has not reached yet), and, if
    recording, the week's raw state: role and stage codes, main causes, mean drivers,
    board, maturity, plan."""
    a, b = Tw.p0[t], Tw.p0[t + 1]
    main = S.main_cause[a:b]
    if stepwise:
        for i in range(a, b):
            if S.context[JOINED, i] == 0:
                main[i - a] = -1
    for i in range(b - a):  # weeks per main cause (no resistance last), summed for summaries
        R.cause_weeks[t, main[i] if main[i] >= 0 else R.cause_weeks.shape[1] - 1] += 1
    if Tw.adopted_week[t] == w:
        for c in range(R.cause_weeks.shape[1]):
            R.cause_weeks_at_adoption[t, c] = R.cause_weeks[t, c]
    if not R.on[0]:
        return
    n = b - a
    row = R.w0[t] + w
    cell = R.r0[t] + w * n
    for i in range(n):
        R.code[cell + i] = R.role_code[a + i] + S.stage[a + i]
        R.main_cause[cell + i] = main[i]
    for c in range(S.drivers.shape[0]):
        R.drivers[row, c] = S.drivers[c, a:b].mean()
    size = Tw.b0[t + 1] - Tw.b0[t]
    for m in range(size):
        R.board[R.g0[t] + w * size + m] = Tw.board[Tw.b0[t] + m]
    R.maturity[row] = Tw.situation[t, MATURITY]
    due, done = plan_shares(P, t, w)
    dropped = 0
    for j in range(P.n_projects[t]):
        if P.dropped_week[t, j] >= 0:
            dropped += 1
    R.plan[row, 0] = due
    R.plan[row, 1] = done
    R.plan[row, 2] = 1.0 if on_schedule(P, t, w) else 0.0
    R.plan[row, 3] = dropped
    R.weeks[t] = w + 1
