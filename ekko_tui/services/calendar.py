"""The deadline calendar: the store's requests, as plain data, written by exports/calendar_ics."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from ekko_tui.domain import breaches as br
from ekko_tui.domain.request_list import RequestSummary
from ekko_tui.exports.calendar_ics import KEEP_CLOSED_DAYS, ExportResult, check_path, write_calendar
from ekko_tui.store.agenda import request_deadlines
from ekko_tui.store.breaches import breaches_for_calendar


def requests_for_export(today: date) -> list[RequestSummary]:
    """The open requests and those closed within KEEP_CLOSED_DAYS, with revision numbers."""
    return request_deadlines(
        today, closed_since=today - timedelta(days=KEEP_CLOSED_DAYS), with_revisions=True
    )


def calendar_data(today: date, now: datetime) -> tuple[list[RequestSummary], list[br.BreachDue]]:
    """What the .ics file holds, as plain data: the requests and the breach notify-by clocks
    (read on the database's thread; writing the file can then run anywhere)."""
    return requests_for_export(today), breaches_for_calendar(now)


def export_calendar(path_text: str, *, today: date, now: datetime) -> ExportResult:
    """Write the deadlines of the open and recently closed requests, and the breach
    notification deadlines, to an .ics file."""
    path = check_path(path_text)
    requests, breaches = calendar_data(today, now)
    return write_calendar(path, requests, now=now, breaches=breaches)
