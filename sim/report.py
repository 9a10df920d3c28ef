"""``python -m sim.report <sweep_dir>``: time-to-adoption estimates of a sweep, tables and
figures (:mod:`sim.experiments.sweep_report`)."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

import matplotlib

from sim.config.explain import explained
from sim.experiments.replicates import JOB_TABLE
from sim.experiments.sweep import MANIFEST, read_manifest
from sim.experiments.sweep_report import report


def date(text: str) -> dt.date:
    """A calendar date as YYYY-MM-DD (an argparse type: a wrong one is a usage error)."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date: write YYYY-MM-DD, e.g. "
                                         "2010-01-01") from None


def level(text: str) -> float:
    """A confidence level strictly between 0 and 1 (an argparse type)."""
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not 0 < value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a confidence level: give a number "
                                         "between 0 and 1, e.g. 0.95")
    return value


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m sim.report",
                                     description="time-to-adoption estimates of a sweep")
    parser.add_argument("sweep_dir", type=Path, help="a multirun directory (holds sweep.json)")
    parser.add_argument("--plan-start", type=date, default=None,
                        help="date the plan starts (week 0); default the runs' own "
                             "(plan.start_date)")
    parser.add_argument("--confidence", type=level, default=0.95,
                        help="confidence level of the intervals; default 0.95")
    args = parser.parse_args(argv)
    matplotlib.use("Agg")  # files, not a window
    if (args.sweep_dir / JOB_TABLE).exists() and (args.sweep_dir / "report.html").exists():
        parser.error(f"{args.sweep_dir} is a scenario run, not a sweep: its report is "
                     f"{args.sweep_dir / 'report.html'} (a sweep is run with -m)")
    if not (args.sweep_dir / MANIFEST).exists():
        parser.error(f"{args.sweep_dir} is not a sweep directory (no {MANIFEST}): give the "
                     "directory of a multirun, outputs/multirun/<date>/<time>")
    read_manifest(args.sweep_dir)
    print(report(args.sweep_dir, args.plan_start, args.confidence))


if __name__ == "__main__":
    explained(main)
