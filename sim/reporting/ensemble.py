"""A scenario run as an ensemble: the seeded runs of one scenario (different futures of the
same municipality), their answer as a distribution, and the run that illustrates it.

Time to adoption is estimated with censoring handled (Kaplan-Meier,
:mod:`sim.experiments.survival`): a future that has not adopted by the horizon counts as
"not within the simulated period", never as adopting then.

The illustrative run is the *median run*: order the runs by time to adoption, those that
never adopt last, ties by seed; take the one at position ceil(n/2) (counting from 1).
Runs are censored only at their common horizon, so the Kaplan-Meier curve falls to 1/2 at
the ceil(n/2)-th adoption: the median run's time to adoption is the ensemble's median when
that is reached, and the median run is a run that never adopts when it is not.
"""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pandas as pd

from sim.calibration.survey import load_survey
from sim.config import calibrated
from sim.config.schema import SimConfig
from sim.experiments.survival import estimate, proportion_interval
from sim.experiments.weekly import envelope
from sim.model.history import ROLES, stage_column
from sim.model.states import CAUSES, STAGES
from sim.plan.calendar import date_of, weeks_after


def band_columns() -> list[str]:
    """The columns of the weekly table that the fan charts show."""
    return ["plan_planned", "plan_delivered",
            *(stage_column(r, s) for r in ROLES for s in STAGES),
            *(f"main_{c}" for c in CAUSES)]


def national_deadlines(start: date) -> dict[str, tuple[date, int]]:
    """The survey's national deadlines (1 January 2011 and 2015), named by year, with their
    week counted from the plan's start (negative when the plan starts after one)."""
    return {name: (when, weeks_after(start, when)) for name, when in
            load_survey().deadlines.items()}


def plan_start(cfg: SimConfig) -> date:
    return date.fromisoformat(cfg.plan.start_date)


def observed_weeks(table: pd.DataFrame) -> np.ndarray:
    """Weeks to adoption per run, infinite for a run that never adopts."""
    weeks = pd.to_numeric(table["time_to_adoption_weeks"], errors="coerce").astype(float)
    return weeks.fillna(math.inf).to_numpy()


def median_run(table: pd.DataFrame) -> int:
    """The position (0-based, in ``table``) of the median run (module docstring)."""
    order = np.lexsort((table["seed"].to_numpy(), observed_weeks(table)))
    return int(order[(len(table) - 1) // 2])


def spread(values: pd.Series) -> dict[str, float]:
    """Median and the 5% and 95% quantiles: the middle 90% of futures."""
    q = pd.to_numeric(values, errors="coerce").dropna().quantile([0.05, 0.5, 0.95])
    return {"median": float(q[0.5]), "q05": float(q[0.05]), "q95": float(q[0.95])}


def _week_or_none(week) -> int | None:
    return None if pd.isna(week) else int(round(float(week)))


def _date_or_none(start: date, week: int | None) -> str | None:
    return None if week is None else date_of(start, week).isoformat()


def summarise(table: pd.DataFrame, weekly: pd.DataFrame, cfg: SimConfig,
              scenario: str | None) -> dict:
    """What ``summary.json`` says about an ensemble: how many futures adopt within the
    horizon, when (median with its interval), by the national deadlines, how often only a
    reduced plan, the plan year by year and per project, the main causes with their spread,
    and which run illustrates it."""
    start, horizon = plan_start(cfg), cfg.horizon_weeks
    runs = len(table)
    deadlines = national_deadlines(start)
    inside = {name: week for name, (_, week) in deadlines.items() if 0 < week <= horizon}
    km = estimate(table["time_to_adoption_weeks"], horizon, inside)
    adopted = table["adopted"].astype(bool)
    reduced = adopted & (table["adopted_plan"] == "scaled_down")
    low, high = proportion_interval(int(adopted.sum()), runs)
    median = {key: _week_or_none(km[f"median{suffix}"])
              for key, suffix in (("weeks", "_weeks"), ("low", "_low"), ("high", "_high"))}
    first = table.iloc[0]
    illustrative = table.iloc[median_run(table)]
    return {
        "kind": "ensemble",
        "scenario": scenario,
        "runs": runs,
        "seeds": [int(table["seed"].min()), int(table["seed"].max())],
        "strategy": first["strategy"],
        "strategy_label": first["strategy_label"],
        "size_class": first["size_class"],
        "staff": int(first["staff"]),
        "board_commitment": cfg.leadership.board_commitment,
        "middle_management_commitment": cfg.leadership.middle_management_commitment,
        "plan_theme": cfg.plan.theme,
        "posterior": cfg.posterior,  # a calibration's posterior: each future drew a particle
        "posterior_not_applied": calibrated.not_applied(cfg),
        "plan_start_date": start.isoformat(),
        "horizon_weeks": horizon,
        "horizon_end_date": date_of(start, horizon).isoformat(),
        "adopted": int(adopted.sum()),
        "adopted_original": int((adopted & ~reduced).sum()),
        "adopted_scaled_down": int(reduced.sum()),
        "share_adopted": float(adopted.mean()),
        "share_adopted_low": low,
        "share_adopted_high": high,
        "median_weeks": median["weeks"],
        "median_low_weeks": median["low"],
        "median_high_weeks": median["high"],
        "median_date": _date_or_none(start, median["weeks"]),
        "median_low_date": _date_or_none(start, median["low"]),
        "median_high_date": _date_or_none(start, median["high"]),
        "deadlines": {
            name: {"date": when.isoformat(), "week": week,
                   "share_adopted": km.get(f"p_by_{name}"), "low": km.get(f"p_by_{name}_low"),
                   "high": km.get(f"p_by_{name}_high")}
            for name, (when, week) in deadlines.items()},
        "plan_delivered_share": spread(table["plan_delivered_share"]),
        "scaled_down_delivered_share": (spread(table.loc[reduced, "plan_delivered_share"])
                                        if reduced.any() else None),
        "on_schedule_at_end": float(table["on_schedule"].astype(bool).mean()),
        "by_year": by_year(weekly, start, horizon),
        "projects": projects(table, cfg),
        "main_resistance_causes": {c: spread(table[f"main_{c}"]) for c in CAUSES},
        "illustrative_run": {
            "rule": "median run: runs ordered by time to adoption (never adopted last, ties "
                    "by seed), the one at position ceil(n/2)",
            "seed": int(illustrative["seed"]),
            "replicate": int(illustrative["replicate"]),
            "time_to_adoption_weeks": _week_or_none(illustrative["time_to_adoption_weeks"]),
            "adopted_plan": illustrative["adopted_plan"],
        },
    }


def bands(weekly: pd.DataFrame) -> pd.DataFrame:
    """Per column of :func:`band_columns` and week, the 5, 25, 50, 75 and 95% quantiles
    over the runs: the data of the fan charts (``bands.csv``)."""
    return pd.concat([envelope(weekly, c).assign(column=c) for c in band_columns()],
                     ignore_index=True)


def band(table: pd.DataFrame, column: str) -> pd.DataFrame:
    return table[table["column"] == column]


def year_starts(start: date, horizon: int) -> list[tuple[date, int]]:
    """1 January of each year after the plan's start, within the horizon, with its week."""
    days = [date(year, 1, 1) for year in range(start.year + 1, date_of(start, horizon).year + 1)]
    return [(d, weeks_after(start, d)) for d in days if weeks_after(start, d) <= horizon]


def by_year(weekly: pd.DataFrame, start: date, horizon: int) -> list[dict]:
    """On 1 January of each year: planned and delivered shares of the original plan (median,
    and the middle half of futures), the share of futures on schedule and with projects
    dropped (of the futures still running that week)."""
    rows = []
    for day, week in year_starts(start, horizon):
        now = weekly[weekly["week"] == week]
        if not len(now):  # every run stopped at adoption before
            continue
        delivered = now["plan_delivered"].quantile([0.25, 0.5, 0.75])
        rows.append({"date": day.isoformat(), "week": week, "runs": len(now),
                     "planned": float(now["plan_planned"].median()),
                     "delivered_q25": float(delivered[0.25]),
                     "delivered": float(delivered[0.5]),
                     "delivered_q75": float(delivered[0.75]),
                     "on_schedule": float(now["on_schedule"].astype(bool).mean()),
                     "dropped": float((now["projects_dropped"] > 0).mean())})
    return rows


def projects(table: pd.DataFrame, cfg: SimConfig) -> dict[str, dict]:
    """Per project: the share of futures that delivered it and that dropped it, and the
    median week of delivery among those that delivered it."""
    out = {}
    for name in cfg.plan.projects:
        delivered = pd.to_numeric(table[f"{name}_delivered_week"], errors="coerce")
        dropped = pd.to_numeric(table[f"{name}_dropped_week"], errors="coerce")
        out[name] = {"delivered": float(delivered.notna().mean()),
                     "median_delivered_week": _week_or_none(delivered.median()),
                     "dropped": float(dropped.notna().mean())}
    return out

