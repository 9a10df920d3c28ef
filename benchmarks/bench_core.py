"""How fast is the weekly update? The engine against the per-agent reference, by size,
on a quiet and on a busy machine.

    .venv/bin/python benchmarks/bench_core.py [--previous DIR]

Prints, all measured in this one run:

* agent-steps per second (people x weeks / seconds of ``step()``, construction excluded)
  of :class:`sim.model.Municipality` and of the per-agent Mesa reference
  (``sim/model/reference.py``) at 100, 1,000 and 10,000 staff, and their ratio;
* the CPU cost per agent-week of a whole run (``run_model``: one compiled call) at
  1,000, 10,000 and 20,000 staff, alone and while another process keeps a core busy
  (started here), and the ratios of the large sizes to 1,000 staff;
* a 10-year run of 500 staff (median of seeds) with and without the plan and events,
  and of 20,000 staff in a fresh process (time, peak memory);
* with ``--previous DIR`` (a checkout of the previous main): the cost per agent-week at
  1,000 staff of both, stepped week by week, and their ratio.

The core rules (``plan=none``) unless said otherwise; departments scale with size
(``max(3, staff // 60)``). The last line holds the headline figures as key=value.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from previous import child, measure_elsewhere  # noqa: E402

# staff: (weeks for the engine, weeks for the reference)
SIZES = {100: (520, 100), 1_000: (520, 40), 10_000: (200, 20)}
COST_SIZES = {1_000: 520, 10_000: 200, 20_000: 100}
MEDIUM, MEDIUM_RUNS = 500, 10
LARGE = 20_000
TEN_YEARS = 520


def config(staff: int, *overrides: str):
    """The core rules (no plan layer) unless ``overrides`` say otherwise."""
    from sim.config.compose import load_config

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


def stepped_cost(staff: str = "1000", weeks: str = "300") -> dict:
    """CPU nanoseconds per agent-week of ``step()`` (any checkout's Municipality)."""
    from sim.model.municipality import Municipality

    staff, weeks = int(staff), int(weeks)
    model = Municipality(config(staff, f"horizon_weeks={weeks + 5}"))
    for _ in range(5):  # compiled code loaded, caches warm
        model.step()
    start = time.process_time()
    for _ in range(weeks):
        model.step()
    return {"ns": (time.process_time() - start) / (staff * weeks) * 1e9}


def run_cost(staff: int, weeks: int, repeats: int = 3) -> float:
    """CPU nanoseconds per agent-week of a whole run (``run_model``), best of repeats."""
    from sim.model.municipality import Municipality

    best = float("inf")
    for seed in range(repeats):
        model = Municipality(config(staff, f"horizon_weeks={weeks}", f"seed={seed}"))
        start = time.process_time()
        model.run_model()
        best = min(best, (time.process_time() - start) / (staff * weeks) * 1e9)
    return best


def busy(stop) -> None:
    while not stop.is_set():
        pass


def ten_years(staff: int, seed: int = 0, *overrides: str) -> tuple[float, float]:
    """Construction time and total time (s) of a 10-year run, as ``python -m sim`` runs it."""
    from sim.model.municipality import Municipality

    cfg = config(staff, f"horizon_weeks={TEN_YEARS}", f"seed={seed}", *overrides)
    start = time.perf_counter()
    model = Municipality(cfg)
    built = time.perf_counter() - start
    model.run_model()
    return built, time.perf_counter() - start


def large_run() -> dict:
    """In a fresh process: one 10-year run of the large organisation, time and peak RSS."""
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    built, total = ten_years(LARGE)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"built": built, "total": total, "rss_before_kib": before, "rss_peak_kib": peak}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--previous", help="a checkout of the previous main to compare with")
    args = parser.parse_args()
    import mesa
    import numpy as np

    from sim.model.municipality import Municipality
    from sim.model.reference import ReferenceMunicipality

    print(f"Python {platform.python_version()}, numpy {np.__version__}, mesa {mesa.__version__}, "
          f"{os.cpu_count()} CPUs")
    print()
    agent_steps(Municipality, 100, 5)  # warm up imports, configs and compiled code
    agent_steps(ReferenceMunicipality, 100, 2)

    header = (f"{'staff':>7} | {'weeks':>5} {'build s':>8} {'engine/s':>13} | "
              f"{'weeks':>5} {'build s':>8} {'reference/s':>12} | {'ratio':>7}")
    print("Agent-steps per second (people x weeks / step time; construction excluded)")
    print(header)
    print("-" * len(header))
    ratios = {}
    for staff, (fast_weeks, ref_weeks) in SIZES.items():
        fast_built, fast = agent_steps(Municipality, staff, fast_weeks)
        ref_built, ref = agent_steps(ReferenceMunicipality, staff, ref_weeks)
        ratios[staff] = fast / ref
        print(f"{staff:>7,} | {fast_weeks:>5} {fast_built:>8.3f} {fast:>13,.0f} | "
              f"{ref_weeks:>5} {ref_built:>8.3f} {ref:>12,.0f} | {fast / ref:>6.0f}x")
    print()

    print("CPU per agent-week of a whole run (one compiled call), best of 3 seeds:")
    costs = {}
    for loaded in (False, True):
        stop = multiprocessing.Event()
        load = multiprocessing.Process(target=busy, args=(stop,)) if loaded else None
        if load:
            load.start()
        try:
            costs[loaded] = {staff: run_cost(staff, weeks) for staff, weeks in
                             COST_SIZES.items()}
        finally:
            if load:
                stop.set()
                load.join()
        row = ", ".join(f"{staff:,} staff {ns:.0f} ns" for staff, ns in costs[loaded].items())
        print(f"  {'another core busy' if loaded else 'quiet':<18} {row}")
    for loaded in (False, True):
        c = costs[loaded]
        print(f"  {'busy' if loaded else 'quiet'}: 10,000 / 1,000 staff {c[10_000] / c[1_000]:.2f}"
              f", 20,000 / 1,000 staff {c[20_000] / c[1_000]:.2f}")
    print()

    runs = [ten_years(MEDIUM, seed) for seed in range(MEDIUM_RUNS)]
    totals = [total for _, total in runs]
    print(f"10-year run ({TEN_YEARS} weeks), {MEDIUM:,} staff, construction included: "
          f"median {statistics.median(totals):.3f} s over {MEDIUM_RUNS} seeds "
          f"(min {min(totals):.3f}, max {max(totals):.3f}; "
          f"construction median {statistics.median(b for b, _ in runs):.3f} s)")
    with_plan = ("plan=default", "+events.cut={type: budget_cut, week: 150, size: 0.2}",
                 "+events.delay={type: national_delay, week: 40, weeks: 30, block: wabo}")
    core, layered = [], []
    for seed in range(MEDIUM_RUNS):
        core.append(ten_years(MEDIUM, seed)[1])
        layered.append(ten_years(MEDIUM, seed, *with_plan)[1])
    more = statistics.median(layered) / statistics.median(core) - 1
    print(f"  the same with the plan layer and two events: "
          f"{statistics.median(layered):.3f} s ({more:+.0%})")
    result = subprocess.run([sys.executable, __file__, "--measure", "large_run"], check=True,
                            capture_output=True, text=True)
    r = json.loads(result.stdout.strip().splitlines()[-1])
    print(f"10-year run, {LARGE:,} staff, fresh process: {r['total']:.2f} s "
          f"(construction {r['built']:.2f} s), peak RSS {r['rss_peak_kib'] / 1024:.0f} MiB "
          f"({r['rss_before_kib'] / 1024:.0f} MiB after imports)")
    print()

    headline = {"ratio_vs_reference_1k": f"{ratios[1_000]:.0f}",
                "ns_per_agent_week_1k": f"{costs[False][1_000]:.0f}",
                "cost_ratio_10k_vs_1k_loaded": f"{costs[True][10_000] / costs[True][1_000]:.2f}",
                "cost_ratio_20k_vs_1k_loaded": f"{costs[True][20_000] / costs[True][1_000]:.2f}"}
    if args.previous:
        now = stepped_cost()["ns"]
        before = measure_elsewhere(__file__, "stepped_cost", args.previous)["ns"]
        print(f"Stepped week by week, 1,000 staff, CPU per agent-week: this checkout {now:.0f} "
              f"ns, previous ({args.previous}) {before:.0f} ns: {now / before:.2f}x")
        headline.update(stepped_ns_1k=f"{now:.0f}", previous_stepped_ns_1k=f"{before:.0f}",
                        stepped_ratio_to_previous=f"{now / before:.2f}")
    print(" ".join(f"{k}={v}" for k, v in headline.items()))


if __name__ == "__main__":
    if not child({"stepped_cost": stepped_cost, "large_run": large_run}):
        main()
