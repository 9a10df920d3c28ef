"""Figures of the classroom demo (sim/app/page.py), built from running municipalities.

Kept apart from the page so they can be tested without a browser. Every figure takes
the runs shown side by side (one, or two in compare mode) and draws their current
state; the organisation's layout is computed once per organisation and reused every
frame, so a frame only recolours the people.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from sim.model.municipality import Municipality
from sim.model.organisation import Organisation, Role
from sim.model.states import CAUSES, STAGES, board_stage
from sim.plan.calendar import WEEKS_PER_YEAR
from sim.reporting.figures import CAUSE_COLOURS, STAGE_COLOURS
from sim.reporting.labels import label

# Marker per role: the board as stars above everyone, managers squares, key figures
# diamonds, employees dots.
ROLE_MARKERS = {"board": "*", Role.MANAGER: "s", Role.KEY_FIGURE: "D", Role.EMPLOYEE: "o"}
ROLE_NAMES = {"board": "board", Role.MANAGER: "manager", Role.KEY_FIGURE: "key figure",
              Role.EMPLOYEE: "employee"}
LINE_STYLES = ("-", "--")  # first and second run in compare mode


def legend_html() -> str:
    """Colours of the stages and shapes of the roles, for the page (HTML)."""
    stages = " ".join(f'<span style="color:{c}">&#9679;</span> {s}'
                      for s, c in STAGE_COLOURS.items())
    roles = " ".join(f"{symbol} {ROLE_NAMES[role]}" for role, symbol in zip(
        ROLE_MARKERS, ("&#9733;", "&#9632;", "&#9670;", "&#9679;"), strict=True))
    return f"<div>Stage: {stages} &nbsp;&nbsp; Role: {roles} &nbsp;&nbsp; Blocks are " \
           "departments; the board sits on top.</div>"


def stage_counts(run: Municipality) -> dict[str, int]:
    """How many staff are in each stage now (what the page prints under the chart)."""
    counts = np.bincount(run.people.stage, minlength=len(STAGES))
    return {s: int(c) for s, c in zip(STAGES, counts, strict=True)}


def board_stages(run: Municipality) -> np.ndarray:
    """The board members' commitment read as a stage (0-0.25 denial ... 0.75-1 commitment)."""
    return board_stage(run.board_commitments)


def layout(org: Organisation, board_size: int) -> tuple[np.ndarray, np.ndarray]:
    """x, y of every member of staff (then the board): departments side by side as
    blocks, teams together inside them led by their manager, the board in a row above.
    Computed once per organisation; frames only recolour."""
    x, y = np.empty(org.size), np.empty(org.size)
    left = 0.0
    for d in range(org.n_departments):
        members = np.flatnonzero(org.department == d)
        members = members[np.lexsort((-org.role[members], org.team[members]))]
        cols = max(int(np.ceil(np.sqrt(len(members) * 1.5))), 1)
        x[members] = left + np.arange(len(members)) % cols
        y[members] = -(np.arange(len(members)) // cols)
        left += cols + 2
    board_x = np.linspace(0, max(left - 3, 0), board_size + 2)[1:-1]
    return np.concatenate([x, board_x]), np.concatenate([y, np.full(board_size, 3.0)])


def organisation_figure(runs: list[Municipality], titles: list[str],
                        layouts: list[tuple[np.ndarray, np.ndarray]]) -> Figure:
    """Everyone as a dot coloured by stage and shaped by role, one panel per run."""
    fig = Figure(figsize=(14, 4.0))  # the legend is on the page: drawn once, not per frame
    fig.subplots_adjust(left=0.01, right=0.99, bottom=0.01, top=0.86, wspace=0.05)
    axes = fig.subplots(1, len(runs), squeeze=False)[0]
    colours = np.array(list(STAGE_COLOURS.values()))
    for ax, run, title, (x, y) in zip(axes, runs, titles, layouts, strict=True):
        org = run.organisation
        n = org.size
        size = float(np.clip(6000.0 / n, 4.0, 40.0))
        for role in (Role.EMPLOYEE, Role.KEY_FIGURE, Role.MANAGER):
            who = np.flatnonzero(org.role == role)
            ax.scatter(x[who], y[who], c=colours[run.people.stage[who]], s=size * (
                1.6 if role != Role.EMPLOYEE else 1.0), marker=ROLE_MARKERS[role],
                edgecolors="#333333" if role != Role.EMPLOYEE else "none", linewidths=0.4)
        ax.scatter(x[n:], y[n:], c=colours[board_stages(run)], s=max(size * 4, 60),
                   marker=ROLE_MARKERS["board"], edgecolors="#333333", linewidths=0.5)
        counts = stage_counts(run)
        ax.set_title(f"{title} - week {run.week}\n" + ", ".join(
            f"{s} {c}" for s, c in counts.items()), fontsize=10)
        ax.set_axis_off()
        ax.set_aspect("equal", adjustable="datalim")
    return fig


def _years(run: Municipality) -> np.ndarray:
    return np.arange(run.history.weeks) / WEEKS_PER_YEAR


def draw_stages(ax, runs: list[Municipality], titles: list[str]) -> None:
    """Share of staff in each stage over time; the second run dashed."""
    for run, style, title in zip(runs, LINE_STYLES, titles, strict=False):
        stage = run.history.stage
        shares = np.stack([(stage == s).mean(axis=1) for s in range(len(STAGES))], axis=1)
        for i, (name, colour) in enumerate(STAGE_COLOURS.items()):
            ax.plot(_years(run), 100 * shares[:, i], style, color=colour,
                    label=f"{name} ({title})" if len(runs) > 1 else name)
    ax.set(ylabel="% of staff", ylim=(0, 100), title="Stages")


def draw_causes(ax, runs: list[Municipality], titles: list[str]) -> None:
    """Share of staff per main cause of resistance over time (the four largest now)."""
    for run, style, title in zip(runs, LINE_STYLES, titles, strict=False):
        main = run.history.main_cause[: run.history.weeks]
        shares = np.stack([(main == c).mean(axis=1) for c in range(len(CAUSES))], axis=1)
        for c in np.argsort(shares[-1])[::-1][:4]:
            ax.plot(_years(run), 100 * shares[:, c], style, color=CAUSE_COLOURS[c],
                    label=label(CAUSES[c]) + (f" ({title})" if len(runs) > 1 else ""))
    ax.set(ylabel="% of staff resisting mainly by", title="Main causes of resistance")
    ax.set_ylim(bottom=0)


def draw_plan(ax, runs: list[Municipality], titles: list[str]) -> None:
    """Delivered against planned effort of the realisation plan."""
    for run, style, title in zip(runs, LINE_STYLES, titles, strict=False):
        plan = run.history.plan[: run.history.weeks]
        suffix = f" ({title})" if len(runs) > 1 else ""
        ax.plot(_years(run), 100 * plan[:, 0], style, color="#999999", label="planned" + suffix)
        ax.plot(_years(run), 100 * plan[:, 1], style, color="#0072B2",
                label="delivered" + suffix)
    ax.set(ylabel="% of the plan's effort", ylim=(0, 105), title="Plan: delivered vs schedule")


def timeline_figure(runs: list[Municipality], titles: list[str]) -> Figure:
    """Stages, main causes and the plan over time, side by side in one figure (one
    image per frame is cheaper to render than three)."""
    fig = Figure(figsize=(15, 3.8))
    fig.subplots_adjust(left=0.05, right=0.99, bottom=0.13, top=0.92, wspace=0.22)
    for ax, draw in zip(fig.subplots(1, 3), (draw_stages, draw_causes, draw_plan), strict=True):
        draw(ax, runs, titles)
        ax.set_xlabel("years since the plan started")
        ax.grid(alpha=0.3)
        ax.legend(fontsize=6.5, loc="upper right")
    return fig
