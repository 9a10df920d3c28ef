"""When the organisation has adopted the plan, and how long that took.

Adoption holds in a week when the committed share of staff (of the whole
organisation, or of every department) is at least ``committed_share``. The plan
is adopted in the first week in which that has held for ``sustain_weeks`` weeks in
a row: the week an observer could first say so, without looking ahead. Runs that
never get there within the horizon are right-censored: no time is made up.
"""

from __future__ import annotations

import numpy as np

from sim.config import AdoptionConfig
from sim.states import Stage


class AdoptionWatch:
    """Follows the adoption condition week by week and dates adoption."""

    def __init__(self, cfg: AdoptionConfig, department: np.ndarray, n_departments: int):
        self.cfg = cfg
        self.department = department
        self.department_size = np.bincount(department, minlength=n_departments)
        self.streak = 0
        self.week: int | None = None  # week of adoption, None while not (yet) adopted

    @property
    def adopted(self) -> bool:
        return self.week is not None

    def committed_shares(self, stage: np.ndarray) -> np.ndarray:
        """Committed share of each department."""
        committed = np.bincount(
            self.department, weights=stage == Stage.COMMITMENT, minlength=len(self.department_size)
        )
        return committed / self.department_size

    def holds(self, stage: np.ndarray) -> bool:
        if self.cfg.scope == "organisation":
            share = np.count_nonzero(stage == Stage.COMMITMENT) / len(stage)
        else:
            share = self.committed_shares(stage).min()
        return bool(share >= self.cfg.committed_share)

    def update(self, week: int, stage: np.ndarray) -> None:
        self.streak = self.streak + 1 if self.holds(stage) else 0
        if self.week is None and self.streak >= self.cfg.sustain_weeks:
            self.week = week
