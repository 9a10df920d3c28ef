"""The survey file is read once and checked: figures as fractions, or a clear error."""

from __future__ import annotations

import pytest
import yaml

from sim.calibration.survey import MENTIONS, STRATEGIES, SURVEY_FILE, SurveyError, load_survey
from sim.config.errors import ConfigError


def test_the_shipped_survey_reads_as_fractions():
    survey = load_survey()
    assert survey.invited == 431 and survey.responses == 126
    assert survey.strategy_shares == pytest.approx(
        {"weten": 0.39, "moeten": 0.27, "willen": 0.13, "leren": 0.21})
    assert survey.on_schedule == 0.66 and survey.less_ambitious == 0.27
    assert survey.cannot_implement == 0.40 and survey.budget_decreased == 0.13
    assert [c.stops_plan for c in survey.budget_cuts] == [False, False, False, True]
    # figure 14 without "other": every column a distribution over the model's mentions
    assert list(survey.causes.index) == list(MENTIONS)
    assert list(survey.causes.columns) == list(STRATEGIES)
    assert survey.causes.sum().to_numpy() == pytest.approx([1.0] * 4)
    # the leren column sums to 99, of which "other" 6
    assert survey.causes.at["doubt_about_change", "leren"] == pytest.approx(21 / 93)


def _broken(tmp_path, change):
    data = yaml.safe_load(SURVEY_FILE.read_text())
    change(data)
    path = tmp_path / "survey.yaml"
    path.write_text(yaml.safe_dump(data))
    return path


@pytest.mark.parametrize("change, message", [
    (lambda d: d["change_strategy_share"].update(weten=140),
     "change_strategy_share.weten=140 is not allowed: must be a percentage"),
    (lambda d: d["execution_on_schedule"].update(on_schedule=46),
     "execution_on_schedule sums to 80, not about 100"),
    (lambda d: d["resistance_causes_by_strategy"]["rows"]["doubt_about_change"].__setitem__(
        1, 7), "resistance_causes_by_strategy column moeten sums to 87"),
    (lambda d: d["resistance_causes_by_strategy"]["rows"].pop("unfamiliarity"),
     "must include unfamiliarity"),
    (lambda d: d.pop("leading_theme_share"), "leading_theme_share is missing"),
    (lambda d: d["change_strategy_share"].update(weten="many"),
     "change_strategy_share.weten='many' is not allowed"),
    (lambda d: d["source"].update(responses=500), "source.responses=500 is not allowed"),
    (lambda d: d["budget_2011"]["size_of_decrease_among_decreased"][0].update(range="lots"),
     "range='lots' is not allowed"),
])
def test_a_wrong_figure_is_named_with_its_value_and_the_rule(tmp_path, change, message):
    path = _broken(tmp_path, change)
    with pytest.raises(SurveyError) as err:
        load_survey(path)
    assert message in str(err.value)
    assert str(path) in str(err.value)


def test_malformed_yaml_and_missing_files_are_clear_errors(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("source: [unclosed\n")
    with pytest.raises(ConfigError, match="survey file .*bad.yaml is not valid YAML on line 2"):
        load_survey(bad)
    with pytest.raises(ConfigError, match="survey file .*missing.yaml does not exist"):
        load_survey(tmp_path / "missing.yaml")
