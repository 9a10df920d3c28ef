"""The weekly update: how everyone's drivers and stage move, as array operations.

One call moves all staff one week. Inputs reach a person through three channels
(the programme, their manager, key figures among their colleagues); drivers then
change under the strategy's interaction forms, resistance handling, colleagues,
leadership and the forces, and the drivers set the chance to move a stage forward
or back. docs/model.md states every rule in words; benchmarks/reference_model.py
states the same rules per agent, and tests check the two agree.

The week (:func:`week`) is compiled by numba: the same array operations, without the
interpreter's cost per operation, which at a few hundred staff was most of the week.
numba caches the compiled code next to this file, so only the first run after a change
pays the compilation.
"""

from __future__ import annotations

from collections import namedtuple
from dataclasses import asdict

import numba
import numpy as np
import scipy.sparse as sp

from sim.config.schema import SimConfig
from sim.model.organisation import REPORTS_TO_BOARD, Organisation
from sim.model.people import People, conflicting_interests
from sim.model.states import Cause, Stage
from sim.model.strategy import Strategy

# Driver rows used by name in the compiled week. Compiled code keeps global values as
# constants (also in numba's cache, which only sees this file), so they are written
# out here and checked against sim.states at import.
(DOUBT, INFORMATION, UNCERTAINTY, CONFLICTING, UNFAMILIARITY, TEETHING, GRIEVANCES,
 INTERACTION, DISTRUST, NUISANCE) = range(10)
C = 10
COMMITMENT = 3
if [c.name for c in Cause] != [
        "DOUBT_ABOUT_CHANGE", "INCOMPLETE_INFORMATION", "UNCERTAINTY_OWN_POSITION",
        "CONFLICTING_INTERESTS", "UNFAMILIARITY", "TEETHING_PROBLEMS", "OLD_GRIEVANCES",
        "FAILING_INTERACTION", "DISTRUST_OF_CHANGE_AGENT", "RENOVATION_NUISANCE"]:
    raise ImportError("sim.states.Cause changed: update the driver rows in sim/dynamics.py")
if Stage.COMMITMENT != COMMITMENT:
    raise ImportError("sim.states.Stage changed: update COMMITMENT in sim/dynamics.py")

# How strongly someone in each stage carries the change to others (assumption).
ENGAGEMENT = np.array([0.0, 0.2, 0.6, 1.0])


def _causes(*causes: Cause, value: float = 1.0) -> np.ndarray:
    v = np.zeros(C)
    v[list(causes)] = value
    return v


# What resistance handling works on (domain notes, "Handling resistance").
CONVERSATION_ON = _causes(
    Cause.INCOMPLETE_INFORMATION, Cause.UNCERTAINTY_OWN_POSITION, Cause.FAILING_INTERACTION
)
OBSERVATION_ON = _causes(
    Cause.FAILING_INTERACTION, Cause.CONFLICTING_INTERESTS, Cause.TEETHING_PROBLEMS,
    Cause.DISTRUST_OF_CHANGE_AGENT,
)
WAITING_ON = _causes(Cause.DOUBT_ABOUT_CHANGE, Cause.DISTRUST_OF_CHANGE_AGENT)
# Drivers that simply drift back to their baseline when nothing acts on them.
PLAIN = (Cause.INCOMPLETE_INFORMATION, Cause.CONFLICTING_INTERESTS, Cause.FAILING_INTERACTION)

# What the strategy does, per form: its effort, channel and effects; backfires as rows.
Forms = namedtuple("Forms", "weight channel works_below effects push_pressure "
                            "backfire_form backfire_cause backfire_threshold backfire_strength")
# Who passes the change to whom: manager (the board is index n), colleague ties
# (CSR, each row's weights sum to 1, key figures weighing more), key figures, the factor
# that turns a weighted mean over key figures back into their count, and each person's
# own disposition.
Structure = namedtuple("Structure", "manager kf_scale indptr indices weights is_key_figure "
                                    "disposition")
# What the week's situation is (one float each): the board's visible commitment, the
# attention left for the plan, the threat a merger adds, system maturity (updated in
# place), the weekly rise of distrust from outside advisers, and the knowledge at hand.
SITUATION = ("board", "attention", "extra_threat", "maturity", "outsider_distrust",
             "knowledge")
BOARD, ATTENTION, EXTRA_THREAT, MATURITY, OUTSIDER_DISTRUST, KNOWLEDGE = range(len(SITUATION))
# Per person, set by the plan layer: the weekly erosion of support while one's project
# waits for a national block, whether one's department has joined the change, the
# training intensity one gets, whether new systems are live in one's department, and
# whether it is being rebuilt (a project worked on) while the shop stays open. Without a
# plan layer the new way of working is the change itself: live and rebuilding everywhere.
EROSION, JOINED, TRAINING, LIVE, REBUILDING = range(5)


def _record(section) -> np.ndarray:
    """A config section as a one-element structured array of floats. Compiled code reads
    its fields by name like the dataclass's (``p.slope``), and passing it is far cheaper
    than passing a named tuple of as many floats."""
    values = {k: float(v) for k, v in asdict(section).items()}
    return np.array([tuple(values.values())], dtype=[(k, float) for k in values])


class WeeklyUpdate:
    """The weekly rule for one organisation, with everything constant precomputed.

    Every driver moves as ``d += d * (lower - rise) + rise`` (interaction forms and
    resistance handling: lowering in proportion to the level, raising in proportion to
    the room left), plus ``social * (colleagues' mean - d)`` and ``rate * (target - d)``
    (return to a baseline, or to a target set by the driver's own dynamics). Gathering
    all terms into one affine update keeps the week to a few dozen array operations.
    Arrays of drivers are (causes, people).
    """

    def __init__(self, org: Organisation, people: People, strategy: Strategy, cfg: SimConfig):
        p, f = cfg.dynamics, cfg.forces
        self.rates, self.forces = _record(p), _record(f)
        self.handling = _record(cfg.resistance_handling)
        self.strategy = s = strategy
        n = org.size
        self.influence = p.key_figure_influence
        self.weight = s.weight.copy()  # effort per form; budget cuts shrink the paid ones
        # Set by the model, the plan layer and events.
        self.situation = np.zeros(len(SITUATION))
        self.situation[ATTENTION] = 1.0
        self.situation[KNOWLEDGE] = cfg.organisation.knowledge
        self.context = np.zeros((5, n))
        self.context[[JOINED, LIVE, REBUILDING]] = 1.0
        # Doses: the strategy's forms, then conversation, observation and waiting.
        handling_lowers = -np.vstack([p.conversation_effect * CONVERSATION_ON,
                                      p.observation_effect * OBSERVATION_ON,
                                      p.waiting_effect * WAITING_ON])
        effects = np.hstack([np.vstack([s.lowers, handling_lowers]),
                             np.vstack([s.raises, np.zeros((3, C))])]).T.copy()
        # Push and pressure of each dose (resistance handling has none).
        push_pressure = np.hstack([np.vstack([s.push, s.pressure]), np.zeros((2, 3))])
        backfires = s.backfires
        self.forms = Forms(
            self.weight, s.channel, s.works_below, effects, push_pressure,
            np.array([b.form for b in backfires], np.int64),
            np.array([b.cause for b in backfires], np.int64),
            np.array([b.threshold for b in backfires], float),
            np.array([b.strength for b in backfires], float))
        self.engagement = np.zeros(n + 1)  # by person, the board last: as of the last week
        weights = np.array([p.support_board, p.support_manager, p.support_colleagues,
                            p.support_openness, p.support_urgency, p.support_ambition])
        self.support_weights = weights / max(weights.sum(), 1e-12)
        # What each stage (column) means for the update (rows), gathered once a week.
        self.by_stage = np.array([
            ENGAGEMENT,
            [0, 0, 0, 1],  # committed
            [0, 0, 1, 1],  # using the new way of working
            [0, 1, 0, 0],  # resisting
            [1, 0, 0, 0],  # in denial
            [0, 0, 1, 0],  # exploring
            [0, 1, 1, 0],  # unsettled: aware of the change, not yet at home in it
            [0.0, p.forward_rate, p.forward_rate, 0.0],
            [0.0, p.explore_threshold, p.commit_threshold, 0.0],
            [0.0, 0.0, p.back_rate, p.back_rate],
        ], dtype=float)
        # Which target each driver relaxes to, and how fast; dynamic rows are set weekly.
        rate = np.zeros(C)
        rate[list(PLAIN)] = p.baseline_return
        rate[Cause.DISTRUST_OF_CHANGE_AGENT] = p.baseline_return
        rate[Cause.DOUBT_ABOUT_CHANGE] = p.doubt_rate
        rate[Cause.UNCERTAINTY_OWN_POSITION] = p.uncertainty_rate
        rate[Cause.TEETHING_PROBLEMS] = p.teething_rate
        rate[Cause.RENOVATION_NUISANCE] = p.nuisance_rate
        self.rate = rate
        self.decay = p.social_influence + rate  # both pull a driver away from its level
        self.interaction_quality = p.interaction_quality * f.interaction
        # Department heads report to the board: index n of the engagement vector.
        self.manager = np.where(org.manager == REPORTS_TO_BOARD, n, org.manager)
        self.disposition = np.empty(n)
        self.target = np.empty_like(people.baseline)
        self.structure: Structure | None = None
        self.staff_changed(org, people)

    def cut_paid_forms(self, size: float) -> None:
        """A budget cut of ``size`` shrinks the forms that cost money (rewards)."""
        self.weight[self.strategy.paid] *= 1.0 - size

    @property
    def maturity(self) -> float:
        """How far new systems and processes have matured, organisation-wide."""
        return float(self.situation[MATURITY])

    @property
    def mean_over_colleagues(self) -> sp.csr_matrix:
        """The weights of one's colleagues in what one sees of them (rows sum to 1)."""
        s, n = self.structure, len(self.is_key_figure)
        return sp.csr_matrix((s.weights, s.indices, s.indptr), shape=(n, n))

    def staff_changed(self, org: Organisation, people: People, who=slice(None)) -> None:
        """Newcomers in positions ``who`` (everyone by default): their disposition and
        baselines, and, if key figures came or went, what colleagues see of each other (a
        key figure weighs ``key_figure_influence`` colleagues) and the key-figure channel."""
        self.disposition[who] = self.support_weights[3] * people.openness[who]
        # Drivers that return to a fixed level: the baselines (dynamic rows are set weekly).
        self.target[:, who] = people.baseline[:, who]
        self.target[Cause.FAILING_INTERACTION, who] *= 1 - self.interaction_quality
        is_key_figure = org.is_key_figure.astype(float)
        if self.structure is not None and np.array_equal(is_key_figure, self.is_key_figure):
            return
        self.is_key_figure = is_key_figure
        ties = org.ties
        rows = np.repeat(np.arange(org.size), np.diff(ties.indptr))
        weight = 1.0 + (self.influence - 1.0) * is_key_figure[ties.indices]
        total = np.maximum(np.bincount(rows, weights=weight, minlength=org.size), 1.0)
        self.structure = Structure(self.manager, total / self.influence,
                                   ties.indptr.astype(np.int64), ties.indices.astype(np.int64),
                                   weight / total[rows], is_key_figure, self.disposition)

    def reach(self, people: People, kf_signal: np.ndarray) -> np.ndarray:
        """How strongly each channel reaches each person (3, n), at last week's engagement."""
        out = np.empty((3, people.size))
        eng = self.engagement
        channel_reach(self.rates[0], self.forces[0], self.situation[ATTENTION],
                      people.workload, eng, eng[self.manager], kf_signal, out)
        return out

    def __call__(self, people: People, board: float, u: np.ndarray) -> None:
        """Move everyone one week; ``board`` is the board's visible commitment, ``u`` ~ U(0,1)."""
        self.situation[BOARD] = board
        week(self.rates, self.forces, self.handling, self.forms, self.structure, self.by_stage,
             self.rate, self.decay, self.support_weights, self.target, self.engagement,
             people.drivers, people.stage, people.weeks_in_stage, people.evidence,
             people.threat, people.acknowledged, people.baseline, people.exposure,
             people.workload, self.situation, self.context, u)


@numba.njit(cache=True)
def expit(x):
    """The logistic function, as scipy.special.expit computes it."""
    return 1.0 / (1.0 + np.exp(-x))


@numba.njit(cache=True)
def total_and_peak(D):
    """Each person's sum and largest of their drivers."""
    total, peak = D[0].copy(), D[0].copy()
    for c in range(1, D.shape[0]):
        total += D[c]
        np.maximum(peak, D[c], peak)
    return total, peak


@numba.njit(cache=True)
def resistance(D, peak_weight):
    """A person's overall resistance: between the mean driver and the strongest one."""
    total, peak = total_and_peak(D)
    return total * ((1.0 - peak_weight) / D.shape[0]) + peak_weight * peak


@numba.njit(cache=True)
def main_causes(D, stage, threshold):
    """Per person the largest driver's cause, -1 for no resistance: committed, or no
    driver at ``threshold``. Ties go to the cause listed first."""
    main = np.full(D.shape[1], -1, np.int8)
    for i in range(D.shape[1]):  # an argmax per column, which numba has no axis for
        if stage[i] < COMMITMENT:
            c = np.argmax(D[:, i])
            if D[c, i] >= threshold:
                main[i] = c
    return main


@numba.njit(cache=True)
def channel_reach(p, f, attention, workload, eng, manager_engagement, kf_signal, out):
    """How strongly each channel reaches each person this week, into ``out`` (3, n).

    The programme runs on the board's backing (an enthusiastic board gives it a
    tailwind); the manager channel needs an engaged manager; the key-figure channel
    grows with engaged ambassadors among one's colleagues. Overload cuts all three.
    """
    overload = np.maximum(workload - 1.0, 0.0)
    capacity = (f.interaction * p.strategy_strength * attention) / (
        1.0 + p.overload_penalty * overload)
    out[0] = capacity * eng[-1]
    out[1] = capacity * f.leadership * manager_engagement
    out[2] = capacity * -np.expm1(-p.key_figure_reach * kf_signal)


@numba.njit(cache=True)
def colleague_mean(s, own):
    """Each person's mean over their colleagues of the columns of ``own`` (n, k), as rows
    (k, n): the layout the rest of the week reads fastest."""
    around = np.zeros_like(own)
    for i in range(own.shape[0]):
        for k in range(s.indptr[i], s.indptr[i + 1]):
            j, a = s.indices[k], s.weights[k]
            for c in range(own.shape[1]):
                around[i, c] += a * own[j, c]
    return around.T.copy()


@numba.njit(cache=True)
def week(rates, forces, handling, forms, s, by_stage, rate, decay, support_weights, T, eng,
         D, stage, weeks_in_stage, evidence, threat, acknowledged, base, exposure, workload,
         situation, context, u):
    """Move everyone one week, in place (system maturity in ``situation`` too)."""
    p, f, h = rates[0], forces[0], handling[0]
    n, F = D.shape[1], len(forms.weight)
    board, maturity = situation[BOARD], situation[MATURITY]
    joined, training, live = context[JOINED], context[TRAINING], context[LIVE]

    # Who carries the change: engagement by stage, the board above department heads.
    g = by_stage[:, stage]
    (engagement, committed, using, resisting, in_denial, exploring, unsettled,
     forward_rate, forward_threshold, back_rate) = (g[0], g[1], g[2], g[3], g[4], g[5],
                                                    g[6], g[7], g[8], g[9])
    eng[:n] = engagement
    eng[n] = board
    manager_engagement = eng[s.manager]
    resisting = resisting * joined  # the change reaches only departments that have joined
    cooled = np.where(weeks_in_stage >= h.cooling_off_weeks, resisting, 0.0)

    # Colleagues: their drivers, their commitment, and engaged key figures among them.
    own = np.empty((n, C + 2))
    own[:, :C] = D.T
    own[:, C] = committed
    own[:, C + 1] = s.is_key_figure * eng[:n]
    around = colleague_mean(s, own)
    colleagues_committed = around[C]

    # Doses of the strategy's forms through their channels, and of resistance handling.
    dose = np.empty((F + 3, n))
    if F:
        reach = np.empty((3, n))
        channel_reach(p, f, situation[ATTENTION], workload, eng, manager_engagement,
                      s.kf_scale * around[C + 1], reach)
        reach *= joined
        overall = resistance(D, p.resistance_peak_weight)
        for k in range(F):
            dose[k] = reach[forms.channel[k]] * forms.weight[k]
            if forms.works_below[k] < 1.0:  # learning works only while resistance is low
                dose[k] *= np.minimum(np.maximum(
                    1.0 - overall / forms.works_below[k], 0.0), 1.0)
            if forms.push_pressure[1, k] > 0 and h.waiting > 0:  # waiting pauses the pressure
                dose[k] *= 1.0 - h.waiting * cooled
    talk = h.conversation * manager_engagement * resisting
    dose[F] = talk
    dose[F + 1] = h.observation * manager_engagement * resisting
    dose[F + 2] = h.waiting * cooled
    change = forms.effects @ dose
    lower, rise = change[:C], change[C:]
    for b in range(len(forms.backfire_form)):  # e.g. convincing those who doubt raises doubt
        c = forms.backfire_cause[b]
        flip = np.where(D[c] > forms.backfire_threshold[b],
                        dose[forms.backfire_form[b]] * forms.backfire_strength[b], 0.0)
        lower[c] += flip
        rise[c] += flip
    push_pressure = forms.push_pressure @ dose
    push, pressure = push_pressure[0], push_pressure[1]

    # Memories behind doubt, uncertainty and old grievances; system maturity.
    # New systems mature as committed staff use them, once they are live.
    maturity += p.maturity_rate * situation[KNOWLEDGE] * (
        np.count_nonzero(committed) / n) * (live.sum() / n) * (1 - maturity)
    situation[MATURITY] = maturity
    evidence += (colleagues_committed - evidence) / p.evidence_memory_weeks
    threat += p.threat_rate * (np.minimum(exposure * unsettled + situation[EXTRA_THREAT], 1.0)
                               - threat)
    acknowledged += (p.grievance_acknowledge_rate * talk * (1.0 - D[INTERACTION])
                     * (1.0 - acknowledged))

    # Targets of the drivers with dynamics of their own.
    T[DOUBT] = (base[DOUBT]
                * (1.0 - p.doubt_leadership * 0.5 * (board + manager_engagement))
                * ((1.0 - p.doubt_urgency * f.urgency) * (1.0 - p.doubt_evidence * evidence)))
    T[UNCERTAINTY] = np.maximum(base[UNCERTAINTY], threat) * (
        1.0 - p.uncertainty_ambition * f.ambition)
    T[TEETHING] = live * exposure * (1.0 - maturity)  # everyone works with the live systems
    T[DISTRUST] = np.maximum(base[DISTRUST], p.distrust_from_grievances * D[GRIEVANCES])
    share_using = np.count_nonzero(using) / n
    T[NUISANCE] = (np.minimum(workload, 1.0) * exposure * context[REBUILDING]) * (
        (1.0 - f.planning) * 4.0 * share_using * (1.0 - share_using))
    T[CONFLICTING] = conflicting_interests(exposure, workload)
    rise[DOUBT] += context[EROSION]  # waiting for national building blocks
    rise[DISTRUST] += situation[OUTSIDER_DISTRUST] * joined  # advisers from outside push it
    # Old grievances heal only once acknowledged; pressure reopens them until then.
    rise[GRIEVANCES] += p.grievance_reactivation * pressure * (1.0 - acknowledged)
    lower[GRIEVANCES] -= p.grievance_heal_rate * acknowledged
    lower[UNFAMILIARITY] -= p.practice_rate * using + p.training_effect * training

    # Each driver: d += d * (lower - rise - social - rate) + rise + social * m + rate * T.
    for c in range(C):
        d = D[c]
        D[c] = np.minimum(np.maximum(
            d + ((lower[c] - rise[c] - decay[c]) * d + rise[c]
                 + p.social_influence * around[c] + rate[c] * T[c]), 0.0), 1.0)

    # Stage moves: support against resistance sets the chances.
    w = support_weights
    support = (w[0] * board + w[4] * f.urgency + w[5] * f.ambition
               + w[1] * manager_engagement + w[2] * colleagues_committed + s.disposition)
    readiness = support - resistance(D, p.resistance_peak_weight) + push
    informed = 1.0 - D[INFORMATION]
    awareness = p.awareness_rate * np.minimum(informed * (0.5 + 0.5 * f.urgency) + push, 1.0)
    # Commitment means understanding the change and mastering the new way of working.
    capable = 1.0 - exploring * (1.0 - informed * (1.0 - D[UNFAMILIARITY]))
    forward = joined * (forward_rate * capable * expit(p.slope * (readiness - forward_threshold))
                        + in_denial * awareness)
    # Commitment fades where neither one's manager nor one's colleagues carry it.
    back = (back_rate * expit(p.slope * (p.relapse_threshold - readiness))
            + committed * p.commitment_fade * (
                1.0 - 0.5 * (manager_engagement + colleagues_committed)))
    ahead = u < forward
    behind = (u < forward + back) & ~ahead
    stage += ahead
    stage -= behind
    weeks_in_stage += 1
    weeks_in_stage[ahead | behind] = 0
