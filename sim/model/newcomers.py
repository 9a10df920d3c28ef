"""Who leaves and who takes their place, week by week (compiled, on a batch's arrays).

Each person's stay was drawn when they arrived (sim.model.turnover); in the week it ends
they leave and a newcomer takes over the position, drawn ahead of their arrival
(sim.model.people.Arrivals): their own disposition and drivers, how long they will stay,
and, if a key figure came or went, what their colleagues see of each other. Events that
replace staff (key figures leaving or arriving) take the same path. Roles are written as
numbers (compiled code keeps them as constants), checked against sim.model.organisation.
"""

from __future__ import annotations

import numba
import numpy as np

from sim.model.dynamics import reweigh
from sim.model.history import ROLE_CODE
from sim.model.organisation import Role
from sim.model.people import start_people
from sim.model.turnover import NEW_HIRE_YEARS
from sim.plan.calendar import WEEKS_PER_YEAR
from sim.weekly import weekly

EMPLOYEE, KEY_FIGURE, MANAGER = 0, 1, 2
FAILING_INTERACTION = 7


@numba.njit(cache=True)
def replace_staff(S, N, Tw, Q, R, t, who, roles):
    """Newcomers in ``roles`` take over positions ``who`` (rows of the batch) with the
    town's next drawn newcomers: their disposition, drivers and stage, how long they will
    stay, and, if key figures came or went, what their colleagues see. False when the
    drawn newcomers ran out (nothing changed then)."""
    k = len(who)
    a, b = Tw.p0[t], Tw.p0[t + 1]
    first = Q.q0[t] + Q.used[t]
    if first + k > Q.q0[t + 1]:
        return False
    Q.used[t] += k
    key_figures_changed = False
    for m in range(k):
        i = who[m]
        key_figures_changed |= (S.role[i] == KEY_FIGURE) != (roles[m] == KEY_FIGURE)
        S.role[i] = roles[m]
        S.tenure[i] = 0.0
        S.generation[i] += 1
        R.role_code[i] = ROLE_CODE[roles[m]]
    last = first + k
    start_people(who, S.role, S.department, Tw.climate[t], Q.openness[:, first:last],
                 Q.deviation[:, first:last], Q.uniform[0, first:last], Tw.past_failures[t],
                 Tw.doubt_level[t], Tw.dynamics[t].distrust_from_grievances,
                 Tw.middle_management[t], True,
                 S.exposure, S.workload, S.tenure, S.openness, S.baseline, S.drivers, S.stage,
                 S.weeks_in_stage, S.evidence, S.threat, S.acknowledged)
    new, settled = Tw.hazards[t, 0], Tw.hazards[t, 1]
    for m in range(k):
        i, q = who[m], first + m
        S.disposition[i] = Tw.support_weights[t, 3] * S.openness[i]
        for c in range(10):
            S.target[c, i] = S.baseline[c, i]
        S.target[FAILING_INTERACTION, i] *= 1.0 - Tw.interaction_quality[t]
        early = Q.stay[0, q] / new if new > 0 else np.inf  # a new hire's hazard, then
        years = early if early < NEW_HIRE_YEARS else (  # the settled staff's
            NEW_HIRE_YEARS + Q.stay[1, q] / settled)
        S.leaving_week[i] = Tw.week[t] + 1 + max(
            int(np.ceil(min(years, 1e6) * WEEKS_PER_YEAR)), 1)
    if key_figures_changed:
        for m in range(k):
            N.is_key_figure[who[m]] = 1.0 if roles[m] == KEY_FIGURE else 0.0
        seen = np.zeros(b - a, np.bool_)
        for m in range(k):
            for x in range(N.indptr[who[m]], N.indptr[who[m] + 1]):
                seen[N.indices[x]] = True
        reweigh(np.flatnonzero(seen) + a, N.indptr, N.indices, N.is_key_figure[a:b],
                N.influence[t], N.weights, N.kf_scale)
    return True


@weekly
def leavers(S, Tw, t, w):
    """Everyone a week longer in service; how many leave this week."""
    k = 0
    for i in range(Tw.p0[t], Tw.p0[t + 1]):
        S.tenure[i] += 1.0 / WEEKS_PER_YEAR
        k += S.leaving_week[i] == w
    return k


@numba.njit(cache=True)
def turnover(S, N, Tw, Q, R, t, w):
    """Staff whose stay ends this week (:func:`leavers` counted them) leave; newcomers take
    their positions. A manager's position stays a manager's; any other newcomer is a key
    figure as often as staff at the start were. False when the drawn newcomers ran out."""
    a, b = Tw.p0[t], Tw.p0[t + 1]
    leaving = np.flatnonzero(S.leaving_week[a:b] == w) + a
    k = len(leaving)
    first = Q.q0[t] + Q.used[t]
    if first + k > Q.q0[t + 1]:
        for i in range(a, b):  # undone: the week runs again once more newcomers are drawn
            S.tenure[i] -= 1.0 / WEEKS_PER_YEAR
        return False
    roles = np.empty(k, np.int64)
    for m in range(k):
        if S.role[leaving[m]] == MANAGER:
            roles[m] = MANAGER
        elif Q.uniform[1, first + m] < Tw.key_figure_share[t]:
            roles[m] = KEY_FIGURE
        else:
            roles[m] = EMPLOYEE
    Tw.leavers[t] += k
    return replace_staff(S, N, Tw, Q, R, t, leaving, roles)


if [int(r) for r in Role] != [EMPLOYEE, KEY_FIGURE, MANAGER]:
    raise ImportError("sim.model.organisation.Role changed: update sim/model/newcomers.py")
