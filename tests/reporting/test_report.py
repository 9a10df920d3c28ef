"""The consultant's report: an ensemble's numbers as summary.json and the replicate table
say them, the median future as the illustration, a reduced plan never called simply
adopted, both languages from the vocabulary, self-contained and printable."""

from __future__ import annotations

import json
import math
import re
from datetime import date

import matplotlib
import numpy as np
import pandas as pd
import pytest
import yaml

from sim.config.compose import load_config
from sim.experiments.replicates import JOB_TABLE, run_replicates
from sim.model.history import ROLES
from sim.model.municipality import simulate
from sim.model.states import CAUSES, STAGES
from sim.plan.calendar import date_of, weeks_after
from sim.reporting.labels import date_text, say, shown, term
from sim.reporting.outputs import describe, write_ensemble, write_results
from tests.reporting.conftest import RUNS, SCENARIO, Page

matplotlib.use("Agg")


def observed(table: pd.DataFrame) -> np.ndarray:
    return pd.to_numeric(table["time_to_adoption_weeks"]).astype(float).fillna(math.inf).to_numpy()


def test_the_report_says_what_the_summary_and_the_replicate_table_say(reports):
    run_dir, cfg, summary, page = reports["en"]
    assert summary == json.loads((run_dir / "summary.json").read_text())
    table = pd.read_parquet(run_dir / JOB_TABLE)
    assert len(table) == summary["runs"] == RUNS
    assert sorted(table["seed"]) == list(range(RUNS))
    start = date.fromisoformat(cfg.plan.start_date)
    weeks = observed(table)
    # share adopted within the horizon
    adopted = int(np.isfinite(weeks).sum())
    assert summary["adopted"] == adopted
    answer = page.ids["answer"]
    assert f"In {adopted} of {RUNS} simulated futures this plan is adopted within 10 years" \
           in answer
    # the median: the ceil(n/2)-th adoption (censoring only at the common horizon)
    median = np.sort(weeks)[(RUNS - 1) // 2]
    assert np.isfinite(median), "the shipped scenario's median is reached"
    assert summary["median_weeks"] == median
    assert f"not adopted before {date_text(date_of(start, median), 'en')}" in answer
    # the national deadlines, counted from the scenario's own plan start
    for year in ("2011", "2015"):
        week = weeks_after(start, date(int(year), 1, 1))
        share = float(np.mean(weeks <= week))
        assert summary["deadlines"][year]["share_adopted"] == pytest.approx(share)
        assert (f"Adopted by the national deadline of {date_text(date(int(year), 1, 1), 'en')}:"
                f" in {share:.0%} of the futures") in answer
    # on schedule per year, as summary.json has it
    schedule = page.table_with(say("col_on_schedule", "en"))
    assert [row[3] for row in schedule[1:]] == [f"{y['on_schedule']:.0%}"
                                               for y in summary["by_year"]]
    assert len(schedule) - 1 == 9  # 1 January 2010 .. 2018


def test_the_illustrative_run_is_the_median_one(reports):
    run_dir, cfg, summary, page = reports["en"]
    table = pd.read_parquet(run_dir / JOB_TABLE)
    weeks = observed(table)
    seed = summary["illustrative_run"]["seed"]
    own = weeks[table["seed"].to_numpy() == seed][0]
    assert own == np.sort(weeks)[(RUNS - 1) // 2] == summary["median_weeks"]
    ties = table["seed"][weeks == own]
    assert seed == ties.iloc[((RUNS - 1) // 2) - int(np.sum(weeks < own))], \
        "ties are broken by seed"
    # its week-by-week files are that run's, rerun by its seed
    assert yaml.safe_load((run_dir / "config.yaml").read_text())["seed"] == seed
    series = pd.read_csv(run_dir / "timeseries.csv")
    assert len(series) == cfg.horizon_weeks + 1
    start = date.fromisoformat(cfg.plan.start_date)
    assert f"seed {seed}" in page.ids["course"]
    assert f"adopted on {date_text(date_of(start, int(own)), 'en')}" in page.ids["run-answer"]
    assert "one possible course" in page.ids["course"]


def test_the_report_is_self_contained(reports):
    for _, _, _, page in reports.values():
        assert not page.links, "no external files: the report opens from disk"
        assert len(page.images) == 7  # four of the futures, three of the median one
        assert all(img["src"].startswith("data:image/png;base64,") and img.get("alt")
                   for img in page.images)


@pytest.mark.parametrize("language", ["en", "nl"])
def test_every_cause_stage_and_role_label_comes_from_the_vocabulary(reports, language):
    _, _, summary, page = reports[language]
    stages = page.table_with(shown("denial", language))
    assert stages[0][1:] == [shown(s, language) for s in STAGES]
    assert [row[0] for row in stages[1:]] == [shown(r, language) for r in ROLES]
    causes = page.table_with(say("col_cause", language))
    shown_causes = [row[0] for row in causes[1:]]
    assert shown_causes and set(shown_causes) <= {shown(c, language) for c in CAUSES}
    top = max(CAUSES, key=lambda c: summary["main_resistance_causes"][c]["median"])
    assert shown_causes[0] == shown(top, language)
    assert say("title", language) in page.all_text


def test_the_dutch_report_is_dutch_throughout(reports):
    text = reports["nl"][3].all_text.replace(SCENARIO, "")  # the scenario's own name
    english = re.findall(r"\b(the|and|adopted|futures|schedule|delivered|planned|staff|"
                         r"weeks|years|median future|reduced)\b", text, flags=re.IGNORECASE)
    assert not english, english
    assert "ingevoerd" in text and "op planning" in text and "achter op schema" not in text
    for dutch in ("tegengestelde belangen", "wantrouwen tegen veranderaar", "zelfonderzoek",
                  "verbinding", "ontkenning", "weerstand"):
        assert dutch in " ".join(term(k, "nl") for k in CAUSES + STAGES)
    english_text = reports["en"][3].all_text
    assert not re.findall(r"\b(ingevoerd|toekomsten|gesimuleerde|gemeente)\b", english_text)


def test_the_figures_speak_the_report_language(reports):
    from sim.reporting import fan_charts
    from sim.reporting.outputs import calendar

    for language, (run_dir, cfg, _, _) in reports.items():
        bands = pd.read_csv(run_dir / "bands.csv")
        fig = fan_charts.stages_fan(bands, calendar(cfg, []))
        legend = [t.get_text() for t in fig.axes[1].get_legend().get_texts()]
        assert legend == [shown(s, language) for s in STAGES]
        titles = [ax.get_title(loc="left") for ax in fig.axes]
        assert titles == [shown(r, language) for r in ("board", "manager", "key_figure",
                                                       "employee")]
        matplotlib.pyplot.close(fig)
        fig = fan_charts.causes_fan(bands, ["doubt_about_change", "old_grievances"],
                                    calendar(cfg, [(104, term("merger", language))]))
        texts = [t.get_text() for t in fig.findobj(matplotlib.text.Text)]
        assert shown("old_grievances", language) in texts
        assert term("merger", language) in texts
        assert say("deadline", language, date=date_text(date(2011, 1, 1), language)) in texts
        matplotlib.pyplot.close(fig)


def reduced_seed() -> int:
    """A seed of a small municipality that adopts only after dropping projects."""
    base = ["organisation=size_lt_10k", "plan.drop_after_weeks=20", "plan.capacity=0.06",
            "leadership.board_commitment=0.9"]
    rows = run_replicates(load_config([*base, "replicates=6"]), {})
    scaled = rows[rows["adopted_plan"] == "scaled_down"]
    assert len(scaled) and scaled["ambition_scaled_down_week"].notna().all()
    return base, int(scaled["seed"].iloc[0])


def test_a_reduced_plan_is_never_called_simply_adopted(tmp_path):
    base, seed = reduced_seed()
    cfg = load_config([*base, f"seed={seed}"])
    summary = write_results(tmp_path, cfg, simulate(cfg))
    assert summary["adopted_plan"] == "scaled_down"
    share = f"{summary['plan_delivered_share']:.0%}"
    page = Page((tmp_path / "report.html").read_text())
    answer = page.ids["answer"]
    assert answer.startswith("In this future a reduced plan is adopted on")
    assert f"{share} of the original plan" in answer
    adopted_as_planned = say("run_adopted", "en", date="", years="", plan_date="",
                             commitment_date="", binding="").split(" on ")[0]
    for text in (page.all_text, describe(summary)):
        assert "reduced plan" in text and adopted_as_planned not in text
    # the figure's title too
    from sim.reporting.figures import run_title
    from sim.reporting.outputs import calendar

    title = run_title(summary, calendar(cfg, []))
    assert title.startswith("A reduced plan") and share in title
    # and an ensemble with such futures says so in its first sentence
    ens_cfg = load_config([*base, "replicates=6"], scenario_run=True)
    ensemble = write_ensemble(tmp_path / "ensemble", ens_cfg, {}, None)
    head = Page((tmp_path / "ensemble" / "report.html").read_text()).ids["answer"]
    first = head.split(".")[0]
    assert ensemble["adopted_scaled_down"] > 0
    assert f"in {ensemble['adopted_scaled_down']} of these {ensemble['adopted']} only as a " \
           "reduced plan" in first or "in all of these" in first


def test_one_future_is_reported_as_one_possible_course(tmp_path):
    cfg = load_config(["organisation=size_lt_10k", "horizon_weeks=30", "report.language=nl"])
    summary = write_results(tmp_path, cfg, simulate(cfg), "kort")
    page = Page((tmp_path / "report.html").read_text())
    assert page.ids["answer"].startswith("In deze toekomst is het plan binnen de gesimuleerde "
                                         "periode niet ingevoerd")
    assert "replicates=1" in page.ids["answer"]
    assert len(page.images) == 3 and summary["time_to_adoption_weeks"] is None
    assert date_text(date(2009, 7, 30), "nl") in page.ids["answer"]  # week 30 of 2009


def test_a_report_language_is_checked():
    from sim.config.errors import ConfigError

    with pytest.raises(ConfigError, match="report.language='fr' is not allowed"):
        load_config(["report.language=fr"])


def test_a_scenario_run_is_an_ensemble_and_a_sweep_job_one_run():
    from sim.config.schema import ENSEMBLE_RUNS

    assert load_config([], scenario_run=True).replicates == ENSEMBLE_RUNS
    assert load_config([]).replicates == 1
    assert load_config(["replicates=7"], scenario_run=True).replicates == 7


def test_the_report_code_has_no_words_of_its_own():
    """Words for people live in the vocabulary: the report's modules hold markup, styles
    and matplotlib's own keywords, never a phrase (docstrings aside)."""
    import ast
    from pathlib import Path

    import sim.reporting

    matplotlib_words = {"upper left", "offset points", "axes fraction"}
    found = []
    for name in ("figures", "fan_charts", "scenario_report", "comparison", "outputs"):
        path = Path(sim.reporting.__file__).with_name(f"{name}.py")
        tree = ast.parse(path.read_text())
        skip = {id(node.body[0].value) for node in ast.walk(tree)
                if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
                and ast.get_docstring(node)}
        skip |= {id(arg) for node in ast.walk(tree)  # what a file is, for error messages
                 if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "read_parquet"
                 for arg in node.args}
        for node in ast.walk(tree):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                    and id(node) not in skip and not re.search(r"[<={]", node.value)
                    and node.value not in matplotlib_words
                    and re.search(r"[A-Za-z]{3,} [a-z]{3,}", node.value)):
                found.append(f"{name}.py:{node.lineno}: {node.value!r}")
    assert not found, found


@pytest.mark.parametrize("language", ["en", "nl"])
def test_every_binding_component_the_model_names_has_words(language):
    """sim.model.adoption.binding names 'plan' or 'organisation'; the report says either."""
    from sim.model.adoption import binding
    from sim.reporting.labels import say

    for plan_week, commitment_week in [(10, 5), (5, 10)]:
        assert say(f"binding_{binding(10, commitment_week, plan_week)}", language)
