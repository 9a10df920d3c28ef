"""The scenario schema: defaults load, and every kind of bad value is refused clearly."""

from __future__ import annotations

import pytest
from hydra.errors import ConfigCompositionException

from sim.config.compose import load_config
from sim.config.errors import ConfigError
from sim.config.schema import SimConfig


def test_default_scenario_loads_with_documented_values():
    cfg = load_config()
    assert isinstance(cfg, SimConfig)
    assert cfg.strategy.name == "weten"
    assert cfg.organisation.size_class == "25-50k"
    assert cfg.horizon_weeks == 520
    assert cfg.resistance_handling.conversation == 0.8  # survey figure 15


@pytest.mark.parametrize("size", ["size_lt_10k", "size_10_25k", "size_25_50k",
                                  "size_50_100k", "size_gt_100k"])
def test_every_size_class_loads(size):
    assert load_config([f"organisation={size}"]).organisation.staff > 0


@pytest.mark.parametrize("strategy", ["weten", "moeten", "willen", "leren", "mix", "none"])
def test_every_strategy_loads(strategy):
    assert load_config([f"strategy={strategy}"]).strategy.name == strategy


@pytest.mark.parametrize("override, key, allowed", [
    ("leadership.board_commitment=1.5", "leadership.board_commitment", "at most 1.0"),
    ("organisation.staff=-5", "organisation.staff", "at least 2"),
    ("organisation.key_figure_share=1.2", "organisation.key_figure_share", "at most 1.0"),
    ("forces.urgency=-0.1", "forces.urgency", "at least 0.0"),
    ("adoption.scope=everyone", "adoption.scope", "organisation, every_department"),
    ("organisation.size_class=huge", "organisation.size_class", "<10k"),
    ("organisation.departments=200", "organisation.departments", "at most half"),
    # model v2's settings
    ("organisation.knowledge=1.5", "organisation.knowledge", "at most 1.0"),
    ("organisation.turnover_per_year=-0.1", "organisation.turnover_per_year", "at least 0.001"),
    ("organisation.turnover_per_year=2.0", "organisation.turnover_per_year", "at most 0.5"),
    ("organisation.new_hires_leaving_within_3_years=1.2",
     "organisation.new_hires_leaving_within_3_years", "at most 0.95"),
    ("coordinator.quality=1.1", "coordinator.quality", "at most 1.0"),
    ("support.capacity=-0.2", "support.capacity", "at least 0.0"),
    ("plan.visible_result=3", "plan.visible_result", "at most 1.0"),
    ("plan.training_hours=1.5", "plan.training_hours", "at most 1.0"),
    ("plan.rollout=slowly", "plan.rollout", "big_bang, stepwise"),
    ("plan.start_date=2009-13-01", "plan.start_date", "YYYY-MM-DD"),
    ("plan.national_blocks.bag.available=soon", "plan.national_blocks.bag.available",
     "YYYY-MM-DD"),
    ("plan.projects.base_registries.national_block=brp",
     "plan.projects.base_registries.national_block", "bag, wabo, digid"),
    ("dynamics.commitment_fade=-1", "dynamics.commitment_fade", "at least 0.0"),
    ("dynamics.key_figure_influence=0.5", "dynamics.key_figure_influence", "at least 1.0"),
])
def test_out_of_range_names_key_value_and_rule(override, key, allowed):
    with pytest.raises(ConfigError) as err:
        load_config([override])
    message = str(err.value)
    assert key in message
    assert override.split("=")[1] in message
    assert allowed in message


def test_unknown_key_is_refused():
    with pytest.raises(ConfigCompositionException, match="leadership.boardcommitment"):
        load_config(["leadership.boardcommitment=0.5"])


def test_wrong_type_is_refused():
    with pytest.raises(ConfigCompositionException, match="board_commitment"):
        load_config(["leadership.board_commitment=high"])


def test_wrong_strategy_name_lists_the_options():
    with pytest.raises(ConfigCompositionException) as err:
        load_config(["strategy=wetten"])
    assert "strategy/wetten" in str(err.value)


def test_unknown_cause_in_a_strategy_is_refused():
    with pytest.raises(ConfigError, match=r"strategy.forms.inform.effects.boredom.*known causes"):
        load_config(["+strategy.forms.inform.effects.boredom=0.1"])


def test_mix_weight_for_unknown_part_is_refused():
    with pytest.raises(ConfigError, match=r"strategy.weights.chaos.*parts: weten"):
        load_config(["strategy=mix", "+strategy.weights.chaos=0.5"])


def test_mix_without_positive_weight_is_refused():
    with pytest.raises(ConfigError, match="a mix needs a positive weight"):
        load_config(["strategy=mix", "strategy.weights={weten: 0, moeten: 0, willen: 0, leren: 0}"])


@pytest.mark.parametrize(("override", "key", "allowed"), [
    ("strategy.forms.inform.weight=-0.3", "strategy.forms.inform.weight", "at least 0.0"),
    ("strategy.forms.inform.stage_push=7", "strategy.forms.inform.stage_push", "at most 1.0"),
    ("strategy.forms.inform.works_below_resistance=0",
     "strategy.forms.inform.works_below_resistance", "at least 0.01"),
    ("strategy.forms.inform.channel=email", "strategy.forms.inform.channel",
     "one of programme, manager, key_figures"),
])
def test_strategy_forms_are_validated_like_every_setting(override, key, allowed):
    with pytest.raises(ConfigError) as err:
        load_config([override])
    assert key in str(err.value) and allowed in str(err.value)


def test_forms_of_a_mix_part_are_validated():
    with pytest.raises(ConfigError, match="strategy.parts.weten.forms.inform.weight"):
        load_config(["strategy=mix", "strategy.parts.weten.forms.inform.weight=-1"])


def test_size_classes_are_the_vocabulary_and_the_organisation_configs():
    from sim.config.paths import CONFIG_DIR
    from sim.config.vocabulary import SIZE_CLASSES

    shipped = sorted(p.stem for p in (CONFIG_DIR / "organisation").glob("size_*.yaml"))
    assert shipped == sorted(SIZE_CLASSES)
    for name, label in SIZE_CLASSES.items():
        assert load_config([f"organisation={name}"]).organisation.size_class == label


@pytest.mark.parametrize("overrides, message", [
    (["organisation.turnover_per_year=0.5", "organisation.new_hires_leaving_within_3_years=0"],
     "needs more newcomers than there are staff"),
    (["+plan.order.base_registries=[base_registries, brp]"], "not a project of the plan"),
    (["+events.x={type: national_delay, week: 5, weeks: 10, block: brp}"],
     "must be a national building block of the plan"),
    (["+events.x={type: external_support_starts, week: 5}"], "set what the advisers bring"),
    (["+events.x={type: coordinator_leaves, week: 5}"], "vacant for at least a week"),
    (["+events.x={type: coordinator_leaves, week: 5, weeks: 4, quality: 2}"],
     "events.x.quality=2.0 is not allowed"),
])
def test_inconsistent_v2_settings_are_refused_clearly(overrides, message):
    with pytest.raises(ConfigError, match=message):
        load_config(overrides)
