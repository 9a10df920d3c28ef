"""Sweeps: many jobs (parameter points), checked before launch, collected into one table.

:class:`SweepCallback` checks every job's scenario before anything is launched, reports
progress while jobs run, and at the end collects all job tables
(:mod:`sim.experiments.replicates`) into ``results.parquet`` and ``results.csv`` in the
sweep directory.

A sweep directory belongs to one sweep: ``sweep.json`` records the sweep's identity (its
jobs' overrides and the hash of each job's scenario). Rerunning the same sweep into it
resumes it; a different sweep is refused. Only job tables whose job number and scenario
hash are the manifest's are collected. While a sweep runs, it holds the directory's lock
(:mod:`sim.experiments.ownership`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import sys
import time
import traceback
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd
from hydra.core.override_parser.overrides_parser import OverridesParser
from hydra.experimental.callback import Callback
from omegaconf import DictConfig, OmegaConf

from sim.config.compose import to_sim_config
from sim.config.errors import ConfigError
from sim.config.explain import explain
from sim.config.files import FileError, read_json, read_parquet
from sim.experiments import ownership, weekly
from sim.experiments.replicates import JOB_TABLE, scenario_key
from sim.reporting.io import atomic_text, atomic_write

MANIFEST = "sweep.json"
RESULTS = "results"

log = logging.getLogger(__name__)


def _job_tables(sweep_dir: Path) -> list[Path]:
    return sorted(p for p in sweep_dir.glob(f"**/{JOB_TABLE}") if ".submitit" not in p.parts)


def read_manifest(sweep_dir: Path) -> dict:
    """The sweep's ``sweep.json``; FileError if it is missing, damaged or not a manifest."""
    path = Path(sweep_dir) / MANIFEST
    advice = "the sweep in this directory cannot be identified; run it again into a new one"
    manifest = read_json(path, "sweep manifest", advice)
    keys = manifest.get("job_keys") if isinstance(manifest, dict) else None
    if not (isinstance(manifest, dict) and isinstance(manifest.get("jobs"), int)
            and manifest["jobs"] > 0 and (keys is None or len(keys) == manifest["jobs"])):
        raise FileError("sweep manifest", path, "is not a sweep's manifest (no number of jobs "
                        "with their scenarios)", advice)
    return manifest


def _belongs(table: pd.DataFrame, manifest: dict) -> bool:
    """A job table of this sweep: its job number and scenario are the manifest's (a
    manifest of an earlier version records no scenarios: any job number counts then)."""
    job = table.attrs.get("job", -1)
    keys = manifest.get("job_keys")
    return 0 <= job < manifest["jobs"] and (keys is None
                                            or keys[job] == table.attrs.get("scenario_key"))


def collect(sweep_dir: Path) -> pd.DataFrame:
    """Gather the finished job tables of a sweep into ``results.parquet`` and ``results.csv``.

    Only the jobs of the sweep's manifest count; missing and damaged jobs are reported,
    not invented.
    """
    sweep_dir = Path(sweep_dir)
    manifest = read_manifest(sweep_dir)
    tables, paths = {}, {}
    for path in _job_tables(sweep_dir):
        try:
            table = read_parquet(path, "job table", "rerun the sweep's command with "
                                 f"hydra.sweep.dir={sweep_dir} to compute it again")
        except FileError as exc:
            log.warning("%s", exc)
            continue
        if _belongs(table, manifest):
            tables[table.attrs["job"]], paths[table.attrs["job"]] = table, path
        else:
            log.warning("%s belongs to another sweep: left out", path)
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


def check_jobs(config: DictConfig, jobs: list[list[str]]) -> list[str]:
    """Compose and validate each job's scenario; raise ConfigError on the first bad one.
    Returns each job's scenario hash (:func:`~sim.experiments.replicates.scenario_key`).

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
    composed = {}
    for rest, seed in scenarios.items():
        overrides = [*rest, *([seed] if seed else [])]
        try:
            composed[rest] = to_sim_config(
                compose(config_name=config.hydra.job.config_name, overrides=overrides))
        except Exception as exc:  # Hydra's composition errors name the override
            raise ConfigError(f"in the job {' '.join(overrides)}: {explain(exc) or exc}") \
                from exc
    parser = OverridesParser.create()
    keys = []
    for job in jobs:
        cfg = composed[tuple(o for o in job if not o.startswith("seed="))]
        for seed in (o for o in job if o.startswith("seed=")):
            cfg = dataclasses.replace(cfg, seed=parser.parse_override(seed).value())
        keys.append(scenario_key(cfg))
    return keys


def identity(jobs: list[list[str]], keys: list[str]) -> str:
    """What makes two sweeps the same sweep: the same jobs with the same scenarios."""
    text = json.dumps({"jobs": jobs, "scenarios": keys})
    return hashlib.sha256(text.encode()).hexdigest()


def claim(sweep_dir: Path, jobs: list[list[str]], keys: list[str], overrides: list[str]) -> dict:
    """Make ``sweep_dir`` this sweep's (new, or resumed) and lock it; ConfigError if it is
    a file, in use, or holds another sweep. Returns the manifest written."""
    if sweep_dir.exists() and not sweep_dir.is_dir():
        raise ConfigError(f"hydra.sweep.dir={sweep_dir} is not allowed: it is a file, not a "
                          "directory; choose another hydra.sweep.dir")
    sweep_dir.mkdir(parents=True, exist_ok=True)
    ownership.acquire(sweep_dir)
    ours = identity(jobs, keys)
    if (sweep_dir / MANIFEST).exists():
        if read_manifest(sweep_dir).get("identity") != ours:
            raise ConfigError(
                f"hydra.sweep.dir={sweep_dir} holds another sweep (other parameters or "
                "scenarios; its command is in its sweep.json): choose a new directory (leave "
                "out hydra.sweep.dir for a fresh one), or remove it to start again")
    elif any(p.name != ownership.LOCK for p in sweep_dir.iterdir()):
        raise ConfigError(f"hydra.sweep.dir={sweep_dir} is not allowed: it holds files but no "
                          f"{MANIFEST}, so it is not a sweep directory; choose a new or empty "
                          "directory")
    manifest = {"identity": ours, "jobs": len(jobs), "started": time.time(),
                "done_at_start": len(_job_tables(sweep_dir)), "overrides": overrides,
                "job_keys": keys}
    atomic_text(sweep_dir / MANIFEST, json.dumps(manifest, indent=2) + "\n")
    return manifest


def check_launcher(config: DictConfig) -> None:
    """Launcher settings Hydra leaves to fail late, inside the launcher."""
    n_jobs = config.hydra.launcher.get("n_jobs")
    if n_jobs == 0:
        raise ConfigError("hydra.launcher.n_jobs=0 is not allowed: give the number of jobs "
                          "run at once (-1: one per core)")


def progress_line(sweep_dir: Path) -> str | None:
    """The line "Sweep progress: done/total jobs, time left", from the job tables."""
    try:
        manifest = read_manifest(sweep_dir)
    except FileError:
        return None
    done = len(_job_tables(sweep_dir))
    total = manifest["jobs"]
    new = done - manifest["done_at_start"]
    elapsed = time.time() - manifest["started"]
    text = f"Sweep progress: {min(done, total)}/{total} jobs done"
    if 0 < new and done < total:
        text += f", about {elapsed / new * (total - done):.0f} s left"
    return text


@contextmanager
def _stop_on_error():
    """Hydra turns a callback's exception into a warning and goes on: stop the command
    here instead, with the message."""
    try:
        yield
    except Exception as exc:
        message = explain(exc)
        if message is None:
            traceback.print_exc()
            sys.exit(1)
        print(f"Error in the sweep: {message}", file=sys.stderr)
        sys.exit(2)


class SweepCallback(Callback):
    """Hydra callback: check all jobs before launch, report progress, collect at the end."""

    def on_multirun_start(self, config: DictConfig, **kwargs: Any) -> None:
        sweep_dir = Path(config.hydra.sweep.dir)
        with _stop_on_error():
            check_launcher(config)
            jobs = expand(config)
            keys = check_jobs(config, jobs)
            manifest = claim(sweep_dir, jobs, keys,
                             OmegaConf.to_container(config.hydra.overrides.task))
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
        with _stop_on_error():
            manifest = read_manifest(sweep_dir)
            results = collect(sweep_dir)
        ownership.release(sweep_dir)
        wall = time.time() - manifest["started"]
        log.info("Sweep finished: %d rows from %d jobs in %.1f s (model time %.1f s); "
                 "results in %s", len(results), manifest["jobs"], wall,
                 results.attrs["model_seconds"], sweep_dir / f"{RESULTS}.parquet")
