"""``python -m sim.report <sweep_dir>``: time-to-adoption estimates of a sweep, tables and
figures (:mod:`sim.experiments.sweep_report`)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

import matplotlib

from sim.config.errors import ConfigError
from sim.experiments.sweep_report import PLAN_START, report


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m sim.report",
                                     description="time-to-adoption estimates of a sweep")
    parser.add_argument("sweep_dir", type=Path, help="a multirun directory (holds sweep.json)")
    parser.add_argument("--plan-start", type=dt.date.fromisoformat, default=PLAN_START,
                        help=f"date the plan starts (week 0); default {PLAN_START}")
    parser.add_argument("--confidence", type=float, default=0.95,
                        help="confidence level of the intervals; default 0.95")
    args = parser.parse_args(argv)
    matplotlib.use("Agg")  # files, not a window
    try:
        if not (args.sweep_dir / "sweep.json").is_file():
            raise ConfigError(f"{args.sweep_dir} is not a sweep directory (no sweep.json)")
        print(report(args.sweep_dir, args.plan_start, args.confidence))
    except ConfigError as err:
        print(f"Error: {err}", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
