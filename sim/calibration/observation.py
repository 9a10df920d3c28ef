"""What a municipal secretary would answer in the 2010 survey, read off a simulated municipality.

The questionnaire asked which causes of resistance the municipality meets (several
could be named), whether execution follows the original planning (figure 11) and
whether it is less ambitious than planned (figure 7). Beside the answers, the national
record counts the municipalities connected to the national BAG facility on the same
date: whether the municipality's project on that block is delivered. The respondent looks at the
staff who resist (still in denial or in resistance) and names the causes that are
*prominent* among them: a cause is named when its mean driver over those people is
at least ``naming_threshold`` times that of the strongest cause, so the strongest is
always named and the others when they come close to it. Below ``no_resistance_below``
resisting staff the respondent sees no resistance at all. How close a cause must come
before management names it is not something the survey tells: the threshold is
calibrated.

:func:`statistics` turns the answers of the responding municipalities into the
survey's percentages, and :class:`SurveyDistance` measures how far they are from
the real survey.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.calibration.national_record import NationalRecord
from sim.calibration.survey import MENTIONS, STRATEGIES, Survey
from sim.config.schema import unit
from sim.engine.batch import Batch
from sim.model.states import CAUSES, Stage

NO_RESISTANCE = "no_resistance"


@dataclass(frozen=True)
class Answer:
    """One municipality's answers to the three questions the model can answer."""

    causes: tuple[str, ...]  # named causes, or ("no_resistance",)
    on_schedule: bool
    less_ambitious: bool
    block_delivered: bool  # the project on the national record's block (BAG) is delivered


@dataclass
class ObservationConfig:
    """How a respondent reads resistance (``observation:`` in configs/calibrate.yaml)."""

    naming_threshold: float = unit(default=0.5)  # relative to the strongest cause
    no_resistance_below: float = unit(default=0.05)  # share of staff resisting


def answer(batch: Batch, t: int, observation: ObservationConfig, block: str) -> Answer:
    """Town t's answers at its current week; ``block`` is the national record's."""
    rows = batch.rows(t)
    stage, drivers = batch.staff.stage[rows], batch.staff.drivers[:, rows]
    resisting = stage <= Stage.RESISTANCE
    named: tuple[str, ...] = (NO_RESISTANCE,)
    if resisting.mean() >= observation.no_resistance_below and resisting.any():
        prominence = drivers[:, resisting].mean(axis=1)
        cut = observation.naming_threshold * prominence.max()
        named = tuple(c for c, p in zip(CAUSES, prominence, strict=True) if p >= cut)
    plan = batch.plan_view(t)
    on_block = np.array([b == block for b in plan.block], dtype=bool)
    return Answer(
        causes=named,
        on_schedule=plan.stopped_week is None and plan.on_schedule(
            int(batch.towns_state.week[t])),
        less_ambitious=plan.scaled_down_week is not None or plan.stopped_week is not None,
        block_delivered=bool((plan.delivered_week[on_block] >= 0).any()),
    )


REVIEW = "review_adopted"  # the share adopted ten years after the 2009 review


def statistic_names() -> list[str]:
    """The summary statistics, in a fixed order: figure 11, figure 7, the national record
    (BAG, the review), figure 14's cells."""
    return ["on_schedule", "less_ambitious", "bag_connected", REVIEW,
            *(f"causes.{s}.{m}" for s in STRATEGIES for m in MENTIONS)]


def statistics(strategies: list[str], answers: list[Answer], review_adopted: float
               ) -> dict[str, float]:
    """The survey's percentages (as fractions) over the responding municipalities, and
    the share of municipalities adopted by the review's horizon.

    Figure 14's columns are distributions of all mentions within a strategy; a strategy
    no respondent uses has no mentions and gets zeros (far from any real column).
    """
    stats = {"on_schedule": float(np.mean([a.on_schedule for a in answers])),
             "less_ambitious": float(np.mean([a.less_ambitious for a in answers])),
             "bag_connected": float(np.mean([a.block_delivered for a in answers])),
             REVIEW: float(review_adopted)}
    mentions = np.zeros((len(STRATEGIES), len(MENTIONS)))
    for strategy, a in zip(strategies, answers, strict=True):
        mentions[STRATEGIES.index(strategy), [MENTIONS.index(c) for c in a.causes]] += 1
    total = mentions.sum(axis=1, keepdims=True)
    shares = mentions / np.where(total > 0, total, np.inf)
    for i, s in enumerate(STRATEGIES):
        for j, m in enumerate(MENTIONS):
            stats[f"causes.{s}.{m}"] = float(shares[i, j])
    return stats


def observed(survey: Survey, record: NationalRecord) -> dict[str, float]:
    """The real survey's figures and the record's share under the same names as
    :func:`statistics`."""
    stats = {"on_schedule": survey.on_schedule, "less_ambitious": survey.less_ambitious,
             "bag_connected": record.share, REVIEW: record.review_share_at_most}
    for s in STRATEGIES:
        for m in MENTIONS:
            stats[f"causes.{s}.{m}"] = float(survey.causes.at[m, s])
    return stats


class SurveyDistance:
    """How far simulated percentages are from the survey's, in its own sampling errors.

    Each statistic's difference is divided by the binomial standard error the survey
    itself has for it, sqrt(p (1 - p) / n), with n the respondents behind the figure
    (all respondents for figures 11 and 7, those using the strategy for a column of
    figure 14) and p the survey's value, kept at least 1/n so a 0% cell still has an
    error. The record's BAG share counts all 431 municipalities, but the simulated one
    counts the simulated respondents: its error is that of a sample of respondents.
    The review's judgement is one-sided: only a share adopted above its bound counts,
    in the error of the ``review_municipalities`` simulated for it. The five figures
    weigh equally: the distance is the root mean of z(figure 11)^2, z(figure 7)^2,
    z(BAG)^2, z(review)^2 and the mean z^2 over figure 14's cells. 0 is a perfect fit;
    1 means typical misses of one standard error.
    """

    def __init__(self, survey: Survey, record: NationalRecord, review_municipalities: int):
        names = statistic_names()
        obs = observed(survey, record)
        n = np.array([survey.responses] * 3 + [review_municipalities] + [
            survey.responses * survey.strategy_shares[s] for s in STRATEGIES for _ in MENTIONS])
        p = np.maximum(np.array([obs[k] for k in names]), 1.0 / n)
        self.names = names
        self.scale = np.sqrt(p * (1 - p) / n)

    def of_rows(self, rows: np.ndarray, x0: np.ndarray) -> np.ndarray:
        """The distance of each row of statistics (columns in the order of
        :func:`statistic_names`) to ``x0`` (the same order)."""
        z = (np.atleast_2d(rows) - x0) / self.scale
        review = self.names.index(REVIEW)  # at most its bound: only a share above it misses
        z[:, review] = np.maximum(z[:, review], 0.0)
        z2 = z**2
        figures = review + 1  # one column each before figure 14's cells
        return np.sqrt((z2[:, :figures].sum(axis=1) + z2[:, figures:].mean(axis=1))
                       / (figures + 1))

    def __call__(self, x: dict[str, float], x0: dict[str, float]) -> float:
        row = np.array([x[k] for k in self.names])
        return float(self.of_rows(row, np.array([x0[k] for k in self.names]))[0])
