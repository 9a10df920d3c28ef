"""A sweep directory belongs to one sweep: another sweep is refused, a running one locks
it, damaged files are set aside and recomputed, and a killed sweep takes its workers
with it and resumes to the same results."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from sim.experiments import ownership
from sim.experiments.replicates import JOB_TABLE, PARTIAL, run_job, scenario_key
from sim.experiments.sweep import MANIFEST, collect
from tests.conftest import small_config
from tests.experiments.test_sweep import TINY, multirun
from tests.test_cli import assert_refused

SWEEP = ("strategy=weten,moeten", "replicates=2", "hydra/launcher=basic", "hydra.sweep.dir=s")


def snapshot(directory: Path) -> dict[str, bytes]:
    return {str(p.relative_to(directory)): p.read_bytes()
            for p in sorted(directory.rglob("*")) if p.is_file()}


def test_a_different_sweep_is_refused_and_the_same_one_resumes(tmp_path):
    assert multirun(tmp_path, *SWEEP).returncode == 0
    before = snapshot(tmp_path / "s")
    other = multirun(tmp_path, "strategy=weten,leren", *SWEEP[1:])
    assert_refused(other, "hydra.sweep.dir=s holds another sweep", "choose a new directory")
    assert snapshot(tmp_path / "s") == before
    again = multirun(tmp_path, *SWEEP)
    assert again.returncode == 0, again.stderr
    assert again.stdout.count("already finished") == 2


def test_only_a_new_or_empty_directory_becomes_a_sweep_directory(tmp_path):
    (tmp_path / "s").write_text("a file")
    assert_refused(multirun(tmp_path, *SWEEP), "hydra.sweep.dir=s is not allowed: it is a file")
    (tmp_path / "s").unlink()
    (tmp_path / "s").mkdir()
    (tmp_path / "s" / "notes.txt").write_text("mine")
    assert_refused(multirun(tmp_path, *SWEEP), "it holds files but no sweep.json")
    assert not list(tmp_path.glob(f"s/*/{JOB_TABLE}"))


def test_a_read_only_sweep_directory_is_refused_clearly(tmp_path):
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        pytest.skip("a read-only bind mount needs root and unshare")
    (tmp_path / "ro").mkdir()
    mount = f"mount --bind {tmp_path}/ro {tmp_path}/ro && " \
            f"mount -o remount,bind,ro {tmp_path}/ro && exec \"$@\""
    done = subprocess.run(["unshare", "-m", "sh", "-c", mount, "sh", sys.executable, "-m", "sim",
                           "-m", *TINY, *SWEEP[:-1], "hydra.sweep.dir=ro/s"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=300)
    assert_refused(done, "ro/s: Read-only file system: choose a directory you may write to")
    assert not list((tmp_path / "ro").iterdir())


def test_a_running_sweep_keeps_others_out_and_a_dead_ones_lock_is_taken_over(tmp_path):
    (tmp_path / "s").mkdir()
    other = subprocess.Popen(["sleep", "60"])  # stands for a sweep still running here
    lock = {"pid": other.pid, "host": socket.gethostname(), "started": None, "since": "09:00"}
    (tmp_path / "s" / ownership.LOCK).write_text(json.dumps(lock))
    try:
        assert_refused(multirun(tmp_path, *SWEEP), "hydra.sweep.dir=s is in use by a running "
                       f"sweep (process {other.pid}, since 09:00)", f"kill {other.pid}")
    finally:
        other.kill()
        other.wait()
    done = multirun(tmp_path, *SWEEP)  # the lock's process is gone now
    assert done.returncode == 0, done.stderr
    assert f"the sweep that held it (process {other.pid}) is gone" in done.stdout + done.stderr
    assert not (tmp_path / "s" / ownership.LOCK).exists()  # released at the end


def test_a_damaged_job_table_is_set_aside_and_computed_again(tmp_path):
    assert multirun(tmp_path, *SWEEP).returncode == 0
    first = pd.read_parquet(tmp_path / "s" / "results.parquet")
    table = tmp_path / "s" / "0" / JOB_TABLE
    table.write_bytes(table.read_bytes()[:200])  # a copy cut short
    done = multirun(tmp_path, *SWEEP)
    assert done.returncode == 0, done.stderr
    assert "is damaged" in done.stdout and "set aside as replicates.parquet.damaged" in done.stdout
    assert (table.parent / f"{JOB_TABLE}.damaged").is_file()
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "s" / "results.parquet"), first)


def test_a_damaged_file_of_finished_replicates_is_set_aside(tmp_path, caplog):
    cfg = small_config(*TINY, "replicates=2")
    (tmp_path / "job").mkdir()
    (tmp_path / "job" / PARTIAL).write_bytes(b"\xff\xfe{not json\n")
    with caplog.at_level("WARNING"):
        resumed = run_job(tmp_path / "job", cfg, {}, 0)
    assert "is not UTF-8 text" in caplog.text and "set aside" in caplog.text
    pd.testing.assert_frame_equal(resumed, run_job(tmp_path / "fresh", cfg, {}, 0))


def test_job_tables_of_another_sweep_are_never_collected(tmp_path, caplog):
    ours, theirs = small_config(*TINY), small_config(*TINY, "strategy=leren")
    run_job(tmp_path / "0", ours, {}, 0)
    run_job(tmp_path / "1", theirs, {}, 1)  # left by another sweep in this directory
    manifest = {"identity": "x", "jobs": 2, "job_keys": [scenario_key(ours), "another"]}
    (tmp_path / MANIFEST).write_text(json.dumps(manifest))
    with caplog.at_level("WARNING"):
        results = collect(tmp_path)
    assert len(results) == 1 and results.attrs["missing_jobs"] == 1
    assert f"{tmp_path / '1' / JOB_TABLE} belongs to another sweep: left out" in caplog.text


# A sweep whose jobs run a few seconds each on joblib's workers, long enough to kill: ten
# batches of replicates each (sim.experiments.replicates.chunk_size), kept batch by batch.
KILLED = ("organisation.staff=20", "horizon_weeks=400", "seed=0,1,2,3", "replicates=320")


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory) -> pd.DataFrame:
    cwd = tmp_path_factory.mktemp("whole")
    done = subprocess.run([sys.executable, "-m", "sim", "-m", *KILLED, "hydra/launcher=basic",
                           "hydra.sweep.dir=s"], cwd=cwd, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr
    return pd.read_parquet(cwd / "s" / "results.parquet")


def alive(pids: set[int]) -> set[int]:
    """Those of ``pids`` still running (a zombie has ended, only not been reaped yet)."""
    running = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
        except OSError:
            continue
        if state != "Z":
            running.add(pid)
    return running


def descendants(pid: int) -> set[int]:
    """Every process started (directly or not) by ``pid``."""
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parents[int(stat.parent.name)] = int(stat.read_text().rpartition(")")[2].split()[1])
        except (OSError, ValueError):
            continue
    found, todo = set(), [pid]
    while todo:
        current = todo.pop()
        children = {p for p, parent in parents.items() if parent == current}
        todo += children - found
        found |= children
    return found


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to see the processes")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGKILL])
def test_a_killed_sweep_stops_its_workers_and_resumes_to_the_same_results(
        tmp_path, uninterrupted, signum):
    command = [sys.executable, "-m", "sim", "-m", *KILLED, "hydra.sweep.dir=s"]  # joblib
    log = tmp_path / "stderr.txt"  # a file: workers that outlive the sweep keep no pipe open
    with log.open("w") as err:
        sweep = subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=err)
    partial = tmp_path / "s" / "0" / PARTIAL
    while not (partial.is_file() and len(partial.read_text().splitlines()) >= 3):
        assert sweep.poll() is None, log.read_text()
        time.sleep(0.05)  # until the workers have finished a few replicates
    workers = descendants(sweep.pid)
    assert workers
    os.kill(sweep.pid, signum)  # the main process only
    sweep.wait(timeout=60)
    assert "Traceback" not in log.read_text()
    deadline = time.monotonic() + 5  # the bound: no orphan after 5 s
    while alive(workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    orphans = alive(workers)
    for pid in orphans:  # a failing test leaves nothing running either
        os.kill(pid, signal.SIGKILL)
    assert orphans == set(), "orphaned workers"
    resumed = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert resumed.returncode == 0, resumed.stderr
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "s" / "results.parquet"),
                                  uninterrupted)
