"""A read-only install, as shared on a cluster: numba's compiled code goes to
NUMBA_CACHE_DIR and is reused, or, unset, to a temporary directory (sim/numba_cache.py).

The install is a copy of the package mounted read-only in a private mount namespace
(root and ``unshare``), with a home that cannot be written either."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from tests.cluster.conftest import ROOT, missing

RUN = """
import json
from sim import load_config, simulate
from sim.model import dynamics
simulate(load_config(["organisation.staff=60", "horizon_weeks=20"]))
compiled = [f.stats for f in vars(dynamics).values() if hasattr(f, "stats")]
print(json.dumps({"hits": sum(sum(s.cache_hits.values()) for s in compiled),
                  "misses": sum(sum(s.cache_misses.values()) for s in compiled)}))
"""


@pytest.fixture(scope="module")
def install(tmp_path_factory):
    if os.geteuid() != 0 or not shutil.which("unshare"):
        missing("a read-only mount needs root and unshare")
    install = tmp_path_factory.mktemp("install")
    for part in ("sim", "configs", "data"):
        shutil.copytree(ROOT / part, install / part,
                        ignore=shutil.ignore_patterns("__pycache__"))
    (install / "home").mkdir()
    return install


def run_read_only(install, **env) -> dict:
    """RUN with ``install`` mounted read-only; numba's cache hits and misses."""
    mount = ('mount --bind "$0" "$0" && mount -o remount,ro,bind "$0" "$0" && '
             'exec "$@"')
    unset = ("XDG_CACHE_HOME", "NUMBA_CACHE_DIR", "TMPDIR")
    environment = {k: v for k, v in os.environ.items() if k not in unset}
    done = subprocess.run(
        ["unshare", "--mount", "sh", "-c", mount, str(install), sys.executable, "-c", RUN],
        env={**environment, "PYTHONPATH": str(install), "HOME": str(install / "home"), **env},
        cwd=install, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def test_numba_cache_dir_serves_a_read_only_install(install, tmp_path):
    cache = tmp_path / "cache"
    first = run_read_only(install, NUMBA_CACHE_DIR=str(cache))
    assert first["misses"] > 0 and list(cache.rglob("*.nbi"))  # compiled, cached there
    again = run_read_only(install, NUMBA_CACHE_DIR=str(cache))
    assert again["misses"] == 0 and again["hits"] > 0  # the next process only loads it
    assert not list(install.rglob("__pycache__"))

    # Unset, the cache goes to the temporary directory (numba alone fails here): given
    # the compiled code there, the run loads it instead of compiling.
    temporary = tmp_path / "tmp"
    shutil.copytree(cache, temporary / f"nup-sim-numba-{os.getuid()}")
    fallback = run_read_only(install, TMPDIR=str(temporary))
    assert fallback["misses"] == 0 and fallback["hits"] > 0
