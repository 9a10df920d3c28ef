"""``python -m sim.report <sweep_dir>``: time-to-adoption estimates of a sweep, tables and figures.

Per parameter point (every combination of the parameters that vary in the sweep) it
estimates time-to-adoption with censoring handled by Kaplan-Meier (sim/survival.py),
prints a summary table and writes into ``<sweep_dir>/report/``:

- ``time_to_adoption.csv`` / ``.md``: median weeks with confidence interval, probability
  of adoption by each national deadline, restricted mean; "not reached" where the
  curve never gets there;
- ``survival.png``: share of municipalities not yet adopted over time, per strategy;
- ``median_heatmap.png``: median weeks to adoption over two swept parameters;
- for a sensitivity sweep, ``sensitivity.csv`` / ``.md`` / ``.png`` (sim/sensitivity.py).

Deadlines come from the survey's national context (1 Jan 2011 for most building
blocks, 1 Jan 2015 for all), counted from the plan start (``--plan-start``).
"""

from __future__ import annotations

import datetime as dt
import logging
import math
from pathlib import Path

import numpy as np
import pandas as pd

from sim.calibration.survey import load_survey
from sim.config.files import FileError, read_parquet
from sim.experiments.replicates import JOB_TABLE
from sim.experiments.survival import NOT_REACHED, curve, estimate
from sim.experiments.sweep import RESULTS, collect
from sim.plan.calendar import WEEKS_PER_YEAR
from sim.reporting.figures import plt
from sim.reporting.io import atomic_text, atomic_write

# Plans were finished between 2007 and the end of 2009 (survey): by default a plan
# starts on 1 January 2010 (assumption).
PLAN_START = dt.date(2010, 1, 1)
MAX_PANELS = 12

log = logging.getLogger(__name__)


def deadlines(plan_start: dt.date = PLAN_START) -> dict[str, int]:
    """The survey's national deadlines as weeks after the plan start, named by year."""
    return {name: (d - plan_start).days // 7 for name, d in load_survey().deadlines.items()
            if d > plan_start}


def load_results(sweep_dir: Path) -> pd.DataFrame:
    """The sweep's results table, collected afresh if a job finished after it was written
    (or if it is damaged)."""
    path = sweep_dir / f"{RESULTS}.parquet"
    jobs = [p.stat().st_mtime for p in sweep_dir.glob(f"**/{JOB_TABLE}")]
    if path.is_file() and (not jobs or max(jobs) <= path.stat().st_mtime):
        try:
            return read_parquet(path, "results table")
        except FileError as exc:
            log.warning("%s; collecting it afresh from the job tables", exc)
    return collect(sweep_dir)


def swept(results: pd.DataFrame) -> list[str]:
    """The parameters that define a parameter point: those that vary in the sweep."""
    sens = results.attrs.get("sensitivity") or {}
    sampled = set(sens.get("parameters") or {})
    return [p for p in results.attrs["parameters"]
            if p not in sampled and p != "sensitivity.chunk" and results[p].nunique() > 1]


def _groups(results: pd.DataFrame, keys: list[str]):
    if not keys:
        yield (), results
        return
    yield from results.groupby(keys, sort=True)


def estimates(results: pd.DataFrame, keys: list[str], weeks_by: dict[str, int],
              confidence: float) -> pd.DataFrame:
    """One row of Kaplan-Meier estimates per parameter point."""
    rows = []
    for point, group in _groups(results, keys):
        horizon = int(group["horizon_weeks"].max())
        row = dict(zip(keys, point, strict=True))
        row["horizon_weeks"] = horizon
        row.update(estimate(group["time_to_adoption_weeks"], horizon, weeks_by, confidence))
        rows.append(row)
    return pd.DataFrame(rows)


def _weeks(value: float) -> str:
    return NOT_REACHED if math.isnan(value) else f"{value:.0f}"


def readable(table: pd.DataFrame, keys: list[str], weeks_by: dict[str, int],
             confidence: float) -> pd.DataFrame:
    """The estimates as text a person reads: intervals in brackets, 'not reached' spelled out."""
    level = f"{confidence:.0%}"
    out = table[keys].copy()
    out["runs (adopted)"] = [f"{r} ({a})" for r, a in zip(table["runs"], table["adopted"],
                                                          strict=True)]
    out[f"median weeks [{level} CI]"] = [
        f"{_weeks(m)} [{_weeks(lo)}, {_weeks(hi)}]"
        for m, lo, hi in zip(table["median_weeks"], table["median_low"], table["median_high"],
                             strict=True)]
    for name in weeks_by:
        if f"p_by_{name}" in table:
            out[f"P(adopted by {name}) [{level} CI]"] = [
                f"{p:.2f} [{lo:.2f}, {hi:.2f}]" for p, lo, hi in zip(
                    table[f"p_by_{name}"], table[f"p_by_{name}_low"], table[f"p_by_{name}_high"],
                    strict=True)]
    out["restricted mean weeks (to horizon)"] = [
        f"{m:.0f} (≤ {h})" for m, h in zip(table["restricted_mean_weeks"], table["horizon_weeks"],
                                          strict=True)]
    return out


def _panels(results: pd.DataFrame, keys: list[str]) -> list[tuple[str, pd.DataFrame]]:
    """Small multiples over ``keys``; beyond MAX_PANELS, one panel pooling them (said so)."""
    groups = list(_groups(results, keys))
    if len(groups) > MAX_PANELS:
        return [(f"pooled over {', '.join(keys)}", results)]
    return [(", ".join(f"{k}={v}" for k, v in zip(keys, point, strict=True)), group)
            for point, group in groups]


def survival_figure(results: pd.DataFrame, keys: list[str], weeks_by: dict[str, int]):
    """Share not yet adopted over time, one line per strategy (or first parameter)."""
    line_key = "strategy" if "strategy" in keys else (keys[0] if keys else None)
    panels = _panels(results, [k for k in keys if k != line_key])
    cols = min(3, len(panels))
    rows = math.ceil(len(panels) / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(5 * cols, 3.6 * rows), squeeze=False,
                             sharex=True, sharey=True)
    for ax, (title, panel) in zip(axes.flat, panels, strict=False):
        for value, group in _groups(panel, [line_key] if line_key else []):
            horizon = int(group["horizon_weeks"].max())
            t, s = curve(group["time_to_adoption_weeks"], horizon)
            name = f"{line_key}={value[0]}" if line_key else "all runs"
            ax.step(t / WEEKS_PER_YEAR, s, where="post", label=f"{name} (n={len(group)})")
        for name, week in weeks_by.items():
            ax.axvline(week / WEEKS_PER_YEAR, color="grey", ls=":", lw=1)
            ax.text(week / WEEKS_PER_YEAR, 1.0, f" {name}", color="grey", va="top", fontsize=8)
        ax.axhline(0.5, color="grey", lw=0.5)
        ax.set_title(title or "all parameter points", fontsize=9)
        ax.set_ylim(0, 1.02)
        ax.legend(fontsize=7, loc="lower left")
    for ax in axes.flat[len(panels):]:
        ax.set_visible(False)
    for ax in axes[-1]:
        ax.set_xlabel("years since plan start")
    for ax in axes[:, 0]:
        ax.set_ylabel("share not yet adopted")
    fig.suptitle("Time to adoption (Kaplan-Meier; censored at the horizon)")
    fig.tight_layout()
    return fig


def heatmap_figure(table: pd.DataFrame, keys: list[str]):
    """Median weeks to adoption over the first two swept parameters; 'n.r.' = not reached."""
    y_key, x_key = keys[0], keys[1]
    rest = keys[2:]
    panels = _panels(table, rest) if rest else [("", table)]
    fig, axes = plt.subplots(1, len(panels), figsize=(4.5 * len(panels) + 1, 3.8),
                             squeeze=False)
    finite = table["median_weeks"].dropna()
    vmin, vmax = (finite.min(), finite.max()) if len(finite) else (0, 1)
    image = None
    for ax, (title, panel) in zip(axes.flat, panels, strict=True):
        grid = panel.pivot_table(index=y_key, columns=x_key, values="median_weeks",
                                 aggfunc="first", dropna=False)
        image = ax.imshow(grid.to_numpy(dtype=float), cmap="viridis_r", vmin=vmin, vmax=vmax,
                          aspect="auto")
        for (i, j), value in np.ndenumerate(grid.to_numpy(dtype=float)):
            ax.text(j, i, "n.r." if math.isnan(value) else f"{value:.0f}", ha="center",
                    va="center", fontsize=8, bbox={"facecolor": "white", "alpha": 0.7, "lw": 0})
        ax.set_xticks(range(grid.shape[1]), [str(c) for c in grid.columns])
        ax.set_yticks(range(grid.shape[0]), [str(i) for i in grid.index])
        ax.set_xlabel(x_key)
        ax.set_ylabel(y_key)
        ax.set_title(title, fontsize=9)
    fig.colorbar(image, ax=list(axes.flat), label="median weeks to adoption")
    fig.suptitle("Median time to adoption (n.r.: median not reached within the horizon)",
                 fontsize=10)
    return fig


def sensitivity_figure(indices: pd.DataFrame, method: str):
    """Bar chart of the main index per parameter with its confidence interval."""
    value, conf = ("mu_star", "mu_star_conf") if method == "morris" else ("ST", "ST_conf")
    ordered = indices.sort_values(value)
    fig, ax = plt.subplots(figsize=(6, 0.45 * len(ordered) + 1.5))
    ax.barh(ordered["parameter"], ordered[value], xerr=ordered[conf], color="#0072B2")
    ax.set_xlabel("Morris mu* (weeks of restricted mean time to adoption)" if method == "morris"
                  else "Sobol total-order index of restricted mean time to adoption")
    ax.set_title(f"Global sensitivity ({method})")
    fig.tight_layout()
    return fig


def _write_table(table: pd.DataFrame, path: Path) -> None:
    table.to_csv(path.with_suffix(".csv"), index=False)
    path.with_suffix(".md").write_text(table.to_markdown(index=False) + "\n")


def sensitivity(results: pd.DataFrame) -> pd.DataFrame | None:
    """The sweep's sensitivity indices, or None for a sweep that is not a sensitivity one."""
    from sim.experiments.sensitivity import indices

    sens = results.attrs.get("sensitivity") or {}
    if not sens.get("parameters"):
        return None
    return indices(results, sens, int(results["horizon_weeks"].max()))


def _save(fig, path: Path) -> None:
    atomic_write(path, lambda tmp: fig.savefig(tmp, dpi=120, format="png"))
    plt.close(fig)


def write(out: Path, results: pd.DataFrame, keys: list[str], weeks_by: dict[str, int],
          table: pd.DataFrame, text_table: pd.DataFrame, found: pd.DataFrame | None) -> None:
    """The report's tables and figures into ``out``."""
    out.mkdir(exist_ok=True)
    atomic_write(out / "time_to_adoption.csv", lambda tmp: table.to_csv(tmp, index=False))
    atomic_text(out / "time_to_adoption.md", text_table.to_markdown(index=False) + "\n")
    _save(survival_figure(results, keys, weeks_by), out / "survival.png")
    if len(keys) >= 2:
        _save(heatmap_figure(table, keys), out / "median_heatmap.png")
    if found is not None:
        _write_table(found, out / "sensitivity")
        _save(sensitivity_figure(found, results.attrs["sensitivity"]["method"]),
              out / "sensitivity.png")


def report(sweep_dir: Path, plan_start: dt.date = PLAN_START, confidence: float = 0.95) -> str:
    """Write the report into ``<sweep_dir>/report/`` and return the summary table as text."""
    results = load_results(sweep_dir)
    keys = swept(results)
    weeks_by = deadlines(plan_start)
    table = estimates(results, keys, weeks_by, confidence)
    text_table = readable(table, keys, weeks_by, confidence)
    found = sensitivity(results)
    out = sweep_dir / "report"
    write(out, results, keys, weeks_by, table, text_table, found)
    lines = [f"Time to adoption, {len(results)} runs at {len(table)} parameter points "
             f"(plan start {plan_start}; Kaplan-Meier, censored at the horizon):",
             text_table.to_string(index=False)]
    if found is not None:
        lines += [f"Global sensitivity ({results.attrs['sensitivity']['method']}) of the "
                  "restricted mean time to adoption:",
                  found.to_string(index=False, float_format="{:.3g}".format)]
    lines.append(f"Report: {out}")
    return "\n\n".join(lines)
