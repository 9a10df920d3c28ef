"""The synthetic population, the respondents' answers and the distance to the survey."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from sim.calibration.national_record import load_record
from sim.calibration.observation import (
    NO_RESISTANCE,
    Answer,
    ObservationConfig,
    SurveyDistance,
    answer,
    observed,
    statistic_names,
    statistics,
)
from sim.calibration.population import (
    Advisers,
    Period,
    PopulationConfig,
    cannot_alone,
    check,
    draw,
    scenario,
    strategy_shares,
)
from sim.calibration.simulated_survey import SimulatedSurvey, base_scenario
from sim.calibration.survey import STRATEGIES, load_survey
from sim.config.errors import ConfigError
from sim.model.municipality import Municipality
from sim.model.states import CAUSES, Stage
from tests.conftest import small_config

SURVEY = load_survey()
RECORD = load_record()
POPULATION = PopulationConfig(
    size_classes={"size_lt_10k": 45, "size_10_25k": 165, "size_25_50k": 145,
                  "size_50_100k": 51, "size_gt_100k": 25},
    strategy_by_size={"size_gt_100k": {"moeten": 0.55}, "size_lt_10k": {"leren": 0.02}},
    cannot_alone_by_size={"size_50_100k": 0.25, "size_gt_100k": 0.25},
    advisers=Advisers(capacity=0.03, knowledge=0.2, distrust=0.002),
    adviser_periods=[Period("2006-01-01", "2010-12-31"), Period("2011-07-01", "2014-12-31")])


def test_strategy_shares_follow_the_text_and_keep_the_national_shares():
    shares = strategy_shares(POPULATION, SURVEY)
    assert shares.sum(axis=1).to_numpy() == pytest.approx([1.0] * 5)
    assert shares.at["size_gt_100k", "moeten"] == pytest.approx(0.55)
    assert shares.at["size_lt_10k", "leren"] == pytest.approx(0.02)
    national = shares.mul(pd.Series(POPULATION.size_classes), axis=0).sum() / 431
    assert national.to_dict() == pytest.approx(SURVEY.strategy_shares)


def test_a_drawn_population_has_the_survey_mix():
    towns = draw(POPULATION, SURVEY, np.random.default_rng(0))
    assert len(towns) == 431
    assert towns["size_class"].value_counts().to_dict() == POPULATION.size_classes
    # plan starts 2007-2009: the survey date falls 20 to 177 weeks after
    assert towns["survey_week"].between(20, 177).all()
    many = pd.concat([draw(POPULATION, SURVEY, np.random.default_rng(s)) for s in range(20)])
    assert (many["strategy"].value_counts(normalize=True) - pd.Series(
        SURVEY.strategy_shares)).abs().max() < 0.02
    assert abs((~many["own_capacity"]).mean() - 0.40) < 0.02
    large = many["size_class"].isin(["size_50_100k", "size_gt_100k"])
    assert abs((~many.loc[large, "own_capacity"]).mean() - 0.25) < 0.03
    assert abs((~many.loc[~large, "own_capacity"]).mean() - 0.432) < 0.02
    assert abs((many["budget_cut_2011"] > 0).mean() - 0.13) < 0.02
    assert abs(many["board_commitment"].mean() - POPULATION.board_commitment_mean) < 0.02
    assert (many.loc[many["size_class"] == "size_lt_10k", "strategy"] == "leren").mean() < 0.05


@pytest.mark.parametrize("change, message", [
    (dict(size_classes={"size_lt_10k": 430}), "must sum to the survey's municipalities_invited"),
    (dict(size_classes={"size_huge": 431}), "the size class must be one of"),
    (dict(strategy_by_size={"size_lt_10k": {"prayer": 0.5}}), "prayer=0.5 is not allowed"),
    (dict(plan_start_latest="2011-01-01"), "plan_start_latest=2011-01-01 is not allowed"),
    (dict(budget_cut_date="soon"), "budget_cut_date='soon' is not allowed"),
    (dict(cannot_alone_by_size={"size_lt_10k": 1.4}), "size_lt_10k=1.4 is not allowed"),
    (dict(cannot_alone_by_size={k: 1.0 for k in POPULATION.size_classes if k != "size_gt_100k"}),
     "would need a share"),
    (dict(adviser_periods=[Period("2010-01-01", "2009-01-01")]), "must not be before since"),
])
def test_population_mistakes_are_named(change, message):
    with pytest.raises(ConfigError, match=message):
        check(dataclasses.replace(POPULATION, **change), SURVEY)


def test_fig3_share_that_cannot_go_alone_is_kept_nationally():
    shares = cannot_alone(POPULATION, SURVEY)
    counts = pd.Series(POPULATION.size_classes)
    assert (shares * counts).sum() / counts.sum() == pytest.approx(0.40)
    assert shares["size_gt_100k"] == 0.25 and shares["size_lt_10k"] == pytest.approx(0.432, 1e-3)


def test_a_municipality_scenario_carries_its_draws():
    towns = draw(POPULATION, SURVEY, np.random.default_rng(3))
    town = towns[(~towns["own_capacity"]) & (towns["budget_cut_2011"] > 0)].iloc[0]
    base = base_scenario(town.size_class, town.strategy, ())
    cfg = scenario(base, town, POPULATION, {"plan.capacity": 0.1, "dynamics.forward_rate": 0.05},
                   600)
    assert cfg.horizon_weeks == 600 and cfg.seed == town.seed
    assert cfg.strategy.name == town.strategy
    assert cfg.plan.start_date == town.plan_start.date().isoformat()
    assert cfg.plan.capacity == pytest.approx(0.1 * POPULATION.own_capacity_factor)
    assert cfg.organisation.knowledge == pytest.approx(
        base.organisation.knowledge * POPULATION.own_capacity_factor)
    # e-advisers from the plan's start (EGEM-i), gone at the end of 2010, back with KING
    assert cfg.support.engaged and cfg.support.capacity == 0.03
    types = {e.type for e in cfg.events.values()}
    assert {"external_support_ends", "external_support_starts"} <= types
    assert cfg.dynamics.forward_rate == 0.05
    assert cfg.leadership.board_commitment == pytest.approx(town.board_commitment)
    cut = cfg.events["budget_cut_2011"]
    assert (town.plan_start + pd.Timedelta(weeks=cut.week)).year == 2010  # last week of 2010
    assert cut.size == pytest.approx(town.budget_cut_2011)
    short = scenario(base, town, POPULATION, {}, int(town.survey_week))
    assert "budget_cut_2011" not in short.events  # 2011 lies after the survey date


def _model_with(stages, drivers):
    model = Municipality(small_config("horizon_weeks=5"))
    model.people.stage[:] = stages
    model.people.drivers[:] = drivers
    return model


def test_those_who_can_go_alone_get_no_advisers():
    towns = draw(POPULATION, SURVEY, np.random.default_rng(3))
    town = towns[towns["own_capacity"]].iloc[0]
    base = base_scenario(town.size_class, town.strategy, ())
    cfg = scenario(base, town, POPULATION, {}, 600)
    assert not cfg.support.engaged
    assert not any(e.type.startswith("external_support") for e in cfg.events.values())


def test_respondents_name_the_causes_close_to_the_strongest():
    n = len(Municipality(small_config("horizon_weeks=5")).people.stage)
    drivers = np.full((len(CAUSES), n), 0.1)
    drivers[CAUSES.index("doubt_about_change")] = 0.8
    drivers[CAUSES.index("unfamiliarity")] = 0.5
    model = _model_with(Stage.RESISTANCE, drivers)
    assert answer(model.batch, 0, ObservationConfig(naming_threshold=0.6), "bag").causes == (
        "doubt_about_change", "unfamiliarity")
    assert answer(model.batch, 0, ObservationConfig(naming_threshold=0.7), "bag").causes == (
        "doubt_about_change",)
    calm = _model_with(Stage.COMMITMENT, drivers)
    assert answer(calm.batch, 0, ObservationConfig(), "bag").causes == (NO_RESISTANCE,)
    few = _model_with(np.where(np.arange(n) < 2, Stage.RESISTANCE, Stage.COMMITMENT), drivers)
    assert answer(few.batch, 0, ObservationConfig(no_resistance_below=0.05), "bag").causes == (
        NO_RESISTANCE,)


def test_the_record_counts_the_project_on_its_block_as_connected():
    model = Municipality(small_config("horizon_weeks=5"))
    assert not answer(model.batch, 0, ObservationConfig(), RECORD.block).block_delivered
    j = list(model.plan.block).index(RECORD.block)
    model.plan.delivered_week[j] = 3
    assert answer(model.batch, 0, ObservationConfig(), RECORD.block).block_delivered
    assert RECORD.share == pytest.approx(50 / 431) and RECORD.date == SURVEY.reference_date


def test_statistics_are_the_survey_percentages_of_the_answers():
    answers = [Answer(("doubt_about_change", "unfamiliarity"), True, False, True),
               Answer(("doubt_about_change",), False, True, False),
               Answer((NO_RESISTANCE,), True, False, False)]
    stats = statistics(["weten", "weten", "willen"], answers, 0.25)
    assert list(stats) == statistic_names()
    assert stats["review_adopted"] == 0.25
    assert stats["on_schedule"] == pytest.approx(2 / 3)
    assert stats["less_ambitious"] == pytest.approx(1 / 3)
    assert stats["bag_connected"] == pytest.approx(1 / 3)
    assert stats["causes.weten.doubt_about_change"] == pytest.approx(2 / 3)
    assert stats["causes.weten.unfamiliarity"] == pytest.approx(1 / 3)
    assert stats["causes.willen.no_resistance"] == 1.0
    assert sum(stats[f"causes.moeten.{m}"] for m in ("doubt_about_change",)) == 0.0


def test_the_distance_is_in_survey_standard_errors():
    distance = SurveyDistance(SURVEY, RECORD, 40)
    obs = observed(SURVEY, RECORD)
    assert distance(obs, obs) == 0.0
    se = np.sqrt(0.66 * 0.34 / 126)
    shifted = {**obs, "on_schedule": obs["on_schedule"] + se}
    assert distance(shifted, obs) == pytest.approx(np.sqrt(1 / 5))
    p = RECORD.share  # the simulated share counts the respondents: their sampling error
    bag = {**obs, "bag_connected": p + np.sqrt(p * (1 - p) / 126)}
    assert distance(bag, obs) == pytest.approx(np.sqrt(1 / 5))
    # one cell of figure 14 off by one standard error weighs 1/44 of figure 14
    n = 126 * SURVEY.strategy_shares["willen"]
    p = obs["causes.willen.doubt_about_change"]
    cell = {**obs, "causes.willen.doubt_about_change": p + np.sqrt(p * (1 - p) / n)}
    assert distance(cell, obs) == pytest.approx(np.sqrt(1 / 44 / 5))
    assert distance(shifted, obs) == distance(obs, shifted)


def test_the_review_counts_only_above_its_bound():
    """The review judged that at most half would be there: fewer adopted is no miss, more
    is, in the sampling error of the municipalities simulated for it."""
    distance = SurveyDistance(SURVEY, RECORD, 40)
    obs = observed(SURVEY, RECORD)
    assert obs["review_adopted"] == RECORD.review_share_at_most == 0.5
    assert distance({**obs, "review_adopted": 0.1}, obs) == 0.0
    over = {**obs, "review_adopted": 0.5 + np.sqrt(0.25 / 40)}
    assert distance(over, obs) == pytest.approx(np.sqrt(1 / 5))


def test_a_simulated_survey_is_reproducible_and_seeded():
    small = dataclasses.replace(
        POPULATION, size_classes={"size_lt_10k": 431}, strategy_by_size={},
        plan_start_earliest="2009-06-01")
    problem = SimulatedSurvey(SURVEY, RECORD, small, ObservationConfig(), seed=1, respondents=8)
    params = {"plan.capacity": 0.1, "observation.naming_threshold": 0.6,
              "population.board_commitment_mean": 0.5}
    first = problem(params)
    assert problem(params) == first
    assert problem(params, seed=2) != first
    for s in STRATEGIES:  # each strategy's mentions: a distribution, or none at all
        total = sum(first[f"causes.{s}.{m}"] for m in SURVEY.causes.index)
        assert total == pytest.approx(1.0) or total == 0.0


def test_the_review_share_falls_with_the_pace_of_people():
    """The review's figure carries what the survey cannot: how fast people move. Slower
    steps towards commitment leave fewer municipalities adopted ten years on (the same
    towns and seeds, 30 of them)."""
    small = dataclasses.replace(
        POPULATION, size_classes={"size_lt_10k": 431}, strategy_by_size={},
        plan_start_earliest="2009-06-01")
    problem = SimulatedSurvey(SURVEY, RECORD, small, ObservationConfig(), seed=1,
                              respondents=8, review_municipalities=30)
    towns = problem.municipalities({}, np.random.default_rng(5))
    share = {rate: problem.review_share({"dynamics.forward_rate": rate}, towns,
                                        np.random.default_rng(6)) for rate in (0.01, 0.08)}
    assert share[0.01] < share[0.08] - 0.2, share
