"""The classroom's figures drawn in the browser (bqplot: its JavaScript ships inside the
Python package, so the page works offline): the organisation as coloured marks, and the
stages, the main causes of resistance and the plan over time, with the events marked.

A chart is built once per panel and its data replaced every frame; the browser redraws
only what changed, which keeps the timelines in step with every frame (a matplotlib
image per frame was the limit). The panels of compare mode share their scales, so both
runs are read on the same axes.
"""

from __future__ import annotations

import math

import bqplot
import numpy as np

from sim.app import figures
from sim.model.municipality import Municipality
from sim.model.organisation import Role
from sim.reporting.figures import CAUSE_COLOURS, STAGE_COLOURS

STAGE_PALETTE = list(STAGE_COLOURS.values())
PLAN_COLOURS = ["#777777", "#0072B2"]  # planned, delivered
MARK_COLOUR = "#222222"
FONT = "16px"  # readable from the back of a classroom
CLOSE = 0.04  # event marks closer than this share of the axis share one label
# Marks laid over everyone's dot by role: managers squares, key figures diamonds (large
# enough to cover the dot); the board as triangles above everyone (the page's legend
# says so: labels.py "page.roles").
ROLE_MARKERS = {Role.KEY_FIGURE: "diamond", Role.MANAGER: "square"}
BOARD_MARKER = "triangle-up"
ROLE_SIZE = {Role.KEY_FIGURE: 1.3, Role.MANAGER: 1.1}
BOARD_SIZE = 2.0


class SharedScales:
    """The scales every panel's timelines share: the calendar, and one per kind of line;
    and the axes drawn on them, whose ticks follow the scales."""

    def __init__(self):
        self.years = bqplot.LinearScale()
        self.stages = bqplot.LinearScale(min=0.0, max=100.0)
        self.causes = bqplot.LinearScale(min=0.0, max=20.0)
        self.plan = bqplot.LinearScale(min=0.0, max=100.0)
        self._axes: list[bqplot.Axis] = []

    def axes(self, scale: bqplot.LinearScale) -> list[bqplot.Axis]:
        """A timeline's axes: the years below, ``scale`` on the left."""
        style = {"font-size": FONT}
        axes = [bqplot.Axis(scale=self.years, tick_style=style, tick_format=".0f"),
                bqplot.Axis(scale=scale, side="left", tick_style=style,
                            tick_format=".0f", grid_lines="dashed")]
        self._axes += axes
        return axes

    def follow(self, runs: list[Municipality]) -> None:
        """The calendar from the plan's start to the next whole year after now (at least
        two years); the causes' axis up to the largest share shown, by tens; whole
        numbers as ticks."""
        first = figures.years(runs[0])[0]
        last = max(figures.years(run)[-1] for run in runs)
        start = math.floor(first)
        end = start + max(2, math.ceil(last - start))
        self.years.min, self.years.max = first, float(end)
        top = max(figures.cause_shares(run).max(initial=0.0) for run in runs)
        self.causes.max = float(max(20, 10 * math.ceil(top / 10)))
        years = np.arange(math.ceil(first), end + 1, 1 if end - start <= 6 else 2)
        for axis in self._axes:
            scale = axis.scale
            if scale is self.years:
                ticks = years
            else:
                ticks = np.linspace(0, scale.max, 5 if scale.max % 4 == 0 else 3)
            if not np.array_equal(axis.tick_values, ticks):
                axis.tick_values = ticks


def _figure(marks: list, axes: list, height: str, margin: dict) -> bqplot.Figure:
    return bqplot.Figure(marks=marks, axes=axes, fig_margin=margin, animation_duration=0,
                         min_aspect_ratio=0.01, max_aspect_ratio=100, padding_y=0.0,
                         layout={"width": "100%", "height": height}, display_toolbar=False)


class Timeline:
    """One timeline: some lines over the calendar and the struck events, each a dashed
    vertical line with its number on top."""

    def __init__(self, shared: SharedScales, scale: bqplot.LinearScale, height: str):
        scales = {"x": shared.years, "y": scale}
        axes = shared.axes(scale)
        self.lines = bqplot.Lines(x=np.zeros(2), y=np.zeros(2), scales=scales, stroke_width=3)
        self.marks = bqplot.Lines(x=np.zeros(2), y=np.zeros(2), scales=scales,
                                  colors=[MARK_COLOUR], line_style="dashed", visible=False)
        self.numbers = bqplot.Label(x=np.zeros(1), y=np.zeros(1), text=np.array([""]),
                                    scales=scales, align="start", colors=[MARK_COLOUR],
                                    default_size=18.0, x_offset=4, y_offset=12,
                                    visible=False)  # inside the plot: marks outside are cut
        self.figure = _figure([self.marks, self.lines, self.numbers], axes, height,
                              {"top": 12, "bottom": 30, "left": 44, "right": 16})

    def _labels(self, at: np.ndarray) -> tuple[list[float], list[str]]:
        """Where the numbers go and what they say: one number per mark, and one label for
        marks closer together than CLOSE of the axis ('3-7'), so numbers never overlap."""
        span = self.lines.scales["x"].max - self.lines.scales["x"].min
        groups: list[list] = []  # [x, first number, last number]
        for number, x in enumerate(at, start=1):
            if groups and x - groups[-1][0] < CLOSE * span:
                groups[-1][2] = number
            else:
                groups.append([x, number, number])
        return [g[0] for g in groups], [
            str(first) if first == last else f"{first}{',' if last == first + 1 else '-'}{last}"
            for _, first, last in groups]

    def show(self, x: np.ndarray, ys: np.ndarray, colours: list[str], events: np.ndarray,
             top: float) -> None:
        """Lines ``ys`` (one per row) over ``x``; a numbered mark at each of ``events``
        (their x, in the order they struck)."""
        with self.figure.hold_sync():
            self.lines.x, self.lines.y, self.lines.colors = x, ys, colours
            if len(events):
                self.marks.x = np.stack([events, events], axis=1)
                self.marks.y = np.tile([0.0, top], (len(events), 1))
                where, text = self._labels(events)
                self.numbers.x, self.numbers.y = np.array(where), np.full(len(where), top)
                self.numbers.text = np.array(text)
            self.marks.visible = self.numbers.visible = bool(len(events))


class Timelines:
    """A run's three timelines: stages, main causes of resistance, the plan."""

    def __init__(self, scales: SharedScales, height: str):
        self.scales = scales
        self.stages = Timeline(scales, scales.stages, height)
        self.causes = Timeline(scales, scales.causes, height)
        self.plan = Timeline(scales, scales.plan, height)
        self.shown_causes: list[int] = []  # for the legend

    def show(self, run: Municipality) -> None:
        x = figures.years(run)
        events = x[[week for week, _ in figures.event_weeks(run)]]
        self.stages.show(x, figures.stage_shares(run).T, STAGE_PALETTE, events,
                         self.scales.stages.max)
        causes = figures.cause_shares(run)
        self.shown_causes = figures.top_causes(causes)
        self.causes.show(x, causes[:, self.shown_causes].T,
                         [CAUSE_COLOURS[c] for c in self.shown_causes], events,
                         self.scales.causes.max)
        self.plan.show(x, figures.plan_progress(run).T, PLAN_COLOURS, events,
                       self.scales.plan.max)


class OrganisationChart:
    """Everyone as a dot coloured by stage; managers as squares and key figures as
    diamonds laid over their dots; the board as triangles on top.

    Everyone's dot stays where it is, so a frame sends only colours; only the few key
    figures move when turnover makes a newcomer one (moving thousands of dots every week
    was what the browser could not keep up with)."""

    def __init__(self, run: Municipality, width: int, height: int):
        """``width`` x ``height``: the chart's size in pixels on the screen, about."""
        self.x, self.y = figures.layout(run.organisation, len(run.board_commitments),
                                        width / height)
        pad = 1.0
        scales = {"x": bqplot.LinearScale(min=self.x.min() - pad, max=self.x.max() + pad),
                  "y": bqplot.LinearScale(min=self.y.min() - pad, max=self.y.max() + pad),
                  "color": bqplot.ColorScale(colors=STAGE_PALETTE, min=0, max=3)}
        place = min(width / (np.ptp(self.x) + 2 * pad), height / (np.ptp(self.y) + 2 * pad))
        area = (0.7 * place) ** 2  # px²: a mark fills most of its place
        n = run.organisation.size
        self.everyone = bqplot.Scatter(x=self.x[:n], y=self.y[:n], color=np.zeros(n),
                                       scales=scales, marker="circle", default_size=int(area))
        self.roles = {role: bqplot.Scatter(x=np.zeros(1), y=np.zeros(1), color=np.zeros(1),
                                           scales=scales, marker=marker, stroke="#333333",
                                           default_size=int(area * ROLE_SIZE[role]))
                      for role, marker in ROLE_MARKERS.items()}
        self.board = bqplot.Scatter(x=self.x[n:], y=self.y[n:], color=np.zeros(len(self.x) - n),
                                    scales=scales, marker=BOARD_MARKER, stroke="#333333",
                                    default_size=int(area * BOARD_SIZE))
        self.figure = _figure([self.everyone, *self.roles.values(), self.board], [],
                              f"{height}px", {"top": 4, "bottom": 4, "left": 4, "right": 4})
        self._roles = None  # the roles the marks were placed for (turnover changes them)

    def show(self, run: Municipality) -> None:
        role, stage = run.organisation.role, run.people.stage
        with self.figure.hold_sync():
            self.everyone.color = stage
            moved = self._roles is None or not np.array_equal(self._roles, role)
            for r, mark in self.roles.items():
                who = np.flatnonzero(role == r)
                if moved:
                    mark.x, mark.y = self.x[who], self.y[who]
                mark.color = stage[who]
            self._roles = role.copy()
            self.board.color = figures.board_stages(run)
