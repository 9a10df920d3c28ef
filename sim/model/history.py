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

from sim.model.states import CAUSES, NO_RESISTANCE, STAGES, Stage, board_stage

ROLES = ("board", "manager", "key_figure", "employee", "staff")
# Staff roles in the order of ROLES[1:4], indexed by sim.organisation.Role.
ROLE_ORDER = np.array([2, 1, 0], np.int8)  # EMPLOYEE -> 2, KEY_FIGURE -> 1, MANAGER -> 0
PLAN_COLUMNS = ("plan_planned", "plan_delivered", "on_schedule", "projects_dropped")
MAIN_CAUSES = (*CAUSES, NO_RESISTANCE)


def stage_column(role: str, stage: str) -> str:
    return f"{role}_{stage}"


class History:
    """Raw weekly state of one run, and the tidy table derived from it."""

    def __init__(self, weeks: int, role: np.ndarray, department: np.ndarray, board_size: int):
        n = len(department)
        self.department = department
        self.role_code = np.empty(n, np.int8)  # 4 * role, by ROLE_ORDER
        self.roles_changed(role)
        self.code = np.empty((weeks + 1, n), np.int8)  # 4 * role + stage
        self.main_cause = np.empty((weeks + 1, n), np.int8)  # -1: no resistance
        self.drivers = np.empty((weeks + 1, len(CAUSES)))
        self.board = np.empty((weeks + 1, board_size))
        self.maturity = np.empty(weeks + 1)
        self.plan = np.empty((weeks + 1, len(PLAN_COLUMNS)))
        self.weeks = 0  # rows filled

    @property
    def stage(self) -> np.ndarray:
        return self.code[: self.weeks] % 4

    def roles_changed(self, role: np.ndarray, who=slice(None)) -> None:
        """Newcomers in positions ``who`` (everyone by default): recorded from now on
        under their role."""
        self.role_code[who] = ROLE_ORDER[role[who]] * 4

    def record(self, stage, main_cause, drivers, board, maturity, plan) -> None:
        w = self.weeks
        np.add(self.role_code, stage, out=self.code[w], casting="unsafe")
        self.main_cause[w] = main_cause
        np.add.reduce(drivers, axis=1, out=self.drivers[w])
        self.drivers[w] /= drivers.shape[1]
        self.board[w] = board
        self.maturity[w] = maturity
        self.plan[w] = plan
        self.weeks += 1

    def _shares(self, codes: np.ndarray, n_codes: int, weights=None) -> np.ndarray:
        """Per week, the share of people in each code (codes: weeks x people)."""
        weeks, n = codes.shape
        flat = (np.arange(weeks)[:, None] * n_codes + codes).ravel()
        counts = np.bincount(flat, weights=weights, minlength=weeks * n_codes)
        return counts.reshape(weeks, n_codes).astype(float)

    def main_cause_shares(self, until: int) -> np.ndarray:
        """Share of staff per main cause (MAIN_CAUSES order), averaged over weeks 0..until."""
        codes = self.main_cause[: until + 1].astype(np.intp).ravel()
        counts = np.bincount(codes + 1, minlength=len(MAIN_CAUSES)) / codes.size
        return np.append(counts[1:], counts[0])  # causes, then no resistance

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
