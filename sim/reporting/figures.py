"""Figures a consultant can paste into a report: calendar dates on every time axis, the
national deadlines and the scenario's events marked, every word from the vocabulary
(:mod:`sim.reporting.labels`) in the report's language. This module draws one run week by
week (the illustrative one); :mod:`sim.reporting.fan_charts` draws the ensemble.

Colours are colour-blind safe (Okabe-Ito for roles and stages, Paul Tol's 'muted' for
causes).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from sim.model.history import stage_column
from sim.model.states import CAUSES
from sim.plan.calendar import WEEKS_PER_YEAR, date_of
from sim.reporting.labels import date_text, named, say, shown

ROLE_COLOURS = {  # Okabe-Ito
    "board": "#000000",
    "manager": "#E69F00",
    "key_figure": "#009E73",
    "employee": "#0072B2",
    "staff": "#CC79A7",
}
CAUSE_COLOURS = [  # Paul Tol 'muted' plus grey
    "#CC6677", "#332288", "#DDCC77", "#117733", "#88CCEE",
    "#882255", "#44AA99", "#999933", "#AA4499", "#888888",
]
STAGE_COLOURS = {  # Okabe-Ito, from alarm to calm
    "denial": "#D55E00", "resistance": "#E69F00", "exploration": "#56B4E9",
    "commitment": "#009E73",
}
STAFF_ROLES = ("board", "manager", "key_figure", "employee")
WIDE = 9.5  # inches: the report's width, so that all figures share one type size
MARK = "#555555"


@dataclass(frozen=True)
class Calendar:
    """A run's weeks as dates, from the plan's start to the horizon, with what to mark:
    the national deadlines inside that period and the events (week, name)."""

    start: date
    horizon: int
    language: str
    deadlines: tuple[date, ...] = ()
    events: tuple[tuple[int, str], ...] = ()

    @property
    def end(self) -> date:
        return date_of(self.start, self.horizon)

    def dates(self, weeks) -> np.ndarray:
        days = np.round(7 * np.asarray(weeks, dtype=float)).astype("timedelta64[D]")
        return np.datetime64(self.start, "D") + days

    def frame(self, ax: Axes, names: bool = True, ticks: int = 10) -> None:
        """Date axis (years), the deadlines dashed and named at the bottom, the events
        dotted and named at the top."""
        ax.set_xlim(self.dates([0, self.horizon]))
        years = self.horizon / WEEKS_PER_YEAR
        ax.xaxis.set_major_locator(mdates.YearLocator(base=max(1, int(np.ceil(years / ticks)))))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
        # deadlines named above the plot, events inside it from the top, right of their
        # line: neither covers the other's name nor the curves
        for day in self.deadlines:
            x = np.datetime64(day, "D")
            ax.axvline(x, color=MARK, ls="--", lw=1.1)
            if names:
                ax.annotate(say("deadline", self.language, date=date_text(day, self.language)),
                            (x, 1.0), xycoords=("data", "axes fraction"), xytext=(0, 2),
                            textcoords="offset points", ha="center", va="bottom", fontsize=7,
                            color=MARK)
        for week, name in self.events:  # name: what happens, in the report's language
            x = np.datetime64(date_of(self.start, week), "D")
            ax.axvline(x, color=MARK, ls=":", lw=1.1)
            if names:
                ax.annotate(name, (x, 1.0), xycoords=("data", "axes fraction"),
                            xytext=(2, -2), textcoords="offset points", rotation=90, ha="left",
                            va="top", fontsize=7, color=MARK)


def legend_right(ax: Axes, **kwargs) -> None:
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False, **kwargs)


def run_title(summary: dict, cal: Calendar) -> str:
    """One run's outcome in a few words; a reduced plan is never called simply adopted."""
    lang = cal.language
    week = summary["time_to_adoption_weeks"]
    if week is None:
        return say("title_not_adopted", lang, end=date_text(cal.end, lang))
    when = date_text(date_of(cal.start, week), lang)
    if summary["adopted_plan"] == "scaled_down":
        return say("title_reduced", lang, date=when,
                   share=f"{summary['plan_delivered_share']:.0%}")
    return say("title_adopted", lang, date=when)


def adoption_figure(frame: pd.DataFrame, summary: dict, threshold: float,
                    cal: Calendar) -> Figure:
    """Committed share by role, and the main causes of resistance, over the run."""
    lang, x = cal.language, cal.dates(frame["week"])
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(WIDE, 6.8), sharex=True,
                                      gridspec_kw={"height_ratios": [1.1, 1]})
    for role, colour in ROLE_COLOURS.items():
        top.plot(x, 100 * frame[stage_column(role, "commitment")], color=colour,
                 lw=2.8 if role == "staff" else 1.6, label=shown(role, lang))
    top.axhline(100 * threshold, color="grey", ls=":", lw=1)
    top.annotate(say("threshold", lang), (1.0, 100 * threshold),
                 xycoords=("axes fraction", "data"), xytext=(4, 0), textcoords="offset points",
                 va="center", color="grey", fontsize=8)
    week = summary["time_to_adoption_weeks"]
    top.set_title(run_title(summary, cal), fontsize=10, loc="left", pad=14)
    top.set_ylabel(say("committed_axis", lang))
    top.set_ylim(0, 100)
    legend_right(top)
    bottom.stackplot(x, [100 * frame[f"main_{c}"] for c in CAUSES], colors=CAUSE_COLOURS,
                     labels=[shown(c, lang) for c in CAUSES])
    bottom.set_ylabel(say("resisting_axis", lang))
    bottom.set_ylim(0, 100)
    legend_right(bottom, reverse=True)
    for ax, names in ((top, True), (bottom, False)):
        if week is not None:
            ax.axvline(cal.dates([week])[0], color="black", ls="-", lw=1.4)
        ax.grid(alpha=0.3)
        cal.frame(ax, names)
    fig.tight_layout()
    return fig


def plan_figure(frame: pd.DataFrame, summary: dict, cal: Calendar) -> Figure:
    """The plan's schedule against what was delivered, with periods behind schedule and
    the projects dropped."""
    lang, x = cal.language, cal.dates(frame["week"])
    fig, ax = plt.subplots(figsize=(WIDE, 3.4))
    ax.plot(x, 100 * frame["plan_planned"], color="#0072B2", ls="--", lw=1.6,
            label=say("planned", lang))
    ax.plot(x, 100 * frame["plan_delivered"], color="#009E73", lw=2.4,
            label=say("delivered", lang))
    ax.fill_between(x, 0, 105, where=~frame["on_schedule"].to_numpy(), color="#E69F00",
                    alpha=0.18, lw=0, label=shown("behind_schedule", lang))
    for name, project in summary["projects"].items():
        if project["dropped_week"] is not None:
            at = cal.dates([project["dropped_week"]])[0]
            ax.plot([at], [3], marker="v", color="#D55E00", ms=8)
            ax.annotate(say("dropped_project", lang,
                            name=named("project", name, project["label"], lang)), (at, 3),
                        xytext=(4, 6), textcoords="offset points", fontsize=7,
                        color="#D55E00", rotation=30)
    ax.set_ylabel(say("plan_axis", lang))
    ax.set_ylim(0, 105)
    legend_right(ax)
    ax.grid(alpha=0.3)
    cal.frame(ax)
    fig.tight_layout()
    return fig


def stages_figure(frame: pd.DataFrame, cal: Calendar) -> Figure:
    """Stage shares over time, one small panel per role."""
    lang, x = cal.language, cal.dates(frame["week"])
    fig, axes = plt.subplots(1, 4, figsize=(WIDE, 3.0), sharey=True)
    for ax, role in zip(axes, STAFF_ROLES, strict=True):
        ax.stackplot(x, [100 * frame[stage_column(role, s)] for s in STAGE_COLOURS],
                     colors=list(STAGE_COLOURS.values()),
                     labels=[shown(s, lang) for s in STAGE_COLOURS])
        ax.set_title(shown(role, lang).replace(" (", "\n("), fontsize=9)
        ax.set_ylim(0, 100)
        cal.frame(ax, names=False, ticks=4)
    axes[0].set_ylabel(say("role_axis", lang))
    legend_right(axes[-1], reverse=True)
    fig.tight_layout()
    return fig
