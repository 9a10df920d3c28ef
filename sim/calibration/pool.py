"""The calibration's worker processes: forked, ending on SIGTERM, leaving Ctrl-C to the
parent; and a progress line for long work done through them."""

from __future__ import annotations

import logging
import os
import signal
import time
from collections.abc import Iterable
from multiprocessing import get_context

from sim.experiments.replicates import PROGRESS_SECONDS

log = logging.getLogger(__name__)


def _worker_signals() -> None:
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def worker_pool(n_jobs: int):
    """Forked workers that end on the pool's SIGTERM and leave Ctrl-C to their parent.
    Inherited, the command's stop handler only runs once a worker is back in Python: a
    SIGTERM landing just before a worker blocked on the task queue left it there, and the
    pool's end waited for it forever (seen in CI)."""
    return get_context("fork").Pool(n_jobs or os.cpu_count(), _worker_signals)


def followed(results: Iterable, total: int, what: str, unit: str, per_result: int = 1) -> list:
    """The results, as they come, in a list; a line about every PROGRESS_SECONDS and at
    the end: how many of how many ``unit`` are done, how fast, and how long to go."""
    done = []
    started = last = time.perf_counter()
    for k, result in enumerate(results, 1):
        done.append(result)
        now = time.perf_counter()
        if now - last >= PROGRESS_SECONDS or k == total:
            rate = k * per_result / (now - started)
            log.info("%s: %d of %d %s done (%d%%), %.2f a second, about %.0f min to go", what,
                     k * per_result, total * per_result, unit, 100 * k // total, rate,
                     (total - k) * per_result / rate / 60)
            last = now
    return done
