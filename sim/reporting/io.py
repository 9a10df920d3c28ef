"""Files and run directories that exist only complete.

Every result file is written to a temporary name beside it and moved into place, so a
reader (a resumed sweep, a report, a user) sees the old file or the new one, never half
of one. A run's directory is written the same way as a whole: its results go into a
hidden temporary directory that is renamed into place at the end, so a failed or killed
run never leaves a directory that looks like a result, and a run never writes into a
directory that holds another run's files. A run stopped by a wrong scenario leaves
nothing behind; Hydra has already made the run's directory and its own files by then.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sim.config.errors import ConfigError
from sim.config.explain import STOP


def atomic_write(path: Path, write: Callable[[Path], object]) -> None:
    """``write(tmp)`` writes the file's content to ``tmp``; it then replaces ``path``. A
    failure (a full disk) names the file."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        write(tmp)
        os.replace(tmp, path)
    except OSError as exc:
        if exc.filename:
            raise
        raise OSError(exc.errno, exc.strerror, str(path)) from exc
    finally:
        tmp.unlink(missing_ok=True)


def atomic_text(path: Path, text: str) -> None:
    atomic_write(path, lambda tmp: tmp.write_text(text))


def remove_hydra_files(run_dir: Path) -> None:
    """Leave nothing behind for a scenario that never ran: remove what Hydra itself wrote,
    unless the directory holds a finished run's results."""
    if not run_dir.is_dir() or any(p.name != ".hydra" and p.suffix != ".log"
                                   for p in run_dir.iterdir()):
        return
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


def check_run_dir(run_dir: Path) -> None:
    """A run goes into a new or empty directory: never beside another run's files."""
    run_dir = Path(run_dir)
    existing = next(p for p in (run_dir, *run_dir.absolute().parents) if p.exists())
    if not existing.is_dir():
        raise ConfigError(f"hydra.run.dir={run_dir} is not allowed: {existing} is a file, not a "
                          "directory; choose another hydra.run.dir (or paths.output_dir)")
    if existing == run_dir and any(run_dir.iterdir()):
        raise ConfigError(f"hydra.run.dir={run_dir} is not allowed: it holds a run already; "
                          "choose another directory, or remove it to run again")


@contextmanager
def run_directory(run_dir: Path) -> Iterator[Path]:
    """Yield a hidden directory beside ``run_dir`` to write a run's results into; at the
    end Hydra's files of this run (``.hydra/``, the log) join them and it takes
    ``run_dir``'s place. On failure neither remains."""
    run_dir = Path(run_dir)
    tmp = run_dir.with_name(f".{run_dir.name}.unfinished-{os.getpid()}")
    tmp.mkdir()
    try:
        yield tmp
        if STOP.is_set():  # asked to stop while the run was computing: it is not kept
            raise KeyboardInterrupt
        for entry in run_dir.iterdir():  # the log stays open: its file only moves
            entry.rename(tmp / entry.name)
        tmp.rename(run_dir)  # replaces the directory, empty by now
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        remove_hydra_files(run_dir)
        raise
