"""Kaplan-Meier estimates: agree with the product-limit formula, and say 'not reached'."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sim.experiments.survival import (
    curve,
    curve_band,
    estimate,
    proportion_interval,
    restricted_mean,
    restricted_mean_interval,
)

# A known censored sample: adoption weeks, None = not adopted by the horizon (10).
WEEKS = [3, 5, 5, 8, None, None, None]


def product_limit(t: float) -> float:
    """S(t) by hand: at 3, 1 of 7 at risk adopts; at 5, 2 of 6; at 8, 1 of 4."""
    s = 1.0
    for week, events, at_risk in [(3, 1, 7), (5, 2, 6), (8, 1, 4)]:
        if week <= t:
            s *= 1 - events / at_risk
    return s


def test_kaplan_meier_agrees_with_the_product_limit_formula():
    row = estimate(WEEKS, 10, {"soon": 4, "later": 9})
    assert row["p_by_soon"] == pytest.approx(1 - product_limit(4))  # 1/7
    assert row["p_by_later"] == pytest.approx(1 - product_limit(9))  # 1 - 6/7*4/6*3/4
    assert row["median_weeks"] == 8  # S(5) = 4/7 > 0.5, S(8) = 3/7 <= 0.5
    assert row["p_by_later_low"] < row["p_by_later"] < row["p_by_later_high"]
    area = 3 * 1 + 2 * (6 / 7) + 3 * (4 / 7) + 2 * (3 / 7)
    assert row["restricted_mean_weeks"] == pytest.approx(area)
    assert restricted_mean(WEEKS, 10) == pytest.approx(area)
    t, s = curve(WEEKS, 10)
    assert s[np.searchsorted(t, 8)] == pytest.approx(product_limit(8))


def test_censored_runs_are_not_dropped():
    only_adopted = estimate([3, 5, 5, 8], 10, {})
    assert estimate(WEEKS, 10, {})["median_weeks"] > only_adopted["median_weeks"]


def test_no_adoption_is_not_reached_not_a_number():
    row = estimate([None] * 5, 10, {"d": 4})
    assert math.isnan(row["median_weeks"]) and math.isnan(row["median_high"])
    assert row["p_by_d"] == 0 and row["restricted_mean_weeks"] == 10


def test_probabilities_at_zero_and_one_have_proper_intervals():
    none = estimate([None] * 20, 10, {"d": 4})
    assert none["p_by_d"] == 0 and none["p_by_d_low"] == 0
    assert none["p_by_d_high"] == pytest.approx(0.1611, abs=1e-4)  # Wilson, n = 20
    every = estimate([2] * 20, 10, {"d": 4})
    assert every["p_by_d"] == 1 and every["p_by_d_high"] == 1
    assert every["p_by_d_low"] == pytest.approx(1 - 0.1611, abs=1e-4)


def test_wilson_interval_matches_its_formula():
    k, n, z = 7, 20, 1.959963984540054
    p = k / n
    centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
    half = z / (1 + z**2 / n) * math.sqrt(p * (1 - p) / n + z**2 / (4 * n**2))
    assert proportion_interval(k, n) == pytest.approx((centre - half, centre + half))


def test_restricted_mean_is_the_mean_of_capped_weeks_with_a_t_interval():
    capped = np.array([3, 5, 5, 8, 10, 10, 10], dtype=float)
    assert restricted_mean(WEEKS, 10) == pytest.approx(capped.mean())
    half = 2.4469118511449692 * capped.std(ddof=1) / math.sqrt(7)  # t(0.975, 6)
    assert restricted_mean_interval(WEEKS, 10) == pytest.approx(
        (capped.mean() - half, capped.mean() + half))


def test_the_band_holds_the_curve():
    t, s = curve(WEEKS, 10)
    tb, low, high = curve_band(WEEKS, 10)
    assert np.array_equal(t, tb) and np.all(low <= s) and np.all(s <= high)
    assert np.all(low[1:] < s[1:])  # a real band once runs have adopted
