"""The agenda's month view: the weeks of a month, moving by months, the items of each day
(pure; `ag.month_weeks` and the rest are re-exported by `domain/agenda.py`)."""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ekko_tui.domain.agenda import AgendaItem


def month_weeks(year: int, month: int) -> list[list[date | None]]:
    """The weeks (Monday first) of a month; days outside the month are None."""
    weeks: list[list[date | None]] = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        weeks.append([d if d.month == month else None for d in week])
    return weeks


def shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    """The (year, month) some months before or after."""
    index = year * 12 + month - 1 + by
    return index // 12, index % 12 + 1


def items_by_date(items: Iterable[AgendaItem]) -> dict[date, list[AgendaItem]]:
    """Items keyed by their date (the marks of the month view)."""
    out: dict[date, list[AgendaItem]] = {}
    for item in items:
        out.setdefault(item.date, []).append(item)
    return out
