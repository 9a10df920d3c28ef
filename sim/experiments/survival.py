"""Time-to-adoption estimates that handle censoring: Kaplan-Meier via ``scipy.stats.ecdf``.

A run that has not adopted the plan by its horizon is right-censored at the horizon:
we know only that adoption takes longer. Dropping such runs, or counting them as
adopting at the horizon, biases every mean; the Kaplan-Meier estimator uses them
properly. "Survival" here is the share of municipalities that have *not yet* adopted.
A median (or a confidence bound) that the curve never reaches is "not reached"
(NaN), never a number.

Conventions: the median is the first week at which the survival curve is at or
below 0.5; its confidence interval is where the pointwise (log-log) band of the
curve crosses 0.5. The restricted mean is the area under the curve up to the
horizon: the expected weeks to adoption when runs count at most the horizon.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
from scipy.stats import CensoredData, ecdf
from scipy.stats._survival import EmpiricalDistributionFunction

NOT_REACHED = "not reached"


def survival_function(weeks: pd.Series | np.ndarray, horizon_weeks: int):
    """Kaplan-Meier estimate of the share not yet adopted; missing weeks are censored."""
    weeks = pd.to_numeric(pd.Series(weeks), errors="coerce").to_numpy(dtype=float)
    adopted = ~np.isnan(weeks)
    censored = np.full(np.count_nonzero(~adopted), float(horizon_weeks))
    return ecdf(CensoredData(uncensored=weeks[adopted], right=censored)).sf


def _first_at_or_below(sf: EmpiricalDistributionFunction, level: float) -> float:
    hits = np.nonzero(sf.probabilities <= level)[0]
    return float(sf.quantiles[hits[0]]) if hits.size else math.nan


def restricted_mean(weeks: pd.Series | np.ndarray, horizon_weeks: int) -> float:
    """Area under the Kaplan-Meier curve from week 0 to the horizon (weeks)."""
    sf = survival_function(weeks, horizon_weeks)
    inside = sf.quantiles < horizon_weeks
    knots = np.concatenate([[0.0], sf.quantiles[inside], [horizon_weeks]])
    levels = np.concatenate([[1.0], sf.probabilities[inside]])
    return float(np.sum(levels * np.diff(knots)))


def estimate(weeks: pd.Series | np.ndarray, horizon_weeks: int, deadlines: dict[str, int],
             confidence: float = 0.95) -> dict[str, float]:
    """Median weeks to adoption with its interval, adoption probability by each deadline
    (with interval), and the restricted mean, from replicates' adoption weeks."""
    weeks = pd.Series(weeks)
    sf = survival_function(weeks, horizon_weeks)
    with warnings.catch_warnings():  # the band is undefined where the curve is 0 or 1
        warnings.simplefilter("ignore", RuntimeWarning)
        band = sf.confidence_interval(confidence, method="log-log")
    row = {
        "runs": len(weeks),
        "adopted": int(weeks.notna().sum()),
        "median_weeks": _first_at_or_below(sf, 0.5),
        "median_low": _first_at_or_below(band.low, 0.5),
        "median_high": _first_at_or_below(band.high, 0.5),
        "restricted_mean_weeks": restricted_mean(weeks, horizon_weeks),
    }
    for name, week in deadlines.items():
        if week > horizon_weeks:
            continue  # beyond what the runs observed
        point = float(sf.evaluate(week))
        row[f"p_by_{name}"] = 1.0 - point
        # where the band is undefined (curve at 0 or 1) it collapses to the estimate
        row[f"p_by_{name}_low"] = 1.0 - float(np.nan_to_num(band.high.evaluate(week), nan=point))
        row[f"p_by_{name}_high"] = 1.0 - float(np.nan_to_num(band.low.evaluate(week), nan=point))
    return row


def curve(weeks: pd.Series | np.ndarray, horizon_weeks: int) -> tuple[np.ndarray, np.ndarray]:
    """Step points (week, share not yet adopted) from week 0 to the horizon, for plotting."""
    sf = survival_function(weeks, horizon_weeks)
    inside = sf.quantiles <= horizon_weeks
    t = np.concatenate([[0.0], sf.quantiles[inside], [horizon_weeks]])
    s = np.concatenate([[1.0], sf.probabilities[inside], [sf.probabilities[inside][-1]]])
    return t, s
