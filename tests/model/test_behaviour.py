"""The model's qualitative claims, over seeded replicates (deterministic, with margins)."""

from __future__ import annotations

import numpy as np

from sim.model.municipality import simulate
from sim.model.states import Cause
from tests.conftest import adoption_times, small_config


def test_stronger_board_commitment_shortens_median_time_to_adoption():
    weak = adoption_times("strategy=weten", "leadership.board_commitment=0.2")
    strong = adoption_times("strategy=weten", "leadership.board_commitment=0.8")
    assert np.median(strong) < 0.7 * np.median(weak)


def test_without_any_strategy_adoption_is_rare():
    none = adoption_times("strategy=none", seeds=range(24))
    knowing = adoption_times("strategy=weten", seeds=range(24))
    assert np.isfinite(none).mean() <= 0.5 * np.isfinite(knowing).mean()
    assert np.median(none) == np.inf  # most runs do not adopt within ten years


def test_must_breeds_more_distrust_of_the_change_agent_than_wanting():
    def distrust(strategy):
        return np.array([
            simulate(small_config(f"strategy={strategy}", f"seed={s}", "horizon_weeks=156"))
            .history.drivers[:, Cause.DISTRUST_OF_CHANGE_AGENT].mean() for s in range(6)])
    must, wanting = distrust("moeten"), distrust("willen")
    assert np.all(must > wanting)
    assert must.mean() > 1.5 * wanting.mean()


def test_high_old_grievances_slow_adoption():
    mild = adoption_times("strategy=weten", "organisation.past_change_failures=0.1")
    bitter = adoption_times("strategy=weten", "organisation.past_change_failures=0.9")
    assert np.median(bitter) > 1.1 * np.median(mild)
