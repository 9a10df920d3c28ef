"""``python -m sim.calibrate``: estimate the free parameters from the 2010 survey.

Likelihood-free Bayesian calibration: parameters are drawn from their priors
(``parameters:`` in configs/calibrate.yaml), a whole survey is simulated for each
(:mod:`sim.calibration.simulated_survey`) and compared with the real one
(:class:`sim.calibration.observation.SurveyDistance`). Two methods
(``calibration.method``):

- ``reference_table`` (default): surveys simulated once from the prior, the nearest kept
  (:mod:`sim.calibration.reference_table`); the table is stored in chunks in the run
  directory, so a stopped run resumes where it was and a finished one can be extended
  (a larger ``calibration.draws``) or re-analysed without simulating again;
- ``abc_smc``: pyabc's sequential Monte Carlo, each generation narrowing the threshold,
  stored in ``calibration.db`` (SQLite); the method a Redis cluster runs
  (``calibration.sampler=redis``).

Either way the posterior is written as ``posterior.csv`` (particles and weights; runs
read it with ``posterior=<path>``), resumes with ``run_dir=<that directory>``, and the
calibration report is made (:mod:`sim.calibration_report`).
"""

from __future__ import annotations

import dataclasses
import logging
import math
import os
import signal
import sys
import threading
import warnings
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import yaml
from hydra.core.config_store import ConfigStore
from omegaconf import DictConfig, OmegaConf
from scipy.special import expit

from sim.calibration import reference_table
from sim.calibration.national_record import RECORD_FILE, load_record
from sim.calibration.observation import (
    ObservationConfig,
    observed,
    statistic_names,
)
from sim.calibration.population import PopulationConfig, check, day
from sim.calibration.simulated_survey import SimulatedSurvey, base_scenario
from sim.calibration.survey import load_survey
from sim.calibration.workers import LostWorkerWatch, check_server
from sim.config.errors import ConfigError
from sim.config.files import check_sqlite, load_yaml, read_text
from sim.config.paths import SURVEY_FILE, in_checkout
from sim.config.schema import bounded
from sim.config.validation import validate
from sim.reporting.io import atomic_text, atomic_write

DATABASE = "calibration.db"
DATABASE_TABLES = ("abc_smc", "populations", "particles", "parameters")  # pyabc's
SETTINGS = "calibration.yaml"
POSTERIOR = "posterior.csv"


def check_database(run_dir: Path) -> None:
    """The run's pyabc history is whole; FileError naming it otherwise."""
    check_sqlite(Path(run_dir) / DATABASE, "calibration database", DATABASE_TABLES,
                 "it cannot be resumed or reported on; run the calibration into a new run_dir")

log = logging.getLogger(__name__)


@dataclass
class Budget:
    """How much simulation the calibration spends (``calibration=quick|full``)."""

    method: str = field(default="reference_table",
                        metadata={"choices": ("reference_table", "abc_smc")})
    draws: int = bounded(2, 100_000_000, default=1000)  # reference_table: prior surveys
    accepted: int = bounded(2, 1_000_000, default=100)  # reference_table: nearest kept
    adjustment: str = field(default="none", metadata={"choices": ("linear", "none")})
    coverage_checks: int = bounded(0, 1_000_000, default=100)  # reference_table: coverage
    population_size: int = bounded(2, 1_000_000, default=24)
    generations: int = bounded(1, 1000, default=4)
    minimum_epsilon: float = bounded(0.0, default=0.0)
    max_walltime_minutes: float = bounded(0.0, default=0.0)  # 0: no limit
    n_procs: int = bounded(0, 4096, default=0)  # 0: all cores
    sampler: str = field(default="multicore", metadata={"choices": ("multicore", "redis")})
    redis_host: str = "localhost"  # sampler=redis: workers run `abc-redis-worker`
    redis_port: int = bounded(1, 65535, default=6379)
    # sampler=redis: how long a generation with all its particles waits for workers that
    # do not report back (killed, out of memory, node down) before it goes on without them
    redis_lost_worker_minutes: float = bounded(0.05, default=5.0)
    respondents: int | None = None  # None: the survey's
    # municipalities run to ten years after the 2009 review per simulated survey (its
    # one-sided target: at most half adopted by then)
    review_municipalities: int = bounded(1, 1_000_000, default=40)
    predictive_draws: int = bounded(1, 1_000_000, default=16)
    predictive_municipalities: int = bounded(1, 1_000_000, default=60)
    predict_until: str = "2020-01-01"


@dataclass
class CalibrationConfig:
    """The whole calibration (configs/calibrate.yaml)."""

    seed: int = bounded(0, 2**32 - 1, default=0)
    survey_file: str = str(SURVEY_FILE)
    record_file: str = str(RECORD_FILE)
    run_dir: str = "outputs/calibration"
    scenario: list[str] = field(default_factory=list)
    parameters: dict[str, list[float]] = field(default_factory=dict)
    observation: ObservationConfig = field(default_factory=ObservationConfig)
    population: PopulationConfig = field(default_factory=PopulationConfig)
    calibration: Budget = field(default_factory=Budget)


ConfigStore.instance().store(name="calibrate_schema", node=CalibrationConfig)


def check_parameters(cfg: CalibrationConfig, problem: SimulatedSurvey) -> None:
    """Every prior names a known numeric setting and has bounds it allows."""
    if not cfg.parameters:
        raise ConfigError("parameters={} is not allowed: give at least one prior")
    town = problem.municipalities({}, np.random.default_rng(0)).iloc[0]
    for name, bounds in cfg.parameters.items():
        key = f"parameters.{name}"
        if len(bounds) != 2 or not bounds[0] < bounds[1]:
            raise ConfigError(f"{key}={list(bounds)} is not allowed: must be [low, high] "
                              "with low < high")
        head, _, rest = name.partition(".")
        own = {"population": cfg.population, "observation": cfg.observation}.get(head)
        if own is not None and not isinstance(getattr(own, rest, None), float):
            names = [f.name for f in dataclasses.fields(own)
                     if isinstance(getattr(own, f.name), float)]
            raise ConfigError(f"{key} is not allowed: {head} has the numeric settings "
                              f"{', '.join(names)}")
        for bound in bounds:  # a bound outside what the setting allows fails here, not later
            population, observation, scenario = problem.split({name: bound})
            validate(population, "population")
            validate(observation, "observation")
            try:
                problem.scenario(town, scenario, 10)
            except ConfigError as exc:
                raise ConfigError(f"{key}={list(bounds)}: {exc}") from None


# Budget settings a resumed calibration may change: how long and on what it runs, how a
# reference table is read (it can grow, be cut or be re-analysed), and what the report
# simulates afterwards. Everything else shapes the simulations themselves.
MAY_CHANGE = ("draws", "accepted", "adjustment", "coverage_checks", "generations",
              "max_walltime_minutes", "n_procs", "sampler", "redis_host", "redis_port",
              "redis_lost_worker_minutes", "predictive_draws", "predictive_municipalities",
              "predict_until")


def settings(cfg: CalibrationConfig) -> dict:
    """What must not change when a calibration resumes."""
    data = dataclasses.asdict(cfg)
    data.pop("run_dir")
    data["scale"] = "logit"  # of the parameters in the database (prior); older runs had none
    for key in MAY_CHANGE:
        data["calibration"].pop(key)
    return data


def _check_resume(run_dir: Path, cfg: CalibrationConfig) -> None:
    path = run_dir / SETTINGS
    before = load_yaml(path, "calibration settings") if path.exists() else None
    now = settings(cfg)
    if not isinstance(before, dict):
        raise ConfigError(f"run_dir={run_dir} has a {DATABASE} but no {SETTINGS}: it was not "
                          "made by this calibration; choose a new run_dir")
    changed = sorted(k for k in set(before) | set(now) if before.get(k) != now.get(k))
    if changed:
        raise ConfigError(f"run_dir={run_dir} holds a calibration with other settings "
                          f"({', '.join(changed)} differ); resume it with the same settings "
                          "or choose a new run_dir")


def prior(parameters: dict[str, list[float]]):
    """The uniform priors, as ABC sees them: each parameter on the logit scale of its
    range, where the uniform prior is the standard logistic distribution. The sampler's
    Gaussian kernels then never reach outside a prior's bounds: on the bounded scale they
    did, so particles near a bound got their weight doubled for every such parameter
    (docs/calibration.md: this helps the first generations; later ones still collapse)."""
    import pyabc

    return pyabc.Distribution(**{name: pyabc.RV("logistic", 0.0, 1.0) for name in parameters})


def to_values(logits, parameters: dict[str, list[float]]) -> dict[str, float]:
    """Parameter values from their logits (:func:`prior`)."""
    return {name: low + (high - low) * float(expit(logits[name]))
            for name, (low, high) in parameters.items()}


@dataclass
class OnLogitScale:
    """The simulated survey as ABC calls it: with the parameters' logits (:func:`prior`)."""

    problem: SimulatedSurvey
    parameters: dict[str, list[float]]

    def __call__(self, logits) -> dict[str, float]:
        return self.problem(to_values(logits, self.parameters))


def sampler(budget: Budget):
    import pyabc

    if budget.sampler == "redis":
        redis = pyabc.sampler.RedisEvalParallelSampler(host=budget.redis_host,
                                                       port=budget.redis_port)
        check_server(redis.redis, budget.redis_host, budget.redis_port)
        return redis
    procs = budget.n_procs or os.cpu_count() or 1
    if procs == 1:
        return pyabc.sampler.SingleCoreSampler()
    return pyabc.sampler.MulticoreEvalParallelSampler(n_procs=procs)


@contextmanager
def stopping_on_sigterm():
    """Stop on SIGTERM (a SLURM time limit, scancel, kill) as on Ctrl-C: pyabc then closes
    the database and signs off from Redis, so the run resumes with ``run_dir=``."""
    if threading.current_thread() is not threading.main_thread():
        yield  # signal handlers belong to the main thread
        return

    def stop(signum, frame):
        sys.exit(128 + signum)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def watching_workers(sampler, budget: Budget):
    """With Redis, carry on without workers that die unannounced (sim/calibration/workers.py)."""
    if budget.sampler != "redis":
        return nullcontext()
    return LostWorkerWatch(sampler.redis, 60 * budget.redis_lost_worker_minutes)


def problem_of(cfg: CalibrationConfig) -> SimulatedSurvey:
    """The simulated survey this calibration fits, with its inputs checked."""
    survey = load_survey(in_checkout(cfg.survey_file))
    record = load_record(in_checkout(cfg.record_file))
    check(cfg.population, survey)
    validate(cfg.population, "population")
    validate(cfg.observation, "observation")
    validate(cfg.calibration, "calibration")
    day(cfg.calibration.predict_until, "calibration.predict_until")
    return SimulatedSurvey(survey, record, cfg.population, cfg.observation, cfg.seed,
                           tuple(cfg.scenario), cfg.calibration.respondents,
                           cfg.calibration.review_municipalities)


def calibrate(cfg: CalibrationConfig, run_dir: Path,
              target: dict[str, float] | None = None) -> pd.DataFrame:
    """Run (or resume) the calibration into ``run_dir``; returns the posterior particles,
    also written to ``posterior.csv``.

    ``target`` replaces the survey's figures (parameter recovery fits the model to
    percentages it generated itself)."""
    problem = problem_of(cfg)
    check_parameters(cfg, problem)
    check_budget(cfg.calibration)
    for size in cfg.population.size_classes:  # compose in this process, before workers fork
        for strategy in problem.survey.strategy_shares:
            base_scenario(size, strategy, problem.overrides)
    target = observed(problem.survey, problem.record) if target is None else target
    if cfg.calibration.method == "abc_smc" and (run_dir / DATABASE).exists():
        check_database(run_dir)
    if (run_dir / SETTINGS).exists() or (run_dir / DATABASE).exists():
        _check_resume(run_dir, cfg)
    else:
        run_dir.mkdir(parents=True, exist_ok=True)
        atomic_text(run_dir / SETTINGS, yaml.safe_dump(settings(cfg), sort_keys=False))
    if cfg.calibration.method == "reference_table":
        posterior = _reference_table(cfg, run_dir, problem, target)
    else:
        posterior = _abc_smc(cfg, run_dir, problem, target)
    atomic_write(run_dir / POSTERIOR, lambda tmp: posterior.to_csv(tmp, index=False))
    log.info("Posterior (%d particles) in %s", len(posterior), run_dir / POSTERIOR)
    return posterior


# Accepted draws per regression coefficient before the linear adjustment is trusted: with
# fewer, the regression fits the accepted draws' noise and the posterior shrinks too much
# (assumption; the report's coverage check tests it).
LINEAR_ROWS_PER_PREDICTOR = 10


def check_budget(budget: Budget) -> None:
    """Settings that are each allowed but not together."""
    if budget.method == "reference_table" and budget.accepted > budget.draws:
        raise ConfigError(f"calibration.accepted={budget.accepted} is not allowed: at most "
                          f"calibration.draws={budget.draws} draws can be kept")
    rows = LINEAR_ROWS_PER_PREDICTOR * (len(statistic_names()) + 1)
    if budget.method == "reference_table" and budget.adjustment == "linear" and (
            budget.accepted < rows):
        raise ConfigError(f"calibration.adjustment=linear is not allowed with calibration."
                          f"accepted={budget.accepted}: the regression on "
                          f"{len(statistic_names())} survey figures needs at least {rows} "
                          "accepted draws; keep more or use calibration.adjustment=none")
    if budget.method == "reference_table" and budget.sampler == "redis":
        raise ConfigError("calibration.sampler=redis is not allowed with calibration.method="
                          "reference_table: Redis serves calibration.method=abc_smc; a "
                          "reference table runs on calibration.n_procs local workers")


def _reference_table(cfg: CalibrationConfig, run_dir: Path, problem: SimulatedSurvey,
                     target: dict[str, float]) -> pd.DataFrame:
    budget = cfg.calibration
    with stopping_on_sigterm():
        reference_table.simulate(problem, cfg.parameters, cfg.seed, budget.draws, run_dir,
                                 budget.n_procs)
    table = reference_table.load(run_dir, cfg.parameters, budget.draws)
    posterior, _ = reference_table.posterior(
        table, target, problem.distance, cfg.parameters,
        budget.accepted, budget.adjustment)
    return posterior


def _abc_smc(cfg: CalibrationConfig, run_dir: Path, problem: SimulatedSurvey,
             target: dict[str, float]) -> pd.DataFrame:
    import pyabc

    logging.getLogger("ABC").handlers.clear()  # pyabc's own console handler doubles Hydra's
    np.random.seed(cfg.seed)  # pyabc draws its proposals from numpy's global generator
    budget = cfg.calibration
    db = run_dir / DATABASE
    url = f"sqlite:///{db}"
    resuming = db.exists()
    # The first generation accepts every prior draw and each later one the better half
    # (pyabc's default spends a whole extra prior sample to set the first threshold); a
    # resumed run sets its threshold from the last stored generation instead.
    epsilon = pyabc.epsilon.QuantileEpsilon(
        initial_epsilon="from_sample" if resuming else math.inf, alpha=0.5)
    abc = pyabc.ABCSMC(OnLogitScale(problem, cfg.parameters), prior(cfg.parameters),
                       problem.distance,
                       population_size=budget.population_size, sampler=sampler(budget),
                       eps=epsilon)
    if resuming:
        history = abc.load(url, 1)
        log.info("Resuming %s after generation %d", db, history.max_t)
    else:
        history = abc.new(url, target)
    remaining = budget.generations - (history.max_t + 1)
    # pyabc compares thresholds by subtraction, inf - inf after the first generation
    warnings.filterwarnings("ignore", "invalid value encountered in scalar subtract",
                            RuntimeWarning, "pyabc")
    if remaining > 0:
        walltime = budget.max_walltime_minutes
        with stopping_on_sigterm(), watching_workers(abc.sampler, budget):
            history = abc.run(max_nr_populations=remaining,
                              minimum_epsilon=budget.minimum_epsilon,
                              max_walltime=timedelta(minutes=walltime) if walltime else None)
    return last_generation(history, cfg.parameters)


def last_generation(history, parameters: dict[str, list[float]]) -> pd.DataFrame:
    """ABC-SMC's last generation: particles (values, not logits) with their weights."""
    particles, weights = history.get_distribution(t=history.max_t)
    posterior = pd.DataFrame([to_values(row, parameters) for _, row in particles.iterrows()])
    posterior["weight"] = weights / weights.sum()
    posterior["generation"] = history.max_t
    return posterior


def to_config(cfg: DictConfig) -> CalibrationConfig:
    """The composed config as a checked :class:`CalibrationConfig`."""
    try:
        obj = OmegaConf.to_object(OmegaConf.merge(OmegaConf.structured(CalibrationConfig), cfg))
    except Exception as exc:  # omegaconf reports missing or mistyped values here
        raise ConfigError(str(exc).strip()) from exc
    return obj


def load_run_config(run_dir: Path) -> CalibrationConfig:
    """The config a calibration ran with (Hydra saved it in ``.hydra/config.yaml``)."""
    path = run_dir / ".hydra" / "config.yaml"
    if not path.is_file():
        raise ConfigError(f"{run_dir} is not a calibration run directory (no {path.name} in "
                          ".hydra/)")
    load_yaml(path, "calibration config")  # checked and bounded before OmegaConf reads it
    return to_config(OmegaConf.create(read_text(path, "calibration config")))
