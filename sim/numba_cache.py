"""Where numba keeps the compiled model, so that a shared or read-only install works.

numba caches compiled code next to the source (``sim/model/__pycache__``) or, where that
is not writable (an install shared read-only on a cluster), in the user's cache directory
(``~/.cache/numba``). Where neither is writable (a home the compute nodes cannot write, a
container) it fails on first use ("cannot cache function ...: no locator available").
There the cache goes to a per-user temporary directory instead: every machine then
compiles once (about 20 s). ``NUMBA_CACHE_DIR``, numba's own setting, always wins; on a
cluster point it at a shared directory (docs/cluster.md).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

MODEL_DIR = Path(__file__).parent / "model"


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
