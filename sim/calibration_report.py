"""``python -m sim.calibration_report <run_dir>``: remake a calibration's report from its
``posterior.csv`` (:mod:`sim.calibration.report`)."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

import matplotlib

from sim.calibration.inference import POSTERIOR, check_database, load_run_config, problem_of
from sim.calibration.provenance import sitting
from sim.calibration.report import report
from sim.config.explain import explained
from sim.config.files import read_csv


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m sim.calibration_report",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("run_dir", type=Path, help="a calibration's run directory")
    args = parser.parse_args(argv)
    if not args.run_dir.is_dir():
        parser.error(f"{args.run_dir} is not a directory: give a calibration's run directory "
                     "(outputs/calibration/<date>/<time>)")
    matplotlib.use("Agg")  # files, not a window
    # the predictive runs' progress (minutes of work), as sim.calibrate shows it under Hydra
    logging.basicConfig(level=logging.INFO,
                        format="[%(asctime)s][%(name)s][%(levelname)s] - %(message)s")
    cfg = load_run_config(args.run_dir)
    if cfg.calibration.method == "abc_smc":
        check_database(args.run_dir)
    posterior = read_csv(args.run_dir / POSTERIOR, "posterior file",
                         "run the calibration again (python -m sim.calibrate run_dir=...)")
    with sitting(args.run_dir, "python -m sim.calibration_report"):
        print(report(args.run_dir, cfg, problem_of(cfg), posterior))


if __name__ == "__main__":
    explained(main)
