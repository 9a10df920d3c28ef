"""``python -m sim.report <sweep_dir>``: time-to-adoption estimates of a sweep, tables and figures.

Per parameter point (every combination of the parameters that vary in the sweep) it
estimates time-to-adoption with censoring handled by Kaplan-Meier (sim/survival.py),
prints a summary table and writes into ``<sweep_dir>/report/``:

- ``time_to_adoption.csv`` / ``.md``: median weeks with confidence interval, probability
  of adoption by each national deadline (Wilson interval), restricted mean with its
  interval; "not reached" where the curve never gets there;
- ``logrank``, ``hazard_ratios``, ``paired_contrasts`` (``.csv`` / ``.md``): comparisons
  between the swept parameters' levels (:mod:`sim.experiments.contrasts`);
- ``survival.png``: share of municipalities not yet adopted over time with its pointwise
  95% band, per strategy; ``median_heatmap.png``: median weeks to adoption over two swept
  parameters, "not reached" cells hatched;
- with ``results_weekly.parquet`` (``output.weekly=true``), ``envelopes.png``: median,
  50% and 90% bands over replicates of committed staff, resisting staff and plan delivery;
- for a sensitivity sweep, ``sensitivity.csv`` / ``.md`` / ``.png`` (sim/sensitivity.py),
  and for Sobol its convergence (``sensitivity_convergence.csv`` / ``.png``).

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
from matplotlib.patches import Patch

from sim.config.errors import ConfigError
from sim.config.files import FileError, read_parquet
from sim.experiments import contrasts, weekly
from sim.experiments.replicates import JOB_TABLE
from sim.experiments.survival import NOT_REACHED, PROPORTION_METHOD, curve, curve_band, estimate
from sim.experiments.sweep import RESULTS, collect
from sim.plan.calendar import WEEKS_PER_YEAR
from sim.reporting.ensemble import national_deadlines
from sim.reporting.figures import ROLE_COLOURS, STAGE_COLOURS, plt
from sim.reporting.io import atomic_text, atomic_write
from sim.reporting.labels import parameter_label, point_label, value_label

MAX_PANELS = 12

log = logging.getLogger(__name__)


def deadlines(plan_start: dt.date) -> dict[str, int]:
    """The national deadlines after the plan start, as weeks after it, named by year."""
    return {name: week for name, (day, week) in national_deadlines(plan_start).items()
            if day > plan_start}


def plan_start_of(results: pd.DataFrame) -> dt.date:
    """The date the runs' plans start (week 0), from their rows (``plan.start_date``)."""
    starts = sorted(set(results.get("plan_start_date", pd.Series(dtype=object)).dropna()))
    if len(starts) != 1:
        found = f"on {len(starts)} dates ({', '.join(starts)})" if starts else "on no date"
        raise ConfigError(f"the runs start their plans {found}: the shares adopted by the "
                          "national deadlines need one; give it with --plan-start YYYY-MM-DD")
    return dt.date.fromisoformat(starts[0])


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
    out = pd.DataFrame({parameter_label(k): [value_label(k, v) for v in table[k]]
                        for k in keys})
    out["runs (adopted)"] = [f"{r} ({a})" for r, a in zip(table["runs"], table["adopted"],
                                                          strict=True)]
    out[f"median weeks [{level} CI]"] = [
        f"{_weeks(m)} [{_weeks(lo)}, {_weeks(hi)}]"
        for m, lo, hi in zip(table["median_weeks"], table["median_low"], table["median_high"],
                             strict=True)]
    for name in weeks_by:
        if f"p_by_{name}" in table:
            out[f"P(adopted by {name}) [{level} {PROPORTION_METHOD} CI]"] = [
                f"{p:.2f} [{lo:.2f}, {hi:.2f}]" for p, lo, hi in zip(
                    table[f"p_by_{name}"], table[f"p_by_{name}_low"], table[f"p_by_{name}_high"],
                    strict=True)]
    out[f"restricted mean weeks (to horizon) [{level} CI]"] = [
        f"{m:.0f} [{lo:.0f}, {hi:.0f}] (≤ {h})" for m, lo, hi, h in zip(
            table["restricted_mean_weeks"], table["restricted_mean_low"],
            table["restricted_mean_high"], table["horizon_weeks"], strict=True)]
    return out


def _panels(results: pd.DataFrame, keys: list[str]) -> list[tuple[str, pd.DataFrame]]:
    """Small multiples over ``keys``; beyond MAX_PANELS, one panel pooling them (said so)."""
    groups = list(_groups(results, keys))
    if len(groups) > MAX_PANELS:
        return [(f"pooled over {', '.join(keys)}", results)]
    return [(point_label(keys, point), group) for point, group in groups]


def _label_grid(axes, used: int, ylabel: str) -> None:
    """Hide unused panels; every panel with none below it gets the time axis."""
    rows, cols = axes.shape
    for i, ax in enumerate(axes.flat):
        if i >= used:
            ax.set_visible(False)
        elif i + cols >= used:
            ax.set_xlabel("years since plan start")
            ax.tick_params(labelbottom=True)
    for ax in axes[:, 0]:
        ax.set_ylabel(ylabel)


def survival_figure(results: pd.DataFrame, keys: list[str], weeks_by: dict[str, int],
                    confidence: float = 0.95):
    """Share not yet adopted over time with its pointwise band, one line per strategy (or
    first parameter)."""
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
            _, low, high = curve_band(group["time_to_adoption_weeks"], horizon, confidence)
            name = value_label(line_key, value[0]) if line_key else "all runs"
            (line,) = ax.step(t / WEEKS_PER_YEAR, s, where="post",
                              label=f"{name} (n={len(group)})")
            ax.fill_between(t / WEEKS_PER_YEAR, low, high, step="post", alpha=0.18, lw=0,
                            color=line.get_color())
        for name, week in weeks_by.items():
            ax.axvline(week / WEEKS_PER_YEAR, color="grey", ls=":", lw=1)
            ax.text(week / WEEKS_PER_YEAR, 1.0, f" {name}", color="grey", va="top", fontsize=8)
        ax.axhline(0.5, color="grey", lw=0.5)
        ax.set_title(title or "all parameter points", fontsize=9)
        ax.set_ylim(0, 1.02)
        ax.legend(fontsize=7, loc="lower left",
                  title=parameter_label(line_key) if line_key else None, title_fontsize=7)
    _label_grid(axes, len(panels), "share not yet adopted")
    fig.suptitle(f"Time to adoption (Kaplan-Meier, shaded: pointwise {confidence:.0%} "
                 "log-log band; censored at the horizon)", fontsize=10)
    fig.tight_layout()
    return fig


def heatmap_figure(table: pd.DataFrame, keys: list[str]):
    """Median weeks to adoption over the first two swept parameters; a median not reached
    within the horizon is a hatched grey cell saying so (not an empty one)."""
    y_key, x_key = keys[0], keys[1]
    rest = keys[2:]
    panels = _panels(table, rest) if rest else [("", table)]
    fig, axes = plt.subplots(1, len(panels), figsize=(4.5 * len(panels) + 1, 3.8),
                             squeeze=False)
    not_reached = table["median_weeks"].isna().any()
    if not_reached:  # room for the legend below the axes
        fig.subplots_adjust(bottom=0.25)
    finite = table["median_weeks"].dropna()
    vmin, vmax = (finite.min(), finite.max()) if len(finite) else (0, 1)
    image = None
    for ax, (title, panel) in zip(axes.flat, panels, strict=True):
        grid = panel.pivot_table(index=y_key, columns=x_key, values="median_weeks",
                                 aggfunc="first", dropna=False)
        image = ax.imshow(grid.to_numpy(dtype=float), cmap="viridis_r", vmin=vmin, vmax=vmax,
                          aspect="auto")
        for (i, j), value in np.ndenumerate(grid.to_numpy(dtype=float)):
            if math.isnan(value):
                ax.add_patch(plt.Rectangle((j - 0.5, i - 0.5), 1, 1, **NOT_REACHED_CELL))
                ax.text(j, i, "not\nreached", ha="center", va="center", fontsize=8,
                        bbox={"facecolor": "white", "alpha": 0.85, "lw": 0})
            else:
                ax.text(j, i, f"{value:.0f}", ha="center", va="center", fontsize=8,
                        bbox={"facecolor": "white", "alpha": 0.7, "lw": 0})
        ax.set_xticks(range(grid.shape[1]), [value_label(x_key, c) for c in grid.columns])
        ax.set_yticks(range(grid.shape[0]), [value_label(y_key, i) for i in grid.index])
        ax.set_xlabel(parameter_label(x_key))
        ax.set_ylabel(parameter_label(y_key))
        ax.set_title(title, fontsize=9)
    fig.colorbar(image, ax=list(axes.flat), label="median weeks to adoption")
    if not_reached:
        fig.legend(handles=[Patch(**NOT_REACHED_CELL,
                                  label="median not reached within the horizon")],
                   loc="lower right", fontsize=8, frameon=False)
    fig.suptitle("Median time to adoption", fontsize=10)
    return fig


NOT_REACHED_CELL = {"facecolor": "#d9d9d9", "edgecolor": "#636363", "hatch": "///", "lw": 0}
ENVELOPE_SERIES = {  # column of the weekly table: (what it shows, colour)
    "staff_commitment": ("committed staff", STAGE_COLOURS["commitment"]),
    "main_resisting": ("staff resisting (any main cause)", STAGE_COLOURS["denial"]),
    "plan_delivered": ("plan delivered", ROLE_COLOURS["manager"]),
}


def envelope_figure(weeks: pd.DataFrame, keys: list[str]):
    """Median, 50% and 90% bands over replicates, per parameter point, of committed staff,
    resisting staff and the plan's delivery."""
    weeks = weeks.assign(main_resisting=1.0 - weeks["main_no_resistance"])
    panels = _panels(weeks, keys)
    cols = min(3, len(panels))
    rows = math.ceil(len(panels) / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(5 * cols, 3.4 * rows), squeeze=False,
                             sharex=True, sharey=True)
    for ax, (title, panel) in zip(axes.flat, panels, strict=False):
        for column, (name, colour) in ENVELOPE_SERIES.items():
            env = weekly.envelope(panel, column)
            years = env["week"] / WEEKS_PER_YEAR
            ax.fill_between(years, 100 * env["q05"], 100 * env["q95"], color=colour, alpha=0.15,
                            lw=0)
            ax.fill_between(years, 100 * env["q25"], 100 * env["q75"], color=colour, alpha=0.3,
                            lw=0)
            ax.plot(years, 100 * env["q50"], color=colour, lw=1.6, label=name)
        ax.set_title(title or "all parameter points", fontsize=9)
        ax.set_ylim(0, 100)
        ax.grid(alpha=0.3)
    _label_grid(axes, len(panels), "% of staff / of the plan")
    axes.flat[0].legend(fontsize=7, loc="upper left")
    fig.suptitle("Across replicates: median (line), 50% and 90% bands (shaded)", fontsize=10)
    fig.tight_layout()
    return fig


def sensitivity_figure(indices: pd.DataFrame, method: str):
    """Bar chart of the main index per parameter with its confidence interval."""
    value, conf = ("mu_star", "mu_star_conf") if method == "morris" else ("ST", "ST_conf")
    ordered = indices.sort_values(value)
    fig, ax = plt.subplots(figsize=(6, 0.45 * len(ordered) + 1.5))
    ax.barh([parameter_label(p) for p in ordered["parameter"]], ordered[value],
            xerr=ordered[conf], color="#0072B2")
    ax.set_xlabel("Morris mu* (weeks of restricted mean time to adoption)" if method == "morris"
                  else "Sobol total-order index of restricted mean time to adoption")
    ax.set_title(f"Global sensitivity ({method})")
    fig.tight_layout()
    return fig


def convergence_figure(table: pd.DataFrame):
    """Sobol first- and total-order indices with their bootstrap intervals against the
    number of base samples: stable indices stop moving."""
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.8), sharey=True)
    for ax, index, name in zip(axes, ("S1", "ST"), ("first-order", "total-order"), strict=True):
        for parameter, rows in table.groupby("parameter", sort=True):
            ax.errorbar(rows["samples"], rows[index], yerr=rows[f"{index}_conf"], capsize=3,
                        marker="o", ms=3, label=parameter_label(parameter))
        ax.set_xscale("log", base=2)
        ax.set_xlabel("base samples N")
        ax.set_title(f"Sobol {name} index (95% bootstrap interval)", fontsize=9)
        ax.axhline(0, color="grey", lw=0.5)
        ax.grid(alpha=0.3)
    axes[0].set_ylabel("index of restricted mean time to adoption")
    axes[1].legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    fig.suptitle("Convergence of the Sobol indices (model points: N x (parameters + 2))",
                 fontsize=10)
    fig.tight_layout()
    return fig


def _write_table(table: pd.DataFrame, path: Path) -> None:
    """The table as CSV (names as in the results) and Markdown (names for a reader)."""
    atomic_write(path.with_suffix(".csv"), lambda tmp: table.to_csv(tmp, index=False))
    atomic_text(path.with_suffix(".md"), _named(table).to_markdown(index=False,
                                                                   floatfmt=".3g") + "\n")


def sensitivity(results: pd.DataFrame) -> tuple[pd.DataFrame | None, pd.DataFrame | None]:
    """The sweep's sensitivity indices and (Sobol) their convergence; None for a sweep that
    is not a sensitivity one."""
    from sim.experiments.sensitivity import convergence, indices

    sens = results.attrs.get("sensitivity") or {}
    if not sens.get("parameters"):
        return None, None
    horizon = int(results["horizon_weeks"].max())
    steps = convergence(results, sens, horizon) if sens["method"] == "sobol" else None
    return indices(results, sens, horizon), steps


def comparisons(results: pd.DataFrame, keys: list[str], confidence: float
                ) -> dict[str, pd.DataFrame]:
    """Log-rank tests, Cox hazard ratios and paired contrasts between the swept levels (none
    when no run adopted: there is nothing to compare)."""
    if not keys or not results["adopted"].any():
        return {}
    return {"logrank": contrasts.logrank_tests(results, keys),
            "hazard_ratios": contrasts.hazard_ratios(results, keys, confidence),
            "paired_contrasts": contrasts.paired_contrasts(results, keys, confidence)}


def _save(fig, path: Path) -> None:
    atomic_write(path, lambda tmp: fig.savefig(tmp, dpi=120, format="png"))
    plt.close(fig)


def write(out: Path, results: pd.DataFrame, keys: list[str], weeks_by: dict[str, int],
          table: pd.DataFrame, text_table: pd.DataFrame, tables: dict[str, pd.DataFrame],
          confidence: float = 0.95) -> None:
    """The report's tables and figures into ``out``."""
    out.mkdir(exist_ok=True)
    atomic_write(out / "time_to_adoption.csv", lambda tmp: table.to_csv(tmp, index=False))
    atomic_text(out / "time_to_adoption.md", text_table.to_markdown(index=False) + "\n")
    for name, extra in tables.items():
        _write_table(extra, out / name)
    _save(survival_figure(results, keys, weeks_by, confidence), out / "survival.png")
    if len(keys) >= 2:
        _save(heatmap_figure(table, keys), out / "median_heatmap.png")
    if "sensitivity" in tables:
        _save(sensitivity_figure(tables["sensitivity"], results.attrs["sensitivity"]["method"]),
              out / "sensitivity.png")
    if "sensitivity_convergence" in tables:
        _save(convergence_figure(tables["sensitivity_convergence"]),
              out / "sensitivity_convergence.png")
    weeks_path = out.parent / weekly.RESULTS_WEEKLY
    if weeks_path.is_file():
        _save(envelope_figure(pd.read_parquet(weeks_path), keys), out / "envelopes.png")


def _named(table: pd.DataFrame) -> pd.DataFrame:
    """A comparison table with parameters and their levels as a reader names them."""
    named = table.copy()
    for column in ("level", "reference"):
        if column in named:
            named[column] = [value_label(p, v) for p, v in zip(named["parameter"], named[column],
                                                               strict=True)]
    for column in ("parameter", "stratified_by"):
        if column in named:
            named[column] = [", ".join(parameter_label(p) for p in str(v).split(", "))
                             for v in named[column]]
    return named.rename(columns=lambda c: parameter_label(c) if "." in c else c)


def _text(table: pd.DataFrame) -> str:
    return _named(table).to_string(index=False, float_format="{:.3g}".format)


def report(sweep_dir: Path, plan_start: dt.date | None = None, confidence: float = 0.95
           ) -> str:
    """Write the report into ``<sweep_dir>/report/`` and return the summary tables as text;
    the deadlines count from ``plan_start``, by default the runs' own plan start."""
    results = load_results(sweep_dir)
    plan_start = plan_start or plan_start_of(results)
    keys = swept(results)
    weeks_by = deadlines(plan_start)
    table = estimates(results, keys, weeks_by, confidence)
    text_table = readable(table, keys, weeks_by, confidence)
    tables = comparisons(results, keys, confidence)
    found, steps = sensitivity(results)
    if found is not None:
        tables["sensitivity"] = found
    if steps is not None:
        tables["sensitivity_convergence"] = steps
    out = sweep_dir / "report"
    write(out, results, keys, weeks_by, table, text_table, tables, confidence)
    lines = [f"Time to adoption, {len(results)} runs at {len(table)} parameter points "
             f"(plan start {plan_start}; Kaplan-Meier, censored at the horizon):",
             text_table.to_string(index=False)]
    if tables.get("logrank") is not None:
        lines += ["Log-rank tests (each parameter, stratified by the others):",
                  _text(tables["logrank"])]
    if tables.get("hazard_ratios") is not None and len(tables["hazard_ratios"]):
        lines += [f"Cox hazard ratios against each parameter's first level ({confidence:.0%} CI;"
                  " above 1: adopts sooner):", _text(tables["hazard_ratios"])]
    if tables.get("paired_contrasts") is not None and len(tables["paired_contrasts"]):
        lines += ["Paired contrasts on shared seeds: mean difference in weeks to adoption "
                  f"(to the horizon), level minus reference, {confidence:.0%} CI:",
                  _text(tables["paired_contrasts"])]
    if found is not None:
        lines += [f"Global sensitivity ({results.attrs['sensitivity']['method']}) of the "
                  "restricted mean time to adoption:", _text(found)]
    lines.append(f"Report: {out}")
    return "\n\n".join(lines)
