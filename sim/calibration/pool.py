"""The calibration's worker processes: forked, ending on SIGTERM, leaving Ctrl-C to the parent."""

from __future__ import annotations

import os
import signal
from multiprocessing import get_context


def _worker_signals() -> None:
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def worker_pool(n_jobs: int):
    """Forked workers that end on the pool's SIGTERM and leave Ctrl-C to their parent.
    Inherited, the command's stop handler only runs once a worker is back in Python: a
    SIGTERM landing just before a worker blocked on the task queue left it there, and the
    pool's end waited for it forever (seen in CI)."""
    return get_context("fork").Pool(n_jobs or os.cpu_count(), _worker_signals)
