"""``python -m sim``: run one scenario (or a Hydra multirun) from the command line."""

from __future__ import annotations

import atexit
import hashlib
import os
import shutil
import sys
import tempfile
from pathlib import Path

import hydra
from hydra.core.hydra_config import HydraConfig
from hydra.types import RunMode
from omegaconf import DictConfig

from sim.config import posterior
from sim.config.compose import check_yaml, check_yaml_file, to_sim_config
from sim.config.errors import ConfigError
from sim.config.paths import CONFIG_DIR
from sim.config.schema import register
from sim.experiments.replicates import describe as describe_table
from sim.experiments.replicates import job_parameters, run_job
from sim.model.municipality import simulate
from sim.reporting.io import atomic_write, remove_hydra_files

register()
scenario_file: Path | None = None  # set when scenario= names a file on disk


def _fail(message: str) -> None:
    print(f"Error in the scenario: {message}", file=sys.stderr)
    sys.exit(2)


def _scenario_from_file(argv: list[str]) -> Path | None:
    """Let ``scenario=path/to/file.yaml`` name a scenario file anywhere on disk.

    Hydra looks up scenarios by name in a config directory, so the file is copied into
    one that is added to the search path (``--config-dir``).
    """
    for i, arg in enumerate(argv):
        key, _, value = arg.partition("=")
        if key.lstrip("+") == "scenario" and value.endswith((".yaml", ".yml")):
            path = Path(value).expanduser().resolve()
            if not path.is_file():
                _fail(f"scenario={value}: no such file")
            check_yaml_file(path)
            argv[i] = f"{key}={path.stem}"
            argv[1:1] = ["--config-dir", str(_config_dir_with(path))]
            return path
    return None


def _config_dir_with(path: Path) -> Path:
    """A config directory holding a copy of ``path`` as ``scenario/<name>.yaml``.

    Sweep jobs compose their scenario again, on a cluster on other machines (and maybe
    after this process has ended), so the copy goes where every node sees it: the user's
    cache directory (``~/.cache/nup-sim/scenarios/``, shared on a cluster), named by its
    content. A machine whose home is not writable gets a temporary one.
    """
    text = path.read_bytes()
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    directory = cache / "nup-sim" / "scenarios" / hashlib.sha256(text).hexdigest()[:16]
    copy = directory / "scenario" / f"{path.stem}.yaml"
    try:
        if not copy.is_file():
            copy.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(copy, lambda tmp: tmp.write_bytes(text))
    except OSError:
        directory = Path(tempfile.mkdtemp(prefix="sim-scenario-"))
        atexit.register(shutil.rmtree, directory, ignore_errors=True)
        (directory / "scenario").mkdir()
        (directory / "scenario" / f"{path.stem}.yaml").write_bytes(text)
    return directory


@hydra.main(config_path=str(CONFIG_DIR), config_name="config", version_base="1.3")
def main(cfg: DictConfig) -> dict | None:
    hydra_cfg = HydraConfig.get()
    run_dir = Path(hydra_cfg.runtime.output_dir)
    try:
        sim_cfg = to_sim_config(cfg)
    except ConfigError as err:
        remove_hydra_files(run_dir)
        choice = scenario_file or hydra_cfg.runtime.choices.get("scenario")
        _fail(f"{err}" + (f" (in scenario {choice})" if choice else ""))
    if hydra_cfg.mode == RunMode.MULTIRUN or sim_cfg.replicates > 1:
        # a table of replicates instead of one run's figures (sim/experiments/replicates.py)
        table = run_job(run_dir, sim_cfg, job_parameters(hydra_cfg.overrides.task),
                        hydra_cfg.job.num if hydra_cfg.mode == RunMode.MULTIRUN else 0)
        print(f"{describe_table(table)}: {run_dir}")
        return None
    sim_cfg, drawn = posterior.draw(sim_cfg)
    if drawn:
        print("Calibrated parameters (posterior particle "
              f"{drawn.pop('posterior_particle')}): "
              + ", ".join(f"{k}={v:.4g}" for k, v in drawn.items()))
    import matplotlib  # figures of a single run; sweep jobs never import it

    matplotlib.use("Agg")
    from sim.reporting.outputs import describe, write_results

    summary = write_results(run_dir, sim_cfg, simulate(sim_cfg))
    print(describe(summary))
    print(f"Results: {run_dir}")
    return summary


if __name__ == "__main__":
    try:
        check_yaml()
        scenario_file = _scenario_from_file(sys.argv)
    except ConfigError as err:
        _fail(str(err))
    main()
