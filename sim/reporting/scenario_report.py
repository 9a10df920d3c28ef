"""The report of a scenario run (``report.html``) that a consultant hands to a municipal
secretary, in English or in Dutch (``report.language``): the answer first, with its
uncertainty over the simulated futures; then the scenario, the plan against its schedule
year by year, the stages by role, the causes of resistance, the events, and one possible
course week by week (the median future).

Every word comes from the vocabulary (:func:`~sim.reporting.labels.say`,
:func:`~sim.reporting.labels.shown`); this module only arranges the numbers and the words.
A reduced plan (projects dropped) is never called simply adopted. The page is
self-contained (figures embedded as PNG data: it opens from disk, can be mailed) and its
print stylesheet fits A4.
"""

from __future__ import annotations

import base64
import html
import io
from dataclasses import dataclass, field
from datetime import date

import pandas as pd
from matplotlib.figure import Figure

from sim.config.schema import ENSEMBLE_RUNS, SimConfig
from sim.config.vocabulary import SIZE_CLASSES
from sim.model.dynamics import CONVERSATION_ON, OBSERVATION_ON, WAITING_ON
from sim.model.history import ROLES, stage_column
from sim.model.municipality import Municipality
from sim.model.states import CAUSES, STAGES
from sim.model.strategy import Strategy
from sim.plan.calendar import WEEKS_PER_YEAR, date_of
from sim.reporting import ensemble as ens
from sim.reporting.figures import Calendar
from sim.reporting.labels import date_text, decimal, named, say, shown, term

STYLE = """
body { font-family: Georgia, 'Times New Roman', serif; max-width: 60rem; margin: 2rem auto;
       padding: 0 1rem; color: #222; line-height: 1.45; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { font-size: 1.15rem; margin-top: 1.6rem;
     border-bottom: 1px solid #ccc; }
.answer { font-size: 1.15rem; background: #f3f7f4; border-left: 5px solid #009E73;
          padding: .6rem 1rem; }
.answer p { margin: .3rem 0; } .answer .headline { font-size: 1.3rem; }
.answer.censored { background: #fbf3ec; border-left-color: #D55E00; }
.course { border-left: 5px solid #999; padding-left: 1rem; }
table { border-collapse: collapse; font-size: .92rem; margin: .5rem 0; width: 100%; }
td, th { padding: .2rem .7rem; border-bottom: 1px solid #e5e5e5; text-align: left;
         vertical-align: top; }
td.n { text-align: right; white-space: nowrap; } th.n { text-align: right; }
th { overflow-wrap: break-word; }
figure { margin: .8rem 0; } figcaption { color: #555; font-size: .85rem; }
img { width: 100%; height: auto; } .note { color: #555; font-size: .85rem; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 10pt; }
  table { font-size: 8.5pt; } td, th { padding: .12rem .3rem; }
  h2 { break-after: avoid; } figure, table, .answer { break-inside: avoid; }
  .answer, .course { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .course-start { break-before: page; }
}
"""


def png(fig: Figure) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


@dataclass
class EnsembleView:
    """What the report shows of an ensemble: its summary (every number the report gives),
    the fan charts' bands and its figures."""

    summary: dict
    bands: pd.DataFrame
    figures: dict[str, Figure] = field(default_factory=dict)


def esc(text) -> str:
    return html.escape(str(text))


def table(headers: list[str], rows: list[list[str]], numeric: set[int] = frozenset()) -> str:
    """An HTML table; columns in ``numeric`` are right-aligned."""
    def cells(tag, values):
        return "".join(f"<{tag}{' class=n' if i in numeric else ''}>{esc(v)}</{tag}>"
                       for i, v in enumerate(values))
    body = "".join(f"<tr>{cells('td', r)}</tr>" for r in rows)
    return f"<table><tr>{cells('th', headers)}</tr>{body}</table>"


def figure(fig: Figure, caption: str) -> str:
    return (f'<figure><img alt="{esc(caption)}" src="{png(fig)}">'
            f"<figcaption>{esc(caption)}</figcaption></figure>")


def pct(x: float | None) -> str:
    return "-" if x is None else f"{x:.0%}"


def years_text(weeks: int, lang: str) -> str:
    years = weeks / WEEKS_PER_YEAR
    return decimal(years, 0 if years == int(years) else 1, lang)


def level(x: float) -> str:
    return "weak" if x < 0.35 else "moderate" if x < 0.65 else "strong"


def strategy_words(cfg: SimConfig, lang: str) -> str:
    """The strategy as the survey names it; a mix with its weights."""
    s = cfg.strategy
    if not s.parts:
        return shown(s.name, lang)
    total = sum(s.weights.values())
    return f"{say('mix_of', lang)}: " + ", ".join(
        f"{shown(k, lang)} {w / total:.0%}" for k, w in s.weights.items() if w > 0)


def scenario_in_words(cfg: SimConfig, model: Municipality, lang: str) -> str:
    """The municipality as it is when the plan starts (the run's week 0: people leave and
    arrive during a run)."""
    org, lead = cfg.organisation, cfg.leadership
    size = {v: k for k, v in SIZE_CLASSES.items()}.get(org.size_class)
    at_start = Municipality(model.config).organisation
    return say("scenario_words", lang,
               size=say(size, lang) if size else org.size_class, staff=at_start.size,
               departments=org.departments, board=org.board_size,
               key_figures=int(at_start.is_key_figure.sum()),
               theme=term(cfg.plan.theme, lang), projects=len(cfg.plan.projects),
               start=date_text(date.fromisoformat(cfg.plan.start_date), lang),
               strategy=strategy_words(cfg, lang),
               board_level=say(level(lead.board_commitment), lang),
               board_value=decimal(lead.board_commitment, 2, lang),
               mm_level=say(level(lead.middle_management_commitment), lang),
               mm_value=decimal(lead.middle_management_commitment, 2, lang))


def listing(items: list[str], lang: str) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {say('and', lang)} {items[-1]}"


def what_the_strategy_does(cfg: SimConfig, cause: str, lang: str) -> str:
    """One sentence: which interaction forms and which handling act on this cause."""
    s, c = Strategy.from_config(cfg.strategy), CAUSES.index(cause)
    names = [term(f.split(".")[1], lang) for f in s.forms]
    lowers = [f for f, v in zip(names, s.lowers[:, c], strict=True) if v < 0]
    raises = [f for f, v in zip(names, s.raises[:, c], strict=True) if v > 0]
    backfire = [names[b.form] for b in s.backfires if b.cause == c]
    handling = [term(name, lang) for name, on in (
        ("conversation", CONVERSATION_ON), ("observation", OBSERVATION_ON),
        ("waiting", WAITING_ON)) if on[c] and getattr(cfg.resistance_handling, name) > 0]
    clauses = [say(key, lang, forms=listing(sorted(set(forms)), lang))
               for key, forms in (("lowers", lowers), ("backfires", backfire), ("raises", raises))
               if forms]
    sentences = [", ".join(clauses)] if clauses else [say("does_nothing", lang)]
    if handling:
        sentences.append(say("handling", lang, ways=listing(handling, lang)))
    return " ".join(t[0].upper() + t[1:] + ("" if t.endswith(".") else ".") for t in sentences)


def run_answer(summary: dict, cal: Calendar) -> str:
    """What happened in one run; a reduced plan is named as such."""
    lang, week = cal.language, summary["time_to_adoption_weeks"]
    if week is None:
        reasons = []
        if summary["plan_delivered_week"] is None:
            reasons.append(say("plan_stopped" if summary["plan_stopped_week"] is not None
                               else "not_delivered", lang))
        if summary["commitment_week"] is None:
            reasons.append(say("not_committed", lang))
        return say("run_not_adopted", lang, end=date_text(cal.end, lang),
                   reasons=listing(reasons, lang))
    when = date_text(date_of(cal.start, week), lang)
    if summary["adopted_plan"] == "scaled_down":
        dropped = [named("project", name, p["label"], lang)
                   for name, p in summary["projects"].items() if p["dropped_week"] is not None]
        return say("run_reduced", lang, date=when, years=years_text(week, lang),
                   share=pct(summary["plan_delivered_share"]), dropped=listing(dropped, lang))
    return say("run_adopted", lang, date=when, years=years_text(week, lang),
               plan_date=date_text(date_of(cal.start, summary["plan_delivered_week"]), lang),
               commitment_date=date_text(date_of(cal.start, summary["commitment_week"]), lang),
               binding=say(f"binding_{summary['binding']}", lang))


def ensemble_answer(s: dict, cal: Calendar) -> list[str]:
    """The answer over the futures: how many adopt within the period (and how many only a
    reduced plan), the median with its interval, the national deadlines."""
    lang = cal.language
    end = date_text(cal.end, lang)
    head = say("answer_ensemble", lang, k=s["adopted"], n=s["runs"],
               years=years_text(s["horizon_weeks"], lang), end=end)
    if s["adopted_scaled_down"]:
        head += say("answer_all_reduced" if s["adopted_scaled_down"] == s["adopted"]
                    else "answer_reduced", lang, s=s["adopted_scaled_down"], k=s["adopted"],
                    share=pct(s["scaled_down_delivered_share"]["median"]))
    elif s["adopted"]:
        head += say("answer_full", lang, k=s["adopted"])
    sentences = [head + "."]

    def on(week):
        return date_text(date_of(cal.start, week), lang)
    if s["median_weeks"] is None:
        sentences.append(say("median_not_reached", lang, c=s["runs"] - s["adopted"],
                             n=s["runs"], end=end))
    elif s["median_high_weeks"] is None:
        sentences.append(say("median_open", lang, median=on(s["median_weeks"]),
                             low=on(s["median_low_weeks"]), end=end))
    else:
        sentences.append(say("median_reached", lang, median=on(s["median_weeks"]),
                             low=on(s["median_low_weeks"]), high=on(s["median_high_weeks"])))
    for d in s["deadlines"].values():
        when = date_text(date.fromisoformat(d["date"]), lang)
        if d["week"] <= 0:
            sentences.append(say("deadline_before", lang, date=when))
        elif d["share_adopted"] is None:
            sentences.append(say("deadline_after", lang, date=when))
        else:
            sentences.append(say("by_deadline", lang, date=when, p=pct(d["share_adopted"]),
                                 low=pct(d["low"]), high=pct(d["high"])))
    return sentences


def schedule_table(cal: Calendar, frame: pd.DataFrame, years: list[dict] | None) -> str:
    """On schedule per year: on 1 January of each year, planned and delivered, on schedule
    and projects dropped; over the futures (``years``) with the median future beside them,
    or in the one future."""
    lang = cal.language
    run = frame.set_index("week")
    status = {True: term("on_schedule", lang), False: term("behind_schedule", lang)}

    def run_status(week):
        return status[bool(run.at[week, "on_schedule"])] if week in run.index else "-"
    if years is None:
        rows = [[date_text(day, lang), pct(run.at[week, "plan_planned"]),
                 pct(run.at[week, "plan_delivered"]), run_status(week),
                 str(int(run.at[week, "projects_dropped"]))]
                for day, week in ens.year_starts(cal.start, cal.horizon) if week in run.index]
        return table([say(k, lang) for k in ("col_date", "col_planned", "delivered",
                                             "col_status", "col_dropped_count")],
                     rows, numeric={1, 2, 4})
    rows = [[date_text(date.fromisoformat(y["date"]), lang), pct(y["planned"]),
             f"{pct(y['delivered'])} ({pct(y['delivered_q25'])}-{pct(y['delivered_q75'])})",
             pct(y["on_schedule"]), pct(y["dropped"]), run_status(y["week"])] for y in years]
    return table([say(k, lang) for k in ("col_date", "col_planned", "col_delivered",
                                         "col_on_schedule", "col_dropped",
                                         "col_median_future")], rows, numeric={1, 2, 3, 4})


def project_cell(cfg: SimConfig, name: str, lang: str) -> list[str]:
    """A project's name (and whether it is a legal duty) and the building block it waits
    for, with the block's date."""
    project = cfg.plan.projects[name]
    text = named("project", name, project.label, lang)
    if project.mandatory:
        text += f" ({say('legal_duty', lang)})"
    block = project.national_block
    waits = "-" if not block else (
        f"{named('block', block, cfg.plan.national_blocks[block].label, lang)}, "
        f"{date_text(date.fromisoformat(cfg.plan.national_blocks[block].available), lang)}")
    return [text, waits]


def projects_table(cal: Calendar, cfg: SimConfig, model: Municipality,
                   futures: dict[str, dict] | None) -> str:
    """The plan's projects in the order the leading theme gives them, with their planned
    end: how often the futures deliver and drop each, or when the one future did."""
    lang = cal.language

    def on(week):
        return "-" if week is None else date_text(date_of(cal.start, week), lang)
    planned_end = dict(zip(model.plan.names, model.plan.end.tolist(), strict=True))
    run = model.summary()["projects"]
    headers = [say(k, lang) for k in ("col_project", "col_block", "col_planned_end")]
    rows = []
    for name in planned_end:
        row = [*project_cell(cfg, name, lang), on(planned_end[name])]
        if futures is None:
            row += [on(run[name]["delivered_week"]), on(run[name]["dropped_week"])]
        else:
            f = futures[name]
            row += [pct(f["delivered"]), on(f["median_delivered_week"]), pct(f["dropped"])]
        rows.append(row)
    headers += [say(k, lang) for k in (("col_delivered_on", "col_dropped_on") if futures is None
                                       else ("col_delivered_share", "col_median_delivery",
                                             "col_dropped_share"))]
    return table(headers, rows, numeric=set() if futures is None else {3, 5})


def stages_table(lang: str, share) -> str:
    """Per role, the share in each stage: ``share(role, stage)``."""
    rows = [[shown(role, lang), *(pct(share(role, s)) for s in STAGES)] for role in ROLES]
    return table([say("col_role", lang), *(shown(s, lang) for s in STAGES)], rows,
                 numeric={1, 2, 3, 4})


def causes_table(cfg: SimConfig, causes: dict, lang: str, spread: bool) -> str:
    """The largest main causes of resistance with what the strategy does about them;
    ``causes`` maps each to its share (or, with ``spread``, its median and 5-95%)."""
    def share(c):
        v = causes[c]
        return f"{pct(v['median'])} ({pct(v['q05'])}-{pct(v['q95'])})" if spread else pct(v)
    top = largest(causes, 5 if spread else 3)
    return table([say("col_cause", lang), say("col_cause_share" if spread
                                              else "col_cause_share_one", lang),
                  say("col_strategy_does", lang)],
                 [[shown(c, lang), share(c), what_the_strategy_does(cfg, c, lang)] for c in top],
                 numeric={1})


def largest(causes: dict, n: int) -> list[str]:
    """The ``n`` causes with the largest share (median share over futures)."""
    def size(c):
        v = causes[c]
        return v["median"] if isinstance(v, dict) else v
    return sorted((c for c in causes if c in CAUSES), key=size, reverse=True)[:n]


DETAILS = {"size": "event_size", "weeks": "event_weeks", "count": "event_count",
           "block": "event_block", "board_commitment": "event_board_commitment",
           "quality": "event_quality", "successor_quality": "event_quality",
           "plan_stopped": "event_plan_stopped"}


def event_details(cfg: SimConfig, details: dict, lang: str) -> str:
    """An event's settings or what it did, in words; unset ones left out."""
    def value(key, v):
        if key == "size":
            return pct(v)
        if key == "block":
            return named("block", v, cfg.plan.national_blocks[v].label, lang)
        return decimal(v, 2, lang) if isinstance(v, float) else v
    return "; ".join(say(DETAILS[k], lang, value=value(k, v)) for k, v in details.items()
                     if k in DETAILS and v not in (None, 0, 0.0, "", False))


def events_table(cal: Calendar, cfg: SimConfig, struck: list[dict] | None) -> str:
    """The scenario's events as configured, or those that struck in one future."""
    lang = cal.language
    if struck is None:
        rows = [[date_text(date_of(cal.start, e.week), lang) if e.week is not None
                 else say("event_by_chance", lang, value=pct(e.chance_per_year)),
                 name.replace("_", " "), term(e.type, lang),
                 event_details(cfg, {k: getattr(e, k) for k in DETAILS if hasattr(e, k)}, lang)]
                for name, e in cfg.events.items()]
    else:
        rows = [[date_text(date_of(cal.start, e["week"]), lang), e["name"].replace("_", " "),
                 term(e["type"], lang), event_details(cfg, e, lang)] for e in struck]
    rows = rows or [[say("none_listed", lang), "", "", ""]]
    return table([say(k, lang) for k in ("col_when", "col_event", "col_type", "col_details")],
                 rows)


def para(text: str, cls: str = "", ident: str = "") -> str:
    return (f"<p{f' class={cls}' if cls else ''}{f' id={ident}' if ident else ''}>"
            f"{esc(text)}</p>")


def h2(name: str, lang: str) -> str:
    return f"<h2>{esc(say(name, lang))}</h2>"


def calibration_text(summary: dict, lang: str) -> str:
    """Which parameters the runs used: the summary's posterior (and particle), or none."""
    path = summary.get("posterior")
    if path is None:
        return say("uncalibrated", lang)
    if "posterior_particle" in summary:
        text = say("calibrated_one", lang, path=path, particle=summary["posterior_particle"])
    else:
        text = say("calibrated_futures", lang, path=path)
    skipped = summary.get("posterior_not_applied")
    return text + (" " + say("not_applied", lang, names=", ".join(skipped)) if skipped else "")


def report_html(cfg: SimConfig, model: Municipality, run_figures: dict[str, Figure],
                scenario: str | None, view: EnsembleView | None = None,
                calibration: dict | None = None) -> str:
    """The page: the answer, the scenario, the plan, the people, the causes, the events,
    and the course of one future (the median one of an ensemble). ``calibration``: the
    posterior and particle one future drew (an ensemble's summary names its posterior)."""
    calibration = calibration or {}
    lang = cfg.report.language
    summary, frame = {**model.summary(), **calibration}, model.timeseries()
    cal = Calendar(date.fromisoformat(cfg.plan.start_date), cfg.horizon_weeks, lang)
    when = {"scenario": scenario or say("default_scenario", lang),
            "start": date_text(cal.start, lang),
            "end": date_text(cal.end, lang)}
    if view is None:
        s = summary
        subtitle = say("subtitle_one", lang, seed=s["seed"], **when)
        answer = [run_answer(s, cal), say("one_future_warning", lang, n=ENSEMBLE_RUNS)]
        censored = s["time_to_adoption_weeks"] is None
    else:
        s = view.summary
        subtitle = say("subtitle", lang, runs=s["runs"], first=s["seeds"][0],
                       last=s["seeds"][1], **when)
        answer = ensemble_answer(s, cal)
        censored = s["median_weeks"] is None
    parts = [f"<h1>{esc(say('title', lang))}</h1>",
             para(f"{subtitle} {say('made_by', lang)}", "note"), h2("h_answer", lang),
             f'<div class="answer{" censored" if censored else ""}" id="answer">'
             + "".join(para(t, "headline" if i == 0 else "") for i, t in enumerate(answer))
             + "</div>"]
    if view is not None:
        parts.append(figure(view.figures["adopted"], say("cap_adopted", lang)))
    notes = [say("adopted_means", lang, share=pct(cfg.adoption.committed_share),
                 weeks=cfg.adoption.sustain_weeks), calibration_text(s, lang)]
    if view is not None:
        notes.append(say("intervals_mean", lang, n=s["runs"]))
        if cfg.stop_at_adoption:
            notes.append(say("stop_at_adoption_note", lang))
    parts.append(para(" ".join(notes), "note"))
    parts += [h2("h_scenario", lang), para(scenario_in_words(cfg, model, lang)),
              h2("h_plan", lang),
              para(say("on_schedule_means", lang, share=pct(1 - cfg.plan.schedule_tolerance)),
                   ident="on-schedule")]
    if view is not None:
        parts.append(figure(view.figures["plan"], say("cap_plan_fan", lang)))
    parts += [schedule_table(cal, frame, None if view is None else s["by_year"]),
              projects_table(cal, cfg, model, None if view is None else s["projects"]),
              h2("h_roles", lang)]
    if view is not None:
        parts.append(figure(view.figures["stages"], say("cap_stages_fan", lang)))
        last = view.bands[view.bands["week"] == view.bands["week"].max()].set_index("column")
        share = lambda role, stage: last.at[stage_column(role, stage), "q50"]  # noqa: E731
    else:
        share = lambda role, stage: frame[stage_column(role, stage)].iloc[-1]  # noqa: E731
    at_end = "stages_at_end" if view is not None else "stages_at_end_one"
    parts += [para(say(at_end, lang, end=when["end"])), stages_table(lang, share),
              h2("h_causes", lang),
              causes_table(cfg, s["main_resistance_causes"], lang, view is not None),
              para(say("causes_note", lang), "note")]
    if view is not None:
        parts.append(figure(view.figures["causes"], say("cap_causes_fan", lang)))
    parts += [h2("h_events", lang),
              events_table(cal, cfg, None if view is not None else summary["events"]),
              course(cal, cfg, model, run_figures, view)]
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            f"<title>{esc(say('title', lang))}</title><style>{STYLE}</style></head>\n<body>\n"
            + "\n".join(parts) + "\n</body></html>\n")


def course(cal: Calendar, cfg: SimConfig, model: Municipality, run_figures: dict[str, Figure],
           view: EnsembleView | None) -> str:
    """One future week by week: of an ensemble the median one, introduced as such, with
    its own answer, projects and events."""
    lang = cal.language
    summary = model.summary()
    parts = ['<div class="course course-start" id="course">',
             h2("h_course_one" if view is None else "h_course", lang)]
    if view is not None:
        runs = view.summary["runs"]
        parts += [para(say("course_intro", lang, seed=summary["seed"], pos=(runs + 1) // 2,
                           n=runs)),
                  para(run_answer(summary, cal), ident="run-answer")]
    parts.append(para(say("committed_at_end", lang,
                          share=pct(summary["final_commitment_share"]))))
    if view is not None:
        parts.append(projects_table(cal, cfg, model, None))
        if summary["events"]:
            parts.append(events_table(cal, cfg, summary["events"]))
    parts += [figure(run_figures["plan"], say("cap_run_plan", lang)),
              figure(run_figures["adoption"], say("cap_run_adoption", lang)),
              figure(run_figures["stages"], say("cap_run_stages", lang))]
    return "\n".join(parts) + "</div>"
