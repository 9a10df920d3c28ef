"""Whole runs: reproducibility, censoring, and the summary's contents."""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.model.municipality import simulate
from tests.conftest import small_config


def test_same_config_and_seed_give_identical_series():
    a = simulate(small_config("seed=11", "horizon_weeks=150")).timeseries()
    b = simulate(small_config("seed=11", "horizon_weeks=150")).timeseries()
    pd.testing.assert_frame_equal(a, b, check_exact=True)


def test_different_seeds_give_different_runs():
    a = simulate(small_config("seed=1", "horizon_weeks=150")).timeseries()
    b = simulate(small_config("seed=2", "horizon_weeks=150")).timeseries()
    assert not a["committed_share"].equals(b["committed_share"])


def test_too_short_horizon_is_censored_not_timed():
    model = simulate(small_config("horizon_weeks=20", "leadership.board_commitment=1.0"))
    summary = model.summary()
    assert summary["adopted"] is False
    assert summary["censored"] is True
    assert summary["time_to_adoption_weeks"] is None
    assert summary["weeks_run"] == 20


def test_commitment_week_is_the_end_of_the_sustained_window():
    model = simulate(small_config("seed=4", "strategy=weten", "leadership.board_commitment=0.9"))
    week = model.summary()["commitment_week"]
    assert week is not None
    share = model.history.committed_share()
    need, window = model.config.adoption.committed_share, model.config.adoption.sustain_weeks
    holds = share >= need
    assert holds[week - window + 1 : week + 1].all()
    # no earlier week completes a window
    runs = np.convolve(holds[: week].astype(int), np.ones(window, int), "valid")
    assert not (runs == window).any()


def test_adoption_needs_the_plan_delivered_and_the_organisation_committed():
    summary = simulate(small_config("seed=4", "leadership.board_commitment=0.9")).summary()
    week = summary["time_to_adoption_weeks"]
    assert week >= max(summary["commitment_week"], summary["plan_delivered_week"])
    binding = "plan" if summary["plan_delivered_week"] == week else "organisation"
    assert summary["binding"] == binding
    without_plan = simulate(small_config("seed=4", "leadership.board_commitment=0.9",
                                         "plan=none")).summary()
    assert without_plan["plan_delivered_week"] == 0
    assert without_plan["binding"] == "organisation"


def test_every_department_scope_is_stricter():
    org = simulate(small_config("seed=4", "leadership.board_commitment=0.9"))
    dep = simulate(small_config("seed=4", "leadership.board_commitment=0.9",
                                "adoption.scope=every_department"))
    assert dep.summary()["time_to_adoption_weeks"] >= org.summary()["time_to_adoption_weeks"]


def test_stop_at_adoption_keeps_the_same_time():
    full = simulate(small_config("seed=6", "leadership.board_commitment=0.8")).summary()
    stop = simulate(small_config("seed=6", "leadership.board_commitment=0.8",
                                 "stop_at_adoption=true")).summary()
    assert stop["time_to_adoption_weeks"] == full["time_to_adoption_weeks"]
    assert stop["weeks_run"] == stop["time_to_adoption_weeks"]


def test_series_shares_add_up():
    frame = simulate(small_config("seed=2", "horizon_weeks=100")).timeseries()
    for role in ("board", "manager", "key_figure", "employee", "staff"):
        total = frame[[f"{role}_{s}" for s in ("denial", "resistance", "exploration",
                                                "commitment")]].sum(axis=1)
        np.testing.assert_allclose(total, 1.0)
    main = frame[[c for c in frame if c.startswith("main_")]].sum(axis=1)
    np.testing.assert_allclose(main, 1.0)
