"""How fast is the weekly update? The vectorised model against the per-agent reference.

    .venv/bin/python benchmarks/bench_core.py

Prints, all measured in this one run:

* agent-steps per second (people x weeks / seconds of ``step()``, construction
  excluded and printed separately) of :class:`sim.model.Municipality` and of the
  per-agent Mesa reference (``sim/model/reference.py``) at 100, 1,000 and
  10,000 staff, and their ratio;
* the time of a 10-year (520-week) run of a 500-staff municipality, construction
  included (median of several seeds);
* the time and peak memory (max RSS) of a 10-year run of a 20,000-staff
  organisation, each in a fresh subprocess, once with the default number of BLAS
  threads and once with one.

Departments scale with size (``max(3, staff // 60)``); everything else is the
default scenario. Takes about a minute on two cores.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time

import mesa
import numpy as np

from sim.config.compose import load_config
from sim.model.municipality import Municipality
from sim.model.reference import ReferenceMunicipality

# staff: (weeks for the vectorised model, weeks for the reference)
SIZES = {100: (520, 100), 1_000: (520, 40), 10_000: (200, 20)}
MEDIUM, MEDIUM_RUNS = 500, 10
LARGE = 20_000
TEN_YEARS = 520
BLAS_THREAD_VARS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def config(staff: int, *overrides: str):
    """The core rules (no plan layer) unless ``overrides`` say otherwise."""
    return load_config([f"organisation.staff={staff}",
                        f"organisation.departments={max(3, staff // 60)}", "plan=none",
                        *overrides])


def agent_steps(model_class, staff: int, weeks: int) -> tuple[float, float]:
    """Construction time (s) and agent-steps per second of ``weeks`` calls to ``step()``."""
    cfg = config(staff, f"horizon_weeks={max(weeks, 1)}")
    start = time.perf_counter()
    model = model_class(cfg)
    built = time.perf_counter() - start
    start = time.perf_counter()
    for _ in range(weeks):
        model.step()
    return built, staff * weeks / (time.perf_counter() - start)


def ten_years(staff: int, seed: int = 0, *overrides: str) -> tuple[float, float]:
    """Construction time and total time (s) of a 10-year run, as ``python -m sim`` runs it."""
    cfg = config(staff, f"horizon_weeks={TEN_YEARS}", f"seed={seed}", *overrides)
    start = time.perf_counter()
    model = Municipality(cfg)
    built = time.perf_counter() - start
    model.run_model()
    return built, time.perf_counter() - start


def child_large() -> None:
    """In a fresh process: one 10-year run of the large organisation, time and peak RSS."""
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    built, total = ten_years(LARGE)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"built": built, "total": total, "rss_before_kib": before,
                      "rss_peak_kib": peak}))


def large_run(**env: str) -> dict:
    result = subprocess.run([sys.executable, __file__, "--child-large"], check=True,
                            capture_output=True, text=True, env={**os.environ, **env})
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    threads = {v: os.environ[v] for v in BLAS_THREAD_VARS if v in os.environ}
    print(f"Python {platform.python_version()}, numpy {np.__version__}, mesa {mesa.__version__}, "
          f"{os.cpu_count()} CPUs, BLAS threads: {threads or 'default'}")
    print()
    # Warm up imports, config composition, caches and the compiled weekly update (numba)
    # so the first size is not penalised.
    agent_steps(Municipality, 100, 5)
    agent_steps(ReferenceMunicipality, 100, 2)

    header = (f"{'staff':>7} | {'weeks':>5} {'build s':>8} {'vectorised/s':>13} | "
              f"{'weeks':>5} {'build s':>8} {'reference/s':>12} | {'ratio':>7}")
    print("Agent-steps per second (people x weeks / step time; construction excluded)")
    print(header)
    print("-" * len(header))
    for staff, (fast_weeks, ref_weeks) in SIZES.items():
        fast_built, fast = agent_steps(Municipality, staff, fast_weeks)
        ref_built, ref = agent_steps(ReferenceMunicipality, staff, ref_weeks)
        print(f"{staff:>7,} | {fast_weeks:>5} {fast_built:>8.3f} {fast:>13,.0f} | "
              f"{ref_weeks:>5} {ref_built:>8.3f} {ref:>12,.0f} | {fast / ref:>6.0f}x")
    print()

    runs = [ten_years(MEDIUM, seed) for seed in range(MEDIUM_RUNS)]
    totals = [total for _, total in runs]
    print(f"10-year run ({TEN_YEARS} weeks), {MEDIUM:,} staff, vectorised, construction included:")
    print(f"  median {statistics.median(totals):.3f} s over {MEDIUM_RUNS} seeds "
          f"(min {min(totals):.3f}, max {max(totals):.3f}; "
          f"construction median {statistics.median(b for b, _ in runs):.3f} s)")
    print()

    print(f"Plan layer and events vs the core rules, {MEDIUM:,} staff, 10 years, "
          f"interleaved, median of {MEDIUM_RUNS} seeds:")
    with_plan = ("plan=default", "+events.cut={type: budget_cut, week: 150, size: 0.2}",
                 "+events.delay={type: national_delay, week: 40, weeks: 30, block: wabo}")
    core, layered = [], []
    for seed in range(MEDIUM_RUNS):
        core.append(ten_years(MEDIUM, seed)[1])
        layered.append(ten_years(MEDIUM, seed, *with_plan)[1])
    print(f"  core {statistics.median(core):.3f} s, with plan and events "
          f"{statistics.median(layered):.3f} s: "
          f"{statistics.median(layered) / statistics.median(core) - 1:+.0%}")
    print()

    print(f"10-year run ({TEN_YEARS} weeks), {LARGE:,} staff, vectorised, fresh process each:")
    print(f"  {'BLAS threads':<14} {'build s':>8} {'total s':>8} {'peak RSS MiB':>13} "
          f"{'after imports MiB':>18}")
    for label, env in (("default", {}), ("1", dict.fromkeys(BLAS_THREAD_VARS, "1"))):
        r = large_run(**env)
        print(f"  {label:<14} {r['built']:>8.2f} {r['total']:>8.2f} "
              f"{r['rss_peak_kib'] / 1024:>13.0f} {r['rss_before_kib'] / 1024:>18.0f}")


if __name__ == "__main__":
    if sys.argv[1:] == ["--child-large"]:
        child_large()
    else:
        main()
