"""Comparison statistics against published values and planted effects."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sim.experiments.contrasts import hazard_ratios, logrank_tests, paired_contrasts

# Freireich et al. (1963) remission weeks of leukaemia patients (the Gehan data), 6-MP
# against placebo; None: still in remission (censored). Kleinbaum & Klein, Survival
# Analysis, ch. 2 and 3: log-rank chi2 16.79; Cox (Efron ties, as R's coxph) coefficient
# 1.572 for placebo, hazard ratio 4.82, 95% CI [2.15, 10.81].
DRUG = [6, 6, 6, 7, 10, 13, 16, 22, 23] + [None] * 12
DRUG_CENSORED_AT = [6, 9, 10, 11, 17, 19, 20, 25, 32, 32, 34, 35]
PLACEBO = [1, 1, 2, 2, 3, 4, 4, 5, 5, 8, 8, 8, 8, 11, 11, 12, 12, 15, 17, 22, 23]


def gehan() -> pd.DataFrame:
    horizon = [35] * 9 + DRUG_CENSORED_AT + [35] * 21
    return pd.DataFrame({"arm": ["a drug"] * 21 + ["b placebo"] * 21,
                         "time_to_adoption_weeks": pd.array(DRUG + PLACEBO, dtype="Int64"),
                         "horizon_weeks": horizon, "seed": range(42)})


def test_logrank_reproduces_the_textbook_statistic():
    test = logrank_tests(gehan(), ["arm"]).iloc[0]
    assert test["chi2"] == pytest.approx(16.79, abs=0.01)
    assert test["p_value"] == pytest.approx(4.17e-5, rel=0.01) and test["df"] == 1


def test_cox_reproduces_the_textbook_hazard_ratio():
    ratio = hazard_ratios(gehan(), ["arm"]).iloc[0]
    assert ratio["level"] == "b placebo" and ratio["reference"] == "a drug"
    assert np.log(ratio["hazard_ratio"]) == pytest.approx(1.572, abs=0.001)
    assert (ratio["low"], ratio["high"]) == pytest.approx((2.15, 10.81), abs=0.01)


def exponential_sweep(ratio: float, n: int = 2000, seed: int = 1) -> pd.DataFrame:
    """Weeks to adoption drawn from exponentials whose hazards differ by ``ratio``, censored
    at a horizon, with a second swept parameter of no effect."""
    rng = np.random.default_rng(seed)
    fast = rng.integers(0, 2, n)
    noise = rng.integers(0, 3, n)
    weeks = np.ceil(rng.exponential(100.0 / np.where(fast == 1, ratio, 1.0)))
    horizon = 150
    return pd.DataFrame({"strategy": np.where(fast == 1, "b fast", "a slow"),
                         "other": noise * 0.5,
                         "time_to_adoption_weeks": pd.array(
                             np.where(weeks <= horizon, weeks, np.nan)).astype("Int64"),
                         "horizon_weeks": horizon, "seed": range(n)})


def test_cox_recovers_a_known_hazard_ratio_from_exponential_data():
    table = hazard_ratios(exponential_sweep(2.0), ["strategy", "other"]).set_index("level")
    fast = table.loc["b fast"]
    assert fast["low"] < 2.0 < fast["high"] and fast["hazard_ratio"] == pytest.approx(2, rel=0.1)
    for level in (0.5, 1.0):  # no effect planted: ratios near 1
        assert table.loc[level, "low"] < 1.0 < table.loc[level, "high"]
    tests = logrank_tests(exponential_sweep(2.0), ["strategy", "other"]).set_index("parameter")
    assert tests.loc["strategy", "p_value"] < 1e-6 and tests.loc["other", "p_value"] > 0.01
    assert tests.loc["other", "df"] == 2 and tests.loc["other", "stratified_by"] == "strategy"


def test_paired_contrasts_pair_replicates_by_seed():
    seeds = np.arange(30)
    base = 100 + 10 * (seeds % 7)  # luck shared by both arms
    results = pd.DataFrame({
        "strategy": ["a"] * 30 + ["b"] * 30,
        "time_to_adoption_weeks": pd.array(np.concatenate([base, base - 12 + seeds % 2]),
                                           dtype="Int64"),
        "horizon_weeks": 520, "seed": np.concatenate([seeds, seeds])})
    row = paired_contrasts(results, ["strategy"]).iloc[0]
    assert row["pairs"] == 30 and row["mean_difference_weeks"] == pytest.approx(-11.5)
    assert -12 < row["low"] < -11.5 < row["high"] < -11  # tight: the shared luck cancels
