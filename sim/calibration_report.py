"""``python -m sim.calibration_report <run_dir>``: remake a calibration's report from its
``posterior.csv`` (:mod:`sim.calibration.report`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import matplotlib
import pandas as pd

from sim.calibration.inference import POSTERIOR, load_run_config, problem_of
from sim.calibration.report import report
from sim.config.errors import ConfigError


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m sim.calibration_report",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("run_dir", type=Path, help="a calibration's run directory")
    args = parser.parse_args(argv)
    matplotlib.use("Agg")  # files, not a window
    try:
        cfg = load_run_config(args.run_dir)
        posterior = pd.read_csv(args.run_dir / POSTERIOR)
        print(report(args.run_dir, cfg, problem_of(cfg), posterior))
    except (ConfigError, FileNotFoundError) as exc:
        print(f"Error: {exc}", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
