"""Every shipped scenario validates and runs; scenario files from anywhere on disk work."""

from __future__ import annotations

import json

import pytest

from sim.config.compose import load_config
from sim.config.paths import CONFIG_DIR
from sim.model.municipality import simulate
from tests.test_cli import run_sim

SCENARIOS = sorted(p.stem for p in (CONFIG_DIR / "scenario").glob("*.yaml"))


def test_scenarios_are_shipped():
    assert len(SCENARIOS) >= 6


@pytest.mark.parametrize("name", SCENARIOS)
def test_every_shipped_scenario_validates_and_runs(name):
    cfg = load_config([f"scenario={name}", "horizon_weeks=160"])
    summary = simulate(cfg).summary()
    assert summary["weeks_run"] == 160
    scheduled = [e.week for e in cfg.events.values() if e.week is not None and e.week <= 160]
    assert sorted(e["week"] for e in summary["events"]) == sorted(scheduled)


def test_a_scenario_file_from_anywhere(tmp_path):
    scenario = tmp_path / "my_town.yaml"
    scenario.write_text((CONFIG_DIR / "scenario" / "inspired_mayor.yaml").read_text()
                        .replace("board_commitment: 0.9", "board_commitment: 0.75"))
    done = run_sim(tmp_path, f"scenario={scenario}", "horizon_weeks=80")
    assert done.returncode == 0, done.stderr
    (run_dir,) = (tmp_path / "outputs").glob("*/*")
    summary = json.loads((run_dir / "summary.json").read_text())
    assert summary["board_commitment"] == 0.75 and summary["strategy"] == "willen"


def test_a_wrong_scenario_file_is_named_and_nothing_is_written(tmp_path):
    scenario = tmp_path / "broken_town.yaml"
    scenario.write_text("# @package _global_\n"
                        "events:\n  cut: {type: budget_cut, week: 60, size: 1.3}\n")
    done = run_sim(tmp_path, f"scenario={scenario}")
    assert done.returncode == 2
    assert "events.cut.size=1.3 is not allowed" in done.stderr
    assert str(scenario) in done.stderr
    assert not (tmp_path / "outputs").exists()


EXPERIMENTS = sorted(p.stem for p in (CONFIG_DIR / "experiment").glob("*.yaml"))


@pytest.mark.parametrize("name", EXPERIMENTS)
def test_every_shipped_experiment_composes_and_every_job_validates(name):
    """Each job of the experiment's sweep composes and validates (as the sweep checks
    before launch), and the experiment's organisation is a group choice, not one value."""
    from hydra import compose, initialize_config_dir

    from sim.config.schema import register
    from sim.experiments.sweep import check_jobs, expand

    register()
    with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3"):
        cfg = compose(config_name="config", overrides=[f"+experiment={name}"],
                      return_hydra_config=True)
        jobs = expand(cfg)
        assert len(jobs) >= 2
        check_jobs(cfg, jobs)
        params = cfg.hydra.sweeper.params or {}
        assert all("," in str(v) or "range" in str(v) for v in params.values()), params


def test_the_debug_mode_is_tiny():
    cfg = load_config(["+debug=default"])
    assert cfg.organisation.staff <= 50 and cfg.horizon_weeks <= 52
