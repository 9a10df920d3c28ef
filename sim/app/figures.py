"""What the classroom's figures show, as numbers: where everyone sits in the organisation
and the timelines of a run, with the events that struck.

Kept apart from the drawing (sim/app/charts.py) so it can be tested without a browser.
The organisation's layout is computed once per organisation; a frame only reads the
people's stages and the run's history.
"""

from __future__ import annotations

import math
from datetime import date

import numpy as np

from sim.model.municipality import Municipality
from sim.model.organisation import Organisation
from sim.model.states import CAUSES, STAGES, board_stage

TOP_CAUSES = 4  # the timeline shows the causes that weigh most now
DAYS_PER_YEAR = 365.25
DEPARTMENT_GAP = 2  # empty places between departments
BOARD_GAP = 3  # rows between the board and the top row of staff


def stage_counts(run: Municipality) -> dict[str, int]:
    """How many staff are in each stage now (what the page prints above the chart)."""
    counts = np.bincount(run.people.stage, minlength=len(STAGES))
    return {s: int(c) for s, c in zip(STAGES, counts, strict=True)}


def board_stages(run: Municipality) -> np.ndarray:
    """The board members' commitment read as a stage (0-0.25 denial ... 0.75-1 commitment)."""
    return board_stage(run.board_commitments)


def layout(org: Organisation, board_size: int, aspect: float) -> tuple[np.ndarray, np.ndarray]:
    """x, y of every member of staff (then the board) on a chart ``aspect`` times as wide
    as high: departments side by side as blocks of equal height, as large as the chart
    allows, teams together inside them led by their manager, the board in a row above.
    Computed once per organisation; frames only recolour."""
    sizes = np.bincount(org.department, minlength=org.n_departments)

    def place(rows: int) -> float:  # size of a place, the chart's height being 1
        width = sum(math.ceil(n / rows) for n in sizes) + DEPARTMENT_GAP * (len(sizes) - 1)
        return min(aspect / width, 1 / (rows + BOARD_GAP))

    rows = max(range(1, int(sizes.max()) + 1), key=place)
    x, y = np.empty(org.size), np.empty(org.size)
    left = 0
    for d in range(org.n_departments):
        members = np.flatnonzero(org.department == d)
        members = members[np.lexsort((-org.role[members], org.team[members]))]
        cols = math.ceil(len(members) / rows)
        x[members] = left + np.arange(len(members)) % cols
        y[members] = -(np.arange(len(members)) // cols)
        left += cols + DEPARTMENT_GAP
    board_x = np.linspace(0, max(left - DEPARTMENT_GAP - 1, 0), board_size + 2)[1:-1]
    return np.concatenate([x, board_x]), np.concatenate([y, np.full(board_size, BOARD_GAP - 1.0)])


def years(run: Municipality) -> np.ndarray:
    """The calendar year (as a decimal) of every week recorded so far."""
    start = date.fromisoformat(run.config.plan.start_date)
    first = start.year + (start.timetuple().tm_yday - 1) / DAYS_PER_YEAR
    return first + np.arange(run.history.weeks) * 7 / DAYS_PER_YEAR


def stage_shares(run: Municipality) -> np.ndarray:
    """Per recorded week (rows), the % of staff in each stage (columns, STAGES order)."""
    stage = run.history.stage
    return 100 * np.stack([(stage == s).mean(axis=1) for s in range(len(STAGES))], axis=1)


def cause_shares(run: Municipality) -> np.ndarray:
    """Per recorded week, the % of staff resisting mainly by each cause (CAUSES order)."""
    main = run.history.main_cause[: run.history.weeks]
    return 100 * np.stack([(main == c).mean(axis=1) for c in range(len(CAUSES))], axis=1)


def top_causes(shares: np.ndarray) -> list[int]:
    """The causes that weigh most in the last week, largest first."""
    return [int(c) for c in np.argsort(-shares[-1], kind="stable")[:TOP_CAUSES]]


def plan_progress(run: Municipality) -> np.ndarray:
    """Per recorded week, the % of the plan's effort planned by then and delivered."""
    return 100 * run.history.plan[: run.history.weeks, :2]


def event_weeks(run: Municipality) -> list[tuple[int, str]]:
    """The events struck so far: (week, type), in the order they struck."""
    return [(e["week"], e["type"]) for e in run.event_log]


def weeks_behind(slow: Municipality, fast: Municipality) -> tuple[int, int, float] | None:
    """How far ``slow`` trails ``fast`` in commitment: (weeks behind, the week ``fast``
    reached ``slow``'s committed share of now, that share); None if ``fast`` is not ahead."""
    now = slow.committed_share
    if fast.committed_share <= now:
        return None
    reached = int(np.argmax(fast.history.committed_share() >= now))
    return slow.week - reached, reached, now
