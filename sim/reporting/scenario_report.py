"""The one-page report of a run (``report.html``) a consultant can hand to a
municipal secretary: the scenario in plain words, the answer, and the pictures.

Self-contained: figures are embedded as PNG data, so the file opens from disk
without a server and can be mailed or printed as is.
"""

from __future__ import annotations

import base64
import html
import io

from matplotlib.figure import Figure

from sim.model.dynamics import CONVERSATION_ON, OBSERVATION_ON, WAITING_ON
from sim.model.municipality import Municipality
from sim.model.states import CAUSES
from sim.plan.calendar import WEEKS_PER_YEAR
from sim.reporting.labels import THEMES, label

STYLE = """
body { font-family: Georgia, 'Times New Roman', serif; max-width: 60rem; margin: 2rem auto;
       padding: 0 1rem; color: #222; line-height: 1.45; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { font-size: 1.15rem; margin-top: 1.6rem;
     border-bottom: 1px solid #ccc; }
.answer { font-size: 1.3rem; background: #f3f7f4; border-left: 5px solid #009E73;
          padding: .6rem 1rem; }
.answer.censored { background: #fbf3ec; border-left-color: #D55E00; }
table { border-collapse: collapse; font-size: .92rem; } td, th { padding: .2rem .7rem;
        border-bottom: 1px solid #e5e5e5; text-align: left; }
img { width: 100%; } .note { color: #555; font-size: .85rem; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } }
"""


def png(fig: Figure) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def weeks_in_words(week: int) -> str:
    return f"{week} weeks ({week / WEEKS_PER_YEAR:.1f} years)"


def level(x: float) -> str:
    return "weak" if x < 0.35 else "moderate" if x < 0.65 else "strong"


def scenario_in_words(model: Municipality) -> str:
    cfg, s = model.config, model.summary()
    org, lead = cfg.organisation, cfg.leadership
    return (f"A municipality of {org.size_class} inhabitants with {s['staff']} staff in "
            f"{org.departments} departments, {cfg.organisation.board_size} board members and "
            f"{int(model.organisation.is_key_figure.sum())} key figures (sleutelfiguren). "
            f"It carries out its realisation plan (leading theme: {THEMES[cfg.plan.theme]}; "
            f"{len(cfg.plan.projects)} projects) by the strategy {s['strategy_label']}, with "
            f"{level(lead.board_commitment)} board commitment ({lead.board_commitment:.2f}) and "
            f"{level(lead.middle_management_commitment)} commitment of middle management "
            f"({lead.middle_management_commitment:.2f}).")


def answer(summary: dict) -> tuple[str, bool]:
    week = summary["time_to_adoption_weeks"]
    if week is None:
        parts = []
        if summary["plan_delivered_week"] is None:
            parts.append("the plan was not delivered"
                         + (" (it was stopped)" if summary["plan_stopped_week"] else ""))
        if summary["commitment_week"] is None:
            parts.append("the organisation did not commit")
        horizon = weeks_in_words(summary["horizon_weeks"])
        return f"Not adopted within {horizon}: {' and '.join(parts)}.", True
    binding = ("the plan's delivery came last" if summary["binding"] == "plan"
               else "the organisation's commitment came last")
    what = ("Plan adopted" if summary["adopted_plan"] == "original" else
            f"A scaled-down plan adopted ({summary['plan_delivered_share']:.0%} of the "
            f"original plan delivered; the board dropped projects)")
    return (f"{what} after {weeks_in_words(week)}: kept projects delivered in week "
            f"{summary['plan_delivered_week']}, organisation committed (verbonden) in week "
            f"{summary['commitment_week']}; {binding}."), False


def what_the_strategy_does(model: Municipality, cause: str) -> str:
    """One sentence: which interaction forms and which handling act on this cause."""
    s, c = model.strategy, CAUSES.index(cause)
    names = [f.split(".")[1].replace("_", " ") for f in s.forms]
    lowers = [f for f, v in zip(names, s.lowers[:, c], strict=True) if v < 0]
    raises = [f for f, v in zip(names, s.raises[:, c], strict=True) if v > 0]
    backfire = [names[b.form] for b in s.backfires if b.cause == c]
    handling = [name for name, on in (("conversation", CONVERSATION_ON),
                                      ("observation", OBSERVATION_ON), ("waiting", WAITING_ON))
                if on[c] and getattr(model.config.resistance_handling, name) > 0]
    parts = []
    if lowers:
        parts.append(f"the strategy lowers it through {', '.join(lowers)}")
    if backfire:
        parts.append(f"but {', '.join(backfire)} backfires on people with high doubt")
    if raises:
        parts.append(f"while {', '.join(raises)} raises it")
    if handling:
        parts.append(f"resistance handling by {' and '.join(handling)} also works on it")
    if not parts:
        return "The strategy does nothing about it directly; it only moves with time, " \
               "colleagues and leadership."
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."


def report_html(model: Municipality, figures: dict[str, Figure]) -> str:
    """The page: scenario, answer, plan, roles, causes, events."""
    summary = model.summary()
    esc = html.escape
    text, censored = answer(summary)
    causes = sorted(((v, k) for k, v in summary["main_resistance_causes"].items()
                     if k != "no_resistance"), reverse=True)[:3]
    cause_rows = "".join(
        f"<tr><td>{esc(label(k))}</td><td>{v:.0%}</td>"
        f"<td>{esc(what_the_strategy_does(model, k))}</td></tr>" for v, k in causes)
    project_rows = "".join(
        f"<tr><td>{esc(p['label'])}</td><td>{cfg.end_week}</td>"
        f"<td>{p['delivered_week'] if p['delivered_week'] is not None else '-'}</td>"
        f"<td>{p['dropped_week'] if p['dropped_week'] is not None else '-'}</td></tr>"
        for p, cfg in zip(summary["projects"].values(), model.config.plan.projects.values(),
                          strict=True))
    def details(event):
        def value(v):
            return ("yes" if v else "no") if isinstance(v, bool) else v
        return ", ".join(f"{k.replace('_', ' ')}: {value(v)}" for k, v in event.items()
                         if k not in ("week", "name", "type"))
    event_rows = "".join(
        f"<tr><td>{e['week']}</td><td>{esc(e['name'].replace('_', ' '))}</td>"
        f"<td>{esc(e['type'].replace('_', ' '))}</td><td>{esc(details(e))}</td></tr>"
        for e in summary["events"]) or "<tr><td colspan=4>none</td></tr>"
    scaled = summary["ambition_scaled_down_week"]
    schedule = (("on schedule (op schema)" if summary["on_schedule"] else
                 "behind schedule (achter op schema)") + " at the end of the run; "
                + (f"ambition scaled down from week {scaled}" if scaled is not None
                   else "ambition kept as planned"))
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Realisation plan: simulated time-to-adoption</title><style>{STYLE}</style></head>
<body>
<h1>Realisation plan (realisatieplan): simulated time-to-adoption</h1>
<p class="note">Agent-based simulation, seed {summary['seed']}, horizon
{weeks_in_words(summary['horizon_weeks'])}. One run of one possible course of events;
compare seeds or run a sweep before drawing conclusions.</p>
<h2>The scenario</h2><p>{esc(scenario_in_words(model))}</p>
<div class="answer{' censored' if censored else ''}" id="answer">{esc(text)}</div>
<p>At the end, {summary['final_commitment_share']:.0%} of staff is committed (verbonden).</p>
<h2>The plan: schedule against delivery</h2>
<p>{esc(schedule)}; {summary['plan_delivered_share']:.0%} of the original plan delivered.</p>
<img alt="plan schedule and delivery" src="{png(figures['plan'])}">
<table><tr><th>project</th><th>planned end (week)</th><th>delivered (week)</th>
<th>dropped (week)</th></tr>{project_rows}</table>
<h2>Who moves: commitment by role</h2>
<img alt="commitment by role and causes of resistance" src="{png(figures['adoption'])}">
<img alt="stages by role" src="{png(figures['stages'])}">
<h2>What holds people back: the main causes of resistance (weerstand)</h2>
<table><tr><th>cause</th><th>share of staff</th><th>what the strategy does</th></tr>
{cause_rows}</table>
<p class="note">Share of staff for whom the cause weighs most, averaged until adoption
(or the horizon).</p>
<h2>Events</h2>
<table><tr><th>week</th><th>event</th><th>type</th><th>details</th></tr>{event_rows}</table>
</body></html>
"""
