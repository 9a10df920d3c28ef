"""The Redis server and workers of a distributed calibration (``calibration.sampler=redis``).

pyabc's Redis sampler counts the workers busy with a generation and, once the generation
has all its particles, waits until each of them has reported back. A worker stopped by
SIGTERM or SIGINT (``kill``, ``scancel``, a SLURM time limit) finishes its simulation and
signs off. One that dies without signing off (``kill -9``, out of memory, a lost node) is
never subtracted, and the calibration waits for it forever (pyabc issue #38, whose manual
cure is ``abc-redis-manager reset-workers``). :class:`LostWorkerWatch` applies that cure
when a generation has had all its particles for a while and still counts workers.

:func:`check_server` turns the two ways a Redis can be unusable into clear errors.
"""

from __future__ import annotations

import logging
import threading
import time

from redis import StrictRedis
from redis.exceptions import RedisError

from sim.config.errors import ConfigError

log = logging.getLogger(__name__)


def check_server(redis: StrictRedis, host: str, port: int) -> None:
    """Redis answers and runs no other analysis (pyabc refuses one that does)."""
    from pyabc.sampler.redis_eps import cmd

    where = f"{host}:{port}"
    try:
        busy = redis.get(cmd.ANALYSIS_ID)
    except RedisError as exc:
        raise ConfigError(f"calibration.sampler=redis: cannot reach Redis at {where} ({exc}); "
                          "start redis-server there or set calibration.redis_host and "
                          "calibration.redis_port") from None
    if busy:
        raise ConfigError(
            f"calibration.sampler=redis: Redis at {where} holds analysis {busy.decode()}: "
            "another calibration uses it, or one was killed before it could sign off. If none "
            f"runs, remove it with: redis-cli -h {host} -p {port} del {cmd.ANALYSIS_ID}")


class LostWorkerWatch:
    """While in use, resets a generation's worker count once the generation has had all
    its particles for ``timeout_s`` seconds: the workers it still counts are lost."""

    def __init__(self, redis: StrictRedis, timeout_s: float, poll_s: float = 1.0):
        self.redis, self.timeout_s, self.poll_s = redis, timeout_s, poll_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="lost-worker-watch",
                                        daemon=True)

    def __enter__(self) -> LostWorkerWatch:
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        self._thread.join()

    def _waiting(self) -> tuple[str, int, int] | None:
        """(analysis, generation, workers counted) while a complete generation waits."""
        from pyabc.sampler.redis_eps import cmd

        analysis = self.redis.get(cmd.ANALYSIS_ID)
        t = analysis and self.redis.get(cmd.idfy(cmd.GENERATION, analysis.decode()))
        if not t:
            return None
        analysis, t = analysis.decode(), int(t)
        accepted, required, workers = self.redis.mget(
            [cmd.idfy(key, analysis, t) for key in (cmd.N_ACC, cmd.N_REQ, cmd.N_WORKER)])
        if None in (accepted, required, workers) or int(accepted) < int(required) \
                or int(workers) <= 0:
            return None
        return analysis, t, int(workers)

    def _watch(self) -> None:
        since: dict[tuple[str, int], float] = {}
        while not self._stop.wait(self.poll_s):
            try:
                waiting = self._waiting()
            except RedisError:  # the sampler meets the same error and reports it
                continue
            if waiting is None:
                since.clear()
                continue
            analysis, t, workers = waiting
            started = since.setdefault((analysis, t), time.monotonic())
            if time.monotonic() - started >= self.timeout_s:
                from pyabc.sampler.redis_eps import cmd

                log.warning("Generation %d has all its particles but %d worker(s) have not "
                            "reported back for %.0f s: taken as lost (killed, out of memory, "
                            "node down); carrying on without them", t, workers, self.timeout_s)
                self.redis.set(cmd.idfy(cmd.N_WORKER, analysis, t), 0)
                since.clear()
