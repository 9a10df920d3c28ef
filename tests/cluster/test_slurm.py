"""Sweeps through a real SLURM (one node, tests/cluster/slurm.sh) with the shipped launcher
config: a job array, the same rows as the other launchers, and a resume after scancel."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
from submitit.core.utils import FailedJobError, UncompletedJobError

from hydra_plugins.sim_slurm import ENDED, QueueWatcher, ended
from sim.experiments.replicates import JOB_TABLE, PARTIAL
from tests.cluster.conftest import ROOT, wait_for

SMALL = ("organisation.staff=60", "horizon_weeks=50")
SLURM = ("hydra/launcher=slurm", "hydra.launcher.partition=debug")


def sweep(cwd, env, *overrides) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "sim", "-m", *overrides], cwd=cwd, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def finish(process: subprocess.Popen) -> str:
    output, _ = process.communicate(timeout=240)
    return output


def results(directory) -> pd.DataFrame:
    table = pd.read_parquet(directory / "results.parquet")
    by = [c for c in ("organisation.staff", "strategy", "seed") if c in table]
    return table.sort_values(by, ignore_index=True)


def array_of(sweep_dir) -> str:
    """The job id of the sweep's one SLURM array, from submitit's submission script."""
    scripts = list((sweep_dir / ".submitit").glob("*/*_submission.sh"))
    assert len(scripts) == 1, scripts
    assert re.search(r"#SBATCH --array=0-\d+", scripts[0].read_text())
    return scripts[0].parent.name


def test_without_accounting_job_states_come_from_squeue():
    watcher = QueueWatcher(delay_s=60)
    for job in ("7_0", "7_1", "7_2", "7_3"):
        watcher.register_job(job)
    assert watcher._make_command()[0] == "squeue"
    info = watcher.read_info("7_0|COMPLETED|node1\n7_1|CANCELLED|node1\n7_[3]|PENDING|\n")
    states = {job: info[job]["State"] for job in ("7_0", "7_1", "7_2", "7_3")}
    # 7_2 has left the controller's memory: it ended, and its result tells how
    assert states == {"7_0": "COMPLETED", "7_1": "CANCELLED", "7_2": ENDED, "7_3": "PENDING"}


def test_a_job_without_its_table_is_told_in_one_line():
    rule = "-" * 22
    failed = FailedJobError("\n".join([
        "Job (task=0) failed during processing with trace:", rule,
        "Traceback (most recent call last):", '  File "x.py", line 1, in <module>',
        "hydra.errors.MissingConfigException: In 'config': Could not find 'scenario/town'",
        "", "Available options in 'scenario':", "\tinspired_mayor", rule,
        "You can check full logs with 'job.stderr(0)' and 'job.stdout(0)'or at paths:",
        "  - /s/.submitit/3_1/3_1_0_log.err", "  - /s/.submitit/3_1/3_1_0_log.out"]))
    assert ended(failed) == ("a job failed: hydra.errors.MissingConfigException: In 'config': "
                             "Could not find 'scenario/town' (its log: "
                             "/s/.submitit/3_1/3_1_0_log.err)")
    cancelled = UncompletedJobError("Job 3_2 (task: 0) with path /s/.submitit/3_2/r.pkl\n"
                                    "has not produced any output (state: CANCELLED)\n"
                                    "Error stream produced:\n...")
    assert ended(cancelled) == ("Job 3_2 (task: 0) with path /s/.submitit/3_2/r.pkl has not "
                                "produced any output (state: CANCELLED); its logs are in that "
                                "directory")


def test_a_slurm_sweep_is_an_array_with_the_rows_of_the_other_launchers(slurm, tmp_path):
    points = ("strategy=weten,moeten", "replicates=3", *SMALL)
    outputs = {}
    for name, launcher in (("slurm", SLURM), ("joblib", ("hydra/launcher=joblib",)),
                           ("basic", ("hydra/launcher=basic",))):
        process = sweep(tmp_path, slurm, *points, *launcher, f"hydra.sweep.dir={name}")
        outputs[name] = finish(process)
        assert process.returncode == 0, outputs[name]
    array = array_of(tmp_path / "slurm")
    states = subprocess.run(["squeue", "--noheader", "--array", "--states=all", "--jobs", array,
                             "--format=%i %T"], env=slurm, capture_output=True, text=True)
    ended = dict(line.split() for line in states.stdout.split("\n")[:-1])
    assert sorted(ended) == [f"{array}_0", f"{array}_1"], states.stdout
    for task, state in ended.items():
        assert state == "COMPLETED" or lost_after_success(slurm, tmp_path / "slurm", task), \
            how_tasks_ended(slurm, tmp_path / "slurm", array)
    # this cluster keeps no accounting: states come from squeue, without a warning per poll
    assert "following the jobs with squeue" in outputs["slurm"]
    assert "Bypassing sacct error" not in outputs["slurm"]
    assert "accounting storage is disabled" not in outputs["slurm"]
    rows = {name: results(tmp_path / name) for name in outputs}
    assert len(rows["slurm"]) == 6 and set(rows["slurm"]["strategy"]) == {"weten", "moeten"}
    pd.testing.assert_frame_equal(rows["slurm"], rows["joblib"])
    pd.testing.assert_frame_equal(rows["slurm"], rows["basic"])


def test_a_scenario_file_reaches_the_tasks_without_a_copy_on_disk(slurm, tmp_path):
    """Tasks compose their scenario again on their own node, from the config store Hydra
    hands them with their job: the file is read once, on the login node, and never copied
    (a login node's /tmp is not a compute node's)."""
    scenario = tmp_path / "my_town.yaml"
    scenario.write_text((ROOT / "configs" / "scenario" / "inspired_mayor.yaml").read_text())
    process = sweep(tmp_path, slurm, f"scenario={scenario}", "strategy=weten,moeten",
                    "replicates=2", "organisation.staff=60", "horizon_weeks=60", *SLURM,
                    "hydra.sweep.dir=s")
    output = finish(process)
    assert process.returncode == 0, output
    table = results(tmp_path / "s")
    assert len(table) == 4 and set(table["strategy"]) == {"weten", "moeten"}
    assert "scenario: file/my_town" in (tmp_path / "s" / "0" / ".hydra" / "hydra.yaml").read_text()
    scenario.unlink()  # the tasks never read it: a rerun still collects from the tables
    assert not list(tmp_path.glob("**/scenario/my_town.yaml"))


def test_a_cancelled_array_resumes_without_losing_or_repeating_a_replicate(slurm, tmp_path):
    """One task at a time (the array's throttle): two quick jobs finish, the first slow one
    is cancelled half way (its replicates are kept in batches as they finish), the last
    never starts. After scancel a task may run on for a few seconds (submitit ignores the
    first SIGTERM): the slow jobs outlast that."""
    command = ("organisation.staff=60,1500", "strategy=weten,moeten", "replicates=300",
               "horizon_weeks=300", *SLURM, "hydra.launcher.array_parallelism=1",
               "hydra.sweep.dir=s")
    sweep_dir = tmp_path / "s"
    first = sweep(tmp_path, slurm, *command)
    slow_job = sweep_dir / "2" / PARTIAL
    wait_for(lambda: slow_job.is_file() and 1 < len(lines(slow_job)) < 200,
             "the first slow job half way", seconds=180)
    subprocess.run(["scancel", array_of(sweep_dir)], env=slurm, check=True)
    output = finish(first)
    assert first.returncode == 1, output
    assert "Error in the sweep: Job" in output and "CANCELLED" in output
    assert "Rerun the same command with hydra.sweep.dir=s" in output and "Traceback" not in output
    assert sorted(p.parent.name for p in sweep_dir.glob(f"*/{JOB_TABLE}")) == ["0", "1"]
    assert not (sweep_dir / "3").exists()
    finished = [json.loads(line) for line in lines(slow_job)[1:]]
    assert 0 < len(finished) < 300
    stamps = {job: (sweep_dir / job / JOB_TABLE).stat().st_mtime_ns for job in ("0", "1")}

    second = sweep(tmp_path, slurm, *command)
    output = finish(second)
    assert second.returncode == 0, output
    assert {job: (sweep_dir / job / JOB_TABLE).stat().st_mtime_ns for job in stamps} == stamps
    logs = "".join(p.read_text() for p in sweep_dir.glob(".submitit/*/*_log.out"))
    assert logs.count("already finished in an earlier run") == 2
    assert f"Job 2: {len(finished)} replicates finished in an earlier run" in logs
    resumed = results(sweep_dir)
    assert len(resumed) == 1200  # every replicate of every job, each once
    for _, job in resumed.groupby(["organisation.staff", "strategy"]):
        assert list(job["seed"]) == list(range(300))
    table = pd.read_parquet(sweep_dir / "2" / JOB_TABLE)  # the kept replicates, as they were
    kept = pd.DataFrame(finished).astype(table.dtypes.to_dict())
    pd.testing.assert_frame_equal(table.iloc[:len(finished)], kept)


def how_tasks_ended(env, sweep_dir, array) -> str:
    """What SLURM and the tasks' own logs say of an array's tasks: a failure's evidence."""
    control = subprocess.run(["scontrol", "show", "job", array], env=env, capture_output=True,
                             text=True).stdout
    logs = "\n".join(f"== {p}\n{p.read_text()[-3000:]}"
                     for p in sorted(sweep_dir.glob(".submitit/*/*_log.*")))
    return f"{control}\n{logs}"


def lost_after_success(env, sweep_dir, task) -> bool:
    """This one-node test cluster sometimes loses a step's exit message after the task's
    work is done ("Failed to send MESSAGE_TASK_EXIT: Connection refused" in slurmd.log,
    then SIGKILL: FAILED, JobLaunchFailure, 0:9; in 3 of about 12 CI walks, with either
    process tracking). Such a task ran: its own log says it finished, and the test checks
    its rows."""
    slurmd = Path(env["SLURM_CONF"]).parent / "log" / "slurmd.log"
    own = sweep_dir / ".submitit" / task / f"{task}_0_log.out"
    return ("Failed to send MESSAGE_TASK_EXIT" in slurmd.read_text()
            and own.is_file() and "Exiting after successful completion" in own.read_text())


def lines(path) -> list[str]:
    return path.read_text().splitlines()
