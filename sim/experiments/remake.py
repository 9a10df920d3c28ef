"""``python -m sim.experiments.remake [name ...]``: re-make the committed summaries of the
named experiments (``configs/experiment/``) in ``experiments/<name>/results/``.

Each experiment runs with the commands its README gives: the sweep into
``outputs/experiments/<name>`` (emptied first: a sweep reuses finished jobs of the same
scenario, so a model changed since would not show), then its report. The report's tables
and figures are copied into ``experiments/<name>/results/`` with ``SUMMARY.md`` (the answer
as the report prints it) and ``provenance.json``: the commit the code came from, whether
the work tree had uncommitted changes, the commands and when. The seeds are fixed by the
experiment configs, so the same commit gives the same numbers. Re-make after the model
changes and commit the results (a test checks that each recorded commit is in the history
and each command is valid).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

from sim.config.paths import CONFIG_DIR

ROOT = CONFIG_DIR.parent
STUDIES = ROOT / "experiments"
RESULTS = "results"
KEPT = ("time_to_adoption.md", "time_to_adoption.csv", "logrank.md", "hazard_ratios.md",
        "paired_contrasts.md", "sensitivity.md", "sensitivity.csv",
        "sensitivity_convergence.csv", "survival.png", "median_heatmap.png",
        "sensitivity.png", "sensitivity_convergence.png")


def names() -> list[str]:
    return sorted(p.stem for p in (CONFIG_DIR / "experiment").glob("*.yaml"))


def sweep_dir(name: str) -> str:
    return f"outputs/experiments/{name}"


def commands(name: str) -> list[str]:
    """The experiment's sweep and report commands, as its README gives them."""
    return [f"python -m sim -m +experiment={name} hydra.sweep.dir={sweep_dir(name)}",
            f"python -m sim.report {sweep_dir(name)}"]


def _git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True,
                          check=True).stdout.strip()


def remake(name: str) -> Path:
    """Run one experiment and write its summary; return the summary folder."""
    commit = _git("rev-parse", "HEAD")
    dirty = bool(_git("status", "--porcelain", "--", ".", f":!experiments/*/{RESULTS}",
                      f":!experiments/*/{RESULTS}/**"))  # results/ is what this writes
    shutil.rmtree(ROOT / sweep_dir(name), ignore_errors=True)
    tic = time.perf_counter()
    printed = []
    for command in commands(name):
        argv = shlex.split(command)
        done = subprocess.run([sys.executable, *argv[1:]], cwd=ROOT, capture_output=True,
                              text=True)
        if done.returncode != 0:
            raise SystemExit(f"{command} failed:\n{done.stderr[-3000:]}")
        printed.append(done.stdout)
    seconds = time.perf_counter() - tic
    report_dir = ROOT / sweep_dir(name) / "report"
    out = STUDIES / name / RESULTS
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    for kept in KEPT:
        if (report_dir / kept).is_file():
            shutil.copyfile(report_dir / kept, out / kept)
    provenance = {"experiment": name, "commit": commit, "uncommitted_changes": dirty,
                  "commands": commands(name), "made": dt.datetime.now().isoformat("T", "seconds"),
                  "seconds": round(seconds)}
    (out / "provenance.json").write_text(json.dumps(provenance, indent=2) + "\n")
    answer = printed[-1].rsplit("\nReport: ", 1)[0].strip()
    (out / "SUMMARY.md").write_text(
        f"# {name}: results\n\nMade from commit `{commit}`"
        + (" (with uncommitted changes)" if dirty else "")
        + f" on {provenance['made']} in {seconds:.0f} s by `python -m sim.experiments.remake "
        f"{name}`, which runs:\n\n" + "".join(f"    {c}\n" for c in commands(name))
        + "\nWhat the report printed:\n\n```\n" + answer + "\n```\n")
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m sim.experiments.remake",
                                     description="re-make the named experiments' summaries")
    parser.add_argument("names", nargs="*", help=f"default: all ({', '.join(names())})")
    args = parser.parse_args(argv)
    for name in args.names or names():
        if name not in names():
            raise SystemExit(f"no experiment {name!r}; the experiments: {', '.join(names())}")
        print(f"{name}: {remake(name)}", flush=True)


if __name__ == "__main__":
    main()
