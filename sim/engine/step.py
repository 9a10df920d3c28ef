"""Moving a batch: every town's weeks in one compiled call.

For each town and week, in this order (docs/model.md, section 4): the week's events
strike (sim.plan.events), staff leave and newcomers take their places
(sim.model.newcomers), the plan's projects advance and people notice what was delivered,
dropped or rolled out (sim.plan.realisation), everyone's drivers and stage move
(:func:`sim.model.dynamics.week`, on the town's own rows), adoption is dated
(sim.model.adoption) and the week recorded (sim.model.history). Towns never touch each
other's rows, so a town moves the same whatever else is in its batch.
"""

from __future__ import annotations

from collections import namedtuple

import numba
import numpy as np

from sim.model.adoption import COMMITMENT, update_adoption
from sim.model.dynamics import BOARD, ROWS, C, Forms, Structure, week
from sim.model.history import record_week
from sim.model.newcomers import leavers, turnover
from sim.model.states import Stage
from sim.plan.events import set_merger, strike
from sim.plan.realisation import advance_plan, notice, plan_context
from sim.weekly import weekly

NEEDS_NEWCOMERS = 1  # a town stopped because its drawn newcomers ran out

# Scratch space of the weekly functions (sim.weekly), sized for a batch's largest town:
# per person what colleagues see of each other (own, around) and a list of rows
# (people); per form the week's doses, and the change they make; per department and per
# project the plan's tallies.
Scratch = namedtuple("Scratch", "own around dose change people engaged busy waiting "
                                "rebuilding joined_now gain delivered_now dropped_now")


def scratch(Tw, P, F) -> Scratch:
    """A batch's scratch space, allocated once: weekly functions may not allocate."""
    n = int(np.max(np.diff(Tw.p0)))
    forms = int(np.max(np.diff(F.f0)))
    departments, projects = P.department_size.shape[1], P.effort.shape[1]
    return Scratch(
        own=np.empty((n, C + 2)),
        around=np.empty((C + 2, n)), dose=np.empty(forms + 3),
        change=np.empty(ROWS), people=np.empty(n, np.int64),
        engaged=np.empty(departments), busy=np.empty(departments, np.bool_),
        waiting=np.empty(departments, np.bool_), rebuilding=np.empty(departments, np.bool_),
        joined_now=np.empty(departments, np.int64), gain=np.empty(projects),
        delivered_now=np.empty(projects + 1, np.int64), dropped_now=np.empty(1, np.int64))


# -- the week ----------------------------------------------------------------------------

@weekly
def weekly_update(S, N, Tw, F, X, t, u):
    """The weekly update (:func:`sim.model.dynamics.week`) of town t's rows; ``u`` are its
    people's uniforms for the week."""
    a, b = Tw.p0[t], Tw.p0[t + 1]
    f0, f1 = F.f0[t], F.f0[t + 1]
    e0, e1 = F.e0[t], F.e0[t + 1]
    k0, k1 = F.k0[t], F.k0[t + 1]
    forms = Forms(F.weight[f0:f1], F.channel[f0:f1], F.works_below[f0:f1],
                  F.entry_row[e0:e1], F.entry_dose[e0:e1], F.entry_value[e0:e1],
                  F.pressure[f0:f1], F.backfire_form[k0:k1], F.backfire_cause[k0:k1],
                  F.backfire_threshold[k0:k1], F.backfire_strength[k0:k1])
    structure = Structure(S.manager[a:b], N.kf_scale[a:b], N.indptr[a:b + 1], N.indices,
                          N.weights, N.is_key_figure[a:b], S.disposition[a:b])
    week(Tw.dynamics[t:t + 1], Tw.forces[t:t + 1], Tw.handling[t:t + 1], forms, structure,
         Tw.by_stage[t], Tw.rate[t], Tw.decay[t], Tw.support_weights[t], S.target[:, a:b],
         Tw.engagement[a + t:b + t + 1], S.drivers[:, a:b], S.stage[a:b],
         S.weeks_in_stage[a:b], S.evidence[a:b], S.threat[a:b], S.acknowledged[a:b],
         S.baseline[:, a:b], S.exposure[a:b], S.workload[a:b], Tw.situation[t],
         S.context[:, a:b], u, X.own[:b - a], X.around[:, :b - a], X.dose,
         X.change, S.main_cause[a:b])


@weekly
def move(S, N, Tw, P, F, R, X, t, w, u, stepwise):
    """Town t's week w after its events and turnover: the plan, what people notice of
    it, the weekly update, adoption, the record."""
    a, b = Tw.p0[t], Tw.p0[t + 1]
    n = b - a
    joins, delivered, dropped = advance_plan(S, P, X, Tw.situation[t], t, a, n, w)
    notice(S, P, X, t, a, n, joins, delivered, dropped)
    plan_context(S, P, X, t, a, n, w)
    Tw.situation[t, BOARD] = Tw.board[Tw.b0[t]:Tw.b0[t + 1]].mean()
    weekly_update(S, N, Tw, F, X, t, u)
    Tw.week[t] = w
    update_adoption(S, P, Tw, t, w)
    record_week(S, Tw, P, R, t, w, stepwise)


@numba.njit(cache=True)
def run(S, N, Tw, P, F, E, Q, R, X, dice, d0, until):
    """Move every running town on to week ``until[t]`` (or its horizon, or adoption when it
    stops there), with scratch space ``X`` (:func:`scratch`). ``dice`` holds each town's
    uniforms for those weeks: town t's week k of this call is
    ``dice[d0[t] + k * n : d0[t] + (k + 1) * n]``. Returns per town 0, or NEEDS_NEWCOMERS
    when it stopped because its drawn newcomers ran out."""
    status = np.zeros(len(until), np.int64)
    for t in range(len(until)):
        a, b = Tw.p0[t], Tw.p0[t + 1]
        n = b - a
        stepwise = P.settings[t].stepwise > 0
        k = 0
        while Tw.running[t] and Tw.week[t] < until[t]:
            w = Tw.week[t] + 1
            x = E.next[t]
            while x < E.x0[t + 1] and E.week[x] == w:
                if not strike(S, N, Tw, P, F, E, Q, R, t, x, w):
                    break
                x += 1
            E.next[t] = x
            if x < E.x0[t + 1] and E.week[x] == w:
                status[t] = NEEDS_NEWCOMERS
                break
            if Tw.merger_until[t] == w:
                set_merger(P, Tw, t, False)
            if Tw.successor_week[t] == w:
                P.coordinator[t] = Tw.successor_quality[t]
            if (Tw.turnover[t] and leavers(S, Tw, t, w)
                    and not turnover(S, N, Tw, Q, R, t, w)):
                status[t] = NEEDS_NEWCOMERS
                break
            move(S, N, Tw, P, F, R, X, t, w, dice[d0[t] + k * n:d0[t] + (k + 1) * n],
                 stepwise)
            k += 1
            if w >= Tw.horizon[t] or (Tw.stop[t] and Tw.adopted_week[t] >= 0):
                Tw.running[t] = False
    return status



if Stage.COMMITMENT != COMMITMENT:
    raise ImportError("sim.model.states.Stage changed: update sim/model/adoption.py")
