"""Comparisons between parameter points of a sweep: log-rank tests, Cox hazard ratios and
paired contrasts on shared seeds (statsmodels and scipy, not hand-written estimators).

- Log-rank: does time to adoption differ between the levels of one swept parameter? The
  test is stratified by the other swept parameters (each of their combinations is a
  stratum), so a parameter is compared with the others held fixed.
- Cox proportional hazards: how many times faster (hazard ratio > 1) or slower a level
  adopts than the parameter's reference level (its first), all swept parameters in one
  model, each as categories (no linear dose-response assumed), Efron's ties (adoption
  weeks are whole weeks, so ties are many). The ratios assume proportional hazards.
- Paired contrasts: points whose replicates share seeds (the default: every job uses
  seeds 0..N-1) differ only by the parameter; the per-seed difference (level minus
  reference) in the weeks to adoption, counted at most to the horizon, removes the luck
  both share. Mean difference with Student's paired t interval; negative: sooner.
"""

from __future__ import annotations

import warnings
from itertools import product

import numpy as np
import pandas as pd

from sim.reporting.labels import point_label


def _outcome(results: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """(weeks observed, adopted 0/1) per run; a censored run is observed to its horizon."""
    weeks = pd.to_numeric(results["time_to_adoption_weeks"], errors="coerce").to_numpy(float)
    adopted = ~np.isnan(weeks)
    return np.where(adopted, weeks, results["horizon_weeks"]), adopted.astype(int)


def _strata(results: pd.DataFrame, keys: list[str]) -> np.ndarray | None:
    if not keys:
        return None
    return results.groupby(keys, sort=True).ngroup().to_numpy()


def logrank_tests(results: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """One log-rank test per swept parameter, stratified by the other swept parameters."""
    from scipy.stats import chi2
    from statsmodels.duration.survfunc import survdiff

    time, adopted = _outcome(results)
    rows = []
    for key in keys:
        others = [k for k in keys if k != key]
        levels = results[key].nunique()
        try:  # p from chi2.sf below: statsmodels' 1 - cdf rounds a small p to 0
            chisq, _ = survdiff(time, adopted, results[key].astype(str).to_numpy(),
                                strata=_strata(results, others))
        except np.linalg.LinAlgError:  # no adoption to compare (in any stratum)
            chisq = np.nan
        rows.append({"parameter": key, "levels": levels, "chi2": float(chisq),
                     "df": levels - 1, "p_value": float(chi2.sf(chisq, levels - 1)),
                     "stratified_by": ", ".join(others) or "none"})
    return pd.DataFrame(rows)


def _levels(results: pd.DataFrame, key: str) -> list:
    return sorted(results[key].unique())


def hazard_ratios(results: pd.DataFrame, keys: list[str], confidence: float = 0.95
                  ) -> pd.DataFrame:
    """Cox hazard ratio of each level against its parameter's reference level."""
    from statsmodels.duration.hazard_regression import PHReg

    time, adopted = _outcome(results)
    columns, names = [], []
    for key in keys:
        levels = _levels(results, key)
        for level in levels[1:]:
            columns.append((results[key] == level).to_numpy(dtype=float))
            names.append((key, level, levels[0]))
    if not columns or adopted.sum() == 0:
        return pd.DataFrame()
    with warnings.catch_warnings():  # a level that never adopts: a ratio of (nearly) 0
        warnings.simplefilter("ignore")
        try:
            fit = PHReg(time, np.column_stack(columns), status=adopted, ties="efron").fit()
        except np.linalg.LinAlgError:  # too few adoptions to estimate every ratio
            return pd.DataFrame()
    bounds = np.exp(fit.conf_int(alpha=1 - confidence))
    return pd.DataFrame([
        {"parameter": key, "level": level, "reference": reference,
         "hazard_ratio": float(np.exp(fit.params[i])), "low": float(bounds[i, 0]),
         "high": float(bounds[i, 1]), "p_value": float(fit.pvalues[i])}
        for i, (key, level, reference) in enumerate(names)])


def paired_contrasts(results: pd.DataFrame, keys: list[str], confidence: float = 0.95
                     ) -> pd.DataFrame:
    """Per swept parameter, each level against the reference level, the other parameters
    held at each of their combinations, paired by seed."""
    from scipy.stats import ttest_rel

    time, _ = _outcome(results)
    data = results.assign(_weeks=time)
    rows = []
    for key in keys:
        levels = _levels(results, key)
        others = [k for k in keys if k != key]
        for fixed in product(*(_levels(results, k) for k in others)):
            where = np.ones(len(data), bool)
            for k, v in zip(others, fixed, strict=True):
                where &= (data[k] == v).to_numpy()
            arm = data[where].set_index("seed")["_weeks"]
            reference = arm[data[where][key].to_numpy() == levels[0]]
            for level in levels[1:]:
                pairs = pd.concat([reference, arm[data[where][key].to_numpy() == level]],
                                  axis=1, join="inner").to_numpy()
                if len(pairs) < 2:
                    continue
                diff = pairs[:, 1] - pairs[:, 0]
                if np.ptp(diff) == 0:  # identical differences: no spread, no test
                    low = high = float(diff[0])
                    p = float("nan")
                else:
                    test = ttest_rel(pairs[:, 1], pairs[:, 0])
                    low, high = test.confidence_interval(confidence)
                    p = float(test.pvalue)
                rows.append({"parameter": key, "level": level, "reference": levels[0],
                             "held_at": point_label(others, fixed), "pairs": len(pairs),
                             "mean_difference_weeks": float(diff.mean()),
                             "low": float(low), "high": float(high), "p_value": p})
    return pd.DataFrame(rows)
