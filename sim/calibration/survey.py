"""The 2010 survey, read and checked: what the population is built from and what it must fit.

``data/nup_survey_2010.yaml`` holds the published percentages with their provenance.
They are read here once and checked, so that a typo in the file (a share of 140, a
column summing to 87) stops the calibration with the key and value instead of
silently fitting the model to a wrong target. Shares are returned as fractions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from sim.config.errors import ConfigError
from sim.config.files import load_yaml
from sim.config.paths import SURVEY_FILE
from sim.config.vocabulary import STRATEGIES
from sim.model.states import CAUSES

# The source rounds every figure to whole percents: a group may sum to 97..103.
SUM_TOLERANCE = 3.0
# Figure 14's mentions the model can produce: its ten causes and "no resistance".
# "other" has no counterpart in the model; it is left out and each column rescaled.
MENTIONS = (*CAUSES, "no_resistance")


class SurveyError(ConfigError):
    """A survey file that cannot be used; the message names the key, the value and the rule."""


@dataclass(frozen=True)
class BudgetCut:
    """One band of figure 5's 2011 budget decreases: sizes in [low, high], or the plan stopped."""

    low: float
    high: float
    share: float  # of the municipalities whose budget decreased
    stops_plan: bool


@dataclass(frozen=True)
class Survey:
    """Inputs for the synthetic population and the calibration targets, as fractions."""

    path: Path
    reference_date: date
    invited: int
    responses: int
    strategy_shares: dict[str, float]  # figure 9
    theme_shares: dict[str, float]  # figure 6
    cannot_implement: float  # figure 3
    budget_decreased: float  # figure 5
    budget_cuts: tuple[BudgetCut, ...]  # figure 5, among those decreased
    on_schedule: float  # figure 11
    less_ambitious: float  # figure 7
    causes: pd.DataFrame  # figure 14: mentions (rows) x strategies (columns), each column sums to 1
    deadlines: dict[str, date]  # national deadlines by year: most building blocks, then all


def _fail(path: Path, key: str, value: Any, rule: str) -> None:
    raise SurveyError(f"{key}={value!r} is not allowed: {rule} (in survey file {path})")


def _get(data: dict, key: str, path: Path) -> Any:
    node = data
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            raise SurveyError(f"{key} is missing (in survey file {path})")
        node = node[part]
    return node


def _percent(value: Any, key: str, path: Path) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        _fail(path, key, value, "must be a percentage, a number in [0, 100]")
    if not 0 <= value <= 100:
        _fail(path, key, value, "must be a percentage, a number in [0, 100]")
    return float(value)


def _group(data: dict, key: str, path: Path, names: tuple[str, ...] | None = None
           ) -> dict[str, float]:
    """A group of percentages that must sum to about 100, as fractions."""
    node = _get(data, key, path)
    if not isinstance(node, dict):
        _fail(path, key, node, "must be a mapping of names to percentages")
    node = {k: v for k, v in node.items() if k != "notes"}
    if names is not None and set(node) != set(names):
        _fail(path, key, sorted(node), f"must name exactly {', '.join(names)}")
    values = {name: _percent(v, f"{key}.{name}", path) for name, v in node.items()}
    _check_sum(path, key, sum(values.values()))
    return {name: v / 100 for name, v in values.items()}


def _check_sum(path: Path, key: str, total: float) -> None:
    if abs(total - 100) > SUM_TOLERANCE:
        raise SurveyError(f"{key} sums to {total:g}, not about 100 (allowed: 100 ± "
                          f"{SUM_TOLERANCE:g}, for rounding) (in survey file {path})")


def _budget_cuts(data: dict, path: Path) -> tuple[BudgetCut, ...]:
    key = "budget_2011.size_of_decrease_among_decreased"
    bands = _get(data, key, path)
    cuts = []
    for i, band in enumerate(bands if isinstance(bands, list) else [None]):
        if not isinstance(band, dict) or {"range", "share"} - set(band):
            _fail(path, f"{key}[{i}]", band, "must have a range and a share")
        share = _percent(band["share"], f"{key}[{i}].share", path) / 100
        text = str(band["range"]).strip()
        if text == "plan stopped":
            cuts.append(BudgetCut(1.0, 1.0, share, stops_plan=True))
            continue
        try:
            low, high = (float(x) / 100 for x in text.rstrip("%").split("-"))
        except ValueError:
            _fail(path, f"{key}[{i}].range", text, 'must be "a-b%" or "plan stopped"')
        if not 0 <= low <= high <= 1:
            _fail(path, f"{key}[{i}].range", text, "must be percentages from low to high")
        cuts.append(BudgetCut(low, high, share, stops_plan=False))
    _check_sum(path, key, 100 * sum(c.share for c in cuts))
    return tuple(cuts)


def _causes(data: dict, path: Path) -> pd.DataFrame:
    key = "resistance_causes_by_strategy"
    columns = _get(data, f"{key}.columns", path)
    rows = _get(data, f"{key}.rows", path)
    if not isinstance(columns, list) or sorted(columns) != sorted(STRATEGIES):
        _fail(path, f"{key}.columns", columns, f"must list {', '.join(STRATEGIES)}")
    missing = set(MENTIONS) - set(rows)
    if missing:
        _fail(path, f"{key}.rows", sorted(rows), f"must include {', '.join(sorted(missing))}")
    for name, values in rows.items():
        if not isinstance(values, list) or len(values) != len(columns):
            _fail(path, f"{key}.rows.{name}", values, f"must list {len(columns)} percentages")
        for col, v in zip(columns, values, strict=True):
            _percent(v, f"{key}.rows.{name}[{col}]", path)
    table = pd.DataFrame(rows, index=columns).T.astype(float)
    for col in columns:
        _check_sum(path, f"{key} column {col}", table[col].sum())
    table = table.loc[list(MENTIONS), list(STRATEGIES)]
    return table / table.sum()


def _deadlines(data: dict, path: Path) -> dict[str, date]:
    days = {}
    for key in ("nup_building_block_deadline", "later_deadline"):
        when = _get(data, f"national_context.{key}", path)
        if not isinstance(when, date):
            _fail(path, f"national_context.{key}", when, "must be a date, YYYY-MM-DD")
        days[str(when.year)] = when
    return days


def load_survey(path: Path | str = SURVEY_FILE) -> Survey:
    """Read and check the survey file; raises :class:`SurveyError` (a value) or
    :class:`~sim.config.files.FileError` (the file) naming what is wrong."""
    path = Path(path)
    data = load_yaml(path, "survey file")
    if not isinstance(data, dict):
        raise SurveyError(f"survey file {path} must be a mapping of keys to figures")
    invited = _get(data, "source.municipalities_invited", path)
    responses = _get(data, "source.responses", path)
    if not (isinstance(responses, int) and isinstance(invited, int) and 0 < responses <= invited):
        _fail(path, "source.responses", responses,
              f"must be a whole number from 1 to municipalities_invited ({invited})")
    reference = _get(data, "source.reference_date", path)
    if not isinstance(reference, date):
        _fail(path, "source.reference_date", reference, "must be a date, YYYY-MM-DD")
    decreased = _percent(_get(data, "budget_2011.decreased", path), "budget_2011.decreased", path)
    _check_sum(path, "budget_2011 decreased + unchanged + increased", decreased + sum(
        _percent(_get(data, f"budget_2011.{k}", path), f"budget_2011.{k}", path)
        for k in ("unchanged", "increased")))
    return Survey(
        path=path,
        reference_date=reference,
        invited=invited,
        responses=responses,
        strategy_shares=_group(data, "change_strategy_share", path, STRATEGIES),
        theme_shares=_group(data, "leading_theme_share", path),
        cannot_implement=_percent(_get(data, "cannot_implement_nup_independently", path),
                                  "cannot_implement_nup_independently", path) / 100,
        budget_decreased=decreased / 100,
        budget_cuts=_budget_cuts(data, path),
        on_schedule=_group(data, "execution_on_schedule", path,
                           ("on_schedule", "behind_schedule"))["on_schedule"],
        less_ambitious=_group(data, "execution_vs_ambition", path,
                              ("as_planned", "less_ambitious", "more_ambitious"))[
            "less_ambitious"],
        causes=_causes(data, path),
        deadlines=_deadlines(data, path),
    )
