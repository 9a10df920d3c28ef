"""``python -m sim``: run one scenario (or a Hydra multirun) from the command line.

Bad input never ends in a traceback: every failure of a setting, a file or a directory
ends with one message (:mod:`sim.config.explain`), exit code 2 and nothing written. A
single run is composed and checked before Hydra makes its directory, and its results
appear in that directory all at once, at the end (:func:`sim.reporting.io.run_directory`).
"""

from __future__ import annotations

import sys
from pathlib import Path

import hydra
from hydra.core.hydra_config import HydraConfig
from hydra.types import RunMode
from omegaconf import DictConfig, open_dict

from sim.config import calibrated, scenario_file
from sim.config.compose import check_yaml, to_sim_config
from sim.config.errors import ConfigError
from sim.config.explain import explained
from sim.config.paths import CONFIG_DIR
from sim.config.schema import SimConfig, register
from sim.reporting.io import check_run_dir, remove_hydra_files, run_directory

register()


def _checked(cfg: DictConfig, choices: DictConfig, scenario_run: bool) -> SimConfig:
    """The scenario of a composed config; an error names the scenario file, if one is used."""
    try:
        return to_sim_config(cfg, scenario_run)
    except ConfigError as exc:
        choice = choices.get("scenario")
        if not choice:
            raise
        path = scenario_file.source(f"scenario/{choice}")
        raise ConfigError(f"{exc} (in scenario {f'file {path}' if path else choice})") from None


def scenario_run(overrides: list[str]) -> tuple[Path, SimConfig]:
    """Compose and check a scenario run's config (an error names its scenario file);
    returns the directory Hydra would run it in, and the config."""
    from hydra import compose, initialize_config_dir

    with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3"):
        cfg = compose(config_name="config", overrides=overrides, return_hydra_config=True)
    run_dir, choices = Path(cfg.hydra.run.dir), cfg.hydra.runtime.choices
    with open_dict(cfg):
        del cfg["hydra"]
    return run_dir, _checked(cfg, choices, scenario_run=True)


def preflight(overrides: list[str]) -> tuple[Path, SimConfig]:
    """Compose and check a single run's scenario and its directory before Hydra makes it;
    returns both."""
    run_dir, sim_cfg = scenario_run(overrides)
    check_run_dir(run_dir)
    return run_dir, sim_cfg


@hydra.main(config_path=str(CONFIG_DIR), config_name="config", version_base="1.3")
def main(cfg: DictConfig) -> dict | None:
    # the model is imported here: a wrong setting is reported without loading it
    from sim.experiments.replicates import describe as describe_table
    from sim.experiments.replicates import job_parameters, run_job
    from sim.model.municipality import simulate

    hydra_cfg = HydraConfig.get()
    run_dir = Path(hydra_cfg.runtime.output_dir)
    sweep = hydra_cfg.mode == RunMode.MULTIRUN
    try:
        sim_cfg = _checked(cfg, hydra_cfg.runtime.choices, scenario_run=not sweep)
    except ConfigError:
        remove_hydra_files(run_dir)
        raise
    parameters = job_parameters(hydra_cfg.overrides.task)
    if sweep:
        # a table of replicates instead of one run's figures (sim/experiments/replicates.py)
        table = run_job(run_dir, sim_cfg, parameters, hydra_cfg.job.num)
        print(f"{describe_table(table)}: {run_dir}")
        return None
    import matplotlib  # figures of a scenario run; sweep jobs never import it

    matplotlib.use("Agg")
    from sim.reporting.outputs import describe, write_ensemble, write_results

    name = hydra_cfg.runtime.choices.get("scenario")
    if sim_cfg.replicates > 1:
        with run_directory(run_dir) as out:
            summary = write_ensemble(out, sim_cfg, parameters, name)
    else:
        calibration = {"posterior": sim_cfg.posterior,
                       "posterior_not_applied": calibrated.not_applied(sim_cfg)}
        sim_cfg, drawn = calibrated.draw(sim_cfg)
        if drawn:
            calibration["posterior_particle"] = drawn.pop("posterior_particle")
            print(f"Calibrated parameters (posterior particle "
                  f"{calibration['posterior_particle']}): "
                  + ", ".join(f"{k}={v:.4g}" for k, v in drawn.items()))
        with run_directory(run_dir) as out:
            summary = write_results(out, sim_cfg, simulate(sim_cfg), name, calibration)
    print(describe(summary, sim_cfg.report.language))
    print(f"Results: {run_dir}")
    return summary


def cli() -> None:
    """Check the configs and the arguments, then run ``main``. A single run's directory is
    fixed by the check (``${now:}`` is read once), and whatever stops the run there leaves
    nothing in it."""
    check_yaml()
    sys.argv[1:] = scenario_file.resolve_argv(sys.argv[1:])
    if any(arg.startswith("-") for arg in sys.argv[1:]):  # a sweep, or a question to Hydra
        main()
        return
    run_dir, _ = preflight(sys.argv[1:])
    sys.argv.append(f"hydra.run.dir={run_dir}")
    try:
        main()
    except BaseException:
        remove_hydra_files(run_dir)
        raise


if __name__ == "__main__":
    explained(cli, "Error in the scenario")
