"""The shipped scenario as an ensemble, reported in both languages, once for the report's
tests; and a report as a reader sees it."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from sim.config.compose import load_config
from sim.reporting.outputs import write_ensemble

SCENARIO = "willing_but_unable"  # a shipped scenario: 60 staff, most futures adopt
RUNS = 20


class Page(HTMLParser):
    """A report as a reader sees it: all text, the text of each element with an id, its
    tables (rows of cell texts), images and external links."""

    def __init__(self, text: str):
        super().__init__()
        self.images, self.links, self.text, self.ids, self.tables = [], [], [], {}, []
        self._ids, self._row = [], None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "img":
            self.images.append(attrs)
        if tag in ("link", "script") and (attrs.get("href") or attrs.get("src")):
            self.links.append(attrs)
        if tag == "table":
            self.tables.append([])
        if tag == "tr":
            self._row = []
            self.tables[-1].append(self._row)
        if tag in ("td", "th"):
            self._row.append("")
        self._ids.append(attrs.get("id"))

    def handle_endtag(self, tag):
        if self._ids:
            self._ids.pop()

    def handle_data(self, data):
        self.text.append(data)
        for ident in filter(None, self._ids):
            self.ids[ident] = self.ids.get(ident, "") + data
        if self._row is not None and self._row and self.lasttag in ("td", "th"):
            self._row[-1] += data

    @property
    def all_text(self) -> str:
        return " ".join(self.text)

    def table_with(self, header: str) -> list[list[str]]:
        return next(t for t in self.tables if header in t[0])


def run_ensemble(tmp_path, *overrides, language="en"):
    cfg = load_config([f"scenario={SCENARIO}", f"replicates={RUNS}",
                       f"report.language={language}", *overrides], scenario_run=True)
    summary = write_ensemble(tmp_path, cfg, {}, SCENARIO)
    return cfg, summary


@pytest.fixture(scope="session")
def reports(tmp_path_factory):
    """The shipped scenario as an ensemble, reported in English and in Dutch."""
    out = {}
    for language in ("en", "nl"):
        run_dir = tmp_path_factory.mktemp(language)
        cfg, summary = run_ensemble(run_dir, language=language)
        out[language] = (run_dir, cfg, summary, Page((run_dir / "report.html").read_text()))
    return out
