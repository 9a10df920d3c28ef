"""A real one-node SLURM cluster and a real Redis for the cluster tests.

They need Debian's packages (slurmctld slurmd slurm-client munge, redis-server) and, for
SLURM, root. Without them the tests are skipped with the reason; CI (``.ci/run``)
installs them and sets NUP_SIM_REQUIRE_CLUSTER=1, under which a missing prerequisite
fails the test instead.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

HERE = Path(__file__).parent
ROOT = HERE.parents[1]
REQUIRED = os.environ.get("NUP_SIM_REQUIRE_CLUSTER") == "1"


def missing(reason: str) -> None:
    """Skip, or fail where the cluster tests must run (CI)."""
    if REQUIRED:
        pytest.fail(f"{reason} (NUP_SIM_REQUIRE_CLUSTER=1: the cluster tests must run)")
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def slurm(tmp_path_factory):
    """A one-node cluster (tests/cluster/slurm.sh); yields the environment to reach it."""
    if os.geteuid() != 0:
        missing("the SLURM tests start slurmctld, slurmd and munged as root")
    absent = [c for c in ("slurmctld", "slurmd", "sbatch", "munged") if not shutil.which(c)]
    if absent:
        missing(f"SLURM is not installed (no {', '.join(absent)}): apt-get install slurmctld "
                "slurmd slurm-client munge")
    state = tmp_path_factory.mktemp("slurm")
    env = {**os.environ, "SLURMCTLD_PORT": str(free_port()), "SLURMD_PORT": str(free_port())}
    script = str(HERE / "slurm.sh")
    started = subprocess.run([script, "start", str(state)], env=env, capture_output=True,
                             text=True, timeout=120)
    try:
        assert started.returncode == 0, started.stderr
        yield {**os.environ, "SLURM_CONF": str(state / "slurm.conf")}
    finally:
        subprocess.run([script, "stop", str(state)], env=env, timeout=120)


def wait_for(check, what: str, seconds: float = 30):
    """Poll ``check`` until it returns something true; returns that."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


class Redis:
    """A redis-server on localhost and the abc-redis-workers started against it."""

    def __init__(self, directory: Path):
        self.directory, self.port = directory, free_port()
        self.server = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(directory)],
            stdout=(directory / "redis.log").open("w"), stderr=subprocess.STDOUT)
        self.workers: list[subprocess.Popen] = []
        from redis import StrictRedis

        self.client = StrictRedis(port=self.port)
        wait_for(self._answers, "redis-server to answer")

    def _answers(self) -> bool:
        from redis.exceptions import ConnectionError

        try:
            return self.client.ping()
        except ConnectionError:
            return False

    def start_worker(self) -> subprocess.Popen:
        """An ``abc-redis-worker`` of this venv; its log is ``worker<n>.log``."""
        log = self.directory / f"worker{len(self.workers)}.log"
        worker = subprocess.Popen(
            [str(Path(sys.executable).parent / "abc-redis-worker"), "--host=127.0.0.1",
             f"--port={self.port}"], cwd=ROOT, stdout=log.open("w"), stderr=subprocess.STDOUT)
        self.workers.append(worker)
        return worker

    def log(self, worker: subprocess.Popen) -> str:
        return (self.directory / f"worker{self.workers.index(worker)}.log").read_text()

    def stop(self) -> None:
        for process in [*self.workers, self.server]:
            if process.poll() is None:
                process.terminate()
        for process in [*self.workers, self.server]:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture
def redis(tmp_path):
    """A fresh Redis for each test (a killed calibration leaves its analysis behind)."""
    if not shutil.which("redis-server"):
        missing("redis-server is not installed: apt-get install redis-server")
    server = Redis(tmp_path)
    try:
        yield server
    finally:
        server.stop()
