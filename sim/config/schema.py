"""The scenario schema: every knob of a run, its type and its allowed range.

The values live in YAML under ``configs/`` (with their sources); this module only says
what is allowed. Hydra checks keys and types against these dataclasses when it composes
a config; :mod:`sim.config.validation` checks ranges and names.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from hydra.core.config_store import ConfigStore
from omegaconf import MISSING

from sim.config.vocabulary import (
    ADOPTION_SCOPES,
    CHANNELS,
    EVENT_TYPES,
    LANGUAGES,
    ROLLOUTS,
    SIZE_CLASSES,
    THEMES,
)

# A scenario run (python -m sim, python -m sim.compare) is an ensemble of this many seeded
# runs unless ``replicates`` says otherwise: enough for a stable median and shares by the
# deadlines (a share's 95% interval at most +-10 points), and about 10 s here.
ENSEMBLE_RUNS = 100


def unit(default: Any = MISSING) -> Any:
    return field(default=default, metadata={"range": (0.0, 1.0)})


def bounded(lo: float, hi: float = math.inf, default: Any = MISSING) -> Any:
    return field(default=default, metadata={"range": (lo, hi)})


def choice(choices: tuple[str, ...], default: Any = MISSING) -> Any:
    return field(default=default, metadata={"choices": choices})


@dataclass
class OrganisationConfig:
    """Who works in the municipality and how they are connected."""

    size_class: str = choice(tuple(SIZE_CLASSES.values()))
    staff: int = bounded(2, 200_000)
    departments: int = bounded(1, 500)
    span_of_control: int = bounded(2, 100)
    board_size: int = bounded(1, 50)
    knowledge: float = unit()  # own knowledge to carry out the plan (survey fig. 3)
    key_figure_share: float = unit()
    colleague_ties: int = bounded(2, 50)
    key_figure_ties: int = bounded(0, 200)
    cross_department_share: float = unit()
    turnover: bool = True  # staff leave and newcomers arrive during the run
    # Leaving rates; they also set the tenure of the staff at the start (sim/model/turnover.py).
    turnover_per_year: float = bounded(0.001, 0.5)
    new_hires_leaving_within_3_years: float = bounded(0.0, 0.95)
    workload: float = bounded(0.0, 2.0)
    past_change_failures: float = unit()
    doubt_level: float = bounded(0.0, 2.0)


@dataclass
class BlockConfig:
    """A national building block (law or facility) that projects wait for."""

    label: str = ""
    available: str = MISSING  # YYYY-MM-DD: in force or usable from this date


@dataclass
class ProjectConfig:
    """One project of the realisation plan (KCC, base registries, permit law, ...)."""

    label: str = ""
    effort: float = bounded(0.0, 1000.0)  # person-weeks per member of staff involved
    functions: list[str] = field(default_factory=lambda: ["all"])
    start_week: int = bounded(0, 5200, default=0)
    end_week: int = bounded(1, 5200)
    national_block: str = ""  # national building block it waits for, "" for none
    mandatory: bool = False  # a legal duty: the board cannot drop it to scale down


@dataclass
class PlanConfig:
    """The realisation plan: projects on a schedule, and the capacity freed for them."""

    theme: str = choice(THEMES)
    start_date: str = "2009-01-01"  # YYYY-MM-DD: week 0 of the run
    ambition: float = bounded(0.0, 10.0)
    capacity: float = unit()
    replacement: float = unit()
    schedule_tolerance: float = unit()
    drop_after_weeks: int = bounded(1, 5200)
    stop_above_cut: float = unit()
    before_block_share: float = unit()  # of a project's effort, doable before its block
    key_figure_pull: float = bounded(0.0, 10.0, default=1.0)  # a key figure's hours count so often
    visible_result: float = unit()  # doubt a delivered project takes away where it is used
    drop_disappointment: float = unit()  # a dropped project: doubt, distrust, grievances rise
    training: float = unit()  # training intensity (A&O fund): lowers unfamiliarity
    training_hours: float = unit()  # share of the week training costs at full intensity
    rollout: str = choice(ROLLOUTS, default="big_bang")
    rollout_weeks: int = bounded(1, 520, default=26)  # stepwise: weeks between departments
    what_is_in_it: float = unit(default=0.0)  # stepwise: doubt and interests taken away on joining
    national_blocks: dict[str, BlockConfig] = field(default_factory=dict)
    projects: dict[str, ProjectConfig] = field(default_factory=dict)
    # Per leading theme, the projects in the order they get the plan's start slots.
    order: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class EventConfig:
    """Something that happens to the municipality, at a set week or by chance."""

    type: str = choice(EVENT_TYPES)
    week: int | None = None
    chance_per_year: float | None = None
    size: float = unit(default=0.0)
    weeks: int = bounded(0, 5200, default=0)
    block: str = ""
    count: int = bounded(0, 100_000, default=0)
    board_commitment: float | None = None
    quality: float | None = None  # coordinator_leaves: the successor's (drawn when absent)


@dataclass
class LeadershipConfig:
    """Visible commitment of the board (college and top management) and of middle managers."""

    board_commitment: float = unit()
    middle_management_commitment: float = unit()


@dataclass
class CoordinatorConfig:
    """The e-coordinator (programme manager): steers the plan's hours and its order."""

    quality: float = unit()


@dataclass
class SupportConfig:
    """External e-advisers (EGEM-i, later KING's operation NUP) while they are engaged."""

    capacity: float = unit(default=0.0)  # added share of involved staff's week
    knowledge: float = unit(default=0.0)  # added knowledge
    distrust: float = unit(default=0.0)  # weekly rise of distrust: outsiders push the change
    engaged: bool = True  # engaged from the start (if they bring anything); events end it


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
    scope: str = choice(ADOPTION_SCOPES)
    sustain_weeks: int = bounded(1, 520)


@dataclass
class InteractionForm:
    """One interaction form of a strategy (e.g. 'convince') and what it does to people."""

    weight: float = bounded(0.0, default=0.0)
    channel: str = choice(CHANNELS, default="programme")
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
    key_figure_influence: float = bounded(1.0, 20.0)
    commitment_fade: float = unit()
    training_effect: float = unit()
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
    conflict_from_workload: float = unit()
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
    weekly: bool = False  # sweep jobs keep every replicate's weeks (sim/experiments/weekly.py)


@dataclass
class ReportConfig:
    """How a scenario run's report speaks (sim/reporting/scenario_report.py)."""

    language: str = choice(LANGUAGES, default="en")


@dataclass
class PathsConfig:
    """Where runs write (configs/paths/)."""

    output_dir: str = "outputs"


@dataclass
class SensitivityConfig:
    """A global sensitivity analysis (SALib): which parameters vary, over what, how sampled.

    Empty ``parameters`` means no analysis. A job runs the sample points whose index
    modulo ``chunks`` is ``chunk``, so a sweep over ``chunk`` spreads them over jobs.
    """

    method: str = choice(("morris", "sobol"), default="morris")
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
    # Seeded runs: None means a scenario run's ensemble (ENSEMBLE_RUNS), or one per job of
    # a sweep (sim.config.compose.to_sim_config decides, knowing which it is).
    replicates: int | None = bounded(1, 1_000_000, default=None)
    horizon_weeks: int = bounded(1, 5200, default=520)
    stop_at_adoption: bool = False
    organisation: OrganisationConfig = field(default_factory=OrganisationConfig)
    strategy: StrategyConfig = field(default_factory=StrategyConfig)
    leadership: LeadershipConfig = field(default_factory=LeadershipConfig)
    coordinator: CoordinatorConfig = field(default_factory=CoordinatorConfig)
    support: SupportConfig = field(default_factory=SupportConfig)
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
    report: ReportConfig = field(default_factory=ReportConfig)
    paths: PathsConfig = field(default_factory=PathsConfig)
    sensitivity: SensitivityConfig = field(default_factory=SensitivityConfig)
    # a calibration's posterior.csv: parameters drawn per run (none: the assumptions)
    posterior: str | None = None


def register() -> None:
    """Register the schema with Hydra so composition checks keys and types against it."""
    ConfigStore.instance().store(name="sim_schema", node=SimConfig)
