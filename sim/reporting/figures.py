"""Figures a consultant can paste into a report: adoption by role, causes over time.

Colours are colour-blind safe (Okabe-Ito for roles, Paul Tol's 'muted' for causes),
axes carry units, and the adoption week or censoring is stated on the plot itself.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from sim.model.history import stage_column
from sim.model.states import CAUSES
from sim.plan.calendar import WEEKS_PER_YEAR
from sim.reporting.labels import label

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


def mark_events(ax, events: list[dict], names: bool = False) -> None:
    """Dotted vertical lines at the events' weeks, optionally labelled."""
    for e in events:
        x = e["week"] / WEEKS_PER_YEAR
        ax.axvline(x, color="#555555", ls=":", lw=1.2)
        if names:
            ax.annotate(e["name"].replace("_", " "), (x, 1.0), xycoords=("data", "axes fraction"),
                        xytext=(2, -2), textcoords="offset points", rotation=90, va="top",
                        fontsize=7, color="#555555")


def adoption_figure(frame: pd.DataFrame, summary: dict, threshold: float) -> Figure:
    """Committed share by role, and the main causes of resistance, over the run."""
    years = frame["week"] / WEEKS_PER_YEAR
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(11.5, 7.5), sharex=True,
                                      gridspec_kw={"height_ratios": [1.1, 1]})
    for role, colour in ROLE_COLOURS.items():
        width = 2.8 if role == "staff" else 1.6
        top.plot(years, 100 * frame[stage_column(role, "commitment")], color=colour,
                 lw=width, label="all staff" if role == "staff" else label(role))
    top.axhline(100 * threshold, color="grey", ls=":", lw=1)
    top.annotate("adoption threshold", (1.0, 100 * threshold), xycoords=("axes fraction", "data"),
                 xytext=(4, 0), textcoords="offset points", va="center", color="grey",
                 fontsize=8)
    week = summary["time_to_adoption_weeks"]
    if week is not None:
        top.axvline(week / WEEKS_PER_YEAR, color="black", ls="--", lw=1)
        title = f"Plan adopted after {week} weeks ({week / WEEKS_PER_YEAR:.1f} years)"
    else:
        title = f"Plan not adopted within {summary['horizon_weeks'] / WEEKS_PER_YEAR:.0f} years"
    top.set_title(f"{title}\n{summary['strategy_label']}; board commitment "
                  f"{summary['board_commitment']:.2f}; seed {summary['seed']}", fontsize=10,
                  loc="left")
    top.set_ylabel("committed (verbonden), % of role")
    top.set_ylim(0, 100)
    top.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
    top.grid(alpha=0.3)
    mark_events(top, summary["events"], names=True)

    shares = [100 * frame[f"main_{c}"] for c in CAUSES]
    bottom.stackplot(years, shares, colors=CAUSE_COLOURS, labels=[label(c) for c in CAUSES])
    if week is not None:
        bottom.axvline(week / WEEKS_PER_YEAR, color="black", ls="--", lw=1)
    bottom.set_ylabel("staff resisting, % by main cause")
    bottom.set_xlabel("years since the start of the plan")
    bottom.set_ylim(0, 100)
    bottom.set_xlim(0, years.iloc[-1])
    bottom.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False,
                  reverse=True)
    bottom.grid(alpha=0.3)
    mark_events(bottom, summary["events"])
    fig.tight_layout()
    return fig


def plan_figure(frame: pd.DataFrame, summary: dict) -> Figure:
    """The plan's schedule against what was delivered, with periods behind schedule."""
    years = frame["week"] / WEEKS_PER_YEAR
    fig, ax = plt.subplots(figsize=(11.5, 3.6))
    ax.plot(years, 100 * frame["plan_planned"], color="#0072B2", ls="--", lw=1.6,
            label="planned (gepland)")
    ax.plot(years, 100 * frame["plan_delivered"], color="#009E73", lw=2.4,
            label="delivered (gerealiseerd)")
    ax.fill_between(years, 0, 100, where=~frame["on_schedule"].to_numpy(), color="#E69F00",
                    alpha=0.15, lw=0, label="behind schedule (achter op planning)")
    for name, project in summary["projects"].items():
        if project["dropped_week"] is not None:
            x = project["dropped_week"] / WEEKS_PER_YEAR
            ax.plot([x], [2], marker="v", color="#D55E00", ms=8)
            ax.annotate(f"dropped: {name.replace('_', ' ')}", (x, 2), xytext=(4, 6),
                        textcoords="offset points", fontsize=7, color="#D55E00", rotation=30)
    mark_events(ax, summary["events"], names=True)
    ax.set_ylabel("% of the original plan's effort")
    ax.set_xlabel("years since the start of the plan")
    ax.set_ylim(0, 105)
    ax.set_xlim(0, years.iloc[-1])
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
    ax.grid(alpha=0.3)
    ax.set_title("Realisation plan: schedule and delivery", fontsize=10)
    fig.tight_layout()
    return fig


def stages_figure(frame: pd.DataFrame, summary: dict) -> Figure:
    """Stage shares over time, one small panel per role."""
    years = frame["week"] / WEEKS_PER_YEAR
    roles = ("board", "manager", "key_figure", "employee")
    fig, axes = plt.subplots(1, 4, figsize=(11.5, 3.0), sharey=True)
    for ax, role in zip(axes, roles, strict=True):
        ax.stackplot(years, [100 * frame[stage_column(role, s)] for s in STAGE_COLOURS],
                     colors=list(STAGE_COLOURS.values()),
                     labels=[label(s) for s in STAGE_COLOURS])
        mark_events(ax, summary["events"])
        ax.set_title(label(role).replace(" (", "\n("), fontsize=9)
        ax.set_xlim(0, years.iloc[-1])
        ax.set_ylim(0, 100)
        ax.set_xlabel("years")
    axes[0].set_ylabel("% of role")
    axes[-1].legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=8, frameon=False,
                    reverse=True)
    fig.tight_layout()
    return fig
