"""Scenario discovery finds a planted rule; the EMA Workbench model reproduces our sweep."""

from __future__ import annotations

import json
import warnings

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("ema_workbench")
warnings.filterwarnings("ignore", message="ipyparallel not installed")

from sim.discover import main  # noqa: E402
from sim.experiments.discovery import cases, discover, tables  # noqa: E402
from sim.experiments.replicates import run_replicates  # noqa: E402
from tests.conftest import small_config  # noqa: E402


def planted_sweep(n: int = 1200, seed: int = 3) -> pd.DataFrame:
    """Runs adopt within 260 weeks exactly when board commitment >= 0.6 and the strategy is
    not 'willen' (urgency has no effect), apart from 5% noise."""
    rng = np.random.default_rng(seed)
    results = pd.DataFrame({
        "strategy": rng.choice(["weten", "willen", "moeten"], n),
        "leadership.board_commitment": rng.choice([0.2, 0.4, 0.6, 0.8], n),
        "forces.urgency": rng.uniform(0, 1, n), "horizon_weeks": 520})
    rule = (results["leadership.board_commitment"] >= 0.6) & (results["strategy"] != "willen")
    rule ^= rng.uniform(size=n) < 0.05
    results["time_to_adoption_weeks"] = pd.array(np.where(rule, 200, 400), dtype="Int64")
    results.attrs = {"parameters": ["forces.urgency", "leadership.board_commitment",
                                    "strategy"], "sensitivity": {}}
    return results


def test_prim_finds_the_planted_rule():
    x, y = cases(planted_sweep(), "time_to_adoption_weeks < 260")
    found = discover(x, y, boxes=1, min_density=0.9)
    boxes, trajectory = tables(found)
    limits = boxes.set_index("parameter")
    assert set(limits.index) == {"leadership.board_commitment", "strategy"}  # not urgency
    assert 0.4 < limits.loc["leadership.board_commitment", "low"] <= 0.6
    assert limits.loc["strategy", "restriction"] == "one of moeten, weten"
    assert limits["density"].iloc[0] > 0.9 and limits["coverage"].iloc[0] > 0.85
    assert trajectory["chosen"].sum() == 1


def test_discover_writes_boxes_and_tradeoff(tmp_path, capsys):
    planted_sweep().to_parquet(tmp_path / "results.parquet")
    (tmp_path / "sweep.json").write_text(json.dumps({"jobs": 1}))
    main([str(tmp_path), "--outcome", "time_to_adoption_weeks < 260", "--boxes", "2"])
    out = capsys.readouterr().out
    assert "board commitment" in out and "coverage" in out
    for name in ("boxes.csv", "boxes.md", "trajectory.csv", "tradeoff_box1.png"):
        assert (tmp_path / "discovery" / name).stat().st_size > 0
    with pytest.raises(SystemExit):
        main([str(tmp_path), "--outcome", "time_to_adoption < 260"])  # no such column
    assert "time_to_adoption" in capsys.readouterr().err


def test_the_ema_model_reproduces_a_sweep_job():
    from ema_workbench import SequentialEvaluator, perform_experiments

    from sim.experiments.ema_model import ema_model

    base = ("organisation=size_lt_10k", "horizon_weeks=120", "stop_at_adoption=true")
    model = ema_model({"leadership.board_commitment": None}, levers={"strategy": ["moeten"]},
                      replicates=3, seed=2, overrides=base)
    assert model.uncertainties["leadership__board_commitment"].upper_bound == 1.0  # schema
    experiments, outcomes = perform_experiments(model, scenarios=2,
                                                evaluator=SequentialEvaluator(model))
    for i, row in experiments.iterrows():
        ours = run_replicates(small_config(
            *base, "strategy=moeten", "seed=2", "replicates=3",
            f"leadership.board_commitment={row['leadership__board_commitment']!r}"), {})
        assert outcomes["share_adopted"][i] == ours["adopted"].mean()
        weeks = ours["time_to_adoption_weeks"].astype(float).to_numpy()
        np.testing.assert_array_equal(outcomes["time_to_adoption_weeks"][i], weeks)
