"""Where numba keeps the compiled model, so that a shared or read-only install works.

numba caches compiled code next to the source (``sim/model/__pycache__``) or, where that
is not writable (an install shared read-only on a cluster), in the user's cache directory
(``~/.cache/numba``). Where neither is writable (a home the compute nodes cannot write, a
container) it fails on first use ("cannot cache function ...: no locator available").
There the cache goes to a per-user temporary directory instead: every machine then
compiles once (about 20 s). ``NUMBA_CACHE_DIR``, numba's own setting, always wins; on a
cluster point it at a shared directory (docs/cluster.md).

numba checks a cached function against its own source file only: after a change to a
compiled function it calls in another file (an update, a ``git pull``) it would load the
old machine code and run the old rules. So the cache directories carry a digest of every
compiled source, and code cached under another digest is dropped before numba loads it.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from pathlib import Path

PACKAGE = Path(__file__).parent
MODEL_DIR = PACKAGE / "model"
STAMP = "nup-sim-sources.sha256"  # the digest of the sources the cached code came from
# What marks a compiled source: numba's decorator, and sim.weekly's (which defines it).
COMPILED = (b"numba.njit", b"@weekly")


def _writable(directory: Path) -> bool:
    """Whether files can be created in ``directory`` (made if missing), as numba checks."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
        tempfile.TemporaryFile(dir=directory).close()
    except OSError:
        return False
    return True


def user_cache_dir() -> Path:
    """numba's user-wide cache directory on Linux (its ``appdirs``)."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "numba"


def ensure_cache_dir() -> None:
    """Point numba at a writable cache directory if it would find none by itself.

    Runs before numba compiles anything (``sim/__init__.py``): numba reads
    ``NUMBA_CACHE_DIR`` when it is imported and looks for a cache directory when a
    cached function is defined."""
    if os.environ.get("NUMBA_CACHE_DIR"):
        return
    if _writable(MODEL_DIR / "__pycache__") or _writable(user_cache_dir()):
        return
    fallback = Path(tempfile.gettempdir()) / f"nup-sim-numba-{os.getuid()}"
    os.environ["NUMBA_CACHE_DIR"] = str(fallback)
    if "numba" in sys.modules:  # imported already: its configuration was read
        sys.modules["numba"].config.CACHE_DIR = str(fallback)


def _cache_subpath(source_dir: Path) -> str:
    """numba's directory for a source directory's code inside a cache root."""
    path = os.path.abspath(source_dir)
    return f"{os.path.basename(path)}_{hashlib.sha1(path.encode()).hexdigest()}"


def active_cache_dir(source_dir: Path) -> Path | None:
    """Where numba caches the code of ``source_dir``: its first writable place, in numba's
    order (NUMBA_CACHE_DIR, the source's __pycache__, the user's cache)."""
    places = [source_dir / "__pycache__", user_cache_dir() / _cache_subpath(source_dir)]
    if os.environ.get("NUMBA_CACHE_DIR"):
        places.insert(0, Path(os.environ["NUMBA_CACHE_DIR"]) / _cache_subpath(source_dir))
    return next((p for p in places if _writable(p)), None)


def drop_stale_compiled_code(package: Path = PACKAGE) -> None:
    """Drop compiled code cached from other sources than these (see the module docstring).
    Runs before numba loads anything (``sim/__init__.py``)."""
    sources = sorted(p for p in package.rglob("*.py") if p.name != "numba_cache.py"
                     and any(mark in p.read_bytes() for mark in COMPILED))
    digest = hashlib.sha256()
    for path in sources:
        digest.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes())
    current = digest.hexdigest()
    for source_dir in sorted({p.parent for p in sources}):
        directory = active_cache_dir(source_dir)
        if directory is None:
            continue
        stamp = directory / STAMP
        try:
            if stamp.read_text() == current:
                continue
        except OSError:
            pass
        try:
            for cached in (*directory.glob("*.nbi"), *directory.glob("*.nbc")):
                cached.unlink(missing_ok=True)
            partial = directory / f"{STAMP}.{os.getpid()}"
            partial.write_text(current)
            partial.replace(stamp)
        except OSError:
            continue  # another process's turn, or not ours to change: numba copes
