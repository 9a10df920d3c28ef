"""A sweep directory is owned by one running sweep, and a sweep's workers by its process.

The sweep's main process holds ``.lock`` in the sweep directory (its process id, host
and start time) while it runs: a second sweep or a resume into the directory is refused
meanwhile, and a lock left by a process that is gone (killed) is recognised and taken
over. The processes the sweep starts on this machine (joblib's workers, submitit's local
ones) carry a mark in their environment; a small reaper process waits for the sweep's
process to end, however it ends, and kills every marked process at once: a killed sweep
leaves no workers that go on writing into the directory, busy or idle.
"""

from __future__ import annotations

import atexit
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from sim.config.errors import ConfigError

LOCK = ".lock"
OWNER_ENV = "SIM_SWEEP_OWNER"  # the mark of the processes a sweep starts

log = logging.getLogger(__name__)


def _stat(pid: int) -> list[str] | None:
    """Fields of /proc/<pid>/stat after the command name (None where there is no such process)."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text.rpartition(")")[2].split()


def _started(pid: int) -> int | None:
    """The process's start time in clock ticks since boot: tells a reused process id apart."""
    fields = _stat(pid)
    return int(fields[19]) if fields else None


def _alive(owner: dict) -> bool:
    try:
        os.kill(owner["pid"], 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return owner.get("started") in (None, _started(owner["pid"]))


def owner_of(sweep_dir: Path) -> dict | None:
    """The lock's record of the sweep process owning ``sweep_dir``, if any."""
    try:
        owner = json.loads((Path(sweep_dir) / LOCK).read_text())
    except (OSError, ValueError):
        return None
    return owner if isinstance(owner, dict) and isinstance(owner.get("pid"), int) else None


def acquire(sweep_dir: Path) -> None:
    """Lock ``sweep_dir`` for this process until it exits; ConfigError if a running sweep
    holds it. A lock of a process that is gone (on this host) is taken over."""
    lock = Path(sweep_dir) / LOCK
    me = {"pid": os.getpid(), "host": socket.gethostname(), "started": _started(os.getpid()),
          "since": time.strftime("%Y-%m-%d %H:%M:%S")}
    tmp = lock.with_name(f"{LOCK}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(me) + "\n")
    try:
        for _ in range(2):
            try:
                os.link(tmp, lock)  # atomic: fails if a lock exists
                break
            except FileExistsError:
                owner = owner_of(sweep_dir)
                if owner and (owner.get("host") != me["host"] or _alive(owner)):
                    where = "" if owner.get("host") == me["host"] else f" on {owner.get('host')}"
                    raise ConfigError(
                        f"hydra.sweep.dir={sweep_dir} is in use by a running sweep (process "
                        f"{owner['pid']}{where}, since {owner.get('since')}): wait for it to "
                        f"finish, or stop it (kill {owner['pid']}); if it is not running, "
                        f"remove {lock}") from None
                log.warning("Taking over %s: the sweep that held it (process %s) is gone",
                            lock, owner["pid"] if owner else "unknown")
                lock.unlink(missing_ok=True)
        else:
            raise ConfigError(f"cannot lock {lock}: another sweep took it just now")
    finally:
        tmp.unlink(missing_ok=True)
    atexit.register(release, sweep_dir)
    _start_reaper(me)


def release(sweep_dir: Path) -> None:
    """Remove this process's lock of ``sweep_dir`` (a lock of another process stays)."""
    owner = owner_of(sweep_dir)
    if owner and owner["pid"] == os.getpid():
        (Path(sweep_dir) / LOCK).unlink(missing_ok=True)


def _stop_marked_processes(marker: str) -> None:
    """In the reaper: once the sweep's process has ended, kill every process it started
    (they carry ``marker`` in their environment)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the sweep, then this acts
    sys.stdin.buffer.read()  # the end of the input: the sweep's process is gone
    needle = f"{OWNER_ENV}={marker}".encode()
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            marked = needle in (entry / "environ").read_bytes().split(b"\0")
            if marked and int(entry.name) != os.getpid():
                os.kill(int(entry.name), signal.SIGKILL)
        except OSError:
            continue


_reaper: subprocess.Popen | None = None  # held open for the life of this process


def _start_reaper(owner: dict) -> None:
    """Mark the processes this sweep starts from now on, and start the reaper that stops
    them when this process ends, however it ends (even killed: its pipe closes)."""
    global _reaper
    marker = f"{owner['pid']}:{owner['started']}"
    os.environ[OWNER_ENV] = marker
    _reaper = subprocess.Popen([sys.executable, "-m", __name__, marker], stdin=subprocess.PIPE)


if __name__ == "__main__":
    _stop_marked_processes(sys.argv[1])
