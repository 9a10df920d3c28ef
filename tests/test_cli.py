"""`python -m sim` as a user runs it: results, or a clear error and nothing written."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest

from sim.config.compose import check_yaml
from sim.config.errors import ConfigError


def run_sim(cwd, *overrides):
    return subprocess.run([sys.executable, "-m", "sim", *overrides], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


def test_a_run_writes_readable_results(tmp_path):
    done = run_sim(tmp_path, "organisation=size_lt_10k", "horizon_weeks=120", "seed=3",
                   "strategy=moeten", "leadership.board_commitment=0.8")
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
    assert "Municipality <10k" in done.stdout and str(run_dir) in done.stdout
    assert "board_commitment: 0.8" in (run_dir / "config.yaml").read_text()


@pytest.mark.parametrize("override, expected", [
    ("leadership.board_commitment=1.5",
     "leadership.board_commitment=1.5 is not allowed: must be at least 0.0, at most 1.0"),
    ("organisation.staff=-3", "organisation.staff=-3 is not allowed"),
    ("strategy=wetten", "Could not find 'strategy/wetten'"),
    ("leadershp.board_commitment=0.5", "Could not override 'leadershp.board_commitment'"),
    ("organisation.turnover_per_year=2", "organisation.turnover_per_year=2.0 is not allowed"),
    ("plan.projects.kcc.national_block=brp", "plan.projects.kcc.national_block='brp'"),
])
def test_bad_input_fails_clearly_and_writes_nothing(tmp_path, override, expected):
    done = run_sim(tmp_path, override)
    assert done.returncode != 0
    assert expected in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "outputs").exists()


def test_malformed_yaml_is_named_with_its_line(tmp_path):
    (tmp_path / "strategy").mkdir()
    (tmp_path / "strategy" / "broken.yaml").write_text("name: x\nforms:\n  inform: {weight: 1\n")
    with pytest.raises(ConfigError, match=r"malformed YAML in .*broken.yaml, line 4"):
        check_yaml(tmp_path)


def test_shipped_configs_are_well_formed():
    check_yaml()
