"""Files that exist only complete, and run directories of runs that never ran.

Every result file is written to a temporary name beside it and moved into place, so a
reader (a resumed sweep, a report, a user) sees the old file or the new one, never half
of one. A run stopped by a wrong scenario leaves nothing that looks like a result;
Hydra has already made the run's directory and its own files by then.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path


def atomic_write(path: Path, write: Callable[[Path], object]) -> None:
    """``write(tmp)`` writes the file's content to ``tmp``; it then replaces ``path``."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def atomic_text(path: Path, text: str) -> None:
    atomic_write(path, lambda tmp: tmp.write_text(text))


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
