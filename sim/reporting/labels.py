"""Words for people: the model's names (causes, stages, roles, strategies, themes) as a
report, a figure or the classroom page shows them, with the Dutch terms of the survey."""

from __future__ import annotations

from datetime import date

from sim.config.vocabulary import LANGUAGES

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
    "scenario.go_live_everywhere": ("everything live at once", "alles tegelijk live"),
    "scenario.willing_but_unable": ("willing but unable", "willen maar niet kunnen"),
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
    "page.uncalibrated": ("Not calibrated: the model's assumed parameters (posterior none)",
                          "Niet gekalibreerd: de aangenomen parameters van het model "
                          "(posterior none)"),
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


# --- The consultant's report (issue 16): the scenario report, the comparison and their
# figures, in both languages. Sentences are str.format templates, filled by say(). ---
TERMS.update({
    # roles and stages as a report shows them
    "staff": ("all staff", "alle medewerkers"),
    # interaction forms of the strategies (configs/strategy/)
    "inform": ("informing", "informeren"),
    "explain": ("explaining", "uitleggen"),
    "convince": ("convincing", "overtuigen"),
    "think_along": ("thinking along", "meedenken"),
    "announce": ("announcing", "aankondigen"),
    "instruct": ("instructing", "opdragen"),
    "hold_to_account": ("holding to account", "aanspreken"),
    "reward": ("rewarding", "belonen"),
    "inspire": ("inspiring", "inspireren"),
    "participate": ("taking part", "laten meedoen"),
    "negotiate": ("negotiating", "onderhandelen"),
    "shape": ("shaping together", "samen vormgeven"),
    "experience": ("experiencing", "ervaren"),
    "learn": ("learning by doing", "al doende leren"),
    "feedback": ("feedback", "terugkoppelen"),
    "work_out": ("working it out together", "samen uitwerken"),
    # resistance handling (survey figure 15)
    "conversation": ("conversation", "het gesprek aangaan"),
    "observation": ("observation", "luisteren, kijken en doorvragen"),
    "waiting": ("waiting", "afwachten"),
    # projects, national building blocks and events of the shipped plan and scenarios
    "project_kcc": ("customer contact centre (KCC)", "klantcontactcentrum (KCC)"),
    "project_website_eservices": ("website and e-services with DigiD",
                                  "website en e-diensten met DigiD"),
    "project_base_registries": ("base registries, addresses and buildings (BAG)",
                                "basisregistraties adressen en gebouwen (BAG)"),
    "project_permit_law": ("environmental permit law (WABO)", "omgevingsvergunning (Wabo)"),
    "project_case_based_work": ("case-based working and document management",
                                "zaakgericht werken en documentmanagement"),
    "block_bag": ("BAG law and national facility", "Wet BAG en landelijke voorziening"),
    "block_wabo": ("environmental permit law (WABO)",
                   "Wet algemene bepalingen omgevingsrecht (Wabo)"),
    "block_digid": ("DigiD", "DigiD"),
    "event_size": ("size {value}", "omvang {value}"),
    "event_weeks": ("{value} weeks", "{value} weken"),
    "event_count": ("people: {value}", "personen: {value}"),
    "event_block": ("building block: {value}", "bouwsteen: {value}"),
    "event_board_commitment": ("new board's commitment {value}",
                               "commitment van het nieuwe college {value}"),
    "event_quality": ("successor's quality {value}", "kwaliteit van de opvolger {value}"),
    "event_plan_stopped": ("the plan stopped", "het plan stopgezet"),
    "event_by_chance": ("by chance, {value} a year", "bij toeval, {value} per jaar"),
    "mix_of": ("mix", "mix"),
    "weak": ("weak", "zwak"),
    "moderate": ("moderate", "matig"),
    "strong": ("strong", "sterk"),
    "months": ("January February March April May June July August September October "
               "November December",
               "januari februari maart april mei juni juli augustus september oktober "
               "november december"),
    "and": ("and", "en"),
    "yes": ("yes", "ja"),
    "no": ("no", "nee"),
    "none_listed": ("none", "geen"),
    # the report: title and the answer
    "title": ("Realisation plan: when is it adopted?", "Realisatieplan: wanneer is het ingevoerd?"),
    "subtitle": ("Scenario {scenario}: {runs} simulated futures of this municipality (seeds "
                 "{first} to {last}), from the plan's start on {start} to {end}.",
                 "Scenario {scenario}: {runs} gesimuleerde toekomsten van deze gemeente (seeds "
                 "{first} tot en met {last}), vanaf de start van het plan op {start} tot {end}."),
    "subtitle_one": ("Scenario {scenario}: one simulated future of this municipality (seed "
                     "{seed}), from the plan's start on {start} to {end}.",
                     "Scenario {scenario}: één gesimuleerde toekomst van deze gemeente (seed "
                     "{seed}), vanaf de start van het plan op {start} tot {end}."),
    "default_scenario": ("the default (configs/config.yaml)",
                         "de standaard (configs/config.yaml)"),
    "made_by": ("Agent-based simulation (nup-sim) of the people of one municipality carrying "
                "out their realisation plan.",
                "Agent-based simulatie (nup-sim) van de mensen van één gemeente die hun "
                "realisatieplan uitvoeren."),
    "h_answer": ("The answer", "Het antwoord"),
    "answer_ensemble": ("In {k} of {n} simulated futures this plan is adopted within {years} "
                        "years (by {end})",
                        "In {k} van de {n} gesimuleerde toekomsten is dit plan binnen {years} "
                        "jaar ingevoerd (vóór {end})"),
    "answer_reduced": ("; in {s} of these {k} only as a reduced plan, after the board dropped "
                       "projects (median {share} of the original plan delivered)",
                       "; in {s} van deze {k} alleen als afgeschaald plan, nadat het bestuur "
                       "projecten schrapte (mediaan {share} van het oorspronkelijke plan "
                       "gerealiseerd)"),
    "answer_all_reduced": ("; in all of these {k} only as a reduced plan, after the board "
                           "dropped projects (median {share} of the original plan delivered)",
                           "; in al deze {k} alleen als afgeschaald plan, nadat het bestuur "
                           "projecten schrapte (mediaan {share} van het oorspronkelijke plan "
                           "gerealiseerd)"),
    "answer_full": ("; in all of these {k} the original plan, no project dropped",
                    "; in al deze {k} het oorspronkelijke plan, zonder geschrapte projecten"),
    "median_reached": ("In half of them it is not adopted before {median} (the median; 95% "
                       "interval {low} to {high}).",
                       "In de helft ervan is het niet vóór {median} ingevoerd (de mediaan; "
                       "95%-betrouwbaarheidsinterval {low} tot {high})."),
    "median_open": ("In half of them it is not adopted before {median} (the median; 95% "
                    "interval from {low} to beyond {end}).",
                    "In de helft ervan is het niet vóór {median} ingevoerd (de mediaan; "
                    "95%-betrouwbaarheidsinterval van {low} tot na {end})."),
    "median_not_reached": ("In more than half of them ({c} of {n}) it is not adopted within "
                           "the simulated period: the median time to adoption lies beyond "
                           "{end}.",
                           "In meer dan de helft ervan ({c} van de {n}) is het binnen de "
                           "gesimuleerde periode niet ingevoerd: de mediane doorlooptijd ligt "
                           "na {end}."),
    "by_deadline": ("Adopted by the national deadline of {date}: in {p} of the futures (95% "
                    "interval {low} to {high}).",
                    "Ingevoerd vóór de landelijke deadline van {date}: in {p} van de "
                    "toekomsten (95%-betrouwbaarheidsinterval {low} tot {high})."),
    "deadline_before": ("The national deadline of {date} lies before this plan's start.",
                        "De landelijke deadline van {date} ligt vóór de start van dit plan."),
    "deadline_after": ("The national deadline of {date} lies beyond the simulated period.",
                       "De landelijke deadline van {date} ligt na de gesimuleerde periode."),
    "calibrated_futures": ("Calibrated on the 2010 survey: each future drew its parameters "
                           "from the posterior {path}, so the spread includes what the survey "
                           "leaves uncertain.", "Gekalibreerd op de enquête van 2010: elke "
                           "toekomst trok zijn parameters uit de posterior {path}, dus de "
                           "spreiding omvat wat de enquête onzeker laat."),
    "calibrated_one": ("Calibrated on the 2010 survey: parameters of particle {particle} of "
                       "the posterior {path}.", "Gekalibreerd op de enquête van 2010: "
                       "parameters van deeltje {particle} van de posterior {path}."),
    "not_applied": ("Not taken from the posterior: {names} (the 2010 population and its "
                    "respondents, a project this plan lacks, or a setting the scenario "
                    "sets itself).", "Niet uit de posterior genomen: {names} (de gemeenten "
                    "van 2010 en hun respondenten, een project dat dit plan niet heeft, of "
                    "een instelling die het scenario zelf zet)."),
    "uncalibrated": ("Not calibrated: the model's assumed parameters (posterior=none).",
                     "Niet gekalibreerd: de aangenomen parameters van het model "
                     "(posterior=none)."),
    "adopted_means": ("Adopted means: the projects still in the plan are delivered, and at "
                      "least {share} of staff has been committed (verbinding) for {weeks} "
                      "weeks without interruption. A simulated future is one run of the model "
                      "with its own seed: the same municipality, another course of chance "
                      "(who leaves, who talks with whom, when an event strikes).",
                      "Ingevoerd betekent: de projecten die nog in het plan staan zijn "
                      "opgeleverd, en ten minste {share} van het personeel is {weeks} weken "
                      "onafgebroken in verbinding. Een gesimuleerde toekomst is één doorrekening "
                      "van het model met een eigen seed: dezelfde gemeente, een ander verloop "
                      "van het toeval (wie vertrekt, wie met wie praat, wanneer iets gebeurt)."),
    "intervals_mean": ("The 95% intervals say how precisely {n} futures pin a number down; "
                       "more futures (replicates=...) narrow them.",
                       "De 95%-betrouwbaarheidsintervallen zeggen hoe nauwkeurig {n} "
                       "toekomsten een getal vastleggen; meer toekomsten (replicates=...) "
                       "maken ze smaller."),
    "one_future_warning": ("This report follows one simulated future (replicates=1): one "
                           "possible course, not a forecast. Run the scenario without "
                           "replicates=1 for {n} futures and their spread.",
                           "Dit rapport volgt één gesimuleerde toekomst (replicates=1): één "
                           "mogelijk verloop, geen voorspelling. Draai het scenario zonder "
                           "replicates=1 voor {n} toekomsten en hun spreiding."),
    "stop_at_adoption_note": ("Runs stopped at adoption (stop_at_adoption=true): after a "
                              "future's adoption its weeks are not simulated, so the bands of "
                              "later dates show only the futures not yet adopted.",
                              "Doorrekeningen stopten bij invoering (stop_at_adoption=true): "
                              "na de invoering van een toekomst zijn haar weken niet "
                              "gesimuleerd, dus de banden van latere datums tonen alleen de "
                              "toekomsten die nog niet zijn ingevoerd."),
    "cap_adopted": ("Share of the simulated futures in which the plan is adopted, by date, "
                    "with its 95% band. Vertical lines: the national deadlines (dashed) and "
                    "the scenario's events (dotted).",
                    "Aandeel van de gesimuleerde toekomsten waarin het plan is ingevoerd, per "
                    "datum, met de 95%-band. Verticale lijnen: de landelijke deadlines "
                    "(gestreept) en de gebeurtenissen van het scenario (gestippeld)."),
    # the scenario in words
    "h_scenario": ("The scenario", "Het scenario"),
    "scenario_words": ("A municipality of {size} with {staff} staff in "
                       "{departments} departments, {board} board members and {key_figures} "
                       "key figures. It carries out its realisation plan (leading theme: "
                       "{theme}; {projects} projects, from {start}) by the strategy "
                       "{strategy}. Board commitment: {board_level} ({board_value}); middle "
                       "management's: {mm_level} ({mm_value}).",
                       "Een gemeente van {size} met {staff} medewerkers in "
                       "{departments} afdelingen, {board} bestuurders en {key_figures} "
                       "sleutelfiguren. Zij voert haar realisatieplan uit (leidend thema: "
                       "{theme}; {projects} projecten, vanaf {start}) met de strategie "
                       "{strategy}. Commitment van het bestuur: {board_level} ({board_value}); "
                       "van het middenmanagement: {mm_level} ({mm_value})."),
    # the plan
    "h_plan": ("The plan: schedule against delivery", "Het plan: planning en realisatie"),
    "on_schedule_means": ("On schedule means: the projects still in the plan have delivered "
                          "at least {share} of what their schedule asks by that date. Dropped "
                          "projects no longer count, so a plan that dropped projects can be on "
                          "schedule again; the table shows both, on 1 January of each year.",
                          "Op planning betekent: de projecten die nog in het plan staan hebben "
                          "ten minste {share} opgeleverd van wat hun planning op die datum "
                          "vraagt. Geschrapte projecten tellen dan niet meer mee, dus een plan "
                          "dat projecten schrapte kan weer op planning liggen; de tabel toont "
                          "beide, op 1 januari van elk jaar."),
    "cap_plan_fan": ("Delivered share of the original plan over the simulated futures: median "
                     "(line), middle 50% and 90% of the futures (bands), against the schedule "
                     "(dashed).",
                     "Gerealiseerd deel van het oorspronkelijke plan over de gesimuleerde "
                     "toekomsten: mediaan (lijn), middelste 50% en 90% van de toekomsten "
                     "(banden), tegen de planning (gestreept)."),
    "col_date": ("date", "datum"),
    "col_planned": ("planned, % of the plan", "gepland, % van het plan"),
    "col_delivered": ("delivered: median (middle 50%)", "gerealiseerd: mediaan (middelste 50%)"),
    "col_on_schedule": ("futures on schedule", "toekomsten op planning"),
    "col_dropped": ("futures with projects dropped", "toekomsten met geschrapte projecten"),
    "col_median_future": ("median future", "mediane toekomst"),
    "col_status": ("on schedule?", "op planning?"),
    "col_dropped_count": ("projects dropped", "geschrapte projecten"),
    "col_project": ("project", "project"),
    "col_planned_end": ("planned end", "geplande oplevering"),
    "col_block": ("waits for", "wacht op"),
    "col_delivered_share": ("futures that deliver it", "toekomsten die het opleveren"),
    "col_median_delivery": ("median delivery", "mediane oplevering"),
    "col_dropped_share": ("futures that drop it", "toekomsten die het schrappen"),
    "col_delivered_on": ("delivered", "opgeleverd"),
    "col_dropped_on": ("dropped", "geschrapt"),
    "legal_duty": ("a legal duty: cannot be dropped", "wettelijke plicht: kan niet worden "
                   "geschrapt"),
    "planned": ("planned", "gepland"),
    "delivered": ("delivered", "gerealiseerd"),
    "dropped_project": ("dropped: {name}", "geschrapt: {name}"),
    "plan_axis": ("% of the original plan", "% van het oorspronkelijke plan"),
    # the people
    "h_roles": ("Who moves: the stages by role", "Wie beweegt: de fasen per rol"),
    "cap_stages_fan": ("Share of each role in each stage (Mars's natural reactions to a "
                       "change) over the simulated futures: median (line) and middle 50% of "
                       "the futures (band).",
                       "Aandeel van elke rol in elke fase (de natuurlijke reacties op "
                       "verandering volgens Mars) over de gesimuleerde toekomsten: mediaan "
                       "(lijn) en middelste 50% van de toekomsten (band)."),
    "stages_at_end": ("Where people stand at the end of the simulated period ({end}): median "
                      "share of each role over the futures.",
                      "Waar mensen staan aan het einde van de gesimuleerde periode ({end}): "
                      "mediaan aandeel van elke rol over de toekomsten."),
    "stages_at_end_one": ("Where people stand at the end of the simulated period ({end}).",
                          "Waar mensen staan aan het einde van de gesimuleerde periode "
                          "({end})."),
    "col_role": ("role", "rol"),
    "role_axis": ("% of role", "% van de rol"),
    "committed_axis": ("committed (verbinding), % of role", "in verbinding, % van de rol"),
    "threshold": ("adoption threshold", "drempel voor invoering"),
    # the causes
    "h_causes": ("What holds people back: the main causes of resistance",
                 "Wat houdt mensen tegen: de belangrijkste oorzaken van weerstand"),
    "col_cause": ("cause of resistance", "oorzaak van weerstand"),
    "col_cause_share": ("share of staff: median (90% of futures)",
                        "aandeel medewerkers: mediaan (90% van de toekomsten)"),
    "col_cause_share_one": ("share of staff", "aandeel medewerkers"),
    "col_strategy_does": ("what the strategy does about it", "wat de strategie eraan doet"),
    "causes_note": ("Share of staff for whom the cause weighs most, averaged from the plan's "
                    "start until adoption (or the end of the simulated period).",
                    "Aandeel medewerkers voor wie de oorzaak het zwaarst weegt, gemiddeld "
                    "vanaf de start van het plan tot de invoering (of het einde van de "
                    "gesimuleerde periode)."),
    "cap_causes_fan": ("Share of staff whose main cause of resistance is each of the largest "
                       "causes, over the simulated futures: median (line) and middle 50% of "
                       "the futures (band).",
                       "Aandeel medewerkers met elk van de grootste oorzaken als belangrijkste "
                       "oorzaak van weerstand, over de gesimuleerde toekomsten: mediaan (lijn) "
                       "en middelste 50% van de toekomsten (band)."),
    "causes_axis": ("staff with this main cause, %", "medewerkers met deze hoofdoorzaak, %"),
    "resisting_axis": ("staff resisting, % by main cause",
                       "medewerkers in weerstand, % naar hoofdoorzaak"),
    "lowers": ("the strategy lowers it through {forms}", "de strategie verlaagt deze oorzaak via "
               "{forms}"),
    "backfires": ("but {forms} backfires on people with much doubt",
                  "maar {forms} werkt averechts bij mensen met veel twijfel"),
    "raises": ("while {forms} raises it", "terwijl {forms} haar juist verhoogt"),
    "handling": ("Handling resistance also works on it: {ways}.",
                 "Ook de omgang met weerstand werkt erop: {ways}."),
    "does_nothing": ("The strategy does nothing about it directly; it moves only with time, "
                     "colleagues and leadership.",
                     "De strategie doet er niet rechtstreeks iets aan; deze oorzaak verandert "
                     "alleen met de tijd, de collega's en de leiding."),
    # events
    "h_events": ("Events in the scenario", "Gebeurtenissen in het scenario"),
    "col_when": ("when", "wanneer"),
    "col_event": ("event", "gebeurtenis"),
    "col_type": ("what happens", "wat er gebeurt"),
    "col_details": ("details", "details"),
    # the illustrative run
    "h_course": ("One possible course: the median future", "Eén mogelijk verloop: de mediane "
                 "toekomst"),
    "h_course_one": ("The course of this future, week by week",
                     "Het verloop van deze toekomst, week voor week"),
    "course_intro": ("The figures below follow one simulated future week by week: the median "
                     "one (seed {seed}). The futures are ordered by their time to adoption, "
                     "those that never adopt last, ties by seed; this is the middle one ({pos} "
                     "of {n}). Other futures run faster or slower: read it as an illustration "
                     "of one possible course, not as the forecast.",
                     "De figuren hieronder volgen één gesimuleerde toekomst week voor week: de "
                     "mediane (seed {seed}). De toekomsten zijn geordend naar hun doorlooptijd "
                     "tot invoering, die zonder invoering achteraan, bij gelijke stand op seed; "
                     "dit is de middelste ({pos} van de {n}). Andere toekomsten verlopen "
                     "sneller of trager: lees dit als illustratie van één mogelijk verloop, "
                     "niet als de voorspelling."),
    "run_adopted": ("In this future the plan is adopted on {date}, {years} years after its "
                    "start: the projects delivered on {plan_date}, the organisation committed "
                    "(verbinding) on {commitment_date}; {binding} came last.",
                    "In deze toekomst is het plan ingevoerd op {date}, {years} jaar na de "
                    "start: de projecten opgeleverd op {plan_date}, de organisatie in "
                    "verbinding op {commitment_date}; {binding} kwam het laatst."),
    "run_reduced": ("In this future a reduced plan is adopted on {date}, {years} years after "
                    "its start: {share} of the original plan, after the board dropped "
                    "{dropped}.",
                    "In deze toekomst is een afgeschaald plan ingevoerd op {date}, {years} "
                    "jaar na de start: {share} van het oorspronkelijke plan, nadat het bestuur "
                    "{dropped} schrapte."),
    "run_not_adopted": ("In this future the plan is not adopted within the simulated period "
                        "(by {end}): {reasons}.",
                        "In deze toekomst is het plan binnen de gesimuleerde periode niet "
                        "ingevoerd (vóór {end}): {reasons}."),
    "binding_plan": ("the delivery of the plan", "de oplevering van het plan"),
    "binding_organisation": ("the organisation's commitment", "de verbinding van de organisatie"),
    "not_delivered": ("the plan was not delivered", "het plan is niet opgeleverd"),
    "plan_stopped": ("the plan was not delivered (it was stopped)",
                     "het plan is niet opgeleverd (het is stopgezet)"),
    "not_committed": ("the organisation did not commit", "de organisatie kwam niet in verbinding"),
    "title_adopted": ("Adopted on {date}", "Ingevoerd op {date}"),
    "title_reduced": ("A reduced plan ({share} of the original) adopted on {date}",
                      "Een afgeschaald plan ({share} van het oorspronkelijke) ingevoerd op "
                      "{date}"),
    "title_not_adopted": ("Not adopted by {end}", "Niet ingevoerd vóór {end}"),
    "committed_at_end": ("At the end of the simulated period, {share} of staff is committed "
                         "(verbinding).",
                         "Aan het einde van de gesimuleerde periode is {share} van het "
                         "personeel in verbinding."),
    "cap_run_plan": ("This future's plan: schedule (dashed) and delivery (line); shaded: "
                     "behind schedule.",
                     "Het plan in deze toekomst: planning (gestreept) en realisatie (lijn); "
                     "gearceerd: achter op planning."),
    "cap_run_adoption": ("This future: committed staff by role (top) and staff resisting by "
                         "main cause (bottom).",
                         "Deze toekomst: medewerkers in verbinding per rol (boven) en "
                         "medewerkers in weerstand naar hoofdoorzaak (onder)."),
    "cap_run_stages": ("This future: the stages of each role.",
                       "Deze toekomst: de fasen van elke rol."),
    # figures
    "share_adopted_axis": ("futures in which the plan is adopted, %",
                           "toekomsten waarin het plan is ingevoerd, %"),
    "median": ("median", "mediaan"),
    "band_50": ("middle 50% of futures", "middelste 50% van de toekomsten"),
    "band_90": ("middle 90% of futures", "middelste 90% van de toekomsten"),
    "band_95": ("95% band", "95%-band"),
    "adopted_curve": ("futures adopted", "toekomsten ingevoerd"),
    "deadline": ("national deadline {date}", "landelijke deadline {date}"),
    # the comparison of two scenarios (python -m sim.compare)
    "compare_title": ("Two scenarios compared: when is the plan adopted?",
                      "Twee scenario's vergeleken: wanneer is het plan ingevoerd?"),
    "compare_subtitle": ("{a} against {b}: both on the same {n} seeds ({first} to {last}), "
                         "from {start} to {end}. Future r of A and future r of B share their "
                         "seed: the same people and the same chance, wherever the scenarios "
                         "do not differ.",
                         "{a} tegenover {b}: beide op dezelfde {n} seeds ({first} tot en met "
                         "{last}), van {start} tot {end}. Toekomst r van A en toekomst r van B "
                         "delen hun seed: dezelfde mensen en hetzelfde toeval, waar de "
                         "scenario's niet verschillen."),
    "h_difference": ("The difference", "Het verschil"),
    "b_sooner": ("B adopts the plan sooner than A: on average {weeks} weeks ({years} years) "
                 "sooner on the same seeds (95% interval of B minus A: {low} to {high} weeks).",
                 "B voert het plan eerder in dan A: gemiddeld {weeks} weken ({years} jaar) "
                 "eerder op dezelfde seeds (95%-betrouwbaarheidsinterval van B min A: {low} "
                 "tot {high} weken)."),
    "b_later": ("B adopts the plan later than A: on average {weeks} weeks ({years} years) "
                "later on the same seeds (95% interval of B minus A: {low} to {high} weeks).",
                "B voert het plan later in dan A: gemiddeld {weeks} weken ({years} jaar) later "
                "op dezelfde seeds (95%-betrouwbaarheidsinterval van B min A: {low} tot {high} "
                "weken)."),
    "no_clear_difference": ("No clear difference between A and B: B minus A is on average "
                            "{mean} weeks, and its 95% interval ({low} to {high} weeks) "
                            "includes zero.",
                            "Geen duidelijk verschil tussen A en B: B min A is gemiddeld "
                            "{mean} weken, en het 95%-betrouwbaarheidsinterval ({low} tot "
                            "{high} weken) bevat nul."),
    "pair_counts": ("Seed by seed, B is sooner in {sooner} of {n} futures, later in {later} "
                    "and as fast in {same}.",
                    "Seed voor seed is B eerder in {sooner} van de {n} toekomsten, later in "
                    "{later} en even snel in {same}."),
    "difference_means": ("A future that does not adopt within the simulated period counts "
                         "with the whole period ({years} years): the difference is in time to "
                         "adoption up to its end.",
                         "Een toekomst zonder invoering binnen de gesimuleerde periode telt "
                         "met de hele periode ({years} jaar): het verschil gaat over de "
                         "doorlooptijd tot het einde ervan."),
    "h_side_by_side": ("Side by side", "Naast elkaar"),
    "row_adopted": ("futures adopted within {years} years", "toekomsten ingevoerd binnen "
                    "{years} jaar"),
    "row_reduced": ("of which only a reduced plan", "waarvan alleen een afgeschaald plan"),
    "row_median": ("median date of adoption (95% interval)",
                   "mediane datum van invoering (95%-interval)"),
    "not_reached": ("not reached by {end}", "niet bereikt vóór {end}"),
    "beyond": ("beyond {end}", "na {end}"),
    "row_deadline": ("adopted by {date} (95% interval)", "ingevoerd vóór {date} (95%-interval)"),
    "row_main_cause": ("largest cause of resistance", "grootste oorzaak van weerstand"),
    "cap_compare_adopted": ("Share of the simulated futures in which the plan is adopted, by "
                            "date, per scenario, with its 95% band.",
                            "Aandeel van de gesimuleerde toekomsten waarin het plan is "
                            "ingevoerd, per datum en per scenario, met de 95%-band."),
    "cap_compare_plan": ("Delivered share of the original plan per scenario: median (line) "
                         "and middle 50% of the futures (band), against the schedule "
                         "(dashed).",
                         "Gerealiseerd deel van het oorspronkelijke plan per scenario: mediaan "
                         "(lijn) en middelste 50% van de toekomsten (band), tegen de planning "
                         "(gestreept)."),
    "own_reports": ("Each scenario's own report:", "Het eigen rapport van elk scenario:"),
})



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


def say(key: str, language: str, /, **values) -> str:
    """A report's word or sentence in a language, filled in: say('title', 'nl'). Unlike
    :func:`term`, a name without an entry is an error, never shown as it is."""
    return TERMS[key][LANGUAGES.index(language)].format(**values)


def named(kind: str, name: str, own_label: str, language: str) -> str:
    """A project or national building block of the plan by its shipped name ('project',
    'kcc'), or by the label its plan gives it when the vocabulary does not know it."""
    words = TERMS.get(f"{kind}_{name}")
    return own_label or name if words is None else words[LANGUAGES.index(language)]


def date_text(day: date, language: str) -> str:
    """'1 January 2011', '1 januari 2011', with no-break spaces: a date is not split over
    two lines."""
    return f"{day.day}\u00a0{say('months', language).split()[day.month - 1]}\u00a0{day.year}"


def decimal(value: float, digits: int, language: str) -> str:
    """A number with a decimal point in English, a decimal comma in Dutch."""
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if language == "nl" else text


def shown(name: str, language: str) -> str:
    """A model name as a report in ``language`` shows it: the Dutch term in Dutch, English
    with the Dutch term beside it in English (the survey's words stay recognisable)."""
    return label(name) if language == "en" else term(name, "nl")


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
