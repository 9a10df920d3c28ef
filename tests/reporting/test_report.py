"""The consultant's one-page report: self-contained HTML with the figures and key numbers."""

from __future__ import annotations

import json
from html.parser import HTMLParser

from sim.config.compose import load_config
from sim.model.municipality import simulate
from sim.reporting.labels import label
from sim.reporting.outputs import write_results


class Page(HTMLParser):
    """Collects images, the answer box and all text of a page."""

    def __init__(self):
        super().__init__()
        self.images, self.text, self.ids, self.links = [], [], {}, []
        self._in = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "img":
            self.images.append(attrs)
        if tag in ("link", "script") and (attrs.get("href") or attrs.get("src")):
            self.links.append(attrs)
        if "id" in attrs:
            self._in = attrs["id"]

    def handle_endtag(self, tag):
        self._in = None

    def handle_data(self, data):
        self.text.append(data)
        if self._in:
            self.ids[self._in] = self.ids.get(self._in, "") + data


def test_report_of_a_shipped_scenario(tmp_path):
    cfg = load_config(["scenario=budget_cuts_2011", "organisation=size_10_25k"])
    summary = write_results(tmp_path, cfg, simulate(cfg))
    assert summary == json.loads((tmp_path / "summary.json").read_text())
    page = Page()
    page.feed((tmp_path / "report.html").read_text())
    text = " ".join(page.text)
    assert len(page.images) == 3
    assert all(img["src"].startswith("data:image/png;base64,") and img.get("alt")
               for img in page.images)
    assert not page.links, "no external files: the report opens from disk"
    week = summary["time_to_adoption_weeks"]
    answer = page.ids["answer"]
    if week is None:
        assert "Not adopted within 520 weeks (10.0 years)" in answer
    else:
        assert f"after {week} weeks" in answer
        assert f"week {summary['plan_delivered_week']}" in answer
    assert f"{summary['final_commitment_share']:.0%}" in text
    assert "cut 2011" in text and "budget cut" in text  # the event table
    top = max((v, k) for k, v in summary["main_resistance_causes"].items()
              if k != "no_resistance")[1]
    assert label(top) in text  # with its Dutch gloss, e.g. "doubt about change (twijfel)"
    assert "committed (verbonden)" in text


def test_report_says_not_adopted_for_a_censored_run(tmp_path):
    cfg = load_config(["organisation=size_lt_10k", "horizon_weeks=30"])
    write_results(tmp_path, cfg, simulate(cfg))
    page = Page()
    page.feed((tmp_path / "report.html").read_text())
    assert page.ids["answer"].startswith("Not adopted within 30 weeks (0.6 years)")


def test_a_scaled_down_plan_is_never_reported_as_simply_adopted():
    from sim.experiments.replicates import run_replicates
    from sim.reporting.outputs import describe
    from sim.reporting.scenario_report import answer

    rows = run_replicates(load_config(["organisation=size_lt_10k", "plan.drop_after_weeks=20",
                                       "plan.capacity=0.06", "leadership.board_commitment=0.9",
                                       "replicates=6"]), {})
    scaled = rows[rows["adopted_plan"] == "scaled_down"]
    assert len(scaled) and (scaled["ambition_scaled_down_week"].notna()).all()
    model = simulate(load_config(["organisation=size_lt_10k", "plan.drop_after_weeks=20",
                                  "plan.capacity=0.06", "leadership.board_commitment=0.9",
                                  f"seed={int(scaled['seed'].iloc[0])}"]))
    summary = model.summary()
    assert summary["adopted_plan"] == "scaled_down"
    text, _ = answer(summary)
    assert text.startswith("A scaled-down plan adopted") and "of the original plan" in text
    assert "scaled-down plan adopted" in describe(summary)
    assert "Plan adopted" not in text and "\nAdopted after" not in describe(summary)
