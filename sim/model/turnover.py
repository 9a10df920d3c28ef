"""Staff turnover: who leaves each week, and how long the staff at the start have served.

Two facts of the sector set both (data/municipal_staff.yaml): the yearly outflow of
municipal staff and the share of new hires who leave within three years. Leaving is a
constant hazard during the first three years in service and another one after; with a
constant headcount (every leaver is replaced) the outflow fixes the second. The tenure of
the staff at the start is this turnover's stationary distribution. With the sector's
figures (8.8% outflow, 33% of new hires gone within three years) it puts 46% of staff over
ten years in service, the share the 2012 monitor reports: a check of the rule, not an input.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from sim.config.errors import ConfigError
from sim.config.schema import OrganisationConfig

NEW_HIRE_YEARS = 3.0  # the facts file's "leave within 3 years"
MAX_TENURE_YEARS = 45.0  # a working life


@dataclass(frozen=True)
class Turnover:
    """Leaving hazards per year: in the first three years in service, and after."""

    new: float
    settled: float

    @classmethod
    def from_config(cls, org: OrganisationConfig) -> Turnover:
        outflow, early = org.turnover_per_year, org.new_hires_leaving_within_3_years
        new = -math.log1p(-early) / NEW_HIRE_YEARS
        # Share of staff in their first three years when every leaver is replaced.
        years_new = NEW_HIRE_YEARS if new == 0 else -math.expm1(-NEW_HIRE_YEARS * new) / new
        share_new = outflow * years_new
        if share_new >= 1.0:
            raise ConfigError(
                f"organisation.turnover_per_year={outflow} is not allowed with "
                f"organisation.new_hires_leaving_within_3_years={early}: so few new hires leave "
                f"that replacing {outflow:.0%} of staff a year needs more newcomers than there "
                "are staff; lower the outflow or raise the early leavers")
        leaving_new = 1.0 - math.exp(-NEW_HIRE_YEARS * new)
        return cls(new=new, settled=outflow * (1.0 - leaving_new) / (1.0 - share_new))

    def share_new(self) -> float:
        """Stationary share of staff in their first three years in service."""
        s_new = self._survival_mass_new()
        return s_new / (s_new + math.exp(-NEW_HIRE_YEARS * self.new) / self.settled)

    def _survival_mass_new(self) -> float:
        return (NEW_HIRE_YEARS if self.new == 0
                else -math.expm1(-NEW_HIRE_YEARS * self.new) / self.new)

    def tenure(self, n: int, rng: np.random.Generator) -> np.ndarray:
        """Years in service of ``n`` staff drawn from the stationary distribution: its
        density is proportional to the chance of still being in service after that long."""
        new = rng.random(n) < self.share_new()
        u = rng.random(n)
        if self.new > 0:  # exponential with rate `new`, truncated to the first three years
            first = -np.log1p(u * math.expm1(-NEW_HIRE_YEARS * self.new)) / self.new
        else:
            first = u * NEW_HIRE_YEARS
        later = NEW_HIRE_YEARS + rng.exponential(1.0 / self.settled, n)
        return np.minimum(np.where(new, first, later), MAX_TENURE_YEARS)

    def years_to_stay(self, tenure: np.ndarray, stay: np.ndarray) -> np.ndarray:
        """How many more years each person stays, given their years in service and two
        unit exponentials each (``stay``, 2 x people): drawn once, so that no week needs a
        draw per person."""
        early = stay[0] / self.new if self.new > 0 else np.full(len(tenure), np.inf)
        left = np.maximum(NEW_HIRE_YEARS - tenure, 0.0)  # of the first three years
        return np.where(early < left, early, left + stay[1] / self.settled)
