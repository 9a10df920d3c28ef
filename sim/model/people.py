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
# Share of each role already exploring at plan start (employee, key figure; managers:
# middle management's commitment instead); key figures are early movers.
EARLY_EXPLORERS = np.array([0.05, 0.5, np.nan])


@numba.njit(cache=True)
def start_people(who, role, department, climate, openness_draws, deviation, explore_draw,
                 past_failures, doubt_level, distrust_from_grievances, middle_management,
                 newcomers,
                 exposure, workload, tenure, openness, baseline, drivers, stage,
                 weeks_in_stage, evidence, threat, acknowledged):
    """Disposition, drivers, stage and memories of people ``who`` (positions) as they meet
    the plan, from their draws (column j for who[j]): at its start, or as newcomers (no old
    grievances of this organisation, new to every system and process). Levels are
    log-normal around the mean, keeping it: the department's climate, then the person.
    Driver rows, roles and stages are written as numbers (compiled code keeps them as
    constants); the check below this function keeps them those of sim.model.states."""
    spread = 0.5 * (PERSON_SPREAD**2 + DEPARTMENT_SPREAD**2)
    for j in range(len(who)):
        i = who[j]
        r, d, e = role[i], department[i], exposure[i]
        o = openness_draws[r, j]
        openness[i] = o
        base = np.empty(10)
        base[0] = doubt_level * (1.0 - o)  # doubt about the change (clipped below)
        base[1] = INCOMPLETE_INFORMATION[r] * np.exp(climate[d] + deviation[0, j] - spread)
        base[2] = 0.3 * e  # uncertainty about own position
        base[3] = min(0.5 * e * min(workload[i], 1.5), 1.0)  # conflicting interests
        base[4] = e if newcomers else 0.8 * e  # unfamiliarity
        base[5] = 0.0  # teething problems
        base[6] = past_failures * -np.expm1(-tenure[i] / GRIEVANCE_TENURE_YEARS) * np.exp(
            deviation[3, j] - 0.5 * PERSON_SPREAD**2)  # old grievances
        base[7] = FAILING_INTERACTION * np.exp(climate[d] + deviation[1, j] - spread)
        base[8] = DISTRUST[r] * np.exp(climate[d] + deviation[2, j] - spread)
        base[9] = 0.0  # renovation nuisance
        for c in range(10):
            base[c] = min(max(base[c], 0.0), 1.0)
            baseline[c, i] = base[c]
            drivers[c, i] = base[c]
        # Old grievances set a floor under distrust of the change agent.
        drivers[8, i] = max(base[8], distrust_from_grievances * base[6])
        chance = middle_management if r == 2 else EARLY_EXPLORERS[r]
        stage[i] = 2 if explore_draw[j] < chance else 0  # exploring, or in denial
        weeks_in_stage[i] = 0
        evidence[i] = 0.0
        threat[i] = 0.0
        acknowledged[i] = 0.0


if ([int(c) for c in (Cause.DOUBT_ABOUT_CHANGE, Cause.OLD_GRIEVANCES,
                       Cause.DISTRUST_OF_CHANGE_AGENT)] != [0, 6, 8]
        or Role.MANAGER != 2 or Stage.EXPLORATION != 2 or len(Cause) != 10):
    raise ImportError("sim.model.states changed: update the numbers in start_people")


@dataclass
class Draws:
    """Everything random about people as they arrive, one column per person: their
    openness in each role, their own deviation from the department's climate (incomplete
    information, failing interaction, distrust) and from their old grievances, uniforms
    for starting out exploring and for becoming a key figure (newcomers), and unit
    exponentials for how long they stay (sim.model.turnover)."""

    openness: np.ndarray  # (roles, k): as an employee, a key figure, a manager
    deviation: np.ndarray  # (4, k): logs of the deviations, N(0, PERSON_SPREAD)
    uniform: np.ndarray  # (2, k)
    stay: np.ndarray  # (2, k): Exp(1)

    @classmethod
    def draw(cls, k: int, middle_management_commitment: float,
             rng: np.random.Generator) -> Draws:
        """Key figures are open, managers as committed as middle management is,
        employees anything in between."""
        m = middle_management_commitment
        openness = np.stack([rng.beta(2.0, 2.0, k), rng.beta(6.0, 2.0, k),
                             rng.beta(1 + 4 * m, 1 + 4 * (1 - m), k)])
        return cls(openness, rng.normal(0.0, PERSON_SPREAD, (4, k)), rng.random((2, k)),
                   rng.exponential(1.0, (2, k)))

    def take(self, columns) -> Draws:
        return Draws(self.openness[:, columns], self.deviation[:, columns],
                     self.uniform[:, columns], self.stay[:, columns])


class Arrivals:
    """Newcomers drawn ahead of their arrival, in the order they arrive, from a stream of
    their own in chunks of ``CHUNK``: a week with leavers then costs a few array copies
    instead of a dozen random draws, and the k-th newcomer of a run is the same however
    the run is stepped."""

    CHUNK = 256

    def __init__(self, middle_management_commitment: float, rng: np.random.Generator):
        self.mmc, self.rng = middle_management_commitment, rng
        self.pool = Draws(np.zeros((3, 0)), np.zeros((4, 0)), np.zeros((2, 0)), np.zeros((2, 0)))
        self.used = 0

    def ensure(self, k: int) -> None:
        """At least ``k`` newcomers drawn and not yet arrived."""
        while self.pool.uniform.shape[1] - self.used < k:
            more = Draws.draw(self.CHUNK, self.mmc, self.rng)
            self.pool = Draws(*(np.concatenate([a, b], axis=1)
                                for a, b in zip(self.pool.__dict__.values(),
                                                more.__dict__.values(), strict=True)))

    def next(self, k: int) -> Draws:
        self.ensure(k)
        self.used += k
        return self.pool.take(slice(self.used - k, self.used))


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
    climate: np.ndarray  # per department: the log-scale of incomplete information, failing
    # interaction and distrust (a department that talks badly is also poorly informed)

    @property
    def size(self) -> int:
        return len(self.stage)

    @classmethod
    def initial(cls, org: Organisation, cfg: SimConfig, draws: Draws, tenure: np.ndarray,
                rng: np.random.Generator) -> People:
        """The staff's traits and their state at the start of the plan; ``tenure`` from
        the turnover's stationary distribution (sim.model.turnover)."""
        n, o = org.size, cfg.organisation
        workload = o.workload * rng.lognormal(0.0, 0.15, n)
        dept_exposure = rng.uniform(0.3, 1.0, org.n_departments)
        exposure = np.clip(dept_exposure[org.department] * rng.uniform(0.7, 1.3, n), 0, 1)
        climate = rng.normal(0.0, DEPARTMENT_SPREAD, org.n_departments)
        people = cls(
            openness=np.zeros(n), tenure=tenure, workload=workload, exposure=exposure,
            baseline=np.zeros((len(Cause), n)), drivers=np.zeros((len(Cause), n)),
            stage=np.zeros(n, np.intp), weeks_in_stage=np.zeros(n, np.int64),
            evidence=np.zeros(n), threat=np.zeros(n), acknowledged=np.zeros(n),
            climate=climate)
        people.start(np.arange(n), org, cfg, draws, newcomers=False)
        return people

    def start(self, who: np.ndarray, org: Organisation, cfg: SimConfig, draws: Draws,
              newcomers: bool) -> None:
        """Disposition, drivers, stage and memories of people ``who`` as they meet the
        plan: at its start, or as newcomers (:func:`start_people`)."""
        start_people(np.asarray(who, np.int64), org.role.astype(np.int64),
                     org.department.astype(np.int64), self.climate, draws.openness,
                     draws.deviation, draws.uniform[0], cfg.organisation.past_change_failures,
                     cfg.organisation.doubt_level, cfg.dynamics.distrust_from_grievances,
                     cfg.leadership.middle_management_commitment, newcomers,
                     self.exposure, self.workload, self.tenure, self.openness, self.baseline,
                     self.drivers, self.stage, self.weeks_in_stage, self.evidence,
                     self.threat, self.acknowledged)



# Driver rows of what people notice (compiled code keeps numbers: checked above).
DOUBT_ROW, DISTRUST_ROW, GRIEVANCES_ROW = 0, 8, 6


@numba.njit(cache=True)
def see_result(drivers, evidence, who, size):
    """A visible result: those who see the change work (rows ``who``) doubt it less."""
    for i in who:
        evidence[i] += size * (1.0 - evidence[i])
        drivers[DOUBT_ROW, i] *= 1.0 - size


@numba.njit(cache=True)
def disappoint(drivers, who, size):
    """A promise broken (a project of theirs dropped, the plan stopped): doubt and distrust
    rise by ``size`` of the room left, and the failed change adds to old grievances."""
    for i in who:
        for c in (DOUBT_ROW, DISTRUST_ROW, GRIEVANCES_ROW):
            drivers[c, i] += size * (1.0 - drivers[c, i])
