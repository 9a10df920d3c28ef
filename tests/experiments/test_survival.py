"""Kaplan-Meier estimates: agree with the product-limit formula, and say 'not reached'."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sim.experiments.survival import curve, estimate, restricted_mean

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
