"""Sweeps: seeded replicates of one parameter point per job, one tidy table per sweep.

Seed scheme: replicate ``r`` (0 <= r < replicates) of a job with ``seed=s`` runs with
seed ``s * replicates + r``. Jobs with different ``seed`` never share a replicate seed,
and a row's ``seed`` column is the seed it ran with, so rerunning that row alone
(``seed=<that seed> replicates=1``) gives the same numbers. Every replicate builds its
own model from its own seed: nothing depends on batch, order or launcher.

A job writes ``replicates.parquet`` (one row per replicate) atomically, last; that
file is the job's mark of completion. Its metadata carries a hash of the job's full
scenario, so a rerun into the same sweep directory skips jobs whose scenario is
unchanged and recomputes the rest. While a job runs, each finished replicate is
appended to ``replicates.partial.jsonl`` at once: an interrupted job resumes after
its last finished replicate, so no finished run is lost. :class:`SweepCallback`
checks every job's scenario before anything is launched, reports progress, and at
the end collects all job tables into ``results.parquet`` and ``results.csv`` in the
sweep directory.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from hydra.core.override_parser.overrides_parser import OverridesParser
from hydra.experimental.callback import Callback
from omegaconf import DictConfig, OmegaConf

from sim import posterior
from sim.config import ConfigError, SimConfig, to_sim_config
from sim.model import simulate
from sim.sensitivity import sample_points, with_values

JOB_TABLE = "replicates.parquet"
PARTIAL = "replicates.partial.jsonl"  # the finished replicates of an unfinished job
PROGRESS_SECONDS = 30.0  # a long job reports its progress at most this often
MANIFEST = "sweep.json"
RESULTS = "results"

log = logging.getLogger(__name__)


def replicate_seeds(cfg: SimConfig) -> range:
    """The seeds of a job's replicates (see the module docstring)."""
    return range(cfg.seed * cfg.replicates, (cfg.seed + 1) * cfg.replicates)


def scenario_key(cfg: SimConfig) -> str:
    """A hash of the whole scenario: equal keys mean equal results."""
    text = json.dumps(dataclasses.asdict(cfg), sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def job_parameters(task_overrides: list[str]) -> dict[str, Any]:
    """The job's command-line parameters as columns (``seed`` is per row instead)."""
    columns = {}
    for override in OverridesParser.create().parse_overrides(list(task_overrides)):
        if override.is_delete() or override.key_or_group == "seed":
            continue
        value = override.value()
        if not isinstance(value, bool | int | float | str):
            value = override.get_value_element_as_str()
        columns[override.key_or_group] = value
    return columns


def replicate_row(cfg: SimConfig) -> dict[str, Any]:
    """One run's outcome as a flat row (with the posterior particle it drew, if any)."""
    cfg, drawn = posterior.draw(cfg)
    summary = {**drawn, **simulate(cfg).summary()}
    causes = summary.pop("main_resistance_causes")
    projects = summary.pop("projects")  # nested: flattened to one column per project
    events = summary.pop("events")
    return {**summary, **{f"main_{cause}": share for cause, share in causes.items()},
            **{f"{name}_delivered_week": p["delivered_week"] for name, p in projects.items()},
            **{f"{name}_dropped_week": p["dropped_week"] for name, p in projects.items()},
            "events_struck": len(events)}


def run_replicates(cfg: SimConfig, parameters: dict[str, Any], finished: Sequence[dict] = (),
                   on_row: Callable[[dict, int, int], None] | None = None) -> pd.DataFrame:
    """All replicates of a job (and of each of its sensitivity points), one row each.

    The first ``len(finished)`` rows are taken from ``finished`` (an interrupted earlier
    run's) instead of being run again; ``on_row(row, done, total)`` gets each new row as
    it is done.
    """
    points = sample_points(cfg.sensitivity) or [(None, {})]
    todo = []
    for point, values in points:
        point_cfg = with_values(cfg, values)
        extra = {} if point is None else {"sensitivity_point": point, **values}
        todo += [(point_cfg, extra, r, seed) for r, seed in enumerate(replicate_seeds(cfg))]
    rows = list(finished)
    for point_cfg, extra, r, seed in todo[len(rows):]:
        row = replicate_row(dataclasses.replace(point_cfg, seed=seed))
        rows.append({**parameters, **extra, "replicate": r, **row})
        if on_row is not None:
            on_row(rows[-1], len(rows), len(todo))
    table = pd.DataFrame(rows)
    table["time_to_adoption_weeks"] = table["time_to_adoption_weeks"].astype("Int64")
    return table


def _finished_key(path: Path) -> str | None:
    if not path.is_file():
        return None
    return pd.read_parquet(path, columns=[]).attrs.get("scenario_key")


def _json_value(value):
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"cannot record {value!r} of type {type(value).__name__}")


def _finished_rows(partial: Path, key: str) -> list[dict]:
    """The replicates an interrupted run of this scenario finished (a torn last line, from
    an interruption while writing, is not a finished replicate). The file is rewritten
    with just those, ready to be appended to."""
    rows = []
    if partial.is_file():
        lines = partial.read_text().splitlines()
        if lines and json.loads(lines[0]).get("scenario_key") == key:
            for line in lines[1:]:
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError:
                    break
    tmp = partial.with_name(f".{partial.name}.{os.getpid()}.tmp")
    tmp.write_text("".join(json.dumps(r, default=_json_value) + "\n"
                           for r in [{"scenario_key": key}, *rows]))
    os.replace(tmp, partial)
    return rows


def run_job(run_dir: Path, cfg: SimConfig, parameters: dict[str, Any], job: int) -> pd.DataFrame:
    """Run a job's replicates into ``run_dir/replicates.parquet``, or reuse a finished one
    (and the finished replicates of an interrupted one)."""
    path = run_dir / JOB_TABLE
    key = scenario_key(cfg)
    if _finished_key(path) == key:
        log.info("Job %d already finished in an earlier run: reusing %s", job, path)
        return pd.read_parquet(path)
    run_dir.mkdir(parents=True, exist_ok=True)
    partial = run_dir / PARTIAL
    finished = _finished_rows(partial, key)
    if finished:
        log.info("Job %d: %d replicates finished in an earlier run, running the rest", job,
                 len(finished))
    tic = reported = time.perf_counter()
    with partial.open("a") as out:
        def record(row: dict, done: int, total: int) -> None:
            nonlocal reported
            out.write(json.dumps(row, default=_json_value) + "\n")
            out.flush()
            now = time.perf_counter()
            if now - reported >= PROGRESS_SECONDS and done < total:
                reported = now
                left = (total - done) * (now - tic) / (done - len(finished))
                log.info("Job %d: %d/%d replicates done, about %.0f s left", job, done, total,
                         left)
        table = run_replicates(cfg, parameters, finished, record)
    table.attrs = {
        "scenario_key": key,
        "job": job,
        "parameters": sorted(parameters) + sorted(cfg.sensitivity.parameters),
        "model_seconds": time.perf_counter() - tic,
        "horizon_weeks": cfg.horizon_weeks,
        "sensitivity": dataclasses.asdict(cfg.sensitivity),
    }
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    table.to_parquet(tmp, index=False)
    os.replace(tmp, path)
    partial.unlink()
    return table


def describe(table: pd.DataFrame) -> str:
    """One line for the terminal."""
    adopted = int(table["adopted"].sum())
    return (f"{len(table)} replicates ({adopted} adopted, {len(table) - adopted} censored "
            f"at {table['horizon_weeks'].iloc[0]} weeks)")


def _job_tables(sweep_dir: Path) -> list[Path]:
    return sorted(p for p in sweep_dir.glob(f"**/{JOB_TABLE}") if ".submitit" not in p.parts)


def collect(sweep_dir: Path) -> pd.DataFrame:
    """Gather the finished job tables of a sweep into ``results.parquet`` and ``results.csv``.

    Only jobs of the sweep's manifest count (a directory reused for a smaller sweep may
    hold older jobs); missing jobs are reported, not invented.
    """
    sweep_dir = Path(sweep_dir)
    manifest = json.loads((sweep_dir / MANIFEST).read_text())
    tables = {}
    for path in _job_tables(sweep_dir):
        table = pd.read_parquet(path)
        if table.attrs.get("job", -1) < manifest["jobs"]:
            tables[table.attrs["job"]] = table
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
        path = sweep_dir / f"{RESULTS}{suffix}"
        tmp = path.with_name(f".{path.name}.tmp")
        write(tmp)
        os.replace(tmp, path)
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


def _progress(sweep_dir: Path) -> str | None:
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
            text = _progress(Path(config.hydra.sweep.dir))
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
