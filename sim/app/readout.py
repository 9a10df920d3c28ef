"""What the classroom page says in words, in English or Dutch: the date of a week, the
events struck, how far one strategy trails the other, which parameters run.

Words come from the one vocabulary (sim/reporting/labels.py); kept apart from the page so
they can be tested without a browser.
"""

from __future__ import annotations

from datetime import date

from sim.app.classroom import Classroom
from sim.app.figures import weeks_behind
from sim.model.municipality import Municipality
from sim.plan.calendar import date_of
from sim.reporting.labels import term


def when(run: Municipality, week: int, language: str) -> str:
    """'26 August 2009' / '26 augustus 2009': the calendar date of a week of the run."""
    day = date_of(date.fromisoformat(run.config.plan.start_date), week)
    return f"{day.day} {term(f'month.{day.month}', language)} {day.year}"


def struck(run: Municipality, language: str) -> list[str]:
    """The events struck so far, numbered as their marks on the timelines."""
    return [f"{i}. {term('page.week', language)} {e['week']} ({when(run, e['week'], language)}):"
            f" {term(e['type'], language)}" for i, e in enumerate(run.event_log, start=1)]


def difference(lesson: Classroom, language: str) -> str:
    """'learning is 40 weeks behind knowing: knowing had 35% committed in week 62'."""
    (a, b), (title_a, title_b) = lesson.runs, lesson.titles(language)
    for slow, fast, slow_title, fast_title in ((a, b, title_a, title_b),
                                               (b, a, title_b, title_a)):
        behind = weeks_behind(slow, fast)
        if behind is not None and behind[0] > 0:
            weeks, then, share = behind
            return term("page.behind", language).format(
                slow=slow_title, fast=fast_title, weeks=weeks, then=then,
                share=round(100 * share))
    return term("page.level", language).format(a=title_a, b=title_b,
                                               share=round(100 * a.committed_share))


def calibration_note(lesson: Classroom, posterior: str | None, language: str) -> str:
    """Which parameters the page runs on: a posterior's particle, or the assumptions."""
    if posterior is None:
        return term("page.uncalibrated", language)
    return term("page.calibrated", language).format(
        path=posterior, particle=lesson.drawn.get("posterior_particle", "?"))
