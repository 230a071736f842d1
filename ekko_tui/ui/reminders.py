"""The start-up reminder: what is overdue and due this week, as one notification."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ekko_tui.domain import agenda as ag
from ekko_tui.store.agenda import agenda

if TYPE_CHECKING:
    from ekko_tui.app import EkkoApp

REMINDER_SECONDS = 15


def remind_deadlines(app: EkkoApp) -> str:
    """Notify the agenda summary (nothing when nothing is due); returns what was said."""
    today_agenda = agenda(app.clock.today(), app.clock.now())
    text = ag.summary(today_agenda)
    if text:
        urgent = (
            today_agenda.group("overdue").items
            or today_agenda.group("today").items
            or any(i.attention for i in today_agenda.group("breaches").items)
        )
        app.notify(
            text
            + ". Press 3 for the deadlines"
            + (", 5 for the breaches." if today_agenda.group("breaches").items else "."),
            title="Deadlines this week",
            severity="warning" if urgent else "information",
            timeout=REMINDER_SECONDS,
        )
    return text
