"""Measuring the same thing on another checkout (the previous main), in the same run.

A benchmark that takes ``--previous DIR`` runs one of its own measurement functions in
a child process whose ``sim`` is DIR's (PYTHONPATH and working directory DIR), so the
two figures come from the same minutes of this machine, whose speed drifts.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def measure_elsewhere(script: str, function: str, checkout: str, *args: str) -> dict:
    """``function(*args)`` of benchmark ``script``, run with checkout's ``sim``; its dict."""
    root = Path(checkout).resolve()
    env = {**os.environ, "PYTHONPATH": str(root)}
    done = subprocess.run([sys.executable, str(Path(script).resolve()), "--measure", function,
                           *args], cwd=root, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"measuring {function} in {root} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def child(functions: dict) -> bool:
    """In a child started by measure_elsewhere: run the named function, print its dict."""
    if len(sys.argv) < 3 or sys.argv[1] != "--measure":
        return False
    print(json.dumps(functions[sys.argv[2]](*sys.argv[3:])))
    return True
