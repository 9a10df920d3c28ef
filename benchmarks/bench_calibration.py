"""Simulated surveys: the unit of work of the calibration, in CPU per survey and per second.

    .venv/bin/python benchmarks/bench_calibration.py [--surveys 8] [--previous DIR]

Each simulated survey draws a population and runs its 126 respondents from their plan
start to the survey date, all in one batch, then the review's 40 towns to December 2019
(sim/calibration/simulated_survey.py), at the priors' midpoints, set afresh for each
survey as a calibration's particles are (the base scenarios of every size class and
strategy, composed once per process, are composed before timing). Prints the CPU seconds
per survey on one core (with where they go: the respondents, the review's towns;
building the towns, running them), surveys per second on one core and on all cores,
and with ``--previous DIR`` the same CPU figures of a checkout of the previous main and
the ratio of the respondents' part (a checkout without the review has only that part).
The last line holds the headline figures as key=value.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from multiprocessing import get_context
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from previous import child, measure_elsewhere  # noqa: E402


def problem_and_middle():
    from hydra import compose, initialize_config_dir

    from sim.calibration.inference import problem_of, to_config
    from sim.config.paths import CONFIG_DIR

    with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3"):
        cfg = to_config(compose(config_name="calibrate"))
    problem = problem_of(cfg)
    middle = {name: (low + high) / 2 for name, (low, high) in cfg.parameters.items()}
    problem(middle, seed=999)  # compile before timing
    # Compose every base scenario before timing: once per process, thousands of surveys
    # in a calibration.
    from sim.calibration import simulated_survey
    from sim.config.vocabulary import STRATEGIES

    for size_class in problem.population.size_classes:
        for strategy in STRATEGIES:
            simulated_survey.base_scenario(size_class, strategy, problem.overrides)
    return problem, middle


def survey(problem, middle, seed) -> None:
    """One simulated survey with its parameters set afresh (a calibration's particles
    each have their own: the scenarios' cache of the last ones is cleared)."""
    from sim.calibration import simulated_survey

    if hasattr(simulated_survey, "parameterised"):  # the previous main has no such cache
        simulated_survey.parameterised.cache_clear()
    problem(middle, seed=seed)


def cpu_per_survey(surveys: str = "4") -> dict:
    """CPU seconds per simulated survey on one core, and of them the review's towns
    (any checkout's simulated survey; 0 where it has no review target)."""
    problem, middle = problem_and_middle()
    review = [0.0]
    if hasattr(problem, "review_share"):
        def timed(*args, _share=problem.review_share):
            tic = time.process_time()
            try:
                return _share(*args)
            finally:
                review[0] += time.process_time() - tic
        problem.review_share = timed
    start = time.process_time()
    for s in range(int(surveys)):
        survey(problem, middle, s)
    return {"cpu_s": (time.process_time() - start) / int(surveys),
            "review_s": review[0] / int(surveys)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--surveys", type=int, default=8)
    parser.add_argument("--previous", help="a checkout of the previous main to compare with")
    args = parser.parse_args()
    import cProfile
    import pstats

    timed = cpu_per_survey(str(args.surveys))
    cpu, review = timed["cpu_s"], timed["review_s"]
    problem, middle = problem_and_middle()
    profile = cProfile.Profile()  # where the time goes, in a second pass (it slows Python)
    profile.enable()
    for s in range(args.surveys):
        survey(problem, middle, s)
    profile.disable()
    stats = pstats.Stats(profile)
    total = stats.total_tt
    share = {name: sum(v[3] for k, v in stats.stats.items() if k[2] == name) / total
             for name in ("build", "advance")}
    print(f"one core: {cpu:.2f} s of CPU per survey: its {problem.respondents} respondents "
          f"{cpu - review:.2f} s, the review's {problem.review_municipalities} towns "
          f"{review:.2f} s (building the towns {share['build']:.0%}, running them "
          f"{share['advance']:.0%}, as shares of a profiled pass)")
    cores = os.cpu_count() or 1
    rates = {}
    for procs in sorted({1, cores}):
        tic = time.perf_counter()
        if procs == 1:
            for s in range(args.surveys):
                survey(problem, middle, s)
        else:
            with get_context("fork").Pool(procs) as pool:
                pool.starmap(survey, [(problem, middle, s) for s in range(args.surveys)])
        rates[procs] = args.surveys / (time.perf_counter() - tic)
        print(f"{procs} process(es): {rates[procs]:.2f} surveys/s "
              f"({rates[procs] * problem.respondents:.0f} municipality runs/s)")
    headline = {"cpu_s_per_survey": f"{cpu:.3f}",
                "cpu_s_respondents_per_survey": f"{cpu - review:.3f}",
                "surveys_per_s_1proc": f"{rates[1]:.2f}",
                f"surveys_per_s_{cores}proc": f"{rates[cores]:.2f}"}
    if args.previous:
        then = measure_elsewhere(__file__, "cpu_per_survey", args.previous,
                                 str(max(2, args.surveys // 2)))
        before = then["cpu_s"] - then.get("review_s", 0.0)
        print(f"previous ({args.previous}): {before:.2f} s of CPU for the respondents of a "
              f"survey: this checkout is {before / (cpu - review):.1f}x faster")
        headline.update(previous_cpu_s_respondents_per_survey=f"{before:.3f}",
                        speedup_vs_previous=f"{before / (cpu - review):.2f}")
    print(" ".join(f"{k}={v}" for k, v in headline.items()))


if __name__ == "__main__":
    if not child({"cpu_per_survey": cpu_per_survey}):
        main()
