"""Sobol indices through our pipeline (sample points, restricted means, SALib) recover the
Ishigami function's published indices, and converge on prefixes of one sample."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from sim.experiments.sensitivity import convergence, indices, sample

PI = math.pi
SENS = {"method": "sobol", "samples": 512, "sample_seed": 1, "levels": 4,
        "parameters": {"x1": [-PI, PI], "x2": [-PI, PI], "x3": [-PI, PI]}}
# Ishigami (a = 7, b = 0.1): Saltelli et al., Global Sensitivity Analysis: The Primer (2008).
S1 = {"x1": 0.3139, "x2": 0.4424, "x3": 0.0}
ST = {"x1": 0.5576, "x2": 0.4424, "x3": 0.2437}


def ishigami_results(sens: dict) -> pd.DataFrame:
    """One 'replicate' per sample point adopting at 1000 + 100 * Ishigami(x) weeks (whole
    weeks, never censored): its restricted mean is that week."""
    x = sample(sens)
    y = np.sin(x[:, 0]) + 7 * np.sin(x[:, 1]) ** 2 + 0.1 * x[:, 2] ** 4 * np.sin(x[:, 0])
    weeks = np.round(1000 + 100 * y).astype(int)
    return pd.DataFrame({"sensitivity_point": range(len(x)),
                         "time_to_adoption_weeks": pd.array(weeks, dtype="Int64")})


@pytest.fixture(scope="module")
def results() -> pd.DataFrame:
    return ishigami_results(SENS)


def test_sobol_indices_recover_the_ishigami_values(results):
    table = indices(results, SENS, horizon_weeks=5000).set_index("parameter")
    for name in S1:
        for index, known in (("S1", S1[name]), ("ST", ST[name])):
            estimate, half_width = table.loc[name, index], table.loc[name, f"{index}_conf"]
            assert estimate == pytest.approx(known, abs=0.05)
            assert 0 < half_width < 0.12 and abs(estimate - known) < half_width  # covered


def test_convergence_uses_prefixes_of_one_sample(results):
    small = {**SENS, "samples": 64}
    assert np.array_equal(sample(small), sample(SENS)[: 64 * 5])  # same sequence, its start
    steps = convergence(results, SENS, horizon_weeks=5000)
    assert sorted(steps["samples"].unique()) == [16, 32, 64, 128, 256, 512]
    last = steps[steps["samples"] == 512].set_index("parameter")
    whole = indices(results, SENS, horizon_weeks=5000).set_index("parameter")
    pd.testing.assert_frame_equal(last.drop(columns="samples"), whole)
    width = steps.groupby("samples")["ST_conf"].mean()
    assert width[512] < width[16]  # intervals narrow as samples grow
