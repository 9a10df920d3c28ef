"""When the municipality has adopted the plan, and how long that took.

The organisation is committed in a week when the committed share of staff (of the
whole organisation, or of every department) is at least ``committed_share``, and
has been for ``sustain_weeks`` weeks in a row: the week an observer could first say
so, without looking ahead. The plan is adopted in the first week in which the
organisation is committed and the plan's (kept) projects are delivered. Both
component weeks are kept, so users see which one was binding. Runs that never get
there within the horizon are right-censored: no time is made up.
"""

from __future__ import annotations

import numpy as np

from sim.config.schema import AdoptionConfig
from sim.model.states import Stage


class AdoptionWatch:
    """Follows the adoption condition week by week and dates adoption."""

    def __init__(self, cfg: AdoptionConfig, department: np.ndarray, n_departments: int):
        self.cfg = cfg
        self.department = department
        self.department_size = np.bincount(department, minlength=n_departments)
        self.streak = 0
        self.week: int | None = None  # week of adoption, None while not (yet) adopted
        self.commitment_week: int | None = None  # first week the organisation was committed

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

    def update(self, week: int, stage: np.ndarray, plan_delivered: bool = True) -> None:
        self.streak = self.streak + 1 if self.holds(stage) else 0
        committed = self.streak >= self.cfg.sustain_weeks
        if committed and self.commitment_week is None:
            self.commitment_week = week
        if self.week is None and committed and plan_delivered:
            self.week = week

    def binding(self, plan_delivered_week: int | None) -> str | None:
        """Which component came last: 'organisation' or 'plan' (None if not adopted)."""
        if self.week is None:
            return None
        return "plan" if plan_delivered_week == self.week and (
            self.commitment_week is None or self.commitment_week < self.week) else "organisation"
