"""The classroom demo without a browser: the runs, the levers and events, what the charts
are given to draw, the page's words, lessons and the command's options."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("solara", reason="the classroom demo's extra (.[app]) is not installed")
pytest.importorskip("bqplot", reason="the classroom demo's extra (.[app]) is not installed")

from sim.app import lessons, readout  # noqa: E402
from sim.app.__main__ import check_lessons  # noqa: E402
from sim.app.__main__ import main as app_main  # noqa: E402
from sim.app.charts import OrganisationChart, SharedScales, Timelines  # noqa: E402
from sim.app.classroom import (  # noqa: E402
    EVENTS,
    POSTERIOR_FILE,
    POSTERIOR_VARIABLE,
    Classroom,
    calibration,
    compose,
    scenario_settings,
)
from sim.app.figures import (  # noqa: E402
    board_stages,
    cause_shares,
    layout,
    stage_counts,
    stage_shares,
    years,
)
from sim.config.vocabulary import EVENT_TYPES  # noqa: E402
from sim.model.organisation import Role  # noqa: E402
from sim.reporting.labels import TERMS  # noqa: E402

SMALL = {"organisation": "size_lt_10k"}


def stepped(lesson: Classroom, weeks: int) -> Classroom:
    for _ in range(weeks):
        lesson.step()
    return lesson


def test_compare_mode_runs_the_same_organisation_under_two_strategies():
    lesson = Classroom({"strategy": "weten", "compare_with": "moeten", "seed": "4", **SMALL})
    a, b = lesson.runs
    assert lesson.titles("en") == ["knowing", "must"]
    assert lesson.titles("nl") == ["weten", "moeten"]
    assert np.array_equal(a.organisation.role, b.organisation.role)
    assert (a.organisation.ties != b.organisation.ties).nnz == 0
    assert np.array_equal(a.people.stage, b.people.stage)
    stepped(lesson, 30)
    assert lesson.week == a.week == b.week == 30
    assert not np.array_equal(a.people.drivers, b.people.drivers)  # they diverge


@pytest.mark.parametrize("settings, message", [
    ({"seed": "abc"}, "seed='abc' is not allowed: must be a whole number from 0 to 4294967295"),
    ({"seed": "-1"}, "seed='-1' is not allowed"),
    ({"organisation.staff": "5"}, "organisation.staff='5' is not allowed: must be a whole "
                                  "number from 10 to 5000"),
    ({"organisation.staff": "lots"}, "organisation.staff='lots' is not allowed"),
    ({"forces.urgency": 1.5}, "forces.urgency=1.5 is not allowed: must be a number from 0 to 1"),
    ({"strategy": "shouting"}, "strategy='shouting' is not allowed: the choices are weten"),
    ({"urgency": 0.5}, "'urgency' is not a setting of the page; the settings are scenario"),
])
def test_a_wrong_value_becomes_a_message_not_a_crash(settings, message):
    lesson = Classroom({**settings, **SMALL})
    assert message in lesson.error
    assert lesson.runs == [] and not lesson.running


def test_every_event_type_has_a_button_and_words_in_both_languages():
    assert set(EVENTS) == set(EVENT_TYPES)
    for event in EVENTS:
        assert all(TERMS[event]) and all(TERMS[f"page.{event}"])


def test_every_event_button_strikes_next_week_in_every_run():
    lesson = stepped(Classroom({"compare_with": "willen", **SMALL}), 1)
    capacity = [run.plan.capacity for run in lesson.runs]
    for week, event in enumerate(EVENTS, start=2):
        lesson.announce(event)
        lesson.step()
        for run in lesson.runs:
            assert run.event_log[-1]["week"] == week and run.event_log[-1]["type"] == event
    for run, before in zip(lesson.runs, capacity, strict=True):
        assert run.plan.capacity == pytest.approx(0.75 * before)  # the budget cut
        assert [e["type"] for e in run.event_log] == list(EVENTS)


def test_the_advisers_button_engages_advisers_where_the_scenario_has_none():
    lesson = stepped(Classroom(SMALL), 1)
    run = lesson.runs[0]
    assert run.config.support.capacity > 0 and not run.support_engaged
    lesson.announce("external_support_starts")
    lesson.step()
    assert run.support_engaged


def test_the_levers_reach_the_model():
    settings = {**scenario_settings(), "forces.urgency": 0.9, "leadership.board_commitment": 0.2,
                "resistance_handling.waiting": 0.6, "organisation.key_figure_share": 0.1,
                "organisation.staff": "80", "seed": "7"}
    cfg = compose(settings, "leren")
    assert (cfg.forces.urgency, cfg.leadership.board_commitment, cfg.resistance_handling.waiting,
            cfg.organisation.key_figure_share, cfg.organisation.staff, cfg.seed) == (
        0.9, 0.2, 0.6, 0.1, 80, 7)
    assert cfg.strategy.name == "leren"


def test_a_scenario_sets_the_sliders_and_another_strategy_replaces_its_own_whole():
    settings = scenario_settings("large_city_must")
    assert settings["leadership.board_commitment"] == 0.6
    assert settings["organisation"] == "size_gt_100k" and settings["strategy"] == "mix"
    lesson = Classroom({**settings, "organisation": "size_lt_10k", "strategy": "weten",
                        "compare_with": "mix"})
    knowing, mix = (run.config for run in lesson.runs)
    assert lesson.error is None
    assert knowing.strategy.weights == {} and mix.strategy.weights["moeten"] == 0.7
    assert knowing.plan.theme == mix.plan.theme == "base_registries"


def test_counts_on_the_page_are_the_models():
    run = stepped(Classroom(SMALL), 10).runs[0]
    counts = stage_counts(run)
    assert sum(counts.values()) == run.people.size
    assert list(counts.values()) == [int((run.people.stage == s).sum()) for s in range(4)]


@pytest.mark.parametrize("aspect", [4.0, 2.0])
def test_layout_gives_everyone_their_own_place_grouped_by_department(aspect):
    run = Classroom(SMALL).runs[0]
    org = run.organisation
    x, y = layout(org, len(run.board_commitments), aspect)
    assert len(x) == org.size + len(run.board_commitments)
    assert len(set(zip(x, y, strict=True))) == len(x)
    spans = [(x[:org.size][org.department == d].min(), x[:org.size][org.department == d].max())
             for d in range(org.n_departments)]
    assert all(hi < lo for (_, hi), (lo, _) in zip(spans, spans[1:], strict=False))
    assert (y[org.size:] > y[:org.size].max()).all()  # the board on top


def test_a_wider_chart_gets_a_wider_layout():
    org, board = Classroom(SMALL).runs[0].organisation, 5
    wide, narrow = (layout(org, board, aspect) for aspect in (6.0, 1.5))
    assert np.ptp(wide[0]) / np.ptp(wide[1]) > np.ptp(narrow[0]) / np.ptp(narrow[1])


def test_the_organisation_chart_colours_everyone_by_stage_and_shapes_them_by_role():
    lesson = stepped(Classroom({"compare_with": "leren", **SMALL}), 40)
    for run in lesson.runs:
        chart = OrganisationChart(run, 440, 200)
        chart.show(run)
        n = run.organisation.size
        assert np.array_equal(chart.everyone.color, run.people.stage)
        assert np.array_equal(chart.everyone.x, chart.x[:n])
        for role, marker in ((Role.KEY_FIGURE, "diamond"), (Role.MANAGER, "square")):
            who = np.flatnonzero(run.organisation.role == role)
            mark = chart.roles[role]
            assert mark.marker == marker
            assert np.array_equal(mark.color, run.people.stage[who])
            assert np.array_equal(mark.x, chart.x[who]) and np.array_equal(mark.y, chart.y[who])
        assert np.array_equal(chart.board.color, board_stages(run))
        assert np.array_equal(chart.board.x, chart.x[n:])


def test_key_figures_marks_follow_turnover():
    run = Classroom(SMALL).runs[0]
    chart = OrganisationChart(run, 900, 220)
    chart.show(run)
    run.announce("more", EVENTS["key_figures_arrive"])
    run.step()
    chart.show(run)
    who = np.flatnonzero(run.organisation.role == Role.KEY_FIGURE)
    assert len(chart.roles[Role.KEY_FIGURE].x) == len(who)
    assert np.array_equal(chart.roles[Role.KEY_FIGURE].x, chart.x[who])


def test_the_timelines_show_the_recorded_shares_and_mark_the_events_where_they_struck():
    lesson = stepped(Classroom({"compare_with": "moeten", **SMALL}), 5)
    lesson.announce("budget_cut")
    stepped(lesson, 5)
    lesson.announce("quick_win")
    lesson.announce("election")
    stepped(lesson, 10)
    scales = SharedScales()
    panels = [Timelines(scales, "200px") for _ in lesson.runs]
    scales.follow(lesson.runs)
    for run, timelines in zip(lesson.runs, panels, strict=True):
        timelines.show(run)
        assert timelines.stages.lines.y == pytest.approx(stage_shares(run).T)
        assert len(timelines.stages.lines.x) == 21  # weeks 0..20
        causes = cause_shares(run)
        assert timelines.causes.lines.y == pytest.approx(causes[:, timelines.shown_causes].T)
        assert causes[-1, timelines.shown_causes[0]] == causes[-1].max()
        x = years(run)
        for timeline in (timelines.stages, timelines.causes, timelines.plan):
            assert timeline.marks.x[:, 0] == pytest.approx([x[6], x[11], x[11]])
            assert timeline.numbers.x == pytest.approx([x[6], x[11]])
            assert list(timeline.numbers.text) == ["1", "2,3"]  # one label for a week
            close = np.array([2009.0, 2009.02, 2009.04, 2009.06, 2010.0, 2010.5, 2010.51])
            assert timeline._labels(close) == ([2009.0, 2010.0, 2010.5], ["1-4", "5", "6,7"])
            assert timeline.marks.visible
    a, b = panels
    assert a.stages.lines.scales["x"] is b.plan.lines.scales["x"]  # shared axes
    assert a.causes.lines.scales["y"] is b.causes.lines.scales["y"]


def test_the_calendar_axis_runs_from_the_plans_start():
    lesson = stepped(Classroom(SMALL), 120)
    scales = SharedScales()
    scales.follow(lesson.runs)
    assert scales.years.min == 2009.0 and scales.years.max == 2012.0


@pytest.mark.parametrize("language, text", [("en", "27 August 2009"),
                                            ("nl", "27 augustus 2009")])
def test_a_week_is_shown_with_its_date(language, text):
    run = Classroom(SMALL).runs[0]
    assert readout.when(run, 34, language) == text


def test_the_difference_line_says_how_far_one_strategy_trails():
    lesson = stepped(Classroom({"strategy": "leren", "compare_with": "weten", **SMALL,
                                "leadership.board_commitment": 0.8}), 120)
    slow, fast = lesson.runs
    assert slow.committed_share < fast.committed_share  # learning is slower here (5% vs 33%)
    reached = int(np.argmax(fast.history.committed_share() >= slow.committed_share))
    assert readout.difference(lesson, "en") == (
        f"learning and discovering is {120 - reached} weeks behind knowing: knowing had "
        f"{round(100 * slow.committed_share)}% committed in week {reached}")
    assert readout.difference(lesson, "nl").startswith(
        f"leren en ontdekken loopt {120 - reached} weken achter op weten")


def test_struck_events_are_listed_with_their_week_and_date():
    lesson = stepped(Classroom(SMALL), 3)
    lesson.announce("merger")
    lesson.step()
    assert readout.struck(lesson.runs[0], "en") == ["1. week 4 (29 January 2009): merger"]
    assert readout.struck(lesson.runs[0], "nl") == ["1. week 4 (29 januari 2009): fusie"]


def test_the_page_runs_on_the_shipped_posterior_unless_told_none(monkeypatch):
    monkeypatch.delenv(POSTERIOR_VARIABLE, raising=False)
    assert calibration() == POSTERIOR_FILE and POSTERIOR_FILE.is_file()
    lesson = Classroom(SMALL)
    assert "posterior_particle" in lesson.drawn
    assert readout.calibration_note(lesson, str(calibration()), "en").startswith(
        f"Calibrated: parameters drawn from {POSTERIOR_FILE}")
    monkeypatch.setenv(POSTERIOR_VARIABLE, "none")
    lesson = Classroom(SMALL)
    assert calibration() is None and lesson.drawn == {}
    assert readout.calibration_note(lesson, None, "en").startswith("Not calibrated")


def test_a_posterior_runs_both_panels_on_one_particle(monkeypatch, tmp_path):
    posterior = tmp_path / "posterior.csv"
    posterior.write_text("dynamics.forward_rate,plan.capacity,weight\n0.02,0.05,0.0\n"
                         "0.06,0.2,1.0\n")
    monkeypatch.setenv(POSTERIOR_VARIABLE, str(posterior))
    lesson = Classroom({"compare_with": "moeten", **SMALL})
    assert lesson.drawn["posterior_particle"] == 1
    for run in lesson.runs:
        assert (run.config.dynamics.forward_rate, run.config.plan.capacity) == (0.06, 0.2)
    assert readout.calibration_note(lesson, str(posterior), "en") == (
        f"Calibrated: parameters drawn from {posterior} (particle 1)")


def test_the_shipped_lesson_plays_its_steps():
    found, problems = lessons.load_all(lessons.LESSON_DIR)
    assert problems == [] and found
    for lesson in found:
        for step in range(len(lesson.steps)):
            classroom = Classroom(lesson.settings(step))
            assert classroom.error is None, (lesson.name, step, classroom.error)
            assert all(lesson.steps[step].say.values())
    first = found[0]
    assert first.settings(1)["leadership.board_commitment"] == 0.9
    assert first.settings(0)["seed"] == first.settings(1)["seed"]  # the same organisation


GOOD_STEP = "  - say: Watch denial.\n    settings: {strategy: weten}\n"


@pytest.mark.parametrize("text, problem", [
    ("title: x\nsteps: [\n", "is not valid YAML on line 3"),
    ("title: x\n", "is not a lesson: must be a mapping with a title and steps, not the keys "
                   "title"),
    ("title: x\nsteps: []\n", "steps must be a list of at least one step"),
    ("title: x\nsteps:\n  - settings: {strategy: weten}\n", "step 1 has the keys settings; "
                                                             "a step has say (required)"),
    ("title: x\nsteps:\n" + GOOD_STEP + "  - say: Now this.\n    settings: {urgency: 2}\n",
     "step 2: 'urgency' is not a setting of the page"),
    ("title: x\nsteps:\n  - say: x\n    settings: {forces.urgency: high}\n",
     "step 1: forces.urgency='high' is not allowed: must be a number from 0 to 1"),
    ("title: {en: x}\nsteps:\n" + GOOD_STEP, "title must be a sentence, or one per language "
                                             "(en, nl)"),
])
def test_a_malformed_lesson_is_named_with_what_is_wrong(tmp_path, capsys, text, problem):
    (tmp_path / "good.yaml").write_text("title: Fine\nsteps:\n" + GOOD_STEP)
    (tmp_path / "bad.yaml").write_text(text)
    found, problems = lessons.load_all(tmp_path)
    assert [lesson.name for lesson in found] == ["good"]
    (message,) = problems
    assert message.startswith(f"lesson file {tmp_path / 'bad.yaml'} ") and problem in message
    check_lessons(tmp_path)  # what python -m sim.app prints in the terminal
    err = capsys.readouterr().err
    assert problem in err and f"Lessons: 1 in {tmp_path}, 1 not usable" in err


@pytest.mark.parametrize("argv, message", [
    (["--lessons", "/nowhere"], "argument --lessons: '/nowhere' is not a directory"),
    (["--posterior", "/nowhere.csv"], "Error: posterior file /nowhere.csv does not exist"),
])
def test_the_command_checks_its_options(capsys, argv, message):
    with pytest.raises(SystemExit) as stop:
        app_main(argv)
    assert stop.value.code == 2
    assert message in capsys.readouterr().err
