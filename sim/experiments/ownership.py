"""A sweep directory is owned by one running sweep, and a sweep's workers by its process.

The sweep's main process holds ``.lock`` in the sweep directory (its process id, host
and start time) while it runs: a second sweep or a resume into the directory is refused
meanwhile, and a lock left by a process that is gone (killed) is recognised and taken
over. Worker processes (joblib's, submitit's local ones) watch the chain of processes
up to the lock's owner: when the owner is gone they exit at once, so a killed sweep
leaves no workers behind that go on writing into the directory.
"""

from __future__ import annotations

import atexit
import json
import logging
import os
import socket
import threading
import time
from pathlib import Path

from sim.config.errors import ConfigError

LOCK = ".lock"
WATCH_SECONDS = 0.5  # how often a worker checks that the sweep's process is still there

log = logging.getLogger(__name__)


def _stat(pid: int) -> list[str] | None:
    """Fields of /proc/<pid>/stat after the command name (None where there is no such process)."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text.rpartition(")")[2].split()


def _parent(pid: int) -> int | None:
    fields = _stat(pid)
    return int(fields[1]) if fields else None


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


def release(sweep_dir: Path) -> None:
    """Remove this process's lock of ``sweep_dir`` (a lock of another process stays)."""
    owner = owner_of(sweep_dir)
    if owner and owner["pid"] == os.getpid():
        (Path(sweep_dir) / LOCK).unlink(missing_ok=True)


def _chain_to(owner: int) -> list[int] | None:
    """Process ids from this process up to ``owner``, or None if it is not an ancestor."""
    chain = [os.getpid()]
    while chain[-1] != owner:
        parent = _parent(chain[-1])
        if parent is None or parent <= 1 or len(chain) > 16:
            return None
        chain.append(parent)
    return chain


_watching: set[int] = set()


def watch_owner(sweep_dir: Path) -> None:
    """In a worker process of the sweep owning ``sweep_dir``: exit at once when the sweep's
    process is gone (killed), instead of going on writing. Does nothing in the sweep's own
    process or where the owner is not an ancestor (a cluster node)."""
    owner = owner_of(sweep_dir)
    chain = _chain_to(owner["pid"]) if owner else None
    if not chain or len(chain) < 2 or owner["pid"] in _watching:
        return
    _watching.add(owner["pid"])
    links = list(zip(chain, chain[1:], strict=False))

    def run() -> None:
        while all(_parent(child) == parent for child, parent in links):
            time.sleep(WATCH_SECONDS)
        os._exit(1)  # the sweep is gone: write nothing more

    threading.Thread(target=run, name="sweep-owner-watch", daemon=True).start()
