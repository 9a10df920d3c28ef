"""``python -m sim``: run one scenario (or a Hydra multirun) from the command line."""

from __future__ import annotations

import sys
from pathlib import Path

import hydra
from hydra.core.hydra_config import HydraConfig
from hydra.types import RunMode
from omegaconf import DictConfig

from sim.config import CONFIG_DIR, ConfigError, check_yaml, register, to_sim_config
from sim.run import describe, simulate, write_results
from sim.sweep import describe as describe_table
from sim.sweep import job_parameters, run_job

register()


def _fail(message: str) -> None:
    print(f"Error in the scenario: {message}", file=sys.stderr)
    sys.exit(2)


def _remove_hydra_files(run_dir: Path) -> None:
    """Leave nothing behind for a scenario that never ran: only what Hydra itself wrote."""
    for log in run_dir.glob("*.log"):
        log.unlink()
    hydra_dir = run_dir / ".hydra"
    if hydra_dir.is_dir():
        for f in hydra_dir.iterdir():
            f.unlink()
        hydra_dir.rmdir()
    cwd = Path.cwd().resolve()
    path = run_dir.resolve()
    while path != cwd and cwd in path.parents and path.is_dir() and not any(path.iterdir()):
        path.rmdir()
        path = path.parent


@hydra.main(config_path=str(CONFIG_DIR), config_name="config", version_base="1.3")
def main(cfg: DictConfig) -> dict | None:
    hydra_cfg = HydraConfig.get()
    run_dir = Path(hydra_cfg.runtime.output_dir)
    try:
        sim_cfg = to_sim_config(cfg)
    except ConfigError as err:
        _remove_hydra_files(run_dir)
        _fail(str(err))
    if hydra_cfg.mode == RunMode.MULTIRUN or sim_cfg.replicates > 1:
        # a table of replicates instead of one run's figures (sim/sweep.py)
        table = run_job(run_dir, sim_cfg, job_parameters(hydra_cfg.overrides.task),
                        hydra_cfg.job.num if hydra_cfg.mode == RunMode.MULTIRUN else 0)
        print(f"{describe_table(table)}: {run_dir}")
        return None
    summary = write_results(run_dir, sim_cfg, simulate(sim_cfg))
    print(describe(summary))
    print(f"Results: {run_dir}")
    return summary


if __name__ == "__main__":
    try:
        check_yaml()
    except ConfigError as err:
        _fail(str(err))
    main()
