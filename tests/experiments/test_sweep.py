"""Sweeps: replicate seeds, job tables, resume, pre-launch checks, launchers, the report."""

from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess
import sys

import pandas as pd
import pytest

from sim.config.errors import ConfigError
from sim.experiments.replicates import JOB_TABLE, replicate_seeds, run_job, run_replicates
from sim.experiments.sweep_report import deadlines, report
from tests.conftest import small_config

TINY = ("organisation=size_lt_10k", "horizon_weeks=120", "stop_at_adoption=true")


def multirun(cwd, *overrides):
    done = subprocess.run([sys.executable, "-m", "sim", "-m", *TINY, *overrides], cwd=cwd,
                          capture_output=True, text=True, timeout=300)
    return done


def test_a_replicate_depends_only_on_its_seed():
    batch = run_replicates(small_config(*TINY, "seed=1", "replicates=3"), {})
    assert list(batch["seed"]) == list(replicate_seeds(small_config("seed=1", "replicates=3")))
    alone = run_replicates(small_config(*TINY, "seed=5"), {})  # seed 1*3 + 2
    pd.testing.assert_frame_equal(batch.iloc[[2]].drop(columns="replicate").reset_index(drop=True),
                                  alone.drop(columns="replicate"))


def test_a_finished_job_is_reused_and_a_changed_one_recomputed(tmp_path):
    cfg = small_config(*TINY, "replicates=2")
    run_job(tmp_path, cfg, {}, 0)
    stamp = (tmp_path / JOB_TABLE).stat().st_mtime_ns
    run_job(tmp_path, cfg, {}, 0)
    assert (tmp_path / JOB_TABLE).stat().st_mtime_ns == stamp
    run_job(tmp_path, dataclasses.replace(cfg, horizon_weeks=60), {}, 0)
    assert pd.read_parquet(tmp_path / JOB_TABLE)["horizon_weeks"].eq(60).all()


def test_joblib_and_submitit_local_give_the_same_rows(tmp_path):
    sweep = ("strategy=weten,moeten", "leadership.board_commitment=0.9", "replicates=4")
    tables = []
    for launcher in ("joblib", "submitit_local"):
        done = multirun(tmp_path, *sweep, f"hydra/launcher={launcher}",
                        f"hydra.sweep.dir={launcher}")
        assert done.returncode == 0, done.stderr
        tables.append(pd.read_parquet(tmp_path / launcher / "results.parquet"))
    joblib, submitit = tables
    assert len(joblib) == 8 and set(joblib["strategy"]) == {"weten", "moeten"}
    assert {"leadership.board_commitment", "seed", "adopted", "time_to_adoption_weeks",
            "censored", "final_commitment_share"} <= set(joblib.columns)
    pd.testing.assert_frame_equal(joblib, submitit)
    assert (tmp_path / "joblib" / "results.csv").is_file()


def test_a_resumed_sweep_computes_only_the_missing_jobs(tmp_path):
    sweep = ("strategy=weten,moeten,willen,leren", "replicates=2", "hydra/launcher=basic",
             "hydra.sweep.dir=s")
    assert multirun(tmp_path, *sweep).returncode == 0
    first = pd.read_parquet(tmp_path / "s" / "results.parquet")
    tables = sorted((tmp_path / "s").glob(f"*/{JOB_TABLE}"))
    kept = {p: p.stat().st_mtime_ns for p in tables[:2]}
    for p in tables[2:]:
        p.unlink()
        (p.parent / f".{JOB_TABLE}.999.tmp").write_bytes(b"half-written")  # an interrupted write
    done = multirun(tmp_path, *sweep)
    assert done.returncode == 0, done.stderr
    assert {p: p.stat().st_mtime_ns for p in tables[:2]} == kept
    assert done.stdout.count("already finished") == 2
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "s" / "results.parquet"), first)


@pytest.mark.parametrize("override, expected", [
    ("leadership.board_commitment=0.2,1.5", "leadership.board_commitment=1.5 is not allowed"),
    ("leadershp.board_commitment=0.2,0.5", "did you mean leadership.board_commitment?"),
    ("seed=range(0,0)", "seed=range(0,0) sweeps over no values"),
    ("hydra/launcher=jobllib", "hydra/launcher=jobllib is not allowed: no such choice"),
    ("seed=0,1,-5", "seed=-5 is not allowed"),  # one bad job among good ones
    ("+foo=1,2", "foo is not a setting of the scenario"),
    ("hydra.launcher.n_jobs=0", "hydra.launcher.n_jobs=0 is not allowed"),
])
def test_a_bad_sweep_fails_before_any_job_runs(tmp_path, override, expected):
    done = multirun(tmp_path, "strategy=weten,moeten", override)
    assert done.returncode == 2
    assert expected in done.stderr and "Traceback" not in done.stderr
    assert not list(tmp_path.glob(f"**/{JOB_TABLE}"))


def test_the_report_says_not_reached_when_nothing_adopts(tmp_path):
    sweep = ("horizon_weeks=60", "plan.start_date=2010-01-01", "strategy=weten,moeten",
             "replicates=3", "hydra/launcher=basic", "hydra.sweep.dir=s")
    assert multirun(tmp_path, *sweep).returncode == 0
    text = report(tmp_path / "s")
    assert "not reached [not reached, not reached]" in text
    assert "not reached" in (tmp_path / "s" / "report" / "time_to_adoption.md").read_text()
    estimates = pd.read_csv(tmp_path / "s" / "report" / "time_to_adoption.csv")
    assert estimates["median_weeks"].isna().all() and len(estimates) == 2
    assert (tmp_path / "s" / "report" / "survival.png").stat().st_size > 0
    assert "P(adopted by 2011) [95% Wilson CI]" in text and "0.00 [0.00, 0.56]" in text  # n=3
    assert "knowing (weten)" in text and "strategy=weten" not in text
    assert not (tmp_path / "s" / "report" / "logrank.md").exists()  # nothing to compare
    assert "plan start 2010-01-01" in text  # the runs' own: 2011 is 52 weeks on


def test_the_deadlines_count_from_the_runs_own_plan_start(tmp_path):
    sweep = ("plan.start_date=2009-01-01,2010-06-01", "replicates=2", "hydra/launcher=basic",
             "hydra.sweep.dir=s")
    assert multirun(tmp_path, *sweep).returncode == 0
    with pytest.raises(ConfigError, match=r"on 2 dates \(2009-01-01, 2010-06-01\).*--plan-start"):
        report(tmp_path / "s")
    assert deadlines(dt.date(2010, 6, 1)) == {"2011": 30, "2015": 239}
    text = report(tmp_path / "s", plan_start=dt.date(2010, 6, 1))
    assert "plan start 2010-06-01" in text


def test_a_median_not_reached_is_a_marked_cell_not_a_blank_one():
    from sim.experiments.sweep_report import NOT_REACHED_CELL, heatmap_figure

    table = pd.DataFrame({"strategy": ["weten", "weten", "willen", "willen"],
                          "leadership.board_commitment": [0.2, 0.8, 0.2, 0.8],
                          "median_weeks": [300.0, 150.0, float("nan"), 200.0]})
    fig = heatmap_figure(table, ["strategy", "leadership.board_commitment"])
    ax = fig.axes[0]
    marked = [p for p in ax.patches if p.get_hatch() == NOT_REACHED_CELL["hatch"]]
    assert len(marked) == 1 and marked[0].get_xy() == (-0.5, 0.5)  # row willen, column 0.2
    assert "not\nreached" in [t.get_text() for t in ax.texts]
    assert ax.get_xlabel() == "board commitment"
    assert [t.get_text() for t in ax.get_yticklabels()] == ["knowing (weten)", "wanting (willen)"]


def test_an_interrupted_job_resumes_after_its_last_finished_replicate(tmp_path, monkeypatch):
    import sim.experiments.replicates as sweep

    cfg = small_config(*TINY, "replicates=5")
    whole = run_job(tmp_path / "whole", cfg, {"strategy": "weten"}, 0)
    monkeypatch.setattr(sweep, "CHUNK_REPLICATES", 1)  # one replicate at a time
    real_batch, calls = sweep.run_batch, []

    def interrupted_after_three(configs, record):
        if len(calls) == 3:
            raise KeyboardInterrupt  # Ctrl-C, or the cluster ending the job
        calls.extend(c.seed for c in configs)
        return real_batch(configs, record)

    monkeypatch.setattr(sweep, "run_batch", interrupted_after_three)
    with pytest.raises(KeyboardInterrupt):
        run_job(tmp_path / "job", cfg, {"strategy": "weten"}, 0)
    assert not (tmp_path / "job" / JOB_TABLE).exists()
    with (tmp_path / "job" / sweep.PARTIAL).open("a") as out:
        out.write('{"replicate": 3, "see')  # torn by the interruption while writing
    monkeypatch.setattr(sweep, "run_batch", lambda configs, record: calls.extend(
        c.seed for c in configs) or real_batch(configs, record))
    resumed = run_job(tmp_path / "job", cfg, {"strategy": "weten"}, 0)
    assert calls == list(replicate_seeds(cfg))  # each replicate ran once, over both runs
    pd.testing.assert_frame_equal(resumed, whole)
    assert not (tmp_path / "job" / sweep.PARTIAL).exists()


def test_finished_replicates_of_another_scenario_are_not_reused(tmp_path, monkeypatch):
    import sim.experiments.replicates as sweep

    cfg = small_config(*TINY, "replicates=2")
    monkeypatch.setattr(sweep, "CHUNK_REPLICATES", 1)
    real_batch, calls = sweep.run_batch, []

    def interrupted_after_one(configs, record):
        if calls:
            raise KeyboardInterrupt
        calls.extend(c.seed for c in configs)
        return real_batch(configs, record)

    monkeypatch.setattr(sweep, "run_batch", interrupted_after_one)
    with pytest.raises(KeyboardInterrupt):
        run_job(tmp_path, cfg, {}, 0)
    monkeypatch.setattr(sweep, "run_batch", real_batch)
    changed = dataclasses.replace(cfg, horizon_weeks=60)
    pd.testing.assert_frame_equal(run_job(tmp_path, changed, {}, 0),
                                  run_job(tmp_path / "fresh", changed, {}, 0))


def test_a_long_job_reports_its_progress(tmp_path, monkeypatch, caplog):
    import sim.experiments.replicates as sweep

    monkeypatch.setattr(sweep, "PROGRESS_SECONDS", 0.0)
    with caplog.at_level("INFO", logger="sim.experiments.replicates"):
        run_job(tmp_path, small_config(*TINY, "replicates=3"), {}, 7)
    assert "Job 7: 1/3 replicates done" in caplog.text
    assert "Job 7: 2/3 replicates done" in caplog.text
    assert "3/3" not in caplog.text  # the finished job is reported by the sweep instead


def test_the_time_left_leaves_out_the_first_replicates_start_up(monkeypatch, caplog):
    """On a fresh install the first replicate waits a minute for the compiled model; the
    estimate must not charge that minute to every replicate left (it said "about 4982 s
    left" for a job that ended a minute later)."""
    import sim.experiments.replicates as sweep

    clock = iter([0.0, 100.0, 101.0, 102.0, 103.0])  # start, then one replicate a second
    monkeypatch.setattr(sweep.time, "perf_counter", lambda: next(clock))
    monkeypatch.setattr(sweep, "PROGRESS_SECONDS", 0.0)
    progress = sweep.Progress(7)
    with caplog.at_level("INFO", logger="sim.experiments.replicates"):
        for done in (1, 2, 3, 4):
            progress(done, 100)
    assert "Job 7: 1/100 replicates done\n" in caplog.text + "\n"  # no estimate yet
    assert "Job 7: 4/100 replicates done, about 96 s left" in caplog.text
