"""A synthetic population of municipalities like the 431 of 2010, and their scenarios.

Each municipality gets a size class (fixed counts, ``configs/calibrate.yaml``), a main
strategy, a leading theme, whether it can carry out the plan on its own (less often below
50,000 inhabitants), a plan start between 2007 and 2009 and a 2011 budget path, all drawn
from the survey's inputs section (:mod:`sim.calibration.survey`); nothing of the survey is
written here. Those who cannot do it alone have less capacity and knowledge of their own
and get e-advisers (EGEM-i, later KING's operation NUP) while those programmes run. The board's
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
class Period:
    """A span of dates, YYYY-MM-DD."""

    since: str
    until: str


@dataclass
class Advisers:
    """What e-advisers bring to a municipality that cannot carry out the plan alone."""

    capacity: float = unit(default=0.0)
    knowledge: float = unit(default=0.0)
    distrust: float = unit(default=0.0)


@dataclass
class PopulationConfig:
    """How the synthetic population is drawn (``population:`` in configs/calibrate.yaml)."""

    size_classes: dict[str, int] = field(default_factory=dict)  # municipalities per class
    # Per size class, strategy shares that differ from the national ones (figure 9's text);
    # the strategies not given share the rest, the other classes make up the national total.
    strategy_by_size: dict[str, dict[str, float]] = field(default_factory=dict)
    # Per size class, the share that cannot carry out the plan alone where it differs from
    # the national one (figure 3's text); the other classes keep the national share.
    cannot_alone_by_size: dict[str, float] = field(default_factory=dict)
    plan_start_earliest: str = "2007-01-01"
    plan_start_latest: str = "2009-12-31"
    board_commitment_mean: float = unit(default=0.5)  # boards' commitment, around this mean
    board_commitment_concentration: float = bounded(0.5, 1000.0, default=5.0)
    own_capacity_factor: float = unit(default=0.6)  # capacity and knowledge, when not alone
    advisers: Advisers = field(default_factory=Advisers)
    adviser_periods: list[Period] = field(default_factory=list)
    budget_cut_date: str = "2011-01-01"


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
    for name, share in pop.cannot_alone_by_size.items():
        key = f"population.cannot_alone_by_size.{name}"
        if name not in pop.size_classes:
            raise ConfigError(f"{key} is not allowed: {name} is not in population.size_classes")
        if not 0 <= share <= 1:
            raise ConfigError(f"{key}={share} is not allowed: must be a share in [0, 1]")
    cannot_alone(pop, survey)  # the other classes must be able to keep the national share
    for i, period in enumerate(pop.adviser_periods):
        key = f"population.adviser_periods[{i}]"
        if day(period.until, f"{key}.until") < day(period.since, f"{key}.since"):
            raise ConfigError(f"{key}.until={period.until} is not allowed: must not be before "
                              "since")


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


def cannot_alone(pop: PopulationConfig, survey: Survey) -> pd.Series:
    """Per size class, the share that cannot carry out the plan alone, keeping figure 3's
    national share: the classes the text names get theirs, the others share the rest."""
    counts = pd.Series(pop.size_classes, dtype=float)
    given = pd.Series(pop.cannot_alone_by_size, dtype=float).reindex(counts.index)
    free = given.isna()
    rest = survey.cannot_implement * counts.sum() - (given * counts)[~free].sum()
    share = rest / counts[free].sum() if free.any() else survey.cannot_implement
    if free.any() and not 0 <= share <= 1:
        raise ConfigError(f"population.cannot_alone_by_size={dict(pop.cannot_alone_by_size)} "
                          f"is not allowed: the other size classes would need a share of "
                          f"{share:.2f} to keep figure 3's national {survey.cannot_implement:.0%}")
    return given.fillna(share)


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
        "own_capacity": rng.random(n) >= cannot_alone(pop, survey).loc[sizes].to_numpy(),
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
    cfg = with_values(base, parameters)
    own = 1.0 if town.own_capacity else pop.own_capacity_factor
    cfg = with_values(cfg, {  # in range: a Beta draw, checked settings times own <= 1
        "leadership.board_commitment": float(town.board_commitment),
        "plan.capacity": cfg.plan.capacity * own,
        "organisation.knowledge": cfg.organisation.knowledge * own,
    }, check=False)
    events: dict[str, Any] = {}  # only those that strike within the horizon (weeks 1..horizon)
    support = dataclasses.replace(cfg.support, engaged=False)
    if not town.own_capacity:  # e-advisers while their programme runs
        support = dataclasses.replace(cfg.support, **dataclasses.asdict(pop.advisers))
        for i, period in enumerate(pop.adviser_periods):
            since = weeks_after(town.plan_start, period.since)
            until = weeks_after(town.plan_start, period.until)
            if since <= 0 < until:
                support.engaged = True
            if 1 <= since <= horizon_weeks:
                events[f"advisers_{i}_start"] = EventConfig(type="external_support_starts",
                                                            week=since)
            if 1 <= until <= horizon_weeks:
                events[f"advisers_{i}_end"] = EventConfig(type="external_support_ends",
                                                          week=until)
    cut_week = weeks_after(town.plan_start, pop.budget_cut_date)
    if town.budget_cut_2011 > 0 and 1 <= cut_week <= horizon_weeks:
        events["budget_cut_2011"] = EventConfig(type="budget_cut", week=cut_week,
                                                size=float(town.budget_cut_2011))
    return dataclasses.replace(
        cfg, seed=int(town.seed), horizon_weeks=int(horizon_weeks), support=support,
        plan=dataclasses.replace(cfg.plan, theme=str(town.theme),
                                 start_date=town.plan_start.date().isoformat()),
        events={**cfg.events, **events})
