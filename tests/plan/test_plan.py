"""The realisation plan: capacity, schedule, scaling down, and adoption's two components."""

from __future__ import annotations

import numpy as np

from sim.model.municipality import Municipality, simulate
from sim.model.states import Stage
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
        model = Municipality(small_config("plan.drop_after_weeks=1000"))
        for _ in range(40):
            model.people.stage[:] = stage
            model.plan.advance(model.week + 1, model.people.stage, model.people.workload)
            model.week += 1
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
