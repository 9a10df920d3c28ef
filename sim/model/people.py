"""The state of all staff as arrays: traits, resistance drivers, stage and memories.

One entry per person, in the order of :class:`sim.model.organisation.Organisation`;
drivers are stored cause by cause (one row per cause) so that sums and maxima over
causes are fast array reductions. The Mesa agents read and write through these arrays,
and the weekly update changes them all at once.

Starting levels differ per person: by role (managers are better informed and trust the
change agent more), by department (each has its own climate of conversation and trust)
and by person (traits, tenure, chance). Every number below is an assumption
(docs/model.md, "Initial state") except where a config value is named.
"""

from __future__ import annotations

from dataclasses import dataclass

import numba
import numpy as np

from sim.config.schema import SimConfig
from sim.model.organisation import Organisation, Role
from sim.model.states import Cause, Stage
from sim.model.turnover import Turnover

# Mean starting levels of drivers before the plan is communicated, per role (employee,
# key figure, manager; indexed by Role): assumptions.
INCOMPLETE_INFORMATION = np.array([0.6, 0.45, 0.35])
FAILING_INTERACTION = 0.2
DISTRUST = np.array([0.1, 0.08, 0.05])
# Spread (sd of log) of the department's climate and of the person around it: assumptions.
DEPARTMENT_SPREAD = 0.4
PERSON_SPREAD = 0.3
# Tenure (years) over which bad experiences with earlier changes accumulate.
GRIEVANCE_TENURE_YEARS = 10.0
# Share of each role already exploring at plan start (managers: their commitment instead);
# key figures are early movers.
EARLY_EXPLORERS = {Role.EMPLOYEE: 0.05, Role.KEY_FIGURE: 0.5}


def varied(mean, department: np.ndarray, climate: np.ndarray,
           rng: np.random.Generator) -> np.ndarray:
    """``mean`` (a number or per person) varied by department climate and by person
    (log-normal, keeping the mean), within [0, 1]."""
    person = rng.normal(0.0, PERSON_SPREAD, len(department))
    scale = np.exp(climate[department] + person
                   - 0.5 * (PERSON_SPREAD**2 + DEPARTMENT_SPREAD**2))
    return np.clip(mean * scale, 0.0, 1.0)


@numba.njit(cache=True)
def conflicting_interests(exposure, workload):
    """What the change costs a person's regular work: more when the week is full."""
    return np.minimum(0.5 * exposure * np.minimum(workload, 1.5), 1.0)


def openness_of(role: np.ndarray, mmc: float, rng: np.random.Generator) -> np.ndarray:
    """Disposition to change: key figures are open, managers as committed as middle
    management is, employees anything in between."""
    openness = rng.beta(2.0, 2.0, len(role))
    is_kf, is_mgr = role == Role.KEY_FIGURE, role == Role.MANAGER
    openness[is_kf] = rng.beta(6.0, 2.0, is_kf.sum())
    openness[is_mgr] = rng.beta(1 + 4 * mmc, 1 + 4 * (1 - mmc), is_mgr.sum())
    return openness


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
    climate: np.ndarray  # per department: log-scale of failing interaction and distrust

    @property
    def size(self) -> int:
        return len(self.stage)

    @classmethod
    def initial(cls, org: Organisation, cfg: SimConfig, rng: np.random.Generator) -> People:
        """Draw the staff's traits and their state at the start of the plan."""
        n, o = org.size, cfg.organisation
        openness = openness_of(org.role, cfg.leadership.middle_management_commitment, rng)
        tenure = Turnover.from_config(o).tenure(n, rng)
        workload = o.workload * rng.lognormal(0.0, 0.15, n)
        dept_exposure = rng.uniform(0.3, 1.0, org.n_departments)
        exposure = np.clip(dept_exposure[org.department] * rng.uniform(0.7, 1.3, n), 0, 1)
        climate = rng.normal(0.0, DEPARTMENT_SPREAD, org.n_departments)
        people = cls(
            openness=openness, tenure=tenure, workload=workload, exposure=exposure,
            baseline=np.zeros((len(Cause), n)), drivers=np.zeros((len(Cause), n)),
            stage=np.zeros(n, np.intp), weeks_in_stage=np.zeros(n, np.int64),
            evidence=np.zeros(n), threat=np.zeros(n), acknowledged=np.zeros(n),
            climate=climate)
        people.start(np.arange(n), org, cfg, rng, newcomers=False)
        return people

    def start(self, who: np.ndarray, org: Organisation, cfg: SimConfig,
              rng: np.random.Generator, newcomers: bool) -> None:
        """Drivers, stage and memories of people ``who`` as they meet the plan: at its
        start, or as newcomers (no old grievances of this organisation, new to every
        system and process)."""
        role, dept = org.role[who], org.department[who]
        exposure = self.exposure[who]
        base = np.zeros((len(Cause), len(who)))
        base[Cause.DOUBT_ABOUT_CHANGE] = 0.8 * (1 - self.openness[who])
        base[Cause.INCOMPLETE_INFORMATION] = varied(
            INCOMPLETE_INFORMATION[role], dept, self.climate, rng)
        base[Cause.UNCERTAINTY_OWN_POSITION] = 0.3 * exposure
        base[Cause.CONFLICTING_INTERESTS] = conflicting_interests(exposure, self.workload[who])
        base[Cause.UNFAMILIARITY] = exposure if newcomers else 0.8 * exposure
        grievances = cfg.organisation.past_change_failures * -np.expm1(
            -self.tenure[who] / GRIEVANCE_TENURE_YEARS)
        base[Cause.OLD_GRIEVANCES] = np.clip(grievances * rng.lognormal(
            -0.5 * PERSON_SPREAD**2, PERSON_SPREAD, len(who)), 0.0, 1.0)
        base[Cause.FAILING_INTERACTION] = varied(FAILING_INTERACTION, dept, self.climate, rng)
        base[Cause.DISTRUST_OF_CHANGE_AGENT] = varied(DISTRUST[role], dept, self.climate, rng)
        self.baseline[:, who] = base
        drivers = base.copy()  # old grievances set a floor under distrust of the change agent
        drivers[Cause.DISTRUST_OF_CHANGE_AGENT] = np.maximum(
            base[Cause.DISTRUST_OF_CHANGE_AGENT],
            cfg.dynamics.distrust_from_grievances * base[Cause.OLD_GRIEVANCES])
        self.drivers[:, who] = drivers
        mmc = cfg.leadership.middle_management_commitment
        explore_chance = np.select(
            [role == Role.MANAGER, role == Role.KEY_FIGURE],
            [mmc, EARLY_EXPLORERS[Role.KEY_FIGURE]], EARLY_EXPLORERS[Role.EMPLOYEE])
        self.stage[who] = np.where(rng.random(len(who)) < explore_chance,
                                   Stage.EXPLORATION, Stage.DENIAL)
        self.weeks_in_stage[who] = 0
        self.evidence[who] = 0.0
        self.threat[who] = 0.0
        self.acknowledged[who] = 0.0

    def renew(self, who: np.ndarray, org: Organisation, cfg: SimConfig,
              rng: np.random.Generator) -> None:
        """Newcomers take over positions ``who`` (roles already set in ``org``): their own
        disposition, no tenure, and the drivers of someone new here."""
        self.openness[who] = openness_of(org.role[who],
                                         cfg.leadership.middle_management_commitment, rng)
        self.tenure[who] = 0.0
        self.start(who, org, cfg, rng, newcomers=True)

    def see_result(self, who: np.ndarray, size: float) -> None:
        """A visible result: those who see the change work doubt it less."""
        self.evidence[who] += size * (1.0 - self.evidence[who])
        self.drivers[Cause.DOUBT_ABOUT_CHANGE, who] *= 1.0 - size

    def disappoint(self, who: np.ndarray, size: float) -> None:
        """A promise broken (a project of theirs dropped): doubt and distrust rise, and the
        failed change adds to old grievances."""
        for cause in (Cause.DOUBT_ABOUT_CHANGE, Cause.DISTRUST_OF_CHANGE_AGENT,
                      Cause.OLD_GRIEVANCES):
            d = self.drivers[cause, who]
            self.drivers[cause, who] = d + size * (1.0 - d)
