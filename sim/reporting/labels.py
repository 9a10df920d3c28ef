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
