"""The weekly table: written only when asked, one row per replicate-week, kept across an
interruption, collected for the sweep; envelopes across replicates."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from sim.experiments import weekly
from sim.experiments.replicates import JOB_TABLE, run_job
from sim.experiments.sweep import collect
from sim.experiments.sweep_report import report
from tests.conftest import small_config

TINY = ("organisation.staff=30", "organisation.departments=2", "horizon_weeks=40")


def test_weekly_tables_only_when_asked_and_one_row_per_replicate_week(tmp_path):
    (tmp_path / "sweep.json").write_text(json.dumps({"jobs": 2}))
    run_job(tmp_path / "0", small_config(*TINY, "replicates=2", "output.weekly=true"),
            {"strategy": "weten"}, 0)
    run_job(tmp_path / "1", small_config(*TINY, "replicates=2", "strategy=willen",
                                         "output.weekly=true"), {"strategy": "willen"}, 1)
    results = collect(tmp_path)
    table = pd.read_parquet(tmp_path / weekly.RESULTS_WEEKLY)
    assert len(table) == (results["weeks_run"] + 1).sum()  # week 0 and every week run
    assert list(table.columns[:5]) == ["job", "strategy", "replicate", "seed", "week"]
    assert {"staff_commitment", "manager_resistance", "mean_doubt_about_change",
            "main_old_grievances", "plan_delivered"} <= set(table.columns)
    assert table.groupby(["job", "replicate"]).size().tolist() == [41] * 4
    assert not (tmp_path / "0" / weekly.PARTS).exists()
    report(tmp_path)
    assert (tmp_path / "report" / "envelopes.png").stat().st_size > 0

    alone = run_job(tmp_path / "plain", small_config(*TINY, "replicates=2"), {}, 0)
    assert not (tmp_path / "plain" / weekly.JOB_WEEKLY).exists() and len(alone) == 2


def test_an_interrupted_job_keeps_its_weekly_tables(tmp_path, monkeypatch):
    import sim.experiments.replicates as replicates

    cfg = small_config(*TINY, "replicates=3", "output.weekly=true")
    whole = run_job(tmp_path / "whole", cfg, {}, 0)
    monkeypatch.setattr(replicates, "CHUNK_REPLICATES", 1)
    real_batch, calls = replicates.run_batch, []

    def interrupted_after_two(configs, record):
        if len(calls) == 2:
            raise KeyboardInterrupt
        calls.extend(c.seed for c in configs)
        return real_batch(configs, record)

    monkeypatch.setattr(replicates, "run_batch", interrupted_after_two)
    with pytest.raises(KeyboardInterrupt):
        run_job(tmp_path / "job", cfg, {}, 0)
    assert not (tmp_path / "job" / JOB_TABLE).exists()
    monkeypatch.setattr(replicates, "run_batch", real_batch)
    pd.testing.assert_frame_equal(run_job(tmp_path / "job", cfg, {}, 0), whole)
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "job" / weekly.JOB_WEEKLY),
                                  pd.read_parquet(tmp_path / "whole" / weekly.JOB_WEEKLY))


def test_envelope_quantiles_per_week():
    table = pd.DataFrame({"week": [0] * 21 + [1] * 21, "x": list(range(21)) * 2})
    env = weekly.envelope(table, "x")
    assert env.loc[0, ["q05", "q25", "q50", "q75", "q95"]].tolist() == [1, 5, 10, 15, 19]
    assert env["runs"].tolist() == [21, 21]
