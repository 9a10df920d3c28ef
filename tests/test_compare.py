"""``python -m sim.compare``: both arms on the same seeds, the paired difference with its
interval, side by side; arms that would not share their seeds are refused."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from scipy.stats import ttest_rel

from sim.compare import main
from sim.config.explain import explained
from sim.experiments.replicates import JOB_TABLE
from tests.reporting.conftest import Page

SMALL = ("replicates=12", "horizon_weeks=300")


def compare(*argv):
    explained(lambda: main(list(argv)))


def weeks_to_horizon(table: pd.DataFrame) -> pd.Series:
    weeks = pd.to_numeric(table["time_to_adoption_weeks"]).astype(float)
    return weeks.fillna(table["horizon_weeks"].astype(float)).set_axis(table["seed"])


def test_both_arms_run_on_the_same_seeds_and_the_difference_has_an_interval(tmp_path, capsys):
    out = tmp_path / "cmp"
    compare("inspired_mayor", "inspired_mayor", *SMALL, "--b", "strategy=moeten",
            "--out", str(out))
    a, b = (pd.read_parquet(out / arm / JOB_TABLE) for arm in ("A", "B"))
    assert list(a["seed"]) == list(b["seed"]) == list(range(12))
    assert set(a["strategy"]) == {"willen"} and set(b["strategy"]) == {"moeten"}
    summary = json.loads((out / "summary.json").read_text())
    diff = summary["difference_b_minus_a"]
    paired = weeks_to_horizon(b) - weeks_to_horizon(a)  # aligned by seed
    assert diff["pairs"] == 12
    assert diff["mean_weeks"] == pytest.approx(paired.mean())
    low, high = ttest_rel(weeks_to_horizon(b), weeks_to_horizon(a)).confidence_interval(0.95)
    assert (diff["low_weeks"], diff["high_weeks"]) == pytest.approx((low, high))
    assert diff["b_sooner"] + diff["b_later"] + diff["as_fast"] == 12
    assert diff["b_sooner"] == int(np.sum(paired < 0))
    page = Page((out / "comparison.html").read_text())
    words = page.ids["difference"]
    assert f"{abs(paired.mean()):.0f} weeks" in words and "95% interval of B minus A" in words
    assert "A: inspired_mayor" in page.all_text
    assert "B: inspired_mayor, strategy=moeten" in page.all_text
    assert not page.links and len(page.images) == 2
    for arm in ("A", "B"):  # each arm is a scenario run of its own
        assert json.loads((out / arm / "summary.json").read_text())["runs"] == 12
        assert (out / arm / "report.html").is_file()
    assert summary["words"] in capsys.readouterr().out.replace("\n", " ")


def test_arms_that_would_not_share_their_seeds_are_refused(tmp_path, capsys):
    out = tmp_path / "cmp"
    with pytest.raises(SystemExit) as stop:
        compare("small_few_carriers", "inspired_mayor", *SMALL, "--b", "seed=3",
                "--out", str(out))
    err = capsys.readouterr().err
    assert stop.value.code == 2 and "Traceback" not in err
    assert "A would run seeds 0-11, B seeds 36-47: both arms must run on the same seeds" in err
    assert not out.exists()


def test_a_wrong_scenario_in_an_arm_is_named(tmp_path, capsys):
    with pytest.raises(SystemExit) as stop:
        compare("small_few_carriers", "smal_few_carriers", "--out", str(tmp_path / "cmp"))
    err = capsys.readouterr().err
    assert stop.value.code == 2
    assert "scenario=smal_few_carriers is not allowed" in err and "small_few_carriers" in err
    assert not (tmp_path / "cmp").exists()
