"""The 2010 survey, simulated: a population, its respondents, their answers at the survey date.

One call draws a population of municipalities like the 431 of 2010, picks the
responding ones at random (126 of 431: the real survey's sampling noise is part of
the comparison), runs each of them from its plan start to 22 May 2010 and collects
their answers as the survey's percentages, and the share of them connected to the
national BAG facility by then (the national record's figure). Non-respondents are drawn
but never run: municipalities do not interact, so leaving them out changes nothing but
the cost.

Parameters are named by where they act: ``population.*`` (how the population is drawn,
e.g. the boards' mean commitment), ``observation.*`` (how respondents answer, e.g. the
naming threshold), and any numeric scenario key such as ``dynamics.forward_rate`` or
``plan.capacity`` (every municipality's model). The same parameters and seed always give
the same numbers.

Beside the survey, ``review_municipalities`` of the drawn population (respondents or
not) are run from their plan start to ten years after the 2009 NUP review, each until it
adopts: the share adopted by then is the review's figure (at most half, it judged).
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import os
import time
from functools import cache, lru_cache

import numpy as np
import pandas as pd

from sim.calibration.national_record import NationalRecord
from sim.calibration.observation import ObservationConfig, SurveyDistance, answer, statistics
from sim.calibration.population import PopulationConfig, draw, scenario, weeks_after
from sim.calibration.survey import Survey
from sim.config.compose import load_config
from sim.config.errors import ConfigError
from sim.config.overrides import with_values
from sim.config.schema import SimConfig
from sim.engine.batch import build

PROGRESS_EVERY = 10

log = logging.getLogger(__name__)


@cache
def base_scenario(size_class: str, strategy: str, overrides: tuple[str, ...]) -> SimConfig:
    """The composed default scenario of one size class and strategy (composed once), on
    the model's assumptions: a calibration never draws from an earlier posterior."""
    return load_config([f"organisation={size_class}", f"strategy={strategy}", "posterior=none",
                        *overrides])


@lru_cache(maxsize=64)
def parameterised(size_class: str, strategy: str, overrides: tuple[str, ...],
                  parameters: tuple[tuple[str, float], ...]) -> SimConfig:
    """The base scenario under the model parameters: set and checked once per simulated
    survey, not once per municipality."""
    return with_values(base_scenario(size_class, strategy, overrides), dict(parameters))


def particle_seed(seed: int, parameters: dict[str, float]) -> int:
    """A seed from the base seed and the parameter values: equal inputs, equal numbers."""
    text = repr((seed, sorted((k, float(v)) for k, v in parameters.items())))
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "little")


class SimulatedSurvey:
    """Draw, run and observe the survey's municipalities under given parameters."""

    def __init__(self, survey: Survey, record: NationalRecord, population: PopulationConfig,
                 observation: ObservationConfig, seed: int = 0,
                 overrides: tuple[str, ...] = (), respondents: int | None = None,
                 review_municipalities: int = 40):
        if record.date != survey.reference_date:
            raise ConfigError(f"the national record's date ({record.date}, {record.path}) must "
                              f"be the survey's reference date ({survey.reference_date}): "
                              "both are read off the same simulated municipalities")
        self.survey = survey
        self.record = record
        self.population = population
        self.observation = observation
        self.seed = seed
        self.overrides = tuple(overrides)
        self.respondents = survey.responses if respondents is None else respondents
        self.review_municipalities = review_municipalities
        self.done, self.started = 0, time.perf_counter()
        self.log_progress = True  # a reference table logs its own progress
        if not 0 < self.respondents <= survey.invited:
            raise ConfigError(f"respondents={self.respondents} is not allowed: must be from 1 "
                              f"to the survey's municipalities_invited ({survey.invited})")
        if not 0 < review_municipalities <= survey.invited:
            raise ConfigError(f"review_municipalities={review_municipalities} is not allowed: "
                              f"must be from 1 to the survey's municipalities_invited "
                              f"({survey.invited})")

    @property
    def distance(self) -> SurveyDistance:
        """The distance of simulated figures to observed ones (in their sampling errors)."""
        return SurveyDistance(self.survey, self.record, self.review_municipalities)

    def split(self, parameters: dict[str, float]
              ) -> tuple[PopulationConfig, ObservationConfig, dict[str, float]]:
        """The population and observation settings under the parameters, and the
        parameters left for every municipality's scenario."""
        own = {"population": self.population, "observation": self.observation}
        scenario_parameters = {}
        for name, value in parameters.items():
            head, _, key = name.partition(".")
            if head in own:
                own[head] = dataclasses.replace(own[head], **{key: float(value)})
            else:
                scenario_parameters[name] = float(value)
        return own["population"], own["observation"], scenario_parameters

    def municipalities(self, parameters: dict[str, float], rng: np.random.Generator
                       ) -> pd.DataFrame:
        """A population drawn under the parameters."""
        return draw(self.split(parameters)[0], self.survey, rng)

    def scenario(self, town, parameters: dict[str, float], horizon_weeks: int) -> SimConfig:
        """One municipality's scenario under the parameters."""
        population, _, model = self.split(parameters)
        base = parameterised(town.size_class, town.strategy, self.overrides,
                             tuple(sorted(model.items())))
        return scenario(base, town, population, {}, horizon_weeks)

    def __call__(self, parameters: dict[str, float], seed: int | None = None
                 ) -> dict[str, float]:
        """The survey's percentages from one simulated survey (pyabc's model function);
        ``seed`` replaces the base seed, for several surveys under the same parameters."""
        _, observation, _ = self.split(parameters)
        rng = np.random.default_rng(particle_seed(
            self.seed if seed is None else seed, parameters))
        towns = self.municipalities(parameters, rng)
        picked = towns.iloc[np.sort(rng.choice(len(towns), self.respondents, replace=False))]
        batch = build([self.scenario(t, parameters, t.survey_week)
                       for t in picked.itertuples()], record=False)
        batch.advance()
        answers = [answer(batch, i, observation, self.record.block)
                   for i in range(len(picked))]
        review = self.review_share(parameters, towns, rng)
        self._progress()
        return statistics(list(picked["strategy"]), answers, review)

    def review_share(self, parameters: dict[str, float], towns: pd.DataFrame,
                     rng: np.random.Generator) -> float:
        """The share of ``review_municipalities`` of the population adopted by the review's
        horizon, each run from its plan start and stopped once adopted."""
        chosen = towns.iloc[np.sort(rng.choice(len(towns), self.review_municipalities,
                                               replace=False))]
        horizon = self.record.review_horizon
        batch = build([dataclasses.replace(
            self.scenario(t, parameters, weeks_after(t.plan_start, horizon)),
            stop_at_adoption=True) for t in chosen.itertuples()], record=False)
        batch.advance()
        return float((batch.towns_state.adopted_week >= 0).mean())

    def _progress(self) -> None:
        """A line every ``PROGRESS_EVERY`` surveys per process: ABC logs only per generation."""
        self.done += 1
        if self.log_progress and self.done % PROGRESS_EVERY == 0:
            seconds = (time.perf_counter() - self.started) / self.done
            log.info("process %d: %d simulated surveys, %.1f s each", os.getpid(), self.done,
                     seconds)

    def adoption(self, parameters: dict[str, float], n: int, horizon_weeks: int,
                 seed: int) -> pd.DataFrame:
        """Time to adoption of ``n`` municipalities drawn from the population, each run
        from its plan start for ``horizon_weeks`` (right-censored there), one row each."""
        rng = np.random.default_rng(particle_seed(seed, parameters))
        towns = self.municipalities(parameters, rng)
        towns = towns.iloc[np.sort(rng.choice(len(towns), min(n, len(towns)), replace=False))]
        batch = build([dataclasses.replace(self.scenario(t, parameters, horizon_weeks),
                                           stop_at_adoption=True)
                       for t in towns.itertuples()], record=False)
        batch.advance()
        adopted = batch.towns_state.adopted_week
        return pd.DataFrame({
            "size_class": towns["size_class"].to_numpy(), "strategy": towns["strategy"].to_numpy(),
            "plan_start": towns["plan_start"].to_numpy(), "adopted": adopted >= 0,
            "time_to_adoption_weeks": pd.array(np.where(adopted >= 0, adopted, None),
                                               dtype="Int64"),
            "horizon_weeks": horizon_weeks})
