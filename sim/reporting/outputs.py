"""Run one scenario and write what a person can read: summary, series, figures,
a one-page report and the config.

Files are written to a temporary name and moved into place, ``summary.json`` last:
a run directory with a summary is a finished run, and one without it is not.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import matplotlib.pyplot as plt
import yaml

from sim.config.schema import SimConfig
from sim.model.municipality import Municipality
from sim.plan.calendar import WEEKS_PER_YEAR
from sim.reporting.figures import adoption_figure, plan_figure, stages_figure
from sim.reporting.io import atomic_write
from sim.reporting.labels import label
from sim.reporting.scenario_report import report_html


def write_results(run_dir: Path, cfg: SimConfig, model: Municipality) -> dict:
    """Write config.yaml, timeseries.csv, figures, report.html and summary.json."""
    run_dir.mkdir(parents=True, exist_ok=True)
    summary = model.summary()
    config = yaml.safe_dump(dataclasses.asdict(cfg), sort_keys=False)
    atomic_write(run_dir / "config.yaml", lambda p: p.write_text(config))
    frame = model.timeseries()
    if cfg.output.timeseries:
        atomic_write(run_dir / "timeseries.csv", lambda p: frame.to_csv(p, index=False))
    if cfg.output.figures:
        figures = {"adoption": adoption_figure(frame, summary, cfg.adoption.committed_share),
                   "plan": plan_figure(frame, summary), "stages": stages_figure(frame, summary)}
        for name, fig in figures.items():
            atomic_write(run_dir / f"{name}.png",
                         lambda p, f=fig: f.savefig(p, dpi=120, format="png"))
        page = report_html(model, figures)
        atomic_write(run_dir / "report.html", lambda p: p.write_text(page))
        for fig in figures.values():
            plt.close(fig)
    text = json.dumps(summary, indent=2)
    atomic_write(run_dir / "summary.json", lambda p: p.write_text(text + "\n"))
    return summary


def describe(summary: dict) -> str:
    """A few lines for the terminal."""
    week = summary["time_to_adoption_weeks"]
    if week is None:
        outcome = (f"Not adopted within {summary['horizon_weeks']} weeks "
                   f"({summary['horizon_weeks'] / WEEKS_PER_YEAR:.0f} years): censored.")
    elif summary["adopted_plan"] == "scaled_down":
        outcome = (f"A scaled-down plan adopted after {week} weeks "
                   f"({week / WEEKS_PER_YEAR:.1f} years): {summary['plan_delivered_share']:.0%} "
                   "of the original plan delivered.")
    else:
        outcome = f"Adopted after {week} weeks ({week / WEEKS_PER_YEAR:.1f} years)."
    causes = sorted(((v, k) for k, v in summary["main_resistance_causes"].items()
                     if k != "no_resistance"), reverse=True)[:3]
    top = ", ".join(f"{label(k)} {v:.0%}" for v, k in causes)
    return "\n".join([
        f"Municipality {summary['size_class']} inhabitants, {summary['staff']} staff; "
        f"strategy {summary['strategy_label']}; board commitment "
        f"{summary['board_commitment']:.2f}; seed {summary['seed']}",
        outcome,
        f"Committed at the end: {summary['final_commitment_share']:.0%} of staff.",
        f"Main causes of resistance (share of staff, mean until adoption/horizon): {top}.",
    ])
