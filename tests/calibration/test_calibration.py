"""Calibration: clear errors, a resumable ABC-SMC run with its report, parameter recovery."""

from __future__ import annotations

import dataclasses
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hydra import compose, initialize_config_dir

from sim.calibration.inference import (
    DATABASE,
    POSTERIOR,
    Budget,
    calibrate,
    problem_of,
    to_config,
)
from sim.calibration.national_record import load_record
from sim.calibration.pool import worker_pool
from sim.calibration.report import (
    HEADLINE_ESS,
    REVIEW,
    Findings,
    caveat,
    parameter_table,
    review_check,
    stop_reason,
)
from sim.config.paths import CONFIG_DIR

ROOT = CONFIG_DIR.parent
TINY = ["calibration.method=abc_smc", "calibration.population_size=4", "calibration.respondents=6",
        "calibration.predictive_draws=2", "calibration.predictive_municipalities=3",
        "calibration.n_procs=2", "calibration.max_walltime_minutes=0"]


def run_calibrate(*overrides):
    return subprocess.run([sys.executable, "-m", "sim.calibrate", *overrides], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)


def generations(run_dir: Path) -> int:
    with sqlite3.connect(run_dir / DATABASE) as db:
        return db.execute("select count(*) from populations where t >= 0").fetchone()[0]


@pytest.mark.parametrize("override, message", [
    ("parameters={plan.capacity: [0.3, 0.1]}", "must be [low, high] with low < high"),
    ("parameters={plan.capacity: [0.1, 3.0]}", "plan.capacity=3.0 is not allowed"),
    ("population.size_classes.size_lt_10k=10", "must sum to the survey's municipalities_invited"),
    ("survey_file=/nowhere/survey.yaml", "survey file /nowhere/survey.yaml does not exist"),
])
def test_a_wrong_calibration_setting_stops_before_anything_runs(tmp_path, override, message):
    run_dir = tmp_path / "run"
    done = run_calibrate(f"run_dir={run_dir}", override)
    assert done.returncode == 2
    assert message in done.stderr
    assert not run_dir.exists()


def test_a_run_dir_that_is_a_file_or_a_damaged_database_is_named(tmp_path):
    (tmp_path / "file").write_text("not a directory")
    done = run_calibrate(f"run_dir={tmp_path / 'file'}")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert f"{tmp_path / 'file'}: File exists: a file stands where a directory is needed" \
        in done.stderr
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    damaged = b"SQLite format 3\x00" + b"\x00" * 200  # cut short
    (run_dir / DATABASE).write_bytes(damaged)
    done = run_calibrate(f"run_dir={run_dir}", *TINY)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert f"calibration database {run_dir / DATABASE} is damaged" in done.stderr
    assert (run_dir / DATABASE).read_bytes() == damaged
    assert not (run_dir / POSTERIOR).exists() and not (run_dir / "calibration.yaml").exists()


def test_a_calibration_resumes_and_reports(tmp_path):
    run_dir = tmp_path / "run"
    first = run_calibrate(f"run_dir={run_dir}", "calibration.generations=1", *TINY)
    assert first.returncode == 0, first.stderr
    assert generations(run_dir) == 1
    second = run_calibrate(f"run_dir={run_dir}", "calibration.generations=2", *TINY)
    assert second.returncode == 0, second.stderr
    assert "Resuming" in second.stderr + second.stdout
    assert generations(run_dir) == 2  # the first generation was not run again
    posterior = pd.read_csv(run_dir / POSTERIOR)
    assert len(posterior) == 4 and posterior["weight"].sum() == pytest.approx(1.0)
    assert (posterior["generation"] == 1).all()
    for name in ("calibration_report.html", "targets.csv", "targets.png", "parameters.csv",
                 "posterior.png", "posterior_pairs.png", "adoption.csv",
                 "adoption_by_strategy.png", "adoption_by_size.png", "generations.csv"):
        assert (run_dir / name).stat().st_size > 0, name
    targets = pd.read_csv(run_dir / "targets.csv", index_col="target")
    assert len(targets) == 4 + 4 * 11 and targets["covered"].dtype == bool
    assert "Calibration report" in second.stdout
    assert "stopped: it ran the 2 generations asked for" in second.stdout
    # the 2009 review's ten years: a deadline of every adoption table, a check in the report
    assert f"adopted_by_{REVIEW}" in pd.read_csv(run_dir / "adoption.csv")
    assert "by 10 Dec 2019:" in second.stdout
    assert "The 2009 review's check" in (run_dir / "calibration_report.html").read_text()
    other = run_calibrate(f"run_dir={run_dir}", "calibration.generations=3", *TINY,
                          "population.own_capacity_factor=0.9")
    assert other.returncode == 2
    assert "holds a calibration with other settings (population differ)" in other.stderr
    assert generations(run_dir) == 2


def recovery_config(tmp_path, *overrides):
    """A small survey: municipalities under 10k inhabitants with plans of 2009, two
    parameters the figures should reveal (capacity -> on schedule, threshold -> causes)."""
    with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3"):
        cfg = compose(config_name="calibrate", overrides=[
            f"run_dir={tmp_path}", "population.size_classes={size_lt_10k: 431, "
            "size_10_25k: 0, size_25_50k: 0, size_50_100k: 0, size_gt_100k: 0}",
            "population.strategy_by_size={}", "population.plan_start_earliest=2009-01-01",
            "~parameters", "+parameters={plan.capacity: [0.04, 0.2], "
            "observation.naming_threshold: [0.3, 0.9]}", *overrides])
    return to_config(cfg)


def recover(tmp_path, truth: dict[str, float], *overrides) -> pd.DataFrame:
    # no walltime limit: the number of generations, not the machine's speed, sets the result
    cfg = recovery_config(tmp_path, "calibration.max_walltime_minutes=0", *overrides)
    target = problem_of(cfg)(truth, seed=12345)
    posterior = calibrate(cfg, tmp_path, target=target)
    return parameter_table(posterior, cfg.parameters)


def test_parameter_recovery_small(tmp_path):
    """The machinery works: percentages the model made with known parameters lead back to
    them. Reduced (CI, about a minute): 20 respondents with plans of the second half of
    2009, 16 particles, 3 generations; single core, so every run gives the same result."""
    truth = {"plan.capacity": 0.07, "observation.naming_threshold": 0.7}
    table = recover(tmp_path, truth, "calibration.method=abc_smc", "calibration.respondents=20",
                    "calibration.n_procs=1", "calibration.population_size=16",
                    "calibration.generations=3",
                    "population.plan_start_earliest=2009-06-01")
    for name, value in truth.items():
        row = table.loc[name]
        assert row["low"] <= value <= row["high"], (name, row.to_dict())
    # the data narrowed both (seen: 0.40 and 0.59 of the prior's 90% width; the threshold
    # 0.82 since the review's target is a fifth figure in the distance, silent on it)
    assert table.loc["plan.capacity", "width_vs_prior"] < 0.7
    assert table.loc["observation.naming_threshold", "width_vs_prior"] < 0.9


@pytest.mark.slow
def test_parameter_recovery_full(tmp_path):
    """On demand (pytest -m slow): the survey's 126 respondents and a larger budget,
    about 480 simulated surveys (14 minutes on 2 cores). Both true values must lie in
    their 90% intervals; the capacity must be pinned down. The naming threshold at 0.5
    was not identified at this budget (interval 0.32-0.89 with 57 effective particles,
    2026-11-24), unlike at 0.7 in the small test: fig. 14 is noisy at 126 respondents."""
    truth = {"plan.capacity": 0.12, "observation.naming_threshold": 0.5}
    table = recover(tmp_path, truth, "calibration.method=abc_smc",
                    "calibration.population_size=60",
                    "calibration.generations=4", "calibration.n_procs=0")
    for name, value in truth.items():
        row = table.loc[name]
        assert row["low"] <= value <= row["high"], (name, row.to_dict())
    assert table.loc["plan.capacity", "identified"] == "pinned down"


def test_posterior_particles_drive_sweeps(tmp_path):
    """posterior=<file>: each replicate draws a particle by its own seed."""
    from sim.config import calibrated
    from sim.config.compose import load_config
    from sim.config.errors import ConfigError

    path = tmp_path / POSTERIOR
    pd.DataFrame({"plan.capacity": [0.05, 0.15], "population.board_commitment_mean": [0.3, 0.7],
                  "weight": [0.0, 1.0], "generation": [3, 3]}).to_csv(path, index=False)
    cfg = load_config(["organisation=size_lt_10k", f"posterior={path}"])
    drawn, what = calibrated.draw(cfg)
    assert what == {"posterior_particle": 1, "plan.capacity": 0.15}  # weight 0 never drawn
    assert drawn.plan.capacity == 0.15 and drawn.posterior is None
    assert drawn.leadership.board_commitment == cfg.leadership.board_commitment
    again, _ = calibrated.draw(dataclasses.replace(cfg, seed=cfg.seed))
    assert again == drawn
    bad = tmp_path / "bad.csv"
    pd.DataFrame({"plan.nonsense": [1.0], "weight": [1.0]}).to_csv(bad, index=False)
    with pytest.raises(ConfigError, match="no setting 'nonsense'"):
        load_config(["organisation=size_lt_10k", f"posterior={bad}"])



def test_the_reports_workers_end_on_sigterm_whatever_the_parents_handler():
    """The report's workers are forked from a command that handles SIGTERM in Python; they
    take the default back, so the pool's SIGTERM always ends them."""
    previous = signal.signal(signal.SIGTERM, lambda *_: None)
    try:
        with worker_pool(2) as pool:
            handlers = pool.map(signal.getsignal, [signal.SIGTERM, signal.SIGINT])
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert handlers == [signal.SIG_DFL, signal.SIG_IGN]


@pytest.mark.parametrize("done, last_epsilon, budget, expected", [
    (4, 2.0, dict(generations=4), "it ran the 4 generations asked for"),
    (3, 0.4, dict(generations=12, minimum_epsilon=0.5), "reached calibration.minimum_epsilon"),
    (3, 2.0, dict(generations=12, max_walltime_minutes=9), "the walltime"),
    (3, 2.0, dict(generations=12), "stopped after 3 of 12 generations"),
])
def test_the_report_says_why_the_calibration_stopped(done, last_epsilon, budget, expected):
    generations = pd.DataFrame({"t": range(done), "epsilon": [9.0] * (done - 1) + [last_epsilon]})
    assert expected in stop_reason(generations, Budget(**budget))


def test_headline_figures_of_few_effective_particles_carry_a_caveat():
    assert "read with care: 13 effective particles" in caveat(13.3)
    assert caveat(HEADLINE_ESS) == ""


def test_long_work_through_the_pool_says_how_far_it_is(monkeypatch, caplog):
    """The report's predictive runs took 13-18 minutes without a word: now a line about
    every half minute (and at the end) says how many are done and how long to go."""
    from sim.calibration import pool

    clock = iter([0.0, 10.0, 40.0, 50.0, 80.0])  # the start, then four results
    monkeypatch.setattr(pool.time, "perf_counter", lambda: next(clock))
    with caplog.at_level("INFO", logger="sim.calibration.pool"):
        done = pool.followed(iter("abcd"), 4, "Predictive surveys", "posterior draws")
    assert done == list("abcd")
    lines = [r.getMessage() for r in caplog.records]
    assert lines == [
        "Predictive surveys: 2 of 4 posterior draws done (50%), 0.05 a second, about 1 min to go",
        "Predictive surveys: 4 of 4 posterior draws done (100%), 0.05 a second, about 0 min to go"]


def test_the_review_check_judges_the_share_adopted_by_its_horizon():
    """The review judged most municipalities would not have the blocks in real use ten
    years on: a calibrated share at most its bound (one half) is consistent with it, above
    is not."""
    assert load_record().review_horizon.isoformat() == "2019-12-10"

    def found(share):
        adoption = pd.DataFrame([{"group": "all", f"adopted_by_{REVIEW}": share,
                                  f"adopted_by_{REVIEW}_low": share / 2,
                                  f"adopted_by_{REVIEW}_high": min(share * 2, 1)}])
        return Findings(*[None] * 2, adoption, *[None] * 4, "", 500.0,
                        load_record().review_horizon, load_record().review_share_at_most)

    slow, fast = review_check(found(0.3)), review_check(found(0.8))
    assert "30% [15%, 60%] of municipalities adopted by 10 December 2019" in slow
    assert slow.endswith("consistent with the review.")
    assert "at odds with the review" in fast


def test_the_logit_scale_keeps_the_uniform_priors():
    """ABC samples logits (no kernel reaches past a bound); mapped back they are the
    uniform priors: a Kolmogorov-Smirnov test over 5,000 draws."""
    from scipy import stats

    from sim.calibration.inference import prior, to_values

    parameters = {"plan.capacity": [0.04, 0.3], "dynamics.forward_rate": [0.01, 0.08]}
    np.random.seed(1)  # pyabc draws from numpy's global generator
    draws = [to_values(prior(parameters).rvs(), parameters) for _ in range(5_000)]
    for name, (low, high) in parameters.items():
        values = np.array([d[name] for d in draws])
        assert low < values.min() and values.max() < high
        assert stats.kstest(values, "uniform", args=(low, high - low)).pvalue > 0.01
