"""`python -m sim` as a user runs it: results, or a clear error and nothing written."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time

import pandas as pd
import pytest

from sim.config.compose import check_yaml
from sim.config.errors import ConfigError

TINY = ("organisation.staff=20", "horizon_weeks=10", "output.figures=false")


def run_sim(cwd, *overrides, prefix=(), timeout=300, env=None):
    return subprocess.run([*prefix, sys.executable, "-m", "sim", *overrides], cwd=cwd,
                          capture_output=True, text=True, timeout=timeout, env=env)


def assert_refused(done, *expected: str) -> None:
    """Exit code 2, one message with every expected part, no traceback."""
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    for part in expected:
        assert part in done.stderr, done.stderr


def leftovers(directory) -> list[str]:
    """Everything under ``directory`` that a failed or killed run must not leave."""
    return sorted(str(p.relative_to(directory)) for p in directory.rglob("*")
                  if p.is_file() or p.name.startswith((".", "sim-scenario")))


def test_a_scenario_run_is_an_ensemble_of_futures(tmp_path):
    done = run_sim(tmp_path, "scenario=small_few_carriers", "replicates=8", "seed=2",
                   "report.language=nl")
    assert done.returncode == 0, done.stderr
    (run_dir,) = (tmp_path / "outputs").glob("*/*")
    summary = json.loads((run_dir / "summary.json").read_text())
    table = pd.read_parquet(run_dir / "replicates.parquet")
    assert summary["kind"] == "ensemble" and summary["runs"] == len(table) == 8
    assert list(table["seed"]) == list(range(16, 24))  # the sweep's seed scheme: seed*N + r
    assert summary["adopted"] == int(table["adopted"].sum())
    assert summary["illustrative_run"]["seed"] in set(table["seed"])
    for name in ("report.html", "bands.csv", "timeseries.csv", "plan.png",
                 "ensemble_adopted.png", "config.yaml"):
        assert (run_dir / name).stat().st_size > 0, name
    assert not (run_dir / "weekly.parquet").exists()  # its bands are kept instead
    assert "van de 8 gesimuleerde toekomsten" in done.stdout and str(run_dir) in done.stdout


def test_a_run_writes_readable_results(tmp_path):
    done = run_sim(tmp_path, "organisation=size_lt_10k", "horizon_weeks=120", "seed=3",
                   "strategy=moeten", "leadership.board_commitment=0.8", "replicates=1")
    assert done.returncode == 0, done.stderr
    (run_dir,) = (tmp_path / "outputs").glob("*/*")
    for name in ("config.yaml", "timeseries.csv", "adoption.png", "summary.json"):
        assert (run_dir / name).stat().st_size > 0, name
    summary = json.loads((run_dir / "summary.json").read_text())
    assert summary["seed"] == 3
    assert summary["strategy"] == "moeten"
    assert summary["horizon_weeks"] == 120
    assert summary["adopted"] == (summary["time_to_adoption_weeks"] is not None)
    assert abs(sum(summary["main_resistance_causes"].values()) - 1.0) < 1e-9
    series = pd.read_csv(run_dir / "timeseries.csv")
    assert len(series) == 121 and series["week"].iloc[-1] == 120
    assert series["committed_share"].iloc[-1] == pytest.approx(summary["final_commitment_share"])
    assert "In this future" in done.stdout and str(run_dir) in done.stdout
    assert "board_commitment: 0.8" in (run_dir / "config.yaml").read_text()


@pytest.mark.parametrize("override, expected", [
    ("leadership.board_commitment=1.5",
     "leadership.board_commitment=1.5 is not allowed: must be at least 0.0, at most 1.0"),
    ("organisation.staff=-3", "organisation.staff=-3 is not allowed"),
    ("strategy=wetten", "strategy=wetten is not allowed: no such choice; the choices are leren, "
                        "mix, moeten, none, weten, willen; did you mean weten?"),
    ("leadershp.board_commitment=0.5", "leadershp.board_commitment is not a setting of the "
                                       "scenario; did you mean leadership.board_commitment?"),
    ("+leadership.board_comitment=0.9", "leadership.board_comitment is not a setting of the "
                                        "scenario; did you mean leadership.board_commitment?"),
    ("+foo=1", "foo is not a setting of the scenario; the settings here are seed, replicates"),
    ("leadership.board_commitment=high",
     "leadership.board_commitment='high' is not allowed: must be a number"),
    ("horizon_weeks=1.5", "horizon_weeks=1.5 is not allowed: must be a whole number"),
    ("+leadership.board_commitment=0.9", "set it without the '+'"),
    ("leadership=0.5", "leadership=0.5 is not allowed: must be a mapping of its settings"),
    ("organisation.turnover_per_year=2", "organisation.turnover_per_year=2.0 is not allowed"),
    ("plan.projects.kcc.national_block=brp", "plan.projects.kcc.national_block='brp'"),
])
def test_bad_input_fails_clearly_and_writes_nothing(tmp_path, override, expected):
    done = run_sim(tmp_path, *TINY, override)
    assert_refused(done, expected)
    assert not (tmp_path / "outputs").exists()


@pytest.mark.parametrize("content, expected", [
    (None, "does not exist: check the path"),
    (b"\x00\x01\xff\xfe" * 40, "is not a readable CSV table (not UTF-8 text)"),
    (b"dynamics.forward_rate,weight\nfast,1\n", "the columns dynamics.forward_rate hold values "
                                                "that are not numbers"),
    (b"weight\n1\n", "needs particles with a weight column and at least one scenario parameter"),
])
def test_a_bad_posterior_is_named_and_leaves_no_directory(tmp_path, content, expected):
    path = tmp_path / "posterior.csv"
    if content is not None:
        path.write_bytes(content)
    done = run_sim(tmp_path, *TINY, f"posterior={path}")
    assert_refused(done, str(path), expected)
    assert not (tmp_path / "outputs").exists()


def test_a_run_never_writes_beside_another_run(tmp_path):
    assert run_sim(tmp_path, *TINY, "hydra.run.dir=run").returncode == 0
    before = {p: p.read_bytes() for p in (tmp_path / "run").rglob("*") if p.is_file()}
    assert_refused(run_sim(tmp_path, *TINY, "seed=5", "hydra.run.dir=run"),
                   "hydra.run.dir=run is not allowed: it holds a run already")
    assert {p: p.read_bytes() for p in (tmp_path / "run").rglob("*") if p.is_file()} == before
    (tmp_path / "a_file").write_text("not a directory")
    assert_refused(run_sim(tmp_path, *TINY, "hydra.run.dir=a_file/run"),
                   "a_file is a file, not a directory")


def test_a_full_disk_leaves_nothing_half_written(tmp_path):
    if shutil.which("prlimit") is None:
        pytest.skip("prlimit (util-linux) is needed to limit the file size like a full disk")
    run = ("organisation.staff=20", "horizon_weeks=300", "output.figures=false", "replicates=1")
    assert run_sim(tmp_path, *run, "hydra.run.dir=probe").returncode == 0
    hydra_files = max(p.stat().st_size for p in (tmp_path / "probe" / ".hydra").iterdir())
    series = (tmp_path / "probe" / "timeseries.csv").stat().st_size
    assert hydra_files < series
    shutil.rmtree(tmp_path / "probe")
    limit = f"--fsize={(hydra_files + series) // 2}"  # Hydra's files fit, timeseries.csv not
    done = run_sim(tmp_path, *run, "hydra.run.dir=out/run", prefix=("prlimit", limit))
    assert_refused(done, "timeseries.csv: File too large: the disk is full")
    assert leftovers(tmp_path) == []


def test_a_read_only_output_directory_is_refused_clearly(tmp_path):
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        pytest.skip("a read-only bind mount needs root and unshare (as non-root, write "
                    "permissions do not bind root either way)")
    (tmp_path / "outputs").mkdir()
    mount = f"mount --bind {tmp_path}/outputs {tmp_path}/outputs && " \
            f"mount -o remount,bind,ro {tmp_path}/outputs && exec \"$@\""
    done = run_sim(tmp_path, *TINY, prefix=("unshare", "-m", "sh", "-c", mount, "sh"))
    assert_refused(done, "Read-only file system: choose a directory you may write to")
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGKILL])
def test_a_killed_run_leaves_nothing_that_looks_like_a_result(tmp_path, signum):
    run = subprocess.Popen([sys.executable, "-m", "sim", "organisation.staff=3000",
                            "horizon_weeks=520", "hydra.run.dir=out/run"], cwd=tmp_path,
                           stderr=subprocess.PIPE, text=True)
    while not list((tmp_path / "out").glob(".run.unfinished-*")):  # the model is running
        assert run.poll() is None, run.stderr.read()
        time.sleep(0.05)
    run.send_signal(signum)
    _, stderr = run.communicate(timeout=60)
    assert "Traceback" not in stderr
    results = [p for p in (tmp_path / "out").rglob("*") if p.is_file() and ".hydra" not in p.parts
               and p.suffix != ".log" and ".run.unfinished" not in str(p)]
    assert results == []
    if signum == signal.SIGTERM:  # stopped like Ctrl-C: cleaned up, exit 130
        assert run.returncode == 130 and leftovers(tmp_path) == []


def test_a_stop_lost_inside_a_c_callback_still_stops_the_command():
    """Ctrl-C or `kill` while numba loads compiled code raises inside a C callback, where
    Python can only report it: the command raises it again, and stops, once back in Python."""
    code = """if True:
        import ctypes, time
        from sim.config.explain import STOP, explained

        def command():
            def callback():
                STOP.set()  # as the signal handler does, before it raises
                raise KeyboardInterrupt
            ctypes.CFUNCTYPE(None)(callback)()  # lost: C cannot take the exception
            time.sleep(30)  # back in Python: the stop lands here
            print("not stopped")

        explained(command)
    """
    tic = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 130, done.stdout + done.stderr
    assert "Traceback" not in done.stderr and "not stopped" not in done.stdout
    assert time.perf_counter() - tic < 25, "stopped at once, not after the sleep"


def test_a_stop_that_breaks_the_code_it_lands_in_is_still_a_stop():
    """A stop landing inside a library can leave it half-done, and its cleanup then raises
    an error of its own instead (seen: OmegaConf's flags, "'NoneType' object has no
    attribute '_invalidate_flags_cache'", exit 2 in 2 of 12 killed runs): still a stop."""
    code = """if True:
        import os, signal, time
        from sim.config.errors import ConfigError
        from sim.config.explain import explained

        def command():
            try:
                os.kill(os.getpid(), signal.SIGTERM)
                time.sleep(30)
            finally:
                raise ConfigError("defaults: half-done by the stop")

        explained(command)
    """
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 130, done.stdout + done.stderr
    assert "Stopped before the end" in done.stderr and "half-done" not in done.stderr


def test_malformed_yaml_is_named_with_its_line(tmp_path):
    (tmp_path / "strategy").mkdir()
    (tmp_path / "strategy" / "broken.yaml").write_text("name: x\nforms:\n  inform: {weight: 1\n")
    with pytest.raises(ConfigError, match=r"config file .*broken.yaml is not valid YAML on line 4"):
        check_yaml(tmp_path)


def test_shipped_configs_are_well_formed():
    check_yaml()
