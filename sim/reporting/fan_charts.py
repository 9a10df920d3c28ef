"""The ensemble's figures: the share of futures that has adopted the plan by each date, and
fan charts (the median over futures with the bands of the middle 50% and 90%) of the plan's
delivery, the stages by role and the main causes of resistance.

A fan chart's bands are quantiles over the futures week by week (``bands.csv``); no single
future follows the median line. Several arms (a comparison) share one chart, each in its
colour, with the middle 50% only.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from sim.experiments.survival import curve, curve_band
from sim.model.history import stage_column
from sim.model.states import CAUSES
from sim.reporting.ensemble import band
from sim.reporting.figures import (
    CAUSE_COLOURS,
    STAFF_ROLES,
    STAGE_COLOURS,
    WIDE,
    Calendar,
    legend_right,
)
from sim.reporting.labels import say, shown

ARM_COLOURS = ("#009E73", "#CC79A7")  # Okabe-Ito: green, then purple


def _fan(ax, cal: Calendar, bands: pd.DataFrame, column: str, colour: str, label: str,
         outer: bool = True, **line) -> None:
    """Median line with the middle-50% band (and the middle-90% band if ``outer``), in %."""
    b = band(bands, column)
    x = cal.dates(b["week"])
    if outer:
        ax.fill_between(x, 100 * b["q05"], 100 * b["q95"], color=colour, alpha=0.12, lw=0)
    ax.fill_between(x, 100 * b["q25"], 100 * b["q75"], color=colour, alpha=0.28, lw=0)
    ax.plot(x, 100 * b["q50"], color=colour, label=label, **{"lw": 2.0, **line})


def adopted_figure(arms: dict[str, pd.Series], horizon: int, cal: Calendar) -> Figure:
    """Per arm, the share of futures that has adopted the plan by each date (one minus the
    Kaplan-Meier curve of not yet adopted) with its pointwise 95% band."""
    lang = cal.language
    fig, ax = plt.subplots(figsize=(WIDE, 3.6))
    for (name, weeks), colour in zip(arms.items(), ARM_COLOURS, strict=False):
        t, s = curve(weeks, horizon)
        _, low, high = curve_band(weeks, horizon)
        x = cal.dates(t)
        ax.step(x, 100 * (1 - s), where="post", color=colour, lw=2.2,
                label=name or say("adopted_curve", lang))
        ax.fill_between(x, 100 * (1 - high), 100 * (1 - low), step="post", color=colour,
                        alpha=0.2, lw=0, label=f"{name} {say('band_95', lang)}".strip())
    ax.axhline(50, color="grey", ls=":", lw=1)
    ax.set_ylabel(say("share_adopted_axis", lang))
    ax.set_ylim(0, 100)
    ax.grid(alpha=0.3)
    legend_right(ax)
    cal.frame(ax)
    fig.tight_layout()
    return fig


def plan_fan(arms: dict[str, pd.DataFrame], cal: Calendar) -> Figure:
    """Delivered share of the original plan over the futures, against the schedule."""
    lang = cal.language
    fig, ax = plt.subplots(figsize=(WIDE, 3.4))
    alone = len(arms) == 1
    for (name, bands), colour in zip(arms.items(), ARM_COLOURS, strict=False):
        _fan(ax, cal, bands, "plan_planned", "#0072B2", f"{name} {say('planned', lang)}".strip(),
             outer=False, ls="--", lw=1.4)
        _fan(ax, cal, bands, "plan_delivered", colour,
             f"{name} {say('delivered', lang)}".strip(), outer=alone)
    if alone:  # the bands explained once in the legend
        ax.fill_between([], [], color=ARM_COLOURS[0], alpha=0.28, lw=0,
                        label=say("band_50", lang))
        ax.fill_between([], [], color=ARM_COLOURS[0], alpha=0.12, lw=0,
                        label=say("band_90", lang))
    ax.set_ylabel(say("plan_axis", lang))
    ax.set_ylim(0, 105)
    ax.grid(alpha=0.3)
    legend_right(ax)
    cal.frame(ax)
    fig.tight_layout()
    return fig


def stages_fan(bands: pd.DataFrame, cal: Calendar) -> Figure:
    """Per role a panel: the share in each stage, median and middle 50% over the futures."""
    lang = cal.language
    fig, axes = plt.subplots(2, 2, figsize=(WIDE, 5.8), sharex=True, sharey=True)
    for ax, role in zip(axes.flat, STAFF_ROLES, strict=True):
        for stage, colour in STAGE_COLOURS.items():
            _fan(ax, cal, bands, stage_column(role, stage), colour, shown(stage, lang),
                 outer=False)
        ax.set_title(shown(role, lang), fontsize=10, loc="left")
        ax.set_ylim(-2, 102)  # a line at 0 or 100% stays visible
        ax.grid(alpha=0.3)
        cal.frame(ax, names=False, ticks=5)
    for ax in axes[:, 0]:
        ax.set_ylabel(say("role_axis", lang))
    legend_right(axes[0, 1])
    fig.tight_layout()
    return fig


def causes_fan(bands: pd.DataFrame, causes: list[str], cal: Calendar) -> Figure:
    """The largest causes of resistance: the share of staff for whom each is the main one,
    median and middle 50% over the futures."""
    lang = cal.language
    fig, ax = plt.subplots(figsize=(WIDE, 3.4))
    for cause in causes:
        colour = CAUSE_COLOURS[CAUSES.index(cause)]
        _fan(ax, cal, bands, f"main_{cause}", colour, shown(cause, lang), outer=False)
    ax.set_ylabel(say("causes_axis", lang))
    ax.set_ylim(bottom=0)
    ax.grid(alpha=0.3)
    legend_right(ax)
    cal.frame(ax)
    fig.tight_layout()
    return fig
