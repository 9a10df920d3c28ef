"""The shipped posterior (data/posterior/) fits the model it ships with, and every run,
sweep and report uses it unless told ``posterior=none``."""

from __future__ import annotations

import dataclasses
import json

import pandas as pd
import pytest
import yaml
from hydra import compose, initialize_config_dir

from sim.calibration.inference import settings, to_config
from sim.config import calibrated, posterior
from sim.config.compose import load_config
from sim.config.overrides import with_values
from sim.config.paths import CONFIG_DIR, in_checkout
from tests.test_cli import TINY, run_sim

SHIPPED = in_checkout(posterior.SHIPPED).resolve()


def full_calibration():
    with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3"):
        return to_config(compose(config_name="calibrate", overrides=["calibration=full"]))


def test_the_shipped_posterior_was_made_with_todays_calibration_settings():
    """A renamed parameter, a changed prior, population or observation setting: the
    shipped posterior is stale and must be re-made (docs/calibration.md, section 8)."""
    made = yaml.safe_load((SHIPPED.parent / "calibration.yaml").read_text())
    assert made == settings(full_calibration()), (
        "configs/calibrate.yaml or configs/calibration/full.yaml changed since the shipped "
        "posterior was made: re-make it (docs/calibration.md, section 8)")


def test_every_particle_lies_inside_todays_priors_and_sets_every_scenario():
    cfg = full_calibration()
    table = pd.read_csv(SHIPPED)
    names = [c for c in table.columns if c != "weight"]
    assert sorted(names) == sorted(cfg.parameters)
    assert len(table) >= 300 and table["weight"].sum() == pytest.approx(1.0)
    for name, (low, high) in cfg.parameters.items():
        assert table[name].between(low, high).all(), name
    particle = posterior.load(str(SHIPPED)).drop(columns="weight").iloc[0].to_dict()
    scenarios = sorted(p.stem for p in (CONFIG_DIR / "scenario").glob("*.yaml"))
    for name in scenarios:
        cfg = load_config([f"scenario={name}"])
        assert cfg.posterior == str(SHIPPED), name
        with_values(dataclasses.replace(cfg, posterior=None), particle)  # raises if stale


def test_posterior_none_runs_on_the_assumptions():
    assert load_config(["posterior=none"]).posterior is None
    assert load_config([]).posterior == str(SHIPPED)


def test_a_plan_without_the_bag_project_leaves_its_parameter_out_and_says_so():
    cfg = load_config(["plan=none"])
    drawn, values = calibrated.draw(cfg)
    assert "plan.projects.base_registries.effort" not in values
    assert "plan.capacity" not in values  # plan=none sets it itself (no capacity)
    assert drawn.plan.capacity == 0.0 and "dynamics.forward_rate" in values
    assert "plan.projects.base_registries.effort" in calibrated.not_applied(cfg)
    assert "plan.projects.base_registries.effort" not in calibrated.not_applied(load_config([]))


@pytest.mark.parametrize("calibrated", [True, False])
def test_the_consultants_run_says_which_parameters_it_used(tmp_path, calibrated):
    extra = [] if calibrated else ["posterior=none"]
    done = run_sim(tmp_path, "organisation.staff=40", "horizon_weeks=30", "replicates=3",
                   *extra)
    assert done.returncode == 0, done.stderr
    (run_dir,) = (tmp_path / "outputs").glob("*/*")
    summary = json.loads((run_dir / "summary.json").read_text())
    table = pd.read_parquet(run_dir / "replicates.parquet")
    page = (run_dir / "report.html").read_text()
    if calibrated:
        assert summary["posterior"] == str(SHIPPED)
        assert set(table["posterior"]) == {str(SHIPPED)}
        assert table["posterior_particle"].notna().all()
        assert "Calibrated on the 2010 survey" in page
        assert summary["posterior_not_applied"] == [
            "population.board_commitment_mean", "observation.naming_threshold",
            "observation.no_resistance_below"]
        assert "Not taken from the posterior: population.board_commitment_mean" in page
    else:
        assert summary["posterior"] is None and set(table["posterior"]) == {"none"}
        assert "posterior_particle" not in table and "Not calibrated" in page


def test_one_future_names_its_particle(tmp_path):
    done = run_sim(tmp_path, *TINY, "replicates=1")
    assert done.returncode == 0, done.stderr
    (run_dir,) = (tmp_path / "outputs").glob("*/*")
    summary = json.loads((run_dir / "summary.json").read_text())
    assert summary["posterior"] == str(SHIPPED) and summary["posterior_particle"] >= 0
    assert f"posterior particle {summary['posterior_particle']}" in done.stdout


def test_a_sweep_draws_from_it(tmp_path):
    done = run_sim(tmp_path, "-m", *TINY, "seed=1,2", "replicates=2",
                   "hydra.sweep.dir=" + str(tmp_path / "sweep"))
    assert done.returncode == 0, done.stderr
    tables = [pd.read_parquet(p) for p in (tmp_path / "sweep").rglob("*.parquet")
              if "posterior" in pd.read_parquet(p).columns]
    assert tables and all(set(t["posterior"]) == {str(SHIPPED)} for t in tables)


def test_what_a_scenario_or_a_sweep_sets_itself_is_kept():
    """old_wounds sets past_change_failures 0.9: the posterior does not overwrite it; a
    swept forward rate stays the swept one; the defaults are drawn."""
    wounds = load_config(["scenario=old_wounds"])
    drawn, values = calibrated.draw(wounds)
    assert drawn.organisation.past_change_failures == 0.9
    assert "organisation.past_change_failures" in calibrated.not_applied(wounds)
    assert "organisation.past_change_failures" not in values and "plan.capacity" in values
    swept, _ = calibrated.draw(load_config(["dynamics.forward_rate=0.07"]))
    assert swept.dynamics.forward_rate == 0.07
    plain, values = calibrated.draw(load_config([]))
    assert plain.dynamics.forward_rate == values["dynamics.forward_rate"] != 0.04
