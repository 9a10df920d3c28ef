"""The calibration on a real Redis with two ``abc-redis-worker`` processes: the posterior
is produced, and neither a lost worker nor a stopped calibration loses the run."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys

import pandas as pd
from pyabc.sampler.redis_eps import cmd

from sim.calibration.inference import DATABASE, POSTERIOR
from tests.cluster.conftest import ROOT, wait_for

TINY = ("calibration.method=abc_smc", "calibration.population_size=8", "calibration.respondents=10",
        "calibration.generations=2", "calibration.predictive_draws=2",
        "calibration.predictive_municipalities=3", "calibration.max_walltime_minutes=0",
        "calibration.redis_lost_worker_minutes=0.1",
        "calibration.n_procs=1")  # the report's runs in this process: no pool to start
LOST = "taken as lost"


def calibrate(redis, run_dir) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "sim.calibrate", f"run_dir={run_dir}", *TINY,
         "calibration.sampler=redis", "calibration.redis_host=127.0.0.1",
         f"calibration.redis_port={redis.port}"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def finish(process: subprocess.Popen) -> str:
    return process.communicate(timeout=240)[0]


def busy_with(redis, generation: int, worker: subprocess.Popen) -> bool:
    """The calibration is in ``generation``, a few particles in, ``worker`` among them."""
    analysis = redis.client.get(cmd.ANALYSIS_ID)
    if analysis is None:
        return False
    evaluations = redis.client.get(cmd.idfy(cmd.N_EVAL, analysis.decode(), generation))
    return (evaluations is not None and int(evaluations) >= 2
            and f"Begin generation {generation}" in redis.log(worker))


def generations(run_dir) -> int:
    with sqlite3.connect(run_dir / DATABASE) as db:
        return db.execute("select count(*) from populations where t >= 0").fetchone()[0]


def test_a_worker_killed_mid_generation_does_not_stop_the_calibration(redis, tmp_path):
    lost, kept = redis.start_worker(), redis.start_worker()
    run = calibrate(redis, tmp_path / "run")
    wait_for(lambda: busy_with(redis, 0, lost), "the first generation", seconds=120)
    lost.kill()  # SIGKILL: no chance to sign off (out of memory, a node going down)
    output = finish(run)
    assert run.returncode == 0, output
    assert LOST in output  # pyabc alone would wait for it forever
    assert generations(tmp_path / "run") == 2
    posterior = pd.read_csv(tmp_path / "run" / POSTERIOR)
    assert len(posterior) == 8 and (posterior["generation"] == 1).all()
    assert "Finished generation 1" in redis.log(kept)


def test_a_stopped_worker_and_a_stopped_calibration_lose_nothing(redis, tmp_path):
    stopped, kept = redis.start_worker(), redis.start_worker()
    run = calibrate(redis, tmp_path / "run")
    wait_for(lambda: busy_with(redis, 0, stopped), "the first generation", seconds=120)
    stopped.send_signal(signal.SIGTERM)  # kill, scancel, a time limit: signs off by itself
    assert stopped.wait(timeout=60) == 0
    assert "received stop signal" in redis.log(stopped)
    wait_for(lambda: busy_with(redis, 1, kept), "the second generation", seconds=120)
    run.send_signal(signal.SIGTERM)  # the calibration's own job ends
    output = finish(run)
    assert run.returncode == 128 + signal.SIGTERM, output
    assert redis.client.get(cmd.ANALYSIS_ID) is None  # signed off: Redis is free again
    assert generations(tmp_path / "run") == 1

    resumed = calibrate(redis, tmp_path / "run")
    resumed_output = finish(resumed)
    assert resumed.returncode == 0, resumed_output
    assert "Resuming" in resumed_output and generations(tmp_path / "run") == 2
    assert len(pd.read_csv(tmp_path / "run" / POSTERIOR)) == 8
    assert LOST not in output + resumed_output
