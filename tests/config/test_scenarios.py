"""Every shipped scenario validates and runs; scenario files from anywhere on disk work."""

from __future__ import annotations

import json
import os
import shutil

import pytest

from sim.config.compose import load_config
from sim.config.paths import CONFIG_DIR
from sim.model.municipality import simulate
from tests.test_cli import TINY, assert_refused, leftovers, run_sim

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


@pytest.mark.parametrize("name", ["my_town", "inspired_mayor"])  # also a shipped one's name
def test_a_scenario_file_from_anywhere_is_that_file(tmp_path, name):
    scenario = tmp_path / "clients" / f"{name}.yaml"
    scenario.parent.mkdir()
    scenario.write_text((CONFIG_DIR / "scenario" / "inspired_mayor.yaml").read_text()
                        .replace("board_commitment: 0.9", "board_commitment: 0.75"))
    done = run_sim(tmp_path, f"scenario={scenario}", "horizon_weeks=80",
                   env={**os.environ, "TMPDIR": str(tmp_path / "tmp")})
    assert done.returncode == 0, done.stderr
    (run_dir,) = (tmp_path / "outputs").glob("*/*")
    summary = json.loads((run_dir / "summary.json").read_text())
    assert summary["board_commitment"] == 0.75 and summary["strategy"] == "willen"
    assert not (tmp_path / "tmp").exists()  # no temporary copy of the scenario anywhere


PACKAGE = "# @package _global_\n"


@pytest.mark.parametrize("content, expected", [
    ("leadership:\n  board_commitment: 0.7\n",
     "lacks the line '# @package _global_' at its top: add it as the first line"),
    (PACKAGE + "strategy: leren\n", "strategy: leren chooses a strategy with a plain key, which "
     "sets nothing; choose it in the defaults list: 'defaults: [{override /strategy: leren}]'"),
    (PACKAGE + "leadership:\n  board_comitment: 0.7\n", "leadership.board_comitment is not a "
     "setting of the scenario; did you mean leadership.board_commitment?"),
    (PACKAGE + "plan:\n  projects:\n    kcc:\n      efort: 3\n",
     "plan.projects.kcc.efort is not a setting of the scenario; did you mean "
     "plan.projects.kcc.effort?"),
    (PACKAGE + "leadership:\n  board_commitment: high\n",
     "leadership.board_commitment='high' is not allowed: must be a number"),
    (PACKAGE + "events:\n  - {type: merger, week: 5, weeks: 4}\n",
     "is not allowed: must be a mapping of names to values"),
    (PACKAGE + "events:\n  cut: {type: budget_cut, week: 5, sise: 0.2}\n",
     "events.cut.sise=0.2 is not allowed: unknown key"),
    (PACKAGE + "# nothing else\n", "is empty: a scenario file starts with"),
    (PACKAGE + "leadership:\n  board_commitment: 0.7\n  board_commitment: 0.8\n",
     "is not valid YAML on line 4, column 3: duplicate key 'board_commitment'"),
    (PACKAGE + "leadership: {board_commitment: 0.7\n", "is not valid YAML on line 3"),
    (PACKAGE.encode() + b"# Gemeente D\xe9n Haag\n", "is not UTF-8 text (byte 0xe9 on line 2)"),
    (PACKAGE + "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n"
        for i in range(9)), "expands its aliases (*name) to more than"),  # once a hang
    (PACKAGE + "events:\n" + "".join(f"  e{i}: {{type: quick_win, week: 5, size: 0.01}}\n"
                                     for i in range(20_000)),
     "events: 20000 events in scenario file"),  # once 300 s and more
    (None, "does not exist: check the path"),
    ("directory", "is a directory, not a file"),
])
def test_a_wrong_scenario_file_is_named_clearly(tmp_path, content, expected):
    scenario = tmp_path / "zwolle.yaml"
    if content == "directory":
        scenario.mkdir()
    elif content is not None:
        (scenario.write_bytes if isinstance(content, bytes) else scenario.write_text)(content)
    done = run_sim(tmp_path, *TINY, f"scenario={scenario}", timeout=60)
    assert_refused(done, str(scenario), expected)
    assert not (tmp_path / "outputs").exists()


def test_an_unreadable_scenario_file_is_named(tmp_path):
    scenario = tmp_path / "zwolle.yaml"
    scenario.write_text(PACKAGE)
    scenario.chmod(0o000)
    prefix = ()
    if os.geteuid() == 0:  # root reads any file, unless it gives up that capability
        if shutil.which("setpriv") is None:
            pytest.skip("as root, setpriv is needed to run without reading every file")
        prefix = ("setpriv", "--bounding-set=-dac_override,-dac_read_search")
    done = run_sim(tmp_path, *TINY, f"scenario={scenario}", prefix=prefix)
    assert_refused(done, str(scenario), "cannot be read (Permission denied)")
    assert leftovers(tmp_path) == ["zwolle.yaml"]


def test_a_wrong_value_in_a_scenario_file_is_named_and_nothing_is_written(tmp_path):
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
