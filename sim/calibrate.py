"""``python -m sim.calibrate``: estimate the free parameters from the 2010 survey (ABC,
:mod:`sim.calibration.inference`), then write the calibration report."""

from __future__ import annotations

from pathlib import Path

import hydra
import matplotlib
from hydra.core.hydra_config import HydraConfig
from omegaconf import DictConfig

from sim.calibration.inference import DATABASE, SETTINGS, calibrate, problem_of, to_config
from sim.calibration.provenance import sitting
from sim.calibration.report import report
from sim.config.errors import ConfigError
from sim.config.explain import explained
from sim.config.paths import CONFIG_DIR
from sim.reporting.io import remove_hydra_files


@hydra.main(config_path=str(CONFIG_DIR), config_name="calibrate", version_base="1.3")
def main(cfg: DictConfig) -> None:
    matplotlib.use("Agg")  # the report's figures are files, not a window
    run_dir = Path(HydraConfig.get().runtime.output_dir)
    try:
        config = to_config(cfg)
        problem = problem_of(config)
    except ConfigError:
        remove_hydra_files(run_dir)  # nothing ran: leave nothing behind
        raise
    with sitting(run_dir):
        try:
            posterior = calibrate(config, run_dir)
        except ConfigError:
            if not (run_dir / DATABASE).exists() and not (run_dir / SETTINGS).exists():
                remove_hydra_files(run_dir)  # nothing ran: leave nothing behind
            raise
        print(report(run_dir, config, problem, posterior))


if __name__ == "__main__":
    explained(main, "Error in the calibration")
