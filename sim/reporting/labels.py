"""Words for people: the model's names (causes, stages, roles, strategies, themes) as a
report, a figure or the classroom page shows them, with the Dutch terms of the survey."""

from __future__ import annotations

# Dutch glosses, for reports read by Dutch municipal staff.
DUTCH = {
    "doubt_about_change": "twijfel",
    "incomplete_information": "onvolledige informatie",
    "uncertainty_own_position": "onzekerheid over eigen positie",
    "conflicting_interests": "tegenstrijdige belangen",
    "unfamiliarity": "onwennigheid",
    "teething_problems": "kinderziektes",
    "old_grievances": "oud zeer",
    "failing_interaction": "falende interactie",
    "distrust_of_change_agent": "wantrouwen in de veranderaar",
    "renovation_nuisance": "verbouwingsoverlast",
    "no_resistance": "geen weerstand",
    "denial": "ontkenning",
    "resistance": "weerstand",
    "exploration": "verkenning",
    "commitment": "verbinding",
    "board": "bestuur",
    "manager": "leidinggevende",
    "key_figure": "sleutelfiguur",
    "employee": "medewerker",
}


THEMES = {  # survey figure 6
    "service_delivery_kcc": "digital service delivery and a customer contact centre (KCC)",
    "case_based_work_digitisation": "case-based working and digitisation",
    "base_registries": "base registries (basisregistraties)",
    "architecture_information_management": "architecture and information management",
    "programme_or_project_work": "programme or project work",
    "other": "other",
}

STRATEGY_LABELS = {
    "weten": "knowing (weten)", "moeten": "must (moeten)", "willen": "wanting (willen)",
    "leren": "learning (leren)", "mix": "mix (national shares)",
}


def label(name: str) -> str:
    """'doubt_about_change' -> 'doubt about change (twijfel)'."""
    text = name.replace("_", " ")
    return f"{text} ({DUTCH[name]})" if name in DUTCH else text


# Swept parameters as a reader names them (a figure's legend, a table's header).
PARAMETER_LABELS = {
    "strategy": "strategy",
    "organisation": "size class",
    "organisation.staff": "staff",
    "organisation.key_figure_share": "key-figure share",
    "leadership.board_commitment": "board commitment",
    "leadership.middle_management_commitment": "middle-management commitment",
    "resistance_handling.waiting": "waiting out resistance",
    "resistance_handling.conversation": "conversation about resistance",
    "resistance_handling.observation": "observing resistance",
    "horizon_weeks": "horizon (weeks)",
}


def parameter_label(name: str) -> str:
    """'leadership.board_commitment' -> 'board commitment'; 'forces.urgency' -> 'urgency'."""
    return PARAMETER_LABELS.get(name, name.rsplit(".", 1)[-1].replace("_", " "))


def value_label(name: str, value) -> str:
    """A swept value as a reader names it: 'weten' -> 'knowing (weten)', 'size_lt_10k' ->
    '<10k inhabitants', a share as a percentage."""
    from sim.config.vocabulary import SIZE_CLASSES

    if name == "strategy":
        return STRATEGY_LABELS.get(value, str(value))
    if name == "organisation":
        return f"{SIZE_CLASSES[value]} inhabitants" if value in SIZE_CLASSES else str(value)
    if name.endswith("_share") and isinstance(value, float):
        return f"{value:.0%}"
    return f"{value:g}" if isinstance(value, float) else str(value)


def point_label(keys, values) -> str:
    """A parameter point: 'strategy knowing (weten), board commitment 0.5'."""
    return ", ".join(f"{parameter_label(k)} {value_label(k, v)}"
                     for k, v in zip(keys, values, strict=True))
