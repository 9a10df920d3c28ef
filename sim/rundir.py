"""Hydra run directories of scenarios that never ran.

A run stopped by a wrong scenario must leave nothing behind that looks like a
result; Hydra has already made the run's directory and its own files by then.
"""

from __future__ import annotations

from pathlib import Path


def remove_hydra_files(run_dir: Path) -> None:
    """Leave nothing behind for a scenario that never ran: only what Hydra itself wrote."""
    for log in run_dir.glob("*.log"):
        log.unlink()
    hydra_dir = run_dir / ".hydra"
    if hydra_dir.is_dir():
        for f in hydra_dir.iterdir():
            f.unlink()
        hydra_dir.rmdir()
    path = run_dir.resolve()
    if path.is_dir() and not any(path.iterdir()):  # the run's own directory, now empty
        path.rmdir()
        path = path.parent
    cwd = Path.cwd().resolve()  # and the empty dated directories above it, inside cwd
    while path != cwd and cwd in path.parents and path.is_dir() and not any(path.iterdir()):
        path.rmdir()
        path = path.parent
