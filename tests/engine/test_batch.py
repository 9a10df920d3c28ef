"""One engine for many municipalities: a town moves the same alone or in a batch, stepped
week by week or run at once."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sim.config.compose import load_config
from sim.engine.batch import build
from sim.model.municipality import Municipality

EVENTS = ("+events.cut={type: budget_cut, week: 20, size: 0.3}",
          "+events.vote={type: election, week: 25}",
          "+events.gone={type: key_figures_leave, week: 30, count: 2}",
          "+events.hired={type: key_figures_arrive, week: 35, count: 2}",
          "+events.merge={type: merger, week: 40, weeks: 10}",
          "+events.win={type: quick_win, week: 45, size: 0.2}",
          "+events.coord={type: coordinator_leaves, week: 50, weeks: 8}",
          "+events.late={type: national_delay, week: 5, weeks: 30, block: bag}")
STRATEGIES = ("weten", "moeten", "willen", "leren", "mix", "none")


def scenarios():
    common = ("organisation=size_lt_10k", "horizon_weeks=90")
    return [load_config([*common, f"strategy={s}", f"seed={i}", *EVENTS])
            for i, s in enumerate(STRATEGIES)] + [
        load_config([*common, "plan.rollout=stepwise", "plan.rollout_weeks=10", "seed=11"]),
        load_config([*common, "plan=none", "adoption.committed_share=0.1",
                     "adoption.sustain_weeks=3", "stop_at_adoption=true", "seed=12"])]


def every_number(batch, t: int) -> dict:
    rows = batch.rows(t)
    S = batch.staff
    return {"stage": S.stage[rows], "drivers": S.drivers[:, rows], "role": S.role[rows],
            "tenure": S.tenure[rows], "workload": S.workload[rows],
            "leaving": S.leaving_week[rows],
            "progress": batch.plans.progress[t, :batch.plans.n_projects[t]],
            "situation": batch.towns_state.situation[t],
            "frame": batch.history(t).frame(batch.event_log(t)),
            "summary": batch.summary(t)}


def assert_same(a: dict, b: dict) -> None:
    for key in a:
        if key == "frame":
            pd.testing.assert_frame_equal(a[key], b[key])
        elif key == "summary":
            assert a[key] == b[key]
        else:
            np.testing.assert_array_equal(a[key], b[key], err_msg=key)


def test_a_town_alone_and_in_a_batch_gives_every_number_the_same():
    configs = scenarios()
    together = build(configs)
    together.advance()
    for t, cfg in enumerate(configs):
        alone = build([cfg])
        alone.advance()
        assert_same(every_number(alone, 0), every_number(together, t))
        assert together.summary(t)["events"] == alone.summary(0)["events"]


def test_the_same_town_stepped_week_by_week_or_run_at_once():
    cfg = scenarios()[1]
    stepped, at_once = Municipality(cfg), Municipality(cfg)
    while stepped.running:
        stepped.step()
    at_once.run_model()
    assert_same(every_number(stepped.batch, 0), every_number(at_once.batch, 0))
    assert stepped.week == at_once.week == cfg.horizon_weeks


def test_a_town_that_runs_out_of_drawn_newcomers_draws_more_and_goes_on():
    cfg = load_config(["organisation=size_lt_10k", "horizon_weeks=200",
                       "organisation.turnover_per_year=0.3", "seed=3"])
    short = build([cfg])
    q = short.pool
    short.pool = q._replace(q0=np.array([0, 5]))  # only five newcomers drawn ahead
    short.advance()
    plenty = build([cfg])
    plenty.advance()
    assert short.summary(0) == plenty.summary(0)
    assert short.towns_state.leavers[0] > 5


@pytest.mark.parametrize("chunk", [1, 7])
def test_advancing_in_pieces_draws_the_same_dice(chunk):
    cfg = scenarios()[0]
    whole, pieces = build([cfg]), build([cfg])
    whole.advance()
    while pieces.towns_state.running[0]:
        pieces.advance(until=pieces.towns_state.week[0] + chunk)
    assert_same(every_number(whole, 0), every_number(pieces, 0))
