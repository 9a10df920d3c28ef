"""submitit's SLURM launcher, made to work where SLURM keeps no accounting, and to talk.

submitit follows its jobs with ``sacct``. On a cluster without accounting storage
(``AccountingStorageType=accounting_storage/none``, no slurmdbd) every ``sacct`` call
fails: submitit logs a warning on each poll, and a job that ends without a result
(cancelled, past its time limit, out of memory) stays "UNKNOWN" forever, so the command
on the login node never returns. There this launcher reads job states from ``squeue``
instead, which knows every job the controller still holds (``MinJobAge``, 300 s by
default); a job no longer listed has ended.

While the array runs, the login node gets the sweep's progress every 30 s (the jobs'
own lines go to their logs), and a job that ends without its table stops the command
with what happened and how to resume, instead of a traceback.
"""

from __future__ import annotations

import getpass
import logging
import re
import subprocess
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

from hydra.core.utils import JobReturn
from hydra_plugins.hydra_submitit_launcher import submitit_launcher
from submitit.slurm.slurm import SlurmInfoWatcher, SlurmJob

from sim.experiments.replicates import PROGRESS_SECONDS
from sim.experiments.sweep import progress_line

ENDED = "ENDED"  # the state of a job squeue no longer lists: it ended, how is not known

log = logging.getLogger(__name__)


def accounting_enabled() -> bool:
    """Whether ``sacct`` can answer: the cluster stores accounting (asked of scontrol)."""
    try:
        config = subprocess.run(["scontrol", "show", "config"], capture_output=True,
                                text=True, check=True, timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        return True  # cannot tell: leave submitit as it is
    for line in config.splitlines():
        key, _, value = line.partition("=")
        if key.strip() == "AccountingStorageType":
            return value.strip() != "accounting_storage/none"
    return True


class QueueWatcher(SlurmInfoWatcher):
    """Job states from ``squeue``, in the form submitit reads from ``sacct``."""

    def _make_command(self) -> list[str] | None:
        if not self._registered - self._finished:
            return None
        # all of this user's jobs: asking for a job the controller has forgotten fails
        return ["squeue", "--noheader", "--array", "--states=all", f"--user={getpass.getuser()}",
                "--format=%i|%T|%N"]

    def read_info(self, string: bytes | str) -> dict[str, dict[str, str]]:
        text = string.decode() if isinstance(string, bytes) else string
        info = super().read_info("JobID|State|NodeList\n" + text)
        for job_id in self._registered - self._finished:
            info.setdefault(job_id, {"JobID": job_id, "State": ENDED, "NodeList": ""})
        return info


class SlurmLauncher(submitit_launcher.SlurmLauncher):
    """Hydra's submitit SLURM launcher, with job states and progress on any cluster."""

    def launch(self, job_overrides: Sequence[Sequence[str]],
               initial_job_idx: int) -> Sequence[JobReturn]:
        from submitit.core.utils import UncompletedJobError

        assert self.config is not None
        sweep_dir = Path(str(self.config.hydra.sweep.dir))
        watcher = SlurmJob.watcher
        if not accounting_enabled():
            log.info("SLURM keeps no accounting here (sacct is disabled): following the "
                     "jobs with squeue")
            SlurmJob.watcher = QueueWatcher(delay_s=watcher._delay_s)
        stop = threading.Event()
        reporter = threading.Thread(target=_report, args=(sweep_dir, stop), daemon=True)
        reporter.start()
        try:
            return super().launch(job_overrides, initial_job_idx)
        except UncompletedJobError as exc:  # the first job found without its table
            print(f"Error in the sweep: {ended(exc)}. Finished jobs are kept. Rerun the same "
                  f"command with hydra.sweep.dir={sweep_dir} to finish the sweep.",
                  file=sys.stderr)
            sys.exit(1)
        finally:
            stop.set()
            SlurmJob.watcher = watcher


def ended(exc: Exception) -> str:
    """What submitit says about a job that ended without its result, in one line: the job
    and its state, or, for a job that failed, its error and its log."""
    from submitit.core.utils import FailedJobError

    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    if not isinstance(exc, FailedJobError):  # "Job 12_3 ... has not produced any output"
        return " ".join(lines[:2]) + "; its logs are in that directory"
    rule = "-" * 22  # the trace is between two such lines, the log paths follow
    trace = lines[lines.index(rule) + 1:lines.index(rule, lines.index(rule) + 1)]
    raised = [line for line in trace
              if re.match(r"[A-Za-z_][\w.]*(Error|Exception|Exit|Interrupt)\b", line)] or trace
    logs = [line[2:] for line in lines if line.startswith("- ")]
    return f"a job failed: {raised[-1]} (its log: {logs[0]})"


def _report(sweep_dir: Path, stop: threading.Event) -> None:
    """Log the sweep's progress every PROGRESS_SECONDS until ``stop`` is set."""
    while not stop.wait(PROGRESS_SECONDS):
        text = progress_line(sweep_dir)
        if text:
            log.info(text)
