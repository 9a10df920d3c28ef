"""The realisation plan: capacity, schedule, scaling down, and adoption's two components."""

from __future__ import annotations

import numpy as np
import pytest

from sim.model.municipality import Municipality, simulate
from sim.model.states import Cause, Stage
from sim.plan.realisation import departments_of
from tests.conftest import small_config


def test_functions_fold_into_the_departments_a_small_municipality_has():
    assert departments_of(["public_services"], 3).tolist() == [True, False, False]
    assert departments_of(["social_affairs"], 3).tolist() == [True, False, False]
    assert departments_of(["management_support"], 3).tolist() == [False, True, False]
    assert departments_of(["all"], 4).all()


def test_a_plan_without_capacity_never_finishes_and_is_censored():
    summary = simulate(small_config("plan.capacity=0", "leadership.board_commitment=0.9",
                                    "horizon_weeks=300")).summary()
    assert summary["plan_delivered_week"] is None
    assert summary["adopted"] is False and summary["time_to_adoption_weeks"] is None
    assert summary["ambition_scaled_down_week"] is not None  # the board dropped projects


def test_committed_staff_deliver_faster_than_staff_in_denial():
    shares = {}
    for stage in (Stage.DENIAL, Stage.COMMITMENT):
        model = Municipality(small_config("plan.drop_after_weeks=1000",
                                          "organisation.turnover=false"))
        for _ in range(40):
            model.people.stage[:] = stage  # the plan advances with the week's stages
            model.step()
        shares[stage] = model.plan.shares(model.week)[1]
    assert shares[Stage.COMMITMENT] > 2 * shares[Stage.DENIAL] > 0


def test_unreplaced_project_hours_and_training_raise_workload():
    model = Municipality(small_config("plan.replacement=0", "plan.capacity=0.2",
                                      "plan.training=0.5", "plan.training_hours=0.1"))
    before = model.people.workload.copy()
    model.step()
    busy = model.plan.involved[:, model.plan.start < 1].any(axis=1)[model.organisation.department]
    np.testing.assert_allclose(model.people.workload[busy], before[busy] + 0.2 + 0.05)
    np.testing.assert_allclose(model.people.workload[~busy], before[~busy])


def test_sustained_delay_makes_the_board_scale_down():
    model = simulate(small_config("plan.ambition=3", "plan.drop_after_weeks=20",
                                  "horizon_weeks=200"))
    frame = model.timeseries()
    first = model.summary()["ambition_scaled_down_week"]
    assert first is not None
    behind = ~frame["on_schedule"].to_numpy()
    assert behind[first - 19 : first + 1].all(), "dropped after 20 weeks behind schedule"
    assert frame.loc[first, "projects_dropped"] >= 1


def test_series_carry_planned_and_delivered_progress():
    frame = simulate(small_config("horizon_weeks=200")).timeseries()
    assert frame["plan_planned"].is_monotonic_increasing
    assert frame["plan_delivered"].is_monotonic_increasing
    assert frame["plan_planned"].iloc[0] == 0 and frame["plan_delivered"].iloc[-1] > 0.5


def test_the_leading_theme_puts_its_projects_first():
    kcc = Municipality(small_config("plan.theme=service_delivery_kcc")).plan
    bag = Municipality(small_config("plan.theme=base_registries")).plan
    assert kcc.names[0] == "kcc" and bag.names[0] == "base_registries"
    assert bag.start[0] == kcc.start[0] == 0  # the first slot goes to the leading project
    j = list(bag.names).index("kcc")
    assert bag.start[j] > 0 and bag.end[j] - bag.start[j] == kcc.end[0] - kcc.start[0]


def test_a_project_is_not_delivered_before_its_national_block():
    """The BAG law came into force on 1 July 2009: a plan of 2008 with plenty of capacity
    finishes the registry's groundwork, waits, and delivers right after that date."""
    model = simulate(small_config("plan.start_date=2008-01-01", "plan.capacity=0.5",
                                  "plan.projects.base_registries.start_week=0",
                                  "horizon_weeks=120", "plan.drop_after_weeks=1000"))
    j = model.plan.names.index("base_registries")
    due = model.plan.available[j]
    assert due == 78  # 1 July 2009 is 78 weeks after 1 January 2008
    assert model.plan.delivered_week[j] > due
    assert model.plan.delivered_week[j] <= due + 10


def test_a_legal_duty_is_never_dropped():
    summary = simulate(small_config("plan.capacity=0.01", "plan.drop_after_weeks=10",
                                    "horizon_weeks=300")).summary()
    projects = summary["projects"]
    assert projects["kcc"]["dropped_week"] is not None
    assert projects["base_registries"]["dropped_week"] is None  # the BAG law
    assert projects["permit_law"]["dropped_week"] is None


def test_a_better_coordinator_delivers_sooner_and_one_thing_at_a_time():
    def first_deliveries(quality):
        model = simulate(small_config(f"coordinator.quality={quality}", "horizon_weeks=400",
                                      "plan.drop_after_weeks=1000", "seed=2"))
        return np.sort(model.plan.delivered_week[model.plan.delivered_week >= 0])
    good, poor = first_deliveries(1.0), first_deliveries(0.0)
    assert len(good) >= len(poor)
    assert good[0] < poor[0]  # a focused plan shows its first result sooner


def test_a_coordinator_leaving_slows_the_plan_until_the_successor_starts():
    base = Municipality(small_config())
    left = Municipality(small_config("+events.c={type: coordinator_leaves, week: 10, weeks: 30, "
                                     "quality: 0.9}"))
    for _ in range(12):
        base.step()
        left.step()
    assert left.plan.coordinator == 0.0 and left.coordinator.quality == 0.0
    assert left.plan.rate < base.plan.rate
    for _ in range(30):
        left.step()
    assert left.plan.coordinator == 0.9


def test_external_advisers_bring_capacity_and_knowledge_until_they_end():
    support = ("support.capacity=0.05", "support.knowledge=0.3", "support.distrust=0.01")
    model = Municipality(small_config(*support,
                                      "+events.end={type: external_support_ends, week: 20}"))
    alone = Municipality(small_config())
    for _ in range(19):
        model.step()
        alone.step()
    assert model.plan.rate > alone.plan.rate
    assert model.update.situation[5] == pytest.approx(min(model.config.organisation.knowledge
                                                          + 0.3, 1.0))
    distrust = Cause.DISTRUST_OF_CHANGE_AGENT
    assert model.people.drivers[distrust].mean() > alone.people.drivers[distrust].mean()
    rate = model.plan.rate
    model.step()
    assert model.plan.rate < rate and not model.support_engaged
    assert model.update.situation[5] == model.config.organisation.knowledge


def test_training_lowers_unfamiliarity_where_projects_are_worked_on():
    def unfamiliar(training):
        model = simulate(small_config(f"plan.training={training}", "horizon_weeks=60",
                                      "strategy=none", "seed=4"))
        return model.people.drivers[Cause.UNFAMILIARITY].mean()
    assert unfamiliar(1.0) < 0.9 * unfamiliar(0.0)


def test_teething_problems_come_when_systems_go_live():
    model = Municipality(small_config("plan.capacity=0.4", "plan.drop_after_weeks=1000"))
    teething = Cause.TEETHING_PROBLEMS
    while True:
        model.step()
        if (model.plan.delivered_week >= 0).any():
            break
        assert model.update.context[3].sum() == 0  # nothing live yet: no teething problems
        assert model.people.drivers[teething].max() == 0
    for _ in range(5):
        model.step()
    live = model.update.context[3] > 0
    d = model.people.drivers[teething]
    assert live.any() and d[live].mean() > 0.02
    assert (~live).sum() == 0 or d[~live].max() == 0


def test_a_delivered_project_is_a_visible_result_in_its_departments():
    model = Municipality(small_config("plan.capacity=0.4", "plan.drop_after_weeks=1000",
                                      "plan.visible_result=0.5"))
    while True:
        doubt = model.people.drivers[Cause.DOUBT_ABOUT_CHANGE].copy()
        evidence = model.people.evidence.copy()
        delivered = (model.plan.delivered_week >= 0).sum()
        model.step()
        if (model.plan.delivered_week >= 0).sum() > delivered:
            break
    j = int(np.flatnonzero(model.plan.delivered_week == model.week)[0])
    touched = model.plan.people_of([j])
    assert model.people.evidence[touched].mean() > evidence[touched].mean() + 0.2
    assert model.people.drivers[Cause.DOUBT_ABOUT_CHANGE, touched].mean() < 0.8 * doubt[
        touched].mean()


def test_a_dropped_project_raises_resistance_in_its_departments():
    model = Municipality(small_config("plan.drop_disappointment=0.3"))
    model.step()
    j = model.plan.names.index("kcc")
    touched = model.plan.people_of([j])
    before = model.people.drivers[:, touched].copy()
    model.disappoint([j])
    after = model.people.drivers[:, touched]
    for cause in (Cause.DOUBT_ABOUT_CHANGE, Cause.DISTRUST_OF_CHANGE_AGENT,
                  Cause.OLD_GRIEVANCES):
        assert (after[cause] >= before[cause]).all() and after[cause].mean() > before[cause].mean()
    # and in a run: a plan the board scales down leaves more resistance than one it keeps
    def resistance(drop_after):
        return np.mean([simulate(small_config(f"plan.drop_after_weeks={drop_after}",
                                              "plan.capacity=0.03", f"seed={s}",
                                              "horizon_weeks=150")).history.drivers[150, [
            Cause.DISTRUST_OF_CHANGE_AGENT, Cause.OLD_GRIEVANCES]].sum() for s in range(4)])
    assert resistance(20) > resistance(5000)


def test_stepwise_rollout_lets_departments_join_in_turn():
    model = Municipality(small_config("plan.rollout=stepwise", "plan.rollout_weeks=10",
                                      "plan.what_is_in_it=0.5", "organisation.turnover=false"))
    dept = model.organisation.department
    model.step()
    joined = model.update.context[1] > 0
    first = np.unique(dept[joined])
    assert 0 < len(first) < model.organisation.n_departments
    waiting = ~joined
    stage_before = model.people.stage[waiting].copy()
    for _ in range(9):
        model.step()
    assert (model.people.stage[waiting] <= np.maximum(stage_before, 0)).all()  # nobody moves on
    assert (model.main_cause[waiting] == -1).all()  # not reached yet: no resistance to it
    doubt = model.people.drivers[Cause.DOUBT_ABOUT_CHANGE].copy()
    model.step()  # week 11: the next department joins and is shown what is in it for it
    newly = (model.update.context[1] > 0) & waiting
    assert newly.any()
    assert model.people.drivers[Cause.DOUBT_ABOUT_CHANGE, newly].mean() < 0.6 * doubt[
        newly].mean()


def test_adoption_after_scaling_down_is_reported_as_such():
    runs = [simulate(small_config(f"seed={s}", "plan.drop_after_weeks=20", "plan.capacity=0.06",
                                  "leadership.board_commitment=0.9", "horizon_weeks=520"))
            .summary() for s in range(6)]
    scaled = [r for r in runs if r["adopted"] and r["ambition_scaled_down_week"] is not None]
    assert scaled, "some run should adopt a scaled-down plan"
    for r in scaled:
        assert r["adopted_plan"] == "scaled_down" and r["plan_delivered_share"] < 1.0
    for r in runs:
        if r["adopted"] and r["ambition_scaled_down_week"] is None:
            assert r["adopted_plan"] == "original"
