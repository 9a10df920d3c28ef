"""The weekly rules written per person: a plain Mesa reference for the vectorised model.

:class:`sim.model.municipality.Municipality` moves all staff at once with array
operations (:class:`sim.model.dynamics.WeeklyUpdate`). This module states exactly the same rules the
idiomatic Mesa way: one agent per member of staff, holding its own state in plain
Python attributes, and each week every agent looks at its manager and its colleagues
one by one. It is written to be read: the rules of one person's week are in
:meth:`StaffMember.compute`, in the order the vectorised code applies them.

It serves two purposes:

* correctness: built from the same config and seed, it draws the same random numbers
  in the same order as ``Municipality``, so both must give identical stages and
  drivers equal up to rounding, week after week (``tests/model/test_reference.py``);
* benchmarking: it is what the model would cost without vectorisation
  (``benchmarks/bench_core.py``).

The update is synchronous, like the vectorised one: every agent first computes its
next state from everyone's state of last week (``compute``), then all apply it
(``advance``). Organisation-wide quantities (system maturity, the share of staff
using the new way of working) are computed once a week by the model, before the agents.

Nothing here is used by the simulation itself; when a rule in ``sim/model/dynamics.py``
changes, change it here too (the test fails until both agree).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import mesa
import numpy as np

from sim.config.schema import DynamicsConfig, SimConfig
from sim.config.vocabulary import CHANNELS
from sim.engine.batch import streams
from sim.model.agents import BOARD_SPREAD
from sim.model.organisation import REPORTS_TO_BOARD, Role, build_organisation
from sim.model.people import Draws, People
from sim.model.states import Cause, Stage
from sim.model.strategy import Strategy
from sim.model.turnover import Turnover

C = len(Cause)

# How strongly someone in each stage carries the change to others (by Stage).
ENGAGEMENT = (0.0, 0.2, 0.6, 1.0)

# What resistance handling works on.
CONVERSATION_ON = (
    Cause.INCOMPLETE_INFORMATION, Cause.UNCERTAINTY_OWN_POSITION, Cause.FAILING_INTERACTION,
)
OBSERVATION_ON = (
    Cause.FAILING_INTERACTION, Cause.CONFLICTING_INTERESTS, Cause.TEETHING_PROBLEMS,
    Cause.DISTRUST_OF_CHANGE_AGENT,
)
WAITING_ON = (Cause.DOUBT_ABOUT_CHANGE, Cause.DISTRUST_OF_CHANGE_AGENT)


def relaxation_rates(p: DynamicsConfig) -> list[float]:
    """Per cause, how fast the driver relaxes each week towards its target (0: not at all)."""
    rate = [0.0] * C
    for cause in (Cause.INCOMPLETE_INFORMATION, Cause.CONFLICTING_INTERESTS,
                  Cause.FAILING_INTERACTION, Cause.DISTRUST_OF_CHANGE_AGENT):
        rate[cause] = p.baseline_return
    rate[Cause.DOUBT_ABOUT_CHANGE] = p.doubt_rate
    rate[Cause.UNCERTAINTY_OWN_POSITION] = p.uncertainty_rate
    rate[Cause.TEETHING_PROBLEMS] = p.teething_rate
    rate[Cause.RENOVATION_NUISANCE] = p.nuisance_rate
    # Unfamiliarity and old grievances have no target: practice and healing move them.
    return rate


def resistance(drivers: list[float], peak_weight: float) -> float:
    """A person's overall resistance: between the mean driver and the strongest one."""
    return sum(drivers) * ((1.0 - peak_weight) / C) + peak_weight * max(drivers)


def logistic(x: float) -> float:
    """1 / (1 + e^-x), without overflow for very negative x."""
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def clip(x: float, lo: float = 0.0, hi: float = 1.0) -> float:
    return min(max(x, lo), hi)


@dataclass(frozen=True)
class Form:
    """One interaction form of the strategy, as plain numbers."""

    name: str
    weight: float  # share of the total effort
    channel: str  # "programme", "manager" or "key_figures"
    effects: dict[int, float]  # cause -> weekly effect at full dose (< 0 lowers, > 0 raises)
    push: float  # direct push towards the next stage
    works_below: float  # resistance at which the form stops working (1 = always works)
    pressure: bool  # pressure: paused by waiting, reopens old grievances
    backfires: tuple[tuple[int, float, float], ...]  # (cause, above this level, strength)


def forms_of(strategy: Strategy) -> list[Form]:
    """The compiled strategy (arrays) as a list of forms."""
    forms = []
    for f, name in enumerate(strategy.forms):
        effect = strategy.lowers[f] + strategy.raises[f]
        forms.append(Form(
            name=name,
            weight=float(strategy.weight[f]),
            channel=CHANNELS[strategy.channel[f]],
            effects={c: float(effect[c]) for c in range(C) if effect[c] != 0.0},
            push=float(strategy.push[f]),
            works_below=float(strategy.works_below[f]),
            pressure=bool(strategy.pressure[f] > 0),
            backfires=tuple((b.cause, b.threshold, b.strength)
                            for b in strategy.backfires if b.form == f),
        ))
    return forms


class StaffMember(mesa.Agent):
    """One member of staff with their own traits, drivers, stage and memories."""

    model: ReferenceMunicipality

    def __init__(self, model: ReferenceMunicipality, index: int, role: Role, people: People):
        super().__init__(model)
        self.index = index
        self.role = role
        self.is_key_figure = role == Role.KEY_FIGURE
        # Traits.
        self.openness = float(people.openness[index])
        self.tenure = float(people.tenure[index])
        self.workload = float(people.workload[index])
        self.exposure = float(people.exposure[index])
        self.baseline = people.baseline[:, index].tolist()
        # State.
        self.stage = int(people.stage[index])
        self.weeks_in_stage = int(people.weeks_in_stage[index])
        self.drivers = people.drivers[:, index].tolist()
        self.evidence = float(people.evidence[index])
        self.threat = float(people.threat[index])
        self.acknowledged = float(people.acknowledged[index])
        # Connections, set once everyone exists (see ReferenceMunicipality).
        self.manager: StaffMember | None = None  # None: reports to the board
        self.colleagues: list[StaffMember] = []
        # Set by the plan layer (which the reference leaves out): whether one's department
        # has joined the change, the training one gets, the erosion of support while one's
        # project waits for a national block.
        self.joined = 1.0
        self.training = 0.0
        self.erosion = 0.0
        # New systems live in one's department, and the department being rebuilt while the
        # shop stays open (no plan layer: the new way of working is the change itself).
        self.live = 1.0
        self.rebuilding = 1.0
        # Targets of drivers that only return to a fixed level; the others are set weekly.
        cfg = model.config
        self.target = list(self.baseline)
        self.target[Cause.FAILING_INTERACTION] *= (
            1 - cfg.dynamics.interaction_quality * cfg.forces.interaction)
        self._next: tuple | None = None

    # What others see of this person.
    @property
    def engagement(self) -> float:
        return ENGAGEMENT[self.stage]

    @property
    def committed(self) -> bool:
        return self.stage == Stage.COMMITMENT

    @property
    def using(self) -> bool:
        """Using the new way of working: exploring it or committed to it."""
        return self.stage >= Stage.EXPLORATION

    def reach(self, board: float, manager_engagement: float, key_figure_signal: float) -> dict:
        """How strongly each channel reaches this person this week.

        The programme runs on the board's backing, the manager channel needs an engaged
        manager, the key-figure channel grows with engaged ambassadors among one's
        colleagues. Overload cuts all three; nothing reaches a department that has not
        joined the change yet.
        """
        p, f = self.model.config.dynamics, self.model.config.forces
        overload = max(self.workload - 1.0, 0.0)
        capacity = self.joined * (f.interaction * p.strategy_strength) / (
            1.0 + p.overload_penalty * overload)
        return {
            "programme": capacity * board,
            "manager": capacity * f.leadership * manager_engagement,
            "key_figures": capacity * -math.expm1(-p.key_figure_reach * key_figure_signal),
        }

    def compute(self) -> None:
        """Work out next week's state from everyone's state of this week."""
        model = self.model
        cfg = model.config
        p, f, h = cfg.dynamics, cfg.forces, cfg.resistance_handling
        board = model.board_commitment
        d = self.drivers
        stage = self.stage

        manager_engagement = board if self.manager is None else self.manager.engagement
        resisting = (stage == Stage.RESISTANCE) * self.joined
        # Cooled off: resisting long enough for deliberate waiting (if any) to work.
        cooled = resisting * (h.waiting > 0 and self.weeks_in_stage >= h.cooling_off_weeks)

        # Colleagues: the mean of their drivers and their committed share, in which a key
        # figure weighs as much as ``key_figure_influence`` others; engaged key figures.
        colleagues_drivers = [0.0] * C
        colleagues_committed = 0.0
        key_figure_signal = 0.0
        total = 0.0
        for colleague in self.colleagues:
            weight = p.key_figure_influence if colleague.is_key_figure else 1.0
            total += weight
            for c in range(C):
                colleagues_drivers[c] += weight * colleague.drivers[c]
            colleagues_committed += weight * colleague.committed
            if colleague.is_key_figure:
                key_figure_signal += colleague.engagement
        total = max(total, 1.0)
        colleagues_drivers = [x / total for x in colleagues_drivers]
        colleagues_committed /= total

        # Interaction forms: each lowers drivers in proportion to their level and raises
        # them in proportion to the room left; lower[c] <= 0 and rise[c] >= 0 per week.
        lower, rise = [0.0] * C, [0.0] * C
        push = pressure = 0.0
        if model.forms:
            reach = self.reach(board, manager_engagement, key_figure_signal)
            resistance_now = resistance(d, p.resistance_peak_weight)
            for form in model.forms:
                dose = reach[form.channel] * form.weight
                if form.works_below < 1.0:  # learning works only while resistance is low
                    dose *= clip(1.0 - resistance_now / form.works_below)
                if form.pressure and h.waiting > 0:  # waiting pauses the pressure
                    dose *= 1.0 - h.waiting * cooled
                for cause, effect in form.effects.items():
                    if effect < 0:
                        lower[cause] += effect * dose
                    else:
                        rise[cause] += effect * dose
                for cause, threshold, strength in form.backfires:
                    if d[cause] > threshold:  # e.g. convincing a doubter raises the doubt
                        lower[cause] += strength * dose
                        rise[cause] += strength * dose
                push += form.push * dose
                if form.pressure:
                    pressure += dose

        # Resistance handling: the manager talks with and observes those who resist,
        # and after cooling off the organisation waits.
        talk = h.conversation * manager_engagement * resisting
        observe = h.observation * manager_engagement * resisting
        wait = h.waiting * cooled
        for cause in CONVERSATION_ON:
            lower[cause] -= p.conversation_effect * talk
        for cause in OBSERVATION_ON:
            lower[cause] -= p.observation_effect * observe
        for cause in WAITING_ON:
            lower[cause] -= p.waiting_effect * wait

        # Memories behind doubt, uncertainty and old grievances.
        unsettled = stage in (Stage.RESISTANCE, Stage.EXPLORATION)  # aware, not yet at home
        evidence = self.evidence + (colleagues_committed - self.evidence) / p.evidence_memory_weeks
        threat = self.threat + p.threat_rate * (self.exposure * unsettled - self.threat)
        acknowledged = self.acknowledged + (
            p.grievance_acknowledge_rate * talk * (1.0 - d[Cause.FAILING_INTERACTION])
            * (1.0 - self.acknowledged))

        # Targets of the drivers with dynamics of their own.
        base, target = self.baseline, list(self.target)
        target[Cause.DOUBT_ABOUT_CHANGE] = (
            base[Cause.DOUBT_ABOUT_CHANGE]
            * (1.0 - p.doubt_leadership * 0.5 * (board + manager_engagement))
            * ((1.0 - p.doubt_urgency * f.urgency) * (1.0 - p.doubt_evidence * evidence)))
        target[Cause.UNCERTAINTY_OWN_POSITION] = (
            max(base[Cause.UNCERTAINTY_OWN_POSITION], threat)
            * (1.0 - p.uncertainty_ambition * f.ambition))
        target[Cause.TEETHING_PROBLEMS] = self.live * self.exposure * (1.0 - model.maturity)
        target[Cause.DISTRUST_OF_CHANGE_AGENT] = max(
            base[Cause.DISTRUST_OF_CHANGE_AGENT],
            p.distrust_from_grievances * d[Cause.OLD_GRIEVANCES])
        share = model.share_using
        target[Cause.RENOVATION_NUISANCE] = (
            min(self.workload, 1.0) * self.exposure * self.rebuilding) * (
            (1.0 - f.planning) * 4.0 * share * (1.0 - share))

        # Old grievances heal only once acknowledged; pressure reopens them until then.
        rise[Cause.OLD_GRIEVANCES] += p.grievance_reactivation * pressure * (1.0 - acknowledged)
        lower[Cause.OLD_GRIEVANCES] -= p.grievance_heal_rate * acknowledged
        # Practice and training make familiar.
        lower[Cause.UNFAMILIARITY] -= (p.practice_rate * self.using
                                       + p.training_effect * self.training)
        rise[Cause.DOUBT_ABOUT_CHANGE] += self.erosion  # waiting for national building blocks
        # Advisers from outside pushing the change raise distrust.
        rise[Cause.DISTRUST_OF_CHANGE_AGENT] += model.outsider_distrust * self.joined

        # Every driver: forms and handling, pull towards colleagues, relaxation to target.
        social, rate = p.social_influence, model.rates
        drivers = []
        for c in range(C):
            step = ((lower[c] - rise[c] - (social + rate[c])) * d[c] + rise[c]
                    + social * colleagues_drivers[c] + rate[c] * target[c])
            drivers.append(clip(d[c] + step))

        # Stage moves: support against resistance (with the new drivers) sets the chances.
        w = model.support_weights
        support = (w[0] * board + w[4] * f.urgency + w[5] * f.ambition
                   + w[1] * manager_engagement + w[2] * colleagues_committed
                   + w[3] * self.openness)
        readiness = support - resistance(drivers, p.resistance_peak_weight) + push
        informed = 1.0 - drivers[Cause.INCOMPLETE_INFORMATION]
        forward = back = 0.0
        if stage == Stage.DENIAL:  # becoming aware of the change
            forward = p.awareness_rate * min(informed * (0.5 + 0.5 * f.urgency) + push, 1.0)
        elif stage == Stage.RESISTANCE:
            forward = p.forward_rate * logistic(p.slope * (readiness - p.explore_threshold))
        elif stage == Stage.EXPLORATION:
            # Commitment means understanding the change and mastering the new way of working.
            capable = informed * (1.0 - drivers[Cause.UNFAMILIARITY])
            forward = p.forward_rate * capable * logistic(
                p.slope * (readiness - p.commit_threshold))
        forward *= self.joined  # nobody moves before their department joins the change
        if stage in (Stage.EXPLORATION, Stage.COMMITMENT):
            back = p.back_rate * logistic(p.slope * (p.relapse_threshold - readiness))
        if stage == Stage.COMMITMENT:  # commitment fades where nobody around carries it
            back += p.commitment_fade * (1.0 - 0.5 * (manager_engagement + colleagues_committed))

        u = model.dice[self.index]
        if u < forward:
            new_stage = stage + 1
        elif u < forward + back:
            new_stage = stage - 1
        else:
            new_stage = stage
        weeks = 0 if new_stage != stage else self.weeks_in_stage + 1
        self._next = (new_stage, weeks, drivers, evidence, threat, acknowledged)

    def advance(self) -> None:
        """Take on the state worked out in :meth:`compute`."""
        (self.stage, self.weeks_in_stage, self.drivers,
         self.evidence, self.threat, self.acknowledged) = self._next
        self._next = None


class AdoptionWatch:
    """Commitment held by ``committed_share`` of staff (of the organisation, or of every
    department) for ``sustain_weeks`` weeks in a row dates adoption (no plan layer here)."""

    def __init__(self, cfg, department: np.ndarray, n_departments: int):
        self.cfg = cfg
        self.department = department
        self.department_size = np.bincount(department, minlength=n_departments)
        self.streak = 0
        self.week: int | None = None

    def update(self, week: int, stage: np.ndarray) -> None:
        committed = stage == Stage.COMMITMENT
        if self.cfg.scope == "organisation":
            share = committed.mean()
        else:
            share = (np.bincount(self.department, weights=committed,
                                 minlength=len(self.department_size))
                     / self.department_size).min()
        self.streak = self.streak + 1 if share >= self.cfg.committed_share else 0
        if self.week is None and self.streak >= self.cfg.sustain_weeks:
            self.week = week


class ReferenceMunicipality(mesa.Model):
    """The same municipality as :class:`sim.model.Municipality`, one Python agent per person."""

    def __init__(self, config: SimConfig):
        build, self.dice_rng, _, _ = streams(config.seed)  # as Municipality
        super().__init__(rng=config.seed)
        self.config = config
        self.week = 0
        # Same draws, same order as Municipality.__init__.
        org = build_organisation(config.organisation, build)
        draws = Draws.draw(org.size, config.leadership.middle_management_commitment, build)
        tenure = Turnover.from_config(config.organisation).tenure(org.size, build)
        people = People.initial(org, config, draws, tenure, build)
        self.strategy = Strategy.from_config(config.strategy)
        board = np.clip(config.leadership.board_commitment
                        + build.normal(0.0, BOARD_SPREAD, config.organisation.board_size),
                        0.0, 1.0)
        self.organisation = org
        self.board_commitments = board.tolist()

        p = config.dynamics
        self.forms = forms_of(self.strategy)
        self.rates = relaxation_rates(p)
        weights = [p.support_board, p.support_manager, p.support_colleagues,
                   p.support_openness, p.support_urgency, p.support_ambition]
        total = max(sum(weights), 1e-12)
        self.support_weights = [x / total for x in weights]

        self.staff = [StaffMember(self, i, Role(int(r)), people) for i, r in enumerate(org.role)]
        for person in self.staff:
            boss = int(org.manager[person.index])
            person.manager = None if boss == REPORTS_TO_BOARD else self.staff[boss]
            person.colleagues = [self.staff[j] for j in org.colleagues(person.index)]

        # Organisation-wide quantities, updated once a week before the agents move.
        self.maturity = 0.0
        self.share_using = 0.0
        self.knowledge = config.organisation.knowledge  # with advisers' (set by events)
        self.outsider_distrust = 0.0  # weekly rise of distrust from advisers (events)
        self.dice: list[float] = []
        self.adoption = AdoptionWatch(config.adoption, org.department, org.n_departments)

    @property
    def board_commitment(self) -> float:
        return sum(self.board_commitments) / len(self.board_commitments)

    @property
    def committed_share(self) -> float:
        return sum(person.committed for person in self.staff) / len(self.staff)

    def step(self) -> None:
        """One week: organisation-wide quantities, then every agent computes and advances."""
        n, p = len(self.staff), self.config.dynamics
        live = sum(person.live for person in self.staff) / n  # systems mature once live
        self.maturity += (p.maturity_rate * self.knowledge * self.committed_share * live
                          * (1 - self.maturity))
        self.share_using = sum(person.using for person in self.staff) / n
        self.dice = self.dice_rng.random(n).tolist()  # one U(0, 1) per person, as Municipality
        self.agents.do("compute")
        self.agents.do("advance")
        self.week += 1
        self.adoption.update(self.week, self.stage_array())
        if self.week >= self.config.horizon_weeks or (
            self.config.stop_at_adoption and self.adoption.adopted
        ):
            self.running = False

    def stage_array(self) -> np.ndarray:
        return np.array([person.stage for person in self.staff], dtype=np.intp)

    def drivers_array(self) -> np.ndarray:
        """Drivers as (causes, people), like ``People.drivers``."""
        return np.array([person.drivers for person in self.staff]).T
