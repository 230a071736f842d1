"""How stored values look on screen: labels, colours, and user text as plain (never markup) Text."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text

from ekko_tui.domain import deadlines as dl
from ekko_tui.domain.request_list import SOON_WORKING_DAYS, RequestSummary, types_label
from ekko_tui.domain.requests import CHANNELS, STATUSES
from ekko_tui.ui.widgets.text_table import Cell

OVERDUE = "bold red"
SOON = "yellow"
WAITING = "cyan"
CLOSED = "dim"


def plain(value: object, style: str = "") -> Text:
    """User text as a Text that Textual never parses as markup."""
    return Text(str(value), style=style, no_wrap=True, overflow="ellipsis")


def oslo_time(moment: datetime) -> str:
    """`2026-11-24 14:05` in Europe/Oslo."""
    return moment.astimezone(dl.OSLO).strftime("%Y-%m-%d %H:%M")


def row_style(row: RequestSummary) -> str:
    """The colour of a request row: overdue, due soon (SOON_WORKING_DAYS), waiting, closed."""
    if not row.is_open:
        return CLOSED
    if row.waiting:
        return WAITING
    if row.overdue:
        return OVERDUE
    if row.working_days_left <= SOON_WORKING_DAYS:
        return SOON
    return ""


def days_left_label(row: RequestSummary) -> str:
    """`3 wd`, `today`, `2 wd late`, `paused`, or the outcome for a closed request."""
    if not row.is_open:
        return STATUSES[row.status].lower()
    if row.waiting:
        return "paused"
    n = row.working_days_left
    if row.overdue:
        return f"{-n} wd late" if n < 0 else "late"
    if n == 0:
        return "today"
    return f"{n} wd"


def requester_label(row: RequestSummary) -> str:
    """Name, or contact when there is no name."""
    return row.requester


# Statuses in at most 11 characters, for the inbox on a narrow terminal.
STATUS_SHORT = {"waiting": "Waiting", "partly_refused": "Part refused"[:11]}


def inbox_cells(row: RequestSummary, *, compact: bool = False) -> tuple[Cell, ...]:
    """The inbox cells of one request; `compact` (under 120 columns) drops Received and
    Channel, writes the deadline `24.02.2027` and shortens long statuses (COMPACT_COLUMNS).
    Cells, not Text: only the rows on screen are ever turned into Text (ui.widgets.text_table)."""
    style = row_style(row)
    deadline = row.deadline.effective
    mark = "*" if row.extended else ""
    types = types_label(row.types) + ("?" if row.types_suggested else "")  # "?": suggested
    requester = ("! " if row.intake_warning else "") + requester_label(row)  # "!": a warning
    if compact:
        return (
            Cell(row.ref, style),
            Cell(types, style),
            Cell(requester, style),
            Cell(STATUS_SHORT.get(row.status, STATUSES.get(row.status, row.status)), style),
            Cell(f"{deadline:%d.%m.%Y}{mark}", style),
            Cell(days_left_label(row), style),
        )
    return (
        Cell(row.ref, style),
        Cell(oslo_time(row.received_at), style),
        Cell(CHANNELS.get(row.channel, row.channel), style),
        Cell(types, style),
        Cell(requester, style),
        Cell(STATUSES.get(row.status, row.status), style),
        Cell(dl.format_date(deadline) + mark, style),
        Cell(days_left_label(row), style),
    )
