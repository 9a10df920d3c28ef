"""People in model v2: turnover and tenure, starting drivers that differ per person,
key figures that weigh more among colleagues, and commitment that fades."""

from __future__ import annotations

import numpy as np
import pytest

from sim.model.municipality import Municipality, simulate
from sim.model.organisation import Role
from sim.model.states import Cause, Stage
from sim.model.turnover import Turnover
from tests.conftest import small_config


def test_the_sectors_turnover_puts_46_percent_over_ten_years_in_service():
    """The monitor's 46% (2012) follows from the outflow and early leavers alone."""
    org = small_config().organisation
    tenure = Turnover.from_config(org).tenure(100_000, np.random.default_rng(0))
    assert (tenure > 10).mean() == pytest.approx(0.46, abs=0.01)
    assert (tenure < 3).mean() == pytest.approx(Turnover.from_config(org).share_new(), abs=0.01)


def test_leaving_follows_the_yearly_outflow():
    model = simulate(small_config("organisation.staff=400", "organisation.departments=5",
                                  "horizon_weeks=260", "plan=none"))
    per_year = model.leavers / model.people.size / 5
    assert per_year == pytest.approx(0.088, abs=0.015)


def test_turnover_lowers_the_committed_share_at_the_end():
    def final(turnover: str) -> np.ndarray:
        return np.array([simulate(small_config(
            f"organisation.turnover={turnover}", "organisation.turnover_per_year=0.2",
            "leadership.board_commitment=0.8", f"seed={s}")).committed_share
            for s in range(8)])
    assert final("true").mean() < final("false").mean() - 0.05


def test_newcomers_bring_no_old_grievances_and_know_nothing_yet():
    model = Municipality(small_config("organisation.past_change_failures=0.9"))
    who = np.array([3, 7, 11])
    model.replace_staff(who, np.full(3, Role.EMPLOYEE))
    d = model.people.drivers
    assert (d[Cause.OLD_GRIEVANCES, who] == 0).all()
    assert (d[Cause.UNFAMILIARITY, who] == model.people.exposure[who]).all()
    assert (model.people.tenure[who] == 0).all()
    assert all(model.staff[i].tenure == 0 for i in who)


def test_old_grievances_grow_with_tenure_and_the_history_of_failed_changes():
    model = Municipality(small_config("organisation.staff=400", "organisation.departments=5",
                                      "organisation.past_change_failures=0.8"))
    tenure, grievances = model.people.tenure, model.people.drivers[Cause.OLD_GRIEVANCES]
    assert grievances[tenure > 15].mean() > 2 * grievances[tenure < 3].mean()
    mild = Municipality(small_config("organisation.staff=400", "organisation.departments=5",
                                     "organisation.past_change_failures=0.2"))
    assert mild.people.drivers[Cause.OLD_GRIEVANCES].mean() < 0.5 * grievances.mean()


def test_doubt_at_the_start_follows_its_level_and_falls_with_openness():
    def start(level: float) -> Municipality:
        return Municipality(small_config("organisation.staff=400", "organisation.departments=5",
                                         f"organisation.doubt_level={level}"))
    low, high = start(0.5), start(1.5)
    doubt = high.people.drivers[Cause.DOUBT_ABOUT_CHANGE]
    assert doubt.mean() > 2 * low.people.drivers[Cause.DOUBT_ABOUT_CHANGE].mean()
    assert doubt.max() <= 1.0  # a level above one saturates the least open
    assert np.corrcoef(high.people.openness, doubt)[0, 1] < -0.8


def test_starting_drivers_differ_by_role_and_department():
    model = Municipality(small_config("organisation.staff=600", "organisation.departments=6"))
    role, d = model.organisation.role, model.people.drivers
    info = d[Cause.INCOMPLETE_INFORMATION]
    assert info[role == Role.MANAGER].mean() < info[role == Role.EMPLOYEE].mean()
    interaction = d[Cause.FAILING_INTERACTION]
    by_department = [interaction[model.organisation.department == k].mean() for k in range(6)]
    assert max(by_department) > 1.5 * min(by_department)  # each department its own climate


def test_a_key_figure_weighs_more_among_colleagues():
    model = Municipality(small_config("dynamics.key_figure_influence=3"))
    weights = model.update.mean_over_colleagues.tocsr()
    kf = model.organisation.is_key_figure
    for i in range(model.people.size):
        row = weights.indices[weights.indptr[i]:weights.indptr[i + 1]]
        w = weights.data[weights.indptr[i]:weights.indptr[i + 1]]
        if kf[row].any() and (~kf[row]).any():
            assert w[kf[row]][0] == pytest.approx(3 * w[~kf[row]][0])
            assert w.sum() == pytest.approx(1.0)
            return
    pytest.fail("no person with both key figures and others among colleagues")


def test_commitment_fades_without_reinforcement():
    """Committed people whose manager and colleagues do not carry the change fall back."""
    def fell_back(colleagues_committed: bool) -> float:
        model = Municipality(small_config("plan=none", "organisation.turnover=false",
                                          "dynamics.back_rate=0", "dynamics.commitment_fade=0.2",
                                          "leadership.board_commitment=0"))
        people = model.people
        people.stage[:] = Stage.COMMITMENT if colleagues_committed else Stage.DENIAL
        probe = np.arange(0, people.size, 7)
        people.stage[probe] = Stage.COMMITMENT
        board = 1.0 if colleagues_committed else 0.0  # department heads' "manager"
        model.update(people, board, np.full(people.size, 0.1))  # falls back if fading > 0.1
        return float((people.stage[probe] < Stage.COMMITMENT).mean())
    assert fell_back(colleagues_committed=True) == 0.0
    assert fell_back(colleagues_committed=False) > 0.5


def test_losing_key_figures_slows_adoption():
    from tests.conftest import adoption_times
    keep = adoption_times("organisation.key_figure_share=0.15")
    lose = adoption_times("organisation.key_figure_share=0.15",
                          "+events.gone={type: key_figures_leave, week: 20, count: 8}")
    assert np.median(lose) > 1.1 * np.median(keep)
