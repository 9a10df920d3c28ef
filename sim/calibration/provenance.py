"""Where a posterior comes from, and shipping one as every run's default.

Every sitting of ``python -m sim.calibrate`` (a first run and each resume) and of
``python -m sim.calibration_report`` (the report re-made) appends to the run directory's
``provenance.yaml``: the command, the commit it ran from (and whether the
working tree had changes), the machine, and when it started and ended. The posterior's
wall time is the sum of its sittings.

``python -m sim.calibration.provenance <run_dir>`` ships a finished calibration: its
posterior, tables and figures are copied into ``data/posterior/`` with a ``PROVENANCE``
file (docs/calibration.md, "Re-making the shipped posterior").
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import time
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import yaml

from sim.calibration.inference import SETTINGS
from sim.config import posterior
from sim.config.errors import ConfigError
from sim.config.explain import explained
from sim.config.files import load_yaml
from sim.config.paths import ROOT, in_checkout
from sim.reporting.io import atomic_text

FILE = "provenance.yaml"
SHIPPED_DIR = in_checkout(posterior.SHIPPED).resolve().parent
# What a shipped posterior keeps: small tables and figures (the table's chunks, the
# predictive runs and the pairs plot, several MB with twelve parameters, stay behind).
SHIPPED = ("posterior.csv", "targets.csv", "parameters.csv", "uncertainty.csv",
           "adoption.csv", "reference_table.csv", "generations.csv", "calibration.yaml",
           "targets.png", "posterior.png", "adoption_by_strategy.png",
           "adoption_by_size.png", FILE)


def commit() -> str:
    """The checkout's commit, with ``+changes`` when the working tree differs from it."""
    def git(*args):
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True,
                              timeout=30).stdout.strip()
    try:
        head = git("rev-parse", "HEAD") or "unknown"
        dirty = git("status", "--porcelain", "--untracked-files=no")
    except (OSError, subprocess.SubprocessError):
        return "unknown (no git)"
    return f"{head}+changes" if dirty else head


def machine() -> str:
    return (f"{platform.node()}: {os.cpu_count()} cores, {platform.platform()}, "
            f"Python {platform.python_version()}")


@contextmanager
def sitting(run_dir: Path, program: str = "python -m sim.calibrate"):
    """Record this sitting of ``program`` (the calibration, or the re-making of its report)
    in ``run_dir/provenance.yaml`` once it ends (also when stopped)."""
    started, clock = datetime.now(UTC), time.perf_counter()
    ran_from = commit()  # the code as it starts: a commit made while it runs is not what ran
    try:
        yield
    finally:
        refused = isinstance(sys.exc_info()[1], ConfigError)  # bad input: nothing ran
        if (run_dir / SETTINGS).is_file() and not refused:
            path = run_dir / FILE
            sittings = load_yaml(path, "calibration provenance") if path.exists() else []
            sittings = (sittings or []) + [{
                "command": " ".join([program, *sys.argv[1:]]),
                "commit": ran_from, "machine": machine(),
                "started": started.isoformat(timespec="seconds"),
                "wall_seconds": round(time.perf_counter() - clock),
                "finished": sys.exc_info()[0] is None}]
            atomic_text(path, yaml.safe_dump(sittings, sort_keys=False))


def ship(run_dir: Path, target: Path = SHIPPED_DIR) -> Path:
    """Copy a finished calibration's posterior, tables and figures into ``target`` with a
    PROVENANCE summary; the old shipped files are replaced whole."""
    missing = [n for n in ("posterior.csv", "targets.csv", "parameters.csv", FILE)
               if not (run_dir / n).is_file()]
    if missing:
        raise ConfigError(f"{run_dir} is not a finished calibration with its report: "
                          f"{', '.join(missing)} missing (run python -m sim.calibrate "
                          f"run_dir={run_dir} to finish it)")
    sittings = load_yaml(run_dir / FILE, "calibration provenance")
    staging = target.with_name(f".{target.name}.new")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    for name in SHIPPED:
        if (run_dir / name).is_file():
            shutil.copy2(run_dir / name, staging / name)
    hours = sum(s["wall_seconds"] for s in sittings) / 3600
    lines = ["The survey-calibrated posterior every run uses by default (posterior=none: the",
             "model's assumptions). Made by the calibration below; provenance.yaml lists each",
             "of its sittings. Re-make: docs/calibration.md, section 8.", "",
             f"run directory: {run_dir.resolve()}",
             f"wall time: {hours:.2f} h over {len(sittings)} sitting(s)", ""]
    for s in sittings:
        lines += [f"- {s['started']} ({s['wall_seconds']} s, "
                  f"{'finished' if s['finished'] else 'stopped'})",
                  f"  command: {s['command']}", f"  commit: {s['commit']}",
                  f"  machine: {s['machine']}"]
    (staging / "PROVENANCE").write_text("\n".join(lines) + "\n")
    old = target.with_name(f".{target.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)
    return target


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m sim.calibration.provenance",
                                     description="Ship a finished calibration as the default "
                                                 "posterior (data/posterior/).")
    parser.add_argument("run_dir", type=Path, help="a finished calibration's run directory")
    args = parser.parse_args(argv)
    print(f"Shipped: {ship(args.run_dir)}")


if __name__ == "__main__":
    explained(main)
