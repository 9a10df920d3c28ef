"""When the municipality has adopted the plan, and how long that took.

The organisation is committed in a week when the committed share of staff (of the
whole organisation, or of every department) is at least ``committed_share``, and
has been for ``sustain_weeks`` weeks in a row: the week an observer could first say
so, without looking ahead. The plan is adopted in the first week in which the
organisation is committed and the plan's (kept) projects are delivered. Both
component weeks are kept, so users see which one was binding. Runs that never get
there within the horizon are right-censored: no time is made up.
"""

from __future__ import annotations

from sim.weekly import weekly

COMMITMENT = 3  # Stage.COMMITMENT (compiled code keeps numbers; checked in sim.engine.step)


def binding(adoption_week: int | None, commitment_week: int | None,
            plan_delivered_week: int | None) -> str | None:
    """Which component came last: 'organisation' or 'plan' (None if not adopted)."""
    if adoption_week is None:
        return None
    return "plan" if plan_delivered_week == adoption_week and (
        commitment_week is None or commitment_week < adoption_week) else "organisation"


@weekly
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
