"""A job's seeded replicates of one parameter point, one row each, kept as they finish.

Seed scheme: replicate ``r`` (0 <= r < replicates) of a job with ``seed=s`` runs with
seed ``s * replicates + r``. Jobs with different ``seed`` never share a replicate seed,
and a row's ``seed`` column is the seed it ran with, so rerunning that row alone
(``seed=<that seed> replicates=1``) gives the same numbers. Every replicate builds its
own model from its own seed: nothing depends on batch, order or launcher.

A job writes ``replicates.parquet`` (one row per replicate) atomically, last; that file
is the job's mark of completion. Its metadata carries a hash of the job's full scenario,
so a rerun into the same directory reuses it only while the scenario is unchanged.
While a job runs, each finished replicate is appended to ``replicates.partial.jsonl`` at
once: an interrupted job resumes after its last finished replicate, so no finished run
is lost. A damaged table or partial file (a disk fault, a copy cut short) is set aside
with a warning, and what it held is computed again.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from hydra.core.override_parser.overrides_parser import OverridesParser

from sim.config import calibrated
from sim.config.files import FileError, read_parquet, read_text
from sim.config.overrides import with_values
from sim.config.schema import SimConfig
from sim.engine.batch import build
from sim.experiments import weekly
from sim.experiments.sensitivity import sample_points
from sim.reporting.io import atomic_text, atomic_write

JOB_TABLE = "replicates.parquet"
PARTIAL = "replicates.partial.jsonl"  # the finished replicates of an unfinished job
PROGRESS_SECONDS = 30.0  # a long job reports its progress at most this often
MEASURED_SECONDS = 1.0  # time left is estimated from at least this long a stretch of work
CHUNK_REPLICATES, CHUNK_PEOPLE = 32, 200_000  # replicates per batch (see chunk_size)

log = logging.getLogger(__name__)


def replicate_seeds(cfg: SimConfig) -> range:
    """The seeds of a job's replicates (see the module docstring)."""
    return range(cfg.seed * cfg.replicates, (cfg.seed + 1) * cfg.replicates)


def scenario_key(cfg: SimConfig) -> str:
    """A hash of the whole scenario: equal keys mean equal results (where results are
    written is not part of it)."""
    scenario = dataclasses.asdict(cfg)
    scenario.pop("paths")
    text = json.dumps(scenario, sort_keys=True)
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


def flat_row(summary: dict) -> dict[str, Any]:
    """A run's summary as a flat row: one column per main cause and per project."""
    summary = dict(summary)
    causes = summary.pop("main_resistance_causes")
    projects = summary.pop("projects")  # nested: flattened to one column per project
    events = summary.pop("events")
    return {**summary, **{f"main_{cause}": share for cause, share in causes.items()},
            **{f"{name}_delivered_week": p["delivered_week"] for name, p in projects.items()},
            **{f"{name}_dropped_week": p["dropped_week"] for name, p in projects.items()},
            "events_struck": len(events)}


def run_batch(configs: list[SimConfig], record: bool):
    """These runs together, to their horizon (or adoption)."""
    batch = build(configs, record=record)
    batch.advance()
    return batch


def chunk_size(cfg: SimConfig) -> int:
    """Replicates run together in one batch: enough to share the compiled calls, few
    enough that each chunk's rows are kept soon (an interrupted job loses at most one)."""
    return int(min(CHUNK_REPLICATES, max(1, CHUNK_PEOPLE // cfg.organisation.staff)))


def run_replicates(cfg: SimConfig, parameters: dict[str, Any], finished: Sequence[dict] = (),
                   on_row: Callable[[dict, int, int], None] | None = None,
                   run_dir: Path | None = None) -> pd.DataFrame:
    """All replicates of a job (and of each of its sensitivity points), one row each, run
    in batches (:mod:`sim.engine`): a replicate's numbers do not depend on its batch.

    The first ``len(finished)`` rows are taken from ``finished`` (an interrupted earlier
    run's) instead of being run again; ``on_row(row, done, total)`` gets each new row as
    it is done. With ``output.weekly``, each new replicate's weekly table is kept in
    ``run_dir`` (:mod:`sim.experiments.weekly`).
    """
    points = sample_points(cfg.sensitivity) or [(None, {})]
    todo = []
    for point, values in points:
        point_cfg = with_values(cfg, values)
        extra = {} if point is None else {"sensitivity_point": point, **values}
        todo += [(point_cfg, extra, r, seed) for r, seed in enumerate(replicate_seeds(cfg))]
    rows = list(finished)
    keep_weeks = cfg.output.weekly and run_dir is not None
    size = chunk_size(cfg)
    for start in range(len(rows), len(todo), size):
        chunk = todo[start:start + size]
        drawn = [calibrated.draw(dataclasses.replace(c, seed=seed)) for c, _, _, seed in chunk]
        batch = run_batch([c for c, _ in drawn], keep_weeks)
        for t, ((c, extra, r, seed), (_, particle)) in enumerate(zip(chunk, drawn, strict=True)):
            if keep_weeks:
                ids = {**parameters, **extra, "replicate": r, "seed": seed}
                weekly.keep(run_dir, start + t,
                            batch.history(t).frame(batch.event_log(t)), ids)
            rows.append({**parameters, **extra, "replicate": r, "posterior": c.posterior or "none",
                         **particle,
                         **flat_row(batch.summary(t))})
            if on_row is not None:
                on_row(rows[-1], len(rows), len(todo))
    table = pd.DataFrame(rows)
    weeks = [c for c in table.columns if c.endswith("_week") or c == "time_to_adoption_weeks"]
    return table.astype(dict.fromkeys(weeks, "Int64"))  # empty where it never happened


def _set_aside(path: Path, problem: str) -> None:
    aside = path.with_name(f"{path.name}.damaged")
    log.warning("%s; set aside as %s, its replicates are computed again", problem, aside.name)
    path.replace(aside)


def _finished_table(path: Path, key: str) -> pd.DataFrame | None:
    """The job's table from an earlier run of the same scenario, if there is one whole."""
    if not path.exists():
        return None
    try:
        table = read_parquet(path, "job table")
    except FileError as exc:
        _set_aside(path, str(exc))
        return None
    return table if table.attrs.get("scenario_key") == key else None


def _json_value(value):
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"cannot record {value!r} of type {type(value).__name__}")


def _finished_rows(partial: Path, key: str) -> list[dict]:
    """The replicates an interrupted run of this scenario finished (a torn last line, from
    an interruption while writing, is not a finished replicate). The file is rewritten
    with just those, ready to be appended to."""
    rows = []
    if partial.exists():
        try:
            lines = read_text(partial, "file of finished replicates", limit=None).splitlines()
            header = json.loads(lines[0]) if lines else {}
            if not isinstance(header, dict):
                raise ValueError
        except FileError as exc:
            _set_aside(partial, str(exc))
            lines, header = [], {}
        except ValueError:
            _set_aside(partial, f"{partial} is damaged (its first line is no scenario hash)")
            lines, header = [], {}
        if header.get("scenario_key") == key:
            for line in lines[1:]:
                try:
                    row = json.loads(line)
                except json.JSONDecodeError:
                    break
                if not isinstance(row, dict):
                    break
                rows.append(row)
    atomic_text(partial, "".join(json.dumps(r, default=_json_value) + "\n"
                                 for r in [{"scenario_key": key}, *rows]))
    return rows


class Progress:
    """Logs a long job's replicates done and the time left, at most every PROGRESS_SECONDS.
    The time left is reckoned from the first replicate's end on: the first pays for
    starting up (compiling the model on a fresh install: a minute), which would otherwise
    be counted again for every replicate left."""

    def __init__(self, job: int):
        self.job = job
        self.reported = time.perf_counter()
        self.first: tuple[float, int] | None = None  # when the first replicate ended, done then

    def __call__(self, done: int, total: int) -> None:
        now = time.perf_counter()
        if self.first is None:
            self.first = (now, done)
        if now - self.reported >= PROGRESS_SECONDS and done < total:
            self.reported = now
            since, then = self.first
            left = ""
            if done > then and now - since >= MEASURED_SECONDS:  # not one batch's rows
                left = f", about {(total - done) * (now - since) / (done - then):.0f} s left"
            log.info("Job %d: %d/%d replicates done%s", self.job, done, total, left)


def run_job(run_dir: Path, cfg: SimConfig, parameters: dict[str, Any], job: int) -> pd.DataFrame:
    """Run a job's replicates into ``run_dir/replicates.parquet``, or reuse a finished one
    (and the finished replicates of an interrupted one)."""
    path = run_dir / JOB_TABLE
    key = scenario_key(cfg)
    finished_table = _finished_table(path, key)
    if finished_table is not None:
        log.info("Job %d already finished in an earlier run: reusing %s", job, path)
        return finished_table
    run_dir.mkdir(parents=True, exist_ok=True)
    partial = run_dir / PARTIAL
    finished = _finished_rows(partial, key)
    if finished:
        log.info("Job %d: %d replicates finished in an earlier run, running the rest", job,
                 len(finished))
    if cfg.output.weekly:
        weekly.start(run_dir, len(finished))
    tic = time.perf_counter()
    with partial.open("a") as out:
        progress = Progress(job)

        def record(row: dict, done: int, total: int) -> None:
            out.write(json.dumps(row, default=_json_value) + "\n")
            out.flush()
            progress(done, total)

        table = run_replicates(cfg, parameters, finished, record, run_dir)
    if cfg.output.weekly:
        weekly.finish(run_dir, job)
    table.attrs = {
        "scenario_key": key,
        "job": job,
        "parameters": sorted(parameters) + sorted(cfg.sensitivity.parameters),
        "model_seconds": time.perf_counter() - tic,
        "horizon_weeks": cfg.horizon_weeks,
        "sensitivity": dataclasses.asdict(cfg.sensitivity),
    }
    atomic_write(path, lambda tmp: table.to_parquet(tmp, index=False))
    partial.unlink()
    return table


def describe(table: pd.DataFrame) -> str:
    """One line for the terminal."""
    adopted = int(table["adopted"].sum())
    return (f"{len(table)} replicates ({adopted} adopted, {len(table) - adopted} censored "
            f"at {table['horizon_weeks'].iloc[0]} weeks)")


