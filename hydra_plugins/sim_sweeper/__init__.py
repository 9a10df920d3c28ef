"""Hydra's basic sweeper without its second composition check of every job.

Before launching, Hydra's basic sweeper composes the configuration of every job to
find errors early, at about 0.2 s a job in the launching process: two minutes for a
600-job seed sweep, spent on one core before the first job starts. The sweep
callback (:class:`sim.experiments.sweep.SweepCallback`) has by then composed and validated every
distinct scenario of the sweep once, with its most extreme seed, which finds the
same errors and more (ranges, shares, events). Everything else is the basic sweeper.
"""

from __future__ import annotations

from collections.abc import Sequence

from hydra._internal.core_plugins.basic_sweeper import BasicSweeper


class CheckedSweeper(BasicSweeper):
    """The basic sweeper, relying on the sweep callback's check of every scenario."""

    def validate_batch_is_legal(self, batch: Sequence[Sequence[str]]) -> None:
        """Checked already, once per scenario, by ``SweepCallback.on_multirun_start``."""
