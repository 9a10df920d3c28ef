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
from dataclasses import fields
from functools import cache

import numba
import numpy as np

from sim.config.schema import SimConfig
from sim.model.organisation import REPORTS_TO_BOARD, Organisation
from sim.model.people import People
from sim.model.states import Cause, Stage
from sim.model.strategy import Strategy
from sim.weekly import weekly

# Driver rows used by name in the compiled week. Compiled code keeps global values as
# constants (also in numba's cache, which only sees this file), so they are written
# out here and checked against sim.states at import.
(DOUBT, INFORMATION, UNCERTAINTY, CONFLICTING, UNFAMILIARITY, TEETHING, GRIEVANCES,
 INTERACTION, DISTRUST, NUISANCE) = range(10)
C = 10  # colleague_mean writes out the C + 2 columns colleagues see
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
# Effects, push and pressure of every dose are kept as their nonzero entries (row, dose,
# value): rows 0..C-1 lower drivers, C..2C-1 raise them, 2C is push, 2C+1 pressure. A few
# dozen entries; a matrix product would hand the week to BLAS, whose threads slow it
# down several times over when the other core is busy.
ROWS = 2 * C + 2
Forms = namedtuple("Forms", "weight channel works_below entry_row entry_dose entry_value "
                            "pressure "
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


@cache
def _record_dtype(names: tuple[str, ...]) -> np.dtype:
    return np.dtype([(k, float) for k in names])


def as_record(values: dict[str, float]) -> np.ndarray:
    """Floats by name as a one-element structured array. Compiled code reads its fields by
    name like a dataclass's (``p.slope``), and passing it is far cheaper than passing a
    named tuple of as many floats."""
    return np.array([tuple(float(v) for v in values.values())],
                    dtype=_record_dtype(tuple(values)))


def section_record(section) -> np.ndarray:
    """A config section (a dataclass of numbers) as a record (:func:`as_record`)."""
    return as_record({f.name: getattr(section, f.name) for f in fields(section)})


def stack_records(records: list[np.ndarray]) -> np.ndarray:
    """Records of one kind, one row each (``np.concatenate`` of structured arrays costs
    ~30 µs a record)."""
    return np.array([r[0] for r in records], dtype=records[0].dtype)


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
        self.rates, self.forces = section_record(p), section_record(f)
        self.handling = section_record(cfg.resistance_handling)
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
        combined = np.vstack([effects, push_pressure])
        entry_row, entry_dose = np.nonzero(combined)
        self.forms = Forms(
            self.weight, s.channel, s.works_below, entry_row.astype(np.int64),
            entry_dose.astype(np.int64), combined[entry_row, entry_dose], s.pressure.copy(),
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
        self.staff_changed(org, people)

    def staff_changed(self, org: Organisation, people: People) -> None:
        """Everyone's disposition and baselines, what colleagues see of each other (a key
        figure weighs ``key_figure_influence`` colleagues) and the key-figure channel.
        Newcomers later change their own rows (sim.model.newcomers)."""
        self.disposition[:] = self.support_weights[3] * people.openness
        # Drivers that return to a fixed level: the baselines (dynamic rows are set weekly).
        self.target[:] = people.baseline
        self.target[Cause.FAILING_INTERACTION] *= 1 - self.interaction_quality
        ties = org.ties
        self.is_key_figure = org.is_key_figure.astype(float)
        self.structure = Structure(self.manager, np.ones(org.size), ties.indptr.astype(np.int64),
                                   ties.indices.astype(np.int64), np.ones(ties.nnz),
                                   self.is_key_figure, self.disposition)
        s = self.structure
        reweigh(np.arange(org.size), s.indptr, s.indices, s.is_key_figure, self.influence,
                s.weights, s.kf_scale)


@weekly
def expit(x):
    """The logistic function, as scipy.special.expit computes it."""
    return 1.0 / (1.0 + np.exp(-x))


@weekly
def main_causes(D, stage, threshold, main):
    """Into ``main``, per person the largest driver's cause, -1 for no resistance:
    committed, or no driver at ``threshold``. Ties go to the cause listed first (as
    ``argmax``)."""
    for i in range(D.shape[1]):
        peak, cause = D[0, i], 0
        for c in range(1, D.shape[0]):
            if D[c, i] > peak:
                peak, cause = D[c, i], c
        main[i] = cause if stage[i] < COMMITMENT and peak >= threshold else -1


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
def reweigh(rows, indptr, indices, is_key_figure, influence, weights, kf_scale):
    """Each row's weights over its colleagues, a key figure weighing ``influence``
    colleagues, summing to 1; and the factor that turns the weighted mean over key figures
    back into their count."""
    for r in rows:
        total = 0.0
        for k in range(indptr[r], indptr[r + 1]):
            weights[k] = 1.0 + (influence - 1.0) * is_key_figure[indices[k]]
            total += weights[k]
        total = max(total, 1.0)
        for k in range(indptr[r], indptr[r + 1]):
            weights[k] /= total
        kf_scale[r] = total / influence


@weekly
def colleague_mean(s, own, around):
    """Into ``around`` (C + 2, n), each person's mean over their colleagues of the C + 2
    columns of ``own`` (n, C + 2). Twelve sums written out: numba keeps scalars in
    registers, but not a row of an array it cannot prove apart from ``own``, and the week
    spends a quarter of its time here."""
    for i in range(own.shape[0]):
        x0 = x1 = x2 = x3 = x4 = x5 = x6 = x7 = x8 = x9 = x10 = x11 = 0.0
        for k in range(s.indptr[i], s.indptr[i + 1]):
            a, o = s.weights[k], own[s.indices[k]]
            x0 += a * o[0]
            x1 += a * o[1]
            x2 += a * o[2]
            x3 += a * o[3]
            x4 += a * o[4]
            x5 += a * o[5]
            x6 += a * o[6]
            x7 += a * o[7]
            x8 += a * o[8]
            x9 += a * o[9]
            x10 += a * o[10]
            x11 += a * o[11]
        around[0, i], around[1, i], around[2, i], around[3, i] = x0, x1, x2, x3
        around[4, i], around[5, i], around[6, i], around[7, i] = x4, x5, x6, x7
        around[8, i], around[9, i], around[10, i], around[11, i] = x8, x9, x10, x11


@weekly
def week(rates, forces, handling, forms, s, by_stage, rate, decay, support_weights, T, eng,
         D, stage, weeks_in_stage, evidence, threat, acknowledged, base, exposure, workload,
         situation, context, u, own, around, dose, change, main):
    """Move everyone one week, in place (system maturity in ``situation`` too), and write
    each one's main cause after it into ``main`` (as :func:`main_causes`); ``own``
    and ``around`` (n, C + 2) and (C + 2, n), ``dose`` (at least the forms + 3) and
    ``change`` (ROWS) are scratch space.

    First what everyone sees of everyone at the start of the week (engagement, the
    colleagues' means, the organisation's shares), then one pass person by person with no
    arrays of temporaries: the doses, what they do, the memories, the targets, the drivers
    and the stage move (docs/model.md, section 4, in that order), the main cause last."""
    p, f, h = rates[0], forces[0], handling[0]
    n, F = D.shape[1], len(forms.weight)
    board, maturity = situation[BOARD], situation[MATURITY]
    joined, training, live = context[JOINED], context[TRAINING], context[LIVE]

    # Who carries the change: engagement by stage, the board above department heads.
    committed_count, using_count, live_sum = 0, 0, 0.0
    # own: what colleagues see of each person: drivers, committed, engaged key figure
    for i in range(n):
        st = stage[i]
        eng[i] = by_stage[0, st]
        committed_count += by_stage[1, st] > 0
        using_count += by_stage[2, st] > 0
        live_sum += live[i]
        for c in range(C):
            own[i, c] = D[c, i]
        own[i, C] = by_stage[1, st]
        own[i, C + 1] = s.is_key_figure[i] * eng[i]
    eng[n] = board
    colleague_mean(s, own, around)
    # New systems mature as committed staff use them, once they are live.
    maturity += p.maturity_rate * situation[KNOWLEDGE] * (
        committed_count / n) * (live_sum / n) * (1 - maturity)
    situation[MATURITY] = maturity
    share_using = using_count / n
    nuisance_scale = (1.0 - f.planning) * 4.0 * share_using * (1.0 - share_using)
    interaction = f.interaction * p.strategy_strength * situation[ATTENTION]
    doubt_urgency = 1.0 - p.doubt_urgency * f.urgency
    uncertainty_ambition = 1.0 - p.uncertainty_ambition * f.ambition
    peak_weight, w = p.resistance_peak_weight, support_weights
    lean = (1.0 - peak_weight) / C
    by_key_figures = False  # does any form go through key figures?
    for k in range(F):
        by_key_figures |= forms.channel[k] == 2
    for i in range(n):
        st = stage[i]
        (committed, using, resisting, in_denial, exploring, unsettled, forward_rate,
         forward_threshold, back_rate) = (by_stage[1, st], by_stage[2, st], by_stage[3, st],
                                          by_stage[4, st], by_stage[5, st], by_stage[6, st],
                                          by_stage[7, st], by_stage[8, st], by_stage[9, st])
        me = eng[s.manager[i]]
        j_i = joined[i]
        resisting = resisting * j_i  # the change reaches only departments that have joined
        cooled = resisting if weeks_in_stage[i] >= h.cooling_off_weeks else 0.0
        colleagues_committed = around[C, i]

        # Doses of the strategy's forms through their channels, and of resistance handling.
        if F:
            capacity = interaction / (1.0 + p.overload_penalty * max(workload[i] - 1.0, 0.0))
            reach0 = capacity * eng[n] * j_i
            reach1 = capacity * f.leadership * me * j_i
            signal = s.kf_scale[i] * around[C + 1, i]  # no engaged key figure near: no reach
            reach2 = (capacity * -np.expm1(-p.key_figure_reach * signal) * j_i
                      if signal and by_key_figures else 0.0)
            total, peak = D[0, i], D[0, i]
            for c in range(1, C):
                total += D[c, i]
                peak = max(peak, D[c, i])
            overall = total * lean + peak_weight * peak
            for k in range(F):
                channel = forms.channel[k]
                r = reach0 if channel == 0 else (reach1 if channel == 1 else reach2)
                x = r * forms.weight[k]
                if forms.works_below[k] < 1.0:  # learning works only while resistance is low
                    x *= min(max(1.0 - overall / forms.works_below[k], 0.0), 1.0)
                if forms.pressure[k] > 0 and h.waiting > 0:  # waiting pauses the pressure
                    x *= 1.0 - h.waiting * cooled
                dose[k] = x
        talk = h.conversation * me * resisting
        dose[F] = talk
        dose[F + 1] = h.observation * me * resisting
        dose[F + 2] = h.waiting * cooled
        for r in range(ROWS):  # a known length: stores in place of a call to memset
            change[r] = 0.0
        for e in range(len(forms.entry_value)):
            change[forms.entry_row[e]] += forms.entry_value[e] * dose[forms.entry_dose[e]]
        for b in range(len(forms.backfire_form)):  # convincing those who doubt raises doubt
            c = forms.backfire_cause[b]
            if D[c, i] > forms.backfire_threshold[b]:
                flip = dose[forms.backfire_form[b]] * forms.backfire_strength[b]
                change[c] += flip
                change[C + c] += flip
        push, pressure = change[2 * C], change[2 * C + 1]

        # Memories behind doubt, uncertainty and old grievances.
        evidence[i] += (colleagues_committed - evidence[i]) / p.evidence_memory_weeks
        threat[i] += p.threat_rate * (min(exposure[i] * unsettled + situation[EXTRA_THREAT],
                                          1.0) - threat[i])
        acknowledged[i] += (p.grievance_acknowledge_rate * talk * (1.0 - D[INTERACTION, i])
                            * (1.0 - acknowledged[i]))

        # Targets of the drivers with dynamics of their own.
        T[DOUBT, i] = (base[DOUBT, i]
                       * (1.0 - p.doubt_leadership * 0.5 * (board + me))
                       * (doubt_urgency * (1.0 - p.doubt_evidence * evidence[i])))
        T[UNCERTAINTY, i] = max(base[UNCERTAINTY, i], threat[i]) * uncertainty_ambition
        T[TEETHING, i] = live[i] * exposure[i] * (1.0 - maturity)  # everyone uses live systems
        T[DISTRUST, i] = max(base[DISTRUST, i], p.distrust_from_grievances * D[GRIEVANCES, i])
        T[NUISANCE, i] = (min(workload[i], 1.0) * exposure[i] * context[REBUILDING, i]
                          ) * nuisance_scale
        T[CONFLICTING, i] = min(p.conflict_from_workload * exposure[i] * min(workload[i], 1.5),
                                1.0)
        change[C + DOUBT] += context[EROSION, i]  # waiting for national building blocks
        change[C + DISTRUST] += situation[OUTSIDER_DISTRUST] * j_i  # outside advisers push it
        # Old grievances heal only once acknowledged; pressure reopens them until then.
        change[C + GRIEVANCES] += (p.grievance_reactivation * pressure
                                   * (1.0 - acknowledged[i]))
        change[GRIEVANCES] -= p.grievance_heal_rate * acknowledged[i]
        change[UNFAMILIARITY] -= p.practice_rate * using + p.training_effect * training[i]

        # Each driver: d += d * (lower - rise - social - rate) + rise + social * m + rate * T.
        total, peak, cause = 0.0, 0.0, 0
        for c in range(C):
            d = D[c, i]
            d = min(max(d + ((change[c] - change[C + c] - decay[c]) * d + change[C + c]
                             + p.social_influence * around[c, i] + rate[c] * T[c, i]),
                        0.0), 1.0)
            D[c, i] = d
            total = d if c == 0 else total + d
            if c == 0 or d > peak:  # the first largest, as main_causes
                cause = c
            peak = d if c == 0 else max(peak, d)

        # Stage moves: support against resistance sets the chances.
        support = (w[0] * board + w[4] * f.urgency + w[5] * f.ambition
                   + w[1] * me + w[2] * colleagues_committed + s.disposition[i])
        readiness = support - (total * lean + peak_weight * peak) + push
        informed = 1.0 - D[INFORMATION, i]
        awareness = p.awareness_rate * min(informed * (0.5 + 0.5 * f.urgency) + push, 1.0)
        # Commitment means understanding the change and mastering the new way of working.
        capable = 1.0 - exploring * (1.0 - informed * (1.0 - D[UNFAMILIARITY, i]))
        # Commitment fades where neither one's manager nor one's colleagues carry it.
        fade = committed * p.commitment_fade * (1.0 - 0.5 * (me + colleagues_committed))
        # The logistics are computed only where the die could fall below them: below the
        # chances with both logistics at 1 (most weeks it does not: the same moves, far
        # fewer exp calls), and where their rates are not zero.
        move = 0
        if u[i] < j_i * (forward_rate * capable + in_denial * awareness) + (back_rate + fade):
            forward = j_i * ((forward_rate * capable
                              * expit(p.slope * (readiness - forward_threshold))
                              if forward_rate else 0.0) + in_denial * awareness)
            back = ((back_rate * expit(p.slope * (p.relapse_threshold - readiness))
                     if back_rate else 0.0) + fade)
            move = 1 if u[i] < forward else (-1 if u[i] < forward + back else 0)
        if move:
            stage[i] += move
            weeks_in_stage[i] = 0
        else:
            weeks_in_stage[i] += 1
        main[i] = cause if stage[i] < COMMITMENT and peak >= p.main_cause_threshold else -1
