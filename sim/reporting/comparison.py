"""Two scenarios compared on the same seeds (``python -m sim.compare``): the difference in
time to adoption with its interval, and both answers side by side in one page
(``comparison.html``).

Future r of arm A and future r of arm B run with the same seed: the same people, the same
draws of chance wherever the scenarios do not differ. The per-seed difference in weeks to
adoption (B minus A; a future that never adopts counts the whole period) removes the luck
both share: its mean with Student's paired t interval
(:func:`sim.experiments.contrasts.paired_contrasts`). Negative: B adopts sooner.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from sim.config.files import read_parquet
from sim.config.schema import SimConfig
from sim.experiments.contrasts import paired_contrasts
from sim.experiments.replicates import JOB_TABLE
from sim.experiments.survival import observed
from sim.plan.calendar import date_of
from sim.reporting import fan_charts
from sim.reporting.figures import Calendar
from sim.reporting.io import atomic_text, atomic_write
from sim.reporting.labels import date_text, decimal, say, shown
from sim.reporting.outputs import BANDS, calendar, fixed_events, write_ensemble
from sim.reporting.scenario_report import (
    STYLE,
    esc,
    figure,
    largest,
    para,
    pct,
    table,
    years_text,
)


def difference(tables: dict[str, pd.DataFrame]) -> dict:
    """The paired difference B minus A in weeks to adoption (to the horizon), with its 95%
    interval, and in how many seeds B is sooner, later or as fast."""
    both = pd.concat([t.assign(arm=arm) for arm, t in tables.items()], ignore_index=True)
    (row,) = paired_contrasts(both, ["arm"]).to_dict("records")
    weeks = {arm: pd.Series(observed(t["time_to_adoption_weeks"], int(t["horizon_weeks"].max()))
                            [0], index=t["seed"]) for arm, t in tables.items()}
    diff = (weeks["B"] - weeks["A"]).dropna()
    return {"pairs": int(row["pairs"]), "mean_weeks": row["mean_difference_weeks"],
            "low_weeks": row["low"], "high_weeks": row["high"], "p_value": row["p_value"],
            "b_sooner": int((diff < 0).sum()), "b_later": int((diff > 0).sum()),
            "as_fast": int((diff == 0).sum())}


def difference_words(d: dict, horizon: int, lang: str) -> list[str]:
    """The difference as a consultant says it: sooner, later, or no clear difference."""
    def weeks(x):
        return decimal(abs(x), 0, lang)
    if d["high_weeks"] < 0:
        key = "b_sooner"
    elif d["low_weeks"] > 0:
        key = "b_later"
    else:
        key = "no_clear_difference"
    head = say(key, lang, weeks=weeks(d["mean_weeks"]), mean=decimal(d["mean_weeks"], 0, lang),
               years=years_text(round(abs(d["mean_weeks"])), lang),
               low=decimal(d["low_weeks"], 0, lang), high=decimal(d["high_weeks"], 0, lang))
    return [head, say("pair_counts", lang, sooner=d["b_sooner"], later=d["b_later"],
                      same=d["as_fast"], n=d["pairs"]),
            say("difference_means", lang, years=years_text(horizon, lang))]


def side_by_side(arms: dict[str, dict], cal: Calendar) -> str:
    """The two answers in one table: one row per number, one column per arm."""
    lang = cal.language

    def on(week):
        return "-" if week is None else date_text(date_of(cal.start, week), lang)

    def median(s):
        if s["median_weeks"] is None:
            return say("not_reached", lang, end=date_text(cal.end, lang))
        high = on(s["median_high_weeks"]) if s["median_high_weeks"] is not None else \
            say("beyond", lang, end=date_text(cal.end, lang))
        return f"{on(s['median_weeks'])} ({on(s['median_low_weeks'])} - {high})"
    summaries = list(arms.values())
    rows = [[say("row_adopted", lang, years=years_text(cal.horizon, lang)),
             *(f"{s['adopted']} / {s['runs']}" for s in summaries)],
            [say("row_reduced", lang), *(str(s["adopted_scaled_down"]) for s in summaries)],
            [say("row_median", lang), *(median(s) for s in summaries)]]
    for name, d in summaries[0]["deadlines"].items():
        if d["share_adopted"] is not None:
            rows.append([say("row_deadline", lang, date=date_text(date.fromisoformat(d["date"]),
                                                                 lang)),
                         *(f"{pct(s['deadlines'][name]['share_adopted'])} "
                           f"({pct(s['deadlines'][name]['low'])}-"
                           f"{pct(s['deadlines'][name]['high'])})" for s in summaries)])
    rows.append([say("row_main_cause", lang),
                 *(shown(largest(s["main_resistance_causes"], 1)[0], lang) for s in summaries)])
    return table(["", *arms], rows)


def comparison_html(arms: dict[str, dict], labels: dict[str, str], diff: dict,
                    figures: dict[str, Figure], cal: Calendar) -> str:
    """The page: the difference first, then both answers side by side, the share adopted
    over time and the plan's delivery of both, and links to each arm's own report."""
    lang = cal.language
    runs = diff["pairs"]
    first, last = arms["A"]["seeds"]
    parts = [f"<h1>{esc(say('compare_title', lang))}</h1>",
             para(say("compare_subtitle", lang, a=labels["A"], b=labels["B"], n=runs,
                      first=first, last=last, start=date_text(cal.start, lang),
                      end=date_text(cal.end, lang)), "note"),
             f"<h2>{esc(say('h_difference', lang))}</h2>",
             '<div class="answer" id="difference">'
             + "".join(para(t, "headline" if i == 0 else "")
                       for i, t in enumerate(difference_words(diff, cal.horizon, lang)))
             + "</div>",
             f"<h2>{esc(say('h_side_by_side', lang))}</h2>",
             side_by_side({labels[a]: s for a, s in arms.items()}, cal),
             figure(figures["adopted"], say("cap_compare_adopted", lang)),
             figure(figures["plan"], say("cap_compare_plan", lang)),
             f'<p class="note">{esc(say("own_reports", lang))} '
             + ", ".join(f'<a href="{a}/report.html">{esc(labels[a])}</a>' for a in arms)
             + "</p>"]
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            f"<title>{esc(say('compare_title', lang))}</title><style>{STYLE}</style></head>\n"
            "<body>\n" + "\n".join(parts) + "\n</body></html>\n")


def write_comparison(out: Path, configs: dict[str, SimConfig], names: dict[str, str]) -> dict:
    """Run each arm as a scenario run of its own (``out/A``, ``out/B``), then write the
    comparison: ``summary.json``, its figures and ``comparison.html``."""
    arms = {arm: write_ensemble(out / arm, cfg, {}, names[arm]) for arm, cfg in configs.items()}
    tables = {arm: read_parquet(out / arm / JOB_TABLE, "job table") for arm in arms}
    bands = {arm: pd.read_csv(out / arm / BANDS) for arm in arms}
    cfg = configs["A"]
    lang = cfg.report.language
    diff = difference(tables)
    labels = {arm: f"{arm}: {names[arm]}" for arm in arms}
    cal = calendar(cfg, sorted({e for c in configs.values() for e in fixed_events(c)}))
    figures = {"adopted": fan_charts.adopted_figure(
                   {labels[a]: t["time_to_adoption_weeks"] for a, t in tables.items()},
                   cfg.horizon_weeks, cal),
               "plan": fan_charts.plan_fan({labels[a]: b for a, b in bands.items()}, cal)}
    page = comparison_html(arms, labels, diff, figures, cal)
    atomic_text(out / "comparison.html", page)
    for name, fig in figures.items():
        atomic_write(out / f"comparison_{name}.png",
                     lambda p, f=fig: f.savefig(p, dpi=120, format="png"))
        plt.close(fig)
    summary = {"kind": "comparison", "arms": {a: {"name": names[a], "scenario_summary":
                                                  f"{a}/summary.json"} for a in arms},
               "seeds": arms["A"]["seeds"],
               "difference_b_minus_a": diff,
               "words": " ".join(difference_words(diff, cfg.horizon_weeks, lang))}
    atomic_text(out / "summary.json", json.dumps(summary, indent=2) + "\n")
    return summary
