"""Words for people: the model's names (causes, stages, roles, strategies, themes) as a
report, a figure or the classroom page shows them, with the Dutch terms of the survey."""

from __future__ import annotations

LANGUAGES = ("en", "nl")

# The model's names in English and in Dutch, one place for both languages: the reports,
# the figures and the classroom page take their words from here. Dutch terms are the
# survey's own where it names them (figure 14's causes, figure 9's strategies), Mars's
# for the reactions ("Hoe krijg je ze mee?"); the rest are ours.
TERMS: dict[str, tuple[str, str]] = {
    # causes of resistance (survey figure 14)
    "doubt_about_change": ("doubt about the change", "twijfel aan de verandering"),
    "incomplete_information": ("incomplete information", "onvolledige informatie"),
    "uncertainty_own_position": ("uncertainty about own position",
                                 "onzekerheid over eigen positie"),
    "conflicting_interests": ("conflicting interests", "tegengestelde belangen"),
    "unfamiliarity": ("unfamiliarity", "onwennigheid"),
    "teething_problems": ("teething problems", "kinderziektes"),
    "old_grievances": ("old grievances", "oud zeer"),
    "failing_interaction": ("failing interaction", "falende interactie"),
    "distrust_of_change_agent": ("distrust of the change agent", "wantrouwen tegen veranderaar"),
    "renovation_nuisance": ("renovation nuisance", "verbouwingsoverlast"),
    "no_resistance": ("no resistance", "geen weerstand"),
    # natural reactions to a change (Mars), the model's stages
    "denial": ("denial", "ontkenning"),
    "resistance": ("resistance", "weerstand"),
    "exploration": ("exploration", "zelfonderzoek"),
    "commitment": ("commitment", "verbinding"),
    # roles
    "board": ("board", "bestuur"),
    "manager": ("manager", "leidinggevende"),
    "key_figure": ("key figure", "sleutelfiguur"),
    "employee": ("employee", "medewerker"),
    "coordinator": ("e-coordinator", "e-coördinator"),
    # change strategies (survey figure 9)
    "weten": ("knowing", "weten"),
    "moeten": ("must", "moeten"),
    "willen": ("wanting", "willen"),
    "leren": ("learning and discovering", "leren en ontdekken"),
    "mix": ("mix (national shares)", "mix (landelijke verdeling)"),
    "none": ("no strategy", "geen strategie"),
    # leading themes (survey figure 6)
    "service_delivery_kcc": ("digital service delivery and a customer contact centre (KCC)",
                             "digitale dienstverlening en een klantcontactcentrum (KCC)"),
    "case_based_work_digitisation": ("case-based working and digitisation",
                                     "zaakgericht werken en digitalisering"),
    "base_registries": ("base registries", "basisregistraties"),
    "architecture_information_management": ("architecture and information management",
                                            "architectuur en informatiemanagement"),
    "programme_or_project_work": ("programme or project work", "programma- of projectmatig werken"),
    "other": ("other", "overig"),
    # the plan
    "on_schedule": ("on schedule", "op planning"),
    "behind_schedule": ("behind schedule", "achter op planning"),
    "scaled_down": ("scaled-down plan", "afgeschaalde ambitie"),
}


def term(name: str, language: str = "en") -> str:
    """The plain word for a model name in a language: 'old_grievances', 'nl' -> 'oud zeer'."""
    words = TERMS.get(name)
    if words is None:
        return name.replace("_", " ")
    return words[LANGUAGES.index(language)]


def label(name: str) -> str:
    """English with the Dutch term beside it: 'old_grievances' -> 'old grievances (oud zeer)'."""
    english, dutch = term(name, "en"), term(name, "nl")
    return english if english == dutch or name not in TERMS else f"{english} ({dutch})"


THEMES = {name: term(name) for name in (
    "service_delivery_kcc", "case_based_work_digitisation", "base_registries",
    "architecture_information_management", "programme_or_project_work", "other")}
STRATEGY_LABELS = {name: label(name) for name in ("weten", "moeten", "willen", "leren", "mix")}


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
