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

from sim.states import CAUSES, NO_RESISTANCE, STAGES, Stage

ROLES = ("board", "manager", "key_figure", "employee", "staff")
MAIN_CAUSES = (*CAUSES, NO_RESISTANCE)


def stage_column(role: str, stage: str) -> str:
    return f"{role}_{stage}"


class History:
    """Raw weekly state of one run, and the tidy table derived from it."""

    def __init__(self, weeks: int, role: np.ndarray, department: np.ndarray, board_size: int):
        n = len(role)
        self.role = role  # 0 manager, 1 key figure, 2 employee (order of ROLES[1:4])
        self.department = department
        self.stage = np.empty((weeks + 1, n), np.int8)
        self.main_cause = np.empty((weeks + 1, n), np.int8)  # -1: no resistance
        self.drivers = np.empty((weeks + 1, len(CAUSES)))
        self.board = np.empty((weeks + 1, board_size))
        self.maturity = np.empty(weeks + 1)
        self.weeks = 0  # rows filled

    def record(self, stage, main_cause, drivers, board, maturity) -> None:
        w = self.weeks
        self.stage[w] = stage
        self.main_cause[w] = main_cause
        np.add.reduce(drivers, axis=1, out=self.drivers[w])
        self.drivers[w] /= drivers.shape[1]
        self.board[w] = board
        self.maturity[w] = maturity
        self.weeks += 1

    def _shares(self, codes: np.ndarray, n_codes: int, weights=None) -> np.ndarray:
        """Per week, the share of people in each code (codes: weeks x people)."""
        weeks, n = codes.shape
        flat = (np.arange(weeks)[:, None] * n_codes + codes).ravel()
        counts = np.bincount(flat, weights=weights, minlength=weeks * n_codes)
        return counts.reshape(weeks, n_codes).astype(float)

    def committed_share(self) -> np.ndarray:
        return np.mean(self.stage[: self.weeks] == Stage.COMMITMENT, axis=1)

    def frame(self) -> pd.DataFrame:
        """One row per week: shares of each stage per role, mean drivers, main causes."""
        w = self.weeks
        stage = self.stage[:w].astype(np.intp)
        n = stage.shape[1]
        role_size = np.bincount(self.role, minlength=3)
        by_role = self._shares(self.role * 4 + stage, 12).reshape(w, 3, 4)
        by_role /= np.maximum(role_size, 1)[None, :, None]
        staff = self._shares(stage, 4) / n
        board_stage = np.minimum((self.board[:w] * 4).astype(np.intp), Stage.COMMITMENT)
        board = self._shares(board_stage, 4) / self.board.shape[1]
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
        return pd.DataFrame(columns)
