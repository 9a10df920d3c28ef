"""Moving a batch: every town's weeks in one compiled call.

For each town and week, in this order (docs/model.md, section 4): the week's events
strike, staff leave and newcomers take their places, the plan's projects advance and
people notice what was delivered, dropped or rolled out, everyone's drivers and stage
move (:func:`sim.model.dynamics.week`, on the town's own rows), adoption is dated and the
week recorded. Towns never touch each other's rows, so a town moves the same whatever
else is in its batch. Driver rows, roles, stages and event kinds are written as numbers
(compiled code keeps them as constants); the checks at the end of the module keep them
those of :mod:`sim.model.states` and :mod:`sim.config.vocabulary`.
"""

from __future__ import annotations

import numba
import numpy as np

from sim.config.vocabulary import EVENT_TYPES
from sim.model.dynamics import (
    ATTENTION,
    BOARD,
    EROSION,
    EXTRA_THREAT,
    JOINED,
    KNOWLEDGE,
    LIVE,
    MATURITY,
    OUTSIDER_DISTRUST,
    REBUILDING,
    TRAINING,
    Forms,
    Structure,
    main_causes,
    reweigh,
    week,
)
from sim.model.organisation import Role
from sim.model.people import start_people
from sim.model.states import Cause, Stage
from sim.plan.realisation import PRODUCTIVITY

WEEKS_PER_YEAR = 52.0
NEW_HIRE_YEARS = 3.0
DOUBT, CONFLICTING, GRIEVANCES, DISTRUST = 0, 3, 6, 8
EMPLOYEE, KEY_FIGURE, MANAGER = 0, 1, 2
COMMITMENT = 3
(BUDGET_CUT, NATIONAL_DELAY, ELECTION, MERGER, KEY_FIGURES_LEAVE, KEY_FIGURES_ARRIVE,
 QUICK_WIN, COORDINATOR_LEAVES, SUPPORT_STARTS, SUPPORT_ENDS) = range(10)
ROLE_CODE = np.array([8, 4, 0], np.int8)  # 4 * position in history.ROLE_ORDER, by role
NEEDS_NEWCOMERS = 1  # a town stopped because its drawn newcomers ran out


# -- people: what they notice -------------------------------------------------------------

@numba.njit(cache=True)
def see_result(S, a, who, size):
    """A visible result: those who see the change work doubt it less."""
    for i in who:
        S.evidence[a + i] += size * (1.0 - S.evidence[a + i])
        S.drivers[DOUBT, a + i] *= 1.0 - size


@numba.njit(cache=True)
def disappoint(S, a, who, size):
    """A promise broken: doubt, distrust and old grievances rise by ``size`` of the room."""
    for i in who:
        for c in (DOUBT, DISTRUST, GRIEVANCES):
            d = S.drivers[c, a + i]
            S.drivers[c, a + i] = d + size * (1.0 - d)


@numba.njit(cache=True)
def people_of(S, P, t, a, n, projects):
    """Staff (within the town) in the departments of these projects."""
    out = np.empty(n, np.int64)
    k = 0
    for i in range(n):
        d = S.department[a + i]
        for j in projects:
            if P.involved[t, d, j]:
                out[k] = i
                k += 1
                break
    return out[:k]


# -- the plan --------------------------------------------------------------------------

@numba.njit(cache=True)
def cap(P, t, j, w):
    """Progress project j can reach by week w: all of it once its block is usable."""
    before = P.available[t, j] >= w
    return P.effort[t, j] * (P.settings[t].before_block_share if before else 1.0)


@numba.njit(cache=True)
def is_open(P, t, j):
    return P.delivered_week[t, j] < 0 and P.dropped_week[t, j] < 0


@numba.njit(cache=True)
def planned(P, t, j, w):
    span = P.end[t, j] - P.start[t, j]
    return P.effort[t, j] * min(max((w - P.start[t, j]) / span, 0.0), 1.0)


@numba.njit(cache=True)
def on_schedule(P, t, w):
    done = 0.0
    due = 0.0
    for j in range(P.n_projects[t]):
        if P.dropped_week[t, j] < 0:
            done += P.progress[t, j]
            due += planned(P, t, j, w)
    return done >= (1.0 - P.settings[t].schedule_tolerance) * due


@numba.njit(cache=True)
def plan_shares(P, t, w):
    """Planned and delivered effort by now, as shares of the whole original plan."""
    total = 0.0
    due = 0.0
    done = 0.0
    for j in range(P.n_projects[t]):
        total += P.effort[t, j]
        due += planned(P, t, j, w)
        done += min(P.progress[t, j], P.effort[t, j])
    if total == 0:
        return 1.0, 1.0
    return due / total, done / total


@numba.njit(cache=True)
def drop_least_advanced(P, t, w):
    """The board scales the ambition down: the least advanced open project that is not a
    legal duty goes (-1: only legal duties left)."""
    worst, lowest = -1, np.inf
    for j in range(P.n_projects[t]):
        if is_open(P, t, j) and not P.mandatory[t, j]:
            ratio = P.progress[t, j] / P.effort[t, j]
            if ratio < lowest:
                worst, lowest = j, ratio
    P.behind[t] = 0
    if worst >= 0:
        P.dropped_week[t, worst] = w
    return worst


@numba.njit(cache=True)
def advance_plan(S, P, situation, t, a, n, w, joined_now, delivered_now, dropped_now):
    """Spend week w's capacity (sim.plan.realisation describes the rules); set everyone's
    workload. Fills the departments that joined, the projects delivered and dropped, and
    returns how many of each."""
    n_dept = 0
    while n_dept < P.department_size.shape[1] and P.department_size[t, n_dept] > 0:
        n_dept += 1
    joins = 0
    for d in range(n_dept):
        if not P.joined[t, d] and P.join_week[t, d] < w:
            P.joined[t, d] = True
            joined_now[joins] = d
            joins += 1
    if P.finished[t]:
        return joins, 0, 0
    k = P.n_projects[t]
    any_open = False
    for j in range(k):
        any_open = any_open or is_open(P, t, j)
    if not any_open:
        for i in range(n):
            S.workload[a + i] = S.base_workload[a + i]
        P.finished[t] = True
        P.active[t, :] = False
        return joins, 0, 0
    st = P.settings[t]
    for j in range(k):
        P.active[t, j] = (is_open(P, t, j) and P.start[t, j] < w
                          and P.progress[t, j] < cap(P, t, j, w))
    q = P.coordinator[t]
    rate = ((P.capacity[t] + P.support_capacity[t]) * situation[ATTENTION] * (0.5 + 0.5 * q)
            * (0.5 + 0.5 * min(situation[KNOWLEDGE], 1.0)))
    engaged = np.zeros(n_dept)
    for i in range(n):
        pull = st.key_figure_pull if S.role[a + i] == KEY_FIGURE else 1.0
        engaged[S.department[a + i]] += PRODUCTIVITY[S.stage[a + i]] * pull
    gain = np.zeros(k)
    busy = np.zeros(n_dept, np.bool_)
    for d in range(n_dept):
        if not P.joined[t, d]:
            continue
        m, first = 0, -1
        for j in range(k):
            if P.involved[t, d, j] and P.active[t, j]:
                m += 1
                if first < 0:
                    first = j
        if m == 0:
            continue
        busy[d] = True
        for j in range(k):
            if P.involved[t, d, j] and P.active[t, j]:
                share = (1.0 - q) / m + (q if j == first else 0.0)
                gain[j] += engaged[d] * share
    delivered = 0
    for j in range(k):
        if P.active[t, j]:
            P.progress[t, j] = min(P.progress[t, j] + rate * gain[j], cap(P, t, j, w))
            if P.progress[t, j] >= P.effort[t, j]:
                P.delivered_week[t, j] = w
                delivered_now[delivered] = j
                delivered += 1
    dropped = 0
    any_open = False
    for j in range(k):
        any_open = any_open or is_open(P, t, j)
    if any_open and not on_schedule(P, t, w):
        P.behind[t] += 1
        if P.behind[t] >= st.drop_after_weeks:
            j = drop_least_advanced(P, t, w)
            if j >= 0:
                dropped_now[0] = j
                dropped = 1
    else:
        P.behind[t] = 0
    if P.delivered_at[t] < 0 and P.stopped_week[t] < 0:
        kept, still_open = False, False
        for j in range(k):
            kept = kept or P.dropped_week[t, j] < 0
            still_open = still_open or is_open(P, t, j)
        if not still_open and (kept or k == 0):
            P.delivered_at[t] = w
    extra = P.capacity[t] * (1.0 - st.replacement) + st.training * st.training_hours
    for i in range(n):
        S.workload[a + i] = S.base_workload[a + i] + (extra if busy[S.department[a + i]]
                                                      else 0.0)
    return joins, delivered, dropped


@numba.njit(cache=True)
def plan_context(S, P, t, a, n, w):
    """Per person this week: support eroding while one's project waits for its block,
    one's department being rebuilt (a project worked on), and training there."""
    k = P.n_projects[t]
    st = P.settings[t]
    n_dept = P.department_size.shape[1]
    waiting = np.zeros(n_dept, np.bool_)
    rebuilding = np.zeros(n_dept, np.bool_)
    for d in range(n_dept):
        rebuilding[d] = k == 0
        if P.finished[t]:
            continue
        for j in range(k):
            if not P.involved[t, d, j]:
                continue
            if (is_open(P, t, j) and P.start[t, j] < w and P.available[t, j] >= w
                    and P.progress[t, j] >= cap(P, t, j, w)):
                waiting[d] = True
            if P.active[t, j] and P.joined[t, d]:
                rebuilding[d] = True
    for i in range(n):
        d = S.department[a + i]
        S.context[EROSION, a + i] = st.delay_erosion if waiting[d] else 0.0
        S.context[REBUILDING, a + i] = 1.0 if rebuilding[d] else 0.0
        S.context[TRAINING, a + i] = st.training if rebuilding[d] else 0.0


@numba.njit(cache=True)
def update_live(S, P, t, a, n):
    """New systems live where a project of one's department is delivered (everywhere
    without projects: the new way of working is the change itself)."""
    k = P.n_projects[t]
    for i in range(n):
        live = k == 0
        for j in range(k):
            if P.delivered_week[t, j] >= 0 and P.involved[t, S.department[a + i], j]:
                live = True
        S.context[LIVE, a + i] = 1.0 if live else 0.0


@numba.njit(cache=True)
def notice(S, P, t, a, n, joined_now, joins, delivered_now, delivered, dropped_now,
           dropped):
    """What people notice of the plan this week (sim.model.municipality, docs section 4a)."""
    st = P.settings[t]
    if delivered:
        see_result(S, a, people_of(S, P, t, a, n, delivered_now[:delivered]),
                   st.visible_result)
        update_live(S, P, t, a, n)
    if dropped:
        disappoint(S, a, people_of(S, P, t, a, n, dropped_now[:dropped]),
                   st.drop_disappointment)
    if joins:
        for i in range(n):
            S.context[JOINED, a + i] = 1.0 if P.joined[t, S.department[a + i]] else 0.0
        if st.stepwise > 0:
            keep = 1.0 - st.what_is_in_it
            for i in range(n):
                for m in range(joins):
                    if S.department[a + i] == joined_now[m]:
                        S.drivers[DOUBT, a + i] *= keep
                        S.drivers[CONFLICTING, a + i] *= keep


# -- staff: who leaves, who arrives ------------------------------------------------------

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
                 Tw.dynamics[t].distrust_from_grievances, Tw.middle_management[t], True,
                 S.exposure, S.workload, S.tenure, S.openness, S.baseline, S.drivers, S.stage,
                 S.weeks_in_stage, S.evidence, S.threat, S.acknowledged)
    new, settled = Tw.hazards[t, 0], Tw.hazards[t, 1]
    for m in range(k):
        i, q = who[m], first + m
        S.disposition[i] = Tw.support_weights[t, 3] * S.openness[i]
        for c in range(10):
            S.target[c, i] = S.baseline[c, i]
        S.target[7, i] *= 1.0 - Tw.interaction_quality[t]  # failing interaction
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


@numba.njit(cache=True)
def turnover(S, N, Tw, Q, R, t, w):
    """Staff whose stay ends this week leave; newcomers take their positions. A manager's
    position stays a manager's; any other newcomer is a key figure as often as staff at
    the start were. False when the drawn newcomers ran out."""
    a, b = Tw.p0[t], Tw.p0[t + 1]
    for i in range(a, b):
        S.tenure[i] += 1.0 / WEEKS_PER_YEAR
    leaving = np.flatnonzero(S.leaving_week[a:b] == w) + a
    k = len(leaving)
    if k == 0:
        return True
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


# -- events ----------------------------------------------------------------------------

@numba.njit(cache=True)
def set_support(P, Tw, t, engaged):
    """External advisers engaged or not: their hours, their knowledge, and the distrust
    an outsider pushing the change meets."""
    s = Tw.support[t]
    Tw.support_engaged[t] = engaged
    P.support_capacity[t] = s[0] if engaged else 0.0
    Tw.situation[t, KNOWLEDGE] = min(Tw.own_knowledge[t] + (s[1] if engaged else 0.0), 1.0)
    Tw.situation[t, OUTSIDER_DISTRUST] = s[2] if engaged else 0.0


@numba.njit(cache=True)
def set_merger(P, Tw, t, merging):
    """During a merger attention leaves the plan and everyone fears for their position."""
    st = P.settings[t]
    Tw.situation[t, ATTENTION] = 1.0 - st.merger_distraction * merging
    Tw.situation[t, EXTRA_THREAT] = st.merger_threat * merging


@numba.njit(cache=True)
def first_by_key(S, E, x, a, b, role):
    """Positions of ``role`` in the town, those with the lowest keys drawn for event x first."""
    candidates = np.flatnonzero(S.role[a:b] == role)
    keys = E.keys[E.keys0[x]:E.keys0[x + 1]]
    order = np.argsort(keys[candidates], kind="mergesort")
    return candidates[order[:E.count[x]]] + a


@numba.njit(cache=True)
def strike(S, N, Tw, P, F, E, Q, R, t, x, w):
    """Event x strikes town t in week w (sim.plan.events describes each kind). False when
    newcomers ran out (the event is struck again once more are drawn)."""
    a, b = Tw.p0[t], Tw.p0[t + 1]
    kind = E.kind[x]
    if kind == BUDGET_CUT:
        size = E.size[x]
        P.capacity[t] *= 1.0 - size
        stopped = np.empty(P.n_projects[t], np.int64)
        k = 0
        if size > P.settings[t].stop_above_cut:
            for j in range(P.n_projects[t]):
                if is_open(P, t, j):
                    P.dropped_week[t, j] = w
                    stopped[k] = j
                    k += 1
            P.stopped_week[t] = w
        for f in range(F.f0[t], F.f0[t + 1]):
            if F.paid[f]:
                F.weight[f] *= 1.0 - size
        if k:
            disappoint(S, a, people_of(S, P, t, a, b - a, stopped[:k]),
                       P.settings[t].drop_disappointment)
        E.detail[x] = 1.0 if P.stopped_week[t] == w else 0.0
    elif kind == NATIONAL_DELAY:
        for j in range(P.n_projects[t]):
            if P.block[t, j] == E.block[x]:
                P.available[t, j] = max(P.available[t, j], w) + E.weeks[x]
    elif kind == ELECTION:
        spread = E.spread[E.spread0[x]:E.spread0[x + 1]]
        for m in range(Tw.b0[t], Tw.b0[t + 1]):
            Tw.board[m] = min(max(E.level[x] + spread[m - Tw.b0[t]], 0.0), 1.0)
    elif kind == MERGER:
        set_merger(P, Tw, t, True)
        Tw.merger_until[t] = w + E.weeks[x]
    elif kind == KEY_FIGURES_LEAVE or kind == KEY_FIGURES_ARRIVE:
        leaving = kind == KEY_FIGURES_LEAVE
        who = first_by_key(S, E, x, a, b, KEY_FIGURE if leaving else EMPLOYEE)
        roles = np.full(len(who), EMPLOYEE if leaving else KEY_FIGURE, np.int64)
        if not replace_staff(S, N, Tw, Q, R, t, who, roles):
            return False
        E.detail[x] = len(who)
    elif kind == QUICK_WIN:
        see_result(S, a, np.arange(b - a), E.size[x])
    elif kind == COORDINATOR_LEAVES:
        P.coordinator[t] = 0.0
        Tw.successor_quality[t] = E.quality[x]
        Tw.successor_week[t] = w + E.weeks[x]
    elif kind == SUPPORT_STARTS:
        set_support(P, Tw, t, True)
    elif kind == SUPPORT_ENDS:
        set_support(P, Tw, t, False)
    E.struck[x] = True
    return True


# -- adoption and the record -----------------------------------------------------------

@numba.njit(cache=True)
def update_adoption(S, P, Tw, t, w):
    """Date commitment (the committed share held for ``sustain`` weeks) and adoption
    (committed and the plan delivered): sim.model.adoption describes the rule."""
    a, b = Tw.p0[t], Tw.p0[t + 1]
    if Tw.every_department[t]:
        share = 1.0
        for d in range(P.department_size.shape[1]):
            size = P.department_size[t, d]
            if size == 0:
                continue
            committed = 0
            for i in range(a, b):
                if S.department[i] == d and S.stage[i] == COMMITMENT:
                    committed += 1
            share = min(share, committed / size)
    else:
        committed = 0
        for i in range(a, b):
            if S.stage[i] == COMMITMENT:
                committed += 1
        share = committed / (b - a)
    Tw.streak[t] = Tw.streak[t] + 1 if share >= Tw.committed_share[t] else 0
    if Tw.streak[t] >= Tw.sustain[t]:
        if Tw.commitment_week[t] < 0:
            Tw.commitment_week[t] = w
        delivered = P.delivered_at[t] >= 0 and P.stopped_week[t] < 0
        if Tw.adopted_week[t] < 0 and delivered:
            Tw.adopted_week[t] = w


@numba.njit(cache=True)
def record_week(S, Tw, P, R, t, w, threshold, stepwise):
    """Everyone's main cause (kept for the agents), and, if recording, the week's raw
    state: role and stage codes, main causes, mean drivers, board, maturity, plan."""
    a, b = Tw.p0[t], Tw.p0[t + 1]
    main = main_causes(S.drivers[:, a:b], S.stage[a:b], threshold)
    if stepwise:
        for i in range(a, b):
            if S.context[JOINED, i] == 0:
                main[i - a] = -1
    S.main_cause[a:b] = main
    for i in range(b - a):  # weeks per main cause (no resistance last), summed for summaries
        R.cause_weeks[t, main[i] if main[i] >= 0 else R.cause_weeks.shape[1] - 1] += 1
    if Tw.adopted_week[t] == w:
        R.cause_weeks_at_adoption[t, :] = R.cause_weeks[t, :]
    if not R.on[0]:
        return
    n = b - a
    row = R.w0[t] + w
    cell = R.r0[t] + w * n
    for i in range(n):
        R.code[cell + i] = R.role_code[a + i] + S.stage[a + i]
        R.main_cause[cell + i] = main[i]
    for c in range(S.drivers.shape[0]):
        R.drivers[row, c] = S.drivers[c, a:b].mean()
    size = Tw.b0[t + 1] - Tw.b0[t]
    for m in range(size):
        R.board[R.g0[t] + w * size + m] = Tw.board[Tw.b0[t] + m]
    R.maturity[row] = Tw.situation[t, MATURITY]
    due, done = plan_shares(P, t, w)
    dropped = 0
    for j in range(P.n_projects[t]):
        if P.dropped_week[t, j] >= 0:
            dropped += 1
    R.plan[row, 0] = due
    R.plan[row, 1] = done
    R.plan[row, 2] = 1.0 if on_schedule(P, t, w) else 0.0
    R.plan[row, 3] = dropped
    R.weeks[t] = w + 1


# -- the week ----------------------------------------------------------------------------

@numba.njit(cache=True)
def move(S, N, Tw, P, F, E, Q, R, t, w, u):
    """Town t's week w after its events: turnover, the plan, the weekly update."""
    a, b = Tw.p0[t], Tw.p0[t + 1]
    n = b - a
    joined_now = np.empty(P.department_size.shape[1], np.int64)
    delivered_now = np.empty(P.n_projects[t] + 1, np.int64)
    dropped_now = np.empty(1, np.int64)
    joins, delivered, dropped = advance_plan(S, P, Tw.situation[t], t, a, n, w, joined_now,
                                             delivered_now, dropped_now)
    notice(S, P, t, a, n, joined_now, joins, delivered_now, delivered, dropped_now, dropped)
    plan_context(S, P, t, a, n, w)
    board = Tw.board[Tw.b0[t]:Tw.b0[t + 1]].mean()
    Tw.situation[t, BOARD] = board
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
         S.context[:, a:b], u)


@numba.njit(cache=True)
def run(S, N, Tw, P, F, E, Q, R, dice, d0, until):
    """Move every running town on to week ``until[t]`` (or its horizon, or adoption when it
    stops there). ``dice`` holds each town's uniforms for those weeks: town t's week k of
    this call is ``dice[d0[t] + k * n : d0[t] + (k + 1) * n]``. Returns per town 0, or
    NEEDS_NEWCOMERS when it stopped because its drawn newcomers ran out."""
    status = np.zeros(len(until), np.int64)
    for t in range(len(until)):
        a, b = Tw.p0[t], Tw.p0[t + 1]
        n = b - a
        dynamics = Tw.dynamics[t]
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
            if Tw.turnover[t] and not turnover(S, N, Tw, Q, R, t, w):
                status[t] = NEEDS_NEWCOMERS
                break
            move(S, N, Tw, P, F, E, Q, R, t, w, dice[d0[t] + k * n:d0[t] + (k + 1) * n])
            k += 1
            Tw.week[t] = w
            update_adoption(S, P, Tw, t, w)
            record_week(S, Tw, P, R, t, w, dynamics.main_cause_threshold, stepwise)
            if w >= Tw.horizon[t] or (Tw.stop[t] and Tw.adopted_week[t] >= 0):
                Tw.running[t] = False
    return status


if ([int(c) for c in (Cause.DOUBT_ABOUT_CHANGE, Cause.CONFLICTING_INTERESTS,
                      Cause.OLD_GRIEVANCES, Cause.DISTRUST_OF_CHANGE_AGENT,
                      Cause.FAILING_INTERACTION)] != [0, 3, 6, 8, 7]
        or [int(r) for r in Role] != [0, 1, 2] or Stage.COMMITMENT != COMMITMENT
        or EVENT_TYPES.index("external_support_ends") != SUPPORT_ENDS
        or EVENT_TYPES.index("budget_cut") != BUDGET_CUT
        or EVENT_TYPES.index("coordinator_leaves") != COORDINATOR_LEAVES):
    raise ImportError("sim.model.states or the event types changed: update sim/engine/step.py")
