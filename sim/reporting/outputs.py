"""What a scenario run writes: an ensemble of futures (the default) or one future
(``replicates=1``), each with a summary, figures, a report in the scenario's language and
the config.

An ensemble's futures are a sweep job's replicates (:func:`sim.experiments.replicates.run_job`:
``replicates.parquet``, one row per future); the median one is run again by its seed for its
week-by-week files, which gives the same numbers (the seed scheme). Files are written to a
temporary name and moved into place, ``summary.json`` last: a run directory with a summary
is a finished run, and one without it is not.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import yaml
from matplotlib.figure import Figure

from sim.config import calibrated
from sim.config.schema import SimConfig
from sim.experiments.replicates import run_job
from sim.experiments.weekly import JOB_WEEKLY
from sim.model.municipality import Municipality, simulate
from sim.reporting import ensemble as ens
from sim.reporting import fan_charts
from sim.reporting.figures import Calendar, adoption_figure, plan_figure, stages_figure
from sim.reporting.io import atomic_text, atomic_write
from sim.reporting.labels import say, term
from sim.reporting.scenario_report import (
    EnsembleView,
    ensemble_answer,
    largest,
    report_html,
    run_answer,
)

BANDS = "bands.csv"


def calendar(cfg: SimConfig, events: list[tuple[int, str]]) -> Calendar:
    """The run's calendar: its plan's start, the national deadlines inside its horizon and
    these events (week, name) marked."""
    start = ens.plan_start(cfg)
    deadlines = tuple(day for day, week in ens.national_deadlines(start).values()
                      if 0 < week <= cfg.horizon_weeks)
    return Calendar(start, cfg.horizon_weeks, cfg.report.language, deadlines, tuple(events))


def fixed_events(cfg: SimConfig) -> list[tuple[int, str]]:
    """The scenario's events that strike in a set week (in every future), as (week, what)."""
    return [(e.week, term(e.type, cfg.report.language)) for e in cfg.events.values()
            if e.week is not None]


def _save(run_dir: Path, figures: dict[str, Figure], prefix: str = "") -> None:
    for name, fig in figures.items():
        atomic_write(run_dir / f"{prefix}{name}.png",
                     lambda p, f=fig: f.savefig(p, dpi=120, format="png"))


def _write_run(run_dir: Path, cfg: SimConfig, model: Municipality
               ) -> dict[str, Figure]:
    """One future's files: config.yaml, timeseries.csv and its figures (returned)."""
    run_dir.mkdir(parents=True, exist_ok=True)
    config = yaml.safe_dump(dataclasses.asdict(cfg), sort_keys=False)
    atomic_text(run_dir / "config.yaml", config)
    frame = model.timeseries()
    if cfg.output.timeseries:
        atomic_write(run_dir / "timeseries.csv", lambda p: frame.to_csv(p, index=False))
    if not cfg.output.figures:
        return {}
    summary = model.summary()
    cal = calendar(cfg, [(e["week"], term(e["type"], cfg.report.language))
                         for e in summary["events"]])
    figures = {"adoption": adoption_figure(frame, summary, cfg.adoption.committed_share, cal),
               "plan": plan_figure(frame, summary, cal), "stages": stages_figure(frame, cal)}
    _save(run_dir, figures)
    return figures


def _finish(run_dir: Path, page: str | None, figures: list[dict[str, Figure]],
            summary: dict) -> dict:
    if page is not None:
        atomic_text(run_dir / "report.html", page)
    for group in figures:
        for fig in group.values():
            plt.close(fig)
    atomic_text(run_dir / "summary.json", json.dumps(summary, indent=2) + "\n")
    return summary


def write_results(run_dir: Path, cfg: SimConfig, model: Municipality,
                  scenario: str | None = None, calibration: dict | None = None) -> dict:
    """One future (``replicates=1``): its summary, series, figures and report;
    ``calibration``: the posterior file and particle its parameters came from."""
    calibration = calibration or {"posterior": None}
    figures = _write_run(run_dir, cfg, model)
    page = report_html(cfg, model, figures, scenario, calibration=calibration) if figures \
        else None
    return _finish(run_dir, page, [figures], {**model.summary(), **calibration})


def write_ensemble(run_dir: Path, cfg: SimConfig, parameters: dict,
                   scenario: str | None = None) -> dict:
    """An ensemble of ``cfg.replicates`` futures: the job's table, the summary of their
    distribution, the fan charts' bands, the figures, the report, and the median future's
    own files."""
    job = dataclasses.replace(cfg, output=dataclasses.replace(cfg.output, weekly=True))
    table = run_job(run_dir, job, parameters, 0)
    weekly = pd.read_parquet(run_dir / JOB_WEEKLY)
    if not cfg.output.weekly:  # large, and kept only when asked: its bands are in bands.csv
        (run_dir / JOB_WEEKLY).unlink()
    summary = ens.summarise(table, weekly, cfg, scenario)
    bands = ens.bands(weekly)
    bands.insert(1, "date", [str(d) for d in calendar(cfg, []).dates(bands["week"])])
    atomic_write(run_dir / BANDS, lambda p: bands.to_csv(p, index=False))
    one, _ = calibrated.draw(dataclasses.replace(
        cfg, seed=summary["illustrative_run"]["seed"], replicates=1))
    model = simulate(one)
    run_figures = _write_run(run_dir, one, model)
    view = EnsembleView(summary, bands)
    page = None
    if run_figures:
        cal = calendar(cfg, fixed_events(cfg))
        view.figures = {
            "adopted": fan_charts.adopted_figure({"": table["time_to_adoption_weeks"]},
                                                 cfg.horizon_weeks, cal),
            "plan": fan_charts.plan_fan({"": bands}, cal),
            "stages": fan_charts.stages_fan(bands, cal),
            "causes": fan_charts.causes_fan(bands, largest(summary["main_resistance_causes"],
                                                           4), cal)}
        _save(run_dir, view.figures, "ensemble_")
        page = report_html(cfg, model, run_figures, scenario, view)
    return _finish(run_dir, page, [run_figures, view.figures], summary)


def describe(summary: dict, language: str = "en") -> str:
    """A few lines for the terminal: the report's answer."""
    start = date.fromisoformat(summary["plan_start_date"])
    cal = Calendar(start, summary["horizon_weeks"], language)
    if summary.get("kind") == "ensemble":
        return "\n".join(ensemble_answer(summary, cal))
    return "\n".join([run_answer(summary, cal),
                      say("committed_at_end", language,
                          share=f"{summary['final_commitment_share']:.0%}")])
