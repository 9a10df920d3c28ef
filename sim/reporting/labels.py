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
    # ---- the classroom page (sim/app): events, levers, size classes, scenarios, page words.
    # Levers are named by their setting (leadership.board_commitment), the page's own words
    # by "page.<name>".
    # events (sim/plan/events.py)
    "budget_cut": ("budget cut", "bezuiniging"),
    "national_delay": ("national delay", "landelijke vertraging"),
    "election": ("election", "verkiezingen"),
    "merger": ("merger", "fusie"),
    "key_figures_leave": ("key figures leave", "sleutelfiguren weg"),
    "key_figures_arrive": ("key figures arrive", "sleutelfiguren erbij"),
    "quick_win": ("quick win", "snel resultaat"),
    "coordinator_leaves": ("e-coordinator leaves", "e-coördinator weg"),
    "external_support_starts": ("advisers start", "adviseurs erbij"),
    "external_support_ends": ("advisers leave", "adviseurs weg"),
    # what each button strikes (sim/app/classroom.py EVENTS)
    "page.budget_cut": ("25% less budget for the plan", "25% minder budget voor het plan"),
    "page.national_delay": ("the permit law (WABO) comes half a year later",
                            "de Wabo komt een half jaar later"),
    "page.election": ("a sceptical new college", "een sceptisch nieuw college"),
    "page.merger": ("a year of merging with the neighbours", "een jaar fuseren met de buren"),
    "page.key_figures_leave": ("5 key figures leave", "5 sleutelfiguren vertrekken"),
    "page.key_figures_arrive": ("5 new key figures are hired", "5 nieuwe sleutelfiguren"),
    "page.quick_win": ("a visible result everyone sees", "een resultaat dat iedereen ziet"),
    "page.coordinator_leaves": ("nobody steers the plan for half a year",
                                "een half jaar stuurt niemand het plan"),
    "page.external_support_starts": ("outside e-advisers bring hours and know-how",
                                     "e-adviseurs van buiten brengen uren en kennis"),
    "page.external_support_ends": ("the e-advisers leave", "de e-adviseurs vertrekken"),
    # levers: the five forces (Mars), resistance handling (survey figure 15), leadership
    "leadership.board_commitment": ("board commitment", "betrokkenheid bestuur"),
    "leadership.middle_management_commitment": ("middle-management commitment",
                                                "betrokkenheid middenmanagement"),
    "organisation.key_figure_share": ("key figures among staff",
                                      "sleutelfiguren onder het personeel"),
    "forces.urgency": ("urgency", "urgentie"),
    "forces.ambition": ("ambition", "ambitie"),
    "forces.planning": ("planning", "planning"),
    "forces.interaction": ("interaction", "interactie"),
    "forces.leadership": ("leadership", "leiderschap"),
    "resistance_handling.conversation": ("conversation", "het gesprek aangaan"),
    "resistance_handling.observation": ("observation (listen, look, ask)",
                                        "observeren (luisteren, kijken, doorvragen)"),
    "resistance_handling.waiting": ("waiting it out", "afwachten"),
    # size classes (inhabitants)
    "size_lt_10k": ("under 10,000 inhabitants", "minder dan 10.000 inwoners"),
    "size_10_25k": ("10,000-25,000 inhabitants", "10.000-25.000 inwoners"),
    "size_25_50k": ("25,000-50,000 inhabitants", "25.000-50.000 inwoners"),
    "size_50_100k": ("50,000-100,000 inhabitants", "50.000-100.000 inwoners"),
    "size_gt_100k": ("over 100,000 inhabitants", "meer dan 100.000 inwoners"),
    # shipped scenarios (configs/scenario/)
    "scenario.none": ("none (the defaults)", "geen (de standaard)"),
    "scenario.budget_cuts_2011": ("the budget cuts of 2011", "de bezuinigingen van 2011"),
    "scenario.inspired_mayor": ("an inspired mayor", "een bevlogen burgemeester"),
    "scenario.large_city_must": ("a large city with \"must\"", "een grote stad met \"moeten\""),
    "scenario.midsize_merger": ("a merger", "een fusie"),
    "scenario.old_wounds": ("old wounds (oud zeer)", "oud zeer"),
    "scenario.permit_law_postponed": ("the permit law postponed", "de Wabo uitgesteld"),
    "scenario.small_few_carriers": ("small, few carriers", "klein, weinig trekkers"),
    "scenario.small_with_advisers": ("small, with advisers", "klein, met adviseurs"),
    "scenario.stepwise_learning": ("department by department", "afdeling voor afdeling"),
    # the page's words
    "page.title": ("Taking up the realisation plan", "Het realisatieplan invoeren"),
    "page.play": ("Play", "Afspelen"),
    "page.pause": ("Pause", "Pauze"),
    "page.step": ("Step", "Stap"),
    "page.reset": ("Reset", "Opnieuw"),
    "page.week": ("week", "week"),
    "page.weeks": ("weeks", "weken"),
    "page.a_frame": ("a frame", "per beeld"),
    "page.free": ("Free", "Vrij"),
    "page.lesson": ("Lesson", "Les"),
    "page.struck": ("struck", "gebeurd"),
    "page.none_yet": ("none yet", "nog geen"),
    "page.ended": ("The run has ended: press Reset", "De run is klaar: druk op Opnieuw"),
    "page.settings_changed": ("Settings changed: press Reset to start with them",
                              "Instellingen gewijzigd: druk op Opnieuw om ermee te beginnen"),
    "page.municipality": ("Municipality", "Gemeente"),
    "page.leaders": ("Leaders", "Leiding"),
    "page.forces": ("Forces", "Krachten"),
    "page.handling": ("Resistance", "Weerstand"),
    "page.scenario": ("Scenario", "Scenario"),
    "page.strategy": ("Strategy", "Strategie"),
    "page.compare_with": ("Compare with (same organisation)",
                          "Vergelijk met (dezelfde organisatie)"),
    "page.no_comparison": ("nothing", "niets"),
    "page.size": ("Size", "Grootte"),
    "page.staff": ("Staff (empty: the size's usual)", "Personeel (leeg: gebruikelijk aantal)"),
    "page.seed": ("Seed (same seed, same organisation)",
                  "Seed (zelfde seed, zelfde organisatie)"),
    "page.stages": ("Stages (% of staff)", "Fasen (% van het personeel)"),
    "page.causes": ("Main causes of resistance (%)", "Oorzaken van weerstand (%)"),
    "page.plan": ("The plan (% of its work)", "Het plan (% van het werk)"),
    "page.planned": ("planned", "gepland"),
    "page.delivered": ("delivered", "opgeleverd"),
    "page.behind": ("{slow} is {weeks} weeks behind {fast}: {fast} had {share}% committed "
                    "in week {then}", "{slow} loopt {weeks} weken achter op {fast}: {fast} "
                    "had {share}% verbonden in week {then}"),
    "page.level": ("{a} and {b} are level: {share}% committed",
                   "{a} en {b} gaan gelijk op: {share}% verbonden"),
    "page.calibrated": ("Calibrated: parameters drawn from {path} (particle {particle})",
                        "Gekalibreerd: parameters getrokken uit {path} (deeltje {particle})"),
    "page.uncalibrated": ("Not calibrated: the model's assumed parameters (no posterior in "
                          "data/posterior/ yet)", "Niet gekalibreerd: de aangenomen parameters "
                          "van het model (nog geen posterior in data/posterior/)"),
    "page.cannot_build": ("Cannot build this municipality",
                          "Deze gemeente kan niet gebouwd worden"),
    "page.lesson_step": ("Step {n} of {total}", "Stap {n} van {total}"),
    "page.previous": ("Previous", "Vorige"),
    "page.next": ("Next", "Volgende"),
    "page.no_lessons": ("No lessons in {path}", "Geen lessen in {path}"),
    "page.roles": ("▲ board  ■ manager  ◆ key figure  ● employee; blocks are departments",
                   "▲ bestuur  ■ leidinggevende  ◆ sleutelfiguur  ● medewerker; blokken zijn "
                   "afdelingen"),
    # months, for the page's dates
    **{f"month.{i}": pair for i, pair in enumerate(zip(
        ("January", "February", "March", "April", "May", "June", "July", "August",
         "September", "October", "November", "December"),
        ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
         "september", "oktober", "november", "december"), strict=True), start=1)},
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
