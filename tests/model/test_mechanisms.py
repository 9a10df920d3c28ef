"""Each rule of the weekly update, isolated by switching the others off."""

from __future__ import annotations

import numpy as np
import pytest

from sim.config.schema import InteractionForm
from sim.config.validation import validate
from sim.model.dynamics import main_causes
from sim.model.municipality import Municipality
from sim.model.states import Cause, Stage
from tests.conftest import small_config

QUIET = (  # switch off the drifts so a single mechanism shows
    "dynamics.social_influence=0", "dynamics.doubt_rate=0", "dynamics.baseline_return=0",
    "dynamics.uncertainty_rate=0", "dynamics.teething_rate=0", "dynamics.nuisance_rate=0",
    "dynamics.practice_rate=0", "resistance_handling.conversation=0",
    "resistance_handling.observation=0", "resistance_handling.waiting=0",
)


def with_form(*overrides, **fields):
    """A scenario whose strategy is one interaction form (as a consultant would write it)."""
    cfg = small_config(*overrides, "strategy=none")
    cfg.strategy.forms["form"] = InteractionForm(weight=1.0, **fields)
    validate(cfg)
    return cfg


def one_week(model, u=None):
    n = model.people.size
    before = model.people.drivers.copy()
    model.update(model.people, model.board_commitment, np.ones(n) if u is None else u)
    return model.people.drivers - before


def test_convincing_people_who_doubt_raises_their_doubt():
    model = Municipality(with_form(*QUIET, channel="programme",
                                   effects={"doubt_about_change": -0.6},
                                   backfire_above={"doubt_about_change": 0.5}))
    doubt = model.people.drivers[Cause.DOUBT_ABOUT_CHANGE]
    doubt[::2], doubt[1::2] = 0.8, 0.2
    change = one_week(model)[Cause.DOUBT_ABOUT_CHANGE]
    assert np.all(change[::2] > 0), "doubters get more doubtful"
    assert np.all(change[1::2] < 0), "the mildly doubtful are convinced"


def test_learning_works_only_while_resistance_is_low():
    model = Municipality(with_form(*QUIET, channel="programme", effects={"unfamiliarity": -0.5},
                                   works_below_resistance=0.4))
    D = model.people.drivers
    D[:, ::2], D[:, 1::2] = 0.9, 0.1
    change = one_week(model)[Cause.UNFAMILIARITY]
    assert np.all(change[::2] == 0), "no effect under high resistance"
    assert np.all(change[1::2] < 0)


def test_pressure_raises_distrust_and_waiting_pauses_it_after_cooling_off():
    results = {}
    for waiting in (0.0, 1.0):
        model = Municipality(with_form(
            *QUIET, "resistance_handling.cooling_off_weeks=4",
            f"resistance_handling.waiting={waiting}", channel="programme", pressure=True,
            effects={"distrust_of_change_agent": 0.3}))
        model.people.drivers[Cause.DISTRUST_OF_CHANGE_AGENT] = 0.2
        model.people.stage[:] = Stage.RESISTANCE
        model.people.weeks_in_stage[::2] = 10  # cooled off
        model.people.weeks_in_stage[1::2] = 1  # not yet
        results[waiting] = one_week(model)[Cause.DISTRUST_OF_CHANGE_AGENT]
    assert np.all(results[0.0] > 0), "must-like pressure raises distrust"
    # once cooled off, waiting pauses the pressure and only its own calming remains
    np.testing.assert_allclose(results[1.0][::2], -0.05 * 0.2)
    np.testing.assert_array_equal(results[1.0][1::2], results[0.0][1::2])


def test_waiting_lowers_doubt_after_cooling_off_but_not_in_denial():
    changes = {}
    for waiting in (0.0, 1.0):
        model = Municipality(small_config(*QUIET, "strategy=none",
                                          f"resistance_handling.waiting={waiting}"))
        model.people.drivers[Cause.DOUBT_ABOUT_CHANGE] = 0.6
        model.people.stage[::2] = Stage.RESISTANCE
        model.people.stage[1::2] = Stage.DENIAL
        model.people.weeks_in_stage[:] = 52
        changes[waiting] = one_week(model)[Cause.DOUBT_ABOUT_CHANGE]
    assert np.all(changes[1.0][::2] < changes[0.0][::2])
    np.testing.assert_array_equal(changes[1.0][1::2], changes[0.0][1::2])


def test_old_grievances_heal_only_through_conversation():
    means = {}
    for talk in (0.0, 1.0):
        model = Municipality(small_config(*QUIET, "strategy=none",
                                          f"resistance_handling.conversation={talk}",
                                          "leadership.board_commitment=1.0"))
        grievances = model.people.drivers[Cause.OLD_GRIEVANCES]
        grievances[:] = 0.6
        model.people.drivers[Cause.FAILING_INTERACTION] = 0.0
        for _ in range(40):
            model.people.stage[:] = Stage.RESISTANCE
            model.people.stage[model.organisation.is_manager] = Stage.COMMITMENT
            one_week(model)
        means[talk] = grievances.copy()
        assert np.all(model.people.acknowledged == 0) == (talk == 0)
    np.testing.assert_array_equal(means[0.0], 0.6)
    assert means[1.0][~Municipality(small_config()).organisation.is_manager].mean() < 0.55


def test_drivers_move_towards_colleagues():
    model = Municipality(small_config(*QUIET, "strategy=none", "dynamics.social_influence=0.1"))
    D = model.people.drivers
    D[Cause.CONFLICTING_INTERESTS] = np.linspace(0, 1, model.people.size)
    before = D[Cause.CONFLICTING_INTERESTS].copy()
    around = model.update.mean_over_colleagues @ before
    change = one_week(model)[Cause.CONFLICTING_INTERESTS]
    np.testing.assert_allclose(change, 0.1 * (around - before), atol=1e-12)


def test_overload_cuts_reach_and_the_board_backs_the_programme():
    model = Municipality(small_config("strategy=weten", "dynamics.overload_penalty=2"))
    people = model.people
    people.workload[:] = 0.8
    people.workload[::2] = 1.5
    model.update.engagement[-1] = 0.5
    reach = model.update.reach(people, np.zeros(people.size))
    np.testing.assert_allclose(reach[0, ::2], reach[0, 1::2] / 2.0)  # 1 / (1 + 2 * 0.5)
    model.update.engagement[-1] = 1.0
    np.testing.assert_allclose(model.update.reach(people, np.zeros(people.size))[0], 2 * reach[0])


@pytest.mark.parametrize("informed, can_commit", [(0.0, True), (1.0, False)])
def test_commitment_needs_understanding(informed, can_commit):
    model = Municipality(small_config(*QUIET, "strategy=none", "leadership.board_commitment=1"))
    people = model.people
    people.stage[:] = Stage.EXPLORATION
    people.drivers[:] = 0.0
    people.drivers[Cause.INCOMPLETE_INFORMATION] = informed
    model.update(people, 1.0, np.zeros(people.size))
    assert np.any(people.stage == Stage.COMMITMENT) == can_commit


def test_leaving_denial_needs_information():
    model = Municipality(small_config(*QUIET, "strategy=none"))
    people = model.people
    people.stage[:] = Stage.DENIAL
    people.drivers[Cause.INCOMPLETE_INFORMATION] = 1.0
    model.update(people, 0.5, np.zeros(people.size))
    assert np.all(people.stage == Stage.DENIAL)


def test_main_cause_is_the_largest_driver_of_those_not_committed():
    model = Municipality(small_config())
    people = model.people
    rng = np.random.default_rng(0)
    # Drivers on a coarse grid, so many people have ties between causes.
    people.drivers[:] = rng.integers(0, 5, people.drivers.shape) / 4
    people.stage[:] = rng.integers(0, 4, people.size)
    threshold = model.config.dynamics.main_cause_threshold
    D = people.drivers
    expected = np.where((D.max(axis=0) >= threshold) & (people.stage < Stage.COMMITMENT),
                        D.argmax(axis=0), -1)  # argmax: ties go to the cause listed first
    assert (D == D.max(axis=0)).sum(axis=0).max() > 1, "the test needs ties"
    assert {-1, 0}.issubset(set(expected)) and len(set(expected)) > 4
    main = np.empty(people.size, np.int8)
    main_causes(D, people.stage, threshold, main)
    np.testing.assert_array_equal(main, expected)


def test_the_week_names_main_causes_by_the_same_rule():
    """The week finds everyone's main cause in its own pass over the drivers: the same as
    main_causes on the state it leaves, ties included (drifts off: most drivers stay on
    a coarse grid)."""
    model = Municipality(small_config(*QUIET))
    people = model.people
    rng = np.random.default_rng(0)
    people.drivers[:] = rng.integers(0, 5, people.drivers.shape) / 4
    people.stage[:] = rng.integers(0, 4, people.size)
    one_week(model, rng.random(people.size))
    D = people.drivers
    assert (D == D.max(axis=0)).sum(axis=0).max() > 1, "the test needs ties"
    expected = np.empty(people.size, np.int8)
    main_causes(D, people.stage, model.config.dynamics.main_cause_threshold, expected)
    assert len(set(expected)) > 4
    np.testing.assert_array_equal(model.main_cause, expected)


def test_plan_work_against_regular_work_sets_conflicting_interests():
    """Conflicting interests move towards conflict_from_workload * exposure * workload."""
    changes = {}
    for load in (0.2, 0.8):
        model = Municipality(small_config(*QUIET, "dynamics.baseline_return=0.1",
                                          f"dynamics.conflict_from_workload={load}"))
        model.people.drivers[Cause.CONFLICTING_INTERESTS] = 0.3
        changes[load] = one_week(model)[Cause.CONFLICTING_INTERESTS]
    assert np.all(changes[0.8] > changes[0.2]), "more conflict where work weighs more"
    assert changes[0.8].mean() > 0 > changes[0.2].mean()
