"""The states a person can be in: stages on the way to commitment and causes of resistance.

The names follow the 2010 survey (data/nup_survey_2010.yaml) so that simulated
shares can be compared with the survey's columns without translation tables.
"""

from enum import IntEnum

import numpy as np


class Stage(IntEnum):
    """Natural reactions to a change, in order; people move back and forth between them."""

    DENIAL = 0  # ontkenning
    RESISTANCE = 1  # weerstand
    EXPLORATION = 2  # zelfonderzoek: what does it mean for me?
    COMMITMENT = 3  # verbinding: understands, shows the new behaviour, takes responsibility

    @property
    def label(self) -> str:
        return self.name.lower()


STAGES = tuple(s.label for s in Stage)


def board_stage(commitment):
    """The stage a board member's commitment in [0, 1] shows as: quarters of [0, 1]."""
    return np.minimum((np.asarray(commitment) * 4).astype(np.intp), Stage.COMMITMENT)

# Resistance drivers, one column each in the driver matrix, in this order.
CAUSES = (
    "doubt_about_change",
    "incomplete_information",
    "uncertainty_own_position",
    "conflicting_interests",
    "unfamiliarity",
    "teething_problems",
    "old_grievances",
    "failing_interaction",
    "distrust_of_change_agent",
    "renovation_nuisance",
)

Cause = IntEnum("Cause", [(name.upper(), i) for i, name in enumerate(CAUSES)])
Cause.__doc__ = "Index of each resistance driver (the survey's causes) in the driver matrix."

NO_RESISTANCE = "no_resistance"
