"""The weekly update: how everyone's drivers and stage move, as array operations.

One call moves all staff one week. Inputs reach a person through three channels
(the programme, their manager, key figures among their colleagues); drivers then
change under the strategy's interaction forms, resistance handling, colleagues,
leadership and the forces, and the drivers set the chance to move a stage forward
or back. docs/model.md states every rule in words; benchmarks/reference_model.py
states the same rules per agent, and tests check the two agree.
"""

from __future__ import annotations

import numpy as np
from scipy.special import expit

from sim.config import SimConfig
from sim.organisation import REPORTS_TO_BOARD, Organisation
from sim.people import People, conflicting_interests
from sim.states import Cause
from sim.strategy import Strategy

C = len(Cause)
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
        self.p = p = cfg.dynamics
        self.forces = f = cfg.forces
        self.handling = cfg.resistance_handling
        self.strategy = s = strategy
        n, F = org.size, len(strategy.weight)
        self.n_forms = F
        self.degree = np.maximum(np.asarray(org.ties.sum(axis=1)).ravel(), 1.0)
        self.mean_over_colleagues = org.ties.multiply(1.0 / self.degree[:, None]).tocsr()
        # Department heads report to the board: index n of the engagement vector.
        self.manager = np.where(org.manager == REPORTS_TO_BOARD, n, org.manager)
        self.is_key_figure = org.is_key_figure.astype(float)
        self.weight = s.weight.copy()  # effort per form; budget cuts shrink the paid ones
        # Set by events: attention left for the plan, threat a merger adds, and
        # per person the weekly erosion of support while their project waits.
        self.attention = 1.0
        self.extra_threat = 0.0
        self.erosion: np.ndarray | float = 0.0
        self.gated = np.flatnonzero(s.works_below < 1.0)
        self.pressure_forms = np.flatnonzero(s.pressure > 0)
        # Doses: the strategy's forms, then conversation, observation and waiting.
        handling_lowers = -np.vstack([p.conversation_effect * CONVERSATION_ON,
                                      p.observation_effect * OBSERVATION_ON,
                                      p.waiting_effect * WAITING_ON])
        self.effects = np.hstack([np.vstack([s.lowers, handling_lowers]),
                                  np.vstack([s.raises, np.zeros((3, C))])]).T.copy()
        self.push_pressure = np.vstack([s.push, s.pressure])
        self.dose = np.zeros((F + 3, n))
        self.own = np.empty((n, C + 2))
        self.engagement = np.empty(n + 1)
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
        self.rate = rate[:, None]
        self.decay = p.social_influence + self.rate  # both pull a driver away from its level
        self.target = people.baseline.copy()
        self.target[Cause.FAILING_INTERACTION] *= 1 - p.interaction_quality * f.interaction
        self.maturity = 0.0  # how far new systems and processes have matured, organisation-wide
        self.staff_changed(org, people)

    def cut_paid_forms(self, size: float) -> None:
        """A budget cut of ``size`` shrinks the forms that cost money (rewards)."""
        self.weight[self.strategy.paid] *= 1.0 - size

    def staff_changed(self, org: Organisation, people: People) -> None:
        """Newcomers or new key figures: the key-figure channel and dispositions follow."""
        self.is_key_figure = org.is_key_figure.astype(float)
        self.disposition = self.support_weights[3] * people.openness

    def resistance(self, D: np.ndarray) -> np.ndarray:
        """A person's overall resistance: between the mean driver and the strongest one."""
        w = self.p.resistance_peak_weight
        return D.sum(axis=0) * ((1.0 - w) / C) + w * D.max(axis=0)

    def reach(self, people: People, kf_signal: np.ndarray) -> np.ndarray:
        """How strongly each channel reaches each person this week, (3, n).

        The programme runs on the board's backing (an enthusiastic board gives it a
        tailwind); the manager channel needs an engaged manager; the key-figure channel
        grows with engaged ambassadors among one's colleagues. Overload cuts all three.
        """
        p, f, eng = self.p, self.forces, self.engagement
        overload = np.maximum(people.workload - 1.0, 0.0)
        capacity = (f.interaction * p.strategy_strength * self.attention) / (
            1.0 + p.overload_penalty * overload)
        reach = np.empty((3, people.size))
        np.multiply(capacity, eng[-1], out=reach[0])
        np.multiply(capacity * f.leadership, eng[self.manager], out=reach[1])
        np.multiply(capacity, -np.expm1(-p.key_figure_reach * kf_signal), out=reach[2])
        return reach

    def __call__(self, people: People, board: float, u: np.ndarray) -> None:
        """Move everyone one week; ``board`` is the board's visible commitment, ``u`` ~ U(0,1)."""
        p, f, h, s, F = self.p, self.forces, self.handling, self.strategy, self.n_forms
        D, stage, n = people.drivers, people.stage, people.size

        # Who carries the change: engagement by stage, the board above department heads.
        (engagement, committed, using, resisting, in_denial, exploring, unsettled,
         forward_rate, forward_threshold, back_rate) = self.by_stage[:, stage]
        eng = self.engagement
        eng[:n] = engagement
        eng[n] = board
        manager_engagement = eng[self.manager]
        cooled = resisting * (people.weeks_in_stage >= h.cooling_off_weeks) if h.waiting else 0.0

        # Colleagues: their drivers, their commitment, and engaged key figures among them.
        own = self.own
        own[:, :C] = D.T
        own[:, C] = committed
        np.multiply(self.is_key_figure, eng[:n], out=own[:, C + 1])
        around = self.mean_over_colleagues @ own
        colleagues_committed = around[:, C]

        # Doses of the strategy's forms through their channels, and of resistance handling.
        dose = self.dose
        if F:
            reach = self.reach(people, self.degree * around[:, C + 1])
            np.multiply(reach[s.channel], self.weight[:, None], out=dose[:F])
            if len(self.gated):  # learning works only while resistance is low
                theta = s.works_below[self.gated, None]
                dose[self.gated] *= np.clip(1.0 - self.resistance(D) / theta, 0.0, 1.0)
            if len(self.pressure_forms) and h.waiting > 0:  # waiting pauses the pressure
                dose[self.pressure_forms] *= 1.0 - h.waiting * cooled
        talk = h.conversation * manager_engagement * resisting
        dose[F] = talk
        dose[F + 1] = h.observation * manager_engagement * resisting
        dose[F + 2] = h.waiting * cooled
        change = self.effects @ dose
        lower, rise = change[:C], change[C:]
        for b in s.backfires:  # e.g. convincing those who doubt raises their doubt
            flip = dose[b.form] * b.strength * (D[b.cause] > b.threshold)
            lower[b.cause] += flip
            rise[b.cause] += flip
        push, pressure = self.push_pressure @ dose[:F]

        # Memories behind doubt, uncertainty and old grievances; system maturity.
        self.maturity += p.maturity_rate * (np.count_nonzero(committed) / n) * (1 - self.maturity)
        people.evidence += (colleagues_committed - people.evidence) / p.evidence_memory_weeks
        people.threat += p.threat_rate * (
            np.minimum(people.exposure * unsettled + self.extra_threat, 1.0) - people.threat)
        people.acknowledged += (p.grievance_acknowledge_rate * talk
                                * (1.0 - D[Cause.FAILING_INTERACTION])
                                * (1.0 - people.acknowledged))

        # Targets of the drivers with dynamics of their own.
        T, base = self.target, people.baseline
        T[Cause.DOUBT_ABOUT_CHANGE] = (
            base[Cause.DOUBT_ABOUT_CHANGE]
            * (1.0 - p.doubt_leadership * 0.5 * (board + manager_engagement))
            * ((1.0 - p.doubt_urgency * f.urgency) * (1.0 - p.doubt_evidence * people.evidence)))
        unc = Cause.UNCERTAINTY_OWN_POSITION
        T[unc] = np.maximum(base[unc], people.threat) * (1.0 - p.uncertainty_ambition * f.ambition)
        T[Cause.TEETHING_PROBLEMS] = using * people.exposure * (1.0 - self.maturity)
        dis, g = Cause.DISTRUST_OF_CHANGE_AGENT, Cause.OLD_GRIEVANCES
        np.maximum(base[dis], p.distrust_from_grievances * D[g], out=T[dis])
        share_using = np.count_nonzero(using) / n
        T[Cause.RENOVATION_NUISANCE] = (np.minimum(people.workload, 1.0) * people.exposure) * (
            (1.0 - f.planning) * 4.0 * share_using * (1.0 - share_using))
        T[Cause.CONFLICTING_INTERESTS] = conflicting_interests(people.exposure, people.workload)
        rise[Cause.DOUBT_ABOUT_CHANGE] += self.erosion  # waiting for national building blocks
        # Old grievances heal only once acknowledged; pressure reopens them until then.
        rise[g] += p.grievance_reactivation * pressure * (1.0 - people.acknowledged)
        lower[g] -= p.grievance_heal_rate * people.acknowledged
        lower[Cause.UNFAMILIARITY] -= p.practice_rate * using  # practice makes familiar

        # All drivers at once: d += d * (lower - rise - social - rate) + rise + social*m + rate*T.
        step = lower - rise
        step -= self.decay
        step *= D
        step += rise
        step += p.social_influence * around[:, :C].T
        step += self.rate * T
        D += step
        np.minimum(D, 1.0, out=D)
        np.maximum(D, 0.0, out=D)

        # Stage moves: support against resistance sets the chances.
        w = self.support_weights
        support = (w[0] * board + w[4] * f.urgency + w[5] * f.ambition
                   + w[1] * manager_engagement + w[2] * colleagues_committed
                   + self.disposition)
        readiness = support - self.resistance(D) + push
        informed = 1.0 - D[Cause.INCOMPLETE_INFORMATION]
        awareness = p.awareness_rate * np.minimum(informed * (0.5 + 0.5 * f.urgency) + push, 1.0)
        # Commitment means understanding the change and mastering the new way of working.
        capable = 1.0 - exploring * (1.0 - informed * (1.0 - D[Cause.UNFAMILIARITY]))
        forward = (forward_rate * capable * expit(p.slope * (readiness - forward_threshold))
                   + in_denial * awareness)
        back = back_rate * expit(p.slope * (p.relapse_threshold - readiness))
        ahead = u < forward
        behind = (u < forward + back) & ~ahead
        stage += ahead
        stage -= behind
        people.weeks_in_stage += 1
        people.weeks_in_stage[ahead | behind] = 0
