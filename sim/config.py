"""The scenario schema: every knob of a run, its type and its allowed range, in one place.

The values live in YAML under ``configs/`` (with their sources); this module only
says what is allowed. Hydra checks keys and types against these dataclasses when it
composes a config, and :func:`validate` checks ranges and names, so a wrong scenario
fails before anything runs, with a message naming the key, the value and what is
allowed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import Any

from hydra.core.config_store import ConfigStore
from omegaconf import MISSING, DictConfig, OmegaConf

from sim.states import CAUSES

SIZE_CLASSES = ("<10k", "10-25k", "25-50k", "50-100k", ">100k")
CHANNELS = ("programme", "manager", "key_figures")
ADOPTION_SCOPES = ("organisation", "every_department")
# What departments do, in the order they are founded: small municipalities merge the
# later functions into the earlier departments (function k goes to department k mod D).
FUNCTIONS = ("public_services", "spatial_affairs", "operations", "social_affairs",
             "management_support")
THEMES = ("service_delivery_kcc", "case_based_work_digitisation", "base_registries",
          "architecture_information_management", "programme_or_project_work", "other")
EVENT_TYPES = ("budget_cut", "national_delay", "election", "merger", "key_figures_leave",
               "key_figures_arrive", "quick_win")

CONFIG_DIR = Path(__file__).resolve().parent.parent / "configs"


class ConfigError(ValueError):
    """A scenario value that is not allowed; the message names key, value and rule."""


def unit(default: Any = MISSING) -> Any:
    return field(default=default, metadata={"range": (0.0, 1.0)})


def bounded(lo: float, hi: float = math.inf, default: Any = MISSING) -> Any:
    return field(default=default, metadata={"range": (lo, hi)})


def _choice(choices: tuple[str, ...], default: Any = MISSING) -> Any:
    return field(default=default, metadata={"choices": choices})


@dataclass
class OrganisationConfig:
    """Who works in the municipality and how they are connected."""

    size_class: str = _choice(SIZE_CLASSES)
    staff: int = bounded(2, 200_000)
    departments: int = bounded(1, 500)
    span_of_control: int = bounded(2, 100)
    board_size: int = bounded(1, 50)
    key_figure_share: float = unit()
    colleague_ties: int = bounded(2, 50)
    key_figure_ties: int = bounded(0, 200)
    cross_department_share: float = unit()
    tenure_mean_years: float = bounded(0.5, 45)
    workload: float = bounded(0.0, 2.0)
    past_change_failures: float = unit()


@dataclass
class ProjectConfig:
    """One project of the realisation plan (KCC, base registries, permit law, ...)."""

    label: str = ""
    effort: float = bounded(0.0, 1000.0)  # person-weeks per member of staff involved
    functions: list[str] = field(default_factory=lambda: ["all"])
    start_week: int = bounded(0, 5200, default=0)
    end_week: int = bounded(1, 5200)
    national_block: str = ""  # national building block it waits for, "" for none


@dataclass
class PlanConfig:
    """The realisation plan: projects on a schedule, and the capacity freed for them."""

    theme: str = _choice(THEMES)
    ambition: float = bounded(0.0, 10.0)
    capacity: float = unit()
    replacement: float = unit()
    schedule_tolerance: float = unit()
    drop_after_weeks: int = bounded(1, 5200)
    stop_above_cut: float = unit()
    projects: dict[str, ProjectConfig] = field(default_factory=dict)


@dataclass
class EventConfig:
    """Something that happens to the municipality, at a set week or by chance."""

    type: str = _choice(EVENT_TYPES)
    week: int | None = None
    chance_per_year: float | None = None
    size: float = unit(default=0.0)
    weeks: int = bounded(0, 5200, default=0)
    block: str = ""
    count: int = bounded(0, 100_000, default=0)
    board_commitment: float | None = None


@dataclass
class LeadershipConfig:
    """Visible commitment of the board (college and top management) and of middle managers."""

    board_commitment: float = unit()
    middle_management_commitment: float = unit()


@dataclass
class ForcesConfig:
    """The five forces of a change (Mars); each in [0, 1]."""

    urgency: float = unit()
    ambition: float = unit()
    planning: float = unit()
    interaction: float = unit()
    leadership: float = unit()


@dataclass
class ResistanceHandlingConfig:
    """How the organisation handles resistance once it shows (survey figure 15)."""

    conversation: float = unit()
    observation: float = unit()
    waiting: float = unit()
    cooling_off_weeks: int = bounded(0, 520)


@dataclass
class AdoptionConfig:
    """When the plan counts as adopted by the organisation."""

    committed_share: float = unit()
    scope: str = _choice(ADOPTION_SCOPES)
    sustain_weeks: int = bounded(1, 520)


@dataclass
class InteractionForm:
    """One interaction form of a strategy (e.g. 'convince') and what it does to people."""

    weight: float = bounded(0.0, default=0.0)
    channel: str = _choice(CHANNELS, default="programme")
    effects: dict[str, float] = field(default_factory=dict)
    stage_push: float = bounded(-1.0, 1.0, default=0.0)
    works_below_resistance: float = bounded(0.01, 1.0, default=1.0)
    backfire_above: dict[str, float] = field(default_factory=dict)
    pressure: bool = False
    paid: bool = False  # costs money (rewards): budget cuts hit it in proportion


@dataclass
class StrategyProfile:
    """A named change strategy: the interaction forms it uses and their effects."""

    name: str = MISSING
    label: str = ""
    description: str = ""
    forms: dict[str, InteractionForm] = field(default_factory=dict)


@dataclass
class StrategyConfig(StrategyProfile):
    """A single profile, or a weighted mix of profiles (``parts`` with ``weights``)."""

    parts: dict[str, StrategyProfile] = field(default_factory=dict)
    weights: dict[str, float] = field(default_factory=dict)


@dataclass
class DynamicsConfig:
    """Rates and weights of the weekly update; the model's free parameters (docs/model.md)."""

    forward_rate: float = unit()
    back_rate: float = unit()
    awareness_rate: float = unit()
    slope: float = bounded(0.1, 100.0)
    resistance_peak_weight: float = unit()
    explore_threshold: float = bounded(-1.0, 1.0)
    commit_threshold: float = bounded(-1.0, 1.0)
    relapse_threshold: float = bounded(-1.0, 1.0)
    support_board: float = bounded(0.0)
    support_manager: float = bounded(0.0)
    support_colleagues: float = bounded(0.0)
    support_openness: float = bounded(0.0)
    support_urgency: float = bounded(0.0)
    support_ambition: float = bounded(0.0)
    strategy_strength: float = bounded(0.0, 10.0)
    key_figure_reach: float = bounded(0.0, 10.0)
    social_influence: float = unit()
    baseline_return: float = unit()
    doubt_rate: float = unit()
    doubt_leadership: float = unit()
    doubt_urgency: float = unit()
    doubt_evidence: float = unit()
    evidence_memory_weeks: float = bounded(1.0, 520.0)
    threat_rate: float = unit()
    uncertainty_rate: float = unit()
    uncertainty_ambition: float = unit()
    grievance_acknowledge_rate: float = unit()
    grievance_heal_rate: float = unit()
    grievance_reactivation: float = unit()
    distrust_from_grievances: float = unit()
    practice_rate: float = unit()
    teething_rate: float = unit()
    maturity_rate: float = unit()
    nuisance_rate: float = unit()
    conversation_effect: float = unit()
    observation_effect: float = unit()
    waiting_effect: float = unit()
    interaction_quality: float = unit()
    overload_penalty: float = bounded(0.0, 10.0)
    main_cause_threshold: float = unit()
    delay_erosion: float = unit()
    merger_distraction: float = unit()
    merger_threat: float = unit()


@dataclass
class OutputConfig:
    """What a run writes besides the summary."""

    figures: bool = True
    timeseries: bool = True


@dataclass
class SensitivityConfig:
    """A global sensitivity analysis (SALib): which parameters vary, over what, how sampled.

    Empty ``parameters`` means no analysis. A job runs the sample points whose index
    modulo ``chunks`` is ``chunk``, so a sweep over ``chunk`` spreads them over jobs.
    """

    method: str = _choice(("morris", "sobol"), default="morris")
    parameters: dict[str, list[float]] = field(default_factory=dict)  # dotted key: [low, high]
    samples: int = bounded(1, 100_000, default=10)  # Morris trajectories, or Sobol base samples
    levels: int = bounded(2, 100, default=4)  # Morris grid levels
    sample_seed: int = bounded(0, 2**32 - 1, default=0)
    chunks: int = bounded(1, 100_000, default=1)
    chunk: int = bounded(0, 100_000, default=0)


@dataclass
class SimConfig:
    """A whole scenario: one municipality, its strategy and leadership, over a horizon."""

    seed: int = bounded(0, 2**32 - 1, default=0)
    replicates: int = bounded(1, 1_000_000, default=1)  # seeded runs per job (sim/sweep.py)
    horizon_weeks: int = bounded(1, 5200, default=520)
    stop_at_adoption: bool = False
    organisation: OrganisationConfig = field(default_factory=OrganisationConfig)
    strategy: StrategyConfig = field(default_factory=StrategyConfig)
    leadership: LeadershipConfig = field(default_factory=LeadershipConfig)
    forces: ForcesConfig = field(default_factory=ForcesConfig)
    resistance_handling: ResistanceHandlingConfig = field(
        default_factory=ResistanceHandlingConfig
    )
    adoption: AdoptionConfig = field(default_factory=AdoptionConfig)
    plan: PlanConfig = field(default_factory=PlanConfig)
    # name -> EventConfig. Typed loosely so that events can be added on the command
    # line (+events.cut={type: budget_cut, week: 150, size: 0.2}); to_sim_config
    # turns each into an EventConfig with the same checks.
    events: dict[str, Any] = field(default_factory=dict)
    dynamics: DynamicsConfig = field(default_factory=DynamicsConfig)
    output: OutputConfig = field(default_factory=OutputConfig)
    sensitivity: SensitivityConfig = field(default_factory=SensitivityConfig)
    posterior: str | None = None  # a calibration's posterior.csv: parameters drawn per run


def register() -> None:
    """Register the schema with Hydra so composition checks keys and types against it."""
    cs = ConfigStore.instance()
    cs.store(name="sim_schema", node=SimConfig)


def _fail(path: str, value: Any, rule: str) -> None:
    raise ConfigError(f"{path}={value!r} is not allowed: {rule}")


def _check_field(path: str, value: Any, meta: dict) -> None:
    if "range" in meta:
        lo, hi = meta["range"]
        if isinstance(value, float) and not math.isfinite(value):
            _fail(path, value, "must be a finite number")
        if not lo <= value <= hi:
            upper = "" if hi == math.inf else f", at most {hi}"
            _fail(path, value, f"must be at least {lo}{upper}")
    if "choices" in meta and value not in meta["choices"]:
        _fail(path, value, f"must be one of {', '.join(meta['choices'])}")


def _check_causes(path: str, mapping: dict[str, float], lo: float, hi: float) -> None:
    for cause, v in mapping.items():
        if cause not in CAUSES:
            _fail(f"{path}.{cause}", v, f"unknown cause; known causes: {', '.join(CAUSES)}")
        if not lo <= v <= hi:
            _fail(f"{path}.{cause}", v, f"must be between {lo} and {hi}")


def _check_profile(path: str, profile: StrategyProfile) -> None:
    for name, form in profile.forms.items():
        _check_causes(f"{path}.forms.{name}.effects", form.effects, -1.0, 1.0)
        _check_causes(f"{path}.forms.{name}.backfire_above", form.backfire_above, 0.0, 1.0)
        for cause, threshold in form.backfire_above.items():
            if form.effects.get(cause, 0.0) >= 0:
                _fail(f"{path}.forms.{name}.backfire_above.{cause}", threshold,
                      "a form can only backfire on a driver it lowers (a negative effect)")
    if profile.forms and sum(f.weight for f in profile.forms.values()) <= 0:
        _fail(f"{path}.forms", "all weights 0", "at least one form needs a positive weight")


def _check_strategy(path: str, strategy: StrategyConfig) -> None:
    _check_profile(path, strategy)
    for name, part in strategy.parts.items():
        _check_profile(f"{path}.parts.{name}", part)
    for name, w in strategy.weights.items():
        if name not in strategy.parts:
            allowed = ", ".join(strategy.parts) or "none (this strategy has no parts to mix)"
            _fail(f"{path}.weights.{name}", w, f"not a part of this mix; parts: {allowed}")
        if not 0 <= w <= 1e6:
            _fail(f"{path}.weights.{name}", w, "must be a non-negative weight")
    if strategy.parts and strategy.forms:
        _fail(f"{path}.forms", list(strategy.forms), "a mix takes its forms from its parts")
    if strategy.parts and sum(strategy.weights.values()) <= 0:
        _fail(f"{path}.weights", dict(strategy.weights), "a mix needs a positive weight")


def _check_plan(plan: PlanConfig) -> None:
    for name, project in plan.projects.items():
        path = f"plan.projects.{name}"
        validate(project, path)
        for function in project.functions:
            if function != "all" and function not in FUNCTIONS:
                _fail(f"{path}.functions", function,
                      f"must be 'all' or one of {', '.join(FUNCTIONS)}")
        if project.end_week <= project.start_week:
            _fail(f"{path}.end_week", project.end_week,
                  f"must come after start_week ({project.start_week})")


def _check_events(cfg: SimConfig) -> None:
    blocks = sorted({p.national_block for p in cfg.plan.projects.values() if p.national_block})
    for name, event in cfg.events.items():
        path = f"events.{name}"
        validate(event, path)
        if (event.week is None) == (event.chance_per_year is None):
            _fail(path, f"week={event.week}, chance_per_year={event.chance_per_year}",
                  "give either a week or a chance_per_year")
        if event.week is not None and not 1 <= event.week <= cfg.horizon_weeks:
            _fail(f"{path}.week", event.week,
                  f"must be within the horizon, 1 to {cfg.horizon_weeks}")
        if event.chance_per_year is not None and not 0 < event.chance_per_year <= 1:
            _fail(f"{path}.chance_per_year", event.chance_per_year, "must be in (0, 1]")
        if event.type in ("budget_cut", "quick_win") and event.size <= 0:
            _fail(f"{path}.size", event.size, f"a {event.type} needs a size in (0, 1]")
        if event.type in ("national_delay", "merger") and event.weeks <= 0:
            _fail(f"{path}.weeks", event.weeks, f"a {event.type} needs a duration in weeks")
        if event.type == "national_delay" and event.block not in blocks:
            _fail(f"{path}.block", event.block,
                  f"must be a national building block of the plan: {', '.join(blocks) or 'none'}")
        if event.type.startswith("key_figures") and event.count <= 0:
            _fail(f"{path}.count", event.count, "must be at least 1")
        if event.board_commitment is not None and not 0 <= event.board_commitment <= 1:
            _fail(f"{path}.board_commitment", event.board_commitment, "must be in [0, 1]")


def _check_numeric_key(cfg: SimConfig, path: str, dotted: str) -> None:
    node: Any = cfg
    for part in dotted.split("."):
        if not is_dataclass(node) or not hasattr(node, part):
            _fail(path, dotted, "not a parameter of the scenario")
        node = getattr(node, part)
    if isinstance(node, bool) or not isinstance(node, int | float):
        _fail(path, dotted, "not a numeric parameter")


def validate(obj: Any, path: str = "") -> None:
    """Check every range, choice and cause name in a config object tree; raise ConfigError."""
    if isinstance(obj, StrategyConfig):
        _check_strategy(path, obj)
        return
    if isinstance(obj, PlanConfig):
        _check_plan(obj)
    for f in fields(obj):
        value = getattr(obj, f.name)
        key = f"{path}.{f.name}" if path else f.name
        if is_dataclass(value):
            validate(value, key)
        elif value is not None:
            _check_field(key, value, f.metadata)
    if isinstance(obj, SimConfig):
        org = obj.organisation
        if 2 * org.departments > org.staff:
            _fail("organisation.departments", org.departments,
                  f"at most half the staff count ({org.staff}): a head and a member each")
        _check_events(obj)
        last_seed = (obj.seed + 1) * obj.replicates - 1  # the seed scheme of sim/sweep.py
        if last_seed > 2**32 - 1:
            _fail("seed", obj.seed, f"with replicates={obj.replicates} the last replicate's "
                  f"seed {last_seed} exceeds 2**32-1")
        if obj.posterior is not None:
            from sim.posterior import draw  # sim.posterior builds on this module

            draw(obj)  # fails here, before any job, if the file or its parameters are wrong
        sens = obj.sensitivity
        if sens.chunk >= sens.chunks:
            _fail("sensitivity.chunk", sens.chunk,
                  f"must be below sensitivity.chunks={sens.chunks}")
        for name, bounds in sens.parameters.items():
            _check_numeric_key(obj, f"sensitivity.parameters.{name}", name)
            if len(bounds) != 2 or not bounds[0] < bounds[1]:
                _fail(f"sensitivity.parameters.{name}", list(bounds),
                      "must be [low, high] with low < high")


def check_yaml_file(path: Path) -> None:
    """Parse one YAML file; if it is malformed, say where."""
    import yaml

    try:
        yaml.safe_load(path.read_text())
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f", line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ConfigError(f"malformed YAML in {path}{where}: {problem}") from exc


def check_yaml(directory: Path = CONFIG_DIR) -> None:
    """Parse every YAML file under ``directory``; a malformed one is named with its line."""
    for path in sorted(directory.rglob("*.yaml")):
        check_yaml_file(path)


def _as_event(name: str, raw: Any) -> EventConfig:
    path = f"events.{name}"
    if isinstance(raw, EventConfig):
        return raw
    if not isinstance(raw, dict):
        _fail(path, raw, "must be a mapping with a type and a week or a chance_per_year")
    allowed = [f.name for f in fields(EventConfig)]
    for key, value in raw.items():
        if key not in allowed:
            _fail(f"{path}.{key}", value, f"unknown key; allowed: {', '.join(allowed)}")
    try:
        return OmegaConf.to_object(OmegaConf.merge(OmegaConf.structured(EventConfig), raw))
    except Exception as exc:  # omegaconf names the key and the expected type
        raise ConfigError(f"{path}: {str(exc).strip()}") from exc


def to_sim_config(cfg: DictConfig) -> SimConfig:
    """Turn a composed Hydra config into a validated :class:`SimConfig`."""
    try:
        sim_cfg = OmegaConf.to_object(cfg)
    except Exception as exc:  # omegaconf reports missing or mistyped values here
        raise ConfigError(str(exc).strip()) from exc
    if not isinstance(sim_cfg, SimConfig):
        raise ConfigError("the config does not follow the sim schema (defaults: sim_schema)")
    sim_cfg.events = {name: _as_event(name, raw) for name, raw in sim_cfg.events.items()}
    validate(sim_cfg)
    return sim_cfg


def load_config(overrides: list[str] | tuple[str, ...] = ()) -> SimConfig:
    """Compose ``configs/config.yaml`` with Hydra-style overrides (also inside another
    Hydra app on the same config directory, such as ``python -m sim.calibrate``)."""
    from hydra import compose, initialize_config_dir
    from hydra.core.global_hydra import GlobalHydra

    register()
    if GlobalHydra.instance().is_initialized():
        return to_sim_config(compose(config_name="config", overrides=list(overrides)))
    with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3"):
        cfg = compose(config_name="config", overrides=list(overrides))
    return to_sim_config(cfg)
