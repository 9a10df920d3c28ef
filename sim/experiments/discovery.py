"""Scenario discovery on a sweep: which combinations of parameters lead to an outcome of
interest (say, adoption within five years)? PRIM from EMA Workbench finds boxes in the
parameter space where the outcome is dense.

Each replicate is a case: its parameters (those that vary in the sweep, and a sensitivity
sweep's sampled ones) and whether the outcome holds. PRIM peels the box step by step,
trading coverage (the share of all cases of interest inside the box) for density (the
share of cases inside the box that are of interest); the trade-off plot shows that path.
Of each box's path we report the step with the highest coverage among those with at
least ``min_density``, or the densest step if none has it.

A censored run has no adoption week: a condition on ``time_to_adoption_weeks`` is false
for it (it had not adopted by the horizon), so a horizon shorter than the condition's
weeks makes the answer uninformative (the command says how censored runs count).
"""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pandas as pd

from sim.config.errors import ConfigError
from sim.reporting.io import atomic_text, atomic_write
from sim.reporting.labels import parameter_label

log = logging.getLogger(__name__)


def cases(results: pd.DataFrame, expression: str) -> tuple[pd.DataFrame, np.ndarray]:
    """The parameters of each replicate (categorical where not numeric), and whether
    ``expression`` (pandas syntax over the results' columns) holds for it."""
    sampled = list((results.attrs.get("sensitivity") or {}).get("parameters") or {})
    names = [p for p in results.attrs["parameters"]
             if p != "sensitivity.chunk" and p in results and results[p].nunique() > 1]
    names += [p for p in sampled if p in results and p not in names]
    if not names:
        raise ConfigError("no parameter varies in this sweep: nothing to discover")
    frame = results.copy()
    frame["time_to_adoption_weeks"] = pd.to_numeric(frame["time_to_adoption_weeks"]).astype(
        float)
    try:
        y = frame.eval(expression)
    except Exception as exc:  # pandas names the unknown column or the syntax error
        raise ConfigError(f"--outcome {expression!r}: {exc}") from exc
    if not isinstance(y, pd.Series) or not pd.api.types.is_bool_dtype(y.dtype):
        raise ConfigError(f"--outcome {expression!r} is not a condition (true or false per run)")
    x = pd.DataFrame({n: results[n] if pd.api.types.is_numeric_dtype(results[n])
                      else results[n].astype(str).astype("category") for n in names})
    return x, y.fillna(False).to_numpy(dtype=bool)


def _choose(trajectory: pd.DataFrame, min_density: float) -> int:
    dense = trajectory[trajectory["density"] >= min_density]
    if dense.empty:
        return int(trajectory["density"].idxmax())
    return int(dense["coverage"].idxmax())


def _limits(box, x: pd.DataFrame) -> pd.DataFrame:
    """The chosen step's limits, one row per parameter it restricts."""
    limits = box.box_lims[box._cur_box]
    rows = []
    for name in x.columns:
        low, high = limits[name].iloc[0], limits[name].iloc[1]
        if isinstance(low, set):
            if low != set(x[name].cat.categories):
                rows.append({"parameter": name, "restriction": "one of "
                             + ", ".join(sorted(map(str, low)))})
        elif low > x[name].min() or high < x[name].max():
            rows.append({"parameter": name, "low": float(low), "high": float(high),
                         "restriction": f"{low:.4g} to {high:.4g}"})
    return pd.DataFrame(rows, columns=["parameter", "low", "high", "restriction"])


def discover(x: pd.DataFrame, y: np.ndarray, boxes: int = 2, min_density: float = 0.8,
             mass_min: float = 0.05):
    """PRIM's boxes: per box, its peeling trajectory, the chosen step and its limits."""
    from ema_workbench.analysis import prim

    if not y.any():
        raise ConfigError("the outcome holds for no run: there is nothing to find")
    found = []
    search = prim.Prim(x, y, mass_min=mass_min)
    for _ in range(boxes):
        box = search.find_box()
        if box is None:
            break
        trajectory = box.peeling_trajectory
        chosen = _choose(trajectory, min_density)
        box.select(chosen)
        found.append({"box": box, "trajectory": trajectory, "chosen": chosen,
                      "limits": _limits(box, x), "stats": trajectory.loc[chosen]})
    return found


def tables(found: list[dict]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(the boxes: one row per restricted parameter with the box's coverage and density,
    the trajectories: every peeling step of every box)."""
    boxes, steps = [], []
    for k, one in enumerate(found, start=1):
        stats = one["stats"]
        limits = one["limits"] if len(one["limits"]) else pd.DataFrame(
            [{"parameter": "(none)", "restriction": "the whole sweep"}])
        boxes.append(limits.assign(box=k, coverage=stats["coverage"], density=stats["density"],
                                   mass=stats["mass"], cases=int(stats["n"])))
        steps.append(one["trajectory"][["id", "coverage", "density", "mass", "res_dim"]]
                     .assign(box=k, chosen=lambda t, c=one["chosen"]: t["id"] == c))
    columns = ["box", "parameter", "restriction", "low", "high", "coverage", "density", "mass",
               "cases"]
    return pd.concat(boxes, ignore_index=True)[columns], pd.concat(steps, ignore_index=True)


def write(out: Path, expression: str, found: list[dict], y: np.ndarray) -> str:
    """Write boxes.csv/.md, trajectory.csv and a trade-off plot per box; return a summary."""
    import matplotlib.pyplot as plt

    out.mkdir(parents=True, exist_ok=True)
    boxes, steps = tables(found)
    atomic_write(out / "boxes.csv", lambda tmp: boxes.to_csv(tmp, index=False))
    atomic_write(out / "trajectory.csv", lambda tmp: steps.to_csv(tmp, index=False))
    readable = boxes.drop(columns=["low", "high"]).assign(
        parameter=[parameter_label(p) for p in boxes["parameter"]])
    text = (f"Scenario discovery (PRIM, EMA Workbench) for: {expression}\n"
            f"{int(y.sum())} of {len(y)} runs ({y.mean():.0%}) meet it.\n\n"
            + readable.to_markdown(index=False, floatfmt=".3g") + "\n\n"
            "coverage: share of the runs meeting the outcome that fall in the box; "
            "density: share of the runs in the box that meet it; mass: share of all runs "
            "in the box.\n")
    atomic_text(out / "boxes.md", text)
    for k, one in enumerate(found, start=1):
        one["box"].show_tradeoff()
        fig = plt.gcf()
        ax = fig.axes[0]
        stats = one["stats"]
        ax.scatter([stats["coverage"]], [stats["density"]], s=160, facecolors="none",
                   edgecolors="#D55E00", lw=1.8, label=f"chosen (step {one['chosen']})")
        ax.legend(loc="lower left", fontsize=8)
        ax.set_title(f"Box {k}: coverage against density while peeling", fontsize=9)
        atomic_write(out / f"tradeoff_box{k}.png",
                     lambda tmp, f=fig: f.savefig(tmp, dpi=110, format="png"))
        plt.close(fig)
    return text
