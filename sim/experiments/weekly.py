"""The weekly table of a sweep, kept only when asked (``output.weekly=true``): every
replicate's weeks, one row each, in one long table, and its envelopes across replicates.

A sweep job keeps each finished replicate's weekly table as a small file in
``weekly.partial/`` (so an interrupted job resumes without losing them), then joins them
into ``weekly.parquet`` before its ``replicates.parquet`` marks it finished. Collecting the
sweep joins the jobs' tables into ``results_weekly.parquet``: sweep point (``job``), the
swept parameters, ``replicate``, ``seed``, ``week``, then the columns of a run's
``timeseries.csv`` (stage shares per role, mean drivers, main causes, plan progress).
Shares are stored as 32-bit floats: the table is large (a row per replicate-week).

With ``stop_at_adoption=true`` a replicate's weeks end at its adoption, so later weeks of
an envelope describe only the runs not yet adopted; for envelopes over the whole horizon
sweep with ``stop_at_adoption=false``.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pandas as pd

from sim.reporting.io import atomic_write

JOB_WEEKLY = "weekly.parquet"
PARTS = "weekly.partial"
RESULTS_WEEKLY = "results_weekly.parquet"
QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)  # the 90% and 50% bands and the median


def start(run_dir: Path, finished: int) -> None:
    """Drop kept tables beyond the ``finished`` replicates a resumed job reuses (an
    interrupted run of another scenario may have left them)."""
    for part in (run_dir / PARTS).glob("*.parquet"):
        if int(part.stem) >= finished:
            part.unlink()


def keep(run_dir: Path, index: int, frame: pd.DataFrame, ids: dict[str, Any]) -> None:
    """Keep one replicate's weekly table (the job's ``index``-th replicate)."""
    parts = run_dir / PARTS
    parts.mkdir(exist_ok=True)
    floats = frame.select_dtypes("float64").columns
    frame = frame.astype(dict.fromkeys(floats, "float32"))
    table = pd.concat([pd.DataFrame(ids, index=frame.index), frame], axis=1)
    atomic_write(parts / f"{index:07d}.parquet", lambda tmp: table.to_parquet(tmp, index=False))


def finish(run_dir: Path, job: int) -> None:
    """Join the job's kept weekly tables into ``weekly.parquet``."""
    parts = sorted((run_dir / PARTS).glob("*.parquet"))
    table = pd.concat([pd.read_parquet(p) for p in parts], ignore_index=True)
    table.insert(0, "job", job)
    atomic_write(run_dir / JOB_WEEKLY, lambda tmp: table.to_parquet(tmp, index=False))
    shutil.rmtree(run_dir / PARTS)


def collect(sweep_dir: Path, run_dirs: list[Path]) -> None:
    """Join the jobs' weekly tables into the sweep's ``results_weekly.parquet`` (if any)."""
    tables = [pd.read_parquet(d / JOB_WEEKLY) for d in run_dirs if (d / JOB_WEEKLY).is_file()]
    if tables:
        table = pd.concat(tables, ignore_index=True)
        atomic_write(sweep_dir / RESULTS_WEEKLY, lambda tmp: table.to_parquet(tmp, index=False))


def envelope(weekly: pd.DataFrame, column: str) -> pd.DataFrame:
    """Per week: the 5, 25, 50, 75 and 95% quantiles of ``column`` over replicates, and how
    many replicates that week has."""
    by_week = weekly.groupby("week")[column]
    table = by_week.quantile(list(QUANTILES)).unstack()
    table.columns = [f"q{round(100 * q):02d}" for q in QUANTILES]
    table["runs"] = by_week.size()
    return table.reset_index()

