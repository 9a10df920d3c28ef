"""Every sitting of a calibration is recorded; a finished one ships whole, an unfinished
one is refused."""

from __future__ import annotations

import pytest
import yaml

from sim.calibration import provenance
from sim.calibration.inference import SETTINGS
from sim.config.errors import ConfigError


def test_each_sitting_is_recorded_also_when_it_is_stopped(tmp_path):
    (tmp_path / SETTINGS).write_text("seed: 0\n")
    with provenance.sitting(tmp_path):
        pass
    with pytest.raises(KeyboardInterrupt), provenance.sitting(tmp_path):
        raise KeyboardInterrupt
    with provenance.sitting(tmp_path, "python -m sim.calibration_report"):
        pass  # a report re-made from the posterior is a sitting of its own
    sittings = yaml.safe_load((tmp_path / provenance.FILE).read_text())
    assert [s["finished"] for s in sittings] == [True, False, True]
    assert all(s["commit"] and s["machine"] for s in sittings)
    assert [s["command"].split()[2] for s in sittings] == ["sim.calibrate"] * 2 + [
        "sim.calibration_report"]


def test_a_sitting_records_the_commit_it_started_from(tmp_path, monkeypatch):
    """A calibration runs for hours: a commit made meanwhile is not the code that ran."""
    (tmp_path / SETTINGS).write_text("seed: 0\n")
    commits = iter(["abc123", "def456"])
    monkeypatch.setattr(provenance, "commit", lambda: next(commits))
    with provenance.sitting(tmp_path):
        pass
    assert yaml.safe_load((tmp_path / provenance.FILE).read_text())[0]["commit"] == "abc123"


def test_a_refused_calibration_leaves_no_record(tmp_path):
    with pytest.raises(ConfigError), provenance.sitting(tmp_path):
        raise ConfigError("refused before anything ran")
    assert not (tmp_path / provenance.FILE).exists()
    (tmp_path / SETTINGS).write_text("seed: 0\n")  # an earlier run, resumed with other settings
    with pytest.raises(ConfigError), provenance.sitting(tmp_path):
        raise ConfigError("holds a calibration with other settings")
    assert not (tmp_path / provenance.FILE).exists()


def test_shipping_copies_the_posterior_with_its_provenance_and_refuses_an_unfinished_run(
        tmp_path):
    run, target = tmp_path / "run", tmp_path / "data" / "posterior"
    run.mkdir()
    (run / SETTINGS).write_text("seed: 0\n")
    with provenance.sitting(run):
        pass
    with pytest.raises(ConfigError, match="posterior.csv, targets.csv, parameters.csv missing"):
        provenance.ship(run, target)
    assert not target.exists()
    for name in ("posterior.csv", "targets.csv", "parameters.csv", "targets.png"):
        (run / name).write_text(name)
    (run / "table").mkdir()  # the reference table stays behind
    provenance.ship(run, target)
    assert sorted(p.name for p in target.iterdir()) == sorted(
        ["PROVENANCE", SETTINGS, provenance.FILE, "posterior.csv", "targets.csv",
         "parameters.csv", "targets.png"])
    text = (target / "PROVENANCE").read_text()
    assert "wall time:" in text and "1 sitting(s)" in text and "commit:" in text
    (target / "stale.csv").write_text("from an older posterior")
    provenance.ship(run, target)  # replaced whole
    assert not (target / "stale.csv").exists()
