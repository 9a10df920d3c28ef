"""Every named experiment has a committed summary whose commit is in the history and whose
commands are the experiment's own and valid."""

from __future__ import annotations

import json
import shlex
import subprocess

import pytest

from sim.config.compose import load_config
from sim.experiments.remake import RESULTS, ROOT, STUDIES, commands, names


def in_history(commit: str) -> bool:
    done = subprocess.run(["git", "merge-base", "--is-ancestor", commit, "HEAD"], cwd=ROOT,
                          capture_output=True)
    return done.returncode == 0


@pytest.fixture(scope="module")
def git():
    if subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True).returncode:
        pytest.skip("not a git checkout")


@pytest.mark.parametrize("name", names())
def test_each_experiment_has_a_summary_from_a_commit_in_the_history(git, name):
    provenance = json.loads((STUDIES / name / RESULTS / "provenance.json").read_text())
    assert provenance["experiment"] == name
    assert in_history(provenance["commit"]), f"{name}: commit {provenance['commit']} unknown"
    assert provenance["commands"] == commands(name)
    assert (STUDIES / name / RESULTS / "SUMMARY.md").read_text().count(provenance["commit"]) == 1
    assert all(p.stat().st_size < 2 * 2**20 for p in (STUDIES / name / RESULTS).iterdir())


def test_in_history_rejects_an_unknown_commit(git):
    assert not in_history("0" * 40)


@pytest.mark.parametrize("name", names())
def test_the_recorded_commands_are_valid(name):
    recorded = json.loads((STUDIES / name / RESULTS / "provenance.json").read_text())["commands"]
    sweep, report = (shlex.split(c) for c in recorded)
    assert sweep[:4] == ["python", "-m", "sim", "-m"]
    assert report[:3] == ["python", "-m", "sim.report"]
    overrides = [o for o in sweep[4:] if not o.startswith("hydra.")]
    assert overrides == [f"+experiment={name}"]
    load_config(overrides)  # composes and validates (each job: tests/config/test_scenarios.py)
    assert report[3] == sweep[4:][1].split("=", 1)[1]  # the report reads the sweep's directory
    assert f"    .venv/bin/{recorded[0]}" in (STUDIES / name / "README.md").read_text()
