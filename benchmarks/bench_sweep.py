"""Replicates per second of a 500-staff municipality over 10 years, and sweep overhead.

    .venv/bin/python benchmarks/bench_sweep.py [--replicates 200] [--previous DIR]

1. single process: ``run_replicates`` in this process;
2. all cores: the same replicates as a Hydra multirun through the joblib launcher,
   one job per core, timed end to end (process start, Hydra, workers, collection),
   and while the jobs run (replicates over the slowest job's model time), with the
   fixed start-up and collection cost that separates the two;
3. overhead: multiruns of few and of many jobs with one short replicate each; the
   extra wall time per extra job (less its model time) is the cost of a job, the
   rest the fixed cost of a sweep;
4. with ``--previous DIR`` (a checkout of the previous main): its single-process rate,
   measured in this run, and the ratio; and both checkouts on all cores the same simple
   way, one ``single_process`` per core at once (the sum of their rates), this checkout
   first, and the ratio.

The last line holds the headline figures as key=value.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).parent))
from previous import child, measure_elsewhere  # noqa: E402

SCENARIO = ["organisation=size_50_100k", "horizon_weeks=520", "strategy=moeten"]


def multirun(directory: Path, *overrides: str) -> tuple[float, pd.DataFrame]:
    tic = time.perf_counter()
    subprocess.run([sys.executable, "-m", "sim", "-m", *overrides,
                    f"hydra.sweep.dir={directory}"], check=True, capture_output=True)
    return time.perf_counter() - tic, pd.read_parquet(directory / "results.parquet")


def single_process(n: str = "100") -> dict:
    """Replicates per second in this process (any checkout's run_replicates)."""
    from sim.config.compose import load_config
    from sim.experiments.replicates import run_replicates

    run_replicates(load_config([*SCENARIO, "replicates=2", "seed=99"]), {})  # warm up
    cfg = load_config([*SCENARIO, f"replicates={n}"])
    tic = time.perf_counter()
    run_replicates(cfg, {})
    return {"per_s": int(n) / (time.perf_counter() - tic)}


def all_cores(checkout: str, n: str, cores: int) -> float:
    """Replicates per second of ``cores`` processes at once, each ``single_process(n)``
    with checkout's ``sim``: the sum of their rates."""
    with ThreadPoolExecutor(cores) as pool:
        rates = pool.map(lambda _: measure_elsewhere(__file__, "single_process", checkout, n),
                         range(cores))
        return sum(r["per_s"] for r in rates)


def main() -> None:
    from sim.experiments.replicates import JOB_TABLE

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--replicates", type=int, default=200)
    parser.add_argument("--previous", help="a checkout of the previous main to compare with")
    args = parser.parse_args()
    n, cores = args.replicates, os.cpu_count() or 1

    single = single_process(str(n))["per_s"]
    print(f"single process: {single:.2f} replicates/s (500 staff, 520 weeks, no stop at adoption)")
    headline = {"replicates_per_s_1proc": f"{single:.2f}"}
    if args.previous:
        before = measure_elsewhere(__file__, "single_process", args.previous,
                                   str(max(20, n // 4)))["per_s"]
        print(f"previous ({args.previous}): {before:.2f} replicates/s in one process: "
              f"{single / before:.2f}x")
        headline.update(previous_replicates_per_s_1proc=f"{before:.2f}",
                        speedup_vs_previous=f"{single / before:.2f}")
        m = str(max(20, n // 4))
        here = all_cores(str(Path(__file__).resolve().parents[1]), m, cores)
        there = all_cores(args.previous, m, cores)
        print(f"{cores} processes at once: {here:.2f} replicates/s, previous {there:.2f}: "
              f"{here / there:.2f}x")
        headline[f"speedup_vs_previous_{cores}proc"] = f"{here / there:.2f}"

    with tempfile.TemporaryDirectory() as tmp:
        per_job = n // cores
        wall, table = multirun(Path(tmp) / "all", *SCENARIO, f"replicates={per_job}",
                               f"seed=range(0,{cores})")
        slowest = max(pd.read_parquet(p).attrs["model_seconds"]
                      for p in (Path(tmp) / "all").glob(f"*/{JOB_TABLE}"))
        headline[f"replicates_per_s_{cores}proc"] = f"{len(table) / slowest:.2f}"
        print(f"all {cores} cores (joblib): {len(table) / slowest:.2f} replicates/s while the "
              f"jobs run ({len(table) / slowest / single:.2f}x single), "
              f"{len(table) / wall:.2f} replicates/s end to end ({len(table)} replicates in "
              f"{wall:.1f} s, of which {wall - slowest:.1f} s start-up and collection)")

        # Overhead: two sweeps of tiny one-replicate jobs; the difference in wall time
        # per extra job is the per-job cost, what is left of the smaller one is fixed.
        few, many = 2 * cores, 8 * cores
        walls = {}
        for jobs in (few, many):
            wall, table = multirun(Path(tmp) / f"tiny{jobs}", "organisation=size_lt_10k",
                                   "horizon_weeks=10", f"seed=range(0,{jobs})")
            walls[jobs] = (wall, table.attrs["model_seconds"])
        (wall_few, model_few), (wall_many, model_many) = walls[few], walls[many]
        per_job = ((wall_many - wall_few) * cores - (model_many - model_few)) / (many - few)
        fixed = wall_few - few * per_job / cores
        print(f"sweep overhead: {per_job:.2f} core-seconds per job (from {few} and {many} "
              f"one-replicate jobs: {wall_few:.1f} s and {wall_many:.1f} s wall) plus "
              f"{fixed:.1f} s per sweep (start-up and collection); a 500-staff 10-year "
              f"replicate is {1 / single:.2f} s of model time")
    print(" ".join(f"{k}={v}" for k, v in headline.items()))


if __name__ == "__main__":
    if not child({"single_process": single_process}):
        main()
