"""Each event moves the outcome in its documented direction, over seeded replicates."""

from __future__ import annotations

import numpy as np
import pytest

from sim.config.errors import ConfigError
from sim.model.agents import KeyFigure
from sim.model.municipality import Municipality, simulate
from sim.model.states import Cause
from tests.conftest import small_config

SEEDS = range(5)
KEEP_PLAN = "plan.drop_after_weeks=5000"  # no scaling down: compare raw delivery


def runs(*overrides, weeks=200):
    return [simulate(small_config(*overrides, f"seed={s}", f"horizon_weeks={weeks}", KEEP_PLAN))
            for s in SEEDS]


def test_a_budget_cut_delays_delivery():
    base = runs()
    cut = runs("+events.cut={type: budget_cut, week: 30, size: 0.4}")
    for b, c in zip(base, cut, strict=True):
        assert c.timeseries().loc[100, "plan_delivered"] < b.timeseries().loc[100, "plan_delivered"]


def test_a_large_cut_stops_the_plan():
    cut = "+events.cut={type: budget_cut, week: 30, size: 0.8}"
    summary = simulate(small_config(cut)).summary()
    assert summary["plan_stopped_week"] == 30
    assert summary["adopted"] is False


def test_a_national_delay_holds_dependent_projects_and_erodes_support():
    """A block postponed: its project cannot be delivered before it, and doubt rises in its
    departments while the project waits with what it can do done."""
    early = ("plan.start_date=2011-01-01", "plan.capacity=0.5")  # the WABO in force already
    delay = "+events.wabo={type: national_delay, week: 10, weeks: 150, block: wabo}"
    for base, late in zip(runs(*early, weeks=120), runs(*early, delay, weeks=120), strict=True):
        j = base.plan.names.index("permit_law")
        assert 0 < base.plan.delivered_week[j] <= 120
        assert late.plan.delivered_week[j] < 0
        assert late.plan.progress[j] == pytest.approx(
            late.config.plan.before_block_share * late.plan.effort[j])
        waiting = late.plan.involved[:, j][late.organisation.department]
        doubt = Cause.DOUBT_ABOUT_CHANGE
        assert (late.people.drivers[doubt, waiting].mean()
                > base.people.drivers[doubt, waiting].mean())


def test_a_merger_raises_uncertainty_about_own_position():
    merger = "+events.m={type: merger, week: 20, weeks: 80}"
    unc = Cause.UNCERTAINTY_OWN_POSITION
    for base, merged in zip(runs(weeks=100), runs(merger, weeks=100), strict=True):
        assert merged.history.drivers[60:100, unc].mean() > base.history.drivers[60:100, unc].mean()


def test_an_election_sets_the_new_boards_commitment():
    model = simulate(small_config("+events.e={type: election, week: 10, board_commitment: 0.9}",
                                  "leadership.board_commitment=0.2", "horizon_weeks=20"))
    frame = model.timeseries()
    assert frame.loc[9, "board_mean_commitment"] < 0.35
    assert frame.loc[10, "board_mean_commitment"] > 0.8
    assert frame.loc[10, "events"] == "e"


def test_key_figures_leave_and_arrive():
    model = Municipality(small_config("organisation.key_figure_share=0.1",
                                      "+events.out={type: key_figures_leave, week: 2, count: 2}",
                                      "+events.in={type: key_figures_arrive, week: 4, count: 3}"))
    start = len(model.agents_by_type[KeyFigure])
    for _ in range(3):
        model.step()
    assert len(model.agents_by_type[KeyFigure]) == start - 2
    for _ in range(2):
        model.step()
    assert len(model.agents_by_type[KeyFigure]) == start + 1
    assert model.update.is_key_figure.sum() == start + 1


def test_a_quick_win_lowers_doubt():
    base = simulate(small_config("horizon_weeks=30"))
    win = simulate(small_config("horizon_weeks=30",
                                "+events.w={type: quick_win, week: 20, size: 0.4}"))
    doubt = Cause.DOUBT_ABOUT_CHANGE
    assert win.history.drivers[20, doubt] < 0.8 * base.history.drivers[20, doubt]


def test_random_events_strike_reproducibly_within_the_horizon():
    weeks = [simulate(small_config(f"seed={s}", "horizon_weeks=300",
                                   "+events.c={type: budget_cut, chance_per_year: 0.5, size: 0.1}")
                      ).summary()["events"] for s in range(6)]
    struck = [e[0]["week"] for e in weeks if e]
    assert len(struck) >= 3 and len(set(struck)) > 1
    again = simulate(small_config("seed=0", "horizon_weeks=300",
                                  "+events.c={type: budget_cut, chance_per_year: 0.5, size: 0.1}"))
    assert again.summary()["events"] == weeks[0]


@pytest.mark.parametrize("event, message", [
    ("{type: hurricane, week: 5}", "events.x.type='hurricane' is not allowed: must be one of"),
    ("{type: budget_cut, week: 900, size: 0.1}", "events.x.week=900 is not allowed"),
    ("{type: budget_cut, week: 9, size: 1.5}", "events.x.size=1.5 is not allowed"),
    ("{type: budget_cut, size: 0.1}", "give either a week or a chance_per_year"),
    ("{type: national_delay, week: 9, weeks: 5, block: bus}", "events.x.block='bus'"),
    ("{type: budget_cut, week: 9, size: 0.1, colour: red}", "events.x.colour='red'"),
])
def test_bad_events_are_refused_clearly(event, message):
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace(")", r"\)")):
        small_config(f"+events.x={event}")


def test_a_budget_cut_hits_paid_forms_hardest():
    model = Municipality(small_config("strategy=willen",
                                      "+events.cut={type: budget_cut, week: 1, size: 0.5}"))
    paid = model.strategy.paid
    assert paid.any() and not paid.all()
    before = model.update.weight.copy()
    model.step()
    np.testing.assert_allclose(model.update.weight[paid], 0.5 * before[paid])
    np.testing.assert_array_equal(model.update.weight[~paid], before[~paid])
