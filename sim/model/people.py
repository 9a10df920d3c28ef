"""The state of all staff as arrays: traits, resistance drivers, stage and memories.

One entry per person, in the order of :class:`sim.organisation.Organisation`;
drivers are stored cause by cause (one row per cause) so that sums and maxima over
causes are fast array reductions. The Mesa
agents read and write through these arrays, and the weekly update changes them all
at once. Every starting value below is an assumption (docs/model.md, "Initial state").
"""

from __future__ import annotations

from dataclasses import dataclass

import numba
import numpy as np

from sim.config.schema import SimConfig
from sim.model.organisation import Organisation, Role
from sim.model.states import Cause, Stage

# Starting levels of the drivers before the plan is communicated (assumptions).
INITIAL_INCOMPLETE_INFORMATION = 0.6
INITIAL_FAILING_INTERACTION = 0.2
INITIAL_DISTRUST = 0.2
# Tenure (years) over which bad experiences with earlier changes accumulate.
GRIEVANCE_TENURE_YEARS = 10.0
# Share of employees already exploring at plan start; key figures are early movers.
EARLY_EXPLORERS = {Role.EMPLOYEE: 0.05, Role.KEY_FIGURE: 0.5}


def baseline(openness, tenure, workload, exposure, past_change_failures) -> np.ndarray:
    """Level each driver returns to when nothing acts on it, (causes, people)."""
    base = np.zeros((len(Cause), len(openness)))
    base[Cause.DOUBT_ABOUT_CHANGE] = 0.8 * (1 - openness)
    base[Cause.INCOMPLETE_INFORMATION] = INITIAL_INCOMPLETE_INFORMATION
    base[Cause.UNCERTAINTY_OWN_POSITION] = 0.3 * exposure
    base[Cause.CONFLICTING_INTERESTS] = conflicting_interests(exposure, workload)
    base[Cause.UNFAMILIARITY] = 0.8 * exposure
    base[Cause.OLD_GRIEVANCES] = past_change_failures * (
        1 - np.exp(-tenure / GRIEVANCE_TENURE_YEARS))
    base[Cause.FAILING_INTERACTION] = INITIAL_FAILING_INTERACTION
    base[Cause.DISTRUST_OF_CHANGE_AGENT] = INITIAL_DISTRUST
    return np.clip(base, 0.0, 1.0, out=base)


@numba.njit(cache=True)
def conflicting_interests(exposure, workload):
    """What the change costs a person's regular work: more when the week is full."""
    return np.minimum(0.5 * exposure * np.minimum(workload, 1.5), 1.0)


def starting_drivers(base: np.ndarray, distrust_from_grievances: float) -> np.ndarray:
    """Drivers at the start: the baseline, with distrust no lower than grievances set it."""
    drivers = base.copy()
    drivers[Cause.DISTRUST_OF_CHANGE_AGENT] = np.maximum(
        base[Cause.DISTRUST_OF_CHANGE_AGENT],
        distrust_from_grievances * base[Cause.OLD_GRIEVANCES])
    return drivers


@dataclass
class People:
    """Traits, drivers, stage and the memories behind doubt, uncertainty and grievances."""

    openness: np.ndarray  # disposition to change, [0, 1]
    tenure: np.ndarray  # years in the organisation
    workload: np.ndarray  # regular work, 1 = a full week
    exposure: np.ndarray  # how much the plan changes this person's work, [0, 1]
    baseline: np.ndarray  # (causes, n): level each driver returns to when nothing acts on it
    drivers: np.ndarray  # (causes, n): resistance drivers in [0, 1], one row per cause
    stage: np.ndarray  # Stage per person
    weeks_in_stage: np.ndarray
    evidence: np.ndarray  # memory behind doubt: how much of the change working one has seen
    threat: np.ndarray  # memory behind uncertainty: perceived threat to one's position
    acknowledged: np.ndarray  # memory behind old grievances: how far the past has been named

    @property
    def size(self) -> int:
        return len(self.stage)

    @classmethod
    def initial(cls, org: Organisation, cfg: SimConfig, rng: np.random.Generator) -> People:
        """Draw the staff's traits and their state at the start of the plan."""
        n, o = org.size, cfg.organisation
        mmc = cfg.leadership.middle_management_commitment
        openness = rng.beta(2.0, 2.0, n)
        is_kf, is_mgr = org.is_key_figure, org.is_manager
        openness[is_kf] = rng.beta(6.0, 2.0, is_kf.sum())
        # Middle-management commitment is the managers' disposition to this plan.
        openness[is_mgr] = rng.beta(1 + 4 * mmc, 1 + 4 * (1 - mmc), is_mgr.sum())
        tenure = np.minimum(rng.gamma(2.0, o.tenure_mean_years / 2.0, n), 45.0)
        workload = o.workload * rng.lognormal(0.0, 0.15, n)
        dept_exposure = rng.uniform(0.3, 1.0, org.n_departments)
        exposure = np.clip(dept_exposure[org.department] * rng.uniform(0.7, 1.3, n), 0, 1)

        base = baseline(openness, tenure, workload, exposure, o.past_change_failures)
        drivers = starting_drivers(base, cfg.dynamics.distrust_from_grievances)

        explore_chance = np.select(
            [is_mgr, is_kf], [mmc, EARLY_EXPLORERS[Role.KEY_FIGURE]],
            EARLY_EXPLORERS[Role.EMPLOYEE],
        )
        stage = np.where(rng.random(n) < explore_chance, Stage.EXPLORATION, Stage.DENIAL)
        return cls(
            openness=openness,
            tenure=tenure,
            workload=workload,
            exposure=exposure,
            baseline=base,
            drivers=drivers,
            stage=stage.astype(np.intp),
            weeks_in_stage=np.zeros(n, np.int64),
            evidence=np.zeros(n),
            threat=np.zeros(n),
            acknowledged=np.zeros(n),
        )

    def renew(self, who: np.ndarray, openness: np.ndarray, stage: Stage, cfg: SimConfig) -> None:
        """Newcomers take over positions ``who``: no history here, so no old grievances."""
        self.openness[who] = openness
        self.tenure[who] = 0.0
        base = baseline(openness, self.tenure[who], self.workload[who], self.exposure[who],
                        cfg.organisation.past_change_failures)
        self.baseline[:, who] = base
        self.drivers[:, who] = starting_drivers(base, cfg.dynamics.distrust_from_grievances)
        self.stage[who] = stage
        self.weeks_in_stage[who] = 0
        self.evidence[who] = 0.0
        self.threat[who] = 0.0
        self.acknowledged[who] = 0.0
