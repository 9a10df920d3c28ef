"""Global sensitivity of time-to-adoption to the main parameters (SALib: Morris or Sobol).

SALib draws the sample points; the sweep runs each point with the job's replicates
(every point uses the same seeds: common random numbers, so differences between points
come from the parameters, not from luck). Each point is summarised by its Kaplan-Meier
restricted mean time to adoption up to the horizon, which counts censored runs
honestly, and SALib turns those into indices.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from sim.config.schema import SensitivityConfig


def problem(sens: SensitivityConfig | dict) -> dict:
    """The SALib problem: parameter names and their bounds."""
    parameters = sens["parameters"] if isinstance(sens, dict) else sens.parameters
    names = sorted(parameters)
    return {"num_vars": len(names), "names": names,
            "bounds": [list(parameters[n]) for n in names]}


def _get(sens: SensitivityConfig | dict, name: str) -> Any:
    return sens[name] if isinstance(sens, dict) else getattr(sens, name)


def sample(sens: SensitivityConfig | dict) -> np.ndarray:
    """All sample points, one row each; the same for every job of the sweep."""
    from SALib.sample import morris as morris_sample  # SALib takes a second to import: only
    from SALib.sample import sobol as sobol_sample  # sensitivity jobs pay for it

    spec = problem(sens)
    if _get(sens, "method") == "morris":
        return morris_sample.sample(spec, _get(sens, "samples"), num_levels=_get(sens, "levels"),
                                    seed=_get(sens, "sample_seed"))
    return sobol_sample.sample(spec, _get(sens, "samples"), calc_second_order=False,
                               seed=_get(sens, "sample_seed"))


def sample_points(sens: SensitivityConfig) -> list[tuple[int, dict[str, float]]]:
    """This job's share of the sample: points whose index modulo ``chunks`` is ``chunk``."""
    if not sens.parameters:
        return []
    names = problem(sens)["names"]
    return [(i, dict(zip(names, map(float, row), strict=True)))
            for i, row in enumerate(sample(sens)) if i % sens.chunks == sens.chunk]


def _outputs(results: pd.DataFrame, points: int, horizon_weeks: int) -> np.ndarray:
    """The restricted mean time to adoption at each sample point: runs are censored only
    at the horizon, so it is the mean of the weeks capped there (sim/experiments/survival.py)."""
    weeks = pd.to_numeric(results["time_to_adoption_weeks"]).astype(float)
    capped = weeks.fillna(horizon_weeks).clip(upper=horizon_weeks)
    return capped.groupby(results["sensitivity_point"]).mean().reindex(range(points)).to_numpy()


def _sobol(spec: dict, Y: np.ndarray, seed: int) -> pd.DataFrame:
    from SALib.analyze import sobol as sobol_analyze

    found = sobol_analyze.analyze(spec, Y, calc_second_order=False, num_resamples=1000,
                                  conf_level=0.95, seed=seed)
    columns = ["S1", "S1_conf", "ST", "ST_conf"]
    table = pd.DataFrame({c: np.asarray(found[c], dtype=float) for c in columns})
    table.insert(0, "parameter", spec["names"])
    return table


def indices(results: pd.DataFrame, sens: dict, horizon_weeks: int) -> pd.DataFrame:
    """Sensitivity indices of the restricted mean time to adoption, one row per parameter;
    Sobol's with 95% bootstrap intervals (``_conf``: half-widths)."""
    # Analysis only: sweep jobs import this module for the sampling and skip these.
    from SALib.analyze import morris as morris_analyze

    spec = problem(sens)
    X = sample(sens)
    Y = _outputs(results, len(X), horizon_weeks)
    if sens["method"] == "sobol":
        return _sobol(spec, Y, sens["sample_seed"])
    found = morris_analyze.analyze(spec, X, Y, num_levels=sens["levels"],
                                   seed=sens["sample_seed"])
    columns = ["mu_star", "mu_star_conf", "sigma"]
    table = pd.DataFrame({c: np.asarray(found[c], dtype=float) for c in columns})
    table.insert(0, "parameter", spec["names"])
    return table


def convergence(results: pd.DataFrame, sens: dict, horizon_weeks: int, first: int = 16
                ) -> pd.DataFrame:
    """Sobol indices from the first N base samples, for N = first, 2 first, ... up to all:
    the sample of N base samples is the start of the sample of 2N (the same scrambled
    Sobol' sequence), so one sweep shows whether the indices have settled."""
    spec = problem(sens)
    per_base = spec["num_vars"] + 2  # rows per base sample (no second order)
    Y = _outputs(results, len(sample(sens)), horizon_weeks)
    sizes = [n for n in (first * 2**k for k in range(20)) if n < sens["samples"]]
    steps = []
    for n in [*sizes, sens["samples"]]:
        table = _sobol(spec, Y[: n * per_base], sens["sample_seed"])
        table.insert(0, "samples", n)
        steps.append(table)
    return pd.concat(steps, ignore_index=True)
