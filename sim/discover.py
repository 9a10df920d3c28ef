"""``python -m sim.discover <sweep_dir> --outcome "time_to_adoption_weeks < 260"``: which
combinations of the swept parameters lead to the outcome? PRIM (EMA Workbench, the
``analysis`` extra) on the sweep's replicates (:mod:`sim.experiments.discovery`); writes
``<sweep_dir>/discovery/``."""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

import matplotlib

from sim.config.errors import ConfigError


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m sim.discover",
                                     description="scenario discovery (PRIM) on a sweep")
    parser.add_argument("sweep_dir", type=Path, help="a multirun directory (holds sweep.json)")
    parser.add_argument("--outcome", required=True,
                        help='a condition per run over its columns, e.g. '
                             '"time_to_adoption_weeks < 260" or "adopted and on_schedule"')
    parser.add_argument("--boxes", type=int, default=2, help="boxes to find; default 2")
    parser.add_argument("--min-density", type=float, default=0.8,
                        help="the chosen step of a box has at least this density; default 0.8")
    parser.add_argument("--mass-min", type=float, default=0.05,
                        help="smallest share of runs a box may hold; default 0.05")
    args = parser.parse_args(argv)
    matplotlib.use("Agg")
    warnings.filterwarnings("ignore", message="ipyparallel not installed")  # not used here
    try:
        import ema_workbench  # noqa: F401
    except ModuleNotFoundError:
        print('Error: scenario discovery needs EMA Workbench: pip install -e ".[analysis]"',
              file=sys.stderr)
        sys.exit(2)
    from sim.experiments import discovery
    from sim.experiments.sweep_report import load_results

    try:
        if not (args.sweep_dir / "sweep.json").is_file():
            raise ConfigError(f"{args.sweep_dir} is not a sweep directory (no sweep.json)")
        results = load_results(args.sweep_dir)
        x, y = discovery.cases(results, args.outcome)
        if "time_to_adoption_weeks" in args.outcome:
            print(f"Note: censored runs (not adopted within {results['horizon_weeks'].min()} "
                  "weeks) count as not meeting a condition on time_to_adoption_weeks.")
        found = discovery.discover(x, y, args.boxes, args.min_density, args.mass_min)
        out = args.sweep_dir / "discovery"
        print(discovery.write(out, args.outcome, found, y))
        print(f"Discovery: {out}")
    except ConfigError as err:
        print(f"Error: {err}", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
