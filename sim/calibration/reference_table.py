"""ABC on a reference table: surveys simulated once from the prior, the nearest ones kept.

``calibration.method=reference_table`` (the default; docs/calibration.md says why):
``draws`` parameter sets are drawn from the uniform priors, a whole survey is simulated
for each and its percentages are stored with them, in chunk files under ``table/`` in
the run directory. The posterior is the ``accepted`` draws whose surveys come nearest to
the real one (:class:`~sim.calibration.observation.SurveyDistance`), optionally moved by
a local-linear regression adjustment (Beaumont, Zhang and Balding 2002) on each
parameter's logit scale. Every accepted draw weighs the same, so the effective sample
size is the number accepted: the importance weights that collapsed in ABC-SMC do not
exist here.

The same table checks the method at no extra simulation: each of ``coverage_checks``
draws in turn plays the observed survey, the rest give its posterior, and the share of
true values inside the 50% and 90% posterior intervals is the empirical coverage
(the reference-table test of Prangle, Blum, Popovic and Sisson 2014).

Draw ``i``'s parameters and its survey's seed depend only on the base seed and ``i``, so
the table is the same whatever the chunks' order, the number of workers or a resume in
between; a stopped run loses at most the chunk each worker was on.
"""

from __future__ import annotations

import copy
import functools
import logging
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.special import expit, logit
from threadpoolctl import threadpool_limits

from sim.calibration.observation import SurveyDistance, statistic_names
from sim.calibration.pool import followed, worker_pool
from sim.calibration.simulated_survey import SimulatedSurvey
from sim.config.files import read_parquet
from sim.reporting.io import atomic_write

TABLE = "table"  # the run directory's folder of chunk files
CHUNK = 10  # draws per chunk file
EDGE = 1e-6  # a value on a prior's bound stays finite on the logit scale

log = logging.getLogger(__name__)


def prior_draw(parameters: dict[str, list[float]], seed: int, index: int) -> dict[str, float]:
    """Draw ``index`` of the table: uniform between each prior's bounds."""
    u = np.random.default_rng([seed, index]).random(len(parameters))
    return {name: low + (high - low) * float(x)
            for (name, (low, high)), x in zip(parameters.items(), u, strict=True)}


def _chunk_file(run_dir: Path, chunk: int) -> Path:
    return run_dir / TABLE / f"chunk-{chunk:06d}.parquet"


def _simulate_chunk(problem: SimulatedSurvey, parameters: dict[str, list[float]], seed: int,
                    run_dir: Path, chunk: int) -> int:
    rows = []
    for index in range(chunk * CHUNK, (chunk + 1) * CHUNK):
        values = prior_draw(parameters, seed, index)
        rows.append({"draw": index, **values, **problem(values)})
    atomic_write(_chunk_file(run_dir, chunk),
                 lambda tmp: pd.DataFrame(rows).to_parquet(tmp, index=False))
    return chunk


def simulate(problem: SimulatedSurvey, parameters: dict[str, list[float]], seed: int,
             draws: int, run_dir: Path, n_procs: int) -> None:
    """Simulate the chunks of the first ``draws`` draws that are not on disk yet."""
    (run_dir / TABLE).mkdir(parents=True, exist_ok=True)
    chunks = -(-draws // CHUNK)
    todo = [c for c in range(chunks) if not _chunk_file(run_dir, c).exists()]
    if not todo:
        return
    log.info("Reference table: %d of %d surveys to simulate (%s)", len(todo) * CHUNK,
             chunks * CHUNK, run_dir / TABLE)
    quiet = copy.copy(problem)
    quiet.log_progress = False
    one = functools.partial(_simulate_chunk, quiet, parameters, seed, run_dir)
    if n_procs == 1:
        followed(map(one, todo), len(todo), "Reference table", "surveys", CHUNK)
        return
    with worker_pool(n_procs) as pool:
        followed(pool.imap_unordered(one, todo), len(todo), "Reference table", "surveys", CHUNK)


def load(run_dir: Path, parameters: dict[str, list[float]], draws: int) -> pd.DataFrame:
    """The first ``draws`` rows of the table, in draw order."""
    files = sorted((run_dir / TABLE).glob("chunk-*.parquet"))
    table = pd.concat([read_parquet(f, "reference table chunk",
                                    "delete it and run the calibration again to re-make it")
                       for f in files], ignore_index=True)
    table = table.sort_values("draw").reset_index(drop=True)
    return table[table["draw"] < draws][["draw", *parameters, *statistic_names()]]


def _logits(values: np.ndarray, parameters: dict[str, list[float]]) -> np.ndarray:
    low, high = np.array(list(parameters.values()), float).T
    return logit(np.clip((values - low) / (high - low), EDGE, 1 - EDGE))


def _values(logits: np.ndarray, parameters: dict[str, list[float]]) -> np.ndarray:
    low, high = np.array(list(parameters.values()), float).T
    return low + (high - low) * expit(logits)


def nearest(statistics: np.ndarray, values: np.ndarray, target: np.ndarray,
            distance: SurveyDistance, parameters: dict[str, list[float]], accepted: int,
            adjustment: str) -> tuple[np.ndarray, np.ndarray]:
    """The accepted parameter values (rows) and their distances to ``target``.

    ``adjustment="linear"``: each parameter's logit, regressed on the accepted surveys'
    standardised differences from the target, is moved to where the regression puts it
    at the target (Beaumont et al. 2002): what the remaining distance still explains is
    taken out."""
    d = distance.of_rows(statistics, target)
    keep = np.argsort(d, kind="stable")[:accepted]
    theta = _logits(values[keep], parameters)
    if adjustment == "linear":
        x = (statistics[keep] - target) / distance.scale
        design = np.column_stack([np.ones(len(keep)), x])
        coef = np.linalg.lstsq(design, theta, rcond=None)[0]
        theta = theta - x @ coef[1:]
    return _values(theta, parameters), d[keep]


def posterior(table: pd.DataFrame, target: dict[str, float], distance: SurveyDistance,
              parameters: dict[str, list[float]], accepted: int, adjustment: str
              ) -> tuple[pd.DataFrame, float]:
    """The posterior particles (equal weights) and the largest distance accepted."""
    names = statistic_names()
    with threadpool_limits(1):  # BLAS threads cost more than they bring, worse under load
        values, d = nearest(table[names].to_numpy(), table[list(parameters)].to_numpy(),
                            np.array([target[k] for k in names]), distance, parameters,
                            accepted, adjustment)
    out = pd.DataFrame(values, columns=list(parameters))
    out["weight"] = 1.0 / len(out)
    return out, float(d.max())


def coverage(table: pd.DataFrame, distance: SurveyDistance, parameters: dict[str, list[float]],
             accepted: int, adjustment: str, checks: int, seed: int) -> pd.DataFrame:
    """Empirical coverage of the 50% and 90% central posterior intervals of every
    parameter, over ``checks`` draws of the table taken in turn as the observed survey
    (the others are its reference table)."""
    names = statistic_names()
    statistics = table[names].to_numpy()
    values = table[list(parameters)].to_numpy()
    picks = np.random.default_rng([seed, 0xC0DE]).choice(len(table), min(checks, len(table)),
                                                         replace=False)
    with threadpool_limits(1):
        ranks = [_rank(statistics, values, j, distance, parameters, accepted, adjustment)
                 for j in picks]
    ranks = np.array(ranks)
    return pd.DataFrame({
        "parameter": list(parameters),
        "coverage_50": (np.abs(ranks - 0.5) <= 0.25).mean(axis=0),
        "coverage_90": (np.abs(ranks - 0.5) <= 0.45).mean(axis=0),
        "checks": len(picks)}).set_index("parameter")


def _rank(statistics: np.ndarray, values: np.ndarray, j: int, distance: SurveyDistance,
          parameters: dict[str, list[float]], accepted: int, adjustment: str) -> np.ndarray:
    """Where draw j's true values fall in the posterior the other draws give it (0-1)."""
    rest = np.arange(len(values)) != j
    particles, _ = nearest(statistics[rest], values[rest], statistics[j], distance,
                           parameters, min(accepted, int(rest.sum())), adjustment)
    return (particles < values[j]).mean(axis=0) + 0.5 * (particles == values[j]).mean(axis=0)
