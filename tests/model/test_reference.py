"""The vectorised weekly update and the per-agent reference give the same runs.

Both models are built from the same config and seed and draw the same random numbers,
so stages must be identical every week and drivers equal up to rounding.
"""

from __future__ import annotations

import numpy as np
import pytest

from sim.config.compose import load_config
from sim.model.municipality import Municipality
from sim.model.reference import ReferenceMunicipality

# The reference states the core weekly rules: no plan layer, no events, no turnover.
SMALL = ("organisation.staff=60", "organisation.departments=3", "seed=3", "plan=none",
         "organisation.turnover=false")
WEEKS = 30
STRATEGIES = ("weten", "moeten", "willen", "leren", "mix", "none")


def assert_same_runs(cfg, weeks: int = WEEKS) -> int:
    """Step both models ``weeks`` weeks, comparing every week; return the stage moves seen."""
    fast, ref = Municipality(cfg), ReferenceMunicipality(cfg)
    assert ref.board_commitment == pytest.approx(fast.board_commitment, abs=1e-12)
    np.testing.assert_array_equal(ref.stage_array(), fast.people.stage)
    np.testing.assert_array_equal(ref.drivers_array(), fast.people.drivers)
    moves = 0
    for week in range(1, weeks + 1):
        before = fast.people.stage.copy()
        fast.step()
        ref.step()
        np.testing.assert_array_equal(ref.stage_array(), fast.people.stage,
                                      err_msg=f"stages differ in week {week}")
        np.testing.assert_allclose(ref.drivers_array(), fast.people.drivers, rtol=0, atol=1e-9,
                                   err_msg=f"drivers differ in week {week}")
        assert ref.maturity == pytest.approx(fast.update.maturity, abs=1e-12)
        for name in ("evidence", "threat", "acknowledged", "weeks_in_stage"):
            mine = np.array([getattr(a, name) for a in ref.staff])
            np.testing.assert_allclose(mine, getattr(fast.people, name), rtol=0, atol=1e-9,
                                       err_msg=f"{name} differs in week {week}")
        assert ref.adoption.week == fast.adoption_week
        assert ref.adoption.streak == fast.batch.towns_state.streak[0]
        moves += np.count_nonzero(before != fast.people.stage)
    return moves


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_reference_agrees_with_vectorised_update(strategy):
    moves = assert_same_runs(load_config([*SMALL, f"strategy={strategy}"]))
    assert moves > 10, "the comparison should see people change stage"


@pytest.mark.parametrize("overrides", [
    # Overload, quick cooling off and much waiting: gating, waiting pause, backfires.
    ("strategy=mix", "organisation.workload=1.3", "resistance_handling.cooling_off_weeks=2",
     "resistance_handling.waiting=0.6", "leadership.board_commitment=0.9", "seed=8"),
    # A quickly adopted plan: adoption dating with a short sustain window.
    ("strategy=moeten", "leadership.board_commitment=1.0", "forces.urgency=1.0",
     "adoption.committed_share=0.05", "adoption.sustain_weeks=2", "seed=5"),
])
def test_reference_agrees_under_other_settings(overrides):
    assert_same_runs(load_config([*SMALL, *overrides]), weeks=40)
