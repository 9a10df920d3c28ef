"""Weeks and dates: a run counts weeks from its plan's start; reports speak in dates."""

from __future__ import annotations

from datetime import date, timedelta

WEEKS_PER_YEAR = 52


def weeks_after(start: date, when: date) -> int:
    """Whole weeks from ``start`` to ``when`` (negative before it)."""
    return (when - start).days // 7


def date_of(start: date, week: int | float) -> date:
    """The date of week ``week`` of a plan that started on ``start``."""
    return start + timedelta(days=7 * float(week))
