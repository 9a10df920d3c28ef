"""``python -m sim.compare A B [overrides] [--a OVERRIDE] [--b OVERRIDE]``: two scenarios
on the same seeds, the difference in time to adoption with its interval, side by side.

A and B are scenario names (``configs/scenario/``) or scenario files (``.yaml``); the same
name twice with ``--b strategy=willen`` asks "what if we switch to wanting?". Overrides
before the options apply to both arms, ``--a``/``--b`` to one; ``seed`` and ``replicates``
must be the same in both, so that future r of A and of B share their seed. Each arm is a
scenario run of its own (``A/``, ``B/``: table, summary, report); ``comparison.html`` and
``summary.json`` hold the comparison.
"""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

from sim.__main__ import scenario_run
from sim.config import scenario_file
from sim.config.compose import check_yaml
from sim.config.errors import ConfigError
from sim.config.explain import explained
from sim.experiments.replicates import replicate_seeds
from sim.reporting.io import check_run_dir, run_directory


def arms_of(args: argparse.Namespace) -> dict[str, tuple[str, list[str]]]:
    """Each arm's name for people and its overrides."""
    arms = {}
    for arm, scenario, own in (("A", args.a, args.a_set), ("B", args.b, args.b_set)):
        arms[arm] = (", ".join([scenario, *own]),
                     scenario_file.resolve_argv([f"scenario={scenario}", *args.overrides, *own]))
    return arms


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m sim.compare",
        description="two scenarios on the same seeds: the difference in time to adoption")
    parser.add_argument("a", help="scenario A: a name in configs/scenario/ or a .yaml file")
    parser.add_argument("b", help="scenario B")
    parser.add_argument("overrides", nargs="*", help="settings for both, e.g. replicates=50 "
                        "report.language=nl")
    parser.add_argument("--a", dest="a_set", action="append", default=[], metavar="OVERRIDE",
                        help="a setting for A only (repeatable)")
    parser.add_argument("--b", dest="b_set", action="append", default=[], metavar="OVERRIDE",
                        help="a setting for B only (repeatable), e.g. --b strategy=willen")
    parser.add_argument("--out", type=Path, help="directory to write into; default "
                        "<paths.output_dir>/compare/<date>/<time>")
    args = parser.parse_intermixed_args(argv)
    check_yaml()
    arms = arms_of(args)
    configs = {arm: scenario_run(overrides)[1] for arm, (_, overrides) in arms.items()}
    seeds = {arm: replicate_seeds(cfg) for arm, cfg in configs.items()}
    if seeds["A"] != seeds["B"]:
        raise ConfigError(
            f"A would run seeds {seeds['A'].start}-{seeds['A'].stop - 1}, B seeds "
            f"{seeds['B'].start}-{seeds['B'].stop - 1}: both arms must run on the same seeds; "
            "set seed and replicates for both (before the options), not for one arm or in "
            "one scenario file")
    out = args.out or Path(configs["A"].paths.output_dir) / "compare" / datetime.now().strftime(
        "%Y-%m-%d/%H-%M-%S")
    check_run_dir(out)
    import matplotlib  # the model and the figures only once the input is checked

    matplotlib.use("Agg")
    from sim.reporting.comparison import write_comparison

    out.mkdir(parents=True, exist_ok=True)
    with run_directory(out) as tmp:
        summary = write_comparison(tmp, configs, {a: name for a, (name, _) in arms.items()})
    print(summary["words"])
    print(f"Results: {out}")


if __name__ == "__main__":
    explained(main, "Error in the comparison")
