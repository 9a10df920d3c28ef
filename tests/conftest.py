"""Shared helpers: small, seeded scenarios that run in well under a second."""

from __future__ import annotations

import numpy as np
import pytest

from sim.config.compose import load_config
from sim.model.municipality import simulate

SMALL = ("organisation=size_lt_10k",)


def small_config(*overrides: str):
    return load_config([*SMALL, *overrides])


def adoption_times(*overrides: str, seeds=range(12)) -> np.ndarray:
    """Weeks to adoption over seeded replicates; censored runs count as infinity."""
    times = []
    for seed in seeds:
        model = simulate(small_config(*overrides, f"seed={seed}", "stop_at_adoption=true"))
        times.append(np.inf if model.adoption_week is None else model.adoption_week)
    return np.array(times, dtype=float)


@pytest.fixture
def small():
    return small_config
