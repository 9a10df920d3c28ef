"""How long a consultant waits for a scenario run: the default scenario's ensemble end to end.

    .venv/bin/python benchmarks/bench_ensemble.py [--repeats 3] [overrides ...]

Runs ``python -m sim`` as a consultant does (the default: 100 futures of the default
municipality, 10 years, its report) ``--repeats`` times after one warm-up run (which
compiles the model with numba if needed), and gives the median wall time, with the
model's share (the job table's ``model_seconds``) and the rest (start-up, the median
future's rerun, figures, report). The last line holds the key figures as key=value.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd


def scenario_run(directory: Path, overrides: list[str]) -> tuple[float, float, int]:
    """Wall seconds of one scenario run, its model seconds and its number of futures."""
    tic = time.perf_counter()
    subprocess.run([sys.executable, "-m", "sim", *overrides, f"hydra.run.dir={directory}"],
                   check=True, capture_output=True)
    wall = time.perf_counter() - tic
    table = pd.read_parquet(directory / "replicates.parquet")
    return wall, table.attrs["model_seconds"], len(table)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("overrides", nargs="*", help="settings, e.g. scenario=midsize_merger")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        scenario_run(Path(tmp) / "warm-up", args.overrides)
        runs = [scenario_run(Path(tmp) / str(i), args.overrides) for i in range(args.repeats)]
    wall = statistics.median(r[0] for r in runs)
    model = statistics.median(r[1] for r in runs)
    futures = runs[0][2]
    print(f"scenario run ({' '.join(args.overrides) or 'the default scenario'}): {futures} "
          f"futures in {wall:.1f} s end to end (median of {args.repeats}), of which "
          f"{model:.1f} s model time ({futures / model:.1f} futures/s) and {wall - model:.1f} s "
          "start-up, the median future, figures and report")
    print(f"ensemble_s={wall:.1f} model_s={model:.1f} other_s={wall - model:.1f} "
          f"futures={futures} futures_per_s={futures / model:.1f}")


if __name__ == "__main__":
    main()
