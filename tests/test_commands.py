"""The other commands' options and files: a wrong one ends in a message and exit code 2.

Each command's ``main`` is run here as its ``__main__`` runs it (through
:func:`sim.config.explain.explained`), without starting a process per case.
"""

from __future__ import annotations

import json
import sqlite3

import pandas as pd
import pytest
from hydra import compose, initialize_config_dir
from omegaconf import OmegaConf

from sim.app.__main__ import main as app_main
from sim.calibration.inference import DATABASE, DATABASE_TABLES, POSTERIOR
from sim.calibration_report import main as calibration_report_main
from sim.config.explain import explained
from sim.config.paths import CONFIG_DIR
from sim.experiments.replicates import JOB_TABLE, run_job, scenario_key
from sim.experiments.sweep import MANIFEST, RESULTS
from sim.report import main as report_main
from tests.conftest import small_config
from tests.experiments.test_sweep import TINY


def refused(capsys, command, *argv) -> str:
    """Run a command's main as its ``__main__`` does; its message on exit code 2."""
    with pytest.raises(SystemExit) as stop:
        explained(lambda: command(list(argv)))
    err = capsys.readouterr().err
    assert stop.value.code == 2, err
    assert "Traceback" not in err
    return err


@pytest.fixture
def sweep_dir(tmp_path):
    """A finished two-job sweep directory, made in this process."""
    keys = []
    for job, strategy in enumerate(["weten", "moeten"]):
        cfg = small_config(*TINY, f"strategy={strategy}", "replicates=2")
        run_job(tmp_path / str(job), cfg, {"strategy": strategy}, job)
        keys.append(scenario_key(cfg))
    (tmp_path / MANIFEST).write_text(json.dumps({"identity": "x", "jobs": 2, "job_keys": keys}))
    return tmp_path


@pytest.mark.parametrize("argv, message", [
    (["--confidence", "2"], "argument --confidence: '2' is not a confidence level: give a "
                            "number between 0 and 1"),
    (["--confidence", "high"], "'high' is not a confidence level"),
    (["--plan-start", "2010-13-01"], "argument --plan-start: '2010-13-01' is not a date: "
                                     "write YYYY-MM-DD"),
])
def test_the_report_checks_its_options(capsys, sweep_dir, argv, message):
    assert message in refused(capsys, report_main, str(sweep_dir), *argv)
    assert not (sweep_dir / "report").exists()


def test_the_report_names_what_is_not_a_sweep(capsys, tmp_path):
    (tmp_path / "a_file").write_text("x")
    for path in (tmp_path / "a_file", tmp_path / "nowhere", tmp_path):
        assert f"{path} is not a sweep directory (no sweep.json)" in refused(
            capsys, report_main, str(path))
    scenario_run = tmp_path / "scenario_run"  # python -m sim writes a table and its report
    scenario_run.mkdir()
    (scenario_run / JOB_TABLE).write_bytes(b"")
    (scenario_run / "report.html").write_text("")
    assert f"{scenario_run} is a scenario run, not a sweep: its report is " \
           f"{scenario_run / 'report.html'}" in refused(capsys, report_main, str(scenario_run))
    (tmp_path / MANIFEST).write_text('{"jobs": 2')
    assert f"sweep manifest {tmp_path / MANIFEST} is damaged (not valid JSON" in refused(
        capsys, report_main, str(tmp_path))
    (tmp_path / MANIFEST).write_text("[1, 2]")
    assert "is not a sweep's manifest" in refused(capsys, report_main, str(tmp_path))
    assert not (tmp_path / "report").exists()


def test_the_report_collects_again_over_a_damaged_results_table(caplog, sweep_dir):
    report_main([str(sweep_dir)])
    first = pd.read_parquet(sweep_dir / f"{RESULTS}.parquet")
    (sweep_dir / f"{RESULTS}.parquet").write_bytes(b"PAR1 cut short")
    report_main([str(sweep_dir)])
    assert f"results table {sweep_dir / RESULTS}.parquet is damaged" in caplog.text
    assert "collecting it afresh from the job tables" in caplog.text
    pd.testing.assert_frame_equal(pd.read_parquet(sweep_dir / f"{RESULTS}.parquet"), first)


def test_the_report_leaves_out_a_damaged_job_table_and_says_so(caplog, sweep_dir):
    table = sweep_dir / "1" / JOB_TABLE
    table.write_bytes(table.read_bytes()[:300])
    report_main([str(sweep_dir)])
    assert f"job table {table} is damaged" in caplog.text
    assert "1 of 2 jobs have no results yet" in caplog.text
    assert len(pd.read_parquet(sweep_dir / f"{RESULTS}.parquet")) == 2


@pytest.mark.parametrize("argv, message", [
    (["--port", "70000"], "argument --port: '70000' is not a port: give a whole number from 1 "
                          "to 65535"),
    (["--port", "0"], "'0' is not a port"),
    (["--port", "http"], "'http' is not a port"),
    (["--host", ""], "argument --host: '' is not a host"),
])
def test_the_app_checks_its_options(capsys, argv, message):
    assert message in refused(capsys, app_main, *argv)


@pytest.fixture
def calibration_dir(tmp_path):
    """An ABC-SMC calibration run directory with its config, a whole (empty) database, no
    posterior."""
    with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3"):
        cfg = compose(config_name="calibrate", overrides=["calibration.method=abc_smc"])
    (tmp_path / ".hydra").mkdir()
    (tmp_path / ".hydra" / "config.yaml").write_text(OmegaConf.to_yaml(cfg))
    with sqlite3.connect(tmp_path / DATABASE) as db:
        for table in DATABASE_TABLES:
            db.execute(f"CREATE TABLE {table} (id INTEGER)")
    db.close()
    return tmp_path


def test_the_calibration_report_names_a_damaged_file(capsys, calibration_dir):
    (calibration_dir / POSTERIOR).write_bytes(bytes(range(256)))
    assert f"posterior file {calibration_dir / POSTERIOR} is not a readable CSV table" in refused(
        capsys, calibration_report_main, str(calibration_dir))
    (calibration_dir / DATABASE).write_bytes(b"garbage")
    assert f"calibration database {calibration_dir / DATABASE} is not an SQLite database" in \
        refused(capsys, calibration_report_main, str(calibration_dir))
    (calibration_dir / ".hydra" / "config.yaml").write_text("seed: 1\nseed: 2\n")
    assert "duplicate key 'seed'" in refused(capsys, calibration_report_main, str(calibration_dir))
    assert "is not a directory" in refused(capsys, calibration_report_main,
                                           str(calibration_dir / DATABASE))
