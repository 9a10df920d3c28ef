"""Replicates per second of a 500-staff municipality over 10 years, and sweep overhead.

    .venv/bin/python benchmarks/bench_sweep.py [--replicates 40]

1. single process: ``run_replicates`` in this process;
2. all cores: the same replicates as a Hydra multirun through the joblib launcher,
   one job per core, timed end to end (process start, Hydra, workers, collection);
3. overhead per job: a multirun of jobs with one short replicate each, wall time per
   job minus the model time the jobs report.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from sim.config import load_config
from sim.sweep import run_replicates

SCENARIO = ["organisation=size_50_100k", "horizon_weeks=520", "strategy=moeten"]


def multirun(directory: Path, *overrides: str) -> tuple[float, pd.DataFrame]:
    tic = time.perf_counter()
    subprocess.run([sys.executable, "-m", "sim", "-m", *overrides,
                    f"hydra.sweep.dir={directory}"], check=True, capture_output=True)
    return time.perf_counter() - tic, pd.read_parquet(directory / "results.parquet")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--replicates", type=int, default=40)
    args = parser.parse_args()
    n, cores = args.replicates, os.cpu_count() or 1

    cfg = load_config([*SCENARIO, f"replicates={n}"])
    tic = time.perf_counter()
    run_replicates(cfg, {})
    single = n / (time.perf_counter() - tic)
    print(f"single process: {single:.2f} replicates/s (500 staff, 520 weeks, no stop at adoption)")

    with tempfile.TemporaryDirectory() as tmp:
        per_job = n // cores
        wall, table = multirun(Path(tmp) / "all", *SCENARIO, f"replicates={per_job}",
                               f"seed=range(0,{cores})")
        print(f"all {cores} cores (joblib, end to end): {len(table) / wall:.2f} replicates/s "
              f"({len(table)} replicates in {wall:.1f} s)")

        jobs = 4 * cores
        wall, table = multirun(Path(tmp) / "tiny", "organisation=size_lt_10k", "horizon_weeks=10",
                               f"seed=range(0,{jobs})")
        model = table.attrs["model_seconds"]
        print(f"sweep overhead: {jobs} one-replicate jobs in {wall:.1f} s wall, model time "
              f"{model:.2f} s: {(wall * cores - model) / jobs:.2f} core-seconds per job "
              f"(vs {1 / single:.2f} s model time per 500-staff 10-year replicate)")


if __name__ == "__main__":
    main()
