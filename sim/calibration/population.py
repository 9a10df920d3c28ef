"""A synthetic population of municipalities like the 431 of 2010, and their scenarios.

Each municipality gets a size class (fixed counts, ``configs/calibrate.yaml``), a main
strategy, a leading theme, whether it can carry out the plan on its own, a plan start
between 2007 and 2009 and a 2011 budget path, all drawn from the survey's inputs
section (:mod:`sim.survey`); nothing of the survey is written here. The board's
commitment is drawn per municipality around a mean that calibration estimates.
:func:`scenario` turns one municipality into the :class:`~sim.config.SimConfig` the
model runs, from its plan start to the survey date or to a later horizon.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from sim.calibration.survey import STRATEGIES, Survey
from sim.config.errors import ConfigError
from sim.config.overrides import with_values
from sim.config.schema import EventConfig, SimConfig, bounded, unit
from sim.config.vocabulary import SIZE_CLASSES


@dataclass
class NationalDelay:
    """A national building block that was not usable between two dates."""

    block: str
    since: str  # YYYY-MM-DD
    until: str  # YYYY-MM-DD


@dataclass
class PopulationConfig:
    """How the synthetic population is drawn (``population:`` in configs/calibrate.yaml)."""

    size_classes: dict[str, int] = field(default_factory=dict)  # municipalities per class
    # Per size class, strategy shares that differ from the national ones (figure 9's text);
    # the strategies not given share the rest, the other classes make up the national total.
    strategy_by_size: dict[str, dict[str, float]] = field(default_factory=dict)
    plan_start_earliest: str = "2007-01-01"
    plan_start_latest: str = "2009-12-31"
    board_commitment_mean: float = unit(default=0.5)  # boards' commitment, around this mean
    board_commitment_concentration: float = bounded(0.5, 1000.0, default=5.0)
    own_capacity_factor: float = unit(default=0.6)
    budget_cut_date: str = "2011-01-01"
    national_delays: dict[str, NationalDelay] = field(default_factory=dict)


def day(text: str, key: str) -> date:
    """A config date, with a clear error when it is not one."""
    try:
        return date.fromisoformat(str(text))
    except ValueError:
        raise ConfigError(f"{key}={text!r} is not allowed: must be a date, YYYY-MM-DD") from None


def check(pop: PopulationConfig, survey: Survey) -> None:
    """Everything :func:`draw` relies on, as ConfigErrors naming the key."""
    for name, count in pop.size_classes.items():
        if name not in SIZE_CLASSES:
            raise ConfigError(f"population.size_classes.{name}={count} is not allowed: the "
                              f"size class must be one of {', '.join(SIZE_CLASSES)}")
        if count < 0:
            raise ConfigError(f"population.size_classes.{name}={count} is not allowed: "
                              "must be at least 0")
    total = sum(pop.size_classes.values())
    if total != survey.invited:
        raise ConfigError(f"population.size_classes sum to {total} is not allowed: must sum to "
                          f"the survey's municipalities_invited ({survey.invited})")
    for name, shares in pop.strategy_by_size.items():
        key = f"population.strategy_by_size.{name}"
        if name not in pop.size_classes:
            raise ConfigError(f"{key} is not allowed: {name} is not in population.size_classes")
        for strategy, share in shares.items():
            if strategy not in STRATEGIES or not 0 <= share <= 1:
                raise ConfigError(f"{key}.{strategy}={share} is not allowed: must be a share in "
                                  f"[0, 1] of one of {', '.join(STRATEGIES)}")
        if sum(shares.values()) > 1 + 1e-9:
            raise ConfigError(f"{key}={dict(shares)} is not allowed: shares sum above 1")
    earliest = day(pop.plan_start_earliest, "population.plan_start_earliest")
    latest = day(pop.plan_start_latest, "population.plan_start_latest")
    if not earliest <= latest < survey.reference_date:
        raise ConfigError(f"population.plan_start_latest={pop.plan_start_latest} is not allowed: "
                          f"must lie from plan_start_earliest to before the survey date "
                          f"({survey.reference_date})")
    day(pop.budget_cut_date, "population.budget_cut_date")
    for name, delay in pop.national_delays.items():
        if day(delay.until, f"population.national_delays.{name}.until") < day(
                delay.since, f"population.national_delays.{name}.since"):
            raise ConfigError(f"population.national_delays.{name}.until={delay.until} is not "
                              "allowed: must not be before since")


def strategy_shares(pop: PopulationConfig, survey: Survey) -> pd.DataFrame:
    """Strategy shares per size class (rows) that keep the national shares of figure 9."""
    national = pd.Series(survey.strategy_shares)[list(STRATEGIES)]
    counts = pd.Series(pop.size_classes)
    shares = pd.DataFrame(np.nan, index=counts.index, columns=list(STRATEGIES))
    for size, given in pop.strategy_by_size.items():
        row = pd.Series(given, dtype=float).reindex(national.index)
        rest = national[row.isna()]
        shares.loc[size] = row.fillna(rest / rest.sum() * (1 - row.sum()))
    free = shares.isna().all(axis=1)
    fixed_counts = shares[~free].mul(counts[~free], axis=0).sum()
    remaining = (national * counts.sum() - fixed_counts).clip(lower=0)
    shares.loc[free] = (remaining / remaining.sum()).to_numpy()
    return shares


def draw(pop: PopulationConfig, survey: Survey, rng: np.random.Generator) -> pd.DataFrame:
    """One population: a row per municipality (size class, strategy, plan start, ...)."""
    sizes = np.repeat(list(pop.size_classes), list(pop.size_classes.values()))
    n = len(sizes)
    shares = strategy_shares(pop, survey)
    uniform = rng.random(n)
    cumulative = shares.loc[sizes].cumsum(axis=1).to_numpy()
    strategy = np.array(STRATEGIES)[(uniform[:, None] > cumulative).sum(axis=1).clip(max=3)]
    themes = list(survey.theme_shares)
    theme = rng.choice(themes, n, p=np.array([survey.theme_shares[t] for t in themes]))
    earliest = day(pop.plan_start_earliest, "population.plan_start_earliest")
    span = (day(pop.plan_start_latest, "population.plan_start_latest") - earliest).days
    plan_start = pd.to_datetime(earliest) + pd.to_timedelta(rng.integers(0, span + 1, n), "D")
    cuts = survey.budget_cuts
    band = rng.choice(len(cuts), n, p=np.array([c.share for c in cuts]) / sum(
        c.share for c in cuts))
    low, high = (np.array([getattr(c, k) for c in cuts])[band] for k in ("low", "high"))
    cut = np.where(rng.random(n) < survey.budget_decreased, rng.uniform(low, high), 0.0)
    a = pop.board_commitment_mean * pop.board_commitment_concentration
    b = (1 - pop.board_commitment_mean) * pop.board_commitment_concentration
    return pd.DataFrame({
        "size_class": sizes,
        "strategy": strategy,
        "theme": theme,
        "own_capacity": rng.random(n) >= survey.cannot_implement,
        "plan_start": plan_start,
        "survey_week": (pd.Timestamp(survey.reference_date) - plan_start).days // 7,
        "budget_cut_2011": cut,
        "board_commitment": rng.beta(a, b, n),
        "seed": rng.integers(0, 2**32 - 1, n, dtype=np.uint64).astype(np.int64),
    })


def weeks_after(start: pd.Timestamp, when: str | date) -> int:
    """Whole weeks from a plan start to a date (negative before it)."""
    return (pd.Timestamp(when) - start).days // 7


def scenario(base: SimConfig, town: Any, pop: PopulationConfig, parameters: dict[str, float],
             horizon_weeks: int) -> SimConfig:
    """The scenario of one municipality (a row of :func:`draw`) under model parameters."""
    cfg = with_values(base, {
        **parameters,
        "leadership.board_commitment": float(town.board_commitment),
        "plan.capacity": parameters.get("plan.capacity", base.plan.capacity) * (
            1.0 if town.own_capacity else pop.own_capacity_factor),
    })
    events: dict[str, Any] = {}  # only those that strike within the horizon (weeks 1..horizon)
    for name, delay in pop.national_delays.items():
        since = max(weeks_after(town.plan_start, delay.since), 1)
        until = min(weeks_after(town.plan_start, delay.until), horizon_weeks)
        if until > since:
            events[name] = EventConfig(type="national_delay", week=since, weeks=until - since,
                                       block=delay.block)
    cut_week = weeks_after(town.plan_start, pop.budget_cut_date)
    if town.budget_cut_2011 > 0 and 1 <= cut_week <= horizon_weeks:
        events["budget_cut_2011"] = EventConfig(type="budget_cut", week=cut_week,
                                                size=float(town.budget_cut_2011))
    return dataclasses.replace(
        cfg, seed=int(town.seed), horizon_weeks=int(horizon_weeks),
        plan=dataclasses.replace(cfg.plan, theme=str(town.theme)),
        events={**cfg.events, **events})
