"""Simulated surveys per second, the unit of work of the calibration, on 1 and on all cores.

    .venv/bin/python benchmarks/bench_calibration.py [--surveys 8] [--respondents 126]

Each simulated survey draws a population and runs its respondents from their plan start
to the survey date (sim/simulated_survey.py). Parameters are the priors' midpoints. The
ratio of the two rates is the speed-up the multicore sampler can get at most.
"""

from __future__ import annotations

import argparse
import os
import time
from multiprocessing import get_context

from hydra import compose, initialize_config_dir

from sim.calibration.inference import problem_of, to_config
from sim.config.paths import CONFIG_DIR


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--surveys", type=int, default=8)
    parser.add_argument("--respondents", type=int, default=None)
    args = parser.parse_args()
    overrides = [] if args.respondents is None else [f"calibration.respondents={args.respondents}"]
    with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3"):
        cfg = to_config(compose(config_name="calibrate", overrides=overrides))
    problem = problem_of(cfg)
    middle = {name: (low + high) / 2 for name, (low, high) in cfg.parameters.items()}
    problem(middle, seed=999)  # compose the base scenarios once, before timing or forking
    seeds = range(args.surveys)
    cores = os.cpu_count() or 1
    rates = {}
    for procs in sorted({1, cores}):
        tic = time.perf_counter()
        if procs == 1:
            for s in seeds:
                problem(middle, seed=s)
        else:
            with get_context("fork").Pool(procs) as pool:
                pool.starmap(problem, [(middle, s) for s in seeds])
        seconds = time.perf_counter() - tic
        rates[procs] = args.surveys / seconds
        print(f"{procs} process(es): {args.surveys} surveys of {problem.respondents} "
              f"respondents in {seconds:.1f} s = {rates[procs]:.3f} surveys/s "
              f"({rates[procs] * problem.respondents:.1f} municipality runs/s)")
    if cores > 1:
        print(f"speed-up on {cores} cores: {rates[cores] / rates[1]:.2f}x")


if __name__ == "__main__":
    main()
