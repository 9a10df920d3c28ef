"""Time-to-adoption estimates that handle censoring: Kaplan-Meier via ``scipy.stats.ecdf``.

A run that has not adopted the plan by its horizon is right-censored at the horizon:
we know only that adoption takes longer. Dropping such runs, or counting them as
adopting at the horizon, biases every mean; the Kaplan-Meier estimator uses them
properly. "Survival" here is the share of municipalities that have *not yet* adopted.
A median (or a confidence bound) that the curve never reaches is "not reached"
(NaN), never a number.

Conventions: the median is the first week at which the survival curve is at or
below 0.5; its confidence interval is where the pointwise (log-log Greenwood) band of
the curve crosses 0.5. The restricted mean is the area under the curve up to the
horizon: the expected weeks to adoption when runs count at most the horizon.

Runs are censored only at their common horizon, so before it the curve is a plain
proportion: the share adopted by a week is a binomial proportion, and its interval is
Wilson's (inside [0, 1], not degenerate at 0 or 1, where the log-log band is undefined);
the restricted mean is the plain mean of the weeks each run took, counted at most to the
horizon, and its interval is Student's t interval of that mean.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
from scipy.stats import CensoredData, ecdf
from scipy.stats._survival import EmpiricalDistributionFunction

NOT_REACHED = "not reached"
PROPORTION_METHOD = "Wilson"  # the interval of a share adopted (statsmodels' "wilson")


def survival_function(weeks: pd.Series | np.ndarray, horizon_weeks: int):
    """Kaplan-Meier estimate of the share not yet adopted; missing weeks are censored."""
    weeks = pd.to_numeric(pd.Series(weeks), errors="coerce").to_numpy(dtype=float)
    adopted = ~np.isnan(weeks)
    censored = np.full(np.count_nonzero(~adopted), float(horizon_weeks))
    return ecdf(CensoredData(uncensored=weeks[adopted], right=censored)).sf


def observed(weeks: pd.Series | np.ndarray, horizon_weeks: int) -> tuple[np.ndarray, np.ndarray]:
    """(weeks observed, adopted) per run: a censored run is observed up to the horizon."""
    weeks = pd.to_numeric(pd.Series(weeks), errors="coerce").to_numpy(dtype=float)
    adopted = ~np.isnan(weeks)
    return np.where(adopted, weeks, float(horizon_weeks)), adopted


def proportion_interval(successes: int, runs: int, confidence: float = 0.95
                        ) -> tuple[float, float]:
    """Wilson's interval of a binomial proportion (statsmodels)."""
    from statsmodels.stats.proportion import proportion_confint

    low, high = proportion_confint(successes, runs, alpha=1 - confidence, method="wilson")
    return float(max(low, 0.0)), float(min(high, 1.0))


def restricted_mean_interval(weeks: pd.Series | np.ndarray, horizon_weeks: int,
                             confidence: float = 0.95) -> tuple[float, float]:
    """Student's t interval of the restricted mean (see the module docstring)."""
    from statsmodels.stats.weightstats import DescrStatsW

    time, _ = observed(weeks, horizon_weeks)
    if len(time) < 2 or np.ptp(time) == 0:  # no spread: no interval to speak of
        return float(time.mean()), float(time.mean())
    low, high = DescrStatsW(time).tconfint_mean(1 - confidence)
    return float(max(low, 0.0)), float(min(high, horizon_weeks))


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
    (with Wilson's interval), and the restricted mean with its interval, from replicates'
    adoption weeks."""
    weeks = pd.Series(weeks)
    time, adopted = observed(weeks, horizon_weeks)
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
    row["restricted_mean_low"], row["restricted_mean_high"] = restricted_mean_interval(
        weeks, horizon_weeks, confidence)
    for name, week in deadlines.items():
        if week > horizon_weeks:
            continue  # beyond what the runs observed
        k = int(np.count_nonzero(adopted & (time <= week)))
        row[f"p_by_{name}"] = k / len(time)
        row[f"p_by_{name}_low"], row[f"p_by_{name}_high"] = proportion_interval(
            k, len(time), confidence)
    return row


def curve(weeks: pd.Series | np.ndarray, horizon_weeks: int) -> tuple[np.ndarray, np.ndarray]:
    """Step points (week, share not yet adopted) from week 0 to the horizon, for plotting."""
    sf = survival_function(weeks, horizon_weeks)
    inside = sf.quantiles <= horizon_weeks
    t = np.concatenate([[0.0], sf.quantiles[inside], [horizon_weeks]])
    s = np.concatenate([[1.0], sf.probabilities[inside], [sf.probabilities[inside][-1]]])
    return t, s


def curve_band(weeks: pd.Series | np.ndarray, horizon_weeks: int, confidence: float = 0.95
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Step points (week, low, high) of the curve's pointwise log-log band, on the knots of
    :func:`curve`; where the band is undefined (the curve at 1 or 0) it is the curve."""
    sf = survival_function(weeks, horizon_weeks)
    t, s = curve(weeks, horizon_weeks)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        band = sf.confidence_interval(confidence, method="log-log")
        low, high = band.low.evaluate(t), band.high.evaluate(t)
    return t, np.where(np.isnan(low), s, low), np.where(np.isnan(high), s, high)
