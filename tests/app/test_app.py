"""The classroom demo's model wrapper and figures, without a browser."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.colors import to_hex

from sim.app.figures import (
    STAGE_COLOURS,
    board_stages,
    layout,
    organisation_figure,
    stage_counts,
    timeline_figure,
)
from sim.model.states import STAGES

pytest.importorskip("solara", reason="the classroom demo's extra (.[app]) is not installed")
from sim.app.classroom import Classroom  # noqa: E402
from sim.app.page import counts_text  # noqa: E402

SMALL = {"size": "size_lt_10k"}


def test_compare_mode_runs_the_same_organisation_under_two_strategies():
    lesson = Classroom(strategy="weten", compare_with="moeten", seed="4", **SMALL)
    a, b = lesson.runs
    assert lesson.titles == ["knowing (weten)", "must (moeten)"]
    assert np.array_equal(a.organisation.role, b.organisation.role)
    assert (a.organisation.ties != b.organisation.ties).nnz == 0
    assert np.array_equal(a.people.stage, b.people.stage)
    for _ in range(30):
        lesson.step()
    assert lesson.week == a.week == b.week == 30
    assert not np.array_equal(a.people.drivers, b.people.drivers)  # they diverge


@pytest.mark.parametrize("field, value, message", [
    ("seed", "abc", "seed='abc' is not allowed: must be a whole number from 0 to 4294967295"),
    ("seed", "-1", "seed='-1' is not allowed"),
    ("staff", "5", "staff='5' is not allowed: must be a whole number from 10 to 5000"),
    ("staff", "lots", "staff='lots' is not allowed"),
])
def test_a_wrong_value_becomes_a_message_not_a_crash(field, value, message):
    lesson = Classroom(**{field: value}, **SMALL)
    assert message in lesson.error
    assert lesson.runs == [] and not lesson.running


def test_event_buttons_strike_next_week_in_every_run():
    lesson = Classroom(compare_with="willen", **SMALL)
    capacity = [run.plan.capacity for run in lesson.runs]
    lesson.step()
    lesson.announce("Budget cut")
    lesson.step()
    for run, before in zip(lesson.runs, capacity, strict=True):
        assert [e["week"] for e in run.event_log] == [2]
        assert run.plan.capacity == pytest.approx(0.75 * before)
    lesson.announce("Election")
    lesson.step()
    assert all(abs(run.board_commitment - 0.2) < 0.15 for run in lesson.runs)


def test_counts_on_the_page_are_the_models():
    lesson = Classroom(**SMALL)
    for _ in range(10):
        lesson.step()
    counts = stage_counts(lesson.runs[0])
    assert sum(counts.values()) == lesson.runs[0].people.size
    assert counts_text(lesson) == "**knowing (weten)**, week 10: " + ", ".join(
        f"{s} {c}" for s, c in counts.items())


def test_layout_gives_everyone_their_own_place_grouped_by_department():
    run = Classroom(**SMALL).runs[0]
    org = run.organisation
    x, y = layout(org, len(run.board_commitments))
    assert len(x) == org.size + len(run.board_commitments)
    assert len(set(zip(x, y, strict=True))) == len(x)
    spans = [(x[:org.size][org.department == d].min(), x[:org.size][org.department == d].max())
             for d in range(org.n_departments)]
    assert all(hi < lo for (_, hi), (lo, _) in zip(spans, spans[1:], strict=False))
    assert (y[org.size:] > y[:org.size].max()).all()  # the board on top


def test_the_organisation_chart_colours_everyone_by_stage():
    lesson = Classroom(compare_with="leren", **SMALL)
    for _ in range(40):
        lesson.step()
    fig = organisation_figure(lesson.runs, lesson.titles, lesson.layouts)
    axes = [ax for ax in fig.axes if ax.collections]
    assert len(axes) == 2
    palette = [c.lower() for c in STAGE_COLOURS.values()]
    for ax, run in zip(axes, lesson.runs, strict=True):
        points = sum(len(c.get_offsets()) for c in ax.collections)
        assert points == run.people.size + len(run.board_commitments)
        shown = [to_hex(c) for coll in ax.collections for c in coll.get_facecolors()]
        staff = [palette[s] for s in run.people.stage]
        # scatter order: employees, key figures, managers, then the board
        order = np.concatenate([np.flatnonzero(run.organisation.role == r) for r in (0, 1, 2)])
        assert shown == [staff[i] for i in order] + [palette[s] for s in board_stages(run)]
        assert f"week {run.week}" in ax.get_title()


def test_the_timeline_shows_the_recorded_shares():
    lesson = Classroom(**SMALL)
    for _ in range(20):
        lesson.step()
    fig = timeline_figure(lesson.runs, lesson.titles)
    stages, causes, plan = fig.axes
    assert [line.get_label() for line in stages.lines] == list(STAGES)
    committed = stages.lines[STAGES.index("commitment")].get_ydata()
    history = lesson.runs[0].history
    assert committed == pytest.approx(100 * (history.stage == 3).mean(axis=1))
    assert len(committed) == 21  # weeks 0..20
    assert len(causes.lines) == 4
    assert [line.get_label() for line in plan.lines] == ["planned", "delivered"]
