"""Sweeps: many jobs (parameter points), checked before launch, collected into one table.

:class:`SweepCallback` checks every job's scenario before anything is launched, reports
progress while jobs run, and at the end collects all job tables
(:mod:`sim.experiments.replicates`) into ``results.parquet`` and ``results.csv`` in the
sweep directory; ``sweep.json`` records the sweep's jobs.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from pathlib import Path
from typing import Any

import pandas as pd
from hydra.core.override_parser.overrides_parser import OverridesParser
from hydra.experimental.callback import Callback
from omegaconf import DictConfig, OmegaConf

from sim.config.compose import to_sim_config
from sim.config.errors import ConfigError
from sim.experiments import weekly
from sim.experiments.replicates import JOB_TABLE
from sim.reporting.io import atomic_write

MANIFEST = "sweep.json"
RESULTS = "results"

log = logging.getLogger(__name__)


def _job_tables(sweep_dir: Path) -> list[Path]:
    return sorted(p for p in sweep_dir.glob(f"**/{JOB_TABLE}") if ".submitit" not in p.parts)


def collect(sweep_dir: Path) -> pd.DataFrame:
    """Gather the finished job tables of a sweep into ``results.parquet`` and ``results.csv``.

    Only jobs of the sweep's manifest count (a directory reused for a smaller sweep may
    hold older jobs); missing jobs are reported, not invented.
    """
    sweep_dir = Path(sweep_dir)
    manifest = json.loads((sweep_dir / MANIFEST).read_text())
    tables, paths = {}, {}
    for path in _job_tables(sweep_dir):
        table = pd.read_parquet(path)
        if table.attrs.get("job", -1) < manifest["jobs"]:
            tables[table.attrs["job"]], paths[table.attrs["job"]] = table, path
    if not tables:
        raise ConfigError(f"no finished jobs in {sweep_dir}")
    missing = manifest["jobs"] - len(tables)
    if missing:
        log.warning("%d of %d jobs have no results yet; rerun the same command with "
                    "hydra.sweep.dir=%s to finish them", missing, manifest["jobs"], sweep_dir)
    ordered = [tables[job] for job in sorted(tables)]
    results = pd.concat(ordered, ignore_index=True)
    first = ordered[0].attrs
    results.attrs = {
        "parameters": sorted({p for t in ordered for p in t.attrs["parameters"]}),
        "horizon_weeks": first["horizon_weeks"],
        "sensitivity": first["sensitivity"],
        "jobs": manifest["jobs"],
        "missing_jobs": missing,
        "model_seconds": sum(t.attrs["model_seconds"] for t in ordered),
    }
    for suffix, write in ((".parquet", lambda p: results.to_parquet(p, index=False)),
                          (".csv", lambda p: results.to_csv(p, index=False))):
        atomic_write(sweep_dir / f"{RESULTS}{suffix}", write)
    weekly.collect(sweep_dir, [paths[job].parent for job in sorted(tables)])  # output.weekly
    return results


def expand(config: DictConfig) -> list[list[str]]:
    """Every job's overrides, as Hydra's basic sweeper will launch them."""
    from hydra._internal.core_plugins.basic_sweeper import BasicSweeper
    from hydra.core.global_hydra import GlobalHydra

    params = [f"{k}={v}" for k, v in (config.hydra.sweeper.get("params") or {}).items()]
    arguments = params + list(config.hydra.overrides.task)
    loader = GlobalHydra.instance().config_loader() if GlobalHydra.instance().is_initialized() \
        else None
    overrides = OverridesParser.create(config_loader=loader).parse_overrides(arguments)
    for override in overrides:
        if override.is_sweep_override() and override.is_discrete_sweep() \
                and not list(override.sweep_string_iterator()):
            raise ConfigError(f"{override.input_line} sweeps over no values: no job would run")
    return BasicSweeper.split_arguments(overrides, None)[0]


def _seed_extremity(override: str) -> float:
    """Order seeds so the one most likely out of range comes last: negatives, then largest."""
    try:
        seed = int(override.split("=", 1)[1])
    except ValueError:  # not a number: composing it gives the clear error
        return float("inf")
    return float("inf") if seed < 0 else seed


def check_jobs(config: DictConfig, jobs: list[list[str]]) -> None:
    """Compose and validate each job's scenario; raise ConfigError on the first bad one.

    Jobs that differ only in ``seed`` share a scenario, so each distinct scenario is
    composed once, with its most extreme seed (the seed range is the only seed check).
    """
    from hydra import compose

    scenarios: dict[tuple[str, ...], str | None] = {}
    for job in jobs:
        rest = tuple(o for o in job if not o.startswith("seed="))
        seeds = [o for o in job if o.startswith("seed=")]
        known = [scenarios[rest]] if scenarios.get(rest) else []
        scenarios[rest] = max([*known, *seeds], key=_seed_extremity, default=None)
    for rest, seed in scenarios.items():
        overrides = [*rest, *([seed] if seed else [])]
        try:
            cfg = compose(config_name=config.hydra.job.config_name, overrides=overrides)
        except Exception as exc:  # Hydra's composition errors name the override
            raise ConfigError(f"{' '.join(overrides)}: {exc}") from exc
        try:
            to_sim_config(cfg)
        except ConfigError as exc:
            raise ConfigError(f"in the job {' '.join(overrides)}: {exc}") from exc


def progress_line(sweep_dir: Path) -> str | None:
    """The line "Sweep progress: done/total jobs, time left", from the job tables."""
    manifest_path = sweep_dir / MANIFEST
    if not manifest_path.is_file():
        return None
    manifest = json.loads(manifest_path.read_text())
    done = len(_job_tables(sweep_dir))
    total = manifest["jobs"]
    new = done - manifest["done_at_start"]
    elapsed = time.time() - manifest["started"]
    text = f"Sweep progress: {min(done, total)}/{total} jobs done"
    if 0 < new and done < total:
        text += f", about {elapsed / new * (total - done):.0f} s left"
    return text


class SweepCallback(Callback):
    """Hydra callback: check all jobs before launch, report progress, collect at the end."""

    def on_multirun_start(self, config: DictConfig, **kwargs: Any) -> None:
        try:
            jobs = expand(config)
            check_jobs(config, jobs)
        except ConfigError as err:
            # Hydra turns callback exceptions into warnings; exiting is the way to stop here.
            print(f"Error in the sweep: {err}", file=sys.stderr)
            sys.exit(2)
        sweep_dir = Path(config.hydra.sweep.dir)
        sweep_dir.mkdir(parents=True, exist_ok=True)
        manifest = {"jobs": len(jobs), "started": time.time(),
                    "done_at_start": len(_job_tables(sweep_dir)),
                    "overrides": OmegaConf.to_container(config.hydra.overrides.task)}
        (sweep_dir / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
        log.info("Sweep of %d jobs into %s (%d finished earlier)", len(jobs), sweep_dir,
                 manifest["done_at_start"])

    def on_job_end(self, config: DictConfig, job_return: Any, **kwargs: Any) -> None:
        from hydra.core.hydra_config import HydraConfig
        from hydra.types import RunMode

        if HydraConfig.get().mode == RunMode.MULTIRUN:
            text = progress_line(Path(config.hydra.sweep.dir))
            if text:
                log.info(text)

    def on_multirun_end(self, config: DictConfig, **kwargs: Any) -> None:
        sweep_dir = Path(config.hydra.sweep.dir)
        manifest = json.loads((sweep_dir / MANIFEST).read_text())
        results = collect(sweep_dir)
        wall = time.time() - manifest["started"]
        log.info("Sweep finished: %d rows from %d jobs in %.1f s (model time %.1f s); "
                 "results in %s", len(results), manifest["jobs"], wall,
                 results.attrs["model_seconds"], sweep_dir / f"{RESULTS}.parquet")
